"""The per-cause table of anchored temporal values (issue 15): per text set, how many gold
values that need an anchor are right, not found, unresolved, counted from a wrong anchor or
otherwise wrong (``timex_evaluation.anchored_matches``).

Usage:
    PYTHONPATH=src python tools/anchor_causes.py heldout3 heldout4 heldout5 germeval seeds
    PYTHONPATH=src python tools/anchor_causes.py heldout5 --rows     (also each error row)
    PYTHONPATH=src python tools/anchor_causes.py heldout3 heldout4 --doc-dates
                                          (also the document dates against the docs gold)

``germeval`` is the GermEval sample's tuning half (``--half`` names another half; the test
half is scored once by the lead, never while rules are written); ``seeds`` the five seed
pages against ``timex_gold.csv`` (no document dates there, so no cause beyond found/right).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def _seed_matches() -> pd.DataFrame:
    from servicelab import build_corpus
    from servicelab.timex.tagging import tag_corpus
    from servicelab.timex_evaluation import align_gold, match_spans, needs_anchor

    corpus = build_corpus(ROOT / "data" / "raw")
    gold = pd.read_csv(ROOT / "data" / "annotations" / "timex_gold.csv", dtype=str,
                       keep_default_na=False)
    gold = gold[[needs_anchor(t, v) for t, v in zip(gold["text"], gold["value"], strict=True)]]
    m = match_spans(tag_corpus(corpus)[0], align_gold(gold, corpus))
    m = m[m["gold_start"].notna()].reset_index(drop=True)
    m["cause"] = ["right" if ok else "not found" if not found else "wrong value"
                  for ok, found in zip(m["value_ok"], m["lenient"], strict=True)]
    return m


def set_doc_dates(name: str) -> dict[str, int]:
    """``doc_date_scores`` of one ``heldoutN`` set (the seeds and GermEval have no document
    date gold)."""
    from servicelab.heldout_texts import TextSet
    from servicelab.timex_evaluation import doc_date_scores, germeval_tables

    gs = TextSet(name).goldset()
    return doc_date_scores(germeval_tables(sample=gs.sample), gs)


def set_matches(name: str, half: str = "tuning") -> pd.DataFrame:
    """``anchored_matches`` of one set: ``heldoutN``, ``germeval`` (``half``) or ``seeds``."""
    from servicelab.germeval_evaluation import germeval_goldset
    from servicelab.heldout_texts import TextSet
    from servicelab.timex_evaluation import anchored_matches, germeval_tables

    if name == "seeds":
        return _seed_matches()
    gs = germeval_goldset(half) if name == "germeval" else TextSet(name).goldset()
    return anchored_matches(germeval_tables(sample=gs.sample), gs, source=name)


def main() -> int:
    from servicelab.timex_evaluation import ANCHOR_CAUSES, anchor_causes

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sets", nargs="+")
    p.add_argument("--half", default="tuning")
    p.add_argument("--rows", action="store_true", help="print each error row")
    p.add_argument("--doc-dates", action="store_true",
                   help="also the document dates of the heldoutN sets against their docs gold")
    args = p.parse_args()
    rows = []
    for name in args.sets:
        m = set_matches(name, args.half)
        counts = anchor_causes(m)
        rows.append({"set": name, "gold": len(m), **counts,
                     "right_share": round(counts["right"] / len(m), 3) if len(m) else None})
        if args.rows:
            for r in m[m["cause"] != "right"].itertuples(index=False):
                print(f"{name} {r.doc_id} {r.cause}: {r.gold_text!r} {r.gold_value} "
                      f"→ {r.pred_text!r} {r.pred_value}")
    table = pd.DataFrame(rows, columns=["set", "gold", *ANCHOR_CAUSES, "right_share"])
    print(table.to_string(index=False))
    if args.doc_dates:
        dates = [{"set": n, **set_doc_dates(n)} for n in args.sets if n.startswith("heldout")]
        print(pd.DataFrame(dates).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
