"""Given names of many origins, filtered for German text.

Why: a 92-name hand list found full names only for common German first names, so "Mehmet
Yılmaz" or "Zofia Wiśniewska" survived pseudonymisation. The list is Jörg Michael's name
dictionary (``nam_dict.txt``, ~45,000 first names with frequencies for ~55 countries; GNU Free
Documentation License 1.2), read *as data* at run time from the installed ``gender-guesser``
package (the package's GPL code is not used), like SentiWS is read from ``gersent``.

Many dictionary entries are also German words ("Bitte", "Will", "Mai", "Rosa", "Stern"): a
word that starts a sentence would then look like a name. Such entries are kept apart as
*ambiguous*: they count as a given name only before a surname that is no German word, or
after a person cue ("Herr", "Gruß,"). The word check is the TIGER-based German lexicon that
``entities.common_words`` already reads, plus SentiWS; what both miss is listed, with a
reason, in ``data/given_name_exceptions.csv``. ``data/given_names.csv`` adds names the
dictionary lacks.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources, util
from importlib.resources.abc import Traversable
from pathlib import Path

from servicelab.cache import cached_word_sets

NAM_DICT_PACKAGE = "gender_guesser"
NAM_DICT_FILE = ("data", "nam_dict.txt")
MIN_NAME_LENGTH = 3  # "Ab", "Ei", "Du", "Ja": two-letter entries are German words or noise


@dataclass(frozen=True)
class GivenNames:
    """Given names (title case) in two tiers: ``plain`` stand alone, ``ambiguous`` are also
    German words and need a cue or a surname."""

    plain: frozenset[str]
    ambiguous: frozenset[str]
    source: str

    def __len__(self) -> int:
        return len(self.plain) + len(self.ambiguous)

    def is_name(self, token: str) -> bool:
        """True for a listed name in either tier, also hyphenated ("Karl-Heinz")."""
        if token in self.plain or token in self.ambiguous:
            return True
        parts = token.split("-")
        return len(parts) > 1 and all(p in self.plain or p in self.ambiguous for p in parts)

    def is_plain(self, token: str) -> bool:
        """True for a name that is no German word (safe to replace when it stands alone)."""
        if token in self.plain:
            return True
        parts = token.split("-")
        return len(parts) > 1 and all(p in self.plain for p in parts)


def nam_dict_path() -> Path | None:
    """The installed ``nam_dict.txt`` (None when ``gender-guesser`` is not installed)."""
    spec = util.find_spec(NAM_DICT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*NAM_DICT_FILE)
    return path if path.is_file() else None


def read_nam_dict(path: Path) -> set[str]:
    """First names of ``nam_dict.txt`` (fixed columns: 0-2 gender, 3-28 name, 29 sort mark).

    Lines with ``+`` in column 30 repeat a name in "expanded umlaut" order and are skipped, as
    the file's header asks; ``+`` inside a name (Chinese, Korean, Arabic) stands for a hyphen,
    a space or nothing, so each part and the joined forms are listed.
    """
    names: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(("#", "=")) or len(line) < 30 or line[29] == "+":
                continue
            name = line[3:29].strip()
            if "+" in name:
                parts = name.split("+")
                names.update(["-".join(parts), "".join(parts).capitalize(), *parts])
            elif name:
                names.add(name)
    return {n for n in names if len(n) >= MIN_NAME_LENGTH and n[0].isupper()}


def _read_names_csv(name: str) -> dict[str, str]:
    path = resources.files("servicelab.data").joinpath(name)
    with path.open(encoding="utf-8") as fh:
        return {row["name"]: row.get("source", "") for row in csv.DictReader(fh)}


def _data_file(name: str) -> Traversable:
    """A shipped data file (a path, or a file inside an installed archive)."""
    return resources.files("servicelab.data").joinpath(name)


def _sentiws_files() -> list[Path | None]:
    spec = util.find_spec("gersent")
    if spec is None or not spec.submodule_search_locations:
        return [None]
    base = Path(next(iter(spec.submodule_search_locations))) / "wordlists" / "de"
    return [base / "positive.json", base / "negative.json"]


def _german_word_sources() -> list[Path | None]:
    from servicelab.entities import textblob_lexicon_path

    return [textblob_lexicon_path(), *_sentiws_files()]


@lru_cache(maxsize=1)
def german_words() -> frozenset[str]:
    """Lower-cased German words (TIGER lexicon of textblob-de and SentiWS forms); read from
    the on-disk cache when it holds them for the same source files (:mod:`servicelab.cache`)."""
    return cached_word_sets("german_words", _german_word_sources(), 1,
                            lambda: (_read_german_words(),))[0]


def _read_german_words() -> frozenset[str]:
    from servicelab.entities import common_words
    from servicelab.lexicon import sentiws_entries

    words = set(common_words())
    try:
        words.update(w.lower() for w in sentiws_entries()["form"])
    except Exception:  # noqa: BLE001 - SentiWS is optional here; the TIGER list suffices
        pass
    return frozenset(words)


@lru_cache(maxsize=1)
def given_names() -> GivenNames:
    """The shipped given-name rules (dictionary + additions − exceptions, in two tiers); read
    from the on-disk cache when it holds them for the same source files."""
    sources = [nam_dict_path(), _data_file("given_names.csv"),
               _data_file("given_name_exceptions.csv"), *_german_word_sources()]
    plain, ambiguous, source = cached_word_sets("given_names", sources, 3, _read_given_names)
    return GivenNames(plain, ambiguous, next(iter(source)))


def _read_given_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The two tiers and the source note (as a one-element set) from the source files."""
    path = nam_dict_path()
    names = read_nam_dict(path) if path is not None else set()
    added = _read_names_csv("given_names.csv")
    exceptions = _read_names_csv("given_name_exceptions.csv")
    words = german_words()
    plain, ambiguous = set(), set()
    for name in names | set(added):
        if name in exceptions or (name.lower() in words and name not in added):
            ambiguous.add(name)
        else:
            plain.add(name)
    source = f"nam_dict.txt ({len(names)} names) via {NAM_DICT_PACKAGE}" if path else \
        "given_names.csv only (gender-guesser not installed)"
    return frozenset(plain), frozenset(ambiguous), frozenset([source])
