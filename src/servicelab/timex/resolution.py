"""Anchoring: turn one post's candidates into TIMEX3 values (see ``CODEBOOK.md`` §4).

* partial dates take the year of the nearest explicit date of the post;
* a weekday next to a partial date fixes the year when exactly one year near the page's
  explicit years fits ("Mittwoch, den 17. Dezember" + "30.12.2014" → 2014-12-17);
* weekdays resolve forward from the last calendar date of the post, anaphoric expressions
  ("ein Tag später", "Tags drauf") from the last dated expression, or from the date they stand
  in apposition to ("Ein Tag später – also am 31.12.");
* deictic words (heute, gestern, morgen) need the writing date; without ``dct`` they stay
  ``XXXX-XX-XX`` and keep their ``offset``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from servicelab.lemmas import is_past_form
from servicelab.timex.extraction import Candidate
from servicelab.timex.rules import TimexRules, resolve_rules
from servicelab.timex.values import add_months, easter, signed_offset, valid_day, working_days_after


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
    handler: str = field(default="", compare=False)  # the extraction rule that found it


@dataclass
class _Resolved:
    value: str
    anchor: int | None = None      # index of the anchoring candidate
    anchor_dct: bool = False
    day: date | None = None        # the calendar day, when known
    offset: str = ""


def explicit_years(cands: Iterable[Candidate]) -> set[int]:
    """Years of the explicit calendar dates among ``cands`` (for weekday/date consistency)."""
    return {c.y for c in cands if c.kind == "date" and c.y is not None and c.m is not None}


def _partial_value(c: Candidate, y: int | None) -> tuple[str, date | None]:
    """Value of a date candidate given a (possibly unknown) year."""
    ys = f"{y:04d}" if y is not None else "XXXX"
    if c.holiday_easter is not None:
        if y is None:
            return "XXXX-XX-XX", None
        day = easter(y) + timedelta(days=c.holiday_easter)
        return day.isoformat(), day
    if c.season:
        return f"{ys}-{c.season}", None
    if c.m is None:
        return ys, None
    if c.d is None:
        return f"{ys}-{c.m:02d}", None
    if y is not None and valid_day(y, c.m, c.d):
        day = date(y, c.m, c.d)
        return day.isoformat(), day
    return f"{ys}-{c.m:02d}-{c.d:02d}", None


def document_date(cands: Sequence[Candidate], post_start: int,
                  rules: TimexRules | None = None, text: str | None = None,
                  post_end: int | None = None) -> date | None:
    """The post's own date: a full calendar date (day, month and year written) near the
    post's start — a title, byline, dateline, forum header or a letter's date line
    ("München, 02.07.2015.", "veröffentlicht am 2. Juni 2015", "Stand: 12.3.2024").

    With ``text`` the layout speaks first: the first full date that stands on a *date line*
    (a line that holds little besides the date: "Musterstadt, den 14. Februar 2024",
    "Kundin · vor 2 Std. · 03.11.2024") within ``rules.date_line_window`` characters is the
    post's date, even after a date told in a sentence ("Am 2. März 2023 habe ich bestellt"
    is an event, not the writing time) or below a letter's address block. Otherwise the
    first full date within ``rules.dct_window`` characters. A date after a word of the
    ``not_document_date`` context (``von``, ``bis``, ``ab``, ``seit``; articles skipped) bounds
    a span, it is not the writing date. With ``post_end``, a post with neither takes the
    first full date of its closing line when that is a date line ("Geschrieben am 20.
    Januar 2025", "— Beitrag vom 02.02.2025 · Nachtrag vom 09.02.2025"; codebook §6.13).
    ``None`` when there is none."""
    r = resolve_rules(rules)
    first: date | None = None
    limit = max(r.dct_window, r.date_line_window if text is not None else 0)
    for c in sorted(cands, key=lambda c: c.start):
        if c.start - post_start > limit:
            break
        day = _full_day(c)
        if day is None:
            continue
        if text is None:
            return day
        if word_before(text, c.start, skip=ARTICLES) in r.context("not_document_date"):
            continue
        if on_date_line(text, c, r):
            return day
        if first is None and c.start - post_start <= r.dct_window:
            first = day
    if first is None and text is not None and post_end is not None:
        return _closing_date(cands, text, post_end, r)
    return first


def _closing_date(cands: Sequence[Candidate], text: str, post_end: int,
                  r: TimexRules) -> date | None:
    """The first full date on the post's last non-empty line, when that line is a date line
    (a sign-off "Geschrieben am 20. Januar 2025"); ``None`` otherwise."""
    body_end = len(text[:post_end].rstrip())
    line_start = text.rfind("\n", 0, body_end) + 1
    return footer_date([c for c in cands if c.start >= line_start and c.end <= body_end],
                       text, r)


def footer_date(cands: Sequence[Candidate], text: str, r: TimexRules) -> date | None:
    """The page's date below the text of its last post, for a post with none of its own: the
    first full date on a date line among the footer's expressions ``cands`` ("Seite 14 ·
    Dienstag, 14. April 2026" under a printed letter to the editor; codebook §6.13's closing
    line, one line further down)."""
    for c in sorted(cands, key=lambda c: c.start):
        day = _full_day(c)
        if day is not None and on_date_line(text, c, r) \
                and word_before(text, c.start, skip=ARTICLES) \
                not in r.context("not_document_date"):
            return day
    return None


def _full_day(c: Candidate) -> date | None:
    """The calendar day a date candidate writes in full: day, month and year, or a feast
    with its year ("Ostermontag 2025", a sign-off's date); ``None`` otherwise."""
    if c.kind != "date" or c.y is None or c.y < 1:
        return None
    if c.holiday_easter is not None:
        return easter(c.y) + timedelta(days=c.holiday_easter)
    if c.m is not None and c.d is not None and valid_day(c.y, c.m, c.d):
        return date(c.y, c.m, c.d)
    return None


ARTICLES = frozenset({"dem", "den", "der", "des"})
#: letter words of a line (digits and punctuation are not words)
_LINE_WORD = re.compile(r"[^\W\d_]{2,}")


def on_date_line(text: str, c: Candidate | Timex, r: TimexRules) -> bool:
    """The date stands on a line of its own or with a few header words around it (a place,
    "Stand:", "veröffentlicht am", a username and "vor 2 Std."): at most
    ``r.date_line_words`` words besides month and weekday names. A date inside a sentence
    of narrative is no date line."""
    a = text.rfind("\n", 0, c.start) + 1
    b = text.find("\n", c.end)
    calendar = _calendar_words(r)
    n = 0
    for w in _LINE_WORD.finditer(text, a, b if b >= 0 else len(text)):
        if w.group().lower() not in calendar:
            n += 1
            if n > r.date_line_words:  # a long line of narrative: no need to count it all
                return False
    return True


@functools.lru_cache(maxsize=8)
def _calendar_words(r: TimexRules) -> frozenset[str]:
    """Month and weekday names in lower case: the words a date line may hold besides its few
    header words (once per rules object, not per date)."""
    return frozenset(w.lower() for w in (*r.months, *r.month_abbr, *r.weekdays))


def word_before(text: str, pos: int, skip: frozenset[str] = frozenset()) -> str:
    """The word right before ``pos`` (lower case), passing over words in ``skip``."""
    words = [w.lower() for w in re.findall(r"\w+", text[max(0, pos - 40):pos])]
    while words and words[-1] in skip:
        words.pop()
    return words[-1] if words else ""


def _nearest_year(c: Candidate, anchor_day: date, r: TimexRules) -> int:
    """Year for a partial date: the anchor's year, or the neighbouring year when that puts the
    date within ``r.year_switch_days`` of the anchor across a year boundary (31.12. next to
    2.1.2015) and the anchor's own year puts it more than ``r.same_year_days`` away."""
    gaps: dict[int, int] = {}
    for y in (anchor_day.year - 1, anchor_day.year, anchor_day.year + 1):
        if c.season or c.m is None:
            probe = date(y, 7, 1)
        elif c.holiday_easter is not None:
            probe = easter(y) + timedelta(days=c.holiday_easter)
        elif c.d is None:
            probe = date(y, c.m, 15)
        elif valid_day(y, c.m, c.d):
            probe = date(y, c.m, c.d)
        else:
            continue
        gaps[y] = abs((probe - anchor_day).days)
    same = gaps.get(anchor_day.year, 10**6)
    for y in (anchor_day.year - 1, anchor_day.year + 1):
        if y in gaps and gaps[y] <= r.year_switch_days and same > r.same_year_days:
            return y
    return anchor_day.year


def _past_year(c: Candidate, y: int, dct: date, text: str, r: TimexRules) -> int:
    """``y``, or the year before when a partial date seen from the post's own date would lie
    after it in a past-tense clause: "Ende März habe ich bestellt" in a January 2015 post is
    March 2014 (issue 15: past references never resolve after the writing date); "letzten
    Sommer" is the latest summer that ended before the post; after "seit" the state began
    before the writing time whatever the clause's tense ("seit dem Sommer")."""
    if c.season == "WI":  # December of ``y`` to February after it
        if c.rel == "last":  # the latest winter that ended before the post
            return dct.year - 1 if dct.month > 2 else dct.year - 2
        later = (y, 12) > (dct.year, dct.month)
        return y - 1 if later and _before_writing(text, c, r) and not _ahead(text, c, r) \
            else y
    if c.season in _SEASON_MONTHS:
        first, last = _SEASON_MONTHS[c.season]
        if c.rel == "last":  # "letzten Sommer": the latest one that ended before the post
            return dct.year if dct.month > last else dct.year - 1
        later = (y, first) > (dct.year, dct.month)
        return y - 1 if later and _before_writing(text, c, r) and not _ahead(text, c, r) \
            else y
    if c.m is None or c.holiday_easter is not None or c.season:
        return y
    later = (y, c.m, c.d or 0) > (dct.year, dct.month, dct.day if c.d else 0)
    return y - 1 if later and _before_writing(text, c, r) and not _ahead(text, c, r) else y


def _before_writing(text: str, c: Candidate, r: TimexRules) -> bool:
    """The expression lies before the writing time: its clause is past, or its own
    preposition names where a state began ("seit dem Herbst": ``origin_preposition``)."""
    return word_before(text, c.start, skip=ARTICLES) in r.context("origin_preposition") \
        or _tense(text, c, r) == "past"


def _relative_month(c: Candidate, dct: date) -> str:
    """"letzten Dezember": the latest December before the writing time's month; "nächsten
    März": the first March after it (the month as it is named from the writing time)."""
    if c.rel == "last":
        y = dct.year if c.m < dct.month else dct.year - 1
    else:
        y = dct.year if c.m > dct.month else dct.year + 1
    return f"{y:04d}-{c.m:02d}"


#: a sentence or clause break; the dot of an ordinal date ("15. April") is none, nor the
#: colon of a clock time ("15:30"); a colon opens the clause it announces ("Gestern kam ein
#: Anruf: jetzt heißt es Mitte Mai": the told words have their own tense)
_BREAK = re.compile(r"(?<!\d)[.!?;:]|\n")


def _ahead(text: str, c: Candidate, r: TimexRules) -> bool:
    """A partial date that may lie after the post's date although its clause looks past: a
    later addition to the post ("Edit 20.02.:", "Nachtrag vom 3.4.") or the time a plan is
    set for in the present ("ist für den 4. April angesetzt", "für den Herbst geplant": "ist
    … geplant" is a state, no perfect). The words are the ``later_addition`` and
    ``planned_for`` contexts."""
    before = word_before(text, c.start, skip=ARTICLES)
    if _addition_label(text, c, r):
        return True  # "Edit 20.02.", "Nachtrag vom 3.4."
    if before not in r.context("planned_for"):
        return False
    a = max(text.rfind(ch, 0, c.start) for ch in ".!?;\n")
    clause = text[a + 1:c.start].lower().split()
    return not set(clause) & _PAST_FINITE


def _addition_label(text: str, c: Candidate, r: TimexRules) -> bool:
    """The date labels a later addition to the post ("Update 19.11.:", "Nachtrag vom 3.4.",
    "EDIT 20.02.", "UPDATE 2 (26.11.):"): a word of the ``later_addition`` context right
    before it, past "vom", "am", an article and the addition's number."""
    words = [w.lower() for w in re.findall(r"\w+", text[max(0, c.start - 40):c.start])]
    while words and (words[-1] in ARTICLES | {"vom", "am"} or words[-1].isdigit()):
        words.pop()  # "UPDATE 2 (26.11.):", "Edit 3 vom 4.5.": the label's number
    return bool(words) and words[-1] in r.context("later_addition")


#: finite past auxiliaries: "war für den 4. April geplant" is a plan of the past
_PAST_FINITE = frozenset({"war", "waren", "hatte", "hatten", "wurde", "wurden"})


#: first and last month of the seasons that lie inside one calendar year (winter spans two)
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}


