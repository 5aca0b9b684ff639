"""Normalise decoded text: mojibake repair, Unicode NFC, quotes, dashes, whitespace.

The normalised text is the reference for every offset in the project: all later tables point
into it with ``start``/``end``. Normalisation is idempotent (``normalise_text(normalise_text(t))
== normalise_text(t)``), which the tests check.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS

from servicelab.scan import Hint, hinted_finditer

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


_C1_CHARS = tuple(chr(c) for c in range(0x80, 0xA0))
_LEAD_PAIR = re.compile(_SUSPECT.pattern.split("|", 1)[1])  # "Ã¤": a lead byte's character


def _suspect(text: str) -> bool:
    """``_SUSPECT.search(text) is not None``, a third of the time on a long page: the C1
    controls by substring tests, surrogates by the UTF-8 encoder (the only characters it
    refuses), the pattern only for the lead-character pairs (one character class to skip to,
    not the whole alternation at every character)."""
    if any(c in text for c in _C1_CHARS):
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return _LEAD_PAIR.search(text) is not None


# What ftfy changes in a segment: its encoding only when ``ftfy.badness.is_bad`` (BADNESS_RE)
# finds mojibake there, C1 controls and surrogates (in _SUSPECT), control characters, Unicode
# line breaks (its NFC step is repeated on the whole text afterwards anyway); and "Ã "/"Â ",
# which BADNESS_RE finds at the start of a segment ("^[ÃÂ][ ]") but not inside a longer text.
_FTFY_TOUCHES = re.compile(
    _SUSPECT.pattern + "|[ÃÂ] |[" + "".join(re.escape(chr(c)) for c in sorted(CONTROL_CHARS))
    + "\r\u2028\u2029\u0085]")
# the characters a match of _FTFY_TOUCHES starts with (servicelab.scan: it is tried there only)
_TOUCH_HINTS = (Hint(re.compile(
    "[\u0080-\u009f\ud800-\udfffÃÂÅÄÆâÐÑï"
    + "".join(re.escape(chr(c)) for c in sorted(CONTROL_CHARS)) + "\r\u2028\u2029\u0085]"),
    overlaps=False),)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _needs_non_ascii(items: list) -> bool:
    """Does every match of this parsed pattern (``re._parser`` items) contain a character
    above U+007F?"""
    from re import _constants as c

    def only_non_ascii(op: object, av: object) -> bool:
        if op is c.LITERAL:
            return av > 0x7F  # type: ignore[operator]
        if op is c.IN:
            return all((o is c.LITERAL and a > 0x7F) or (o is c.RANGE and a[0] > 0x7F)
                       for o, a in av)  # type: ignore[union-attr]
        return False

    for op, av in items:
        if only_non_ascii(op, av):
            return True
        if op is c.BRANCH and all(_needs_non_ascii(list(alt)) for alt in av[1]):
            return True
        if op is c.SUBPATTERN and _needs_non_ascii(list(av[3])):
            return True
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and _needs_non_ascii(list(av[2])):
            return True
    return False


def _badness_reach() -> int | None:
    """The longest match of ftfy's BADNESS_RE when every match holds a non-ASCII character
    and nothing in it looks past the match (then ASCII stretches cannot hold or border a
    match); None when that does not hold for the installed ftfy."""
    try:
        from re import _parser

        parsed = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
        width = parsed.getwidth()[1]
        looks_around = re.search(r"\(\?[=!<]|\\[bBZ]|\$", BADNESS_RE.pattern)
        ok = _needs_non_ascii(list(parsed.data)) and not looks_around
        return width if ok and width < 100 else None
    except Exception:  # noqa: BLE001 - a private module; fall back to the plain scan
        return None


_BADNESS_REACH = _badness_reach()


def _item_chars(op: object, av: object) -> frozenset[str] | None:
    """The characters one parsed item (a literal or a class of literals and ranges) can
    match; None for any other item."""
    from re import _constants as c

    if op is c.LITERAL:
        return frozenset(chr(av))  # type: ignore[arg-type]
    if op is not c.IN:
        return None
    out: set[str] = set()
    for o, a in av:  # type: ignore[attr-defined]
        if o is c.LITERAL:
            out.add(chr(a))
        elif o is c.RANGE:
            out.update(chr(x) for x in range(a[0], a[1] + 1))
        else:
            return None
    return frozenset(out)


def _badness_singles() -> frozenset[str] | None:
    """The non-ASCII characters that can be the only non-ASCII character of a BADNESS_RE
    match ("Ã" of "Ã ", "œ", C1 controls): every other match holds two non-ASCII characters
    (two items of its alternative match only such characters: "äÜ", "Ã¤"), so an umlaut with
    no other non-ASCII character near it is no part of a match. None when an alternative of the
    installed ftfy's pattern has neither shape (then every non-ASCII character is looked at)."""
    if _BADNESS_REACH is None:
        return None
    try:
        from re import _constants as c
        from re import _parser

        data = list(_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data)
        alts = data[0][1][1] if len(data) == 1 and data[0][0] is c.BRANCH else [data]
        singles: set[str] = set()
        for alt in alts:
            own = [ch for op, av in alt if (ch := _item_chars(op, av)) is not None
                   and all(ord(x) > 0x7F for x in ch)]
            if len(own) == 1:
                singles |= own[0]
            elif not own:
                return None
        return frozenset(singles)
    except Exception:  # noqa: BLE001 - a private module; fall back to every character
        return None


