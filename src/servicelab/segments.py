"""Segment a post into its body and its comments, with author, addressees and role.

Comment threads in scraped blog pages often carry no author lines: one line per paragraph,
comments one after another. The comment zone begins after page furniture that sits between
article and thread (job ads, share widgets, comment headers). Within it, a new comment starts
at a reply marker (``@Name``), a lower-case opening ("nun, …", "jo, …"), a speaker's
self-introduction ("… meldet sich zu Wort"), a greeting, after a line that signs off with a
smiley or a closing bracket, or after a blank line; "Edit:", "P.S.", "Also, …",
"(…)" and lines after a bare ``@Name`` or a trailing colon continue the current comment.
These rules are measured against hand-made boundaries in notebook 00.

Pages with a thread skeleton (metadata and UI lines found by :mod:`servicelab.layout`) are
segmented from that structure instead: a unit begins at the first text line after a metadata
or UI line, its author, addressees and staff badge come from its metadata lines, and a reader
or social-media post quoted inside an article (after "Leserin X schreibt:") is a unit of its
own. Long comments are never split inside.
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from servicelab.boilerplate import Span, lines_with_offsets
from servicelab.handles import HANDLE, is_addressee_line, is_handle_name
from servicelab.layout import (
    PRONOUNS,
    QUOTE_HEAD,
    SAYS,
    SIGNED,
    has_rating,
    header_author,
    is_byline,
    names_next_unit,
    trailer_name,
)
from servicelab.posts import PostSpan
from servicelab.scan import boundary_hint, required_literal, search_hinted

COMMENT_ZONE_MARKERS = frozenset(
    {"job_ads", "share_widget", "comments_header", "trackbacks", "comment_form"}
)
_CONTINUE_START = re.compile(
    r"^(?:\(|Edit\b|EDIT\b|P\.? ?S\.?|PPS\b|Nachtrag\b|Update\b"
    r"|und\b|aber\b|oder\b|denn\b|sondern\b|Also\b)"
)
_NEW_START = re.compile(
    r"^(?:Hallo\b|Hi\b|Hey\b|Moin\b|Servus\b|Guten (?:Tag|Morgen|Abend)\b|Liebe[rs]? )"
)
_SIGN_OFF = re.compile(r"(?:[:;]-?[)(DPp]+\)*|\)|[\U0001F300-\U0001FAFF\u2600-\u27BF])$")
_SELF_INTRO = re.compile(r"\b(?:meldet sich|melde mich|zu Wort|zu melden)\b")


@dataclass
class SegmentSpan:
    """A body or comment: ``text[start:end]``."""

    start: int
    end: int
    kind: str
    role: str = "unknown"
    author: str | None = None
    addressees: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Cue:
    name: str
    weight: int
    pattern: re.Pattern[str]
    hint: re.Pattern[str] | None = None  # where it can match (scan.boundary_hint)
    needs: str | None = None  # what every match holds (scan.required_literal)


@lru_cache(maxsize=1)
def vendor_cues() -> tuple[_Cue, ...]:
    """Cues that a comment speaks for the company (``data/vendor_voice_cues.csv``)."""
    path = resources.files("servicelab.data").joinpath("vendor_voice_cues.csv")
    with path.open(encoding="utf-8") as fh:
        return tuple(
            _Cue(r["name"], int(r["weight"]), p, boundary_hint(p), required_literal(p))
            for r in csv.DictReader(fh) for p in (re.compile(r["pattern"]),)
        )


VENDOR_THRESHOLD = 2


def vendor_score(text: str) -> int:
    """Summed weight of vendor-voice cues found in ``text``."""
    return sum(c.weight for c in vendor_cues()
               if (c.needs is None or c.needs in text) and search_hinted(c.pattern, c.hint, text))


def addressees(text: str) -> list[str]:
    """The ``@handles`` a segment addresses, in order of first appearance."""
    seen: list[str] = []
    for m in HANDLE.finditer(text):
        name = m.group(1)
        if is_handle_name(name) and name not in seen:
            seen.append(name)
    return seen


def starts_new_comment(line: str, prev_line: str | None, blank_before: bool) -> bool:
    """Does ``line`` open a new comment, given the line before it in the thread?"""
    if prev_line is None:
        return True
    if is_addressee_line(prev_line) or prev_line.endswith(":"):
        return False
    if _CONTINUE_START.match(line):
        return False
    m = HANDLE.match(line)
    if m and line.startswith("@"):
        return is_handle_name(m.group(1))
    if line[:1].islower():
        return True
    if _NEW_START.match(line) or _SELF_INTRO.search(line[:120]):
        return True
    if _SIGN_OFF.search(prev_line):
        return True
    return blank_before


def _units(text: str, post: PostSpan, spans: list[Span]) -> list[tuple[int, int, str, bool]]:
    """Non-empty, non-boilerplate lines of a post: (start, end, line, boilerplate_before)."""
    content_start = post.title_end if post.title_end is not None else post.start
    out: list[tuple[int, int, str, bool]] = []
    furniture_pending = False
    for start, end, line in lines_with_offsets(text):
        if start < content_start or end > post.end or not line:
            continue
        if any(s.start <= start and end <= s.end for s in spans):
            furniture_pending = True
            continue
        out.append((start, end, line, furniture_pending))
        furniture_pending = False
    return out


# furniture after which text opens a new unit (a unit's own furniture such as an ad or an
# image credit inside an article does not)
UNIT_BREAKS = frozenset({"metadata", "ui"}) | COMMENT_ZONE_MARKERS
ZONE_KINDS = frozenset({"comments_header", "comment_form"})
_ATTRIBUTION = re.compile(
    r"\b(?:schreibt|schrieb|kommentierte|twitterte|postete|antwortete|meint|meinte)\b"
    # up to 80 characters between verb and colon: "schrieb die Nutzerin X unter einen
    # Beitrag der Airline:" (a flat news export cuts such a line before the quotation)
    r"[^.!?]{0,80}:$"
)
_READER = re.compile(
    r"(?:Leser(?:in)?|Nutzer(?:in)?|Kund(?:e|in)|User(?:in)?|Zuschauer(?:in)?|Hörer(?:in)?)"
    # the name may follow the reader's place as an apposition ("ein Leser aus Kiel, Jan B.,")
    r"\s+(?:aus\s+(?:de[mnr]\s+)?[\w-]+(?:\s[\w-]+){0,2},\s+)?"
    r"(?P<name>(?:[A-ZÄÖÜ][\w.-]*)(?:\s+[A-ZÄÖÜ][\w-]*\.?){0,2})"
)
# a paragraph that is one quotation of whole sentences, at most an attribution after it
# ('"Ich wollte mein Geld zurück.", schreibt er uns.')
_WHOLE_QUOTE = re.compile(r'"[^"\n]{20,}?[.!?…]?"(?:[,;]?\s[^"\n]{0,60})?$')
# a paragraph that is one quotation: opening mark, whole sentences, closing mark, at most a
# short attribution after it
_PARAGRAPH_QUOTE = re.compile(r'[„"»][^\n]{20,}?[.!?…]?[“”"«](?:[,;]?\s[^\n]{0,60})?$')
_FIRST_PERSON = re.compile(r"\b(?:[Ii]ch|mich|mir|mein(?:e[mnrs]?)?)\b")
_WRITER = re.compile(
    r"(?:^|[.,] )(?P<name>(?:[A-ZÄÖÜ][\w-]*\.?\s){1,3}?)(?:aus \S+\s)?(?:schreibt|schrieb)"
)
_STAFF_ROLE = "vendor"
_QUOTE_MARKS = ('"', "„", "“", "»", "«")


def _author_key(name: str | None) -> str:
    return (name or "").lstrip("@").strip().lower()


@dataclass
class _Unit:
    start: int
    end: int
    first_line: str
    before: list[str]  # metadata lines between the previous unit and this one
    after: list[str] = field(default_factory=list)
    zone: bool = False  # inside the comment zone
    quoted_by: str | None = None  # the article line that attributes a quoted post
    quoted_after: str | None = None  # the article line before that one
    pieces: list[list[int]] = field(default_factory=list)  # text runs between furniture
    # the article's text right after a quoted reader's closed quotation (a quoted post's
    # next line, after its handle line, is still the post's)
    resumes: bool = False


def _structured_units(text: str, post: PostSpan, spans: list[Span]) -> list[_Unit]:
    """Units of a thread page: runs of text lines separated by metadata/UI lines."""
    content_start = post.title_end if post.title_end is not None else post.start
    by_line = sorted(spans, key=lambda s: s.start)
    units: list[_Unit] = []
    block: list[str] = []
    brk, zone, k, interrupted = True, False, 0, False
    closed = False  # the last unit's trailing lines were taken at a comment-section header
    first_zone = False
    cut = 0  # metadata lines of ``block`` above its last button row (a signature, a trailer)
    first_ui: int | None = None  # metadata lines of ``block`` above its first UI line
    last_text: str | None = None
    before_last: str | None = None  # the text line before last_text
    all_lines = lines_with_offsets(text)
    signed_next = {all_lines[k][0] for k in range(len(all_lines) - 1)
                   if SIGNED.match(all_lines[k + 1][2])}
    for start, end, line in all_lines:
        if start < content_start or end > post.end or not line:
            continue
        while k < len(by_line) and by_line[k].end < start:
            k += 1
        span = _covering(by_line, k, start, end)
        if span is not None:
            if span.kind in UNIT_BREAKS and not (units and not brk and QUOTE_HEAD.match(line)):
                brk = True
            elif units:
                interrupted = True
            if span.kind == "metadata":
                block.append(line)
            elif span.kind == "ui" and block:
                cut = len(block)  # metadata above a button row closes the unit before
            if span.kind == "ui" and first_ui is None:
                first_ui = len(block)
            if span.kind in ZONE_KINDS and units:
                zone = True
                if block and not closed:
                    # metadata above the comment section (the article's closing byline,
                    # "Ein Beitrag von X, Redakteurin …") trails the article; the first
                    # comment's header starts below the section header
                    units[-1].after = _trailing(block, first_ui)
                    block, cut, first_ui, closed = [], 0, None, True
            elif span.kind in ZONE_KINDS and post.title_end is not None:
                zone = first_zone = True  # the comment section opens under the title
            continue
        quoted = last_text is not None and not zone and (
            # _ATTRIBUTION ends with ":$": the colon first (the pattern is tried everywhere)
            (last_text.endswith((":", ":\n")) and bool(_ATTRIBUTION.search(last_text)))
            or (last_text.endswith(":") and start in signed_next)
            # a named reader introduced without a verb of saying ("Leserin X sieht es
            # gelassener:") and the quotation marks that open the next line
            or (last_text.endswith(":") and line.startswith(_QUOTE_MARKS)
                and _READER.search(last_text) is not None)
            # a paragraph in quotation marks under the one that names a reader ("Eine
            # Leserin aus Essen, Jana B., bestellt seit Jahren." / '"Bei mir …"')
            or (line.startswith('"') and _WHOLE_QUOTE.match(line) is not None
                and _READER.search(last_text) is not None)
            # any announcing colon over a paragraph that is one quotation in the first person
            # singular ("Frank L. gibt zu bedenken:" / "„Die Karte kommt jedes Jahr. Ich …“"):
            # a person's own account quoted as a paragraph of its own (a message or a notice
            # quoted in a post speaks of no "ich"; a spokesperson speaks as "wir")
            or (last_text.endswith(":") and _PARAGRAPH_QUOTE.match(line) is not None
                and _FIRST_PERSON.search(line) is not None))
        if brk or not units or quoted or (units and units[-1].quoted_by and not brk):
            if units and not closed:
                units[-1].after = _trailing(block, first_ui)
            closed = False
            units.append(_Unit(start, end, line, _own_header(block, cut),
                               zone=zone and (bool(units) or first_zone),
                               quoted_by=last_text if quoted else None,
                               quoted_after=before_last if quoted else None,
                               pieces=[[start, end]],
                               resumes=bool(units) and not brk and not quoted
                               and units[-1].quoted_by is not None
                               and _WHOLE_QUOTE.match(units[-1].first_line) is not None))
            block, brk, cut, first_ui = [], False, 0, None
        elif interrupted:
            units[-1].pieces.append([start, end])
            units[-1].end = end
        else:
            units[-1].end = end
            units[-1].pieces[-1][1] = end
        interrupted = False
        before_last, last_text = last_text, line
    if units and (block or not closed):
        units[-1].after = _trailing(block, first_ui)
    return units


def _trailing(block: list[str], first_ui: int | None) -> list[str]:
    """The metadata lines after a unit that may still be its own (a signature, a trailer):
    those above its button row; what follows the button row heads the next unit ("Gast ·
    vor 4 Tagen" over a reply, then "Antworten", then the next writer's header)."""
    return list(block if first_ui is None else block[:first_ui])


def _own_header(block: list[str], cut: int) -> list[str]:
    """The metadata lines that head the next unit: those below the last button row when
    they name a writer ("Jan aus Kiel" signs the post above its "Zitieren | Melden" row; the
    header of the next post follows it), else all of them (a vote row inside a header)."""
    if 0 < cut < len(block) and header_author(block[cut:])[0] is not None:
        return block[cut:]
    return block


def _covering(spans: list[Span], k: int, start: int, end: int) -> Span | None:
    """The first of ``spans[k:k + 3]`` that covers ``start..end`` (a loop, not a generator:
    it runs for each of the 69,000 lines of an 8 MB page)."""
    for s in spans[k:k + 3]:
        if s.start <= start and end <= s.end:
            return s
    return None


def _metadata_above(text: str, pos: int, spans: list[Span], most: int = 4) -> list[str]:
    """The metadata lines right above ``pos`` (a post's byline above its headline: "Gepostet
    von u/x · vor 9 Std.", then the title), nearest last; the first other line stops. Reads
    the document's (cached) lines: a prefix of the text would be split anew."""
    lines = lines_with_offsets(text)
    k = bisect.bisect_left(lines, (pos,)) - 1
    found: list[str] = []
    while k >= 0 and len(found) < most:
        start, end, line = lines[k]
        k -= 1
        if not line:
            continue
        if not any(s.kind == "metadata" and s.start <= start and end <= s.end for s in spans):
            break
        found.insert(0, line)
    return found


# a rating that sums up many ("2,9 von 5 · 4.812 Bewertungen", "★★★★★ 41 %", "Durchschnitt:
# 3,4 von 5"): the page's score of what is rated, not one reviewer's
_AGGREGATE_RATING = re.compile(
    r"\d\s?%|\d[\d.]*\s(?:Bewertungen|Rezensionen|Reviews|Stimmen|Meinungen)\b"
    r"|\b(?:Durchschnitt|Schnitt|TrustScore)\b")
_HEADER_LINES = 6  # furniture lines read above a unit for its own rating


def _own_rating(text: str, pos: int, spans: list[Span], starts: list[int]) -> bool:
    """Whether the nearest rating in the furniture right above ``pos`` (no text line
    between) is one reviewer's ("★☆☆☆☆ · 02.12.2026"), not the page's aggregate score."""
    lines = lines_with_offsets(text)
    k = bisect.bisect_left(lines, (pos,)) - 1
    seen = 0
    while k >= 0 and seen < _HEADER_LINES:
        start, end, line = lines[k]
        k -= 1
        if not line:
            continue
        seen += 1
        j = bisect.bisect_right(starts, start) - 1
        if j < 0 or spans[j].end < end:
            return False  # a text line: the header ends here
        if has_rating(line):
            return _AGGREGATE_RATING.search(line) is None
    return False


def _review_list(text: str, units: list[_Unit], spans: list[Span]) -> bool:
    """A page of reviews: the first unit and at least two later ones each sit under a
    reviewer's own rating. Such a page has no article: its first unit is a review like
    the others (codebook §7.1), not the post's body."""
    if len(units) < 3:
        return False
    by_start = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in by_start]
    if not _own_rating(text, units[0].start, by_start, starts):
        return False
    rated = 0
    for u in units[1:]:
        rated += _own_rating(text, u.start, by_start, starts)
        if rated >= 2:
            return True
    return False