def _weekday_years(c: Candidate, years: Iterable[int], span: int) -> list[int]:
    """Years within ``span`` years of ``years`` in which the day/month falls on ``c.wd``."""
    out = set()
    for base in years:
        for y in range(base - span, base + span + 1):
            if valid_day(y, c.m, c.d) and date(y, c.m, c.d).isoweekday() == c.wd:
                out.add(y)
    return sorted(out)


def resolve(cands: Sequence[Candidate], text: str, *, dct: date | None = None,
            page_years: Iterable[int] = (), rules: TimexRules | None = None) -> list[Timex]:
    """Normalise one post's candidates (in text order) into ``Timex`` objects."""
    r_ = resolve_rules(rules)
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
            fits = _weekday_years(c, years, r_.weekday_year_span)
            if len(fits) == 1:
                v, day = _partial_value(c, fits[0])
                res[i] = _Resolved(v, day=day)
    # 3. other partial dates: year of the nearest anchor of the post (text distance)
    anchors = [i for i, r in enumerate(res) if r is not None and r.day is not None]
    merged: dict[int, int] = {}  # a month or season → the year phrase after it
    for i, c in enumerate(cands):
        if c.kind != "date" or res[i] is not None:
            continue
        k = _year_after(cands, i, text)
        if k is not None and dct is not None:
            # round eleven: "Februar letzten Jahres", "im Herbst vergangenen Jahres": one
            # expression, the month or season of the year the phrase counts from the writing
            res[i] = _Resolved(_partial_value(c, dct.year + int(cands[k].n))[0],
                               anchor_dct=True)
            merged[i] = k
            continue
        if c.rel and c.m is not None and not c.season and dct is not None:
            res[i] = _Resolved(_relative_month(c, dct), anchor_dct=True)
            continue
        near = [k for k in anchors if dct is None
                or abs(res[k].day.year - dct.year) <= r_.anchor_years]
        if near:
            j = min(near, key=lambda k: (abs(cands[k].start - c.start), k))
            y = _nearest_year(c, res[j].day, r_)
            if res[j].day == dct:
                y = _past_year(c, y, dct, text, r_)
            v, day = _partial_value(c, y)
            res[i] = _Resolved(v, anchor=j, day=day)
        elif dct is not None:
            y = _past_year(c, _nearest_year(c, dct, r_), dct, text, r_)
            v, day = _partial_value(c, y)
            res[i] = _Resolved(v, anchor_dct=True, day=day)
        else:
            v, day = _partial_value(c, None)
            res[i] = _Resolved(v, day=day)
    # 4. apposition links
    appos_before = re.compile(r_.patterns["apposition_before"], re.IGNORECASE)
    appos_after = re.compile(r_.patterns["apposition_after"], re.IGNORECASE)
    gap = r_.apposition_gap
    before_link: dict[int, int] = {}
    after_link: dict[int, int] = {}
    for i, c in enumerate(cands):
        if c.kind != "anaphor":
            continue
        if i + 1 < len(cands) and cands[i + 1].kind == "date" \
                and cands[i + 1].start - c.end <= gap \
                and appos_before.fullmatch(text[c.end:cands[i + 1].start]):
            before_link[i] = i + 1
        elif i > 0 and cands[i - 1].kind == "date" and c.start - cands[i - 1].end <= gap \
                and appos_after.fullmatch(text[cands[i - 1].end:c.start]):
            after_link[i] = i - 1
    # 5. sequential pass for weekdays, anaphora, deictic expressions
    ref_cal: int | None = None      # last calendar date (explicit or partial, day known)
    ref_any: int | None = None      # last dated expression of any kind
    ref_month: int | None = None    # last dated expression when it names only a month
    prev_ref: dict[int, int | None] = {}
    post_dct, addition = dct, None  # a dated later addition is the writing time after it
    added_to: dict[int, int] = {}
    for i, c in enumerate(cands):
        prev_ref[i] = ref_any
        r = res[i]
        if addition is not None:
            added_to[i] = addition
        if c.kind == "date":
            if r is not None and r.day is not None:
                ref_cal = ref_any = i
                ref_month = None
                if r_.addition_is_writing_time and _addition_label(text, c, r_) \
                        and (post_dct is None or r.day >= post_dct):
                    dct, addition = r.day, i  # "Update 19.11.: seit Freitag …" counts
                    #                           from 19 November
            elif r is not None and _MONTH_VALUE.fullmatch(r.value):
                ref_month = i
            continue
        if c.kind == "weekday" and c.week is not None:
            res[i] = r = _resolve_week_day(c, dct)
            if r.day is not None:  # a day as definite as a date: the story's last date
                ref_cal = ref_any = i
                ref_month = None
        elif c.kind == "weekday":
            ref = res[ref_cal].day if ref_cal is not None else None
            if ref is not None and dct is not None and (
                    ref >= dct or abs(ref.year - dct.year) > r_.anchor_years or c.rel):
                ref = None  # the post's own date (its dateline) is the writing time; so is
                #             the time "letzten/vergangenen/nächsten Freitag" counts from; a
                #             date after it is a plan or deadline the story has not reached
            r = _resolve_weekday(c, ref, dct, _direction(text, c, r_))
            if ref_cal is not None and r.day is not None:
                r.anchor = ref_cal
            res[i] = r
            if r.day is not None:
                ref_any = i
                if c.rel in {"last", "last2"} and ref is None and dct is not None:
                    ref_cal = i  # "vergangenen Freitag", counted from the writing time, is
                    #              as definite as a date: the story's last date
                    ref_month = None
        elif c.kind == "anaphor":
            if i in before_link and res[before_link[i]] is not None:
                t = res[before_link[i]]
                res[i] = _Resolved(t.value, anchor=before_link[i], day=t.day,
                                   offset=signed_offset(c.n, c.unit))
            elif i in after_link and c.unit in {"D", "WD", "W"} \
                    and res[after_link[i]] is not None and res[after_link[i]].day is not None:
                # "am 19. September, also fast vier Wochen später": a count of days or weeks
                # restating the day before it takes that day (§4.1.5 rule 4, apposition)
                t = res[after_link[i]]
                res[i] = _Resolved(t.day.isoformat(), anchor=after_link[i], day=t.day,
                                   offset=signed_offset(c.n, c.unit))
            elif ref_month is not None and i not in after_link and c.unit in {"D", "WD", "W"} \
                    and not c.pod:
                res[i] = _shift_in_month(c, cands[ref_month], res[ref_month].value, ref_month)
            else:
                base = prev_ref[after_link[i]] if i in after_link else ref_any
                res[i] = _shift(c, res[base].day if base is not None else None, base)
                if c.pod:  # "am selben Abend": that day, in the evening
                    res[i].value += f"T{c.pod}"
            if res[i].day is not None:
                ref_any = i
        elif c.kind == "deictic":
            res[i] = _stamp_apposition(cands, res, i, text, appos_after) \
                or _reported_day(c, cands, res, ref_any, dct, text, r_) \
                or _resolve_deictic(c, dct, _tense(text, c, r_) if c.unit == "WE" else "")
        elif c.kind == "yearref":
            j = ref_any
            base = res[j].day if j is not None else dct
            named = _named_year(text, c) if base is None else None
            if named is not None:
                res[i] = _Resolved(named)
            elif base is None:
                res[i] = _Resolved("XXXX")
            else:
                y = base.year + (0 if base.month >= 10 else -1) + (1 if c.n > 0 else 0)
                res[i] = _Resolved(f"{y:04d}", anchor=j, anchor_dct=j is None)
        elif c.kind == "calweek":  # "KW 34": the year of the written one, the last dated
            #                           expression or the post's date
            base = res[ref_any].day if ref_any is not None else dct
            y = c.y if c.y is not None else (base.year if base is not None else None)
            res[i] = _Resolved(f"{y:04d}-W{int(c.n):02d}" if y is not None
                               else f"XXXX-W{int(c.n):02d}",
                               anchor=ref_any if c.y is None else None,
                               anchor_dct=c.y is None and ref_any is None and dct is not None)
        elif c.kind == "dayonly":
            ref = res[ref_cal].day if ref_cal is not None else None
            if ref is not None and dct is not None and (
                    ref >= dct or abs(ref.year - dct.year) > r_.anchor_years):
                ref = None  # as for weekdays: a plan after the post date is no reference
            res[i] = _resolve_day_only(c, ref, dct, _direction(text, c, r_))
            if ref is not None and res[i].day is not None:
                res[i].anchor = ref_cal
            # a day without its month is weak evidence: it dates nothing after it
        elif c.kind == "time":
            if c.hh is None and c.pod and dct is not None and _addition_label(text, c, r_):
                # round eleven: "Nachtrag vom Abend:", "Update vom Nachmittag:": an addition
                # written later on the writing day, in that part of it
                res[i] = _Resolved(f"{dct.isoformat()}T{c.pod}", anchor_dct=True)
            else:
                res[i] = _Resolved(_time_value(c))
        else:  # fixed
            res[i] = _Resolved(c.value)
    for i, k in added_to.items():  # counted from the addition's date, not the post's
        if res[i] is not None and res[i].anchor_dct:
            res[i].anchor_dct, res[i].anchor = False, k
    out = []
    for i, c in enumerate(cands):
        if i in merged.values():
            continue  # the year phrase is part of the month or season before it
        r = res[i]
        if c.kind == "date" and c.pod and _DAY_VALUE.fullmatch(r.value):
            r.value += f"T{c.pod}"  # "Abend des 22. August": that day, in the evening
        a = r.anchor
        end = cands[merged[i]].end if i in merged else c.end
        out.append(Timex(
            start=c.start, end=end, text=text[c.start:end], type=c.type, value=r.value,
            mod=c.mod, anchor="DCT" if r.anchor_dct else (f"#{a}" if a is not None else ""),
            anchor_text="" if a is None else text[cands[a].start:cands[a].end],
            offset=r.offset, rule=c.rule, id=f"#{i}", handler=c.handler))
    return out


