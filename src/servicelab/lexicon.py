"""German sentiment lexicons and the rules that keep lexicon scores honest in German.

Two published lexicons are read as *data* from installed PyPI packages (neither package is
imported or its scorer used):

* **SentiWS v2.0** (Remus, Quasthoff, Heyer 2010; CC BY-NC-SA 3.0) — the word lists shipped
  as JSON by the package ``gersent`` (all inflected forms, weights in [-1, 1]).
* **German Polarity Lexicon** (Clematide & Klenner 2010, polarity values by Klenner et al.;
  XML version by Markus Killer; Apache-2.0) — ``de-sentiment.xml`` inside ``textblob-de``
  (base forms only, polarity in {±0.3, ±0.7, ±1.0}).

The rules (:func:`analyse`) handle what breaks naive word counting in German:

* negation with scope — ``nicht gut`` (a following predicate), ``kein Problem`` / ``keine
  Hilfe`` (the whole noun phrase up to its noun), post-verbal ``funktioniert nicht`` (the
  preceding predicate when nothing polar follows), ``kaum``/``wenig`` as weak negators;
* intensifiers and downtoners (``sehr``, ``ziemlich``, ``etwas`` …) on the next polar word;
* inflected and compound forms not in a lexicon: suffix stripping (``kulantesten`` →
  ``kulant``), then the longest known compound head (``Servicekatastrophe`` →
  ``katastrophe``; ``Cyberport-Hölle`` → ``hölle``);
* exclamation marks amplify their sentence; emoticons and emoji add their own polarity;
* quoted text (``„…“``, ``"…"``, ``«…»``) is down-weighted when the text has unquoted
  evaluative words of its own — a polite vendor letter quoted inside a complaint should not
  make the complaint positive.

Word lists are CSV files in ``servicelab/data/sentiment/`` with a ``source`` column. They and
the tunables (negation factors, exclamation step, quote weight, squashing constant) load into
a :class:`SentimentLexicon` that is passed to :func:`analyse` (``rules=``); change a tunable
with ``SentimentLexicon.load(quote_weight=1.0)``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from importlib import resources, util
from itertools import repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Literal, NamedTuple

import pandas as pd

from servicelab.quotes import CLOSING_ONLY, OPENING_ONLY, QUOTE_MARKS

LexiconName = Literal["sentiws", "gpl"]

_SUFFIXES = tuple(sorted(
    ("esten", "sten", "ste", "ster", "stes", "stem", "eren", "erer", "eres", "erem", "ere",
     "en", "em", "er", "es", "e", "n", "s", "st", "t", "et", "nd", "nde", "ndes", "nden"),
    key=len, reverse=True))
_SUFFIX_SET = frozenset(_SUFFIXES)
_MIN_STEM = 4
_ADJ_ENDINGS = frozenset({"e", "en", "em", "er", "es"})  # "gute" → "gut" (3-letter stems)
_MIN_HEAD = 4
#: what :meth:`Lexicon._stem` appends to a stripped form, in the order it tries them
_STEM_ENDINGS = ("", "en", "e", "n")


def _stem_map(polarity: dict[str, float]) -> dict[str, float]:
    """stem → polarity of its first form in the order of :data:`_STEM_ENDINGS` (stem,
    stem+"en", stem+"e", stem+"n") that ``polarity`` holds.

    Why one dictionary per ending merged, the most wanted last: two forms with the same
    ending and stem are the same form, so a stem has at most one candidate per ending, and
    the merge (C-level) keeps the earliest ending's; half the time of a loop that ranks
    each form's candidates in Python, a fixed cost of every process."""
    maps = [{form[:-len(e)]: value for form, value in polarity.items()
             if len(form) > len(e) and form.endswith(e)}
            for e in reversed(_STEM_ENDINGS) if e]
    out: dict[str, float] = {}
    for m in maps:  # "n", "e", "en": each overrides the ones tried after it
        out.update(m)
    out.update(polarity)  # the stem itself first
    return out


def _suffixes_of(w: str) -> list[tuple[int, bool]]:
    """(length, is an adjective ending) of the inflection suffixes ``w`` may end in, longest
    first: the candidates :meth:`Lexicon._stem` strips."""
    return [(k, w[-k:] in _ADJ_ENDINGS) for k in (5, 4, 3, 2, 1) if w[-k:] in _SUFFIX_SET]


