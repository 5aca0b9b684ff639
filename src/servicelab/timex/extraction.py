"""Candidate temporal expressions: patterns and an explicit table of handlers.

``extract`` finds what each expression says (a day and month, a weekday, "one day later",
"about two weeks") before any anchoring. Each entry of ``HANDLERS`` is one rule: a name, a
pattern for its *core* and the handler that reads a match (and the modifiers around it) into
``Candidate``\\ s. Patterns are ``str.format`` templates filled with the word lists of a
``TimexRules`` (``{month}``, ``{numw}``, …), so the words live in the CSVs and the patterns
here; ``src/servicelab/data/timex_examples.csv`` keeps an example per handler.

Speed: every core starts with a digit or a literal word, so Python's regex engine can skip
quickly to possible matches. Modifiers in front of a core (hedges, number words, a weekday
before a date, "letzten", "vor", "jeden") are read afterwards with small end-anchored
look-back patterns, only where a core matched.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType

from servicelab.timex.dispatch import Dispatch
from servicelab.timex.rules import TimexRules, resolve_rules
from servicelab.timex.values import duration_parts, duration_value, join_durations, valid_day


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
    week: int | None = None  # a weekday's week, counted from the writing time's ("Donnerstag
    #                          letzter Woche" → -1)
    holiday_easter: int | None = None
    handler: str = ""       # the entry of HANDLERS that found it


# --------------------------------------------------------------------------- word alternations

def _alt(words: Iterable[str]) -> str:
    """Regex alternation, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _cv(words: Iterable[str]) -> str:
    """Alternation of ``words`` in their given, lower-case and capitalised forms."""
    forms = set()
    for w in words:
        forms.update({w, w.lower(), w[:1].upper() + w[1:]})
    return _alt(forms)


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


def _alternations(r: TimexRules) -> dict[str, str]:
    """The ``{name}`` fields of the pattern templates, from the rules' word lists."""
    hol = _alt(w.replace(" ", "\u0001") for w in r.holiday_words).replace("\u0001", r"\s+")
    return {
        "numw": _cv(r.numbers),
        "vague": _cv(r.vague),
        "units": _cv(list(r.units)),
        "hedge": _cv(r.mods),
        "month": rf"(?:{_cv(r.months)}|(?:{_cv(r.month_abbr)})\.?)",
        # a month on its own: capitalised, or a full name in lower case ("im november": the
        # bare-month rule still wants a context word before it); abbreviations capitalised
        "month_word": rf"(?:{_cv(r.months)}|"
                      rf"(?:{_alt(w.capitalize() for w in r.month_abbr)})\.?)",
        "wd_full": _cv(r.weekdays),
        "wd_abbr": _alt(w.capitalize() for w in r.weekday_abbr),
        "pod_any": _cv(r.parts_of_day),
        "pod_nouns": _alt(r.part_of_day_nouns),
        "pod_all": _alt(r.parts_of_day),
        "pod_adverbs": _cv(r.part_of_day_adverbs),
        "holiday": hol,
        "rel": _cv(r.words("relative", "rel")),
        "day_anaphors": _cv(r.words("relative", "day_anaphor")),
        "span_next": _cv(r.words("relative", "span_next")),
        "part_rel": _alt(r.words("relative", "part")),
        "part": _cv(r.period_part_words),
        "year_part": _alt(r.period_part_words),
        "unit_nouns": _cv(r.unit_nouns),
        "season": _cv(r.seasons),
        "period_words": _cv(r.period_words),
        "adj": _alt(r.adjective_suffixes),
        "deictic": _cv(r.deictic),
        "time_hedge": _alt(r.context("time_hedge")),
        "dir": _alt(r.words("direction", "dir")),
        "tags_dir": _alt(r.words("direction", "tags_dir")),
        "vague_words": _cv(r.vague_words).replace(r"\ ", r"\s+"),
        "since_nouns": _alt(r.since_nouns),
        "late_nouns": _alt(r.late_nouns),
    }


#: literal words of core patterns that are no word list (added to the trigger scan)
_CORE_LITERALS = ("halb", "Uhr", "KW", "Kalenderwoche")

#: end-anchored look-back patterns: the modifier that ends right before a core
LOOK_BACK = MappingProxyType({
    "wd_prefix": r"(?<!\w)(?P<wd>{wd_full}|(?:{wd_abbr})\.?)\s*,?\s*(?:(?:den|dem)\s+)?$",
    "year_prefix": r"(?<!\w)(?:(?P<part>{year_part})|(?P<jahr>Jahr(?:e|es)?))\s+$",
    "time_hedge": r"(?<!\w)(?P<hedge>{time_hedge})\s+$",
    "hedge": r"(?<!\w)(?P<hedge>{hedge})\s+$",
    "qty": r"(?<!\w)(?:(?P<hedge>{hedge})\s+)?(?P<n>{numw}|(?:[Ee]ine[rnm]?\s+)?halbe[nm]?|"
           r"{vague})\s+(?:(?P<adj>{hedge})\s+)?(?:\(\s*[!?]+\s*\)\s+)?$",
    "range_first": r"(?<![\w.,])(?:(?P<hedge>{hedge})\s*)?(?P<n>\d+(?:,\d+)?|{numw})"
                   r"(?:[-–]|\s+(?:bis|oder)\s+)$",
    "ago": r"(?<!\w)(?P<vor>[Vv]or)\s+$",
    "every_all": r"(?<!\w)(?P<alle>[Aa]lle)\s+$",
    "anaphor_day": r"(?<!\w)(?P<w>{day_anaphors})\s+$",
    "next_plural": r"(?<!\w)(?P<w>{span_next})\s+$",
    "rel": r"(?<!\w)(?P<rel>{rel})\s+$",
    "part": r"(?<!\w)(?P<part>{part})\s+(?:(?P<rel>{part_rel})\s+)?$",
    "year_ref": r"(?<!\w)(?:das|dem|des|im|ins|ein|Das|Im|Ins|Ein)\s+"
                r"(?P<w>(?:alte|neue)[ns]?)\s+$",
    "every": r"(?<!\w)[Jj]ede[nmrs]?\s+(?:(?P<n>\d+|{numw}|zweite[nmrs]?|dritte[nmrs]?)\s+)?$",
    "times": r"(?<!\w)(?P<n>\d+|{numw}|ein)\s*mal\s+(?:am|pro|im|in\s+der|die|je)\s+$",
    "number_word": r"(?<!\w)(?P<n>{numw})\s+$",
    "digits_before": r"\d[\s(!?)]*$",
    "day_before": r"\d\.?\s?$",
    "jeden": r"(?<!\w)[Jj]ede[nmrs]?\s+$",
    "since": r"(?<!\w)[Ss]eit\s+$",
    "after_date": r"(?:\d{{1,2}}\.?\s*{month}\s+(?:1[89]|20)\d\d|"
                  r"\d{{1,2}}\.\d{{1,2}}\.(?:\d{{2}}|\d{{4}})?)\s*,?\s*$",
    "title": r"(?<!\w)(?:Herr|Frau|Hr\.|Fr\.)\s+$",
})