#: a year counted from the writing time in the genitive ("letzten Jahres", "dieses Jahres")
_YEAR_GENITIVE = re.compile(r"\w+\s+Jahres", re.IGNORECASE)


def _year_after(cands: Sequence[Candidate], i: int, text: str) -> int | None:
    """The index of a year phrase in the genitive right after the month or season ``i``
    without its year ("Februar letzten Jahres", "Herbst vergangenen Jahres"), else None."""
    c = cands[i]
    if c.y is not None or c.d is not None or not (c.m or c.season) or i + 1 >= len(cands):
        return None
    k = cands[i + 1]
    if k.kind != "deictic" or k.unit != "Y" or k.n is None or not float(k.n).is_integer() \
            or text[c.end:k.start].strip() or not _YEAR_GENITIVE.fullmatch(text, k.start, k.end):
        return None
    return i + 1


#: a sentence break (a clause break is none: reported speech follows a comma)
_SENTENCE_BREAK = re.compile(r"(?<!\d)[.!?]\s|\n")


def _reported_day(c: Candidate, cands: Sequence[Candidate], res: list[_Resolved | None],
                  ref: int | None, dct: date | None, text: str, r: TimexRules
                  ) -> _Resolved | None:
    """A day word in reported speech of a told day ("Letzte Woche Dienstag … um 9:40 hieß es,
    für heute sei Schluss"; "Am 11.3. … kam ein Anruf, das Team schaffe es heute nicht mehr,
    der Partner sei unterbesetzt"): its sentence has a verb of the ``reported_speech`` context
    (Konjunktiv I: "sei", "könne"), the day word stands after a clause that tells in the past
    ("hieß es,", "kam ein Anruf,"; not the teller's own "DPD schrieb mir gestern, …" nor a
    present "die Hotline sagt jedes Mal, …"), and a day told before it in the same paragraph,
    before the post's date, is the speaker's "today". ``None`` otherwise."""
    if c.rule != "deictic" or c.unit != "D" or c.n is None or ref is None \
            or res[ref] is None or res[ref].day is None \
            or (dct is not None and res[ref].day >= dct):
        return None
    if re.search(r"\n[^\w\n]*\n", text[cands[ref].end:c.start]):
        return None  # a new paragraph: the told day is no longer the scene
    lo = max(cands[ref].end, c.start - 600)
    a = max((m.end() for m in _SENTENCE_BREAK.finditer(text, lo, c.start)), default=lo)
    comma = text.rfind(",", a, c.start)
    if comma < 0:
        return None  # in the teller's own clause ("DPD schrieb mir gestern, …")
    present = r.context("present_form")
    if not any(is_past_form(w, present) for w in re.findall(r"[^\W\d_]+", text[a:comma])):
        return None  # told in the present ("Die Hotline sagt jedes Mal, es sei morgen …")
    m = _SENTENCE_BREAK.search(text, c.end)
    sentence = text[a:m.start() if m else len(text)].lower()
    if not set(re.findall(r"[^\W\d_]+", sentence)) & r.context("reported_speech"):
        return None
    day = res[ref].day + timedelta(days=int(c.n))
    value = day.isoformat() + (f"T{c.pod}" if c.pod else "")
    return _Resolved(value, anchor=ref, day=day, offset=signed_offset(c.n, "D"))


