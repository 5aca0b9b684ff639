"""Shortcuts of the line-shape tests answer what the plain tests answer.

``layout.anchor_shape`` leaves out the shapes with a lazy name part (author lines "X
sagt:", reply arrows "X → Y", quote heads "Zitat von X") on lines that cannot hold them;
the lines here are generated from every anchor shape itself (``st.from_regex``: a shape
added without its literal makes these tests fail), from fragments at the edges of the test
and from random text.
``layout.has_rating`` tries the rating pattern only on lines with a star, a slash or
" Stern"; ``is_button_row`` counts icons only on lines short enough; the repeated rows are
grouped once for both passes.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab import layout
from servicelab.layout import (
    _ANCHOR_SHAPES,
    _LAZY_SHAPES,
    RATING,
    _anchor_quick,
    anchor_shape,
    has_rating,
)

FRAGMENTS = ["Mia_K sagt:", "Mia_K sagt", "Jan → Eva", "Jan → ", "Zitat von Jan",
             "Zitat von Jan schrieb:", "nutzer_7 hat geschrieben:", "hat geschrieben",
             "Von Jan Beispiel", "— Eva Kranz, Köln", "12 Beiträge", "Gelöst!", ":", "→",
             "\n", " ", "Ida", "schrieb am 3. Mai:", "Antwort an @ida", "ida · Folgen"]
LINES = st.one_of(
    *(st.from_regex(p, fullmatch=True) for p in _ANCHOR_SHAPES),
    st.lists(st.sampled_from(FRAGMENTS), max_size=5).map("".join),
    st.text(max_size=80),
)


@settings(max_examples=1500, deadline=None)
@given(LINES)
def test_anchor_shape_equals_the_whole_alternation(line):
    assert anchor_shape(line) == (_anchor_quick(True).match(line) is not None)


def test_the_lazy_shapes_are_tried_on_lines_that_can_hold_them():
    assert len(_LAZY_SHAPES) == 3 and all(p in _ANCHOR_SHAPES for p in _LAZY_SHAPES)
    for line in ("Mia_K sagt:", "Jan → Eva", "Zitat von Jan", "nutzer_7 hat geschrieben:"):
        assert anchor_shape(line), line
        assert _anchor_quick(False).match(line) is None, line  # only a lazy shape takes it
    assert not anchor_shape("Mia_K sagt das auch")


@settings(max_examples=800, deadline=None)
@given(st.one_of(st.from_regex(RATING), st.text(max_size=60),
                 st.lists(st.sampled_from(["4 von 5 Sternen", "★★★", "(2/5)", "5 Sterne 61 %",
                                           "3 Sterne", "/", "Stern", " ", "4,5", "Service: "]),
                          max_size=4).map("".join)))
def test_has_rating_equals_the_rating_search(line):
    assert has_rating(line) == (RATING.search(line) is not None)


def _plain_button_row(line: str) -> bool:
    """is_button_row as it was: the icons counted first, on every line."""
    icons = len(layout._ICON.findall(line))
    if len(line) > layout.MAX_UI_CHARS or icons < 2:
        return False
    parts = [p for p in (p.strip(" …") for p in layout._ICON.split(line)) if p]
    if len(parts) < (2 if icons >= 3 else 3) or layout._SENTENCE_END.search(line.rstrip(" …")) \
            or line.rstrip().endswith("."):
        return False
    for p in parts:
        words = p.split()
        if len(words) > 4 or not all(w[:1].isupper() or w[:1].isdigit() or w[:1] == "("
                                     for w in words):
            return False
    return any(layout._COUNT_PART.search(p) or layout._UI_WORDS.fullmatch(p.lower())
               for p in parts)


ROW_PIECES = ["👍 Gute Frage (4)", " ↗ Teilen", " ⚑ Melden", "▲ 88 ▼", " 💬 12 Kommentare",
              " Antworten", "Kudos 3", " ", "x" * 40, "Danke", " | ", "."]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ROW_PIECES), max_size=8).map("".join))
def test_button_row_equals_the_plain_test(line):
    assert layout.is_button_row(line) == _plain_button_row(line)


def _plain_repeated_rows(lines, kinds, rules) -> None:
    """_mark_repeated_rows as it was: every row grouped again on each pass."""
    keys: dict[str, list[int]] = {}
    for k, (_, _, ln) in enumerate(lines):
        if ln and len(ln) <= rules.max_row_chars and len(ln.split()) >= 2:
            keys.setdefault(layout._DIGITS.sub("#", ln.strip()), []).append(k)
    for idx in keys.values():
        varied = len({lines[k][2] for k in idx}) > 1
        if len(idx) < rules.min_repeats + (0 if varied else 1):
            continue
        typed = [kinds[k] for k in idx if kinds[k] is not None]
        kind = max(sorted(set(typed)), key=typed.count) if typed else None
        for k in idx:
            ln = lines[k][2]
            if kinds[k] is not None:
                continue
            if kind is None and (layout.is_nameish(ln, rules)
                                 or ln.rstrip().endswith((".", "!", "?"))):
                continue
            kinds[k] = kind or "ui"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Kudos 3 Antworten", "Kudos 12 Antworten", "Ida",
                                           "Zitieren Danke (5) Melden", "Ein Satz hier.", "",
                                           "Mia_K 3 Beiträge", "Nur so"]),
                          st.sampled_from([None, None, "metadata", "ui"])), max_size=14))
def test_repeated_rows_grouped_once_mark_what_grouping_each_time_marks(rows):
    lines = [(0, 0, ln) for ln, _ in rows]
    kinds = [kd for _, kd in rows]
    plain, shared = list(kinds), list(kinds)
    _plain_repeated_rows(lines, plain, layout.DEFAULT_RULES)
    layout._mark_repeated_rows(lines, shared, layout.DEFAULT_RULES,
                               layout._row_keys(lines, layout.DEFAULT_RULES))
    assert shared == plain
