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

The dictionary hardly covers Sub-Saharan Africa ("Ngozi", "Kwame", "Fatoumata"), and a full name
whose given name is on no list ("Chinwe Okonkwo") needs its surname known: both come from
``data/world_names/world_names.csv`` (Faker's person providers, MIT, and a CC0 data set of
Wikipedia's most common names by country; see its README), given names in the same two tiers,
surnames that are no German word as :func:`listed_surnames`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
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
        """True for a listed name in either tier, also hyphenated ("Karl-Heinz") or with
        diacritics the list writes without ("Đức" for "Duc")."""
        if token in self.plain or token in self.ambiguous:
            return True
        if "-" in token and all(p in self.plain or p in self.ambiguous
                                for p in token.split("-")):
            return True
        return not token.isascii() and self._folded_plain(token)

    def is_plain(self, token: str) -> bool:
        """True for a name that is no German word (safe to replace when it stands alone)."""
        if token in self.plain:
            return True
        if "-" in token and all(p in self.plain for p in token.split("-")):
            return True
        return not token.isascii() and self._folded_plain(token)

    def _folded_plain(self, token: str) -> bool:
        """The token without foreign diacritics is a plain name ("Đức" → "Duc")."""
        if _FOREIGN_LETTER.search(token) is None:
            return False  # only German letters (umlauts): nothing to fold
        folded = fold_diacritics(token)
        return folded is not None and folded in self.plain


#: a character German does not write: a word without one is never folded
_FOREIGN_LETTER = re.compile(r"[^A-Za-zäöüßÄÖÜ'-]")
_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "ø": "o", "Ø": "O"})


@lru_cache(maxsize=100_000)
def fold_diacritics(token: str) -> str | None:
    """``token`` without the diacritics of other alphabets ("Đức" → "Duc", "Hương" → "Huong",
    "Łucja" → "Lucja"), or None when it has none: name lists often write a Vietnamese,
    Polish or Turkish name in plain letters. German words keep their umlauts (never folded)."""
    if _FOREIGN_LETTER.search(token) is None:
        return None
    base = unicodedata.normalize("NFD", token.translate(_FOLD))
    out = "".join(c for c in base if not unicodedata.combining(c))
    return out if out != token and out.isalpha() else None


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


WORLD_NAMES = ("world_names", "world_names.csv")
#: this module is a source of the cached name sets too: a change to how they are read
#: rebuilds them (the cache is keyed by its sources' bytes)
_THIS_FILE = Path(__file__)


def _read_world_names(kind: str, source: str = "") -> set[str]:
    """The names of one kind ("given", "surname") in ``world_names.csv``; with ``source``
    ("wikipedia:") only those a source of that name lists."""
    path = _data_file(*WORLD_NAMES)
    with path.open(encoding="utf-8") as fh:
        return {row["name"] for row in csv.DictReader(fh)
                if row["kind"] == kind and source in row["source"]}


def _read_names_csv(name: str) -> dict[str, str]:
    path = resources.files("servicelab.data").joinpath(name)
    with path.open(encoding="utf-8") as fh:
        return {row["name"]: row.get("source", "") for row in csv.DictReader(fh)}


def _data_file(*name: str) -> Traversable:
    """A shipped data file (a path, or a file inside an installed archive)."""
    path = resources.files("servicelab.data")
    for part in name:
        path = path.joinpath(part)
    return path


def _sentiws_files() -> list[Path | None]:
    spec = util.find_spec("gersent")
    if spec is None or not spec.submodule_search_locations:
        return [None]
    base = Path(next(iter(spec.submodule_search_locations))) / "wordlists" / "de"
    return [base / "positive.json", base / "negative.json"]


def _german_word_sources() -> list[Path | None]:
    from servicelab.entities import textblob_lexicon_path

    return [textblob_lexicon_path(), *_sentiws_files()]


