"""Virtual lines for flat exports: pages saved with no line breaks at all.

Why: every layout rule reads lines. A flat export is cut into virtual lines, with offsets into
the unchanged text, where a real page would have broken its lines: at sentence ends, before
a metadata header (a short name-like stretch followed by a date: "Theresa H. 11. März 2026
Antworten"), around runs of per-comment buttons ("24 ▲ ▼ • Antworten • Teilen ›") and before
the opening words of common furniture ("Teilen mit:", "Lesen Sie auch:", "Impressum").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from servicelab.layout import DATE, DATE_HINTS, MONTH
from servicelab.scan import (
    Hint,
    LiteralIndex,
    candidates,
    hinted_finditer,
    is_literal_alternation,
)


@dataclass(frozen=True)
class FlatRules:
    """When a text counts as flat, and how long a header's name part may be."""

    min_chars_per_line: int = 1500  # average line length of a flat export
    # one line per post: shorter lines, but a page with per-comment buttons in them
    min_chars_per_post_line: int = 600
    min_page_chars: int = 2000
    min_ui_runs: int = 2
    min_repeat_chars: int = 20  # a headline printed twice in a row (title bar, then h1)
    max_repeat_chars: int = 160
    # short furniture phrases that fill a whole line on a line page ("Schreibe einen
    # Kommentar", "Antworten abbrechen"; read from the furniture rule file by the caller)
    labels: tuple[str, ...] = ()
    # phrases a new virtual line starts with (a title bar's "Sie sehen gerade"; from the caller)
    heads: tuple[str, ...] = ()
    # labels whose line announces the next one ("Anzeige" above the ad; from the caller)
    announcers: tuple[str, ...] = ()
    share_targets: tuple[str, ...] = ()  # "Facebook", "E-Mail" after "Teilen:"
    max_quote_chars: int = 600  # a quoted post after "Leserin X schreibt:" is kept whole
    max_lines: int = 10  # a flat export has (almost) no line breaks
    max_header_chars: int = 80
    max_header_words: int = 8
    # a header row of short fields between dots ("Name · Stammgast · seit 2019 · 412
    # Beiträge · #3 · am"): at least three fields, each of a few words
    min_badge_fields: int = 3
    max_badge_row_chars: int = 160
    max_badge_chars: int = 40
    max_badge_words: int = 4
    max_crumb_chars: int = 60  # one item of a breadcrumb trail ("Strom & Energie")
    max_crumb_words: int = 5
    # a trail belongs to the page head (after masthead, menu and a consent banner); further
    # down, "Telekom / Vodafone / O2" is more likely a sentence's list than a trail
    max_crumb_offset: int = 2000


DEFAULT_FLAT = FlatRules()

# the whitespace (group 1) after a sentence end, before a capital: the end mark is matched,
# not looked behind for, so the engine skips ahead to the marks (a lookbehind first was tried
# at every position of the text)
_SENTENCE = re.compile(r"[.!?“\"…)](\s+)(?=[A-ZÄÖÜ„\"@0-9])")
_HEADER_END_WORD = re.compile(r"(?:[A-ZÄÖÜ@]\S*|\S*[\d_]\S*|am|um|vom|seit:|·|\||•)$")
_OPENERS = frozenset({"Am", "Um", "Seit", "Bis", "Ab", "Im", "Vom", "Zum", "Bei", "Nach", "Vor",
                      "Ende", "Anfang", "Mitte", "Bereits", "Schon", "Erst"})