#: :func:`_suffixes_of` by a word's last five letters (which decide it), shared by the
#: lexicons: an unseen word is looked up in each, and many words end alike
_SUFFIXES_BY_END: dict[str, list[tuple[int, bool]]] = {}


def _suffixes_by_end(w: str) -> list[tuple[int, bool]]:
    """:func:`_suffixes_of` of ``w``, kept per ending (up to 100,000 endings; the lists are
    never changed in place)."""
    end = w[-5:]
    found = _SUFFIXES_BY_END.get(end)
    if found is None:
        found = _suffixes_of(end)
        if len(_SUFFIXES_BY_END) < 100_000:
            _SUFFIXES_BY_END[end] = found
    return found


# ---------------------------------------------------------------------------------------
# lexicon files
# ---------------------------------------------------------------------------------------

def _package_dir(name: str) -> Path:
    """Directory of an installed package, found without importing it."""
    spec = util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {name!r} is not installed (pip install {name})")
    return Path(next(iter(spec.submodule_search_locations)))


def sentiws_entries() -> pd.DataFrame:
    """SentiWS v2.0 word forms from ``gersent``: ``form``, ``polarity``, ``source``."""
    out = pd.DataFrame(_sentiws_rows(), columns=["form", "polarity"])
    out["source"] = "SentiWS v2.0 (Remus, Quasthoff, Heyer 2010) via gersent 0.0.6"
    return out.sort_values(["form", "polarity"]).reset_index(drop=True)


def _sentiws_rows() -> list[tuple[str, float]]:
    """(form, polarity) of SentiWS as the package's JSON files list them."""
    base = _package_dir("gersent") / "wordlists" / "de"
    rows: list[tuple[str, float]] = []
    for fname in ("positive.json", "negative.json"):
        with open(base / fname, encoding="utf-8") as fh:
            data = json.load(fh)
        rows.extend((form, float(value)) for form, value in data.items())
    return rows


def gpl_entries() -> pd.DataFrame:
    """German Polarity Lexicon from ``textblob_de/data/de-sentiment.xml``.

    Columns ``form``, ``polarity``, ``pos``, ``source``; entries with polarity 0 are dropped.
    """
    out = pd.DataFrame(_gpl_rows(), columns=["form", "polarity", "pos"])
    out = out[(out["polarity"] != 0) & out["form"].str.len().gt(0)]
    out["source"] = ("German Polarity Lexicon (Clematide & Klenner 2010) via textblob-de 0.4.3 "
                     "de-sentiment.xml")
    return out.sort_values(["form", "polarity"]).reset_index(drop=True)


def _gpl_rows() -> list[tuple[str, float, str]]:
    """(form, polarity, pos) of every ``word`` of the German Polarity Lexicon's XML file."""
    path = _package_dir("textblob_de") / "data" / "de-sentiment.xml"
    root = ET.parse(path).getroot()
    return [(w.get("form", ""), float(w.get("polarity", "0")), w.get("pos", ""))
            for w in root.iter("word")]


