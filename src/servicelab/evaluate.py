"""Measure the thread segmenter against hand-made line-level gold (``thread_gold.csv``)."""

from __future__ import annotations

import pandas as pd

from servicelab.annotations import find_quote, pseudonym_map
from servicelab.corpus import Corpus
from servicelab.errors import CorpusInputError
from servicelab.metrics import prf


def thread_boundaries(gold: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """One row per gold line: its offset, gold comment number and the predicted segment."""
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    rows = []
    for g in gold.itertuples():
        if g.doc_id not in texts:
            raise CorpusInputError("thread_gold.csv", f"row {g.Index + 2}: doc_id {g.doc_id!r} "
                                   "is not in the corpus")
        text = texts[g.doc_id]
        span = find_quote(text, g.quote, pseudonym_map(corpus, g.doc_id))
        if span is None:
            raise CorpusInputError("thread_gold.csv", f"row {g.Index + 2}: quote not found in "
                                   f"{g.doc_id}: {g.quote!r}")
        line_start = text.rfind("\n", 0, span[0]) + 1
        seg = corpus.segments[(corpus.segments["doc_id"] == g.doc_id)
                              & (corpus.segments["start"] <= line_start)
                              & (corpus.segments["end"] > line_start)]
        rows.append({"doc_id": g.doc_id, "line": int(g.line), "offset": line_start,
                     "gold_comment": int(g.comment), "gold_role": g.role,
                     "segment_id": seg["segment_id"].iloc[0] if len(seg) else None,
                     "pred_role": seg["role"].iloc[0] if len(seg) else None,
                     "pred_start": int(seg["start"].iloc[0]) if len(seg) else -1})
    return pd.DataFrame(rows).sort_values(["doc_id", "line"]).reset_index(drop=True)


def boundary_scores(lines: pd.DataFrame) -> dict[str, float]:
    """Precision, recall and F1 of comment starts, plus comment counts (gold vs predicted)."""
    lines = lines.sort_values("line")
    gold_start = lines["gold_comment"].ne(lines["gold_comment"].shift())
    pred_start = lines["offset"].eq(lines["pred_start"])
    tp = int((gold_start & pred_start).sum())
    r = prf(tp, int(pred_start.sum()) - tp, int(gold_start.sum()) - tp)
    return {"gold_comments": int(gold_start.sum()), "predicted_comments": int(pred_start.sum()),
            "correct_starts": tp, "precision": round(r.precision, 3),
            "recall": round(r.recall, 3), "f1": round(r.f1, 3)}
