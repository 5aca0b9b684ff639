"""Find the thread structure of a page from the shape of its lines, not from one site's words.

Comment sections of blogs, Disqus, forums, Q&A sites, news and social threads all repeat the
same skeleton around every unit: a *metadata block* (a name or handle, a date or a count,
badges) and *UI lines* ("Antworten", votes) that follow each unit. A page is read as a thread
page when at least ``min_anchors`` metadata lines (a date, a user statistic, an explicit author
line) occur; only then are short name-like lines next to them, UI lines and bare handles
classified, so free text without such a skeleton (the seed pages) is left to the line rules
in :mod:`servicelab.segments`.

Line kinds written here: ``metadata`` (author/date/badge lines: they inform a segment's author
and role but are not its text), ``ui`` (per-unit buttons and votes), ``navigation`` (the
page head above the first breadcrumb/search line), ``quoted_post`` (a line repeating earlier
text of the page after a "Zitat von …" line, or a ``>`` quote line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from servicelab.handles import header_handle
from servicelab.scan import Hint, hinted_finditer

_MON = (r"(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
        r"Dezember|Jan|Feb|Mär|Mrz|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)")
MONTH = _MON  # a month's name or abbreviation (flat exports: "2. Dez. 2026" is one date)
DATE = re.compile(
    r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
    # day/month/year with slashes, as sites on English templates write it ("03/11/2026")
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b"
    rf"|\b\d{{1,2}}\.\s?{_MON}\b\.?(?:\s\d{{4}})?|\b{_MON}\.?\s\d{{4}}\b"
    r"|\bvor\s(?:\d+|einem|einer|wenigen|ein paar)\s(?:Sekunden?|Min(?:uten?|\.)?|Std\.?|"
    r"Stunden?|Tag(?:en)?|Wochen?|Monat(?:en)?|Jahr(?:en)?)(?!\w)"
    r"|\b\d{1,2}:\d{2}\b|(?:^|\s)#\d+\b|\b\d{1,2}\.\d{4}\b"
    r"|^\d{1,3}\s?(?:Std|Min|T|Tage?|Wo|J|h|d|m|w)\.?(?=\s|$)"
)
# where a DATE match can start (servicelab.scan; DATE itself is tried at every position):
# a number of at most four digits before ".", ":" or "-" (a number that starts the text), a
# space before "#", "vor", a month name
DATE_HINTS = (Hint(re.compile(r"\d{1,4}[.:/-]"), overlaps=False), Hint(re.compile(r"\A\d")),
              Hint(re.compile("#"), reach=1),
              Hint(re.compile("vor")), Hint(re.compile(_MON)))


def date_search(line: str) -> re.Match[str] | None:
    """``DATE.search(line)``, tried only where :data:`DATE_HINTS` allow a date to start (a
    third of the time on the lines of a long page: DATE was tried at every position)."""
    return next(hinted_finditer(DATE, line, DATE_HINTS), None)
COUNT = re.compile(
    r"^(?:Mitglied seit|Registriert(?: seit)?|Dabei seit|Beiträge|Posts|Hits|Punkte|Themen|"
    r"Reaktionen|Likes|Wohnort|Rang|Erstellt am|Ersteller|Antworten|Aufrufe|Bewertungen|"
    r"Tags|Schlagwörter)\s*:?\s\S"
    # a user statistic written number first ("4 Beiträge", "1.872 Beiträge · 12 Lösungen")
    r"|^\d[\d.]*\s(?:Beiträge|Beitrag|Posts|Bewertungen|Bewertung|Rezensionen|Rezension|"
    r"Lösungen|Kudos|Punkte|Fotos)\b(?=.{0,60}$)(?!.*[.!?]$)"
    # a post counter ("Nachricht 3 von 7", "Beitrag 2/9")
    r"|^(?:Nachricht|Beitrag|Antwort|Kommentar)\s#?\d+\s?(?:von|/)\s?\d+\b(?=.{0,80}$)"
    # a badge and a statistic ("Expertin für Mietrecht · 85 hilfreiche Antworten")
    r"|^[^.!?·]{1,60}·\s\d[\d.]*\s(?:hilfreiche\s)?(?:Antworten|Beiträge|Bewertungen|"
    r"Rezensionen|Lösungen|Posts|Punkte|Fotos|Kudos)$"
)
_NAME = r"[^\s·|»→➦↪➥,:][^·|»→➦↪➥:]{0,58}?"
SAYS = re.compile(
    rf"^(?:↳\s*)?(?P<name>{_NAME}) (?:sagt|sagte|schrieb|schreibt|meint|kommentierte|"
    r"antwortete)(?: am [^:]{1,40})?:$"
)
BY = re.compile(
    r"^(?:✔\s*)?(?:(?:Kommentar|Antwort|Frage|Beitrag|Gastbeitrag|Ein Beitrag|Geschrieben|"
    r"Gefragt|Erstellt|Gestartet|Ein Bericht|Ein Kommentar|Veröffentlicht|Verfasst|"
    r"Eingestellt|Stellungnahme)\s+von\s+|(?:Von|Text)\s+"
    r"|(?:Autor(?:in)?|Beitrags-Autor|Text|Von)\s*:\s*)"
    # the name ends the line, or a separator, a date, or the category a post was filed in
    # ("Veröffentlicht von Jan Beispiel in Mobilfunk") follows it
    rf"(?P<name>{_NAME})\s*(?:$|[·|»,]|\sam\s\d|\s\d|\sin\s[A-ZÄÖÜ][^.!?]{{0,40}}$)"
)
INLINE_BY = re.compile(
    # a digit only inside a word ("kati_93", a pseudonym), never opening one (a date)
    r"(?:^|[·|]\s*)(?:[Vv]on|Autor(?:in)?:|Redaktion:|Text:)\s+"
    r"(?P<name>(?:[^·|\d]|(?<=\w)\d){2,60}?)\s*(?:$|[·|])"
)
# reply arrows: "→", and the curved ones of Disqus and Facebook exports ("➦", "↪", "➥")
_ARROWS = "→➦↪➥"
# (the addressee ends the line: no sentence follows it, as it does in a flat export's run)
ARROW = re.compile(
    rf"^(?P<name>{_NAME})\s*[{_ARROWS}]\s*(?P<to>[^{_ARROWS}!?,;:\"„“]{{1,60}})$")
REPLY_TO = re.compile(r"^Antwort an ((?:@\w[\w.]*(?:,?\s(?:und\s)?)?)+)$")
# the same without the "@": "Antwort an Hannah-Sophie" (one name, capitalised or handle-like)
REPLY_TO_NAME = re.compile(
    r"^Antwort an (?P<to>[A-ZÄÖÜ\d][^\s,:.!?]*(?: [A-ZÄÖÜ][^\s,:.!?]*){0,2})$")
# a reply header naming writer and addressee: "kati_93 antwortete auf Jan Beispiel · vor 5 Tagen"
REPLIED = re.compile(
    # the preposition may be missing when a separator and the date follow the addressee
    rf"^(?:[↪↳]\s*)?(?:(?P<name>{_NAME}) (?:antwortete|antwortet)"
    r"(?: auf| an|(?= [^·|»,:—–]{1,60}?\s*[·|»—–]))"
    rf"|Antwort von (?P<name2>{_NAME}) an) (?P<to>[^·|»,:—–]{{1,60}}?)"
    r"\s*(?:$|[·|»,—–]\s*.*$)")
# a reply header naming addressee, then writer: "Antwort an Jan B. von kati_93 | 02/12/2026"
# (``name2`` never takes part: the groups are those of REPLIED)
ANSWER_TO_BY = re.compile(
    rf"^(?:[↪↳]\s*)?Antwort an (?P<to>[^·|»,:—–]{{1,60}}?) von (?P<name>{_NAME})(?P<name2>(?!))?"
    r"\s*(?:$|[·|»,—–]\s*.*$)")
# a writer's line below the unit it signs, with a participle or a date: "— geschrieben von
# Jan am 03/11/2024 um 21:14", "— Jan B. am 4. Mai · Offizieller Account" (the bare "— Jan,
# Kiel" stays SIGNED: after a reader's quotation it names the reader)
TRAILER = re.compile(
    r"^[—–]\s?(?:(?:geschrieben|verfasst|gepostet|kommentiert) von\s+)"
    rf"(?P<name>{_NAME})(?:\s+am\s+\S.*|\s*[·|]\s*.*)?$"
    rf"|^[—–]\s?(?P<name2>{_NAME})\s+am\s+\d.*$")
FOLLOW = re.compile(r"^(?P<name>\S{1,40}) [•·] Folgen$")
SIGNED = re.compile(r"^[—–]\s?(?P<name>[A-ZÄÖÜ][^,]{1,40}?)(?:,\s?[A-ZÄÖÜ][^,]{1,40})?$")
QUOTE_HEAD = re.compile(
    r"^(?:Zitat von (?P<name>.{1,60}?)(?: schrieb)?:?|(?P<name2>[^\s:]{1,40}) hat geschrieben:)$"
)
BEST = re.compile(
    r"^(?:[✔★⭐🏆]\s*)?(?:(?:Beste|Hilfreichste|Akzeptierte) (?:Antwort|Lösung)\b.{0,80}"
    r"|Als (?:Lösung|beste Antwort) (?:akzeptiert|markiert|ausgewählt)\b.{0,60}"
    r"|Lösung (?:in ursprünglichem Beitrag |im Originalbeitrag )?anzeigen|Gelöst!?)$"
)
# a rating: star glyphs, "4 von 5 Sternen", "3,1 von 5", "(1/5)", a histogram "5 Sterne 61 %"
RATING = re.compile(
    r"[★☆]{3,}|\b[0-5](?:,\d)? von 5(?: Sterne?n?)?\b(?![.,]?\d)"
    r"|\(?\b[0-5](?:[.,]\d)?\s?/\s?5\b\)?|\b[1-5] Sterne? \d{1,3}\s?%"
)
# every RATING shape holds a star, a slash, " Stern" or " von 5" (a cheap first test: RATING
# is tried at every position of a line, and most lines hold a digit)
_RATING_CHAR = re.compile("[★☆/]| Stern| von 5")
_NAV_SPLIT = re.compile(r"\s{2,}|\s[|·•]\s")
SUBJECT = re.compile(r"^(?:Re|AW|Aw|RE):\s.{1,200}$")
BADGE = re.compile(
    r"(?:^|\s|·)(?:✔\s*)?(?:Beste Antwort|Hilfreichste Antwort|Akzeptierte Antwort|Gast|"
    r"Themenstarter(?:in)?|Verfasser(?:in)?|Autor(?:in)?|Moderator(?:in)?|Administrator(?:in)?|"
    r"Admin|Top-Fan|Neuling|Experte|Expertin|Community-Experte|Neuer Benutzer|"
    r"Erfahrener Benutzer|Benutzer|Mitglied|Topnutzer.*|Verifiziert.*|Offiziell.*|"
    r"Community Manager(?:in)?|.* Team(?: \(offiziell\))?|.* hilft)(?=$|\s|·)"
)
# "Verifizierter Kauf" (a verified purchase, stay or booking) marks a customer's review, not
# a company's account: a verification of what a customer did is no staff badge
# (a compound of a visit or a purchase too: "Verifizierter Werkstattbesuch", "… Onlinekauf")
_CUSTOMER_VERIFIED = (r"\s+(?:Kauf|Käufe\w*|\w+(?:besuch|kauf)\w*|Kund(?:e|in|en)|Bewertung\w*|"
                      r"Bestellung\w*|Buchung\w*|"
                      r"Aufenthalt\w*|Gast|Gäste|Fahrgast|Reise\w*|Mieter\w*|Patient\w*)\b")
STAFF = re.compile(
    # a heavy check mark after a name is a verified account ("Eurowings ✔"); before "Beste
    # Antwort" or at a line's start it marks an accepted answer, no account
    r"✓|(?<=[\w.)] )✔(?!\s?(?:Beste|Hilfreichste|Akzeptierte|Als |Lösung|Gelöst))|"
    r"\b(?:Team|[Vv]erifiziert\w*(?!" + _CUSTOMER_VERIFIED + r")|Offiziell\w*|offiziell|"
    r"Unternehmenskonto|Unternehmensprofil|"
    # a company community's own moderators ("Community-Moderatorin", "… Community Management");
    # a forum's "Moderator" alone is a volunteer's badge
    r"Community[ -]Manage(?:r\w*|ment)|Community-Moderator\w*|"
    r"Mitarbeiter\w*|Kundenservice|Kundendienst|Support|hilft)\b"
)
_UI_WORDS = re.compile(
    r"(?i)[„\"]?gefällt mir[“\"]?(?:-angaben)?:?|"
    # a like counter ("Gefällt 48 Personen", "Gefällt 1.248 Mal")
    r"gefällt\s\d[\d.,]*\s?[km]?\s(?:personen|person|mal)\b|"
    r"(?:war|ist) diese (?:bewertung|antwort) hilfreich\??|"
    r"bewertung des fragestellers:?|ich habe die gleiche frage|als lösung markieren|"
    r"alle \d+ antworten ansehen|antworten ansehen|weitere antworten anzeigen|"
    r"nicht hilfreich|link kopieren|kommentar melden|nach oben|mal angezeigt|mal geteilt|"
    # a button naming its object ("Thema abonnieren", "Beitrag teilen") and a view counter
    r"(?:beitrag|thema|artikel|kommentar|link) (?:teilen|abonnieren|melden|merken|drucken|"
    r"kopieren)|\d[\d.,]*\s?(?:zugriffe|aufrufe|views)\b|"
    r"\b(?:antworten|antwort|melden|zitieren|teilen|kommentieren|empfehlen|tweet|bearbeiten|bearbeitet|"
    r"permalink|hilfreich|nützlich|ja|nein|reposts?|zitate|lesezeichen|verbessern|folgen|like|likes|"
    r"posten|kommentare|kudos|sterne?|"
    # the English labels of the same buttons (German pages run on English templates)
    r"reply|replies|share|report|quote)\b"
)
_NOT_UI_LEFT = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_HANDLE_WORD = re.compile(r"\S*_\S*")
_SENTENCE_END = re.compile(r"[!?;,:]$|[^.\s][^\s.]{2,}\.$")
_PARTICLES = frozenset({"von", "van", "de", "der", "den", "da", "di", "aus", "vom", "und",
                        "zu", "bin", "al", "el", "le", "la"})
MAX_UI_CHARS = 120
# a pronoun is no display name: "Er schreibt:" introduces a quotation, it is no author line
PRONOUNS = frozenset({"Er", "Sie", "Es", "Ich", "Wir", "Ihr", "Man", "Jemand", "Niemand"})
_DATE_HINT = re.compile(r"\d|vor ")  # every DATE shape has a digit or "vor …"
_TAG = re.compile(r"[A-ZÄÖÜ][\w-]{1,24}")
_MENU_ROW_CHARS = 90  # a menu run together on one line (is_nav)
_MENU_SYMBOLS = frozenset({"|", "·", "•", "&", "–", "-", "/", "≡", "…"})
_TOP_KINDS = frozenset({"breadcrumb", "search", "navigation", "cookie_banner"})


# a button row splits into its labels at icons and separators ("👍 Gute Frage (4) ↗ Teilen")
_ICON = re.compile(r"[\u2190-\u21ff\u2300-\u27bf\u2b00-\u2bff\U0001F300-\U0001FAFF|·•]+\ufe0f?")
_COUNT_PART = re.compile(r"^\(?\d[\d.,]*\s?[KkMT]?\)?$|\(\d[\d.,]*\)$")
_DIGITS = re.compile(r"\d[\d.,:]*")
# furniture after which the few short lines that end the page are furniture too (a disclaimer
# under the footer, the checkbox and button of a comment form, the imprint line)
_PAGE_END_KINDS = frozenset({"footer", "comment_form"})
# furniture kinds that close an article or a thread (what lies between two of them is no unit)
_SECTION_KINDS = frozenset({"comments_header", "comment_form", "pagination", "footer", "teaser",
                            "newsletter", "cookie_banner"})


@dataclass(frozen=True)
class LayoutRules:
    """Tunables of the structure reader (passed in; defaults measured on the dev corpus)."""

    max_meta_chars: int = 140  # a metadata line is short
    max_meta_words: int = 8  # words beside its dates and counts
    max_name_chars: int = 60
    max_name_words: int = 5
    min_anchors: int = 2  # metadata lines that make a page a thread page
    back_walk: int = 4  # name/badge lines above a metadata line that still belong to it
    top_lines: int = 15  # how far the page head (masthead above breadcrumbs) reaches
    min_subject_chars: int = 25  # a repeated thread title (shorter repeats may be speech)
    max_row_chars: int = 100  # a repeated row or a line between section markers is short
    min_repeats: int = 2  # occurrences that make a row (numbers aside) a template row
    max_between_lines: int = 5  # lines between two section markers that are furniture too
    max_between_words: int = 12
    min_text_chars: int = 100  # a text line this long shows the page head is over
    max_subject_chars: int = 160


DEFAULT_RULES = LayoutRules()


_ANCHOR_SHAPES = (SAYS, BY, SIGNED, ARROW, REPLY_TO, QUOTE_HEAD, BEST, COUNT, FOLLOW)
# the shapes whose lazy name part is tried at every length up to 60 characters, and what
# every match of them holds: SAYS ends with ":", ARROW holds "→", QUOTE_HEAD opens with
# "Zitat von " or ends with " hat geschrieben:" (see _may_say)
_LAZY_SHAPES = (SAYS, ARROW, QUOTE_HEAD)


@lru_cache(maxsize=2)
def _anchor_quick(lazy: bool = True) -> re.Pattern[str]:
    """The line-start anchor shapes in one alternation (a first test for every line);
    ``lazy=False``: without :data:`_LAZY_SHAPES`."""
    shapes = [p for p in _ANCHOR_SHAPES if lazy or p not in _LAZY_SHAPES]
    return re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', p.pattern)})"
                               for p in shapes))


def _may_say(line: str) -> bool:
    """Can one of :data:`_LAZY_SHAPES` match ``line``? Each ends with ``$`` (the end, or
    before a final line break): a match ends with ":" (SAYS, QUOTE_HEAD's "hat geschrieben:"),
    holds "→" (ARROW) or opens with "Zitat von" (QUOTE_HEAD, colon optional)."""
    return line.endswith(":") or any(a in line for a in _ARROWS) \
        or line.startswith("Zitat von") or "\n" in line


def anchor_shape(line: str) -> bool:
    """``_anchor_quick().match(line)`` is a match, trying the shapes with a lazy name part
    only on the lines :func:`_may_say` admits: they cost half of this test on the 49,000
    short lines of an 8 MB page, and few lines end with a colon."""
    return _anchor_quick(_may_say(line)).match(line) is not None


def is_anchor(line: str, rules: LayoutRules = DEFAULT_RULES) -> bool:
    """A metadata line: explicit author line, user statistic, or a short line that is mostly
    a date/time (the words left beside the dates are few and do not end a sentence)."""
    if not line or len(line) > rules.max_meta_chars:
        return False
    if not anchor_shape(line) and not (_DATE_HINT.search(line) and date_search(line)):
        # undated reply and trailer lines open with their words (a C-speed test first: this
        # runs on every line of a page)
        return line.startswith(_REPLY_STARTS) and (reply_line(line)
                                                   or trailer_name(line) is not None)
    if reply_line(line) or trailer_name(line) is not None:
        return True
    m = SAYS.match(line) or BY.match(line)
    if m:
        return plausible_name(m.group("name"))
    m = SIGNED.match(line)
    if m:
        return plausible_name(m.group("name")) and len(m.group("name").split()) <= 4
    if (ARROW.match(line) or REPLY_TO.match(line)
            or QUOTE_HEAD.match(line) or BEST.match(line) or COUNT.match(line)
            or FOLLOW.match(line)):
        return True
    dates = list(DATE.finditer(line))
    if not dates:
        return False
    rest = _HANDLE_WORD.sub(" Hx ", DATE.sub(" ", line))  # a username is one word
    if len(_WORD.findall(rest)) > rules.max_meta_words:
        return False
    stripped = line.rstrip()
    if _UNIT_ABBREV_END.search(stripped):  # "· 4 Min." (reading time): no sentence ends
        return True
    return not (stripped.endswith(("!", "?")) or (stripped.endswith(".")
                                                   and dates[-1].end() < len(stripped) - 1))


_REPLY_STARTS = ("Antwort an ", "Antwort von ", "↪", "↳", "—", "–")


def reply_line(line: str) -> bool:
    """A reply header without a date: "X antwortete auf Y", "Antwort an Y" (cheap tests
    first: these run on every line of a page)."""
    if line.startswith("Antwort an ") and REPLY_TO_NAME.match(line):
        return True
    m = _replied(line)
    return m is not None and plausible_name(m.group("name") or m.group("name2"))


def _replied(line: str) -> re.Match[str] | None:
    """:data:`REPLIED` on the lines holding its verb or noun (a cheap test first)."""
    if line.startswith(("Antwort an ", "↳ Antwort an ", "↪ Antwort an ")):
        return ANSWER_TO_BY.match(line)
    if " antwortet" not in line and "Antwort von " not in line:
        return None
    return REPLIED.match(line)


# a dash, a name, a separator and the date: "– kati_93 · 2026-11-20 19:12" under the unit
_DASH_DATED = re.compile(rf"^[—–]\s?(?P<name>{_NAME})\s*[·|]\s*(?P<rest>\S.*)$")


def trailer_name(line: str) -> str | None:
    """The writer a trailer line below a unit names ("— geschrieben von Jan am …", "– Jan ·
    2026-11-20 19:12": the dash before the name marks a signature under the text, where a
    header line above the text opens with the name)."""
    if not line.startswith(("—", "–")):
        return None
    m = TRAILER.match(line)
    if m is not None:
        name = (m.group("name") or m.group("name2")).strip()
    elif (m := _DASH_DATED.match(line)) is not None \
            and (d := date_search(m.group("rest"))) is not None and d.start() == 0:
        name = m.group("name").strip()
    else:
        return None
    return name if plausible_name(name) else None


_UNIT_ABBREV_END = re.compile(r"[·|]\s*\d{1,3}\s?(?:Min|Std|Sek)\.$")


def plausible_name(name: str) -> bool:
    """A display name: a few words, none ending a sentence; lower case only in usernames
    ("kaufrausch88"), name particles ("von", "aus") or a short team name ("Telekom hilft")."""
    words = name.split()
    if not words or len(words) > 6 or (len(words) == 1 and words[0] in PRONOUNS):
        return False
    lower = 0
    for w in words:
        handle_like = bool(re.search(r"[\d_]", w))
        if w.endswith(("!", "?", ";")) or (w.endswith(".") and len(w) > 3 and w != "Dr."
                                            and not handle_like):
            return False
        if w[:1].islower() and w not in _PARTICLES and not handle_like:
            lower += 1
    return lower == 0 or len(words) == 1 or (lower == 1 and len(words) <= 3)


def names_next_unit(block: list[str]) -> bool:
    """Does a metadata block carry an explicit author line (then it heads the next unit and
    cannot be the trailing signature of the previous one)?"""
    return any(SAYS.match(s) or BY.match(s) or ARROW.match(s) or reply_line(s)
               or (header_handle(s) is not None and "·" in s) or _counted_header(s)
               or _owner_label(s) is not None for s in block)


def _owner_label(line: str) -> re.Match[str] | None:
    """An owner-answer label ("Antwort des Inhabers · vor 1 Woche"): :data:`OWNER_LABEL` on
    the line without its date, tried only on lines that open with one of its first words."""
    if not line.lstrip(" ·|,-").startswith(_OWNER_STARTS):
        return None
    return OWNER_LABEL.match(_owner_part(line))


def _counted_header(line: str) -> bool:
    """A numbered comment header with its writer and date ("Kommentar #3 — Jan — 2026-11-30
    19:04"): it opens the unit below."""
    return bool(_COUNTER.search(line)) and _FIELD_SEP.search(line) is not None \
        and date_search(line) is not None and header_author([line])[0] is not None


def is_ui(line: str) -> bool:
    """Only buttons, votes and counters: nothing is left once UI words, digits and symbols
    are taken away."""
    if not line.strip() or len(line) > MAX_UI_CHARS:
        return False
    first = _NOT_UI_LEFT.search(line)
    if first is None:
        return True
    # the first letter is left unless a UI word starts there (or at a "„" just before it, a
    # '"' in normalised text): one attempt instead of the substitution over the whole line
    # (most lines are prose)
    i = first.start()
    if not _UI_WORDS.match(line, i) and not (i and line[i - 1] in "„\""
                                              and _UI_WORDS.match(line, i - 1)):
        return False
    return not _NOT_UI_LEFT.search(_UI_WORDS.sub(" ", line))


def is_button_row(line: str) -> bool:
    """A row of buttons split by icons ("👍 Gute Frage (4) ↗ Teilen ⚑ Melden"): two icons
    or more and three labels or more (two beside three icons: "▲ 88 ▼ 💬 12 Kommentare"),
    each a few capitalised words or a count, one of them a count or a button word, and no
    sentence (an emoji-laden comment has lower-case words)."""
    if len(line) > MAX_UI_CHARS:
        return False  # before the icon count: no scan of the long lines of a page
    icons = len(_ICON.findall(line))
    if icons < 2:
        return False
    parts = [p.strip(" …") for p in _ICON.split(line)]
    parts = [p for p in parts if p]
    if len(parts) < (2 if icons >= 3 else 3) or _SENTENCE_END.search(line.rstrip(" …")) \
            or line.rstrip().endswith("."):
        return False
    for p in parts:
        words = p.split()
        if len(words) > 4 or not all(w[:1].isupper() or w[:1].isdigit() or w[:1] == "("
                                     for w in words):
            return False
    return any(_COUNT_PART.search(p) or _UI_WORDS.fullmatch(p.lower()) for p in parts)


def has_rating(line: str) -> bool:
    """``RATING.search(line)`` found something: tried only on a line holding a star, a slash,
    " Stern" or " von 5" (:data:`_RATING_CHAR`; RATING is tried at every position, and the header
    lines of a long thread page hold digits more often than ratings)."""
    return _RATING_CHAR.search(line) is not None and RATING.search(line) is not None


def is_rating(line: str, rules: LayoutRules = DEFAULT_RULES) -> bool:
    """A rating line: stars or scores with a few labels ("Service: 1/5"), no sentence."""
    if len(line) > rules.max_meta_chars or not has_rating(line):
        return False
    rest = RATING.sub(" ", DATE.sub(" ", line))
    return len(_WORD.findall(rest)) <= rules.max_meta_words and not _SENTENCE_END.search(
        line.rstrip())


def is_nameish(line: str, rules: LayoutRules = DEFAULT_RULES) -> bool:
    """A short line that can be a display name, handle or badge (no sentence end)."""
    s = line.strip()
    if not s or len(s) > rules.max_name_chars or len(s.split()) > rules.max_name_words:
        return False
    if s.startswith(("„", '"', "-", "(", "*", ">")):
        return False
    if s.endswith(".") and re.search(r"[\d_]", s.split()[-1]):
        return True  # "Person_3fa9….": a handle or pseudonym absorbed an initial's dot
    if s.endswith(".") and len(s.split()) >= 3 and s.split()[-1][:1].islower():
        return False  # "Mail ist da.": a sentence's last word, however short
    return not _SENTENCE_END.search(s)


def _may_split(line: str) -> bool:
    """Can :data:`_NAV_SPLIT` cut ``line``? Its cuts need two spaces, a bar or dot, or a
    whitespace character other than the space (all of them are unprintable): C-speed tests
    first, the pattern only for the few lines they leave."""
    if "  " not in line and "|" not in line and "·" not in line and "•" not in line \
            and line.isprintable():
        return False
    return _NAV_SPLIT.search(line) is not None


def is_nav(line: str) -> bool:
    """A menu or link bar: three or more short items separated by wide gaps or bars."""
    stripped = line.strip()
    if len(line) > _MENU_ROW_CHARS and not _may_split(stripped):
        return False  # one part: neither a tag bar nor a menu row (the rules below)
    parts = [p for p in _NAV_SPLIT.split(stripped) if p]
    words = line.split()
    if 2 <= len(parts) <= 3 and all(_TAG.fullmatch(p) for p in parts) and "|" in line:
        return True  # a post's flair or tags ("Frage | Bank"): single capitalised words
    if len(parts) < 3 and 4 <= len(words) <= 10 and len(line) <= _MENU_ROW_CHARS:
        # whitespace is collapsed by normalisation: a menu is a row of capitalised items
        # (a brand name may open it in lower case: "facebook Suchen Startseite …")
        return all(w[:1].isupper() or w in _MENU_SYMBOLS for w in words[1:]) \
            and not re.search(r"[.!?,:;@#]", line)
    if len(parts) < 3:
        return False
    return all(len(p) <= 40 and len(p.split()) <= 4 and not p.endswith((".", "!", "?", ","))
               for p in parts)


def is_byline(line: str) -> bool:
    """A byline or explicit author line (``Von X``, ``Kommentar von X am …``, ``X sagt:``)."""
    return bool(BY.match(line) or SAYS.match(line))


def mark_structure(lines: list[tuple[int, int, str]], kinds: list[str | None],
                   rules: LayoutRules = DEFAULT_RULES) -> None:
    """Classify metadata, UI, page-head and quoted lines in place (``kinds[k]`` stays
    ``None`` for the lines that are text)."""
    _mark_page_head(lines, kinds, rules)
    for k, (_, _, ln) in enumerate(lines):
        # "4 Beiträge" under a name and a rank is the user's statistic, not a thread count
        if kinds[k] == "comments_header" and COUNT.match(ln):
            p = _prev_nonempty(lines, k)
            if p is not None and kinds[p] is None and is_nameish(lines[p][2], rules):
                kinds[k] = None
    anchors = [k for k, (_, _, ln) in enumerate(lines)
               if kinds[k] is None and ln and is_anchor(ln, rules)]
    bylines = [k for k in anchors if is_byline(lines[k][2])]
    if len(anchors) < rules.min_anchors and not bylines:
        return
    for k in anchors:
        kinds[k] = "metadata"
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] is None and ln and (is_ui(ln) or is_button_row(ln)):
            kinds[k] = "ui"
    rows = _row_keys(lines, rules)
    _mark_repeated_rows(lines, kinds, rules, rows)
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] is None and ln and is_nav(ln) and not _staff_header(lines, kinds, k, rules):
            kinds[k] = "metadata" if _user_header(lines, kinds, k, rules) else "navigation"
        elif kinds[k] is None and ln and is_rating(ln, rules):
            kinds[k] = "metadata"
    _mark_writer_rows(lines, kinds)
    _mark_user_boxes(lines, kinds, rules)
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] is not None or header_handle(ln) is None:
            continue
        p = _prev_nonempty(lines, k)
        under_name = (p is not None and kinds[p] is None and is_nameish(lines[p][2], rules)
                      and not is_anchor(lines[p][2], rules))
        if "·" in ln or under_name:
            kinds[k] = "metadata"
    # name and badge lines just above a metadata line that does not name its writer
    for k in [i for i, kd in enumerate(kinds) if kd == "metadata"
              and not (SAYS.match(lines[i][2]) or BY.match(lines[i][2])
                       or INLINE_BY.search(lines[i][2]))]:
        j, steps = k - 1, 0
        while j >= 0 and steps < rules.back_walk and kinds[j] is None and lines[j][2] \
                and is_nameish(lines[j][2], rules):
            kinds[j] = "metadata"
            j, steps = j - 1, steps + 1
    _mark_name_headers(lines, kinds, rules)
    _mark_embed_headers(lines, kinds, rules)
    _mark_repeated_subjects(lines, kinds, rules)
    _mark_quoted(lines, kinds)
    _mark_repeated_rows(lines, kinds, rules, rows)  # copies typed since take their kind
    _mark_tag_rows(lines, kinds, rules)
    _mark_between_markers(lines, kinds, rules)
    _unmark_reactions(lines, kinds)