def _read_csv(folder: Path | None, name: str) -> list[dict[str, str]]:
    if folder is None:
        text = resources.files("servicelab").joinpath("data", "sentiment", name).read_text(
            "utf-8")
    else:
        text = (Path(folder) / name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


_EMOJI = "[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2764]"


def _token_re(emoticons: dict[str, float]) -> re.Pattern[str]:
    emos = sorted((e for e in emoticons if not re.match(_EMOJI, e)), key=len, reverse=True)
    emo_alt = "|".join(re.escape(e) for e in emos)
    # Why the lookahead and the possessive runs: the pattern is tried at every character of
    # the corpus; the lookahead rejects the emoticon branch at one character instead of
    # trying every emoticon, and a word is letters/digits with single inner hyphens or
    # apostrophes, matched without backtracking (the same tokens as
    # ``[^\W\d_](?:[\w]|[-'](?=\w))*``, ~1.4× faster over a corpus).
    firsts = "".join(sorted({re.escape(e[0]) for e in emos}))
    emo_branch = (rf"(?=[{firsts}])(?:(?P<emo>{emo_alt})(?!\w))|" if emos
                  else r"(?P<emo>)(?!\w)|")  # as before: an empty list matches empty
    return re.compile(
        emo_branch
        + rf"(?P<emoji>{_EMOJI})[\ufe0f\u200d]*"
        r"|(?P<word>[^\W\d_]\w*+(?:[-']\w++)*+)"
        r"|(?P<excl>!+)"
        rf"|(?P<quote>[{QUOTE_MARKS}])"
        r"|(?P<stop>[.?;:…]+|[,()–]|\n)"
    )


@dataclass(frozen=True, eq=False)
class SentimentLexicon:
    """The German rules' word lists and tunables, passed to :func:`analyse`.

    An object rather than module settings, so that a changed tunable
    (``SentimentLexicon.load(quote_weight=1.0)``) takes effect and two rule sets can be
    compared in one session. :meth:`lexicon` gives the polarity lexicons under these rules.
    """

    negators: dict[str, float] = field(repr=False)  # word -> weight ("kaum" 0.5)
    scope_ends: frozenset[str] = field(repr=False)  # conjunctions that end a negation scope
    degree: dict[str, float] = field(repr=False)  # > 1 intensifier, < 1 downtoner
    emoticons: dict[str, float] = field(repr=False)  # emoticons and emoji -> polarity
    #: Negated positive words flip with this factor, negated negative words with the smaller
    #: one ("nicht gut" is clearly negative; "nicht schlecht" is only mildly positive).
    negate_positive: float = 0.8
    negate_negative: float = 0.5
    #: Each "!" in a sentence amplifies it by this much, up to three marks.
    exclamation_step: float = 0.2
    #: Polar words inside quotation marks count with this weight when the text has unquoted
    #: ones.
    quote_weight: float = 0.25
    #: Squashing constant: score = d / sqrt(d**2 + alpha), d = sum of polarities / sqrt(n).
    alpha: float = 0.05
    token_re: re.Pattern[str] = field(init=False, repr=False)
    _lexicons: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "token_re", _token_re(self.emoticons))

    @classmethod
    def load(cls, folder: str | Path | None = None, **tunables: float) -> SentimentLexicon:
        """Word lists from ``folder`` (``negation.csv``, ``intensifiers.csv``,
        ``emoticons.csv``; default: the shipped ``data/sentiment/``) and tunables by name."""
        base = Path(folder) if folder is not None else None
        neg = _read_csv(base, "negation.csv")
        return cls(
            {r["word"]: float(r["weight"]) for r in neg if r["kind"] == "negator"},
            frozenset(r["word"] for r in neg if r["kind"] == "scope_end"),
            {r["word"]: float(r["factor"]) for r in _read_csv(base, "intensifiers.csv")},
            {r["token"]: float(r["polarity"]) for r in _read_csv(base, "emoticons.csv")},
            **tunables)

    @classmethod
    def default(cls) -> SentimentLexicon:
        """The shipped rules (loaded once; they are not changed in place)."""
        return _default_rules()

    def with_(self, **tunables: float) -> SentimentLexicon:
        """A copy with other tunables (``rules.with_(quote_weight=1.0)``)."""
        return replace(self, **tunables)

    def lexicon(self, name: LexiconName = "sentiws") -> Lexicon:
        """SentiWS (``sentiws``) or the German Polarity Lexicon (``gpl``) under these rules
        (negators and scope words are no polar words)."""
        if name not in self._lexicons:
            pol = _polarities(name)
            skip = set(self.negators) | self.scope_ends
            self._lexicons[name] = Lexicon(name, {k: v for k, v in pol if k not in skip})
        return self._lexicons[name]

    def __getstate__(self) -> dict:
        """Pickle (for Dask workers) without the loaded lexicons."""
        return {**self.__dict__, "_lexicons": {}}


@lru_cache(maxsize=1)
def _default_rules() -> SentimentLexicon:
    return SentimentLexicon.load()


def negation_words() -> dict[str, float]:
    """Negators and their weight (``kaum`` 0.5) of the shipped rules."""
    return SentimentLexicon.default().negators


def scope_end_words() -> frozenset[str]:
    """Conjunctions that end a negation scope (shipped rules)."""
    return SentimentLexicon.default().scope_ends


def intensifiers() -> dict[str, float]:
    """Degree words and their factor (> 1 intensifier, < 1 downtoner; shipped rules)."""
    return SentimentLexicon.default().degree


def emoticons() -> dict[str, float]:
    """Emoticons and emoji with their polarity (shipped rules)."""
    return SentimentLexicon.default().emoticons