#: anchored look-ahead patterns: what follows a core
LOOK_AHEAD = MappingProxyType({
    "dir": r"\s+(?P<dir>{dir})(?!\w)",
    "tags_dir": r"\s+(?P<dir>{tags_dir})(?!\w)",
    "year": r"\s+(?P<y>(?:1[89]|20)\d\d)(?!\w)",
    "pod2": r"\s+(?P<pod>{pod_nouns}|{pod_all})(?!\w)",
    "pod_after_deictic": r"\s+(?P<pod>{pod_any})(?!\w)",
})


@dataclass(frozen=True)
class Patterns:
    """The handler table's patterns compiled for one ``TimexRules``."""

    rules: TimexRules
    digit_cores: tuple[tuple[Rule, re.Pattern[str]], ...]
    word_cores: tuple[tuple[Rule, re.Pattern[str]], ...]
    word_trigger: re.Pattern[str]
    look_back: dict[str, re.Pattern[str]]
    look_ahead: dict[str, re.Pattern[str]]
    not_after_year: re.Pattern[str]
    past_contrast: re.Pattern[str]
    word_dispatch: Dispatch[Rule]  # the word cores by the character a match starts with

    def lb(self, name: str, text: str, pos: int, width: int = 60) -> re.Match[str] | None:
        """End-anchored look-back: the modifier that ends right before ``pos``."""
        return self.look_back[name].search(text, max(0, pos - width), pos)

    def la(self, name: str, text: str, pos: int) -> re.Match[str] | None:
        """Anchored look-ahead from ``pos``."""
        return self.look_ahead[name].match(text, pos)


@lru_cache(maxsize=8)
def compile_patterns(rules: TimexRules) -> Patterns:
    """Fill and compile every template for ``rules`` (cached per rules object)."""
    alts = _alternations(rules)
    cores = [(h, re.compile(h.pattern.format(**alts))) for h in HANDLERS]
    r = rules
    words = [*r.unit_nouns, *r.units, *r.weekdays, *r.seasons, *r.period_words,
             *r.part_of_day_adverbs, *r.deictic, *r.vague_words, "halb"]
    trigger = {f for w in words for f in (w, w.lower(), w[:1].upper() + w[1:])}
    trigger |= {w.capitalize() for w in [*r.months, *r.month_abbr]} | {*r.months}
    trigger |= {*r.part_of_day_nouns, *r.adjective_suffixes, *_CORE_LITERALS, *r.holiday_words}
    return Patterns(
        rules=rules,
        digit_cores=tuple((h, p) for h, p in cores if h.digit_led),
        word_cores=tuple((h, p) for h, p in cores if not h.digit_led),
        word_trigger=re.compile(_trie(trigger)),
        look_back={k: re.compile(v.format(**alts)) for k, v in LOOK_BACK.items()},
        look_ahead={k: re.compile(v.format(**alts)) for k, v in LOOK_AHEAD.items()},
        not_after_year=re.compile(r.patterns["not_after_year"], re.IGNORECASE),
        past_contrast=re.compile(r.patterns["past_contrast"], re.IGNORECASE),
        word_dispatch=Dispatch(tuple((h, p) for h, p in cores if not h.digit_led)),
    )


# --------------------------------------------------------------------------- extraction

_DIGIT_RUN = re.compile(r"\d+")
_DIGIT_BEFORE = frozenset("0123456789.,/:")


def extract(text: str, start: int = 0, end: int | None = None, *,
            rules: TimexRules | None = None) -> list[Candidate]:
    """Candidate expressions in ``text[start:end]`` (offsets into ``text``), non-overlapping."""
    end = len(text) if end is None else end
    p = compile_patterns(resolve_rules(rules))
    text = unshout(text, start, end)
    cands: list[Candidate] = []
    # digit-led rules are tried at the start of every digit run that does not continue a
    # number or word; word-led rules at every trigger word (one scan each, then anchored matches)
    for run in _DIGIT_RUN.finditer(text, start, end):
        s = run.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in _DIGIT_BEFORE) \
                and text[max(0, s - 2):s] != "./" \
                and not _label_colon(text, s):  # "30./31. März": a day range
            continue
        for h, pat in p.digit_cores:
            m = pat.match(text, s, end)
            if m is not None:
                cands.extend(_stamped(h, m, text, p, start))
    cands.extend(_path_dates(text, start, end))
    at = p.word_dispatch.at
    for hit in p.word_trigger.finditer(text, start, end):
        s = hit.start()
        for h, pat in at(text[s]):  # the cores a match can start with this character
            m = pat.match(text, s, end)
            if m is not None:
                cands.extend(_stamped(h, m, text, p, start))
    # longest match wins; ties by rule priority, then position
    prio = p.rules.priorities
    cands.sort(key=lambda c: (-(c.end - c.start), -prio.get(c.rule, 0), c.start))
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
    merged = _week_days(_compound_durations(sorted(taken, key=lambda c: c.start), text), text)
    return _pod_of_date(_weekday_day(merged, text), text)


#: a date as a web address writes it ("example.org/2024/07/22/slug")
_PATH_DATE = re.compile(r"(?<=/)(?P<y>(?:19|20)\d\d)/(?P<m>[01]\d)/(?P<d>[0-3]\d)(?=/|\s|$)")


#: a line that holds a web address and nothing else
_URL_LINE = re.compile(r"[ \t]*\S+[ \t]*")


def _path_dates(text: str, start: int, end: int) -> list[Candidate]:
    """Dates in the path of a web address that stands on a line of its own ("…/2024/07/22/
    erstattung-…" above a title): a blog's permalink states the post's day (codebook
    §6.13). Looked for only where "/19" or "/20" occurs."""
    if text.find("/20", start, end) < 0 and text.find("/19", start, end) < 0:
        return []
    out = []
    for m in _PATH_DATE.finditer(text, start, end):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        if _URL_LINE.fullmatch(text, a, len(text) if b < 0 else b) is None:
            continue  # a link inside a sentence dates another page, not this one
        if 1 <= mo <= 12 and valid_day(y, mo, d):
            out.append(Candidate(m.start(), m.end(), "DATE", "date", "date_path", y=y, m=mo,
                                 d=d, handler="date_path"))
    return out


#: a line in capitals ("SEIT 5 WOCHEN KEIN INTERNET!!!"): letters, and the share of them
#: that must be upper case for the line to be read in lower case
_LETTERS = re.compile(r"[^\W\d_]")
_SHOUT_MIN_LETTERS = 8
_SHOUT_SHARE = 0.8
#: two words in capitals in a row: the only lines worth reading letter by letter
_SHOUT_HINT = re.compile(r"[A-ZÄÖÜ]{2,}[\W\d]+[A-ZÄÖÜ]{2,}")
#: handles, hashtags and links keep their own spelling and do not count
_HANDLE = re.compile(r"[@#]\w+|https?://\S+|www\.\S+")


