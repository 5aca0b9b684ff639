"""Find page furniture (navigation, breadcrumbs, search boxes, banners, teasers, share
widgets, ads, footers, comment forms, per-comment metadata and UI, repeated captions) in
normalised text. Nothing is deleted: every span is returned with its kind, and later stages
simply leave these spans out of posts and segments.

Patterns live in ``data/boilerplate_patterns.csv`` (kind, regex on a whole line, how far the
span extends, source, an example line), so a student can add the furniture of their own site
software; the thread skeleton (metadata and UI lines) is read from line shapes by
:mod:`servicelab.layout`.
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import ahocorasick

from servicelab.flat import DEFAULT_FLAT, FlatRules, flat_pieces, is_flat
from servicelab.layout import (
    DEFAULT_RULES,
    LayoutRules,
    is_anchor,
    is_nameish,
    is_ui,
    mark_structure,
)
from servicelab.linemodel import LineModel
from servicelab.sitelines import NO_LINES, line_hash


@dataclass(frozen=True)
class Span:
    """A boilerplate span ``text[start:end]`` of one kind."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    extends: str
    hint: re.Pattern[str] | None = None  # literal substrings a matching line contains
    max_len: int | None = None  # from a leading (?=.{0,N}$) of the pattern

    def matches(self, line: str) -> bool:
        """Length and hint tests first: they spare the unanchored patterns on most lines."""
        if self.max_len is not None and len(line) > self.max_len:
            return False
        if self.hint is not None and not self.hint.search(line):
            return False
        return bool(self.pattern.match(line))


def _literal_alternation(hints: str) -> re.Pattern[str] | None:
    parts = [h for h in hints.split("|") if h]
    return re.compile("|".join(re.escape(h) for h in parts)) if parts else None


@lru_cache(maxsize=1)
def _any_rule() -> re.Pattern[str]:
    """The patterns without hints in one alternation: a cheap first test for each line."""
    return re.compile("|".join(f"(?:{r.pattern.pattern})" for r in _rules() if r.hint is None))


@lru_cache(maxsize=1)
def _guards() -> tuple[int, ...]:
    """The length guards of the patterns without hints, ascending."""
    return tuple(sorted({r.max_len for r in _rules() if r.hint is None and r.max_len is not None}))


@lru_cache(maxsize=64)
def _any_rule_above(k: int) -> re.Pattern[str] | None:
    """The alternation of the patterns without hints whose length guard is at least
    ``_guards()[k]`` (or that have none); None when there are none."""
    floor = _guards()[k] if k < len(_guards()) else None
    alts = [f"(?:{r.pattern.pattern})" for r in _rules() if r.hint is None
            and (r.max_len is None or (floor is not None and r.max_len >= floor))]
    return re.compile("|".join(alts)) if alts else None


def _any_rule_matches(line: str) -> bool:
    """``_any_rule().match(line)`` (a line without a line break), trying only the patterns
    whose leading length guard (``^(?=.{0,N}$)``) admits the line: each guard scanned the
    line again, for 38 patterns on every line of a page."""
    pattern = _any_rule_for(len(line))
    return pattern is not None and pattern.match(line) is not None


def _any_rule_for(length: int) -> re.Pattern[str] | None:
    """The alternation of the patterns without hints that a line of ``length`` characters
    can match: those guarded by at least ``length`` and those without a guard."""
    return _any_rule_above(bisect.bisect_left(_guards(), length))


_LENGTH_GUARD = re.compile(r"^\^\(\?=\.\{0,(\d+)\}\$\)")


def _max_len(pattern: str) -> int | None:
    m = _LENGTH_GUARD.match(pattern)
    return int(m.group(1)) if m else None


@lru_cache(maxsize=1)
def _hint_literals() -> tuple[tuple[str, tuple[_Rule, ...]], ...]:
    """Each hint literal with the rules it admits (``in`` tests are the cheapest filter)."""
    by_lit: dict[str, list[_Rule]] = {}
    for r in _rules():
        if r.hint is not None:
            for lit in r.hint.pattern.split("|"):
                by_lit.setdefault(re.sub(r"\\(.)", r"\1", lit), []).append(r)
    return tuple((lit, tuple(rules)) for lit, rules in by_lit.items())


@lru_cache(maxsize=1)
def _max_hinted_line() -> int | None:
    """No hinted pattern matches a longer line (their length guards); None: no bound."""
    lens = [r.max_len for r in _rules() if r.hint is not None]
    return None if any(n is None for n in lens) else max(lens, default=0)


