"""German temporal expression tagger for web prose (TIMEX3-style values, no document date).

Two steps. ``extract`` finds candidate expressions with hand-written regular-expression rules
and reads what each one says (a day and month, a weekday, "one day later", "about two
weeks"). ``resolve`` turns them into TIMEX3 values, anchoring partial and relative
expressions against the explicit dates of the same post (see ``CODEBOOK.md` §4`):

* partial dates take the year of the nearest explicit date of the post;
* a weekday next to a partial date fixes the year when exactly one year near the page's
  explicit years fits ("Mittwoch, den 17. Dezember" + "30.12.2014" → 2014-12-17);
* weekdays resolve forward from the last calendar date of the post, anaphoric expressions
  ("ein Tag später", "Tags drauf") from the last dated expression, or from the date they stand
  in apposition to ("Ein Tag später – also am 31.12.");
* deictic words (heute, gestern, morgen) need the writing date; without ``dct`` they stay
  ``XXXX-XX-XX`` and keep their ``offset``.

Word lists (numbers, months, weekdays, units, hedges, holidays, parts of day) are CSV files
in ``servicelab/data/timex_*.csv``. ``build_tables(corpus)`` returns the ``timex`` table.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import pandas as pd

TIMEX_COLUMNS = ["timex_id", "doc_id", "post_id", "sentence_id", "start", "end", "text", "type",
                 "value", "mod", "anchor", "anchor_text", "offset", "rule"]


# --------------------------------------------------------------------------- lexicon

def _read_csv(name: str) -> list[dict[str, str]]:
    path = resources.files("servicelab") / "data" / name
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class Lexicon:
    """The word lists the rules are built from (one CSV each, see module docstring)."""

    numbers: dict[str, float]
    months: dict[str, int]
    month_abbr: dict[str, int]
    weekdays: dict[str, int]
    weekday_abbr: dict[str, int]
    parts_of_day: dict[str, str]
    units: dict[str, str]
    mods: dict[str, tuple[str, str]]
    holidays: dict[str, tuple[int | None, int | None, int | None]]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the ``timex_*.csv`` word lists (cached)."""
    def num(v: str) -> float:
        return float(v)

    months, month_abbr, weekdays, weekday_abbr = {}, {}, {}, {}
    for r in _read_csv("timex_months.csv"):
        (month_abbr if r["abbreviation"] == "1" else months)[r["word"].lower()] = int(r["month"])
    for r in _read_csv("timex_weekdays.csv"):
        target = weekday_abbr if r["abbreviation"] == "1" else weekdays
        target[r["word"].lower()] = int(r["weekday"])
    holidays = {}
    for r in _read_csv("timex_holidays.csv"):
        holidays[r["word"].lower()] = (
            int(r["month"]) if r["month"] else None, int(r["day"]) if r["day"] else None,
            int(r["easter_offset"]) if r["easter_offset"] else None)
    return Lexicon(
        numbers={r["word"].lower(): num(r["value"]) for r in _read_csv("timex_numbers.csv")},
        months=months, month_abbr=month_abbr, weekdays=weekdays, weekday_abbr=weekday_abbr,
        parts_of_day={r["word"].lower(): r["code"] for r in _read_csv("timex_parts_of_day.csv")},
        units={r["word"].lower(): r["unit"] for r in _read_csv("timex_units.csv")},
        mods={r["word"].lower(): (r["mod_duration"], r["mod_date"])
              for r in _read_csv("timex_modifiers.csv")},
        holidays=holidays,
    )


def _alt(words: Iterable[str]) -> str:
    """Regex alternation, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _trie(words: Iterable[str]) -> str:
    """The same language as ``_alt(words)`` written as a prefix tree ("Tag(?:e(?:n)?|s)?"),
    which Python's backtracking engine scans about ten times faster than a flat alternation."""
    root: dict = {}
    for w in set(words):
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        alts = [re.escape(k) + build(node[k]) for k in keys]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


# --------------------------------------------------------------------------- candidates

@dataclass
class Candidate:
    """What one matched expression says, before anchoring."""

    start: int
    end: int
    type: str
    kind: str   # date | weekday | time | deictic | anaphor | fixed | part | yearref
    rule: str
    y: int | None = None
    m: int | None = None
    d: int | None = None
    wd: int | None = None
    pod: str = ""
    hh: int | None = None
    mi: int | None = None
    unit: str = ""          # D W M Y H MIN for relative expressions
    n: float | None = None  # signed offset for relative expressions (None = vague)
    season: str = ""
    mod: str = ""
    value: str = ""         # preset value (durations, sets, decades, ...)
    rel: str = ""           # weekday modifier: last | next | this
    holiday_easter: int | None = None


