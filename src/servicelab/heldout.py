"""Tuning and test halves side by side, against issue 15's targets (notebooks 02–04, README).

Why one module: each analysis has its own scorer (``germeval_evaluation``,
``timex_evaluation``, ``defence_evaluation``), but the notebooks must show both halves the same
way: the measure, the tuning half (the rules were written while reading it: in-sample), the
test half (scored after the rules were frozen: held out), the target and whether the test half
meets it, with the commit that froze the gold. The halves are defined by the gold files
(``germeval_gold``: codebook §6; ``devsplit``: codebook §7.3).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from servicelab.germeval_gold import GOLD_COMMIT

#: the commit that fixed the development corpus's tuning/test split (codebook §7.3) before any
#: stance rule was changed for it
DEV_SPLIT_COMMIT = "cac8c9d"
COLUMNS = ["measure", "tuning", "test", "target", "test_meets_target", "n_test", "gold_commit"]


def _rows(measures: Callable[[str], dict[str, tuple[float, int]]], targets: dict[str, float],
          commit: str) -> pd.DataFrame:
    tuning, test = measures("tuning"), measures("test")
    rows = []
    for name in tuning:
        value, n = test[name]
        target = targets.get(name)
        meets = None if target is None or pd.isna(value) else bool(value >= target)
        rows.append({"measure": name, "tuning": float(tuning[name][0]), "test": float(value),
                     "target": target, "test_meets_target": meets, "n_test": n,
                     "gold_commit": commit})
    return pd.DataFrame(rows, columns=COLUMNS)


def _vendor_blame(half: str) -> dict[str, tuple[float, int]]:
    from servicelab.germeval_evaluation import score_blame, score_orgs

    orgs = score_orgs(half).set_index("measure")
    blame = score_blame(half).set_index("pattern")
    out = {"vendor precision (documents)": (orgs.loc["organisations", "precision"],
                                             int(orgs.loc["organisations", "predicted"])),
           "vendor recall (documents)": (orgs.loc["organisations", "recall"],
                                         int(orgs.loc["organisations", "gold"])),
           "main vendor recall": (orgs.loc["main vendor (complaint documents)", "recall"],
                                  int(orgs.loc["main vendor (complaint documents)", "gold"])),
           "blame precision": (blame.loc["all", "precision"], int(blame.loc["all", "predicted"])),
           "blame recall": (blame.loc["all", "recall"], int(blame.loc["all", "gold"]))}
    for pattern in ("concedes", "shifts"):
        out[f"{pattern} recall"] = (blame.loc[pattern, "recall"], int(blame.loc[pattern, "gold"]))
    return out


def vendor_blame_halves() -> pd.DataFrame:
    """Vendors (document level) and blame on both halves of the GermEval sample."""
    return _rows(_vendor_blame, {"vendor precision (documents)": 0.8,
                                 "vendor recall (documents)": 0.9, "blame precision": 0.8,
                                 "blame recall": 0.6}, GOLD_COMMIT)


def _latency(half: str) -> dict[str, tuple[float, int]]:
    from servicelab import timex_evaluation as te

    tables = te.germeval_tables(half)
    waits = te.score_waits(half, tables=tables)
    anchored = te.score_anchored(half, tables=tables)
    timex = te.score_timex(half, tables=tables)
    return {"stated waits recovered (±20 %)": (waits["recall"], int(waits["gold"])),
            "anchored values right": (anchored["accuracy"], int(anchored["gold"])),
            "timex strict F1": (timex["strict_F1"], int(timex["gold"])),
            "timex value accuracy": (timex["value_accuracy"], int(timex["gold"]))}


def latency_halves() -> pd.DataFrame:
    """Stated waits, anchored values and temporal expressions on both GermEval halves."""
    return _rows(_latency, {"stated waits recovered (±20 %)": 2 / 3,
                            "anchored values right": 0.85}, GOLD_COMMIT)


def _stance(half: str) -> dict[str, tuple[float, int]]:
    from servicelab.defence_evaluation import score_stance

    s = score_stance(half).set_index(["units", "subset"])
    return {f"stance accuracy ({cut.replace('_', ' ')})": (s.loc[(cut, "all"), "accuracy"],
                                                           int(s.loc[(cut, "all"), "n"]))
            for cut in ("corpus", "gold_units")}


def stance_halves() -> pd.DataFrame:
    """Stance on the reply units of the development corpus's two halves (codebook §7.3)."""
    return _rows(_stance, {"stance accuracy (corpus)": 0.8,
                           "stance accuracy (gold units)": 0.8}, DEV_SPLIT_COMMIT)


def summary(halves: pd.DataFrame) -> str:
    """One computed sentence on a halves table: which targets the test half meets."""
    judged = halves[halves["test_meets_target"].notna()]
    if judged.empty:
        return "No measure of this table has a target."
    met = judged[judged["test_meets_target"].astype(bool)]
    missed = judged[~judged["test_meets_target"].astype(bool)]

    def fmt(df: pd.DataFrame) -> str:
        return "; ".join(f"{r.measure} {r.test:.2f} (target {r.target:.2f}, n = {r.n_test})"
                         for r in df.itertuples())

    text = f"On the test half, {len(met)} of {len(judged)} targets are met"
    text += f": {fmt(met)}." if len(met) else "."
    if len(missed):
        text += f" Missed: {fmt(missed)}."
    return text
