"""German lemmas, one place for every analysis: ``lemma("gemeldet") == "melden"``.

Why a module: cue lists written as lemmas ("melden", "zusagen") match every inflected form
("meldete", "gemeldet", "zugesagt") without listing them, and a rule file names each concept
once. The lemmatiser is simplemma (pure Python, ships its German dictionary; MIT): a lookup
table with a rule-based fallback, fast enough per token once the dictionary is loaded.
Decoding that dictionary takes about a second in every process, so the decoded table is kept
in the on-disk cache (:mod:`servicelab.cache`, keyed by simplemma's version and the shipped
file) and read back in a third of the time. Results are cached per token.
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from servicelab.cache import cache_dir, write_atomic

LANG = "de"


def _cache_file(lang: str) -> Path | None:
    """Where the decoded dictionary of ``lang`` is cached: named by simplemma's version, the
    shipped file's size and modification time and Python's version, so an upgrade writes a
    new file."""
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import DATA_FOLDER

    folder = cache_dir()
    if folder is None:
        return None
    st = (DATA_FOLDER / f"{lang}.plzma").stat()
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"  # marshal's format is per version
    return folder / (f"simplemma-{simplemma.__version__}-{lang}-{st.st_size}-{st.st_mtime_ns}"
                     f"-{python}.marshal")


def load_dictionary(lang: str) -> dict[bytes, bytes]:
    """simplemma's decoded dictionary of ``lang`` (surface form → lemma, as bytes), from the
    cache when it holds a readable copy, else decoded from the shipped file and cached."""
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    path = _cache_file(lang)
    if path is not None and path.is_file():
        try:
            table = marshal.loads(path.read_bytes())
            if isinstance(table, dict) and table:
                return table
        except (OSError, ValueError, EOFError, TypeError):  # damaged: decode again
            pass
    table = _load_dictionary_from_disk(lang)
    if path is not None:
        write_atomic(path, marshal.dumps(table))
    return table


class _CachedDictionaries:
    """simplemma's ``DictionaryFactory`` protocol over :func:`load_dictionary`."""

    def __init__(self) -> None:
        self._tables: dict[str, Mapping[str, str]] = {}

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        from simplemma.strategies.dictionaries.dictionary_factory import MappingStrToByteString

        if lang not in self._tables:
            self._tables[lang] = MappingStrToByteString(load_dictionary(lang))
        return self._tables[lang]


@lru_cache(maxsize=1)
def _lemmatizer():
    """simplemma's default lemmatiser (``simplemma.lemmatize``'s settings) on the cached
    dictionaries."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(
        greedy=False, dictionary_factory=_CachedDictionaries()))


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """The lemma of one German token as simplemma gives it (case kept for nouns:
    "Techniker"); unknown words come back unchanged."""
    return _lemmatizer().lemmatize(token, lang=LANG)


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


@lru_cache(maxsize=1)
def _dictionary() -> dict[bytes, bytes]:
    return load_dictionary(LANG)


@lru_cache(maxsize=200_000)
def dictionary_lemma(token: str) -> str | None:
    """The lemma simplemma's dictionary lists for ``token`` as written, or None when the form
    is not listed: no rule-based guess, so an unknown firm name ("Mobilfix") stays unknown
    while an inflected common word ("Zügen" → "Zug") is recognised."""
    found = _dictionary().get(token.encode())
    return found.decode() if found is not None else None