@dataclass(frozen=True)
class Timex:
    """A tagged temporal expression with its TIMEX3-style normalisation."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str = ""
    anchor: str = ""       # id of the expression it was resolved against ("DCT" for the dct)
    anchor_text: str = ""
    offset: str = ""       # signed ISO duration relative to the anchor, e.g. "+P1D"
    rule: str = ""
    id: str = field(default="", compare=False)


# --------------------------------------------------------------------------- patterns
#
# Speed: every pattern starts with its *core* (a digit, or a literal word list with its case
# variants), so that Python's regex engine can skip quickly to possible matches. Modifiers in
# front of the core (hedges, number words, weekday before a date, "letzten", "vor", "jeden")
# are read afterwards with small end-anchored look-back patterns, only where a core matched.

def _prev_words(text: str, start: int, n: int = 1) -> str:
    """The ``n`` words before ``start`` (lower-cased, within 40 characters)."""
    chunk = text[max(0, start - 40):start]
    words = re.findall(r"[\w.§]+", chunk)
    return " ".join(words[-n:]).lower()


def _at_sentence_start(text: str, start: int) -> bool:
    """True if only sentence punctuation, quotes or a line break precede ``start``."""
    before = text[max(0, start - 6):start].rstrip(" ")
    return not before or before[-1] in ".!?:;\n\"'(–-"


def _alnum_before(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1].isalnum()


def _cv(words: Iterable[str]) -> str:
    """Alternation of ``words`` in their given, lower-case and capitalised forms."""
    forms = set()
    for w in words:
        forms.update({w, w.lower(), w[:1].upper() + w[1:]})
    return _alt(forms)


@dataclass(frozen=True)
class _Rules:
    digit_cores: list[tuple[str, re.Pattern[str]]]
    word_cores: list[tuple[str, re.Pattern[str]]]
    word_trigger: re.Pattern[str]
    lb: dict[str, re.Pattern[str]]
    la: dict[str, re.Pattern[str]]


_UNIT_WORDS = ["Tags", "Tages", "Tagen", "Tage", "Tag", "Wochenende", "Wochenenden", "Wochen",
               "Woche", "Monats", "Monaten", "Monate", "Monat", "Jahres", "Jahren", "Jahre",
               "Jahr", "Stunden", "Stunde", "Minuten", "Minute", "Sekunden", "Sekunde"]
_ADJ_SUFFIX = ["tägig", "wöchig", "monatig", "jährig", "stündig", "minütig", "täglich",
               "wöchentlich", "monatlich", "jährlich", "stündlich"]
_POD_NOUNS = ["Vormittag", "Nachmittag", "Abend", "Morgen", "Mittag", "Nacht"]
_POD_ADVERBS = ["morgens", "vormittags", "mittags", "nachmittags", "abends", "nachts"]
_PERIOD_WORDS = ["Jahresende", "Jahresanfang", "Jahresbeginn", "Monatsende", "Monatsanfang"]
_DAY_ANAPHORS = ["nächste", "nächsten", "nächstem", "folgende", "folgenden", "folgendem",
                 "darauffolgenden", "selbe", "selben", "gleiche", "gleichen", "diese", "diesem",
                 "diesen", "jene", "jenem", "jenen", "vorige", "vorigen"]
_PLURAL_SPAN = ["nächsten", "letzten", "kommenden", "vergangenen", "folgenden", "ersten"]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    lx = lexicon()
    numw = _cv(lx.numbers)
    vague = _cv(["einige", "einigen", "einiger", "wenige", "wenigen", "ein paar", "paar",
                 "mehrere", "mehreren", "etliche", "etlichen", "viele", "vielen", "weniger"])
    units = _cv(list(lx.units))
    hedge = _cv(lx.mods)
    month_full = _cv(lx.months)
    month = rf"(?:{month_full}|(?:{_cv(lx.month_abbr)})\.?)"
    month_cap = rf"(?:{_alt(w.capitalize() for w in lx.months)}|" \
                rf"(?:{_alt(w.capitalize() for w in lx.month_abbr)})\.?)"
    wd_full = _cv(lx.weekdays)
    wd_abbr = _alt(w.capitalize() for w in lx.weekday_abbr)
    pod_any = _cv(lx.parts_of_day)
    hol = _alt(r["word"].replace(" ", "\u0001")
               for r in _read_csv("timex_holidays.csv")).replace("\u0001", r"\s+")
    rel = _cv(["letzte", "letzten", "letzter", "letztem", "letztes", "vergangene", "vergangenen",
               "vergangenes", "vorige", "vorigen", "voriges", "nächste", "nächsten", "nächster",
               "nächstes", "nächstem", "kommende", "kommenden", "kommendes", "diese", "diesen",
               "dieser", "dieses", "diesem"])
    cores = {
        # digit-led
        "date_numeric": r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.(?:\s?(?P<y>\d{4})|(?P<y2>\d{2}))?"
                        r"(?!\d|\.\d)",
        "date_iso": r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?![\d-])",
        "date_daymonth": rf"(?P<d>\d{{1,2}})\.?\s?(?P<mon>{month})(?!\w)"
                         r"(?:\s+(?P<y>\d{4})(?!\w))?",
        "date_dayrange": rf"(?P<d>\d{{1,2}})\.\s*(?:-|–|bis|und|oder|/)\s*"
                         rf"(?=\d{{1,2}}\.\s?(?:{month})(?!\w))",
        "date_year": r"(?P<y>(?:1[89]|20)\d\d)(?![\w%]|[.,/-]\d)",
        "decade": r"(?P<full>(?:1[89]|20)\d0|\d0)er(?:\s*-?\s*(?P<j>Jahren|Jahre))?(?!\w)",
        "time_uhr": r"(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*Uhr(?!\w)",
        "time_range": r"(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?:-|–|bis|oder|und)\s*"
                      r"(?=\d{1,2}(?:[:.]\d{2})?\s*Uhr(?!\w))",
        "time_colon": r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?![\d:])",
        "quantity_digit": rf"(?P<n>\d+(?:,\d+)?)\s*(?:\(\s*[!?]+\s*\)\s+)?(?P<u>{units})(?!\w)",
        # word-led
        "unit": rf"(?P<u>{_cv(_UNIT_WORDS)})(?!\w)",
        "month": rf"(?P<mon>{month_cap})(?!\w)",
        "weekday": rf"(?P<wd>{wd_full})(?P<pod>{pod_any})?(?P<s>s)?(?!\w)",
        "deictic": r"(?P<w>heutzutage|heute|gestern|vorgestern|übermorgen|morgen|Heutzutage|"
                   r"Heute|Gestern|Vorgestern|Übermorgen|Morgen)(?!\w)",
        "pod": rf"(?P<pod>{_alt(_POD_NOUNS)})(?!\w)",
        "set_pod": rf"(?P<pod>{_cv(_POD_ADVERBS)})(?!\w)",
        "holiday": rf"(?P<h>{hol})(?!\w)",
        "season": rf"(?P<s>{_cv(_SEASON)})(?![\w-])",
        "period_word": rf"(?P<w>{_cv(_PERIOD_WORDS)})(?!\w)",
        "adj": rf"(?P<u>{_alt(_ADJ_SUFFIX)})(?P<infl>e[nmrs]?)?(?!\w)",
        "uhr_word": r"Uhr(?!\w)",
        "time_half": rf"(?:halb|Halb)\s+(?P<h>\d{{1,2}}|{numw})(?!\w)",
    }
    lb = {
        "wd_prefix": rf"(?<!\w)(?P<wd>{wd_full}|(?:{wd_abbr})\.?)\s*,?\s*(?:(?:den|dem)\s+)?$",
        "year_prefix": r"(?<!\w)(?:(?P<part>Anfang|Mitte|Ende|Beginn)|(?P<jahr>Jahr(?:e|es)?))\s+$",
        "time_hedge": r"(?<!\w)(?P<hedge>ca\.|circa|etwa|ungefähr|gegen|Ca\.|Circa|Etwa|Gegen)\s+$",
        "hedge": rf"(?<!\w)(?P<hedge>{hedge})\s+$",
        "qty": rf"(?<!\w)(?:(?P<hedge>{hedge})\s+)?(?P<n>{numw}|(?:[Ee]ine[rnm]?\s+)?halbe[nm]?|"
               rf"{vague})\s+(?:\(\s*[!?]+\s*\)\s+)?$",
        "ago": r"(?<!\w)(?P<vor>[Vv]or)\s+$",
        "every_all": r"(?<!\w)(?P<alle>[Aa]lle)\s+$",
        "anaphor_day": rf"(?<!\w)(?P<w>{_cv(_DAY_ANAPHORS)})\s+$",
        "next_plural": rf"(?<!\w)(?P<w>{_cv(_PLURAL_SPAN)})\s+$",
        "rel": rf"(?<!\w)(?P<rel>{rel})\s+$",
        "part": rf"(?<!\w)(?P<part>{_cv(['Anfang', 'Mitte', 'Ende', 'Beginn'])})\s+"
                r"(?:(?P<rel>der|des|dieser|dieses|nächster|nächsten|letzter|letzten|kommender|"
                r"kommenden|vergangener|vergangenen)\s+)?$",
        "year_ref": r"(?<!\w)(?:das|dem|des|im|ins|ein|Das|Im|Ins|Ein)\s+"
                    r"(?P<w>(?:alte|neue)[ns]?)\s+$",
        "every": rf"(?<!\w)[Jj]ede[nmrs]?\s+(?:(?P<n>\d+|{numw}|zweite[nmrs]?|dritte[nmrs]?)\s+)?$",
        "times": rf"(?<!\w)(?P<n>\d+|{numw}|ein)\s*mal\s+(?:am|pro|im|in\s+der|die|je)\s+$",
        "number_word": rf"(?<!\w)(?P<n>{numw})\s+$",
        "digits_before": r"\d[\s(!?)]*$",
        "day_before": r"\d\.?\s?$",
        "adj_prefix": rf"(?<![\w-])(?:(?P<d>\d+)-?|(?P<w>{numw}|mehr|viel|Mehr|Viel))$",
        "jeden": r"(?<!\w)[Jj]ede[nmrs]?\s+$",
        "title": r"(?<!\w)(?:Herr|Frau|Hr\.|Fr\.)\s+$",
    }
    la = {
        "dir": r"\s+(?P<dir>später|danach|darauf|drauf|zuvor|vorher|davor|früher)(?!\w)",
        "tags_dir": r"\s+(?P<dir>darauf|drauf|danach|zuvor|davor|vorher)(?!\w)",
        "year": r"\s+(?P<y>(?:1[89]|20)\d\d)(?!\w)",
        "pod2": rf"\s+(?P<pod>{_alt(_POD_NOUNS)}|{_alt(lx.parts_of_day)})(?!\w)",
        "pod_after_deictic": rf"\s+(?P<pod>{pod_any})(?!\w)",
    }
    digit = [(k, re.compile(v)) for k, v in cores.items() if k in _DIGIT_CORES]
    word = [(k, re.compile(v)) for k, v in cores.items() if k not in _DIGIT_CORES]
    words = [*_UNIT_WORDS, *lx.units, *lx.weekdays, *_SEASON, *_PERIOD_WORDS, *_POD_ADVERBS,
             *_DEICTIC, "heutzutage", "halb"]
    trigger_words = {f for w in words for f in (w, w.lower(), w[:1].upper() + w[1:])}
    trigger_words |= {w.capitalize() for w in [*lx.months, *lx.month_abbr]}
    trigger_words |= {*_POD_NOUNS, *_ADJ_SUFFIX, "Uhr"}
    trigger_words |= {r["word"] for r in _read_csv("timex_holidays.csv")}
    trigger = _trie(trigger_words)
    return _Rules(digit_cores=digit, word_cores=word, word_trigger=re.compile(trigger),
                  lb={k: re.compile(v) for k, v in lb.items()},
                  la={k: re.compile(v) for k, v in la.items()})


_DIGIT_CORES = {"date_numeric", "date_iso", "date_daymonth", "date_dayrange", "date_year",
                "decade", "time_uhr", "time_range", "time_colon", "quantity_digit"}
_DIGIT_RUN = re.compile(r"\d+")


def _lb(name: str, text: str, pos: int, width: int = 60) -> re.Match[str] | None:
    """End-anchored look-back: the modifier that ends right before ``pos``."""
    return _rules().lb[name].search(text, max(0, pos - width), pos)


def _la(name: str, text: str, pos: int) -> re.Match[str] | None:
    """Anchored look-ahead from ``pos``."""
    return _rules().la[name].match(text, pos)


# priorities break ties between candidates of equal length (higher wins)
_PRIORITY = {"date_numeric": 9, "date_daymonth": 9, "anaphor_num": 8, "anaphor_tags": 8,
             "time_uhr": 7, "deictic": 6, "weekday": 6, "duration": 5, "set_every": 7}

_UNIT_ISO = {"S": ("T", "S"), "MIN": ("T", "M"), "H": ("T", "H"), "D": ("", "D"),
             "W": ("", "W"), "M": ("", "M"), "Y": ("", "Y")}
_ADJ_UNIT = {"tägig": "D", "wöchig": "W", "monatig": "M", "jährig": "Y", "stündig": "H",
             "minütig": "MIN", "täglich": "D", "wöchentlich": "W", "monatlich": "M",
             "jährlich": "Y", "stündlich": "H"}
_NOUN_UNIT = {"tag": "D", "tags": "D", "tages": "D", "tage": "D", "tagen": "D", "woche": "W",
              "wochen": "W", "monat": "M", "monats": "M", "monate": "M", "monaten": "M",
              "jahr": "Y", "jahres": "Y", "jahre": "Y", "jahren": "Y", "stunde": "H",
              "stunden": "H", "minute": "MIN", "minuten": "MIN", "sekunde": "S",
              "sekunden": "S"}
_SEASON = {"frühling": "SP", "frühjahr": "SP", "sommer": "SU", "herbst": "FA", "winter": "WI"}
_PART = {"anfang": "START", "beginn": "START", "mitte": "MID", "ende": "END"}
_VERSION_CONTEXT = {"usb", "web", "version", "vers.", "v", "release", "update", "ios",
                    "android", "windows", "bluetooth", "hdmi", "firmware", "kapitel",
                    "abschnitt", "nr.", "§", "art.", "cyberport", "ziffer", "punkt", "seite"}
_MONTH_CONTEXT = {"im", "seit", "bis", "ab", "vom", "zum", "monat", "monats", "letzten",
                  "nächsten", "diesen", "kommenden", "vergangenen", "anfang", "mitte", "ende",
                  "beginn", "und", "oder", "bzw.", "von", "in", "für", "zwischen", "nach",
                  "vor", "gegen", "noch", "erst", "schon", "bereits", "diesem", "letztem"}
_YEAR_CONTEXT = {"im", "seit", "bis", "ab", "von", "vom", "anno", "jahr", "jahre", "jahres",
                 "anfang", "mitte", "ende", "beginn", "sommer", "winter", "herbst", "frühjahr",
                 "frühling", "zwischen", "nach", "vor", "jahreswechsel", "bzw.", "und"}
_NOT_AFTER_YEAR = re.compile(r"\s*(?:€|euro|eur|mark|dollar|\$|stück|prozent|km|kg|mbit|gb|mb|"
                             r"menschen|kunden|mal|x\b)", re.IGNORECASE)
_TIME_CONTEXT = {"um", "ab", "bis", "gegen", "von", "vor", "nach", "zwischen", "seit", "ca.",
                 "etwa", "spätestens", "frühestens"}
_SEASON_CONTEXT = {"im", "diesen", "letzten", "nächsten", "vergangenen", "kommenden", "seit",
                   "bis", "zum", "ab", "den", "jeden", "diesem", "über", "vom"}
_POD_CONTEXT = {"am", "gegen", "zum", "vom", "der", "jeden", "jedem", "diesen", "diesem",
                "heute", "gestern", "vorgestern", "übermorgen", "morgen", "den", "bis",
                "späten", "frühen", "späteren"}
_DEICTIC = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2}
_FORWARD = {"später", "danach", "darauf", "drauf"}


def _number(word: str) -> float | None:
    """Numeric value of a digit string or German number word (None for vague quantities)."""
    w = re.sub(r"\s+", " ", word.lower().strip())
    if re.fullmatch(r"\d+(?:,\d+)?", w):
        return float(w.replace(",", "."))
    if re.fullmatch(r"(?:eine[rnm]? )?halbe[nm]?", w):
        return 0.5
    return lexicon().numbers.get(w)


def _fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration value: ``duration_value(2, "W") == "P2W"``; ``None`` → ``PXW``.

    A fraction stays a decimal of the unit (ISO 8601 allows it in the last component):
    ``duration_value(1.5, "H") == "PT1.5H"``.
    """
    t, u = _UNIT_ISO[unit]
    q = "X" if n is None else _fmt_num(n)
    return f"P{t}{q}{u}"


