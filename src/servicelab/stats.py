"""The uncertainty every finding states: bootstrap intervals, n, coverage, a minimum n.

Why: on a corpus nobody has looked at, a share computed from two comments reads exactly like
one computed from two hundred. Every finding therefore carries its point value, the number of
units it rests on, how many documents those units come from out of how many, and a 95 %
percentile-bootstrap interval; below a documented minimum it is replaced by the sentence
"not measurable on this corpus (n = …, minimum …)".

Intervals are *percentile bootstrap* intervals with a fixed seed: :class:`Bootstrap` names the
number of resamples (2,000 by default: the 2.5 % and 97.5 % quantiles then rest on 50 resamples
each, and a rerun with another seed moves them by about one unit of the last printed digit)
and the seed, so the same input gives the same interval on every machine and in every run.
Each call starts its own ``numpy.random.Generator`` from the seed, so results do not depend on
the order of calls. Resampling treats units as independent; units from one document are not,
which is one reason :class:`MinimumN` also asks for several documents.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

MAX_CELLS = 2_000_000  # resample matrix cells per chunk (memory bound for large n)


@dataclass(frozen=True)
class Bootstrap:
    """How intervals are computed: percentile bootstrap, ``resamples`` draws from ``seed``."""

    resamples: int = 2000
    level: float = 0.95
    seed: int = 20261204

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)

    def bounds(self, draws: np.ndarray) -> Interval:
        """The percentile interval of bootstrap draws (undefined draws, ``nan``, ignored)."""
        draws = np.asarray(draws, dtype=float)
        draws = draws[~np.isnan(draws)]
        if draws.size == 0:
            return Interval(math.nan, math.nan, self.level)
        tail = (1 - self.level) / 2 * 100
        low, high = np.percentile(draws, [tail, 100 - tail])
        return Interval(float(low), float(high), self.level)


@dataclass(frozen=True)
class Interval:
    """A confidence interval ``[low, high]`` at ``level``; ``nan`` bounds when undefined."""

    low: float
    high: float
    level: float = 0.95

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


def share_ci(successes: int, n: int, bootstrap: Bootstrap | None = None) -> Interval:
    """Percentile-bootstrap interval of the share ``successes / n``.

    Resampling n units with replacement from k successes gives Binomial(n, k/n) successes, so
    the draws are taken from that distribution directly (same result, constant memory). With
    0 or n successes every resample agrees and the interval collapses to the point: that is
    the percentile bootstrap's known weakness at the edges, one reason for :class:`MinimumN`.
    """
    bootstrap = bootstrap or Bootstrap()
    if n <= 0:
        return Interval(math.nan, math.nan, bootstrap.level)
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n, got {successes} of {n}")
    draws = bootstrap.rng().binomial(n, successes / n, size=bootstrap.resamples) / n
    return bootstrap.bounds(draws)


def resample_ci(statistic: Callable[[np.ndarray], float], n: int,
                bootstrap: Bootstrap | None = None) -> Interval:
    """Percentile-bootstrap interval of any statistic of n units.

    ``statistic`` takes an array of row positions (a resample, with repeats) and returns a
    number (``nan`` when undefined on that resample: such draws are ignored).
    """
    level = (bootstrap or Bootstrap()).level
    found = resample_intervals(lambda idx: {"x": statistic(idx)}, n, bootstrap)
    return found.get("x", Interval(math.nan, math.nan, level))


def resample_intervals(statistics: Callable[[np.ndarray], Mapping[str, float]], n: int,
                       bootstrap: Bootstrap | None = None) -> dict[str, Interval]:
    """Intervals of several statistics computed on the *same* resamples of n units.

    Used for agreement measures (accuracy, κ, F1) that resample gold/prediction pairs
    together: one pass, one call per resample returning every measure by name.
    """
    bootstrap = bootstrap or Bootstrap()
    if n <= 0:
        return {}
    rng = bootstrap.rng()
    draws: dict[str, list[float]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(bootstrap.resamples):
            for name, value in statistics(rng.integers(0, n, size=n)).items():
                draws.setdefault(name, []).append(value)
    return {name: bootstrap.bounds(np.array(values)) for name, values in draws.items()}


def median_ci(values: Sequence[float] | np.ndarray,
              bootstrap: Bootstrap | None = None) -> Interval:
    """Percentile-bootstrap interval of the median of ``values`` (``nan`` values refused)."""
    bootstrap = bootstrap or Bootstrap()
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return Interval(math.nan, math.nan, bootstrap.level)
    if np.isnan(x).any():
        raise ValueError("median_ci: values contain nan; drop or count them first")
    rng = bootstrap.rng()
    rows = max(1, MAX_CELLS // x.size)
    draws: list[np.ndarray] = []
    for first in range(0, bootstrap.resamples, rows):
        size = min(rows, bootstrap.resamples - first)
        draws.append(np.median(x[rng.integers(0, x.size, size=(size, x.size))], axis=1))
    return bootstrap.bounds(np.concatenate(draws))


def _number(x: float, digits: int) -> str:
    return f"{x:,.{digits}f}"


@dataclass(frozen=True)
class Measure:
    """One finding's number with what it rests on.

    ``value`` is a share in [0, 1] (``kind="share"``, printed as a percentage) or a median in
    ``value_units`` (``kind="median"``); ``n`` counts the ``units`` it rests on; the units come
    from ``documents`` of the corpus's ``of_documents`` documents (duplicates excluded).
    ``str()`` gives e.g. "23 % (95 % CI 14–34 %; n = 61 comments in 9 of 12 documents)".
    """

    value: float
    n: int
    units: str
    documents: int
    of_documents: int
    interval: Interval | None = None
    kind: str = "share"
    value_units: str = ""
    digits: int = 0

    @classmethod
    def share(cls, successes: int, n: int, units: str, documents: int, of_documents: int,
              bootstrap: Bootstrap | None = None, digits: int = 0) -> Measure:
        """``successes`` of ``n`` units, with its bootstrap interval."""
        value = successes / n if n else math.nan
        return cls(value, n, units, documents, of_documents,
                   share_ci(successes, n, bootstrap), "share", "", digits)

    @classmethod
    def median(cls, values: Sequence[float] | np.ndarray, units: str, documents: int,
               of_documents: int, value_units: str = "", bootstrap: Bootstrap | None = None,
               digits: int = 0) -> Measure:
        """The median of ``values`` (one per unit), with its bootstrap interval."""
        x = np.asarray(values, dtype=float)
        value = float(np.median(x)) if x.size else math.nan
        return cls(value, int(x.size), units, documents, of_documents,
                   median_ci(x, bootstrap), "median", value_units, digits)

    def coverage(self) -> str:
        """ "n = 61 comments in 9 of 12 documents" """
        return f"n = {self.n} {self.units} in {self.documents} of {self.of_documents} documents"

    def _fmt(self, x: float) -> str:
        if self.kind == "share":
            return _number(100 * x, self.digits)
        return _number(x, self.digits)

    def __str__(self) -> str:
        suffix = " %" if self.kind == "share" else (f" {self.value_units}"
                                                    if self.value_units else "")
        if math.isnan(self.value):
            return f"n/a ({self.coverage()})"
        head = f"{self._fmt(self.value)}{suffix}"
        iv = self.interval
        if iv is None or math.isnan(iv.low):
            return f"{head} ({self.coverage()})"
        level = _number(100 * iv.level, 0)
        return (f"{head} ({level} % CI {self._fmt(iv.low)}–{self._fmt(iv.high)}{suffix}; "
                f"{self.coverage()})")


@dataclass(frozen=True)
class NotMeasurable:
    """What a finding says instead of a claim when it rests on too little."""

    measure: Measure
    minimum_units: int
    minimum_documents: int

    def __str__(self) -> str:
        m = self.measure
        return (f"not measurable on this corpus ({m.coverage()}; minimum "
                f"{self.minimum_units} {m.units} in {self.minimum_documents} documents)")


@dataclass(frozen=True)
class MinimumN:
    """The least a finding may rest on before it is stated.

    Defaults and why:

    * ``share=10`` units: at n = 10 a 50 % share has a 95 % bootstrap interval of about
      20–80 %, just narrow enough to tell "most" from "few"; at n = 5 it is 20–100 % and
      a single unit moves the share by 20 points.
    * ``median=10`` values: the median of fewer than 10 intervals is one or two values
      whose bootstrap interval spans most of the observed range.
    * ``comparison=20`` units *per group* for any statement that one group differs from
      another ("the most negative voice is …"): at 20 per group, shares of 25 % and 65 %
      get 95 % intervals (10–45 % and 45–85 %) that at most touch; at 10 per group (20 % and
      60 %: 0–50 % and 30–90 %) they overlap by 20 points. (Issue 16: "the most negative
      voice" was once claimed from n = 2.)
    * ``documents=3``: units of one document are not independent (one author, one case);
      a finding that rests on one or two documents describes those documents, not the corpus.
    """

    share: int = 10
    median: int = 10
    comparison: int = 20
    documents: int = 3

    def units_for(self, measure: Measure, comparison: bool = False) -> int:
        if comparison:
            return self.comparison
        return self.share if measure.kind == "share" else self.median

    def check(self, measure: Measure, comparison: bool = False) -> Measure | NotMeasurable:
        """The measure itself when it rests on enough, else a :class:`NotMeasurable` whose
        ``str()`` is the sentence to print. ``comparison=True`` applies the per-group minimum
        (call it for every group compared)."""
        units = self.units_for(measure, comparison)
        if measure.n < units or measure.documents < self.documents:
            return NotMeasurable(measure, units, self.documents)
        return measure

    def state(self, measure: Measure, comparison: bool = False) -> str:
        """The sentence to print: the claim, or "not measurable on this corpus (…)"."""
        return str(self.check(measure, comparison))
