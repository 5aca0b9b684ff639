"""Shortcuts of the line-shape tests answer what the plain tests answer.

``layout.anchor_shape`` leaves out the shapes with a lazy name part (author lines "X
sagt:", reply arrows "X → Y", quote heads "Zitat von X") on lines that cannot hold them;
the lines here are generated from every anchor shape itself (``st.from_regex``: a shape
added without its literal makes these tests fail), from fragments at the edges of the test
and from random text.
``layout.has_rating`` tries the rating pattern only on lines with a star, a slash or
" Stern".
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