_PARTICLES = frozenset({"am", "um", "vom", "von", "seit:", "für", "und", "aus"})
# The counters and symbols before a button word and the symbols after it are possessive
# (``*+``, ``?+``): giving one back never helps (a word starts with a letter, the symbols
# after a word are symbols before the next one), and the backtracking made a long run of
# symbols quadratic (tests/test_flat.py has the plain pattern and checks they agree).
_UI_RUN = re.compile(
    r"(?<!\w)(?:(?:\d[\d.]*+\s)?+(?:[▲▼△▽•›·|]\s?+)*+(?:Kommentar melden|Antworten|Melden|"
    r"Teilen|Zitieren|Gefällt mir|Kommentieren|Hilfreich|hilfreich|Empfehlen|"
    # a like counter run into the buttons ("Zitieren Melden Gefällt 6 Personen"), as
    # layout's line rules read it on a line page
    r"Gefällt \d[\d.,]*+\s?[KkM]?\s(?:Personen|Person|Mal)\b|"
    # a reaction counter of video and short-video pages ("❤ 902 Antworten", "👍 87 👎")
    r"[❤♥👍]\s?\d[\d.,]*+[KkM]?(?!\S))"
    r"(?:\s?\(\d+\)|\s\d{1,5}(?=\s))?"
    r"(?:\s?[▲▼△▽•›·|👎▾])*+\s?){2,}"
)
# what a _UI_RUN match holds before its first button word
_UI_PREFIX = re.compile(r"(?:\d[\d.]*+\s)?+(?:[▲▼△▽•›·|]\s?+)*+")
_AFTER_NO_WORD = re.compile(r"(?<!\w)")
# where a _UI_RUN match can start (scan.py): at a button word or in the run of counters,
# spaces and symbols before it (a counter was searched at every digit of the text), at a symbol
_UI_WORDS = ("Kommentar melden|Antworten|Melden|Teilen|Zitieren|Gefällt |Kommentieren|"
             "Hilfreich|hilfreich|Empfehlen|❤|♥|👍")
_UI_RUN_HINTS = (Hint(re.compile(_UI_WORDS), back=re.compile(r"[\d.\s▲▼△▽•›·|]"), inside=True),
                 Hint(re.compile("[▲▼△▽•›·|]"), overlaps=False))


def ui_runs(line: str, index: LiteralIndex | None = None) -> Iterator[re.Match[str]]:
    """``_UI_RUN.finditer(line)`` in time linear in the line, also on a long run of symbols.

    Tried at its hints (:data:`_UI_RUN_HINTS`). When an attempt at a place not after a word
    character fails, every later place up to where its counters and symbols end fails too:
    from there the match would reach the same first button word and go on the same way (or
    it stops before that word); so those places are skipped, not each tried over the rest of
    the run. ``index``: the line's literals (:func:`flat_pieces`)."""
    last = dead = 0
    for pos in candidates(line, _UI_RUN_HINTS, index):
        if pos < last or pos < dead:
            continue
        m = _UI_RUN.match(line, pos)
        if m is not None:
            yield m
            last = m.end()
        elif _AFTER_NO_WORD.match(line, pos):
            dead = _UI_PREFIX.match(line, pos).end()  # type: ignore[union-attr]


_AFTER_DATE = re.compile(
    r"(?:\s?(?:,|um)?\s\d{1,2}:\d{2}(?:\sUhr)?|\sUhr\b|\sAntworten\b|\sBearbeitet\b"
    r"|\s(?:Beiträge|Reaktionen|Punkte|Themen):\s[\d.]+|\s(?:Beitrag\s)?#\d+"
    r"|\s✔?\s?(?:Beste|Hilfreichste) Antwort\b"
    r"|\s·?\s?[\d.]+\s(?:Antworten|Aufrufe|Kommentare|Beiträge)\b|\s·\s\d[\d.,:]*(?:\sUhr)?)*"
)
_STRETCH_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# a dot after a number ("2.", "09.01.2026.", "Nr. 123.") ends an ordinal or a date, not a
# sentence; a dot after a word that merely ends in a digit (a pseudonym "@Person_…c2.") does
_NUMBER_DOT = re.compile(r"(?:^|[^\w])[\d.]*\d\.$")


# a month's abbreviation before a year ("2. Dez. 2026, 08:12"): its dot ends no sentence
_MONTH_DOT = re.compile(rf"(?<![\w.]){MONTH}\.$")
_YEAR_NEXT = re.compile(r"\s+\d{4}\b")


