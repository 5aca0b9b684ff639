"""The tagger's public entry points: one text (``tag``), many texts, a whole corpus."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta
from itertools import accumulate

import pandas as pd

from servicelab.timex.extraction import Candidate, extract
from servicelab.timex.resolution import (
    ARTICLES,
    Timex,
    document_date,
    explicit_years,
    footer_date,
    on_date_line,
    resolve,
    word_before,
)
from servicelab.timex.rules import TimexRules, resolve_rules

TIMEX_COLUMNS = ["timex_id", "doc_id", "post_id", "sentence_id", "start", "end", "text", "type",
                 "value", "mod", "anchor", "anchor_text", "offset", "rule"]
FRAME_COLUMNS = ["id", "start", "end", "text", "type", "value", "mod", "anchor", "anchor_text",
                 "offset", "rule"]
TEXTS_COLUMNS = ["doc_id", "start", "end", "text", "type", "value", "mod", "anchor_text",
                 "offset", "rule"]
_LETTER_DEICTIC = {"deictic"}


def tag(text: str, *, dct: date | None = None, page_years: Iterable[int] = (),
        rules: TimexRules | None = None) -> list[Timex]:
    """Tag one text as one post: ``[Timex(start, end, text, type, value, mod, anchor, …)]``."""
    rules = resolve_rules(rules)
    cands = extract(text, rules=rules)
    return resolve(cands, text, dct=dct, page_years=set(page_years) | explicit_years(cands),
                   rules=rules)


def tag_frame(text: str, **kwargs) -> pd.DataFrame:
    """``tag`` as a DataFrame (columns: start, end, text, type, value, mod, anchor, …)."""
    rows = [{"id": t.id, "start": t.start, "end": t.end, "text": t.text, "type": t.type,
             "value": t.value, "mod": t.mod, "anchor": t.anchor, "anchor_text": t.anchor_text,
             "offset": t.offset, "rule": t.rule} for t in tag(text, **kwargs)]
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


def tag_texts(texts: dict[str, str], **kwargs) -> pd.DataFrame:
    """``tag`` over several independent texts: ``doc_id``, ``start``, ``end``, ``text``, …"""
    frames = [tag_frame(t, **kwargs).assign(doc_id=d) for d, t in sorted(texts.items())]
    if not frames:
        return pd.DataFrame(columns=TEXTS_COLUMNS)
    return pd.concat(frames, ignore_index=True)[TEXTS_COLUMNS]


def build_tables(corpus, rules: TimexRules | None = None) -> dict[str, pd.DataFrame]:
    """``{"timex": …}``: the table of :func:`tag_corpus`."""
    return {"timex": tag_corpus(corpus, rules)[0]}


def tag_corpus(corpus, rules: TimexRules | None = None
               ) -> tuple[pd.DataFrame, dict[str, date]]:
    """The ``timex`` table of a corpus (one row per expression, see ``TIMEX_COLUMNS``) and
    the own date of each post that states one (``post_id`` → date; a wait stated by its
    start, "seit dem 27. Oktober", is counted up to it). A post whose date is followed on
    its line by a clock time ("Di 21.10.2025 18:03", "04.06.2025, 21:58 Uhr") gets a
    ``datetime``: a wait stated by its start time ("seit 16:10 Uhr") is counted up to it.

    Expressions are extracted per segment (boilerplate is not tagged) and anchored per post,
    against the post's own date when its title, byline or dateline gives one
    (``resolution.document_date``); the explicit years of the whole page feed the
    weekday/date consistency check. A deictic day word inside a quoted letter takes the date
    of the sentence that introduces the letter.
    """
    rules = resolve_rules(rules)
    docs = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    segs = corpus.segments.sort_values(["doc_id", "start"])
    sents = corpus.sentences.sort_values(["doc_id", "start"])
    starts = dict(zip(corpus.posts["post_id"], corpus.posts["start"], strict=True))
    rows: list[dict] = []
    post_dates: dict[str, date] = {}
    # one pass over column lists, not a DataFrame per document or a filter per post
    segs_of = _by_doc(segs, ("post_id", "start", "end"))
    sents_of = _by_doc(sents, ("post_id", "sentence_id", "start", "end", "quoted",
                               "segment_id"))
    for doc_id in sorted(segs_of):  # as ``groupby("doc_id", sort=True)``
        text = docs[doc_id]
        per_post: dict[str, list[Candidate]] = {}
        seg_spans: dict[str, list[tuple[int, int]]] = {}
        for post, a, b in segs_of[doc_id]:
            per_post.setdefault(post, []).extend(extract(text, int(a), int(b), rules=rules))
            seg_spans.setdefault(post, []).append((int(a), int(b)))
        page_years = set().union(*(explicit_years(v) for v in per_post.values()))
        doc_sents = sents_of.get(doc_id, [])
        span = _Spans([r[2] for r in doc_sents], [r[3] for r in doc_sents],
                      [r[1] for r in doc_sents])
        view: date | None = None  # the day the page was viewed (``page_view``)
        first_post = min(per_post, key=lambda p: (starts.get(p, 0), p), default=None)
        last_post = max(per_post, key=lambda p: (starts.get(p, 0), p), default=None)
        for post_id in sorted(per_post):
            cands = per_post[post_id]
            post_start = min((c.start for c in cands), default=0) if post_id not in starts \
                else starts[post_id]
            header = _header(text, post_start, seg_spans.get(post_id, []), rules)
            head_from = post_start
            if post_id == first_post and post_start > 0:
                # the page's header right above its first post (a title, "r/… · vor 5 Std.
                # (10.04.2025)", "Gespeichert: 2025-05-06") is that post's header too
                head_from = max(0, post_start - rules.date_line_window)
                header = extract(text, head_from, post_start, rules=rules) + header
            post_end = max((b for _, b in seg_spans.get(post_id, [])), default=None)
            dct = document_date(header + cands, post_start, rules, text, post_end=post_end)
            if dct is None and post_id == last_post and post_end is not None:
                foot = min(len(text), post_end + rules.date_line_window)
                if _YEAR_DIGITS.search(text, post_end, foot):  # a full date writes its year
                    dct = footer_date(extract(text, post_end, foot, rules=rules), text,
                                      rules)
            if dct is not None:
                post_dates[post_id] = _with_clock(dct, header + cands, text)
            spans = seg_spans.get(post_id, [])
            heads = header_lines(text, head_from, spans, rules)
            head_timexes = resolve(heads, text, dct=dct, page_years=page_years,
                                   rules=rules) if heads else []  # on their own: a title's
            #                                                  date anchors nothing in the body
            view = view or page_view(head_timexes)
            head_timexes = [_stamp_line(t, view, dct, text, rules, header=True)
                            for t in head_timexes]
            tagged: list[tuple[Timex, dict[str, str]]] = []
            k = 0
            for reply_date, group in _by_reply(cands, head_timexes, spans, dct, text, rules):
                timexes = resolve(group, text, dct=reply_date, page_years=page_years,
                                  rules=rules)
                timexes = [_stamp_line(t, view, reply_date, text, rules) for t in timexes]
                if any(t.rule in _LETTER_DEICTIC for t in timexes):  # else nothing to redate
                    timexes = _letter_dates(timexes, [r[2:] for r in doc_sents
                                                      if r[0] == post_id])
                ids = {t.id: f"{post_id}:x{k + n:03d}" for n, t in enumerate(timexes)}
                k += len(timexes)
                tagged += [(t, ids) for t in timexes]
            if head_timexes:
                head_ids = {t.id: f"{post_id}:h{n:03d}" for n, t in enumerate(head_timexes)}
                tagged += [(t, head_ids) for t in head_timexes if t.type in _HEADER_TYPES]
            for t, id_of in tagged:
                sid = span.containing(t.start)
                rows.append({"timex_id": id_of[t.id], "doc_id": doc_id, "post_id": post_id,
                             "sentence_id": sid, "start": t.start, "end": t.end,
                             "text": t.text, "type": t.type, "value": t.value, "mod": t.mod,
                             "anchor": id_of.get(t.anchor, t.anchor),
                             "anchor_text": t.anchor_text, "offset": t.offset, "rule": t.rule})
    df = pd.DataFrame(rows, columns=TIMEX_COLUMNS)
    df = df.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    for col in ("start", "end"):
        df[col] = df[col].astype("int64")
    return df, post_dates


#: four digits in a row: the literal hint of a year, without which no footer line can give
#: a full date
_YEAR_DIGITS = re.compile(r"\d{4}")

#: what may stand between a post's date and its clock time on a header line
_DATE_CLOCK_GAP = re.compile(r"[\s,·|/-]*(?:um\s+)?")


def _with_clock(dct: date, cands: list[Candidate], text: str) -> date:
    """The post's date with the clock time that follows it on its header line ("3. Feb.
    2025, 07:42"), as a ``datetime``; the date alone when no clock time stands there."""
    ordered = sorted(cands, key=lambda c: c.start)
    for k, c in enumerate(ordered):
        if c.kind == "date" and (c.y, c.m, c.d) == (dct.year, dct.month, dct.day):
            nxt = ordered[k + 1] if k + 1 < len(ordered) else None
            if nxt is not None and nxt.kind == "time" and nxt.hh is not None \
                    and nxt.mi is not None and 0 <= nxt.hh < 24 \
                    and _DATE_CLOCK_GAP.fullmatch(text, c.end, nxt.start):
                return datetime(dct.year, dct.month, dct.day, nxt.hh, nxt.mi)
            return dct
    return dct