def _mark_writer_rows(lines: list[tuple[int, int, str]], kinds: list[str | None]) -> None:
    """A row of fields that starts with a name, between a dated header line and the text
    ("#2 · Gestern, 18:40", then "kati_93 · Stammgast ★★★ · dabei seit 2014 · 2.871
    Beiträge", then the post): the writer's line of that header, not a menu or a button
    row (short items between dots read like both). :func:`_user_header` reads the other
    order, the name row over the dated line."""
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] not in ("navigation", "ui") or date_search(ln) is not None:
            continue
        p, n = _prev_nonempty(lines, k), _next_nonempty(lines, k)
        if p is None or kinds[p] != "metadata" or date_search(lines[p][2]) is None \
                or (n is not None and kinds[n] not in (None, "metadata")):
            continue
        if _name_field(ln) is not None:
            kinds[k] = "metadata"


def _mark_user_boxes(lines: list[tuple[int, int, str]], kinds: list[str | None],
                     rules: LayoutRules) -> None:
    """A name alone on its line right above a row of the user's statistics ("kati_93", then
    "Neuling · dabei seit 11/2024 · 3 Beiträge"): the user box a forum prints under the post,
    not the post's last line. A closing word ("Danke", "Gruß") is no name (header_name)."""
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] not in ("ui", "navigation"):
            continue
        parts = [x for x in _NAV_SPLIT.split(ln.split("\n", 1)[0].strip()) if x]
        if len(parts) < 2 or not any(COUNT.match(x) for x in parts):
            continue
        p = _prev_nonempty(lines, k)
        if p is None or kinds[p] is not None or not is_nameish(lines[p][2], rules):
            continue
        name = header_name(lines[p][2].strip())
        if name is not None and plausible_name(name) and len(name.split()) <= 3:
            kinds[p] = "metadata"