@dataclass(frozen=True)
class Lexicon:
    """A lower-cased form → polarity map with suffix and compound fallback."""

    name: str
    polarity: dict[str, float] = field(repr=False)
    _memo: dict[str, tuple[float, str] | None] = field(
        default_factory=dict, repr=False, compare=False)
    _stem_map: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    _starts: set[str] = field(default_factory=set, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.polarity)

    def exact(self, word: str) -> float | None:
        """Polarity of the lower-cased form, or None."""
        return self.polarity.get(word.lower())

    def _stems(self) -> dict[str, float]:
        """stem → polarity of its first form in the order stem, stem+"en", stem+"e",
        stem+"n" that the lexicon holds: the candidates :meth:`_stem` tries, read from one
        dict instead of four concatenated strings per suffix (built once per lexicon)."""
        if not self._stem_map and self.polarity:
            self._stem_map.update(_stem_map(self.polarity))
        return self._stem_map

    def _head_starts(self) -> set[str]:
        """The first four letters of every form (built once per lexicon).

        Why: the compound search tries every head ``w[i:]`` of an unseen word, a dictionary
        test for the head and one per stripped suffix. A head is a form (four letters or
        more) or, six letters or more, leaves a stem of four or more once at most two
        letters of adjective ending or a longer suffix are stripped; a stem is a form or a
        form without ``en``/``e``/``n``, so either begins with a form's first four letters.
        Most heads begin with none, and one set test rejects them."""
        if not self._starts and self.polarity:
            self._starts.update(form[:4] for form in self.polarity)
        return self._starts

    def _stem(self, w: str) -> float | None:
        return self._stem_from(w, 0, _suffixes_of(w), self._stem_map or self._stems())

    @staticmethod
    def _stem_from(w: str, i: int, suffixes: list[tuple[int, bool]],
                   stems: dict[str, float]) -> float | None:
        """Polarity of ``w[i:]`` with one of ``suffixes`` (:func:`_suffixes_of` of ``w``:
        every head ``w[i:]`` ends as ``w`` does) stripped, if the stem is long enough."""
        m, n = len(w) - i, len(w)
        for k, adjective in suffixes:
            if m - k < 3 or (m - k < _MIN_STEM and not adjective):
                continue
            value = stems.get(w[i:n - k])
            if value is not None:
                return value
        return None

    def lookup(self, word: str) -> tuple[float, str] | None:
        """(polarity, how) with how in ``exact`` / ``suffix`` / ``compound``, or None."""
        w = word.lower()
        if w in self._memo:
            return self._memo[w]
        return self.lookup_lower(w)

    def lookup_lower(self, w: str) -> tuple[float, str] | None:
        """:meth:`lookup` of a lower-cased word not in the memo yet (kept there)."""
        found = self._lookup(w)
        if len(self._memo) < 500_000:
            self._memo[w] = found
        return found

    def _lookup(self, w: str) -> tuple[float, str] | None:
        value = self.polarity.get(w)
        if value is not None:
            return value, "exact"
        # every head w[i:] ends as w does, so which suffixes apply is read once per word
        suffixes = _SUFFIXES_BY_END.get(w[-5:])
        if suffixes is None:
            suffixes = _suffixes_by_end(w)
        stems = self._stem_map or self._stems()
        n = len(w)
        for k, adjective in suffixes:  # _stem_from(w, 0, …) inlined: one call fewer
            if n - k < 3 or (n - k < _MIN_STEM and not adjective):
                continue
            value = stems.get(w[:n - k])
            if value is not None:
                return value, "suffix"
        if "-" in w:
            head = w.rsplit("-", 1)[1]
            if len(head) >= _MIN_HEAD:
                found = self.lookup(head)
                if found is not None:
                    return found[0], "compound"
            return None
        pol_get, stems_get = self.polarity.get, stems.get
        # _stem_from(w, i, …) inlined (a call per head was most of an unseen word's cost):
        # stripping suffix k leaves w[i:n-k], long enough (3 letters before an adjective
        # ending, else _MIN_STEM) while i <= last
        stripped = [(w[:n - k], n - k - (3 if adjective else _MIN_STEM))
                    for k, adjective in suffixes]
        starts = self._starts or self._head_starts()
        for i in range(3, n - _MIN_HEAD + 1):
            if w[i:i + 4] not in starts:
                continue  # no form and no stem begins as this head does
            value = pol_get(w[i:])
            if value is None and n - i > _MIN_STEM + 1:
                for stem, last in stripped:
                    if i <= last:
                        value = stems_get(stem[i:])
                        if value is not None:
                            break
            if value is not None:
                return value, "compound"
        return None