def _header(text: str, post_start: int, spans: list[tuple[int, int]],
            rules: TimexRules) -> list[Candidate]:
    """Expressions of the post's header lines that are no segment — before its first segment
    ("Beitrag von … » 12.01.2016, 09:14") or between its title and body (a byline "Von … |
    03.09.2024, 11:20 Uhr", "Stand: 08.05.2024"), within ``rules.date_line_window``
    characters of the post's start: the corpus layer keeps them out of the text, so they
    are not tagged, but a full date there is the post's own date (codebook §4.2.4)."""
    stop = post_start + max(rules.dct_window, rules.date_line_window)
    out: list[Candidate] = []
    pos = post_start
    for a, b in sorted(spans):
        if pos >= stop:
            break
        if a > pos:
            out += extract(text, pos, min(a, stop), rules=rules)
        pos = max(pos, b)
    return out


def _by_reply(cands: list[Candidate], head_timexes: list[Timex],
              spans: list[tuple[int, int]], dct: date | None, text: str | None = None,
              rules: TimexRules | None = None
              ) -> list[tuple[date | None, list[Candidate]]]:
    """The post's candidates in groups, each with the date its expressions count from: a
    reply's own date when a header line between two segments gives one with its year ("Antwort
    von … · Di 26. Nov 2024, 21:30", "Name · vor 2 Tagen" read against the page view), else
    the post's
    date (the brief of issue 15: anchors for a reply are the reply's own date). With ``text``,
    a date after "vom" or a word of the ``not_document_date`` context starts no reply unless it
    stands on a date line (``resolution.on_date_line``): a letter's subject
    "Weiterbewilligungsantrag vom 18. März 2025 – Untätigkeit" names an earlier document,
    "Kommentar von … am 4. Juni 2024 um 11:05" dates a reply."""
    body_start = min((a for a, _ in spans), default=0)
    r = resolve_rules(rules)
    marks = sorted((t.start, date.fromisoformat(t.value)) for t in head_timexes
                   if t.start > body_start and t.type == "DATE" and _DAY.fullmatch(t.value)
                   and (t.rule == "ago_view" or (_WRITTEN_YEAR.search(t.text) and (
                       text is None or not _names_other_document(text, t, r)))))
    if not marks:
        return [(dct, list(cands))]
    groups: list[tuple[date | None, list[Candidate]]] = [(dct, [])]
    at = 0
    for c in sorted(cands, key=lambda c: c.start):
        while at < len(marks) and marks[at][0] < c.start:
            groups.append((marks[at][1], []))
            at += 1
        groups[-1][1].append(c)
    return [g for g in groups if g[1]]