def english_lexicon_path() -> Path | None:
    """textblob's English lexicon (``en-lexicon.txt``, Brill's tagger lexicon from the Brown
    corpus and the Penn Treebank; textblob-de depends on textblob), None when not installed."""
    spec = util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "en" / "en-lexicon.txt"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words of textblob's lexicon (its lower-case entries: common words,
    not proper names). Why: name lists of English-speaking countries hold words ("Long",
    "Smart", "Blessing"), and German service texts quote English ("Smart Home", "Prime")."""
    path = english_lexicon_path()
    if path is None:
        return frozenset()
    return cached_word_sets("english_words", [path, _THIS_FILE], 1,
                            lambda: (_read_english(path),))[0]


@lru_cache(maxsize=1)
def english_proper_names() -> frozenset[str]:
    """The proper nouns of textblob's English lexicon as written ("Oman", "Lenin", "Smith"):
    places, famous people and Anglo names of the Brown corpus and the Penn Treebank."""
    path = english_lexicon_path()
    if path is None:
        return frozenset()
    return cached_word_sets("english_proper", [path, _THIS_FILE], 1,
                            lambda: (_read_english(path, True),))[0]


def _read_english(path: Path, proper: bool = False) -> frozenset[str]:
    """The lower-case entries (common words), or with ``proper`` the capitalised ones tagged
    NNP or NNPS."""
    out = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(";"):
                continue
            word, _, tags = line.rstrip("\n").partition(" ")
            if len(word) < 3 or not word.isalpha():
                continue
            if proper and word[0].isupper() and tags.split(" ", 1)[0].startswith("NNP"):
                out.add(word)
            elif not proper and word.islower():
                out.add(word)
    return frozenset(out)


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
               _data_file("given_name_exceptions.csv"), _data_file(*WORLD_NAMES),
               english_lexicon_path(), *_german_word_sources(), _THIS_FILE]
    plain, ambiguous, source = cached_word_sets("given_names", sources, 3, _read_given_names)
    return GivenNames(plain, ambiguous, next(iter(source)))


def _read_given_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The two tiers and the source note (as a one-element set) from the source files."""
    path = nam_dict_path()
    names = read_nam_dict(path) if path is not None else set()
    words = german_words()
    # a world-list name that is also a German word ("Leider", "Juni", "Forum" in Faker's
    # lists) is that word in German text: left out, where nam_dict's keep a tier of their own
    world = {n for n in _read_world_names("given") - names if n.lower() not in words}
    names |= world
    added = _read_names_csv("given_names.csv")
    exceptions = _read_names_csv("given_name_exceptions.csv")
    from servicelab.entities import _lexicon_words

    english, proper = english_words(), english_proper_names()
    places = _lexicon_words()[1]  # the German lexicon's proper nouns: "Kairo", "Bern"
    plain, ambiguous = set(), set()
    for name in names | set(added):
        if name in exceptions or (name.lower() in words and name not in added) \
                or (name in world and (len(name) <= 3 or name.lower() in english
                                       or name in proper or name.lower() in places)):
            # a world-list name that is short (abbreviations: "Sep", "Nas"), an English word
            # ("Blessing") or a proper noun of the English or the German lexicon (places and
            # famous people: "Oman", "Lenin", "Kairo") needs a cue or a surname
            ambiguous.add(name)
        else:
            plain.add(name)
    source = (f"nam_dict.txt ({len(names) - len(world)} names) via {NAM_DICT_PACKAGE}"
              f" + world_names.csv ({len(world)})") if path else \
        "given_names.csv and world_names.csv (gender-guesser not installed)"
    return frozenset(plain), frozenset(ambiguous), frozenset([source])


@lru_cache(maxsize=1)
def listed_surnames() -> frozenset[str]:
    """Surnames of many origins (title case) that are no German or English word ("Okonkwo",
    "Nguyễn", "García"; not "Bauer", "Long"): a capitalised word on this list next to a name is that
    name's surname, even when the given name is on no list. Cached like :func:`given_names`."""
    sources = [_data_file(*WORLD_NAMES), english_lexicon_path(), *_german_word_sources(),
               _THIS_FILE]
    return cached_word_sets("surnames", sources, 1, _read_surnames)[0]


@lru_cache(maxsize=1)
def common_surnames() -> frozenset[str]:
    """The commonest surnames of each country as Wikipedia lists them (the ``wikipedia:``
    rows of ``world_names.csv``), words included ("Weber", "Müller", "Fischer"): not enough to
    make a name on their own, but after a word that is both a given name and a firm ("Otto",
    "Penny") they decide for the person ("Otto Weber"; not "Otto Versand")."""
    return cached_word_sets("common_surnames", [_data_file(*WORLD_NAMES), _THIS_FILE], 1,
                            lambda: (frozenset(_read_world_names("surname", "wikipedia:")),))[0]


def _read_surnames() -> tuple[frozenset[str]]:
    """No German or English word ("Bauer", "Long", "Rosa"). Firms named like a surname
    ("Ford") are the gazetteer's: the rules check it."""
    words, english = german_words(), english_words()
    return (frozenset(n for n in _read_world_names("surname")
                      if n.lower() not in words and n.lower() not in english),)
