"""``pattern.finditer(text)``, tried only where a cheap hint says a match can start.

Why: Python's regex engine skips ahead fast only when a pattern begins with a literal or a
plain character set. A pattern that begins with ``\\b``, a lookbehind or a character run
before its literal ("``(?<!\\S)[^\\s:]{1,40} hat geschrieben:``") is tried at every position of
the text: on an 8 MB page without line breaks that costs seconds per pattern. A :class:`Hint`
is a fast pattern (a literal alternation, a character set) whose matches lie at most
``reach`` characters after every position where the slow pattern can match; the slow pattern
is then tried at those few positions only, left to right, exactly as ``finditer`` would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick


@dataclass(frozen=True)
class Hint:
    """Every match of the slow pattern starts at most ``reach`` characters before the start
    of an occurrence of ``pattern`` (or, with ``inside``, anywhere inside one).

    ``overlaps``: occurrences may overlap one another (literals: "Diesen Beitrag" holds
    "Beitrag"), so the search restarts one character after each; ``False`` for a pattern
    whose ``finditer`` already finds every place (one character, a greedy run of digits)."""

    pattern: re.Pattern[str]
    reach: int = 0
    inside: bool = False
    overlaps: bool = True
    shift: int = 0  # the match starts this many characters after the occurrence ("\n": 1)
    # the match starts where the run of these characters that ends at the occurrence starts
    # ("Max_Mustermann": the letters before "_"), plus ``shift`` (-1: at the character before
    # the run, "Finanzredakteur": the capital before "inanz"); with ``inside``, anywhere from
    # there to the occurrence's end ("12 ▲ Antworten": a counter before a button word)
    back: re.Pattern[str] | None = None


_PLAIN = re.compile(r"(?:[^\\.^$*+?{}\[\]()|]|\\[^\w])+")


@lru_cache(maxsize=256)
def _inner(pattern: re.Pattern[str]) -> dict[str, tuple[int, ...]] | None:
    """For a pattern that is an alternation of plain literals: each literal → the offsets
    inside it where an occurrence of a literal can start (its rest is that literal's
    start: "Beitrag" inside "Diesen Beitrag"); None for any other pattern."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    alts = pattern.pattern.split("|")
    if not all(_PLAIN.fullmatch(a) for a in alts):
        return None
    lits = [re.sub(r"\\(.)", r"\1", a) for a in alts]
    return {a: tuple(k for k in range(1, len(a))
                     if any(b.startswith(a[k:k + len(b)]) for b in lits)) for a in lits}


