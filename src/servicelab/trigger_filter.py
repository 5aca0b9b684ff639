"""Exact prefilters for the timeline's event triggers: which rules can fire in a sentence.

Why: ``timeline.sentence_events`` runs on every sentence of a corpus; it tried each pattern
trigger's regex (a ``\\b``-led alternation, scanned at every position) and lemmatised and
grouped every word for the lemma triggers, although most sentences report no event. Both
filters only skip work whose result is known to be empty:

* :class:`PatternFilter` — the literals every match of a trigger pattern contains
  (:func:`servicelab.literals.required_literals`, read from the pattern itself), found in
  the lower-cased sentence by one Aho-Corasick pass; a pattern none of whose literals occurs
  cannot match. A sentence that ``literals.lowered`` does not accept tries every pattern.
* :class:`LemmaFilter` — a lemma trigger needs a word whose lower-cased lemma is its lemma
  (or its particle + lemma, or, for a noun, ends in it: "Zugausfall"); whether a word form
  is such a word is worked out once per distinct form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from servicelab.literals import lowered, required_literals
from servicelab.scan import LiteralSets

_WORD = re.compile(r"\w+")
_LOWER_LEMMA: dict[str, str] = {}  # word → lower-cased lemma, cheaper than the lru_cache call
_BOUND = 500_000  # entries per memo, like the lemmatiser's own cache


def lower_lemma(word: str) -> str:
    """``lemma(word).lower()``, memoised per word form."""
    lm = _LOWER_LEMMA.get(word)
    if lm is None:
        from servicelab.lemmas import lemma

        lm = lemma(word).lower()
        if len(_LOWER_LEMMA) < _BOUND:
            _LOWER_LEMMA[word] = lm
    return lm


class PatternFilter:
    """Which of ``patterns`` (name → compiled regex) may match a text: a superset of those
    that do, in the mapping's order (the literal sets are matched by
    :class:`servicelab.scan.LiteralSets`, as blame's cue prefilters are)."""

    def __init__(self, patterns: Mapping[str, re.Pattern[str]]) -> None:
        self.names = tuple(patterns)
        self._sets = LiteralSets(required_literals(p) for p in patterns.values())

    def candidates(self, text: str) -> list[str]:
        """The names of the patterns that may match ``text``, in order."""
        return [self.names[k] for k in sorted(self._sets.hits(lowered(text)))]


class LemmaFilter:
    """Whether a text holds a word that can be a lemma trigger: its lower-cased lemma is one
    of ``lemmas`` or ends in one of ``suffixes`` (noun triggers head compounds)."""

    def __init__(self, lemmas: Iterable[str], suffixes: Iterable[str]) -> None:
        self._lemmas = frozenset(lemmas)
        self._suffixes = tuple(sorted(set(suffixes)))
        self._known: set[str] = set()
        self._relevant: set[str] = set()

    def _is_relevant(self, word: str) -> bool:
        lm = lower_lemma(word)
        return lm in self._lemmas or (bool(self._suffixes) and lm.endswith(self._suffixes))

    def may_fire(self, text: str) -> bool:
        """False only when no word of ``text`` can be a trigger (each new form looked at
        once)."""
        if len(self._known) > _BOUND:
            self._known.clear()
            self._relevant.clear()
        words = set(_WORD.findall(text))
        new = words - self._known
        if new:
            self._relevant.update(w for w in new if self._is_relevant(w))
            self._known |= new
        return not words.isdisjoint(self._relevant)