# a reply that is only a reaction: "+1" or a few emoji ("😂😂", "🍿")
_REACTION = re.compile(r"^(?:\+1|[\U0001F300-\U0001FAFF\u2764\ufe0f\u200d ]{1,12})$")


def _unmark_reactions(lines: list[tuple[int, int, str]], kinds: list[str | None]) -> None:
    """A reaction line between a unit's header (metadata) and its button row (UI) is the
    unit's whole text, not a button: "+1" under "Jan · vor 2 Std.", above "Antworten"."""
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] != "ui" or len(ln) > 24 or not _REACTION.match(ln.strip()):
            continue
        p, n = _prev_nonempty(lines, k), _next_nonempty(lines, k)
        if p is not None and n is not None and kinds[p] == "metadata" and kinds[n] == "ui":
            kinds[k] = None


# a row of topic tags: three or more comma-separated items of one to three capitalised words
# (or numbers), nothing else ("Recht, Vertrag, Kündigung, Sky")
_TAG_ROW = re.compile(r"^(?:[A-ZÄÖÜ\d][\w&+.-]*(?: [A-ZÄÖÜ\d&][\w&+.-]*){0,2}, ){2,}"
                      r"[A-ZÄÖÜ\d][\w&+-]*(?: [A-ZÄÖÜ\d&][\w&+-]*){0,2}$")


