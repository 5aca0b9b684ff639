"""Split a page into posts: a blog page can hold several articles, each under its title.

A title is a line directly followed by a post-format label ("Standard", recorded as
boilerplate), or the first line of a page when it is short, stands alone and does not end
like a sentence, or -- on a page with furniture -- the first text line after the page head
when the next line is furniture again (bylines, dates, share bars follow a headline; a
sentence of the article does not stand between two furniture lines), or -- on a review
page -- the name right above the page's overall rating.
"""

from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass

from servicelab.boilerplate import Span, lines_with_offsets
from servicelab.layout import is_rating

_SENTENCE_END = re.compile(r"[.!?:;,]$")
_TRAILING_DOTS = re.compile(r"(?:\.\.\.|…)$")
_HEADLINE_END = re.compile(r"[.:;,]$")
MAX_TITLE_CHARS = 160
MIN_PROSE_CHARS = 100  # the first text line this long ends the page head
# a full stop after a word, then the next sentence: a headline has no second sentence
# (a social post's text under its writer's header is no title)
_INNER_FULL_STOP = re.compile(r"[a-zäöüß]{3}\.\s+[A-ZÄÖÜ„\"]")
MAX_MASTHEAD_CHARS = 80  # a site name, tagline or menu line above the headline is short


@dataclass(frozen=True)
class PostSpan:
    """One post: ``text[start:end]``; the title line (if any) is ``text[title_start:title_end]``."""

    start: int
    end: int
    title: str | None
    title_start: int | None
    title_end: int | None


class _SpanIndex:
    """The first span (in list order) that holds a position, as the linear search
    ``next(s for s in spans if s.start <= pos < s.end or s.start == s.end == pos)`` finds it,
    in O(log n) per look-up: a page of 70,000 virtual lines and as many furniture spans took
    minutes with the linear search (lines x spans)."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.points: dict[int, int] = {}  # empty spans: position -> first index
        for i, s in enumerate(spans):
            if s.start == s.end:
                self.points.setdefault(s.start, i)
        # elementary intervals [bounds[k], bounds[k+1]) hold the same spans: the first of them
        self.bounds = sorted({x for s in spans if s.start < s.end for x in (s.start, s.end)})
        by_start: dict[int, list[int]] = {}
        for i, s in enumerate(spans):
            if s.start < s.end:
                by_start.setdefault(s.start, []).append(i)
        self.first: list[int | None] = []
        active: list[tuple[int, int]] = []  # heap of (index, end), ended ones removed lazily
        for b in self.bounds:
            for i in by_start.get(b, ()):
                heapq.heappush(active, (i, spans[i].end))
            while active and active[0][1] <= b:
                heapq.heappop(active)
            self.first.append(active[0][0] if active else None)

    def __call__(self, pos: int) -> Span | None:
        k = bisect.bisect_right(self.bounds, pos) - 1
        best = self.first[k] if k >= 0 else None
        point = self.points.get(pos)
        if point is not None and (best is None or point < best):
            best = point
        return None if best is None else self.spans[best]


def _looks_like_title(line: str) -> bool:
    if not line or len(line) > MAX_TITLE_CHARS:
        return False
    return bool(_TRAILING_DOTS.search(line)) or not _SENTENCE_END.search(line)


def find_titles(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of the title lines in ``text``."""
    lines = [ln for ln in lines_with_offsets(text) if ln[2]]
    in_spans = _SpanIndex(spans)
    titles: list[tuple[int, int]] = []
    for k, (start, end, line) in enumerate(lines[:-1]):
        nxt = lines[k + 1]
        span = in_spans(nxt[0])
        if span is not None and span.kind == "post_format_label" and not in_spans(start):
            if len(line) <= MAX_TITLE_CHARS:
                titles.append((start, end))
    if not titles and lines:
        start, end, line = lines[0]
        followed_by_blank = text[end : end + 2] == "\n\n"
        if followed_by_blank and _looks_like_title(line) and not in_spans(start):
            titles.append((start, end))
    if not titles and spans:
        headline = _headline_after_furniture(lines, in_spans) \
            or _headline_in_head(lines, in_spans) or _name_above_rating(lines, in_spans)
        if headline is not None:
            titles.append(headline)
    return titles