@lru_cache(maxsize=2)
def _polarities(name: str) -> tuple[tuple[str, float], ...]:
    """(lower-cased form, polarity) of a published lexicon, read once per process (it is
    package data) and across processes from the on-disk cache (:func:`_cached_polarities`).

    Where two forms collapse (``Gut``/``gut``) their mean is used.
    """
    if name not in ("sentiws", "gpl"):
        raise ValueError(f"unknown lexicon {name!r}; use 'sentiws' or 'gpl'")
    return _cached_polarities(name, lambda: _read_polarities(name))


def _read_polarities(name: str) -> tuple[tuple[str, float], ...]:
    """:func:`_polarities` read from the lexicon's published files."""
    if name == "sentiws":
        rows = _sentiws_rows()
    else:
        rows = [(form, value) for form, value, _ in _gpl_rows()
                if value != 0 and len(form) > 0]  # the rows gpl_entries keeps
    return _mean_by_lower(rows)


_POLARITY_MAGIC = b"servicelab-polarities 1\n"


def _polarity_sources(name: str) -> list[Path]:
    """The files :func:`_read_polarities` reads, and the code that reads and averages them."""
    if name == "sentiws":
        base = _package_dir("gersent") / "wordlists" / "de"
        files = [base / "positive.json", base / "negative.json"]
    else:
        files = [_package_dir("textblob_de") / "data" / "de-sentiment.xml"]
    return [*files, Path(__file__)]


def _cached_polarities(name: str, build: Callable[[], tuple[tuple[str, float], ...]]
                       ) -> tuple[tuple[str, float], ...]:
    """``build()``, or the same rows from a cache file written by an earlier process.

    Why: parsing the lexicon files and averaging the forms that collapse by case cost about
    0.15 s CPU in every process that scores sentiment (each build, each Dask worker); the
    cached rows are read in a fraction of that. The file is keyed by the bytes of the
    lexicon files and of this module, the pandas and NumPy versions (pandas computes the
    means) and the package version, and carries a checksum; the values are written as
    ``float.hex`` (exact), so the rows read are the rows built, bit for bit
    (``tests/test_lexicon.py``). A stale, damaged or unreadable file is rebuilt."""
    from servicelab.cache import _source_digest, cache_dir, write_atomic

    folder = cache_dir()
    try:
        sources = _polarity_sources(name)
    except FileNotFoundError:
        return build()  # the package is missing: build() says so
    if folder is None:
        return build()
    import numpy as np

    key = _source_digest(f"polarities {name} pandas {pd.__version__} numpy {np.__version__}",
                         sources)
    path = folder / f"polarities-{name}-{key[:16]}.txt"
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    rows = _decode_polarities(data, key) if data else None
    if rows is not None:
        return rows
    rows = build()
    body = _encode_polarities(rows, key)
    if body is not None:
        write_atomic(path, body)
    return rows


def _encode_polarities(rows: tuple[tuple[str, float], ...], key: str) -> bytes | None:
    """Cache file body: magic line, key and checksum, then ``form<TAB>float.hex`` lines
    (None when a form holds a tab or newline: such rows are not cached)."""
    if any("\t" in form or "\n" in form for form, _ in rows):
        return None
    payload = "\n".join(f"{form}\t{float(value).hex()}" for form, value in rows).encode()
    check = hashlib.blake2b(payload, digest_size=16).hexdigest()
    return _POLARITY_MAGIC + f"{key} {len(rows)} {check}\n".encode() + payload


def _decode_polarities(data: bytes, key: str) -> tuple[tuple[str, float], ...] | None:
    """The rows of a cache file, or None when it is stale, damaged or of another shape."""
    if not data.startswith(_POLARITY_MAGIC):
        return None
    head, _, payload = data[len(_POLARITY_MAGIC):].partition(b"\n")
    fields = head.decode("ascii", "replace").split(" ")
    if len(fields) != 3 or fields[0] != key or not fields[1].isdigit():
        return None
    if hashlib.blake2b(payload, digest_size=16).hexdigest() != fields[2]:
        return None
    try:
        lines = payload.decode("utf-8").split("\n") if payload else []
        rows = tuple((form, float.fromhex(value))
                     for form, value in (line.split("\t") for line in lines))
    except (UnicodeDecodeError, ValueError):
        return None
    return rows if len(rows) == int(fields[1]) else None