def _hedge_mod(hedge: str | None, for_date: bool = False) -> str:
    if not hedge:
        return ""
    dur, dat = lexicon().mods.get(re.sub(r"\s+", " ", hedge.lower()), ("", ""))
    return dat if for_date else dur


def _valid(y: int | None, m: int, d: int) -> bool:
    try:
        date(y or 2000, m, d)  # 2000 is a leap year: 29.2. stays possible without a year
    except ValueError:
        return False
    return True


def _month_of(word: str) -> int:
    lx = lexicon()
    w = word.lower().rstrip(".")
    return lx.months.get(w) or lx.month_abbr[w]


def _weekday_of(word: str) -> int:
    lx = lexicon()
    w = word.lower().rstrip(".")
    return lx.weekdays.get(w) or lx.weekday_abbr[w]


def _pod_of(word: str | None) -> str:
    return lexicon().parts_of_day.get(word.lower(), "") if word else ""


def _year2(y: str) -> int:
    v = int(y)
    return v if len(y) == 4 else (2000 + v if v < 50 else 1900 + v)


def extract(text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
    """Candidate expressions in ``text[start:end]`` (offsets into ``text``), non-overlapping."""
    end = len(text) if end is None else end
    rules = _rules()
    cands: list[Candidate] = []
    # digit-led rules are tried at the start of every digit run that does not continue a
    # number or word; word-led rules at every trigger word (one scan each, then anchored matches)
    for run in _DIGIT_RUN.finditer(text, start, end):
        s = run.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in _DIGIT_BEFORE):
            continue
        for name, pat in rules.digit_cores:
            m = pat.match(text, s, end)
            if m is not None:
                cands.extend(c for c in _HANDLERS[name](m, text) if c.start >= start)
    for hit in rules.word_trigger.finditer(text, start, end):
        s = hit.start()
        for name, pat in rules.word_cores:
            m = pat.match(text, s, end)
            if m is not None:
                cands.extend(c for c in _HANDLERS[name](m, text) if c.start >= start)
    # longest match wins; ties by rule priority, then position
    cands.sort(key=lambda c: (-(c.end - c.start), -_PRIORITY.get(c.rule, 0), c.start))
    starts: list[int] = []   # taken spans, sorted and disjoint
    ends: list[int] = []
    taken: list[Candidate] = []
    for c in cands:
        k = bisect.bisect_left(starts, c.end)   # spans starting before c ends
        if k and ends[k - 1] > c.start:
            continue
        starts.insert(k, c.start)
        ends.insert(k, c.end)
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)


# --------------------------------------------------------------------------- handlers

_DIGIT_BEFORE = set("0123456789.,/:")


def _digit_start_ok(text: str, pos: int, extra: str = "") -> bool:
    """A digit-led core must not continue a number, word or version string."""
    if pos == 0:
        return True
    ch = text[pos - 1]
    return not ch.isalnum() and ch not in _DIGIT_BEFORE and ch not in extra


def _wd_prefix(text: str, pos: int) -> tuple[int, int | None]:
    m = _lb("wd_prefix", text, pos)
    return (m.start(), _weekday_of(m["wd"])) if m else (pos, None)


def _h_date_numeric(m: re.Match[str], text: str) -> list[Candidate]:
    if not _digit_start_ok(text, m.start()):
        return []
    d, mo = int(m["d"]), int(m["m"])
    ytxt = m["y"] or m["y2"]
    y = _year2(ytxt) if ytxt else None
    if not (1 <= mo <= 12) or not _valid(y, mo, d):
        return []
    if not ytxt and (_prev_words(text, m.start()) in _VERSION_CONTEXT
                     or text[m.end():m.end() + 1].isalnum()):
        return []
    start, wd = _wd_prefix(text, m.start())
    if not ytxt and wd is None and _at_sentence_start(text, m.start()) \
            and text[m.end():m.end() + 1] == " " and d < 10 and mo < 10:
        return []  # "1.1. Einleitung": a section number, not a date
    return [Candidate(start, m.end(), "DATE", "date", "date_numeric", y=y, m=mo, d=d, wd=wd)]


def _h_date_iso(m: re.Match[str], text: str) -> list[Candidate]:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _digit_start_ok(text, m.start()) or not (1 <= mo <= 12) or not _valid(y, mo, d):
        return []
    return [Candidate(m.start(), m.end(), "DATE", "date", "date_iso", y=y, m=mo, d=d)]