def _named_year(text: str, c: Candidate) -> str | None:
    """The year a post writes after the same words elsewhere ("Ein neues Jahr beginnt … ein
    frohes neues Jahr 2016"): one post has one writing time, so the same deictic phrase
    names the same year throughout (§4.1.5 rule 1 reads partial dates the same way)."""
    words = re.escape(text[c.start:c.end]).replace(r"\ ", r"\s+")
    years = {m.group(1) for m in re.finditer(words + r"\s+(\d{4})\b", text)}
    return years.pop() if len(years) == 1 else None


_PAREN_OPEN = re.compile(r"\s*\(\s*")
_DATE_TIME_GAP = re.compile(r"\s*,?\s*")
#: a header separator between a full date and the relative stamp after it on one line
#: ("12.10.2025 – vor 5 Tagen", "03.08.2024 · 5 Std."): the mirror of ``_STAMP_SEPARATOR``
_STAMP_AFTER = re.compile(r"[ \t]*[·|•–—][ \t]*")


def _stamp_apposition(cands: Sequence[Candidate], res: list[_Resolved | None], i: int,
                      text: str, appos_after: re.Pattern[str]) -> _Resolved | None:
    """An "ago" expression that restates the date before it (§4.1.5 rule 4, apposition)
    takes that date: "Dienstag, 9. Juni 2015, 16:18 (vor 4 Minuten)" → the stamp's date and
    time (not the writing time minus four minutes); "am 17. Juli 1955, also vor fast 60
    Jahren" → 1955 (at the granularity of the ago's unit); a page's stamp after the date it
    stands for on a header line, "12.10.2025 – vor 5 Tagen", → that date."""
    c = cands[i]
    if c.rule != "ago":
        return None
    stamped = _stamp_before_date(cands, res, i, text)
    if stamped is not None or i == 0:
        return stamped
    j = i - 1
    prev = cands[j]
    if prev.kind == "date" and res[j] is not None and res[j].day is not None \
            and appos_after.fullmatch(text, prev.end, c.start):
        day = res[j].day
        value = {"Y": f"{day.year:04d}", "M": f"{day.year:04d}-{day.month:02d}"}.get(
            c.unit, day.isoformat())
        return _Resolved(value, anchor=j, day=day if c.unit in {"D", "W"} else None)
    if prev.kind == "date" and res[j] is not None and res[j].day is not None \
            and _STAMP_AFTER.fullmatch(text, prev.end, c.start):
        # how old the page says the post is: the page view is that much after the date
        return _Resolved(res[j].day.isoformat(), anchor=j, day=res[j].day,
                         offset=signed_offset(c.n, c.unit))
    if not _PAREN_OPEN.fullmatch(text, prev.end, c.start):
        return None
    if prev.kind == "time" and prev.hh is not None and j > 0 \
            and _DATE_TIME_GAP.fullmatch(text, cands[j - 1].end, prev.start) \
            and res[j - 1] is not None and res[j - 1].day is not None:
        day = res[j - 1].day
        return _Resolved(f"{day.isoformat()}T{prev.hh:02d}:{prev.mi or 0:02d}", anchor=j, day=day)
    if prev.kind == "date" and res[j] is not None and res[j].day is not None:
        return _Resolved(res[j].day.isoformat(), anchor=j, day=res[j].day)
    return None


