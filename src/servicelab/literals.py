"""Literal prefilters for cue regexes: words a match cannot do without.

Why: the defence and blame rules try dozens of case-insensitive cue patterns on every sentence,
and most sentences match none of them. Python's ``re`` tries each pattern at every position;
a substring test (``"zwei" in sentence.lower()``) is many times cheaper. The literals are
read from the pattern itself (its parse tree), not written by hand, so a user's cue file
gets them too and a changed pattern cannot fall out of step with its prefilter.

The test is exact, never approximate: :func:`required_literals` returns strings of which
every match of the pattern contains at least one (lower-cased), so a text containing none
of them has no match. Lower-casing agrees with ``re.IGNORECASE`` only for ordinary
characters; :func:`lowered` returns ``None`` for a text with any other character (a dotless
ı, a long ſ, a Kelvin sign …), and such a text is always given to the regex.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from re import _parser as sre  # the parse tree of a pattern (stable since Python 3.11)

#: Characters whose ``str.lower`` is what ``re.IGNORECASE`` compares: ASCII and the letters
#: and marks of German and its neighbours. Anything else sends the text past the prefilter.
_SAFE = ("\t\n\r\x20-\x7e\xa0äöüÄÖÜßéÉèÈêÊëËàÀáÁâÂçÇñÑíÍìÌîÎïÏóÓòÒôÔúÚùÙûÛ"
         "„“”‚‘’«»‹›–—…€§°·•´")
_UNSAFE = re.compile(f"[^{_SAFE}]")
_SAFE_LITERAL = re.compile(f"[{_SAFE}]")
_CAP = 64  # at most this many alternatives in one literal set

Literals = tuple[str, ...]


def lowered(text: str) -> str | None:
    """``text.lower()`` when that is what ``re.IGNORECASE`` sees, else ``None``."""
    return None if _UNSAFE.search(text) else text.lower()


def may_match(literals: Literals | None, low: str | None) -> bool:
    """False only when the lower-cased text ``low`` contains none of ``literals`` (so the
    pattern cannot match); True when there are no literals or the text is not ``lowered``."""
    if literals is None or low is None:
        return True
    return any(map(low.__contains__, literals))


def required_literals(pattern: str | re.Pattern[str]) -> Literals | None:
    """Lower-cased strings of which every match of ``pattern`` contains one, or ``None``
    when the pattern has no such literal (the prefilter then lets every text through)."""
    text = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    flags = pattern.flags if isinstance(pattern, re.Pattern) else 0
    try:
        tree = sre.parse(text, flags)
    except re.error:
        return None
    _, need = _sequence(list(tree))
    return need


def _score(need: frozenset[str]) -> tuple[int, int]:
    # longer literals rule out more texts, but beyond five characters hardly more; fewer
    # literals are fewer substring tests
    return (min(5, min(len(s) for s in need)), -len(need))


def _best(cands: list[frozenset[str]]) -> Literals | None:
    cands = [c for c in cands if c and "" not in c]
    if not cands:
        return None
    return tuple(sorted(max(cands, key=_score)))


def _char(code: int) -> str | None:
    c = chr(code)
    low = c.lower()
    if len(low) != 1 or not _SAFE_LITERAL.fullmatch(c):
        return None
    return low


def _item(op: object, av: object) -> tuple[frozenset[str] | None, Literals | None]:
    """(exact strings the item matches, if few; literals every match of it contains)."""
    if op is sre.LITERAL:
        c = _char(av)  # type: ignore[arg-type]
        return (frozenset({c}), (c,)) if c else (None, None)
    if op is sre.IN:
        chars = set()
        for sub_op, sub_av in av:  # type: ignore[attr-defined]
            c = _char(sub_av) if sub_op is sre.LITERAL else None
            if c is None:
                return None, None
            chars.add(c)
        return frozenset(chars), tuple(sorted(chars))
    if op is sre.SUBPATTERN:
        return _sequence(list(av[-1]))  # type: ignore[index]
    if op is sre.BRANCH:
        parts = [_sequence(list(b)) for b in av[1]]  # type: ignore[index]
        exact = None
        if all(e is not None for e, _ in parts):
            union = frozenset().union(*(e for e, _ in parts))
            exact = union if len(union) <= _CAP else None
        if any(n is None for _, n in parts):
            return exact, None
        return exact, tuple(sorted(set().union(*(n for _, n in parts))))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, body = av  # type: ignore[misc]
        if low < 1:
            return None, None
        return None, _sequence(list(body))[1]
    return None, None  # anchors, look-arounds, classes, any character: no literal


def _sequence(items: list) -> tuple[frozenset[str] | None, Literals | None]:
    """Exact strings of a sequence (when few) and the best required literals in it: a run of
    items with few exact strings joins into their products (and each part of a run is a
    candidate too: "laut " alone may beat twenty "laut des …"); other items give their own."""
    cands: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    whole: frozenset[str] | None = frozenset({""})
    for op, av in items:
        exact, need = _item(op, av)
        if exact is None:
            cands.append(run)
            run = frozenset({""})
            if need is not None:
                cands.append(frozenset(need))
            whole = None
            continue
        cands.extend((run, exact))
        joined = frozenset(a + b for a, b in itertools.product(run, exact))
        if len(joined) <= _CAP:
            run = joined
        else:
            cands.append(run)
            run = exact
        if whole is not None:
            whole = frozenset(a + b for a, b in itertools.product(whole, exact))
            if len(whole) > _CAP:
                whole = None
    cands.append(run)
    return whole, _best(cands)



# --- where a match can start -------------------------------------------------------------

_PREFIX_LEN = 3  # prefixes of at most this many characters
_PREFIX_CAP = 256  # at most this many prefixes per pattern
_CLASS_CAP = 12  # a character class of at most this many plain characters is expanded
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def _class_chars(items: list) -> list[str] | None:
    """The plain characters of a parsed class (None for a negated, large or other one)."""
    out: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _CLASS_CAP:
            out.extend(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return out if len(out) <= _CLASS_CAP else None


def _plain(ch: str) -> bool:
    """Can ``ch`` stand in a start literal? A character :func:`lowered` keeps, or a symbol
    or punctuation mark without case (an emoji): only that character matches it, and a text
    holding it is not ``lowered``, so it is searched in full anyway."""
    if _SAFE_LITERAL.fullmatch(ch):
        return True
    return (unicodedata.category(ch)[0] in "SP" and ch.lower() == ch == ch.upper()
            and ch.casefold() == ch)


def _prefixes(items: list, cur: str, out: set[str]) -> bool:
    """Add to ``out`` lower-cased strings one of which begins (after ``cur``) every match of
    the sequence ``items``; stop a path at anything but plain characters (its prefix so far
    still begins every match on it). False when the set grows past the cap."""
    while items and len(cur) < _PREFIX_LEN:
        op, av = items[0]
        items = items[1:]
        if op in _ZERO_WIDTH:  # ``\b``, ``$``, look-arounds consume nothing
            continue
        if op is sre.LITERAL:
            ch = chr(av)
            if not _plain(ch):
                break
            cur += ch.lower()
            continue
        if op is sre.IN:
            chars = _class_chars(list(av))
            if chars is None or not all(_plain(c) for c in chars):
                break
            return all(_prefixes(items, cur + c.lower(), out) for c in sorted(set(chars)))
        if op is sre.BRANCH:
            return all(_prefixes(list(alt) + items, cur, out) for alt in av[1])
        if op is sre.SUBPATTERN and not (av[1] or av[2]):  # a group without scoped flags
            items = list(av[-1]) + items
            continue
        break  # repeats, any character, back-references …
    out.add(cur)
    return len(out) <= _PREFIX_CAP


def start_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Lower-cased strings one of which every match of ``pattern`` starts with (read from its
    parse tree; compare with :func:`lowered` text only), or None when some match may start
    with anything. Why: a pattern that begins with ``\b`` or an alternation of
    case-insensitive words is tried by ``re`` at every position; one Aho-Corasick pass over
    these prefixes finds the few places worth trying (:class:`StartIndex`)."""
    out: set[str] = set()
    try:
        ok = _prefixes(list(sre.parse(pattern.pattern, pattern.flags)), "", out)
    except (re.error, RecursionError):
        return None
    if not ok or "" in out:
        return None
    return tuple(sorted(out))