def _h_date_daymonth(m: re.Match[str], text: str) -> list[Candidate]:
    if not _digit_start_ok(text, m.start()):
        return []
    d, mo = int(m["d"]), _month_of(m["mon"])
    y = int(m["y"]) if m["y"] else None
    if not _valid(y, mo, d):
        return []
    start, wd = _wd_prefix(text, m.start())
    return [Candidate(start, m.end(), "DATE", "date", "date_daymonth", y=y, m=mo, d=d, wd=wd)]


def _h_date_dayrange(m: re.Match[str], text: str) -> list[Candidate]:
    if not _digit_start_ok(text, m.start()):
        return []
    mon = re.match(r"\d{1,2}\.\s?(\S+?)\.?(?!\w)", text[m.end():m.end() + 20])
    d = int(m["d"])
    mo = _month_of(mon.group(1)) if mon else None
    if mo is None or not _valid(None, mo, d):
        return []
    e = m.start("d") + len(m["d"]) + 1
    return [Candidate(m.start(), e, "DATE", "date", "date_dayrange", m=mo, d=d)]


def _h_date_year(m: re.Match[str], text: str) -> list[Candidate]:
    if not _digit_start_ok(text, m.start(), "-") or _NOT_AFTER_YEAR.match(text, m.end()):
        return []
    pre = _lb("year_prefix", text, m.start())
    if pre is None and _prev_words(text, m.start()) not in _YEAR_CONTEXT:
        return []
    mod = _PART.get(pre["part"].lower(), "") if pre is not None and pre["part"] else ""
    start = pre.start() if pre is not None else m.start()
    return [Candidate(start, m.end(), "DATE", "date", "date_year", y=int(m["y"]), mod=mod)]


def _h_decade(m: re.Match[str], text: str) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    full = m["full"]
    if len(full) == 4:
        value = full[:3]
    else:
        if not m["j"]:
            return []
        d2 = int(full[0])
        value = f"19{d2}" if d2 >= 3 else f"XX{d2}"
    return [Candidate(m.start(), m.end(), "DATE", "fixed", "decade", value=value)]


def _h_time_uhr(m: re.Match[str], text: str) -> list[Candidate]:
    if not _digit_start_ok(text, m.start()):
        return []
    h, mi = int(m["h"]), int(m["mi"] or 0)
    if h > 24 or mi > 59:
        return []
    pre = _lb("time_hedge", text, m.start(), 12)
    start = pre.start() if pre else m.start()
    return [Candidate(start, m.end(), "TIME", "time", "time_uhr", hh=h, mi=mi,
                      mod="APPROX" if pre else "")]


def _h_time_range(m: re.Match[str], text: str) -> list[Candidate]:
    h, mi = int(m["h"]), int(m["mi"] or 0)
    if not _digit_start_ok(text, m.start()) or h > 24 or mi > 59:
        return []
    return [Candidate(m.start("h"), m.end("mi") if m["mi"] else m.end("h"), "TIME", "time",
                      "time_range", hh=h, mi=mi)]


def _h_time_colon(m: re.Match[str], text: str) -> list[Candidate]:
    h, mi = int(m["h"]), int(m["mi"])
    if not _digit_start_ok(text, m.start()) or h > 24 or mi > 59 \
            or _prev_words(text, m.start()) not in _TIME_CONTEXT:
        return []
    return [Candidate(m.start(), m.end(), "TIME", "time", "time_colon", hh=h, mi=mi)]


def _h_time_half(m: re.Match[str], text: str) -> list[Candidate]:
    h = _number(m["h"])
    if _alnum_before(text, m.start()) or h is None or not 1 <= h <= 24 \
            or _prev_words(text, m.start()) not in _TIME_CONTEXT:
        return []
    return [Candidate(m.start(), m.end(), "TIME", "time", "time_half", hh=int(h) - 1, mi=30)]


def _h_uhr_word(m: re.Match[str], text: str) -> list[Candidate]:
    pre = _lb("number_word", text, m.start(), 30)
    if pre is None:
        return []
    h = _number(pre["n"])
    if h is None or not float(h).is_integer() or not 0 <= h <= 24:
        return []
    return [Candidate(pre.start(), m.end(), "TIME", "time", "time_word", hh=int(h), mi=0)]


def _quantity(text: str, qstart: int, qend: int, n: float | None, unit: str,
              hedge: re.Match[str] | None) -> list[Candidate]:
    """Candidates for "<hedge>? <n> <unit>" at [qstart, qend): duration, relative date
    ("zwei Tage später"), "vor drei Tagen" (ago) or "alle zwei Wochen" (set)."""
    out: list[Candidate] = []
    hstart = hedge.start("hedge") if hedge is not None and hedge["hedge"] else qstart
    htext = hedge["hedge"] if hedge is not None and hedge["hedge"] else None
    after = _la("dir", text, qend)
    if after is not None and unit != "S":
        sign = 1 if after["dir"].lower() in _FORWARD else -1
        out.append(Candidate(hstart, after.end(), "TIME" if unit in {"H", "MIN"} else "DATE",
                             "anaphor", "anaphor_num", unit=unit,
                             n=None if n is None else sign * n,
                             mod=_hedge_mod(htext, for_date=True)))
    ago = _lb("ago", text, qstart, 8)
    if ago is not None and htext is None:
        out.append(Candidate(ago.start(), qend, "TIME" if unit in {"H", "MIN", "S"} else "DATE",
                             "deictic", "ago", unit=unit, n=None if n is None else -n))
    every = _lb("every_all", text, qstart, 8)
    if every is not None and n is not None:
        out.append(Candidate(every.start(), qend, "SET", "fixed", "set_all",
                             value=duration_value(n, unit)))
    out.append(Candidate(hstart, qend, "DURATION", "fixed", "duration",
                         value=duration_value(n, unit), mod=_hedge_mod(htext)))
    return out


def _h_quantity_digit(m: re.Match[str], text: str) -> list[Candidate]:
    if not _digit_start_ok(text, m.start(), ""):
        return []
    if m["u"] == "min" and not re.fullmatch(r"\d+", m["n"]):
        return []
    unit = lexicon().units[m["u"].lower()]
    return _quantity(text, m.start(), m.end(), _number(m["n"]), unit,
                     _lb("hedge", text, m.start(), 25))


def _h_unit(m: re.Match[str], text: str) -> list[Candidate]:
    s, e = m.start(), m.end()
    if _alnum_before(text, s):
        return []
    word = m["u"]
    lw = word.lower()
    unit = _NOUN_UNIT.get(lw, "")
    out: list[Candidate] = []
    # "<number word> Tage", "ca. zwei Wochen", "einige Minuten" (digits: quantity_digit)
    if lw in lexicon().units and _lb("digits_before", text, s, 12) is None:
        q = _lb("qty", text, s)
        if q is not None:
            n = None if q["n"].lower() in _VAGUE else _number(q["n"])
            if not (q["n"].lower() == "weniger" and q["hedge"]):
                out += _quantity(text, q.start("n"), e, n, lexicon().units[lw], q)
    if lw in {"tags", "tag"}:
        a = _la("tags_dir", text, e)
        if a is not None and (lw == "tags" or word == "Tag"):
            sign = 1 if a["dir"].lower() in _FORWARD else -1
            out.append(Candidate(s, a.end(), "DATE", "anaphor", "anaphor_tags", unit="D",
                                 n=sign))
    if lw in {"tag", "tages", "tags"}:
        p = _lb("anaphor_day", text, s, 25)
        if p is not None:
            w = p["w"].lower()
            n = 1 if w.startswith(("nächste", "folgende", "darauffolgende")) else \
                -1 if w.startswith("vorige") else 0
            out.append(Candidate(p.start("w"), e, "DATE", "anaphor", "anaphor_day", unit="D",
                                 n=n))
        ev = _lb("every", text, s, 30)
        if ev is not None:
            out.append(_every(ev, e, "D"))
    if lw in {"tage", "tagen", "wochen", "monate", "monaten", "jahre", "jahren", "stunden",
              "minuten"}:
        p = _lb("next_plural", text, s, 25)
        if p is not None:
            out.append(Candidate(p.start("w"), e, "DURATION", "fixed", "duration_next",
                                 value=duration_value(None, unit)))
    if lw in {"woche", "wochenende", "monat", "monats", "jahr", "jahres"}:
        u = {"woche": "W", "wochenende": "WE", "monat": "M", "monats": "M", "jahr": "Y",
             "jahres": "Y"}[lw]
        p = _lb("rel", text, s, 25)
        if p is not None:
            out.append(Candidate(p.start("rel"), e, "DATE", "deictic", "deictic_period",
                                 unit=u, n=_rel_sign(p["rel"])))
        pp = _lb("part", text, s, 40)
        if pp is not None and lw != "wochenende":
            out.append(Candidate(pp.start("part"), e, "DATE", "deictic", "part_period",
                                 unit=u, n=_rel_sign(pp["rel"] or ""),
                                 mod=_PART[pp["part"].lower()]))
        if lw in {"jahr", "jahres"}:
            yr = _lb("year_ref", text, s, 25)
            if yr is not None:
                out.append(Candidate(yr.start("w"), e, "DATE", "yearref", "year_ref", unit="Y",
                                     n=-1 if yr["w"].lower().startswith("alte") else 1))
        if lw == "wochenende":
            ev = _lb("jeden", text, s, 12)
            if ev is not None:
                out.append(Candidate(ev.start(), e, "SET", "fixed", "set_every",
                                     value="XXXX-WXX-WE"))
            out.append(Candidate(s, e, "DATE", "deictic", "period_word", unit="WE", n=0))
        elif lw in {"woche", "monat", "jahr"}:
            ev = _lb("every", text, s, 30)
            if ev is not None:
                out.append(_every(ev, e, unit))
    if lw in {"tag", "woche", "monat", "jahr", "stunde"}:
        t = _lb("times", text, s, 30)
        if t is not None:
            out.append(Candidate(t.start(), e, "SET", "fixed", "set_times",
                                 value=duration_value(1, unit)))
    return out


