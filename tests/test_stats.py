"""Bootstrap intervals, the printed finding, and the minimum-n policy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from servicelab.stats import (
    Bootstrap,
    Interval,
    Measure,
    MinimumN,
    NotMeasurable,
    median_ci,
    resample_ci,
    share_ci,
)


@pytest.mark.parametrize("k,n", [(1, 10), (5, 10), (9, 10), (7, 31), (40, 200)])
def test_share_interval_contains_point_estimate(k, n):
    assert share_ci(k, n).contains(k / n)


def test_median_interval_contains_point_estimate():
    rng = np.random.default_rng(3)
    for size in (5, 12, 40, 101):
        values = rng.exponential(10, size)
        assert median_ci(values).contains(float(np.median(values)))


def test_share_interval_shrinks_with_n():
    widths = [share_ci(3 * n // 10, n) for n in (10, 40, 160, 640)]
    widths = [iv.high - iv.low for iv in widths]
    assert all(a > b for a, b in zip(widths, widths[1:], strict=False))


def test_median_interval_shrinks_with_n():
    rng = np.random.default_rng(4)
    population = rng.normal(50, 10, 10_000)
    widths = []
    for n in (10, 40, 160, 640):
        iv = median_ci(population[:n])
        widths.append(iv.high - iv.low)
    assert all(a > b for a, b in zip(widths, widths[1:], strict=False))


def test_intervals_are_exactly_reproducible_and_seeded():
    values = np.arange(23.0) ** 1.5
    assert share_ci(7, 23) == share_ci(7, 23)
    assert median_ci(values) == median_ci(values)
    other = Bootstrap(seed=99)
    assert median_ci(values, other) != median_ci(values)  # the seed is really used


def test_order_of_calls_does_not_change_an_interval():
    first = median_ci([1, 5, 2, 8, 3, 9, 4])
    share_ci(3, 9)
    assert median_ci([1, 5, 2, 8, 3, 9, 4]) == first


def test_resample_ci_of_mean_matches_share_ci_closely():
    x = np.array([1] * 6 + [0] * 14, dtype=float)
    iv = resample_ci(lambda idx: float(x[idx].mean()), len(x))
    ref = share_ci(6, 20)
    assert abs(iv.low - ref.low) <= 0.05 and abs(iv.high - ref.high) <= 0.05


def test_empty_input_gives_undefined_interval():
    assert math.isnan(share_ci(0, 0).low)
    assert math.isnan(median_ci([]).high)


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        share_ci(5, 3)
    with pytest.raises(ValueError):
        median_ci([1.0, math.nan])


def test_measure_prints_value_interval_n_and_coverage():
    m = Measure(0.23, 61, "comments", 9, 12, Interval(0.14, 0.34))
    assert str(m) == "23 % (95 % CI 14–34 %; n = 61 comments in 9 of 12 documents)"


def test_measure_share_and_median_constructors():
    m = Measure.share(14, 61, "comments", 9, 12)
    assert m.value == pytest.approx(14 / 61)
    assert m.interval == share_ci(14, 61)
    med = Measure.median([2, 4, 6, 8, 100], "intervals", 3, 4, value_units="days")
    assert str(med).startswith("6 days (95 % CI ")
    assert str(med).endswith("; n = 5 intervals in 3 of 4 documents)")


def test_below_minimum_the_sentence_is_returned():
    policy = MinimumN(share=10, documents=3)
    few_units = Measure.share(1, 2, "comments", 2, 5)
    few_docs = Measure.share(5, 30, "comments", 2, 5)
    enough = Measure.share(5, 30, "comments", 3, 5)
    assert isinstance(policy.check(few_units), NotMeasurable)
    assert policy.state(few_units) == ("not measurable on this corpus (n = 2 comments in 2 of "
                                       "5 documents; minimum 10 comments in 3 documents)")
    assert policy.state(few_docs).startswith("not measurable on this corpus (n = 30")
    assert policy.check(enough) is enough
    assert policy.state(enough) == str(enough)


def test_comparison_minimum_is_per_group():
    policy = MinimumN(share=10, comparison=20, documents=3)
    group = Measure.share(5, 15, "comments", 4, 5)
    assert policy.check(group) is group
    assert isinstance(policy.check(group, comparison=True), NotMeasurable)
    assert "minimum 20 comments" in policy.state(group, comparison=True)


def test_median_uses_its_own_minimum():
    policy = MinimumN(share=3, median=12, documents=1)
    med = Measure.median(list(range(10)), "intervals", 2, 2, value_units="days")
    assert "minimum 12 intervals" in policy.state(med)
