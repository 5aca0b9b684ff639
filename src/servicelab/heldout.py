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
from servicelab.heldout_rounds import Round

#: the commit that fixed the development corpus's tuning/test split (codebook §7.3) before any
#: stance rule was changed for it
DEV_SPLIT_COMMIT = "cac8c9d"
COLUMNS = ["measure", "tuning", "test", "target", "test_meets_target", "n_test", "gold_commit"]


def _meets(value: float, target: float | None) -> bool | None:
    """Whether a held-out figure reaches its target (None: no target, or not measurable)."""
    return None if target is None or pd.isna(value) else bool(value >= target)


def _rows(measures: Callable[[str], dict[str, tuple[float, int]]], targets: dict[str, float],
          commit: str) -> pd.DataFrame:
    tuning, test = measures("tuning"), measures("test")
    rows = []
    for name in tuning:
        value, n = test[name]
        target = targets.get(name)
        meets = _meets(value, target)
        rows.append({"measure": name, "tuning": float(tuning[name][0]), "test": float(value),
                     "target": target, "test_meets_target": meets, "n_test": n,
                     "gold_commit": commit})
    return pd.DataFrame(rows, columns=COLUMNS)


def _vendor_blame_measures(orgs: pd.DataFrame, blame: pd.DataFrame
                           ) -> dict[str, tuple[float, int]]:
    """The vendor and blame measures of issue 15 from ``score_orgs``/``score_blame`` tables."""
    orgs, blame = orgs.set_index("measure"), blame.set_index("pattern")
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


def _vendor_blame(half: str) -> dict[str, tuple[float, int]]:
    from servicelab.germeval_evaluation import score_blame, score_orgs

    return _vendor_blame_measures(score_orgs(half), score_blame(half))


VENDOR_BLAME_TARGETS = {"vendor precision (documents)": 0.8, "vendor recall (documents)": 0.9,
                        "blame precision": 0.8, "blame recall": 0.6}


def vendor_blame_halves() -> pd.DataFrame:
    """Vendors (document level) and blame on both halves of the GermEval sample."""
    return _rows(_vendor_blame, VENDOR_BLAME_TARGETS, GOLD_COMMIT)


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


LATENCY_TARGETS = {"stated waits recovered (±20 %)": 2 / 3, "anchored values right": 0.85}


def latency_halves() -> pd.DataFrame:
    """Stated waits, anchored values and temporal expressions on both GermEval halves."""
    return _rows(_latency, LATENCY_TARGETS, GOLD_COMMIT)


def _stance(half: str) -> dict[str, tuple[float, int]]:
    return _stance_with(half, None)


def _stance_with(half: str, rules) -> dict[str, tuple[float, int]]:
    from servicelab.defence_evaluation import score_stance

    s = score_stance(half, rules).set_index(["units", "subset"])
    return {f"stance accuracy ({cut.replace('_', ' ')})": (s.loc[(cut, "all"), "accuracy"],
                                                           int(s.loc[(cut, "all"), "n"]))
            for cut in ("corpus", "gold_units")}


STANCE_TARGETS = {"stance accuracy (corpus)": 0.8, "stance accuracy (gold units)": 0.8}


def stance_halves() -> pd.DataFrame:
    """Stance on the reply units of the development corpus's two halves (codebook §7.3)."""
    return _rows(_stance, STANCE_TARGETS, DEV_SPLIT_COMMIT)


FRESH_COLUMNS = ["measure", "held_out", "target", "meets_target", "n", "gold_commit"]


def fresh_set(measures: dict[str, tuple[float, int]], targets: dict[str, float], commit: str
              ) -> pd.DataFrame:
    """One held-out set's measures against issue 15's targets (a set with no tuning half:
    heldout3's texts, the ``h3`` dev pages), with the commit that froze its gold."""
    rows = []
    for name, (value, n) in measures.items():
        target = targets.get(name)
        meets = _meets(value, target)
        rows.append({"measure": name, "held_out": float(value), "target": target,
                     "meets_target": meets, "n": n, "gold_commit": commit})
    return pd.DataFrame(rows, columns=FRESH_COLUMNS)