_VAGUE = {"einige", "einigen", "einiger", "wenige", "wenigen", "ein paar", "paar", "mehrere",
          "mehreren", "etliche", "etlichen", "viele", "vielen", "weniger"}


def _every(ev: re.Match[str], end: int, unit: str) -> Candidate:
    nw = (ev["n"] or "").lower()
    n = 2 if nw.startswith("zweite") else 3 if nw.startswith("dritte") else \
        (_number(nw) if nw else 1)
    return Candidate(ev.start(), end, "SET", "fixed", "set_every", value=duration_value(n, unit))


def _h_month(m: re.Match[str], text: str) -> list[Candidate]:
    s, e = m.start(), m.end()
    if _alnum_before(text, s) or text[s - 1:s] == "-" or text[e:e + 1] == "-":
        return []
    if _lb("day_before", text, s, 6) is not None:
        return []  # "17. Dezember": the digit rule reads it
    mo = _month_of(m["mon"])
    part = _lb("part", text, s, 15)
    mod = _PART.get(part["part"].lower(), "") if part is not None and not part["rel"] else ""
    start = part.start("part") if mod else s
    yr = _la("year", text, e)
    if yr is not None:
        return [Candidate(start, yr.end(), "DATE", "date", "date_monthyear", y=int(yr["y"]),
                          m=mo, mod=mod)]
    if m["mon"].rstrip(".").lower() not in lexicon().months:
        return []  # abbreviations only with a day or a year
    if not mod:
        if _prev_words(text, s) not in _MONTH_CONTEXT:
            return []
        if mo == 8 and re.match(r"\s+[A-ZÄÖÜ]", text[e:e + 3]):
            return []  # "August Müller"
    return [Candidate(start, e, "DATE", "date", "date_month", m=mo, mod=mod)]


def _h_weekday(m: re.Match[str], text: str) -> list[Candidate]:
    s, e = m.start(), m.end()
    if _alnum_before(text, s) or _lb("title", text, s, 8) is not None:
        return []
    wd = _weekday_of(m["wd"])
    if m["s"]:
        if m["pod"] or (m["wd"][0].isupper() and not _at_sentence_start(text, s)):
            return []
        return [Candidate(s, e, "SET", "fixed", "set_weekday", value=f"XXXX-WXX-{wd}")]
    pod = _pod_of(m["pod"])
    if not pod:
        p2 = _la("pod2", text, e)
        if p2 is not None:
            pod, e = _pod_of(p2["pod"]), p2.end()
    jeden = _lb("jeden", text, s, 12)
    if jeden is not None:
        return [Candidate(jeden.start(), e, "SET", "fixed", "set_every",
                          value=f"XXXX-WXX-{wd}")]
    r = _lb("rel", text, s, 25)
    rel, start = "", s
    if r is not None:
        sign = _rel_sign(r["rel"])
        rel = "last" if sign < 0 else "next" if sign > 0 else "this"
        start = r.start("rel")
    return [Candidate(start, e, "TIME" if pod else "DATE", "weekday", "weekday", wd=wd, pod=pod,
                      rel=rel)]


def _h_pod(m: re.Match[str], text: str) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    prev = _prev_words(text, m.start())
    if prev not in _POD_CONTEXT:
        return []
    if prev == "der" and _prev_words(text, m.start(), 2) not in {"in der", "während der"}:
        return []
    return [Candidate(m.start(), m.end(), "TIME", "time", "pod", pod=_pod_of(m["pod"]))]


def _h_set_pod(m: re.Match[str], text: str) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    code = _pod_of(m["pod"].lower()[:-1])
    return [Candidate(m.start(), m.end(), "SET", "fixed", "set_pod", value=f"XXXX-XX-XXT{code}")]


def _h_deictic(m: re.Match[str], text: str) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    w = m["w"]
    lw = w.lower()
    if lw == "heutzutage":
        return [Candidate(m.start(), m.end(), "DATE", "fixed", "deictic", value="PRESENT_REF")]
    p = _la("pod_after_deictic", text, m.end())
    pod = _pod_of(p["pod"]) if p is not None else ""
    if lw == "morgen":
        if _prev_words(text, m.start()) in {"guten", "am", "jeden", "diesen", "einen", "den",
                                            "des", "vom", "zum", "heute", "gestern"}:
            return []
        if w == "Morgen" and not _at_sentence_start(text, m.start()) and not pod:
            return []  # the noun "der Morgen", not "tomorrow"
    if lw == "heute" and not pod:
        sentence = re.split(r"[.!?\n]", text[max(0, m.start() - 200):m.start()])[-1]
        if re.search(r"\b(?:früher|damals|einst)\b", sentence, re.IGNORECASE):
            return [Candidate(m.start(), m.end(), "DATE", "fixed", "deictic_present",
                              value="PRESENT_REF")]
    end = p.end() if pod else m.end()
    return [Candidate(m.start(), end, "TIME" if pod else "DATE", "deictic", "deictic",
                      unit="D", n=_DEICTIC[lw], pod=pod)]


def _rel_sign(word: str) -> int:
    w = word.lower()
    if w.startswith(("letzte", "vergangene", "vorige")):
        return -1
    if w.startswith(("nächste", "kommende")):
        return 1
    return 0


def _h_holiday(m: re.Match[str], text: str) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    key = re.sub(r"\s+", " ", m["h"].lower())
    mo, d, easter_offset = lexicon().holidays[key]
    yr = _la("year", text, m.end())
    return [Candidate(m.start(), yr.end() if yr else m.end(), "DATE", "date", "holiday",
                      y=int(yr["y"]) if yr else None, m=mo, d=d, holiday_easter=easter_offset)]


def _h_season(m: re.Match[str], text: str) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    yr = _la("year", text, m.end())
    if yr is None and _prev_words(text, m.start()) not in _SEASON_CONTEXT:
        return []
    return [Candidate(m.start(), yr.end() if yr else m.end(), "DATE", "date", "season",
                      y=int(yr["y"]) if yr else None, season=_SEASON[m["s"].lower()])]


def _h_period_word(m: re.Match[str], text: str) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    unit, mod = {"jahresende": ("Y", "END"), "jahresanfang": ("Y", "START"),
                 "jahresbeginn": ("Y", "START"), "monatsende": ("M", "END"),
                 "monatsanfang": ("M", "START")}[m["w"].lower()]
    return [Candidate(m.start(), m.end(), "DATE", "deictic", "period_word", unit=unit, n=0,
                      mod=mod)]


def _h_adj(m: re.Match[str], text: str) -> list[Candidate]:
    s = m.start()
    ws = s
    while ws > 0 and (text[ws - 1].isalnum() or text[ws - 1] == "-"):
        ws -= 1
    prefix = text[ws:s]
    suffix = m["u"]
    if prefix == "" and not suffix.endswith("lich"):
        # "11 jähriger": the number stands apart; a bare "jähriger" is no expression
        d = re.search(r"(?<![\d.,])(\d+)\s?-?\s?$", text[max(0, s - 8):s])
        if d is None:
            return []
        ws, n = s - len(d.group(0)), float(d.group(1))
    elif prefix == "":
        n: float | None = 1.0
    else:
        p = re.fullmatch(r"(?P<d>\d+)-?|(?P<w>[^\W\d_]+)", prefix)
        if p is None:
            return []
        if p["d"]:
            n = float(p["d"])
        elif p["w"].lower() in {"mehr", "viel"}:
            n = None
        else:
            n = _number(p["w"])
            if n is None:
                return []
    is_set = suffix.endswith("lich")
    if is_set and m["infl"] == "e" and n is None:
        return []
    typ = "SET" if is_set else "DURATION"
    return [Candidate(ws, m.end(), typ, "fixed", "set_adv" if is_set else "duration_adj",
                      value=duration_value(n, _ADJ_UNIT[suffix]))]