def _mean_by_lower(rows: list[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """(lower-cased form, mean polarity) sorted by form: what ``DataFrame(rows)`` sorted by
    form and polarity, forms lower-cased, ``groupby("form")["polarity"].mean()`` gives.

    Why: building, sorting and copying the entries' frame took 0.2 s of each process's
    first sentiment call; here the rows are sorted and lower-cased in Python and only the
    two columns pandas averages are framed, in the same order, so the means are pandas' own
    (``tests/test_lexicon.py`` compares them bit for bit)."""
    ordered = sorted(rows)
    values = [value for _, value in ordered]
    if any(map(math.isnan, values)):  # Python cannot sort NaN as pandas does
        e = pd.DataFrame(rows, columns=["form", "polarity"]).sort_values(["form", "polarity"])
        pol = e.assign(form=e["form"].str.lower()).groupby("form")["polarity"].mean()
    else:
        frame = pd.DataFrame({"form": [form.lower() for form, _ in ordered],
                              "polarity": values})
        pol = frame.groupby("form")["polarity"].mean()
    return tuple((k, float(v)) for k, v in pol.items())


def load_lexicon(name: LexiconName = "sentiws",
                 rules: SentimentLexicon | None = None) -> Lexicon:
    """The SentiWS (``sentiws``) or German Polarity Lexicon (``gpl``) as a :class:`Lexicon`
    (under the shipped rules unless ``rules`` are given)."""
    return (rules or SentimentLexicon.default()).lexicon(name)


# ---------------------------------------------------------------------------------------
# tokens
# ---------------------------------------------------------------------------------------


class Token(NamedTuple):
    """One token: ``kind`` in word / emo / excl / quote / stop; ``start`` offset in the text.

    A named tuple rather than a frozen dataclass: a corpus makes millions of them, and a
    tuple is several times cheaper to create.
    """

    kind: str
    text: str
    start: int


_NOT_A_WORD = re.compile(r"[\d_]")
_URL = re.compile(r"(?:https?://|www\.)\S+")


def tokenize(text: str, rules: SentimentLexicon | None = None) -> list[Token]:
    """Words, emoticons/emoji, exclamation runs, quotation marks and clause punctuation.

    URLs are skipped; offsets refer to ``text``.
    """
    blanked = _URL.sub(_blank, text) if "www." in text or "://" in text else text
    found = list((rules or SentimentLexicon.default()).token_re.finditer(blanked))
    # built by C-level maps (no Python frame per token): a corpus makes millions of tokens
    kinds = map(_KINDS.get, map(_LASTGROUP, found), repeat("stop"))
    return list(map(_NEW_TOKEN, zip(kinds, map(re.Match.group, found),
                                    map(re.Match.start, found), strict=True)))


#: token kinds by regex group name (``emoji`` counts as ``emo``)
_KINDS = {"emo": "emo", "emoji": "emo", "word": "word", "excl": "excl", "quote": "quote",
          "stop": "stop"}


_LASTGROUP = attrgetter("lastgroup")
_KIND = itemgetter(0)  # a token's kind
_NEW_TOKEN = partial(tuple.__new__, Token)  # Token from a (kind, text, start) tuple


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


# ---------------------------------------------------------------------------------------
# rule-based analysis
# ---------------------------------------------------------------------------------------

@dataclass
class Hit:
    """A token that carries polarity, with what the rules did to it."""

    token: str
    start: int
    prior: float
    value: float
    how: str = "exact"
    negated: bool = False
    factor: float = 1.0
    quoted: bool = False
    sentence: int = 0


@dataclass
class Analysis:
    """Rule-based analysis of one text: polar hits, word count, summary numbers."""

    hits: list[Hit]
    n_words: int  # words and emoticons/emoji, without negators and degree words
    n_exclamations: int
    n_negations: int
    alpha: float = SentimentLexicon.alpha  # the squashing constant of the rules used

    @property
    def total(self) -> float:
        """Sum of final polarities (after negation, degree, exclamation and quote rules)."""
        return sum(h.value for h in self.hits)

    @property
    def score(self) -> float:
        """Length-normalised polarity squashed into (-1, 1)."""
        return squash(self.total, self.n_words, self.alpha)


def squash(total: float, n_words: int, alpha: float = SentimentLexicon.alpha) -> float:
    """``d / sqrt(d**2 + alpha)`` with ``d = total / sqrt(n_words)`` (0 for empty text)."""
    if n_words <= 0 or total == 0:
        return 0.0
    d = total / math.sqrt(n_words)
    return d / math.sqrt(d * d + alpha)


def analyse(text: str, lexicon: Lexicon, rules: bool | SentimentLexicon = True,
            quote_weight: float | None = None, tokens: list[Token] | None = None) -> Analysis:
    """Score ``text`` word by word with ``lexicon``.

    ``rules`` is a :class:`SentimentLexicon` (``True``: the shipped one); ``False`` gives
    naive counting: exact lower-cased forms summed, nothing else. ``quote_weight`` overrides
    the rules' weight of quoted words. ``tokens`` may pass ``tokenize(text)`` when several
    lexicons score the same text.
    """
    sl = rules if isinstance(rules, SentimentLexicon) else SentimentLexicon.default()
    tokens = tokenize(text, sl) if tokens is None else tokens
    kinds = list(map(_KIND, tokens))
    n_words = kinds.count("word") + kinds.count("emo")  # counted in C, not per token
    if rules is False:
        pol = lexicon.polarity  # Lexicon.exact, without a call per word
        hits = [Hit(x, s, v, v) for k, x, s in tokens if k == "word"
                and (v := pol.get(x.lower())) is not None]
        return Analysis(hits, n_words, 0, 0, sl.alpha)
    quote_weight = sl.quote_weight if quote_weight is None else quote_weight

    def _negate(value: float, weight: float) -> float:
        flipped = -value * (sl.negate_positive if value > 0 else sl.negate_negative)
        return weight * flipped

    negators, ends, degree, emos = sl.negators, sl.scope_ends, sl.degree, sl.emoticons
    memo = lexicon._memo
    hits: list[Hit] = []
    sentence = 0
    excl_by_sentence: dict[int, int] = {}
    in_quote = False
    # negation state: weight, kind ('np' for kein*, 'pred' for others), tokens left, consumed
    neg: dict[str, object] | None = None
    clause_hits: list[Hit] = []
    pending_factor = 1.0
    pending_left = 0
    n_negations = 0
    n_modifiers = 0  # negators and degree words do not dilute the length normalisation

    def finish_negation() -> None:
        nonlocal neg
        if neg is not None and not neg["used"] and neg["kind"] == "pred":
            # post-verbal negation: "funktioniert nicht", "hilft mir nicht weiter"
            before = [h for h in clause_hits if h.start < int(neg["start"]) and not h.negated]
            if before:
                h = before[-1]
                h.value = _negate(h.value, float(neg["weight"]))
                h.negated = True
        if neg is not None and neg["kind"] == "np":
            np_hits = [h for h in clause_hits if h.start > int(neg["start"]) and h.negated]
            # "kein großes Problem": a polar head noun carries the negation alone
            if len(np_hits) > 1 and np_hits[-1].token[:1].isupper():
                for h in np_hits[:-1]:
                    h.value = 0.0
        neg = None

    def close_clause() -> None:
        nonlocal clause_hits
        finish_negation()
        clause_hits = []

    forms, special = _WORD_FORMS, _modifier_words(sl)
    for i, (kind, text, start) in enumerate(tokens):
        if kind == "word":
            word = forms.get(text)
            if word is None:
                word = _word_form(text)
            if not word:  # a digit or underscore: no word for the lexicons
                continue
            if word in special:  # one lookup for the three kinds of modifier words
                if word in ends:
                    close_clause()
                    continue
                if word in negators:
                    finish_negation()
                    n_negations += 1
                    n_modifiers += 1
                    np_kind = "np" if word.startswith("kein") or word in {"ohne", "wenig"} \
                        else "pred"
                    neg = {"weight": negators[word], "kind": np_kind, "left": 4,
                           "used": False, "start": start}
                    continue
                if word in degree and _next_polar(tokens, i, lexicon, degree):
                    pending_factor *= degree[word]
                    n_modifiers += 1
                    pending_left = 2
                    continue
            found = memo.get(word, _UNSEEN)  # the lookup memo read here: one call fewer
            if found is _UNSEEN:
                found = lexicon.lookup(text)
            if found is not None:
                prior, how = found
                value = prior * pending_factor
                hit = Hit(text, start, prior, value, how, factor=pending_factor,
                          quoted=in_quote, sentence=sentence)
                if neg is not None and int(neg["left"]) > 0:
                    hit.value = _negate(hit.value, float(neg["weight"]))
                    hit.negated = True
                    neg["used"] = True
                    if neg["kind"] == "pred":
                        neg["left"] = 0
                hits.append(hit)
                clause_hits.append(hit)
                pending_factor, pending_left = 1.0, 0
            elif pending_left:
                pending_left -= 1
                if not pending_left:
                    pending_factor = 1.0
            if neg is not None:
                neg["left"] = int(neg["left"]) - 1
                # a noun (capitalised) closes the kein-NP
                if neg["kind"] == "np" and text[:1].isupper():
                    neg["left"] = 0
                    finish_negation()
            continue
        if kind == "quote":
            if text in OPENING_ONLY:
                in_quote = True
            elif text in CLOSING_ONLY:
                in_quote = False
            else:
                in_quote = not in_quote
            close_clause()
            continue
        if kind == "excl":
            excl_by_sentence[sentence] = excl_by_sentence.get(sentence, 0) + len(text)
            close_clause()
            sentence += 1
            continue
        if kind == "stop":
            close_clause()
            pending_factor, pending_left = 1.0, 0
            if text[0] in ".?…" or text == "\n":
                sentence += 1
            continue
        if kind == "emo":
            value = emos.get(text.replace("\ufe0f", "").replace("\u200d", ""))
            if value is None:
                value = emos.get(text[0], 0.0)
            if value:
                hits.append(Hit(text, start, value, value, "emoticon",
                                quoted=in_quote, sentence=sentence))
            continue
    close_clause()

    for h in hits:
        n = excl_by_sentence.get(h.sentence, 0)
        if n:
            h.value *= 1 + sl.exclamation_step * min(n, 3)
    unquoted = any(not h.quoted for h in hits)
    if unquoted and quote_weight != 1.0:
        for h in hits:
            if h.quoted:
                h.value *= quote_weight
    return Analysis(hits, max(n_words - n_modifiers, 1 if hits else 0),
                    sum(excl_by_sentence.values()), n_negations, sl.alpha)


_UNSEEN = object()  # not in a lexicon's lookup memo yet

#: word token → its lower-cased form, or "" when it holds a digit or underscore (shared by
#: every lexicon and rule set: the same word is lower-cased and checked once per process)
_WORD_FORMS: dict[str, str] = {}


def _word_form(text: str) -> str:
    """Lower-cased form of a word token, or "" for one with a digit or underscore (kept in
    :data:`_WORD_FORMS`, up to 500,000 words)."""
    form = text.lower()
    if _NOT_A_WORD.search(form):
        form = ""
    if len(_WORD_FORMS) < 500_000:
        _WORD_FORMS[text] = form
    return form


@lru_cache(maxsize=8)
def _modifier_words(rules: SentimentLexicon) -> frozenset[str]:
    """Scope ends, negators and degree words of ``rules`` in one set, so an ordinary word
    costs one membership test instead of three."""
    return frozenset(rules.scope_ends) | frozenset(rules.negators) | frozenset(rules.degree)


def _next_polar(tokens: list[Token], i: int, lexicon: Lexicon, degree: dict[str, float]
                ) -> bool:
    """Whether the token after ``i`` is a polar or degree word (a degree word applies only
    then; asked only for degree words, as most words are none)."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return (nxt is not None and nxt.kind == "word"
            and (lexicon.lookup(nxt.text) is not None or nxt.text.lower() in degree))


def lexicon_score(text: str, lexicon: LexiconName | Lexicon = "sentiws",
                  rules: bool | SentimentLexicon = True) -> float:
    """Rule-based (or naive, ``rules=False``) polarity of ``text`` in (-1, 1)."""
    sl = rules if isinstance(rules, SentimentLexicon) else None
    lex = load_lexicon(lexicon, sl) if isinstance(lexicon, str) else lexicon
    return analyse(text, lex, rules=rules).score


def explain(text: str, lexicon: LexiconName = "sentiws",
            rules: SentimentLexicon | None = None) -> pd.DataFrame:
    """One row per polar token: prior, final value and what the rules did (for teaching)."""
    a = analyse(text, load_lexicon(lexicon, rules), rules=rules or True)
    cols = ["token", "start", "prior", "value", "how", "negated", "factor", "quoted"]
    rows = [{c: getattr(h, c) for c in cols} for h in a.hits]
    return pd.DataFrame(rows, columns=cols)
