"""The word lists and tunables of the temporal tagger, as one immutable object.

Why an object: the tagger used to read its CSVs once at import time, so a user could not try
a word list of their own without overwriting a package file, and two rule sets could not be
compared in one kernel. ``TimexRules.load()`` reads the shipped ``servicelab/data/timex_*.csv``
files; ``TimexRules.load(holidays="my_holidays.csv")`` replaces one of them by a user's file
(same columns); ``dataclasses.replace(rules, apposition_gap=40)`` changes a tunable. Every
public function of ``servicelab.timex`` takes ``rules=`` (``None`` → ``default_rules()``).

Each word list lives in exactly one CSV; the columns ``constructions`` (units, relative words,
direction words) say in which grammatical construction a word form takes part, so the
extraction code holds patterns, not words.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from servicelab.errors import CorpusInputError

#: file key → (shipped file name, required columns)
FILES: Mapping[str, tuple[str, tuple[str, ...]]] = MappingProxyType({
    "numbers": ("timex_numbers.csv", ("word", "value")),
    "months": ("timex_months.csv", ("word", "month", "abbreviation")),
    "weekdays": ("timex_weekdays.csv", ("word", "weekday", "abbreviation")),
    "parts_of_day": ("timex_parts_of_day.csv", ("word", "code", "noun", "adverb")),
    "units": ("timex_units.csv", ("word", "unit", "abbreviation", "constructions")),
    "modifiers": ("timex_modifiers.csv", ("word", "mod_duration", "mod_date")),
    "holidays": ("timex_holidays.csv", ("word", "month", "day", "easter_offset")),
    "seasons": ("timex_seasons.csv", ("word", "code")),
    "period_words": ("timex_period_words.csv", ("word", "unit", "mod")),
    "period_parts": ("timex_period_parts.csv", ("word", "mod")),
    "deictic_words": ("timex_deictic_words.csv", ("word", "offset")),
    "direction_words": ("timex_direction_words.csv", ("word", "direction", "constructions")),
    "relative_words": ("timex_relative_words.csv", ("word", "offset", "constructions")),
    "adjective_suffixes": ("timex_adjective_suffixes.csv", ("suffix", "unit", "type")),
    "context_words": ("timex_context_words.csv", ("context", "word")),
    "patterns": ("timex_patterns.csv", ("name", "pattern")),
    "vague_words": ("timex_vague_words.csv", ("word", "type", "value", "unit", "offset", "mod",
                                              "example")),
})

class FrozenMap(Mapping):
    """A read-only dict that pickles (``MappingProxyType`` does not), so rules objects can be
    sent to Dask workers."""

    __slots__ = ("_d",)

    def __init__(self, data: Mapping | None = None) -> None:
        object.__setattr__(self, "_d", dict(data or {}))

    def __getitem__(self, key: Any) -> Any:
        return self._d[key]

    def __iter__(self) -> Iterator:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __contains__(self, key: object) -> bool:
        return key in self._d

    def get(self, key: Any, default: Any = None) -> Any:
        return self._d.get(key, default)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("FrozenMap is read-only")

    def __getstate__(self) -> dict:
        return self._d

    def __setstate__(self, state: dict) -> None:
        object.__setattr__(self, "_d", state)

    def __repr__(self) -> str:
        return f"FrozenMap({self._d!r})"


#: rule priorities: break ties between candidates of equal length (higher wins)
DEFAULT_PRIORITIES = FrozenMap({
    "date_numeric": 9, "date_daymonth": 9, "date_slash": 9, "anaphor_num": 8, "anaphor_tags": 8,
    "time_uhr": 7,
    "deictic": 6, "weekday": 6, "duration": 5, "set_every": 7})

UNITS = frozenset({"S", "MIN", "H", "D", "W", "M", "Y", "WE", "WD"})  # WD: working days
#: the names the extraction code looks up (a typo in a user's file is an error, not a no-op)
CONTEXTS = frozenset({"version", "month", "year", "time", "season", "part_of_day",
                      "part_of_day_after_der", "not_tomorrow", "time_hedge", "present_form",
                      "not_document_date", "later_addition", "planned_for",
                      "target_preposition", "origin_preposition", "reported_speech",
                      "day_only",
                      "day_only_not",
                      "day_only_article"})
PATTERNS = frozenset({"not_after_year", "apposition_before", "apposition_after",
                      "past_contrast", "past_tense", "future_tense", "late_after"})
CONSTRUCTIONS = {
    "units": frozenset({"quantity", "tags_dir", "tags_dir!", "day_anaphor", "span_next",
                        "period", "part_period", "year_ref", "weekend", "every", "times",
                        "since", "late"}),
    "relative_words": frozenset({"rel", "day_anaphor", "span_next", "part"}),
    "direction_words": frozenset({"dir", "tags_dir"}),
}


def _frozen(d: dict) -> FrozenMap:
    return FrozenMap(d)


@dataclass(frozen=True, eq=False)
class TimexRules:
    """Word lists (lower-case keys unless noted) and tunables of the tagger.

    Compared by identity: compiled patterns are cached per rules object.
    """

    numbers: Mapping[str, float]
    vague: frozenset[str]                       # "einige", "ein paar": a quantity, no number
    months: Mapping[str, int]
    month_abbr: Mapping[str, int]
    weekdays: Mapping[str, int]
    weekday_abbr: Mapping[str, int]
    parts_of_day: Mapping[str, str]             # word → TIMEX3 code (MO, AF, ...)
    part_of_day_nouns: tuple[str, ...]          # as written: "Abend"
    part_of_day_adverbs: Mapping[str, str]      # "abends" → EV
    units: Mapping[str, str]                    # units after a number: "tage" → D
    unit_nouns: tuple[str, ...]                 # as written, without abbreviations
    unit_of_noun: Mapping[str, str]             # "tags" → D, "wochenende" → WE
    unit_constructions: Mapping[str, Mapping[str, str]]  # word → construction → form or ""
    mods: Mapping[str, tuple[str, str]]         # hedge → (duration mod, date mod)
    holidays: Mapping[str, tuple[int | None, int | None, int | None]]
    holiday_words: tuple[str, ...]              # as written: "Tag der Deutschen Einheit"
    seasons: Mapping[str, str]
    period_words: Mapping[str, tuple[str, str]]  # "jahresende" → (Y, END)
    period_parts: Mapping[str, str]             # "anfang" → START
    period_part_words: tuple[str, ...]          # as written: "Anfang"
    deictic: Mapping[str, int | None]           # "gestern" → -1; None: the present
    directions: Mapping[str, int]               # "später" → +1
    direction_constructions: Mapping[str, frozenset[str]]
    relative: Mapping[str, int]                 # "letzten" → -1
    relative_constructions: Mapping[str, frozenset[str]]
    adjective_suffixes: Mapping[str, tuple[str, str]]  # "tägig" → (D, DURATION)
    contexts: Mapping[str, frozenset[str]]      # context name → preceding words
    patterns: Mapping[str, str]                 # named regular expressions
    vague_words: Mapping[str, tuple[str, str, str, int | None, str]]  # as written →
    #                                             (type, value, unit, offset, mod)
    since_nouns: tuple[str, ...]                # plural units read after "seit": "Monaten"
    late_nouns: tuple[str, ...]                 # plural units before "zu spät": "Jahre"
    # tunables
    priorities: Mapping[str, int] = field(default_factory=lambda: DEFAULT_PRIORITIES)
    year_switch_days: int = 122     # a partial date takes the neighbouring year within this …
    same_year_days: int = 183       # … when the anchor's own year puts it further than this
    weekday_year_span: int = 2      # years around the page's years a weekday may fix
    apposition_gap: int = 25        # characters between an anaphor and its restating date
    past_contrast_window: int = 200  # characters before "heute" searched for "früher"
    dct_window: int = 400           # a full date this near the post's start dates the post
    date_line_window: int = 800     # … and a date on a date line this near (below a letter's
    #                                 address block)
    date_line_words: int = 5        # a date line holds at most this many other words
    anchor_years: int = 1           # an anchor further than this from the post's date is
    #                                 not used (the post's date is)
    addition_is_writing_time: bool = True  # "Update 19.11.:" dates what follows it
    header_line_chars: int = 160    # a header line (title, byline, subject, a reply's
    #                                 "Name · vor 3 Tagen") is at most this long

    @classmethod
    def load(cls, **files: str | Path) -> TimexRules:
        """The shipped word lists, with any of ``FILES`` replaced by a user's CSV
        (``TimexRules.load(holidays="my_holidays.csv")``); bad files raise
        ``CorpusInputError`` naming the file and row."""
        unknown = sorted(set(files) - set(FILES))
        if unknown:
            raise ValueError(f"unknown timex rule file(s) {unknown}; known: {sorted(FILES)}")
        t = {key: RuleTable.read(key, files.get(key)) for key in FILES}
        return _build(cls, t)

    def words(self, table: str, construction: str) -> list[str]:
        """Words of ``relative`` or ``direction`` that take part in ``construction``."""
        cons = {"relative": self.relative_constructions,
                "direction": self.direction_constructions}[table]
        return [w for w, c in cons.items() if construction in c]

    def context(self, name: str) -> frozenset[str]:
        return self.contexts.get(name, frozenset())


@lru_cache(maxsize=1)
def default_rules() -> TimexRules:
    """The shipped rules, loaded once (immutable, so sharing them is safe)."""
    return TimexRules.load()


def resolve_rules(rules: TimexRules | None) -> TimexRules:
    return default_rules() if rules is None else rules


# --------------------------------------------------------------------------- reading


@dataclass
class RuleTable:
    """One rules CSV's rows, with the path to name in errors."""

    path: str
    rows: list[dict[str, str]]

    @classmethod
    def read(cls, key: str, user: str | Path | None) -> RuleTable:
        name, required = FILES[key]
        return cls.open(name, required, user)

    @classmethod
    def open(cls, name: str, required: tuple[str, ...], user: str | Path | None) -> RuleTable:
        """The shipped ``servicelab/data/<name>`` or the user's file, checked for columns."""
        if user is None:
            src = resources.files("servicelab") / "data" / name
            label = f"servicelab/data/{name}"
        else:
            src, label = Path(user), str(user)
            if not src.is_file():
                raise CorpusInputError(label, "file not found")
        try:
            with src.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                rows = list(reader)
                header = reader.fieldnames or []
        except UnicodeDecodeError as e:
            raise CorpusInputError(label, f"not UTF-8 ({e.reason})") from None
        missing = [c for c in required if c not in header]
        if missing:
            raise CorpusInputError(label, f"missing column(s) {', '.join(missing)}")
        return cls(label, rows)

    def each(self, fn: Callable[[dict[str, str]], object]) -> list:
        """``fn`` over the rows; a ValueError/KeyError becomes one line naming file and row."""
        out = []
        for i, r in enumerate(self.rows):
            try:
                out.append(fn(r))
            except (ValueError, KeyError) as e:
                raise CorpusInputError(self.path, f"row {i + 2}: {e}") from None
        return out


