"""The one precision/recall/F1 convention."""

import math

from servicelab.metrics import prf, prf_sets


def test_counts_give_the_textbook_values():
    m = prf(3, 1, 2)
    assert m.precision == 0.75 and m.recall == 0.6
    assert math.isclose(m.f1, 2 * 0.75 * 0.6 / (0.75 + 0.6))


def test_nothing_to_count_is_undefined_not_zero():
    assert math.isnan(prf(0, 0, 0).f1)
    assert math.isnan(prf(0, 0, 3).precision)
    assert prf(0, 0, 3).recall == 0.0 and prf(0, 0, 3).f1 == 0.0


def test_sets():
    m = prf_sets({"a", "b", "c"}, {"b", "c", "d"})
    assert (m.tp, m.fp, m.fn) == (2, 1, 1)