class StartIndex:
    """``pattern.finditer(text)`` tried only where one of its :func:`start_literals` starts.

    Exact: every match starts at such a place and is never empty (each prefix holds a
    character), ``match`` at a position sees the text before it (``\b``, look-behinds), and
    a text :func:`lowered` cannot read is searched in full."""

    def __init__(self, pattern: re.Pattern[str], starts: Literals) -> None:
        import ahocorasick

        self.pattern = pattern
        self._automaton = ahocorasick.Automaton()
        for lit in starts:
            self._automaton.add_word(lit, len(lit))
        self._automaton.make_automaton()

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> StartIndex | None:
        """The index of ``pattern``, or None when it has no start literals."""
        starts = start_literals(pattern)
        return None if starts is None else cls(pattern, starts)

    def finditer(self, text: str, low: str | None) -> list[re.Match[str]]:
        """The matches of ``self.pattern.finditer(text)``; ``low`` is ``lowered(text)``."""
        if low is None:
            return list(self.pattern.finditer(text))
        out: list[re.Match[str]] = []
        last = 0
        match = self.pattern.match
        for pos in sorted({end - n + 1 for end, n in self._automaton.iter(low)}):
            if pos < last:
                continue
            m = match(text, pos)
            if m is not None:
                out.append(m)
                last = m.end()
        return out