def _names_other_document(text: str, t: Timex, r: TimexRules) -> bool:
    """A header date that refers to another document ("Ihr Schreiben vom 3. Mai 2024 zur
    Nachzahlung – Widerspruch"): after "vom" or a ``not_document_date`` word, on a line that
    is no date line."""
    before = word_before(text, t.start, skip=ARTICLES)
    return (before == "vom" or before in r.context("not_document_date")) \
        and not on_date_line(text, t, r)


#: a calendar day's value ("2025-04-11"): a reply's date, a stamp's day, a letter's date
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
#: a stamp's own year ("26.11.2024", "26.11.24"): a subject line's "vom 17. Januar" is no
#: reply's date
_WRITTEN_YEAR = re.compile(r"\d{4}|\d\.\d{1,2}\.\d\d(?!\d)")


#: header lines give dates and times; a duration in a title is the body's business (waits)
_HEADER_TYPES = frozenset({"DATE", "TIME"})


def header_lines(text: str, post_start: int, spans: list[tuple[int, int]],
                 rules: TimexRules) -> list[Candidate]:
    """Expressions on a post's header lines, which are no segment and so are not tagged with
    its text: the lines before its first segment and between two of its segments (a title
    "seit Donnerstag kein Netz", a byline "Bewertet am 14.11.2024 · Bestellung aus Oktober",
    a letter's subject "Ihre Rechnung vom 17. Januar", a reply's "Name · vor 3 Tagen"), each
    at most ``rules.header_line_chars`` long. Lines after its last segment (teasers, footers)
    are not read (codebook §4.2.4)."""
    out: list[Candidate] = []
    pos = post_start
    for a, b in sorted(spans):
        if a > pos:
            for m in re.finditer(r"[^\n]+", text[pos:a]):
                line = m.group().strip()
                if line and len(line) <= rules.header_line_chars:
                    out += extract(text, pos + m.start(), pos + m.end(), rules=rules)
        pos = max(pos, b)
    return out