#: a header separator between a relative stamp and the full date beside it
_STAMP_SEPARATOR = re.compile(r"[ \t]*(?:[·|•]|\()[ \t]*")


def _stamp_before_date(cands: Sequence[Candidate], res: list[_Resolved | None], i: int,
                       text: str) -> _Resolved | None:
    """A page's relative stamp right before the full date it stands for, on one header line
    ("vor 3 Tagen · 04.06.2025", "vor 5 Tagen (17.03.2024)", "vor 2 Stunden · 01.06.2025,
    21:58") takes that date, and
    for hours or minutes the clock time after it (codebook §6.11; the mirror of "16:18 (vor
    4 Minuten)")."""
    if i + 1 >= len(cands):
        return None
    k = i + 1
    nxt = cands[k]
    if nxt.kind != "date" or res[k] is None or res[k].day is None \
            or not _STAMP_SEPARATOR.fullmatch(text, cands[i].end, nxt.start):
        return None
    day = res[k].day
    offset = signed_offset(cands[i].n, cands[i].unit)  # how old the page says the post is
    if cands[i].unit in {"H", "MIN"} and k + 1 < len(cands) and cands[k + 1].kind == "time" \
            and cands[k + 1].hh is not None \
            and _DATE_TIME_GAP.fullmatch(text, nxt.end, cands[k + 1].start):
        t = cands[k + 1]
        return _Resolved(f"{day.isoformat()}T{t.hh:02d}:{t.mi or 0:02d}", anchor=k, day=day,
                         offset=offset)
    return _Resolved(day.isoformat(), anchor=k, day=day, offset=offset)


