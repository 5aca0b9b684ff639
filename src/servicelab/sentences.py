"""Split segments into sentences with character offsets, and flag quoted speech.

A rule-based splitter for German web prose: every line break ends a sentence; inside a line,
``.``, ``!``, ``?`` and ``…`` end one when the next word starts upper-case (or with a quote,
``@`` or a digit) and the word before is no abbreviation, initial or date ordinal ("17.
Dezember", "31.12. folgt"). It is about ten times faster than SoMaJo (benchmarks/) and
keeps exact offsets.

``quoted`` marks sentences inside quotation marks, inside a quoted letter or e-mail
("Sehr geehrte …" to "Mit freundlichen Grüßen"), or on a reported-reply line ("Antwort: …"):
the words of someone other than the segment's speaker, often the vendor's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate

from servicelab.boilerplate import lines_with_offsets

ABBREVIATIONS = frozenset(
    """z.b. z. b. d.h. u.a. ca. bzw. usw. etc. ggf. evtl. inkl. zzgl. nr. dr. prof. hr. fr. str.
    st. mio. mrd. tel. vgl. sog. o.g. s. u.u. i.d.r. jh. jan. feb. mär. apr. jun. jul. aug. sep.
    sept. okt. nov. dez. mo. di. mi. do. sa. so. bspw. bzgl. bezgl. max. min. evt. allg. abs.
    art. e.v. u.ä. o.ä. a.d. i.a. z.t. m.e. v.a. u.v.m. bsp. mind. ehem. gegr. inc. ltd. co.
    vs. ff. pers. tägl. std. min. sek. ok. kap. mr. mrs.""".split()
)
MONTHS = frozenset(
    "januar februar märz april mai juni juli august september oktober november dezember "
    "jan feb mär apr jun jul aug sep sept okt nov dez".split()
)
_BOUNDARY = re.compile(r"(?:[.!?]+|…)[\"')\]]*(?= +)")
_NEXT_OK = re.compile(r"[A-ZÄÖÜ\"'(@0-9]|[^\w\s]")
_WORD_BEFORE = re.compile(r"(\S+)$")
_SALUTATION = re.compile(
    r"^(?:Sehr geehrte|Guten Tag\b|Liebe Kundin|Lieber Kunde|Hallo Herr|Hallo Frau)"
)
_CLOSING = re.compile(r"^(?:Mit freundlichen Grüßen|Freundliche Grüße|Viele Grüße|Beste Grüße|MfG)")
# "mein" only as the possessive's forms, not "Meinung", "meinte" (segments.py's rule)
_FIRST_PERSON = re.compile(r"\b(?:ich|Ich|mir|Mir|mich|Mich|[Mm]ein(?:e[mnrs]?)?)\b")
_REPORTED_REPLY = re.compile(r"^(?:Antwort|Auskunft|Hotline|Support|Kundenservice):\s")
_INITIAL = re.compile(r"[a-zäöü]\.")
_DATE_ORDINAL = re.compile(r"(?:\d{1,2}\.){1,2}(?:\d{2,4}\.?)?")
_DAY_ORDINAL = re.compile(r"\d{1,2}\.")
_NEXT_WORD = re.compile(r"[\wäöüÄÖÜß]+")
_QUOTE_MARK = re.compile('"')


def _word_before(head: str) -> str:
    """The last word of ``head`` (``_WORD_BEFORE``'s group; "" when it ends with a space):
    the pattern was tried at every position of the head and ran to its end from each."""
    if head.endswith("\n"):  # "$" also matches before a final line break
        m = _WORD_BEFORE.search(head)
        return m.group(1) if m else ""
    return head.rsplit(None, 1)[-1] if head and not head[-1].isspace() else ""


def _is_boundary(line: str, end: int) -> bool:
    """Is the punctuation ending at ``end`` in ``line`` a sentence boundary?"""
    nxt = end
    while nxt < len(line) and line[nxt] == " ":  # no copy of the rest of a long line
        nxt += 1
    if nxt == len(line) or not _NEXT_OK.match(line, nxt):
        return False
    word = _word_before(line[max(0, end - 60) : end].rstrip("\"')]")).lower()
    if word.endswith("."):
        core = word.lstrip("(\"'")
        if core in ABBREVIATIONS or _INITIAL.fullmatch(core):
            return False
        if _DATE_ORDINAL.fullmatch(core):
            next_word = _NEXT_WORD.match(line, nxt)
            if next_word and next_word.group(0).lower() in MONTHS:
                return False
            if _DAY_ORDINAL.fullmatch(core):
                return False
    return True


def split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` within one line (no newline inside)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        if _is_boundary(line, m.end()):
            spans.append((start, m.end()))
            start = m.end()
    spans.append((start, len(line)))
    out = []
    for s, e in spans:
        seg = line[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if seg.strip():
            out.append((s + lead, s + trail))
    return out


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (document offsets) of ``text[start:end]``."""
    out: list[tuple[int, int]] = []
    for ls, _le, line in lines_with_offsets(text[start:end]):
        for s, e in split_line(line):
            out.append((start + ls + s, start + ls + e))
    return out


def quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Document spans within ``text[start:end]`` that are someone else's quoted words."""
    spans: list[tuple[int, int]] = []
    lines = [ln for ln in lines_with_offsets(text[start:end]) if ln[2]]
    for ls, le, line in lines:
        if '"' in line:  # most lines quote nobody: no search on them
            marks = [m.start() for m in _QUOTE_MARK.finditer(line)]
            for a, b in zip(marks[0::2], marks[1::2], strict=False):
                spans.append((start + ls + a, start + ls + b + 1))
        if _REPORTED_REPLY.match(line):
            spans.append((start + ls, start + le))
    k = 0
    while k < len(lines):
        if _SALUTATION.match(lines[k][2]):
            j = k + 1
            closed = False
            while j < len(lines):
                if _CLOSING.match(lines[j][2]):
                    closed = True
                    break
                if _FIRST_PERSON.search(lines[j][2]) and not _SALUTATION.match(lines[j][2]):
                    break
                j += 1
            last = j if closed else j - 1
            while closed and last < min(j + 2, len(lines) - 1):
                sig = lines[last + 1][2]
                if len(sig) > 80 or sig.rstrip().endswith((".", "!", "?", '"')):
                    break
                last += 1
            if last >= k:
                spans.append((start + lines[k][0], start + lines[last][1]))
            k = max(last, k) + 1
        else:
            k += 1
    return spans


class QuoteCoverage:
    """Quoted spans prepared once so that each sentence asks in ``O(log spans)`` how many of
    its characters they cover (a span overlapping another counts both times, as a sum over
    spans). Spans are ``(start, end)`` with ``start <= end``."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.starts = sorted(a for a, _ in spans)
        self.ends = sorted(b for _, b in spans)
        self.start_sums = list(accumulate(self.starts, initial=0))
        self.end_sums = list(accumulate(self.ends, initial=0))

    def _below(self, x: int) -> int:
        """Characters left of ``x`` covered by the spans: sum of ``|span ∩ (-inf, x)|``."""
        i = bisect_left(self.starts, x)
        j = bisect_left(self.ends, x)
        return (i * x - self.start_sums[i]) - (j * x - self.end_sums[j])

    def inside(self, s: int, e: int) -> int:
        """Sum over spans of the length of ``span ∩ [s, e)``."""
        return self._below(e) - self._below(s) if e > s else 0


def is_quoted(s: int, e: int, spans: Sequence[tuple[int, int]] | QuoteCoverage) -> bool:
    """True when at least half of the sentence ``[s, e)`` lies in quoted spans. Pass a
    :class:`QuoteCoverage` when asking for many sentences (a list is prepared each call)."""
    cover = spans if isinstance(spans, QuoteCoverage) else QuoteCoverage(spans)
    return e > s and cover.inside(s, e) * 2 >= (e - s)