def _ends_sentence(line: str, pos: int) -> bool:
    """Is the cut candidate whose whitespace starts at ``pos`` after a sentence end (not after
    a number's dot, a month's abbreviation before a year or an initial before a handle)?"""
    if pos >= 2 and line[pos - 1] == "." and line[pos - 2].isalpha():
        if _YEAR_NEXT.match(line, pos) and _MONTH_DOT.search(line, max(0, pos - 6), pos):
            return False
        if pos >= 3 and line[pos - 2].isupper() and line[pos - 3] == " " \
                and line.startswith("@", pos + 1):
            return False  # an initial before the writer's handle ("Lasse B. @lasseb@…")
    if pos < 2 or (line[pos - 1] != "." and line[pos - 1] != "\n") \
            or (line[pos - 1] == "." and not line[pos - 2].isdecimal()):
        return True  # _NUMBER_DOT ends in a digit and a dot (or before a final line break)
    return not _NUMBER_DOT.search(line, max(0, pos - 40), pos)
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_BYLINE = re.compile(
    r"\bVon (?:Person_[0-9a-f]+|[A-ZÄÖÜ][\w-]+ [A-ZÄÖÜ][\w-]+)"
    r"|\b(?:Beitrags-Kommentare|Lesedauer|Lesezeit):\s?\d+\s\w+\.?"
    r"|\bDieser Beitrag hat \d+ Kommentare?|\bKommentar verfassen|\bAlle akzeptieren"
    r"|\bZitat von [^:.!?]{1,60}:|(?<!\S)[^\s:]{1,40} hat geschrieben:"
)
# where a _BYLINE match can start: at its opening words, or up to 40 characters before
# " hat geschrieben:" (the lookbehind alternative was tried at every position of the text)
_BYLINE_HINTS = (
    Hint(re.compile("Von |Beitrags-Kommentare|Lesedauer|Lesezeit|Dieser Beitrag hat |"
                    "Kommentar verfassen|Alle akzeptieren|Zitat von ")),
    Hint(re.compile(" hat geschrieben:"), reach=40),
)
_STARTS = re.compile(
    r"(?:Teilen mit:|Artikel teilen:|Diesen Beitrag teilen|Teilen:|Lesen Sie auch:|"
    r"Das könnte (?:dich|Sie|euch) auch interessieren:?|Ähnliche (?:Artikel|Fragen|Beiträge)|"
    r"Anzeige\s|Foto:\s|Leserkommentare|Kommentare \(\d+\)|(?<!:)\d+ Kommentare\b|"
    r"Dieser Beitrag hat \d+ Kommentare|Schreibe einen Kommentar|Kommentar verfassen|"
    r"Kommentare werden von|Impressum\s|Über die Autorin|Über den Autor|Alle Beiträge von|"
    r"Beitrags-Autor:|Beitrag veröffentlicht:|Beitrags-Kategorie:|Beitrags-Kommentare:|"
    r"Lesedauer:|\d+ Min\. Lesezeit|Stand:\s|Von [A-ZÄÖÜ]|Startseite\b|Zum Inhalt springen|"
    r"You are currently viewing|Neue Beiträge per E-Mail|Copyright\s|©)"
)
# where a _STARTS match can start: at its opening words, or inside the number before
# " Kommentare"/" Min." (":12 Kommentare" matches at the "2"; the number was searched at every
# digit of the text)
_STARTS_HINTS = (
    Hint(re.compile("Teilen|Artikel teilen:|Diesen Beitrag|Lesen Sie|Das könnte|Ähnliche|"
                    "Anzeige|Foto:|Leserkommentare|Kommentar|Dieser Beitrag|Schreibe einen|"
                    "Impressum|Über d|Alle Beiträge|Beitrag|Lesedauer:|Stand:|Von |Startseite|"
                    "Zum Inhalt|You are|Neue Beiträge|Copyright|©")),
    Hint(re.compile(r" (?:Kommentare|Min\.)"), back=re.compile(r"\d"), inside=True),
)