def _headline_in_head(lines: list[tuple[int, int, str]],
                      in_spans: _SpanIndex) -> tuple[int, int] | None:
    """The longest headline-like line of the page head (the lines above the first prose
    line), when furniture lies in the head: the headline is longer than the site name,
    tagline or menu row above it and than a flair or label below it. Why: pages without a
    breadcrumb run masthead, menu and headline together, and a forum or Reddit post puts
    its byline above the headline."""
    head: list[tuple[int, int, str]] = []
    furnished = False
    prev = ""
    for start, end, line in lines:
        span = in_spans(start)
        if span is not None:
            furnished, prev = True, line
            continue
        if len(line) >= MIN_PROSE_CHARS:
            break
        if not is_rating(prev):  # the headline a reviewer wrote under the stars is theirs
            head.append((start, end, line))
        prev = line
    else:
        return None
    cands = [(len(ln), -s, s, e) for s, e, ln in head
             if len(ln.split()) >= 2 and not _HEADLINE_END.search(ln)
             and not ln.endswith("!") and any(c.islower() for c in ln)]
    if not furnished or not cands:
        return None
    _, _, start, end = max(cands)
    return start, end


_HEAD_KINDS = frozenset({"search", "navigation", "breadcrumb"})


def _name_above_rating(lines: list[tuple[int, int, str]],
                       in_spans: _SpanIndex) -> tuple[int, int] | None:
    """The line right above the page's first rating, right under the page head's menu,
    search box or breadcrumb (and above the first prose line): a review page heads its
    reviews with the name of what is rated and its overall score ("Hotel Beispiel – 812
    Bewertungen", then "4,1 von 5 ★★★★☆"); the page-head rules take such a name for
    masthead furniture. Tried last: a product page's own headline above its rating summary
    is found by the rules before."""
    for k, (_, _, line) in enumerate(lines):
        if len(line) >= MIN_PROSE_CHARS:
            return None
        if is_rating(line):
            if k < 2 or is_rating(lines[k - 1][2]):
                return None
            above = in_spans(lines[k - 2][0])
            if above is None or above.kind not in _HEAD_KINDS:
                return None
            start, end, name = lines[k - 1]
            if len(name) > MAX_MASTHEAD_CHARS or _SENTENCE_END.search(name) \
                    or not any(c.isalpha() for c in name):
                return None
            return start, end
    return None


def _headline_after_furniture(lines: list[tuple[int, int, str]],
                              in_spans: _SpanIndex) -> tuple[int, int] | None:
    """The first text line, when furniture comes before it and right after it (a prefix
    such as "You are currently viewing" is left out of the title)."""
    for k, (start, end, line) in enumerate(lines[:-1]):
        span = in_spans(start)
        if span is not None and span.kind == "title_prefix":
            start, line = span.end, line[span.end - start :]
        elif span is not None:
            continue
        if k == 0 or len(line) > MAX_TITLE_CHARS or _HEADLINE_END.search(line) \
                or _INNER_FULL_STOP.search(line):
            return None
        if in_spans(lines[k + 1][0]):
            return start, end
        return None
    return None


def _masthead(head: str, spans: list[Span]) -> bool:
    """Whether the text above the first title is only a masthead: nothing, or furniture and
    short lines that end no sentence (site name, tagline, menu); such lines form no post."""
    covered = [(s.start, s.end) for s in spans if s.start < len(head)]
    for start, end, line in lines_with_offsets(head):
        if not line.strip() or any(a <= start and end <= b for a, b in covered):
            continue
        if len(line) > MAX_MASTHEAD_CHARS or _SENTENCE_END.search(line.rstrip()):
            return False
    return True


def split_posts(text: str, spans: list[Span]) -> list[PostSpan]:
    """The posts of a page, in reading order; a page without titles is one post."""
    titles = find_titles(text, spans)
    posts: list[PostSpan] = []
    bounds = [t[0] for t in titles] + [len(text)]
    if titles and not _masthead(text[: titles[0][0]], spans):
        posts.append(PostSpan(0, len(text[: titles[0][0]].rstrip()), None, None, None))
    if not titles:
        return [PostSpan(0, len(text.rstrip()), None, None, None)] if text.strip() else []
    for k, (ts, te) in enumerate(titles):
        end = ts + len(text[ts : bounds[k + 1]].rstrip())
        posts.append(PostSpan(ts, end, text[ts:te], ts, te))
    return posts