def _int(v: str) -> int | None:
    return int(v) if v.strip() else None


def _flag(v: str) -> bool:
    if v not in {"0", "1"}:
        raise ValueError(f"expected 0 or 1, got {v!r}")
    return v == "1"


def _one_of(v: str, known: frozenset[str], what: str) -> str:
    if v not in known:
        raise ValueError(f"unknown {what} {v!r} (one of {sorted(known)})")
    return v


def _constructions(v: str, key: str) -> list[str]:
    return [_one_of(c, CONSTRUCTIONS[key], "construction") for c in v.split()]


def _unit(v: str) -> str:
    if v not in UNITS:
        raise ValueError(f"unknown unit {v!r} (one of {sorted(UNITS)})")
    return v


def regex(v: str) -> str:
    """``v`` if it compiles (else a ValueError that ``RuleTable.each`` turns into one line)."""
    try:
        re.compile(v)
    except re.error as e:
        raise ValueError(f"bad regular expression ({e})") from None
    return v


def _build(cls: type[TimexRules], t: dict[str, RuleTable]) -> TimexRules:
    lower = str.lower
    num = t["numbers"].each(lambda r: (lower(r["word"]), float(r["value"]) if r["value"] else None))
    months = t["months"].each(
        lambda r: (lower(r["word"]), int(r["month"]), _flag(r["abbreviation"])))
    wdays = t["weekdays"].each(
        lambda r: (lower(r["word"]), int(r["weekday"]), _flag(r["abbreviation"])))
    pods = t["parts_of_day"].each(
        lambda r: (r["word"], r["code"], _flag(r["noun"]), r["adverb"]))
    units = t["units"].each(lambda r: (r["word"], _unit(r["unit"]), _flag(r["abbreviation"]),
                                       _constructions(r["constructions"], "units")))
    unit_cons: dict[str, dict[str, str]] = {}
    for w, _u, abbr, cons in units:
        if not abbr:
            # "tags_dir!": only in the form as written (the noun "Tag", not "tag")
            unit_cons[w.lower()] = {c.rstrip("!"): (w if c.endswith("!") else "") for c in cons}
    holidays = t["holidays"].each(lambda r: (r["word"], (_int(r["month"]), _int(r["day"]),
                                                          _int(r["easter_offset"]))))
    rel = t["relative_words"].each(lambda r: (
        lower(r["word"]), _int(r["offset"]) or 0,
        frozenset(_constructions(r["constructions"], "relative_words"))))
    dirs = t["direction_words"].each(lambda r: (
        lower(r["word"]), int(r["direction"]),
        frozenset(_constructions(r["constructions"], "direction_words"))))
    parts = t["period_parts"].each(lambda r: (r["word"], r["mod"]))
    contexts: dict[str, set[str]] = {}
    for c, w in t["context_words"].each(
            lambda r: (_one_of(r["context"], CONTEXTS, "context"), r["word"])):
        contexts.setdefault(c, set()).add(w)
    patterns = dict(t["patterns"].each(lambda r: (r["name"], regex(r["pattern"]))))
    missing = sorted(PATTERNS - set(patterns))
    if missing:
        raise CorpusInputError(t["patterns"].path, f"missing pattern(s) {', '.join(missing)}")
    return cls(
        numbers=_frozen({w: v for w, v in num if v is not None}),
        vague=frozenset(w for w, v in num if v is None),
        months=_frozen({w: m for w, m, a in months if not a}),
        month_abbr=_frozen({w: m for w, m, a in months if a}),
        weekdays=_frozen({w: d for w, d, a in wdays if not a}),
        weekday_abbr=_frozen({w: d for w, d, a in wdays if a}),
        parts_of_day=_frozen({w.lower(): c for w, c, _n, _a in pods}),
        part_of_day_nouns=tuple(w.capitalize() for w, _c, n, _a in pods if n),
        part_of_day_adverbs=_frozen({a.lower(): c for _w, c, _n, a in pods if a}),
        units=_frozen({w.lower(): u for w, u, _a, cons in units if "quantity" in cons}),
        unit_nouns=tuple(w for w, _u, a, _c in units if not a),
        unit_of_noun=_frozen({w.lower(): u for w, u, a, _c in units if not a}),
        unit_constructions=_frozen({w: _frozen(c) for w, c in unit_cons.items()}),
        mods=_frozen(dict(t["modifiers"].each(
            lambda r: (lower(r["word"]), (r["mod_duration"], r["mod_date"]))))),
        holidays=_frozen({w.lower(): v for w, v in holidays}),
        holiday_words=tuple(w for w, _v in holidays),
        seasons=_frozen(dict(t["seasons"].each(lambda r: (lower(r["word"]), r["code"])))),
        period_words=_frozen(dict(t["period_words"].each(
            lambda r: (lower(r["word"]), (_unit(r["unit"]), r["mod"]))))),
        period_parts=_frozen({w.lower(): m for w, m in parts}),
        period_part_words=tuple(w for w, _m in parts),
        deictic=_frozen(dict(t["deictic_words"].each(
            lambda r: (lower(r["word"]), _int(r["offset"]))))),
        directions=_frozen({w: d for w, d, _c in dirs}),
        direction_constructions=_frozen({w: c for w, _d, c in dirs}),
        relative=_frozen({w: o for w, o, _c in rel}),
        relative_constructions=_frozen({w: c for w, _o, c in rel}),
        adjective_suffixes=_frozen(dict(t["adjective_suffixes"].each(
            lambda r: (r["suffix"], (_unit(r["unit"]), r["type"]))))),
        contexts=_frozen({c: frozenset(ws) for c, ws in contexts.items()}),
        patterns=_frozen(patterns),
        vague_words=_frozen(dict(t["vague_words"].each(lambda r: (r["word"], (
            _one_of(r["type"], frozenset({"DATE", "TIME", "DURATION", "SET"}), "type"),
            r["value"], _unit(r["unit"]) if r["unit"] else "", _int(r["offset"]), r["mod"]))))),
        since_nouns=tuple(w for w, _u, a, cons in units if "since" in cons and not a),
        late_nouns=tuple(w for w, _u, a, cons in units if "late" in cons and not a),
    )