# a breadcrumb separator after normalisation (› and ‹ become ', » becomes ")
_CRUMB_SEP = re.compile(r"\s[›»>‹/\"']\s")
# the outer items of a trail: one word, joined words ("Strom & Energie") and a bracket
# ("Kabelnetz (Vodafone)"); the title that follows the last item starts after them
_LAST_CRUMB = re.compile(r"[^\s›»<>‹\"'/]+(?:\s(?:&|und|\+)\s[^\s›»<>‹\"'/]+)*"
                         r"(?:\s\([^()]{1,40}\))?")
_FIRST_CRUMB = re.compile(r"(?:^|\s)([^\s›»<>‹\"'/]+(?:\s(?:&|und|\+)\s[^\s›»<>‹\"'/]+)*)$")


def breadcrumbs(line: str, rules: FlatRules = DEFAULT_FLAT) -> list[tuple[int, int]]:
    """``(start, end)`` of the breadcrumb trails run into a flat line ("… Registrieren Foren ›
    Kabelnetz › Störungen [NRW] Seit 3 Wochen …"): two or more separators between short
    items; the trail starts with a capitalised item after a word that is not lower case (a
    menu, not a sentence such as "ich war bei Telekom / Vodafone / O2") and its last item is
    one word or a joined one, so the headline after it is not swallowed."""
    out: list[tuple[int, int]] = []
    group: list[re.Match[str]] = []

    def close() -> None:
        if len(group) < 2:
            return
        head = line[max(0, group[0].start() - rules.max_crumb_chars) : group[0].start()]
        first = _FIRST_CRUMB.search(head)
        if first is None or not (first.group(1)[:1].isupper() or first.group(1)[:1].isdigit()):
            return
        start = group[0].start() - len(first.group(1))
        before = line[max(0, start - 40) : start].split()
        if before and before[-1][:1].islower():
            return
        last = _LAST_CRUMB.match(line, group[-1].end())
        if last is None:
            return
        out.append((start, last.end()))

    for m in _CRUMB_SEP.finditer(line, 0, rules.max_crumb_offset):
        if group:
            gap = line[group[-1].end() : m.start()]
            if len(gap) <= rules.max_crumb_chars and len(gap.split()) <= rules.max_crumb_words \
                    and not re.search(r"[!?]", gap):
                group.append(m)
                continue
            close()
        group = [m]
    close()
    return out


def repeated_tail(piece: str, rules: FlatRules = DEFAULT_FLAT) -> int | None:
    """Where the second copy starts when a virtual line ends with the same words twice in a
    row ("You are currently viewing Paket weg Paket weg": a title bar and the headline below
    it run together); None otherwise. Only short pieces are tried (headlines are short)."""
    if len(piece) > 2 * rules.max_repeat_chars + 60 or len(piece) < 2 * rules.min_repeat_chars:
        return None
    last = piece[piece.rfind(" ") + 1 :]
    if piece.count(last) < 2:  # the last word must occur in the first copy too
        return None
    for j in range(len(piece) - rules.min_repeat_chars - 1, len(piece) // 2 - 1, -1):
        if piece[j] != " ":
            continue
        second = piece[j + 1 :]
        n = len(second)
        if n > rules.max_repeat_chars or j < n:
            break
        if piece[j - n : j] == second and (j == n or piece[j - n - 1] == " "):
            return j + 1
    return None


def _label_words(labels: tuple[str, ...]) -> list[str]:
    return sorted({lb for lb in labels if len(lb.split()) >= 2}, key=len, reverse=True)


@lru_cache(maxsize=4)
def _label_pattern(labels: tuple[str, ...]) -> re.Pattern[str] | None:
    words = _label_words(labels)
    if not words:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words)
                      + r")(?=\s[A-ZÄÖÜ]|\s*$)")


@lru_cache(maxsize=4)
def label_hints(labels: tuple[str, ...]) -> tuple[Hint, ...]:
    """Where a :func:`_label_pattern` match can start: at one of its phrases (its leading
    lookbehind made the engine try it at every position of the text, scan.py)."""
    words = _label_words(labels)
    return (Hint(re.compile("|".join(re.escape(w) for w in words))),) if words else ()