def _quoted_reader(line: str | None) -> str | None:
    m = _READER.search(line or "") or _WRITER.search(line or "")
    return m.group("name").strip() if m else None


def segment_structured(text: str, post: PostSpan, spans: list[Span]) -> list[SegmentSpan]:
    """Segments of a page with a thread skeleton (see the module docstring)."""
    units = _structured_units(text, post, spans)
    if not units:
        return []
    # a comment zone holds comments with headers (not just a login note under a form)
    # (a header naming a writer: a button row above a site's last line opens no zone)
    has_zone = any(u.zone and u.before and header_author(u.before)[0] is not None
                   for u in units)
    # the comment section opens right under the title, with a named header: the "title" was
    # the whole post (a one-line social post) and the first unit is its first comment
    # (a byline under the headline, "12 Kommentare" above it, still heads the article)
    first_comment = units[0].zone and units[0].before \
        and header_author(units[0].before)[0] is not None \
        and not any(is_byline(b) for b in units[0].before)
    if first_comment or _review_list(text, units, spans):
        first_comment = True
        units = [_Unit(post.title_start or 0, post.title_start or 0, "", []), *units]
    body_author, _, _ = header_author(units[0].before)
    if body_author is None:  # the byline above the headline, or above an untitled post
        top = post.title_start if post.title_start is not None else units[0].start
        for line in reversed(_metadata_above(text, top, spans)):
            body_author, _, _ = header_author([line])
            if body_author is not None:
                break
    if body_author is None and not names_next_unit(units[0].after):
        body_author, _, _ = header_author(units[0].after)
    out: list[SegmentSpan] = []
    for i, u in enumerate(units):
        if i == 0 and first_comment:
            continue  # the title stands for the post's body
        if i == 0 or u.resumes or (has_zone and not u.zone and u.quoted_by is None
                                   and not u.before):
            out.extend(SegmentSpan(a, b, "body", role="author", author=body_author)
                       for a, b in u.pieces)
            continue
        # a trailer line ("— geschrieben von X am …") signs the unit above, not this one
        before = [ln for ln in u.before if trailer_name(ln) is None]
        author, to, staff = header_author(before)
        if author is None and u.after and trailer_name(u.after[0]) is not None:
            author, to2, staff = header_author(u.after[:1])
            to = to or to2
        signed = bool(u.after) and bool(SIGNED.match(u.after[0])) and not u.zone
        if signed:
            author, to, staff = header_author(u.after[:1])
            if u.quoted_by is None:
                u.quoted_by = u.after[0]
        if author is None and not u.zone and u.quoted_by is not None:
            author = _quoted_reader(u.quoted_by)
            if author is None or author in PRONOUNS:  # "Leser X … geschickt. Er schreibt:"
                author = _quoted_reader(u.quoted_after) or author
        if author is None and not names_next_unit(u.after):
            author, to2, staff2 = header_author(u.after)
            to, staff = to or to2, staff or staff2
        body = text[u.start : u.end]
        if u.quoted_by is not None or (has_zone and not u.zone):
            kind, role = "quoted_reader", "quoted_reader"
            if u.quoted_by is None:
                kind, role, author = "body", "author", body_author
        else:
            kind = "comment"  # replies are comments with addressees (the analyses read kinds)
            if staff or vendor_score(body) >= VENDOR_THRESHOLD:
                role = _STAFF_ROLE
            elif body_author and _author_key(author) == _author_key(body_author):
                role = "author"
            else:
                role = "commenter"
        to = [*to, *[a for a in addressees(body) if a not in to]]
        out.extend(SegmentSpan(a, b, kind, role=role, author=author, addressees=list(to))
                   for a, b in u.pieces)
    for seg in out:
        if seg.kind == "body":
            seg.addressees = addressees(text[seg.start : seg.end])
    return out


