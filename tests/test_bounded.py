"""Bounded cost (issue 18 §4): work that grows linearly with the input, checked by results
and memory ceilings, not by timings (those are in benchmarks/bench_bounded.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab.sentences import QuoteCoverage, is_quoted

spans_st = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 60)).map(
    lambda t: (t[0], t[0] + t[1])), max_size=30)


def is_quoted_reference(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    """The former implementation (sentences × spans), kept as the reference."""
    inside = 0
    for qs, qe in spans:
        if qs < e and qe > s:
            inside += min(e, qe) - max(s, qs)
    return e > s and inside * 2 >= (e - s)


@settings(max_examples=300, deadline=None)
@given(spans_st, st.lists(st.tuples(st.integers(-5, 260), st.integers(-5, 260)), max_size=40))
def test_is_quoted_equals_the_pairwise_reference(spans, sentences):
    cover = QuoteCoverage(spans)
    for s, e in sentences:
        overlap = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in spans) if e > s else 0
        assert cover.inside(s, e) == overlap
        assert is_quoted(s, e, cover) == is_quoted_reference(s, e, spans)
        assert is_quoted(s, e, spans) == is_quoted_reference(s, e, spans)