def _time_value(c: Candidate) -> str:
    if c.hh is not None:
        return f"T{c.hh:02d}:{c.mi or 0:02d}"
    return f"T{c.pod}"


_BACK_WINDOW = 256  # characters searched at a time, backwards, for the last break


def last_break(text: str, end: int) -> int:
    """The offset of the last ``_BREAK`` before ``end`` (-1 if none): what
    ``max(m.start() for m in _BREAK.finditer(text, 0, end))`` gives, searched backwards in
    windows (a break is one character; its look-behind sees the text before a window), so
    a long text is not scanned from its start for every expression."""
    hi = end
    while hi > 0:
        lo = max(0, hi - _BACK_WINDOW)
        last = -1
        for m in _BREAK.finditer(text, lo, hi):
            last = m.start()
        if last >= 0:
            return last
        hi = lo
    return -1


def _tense(text: str, c: Candidate, r: TimexRules) -> str:
    """``past``, ``future`` or ``""``: the tense of the clause around ``c`` (from the last
    sentence or clause break before it to the next): the ``future_tense`` and ``past_tense``
    patterns first — when both match, the one nearer the expression ("Der Termin am Samstag
    wurde abgesagt, das hätte mitgeteilt werden müssen": the passive "werden" further on is
    no future of the Saturday) — then any finite past form
    (``servicelab.lemmas.is_past_form``)."""
    a = last_break(text, c.start)
    m = _BREAK.search(text, c.end)
    b = m.start() if m else len(text)
    clause = text[a + 1:c.start] + " " + text[c.end:b]
    at = c.start - (a + 1)  # where the expression stood in the clause
    future = _nearest_match(r.patterns["future_tense"], clause, at)
    past = _nearest_match(r.patterns["past_tense"], clause, at)
    if future is not None and (past is None or future <= past):
        return "future"
    if past is not None:
        return "past"
    present = r.context("present_form")
    if any(is_past_form(w, present) for w in re.findall(r"[^\W\d_]+", clause)):
        return "past"  # "Am Freitag schickte ich …": a preterite read from its lemma
    return ""


