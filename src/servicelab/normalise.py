"""Normalise decoded text: mojibake repair, Unicode NFC, quotes, dashes, whitespace.

The normalised text is the reference for every offset in the project: all later tables point
into it with ``start``/``end``. Normalisation is idempotent (``normalise_text(normalise_text(t))
== normalise_text(t)``), which the tests check.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    normalization="NFC",
)

_TRANSLATE = str.maketrans(
    {
        # double quotes → "
        "„": '"', "“": '"', "”": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "〃": '"',
        # single quotes / apostrophes → '
        "‚": "'", "‘": "'", "’": "'", "‛": "'", "′": "'", "‹": "'", "›": "'", "`": "'",
        "´": "'",
        # dashes: hyphen variants → -, dash variants → – (en dash)
        "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u2012": "–", "\u2014": "–", "\u2015": "–",
        # spaces → plain space
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
        # invisible characters are dropped (zero-width joiner is kept: it builds emoji)
        "\u200b": None, "\u200c": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
    }
)
for _cp in range(0x2000, 0x200B):
    _TRANSLATE[_cp] = " "

_TRANSLATABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")


def _translate_char(m: re.Match[str]) -> str:
    return m.group(0).translate(_TRANSLATE)


_SPACES = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_EDGE_SPACES = re.compile(r" ?\n ?")


# Characters that occur in mojibake or broken text; clean text skips the (slow) ftfy pass.
_SUSPECT = re.compile(
    "[\u0080-\u009f\ud800-\udfff]|[ÃÂÅÄÆâÐÑï][\u0080-\u00bf\u0152\u0153\u0160\u0161"
    "\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


# What ftfy changes in a segment: its encoding only when ``ftfy.badness.is_bad`` (BADNESS_RE)
# finds mojibake there, C1 controls and surrogates (in _SUSPECT), control characters, Unicode
# line breaks (its NFC step is repeated on the whole text afterwards anyway); and "Ã "/"Â ",
# which BADNESS_RE finds at the start of a segment ("^[ÃÂ][ ]") but not inside a longer text.
_FTFY_TOUCHES = re.compile(
    _SUSPECT.pattern + "|[ÃÂ] |[" + "".join(re.escape(chr(c)) for c in sorted(CONTROL_CHARS))
    + "\r\u2028\u2029\u0085]")


def _ftfy_segments(text: str) -> str:
    """``ftfy.fix_text(text)`` computed only on the segments that need it.

    ftfy fixes a text segment by segment (each line, cut every ``max_decode_length``
    characters) and leaves a segment as it is unless one of the patterns above occurs in it;
    running it over all of an 8 MB page for a few suspect characters took seconds. The
    segments here are ftfy's own, so the result is the same.
    """
    size = _FTFY.max_decode_length
    todo: dict[int, int] = {}

    def mark(matches: Iterable[re.Match[str]]) -> None:
        end = 0
        for m in matches:
            for hit in (m.start(), max(m.start(), m.end() - 1)):
                if hit < end:
                    continue
                line = text.rfind("\n", 0, hit) + 1
                start = line + (hit - line) // size * size
                end = min(text.find("\n", hit) + 1 or len(text), start + size)
                todo[start] = end

    mark(_FTFY_TOUCHES.finditer(text))
    gap = 0  # the (slower) badness pattern only where no segment is marked yet
    for start in [*sorted(todo), len(text)]:
        mark(BADNESS_RE.finditer(text, gap, start))
        gap = max(gap, todo.get(start, start))
    parts, done = [], 0
    for start in sorted(todo):
        parts += [text[done:start], ftfy.fix_text(text[start:todo[start]], _FTFY)]
        done = todo[start]
    return "".join(parts) + text[done:] if parts else text


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 damage ("Ã¤" → "ä") and similar, via ftfy."""
    for _ in range(3):  # a repair can uncover another layer; stop when stable
        if not _SUSPECT.search(text):
            return text
        fixed = _ftfy_segments(text)
        if fixed == text:
            return text
        text = fixed
    return text


def normalise_text(text: str) -> str:
    """Return the canonical form of ``text`` used for all offsets (a fixed point: applying it
    again changes nothing, even where a mojibake repair uncovers another layer)."""
    once = _normalise_once(text)
    if not _SUSPECT.search(text):
        return once  # no mojibake repair happened: one pass is already a fixed point
    for _ in range(3):
        again = _normalise_once(once)
        if again == once:
            break
        once = again
    return once


def _normalise_once(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = repair_mojibake(text)
    text = _TRANSLATABLE.sub(_translate_char, unicodedata.normalize("NFC", text))
    text = _SPACES.sub(" ", text)
    text = _EDGE_SPACES.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n ")