@lru_cache(maxsize=1)
def _hint_automaton() -> ahocorasick.Automaton:
    """Every hint literal in one Aho-Corasick automaton (value: the literal's length)."""
    automaton = ahocorasick.Automaton()
    for lit, _ in _hint_literals():
        automaton.add_word(lit, len(lit))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def _hinted_lines(text: str, lines: list[tuple[int, int, str]]) -> set[int]:
    """Indices of the ``lines`` (``text[start:end]``) that hold a hint literal: one pass over
    the text, instead of every literal tested on every line (seconds on an 8 MB page)."""
    automaton = _hint_automaton()
    if not len(automaton):
        return set()
    starts = [start for start, _, _ in lines]
    out: set[int] = set()
    for last, size in automaton.iter(text):
        k = bisect.bisect_right(starts, last - size + 1) - 1
        if k >= 0 and last < lines[k][1]:
            out.add(k)
    return out


def _any_match(line: str) -> bool:
    if _any_rule_matches(line):
        return True
    bound = _max_hinted_line()
    if bound is not None and len(line) > bound:
        return False
    return any(r.matches(line) for lit, rules in _hint_literals() if lit in line
               for r in rules)


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    path = resources.files("servicelab.data").joinpath("boilerplate_patterns.csv")
    with path.open(encoding="utf-8") as fh:
        return tuple(
            _Rule(row["kind"], re.compile(row["pattern"]), row["extends"],
                  _literal_alternation(row.get("hint", "")), _max_len(row["pattern"]))
            for row in csv.DictReader(fh)
        )


_LITERAL_ROW = re.compile(r"^\^(?:\(\?:• \?\)\?)?\(\?:((?:[\w ÄÖÜäöüß-]|\\\+|\|)+)\)(?::\?)?\$$")


def _literals(rules: tuple[_Rule, ...]) -> tuple[str, ...]:
    """The phrases of the rules whose pattern is a plain alternation of words."""
    return tuple(sorted({lb for r in rules if (m := _LITERAL_ROW.match(r.pattern.pattern))
                         for lb in m.group(1).replace("\\+", "+").split("|")}))


@lru_cache(maxsize=1)
def flat_rules() -> FlatRules:
    """The flat-export settings with the rule file's literal whole-line phrases (a flat
    export runs them into the text; :mod:`servicelab.flat`): every phrase as a label, the
    ad labels of ``next_line`` rows ("Anzeige") as announcers of the line after them (not
    "Bild" or "Foto": "Bild Zeitung hat berichtet" is speech), and the share widget's
    targets ("Facebook", "E-Mail")."""
    rules = _rules()
    return replace(DEFAULT_FLAT, labels=_literals(rules), heads=TITLE_PREFIXES,
                   announcers=_literals(tuple(r for r in rules if r.extends == "next_line"
                                              and r.kind == "ad")),
                   share_targets=_literals(tuple(r for r in rules
                                                 if r.kind == "share_widget")))


TITLE_PREFIXES = ("You are currently viewing", "Sie sehen gerade", "Du liest gerade",
                  "Sie lesen gerade", "Aktuelle Seite:")
# a forum's subject field before the headline ("Thema: Roaming-Rechnung …"): cut from the
# title like the prefixes above, but no flat-export head ("zum Thema: …" is speech)
FIELD_LABELS = ("Thema:", "Betreff:", "Titel:")
TITLE_PREFIX = re.compile("^(?:" + "|".join(map(re.escape, TITLE_PREFIXES + FIELD_LABELS))
                          + r")\s")
_AD_LINE = re.compile(r"^(?:\|\|?|.{3,200} \|)$")
_HEADLINE_END = re.compile(r"[.:;,]$")
MAX_TEASER_LINE = 120
MAX_PROSE_LINE = 400
_KEY = re.compile(r"[\W_]+")


def lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, line)`` for every line of ``text`` (end excludes the newline); a flat
    export (no line breaks) is read as virtual lines (:mod:`servicelab.flat`)."""
    return list(_lines(text))


@lru_cache(maxsize=4)  # posts, segments and furniture read the same document's lines
def _lines(text: str) -> tuple[tuple[int, int, str], ...]:
    out, pos = [], 0
    flat = is_flat(text)
    for line in text.split("\n"):
        if flat and len(line) > DEFAULT_FLAT.max_header_chars:
            out.extend((pos + a, pos + b, line[a:b]) for a, b in flat_pieces(line, flat_rules()))
        else:
            out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return tuple(out)


def _repeat_key(line: str) -> str:
    return _KEY.sub("", line.lower())


def find_boilerplate(text: str, layout_rules: LayoutRules = DEFAULT_RULES,
                     repeated: frozenset[int] = NO_LINES,
                     line_model: LineModel | None = None, use_line_model: bool = True
                     ) -> list[Span]:
    """All boilerplate spans of ``text``, merged per kind where adjacent, sorted by start.

    ``repeated``: line keys of the site's template lines (:mod:`servicelab.sitelines`); a
    text line among them is recorded as ``repeated``. ``line_model`` (default: the shipped
    :class:`~servicelab.linemodel.LineModel`) gives a second opinion on the short lines of a
    thread the rules leave as text (left out per page set it cut the furniture share on four
    sets of seven and lost boundary F1 on none: docs/line_model.md);
    ``use_line_model=False`` leaves the rules alone."""
    lines, kinds = line_kinds(text, layout_rules, repeated)
    if use_line_model:
        (line_model or LineModel.load()).mark(lines, kinds)
    spans = _merge(lines, kinds)
    prefixes = [Span(start, start + m.end(), "title_prefix")
                for k, (start, _, line) in enumerate(lines)
                if kinds[k] is None and (m := TITLE_PREFIX.match(line))]
    return sorted(spans + prefixes, key=lambda s: s.start)


def line_kinds(text: str, layout_rules: LayoutRules = DEFAULT_RULES,
               repeated: frozenset[int] = NO_LINES
               ) -> tuple[list[tuple[int, int, str]], list[str | None]]:
    """The lines of ``text`` and the furniture kind the rules give each (``None``: text)."""
    lines = lines_with_offsets(text)
    kinds: list[str | None] = [None] * len(lines)
    rules = _rules()
    hinted = _hinted_lines(text, lines)  # the others can match the unhinted rules only
    i = 0
    while i < len(lines):
        line = lines[i][2]
        if not line or not (_any_rule_matches(line) or (i in hinted and _any_match(line))):
            i += 1
            continue
        for rule in rules:
            if rule.matches(line):
                kinds[i] = rule.kind
                if rule.extends == "ad_lines":
                    j = i + 1
                    while j < len(lines) and (not lines[j][2] or _AD_LINE.match(lines[j][2])):
                        kinds[j] = rule.kind if lines[j][2] else None
                        j += 1
                    i = j - 1
                elif rule.extends == "next_line" and i + 1 < len(lines) and lines[i + 1][2]:
                    if len(lines[i + 1][2]) <= 120:
                        kinds[i + 1] = rule.kind
                        i += 1
                elif rule.extends in ("prev_line", "prev_name") and i > 0 and lines[i - 1][2] \
                        and kinds[i - 1] is None and len(lines[i - 1][2]) <= MAX_PROSE_LINE \
                        and (rule.extends == "prev_line" or is_nameish(lines[i - 1][2])):
                    kinds[i - 1] = rule.kind
                elif rule.extends in ("title_lines", "prose_lines"):
                    i = _extend_block(lines, kinds, i, rule.kind, rule.extends) - 1
                break
        i += 1
    mark_structure(lines, kinds, layout_rules)
    _mark_author_sentences(lines, kinds)
    _mark_repeats(lines, kinds)
    if repeated:
        for k, (_, _, line) in enumerate(lines):
            if kinds[k] is None and line and line_hash(line.strip()) in repeated:
                kinds[k] = "repeated"
    return lines, kinds


_ROW_SEP = re.compile(r"\s[·|•]\s")
_SECTION_COUNT = re.compile(r"\d[\d.]* (?:Kommentare?|Antworten|Reaktionen|Beiträge)\b")


def _headline_row(line: str) -> bool:
    """Several teaser headlines on one line between dots ("Briefkasten weg: Post baut ab ·
    Zusteller am Limit · Anzeige: Jetzt Tarif sichern"): a row of teasers, each short and
    none a sentence, where a page with line breaks has one headline per line."""
    parts = [p.strip() for p in _ROW_SEP.split(line)]
    return len(parts) >= 2 and len(line) <= MAX_PROSE_LINE and all(
        0 < len(p) <= MAX_TEASER_LINE and not _HEADLINE_END.search(p) for p in parts)


def _extend_block(lines: list[tuple[int, int, str]], kinds: list[str | None], i: int,
                  kind: str, extends: str) -> int:
    """Mark the lines under a teaser or author-box header; returns the first line after.

    Teasers are headlines (short, no sentence end); an author box is one or two lines of
    prose. Both stop at a blank line, another furniture line or a metadata line."""
    j, limit = i + 1, (i + 12 if extends == "title_lines" else i + 3)
    while j < len(lines) and j < limit:
        line = lines[j][2].lstrip("›» ").strip()
        if not line or _any_match(lines[j][2]) or is_anchor(lines[j][2]) \
                or is_ui(lines[j][2]) or _SECTION_COUNT.match(line):
            break  # (a button row or "14 Kommentare Neueste zuerst ▾" is no headline: it
            # opens the comment section under the teasers)
        if extends == "title_lines" and (len(line) > MAX_TEASER_LINE
                                         or _HEADLINE_END.search(line)) \
                and not _headline_row(line):
            break
        if extends == "prose_lines" and len(line) > MAX_PROSE_LINE:
            break
        kinds[j] = kind
        j += 1
    return j


_BYLINE_NAME = re.compile(r"^(?:Von|Autor(?:in)?:)\s+"
                          r"(?P<name>[A-ZÄÖÜ][\w.-]+(?: [A-ZÄÖÜ][\w.-]+){1,3})\s*(?:$|[·|,])")
# "… schreibt seit 2015 für", "… bloggt seit 2019 über": a writer's career, not speech
_ABOUT_AUTHOR = re.compile(r"\s(?:schreibt|berichtet|bloggt|arbeitet)\sseit\s(?:\d{4}|\w+ Jahren)\s"
                           r"(?:für|über|bei|als)\b")


def _mark_author_sentences(lines: list[tuple[int, int, str]], kinds: list[str | None]) -> None:
    """A sentence about the page's byline author after the byline ("Von Ida Brandt" above the
    article; "Ida Brandt schreibt seit 2015 für … über …" below it) is an author box, with or
    without an "Über die Autorin" header (a flat export often drops it)."""
    names = {m.group("name") for k, (_, _, ln) in enumerate(lines)
             if kinds[k] == "metadata" and (m := _BYLINE_NAME.match(ln))}
    if not names:
        return
    for k, (_, _, ln) in enumerate(lines):
        if kinds[k] is None and len(ln) <= MAX_PROSE_LINE and any(
                ln.startswith(n) and _ABOUT_AUTHOR.match(ln, len(n)) for n in names):
            kinds[k] = "author_box"


def _mark_repeats(lines: list[tuple[int, int, str]], kinds: list[str | None]) -> None:
    """A paragraph repeated right after itself (captions, pull quotes) is recorded once as
    ``repeated_text``: the first copy, or the shorter one when one extends the other
    (so the body that follows a caption is not cut in two)."""
    idx = [k for k, (_, _, line) in enumerate(lines) if line and kinds[k] is None]
    heads = {k: _repeat_key(lines[k][2][:30])[:12] for k in idx}  # once per line, not twice
    for a, b in zip(idx, idx[1:], strict=False):
        if kinds[a] is not None:
            continue
        # a title bar ("You are currently viewing X") repeats the headline X below it
        first = TITLE_PREFIX.sub("", lines[a][2], count=1)
        head_a = heads[a] if first == lines[a][2] else _repeat_key(first[:30])[:12]
        if head_a != heads[b]:
            continue
        ka, kb = _repeat_key(first), _repeat_key(lines[b][2])
        if len(ka) < 12 or len(kb) < 12:
            continue
        if ka == kb or kb.startswith(ka):
            kinds[a] = "repeated_text"
        elif ka.startswith(kb):
            kinds[b] = "repeated_text"


def _merge(lines: list[tuple[int, int, str]], kinds: list[str | None]) -> list[Span]:
    spans: list[Span] = []
    cur: list[int] | None = None
    cur_kind: str | None = None
    for k, (start, end, line) in enumerate(lines):
        kind = kinds[k]
        if kind is None:
            if line:
                if cur is not None:
                    spans.append(Span(cur[0], cur[1], cur_kind or ""))
                cur, cur_kind = None, None
            continue
        if cur is not None and kind == cur_kind:
            cur[1] = end
        else:
            if cur is not None:
                spans.append(Span(cur[0], cur[1], cur_kind or ""))
            cur, cur_kind = [start, end], kind
    if cur is not None:
        spans.append(Span(cur[0], cur[1], cur_kind or ""))
    return spans