def _nearest_match(pattern: str, clause: str, at: int) -> int | None:
    """Characters between ``at`` and the nearest match of ``pattern`` in ``clause`` (None:
    no match)."""
    gaps = [max(m.start() - at, at - m.end(), 0)
            for m in re.finditer(pattern, clause, re.IGNORECASE)]
    return min(gaps) if gaps else None


def _direction(text: str, c: Candidate, r: TimexRules) -> str:
    """``future`` when the expression's own preposition aims at a time ("bis Freitag", "ab
    Montag", "frühestens am 20.": the ``target_preposition`` context), ``past`` when it names
    where a state began ("seit Freitag": ``origin_preposition``), whatever the clause's
    tense; else the clause's tense (``_tense``)."""
    word = word_before(text, c.start, skip=ARTICLES | {"zum", "am"})
    if word in r.context("target_preposition"):
        return "future"
    if word in r.context("origin_preposition"):
        return "past"  # "seit Freitag": a state that began before the writing time
    return _tense(text, c, r)


#: a calendar day's value
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")


def _resolve_day_only(c: Candidate, ref: date | None, dct: date | None,
                      tense: str = "") -> _Resolved:
    """"am 20." (a day without its month): after a date told in the post, the first such day
    on or after it ("am 8.12. bestellt, für den 13. angekündigt" → 13 December), as weekdays
    count on from the story's last date (§4.1.5 rule 3); from the post's own date, the one
    its clause's direction says: past → the latest on or before it, future → the next on or
    after it, untensed → the nearer of the two. Unknown month → ``XXXX-XX-DD``."""
    base = ref or dct
    if base is None:
        return _Resolved(f"XXXX-XX-{c.d:02d}")
    if c.wd:  # "Montag, der 21.": the nearest month in which the 21st is a Monday, on the
        #       side the clause's direction says
        days = [d for k in range(-6, 7) if (d := _day_in_month(base, c.d, k)) is not None
                and d.isoweekday() == c.wd
                and not (tense == "past" and ref is None and d > base)
                and not ((tense == "future" or ref is not None) and d < base)]
        if days:
            day = min(days, key=lambda d: (abs((d - base).days), d))
            return _Resolved(day.isoformat(), anchor_dct=ref is None, day=day)
    after = _day_in_month(base, c.d, 0 if c.d >= base.day else 1)
    before = _day_in_month(base, c.d, 0 if c.d <= base.day else -1)
    if ref is not None or tense == "future":
        day = after
    elif tense == "past":
        day = before
    else:
        day = min((d for d in (before, after) if d is not None),
                  key=lambda d: (abs((d - base).days), d), default=None)
    if day is None:
        return _Resolved(f"XXXX-XX-{c.d:02d}")
    return _Resolved(day.isoformat(), anchor_dct=ref is None, day=day)


def _day_in_month(base: date, d: int, months: int) -> date | None:
    """Day ``d`` of the month ``months`` after ``base``'s month (None when it has no such
    day: "am 31." in a month of 30 days)."""
    y, m = add_months(base.year, base.month, months)
    return date(y, m, d) if valid_day(y, m, d) else None


def _resolve_week_day(c: Candidate, dct: date | None) -> _Resolved:
    """"Donnerstag letzter Woche": the weekday in the week ``c.week`` weeks from the writing
    time's week (ISO weeks, Monday first); ``XXXX-WXX-d`` without a writing time."""
    suffix = f"T{c.pod}" if c.pod else ""
    if dct is None:
        return _Resolved(f"XXXX-WXX-{c.wd}{suffix}", offset=signed_offset(c.week, "W"))
    day = dct + timedelta(days=7 * c.week + c.wd - dct.isoweekday())
    return _Resolved(day.isoformat() + suffix, anchor_dct=True, day=day,
                     offset=signed_offset(c.week, "W"))