class LiteralIndex:
    """Every occurrence, in one text, of the literals of several literal alternations (the
    patterns :func:`_inner` reads: "Teilen|Lesen Sie|Von "), found by one Aho-Corasick pass.

    Why: Python's engine scans an alternation at a few nanoseconds per character, and the
    virtual-line finders of a flat export (:func:`servicelab.flat.flat_pieces`) scanned an
    8 MB page for eight of them, then each long segment again; one pass finds them all. At
    each start the index keeps the literal the alternation tries first (what
    ``pattern.match`` there gives), so :meth:`spans` is what :func:`_spans` finds and
    :meth:`finditer_spans` what ``finditer`` finds."""

    def __init__(self, text: str, patterns: tuple[re.Pattern[str], ...]) -> None:
        self._found: dict[re.Pattern[str], dict[int, tuple[int, int]]] = {
            p: {} for p in patterns}
        automaton = _literal_automaton(patterns)
        if not len(automaton):
            return
        for last, entries in automaton.iter(text):
            for pattern, alt, size in entries:
                start = last - size + 1
                at = self._found[pattern]
                old = at.get(start)
                if old is None or alt < old[0]:
                    at[start] = (alt, start + size)

    def __contains__(self, pattern: object) -> bool:
        return pattern in self._found

    def spans(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """``(start, end)`` of every occurrence of ``pattern``'s literals, by start."""
        at = self._found[pattern]
        return [(start, at[start][1]) for start in sorted(at)]

    def finditer_spans(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """``[m.span() for m in pattern.finditer(text)]``: the leftmost occurrences that do
        not overlap the one before."""
        out, last = [], 0
        for start, end in self.spans(pattern):
            if start >= last:
                out.append((start, end))
                last = end
        return out


@lru_cache(maxsize=16)
def _literal_automaton(patterns: tuple[re.Pattern[str], ...]) -> ahocorasick.Automaton:
    """The literals of ``patterns`` (each an alternation :func:`_inner` reads), each with
    the patterns it belongs to, its place in their alternation and its length."""
    by_literal: dict[str, dict[re.Pattern[str], int]] = {}
    for pattern in patterns:
        inner = _inner(pattern)
        if inner is None:
            raise ValueError(f"not a literal alternation: {pattern.pattern!r}")
        for alt, lit in enumerate(inner):
            by_literal.setdefault(lit, {}).setdefault(pattern, alt)
    automaton = ahocorasick.Automaton()
    for lit, owners in by_literal.items():
        automaton.add_word(lit, tuple((p, alt, len(lit)) for p, alt in owners.items()))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def is_literal_alternation(pattern: re.Pattern[str]) -> bool:
    """Can :class:`LiteralIndex` index ``pattern``?"""
    return _inner(pattern) is not None


def _spans(hint: Hint, text: str, index: LiteralIndex | None = None
           ) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the occurrences of ``hint.pattern`` (see :class:`Hint`), from
    ``index`` when it holds the pattern."""
    if index is not None and hint.pattern in index:
        yield from (index.spans(hint.pattern) if hint.overlaps
                    else index.finditer_spans(hint.pattern))
        return
    if not hint.overlaps:
        for m in hint.pattern.finditer(text):
            yield m.span()
        return
    inner = _inner(hint.pattern)
    if inner is not None:
        # literals: the occurrences ``finditer`` finds, and after each the ones that start
        # inside it (only where a literal can), instead of a search after every character
        for m in hint.pattern.finditer(text):
            yield m.span()
            for k in inner[m.group()]:
                inside = hint.pattern.match(text, m.start() + k)
                if inside is not None:
                    yield inside.span()
        return
    m = hint.pattern.search(text)
    while m is not None:
        yield m.span()
        if m.start() >= len(text):
            break  # a position past the end is read as the end: the same match again
        m = hint.pattern.search(text, m.start() + 1)


def candidates(text: str, hints: Iterable[Hint], index: LiteralIndex | None = None
               ) -> list[int]:
    """The sorted positions where the slow pattern may start, by its hints (literal hints
    read from ``index`` when it holds them)."""
    found: set[int] = set()
    for hint in hints:
        if hint.back is not None:
            for start, (_, end) in _run_starts(text, hint, index):
                first = max(0, start + hint.shift)
                if hint.inside:  # the run and the occurrence: "12 ▲ Antworten"
                    found.update(range(first, max(end, first + 1)))
                else:
                    found.add(first)
            continue
        for m_start, m_end in _spans(hint, text, index):
            base = m_start + hint.shift
            start = max(0, base - hint.reach)
            stop = max(m_end, base + 1) if hint.inside else base + 1
            if stop - start == 1:
                found.add(start)
            else:
                found.update(range(start, stop))
    return sorted(found)


def _run_starts(text: str, hint: Hint, index: LiteralIndex | None = None
                ) -> Iterator[tuple[int, tuple[int, int]]]:
    """Where the run of ``hint.back`` characters that ends at each occurrence starts; each
    character is looked at once (a run holding many occurrences is walked back once)."""
    back = hint.back
    assert back is not None
    prev: int | None = None
    prev_start = 0
    for span in _spans(hint, text, index):
        h = span[0]
        floor = 0 if prev is None else prev
        p = h
        while p > floor and back.match(text, p - 1):
            p -= 1
        start = prev_start if prev is not None and p == prev else p
        yield start, span
        prev, prev_start = h, start


def hinted_finditer(pattern: re.Pattern[str], text: str, hints: Iterable[Hint],
                    index: LiteralIndex | None = None) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)`` (a pattern that never matches the empty
    string, every match starting where ``hints`` allow), trying it only at the candidates
    (literal hints read from ``index`` when it holds them)."""
    last = 0
    for pos in candidates(text, hints, index):
        if pos < last:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            yield m
            last = m.end()


def boundary_hint(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without its leading ``\\b`` (None when it has none): wherever ``pattern``
    matches, this matches too, and the engine can skip ahead to its first characters."""
    if not pattern.pattern.startswith("\\b"):
        return None
    try:
        return re.compile(pattern.pattern[2:], pattern.flags)
    except re.error:
        return None


def search_hinted(pattern: re.Pattern[str], hint: re.Pattern[str] | None, text: str) -> bool:
    """``pattern.search(text) is not None``, trying ``pattern`` only where ``hint`` (see
    :func:`boundary_hint`) matches."""
    if hint is None:
        return pattern.search(text) is not None
    m = hint.search(text)
    while m is not None:
        if pattern.match(text, m.start()):
            return True
        m = hint.search(text, m.start() + 1)
    return False


def required_literal(pattern: re.Pattern[str], shortest: int = 3) -> str | None:
    """The longest run of plain characters that every match of ``pattern`` holds (one that
    stands in the pattern's top-level sequence, outside any group, class or repeat), or None
    when it has none of at least ``shortest`` characters: ``literal in text`` is a C-speed
    test that spares the search of a text without it (" vom " of a staff signature)."""
    if pattern.flags & re.IGNORECASE:
        return None
    from re import _constants as c
    from re import _parser

    best, run = "", ""
    for op, av in _parser.parse(pattern.pattern, pattern.flags).data:
        if op is c.LITERAL:
            run += chr(av)  # type: ignore[arg-type]
            continue
        best, run = max(best, run, key=len), ""
    best = max(best, run, key=len)
    return best if len(best) >= shortest else None


_WORD_REST = re.compile(r"[\w-]*")


def around_hints(pattern: re.Pattern[str], text: str, hints: Iterable[re.Match[str]],
                 lookback: tuple[int, re.Pattern[str], int], ahead: int = 40
                 ) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` where every match ends at most ``ahead`` characters after
    one of ``hints`` (a literal it must contain) and starts after the last ``runs``
    occurrences of ``gap`` before it (``lookback = (chars, gap, runs)``): the pattern is tried
    only in merged windows around the hints. Why: a name pattern tried at every capital of
    an 8 MB text costs a third of a second; the windows hold every match, in the same order.
    A window never ends inside a word (the patterns end in a lookahead that would read its
    end as the text's). Where a window's ``chars`` before a hint hold fewer than ``runs``
    gaps, the whole text is searched instead (exactness over speed)."""
    chars, gap, runs = lookback
    windows: list[list[int]] = []
    for h in hints:
        a = max(h.start() - chars, 0)
        if a > 0 and sum(1 for _ in gap.finditer(text, a, h.start())) < runs:
            yield from pattern.finditer(text)
            return
        b = _WORD_REST.match(text, min(h.end() + ahead, len(text))).end()  # never in a word
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    for a, b in windows:
        yield from pattern.finditer(text, a, b)


def ends_at(pattern: re.Pattern[str], text: str, end: int, reach: int = 200) -> bool:
    """Whether ``pattern`` (anchored with ``$``) matches text ending at ``end``: searched in
    the ``reach`` characters before it, with the text before them still seen by ``\\b``.
    Why: ``pattern.search(text, 0, end)`` scans from the text's start at every call, which
    made a long text quadratic in its mentions."""
    return pattern.search(text, max(end - reach, 0), end) is not None


class LiteralSets:
    """Which of many literal sets have a member in a text, by one Aho-Corasick pass.

    Why: a cue list tests each cue's prefilter literals (:mod:`servicelab.literals`) with
    ``in`` one set after the other; with dozens of cues that costs more than the few regexes
    that then run. :meth:`hits` gives exactly the indices ``i`` for which
    ``literals.may_match(sets[i], low)`` is true: a set that is ``None`` (no literal known)
    always, any set when ``low`` is ``None`` (a text the prefilter cannot read)."""

    def __init__(self, sets: Iterable[tuple[str, ...] | None]) -> None:
        sets = list(sets)
        self.size = len(sets)
        self.always = frozenset(i for i, s in enumerate(sets) if s is None or "" in s)
        owners: dict[str, set[int]] = {}
        for i, s in enumerate(sets):
            for lit in s or ():
                if not lit:
                    continue
                owners.setdefault(lit, set()).add(i)
        self._automaton = ahocorasick.Automaton()
        for lit, idx in owners.items():
            self._automaton.add_word(lit, frozenset(idx))
        if len(self._automaton):
            self._automaton.make_automaton()

    def hits(self, low: str | None) -> frozenset[int]:
        """Indices of the sets with a literal in ``low`` (all of them when it is None)."""
        if low is None:
            return frozenset(range(self.size))
        found = set(self.always)
        if len(self._automaton) and low:
            for _, idx in self._automaton.iter(low):
                found.update(idx)
        return frozenset(found)