def unshout(text: str, start: int = 0, end: int | None = None) -> str:
    """``text`` with each line (or sentence of a line) of ``text[start:end]`` written in
    capitals lower-cased, offsets unchanged: a shouted post ("SEIT 5 WOCHEN KEIN INTERNET")
    says what the same words in lower case say, and the tagger's words ("wochen", "märz")
    match either spelling of a normal line but not capitals. A line whose lower case would
    change its length is kept."""
    end = len(text) if end is None else end
    out: list[str] = []
    pos = done = start
    while (m := _SHOUT_HINT.search(text, pos, end)) is not None:  # only lines with a hint
        a = max(text.rfind("\n", start, m.start()) + 1, start)
        nl = text.find("\n", m.end(), end)
        b = end if nl < 0 else nl + 1
        line = text[a:b]
        if _shouted(line):
            out += [text[done:a], line.lower()]
            done = b
        else:  # a line that shouts only some of its sentences ("SEIT SONNTAG GEHT NICHTS.
            #    kein internet …"): each shouted sentence with a hint in lower case
            h = m
            while h is not None:
                k = max(text.rfind(p, a, h.start()) for p in (". ", "! ", "? "))
                sa = k + 2 if k >= 0 else a
                e = _SENTENCE_END.search(text, h.end(), b)
                sb = e.end() if e else b
                if sa >= done and _shouted(text[sa:sb]):
                    out += [text[done:sa], text[sa:sb].lower()]
                    done = sb
                h = _SHOUT_HINT.search(text, sb, b)
        pos = b
    return text if not out else text[:start] + "".join(out) + text[done:]


#: the end of a sentence inside a line: its closing punctuation ("!!!", "?!", "." before a
#: space or the line's end)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


def _shouted(part: str) -> bool:
    """``part`` is written in capitals (``_SHOUT_SHARE`` of at least ``_SHOUT_MIN_LETTERS``
    letters, handles and links aside) and its lower case keeps its length."""
    letters = _LETTERS.findall(_HANDLE.sub("", part))
    upper = sum(map(str.isupper, letters))
    return len(letters) >= _SHOUT_MIN_LETTERS and upper >= _SHOUT_SHARE * len(letters) \
        and len(part.lower()) == len(part)


_COMPOUND_GAP = re.compile(r"\s*(?:,|und)?\s*")
#: the order of duration units in a compound ("5 Stunden 40 Minuten", "1 Jahr 6 Monate")
_UNIT_ORDER = ("Y", "M", "W", "D", "H", "MIN", "S")