def page_view(head_timexes: list[Timex]) -> date | None:
    """The day a thread page was viewed, from a relative stamp beside the full date it stands
    for ("vor 3 Tagen · 04.06.2025": the page was read on 7 June 2025; codebook §6.11, §6.12):
    the other relative stamps of the page ("Name · vor 2 Tagen") count back from it."""
    for t in head_timexes:
        day = _DAY.match(t.value)
        off = _OFFSET.fullmatch(t.offset)
        if t.rule == "ago" and t.anchor not in {"", "DCT"} and day and off:
            return _shift_day(date.fromisoformat(day.group()), off, back=False)
    return None


def _against_view(t: Timex, view: date | None) -> Timex:
    """A header's relative stamp without a date beside it ("vor 2 Tagen") counted back from
    the page view, at day granularity (codebook §6.12); other expressions as they are."""
    off = _OFFSET.fullmatch(t.offset)
    if view is None or t.rule != "ago" or t.anchor not in {"", "DCT"} or off is None:
        return t
    day = _shift_day(view, off, back=True)
    value = {"Y": f"{day.year:04d}", "M": f"{day.year:04d}-{day.month:02d}"}.get(
        off.group(3), day.isoformat())
    return replace(t, value=value, anchor="", anchor_text="", rule="ago_view")


_OFFSET = re.compile(r"([+-])P(T?)(\d+)([DWMYHS])")


def _stamp_line(t: Timex, view: date | None, day: date | None, text: str,
                rules: TimexRules, header: bool = False) -> Timex:
    """A relative stamp of a header line (``header``: "Kommentar · vor 5 Std.") or of a line
    of its own the corpus layer kept inside a segment ("↳ 4 Std. · Antwort von …") is read:
    against the page view (``_against_view``), or, for hours and minutes, on the day of the
    post it belongs to (hours keep the day, codebook §6.12); other expressions as they are."""
    if t.rule != "ago" or not (header or on_date_line(text, t, rules)):
        return t
    if view is not None:
        return _against_view(t, view)
    off = _OFFSET.fullmatch(t.offset)
    if day is None or off is None or not off.group(2) or t.anchor not in {"", "DCT"}:
        return t
    return replace(t, type="DATE", value=date(day.year, day.month, day.day).isoformat(),
                   anchor="DCT", anchor_text="", rule="ago_view")


