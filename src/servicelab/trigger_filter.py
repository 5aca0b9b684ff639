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


class LemmaHints:
    """Which lemma triggers each word form can stand for, worked out once per form: the
    triggers whose particle + lemma is the form's lower-cased lemma (``joined``: "angerufen"),
    and those whose lemma it is (``key``; for a noun trigger, the lemma it ends in: a
    compound). ``keys``: per trigger ``(lemma, noun, particle + lemma or "")``, lower-cased.

    Why: a sentence's candidate triggers are then the union over its words, so the triggers
    a sentence cannot hold are never looked at (``LemmaFilter`` + a per-trigger scan of every
    sentence's lemmas before)."""

    def __init__(self, keys: Iterable[tuple[str, bool, str]]) -> None:
        self._keys = tuple(keys)
        self._filter = LemmaFilter({k for k, noun, _ in self._keys if not noun}
                                   | {j for *_, j in self._keys if j},
                                   {k for k, noun, _ in self._keys if noun})
        self._memo: dict[str, tuple[frozenset[int], frozenset[int]] | None] = {}

    def of(self, word: str) -> tuple[frozenset[int], frozenset[int]] | None:
        """``(joined, key)`` trigger indices of one form; None when it can be no trigger."""
        try:
            return self._memo[word]
        except KeyError:
            pass
        if len(self._memo) > _BOUND:
            self._memo.clear()
        got = None
        if self._filter._is_relevant(word):
            lm = lower_lemma(word)
            got = (frozenset(k for k, (_, _, j) in enumerate(self._keys) if j and lm == j),
                   frozenset(k for k, (key, noun, _) in enumerate(self._keys)
                             if (lm.endswith(key) if noun else lm == key)))
        self._memo[word] = got
        return got

    def relevant(self, words: Iterable[str]) -> list[str]:
        """The ``words`` that can be a trigger (:meth:`of` is not None), in one comprehension
        over the lemmatiser's memo (a batch of a corpus' distinct forms)."""
        from servicelab.lemmas import lemma

        keys, suffixes = self._filter._lemmas, self._filter._suffixes
        return [w for w in words
                if (lm := lemma(w).lower()) in keys or (suffixes and lm.endswith(suffixes))]

    def hits(self, words: Iterable[str]) -> tuple[set[int], set[int]]:
        """The union of :meth:`of` over ``words``: ``(joined, key)`` trigger indices."""
        joined: set[int] = set()
        key: set[int] = set()
        memo = self._memo
        for w in set(words):
            got = memo[w] if w in memo else self.of(w)
            if got is not None:
                joined |= got[0]
                key |= got[1]
        return joined, key