_HANDLERS = {name[3:]: fn for name, fn in list(globals().items()) if name.startswith("_h_")}


# --------------------------------------------------------------------------- resolution

def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = ((h + l_ - 7 * m + 114) % 31) + 1
    return date(year, month, day)


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _signed(n: float | None, unit: str) -> str:
    if n is None:
        return "+" + duration_value(None, unit)
    sign = "-" if n < 0 else "+"
    return sign + duration_value(abs(n), unit)


@dataclass
class _Resolved:
    value: str
    anchor: int | None = None      # index of the anchoring candidate
    anchor_dct: bool = False
    day: date | None = None        # the calendar day, when known
    offset: str = ""


_APPOS_BEFORE = re.compile(r"\s*[–—-]?\s*,?\s*(?:also|d\.\s?h\.|das heißt|sprich|nämlich)?\s*"
                           r"(?:am|den|dem|zum)?\s*$", re.IGNORECASE)
_APPOS_AFTER = re.compile(r"\s*[,–—-]\s*(?:also|d\.\s?h\.|das heißt|sprich|nämlich)\s+$",
                          re.IGNORECASE)


def _fmt_day(d: date) -> str:
    return d.isoformat()


def _partial_value(c: Candidate, y: int | None) -> tuple[str, date | None]:
    """Value of a date candidate given a (possibly unknown) year."""
    ys = f"{y:04d}" if y is not None else "XXXX"
    if c.holiday_easter is not None:
        if y is None:
            return "XXXX-XX-XX", None
        day = easter(y) + timedelta(days=c.holiday_easter)
        return _fmt_day(day), day
    if c.season:
        return f"{ys}-{c.season}", None
    if c.m is None:
        return ys, None
    if c.d is None:
        return f"{ys}-{c.m:02d}", None
    if y is not None and _valid(y, c.m, c.d):
        day = date(y, c.m, c.d)
        return _fmt_day(day), day
    return f"{ys}-{c.m:02d}-{c.d:02d}", None


def _nearest_year(c: Candidate, anchor_day: date) -> int:
    """Year for a partial date: the anchor's year, or the neighbouring year when that puts the
    date within three months of the anchor across a year boundary (31.12. next to 2.1.2015)."""
    gaps: dict[int, int] = {}
    for y in (anchor_day.year - 1, anchor_day.year, anchor_day.year + 1):
        if c.season or c.m is None:
            probe = date(y, 7, 1)
        elif c.holiday_easter is not None:
            probe = easter(y) + timedelta(days=c.holiday_easter)
        elif c.d is None:
            probe = date(y, c.m, 15)
        elif _valid(y, c.m, c.d):
            probe = date(y, c.m, c.d)
        else:
            continue
        gaps[y] = abs((probe - anchor_day).days)
    same = gaps.get(anchor_day.year, 10**6)
    for y in (anchor_day.year - 1, anchor_day.year + 1):
        if y in gaps and gaps[y] <= 92 and same > 183:
            return y
    return anchor_day.year


def _weekday_years(c: Candidate, years: Iterable[int]) -> list[int]:
    """Years within two years of ``years`` in which the day/month falls on ``c.wd``."""
    out = set()
    for base in years:
        for y in range(base - 2, base + 3):
            if _valid(y, c.m, c.d) and date(y, c.m, c.d).isoweekday() == c.wd:
                out.add(y)
    return sorted(out)


def resolve(cands: Sequence[Candidate], text: str, *, dct: date | None = None,
            page_years: Iterable[int] = ()) -> list[Timex]:
    """Normalise one post's candidates (in text order) into ``Timex`` objects."""
    cands = sorted(cands, key=lambda c: c.start)
    res: list[_Resolved | None] = [None] * len(cands)
    # 1. explicit dates (year known)
    for i, c in enumerate(cands):
        if c.kind == "date" and c.y is not None:
            v, day = _partial_value(c, c.y)
            res[i] = _Resolved(v, day=day)
    post_years = {c.y for c in cands if c.kind == "date" and c.y is not None and c.m}
    years = sorted(set(page_years) | post_years | ({dct.year} if dct else set()))
    # 2. weekday + partial date: the weekday fixes the year
    for i, c in enumerate(cands):
        if c.kind == "date" and c.y is None and c.wd and c.m and c.d:
            fits = _weekday_years(c, years)
            if len(fits) == 1:
                v, day = _partial_value(c, fits[0])
                res[i] = _Resolved(v, day=day)
    # 3. other partial dates: year of the nearest anchor of the post (text distance)
    anchors = [i for i, r in enumerate(res) if r is not None and r.day is not None]
    for i, c in enumerate(cands):
        if c.kind != "date" or res[i] is not None:
            continue
        if anchors:
            j = min(anchors, key=lambda k: (abs(cands[k].start - c.start), k))
            y = _nearest_year(c, res[j].day)
            v, day = _partial_value(c, y)
            res[i] = _Resolved(v, anchor=j, day=day)
        elif dct is not None:
            v, day = _partial_value(c, _nearest_year(c, dct))
            res[i] = _Resolved(v, anchor_dct=True, day=day)
        else:
            v, day = _partial_value(c, None)
            res[i] = _Resolved(v, day=day)
    # 4. apposition links
    before_link: dict[int, int] = {}
    after_link: dict[int, int] = {}
    for i, c in enumerate(cands):
        if c.kind != "anaphor":
            continue
        if i + 1 < len(cands) and cands[i + 1].kind == "date" \
                and cands[i + 1].start - c.end <= 25 \
                and _APPOS_BEFORE.fullmatch(text[c.end:cands[i + 1].start]):
            before_link[i] = i + 1
        elif i > 0 and cands[i - 1].kind == "date" and c.start - cands[i - 1].end <= 25 \
                and _APPOS_AFTER.fullmatch(text[cands[i - 1].end:c.start]):
            after_link[i] = i - 1
    # 5. sequential pass for weekdays, anaphora, deictic expressions
    ref_cal: int | None = None      # last calendar date (explicit or partial, day known)
    ref_any: int | None = None      # last dated expression of any kind
    prev_ref: dict[int, int | None] = {}
    for i, c in enumerate(cands):
        prev_ref[i] = ref_any
        r = res[i]
        if c.kind == "date":
            if r is not None and r.day is not None:
                ref_cal = ref_any = i
            continue
        if c.kind == "weekday":
            r = _resolve_weekday(c, res[ref_cal].day if ref_cal is not None else None, dct)
            if ref_cal is not None and r.day is not None:
                r.anchor = ref_cal
            res[i] = r
            if r.day is not None:
                ref_any = i
        elif c.kind == "anaphor":
            if i in before_link and res[before_link[i]] is not None:
                t = res[before_link[i]]
                res[i] = _Resolved(t.value, anchor=before_link[i], day=t.day,
                                   offset=_signed(c.n, c.unit))
            else:
                base = prev_ref[after_link[i]] if i in after_link else ref_any
                res[i] = _shift(c, res[base].day if base is not None else None, base)
            if res[i].day is not None:
                ref_any = i
        elif c.kind == "deictic":
            res[i] = _resolve_deictic(c, dct)
        elif c.kind == "yearref":
            base = res[ref_any].day if ref_any is not None else dct
            if base is None:
                res[i] = _Resolved("XXXX")
            else:
                y = base.year + (0 if base.month >= 10 else -1) + (1 if c.n > 0 else 0)
                res[i] = _Resolved(f"{y:04d}", anchor=ref_any, anchor_dct=ref_any is None)
        elif c.kind == "time":
            res[i] = _Resolved(_time_value(c))
        else:  # fixed
            res[i] = _Resolved(c.value)
    out = []
    for i, c in enumerate(cands):
        r = res[i]
        a = r.anchor
        out.append(Timex(
            start=c.start, end=c.end, text=text[c.start:c.end], type=c.type, value=r.value,
            mod=c.mod, anchor="DCT" if r.anchor_dct else (f"#{a}" if a is not None else ""),
            anchor_text="" if a is None else text[cands[a].start:cands[a].end],
            offset=r.offset, rule=c.rule, id=f"#{i}"))
    return out


def _time_value(c: Candidate) -> str:
    if c.hh is not None:
        return f"T{c.hh:02d}:{c.mi or 0:02d}"
    return f"T{c.pod}"