_BADNESS_SINGLES = _badness_singles()


def _badness(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``BADNESS_RE.finditer(text, start, end)``, run only around the non-ASCII characters.

    Every match is at most ``_BADNESS_REACH`` characters long and holds a non-ASCII
    character that :func:`_badness_seeds` keeps, so the pattern runs in windows reaching that
    far around each cluster of them
    (clusters closer than twice the reach share a window: no match crosses a cut); the plain
    scan cost seconds on an 8 MB page."""
    reach = _BADNESS_REACH
    if reach is None:
        yield from BADNESS_RE.finditer(text, start, end)
        return
    lo = hi = None
    for p in _badness_seeds(text, start, end, reach):
        if hi is not None and p - reach <= hi:
            hi = p + 1 + reach
            continue
        if lo is not None:
            yield from BADNESS_RE.finditer(text, lo, min(hi, end))
        lo, hi = max(start, p - reach), p + 1 + reach
    if lo is not None:
        yield from BADNESS_RE.finditer(text, lo, min(hi, end))


def _badness_seeds(text: str, start: int, end: int, reach: int) -> list[int]:
    """The non-ASCII characters of ``text[start:end]`` a BADNESS_RE match can hold: with
    :data:`_BADNESS_SINGLES` known, a character of that set or one with another non-ASCII
    character less than ``reach`` away (a match holds both, and is at most ``reach`` long);
    on a German page most umlauts have neither (8 MB: 75,000 windows became 6,000)."""
    found = [m.start() for m in _NON_ASCII.finditer(text, start, end)]
    singles = _BADNESS_SINGLES
    if singles is None:
        return found
    near = reach - 1
    last = len(found) - 1
    return [p for i, p in enumerate(found)
            if text[p] in singles or (i and p - found[i - 1] <= near)
            or (i < last and found[i + 1] - p <= near)]


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

    mark(hinted_finditer(_FTFY_TOUCHES, text, _TOUCH_HINTS))
    gap = 0  # the (slower) badness pattern only where no segment is marked yet
    for start in [*sorted(todo), len(text)]:
        mark(_badness(text, gap, start))
        gap = max(gap, todo.get(start, start))
    parts, done = [], 0
    for start in sorted(todo):
        parts += [text[done:start], ftfy.fix_text(text[start:todo[start]], _FTFY)]
        done = todo[start]
    return "".join(parts) + text[done:] if parts else text


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 damage ("Ã¤" → "ä") and similar, via ftfy."""
    for _ in range(3):  # a repair can uncover another layer; stop when stable
        if not _suspect(text):
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
    if not _suspect(text):
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
    # each pattern runs only where its literal occurs (one line of 8 MB has no line break)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        text = _EDGE_SPACES.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n ")