def _mark_tag_rows(lines: list[tuple[int, int, str]], kinds: list[str | None],
                   rules: LayoutRules) -> None:
    """A tag row right under a unit's text and right above furniture (its buttons, the answer
    count, the next header) is navigation: the topics a question was filed under, not a
    sentence of it (a sentence listing nouns has a verb or ends with a mark)."""
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] is not None or not ln or len(ln) > rules.max_row_chars \
                or ln.count(",") < 2 or not _TAG_ROW.match(ln):
            continue
        p, n = _prev_nonempty(lines, k), _next_nonempty(lines, k)
        if p is not None and kinds[p] is None and (n is None or kinds[n] is not None):
            kinds[k] = "navigation"


def _staff_header(lines: list[tuple[int, int, str]], kinds: list[str | None], k: int,
                  rules: LayoutRules) -> bool:
    """A short line with a staff word ("Telekom Team | Jana", "Sky Hilfe Offizieller
    Support") that name and badge lines lead down to a metadata line is an author line, not
    a menu (capitalised words and a bar read like one)."""
    ln = lines[k][2]
    if not STAFF.search(ln) or not is_nameish(ln, rules):
        return False
    j = k
    for _ in range(rules.back_walk):
        j = _next_nonempty(lines, j)
        if j is None:
            return False
        if kinds[j] == "metadata":
            return True
        if kinds[j] is not None or not is_nameish(lines[j][2], rules):
            return False
    return False