# a reader's words quoted inside an article paragraph: an attribution with a reader noun or
# a handle and a verb of saying or experiencing, a colon, then whole sentences in quotes
# ("Leserin Ida B. aus Kiel schreibt uns: "…"", "Auf X schrieb der Nutzer @x: "…""; the
# attribution may hold an abbreviation's dot: one a lower-case word follows)
_INLINE_LEAD = re.compile(
    r"(?:[^.!?\"\n]|\.(?=\s[a-zäöüß])){0,160}?\b(?:schreibt|schrieb|schreiben|schrieben|erlebt|"
    r"erlebte|berichtet|berichtete|erzählt|erzählte|klagt|klagte|kommentiert|kommentierte|"
    r"postete|twitterte|meint|meinte)\b[^.!?\"\n:]{0,60}$"
)
_COLON_QUOTE = re.compile(r':\s?"')  # where a quotation can open (searched first: cheap)
_QUOTATION = re.compile(r'[^"\n]{20,800}?[.!?…]"')
_LEAD_REACH = 230  # characters before the colon an attribution may take
_HANDLE_IN = re.compile(r"@\w[\w.]*\w|@\w")


def _quote_author(lead: str) -> str | None:
    """The reader ("Leserin Ida B.") or handle an attribution names, else None."""
    reader = _READER.search(lead)
    if reader is not None:
        return reader.group("name").strip()
    handle = _HANDLE_IN.search(lead)
    return handle.group(0) if handle is not None else None


