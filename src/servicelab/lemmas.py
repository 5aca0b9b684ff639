"""German lemmas, one place for every analysis: ``lemma("gemeldet") == "melden"``.

Why a module: cue lists written as lemmas ("melden", "zusagen") match every inflected form
("meldete", "gemeldet", "zugesagt") without listing them, and a rule file names each concept
once. The lemmatiser is simplemma (pure Python, ships its German dictionary; MIT): a lookup
table with a rule-based fallback, fast enough per token once the dictionary is loaded.
Decoding that dictionary takes about a second in every process, so the decoded table is kept
in the on-disk cache (:mod:`servicelab.cache`, keyed by simplemma's version and the shipped
file) in sorted blocks: reading it back takes a few milliseconds, and only the blocks a
lookup needs are decoded (a corpus build looks up a few hundred forms of 1.1 million; reading
the whole table back took a third of a second in every process). Results are cached per
token.
"""

from __future__ import annotations

import marshal
import sys
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from servicelab.cache import cache_dir, write_atomic

LANG = "de"


def _cache_file(lang: str) -> Path | None:
    """Where the decoded dictionary of ``lang`` is cached: named by simplemma's version, the
    shipped file's size and modification time and Python's version, so an upgrade writes a
    new file (and by the block layout: a file of the earlier whole-table layout is not read)."""
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import DATA_FOLDER

    folder = cache_dir()
    if folder is None:
        return None
    st = (DATA_FOLDER / f"{lang}.plzma").stat()
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"  # marshal's format is per version
    return folder / (f"simplemma-{simplemma.__version__}-{lang}-{st.st_size}-{st.st_mtime_ns}"
                     f"-{python}-{_LAYOUT}.marshal")


_LAYOUT = "blocks64"  # the cache file's layout (in its name and its first field)
_BLOCK = 64  # forms per block: one lookup decodes at most this many entries


class BlockTable(Mapping[bytes, bytes]):
    """simplemma's table (surface form → lemma, as bytes) in blocks of consecutive sorted
    forms, each a marshal-encoded dict decoded on its first lookup; the same mapping as the
    decoded dict."""

    def __init__(self, count: int, firsts: list[bytes], offsets: list[int], blob: bytes
                 ) -> None:
        self._count, self._firsts, self._offsets, self._blob = count, firsts, offsets, blob
        self._decoded: dict[int, dict[bytes, bytes]] = {}

    @classmethod
    def from_table(cls, table: Mapping[bytes, bytes], size: int = _BLOCK) -> BlockTable:
        keys = sorted(table)
        firsts, offsets, parts = [], [0], []
        for i in range(0, len(keys), size):
            part = marshal.dumps({k: table[k] for k in keys[i:i + size]})
            firsts.append(keys[i])
            parts.append(part)
            offsets.append(offsets[-1] + len(part))
        return cls(len(keys), firsts, offsets, b"".join(parts))

    def dumps(self) -> bytes:
        return marshal.dumps((_LAYOUT, self._count, self._firsts, self._offsets, self._blob))

    @classmethod
    def loads(cls, data: bytes) -> BlockTable | None:
        """The table in ``data`` (from :meth:`dumps`), or None when it is not one."""
        value = marshal.loads(data)
        if not (isinstance(value, tuple) and len(value) == 5 and value[0] == _LAYOUT):
            return None
        _, count, firsts, offsets, blob = value
        if not (count and len(firsts) + 1 == len(offsets) and offsets[-1] == len(blob)):
            return None
        return cls(count, firsts, offsets, blob)

    def _block(self, k: int) -> dict[bytes, bytes]:
        block = self._decoded.get(k)
        if block is None:
            block = self._decoded[k] = marshal.loads(
                self._blob[self._offsets[k]:self._offsets[k + 1]])
        return block

    def get(self, key: bytes, default: bytes | None = None) -> bytes | None:  # type: ignore[override]
        k = bisect_right(self._firsts, key) - 1
        return default if k < 0 else self._block(k).get(key, default)

    def __getitem__(self, key: bytes) -> bytes:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, bytes) and self.get(key) is not None

    def __iter__(self) -> Iterator[bytes]:
        for k in range(len(self._firsts)):
            yield from self._block(k)

    def __len__(self) -> int:
        return self._count


def load_dictionary(lang: str) -> Mapping[bytes, bytes]:
    """simplemma's decoded dictionary of ``lang`` (surface form → lemma, as bytes), from the
    cache when it holds a readable copy (a :class:`BlockTable`), else decoded from the shipped
    file and cached."""
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    path = _cache_file(lang)
    if path is not None and path.is_file():
        try:
            table = BlockTable.loads(path.read_bytes())
            if table is not None:
                return table
        except (OSError, ValueError, EOFError, TypeError):  # damaged: decode again
            pass
    decoded = _load_dictionary_from_disk(lang)
    if path is not None:
        write_atomic(path, BlockTable.from_table(decoded).dumps())
    return decoded


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
    a strong present with a changed vowel ends in "-t" ("fährt", "gibt") and stays present;
    a "ge-" participle of a verb without "ge-" ("gesunkene") is no finite form.
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
    if low.startswith("ge") and not base.startswith("ge"):
        return False  # a participle ("gesunkene Preise", "gekommen"), no finite form
    return low.endswith(_WEAK_PAST) or not low.endswith("t")


def is_infinitive(token: str, words: frozenset[str]) -> bool:
    """True for a capitalised infinitive that is a known word (``words``, lower case):
    "Teilen", "Drucken", "Speichern" of a share bar, never a surname."""
    low = token.lower()
    return low in words and low.endswith(_VERB_ENDINGS) and lemma(low) == low


@lru_cache(maxsize=1)
def _dictionary() -> Mapping[bytes, bytes]:
    return load_dictionary(LANG)


@lru_cache(maxsize=200_000)
def dictionary_lemma(token: str) -> str | None:
    """The lemma simplemma's dictionary lists for ``token`` as written, or None when the form
    is not listed: no rule-based guess, so an unknown firm name ("Mobilfix") stays unknown
    while an inflected common word ("Zügen" → "Zug") is recognised."""
    found = _dictionary().get(token.encode())
    return found.decode() if found is not None else None