def _user_header(lines: list[tuple[int, int, str]], kinds: list[str | None], k: int,
                 rules: LayoutRules) -> bool:
    """A name, then badges and a user statistic, over a metadata line ("Jan B. · DE · 3
    Bewertungen", then "★☆☆☆☆ · 02.12.2026"): a writer's header, not a menu (short items
    between dots read like one; a menu counts no one's posts)."""
    parts = [p for p in _NAV_SPLIT.split(lines[k][2].strip()) if p]
    # a rank badge counts like a statistic ("Jan B. · Moderatorin · Beispiel hilft
    # Community"), when the first item is a name and no badge itself
    if len(parts) < 2 or not is_nameish(parts[0], rules) \
            or not any(COUNT.match(p) for p in parts[1:]) \
            and (BADGE.fullmatch(parts[0]) or not any(BADGE.fullmatch(p) for p in parts[1:])):
        return False
    n = _next_nonempty(lines, k)
    return n is not None and kinds[n] == "metadata"


def _mark_repeated_subjects(lines: list[tuple[int, int, str]], kinds: list[str | None],
                            rules: LayoutRules) -> None:
    """A headline-like line repeating an earlier line of the page (the thread title above
    each forum post) is metadata; the first occurrence stays text."""
    seen: set[str] = set()
    for k, (_, _, ln) in enumerate(lines):
        s = re.sub(r"^(?:Re|AW|Aw|RE):\s", "", ln.strip())
        if len(s) < rules.min_subject_chars or len(s) > rules.max_subject_chars \
                or s.endswith("."):
            continue
        if s in seen and kinds[k] is None:
            kinds[k] = "metadata"
        seen.add(s)


def _mark_embed_headers(lines: list[tuple[int, int, str]], kinds: list[str | None],
                        rules: LayoutRules) -> None:
    """A name line right above an embed's consent banner ("Hier steht ein Beitrag von
    Facebook …") is the embedded post's header, not article text."""
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] is not None or not ln or not is_nameish(ln, rules):
            continue
        n = _next_nonempty(lines, k)
        if n is not None and kinds[n] == "consent_banner":
            kinds[k] = "metadata"


def _row_keys(lines: list[tuple[int, int, str]], rules: LayoutRules) -> list[list[int]]:
    """The indices of the short rows of ``lines`` (two words or more) that read alike with
    their numbers aside ("Kudos 3 …", "Kudos 12 …"), grouped, in order of first occurrence;
    only groups of at least ``rules.min_repeats`` rows (no smaller one is a template).
    Read from the lines alone: :func:`mark_structure` groups them once for both passes of
    :func:`_mark_repeated_rows`."""
    keys: dict[str, list[int]] = {}
    for k, (_, _, ln) in enumerate(lines):
        if ln and len(ln) <= rules.max_row_chars and len(ln.split()) >= 2:
            keys.setdefault(_DIGITS.sub("#", ln.strip()), []).append(k)
    return [idx for idx in keys.values() if len(idx) >= rules.min_repeats]


