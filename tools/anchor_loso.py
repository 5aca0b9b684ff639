"""Leave one text set out for the anchoring tunables (issue 15): for each setting of
``TimexRules`` in a small grid, the anchored values right per set
(``timex_evaluation.anchored_matches``); then, for each set left out, the setting that is best on
all the other sets (ties: nearest to the shipped ``anchor_years``, then the smallest
``year_switch_days``) and what it scores on the set left out.

Usage:
    PYTHONPATH=src python tools/anchor_loso.py                      (heldout3-7, GermEval tuning)
    PYTHONPATH=src python tools/anchor_loso.py --switch 92 122 153 --anchor-years 0 1 2

``germeval`` is the GermEval sample's tuning half (``--half`` names another half; the test half
is scored once by the lead, never while rules are chosen).
"""

from __future__ import annotations

import argparse
import dataclasses

import pandas as pd

SETS = ("heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "germeval")


def grid_scores(sets: tuple[str, ...], switch: list[int], anchor_years: list[int],
                half: str = "tuning") -> pd.DataFrame:
    """One row per setting: ``anchor_years``, ``year_switch_days`` and the values right per
    set (each set's corpus is built once; only the tagger runs per setting)."""
    from servicelab.germeval_evaluation import germeval_goldset
    from servicelab.heldout_texts import TextSet
    from servicelab.timex.rules import default_rules
    from servicelab.timex.tagging import tag_corpus
    from servicelab.timex_evaluation import anchored_matches, texts_corpus

    golds = {s: germeval_goldset(half) if s == "germeval" else TextSet(s).goldset()
             for s in sets}
    corpora = {s: texts_corpus(dict(zip(g.sample["doc_id"], g.sample["text"], strict=True)))
               for s, g in golds.items()}
    base = default_rules()
    rows = []
    for a in anchor_years:
        for ys in switch:
            rules = dataclasses.replace(base, anchor_years=a, year_switch_days=ys)
            row: dict[str, int] = {"anchor_years": a, "year_switch_days": ys}
            for s in sets:
                tables = {"corpus": corpora[s], "timex": tag_corpus(corpora[s], rules)[0]}
                row[s] = int(anchored_matches(tables, golds[s], causes=False)["value_ok"].sum())
            rows.append(row)
    return pd.DataFrame(rows)


def leave_one_out(grid: pd.DataFrame, sets: tuple[str, ...], shipped: dict[str, int]
                  ) -> pd.DataFrame:
    """Per set left out: the setting best on the others and its score on the left-out set,
    beside the shipped setting's score there."""
    now = grid[(grid["anchor_years"] == shipped["anchor_years"])
               & (grid["year_switch_days"] == shipped["year_switch_days"])].iloc[0]
    out = []
    for s in sets:
        t = grid.assign(train=grid[[x for x in sets if x != s]].sum(axis=1),
                        near=(grid["anchor_years"] - shipped["anchor_years"]).abs())
        pick = t.sort_values(["train", "near", "year_switch_days"],
                             ascending=[False, True, True]).iloc[0]
        out.append({"left_out": s, "anchor_years": int(pick["anchor_years"]),
                    "year_switch_days": int(pick["year_switch_days"]),
                    "right_left_out": int(pick[s]), "right_shipped": int(now[s])})
    return pd.DataFrame(out)


def main() -> int:
    from servicelab.timex.rules import default_rules

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sets", nargs="+", default=list(SETS))
    p.add_argument("--switch", nargs="+", type=int, default=[92, 107, 122, 153, 183])
    p.add_argument("--anchor-years", nargs="+", type=int, default=[0, 1, 2])
    p.add_argument("--half", default="tuning")
    args = p.parse_args()
    sets = tuple(args.sets)
    r = default_rules()
    shipped = {"anchor_years": r.anchor_years, "year_switch_days": r.year_switch_days}
    grid = grid_scores(sets, sorted(set(args.switch) | {r.year_switch_days}),
                       sorted(set(args.anchor_years) | {r.anchor_years}), args.half)
    print(grid.to_string(index=False))
    print()
    print(leave_one_out(grid, sets, shipped).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