def text_set_vendor_blame(textset, commit: str, blame_rules=None) -> pd.DataFrame:
    """Vendors and blame on a held-out text set (:class:`servicelab.heldout_texts.TextSet`)."""
    from servicelab.heldout_texts import score_vendors_blame

    return vendor_blame_table(score_vendors_blame(textset, blame_rules), commit)


def vendor_blame_table(scores: dict[str, pd.DataFrame], commit: str) -> pd.DataFrame:
    """Issue 15's vendor and blame measures from :func:`heldout_texts.score_vendors_blame`'s
    tables (a notebook that shows those tables too scores the set once)."""
    return fresh_set(_vendor_blame_measures(scores["orgs"], scores["blame"]),
                     VENDOR_BLAME_TARGETS, commit)


def text_set_latency(textset, commit: str, timeline_rules=None) -> pd.DataFrame:
    """Stated waits and (where labelled) anchored values on a held-out text set."""
    from servicelab.heldout_texts import score_timeline

    row = score_timeline(textset, timeline_rules).iloc[0]
    measures = {"stated waits recovered (±20 %)": (row["waits_recall"], int(row["waits_gold"]))}
    if "anchored_accuracy" in row:
        measures["anchored values right"] = (row["anchored_accuracy"],
                                             int(row["anchored_gold"]))
    return fresh_set(measures, LATENCY_TARGETS, commit)


def held_out_stance(session: str, commit: str, rules=None) -> pd.DataFrame:
    """Stance on the reply units of the held-out dev pages one session wrote (codebook §7.2;
    ``session`` e.g. ``h3``)."""
    return fresh_set(_stance_with(f"held_out:{session}", rules), STANCE_TARGETS, commit)


def round_vendor_blame(r: Round, blame_rules=None) -> pd.DataFrame:
    """Vendors and blame on one held-out round's text set (:mod:`servicelab.heldout_rounds`)."""
    from servicelab.heldout_texts import TextSet

    return text_set_vendor_blame(TextSet(r.texts), r.texts_commit, blame_rules)


def round_latency(r: Round, timeline_rules=None) -> pd.DataFrame:
    """Stated waits and anchored values on one held-out round's text set."""
    from servicelab.heldout_texts import TextSet

    return text_set_latency(TextSet(r.texts), r.texts_commit, timeline_rules)


def round_stance(r: Round, rules=None) -> pd.DataFrame:
    """Stance on one held-out round's dev pages (empty for a round without pages)."""
    if r.pages is None:
        return pd.DataFrame(columns=FRESH_COLUMNS)
    return held_out_stance(r.pages, r.pages_commit, rules)


def summary(halves: pd.DataFrame, where: str = "the test half") -> str:
    """One computed sentence on a halves table (or a :func:`fresh_set` table): which targets
    the held-out figures meet."""
    if "held_out" in halves.columns:
        halves = halves.rename(columns={"held_out": "test", "meets_target": "test_meets_target",
                                        "n": "n_test"})
    judged = halves[halves["test_meets_target"].notna()]
    if judged.empty:
        return "No measure of this table has a target."
    met = judged[judged["test_meets_target"].astype(bool)]
    missed = judged[~judged["test_meets_target"].astype(bool)]

    def fmt(df: pd.DataFrame) -> str:
        return "; ".join(f"{r.measure} {r.test:.2f} (target {r.target:.2f}, n = {r.n_test})"
                         for r in df.itertuples())

    text = f"On {where}, {len(met)} of {len(judged)} targets are met"
    text += f": {fmt(met)}." if len(met) else "."
    if len(missed):
        text += f" Missed: {fmt(missed)}."
    return text