def _shift_day(day: date, off: re.Match[str], back: bool) -> date:
    """``day`` moved by the size of the signed ISO offset ``off`` ("-P3D", "-PT2H"), back or
    forward; hours and minutes keep the day (day granularity), months and years move it by
    30 and 365 days (a stamp "vor 2 Monaten" is no calendar arithmetic)."""
    n = int(off.group(3))
    unit = off.group(4) if not off.group(2) else "T"
    days = {"D": n, "W": 7 * n, "M": 30 * n, "Y": 365 * n}.get(unit, 0)
    return day - timedelta(days=days) if back else day + timedelta(days=days)


def _by_doc(table: pd.DataFrame, columns: tuple[str, ...]) -> dict[str, list[tuple]]:
    """The rows of ``table`` (in its order) as tuples of ``columns``, per ``doc_id`` (a row
    without one is left out, as ``groupby`` leaves it out)."""
    out: dict[str, list[tuple]] = {}
    for doc_id, *row in zip(*(table[c].tolist() for c in ("doc_id", *columns)), strict=True):
        if not pd.isna(doc_id):
            out.setdefault(doc_id, []).append(tuple(row))
    return out


class _Spans:
    """The sentences of one document (sorted by start): which one holds an offset (the first
    in table order), by bisection instead of filtering per expression."""

    def __init__(self, starts: list[int], ends: list[int], ids: list[str]) -> None:
        self.start = starts
        self.ids = ids
        # the running maximum of the ends: the first sentence that ends after ``pos`` is the
        # first place where this maximum exceeds it
        self.reach = list(accumulate(ends, max))

    def containing(self, pos: int) -> str | None:
        k = bisect_right(self.reach, pos)  # the first sentence ending after pos …
        return self.ids[k] if k < bisect_right(self.start, pos) else None  # … starts by it


def _letter_dates(timexes: list[Timex], sents: list[tuple[int, int, bool, str]]
                  ) -> list[Timex]:
    """Resolve ``heute`` & co. inside a quoted letter to the date of its introducing sentence.
    ``sents``: the post's sentences as (start, end, quoted, segment_id), sorted by start."""
    if not sents or not any(t.rule in _LETTER_DEICTIC for t in timexes):
        return timexes
    starts, ends = [r[0] for r in sents], [r[1] for r in sents]
    quoted, seg = [r[2] for r in sents], [r[3] for r in sents]
    out = []
    for t in timexes:
        if t.rule in _LETTER_DEICTIC and t.value.startswith("XXXX-XX-XX") and t.type == "DATE":
            k = next((i for i, (a, b) in enumerate(zip(starts, ends, strict=True))
                      if a <= t.start < b), None)
            if k is not None and bool(quoted[k]):
                j = k
                while j > 0 and bool(quoted[j - 1]) and seg[j - 1] == seg[k]:
                    j -= 1
                if j > 0 and seg[j - 1] == seg[k]:
                    intro = {"start": starts[j - 1], "end": ends[j - 1]}
                    dated = [u for u in timexes if intro["start"] <= u.start < intro["end"]
                             and u.rule not in {"holiday", "deictic"}
                             and _DAY.fullmatch(u.value)]
                    if dated:
                        base = date.fromisoformat(dated[-1].value)
                        off = re.fullmatch(r"([+-])P(\d+)D", t.offset)
                        n = (int(off.group(2)) * (-1 if off.group(1) == "-" else 1)) if off else 0
                        day = base + timedelta(days=n)
                        t = replace(t, value=day.isoformat(), anchor=dated[-1].id,
                                    anchor_text=dated[-1].text, rule="deictic_letter")
        out.append(t)
    return out