def _resolve_weekday(c: Candidate, ref: date | None, dct: date | None) -> _Resolved:
    base = ref or dct
    suffix = f"T{c.pod}" if c.pod else ""
    if base is None:
        return _Resolved(f"XXXX-WXX-{c.wd}{suffix}")
    delta = (c.wd - base.isoweekday()) % 7
    if c.rel == "last":
        delta = delta - 7 if delta > 0 else -7
    elif c.rel == "next" and delta == 0:
        delta = 7
    elif ref is None and dct is not None and c.rel == "" and delta > 3:
        delta -= 7  # deictic weekday without narrative: the nearest one
    day = base + timedelta(days=delta)
    return _Resolved(_fmt_day(day) + suffix, anchor_dct=ref is None, day=day)


def _shift(c: Candidate, base: date | None, base_idx: int | None) -> _Resolved:
    offset = _signed(c.n, c.unit)
    unknown = {"D": "XXXX-XX-XX", "W": "XXXX-XX-XX", "M": "XXXX-XX", "Y": "XXXX",
               "H": "XXXX-XX-XXTXX:XX", "MIN": "XXXX-XX-XXTXX:XX"}[c.unit]
    if base is None or c.n is None or not float(c.n).is_integer():
        return _Resolved(unknown, offset=offset)
    n = int(c.n)
    if c.unit in {"D", "W"}:
        day = base + timedelta(days=n * (7 if c.unit == "W" else 1))
        return _Resolved(_fmt_day(day), anchor=base_idx, day=day, offset=offset)
    if c.unit == "M":
        y, m = _add_months(base.year, base.month, n)
        return _Resolved(f"{y:04d}-{m:02d}", anchor=base_idx, offset=offset)
    if c.unit == "Y":
        return _Resolved(f"{base.year + n:04d}", anchor=base_idx, offset=offset)
    return _Resolved(unknown, anchor=base_idx, offset=offset)


def _resolve_deictic(c: Candidate, dct: date | None) -> _Resolved:
    n = c.n
    offset = _signed(n, "D" if c.unit == "WE" else c.unit) if c.unit != "WE" else ""
    suffix = f"T{c.pod}" if c.pod else ""
    if dct is None or n is None or not float(n).is_integer():
        unknown = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX",
                   "Y": "XXXX", "H": "XXXX-XX-XXTXX:XX", "MIN": "XXXX-XX-XXTXX:XX",
                   "S": "XXXX-XX-XXTXX:XX"}[c.unit]
        return _Resolved(unknown + suffix, offset=offset)
    n = int(n)
    if c.unit == "D":
        day = dct + timedelta(days=n)
        return _Resolved(_fmt_day(day) + suffix, anchor_dct=True, day=day, offset=offset)
    if c.unit in {"W", "WE"}:
        iso = (dct + timedelta(weeks=n)).isocalendar()
        v = f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if c.unit == "WE" else "")
        return _Resolved(v, anchor_dct=True, offset=offset)
    if c.unit == "M":
        y, m = _add_months(dct.year, dct.month, n)
        return _Resolved(f"{y:04d}-{m:02d}", anchor_dct=True, offset=offset)
    if c.unit == "Y":
        return _Resolved(f"{dct.year + n:04d}", anchor_dct=True, offset=offset)
    return _Resolved("XXXX-XX-XXTXX:XX", offset=offset)


# --------------------------------------------------------------------------- public API

def explicit_years(cands: Iterable[Candidate]) -> set[int]:
    """Years of the explicit calendar dates among ``cands`` (for weekday/date consistency)."""
    return {c.y for c in cands if c.kind == "date" and c.y is not None and c.m is not None}


def tag(text: str, *, dct: date | None = None, page_years: Iterable[int] = ()) -> list[Timex]:
    """Tag one text as one post: ``[Timex(start, end, text, type, value, mod, anchor, …)]``."""
    cands = extract(text)
    return resolve(cands, text, dct=dct, page_years=set(page_years) | explicit_years(cands))


def tag_frame(text: str, **kwargs) -> pd.DataFrame:
    """``tag`` as a DataFrame (columns: start, end, text, type, value, mod, anchor, …)."""
    rows = [{"id": t.id, "start": t.start, "end": t.end, "text": t.text, "type": t.type,
             "value": t.value, "mod": t.mod, "anchor": t.anchor, "anchor_text": t.anchor_text,
             "offset": t.offset, "rule": t.rule} for t in tag(text, **kwargs)]
    return pd.DataFrame(rows, columns=["id", "start", "end", "text", "type", "value", "mod",
                                       "anchor", "anchor_text", "offset", "rule"])


_LETTER_DEICTIC = {"deictic"}


def build_tables(corpus) -> dict[str, pd.DataFrame]:
    """The ``timex`` table of a corpus (one row per expression, see ``TIMEX_COLUMNS``).

    Expressions are extracted per segment (boilerplate is not tagged) and anchored per post;
    the explicit years of the whole page feed the weekday/date consistency check. A deictic
    day word inside a quoted letter takes the date of the sentence that introduces the letter.
    """
    docs = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    segs = corpus.segments.sort_values(["doc_id", "start"])
    sents = corpus.sentences.sort_values(["doc_id", "start"])
    rows: list[dict] = []
    for doc_id, doc_segs in segs.groupby("doc_id", sort=True):
        text = docs[doc_id]
        per_post: dict[str, list[Candidate]] = {}
        for s in doc_segs.itertuples(index=False):
            per_post.setdefault(s.post_id, []).extend(extract(text, int(s.start), int(s.end)))
        page_years = set().union(*(explicit_years(v) for v in per_post.values()))
        doc_sents = sents[sents["doc_id"] == doc_id]
        for post_id in sorted(per_post):
            timexes = resolve(per_post[post_id], text, page_years=page_years)
            timexes = _letter_dates(timexes, doc_sents[doc_sents["post_id"] == post_id])
            ids = {t.id: f"{post_id}:x{k:03d}" for k, t in enumerate(timexes)}
            for t in timexes:
                sid = _containing(doc_sents, t.start)
                rows.append({"timex_id": ids[t.id], "doc_id": doc_id, "post_id": post_id,
                             "sentence_id": sid, "start": t.start, "end": t.end,
                             "text": t.text, "type": t.type, "value": t.value, "mod": t.mod,
                             "anchor": ids.get(t.anchor, t.anchor), "anchor_text": t.anchor_text,
                             "offset": t.offset, "rule": t.rule})
    df = pd.DataFrame(rows, columns=TIMEX_COLUMNS)
    df = df.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    for col in ("start", "end"):
        df[col] = df[col].astype("int64")
    return {"timex": df}


def _containing(sents: pd.DataFrame, pos: int) -> str | None:
    hit = sents[(sents["start"] <= pos) & (sents["end"] > pos)]
    return hit["sentence_id"].iloc[0] if len(hit) else None


def _letter_dates(timexes: list[Timex], sents: pd.DataFrame) -> list[Timex]:
    """Resolve ``heute`` & co. inside a quoted letter to the date of its introducing sentence."""
    if sents.empty or not any(t.rule in _LETTER_DEICTIC for t in timexes):
        return timexes
    rows = sents.sort_values("start").reset_index(drop=True)
    out = []
    for t in timexes:
        if t.rule in _LETTER_DEICTIC and t.value.startswith("XXXX-XX-XX") and t.type == "DATE":
            k = rows.index[(rows["start"] <= t.start) & (rows["end"] > t.start)]
            if len(k) and bool(rows.loc[k[0], "quoted"]):
                j = k[0]
                while j > 0 and bool(rows.loc[j - 1, "quoted"]) \
                        and rows.loc[j - 1, "segment_id"] == rows.loc[k[0], "segment_id"]:
                    j -= 1
                if j > 0 and rows.loc[j - 1, "segment_id"] == rows.loc[k[0], "segment_id"]:
                    intro = rows.loc[j - 1]
                    dated = [u for u in timexes if intro["start"] <= u.start < intro["end"]
                             and u.rule not in {"holiday", "deictic"}
                             and re.fullmatch(r"\d{4}-\d\d-\d\d", u.value)]
                    if dated:
                        base = date.fromisoformat(dated[-1].value)
                        off = re.fullmatch(r"([+-])P(\d+)D", t.offset)
                        n = (int(off.group(2)) * (-1 if off.group(1) == "-" else 1)) if off else 0
                        day = base + timedelta(days=n)
                        t = replace(t, value=day.isoformat(), anchor=dated[-1].id,
                                    anchor_text=dated[-1].text, rule="deictic_letter")
        out.append(t)
    return out


# --------------------------------------------------------------------------- evaluation