def _mark_repeated_rows(lines: list[tuple[int, int, str]], kinds: list[str | None],
                        rules: LayoutRules, rows: list[list[int]] | None = None) -> None:
    """A short row that recurs on the page with other numbers ("Kudos 3 Antworten Inhalt
    melden", "Zitieren Danke (5) Melden") is a template row under each unit: it takes the
    kind its typed copies have, else ``ui``. A row recurring unchanged must do so three
    times, and a name-like or sentence-like one is left alone unless a copy is typed (a name
    under each post of its writer is a header). ``rows``: :func:`_row_keys` of ``lines``
    when the caller has them."""
    for idx in rows if rows is not None else _row_keys(lines, rules):
        # copies whose numbers differ, or three identical copies (a headline repeated above
        # each post is left to _mark_repeated_subjects)
        varied = len({lines[k][2] for k in idx}) > 1
        if len(idx) < rules.min_repeats + (0 if varied else 1):
            continue
        typed = [kinds[k] for k in idx if kinds[k] is not None]
        kind = max(sorted(set(typed)), key=typed.count) if typed else None
        for k in idx:
            ln = lines[k][2]
            if kinds[k] is not None:
                continue
            if kind is None and (is_nameish(ln, rules) or ln.rstrip().endswith((".", "!", "?"))):
                continue
            kinds[k] = kind or "ui"


def _mark_between_markers(lines: list[tuple[int, int, str]], kinds: list[str | None],
                          rules: LayoutRules) -> None:
    """A few short lines that are no statement (a heading may ask: "Was ist neu?"), after
    the page's text began and between two furniture lines one of which closes an article or
    thread (comment header, form, pagination, teaser, newsletter, footer), belong to that
    furniture: "Zurück zu: Forum" between a reply form and the footer, a login row between a
    comment header and the sort bar, a call to write a review between the page numbers and
    the footer. A few lines of at most ``rules.max_meta_chars`` under a footer or a comment
    form, up to the page end or the next such line, are that furniture too (sentences or
    not: a form's notes, a disclaimer)."""
    started = False
    k = 0
    while k < len(lines):
        ln = lines[k][2]
        if kinds[k] is None and len(ln) >= rules.min_text_chars:
            started = True
        if not started or kinds[k] is not None or not ln:
            k += 1
            continue
        run, j = [], k
        while j < len(lines) and (not lines[j][2] or kinds[j] is None):
            if lines[j][2]:
                run.append(j)
            j += 1
        p = _prev_nonempty(lines, k)
        before = kinds[p] if p is not None else None
        after = kinds[j] if j < len(lines) else None
        short = all(len(lines[i][2]) <= rules.max_row_chars
                    and len(lines[i][2].split()) <= rules.max_between_words
                    and not lines[i][2].rstrip().endswith((".", "!", ":")) for i in run)
        if (before is not None and after is not None and short
                and len(run) <= rules.max_between_lines
                and (before in _SECTION_KINDS or after in _SECTION_KINDS)):
            mark = before if before in _SECTION_KINDS else after
            for i in run:
                kinds[i] = mark
        elif (j == len(lines) or after in _PAGE_END_KINDS) and before in _PAGE_END_KINDS \
                and len(run) <= rules.max_between_lines \
                and all(len(lines[i][2]) <= rules.max_meta_chars for i in run):
            for i in run:  # under a comment form or footer, up to the next or the page end,
                kinds[i] = before  # no one speaks (a form's notes are sentences)
        k = j


def _prev_nonempty(lines: list[tuple[int, int, str]], k: int) -> int | None:
    j = k - 1
    while j >= 0 and not lines[j][2]:
        j -= 1
    return j if j >= 0 else None


def _next_nonempty(lines: list[tuple[int, int, str]], k: int) -> int | None:
    j = k + 1
    while j < len(lines) and not lines[j][2]:
        j += 1
    return j if j < len(lines) else None


def _mark_name_headers(lines: list[tuple[int, int, str]], kinds: list[str | None],
                       rules: LayoutRules) -> None:
    """A name-like line right after a unit's UI/metadata line and right before text (social
    threads put the date below the text), or between two metadata lines, is a header."""
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] is not None or not ln or not is_nameish(ln, rules):
            continue
        p, n = _prev_nonempty(lines, k), _next_nonempty(lines, k)
        if p is not None and kinds[p] == "comments_header" and n is not None \
                and kinds[n] is None and len(lines[n][2]) > len(ln):
            kinds[k] = "metadata"  # the first unit's header under the comment-section header
            continue
        if p is None or kinds[p] not in ("ui", "metadata"):
            continue
        if n is not None and kinds[n] is None and _rated_block(lines, kinds, p):
            continue  # the headline a reviewer wrote under the stars (and the by-line)
        if n is None or kinds[n] in ("ui", "metadata") or kinds[n] is None:
            kinds[k] = "metadata"


def _rated_block(lines: list[tuple[int, int, str]], kinds: list[str | None], p: int,
                 reach: int = 2) -> bool:
    """The metadata line ``p`` is a reviewer's rating, or one of the ``reach`` metadata
    lines right above it is ("★★☆☆☆ 2 von 5 Sternen" / "Bewertet von Jan · 03/11/2026"):
    the line below that block is the review's headline, not a name."""
    for _ in range(reach):
        if has_rating(lines[p][2]):
            return True
        q = _prev_nonempty(lines, p)
        if q is None or kinds[q] != "metadata":
            return False
        p = q
    return has_rating(lines[p][2])


def _mark_page_head(lines: list[tuple[int, int, str]], kinds: list[str | None],
                    rules: LayoutRules) -> None:
    """Masthead and site lines above the breadcrumb (else above the last search/navigation
    line of the page head) are navigation."""
    last = None
    for k in range(min(rules.top_lines, len(lines))):
        if kinds[k] == "breadcrumb":  # the page head ends at the trail above the headline
            last = k
            break
        if kinds[k] in _TOP_KINDS:
            last = k
    if last is None:
        return
    for k in range(last):
        ln = lines[k][2]
        if kinds[k] is None and ln and len(ln) <= rules.max_meta_chars:
            kinds[k] = "navigation"


def _mark_quoted(lines: list[tuple[int, int, str]], kinds: list[str | None]) -> None:
    """Lines after "Zitat von …" that repeat earlier text of the page, and ``>`` lines."""
    text_so_far: list[str] = []
    in_quote = False
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] == "metadata" and QUOTE_HEAD.match(ln):
            in_quote = True
            continue
        if kinds[k] is None and ln:
            if ln.startswith(">") or (in_quote and any(ln in t for t in text_so_far)):
                kinds[k] = "quoted_post"
                continue
            in_quote = False
            text_so_far.append(ln)


_WRITER_PART = re.compile(rf"(?<=\S)\s*[{_ARROWS}]\s.*$")  # what follows a reply arrow


