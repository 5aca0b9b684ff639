"""One definition of precision, recall and F1 for every evaluation in servicelab.

Why one module: evaluations used to compute these inline with three different conventions for
an empty denominator. Here there is one: a ratio with nothing to count is ``nan`` (the
measure is undefined, not zero), except that F1 is 0.0 when there were predictions or gold
items but no hit. Callers that want a number on the page format ``nan`` as "n/a".
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    """Counts and the measures derived from them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else math.nan

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else math.nan

    @property
    def f1(self) -> float:
        if self.tp + self.fp + self.fn == 0:
            return math.nan
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def as_dict(self, digits: int | None = None) -> dict[str, float | int]:
        """``tp``, ``fp``, ``fn``, ``precision``, ``recall``, ``f1`` (optionally rounded)."""
        p, r, f = self.precision, self.recall, self.f1
        if digits is not None:
            p, r, f = (round(x, digits) for x in (p, r, f))
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": p, "recall": r, "f1": f}


def prf(tp: int, fp: int, fn: int) -> PRF:
    """Precision/recall/F1 from counts: ``prf(3, 1, 2).f1``."""
    return PRF(int(tp), int(fp), int(fn))


def prf_sets(gold: set, pred: set) -> PRF:
    """Precision/recall/F1 of a predicted set of items against a gold set."""
    return PRF(len(gold & pred), len(pred - gold), len(gold - pred))
