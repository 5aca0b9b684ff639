"""German lemmas, one place for every analysis: ``lemma("gemeldet") == "melden"``.

Why a module: cue lists written as lemmas ("melden", "zusagen") match every inflected form
("meldete", "gemeldet", "zugesagt") without listing them, and a rule file names each concept
once. The lemmatiser is simplemma (pure Python, ships its German dictionary; MIT): a lookup
table with a rule-based fallback, fast enough per token once the dictionary is loaded (about
4 s, once per process). Results are cached per token.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

LANG = "de"


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """The lemma of one German token as simplemma gives it (case kept for nouns:
    "Techniker"); unknown words come back unchanged."""
    import simplemma

    return simplemma.lemmatize(token, lang=LANG)


def lemmas(tokens: Iterable[str]) -> list[str]:
    """``lemma`` of each token, in order."""
    return [lemma(t) for t in tokens]