def split_inline_quotes(text: str, segs: list[SegmentSpan]) -> list[SegmentSpan]:
    """Body segments cut where a paragraph quotes a reader or a social-media user in whole
    sentences: the quotation is a ``quoted_reader`` unit of its own and the article resumes
    after it (a report quoting a spokesperson or a minister stays the article's)."""
    out: list[SegmentSpan] = []
    for seg in segs:
        if seg.kind != "body":
            out.append(seg)
            continue
        pos = seg.start
        for colon in _COLON_QUOTE.finditer(text, seg.start, seg.end):
            if colon.start() < pos:
                continue
            lead = _INLINE_LEAD.search(text, max(pos, colon.start() - _LEAD_REACH), colon.start())
            quote = _QUOTATION.match(text, colon.end(), seg.end)
            if lead is None or quote is None:
                continue
            author = _quote_author(lead.group(0))
            if author is None:
                continue
            q0, q1 = quote.start(), quote.end() - 1
            head_end = pos + len(text[pos : q0 - 1].rstrip())
            if head_end > pos:
                out.append(SegmentSpan(pos, head_end, "body", role=seg.role, author=seg.author))
            out.append(SegmentSpan(q0, q1, "quoted_reader", role="quoted_reader",
                                   author=author, addressees=addressees(text[q0:q1])))
            pos = quote.end()
            while pos < seg.end and text[pos].isspace():
                pos += 1
        if pos == seg.start:
            out.append(seg)
        elif pos < seg.end:
            out.append(SegmentSpan(pos, seg.end, "body", role=seg.role, author=seg.author,
                                   addressees=addressees(text[pos:seg.end])))
    return out


