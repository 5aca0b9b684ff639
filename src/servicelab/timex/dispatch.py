"""Which core patterns can match at a position, from the character there.

Why: ``extraction.extract`` tries every word-led core (16 patterns) at every trigger hit, and
most hits are the unit "h" inside ordinary words ("nach", "sich"): 1.3 million anchored
``match`` calls on 2 MB of text, nearly all of them failing at their first character. The
set of characters a match can begin with is read from each pattern's parse tree, so a
pattern is tried only where the text's character is one of them; a pattern whose first
character cannot be bounded (a class such as ``\\w``, case-insensitive matching, a match of
the empty string) is tried everywhere, as before. The order of the patterns is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _constants as c  # the parse tree of a pattern (stable since Python 3.11)
from re import _parser as sre
from typing import Generic, TypeVar

T = TypeVar("T")
_MAX_RANGE = 512  # a character range wider than this is not enumerated


class _Unbounded(Exception):
    """The pattern's first character cannot be bounded."""


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or ``None`` when that is not
    bounded (it may start with any character, or match the empty string)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        first, nullable = _sequence(list(sre.parse(pattern.pattern, pattern.flags)))
    except (_Unbounded, re.error):
        return None
    return None if nullable else frozenset(first)


def _sequence(items: list) -> tuple[set[str], bool]:
    """(first characters, whether the sequence can match the empty string)."""
    out: set[str] = set()
    for op, av in items:
        first, nullable = _item(op, av)
        out |= first
        if not nullable:
            return out, False
    return out, True


def _item(op: object, av: object) -> tuple[set[str], bool]:
    if op is c.LITERAL:
        return {chr(av)}, False  # type: ignore[arg-type]
    if op is c.IN:
        chars: set[str] = set()
        for sub_op, sub_av in av:  # type: ignore[attr-defined]
            if sub_op is c.LITERAL:
                chars.add(chr(sub_av))
            elif sub_op is c.RANGE and sub_av[1] - sub_av[0] <= _MAX_RANGE:
                chars.update(chr(k) for k in range(sub_av[0], sub_av[1] + 1))
            else:  # NEGATE, CATEGORY (\d, \w, \s), a wide range
                raise _Unbounded
        return chars, False
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, body = av  # type: ignore[misc]
        if add_flags & re.IGNORECASE:
            raise _Unbounded
        return _sequence(list(body))
    if op is c.ATOMIC_GROUP:
        return _sequence(list(av))  # type: ignore[arg-type]
    if op is c.BRANCH:
        out: set[str] = set()
        nullable = False
        for branch in av[1]:  # type: ignore[index]
            first, empty = _sequence(list(branch))
            out |= first
            nullable = nullable or empty
        return out, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, body = av  # type: ignore[misc]
        first, nullable = _sequence(list(body))
        return first, nullable or low == 0
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero width: it only narrows where a match starts
    raise _Unbounded  # ANY, NOT_LITERAL, CATEGORY, a back reference, …


class Dispatch(Generic[T]):
    """``items`` (each with its pattern) by the character a match must start with: ``at(ch)``
    is the items, in their order, whose pattern can match at a position holding ``ch``."""

    def __init__(self, items: Sequence[tuple[T, re.Pattern[str]]]) -> None:
        firsts = [first_chars(p) for _, p in items]
        self._any = tuple(item for item, f in zip(items, firsts, strict=True) if f is None)
        chars = set().union(*(f for f in firsts if f is not None))
        self._by_char = {ch: tuple(item for item, f in zip(items, firsts, strict=True)
                                   if f is None or ch in f) for ch in chars}

    def at(self, ch: str) -> tuple[tuple[T, re.Pattern[str]], ...]:
        """The items whose pattern may match where the text holds ``ch``."""
        return self._by_char.get(ch, self._any)