def align_gold(gold: pd.DataFrame, corpus) -> pd.DataFrame:
    """``timex_gold`` with document offsets ``start``, ``end`` of each expression.

    The quote is found with ``servicelab.annotations.find_quote``; the expression is the first
    occurrence of ``text`` inside the quote.
    """
    from servicelab.annotations import find_quote, pseudonym_map
    from servicelab.normalise import normalise_text

    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    starts, ends = [], []
    for i, g in enumerate(gold.itertuples(index=False)):
        doc = texts[g.doc_id]
        span = find_quote(doc, g.quote, pseudonym_map(corpus, g.doc_id))
        if span is None:
            raise ValueError(f"timex gold row {i + 2}: quote not found: {g.quote!r}")
        k = doc.find(normalise_text(g.text), span[0], span[1])
        if k < 0:
            raise ValueError(f"timex gold row {i + 2}: {g.text!r} not inside its quote")
        starts.append(k)
        ends.append(k + len(normalise_text(g.text)))
    out = gold.copy()
    out["start"], out["end"] = starts, ends
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def align_gold_texts(gold: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """Like ``align_gold`` for plain texts (``doc_id`` → text), e.g. external corpora."""
    starts, ends = [], []
    for i, g in enumerate(gold.itertuples(index=False)):
        doc = texts[g.doc_id]
        q = doc.find(g.quote)
        k = doc.find(g.text, q, q + len(g.quote)) if q >= 0 else -1
        if k < 0:
            raise ValueError(f"gold row {i + 2}: {g.text!r} / quote not found in {g.doc_id}")
        starts.append(k)
        ends.append(k + len(g.text))
    out = gold.copy()
    out["start"], out["end"] = starts, ends
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def tag_texts(texts: dict[str, str], **kwargs) -> pd.DataFrame:
    """``tag`` over several independent texts: ``doc_id``, ``start``, ``end``, ``text``, …"""
    frames = [tag_frame(t, **kwargs).assign(doc_id=d) for d, t in sorted(texts.items())]
    cols = ["doc_id", "start", "end", "text", "type", "value", "mod", "anchor_text", "offset",
            "rule"]
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)[cols]


def dateparser_texts(texts: dict[str, str]) -> pd.DataFrame:
    """``dateparser_tag`` over several independent texts."""
    rows = [{"doc_id": d, "start": a, "end": b, "text": f, "type": t, "value": v, "mod": ""}
            for d, text in sorted(texts.items())
            for a, b, f, t, v in dateparser_tag(text)]
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "text", "type", "value", "mod"])


def match_spans(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """One-to-one matching of predicted and gold spans per document.

    Returns one row per gold and per unmatched prediction: ``doc_id``, gold and predicted
    ``start``/``end``/``text``/``type``/``value``, ``strict`` (same offsets) and ``lenient``
    (overlap). A gold span takes the overlapping prediction with the largest overlap.
    """
    rows = []
    for doc_id in sorted(set(gold["doc_id"]) | set(pred["doc_id"])):
        g = gold[gold["doc_id"] == doc_id].sort_values("start")
        p = pred[pred["doc_id"] == doc_id].sort_values("start").reset_index(drop=True)
        used: set[int] = set()
        for gr in g.itertuples(index=False):
            best, best_ov = None, 0
            for k, pr in p.iterrows():
                if k in used:
                    continue
                ov = min(gr.end, pr["end"]) - max(gr.start, pr["start"])
                if ov > best_ov:
                    best, best_ov = k, ov
            row = {"doc_id": doc_id, "gold_start": gr.start, "gold_end": gr.end,
                   "gold_text": gr.text, "gold_type": gr.type, "gold_value": gr.value,
                   "gold_mod": gr.mod}
            if best is not None:
                used.add(best)
                pr = p.loc[best]
                row.update(pred_start=pr["start"], pred_end=pr["end"], pred_text=pr["text"],
                           pred_type=pr["type"], pred_value=pr["value"], pred_mod=pr["mod"])
            rows.append(row)
        for k, pr in p.iterrows():
            if k not in used:
                rows.append({"doc_id": doc_id, "pred_start": pr["start"], "pred_end": pr["end"],
                             "pred_text": pr["text"], "pred_type": pr["type"],
                             "pred_value": pr["value"], "pred_mod": pr["mod"]})
    df = pd.DataFrame(rows, columns=["doc_id", "gold_start", "gold_end", "gold_text", "gold_type",
                                     "gold_value", "gold_mod", "pred_start", "pred_end",
                                     "pred_text", "pred_type", "pred_value", "pred_mod"])
    df["lenient"] = df["gold_start"].notna() & df["pred_start"].notna()
    df["strict"] = df["lenient"] & (df["gold_start"] == df["pred_start"]) \
        & (df["gold_end"] == df["pred_end"])
    df["value_ok"] = df["lenient"] & (df["gold_value"] == df["pred_value"])
    df["type_ok"] = df["lenient"] & (df["gold_type"] == df["pred_type"])
    return df.sort_values(["doc_id", "gold_start", "pred_start"], kind="stable",
                          na_position="last").reset_index(drop=True)


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def span_scores(matches: pd.DataFrame) -> dict[str, float]:
    """TempEval-3 style scores from ``match_spans``: strict and lenient span P/R/F1, type and
    value accuracy on lenient matches, and value F1 (a lenient match with the right value)."""
    n_gold = int(matches["gold_start"].notna().sum())
    n_pred = int(matches["pred_start"].notna().sum())
    out: dict[str, float] = {"gold": n_gold, "predicted": n_pred}
    for kind in ("strict", "lenient"):
        p, r, f = _prf(int(matches[kind].sum()), n_pred, n_gold)
        out.update({f"{kind}_P": p, f"{kind}_R": r, f"{kind}_F1": f})
    n_len = int(matches["lenient"].sum())
    out["type_accuracy"] = float(matches["type_ok"].sum()) / n_len if n_len else 0.0
    out["value_accuracy"] = float(matches["value_ok"].sum()) / n_len if n_len else 0.0
    out["value_F1"] = _prf(int(matches["value_ok"].sum()), n_pred, n_gold)[2]
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in out.items()}


# --------------------------------------------------------------------------- baseline

DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past",
                       "RETURN_AS_TIMEZONE_AWARE": False}
_CLOCK_ONLY = re.compile(r"^\D*\d{1,2}(?:[:.]\d{2})?\s*(?:Uhr)?\D*$", re.IGNORECASE)


def dateparser_value(found: str, parsed) -> tuple[str, str]:
    """(type, value) for one ``search_dates`` hit, read generously: a clock time alone gives
    ``THH:MM``; a date without a four-digit year in the text keeps its year unknown; a hit
    without any digit (weekday, "heute", "Ein Tag") is a date that cannot be dated."""
    if re.search(r"Uhr|\d:\d\d", found) and _CLOCK_ONLY.match(found) \
            and not re.search(r"\d{1,2}\.\d{1,2}\.", found):
        return "TIME", f"T{parsed.hour:02d}:{parsed.minute:02d}"
    if not re.search(r"\d", found):
        return "DATE", "XXXX-XX-XX"
    year = f"{parsed.year:04d}" if re.search(r"\d{4}", found) else "XXXX"
    return "DATE", f"{year}-{parsed.month:02d}-{parsed.day:02d}"


def dateparser_tag(text: str, start: int = 0, end: int | None = None,
                   relative_base=None) -> list[tuple[int, int, str, str, str]]:
    """Baseline: ``dateparser.search.search_dates`` (German, day-month order) on
    ``text[start:end]``; returns ``(start, end, text, type, value)`` with document offsets."""
    import datetime as _dt

    from dateparser.search import search_dates

    end = len(text) if end is None else end
    chunk = text[start:end]
    settings = dict(DATEPARSER_SETTINGS)
    settings["RELATIVE_BASE"] = relative_base or _dt.datetime(2000, 1, 1)
    hits = search_dates(chunk, languages=["de"], settings=settings) or []
    out, pos = [], 0
    for found, parsed in hits:
        k = chunk.find(found, pos)
        if k < 0:
            k = chunk.find(found)
            if k < 0:
                continue
        pos = k + len(found)
        typ, value = dateparser_value(found, parsed)
        out.append((start + k, start + k + len(found), found, typ, value))
    return out


def dateparser_table(corpus) -> pd.DataFrame:
    """The baseline run over every segment of ``corpus`` (same units as ``build_tables``)."""
    docs = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    rows = []
    for s in corpus.segments.sort_values(["doc_id", "start"]).itertuples(index=False):
        for a, b, found, typ, value in dateparser_tag(docs[s.doc_id], int(s.start), int(s.end)):
            rows.append({"doc_id": s.doc_id, "start": a, "end": b, "text": found, "type": typ,
                         "value": value, "mod": ""})
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "text", "type", "value", "mod"])