def _compound_durations(cands: list[Candidate], text: str) -> list[Candidate]:
    """Adjacent plain durations with descending units are one expression: "5 Stunden 40
    Minuten" → ``PT5H40M``, "ein Tag und zwölf Stunden" → ``P1DT12H`` (the GermEval gold
    reads them so); the first one's hedge stays the mod."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and prev.rule == c.rule == "duration" and not c.mod \
                and _COMPOUND_GAP.fullmatch(text, prev.end, c.start):
            a, b = duration_parts(prev.value), duration_parts(c.value)
            if a and b and max(_UNIT_ORDER.index(k) for k in a) \
                    < min(_UNIT_ORDER.index(k) for k in b):
                out[-1] = replace(prev, end=c.end, value=join_durations(a, b))
                continue
        out.append(c)
    return out


#: what may stand between a weekday and the week it names ("letzte Woche Dienstag", "letzte
#: Woche am Dienstag", "Donnerstag letzter Woche", "nächste Woche, Mittwoch")
_WEEK_DAY_GAP = re.compile(r"[ \t]*,?[ \t]*(?:am[ \t]+)?", re.IGNORECASE)


def _week_days(cands: list[Candidate], text: str) -> list[Candidate]:
    """A bare weekday beside a deictic week ("letzte Woche Dienstag", "Donnerstag letzter
    Woche", "nächste Woche Mittwoch") is one expression: that weekday in that week, a day
    (codebook §4.1.3: a day word in the expression resolves the day), not the week."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and _WEEK_DAY_GAP.fullmatch(text, prev.end, c.start):
            week, day = (prev, c) if prev.kind == "deictic" else (c, prev)
            if day.kind == "weekday" and not day.rel and week.kind == "deictic" \
                    and week.unit == "W" and week.n is not None \
                    and float(week.n).is_integer() and not week.mod and not week.pod:
                out[-1] = replace(day, start=prev.start, end=c.end, week=int(week.n),
                                  rule="weekday_week")
                continue
        out.append(c)
    return out


#: a weekday's day of the month in apposition ("Montag, der 21.", "am Freitag, den 3.")
_WEEKDAY_DAY = re.compile(r",?[ \t]+(?:den|der|dem)[ \t]+(?P<d>[0-3]?\d)\.(?![\d.])")
#: a part of day of a date in the genitive ("am Abend des 22. August")
_POD_OF = re.compile(r"[ \t]+des[ \t]+")


def _weekday_day(cands: list[Candidate], text: str) -> list[Candidate]:
    """A bare weekday with its day of the month in apposition and no month ("Montag, der
    21.") is one day without its month that must fall on that weekday; the resolution
    picks the month (codebook §4.1.5 rule 2 read for a day)."""
    out: list[Candidate] = []
    for i, c in enumerate(cands):
        if c.kind == "weekday" and not c.rel and c.week is None and not c.pod:
            m = _WEEKDAY_DAY.match(text, c.end)
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            if m is not None and 1 <= int(m["d"]) <= 31 \
                    and (nxt is None or nxt.start >= m.end() or nxt.kind == "dayonly"):
                out.append(replace(c, end=m.end(), kind="dayonly", d=int(m["d"]),
                                   rule="weekday_day"))
                continue
        if out and out[-1].rule == "weekday_day" and c.start < out[-1].end:
            continue  # the day itself, already inside the weekday's expression
        out.append(c)
    return out


def _pod_of_date(cands: list[Candidate], text: str) -> list[Candidate]:
    """A part of day before the date it belongs to ("am Abend des 22. August") is one
    expression: that day at that part of the day (§4.1.3: a day in the expression resolves
    the day)."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and prev.rule == "pod" and not prev.mod and c.kind == "date" \
                and c.d is not None and c.m is not None and not c.pod \
                and _POD_OF.fullmatch(text, prev.end, c.start):
            out[-1] = replace(c, start=prev.start, type="TIME", pod=prev.pod,
                              rule="pod_of_date")
            continue
        out.append(c)
    return out


def _stamped(h: Rule, m: re.Match[str], text: str, p: Patterns, start: int) -> list[Candidate]:
    out = [c for c in h.handler(m, text, p) if c.start >= start]
    for c in out:
        c.handler = h.name
    return out


# --------------------------------------------------------------------------- text helpers

def _prev_words(text: str, start: int, n: int = 1) -> str:
    """The ``n`` words before ``start`` (lower-cased, within 40 characters)."""
    chunk = text[max(0, start - 40):start]
    words = re.findall(r"[\w.§]+", chunk)
    return " ".join(words[-n:]).lower()


def _at_sentence_start(text: str, start: int) -> bool:
    """True if only sentence punctuation, quotes or a line break precede ``start``."""
    before = text[max(0, start - 6):start].rstrip(" ")
    return not before or before[-1] in ".!?:;\n\"'(–-"


def _label_colon(text: str, pos: int) -> bool:
    """A field label glued to its value by a colon ("veröffentlicht:11. März 2026", a flat
    export's byline); a colon after a digit is a clock time's."""
    return pos >= 2 and text[pos - 1] == ":" and text[pos - 2].isalpha()


def _alnum_before(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1].isalnum()


def _digit_start_ok(text: str, pos: int, extra: str = "") -> bool:
    """A digit-led core must not continue a number, word or version string."""
    if pos == 0 or text[max(0, pos - 2):pos] == "./" or _label_colon(text, pos):
        return True  # "30./31. März": a day range; "veröffentlicht:11. März 2026"
    ch = text[pos - 1]
    return not ch.isalnum() and ch not in _DIGIT_BEFORE and ch not in extra


def _addition_line(text: str, m: re.Match[str], rules: TimexRules) -> bool:
    """A day and month that open a later addition's line ("Update 19.11.: Geld ist da"): the
    label word (``later_addition`` context, which may also name versions: "Update 1.2")
    first on its line and a colon right after the date. A version stands in running text or
    without the colon."""
    a = text.rfind("\n", 0, m.start()) + 1
    label = re.fullmatch(r"[^\w\n]*(\w+)\s+", text[a:m.start()])
    return label is not None and label.group(1).lower() in rules.context("later_addition") \
        and text[m.end():m.end() + 1] == ":"


#: units of a page's relative stamps ("5 Std.", "3 Tg.", "2 Wo.")
_STAMP_UNITS = frozenset({"MIN", "H", "D", "W"})
#: a stamp's line: only marks before it ("↳ "), a header separator after it
_STAMP_BEFORE = re.compile(r"[^\w\n]*")
_STAMP_AFTER = re.compile(r"[ \t]*[·•|]")


def _stamp_line(text: str, start: int, end: int) -> bool:
    """The quantity opens its line (after marks such as "↳") and a header separator follows
    it: a social post's stamp line ("5 Std. · 03.08.2024"), not a duration in a sentence."""
    a = text.rfind("\n", 0, start) + 1
    return _STAMP_BEFORE.fullmatch(text, a, start) is not None \
        and _STAMP_AFTER.match(text, end) is not None


def number(word: str, rules: TimexRules) -> float | None:
    """Numeric value of a digit string or German number word (None for vague quantities)."""
    w = re.sub(r"\s+", " ", word.lower().strip())
    if re.fullmatch(r"\d+(?:,\d+)?", w):
        return float(w.replace(",", "."))
    if re.fullmatch(r"(?:eine[rnm]? )?halbe[nm]?", w):
        return 0.5
    return rules.numbers.get(w)


def _hedge_mod(r: TimexRules, hedge: str | None, for_date: bool = False) -> str:
    if not hedge:
        return ""
    dur, dat = r.mods.get(re.sub(r"\s+", " ", hedge.lower()), ("", ""))
    return dat if for_date else dur


def _month_of(r: TimexRules, word: str) -> int:
    w = word.lower().rstrip(".")
    return r.months.get(w) or r.month_abbr[w]


def _weekday_of(r: TimexRules, word: str) -> int:
    w = word.lower().rstrip(".")
    return r.weekdays.get(w) or r.weekday_abbr[w]


def _pod_of(r: TimexRules, word: str | None) -> str:
    return r.parts_of_day.get(word.lower(), "") if word else ""


def _rel_sign(r: TimexRules, word: str) -> int:
    return r.relative.get(word.lower(), 0)


def _year2(y: str) -> int:
    v = int(y)
    return v if len(y) == 4 else (2000 + v if v < 50 else 1900 + v)


def _wd_prefix(p: Patterns, text: str, pos: int) -> tuple[int, int | None]:
    m = p.lb("wd_prefix", text, pos)
    return (m.start(), _weekday_of(p.rules, m["wd"])) if m else (pos, None)


# --------------------------------------------------------------------------- handlers
#
# Each handler reads one core match ``m`` in ``text`` and returns its candidates ([] to
# reject it). ``p`` gives the rules (``p.rules``) and the look-back/-ahead patterns.

def _date_numeric(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if not _digit_start_ok(text, m.start()):
        return []
    d, mo = int(m["d"]), int(m["m"])
    ytxt = m["y"] or m["y2"]
    y = _year2(ytxt) if ytxt else None
    if not (1 <= mo <= 12) or not valid_day(y, mo, d):
        return []
    if not ytxt and ((_prev_words(text, m.start()) in p.rules.context("version")
                      and not _addition_line(text, m, p.rules))
                     or text[m.end():m.end() + 1].isalnum()):
        return []
    start, wd = _wd_prefix(p, text, m.start())
    if not ytxt and wd is None and _at_sentence_start(text, m.start()) \
            and text[m.end():m.end() + 1] == " " and d < 10 and mo < 10:
        return []  # "1.1. Einleitung": a section number, not a date
    return [Candidate(start, m.end(), "DATE", "date", "date_numeric", y=y, m=mo, d=d, wd=wd)]


def _date_iso(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _digit_start_ok(text, m.start()) or not (1 <= mo <= 12) or not valid_day(y, mo, d):
        return []
    return [Candidate(m.start(), m.end(), "DATE", "date", "date_iso", y=y, m=mo, d=d)]


def _date_slash(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    """"03/11/2024", "5-11-24": a day-first date with the year, as page headers and exports
    write it. The year is required (a bare "3/4" is a fraction or a score)."""
    if not _digit_start_ok(text, m.start()):
        return []
    d, mo, y = int(m["d"]), int(m["m"]), _year2(m["y"])
    if not (1 <= mo <= 12) or not valid_day(y, mo, d):
        return []
    start, wd = _wd_prefix(p, text, m.start())
    return [Candidate(start, m.end(), "DATE", "date", "date_slash", y=y, m=mo, d=d, wd=wd)]


def _calweek(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    """"KW 34", "Kalenderwoche 12/2025", "in der 34. KW": an ISO calendar week, as German
    schedules and craftsmen's offers write it (``YYYY-Www``)."""
    if _alnum_before(text, m.start()) or not _digit_start_ok(text, m.start(), "-"):
        return []
    w = int(m["w"] or m["w2"])
    if not 1 <= w <= 53:
        return []
    y = int(m["y"]) if m["y"] else None
    return [Candidate(m.start(), m.end(), "DATE", "calweek", "calendar_week", y=y, n=w)]


def _date_daymonth(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if not _digit_start_ok(text, m.start()):
        return []
    d, mo = int(m["d"]), _month_of(p.rules, m["mon"])
    y = int(m["y"]) if m["y"] else None
    if not valid_day(y, mo, d):
        return []
    start, wd = _wd_prefix(p, text, m.start())
    return [Candidate(start, m.end(), "DATE", "date", "date_daymonth", y=y, m=mo, d=d, wd=wd)]


#: what may follow a day-only date ("für den 13. angekündigt", "frühestens am 20."): a
#: lower-case word, punctuation or the end; a capitalised word makes it an ordinal ("am 3.
#: Tag") or a month-less sentence end, a digit a full date
_DAY_ONLY_AFTER = re.compile(r"(?:\s+[a-zäöüß]|\s*[,;:!?)\"“”'»«]|\s*$)")


#: an article before a day-only date, after a word of ``day_only_article`` ("für den 13."):
#: "den 1. hatte ich" alone is an ordinal
_ARTICLE_DAY = frozenset({"den"})


def _date_dayonly(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    """"am 20.", "für den 13.": a day of the month without its month, which the story's
    current month gives (codebook §4.1.5 rule 1 read for the day; ``resolution``). Only
    after a word of the ``day_only`` context ("am", "zum", "vom") or "den" after one of
    ``day_only_article`` ("für den 13."), and before a lower-case word or punctuation."""
    if not _digit_start_ok(text, m.start()) or not 1 <= int(m["d"]) <= 31:
        return []
    after = re.match(r"\s+(\w+)", text[m.end():m.end() + 30])
    prev = _prev_words(text, m.start(), 2).split()
    if not prev or not (prev[-1] in p.rules.context("day_only") or (
            prev[-1] in _ARTICLE_DAY and len(prev) == 2
            and prev[0] in p.rules.context("day_only_article"))) \
            or not _DAY_ONLY_AFTER.match(text, m.end()) \
            or (after is not None and after.group(1).lower() in p.rules.context("day_only_not")):
        return []
    return [Candidate(m.start(), m.end(), "DATE", "dayonly", "date_dayonly", d=int(m["d"]))]


def _date_dayrange(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if not _digit_start_ok(text, m.start()):
        return []
    mon = re.match(r"\d{1,2}\.\s?(\S+?)\.?(?!\w)", text[m.end():m.end() + 20])
    d = int(m["d"])
    mo = _month_of(p.rules, mon.group(1)) if mon else None
    if mo is None or not valid_day(None, mo, d):
        return []
    e = m.start("d") + len(m["d"]) + 1
    return [Candidate(m.start(), e, "DATE", "date", "date_dayrange", m=mo, d=d)]


def _date_year(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if not _digit_start_ok(text, m.start(), "-") or p.not_after_year.match(text, m.end()):
        return []
    pre = p.lb("year_prefix", text, m.start())
    if pre is None and _prev_words(text, m.start()) not in p.rules.context("year"):
        return []
    parts = p.rules.period_parts
    mod = parts.get(pre["part"].lower(), "") if pre is not None and pre["part"] else ""
    start = pre.start() if pre is not None else m.start()
    return [Candidate(start, m.end(), "DATE", "date", "date_year", y=int(m["y"]), mod=mod)]


def _decade(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    full = m["full"]
    if len(full) == 4:
        value = full[:3]
    else:
        if not m["j"] and not (m["n"] and _prev_words(text, m.start()) == "den"):
            return []  # "90er" alone may be a price or a model; "in den 90ern" is a decade
        d2 = int(full[0])
        value = f"19{d2}" if d2 >= 3 else f"XX{d2}"
    return [Candidate(m.start(), m.end(), "DATE", "fixed", "decade", value=value)]


def _time_uhr(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if not _digit_start_ok(text, m.start()):
        return []
    h, mi = int(m["h"]), int(m["mi"] or 0)
    if h > 24 or mi > 59:
        return []
    pre = p.lb("time_hedge", text, m.start(), 12)
    start = pre.start() if pre else m.start()
    return [Candidate(start, m.end(), "TIME", "time", "time_uhr", hh=h, mi=mi,
                      mod="APPROX" if pre else "")]


def _time_range(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    h, mi = int(m["h"]), int(m["mi"] or 0)
    if not _digit_start_ok(text, m.start()) or h > 24 or mi > 59:
        return []
    return [Candidate(m.start("h"), m.end("mi") if m["mi"] else m.end("h"), "TIME", "time",
                      "time_range", hh=h, mi=mi)]


def _time_colon(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    h, mi = int(m["h"]), int(m["mi"])
    if not _digit_start_ok(text, m.start()) or h > 24 or mi > 59:
        return []
    if _prev_words(text, m.start()) not in p.rules.context("time") \
            and p.lb("after_date", text, m.start(), 30) is None and len(m["h"]) < 2:
        return []  # "9:30" needs a cue word or a date before it; "09:47", "20:15" do not
    return [Candidate(m.start(), m.end(), "TIME", "time", "time_colon", hh=h, mi=mi)]


def _time_half(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    h = number(m["h"], p.rules)
    if _alnum_before(text, m.start()) or h is None or not 1 <= h <= 24 \
            or _prev_words(text, m.start()) not in p.rules.context("time"):
        return []
    return [Candidate(m.start(), m.end(), "TIME", "time", "time_half", hh=int(h) - 1, mi=30)]


def _time_hms(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    """"09:10:00", "18:09:21 Uhr": a clock time with seconds (timetables, forum stamps); zero
    seconds are dropped (``T09:10``). Hour 0 without "Uhr" is a stopwatch reading, a
    duration: "hat 0:16:00 Verspätung" → ``PT16M`` (delay boards, issue 15)."""
    h, mi, sec = int(m["h"]), int(m["mi"]), int(m["s"])
    if not _digit_start_ok(text, m.start()) or not 0 <= h < 24 or mi > 59 or sec > 59:
        return []
    if h == 0:
        if "uhr" in m.group(0).lower() or mi == sec == 0:
            return []
        value = "PT" + (f"{mi}M" if mi else "") + (f"{sec}S" if sec else "")
        return [Candidate(m.start(), m.end(), "DURATION", "fixed", "duration_hms", value=value)]
    if sec == 0:
        return [Candidate(m.start(), m.end(), "TIME", "time", "time_hms", hh=h, mi=mi)]
    return [Candidate(m.start(), m.end(), "TIME", "fixed", "time_hms",
                      value=f"T{h:02d}:{mi:02d}:{sec:02d}")]


def _time_h(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    """"14.00 h": a clock time written with the hour symbol (minutes make it no duration)."""
    h, mi = int(m["h"]), int(m["mi"])
    if not _digit_start_ok(text, m.start()) or h > 24 or mi > 59:
        return []
    return [Candidate(m.start(), m.end(), "TIME", "time", "time_h", hh=h, mi=mi)]


def _vague_word(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    """Vague expressions of ``timex_vague_words.csv`` (codebook §6.4): ``kürzlich`` →
    ``PAST_REF``; a word with a unit and offset ("Vorjahr") is a deictic period, one with a
    day ("Vortag", "Folgetag", "Vorabend": the part of day its last part names) an anaphor
    of the story's last day (§4.1.5 rule 4)."""
    if _alnum_before(text, m.start()):
        return []
    w = re.sub(r"\s+", " ", m["w"]).lower()
    typ, value, unit, offset, mod = next(v for k, v in p.rules.vague_words.items()
                                         if k.lower() == w)
    if value:
        return [Candidate(m.start(), m.end(), typ, "fixed", "vague", value=value, mod=mod)]
    if unit == "D":  # "am Vortag", "am Vorabend": a day counted from the story's last day
        pod = next((c for k, c in p.rules.parts_of_day.items() if w.endswith(k.lower())
                    and len(k) > 3), "") if typ == "TIME" else ""
        return [Candidate(m.start(), m.end(), typ, "anaphor", "anaphor_compound", unit=unit,
                          n=offset, pod=pod, mod=mod)]
    return [Candidate(m.start(), m.end(), typ, "deictic", "deictic_period", unit=unit,
                      n=offset, mod=mod)]


def _since_plural(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    """"seit Monaten": a bare plural unit after ``seit`` is a duration of more than one unit
    (``P1M`` with ``MORE_THAN``, codebook §6.4); the preposition stays outside the span."""
    if _alnum_before(text, m.start()) or p.lb("since", text, m.start(), 8) is None:
        return []
    unit = p.rules.unit_of_noun[m["u"].lower()]
    return [Candidate(m.start(), m.end(), "DURATION", "fixed", "since_plural",
                      value=duration_value(1, unit), mod="MORE_THAN")]


def _late_plural(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    """"Jahre zu spät", "Stunden Verspätung": a bare plural unit before a delay word
    (pattern ``late_after``) is a duration of more than one unit, read like "seit Monaten"
    (``P1Y`` with ``MORE_THAN``)."""
    if _alnum_before(text, m.start()) or p.lb("qty", text, m.start()) is not None \
            or p.lb("digits_before", text, m.start(), 12) is not None \
            or not re.match(p.rules.patterns["late_after"], text[m.end():m.end() + 30],
                            re.IGNORECASE):
        return []
    unit = p.rules.unit_of_noun[m["u"].lower()]
    return [Candidate(m.start(), m.end(), "DURATION", "fixed", "late_plural",
                      value=duration_value(1, unit), mod="MORE_THAN")]


def _uhr_word(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    pre = p.lb("number_word", text, m.start(), 30)
    if pre is None:
        return []
    h = number(pre["n"], p.rules)
    if h is None or not float(h).is_integer() or not 0 <= h <= 24:
        return []
    return [Candidate(pre.start(), m.end(), "TIME", "time", "time_word", hh=int(h), mi=0)]


#: calendar days per working day: "10 Werktage" → ``P14D`` (codebook §6.9)
WORKING_DAY = 7 / 5


def _quantity(p: Patterns, text: str, qstart: int, qend: int, n: float | None, unit: str,
              hedge: re.Match[str] | None) -> list[Candidate]:
    """Candidates for "<hedge>? <n> <unit>" at [qstart, qend): duration, relative date
    ("zwei Tage später"), "vor drei Tagen" (ago) or "alle zwei Wochen" (set)."""
    out: list[Candidate] = []
    factor = WORKING_DAY if unit == "WD" else 1.0  # working days in calendar days (§6.9)
    if unit == "WD":
        n, unit = (None if n is None else n * factor), "D"
    hstart = hedge.start("hedge") if hedge is not None and hedge["hedge"] else qstart
    htext = hedge["hedge"] if hedge is not None and hedge["hedge"] else None
    if htext is None and hedge is not None and "adj" in hedge.re.groupindex and hedge["adj"]:
        htext = hedge["adj"]  # "eine knappe Stunde", "zwei volle Stunden"
    after = p.la("dir", text, qend)
    if after is not None and unit != "S":
        sign = p.rules.directions[after["dir"].lower()]
        out.append(Candidate(hstart, after.end(), "TIME" if unit in {"H", "MIN"} else "DATE",
                             "anaphor", "anaphor_num", unit=unit,
                             n=None if n is None else sign * n,
                             mod=_hedge_mod(p.rules, htext, for_date=True)))
    ago = p.lb("ago", text, hstart, 8)
    if ago is not None:  # "vor drei Tagen", hedged "vor fast 60 Jahren" (APPROX)
        out.append(Candidate(ago.start(), qend, "TIME" if unit in {"H", "MIN", "S"} else "DATE",
                             "deictic", "ago", unit=unit, n=None if n is None else -n,
                             mod=_hedge_mod(p.rules, htext, for_date=True)))
    if ago is None and not htext and unit in _STAMP_UNITS and _stamp_line(text, hstart, qend):
        # "5 Std. · 03.08.2024", "↳ 4 Std. · Antwort von …": a post's relative stamp, the
        # "vor" left out (codebook §6.13); read like "vor 5 Std.", it is no duration
        return [Candidate(hstart, qend, "TIME" if unit in {"H", "MIN", "S"} else "DATE",
                          "deictic", "ago", unit=unit, n=None if n is None else -n)]
    every = p.lb("every_all", text, qstart, 8)
    if every is not None and n is not None:
        out.append(Candidate(every.start(), qend, "SET", "fixed", "set_all",
                             value=duration_value(n, unit)))
    out.append(Candidate(hstart, qend, "DURATION", "fixed", "duration",
                         value=duration_value(n, unit), mod=_hedge_mod(p.rules, htext)))
    first = p.lb("range_first", text, qstart, 30) if htext is None and n is not None else None
    if first is not None and after is None and ago is None and every is None:
        # codebook §4.1.2: a range is two expressions, the first inherits the unit of the
        # second: "ca. 10-20 min" → "ca. 10" (PT10M, APPROX) and "20 min" (PT20M)
        n1 = number(first["n"], p.rules)
        n1 = None if n1 is None else n1 * factor
        if n1 is not None and 0 < n1 < n:
            out.append(Candidate(first.start(), first.end("n"), "DURATION", "fixed",
                                 "duration_range", value=duration_value(n1, unit),
                                 mod=_hedge_mod(p.rules, first["hedge"])))
    return out


def _quantity_digit(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if not _digit_start_ok(text, m.start(), ""):
        return []
    if m["u"] == "min" and not re.fullmatch(r"\d+", m["n"]):
        return []
    unit = p.rules.units[m["u"].lower()]
    return _quantity(p, text, m.start(), m.end(), number(m["n"], p.rules), unit,
                     p.lb("hedge", text, m.start(), 25))


def _unit(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    """A unit noun: which constructions it may head is the ``constructions`` column of
    ``timex_units.csv`` (quantity, tags_dir, day_anaphor, span_next, period, part_period,
    year_ref, weekend, every, times)."""
    s, e = m.start(), m.end()
    if _alnum_before(text, s):
        return []
    r = p.rules
    word = m["u"]
    lw = word.lower()
    unit = r.unit_of_noun.get(lw, "")
    cons = r.unit_constructions.get(lw, {})
    out: list[Candidate] = []
    # "<number word> Tage", "ca. zwei Wochen", "einige Minuten" (digits: quantity_digit)
    if "quantity" in cons and p.lb("digits_before", text, s, 12) is None:
        q = p.lb("qty", text, s)
        if q is not None:
            n = None if q["n"].lower() in r.vague else number(q["n"], r)
            if not (q["n"].lower() == "weniger" and q["hedge"]):
                out += _quantity(p, text, q.start("n"), e, n, r.units[lw], q)
    form = cons.get("tags_dir")
    if form is not None and (form == "" or word == form):
        a = p.la("tags_dir", text, e)
        if a is not None:
            out.append(Candidate(s, a.end(), "DATE", "anaphor", "anaphor_tags", unit="D",
                                 n=r.directions[a["dir"].lower()]))
    if "day_anaphor" in cons:
        a = p.lb("anaphor_day", text, s, 25)
        if a is not None:
            out.append(Candidate(a.start("w"), e, "DATE", "anaphor", "anaphor_day",
                                 unit="WD" if unit == "WD" else "D", n=_rel_sign(r, a["w"])))
            #   "am nächsten Werktag": counted in working days (``resolution._shift``)
    if "span_next" in cons:
        a = p.lb("next_plural", text, s, 25)
        if a is not None:
            out.append(Candidate(a.start("w"), e, "DURATION", "fixed", "duration_next",
                                 value=duration_value(None, unit)))
    if "period" in cons:
        a = p.lb("rel", text, s, 25)
        if a is not None:
            out.append(Candidate(a.start("rel"), e, "DATE", "deictic", "deictic_period",
                                 unit=unit, n=_rel_sign(r, a["rel"])))
    if "part_period" in cons:
        a = p.lb("part", text, s, 40)
        if a is not None:
            out.append(Candidate(a.start("part"), e, "DATE", "deictic", "part_period",
                                 unit=unit, n=_rel_sign(r, a["rel"] or ""),
                                 mod=r.period_parts[a["part"].lower()]))
    if "year_ref" in cons:
        a = p.lb("year_ref", text, s, 25)
        if a is not None:
            out.append(Candidate(a.start("w"), e, "DATE", "yearref", "year_ref", unit="Y",
                                 n=-1 if a["w"].lower().startswith("alte") else 1))
    if "weekend" in cons:
        a = p.lb("jeden", text, s, 12)
        if a is not None:
            out.append(Candidate(a.start(), e, "SET", "fixed", "set_every",
                                 value="XXXX-WXX-WE"))
        out.append(Candidate(s, e, "DATE", "deictic", "period_word", unit="WE", n=0))
    if "every" in cons:
        a = p.lb("every", text, s, 30)
        if a is not None:
            out.append(_every(r, a, e, unit))
    if "times" in cons:
        a = p.lb("times", text, s, 30)
        if a is not None:
            out.append(Candidate(a.start(), e, "SET", "fixed", "set_times",
                                 value=duration_value(1, unit)))
    return out


def _every(r: TimexRules, ev: re.Match[str], end: int, unit: str) -> Candidate:
    nw = (ev["n"] or "").lower()
    n = 2 if nw.startswith("zweite") else 3 if nw.startswith("dritte") else \
        (number(nw, r) if nw else 1)
    return Candidate(ev.start(), end, "SET", "fixed", "set_every", value=duration_value(n, unit))


def _month(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    s, e = m.start(), m.end()
    if _alnum_before(text, s) or text[s - 1:s] == "-" or text[e:e + 1] == "-":
        return []
    if p.lb("day_before", text, s, 6) is not None:
        return []  # "17. Dezember": the digit rule reads it
    r = p.rules
    mo = _month_of(r, m["mon"])
    part = p.lb("part", text, s, 15)
    mod = r.period_parts.get(part["part"].lower(), "") \
        if part is not None and not part["rel"] else ""
    start = part.start("part") if mod else s
    yr = p.la("year", text, e)
    if yr is not None:
        return [Candidate(start, yr.end(), "DATE", "date", "date_monthyear", y=int(yr["y"]),
                          m=mo, mod=mod)]
    if m["mon"].rstrip(".").lower() not in r.months:
        return []  # abbreviations only with a day or a year
    if not mod:
        if _prev_words(text, s) not in r.context("month"):
            return []
        if mo == 8 and re.match(r"\s+[A-ZÄÖÜ]", text[e:e + 3]):
            return []  # "August Müller"
    a = p.lb("rel", text, s, 25) if not mod else None
    sign = _rel_sign(r, a["rel"]) if a is not None else 0
    if sign:  # "letzten Dezember", "im vergangenen September", "nächsten März"
        return [Candidate(a.start("rel"), e, "DATE", "date", "date_month", m=mo,
                          rel="last" if sign < 0 else "next")]
    return [Candidate(start, e, "DATE", "date", "date_month", m=mo, mod=mod)]


def _weekday(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    s, e = m.start(), m.end()
    if _alnum_before(text, s) or p.lb("title", text, s, 8) is not None:
        return []
    r = p.rules
    wd = _weekday_of(r, m["wd"])
    if m["s"]:
        if m["pod"] or (m["wd"][0].isupper() and not _at_sentence_start(text, s)):
            return []
        return [Candidate(s, e, "SET", "fixed", "set_weekday", value=f"XXXX-WXX-{wd}")]
    pod = _pod_of(r, m["pod"])
    if not pod:
        p2 = p.la("pod2", text, e)
        if p2 is not None:
            pod, e = _pod_of(r, p2["pod"]), p2.end()
    jeden = p.lb("jeden", text, s, 12)
    if jeden is not None:
        return [Candidate(jeden.start(), e, "SET", "fixed", "set_every",
                          value=f"XXXX-WXX-{wd}")]
    a = p.lb("rel", text, s, 25)
    rel, start = "", s
    if a is not None:
        sign = _rel_sign(r, a["rel"])
        rel = "last2" if sign <= -2 else "last" if sign < 0 else "next" if sign > 0 else "this"
        start = a.start("rel")
    return [Candidate(start, e, "TIME" if pod else "DATE", "weekday", "weekday", wd=wd, pod=pod,
                      rel=rel)]


def _pod(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    prev = _prev_words(text, m.start())
    if "day_anaphor" in p.rules.relative_constructions.get(prev, ()):
        a = p.lb("anaphor_day", text, m.start(), 25)
        if a is not None:  # "am selben Abend", "an dem Tag": the day of the story's last
            #                date (codebook §4.1.5 rule 4), at that part of the day
            return [Candidate(a.start("w"), m.end(), "TIME", "anaphor", "anaphor_pod",
                              unit="D", n=_rel_sign(p.rules, a["w"]),
                              pod=_pod_of(p.rules, m["pod"]))]
    if prev not in p.rules.context("part_of_day"):
        return []
    if prev == "der" and _prev_words(text, m.start(), 2) \
            not in p.rules.context("part_of_day_after_der"):
        return []
    pre = p.lb("time_hedge", text, m.start(), 12)  # "gegen Mittag": APPROX (§4.1.4)
    return [Candidate(pre.start() if pre else m.start(), m.end(), "TIME", "time", "pod",
                      pod=_pod_of(p.rules, m["pod"]), mod="APPROX" if pre else "")]


def _set_pod(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    code = p.rules.part_of_day_adverbs[m["pod"].lower()]
    return [Candidate(m.start(), m.end(), "SET", "fixed", "set_pod", value=f"XXXX-XX-XXT{code}")]


def _deictic(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    r = p.rules
    w = m["w"]
    lw = w.lower()
    offset = r.deictic[lw]
    if offset is None:  # heutzutage
        return [Candidate(m.start(), m.end(), "DATE", "fixed", "deictic", value="PRESENT_REF")]
    a = p.la("pod_after_deictic", text, m.end())
    pod = _pod_of(r, a["pod"]) if a is not None else ""
    if lw == "morgen":
        if _prev_words(text, m.start()) in r.context("not_tomorrow"):
            return []
        if w == "Morgen" and not _at_sentence_start(text, m.start()) and not pod:
            return []  # the noun "der Morgen", not "tomorrow"
    if offset == 0 and not pod:
        window = text[max(0, m.start() - r.past_contrast_window):m.start()]
        sentence = re.split(r"[.!?\n]", window)[-1]
        if p.past_contrast.search(sentence):
            return [Candidate(m.start(), m.end(), "DATE", "fixed", "deictic_present",
                              value="PRESENT_REF")]
    end = a.end() if pod else m.end()
    return [Candidate(m.start(), end, "TIME" if pod else "DATE", "deictic", "deictic",
                      unit="D", n=offset, pod=pod)]


def _holiday(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    key = re.sub(r"\s+", " ", m["h"].lower())
    mo, d, easter_offset = p.rules.holidays[key]
    yr = p.la("year", text, m.end())
    return [Candidate(m.start(), yr.end() if yr else m.end(), "DATE", "date", "holiday",
                      y=int(yr["y"]) if yr else None, m=mo, d=d, holiday_easter=easter_offset)]


#: articles between a preposition and its season ("seit dem Sommer"): the preposition decides
_DATIVE_ARTICLES = frozenset({"dem", "des"})


def _season(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    yr = p.la("year", text, m.end())
    before = _prev_words(text, m.start())
    if before in _DATIVE_ARTICLES:  # "seit dem Sommer", "nach dem Winter"
        before = _prev_words(text, m.start(), 2).split(" ")[0]
    if yr is None and before not in p.rules.context("season"):
        return []
    last = yr is None and _rel_sign(p.rules, before) < 0
    return [Candidate(m.start(), yr.end() if yr else m.end(), "DATE", "date", "season",
                      y=int(yr["y"]) if yr else None, season=p.rules.seasons[m["s"].lower()],
                      rel="last" if last else "")]


def _period_word(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    if _alnum_before(text, m.start()):
        return []
    unit, mod = p.rules.period_words[m["w"].lower()]
    return [Candidate(m.start(), m.end(), "DATE", "deictic", "period_word", unit=unit, n=0,
                      mod=mod)]


def _adj(m: re.Match[str], text: str, p: Patterns) -> list[Candidate]:
    s = m.start()
    ws = s
    while ws > 0 and (text[ws - 1].isalnum() or text[ws - 1] == "-"):
        ws -= 1
    prefix = text[ws:s]
    suffix = m["u"]
    unit, typ = p.rules.adjective_suffixes[suffix]
    is_set = typ == "SET"
    if prefix == "" and not is_set:
        # "11 jähriger": the number stands apart; a bare "jähriger" is no expression
        d = re.search(r"(?<![\d.,])(\d+)\s?-?\s?$", text[max(0, s - 8):s])
        if d is None:
            return []
        ws, n = s - len(d.group(0)), float(d.group(1))
    elif prefix == "":
        n: float | None = 1.0
    else:
        a = re.fullmatch(r"(?P<d>\d+)-?|(?P<w>[^\W\d_]+)", prefix)
        if a is None:
            return []
        if a["d"]:
            n = float(a["d"])
        elif a["w"].lower() in {"mehr", "viel"}:
            n = None
        else:
            n = number(a["w"], p.rules)
            if n is None:
                return []
    if is_set and m["infl"] == "e" and n is None:
        return []
    return [Candidate(ws, m.end(), typ, "fixed", "set_adv" if is_set else "duration_adj",
                      value=duration_value(n, unit))]


# --------------------------------------------------------------------------- the handler table

@dataclass(frozen=True)
class Rule:
    """One extraction rule: its name, the template of its core pattern, its handler."""

    name: str
    pattern: str
    handler: Callable[[re.Match[str], str, Patterns], list[Candidate]]
    digit_led: bool = False


#: every rule, in the order its candidates are collected (ties keep this order)
HANDLERS: tuple[Rule, ...] = (
    # digit-led: tried at the start of each digit run
    Rule("date_numeric", r"(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.(?:\s?(?P<y>\d{{4}})|"
                         r"(?P<y2>\d{{2}}))?(?!\d|\.\d)", _date_numeric, True),
    Rule("date_iso", r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?![\d-])", _date_iso, True),
    Rule("date_slash", r"(?P<d>\d{{1,2}})(?P<sep>[/-])(?P<m>\d{{1,2}})(?P=sep)"
                       r"(?P<y>(?:19|20)\d\d|\d\d)(?![\w/-]|[.,:]\d)", _date_slash, True),
    Rule("date_daymonth", r"(?P<d>\d{{1,2}})\.?\s?(?P<mon>{month})(?!\w)"
                          r"(?:\s+(?P<y>\d{{4}})(?!\w))?", _date_daymonth, True),
    Rule("date_dayrange", r"(?P<d>\d{{1,2}})\.\s*(?:-|–|bis|und|oder|/|auf\s+den)\s*"
                          r"(?=\d{{1,2}}\.\s?(?:{month})(?!\w))", _date_dayrange, True),
    Rule("calweek_ordinal", r"(?P<w2>\d{{1,2}})\.\s?(?:KW|Kalenderwoche)(?!\w)(?P<w>)(?P<y>)",
         _calweek, True),
    Rule("date_dayonly", r"(?P<d>\d{{1,2}})\.(?![\d.])", _date_dayonly, True),
    Rule("date_year", r"(?P<y>(?:1[89]|20)\d\d)(?![\w%]|[.,/-]\d)", _date_year, True),
    Rule("decade", r"(?P<full>(?:1[89]|20)\d0|\d0)er(?:\s*-?\s*(?P<j>Jahren|Jahre)|(?P<n>n))?"
                   r"(?!\w)", _decade, True),
    Rule("time_uhr", r"(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d{{2}}))?\s*Uhr(?!\w)", _time_uhr, True),
    Rule("time_range", r"(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d{{2}}))?\s*(?:-|–|bis|oder|und)\s*"
                       r"(?=\d{{1,2}}(?:[:.]\d{{2}})?\s*Uhr(?!\w))", _time_range, True),
    Rule("time_colon", r"(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?!\d|:\d)", _time_colon, True),
    Rule("time_hms", r"(?P<h>\d{{1,2}}):(?P<mi>\d{{2}}):(?P<s>\d{{2}})(?:\s*Uhr)?(?![\d:])",
         _time_hms, True),
    Rule("time_h", r"(?P<h>\d{{1,2}})[:.](?P<mi>\d{{2}})\s?h(?!\w)", _time_h, True),
    Rule("quantity_digit", r"(?P<n>\d+(?:,\d+)?)\s*(?:\(\s*[!?]+\s*\)\s+)?(?P<u>{units})(?!\w)",
         _quantity_digit, True),
    # word-led: tried at each trigger word
    Rule("unit", r"(?P<u>{unit_nouns})(?!\w)", _unit),
    Rule("month", r"(?P<mon>{month_word})(?!\w)", _month),
    Rule("weekday", r"(?P<wd>{wd_full})(?P<pod>{pod_any})?(?P<s>s)?(?!\w)", _weekday),
    Rule("deictic", r"(?P<w>{deictic})(?!\w)", _deictic),
    Rule("pod", r"(?P<pod>{pod_nouns})(?!\w)", _pod),
    Rule("set_pod", r"(?P<pod>{pod_adverbs})(?!\w)", _set_pod),
    Rule("holiday", r"(?P<h>{holiday})(?!\w)", _holiday),
    Rule("season", r"(?P<s>{season})(?![\w-])", _season),
    Rule("period_word", r"(?P<w>{period_words})(?!\w)", _period_word),
    Rule("adj", r"(?P<u>{adj})(?P<infl>e[nmrs]?)?(?!\w)", _adj),
    Rule("uhr_word", r"Uhr(?!\w)", _uhr_word),
    Rule("calweek", r"(?:KW|Kalenderwoche)\s?(?P<w>\d{{1,2}})(?!\d)(?:\s?/\s?(?P<y>(?:19|20)\d\d))?"
                    r"(?P<w2>)", _calweek),
    Rule("time_half", r"(?:halb|Halb)\s+(?P<h>\d{{1,2}}|{numw})(?!\w)", _time_half),
    Rule("vague_word", r"(?P<w>{vague_words})(?!\w)", _vague_word),
    Rule("since_plural", r"(?P<u>{since_nouns})(?!\w)", _since_plural),
    Rule("late_plural", r"(?P<u>{late_nouns})(?!\w)", _late_plural),
)
