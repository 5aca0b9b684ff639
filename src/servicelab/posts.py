"""Split a page into posts: a blog page can hold several articles, each under its title.

A title is a line directly followed by a post-format label ("Standard", recorded as
boilerplate), or the first line of a page when it is short, stands alone and does not end
like a sentence, or -- on a page with furniture -- the first text line after the page head
when the next line is furniture again (bylines, dates, share bars follow a headline; a
sentence of the article does not stand between two furniture lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from servicelab.boilerplate import Span, lines_with_offsets

_SENTENCE_END = re.compile(r"[.!?:;,]$")
_TRAILING_DOTS = re.compile(r"(?:\.\.\.|…)$")
_HEADLINE_END = re.compile(r"[.:;,]$")
MAX_TITLE_CHARS = 160


@dataclass(frozen=True)
class PostSpan:
    """One post: ``text[start:end]``; the title line (if any) is ``text[title_start:title_end]``."""

    start: int
    end: int
    title: str | None
    title_start: int | None
    title_end: int | None


def _in_spans(pos: int, spans: list[Span]) -> Span | None:
    for s in spans:
        if s.start <= pos < s.end or (s.start == s.end == pos):
            return s
    return None


def _looks_like_title(line: str) -> bool:
    if not line or len(line) > MAX_TITLE_CHARS:
        return False
    return bool(_TRAILING_DOTS.search(line)) or not _SENTENCE_END.search(line)


def find_titles(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of the title lines in ``text``."""
    lines = [ln for ln in lines_with_offsets(text) if ln[2]]
    titles: list[tuple[int, int]] = []
    for k, (start, end, line) in enumerate(lines[:-1]):
        nxt = lines[k + 1]
        span = _in_spans(nxt[0], spans)
        if span is not None and span.kind == "post_format_label" and not _in_spans(start, spans):
            if len(line) <= MAX_TITLE_CHARS:
                titles.append((start, end))
    if not titles and lines:
        start, end, line = lines[0]
        followed_by_blank = text[end : end + 2] == "\n\n"
        if followed_by_blank and _looks_like_title(line) and not _in_spans(start, spans):
            titles.append((start, end))
    if not titles and spans:
        headline = _headline_after_furniture(lines, spans)
        if headline is not None:
            titles.append(headline)
    return titles


def _headline_after_furniture(lines: list[tuple[int, int, str]],
                              spans: list[Span]) -> tuple[int, int] | None:
    """The first text line, when furniture comes before it and right after it (a prefix
    such as "You are currently viewing" is left out of the title)."""
    for k, (start, end, line) in enumerate(lines[:-1]):
        span = _in_spans(start, spans)
        if span is not None and span.kind == "title_prefix":
            start, line = span.end, line[span.end - start :]
        elif span is not None:
            continue
        if k == 0 or len(line) > MAX_TITLE_CHARS or _HEADLINE_END.search(line):
            return None
        if _in_spans(lines[k + 1][0], spans):
            return start, end
        return None
    return None


def split_posts(text: str, spans: list[Span]) -> list[PostSpan]:
    """The posts of a page, in reading order; a page without titles is one post."""
    titles = find_titles(text, spans)
    posts: list[PostSpan] = []
    bounds = [t[0] for t in titles] + [len(text)]
    if titles and text[: titles[0][0]].strip():
        posts.append(PostSpan(0, len(text[: titles[0][0]].rstrip()), None, None, None))
    if not titles:
        return [PostSpan(0, len(text.rstrip()), None, None, None)] if text.strip() else []
    for k, (ts, te) in enumerate(titles):
        end = ts + len(text[ts : bounds[k + 1]].rstrip())
        posts.append(PostSpan(ts, end, text[ts:te], ts, te))
    return posts
