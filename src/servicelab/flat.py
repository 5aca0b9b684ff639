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
from dataclasses import dataclass

from servicelab.layout import DATE, DATE_HINTS
from servicelab.scan import Hint, hinted_finditer


@dataclass(frozen=True)
class FlatRules:
    """When a text counts as flat, and how long a header's name part may be."""

    min_chars_per_line: int = 1500  # average line length of a flat export
    # one line per post: shorter lines, but a page with per-comment buttons in them
    min_chars_per_post_line: int = 600
    min_page_chars: int = 2000
    min_ui_runs: int = 2
    max_lines: int = 10  # a flat export has (almost) no line breaks
    max_header_chars: int = 80
    max_header_words: int = 8


DEFAULT_FLAT = FlatRules()

_SENTENCE = re.compile(r"(?<=[.!?“\"…)])\s+(?=[A-ZÄÖÜ„\"@0-9])")
_HEADER_END_WORD = re.compile(r"(?:[A-ZÄÖÜ@]\S*|\S*[\d_]\S*|am|um|vom|seit:|·|\||•)$")
_OPENERS = frozenset({"Am", "Um", "Seit", "Bis", "Ab", "Im", "Vom", "Zum", "Bei", "Nach", "Vor",
                      "Ende", "Anfang", "Mitte", "Bereits", "Schon", "Erst"})
_PARTICLES = frozenset({"am", "um", "vom", "von", "seit:", "für", "und", "aus"})
_UI_RUN = re.compile(
    r"(?<!\w)(?:(?:\d[\d.]*\s)?(?:[▲▼△▽•›·|]\s?)*(?:Kommentar melden|Antworten|Melden|Teilen|"
    r"Zitieren|Gefällt mir|Kommentieren|Hilfreich|hilfreich|Empfehlen)"
    r"(?:\s?\(\d+\)|\s\d{1,5}(?=\s))?"
    r"(?:\s?[▲▼△▽•›·|])*\s?){2,}"
)
# where a _UI_RUN match can start (scan.py): a counter before symbols and a button word, a
# symbol, a button word
_UI_WORDS = ("Kommentar melden|Antworten|Melden|Teilen|Zitieren|Gefällt mir|Kommentieren|"
             "Hilfreich|hilfreich|Empfehlen")
_UI_RUN_HINTS = (Hint(re.compile(rf"\d[\d.]*\s(?:[▲▼△▽•›·|]\s?)*(?:{_UI_WORDS})")),
                 Hint(re.compile("[▲▼△▽•›·|]"), overlaps=False), Hint(re.compile(_UI_WORDS)))
_AFTER_DATE = re.compile(
    r"(?:\s?(?:,|um)\s\d{1,2}:\d{2}(?:\sUhr)?|\sUhr\b|\sAntworten\b|\sBearbeitet\b"
    r"|\s(?:Beiträge|Reaktionen|Punkte|Themen):\s[\d.]+|\s(?:Beitrag\s)?#\d+"
    r"|\s✔?\s?(?:Beste|Hilfreichste) Antwort\b"
    r"|\s·?\s?[\d.]+\s(?:Antworten|Aufrufe|Kommentare|Beiträge)\b|\s·\s\d[\d.,:]*(?:\sUhr)?)*"
)
_STRETCH_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# a dot after a number ("2.", "09.01.2026.", "Nr. 123.") ends an ordinal or a date, not a
# sentence; a dot after a word that merely ends in a digit (a pseudonym "@Person_…c2.") does
_NUMBER_DOT = re.compile(r"(?:^|[^\w])[\d.]*\d\.$")


def _ends_sentence(line: str, pos: int) -> bool:
    """Is the cut candidate whose whitespace starts at ``pos`` after a sentence end (not after
    a number's dot)?"""
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
# where a _STARTS match can start: at its opening words, or inside a number before
# " Kommentare"/" Min." (":12 Kommentare" matches at the "2")
_STARTS_HINTS = (
    Hint(re.compile("Teilen|Artikel teilen:|Diesen Beitrag|Lesen Sie|Das könnte|Ähnliche|"
                    "Anzeige|Foto:|Leserkommentare|Kommentar|Dieser Beitrag|Schreibe einen|"
                    "Impressum|Über d|Alle Beiträge|Beitrag|Lesedauer:|Stand:|Von |Startseite|"
                    "Zum Inhalt|You are|Neue Beiträge|Copyright|©")),
    Hint(re.compile(r"\d+ (?:Kommentare|Min\.)"), inside=True),
)


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
    for _ in _UI_RUN.finditer(text):
        runs += 1
        if runs >= rules.min_ui_runs:
            return True
    return False


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


def flat_pieces(line: str, rules: FlatRules = DEFAULT_FLAT) -> list[tuple[int, int]]:
    """``(start, end)`` of the virtual lines of one long line (whitespace between them is
    left out, so every piece is ``line[start:end]`` and nothing is moved)."""
    cuts = {0, len(line)}
    cuts.update(m.end() for m in _SENTENCE.finditer(line) if _ends_sentence(line, m.start()))
    for m in hinted_finditer(_UI_RUN, line, _UI_RUN_HINTS):
        cuts.update((m.start(), m.end()))
    cuts.update(m.start() for m in hinted_finditer(_STARTS, line, _STARTS_HINTS))
    cuts.update(m.end() for m in hinted_finditer(_BYLINE, line, _BYLINE_HINTS))
    ordered = sorted(cuts)
    for m in hinted_finditer(DATE, line, DATE_HINTS):
        if _CLOCK.fullmatch(m.group(0).strip()):
            continue  # a time of day alone is too common inside sentences
        prev = ordered[bisect.bisect_right(ordered, m.start()) - 1]  # last cut before (0 is one)
        inner = [x for x in _STRETCH_SENTENCE_END.finditer(line, prev, m.start())
                 if _ends_sentence(line, x.start())]
        if inner:  # "… bei der Bank nach. marcel_t 12. März 2026": the header follows
            prev = inner[-1].end()
        stretch = line[prev : m.start()]
        words = stretch.split()
        if len(stretch) > rules.max_header_chars or len(words) > rules.max_header_words \
                or re.search(r"[;!?]", stretch) or not _name_stretch(words):
            continue
        end = m.end() + len(_AFTER_DATE.match(line, m.end()).group(0))
        cuts.update((prev, end))
    pieces = []
    bounds = sorted(cuts)
    for a, b in zip(bounds, bounds[1:], strict=False):
        seg = line[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            pieces.append((a + lead, a + trail))
    return pieces