def label_cuts(line: str, rules: FlatRules = DEFAULT_FLAT,
               index: LiteralIndex | None = None) -> list[int]:
    """Cuts around furniture phrases of two or more words that stand between capitalised
    words ("… Shops. Schreibe einen Kommentar Antworten abbrechen Deine E-Mail-Adresse …"),
    where a line page has a line of their own (a phrase followed by a lower-case word is
    speech: "Gefällt mir gar nicht")."""
    pattern = _label_pattern(rules.labels)
    if pattern is None:
        return []
    return [x for m in hinted_finditer(pattern, line, label_hints(rules.labels), index)
            for x in (m.start(), m.end())]


@lru_cache(maxsize=4)
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def announcer_cuts(line: str, cuts: set[int], rules: FlatRules = DEFAULT_FLAT,
                   index: LiteralIndex | None = None) -> list[int]:
    """Cuts after a label that opens a virtual line and announces the next one ("Anzeige
    Jetzt 40 GB für 9,99 €": the ad label, then the ad), when a capitalised word follows."""
    pattern = _word_pattern(rules.announcers)
    if pattern is None:
        return []
    spans = index.finditer_spans(pattern) if index is not None and pattern in index \
        else [m.span() for m in pattern.finditer(line)]
    return [end for start, end in spans
            if start in cuts and re.match(r"\s[A-ZÄÖÜ0-9]", line[end : end + 2])]


_SHARE_HEAD = re.compile(r"(?:Teilen mit|Artikel teilen|Diesen Beitrag teilen|Teilen):")


def share_cuts(line: str, cuts: set[int], rules: FlatRules = DEFAULT_FLAT) -> list[int]:
    """A cut after the last known target of a share bar ("Teilen: Facebook X Reddit E-Mail
    Luca Ferrante schreibt …") when a lower-case word follows before the next cut (the bar
    ends, text begins); capitalised words up to an existing cut may be targets the rule
    file does not know ("… WhatsApp Mail Drucken Lesen Sie auch:") and stay in the bar."""
    targets = frozenset(rules.share_targets)
    if not targets:
        return []
    out = []
    for m in _SHARE_HEAD.finditer(line):
        last = None
        for w in re.finditer(r"\s(\S+)", line[m.end() : m.end() + 200]):
            word, at = w.group(1), m.end() + w.start(1)
            if at in cuts:
                last = None  # the bar runs up to a cut already made
                break
            if word in targets or word in ("·", "|", "•") or (len(word) <= 2 and word.isupper()):
                last = m.end() + w.end()
            elif not word[:1].isupper():
                break
        if last is not None:
            out.append(last)
    return out


@lru_cache(maxsize=4)
def _head_pattern(heads: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(map(re.escape, heads))) if heads else None


def head_cuts(line: str, rules: FlatRules = DEFAULT_FLAT,
              index: LiteralIndex | None = None) -> list[int]:
    """Cuts before the phrases that open a line of their own (``rules.heads``)."""
    pattern = _head_pattern(rules.heads)
    if pattern is None:
        return []
    if index is not None and pattern in index:
        return [start for start, _ in index.finditer_spans(pattern)]
    return [m.start() for m in pattern.finditer(line)]


# a lone arrow or quote mark closing a button run ("• Antworten • Teilen ›": › becomes ' in
# normalised text, and the character class of the run does not know it)
_RUN_TAIL = re.compile(r"\s?['\"](?=\s)")


def _ui_run_end(line: str, end: int) -> int:
    """The end of a UI run, a trailing arrow mark included (else it opens the next header
    and the author reads "' Person_…")."""
    m = _RUN_TAIL.match(line, end)
    return m.end() if m else end


# a quotation introduced by a colon ('Er schreibt: "…"'; quotes are " after normalisation)
_QUOTE_OPEN = re.compile(r':\s(?=")')