def header_author(header: list[str]) -> tuple[str | None, list[str], bool]:
    """Author, addressees and whether a staff badge is shown, read from a unit's metadata
    lines (explicit author lines first, then a handle line, then the first name line that is
    not a badge)."""
    author: str | None = None
    to: list[str] = []
    staff = False
    names: list[str] = []
    dated: list[str] = []  # names read from a "name · date" line
    for ln in header:
        s = _POSTED_BY.sub("", ln.strip(), count=1)
        # a badge after a reply arrow is the addressee's ("Jan ➦ Firma – verifiziert")
        if STAFF.search(_WRITER_PART.sub("", s)) and not QUOTE_HEAD.match(s):
            staff = True
        if has_rating(s) and not (SAYS.match(s) or BY.match(s)) and _name_field(s) is None:
            continue
        m = REPLY_TO.match(s)
        if m:
            to.extend(re.findall(r"@\w[\w.]*", m.group(1)))
            continue
        m = REPLY_TO_NAME.match(s)
        if m:
            to.append(m.group("to"))
            continue
        m = _replied(s)
        if m and plausible_name(m.group("name") or m.group("name2")):
            author = author or _clean_name(m.group("name") or m.group("name2"))
            to.append(_clean_name(m.group("to").strip()))
            continue
        m = _ANSWER_TO_FIELDS.match(s)
        if m:  # "↳ Antwort an Jan · kati_93 · vor 2 Std.": the addressee, then the writer
            to.append(m.group("to").strip())
            rest = m.group("rest") or ""
            field = header_name(rest[: d.start()] if (d := date_search(rest)) else rest)
            if field is not None and plausible_name(field):
                names.append(_clean_name(field))
            continue
        if _firm_answer(s, header):
            staff = True  # "Antwort von MediaMarkt · 03/12/2024": the business answers
        trailer = trailer_name(s)
        if trailer is not None:
            author = author or _clean_name(trailer)
            continue
        m = QUOTE_HEAD.match(s)
        if m:
            to.append((m.group("name") or m.group("name2")).strip())
            continue
        lead = _lead_handle(s)
        if lead is not None:
            names.append(lead)
            continue
        if BEST.match(s):
            continue
        m = ARROW.match(s)
        if m:
            to.append(m.group("to").strip())
            names.insert(0, _clean_name(m.group("name")))
            continue
        m = SAYS.match(s) or BY.match(s)
        if m and plausible_name(m.group("name")):
            author = author or _clean_name(m.group("name"))
            continue
        handle = header_handle(s)
        if handle is not None:
            author = author or handle
            continue
        m = FOLLOW.match(s)
        if m:
            names.insert(0, m.group("name"))
            continue
        m = SIGNED.match(s)
        if m and plausible_name(m.group("name")):
            author = author or m.group("name").strip()
            continue
        m = INLINE_BY.search(s)
        if m and plausible_name(m.group("name")):
            author = author or _clean_name(m.group("name"))
            continue
        d = date_search(s)
        pre = re.sub(r"\s(?:am|um|vom)$", "", s[: d.start()].strip(" ·|,-")) if d else ""
        field = None
        if d and (m := _DATED_BY.match(s, d.end())):
            # "Veröffentlicht am 3. Mai 2026 von Jan B.": what stands before the date is a label
            field = header_name(m.group("name"))
        if field is None and pre and not is_ui(pre) and not BADGE.fullmatch(pre) \
                and not COUNT.match(s):
            field = header_name(pre)
        if field is None and d and d.start() == 0 and d.group().startswith("#"):
            field = header_name(s[d.end():])  # "#3 Jan Beispiel": the post's number first
        if field is None and d and _FIELD_SEP.search(s) and not COUNT.match(s):
            field = header_name(s)  # "Kommentar #4 | Antwort auf #1 | Yvonne H. | 04.01.26"
        if field is not None and plausible_name(field):
            names.append(_clean_name(field))
            if d:
                dated.append(names[-1])
            continue
        if is_anchor(s) or SUBJECT.match(s) or is_ui(s):
            m2 = re.match(rf"^(?P<name>{_NAME})\s*·", s)
            if m2 and not DATE.search(m2.group("name")) and not BADGE.fullmatch(m2.group("name")):
                names.append(_clean_name(m2.group("name")))
            continue
        if BADGE.fullmatch(s) and _name_field(s) is None:
            continue
        names.append(_clean_name(s))
    if author is not None:
        author = header_name(author)
    if author is None and len(dated) > 1:
        # two "name · date" headers with no text between (a unit of UI-like text only, "+1",
        # was taken for a button row): the one next to the text heads it
        author = header_name(dated[-1])
    if author is None:
        author = next((n for n in map(header_name, names) if n is not None), None)
    if author is None:  # a care team's header names no one else: the team wrote it
        author = next((ln.strip() for ln in header if _TEAM_NAME.match(ln.strip())), None)
    # "Antwort vom Inhaber": the business answers (staff), and when the header names no one
    # else the owner is the writer
    owner = next((m for m in map(_owner_label, header) if m), None)
    if author is None:
        author = owner.group("role") if owner else None
    return author, to, staff or owner is not None


# a reply header that names its addressee first, its writer and date in fields after it ("↳
# Antwort an Jan · kati_93 · vor 2 Std."; "Antwort an Jan" alone is REPLY_TO_NAME)
_ANSWER_TO_FIELDS = re.compile(
    r"^(?:[↪↳]\s*)?Antwort an (?P<to>[^\s·|»][^·|»]{0,59}?)\s*(?:$|[·|»]\s*(?P<rest>.*)$)")
# "Antwort von OTTO · 22.10.2024": a review site's label over the business's answer
_ANSWER_BY = re.compile(r"^Antwort von (?P<name>[^·|»]{1,60}?)\s*(?:$|[·|»]\s*(?P<rest>.*)$)")


def _firm_answer(line: str, header: list[str]) -> bool:
    """A review site's "Antwort von <firm> · <date>" line (or the label alone, its date on
    another header line): the business answers. A person's name (a given name first, a
    pseudonym "Person_…", a handle with digits or "_") is a user's reply, not the firm's
    (why the check: both share the label)."""
    from servicelab.names import given_names

    m = _ANSWER_BY.match(line)
    if m is None:
        return False
    if m.group("rest") is not None:
        if date_search(m.group("rest")) is None:
            return False
    elif not any(ln is not line and date_search(ln) is not None for ln in header):
        return False
    name = m.group("name").strip()
    first = name.split()[0]
    return not (name.startswith("Person_") or _HANDLE_LIKE.search(first)
                or given_names().is_name(first.rstrip(".")))


def _name_field(line: str) -> str | None:
    """The name in a header line's first field when further fields follow and that first
    field is no badge ("kati_93 · Stammgast ★★★ · dabei seit 2014", "Jan B. · Beispiel hilft
    Team"): a rank's stars or a team badge in a later field do not make the line a rating
    or a badge."""
    parts = _FIELD_SEP.split(line.strip(), maxsplit=1)
    if len(parts) < 2 or BADGE.fullmatch(parts[0]) or has_rating(parts[0]) \
            or date_search(parts[0]) is not None:
        return None
    name = _field_name(parts[0])
    return name if name is not None and plausible_name(name) else None


# a care team's name on a line of its own ("Beispiel hilft Team", "Nordstrom Team"): a badge
# under a user's name, but the writer when the header names no one else
_TEAM_NAME = re.compile(r"^[A-ZÄÖÜ\d][\w&.-]*(?: [\w&.-]+){0,3} (?:Team|hilft)$")


def _owner_part(line: str) -> str:
    """A header line without the date and separators after an owner label."""
    d = date_search(line)
    return (line[: d.start()] if d else line).strip(" ·|,-")


# the writer after a header's date: "<participle> am 3. Mai 2026 [um 14:02] von Jan B. · …"
# (the participle varies by site; the date, then "von", then the name is the structure)
_DATED_BY = re.compile(r"[\s,]*(?:(?:um\s)?\d{1,2}:\d{2}(?:\sUhr)?[\s,]*)?von\s+(?P<name>\S.*)$")
# a display name shown with its handle ("Jana Beispiel @jana_b"): the display name is the
# writer's name on the page; the handle (or its pseudonym) is an address
_TRAILING_HANDLE = re.compile(r"(?<=\S)\s+@(?:\w[\w.@-]*|\[[^\]]{1,60}\])$")
# "Gepostet von u/x · vor 9 Std.": the words before the name are no part of it
_POSTED_BY = re.compile(
    r"^(?:Gepostet|Gesendet|Geteilt|Bewertet|Geschrieben|Verfasst) von\s+(?=\S)")
_BEST_LEAD = re.compile(r"^(?:✔\s*)?(?:Beste|Hilfreichste|Akzeptierte) (?:Antwort|Lösung)\s+")
_STATS_INSIDE = re.compile(r"\s(?:Mitglied seit|Registriert seit|Dabei seit|Beiträge|Posts)\s*:")
_HANDLE_LIKE = re.compile(r"[\d_]")


def _lead_handle(line: str) -> str | None:
    """The username that opens a one-line header before its badges, statistics or date
    ("kati_93 Neuling Mitglied seit: 01.02.2024 Beiträge: 3", "Beste Antwort kati_93
    Community-Experte · 17.02.2026", "kati_93 Mitglied seit: …"): flat exports run a forum's
    name, badge and statistics lines together. Only a handle-like first word (digits or an
    underscore), alone or before a capitalised badge, is taken; other names are left to the
    rules below."""
    rest = _BEST_LEAD.sub("", line, count=1)
    m = _STATS_INSIDE.search(rest) or date_search(rest)
    if m is None:
        return None
    words = rest[: m.start()].split()
    if words and _HANDLE_LIKE.search(words[0]) and (len(words) == 1 or words[1][:1].isupper()) \
            and plausible_name(words[0]):
        return words[0]
    return None


