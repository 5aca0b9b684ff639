"""Corpus-layer scores per page set, pooled over families, building only that set's pages.

Why: ``layout_scores(families(), held_out=...)`` builds every page of a family (the closed
test pages too) and averages per family. This tool builds each family's pages of one set only
(``build_family(pages=...)``) and pools the counts over families: boundary P/R/F1, role and
author accuracy on matched units, titles found, gold furniture share of segment characters.

    PYTHONPATH=src python tools/layout_page_sets.py dev l1 p1 h3 [-v]

A session name is required for held-out pages (``dev`` is the development pages); ``True``
(every held-out page) is refused, so a closed session cannot be scored by accident.
"""

from __future__ import annotations

import sys

import pandas as pd

from servicelab.devcorpus import build_family, families, load_dev_gold
from servicelab.layout_eval import score_page


def page_set_counts(session: str) -> pd.DataFrame:
    """One row of :func:`score_page` counts per page of ``session`` ("dev" or a held-out
    session name such as "h3")."""
    held_out: bool | str = False if session == "dev" else session
    rows = []
    for family in families():
        gold = load_dev_gold([family], held_out=held_out)
        pages = sorted(gold["page_id"].unique())
        if not pages:
            continue
        corpus = build_family(family, pages=pages)
        for page_id, page_gold in gold.groupby("page_id", sort=True):
            rows.append({"family": family, "page_id": page_id,
                         **score_page(corpus, str(page_id), page_gold)})
    return pd.DataFrame(rows)


def pooled(counts: pd.DataFrame) -> dict[str, object]:
    """Scores over all pages of a set (counts summed, then divided)."""
    s = {k: float(v) for k, v in counts.sum(numeric_only=True).items()}
    p = s["matched"] / max(s["pred_units"], 1)
    r = s["matched"] / max(s["gold_units"], 1)
    m = max(s["matched"], 1)
    return {"units": int(s["gold_units"]), "predicted": int(s["pred_units"]),
            "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "role_acc": round(s["role_ok"] / m, 3), "author_acc": round(s["author_ok"] / m, 3),
            "titles": f"{int(s['titles_ok'])}/{int(s['gold_titles'])}",
            "furniture_share": round(s["furniture_chars"] / max(s["segment_chars"], 1), 4)}


def main(argv: list[str]) -> None:
    sessions = [a for a in argv if not a.startswith("-")] or ["dev"]
    if any(s.lower() in ("true", "held_out") for s in sessions):
        sys.exit("name a held-out session (l1, p1, h3, …); all held-out pages at once are refused")
    for session in sessions:
        counts = page_set_counts(session)
        print(session, pooled(counts))
        if "-v" in argv:
            print(counts.to_string(index=False))


if __name__ == "__main__":
    main(sys.argv[1:])
