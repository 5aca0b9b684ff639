"""Leave-one-page-set-out check of the learned line model (:mod:`servicelab.linemodel`).

For each named page set S: fit the model on the other named sets, build S's pages with it
and score the corpus layer (``layout_eval.pooled``) beside the rules alone; also the line
level: of S's candidate lines (short lines the rules left as text), how many the model turned
into furniture and how many of those are gold furniture.

    PYTHONPATH=src python tools/line_model_loso.py dev l1 p1 h3 h4 h5 [--fresh h6]
        [--threshold 0.9] [--write]

``--fresh h6``: also fit on all named sets and score h6 once (the set the design never read).
``--write``: write the model fitted on all named sets to ``data/line_model.json``.
A held-out session must be named; ``True`` (all of them) is never used.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd

import servicelab.corpus as corpus_module
from servicelab.boilerplate import find_boilerplate
from servicelab.layout_eval import page_set_counts, pooled
from servicelab.linemodel import MODEL_FILE, LineModel
from servicelab.linemodel_training import LineRows, fit, session_rows


@contextmanager
def built_with(model: LineModel | None) -> Iterator[None]:
    """Corpus builds inside use ``model`` (``None``: the rules alone)."""
    saved = corpus_module.find_boilerplate
    corpus_module.find_boilerplate = functools.partial(
        find_boilerplate, line_model=model, use_line_model=model is not None)
    try:
        yield
    finally:
        corpus_module.find_boilerplate = saved


def score(session: str, model: LineModel | None) -> dict[str, object]:
    with built_with(model):
        return pooled(page_set_counts(session))


def line_level(rows: LineRows, model: LineModel) -> dict[str, object]:
    probs = np.array(model.probabilities(rows.x.tolist())) if len(rows.y) else np.zeros((0, 5))
    said = probs[:, 2:].sum(axis=1) >= model.threshold if len(probs) else np.zeros(0, dtype=bool)
    gold = rows.y > 1
    return {"candidates": int(len(rows.y)), "gold_furniture": int(gold.sum()),
            "model_said": int(said.sum()), "right": int((said & gold).sum()),
            "class_right": int((said & gold & (probs.argmax(axis=1) == rows.y)).sum())
            if len(probs) else 0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--fresh")
    ap.add_argument("--threshold", type=float, default=0.98)
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--every-line", action="store_true",
                    help="fit on every short line, not only those the rules left as text")
    a = ap.parse_args()
    probe = LineModel.load()
    rows = {s: session_rows(s, probe) for s in a.sets}
    fit_rows = {s: session_rows(s, probe, True) for s in a.sets} if a.every_line else rows
    keys = ("f1", "author_acc", "role_acc", "titles", "furniture_share")
    table = []
    for s in a.sets:
        model = fit([fit_rows[t] for t in a.sets if t != s], a.threshold, a.c)
        base, with_model = score(s, None), score(s, model)
        table.append({"left_out": s, **{f"rules_{k}": base[k] for k in keys},
                      **{f"model_{k}": with_model[k] for k in keys},
                      **line_level(rows[s], model)})
    if a.fresh:
        model = fit(fit_rows.values(), a.threshold, a.c)
        fresh_rows = session_rows(a.fresh, probe)
        base, with_model = score(a.fresh, None), score(a.fresh, model)
        table.append({"left_out": f"{a.fresh} (fresh)", **{f"rules_{k}": base[k] for k in keys},
                      **{f"model_{k}": with_model[k] for k in keys},
                      **line_level(fresh_rows, model)})
    pd.set_option("display.width", 250)
    print(pd.DataFrame(table).to_string(index=False))
    if a.write:
        MODEL_FILE.write_text(fit(fit_rows.values(), a.threshold, a.c).to_json() + "\n",
                              encoding="utf-8")
        print("written", MODEL_FILE)


if __name__ == "__main__":
    main()