def segment_post(text: str, post: PostSpan, spans: list[Span]) -> list[SegmentSpan]:
    """Body and comment segments of one post, in thread order."""
    return split_inline_quotes(text, _segment_post(text, post, spans))


def _segment_post(text: str, post: PostSpan, spans: list[Span]) -> list[SegmentSpan]:
    if any(s.kind == "metadata" and post.start <= s.start < post.end for s in spans):
        return segment_structured(text, post, spans)
    units = _units(text, post, spans)
    if not units:
        return []
    zone_start = len(units)
    markers = [
        s for s in spans if s.kind in COMMENT_ZONE_MARKERS and post.start <= s.start < post.end
    ]
    for k, unit in enumerate(units[1:], start=1):
        if any(units[k - 1][1] <= s.start and s.end <= unit[0] for s in markers):
            zone_start = k
            break
    segments: list[SegmentSpan] = []
    # body: runs of lines not interrupted by boilerplate
    run: list[tuple[int, int, str, bool]] = []
    for unit in units[:zone_start]:
        if run and unit[3]:
            segments.append(SegmentSpan(run[0][0], run[-1][1], "body", role="author"))
            run = []
        run.append(unit)
    if run:
        segments.append(SegmentSpan(run[0][0], run[-1][1], "body", role="author"))
    # comments
    group: list[tuple[int, int, str, bool]] = []
    prev: tuple[int, int, str, bool] | None = None
    for unit in units[zone_start:]:
        blank = prev is not None and text.count("\n", prev[1], unit[0]) >= 2
        new = starts_new_comment(unit[2], prev[2] if prev else None, blank) or unit[3]
        if new and group:
            segments.append(_comment(text, group))
            group = []
        group.append(unit)
        prev = unit
    if group:
        segments.append(_comment(text, group))
    for seg in segments:
        seg.addressees = addressees(text[seg.start : seg.end])
    return segments


def _comment(text: str, group: list[tuple[int, int, str, bool]]) -> SegmentSpan:
    start, end = group[0][0], group[-1][1]
    author = None
    m = SAYS.match(group[0][2])
    if m and len(group) > 1:
        author = m.group("name").lstrip("@")
    body = text[start:end]
    role = "vendor" if vendor_score(body) >= VENDOR_THRESHOLD else "commenter"
    return SegmentSpan(start, end, "comment", role=role, author=author)