def quotations(line: str, rules: FlatRules = DEFAULT_FLAT) -> list[tuple[int, int]]:
    """``(start, end)`` of the quotations that follow a colon and close within
    ``max_quote_chars`` ('Er schreibt: "Ich habe … beantragt. Nach sieben Wochen … reagiert."'):
    a line page gives such a quoted post a line of its own, so a flat line is cut before it
    and not at the sentence ends inside it."""
    out: list[tuple[int, int]] = []
    for m in _QUOTE_OPEN.finditer(line):
        start = m.end()
        close = line.find('"', start + 1, start + rules.max_quote_chars)
        if close < 0 or (close + 1 < len(line) and not line[close + 1].isspace()):
            continue
        if out and start < out[-1][1]:
            continue
        out.append((start, close + 1))
    return out


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` strictly inside one of the sorted, disjoint ``spans``?"""
    k = bisect.bisect_left(spans, (pos,)) - 1
    return k >= 0 and spans[k][0] < pos < spans[k][1]


def is_flat(text: str, rules: FlatRules = DEFAULT_FLAT) -> bool:
    """A text whose lines are, on average, longer than any real page's paragraphs (or a
    page saved one line per post: long lines with per-comment buttons inside)."""
    n_lines = text.count("\n") + 1
    if n_lines > rules.max_lines:
        return False
    avg = len(text) / n_lines
    if avg >= rules.min_chars_per_line:
        return True
    if avg < rules.min_chars_per_post_line or len(text) < rules.min_page_chars:
        return False
    runs = 0
    for _ in ui_runs(text):
        runs += 1
        if runs >= rules.min_ui_runs:
            return True
    return False


# a unit's counter row ("31 Antworten 214 Boosts 502 Favoriten"): number-label pairs, one
# capitalised word per label, whatever the labels say
_COUNTERS = re.compile(r"(?<![\w.,])(?:\d[\d.,]*\s[A-ZÄÖÜ][\w-]*\s+){2,}")


def _counters_before(line: str, lo: int, hi: int, rules: FlatRules) -> tuple[int, int] | None:
    """``(start, end)`` of the last counter row in ``line[lo:hi]`` that a header's name part
    (``rules.max_header_chars``) separates from ``hi``: the row under the previous unit run
    into the next unit's header. Tried only before a date whose name part is too long."""
    last = None
    for c in _COUNTERS.finditer(line, max(lo, hi - 3 * rules.max_header_chars), hi):
        last = c
    if last is None or hi - last.end() > rules.max_header_chars:
        return None
    return last.start(), last.end()


def _name_stretch(words: list[str]) -> bool:
    """Words before a date that can be a header: a name, badges, "am"/"seit:" -- not the
    start of a sentence ("Seit dem 2. Januar", "Hallo, ich habe im Mai 2024")."""
    if not words:
        return True
    if len(words) == 1 and words[0] in _OPENERS:
        return False
    if "→" in words:
        return True
    lower = sum(1 for w in words if w[:1].islower() and w not in _PARTICLES
                and not re.search(r"[\d_]", w))
    last = words[-1]
    return lower == 0 and (last[:1].isupper() or bool(_HEADER_END_WORD.search(last)))


_BADGE_SEP = re.compile(r" [·|•](?: |$)")


def badge_row(stretch: str, rules: FlatRules = DEFAULT_FLAT) -> bool:
    """Words before a date that are a forum's header row of short fields between dots ("Name
    · Stammgast · seit 03/2013 · 3.905 Beiträge · #2 · am"): a rank and "seit" make it
    longer than a name and put lower-case words in it, but no field is a sentence."""
    fields = [f.strip() for f in _BADGE_SEP.split(stretch.strip())]
    if fields and not fields[-1]:
        fields.pop()  # the dot before the date ("… · #1 · 4. Nov."): no field of its own
    if len(fields) < rules.min_badge_fields or len(stretch) > rules.max_badge_row_chars:
        return False
    return all(0 < len(f) <= rules.max_badge_chars and len(f.split()) <= rules.max_badge_words
               and not re.search(r"[,;:!?]", f) and not f.endswith(".")
               for f in fields[:-1]) and len(fields[-1].split()) <= 1


@lru_cache(maxsize=4)
def _literals(rules: FlatRules) -> tuple[re.Pattern[str], ...]:
    """The literal alternations the finders of :func:`flat_pieces` search (hints of the
    furniture starts, bylines, button runs, labels and dates; the title-bar heads and the
    ad announcers): read from one :class:`~servicelab.scan.LiteralIndex` per line."""
    hints = (*_STARTS_HINTS, *_BYLINE_HINTS, *_UI_RUN_HINTS, *DATE_HINTS,
             *label_hints(rules.labels))
    found = [h.pattern for h in hints] + [_head_pattern(rules.heads),
                                          _word_pattern(rules.announcers)]
    return tuple(dict.fromkeys(p for p in found if p is not None and is_literal_alternation(p)))


def flat_pieces(line: str, rules: FlatRules = DEFAULT_FLAT) -> list[tuple[int, int]]:
    """``(start, end)`` of the virtual lines of one long line (whitespace between them is
    left out, so every piece is ``line[start:end]`` and nothing is moved)."""
    cuts = {0, len(line)}
    index = LiteralIndex(line, _literals(rules))  # one pass for the literal alternations
    quotes = quotations(line, rules)
    cuts.update(m.end() for m in _SENTENCE.finditer(line) if _ends_sentence(line, m.start(1))
                and not _inside(quotes, m.end()))
    cuts.update(a for a, _ in quotes)
    for m in ui_runs(line, index):
        cuts.update((m.start(), _ui_run_end(line, m.end())))
    cuts.update(m.start() for m in hinted_finditer(_STARTS, line, _STARTS_HINTS, index))
    cuts.update(m.end() for m in hinted_finditer(_BYLINE, line, _BYLINE_HINTS, index))
    cuts.update(label_cuts(line, rules, index))
    cuts.update(head_cuts(line, rules, index))
    cuts.update(share_cuts(line, cuts, rules))
    cuts.update(announcer_cuts(line, cuts, rules, index))
    ordered = sorted(cuts)
    crumbs = breadcrumbs(line, rules)
    for a, b in crumbs:  # a trail is one line: no sentence or header cut inside it
        cuts.difference_update(ordered[bisect.bisect_right(ordered, a):
                                       bisect.bisect_left(ordered, b)])
        cuts.update((a, b))
    if crumbs:
        ordered = sorted(cuts)
    for m in hinted_finditer(DATE, line, DATE_HINTS, index):
        if _CLOCK.fullmatch(m.group(0).strip()):
            continue  # a time of day alone is too common inside sentences
        prev = ordered[bisect.bisect_right(ordered, m.start()) - 1]  # last cut before (0 is one)
        inner = [x for x in _STRETCH_SENTENCE_END.finditer(line, prev, m.start())
                 if _ends_sentence(line, x.start())]
        if inner:  # "… bei der Bank nach. marcel_t 12. März 2026": the header follows
            prev = inner[-1].end()
        stretch = line[prev : m.start()]
        if len(stretch) > rules.max_header_chars or len(stretch.split()) > rules.max_header_words:
            counters = _counters_before(line, prev, m.start(), rules)
            if counters is not None:  # the last unit's counter row, then the header
                cuts.add(counters[0])
                prev = counters[1]
                stretch = line[prev : m.start()]
        words = stretch.split()
        if not badge_row(stretch, rules) and (
                len(stretch) > rules.max_header_chars or len(words) > rules.max_header_words
                or re.search(r"[;!?]", stretch) or not _name_stretch(words)):
            continue
        end = m.end() + len(_AFTER_DATE.match(line, m.end()).group(0))
        cuts.update((prev, end))
    bounds = sorted(cuts)
    for a, b in zip(bounds, bounds[1:], strict=False):
        tail = repeated_tail(line[a:b].rstrip(), rules)
        if tail is not None:
            cuts.add(a + tail)
    pieces = []
    bounds = sorted(cuts)
    for a, b in zip(bounds, bounds[1:], strict=False):
        seg = line[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            pieces.append((a + lead, a + trail))
    return pieces