def _resolve_weekday(c: Candidate, ref: date | None, dct: date | None,
                     tense: str = "") -> _Resolved:
    base = ref or dct
    suffix = f"T{c.pod}" if c.pod else ""
    if base is None:
        return _Resolved(f"XXXX-WXX-{c.wd}{suffix}")
    delta = (c.wd - base.isoweekday()) % 7
    if c.rel in {"last", "last2"}:  # "vorletzten Freitag": one week further back
        delta = (delta - 7 if delta > 0 else -7) - (7 if c.rel == "last2" else 0)
    elif c.rel == "next" and delta == 0:
        delta = 7
    elif ref is None and dct is not None and c.rel == "" and delta > 0 and (
            tense == "past" or (tense == "" and delta > 3)):
        delta -= 7  # seen from the post's date: a past-tense weekday lies before it, an
        #             untensed one is the nearest
    day = base + timedelta(days=delta)
    return _Resolved(day.isoformat() + suffix, anchor_dct=ref is None, day=day)


#: a month as a TIMEX3 value ("2024-10")
_MONTH_VALUE = re.compile(r"(\d{4})-(\d\d)")
#: the day a month-level anchor stands for, by its ``mod`` ("Anfang Oktober" → the 5th)
_DAY_OF_PART = {"START": 5, "MID": 15, "END": 25}


def _shift_in_month(c: Candidate, anchor: Candidate, value: str, idx: int) -> _Resolved:
    """"Anfang Oktober …, zwei Wochen später": days or weeks after an anchor that names only
    a month can name only a month too (codebook §4.1.5 rule 4, granularity): the month in
    which the anchor's part of the month plus the offset falls."""
    y, m = (int(x) for x in _MONTH_VALUE.fullmatch(value).groups())
    offset = signed_offset(c.n, c.unit)
    if c.n is None:
        return _Resolved("XXXX-XX", offset=offset)
    day = date(y, m, _DAY_OF_PART.get(anchor.mod, 15)) + timedelta(
        days=c.n * (7 if c.unit == "W" else 1))
    return _Resolved(f"{day.year:04d}-{day.month:02d}", anchor=idx, offset=offset)


def _shift(c: Candidate, base: date | None, base_idx: int | None) -> _Resolved:
    offset = signed_offset(c.n, c.unit)
    unknown = {"D": "XXXX-XX-XX", "WD": "XXXX-XX-XX", "W": "XXXX-XX-XX", "M": "XXXX-XX",
               "Y": "XXXX", "H": "XXXX-XX-XXTXX:XX", "MIN": "XXXX-XX-XXTXX:XX"}[c.unit]
    if base is None or c.n is None or not float(c.n).is_integer():
        return _Resolved(unknown, offset=offset)
    n = int(c.n)
    if c.unit == "WD":  # "am nächsten Werktag" after a Friday is the Monday
        day = working_days_after(base, n)
        return _Resolved(day.isoformat(), anchor=base_idx, day=day, offset=offset)
    if c.unit in {"D", "W"}:
        day = base + timedelta(days=n * (7 if c.unit == "W" else 1))
        return _Resolved(day.isoformat(), anchor=base_idx, day=day, offset=offset)
    if c.unit == "M":
        y, m = add_months(base.year, base.month, n)
        return _Resolved(f"{y:04d}-{m:02d}", anchor=base_idx, offset=offset)
    if c.unit == "Y":
        return _Resolved(f"{base.year + n:04d}", anchor=base_idx, offset=offset)
    return _Resolved(unknown, anchor=base_idx, offset=offset)


def _resolve_deictic(c: Candidate, dct: date | None, tense: str = "") -> _Resolved:
    n = c.n
    if c.unit == "WE" and c.rule == "period_word" and n == 0 and tense == "past" \
            and dct is not None and dct.isoweekday() < 6:
        n = -1  # "Am Wochenende fiel das Netz aus" on a Wednesday: the weekend before
    offset = signed_offset(n, "D" if c.unit == "WE" else c.unit) if c.unit != "WE" else ""
    suffix = f"T{c.pod}" if c.pod else ""
    if dct is None or n is None or not float(n).is_integer():
        unknown = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX",
                   "Y": "XXXX", "H": "XXXX-XX-XXTXX:XX", "MIN": "XXXX-XX-XXTXX:XX",
                   "S": "XXXX-XX-XXTXX:XX"}[c.unit]
        return _Resolved(unknown + suffix, offset=offset)
    n = int(n)
    if c.unit == "D" or (c.unit == "W" and c.rule == "ago"):
        # "vor drei Wochen" counts days back like "drei Wochen später" counts them on (§4.1.5
        # rule 4: days and weeks → day); "letzte Woche" names a calendar week
        day = dct + timedelta(days=n * (7 if c.unit == "W" else 1))
        return _Resolved(day.isoformat() + suffix, anchor_dct=True, day=day, offset=offset)
    if c.unit in {"W", "WE"}:
        iso = (dct + timedelta(weeks=n)).isocalendar()
        v = f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if c.unit == "WE" else "")
        return _Resolved(v, anchor_dct=True, offset=offset)
    if c.unit == "M":
        y, m = add_months(dct.year, dct.month, n)
        return _Resolved(f"{y:04d}-{m:02d}", anchor_dct=True, offset=offset)
    if c.unit == "Y":
        return _Resolved(f"{dct.year + n:04d}", anchor_dct=True, offset=offset)
    return _Resolved("XXXX-XX-XXTXX:XX", offset=offset)
