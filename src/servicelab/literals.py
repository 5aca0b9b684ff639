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
