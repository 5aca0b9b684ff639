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


_VERB_ENDINGS = ("en", "ern", "eln")


def is_verb_form(token: str) -> bool:
    """True for an inflected verb form or participle, also negated with "un-" ("Verifiziert",
    "Gesperrt", "Unbeantwortet"): a badge or navigation word, never a person's name. The
    lemma of the lower-cased token is another, lower-case word ending like an infinitive."""
    low = token.lower()
    forms = [low, low[2:]] if low.startswith("un") and len(low) > 6 else [low]
    for form in forms:
        base = lemma(form)
        if base != form and base.islower() and base.endswith(_VERB_ENDINGS):
            return True
    return False


_PRESENT_ENDINGS = ("", "e", "st", "est", "t", "et", "en", "n")
_WEAK_PAST = ("te", "ten", "test", "tet")


def is_past_form(token: str, present: frozenset[str] = frozenset()) -> bool:
    """True for a finite past form of a verb read from its lemma: weak "schickte",
    "lieferten", strong "kam", "rief", "schrieb" (the form is none of the lemma's regular
    present forms and ends in a weak preterite ending or in no "-t"). ``present`` holds the
    irregular present forms ("kann", "sind", "weiß") that this shape test cannot tell apart;
    a strong present with a changed vowel ends in "-t" ("fährt", "gibt") and stays present.
    Why: a bare weekday in a past clause lies before the post's date (issue 15)."""
    low = token.lower()
    if low in present or not low.isalpha():
        return False
    base = lemma(low)
    if base == low or not base.islower() or not base.endswith(_VERB_ENDINGS):
        return False
    stem = base[:-2] if base.endswith("en") else base[:-1]
    if any(low == stem + e for e in _PRESENT_ENDINGS):
        return False
    return low.endswith(_WEAK_PAST) or not low.endswith("t")


def is_infinitive(token: str, words: frozenset[str]) -> bool:
    """True for a capitalised infinitive that is a known word (``words``, lower case):
    "Teilen", "Drucken", "Speichern" of a share bar, never a surname."""
    low = token.lower()
    return low in words and low.endswith(_VERB_ENDINGS) and lemma(low) == low