def _clean_name(name: str) -> str:
    """A display name without check marks and without Reddit's "u/" user prefix (shown
    like the "@" of a handle, it is not part of the name)."""
    return re.sub(r"^u/(?=\w)", "", re.sub(r"\s*(?:✓|✔).*$", "", name).strip())


# what a header field may carry around a name: reply arrows and dashes before it, "von"
# ("von kati_93 aus Kiel"), a field separator and whatever follows it ("kati_93 · Themenstarter",
# "kati_93 » Mo 30. Nov"), a verb of saying, an origin ("aus Kiel") or a role in brackets
_FIELD_LEAD = re.compile(
    r"^(?:[↳→➥>•·|\-–—]\s*)+|^(?:(?:Gepostet|Gesendet|Geteilt) )?von\s+(?=\S)"
    # a reader noun before the name ("Leserin Jana K.", "Gastautor Jan B.") is no part of it
    r"|^(?:Leser(?:in)?|Gastautor(?:in)?|Nutzer(?:in)?|User(?:in)?)\s+(?=[A-ZÄÖÜ@\d])")
# a badge written after the name in the same field ("Jan_B Mod", "kati_93 Stammgast"): the
# name is before it (a badge alone is no name: BADGE)
_TRAILING_BADGE = re.compile(
    r"(?<=\S)\s+(?:Mod|Moderator(?:in)?|Admin(?:istrator(?:in)?)?|Stammgast|Gast|"
    r"Verfasser(?:in)?|Autor(?:in)?|Themenstarter(?:in)?|TE|OP|Top-Fan|Neuling|"
    r"Offiziell(?:e[rs]?)? (?:Support|Account|Konto|Profil)|Verifiziert(?:e[rs]?)?|"
    # a verification mark in brackets ("(verifiziert)", "(verifiziertes Unternehmenskonto)")
    r"\((?:verifiziert|offiziell)[^()]{0,40}\))$")
# a label a review site puts over the owner's answer ("Antwort des Inhabers · vor 1 Woche"):
# the business name may follow on the next line; alone, the role noun is the writer
OWNER_LABEL = re.compile(
    r"^(?:Antwort|Kommentar|Reaktion|Stellungnahme) (?:des|vom|von) "
    r"(?P<role>Inhaber|Eigentümer|Unternehmen|Händler|Verkäufer|Anbieter|Betreiber)s?$")
_OWNER_STARTS = ("Antwort", "Kommentar", "Reaktion", "Stellungnahme")  # OWNER_LABEL's first words
_LABEL_VALUE = re.compile(r"[^\W\d_]:\s\S")  # "Sortierung: Top": a label and its value
_FIELD_TAIL = re.compile(
    r"\s+(?:[\"»•·|–—]|\((?:Autor|Autorin|Verfasser|Verfasserin|TE|Themenstarter\w*|"
    r"Moderator\w*|Admin\w*|Inhaber\w*|Eigentümer\w*|Betreiber\w*)\)|(?:schrieb|schreibt|sagt|sagte|meint|meinte|fragt|fragte)\b"
    r"|aus\s+[A-ZÄÖÜ]).*$")
_COUNTER = re.compile(r"\(\d[\d.]*\)|#\d")
# a letter's closing formula ("Viele Grüße", "Gruß, Jan", "MfG"): it ends the unit before
_VALEDICTION = re.compile(
    r"(?i)^(?:(?:viele|liebe|beste|herzliche|freundliche|schöne)\s+grüße|mit freundlichen "
    r"grüßen|gruß|grüße|lg|vg|mfg|cheers|danke)\b")
_FIELD_SEP = re.compile(r"\s+[|·•»\"—–]\s+")  # ("Kommentar #1 — Jan — 2026-11-30")


# a care team's line with the agent's name ("Beispiel Team | Jana"): one display name
_TEAM_AGENT = re.compile(r"^\S.{0,40}\bTeam \| [A-ZÄÖÜ][\w.-]{1,30}$")


def header_name(field: str) -> str | None:
    """The display name in a header field, or None when the field is a label rather than a
    name. Why: real pages put furniture around the name ("↳ kati_93 schrieb", "von Jan aus
    Kiel", "Svetlana_O » Mo 30. Nov", "Sky Hilfe •") and label fields where a name could
    stand ("Gefragt vor 2 Monaten", "Datum der Erfahrung:", "Alle Antworten (5)"); a name
    cut from its field this way keeps pseudonyms and author links stable across layouts."""
    if _TEAM_AGENT.match(field.strip()):
        return field.strip()
    for part in _FIELD_SEP.split(field):
        name = _field_name(part)
        if name is not None:
            return name
    return None


# up to three words before "von" and the name ("Profilbild von Jan B.", "Eine Kolumne von …",
# "📌 Angepinnt von …", "Thema gestartet von …"): a label when each word is a dictionary word
_LABEL_VON = re.compile(r"^(?P<lead>(?:\S+\s+){1,3}?)von\s+(?=\S)")


def _label_lead(s: str) -> str:
    """``s`` without a lead of label words before "von" (the words a site puts before the
    writer's name: a picture's alt text, a column's or a thread's label). Why structure, not
    a list of labels: the lead varies by site, the shape "dictionary words + von + name" does
    not; a lead holding a given name or a handle ("Lena von der Heide") is no label."""
    m = _LABEL_VON.match(s)
    if m is None:
        return s
    words = [w.strip(".,:;!?()") for w in m.group("lead").split()]
    alpha = [w for w in words if any(c.isalpha() for c in w)]
    if not alpha or not all(w.isalpha() and _lead_word(w) for w in alpha) \
            or not any(_noun(w) for w in alpha):
        return s
    return s[m.end():]


def _noun(word: str) -> bool:
    """A capitalised word that is its own lemma: a noun ("Profilbild", "Kolumne", "Thema"),
    not a participle at the line's start ("Übersetzt", "Angepinnt"). Why: a label naming the
    thing shown (a picture, a column, a thread) is followed by its writer; a bare participle
    ("Übersetzt von Google", "Angepinnt von …") names who did something to it."""
    from servicelab.lemmas import lemma

    return word[:1].isupper() and lemma(word) == word


def _lead_word(word: str) -> bool:
    """A word of a label before "von": no plain given name, and a German word by its form,
    its lemma or as a compound of two ("Profilbild"; an article such as "Eine" is one though
    it is also a rare given name); lower-case words (participles) count."""
    from servicelab.lemmas import lemma
    from servicelab.names import german_words, given_names

    if word in given_names().plain:
        return False
    words = german_words()
    low = word.lower()
    if word[0].islower() or low in words or lemma(word).lower() in words:
        return True
    return any(low[:i] in words and low[i:] in words for i in range(4, len(low) - 3))


def _field_name(part: str) -> str | None:
    s = _FIELD_TAIL.sub("", _label_lead(_FIELD_LEAD.sub("", part.strip()))).strip(" ·|•»,;–-")
    if not s or s.endswith(":") or _COUNTER.search(s) or s.startswith("#") or is_ui(s) \
            or not any(c.isalpha() for c in s) or date_search(s) or OWNER_LABEL.match(s) \
            or _LABEL_VALUE.search(s):
        return None
    s = _TRAILING_HANDLE.sub("", _TRAILING_BADGE.sub("", s))
    if _VALEDICTION.match(s) or (" " not in s and _label_word(s)) or s.startswith("r/"):
        return None  # (Reddit's "r/name" is the community a post is filed in, no writer)
    return s


def _label_word(word: str) -> bool:
    """One word that is a German dictionary word and no given name or handle ("Gefragt",
    "Verfasst", "Kommentar", "Gast"; a participle counts by its lemma): a field label. A
    handle-like word (digits, "_") or a given name ("Jana") stays a name; so does a surname
    that is no German word, while one that is ("Müller" alone) is lost as an author."""
    if _HANDLE_LIKE.search(word) or not word.isalpha():
        return False
    from servicelab.lemmas import lemma
    from servicelab.names import german_words, given_names

    names, words = given_names(), german_words()
    if word in names.plain or word in names.ambiguous:
        return False
    return word.lower() in words or lemma(word).lower() in words
