"""Which findings of a report are validated on *this* corpus: ``servicelab report --gold``.

Why: a method that agrees with the hand labels of the shipped data may not agree with a
reader of another corpus. The user labels sheets from ``servicelab sample``; the report scores
every method on them (:func:`servicelab.sheets.score_sheet`), uses the method that validates
best for its findings, and marks each notebook's findings as validated on this corpus (with
the scores) or "not validated on this corpus" (the default).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from servicelab.sheets import SheetError, SheetScores, read_sheet, score_sheet, task_of
from servicelab.stats import Bootstrap

#: The notebook topic whose findings a labelling task validates.
TASK_TOPICS: dict[str, str] = {"sentiment": "sentiment", "blame": "vendor_blame",
                               "stance": "community_defence", "timex": "response_latency",
                               "events": "response_latency"}
#: Topics whose findings depend on a method that labels can validate.
VALIDATABLE = tuple(sorted(set(TASK_TOPICS.values())))
NOT_VALIDATED = ("Not validated on this corpus: the methods were checked only on the shipped "
                 "data (see the notebook's validation). Label a sample (`servicelab sample`) "
                 "and rerun the report with `--gold SHEET` to validate them here.")


def _fmt(row: pd.Series) -> str:
    if math.isnan(row["value"]):
        return "n/a"
    ci = "" if math.isnan(row["low"]) else f" (95 % CI {row['low']:.2f} to {row['high']:.2f})"
    return f"{row['value']:.2f}{ci}"


@dataclass(frozen=True)
class Validation:
    """The scores of every labelled sheet given to the report (possibly none)."""

    scores: tuple[SheetScores, ...] = ()

    def best(self, task: str) -> str | None:
        """The method that validates best on the labels of ``task`` (None if not labelled)."""
        return next((s.best for s in self.scores if s.task == task and s.best), None)

    def options(self) -> dict[str, object]:
        """Options for :func:`servicelab.findings.findings_for`: the sentiment method that
        validated best on the user's labels."""
        method = self.best("sentiment")
        return {"method": method} if method else {}

    def note(self, topic: str) -> str:
        """What the index says about the findings of notebook topic ``topic``."""
        if topic not in VALIDATABLE:
            return ""
        lines = []
        for s in self.scores:
            if TASK_TOPICS[s.task] != topic or not s.best:
                continue
            t = s.table[s.table["method"] == s.best].set_index("measure")
            lines.append(f"{s.task} labels ({s.n_labelled} units): {s.best} κ "
                         f"{_fmt(t.loc['kappa'])}, accuracy {_fmt(t.loc['accuracy'])}")
        if not lines:
            return NOT_VALIDATED
        return ("Validated on this corpus against your labels; the findings use the method "
                "that agrees best: " + "; ".join(lines) + ".")

    def html(self) -> str:
        """A section of the index with every method's scores (empty without sheets)."""
        if not self.scores:
            return ""
        rows = []
        for s in self.scores:
            for r in s.table.itertuples(index=False):
                rows.append(
                    f"<tr><td>{html.escape(r.task)}</td><td>{html.escape(r.method)}"
                    f"{' (used)' if r.method == s.best else ''}</td>"
                    f"<td>{html.escape(r.measure)}{' ' + r.scope if r.scope else ''}</td>"
                    f"<td class='n'>{html.escape(_fmt(pd.Series(r._asdict())))}</td>"
                    f"<td class='n'>{r.n}</td></tr>")
        return ("<section id='validation'><h2>Validation on your labels</h2>"
                "<p class='meta'>Every method scored on the labelled sheets given with "
                "<code>--gold</code> (95 % bootstrap intervals); the method marked "
                "\"used\" (highest κ) computes the findings below.</p><table><tr><th>task</th>"
                "<th>method</th><th>measure</th><th>value</th><th>n</th></tr>"
                + "".join(rows) + "</table></section>")

    def write_csv(self, path: Path) -> Path | None:
        """All scores as one CSV (none without sheets)."""
        if not self.scores:
            return None
        pd.concat([s.table for s in self.scores]).to_csv(path, index=False)
        return path


def score_sheets(paths: Sequence[str | Path], tables: Mapping[str, pd.DataFrame],
                 bootstrap: Bootstrap | None = None) -> Validation:
    """Check and score every sheet; the problems of *all* sheets are raised together as one
    :class:`~servicelab.sheets.SheetError` (one line per problem), before any scoring."""
    problems: list[str] = []
    sheets = []
    for path in paths:
        try:
            sheets.append(read_sheet(path, task_of(path), tables))
        except SheetError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SheetError(str(paths[0]), problems)
    return Validation(tuple(score_sheet(s, tables, bootstrap) for s in sheets))
