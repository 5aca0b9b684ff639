"""``segments._covering`` finds the span the generator over the next three spans found."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab.boilerplate import Span
from servicelab.segments import _covering

SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=8).map(
    lambda xs: [Span(a, a + n, "ui") for a, n in sorted(xs)])


@settings(max_examples=500, deadline=None)
@given(SPANS, st.integers(0, 9), st.integers(0, 45), st.integers(0, 10))
def test_covering_equals_the_first_covering_span_of_the_next_three(spans, k, start, length):
    end = start + length
    plain = next((s for s in spans[k:k + 3] if s.start <= start and end <= s.end), None)
    assert _covering(spans, k, start, end) == plain
