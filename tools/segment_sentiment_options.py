"""Every segment-sentiment option tried for issue 15 item 6, scored on one half of the
development corpus's unit gold (codebook §2.1).

Usage: PYTHONPATH=src python tools/segment_sentiment_options.py [--half tuning]

Why a script: the choice of the shipped ``segments`` method rests on these figures; they
must be reproducible, with the options that lost beside the one that won. Every tuned option
is scored by leave-one-page-out cross-validation: its thresholds (and, where it has one, its
choice of feature) are chosen on the other pages by macro-F1 and applied to the held page.
The shipped methods are scored as they are (no tuning on this gold). Only the tuning half is
for choosing; ``--half test`` is for the lead's one look at the end.
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd

from servicelab import segment_sentiment_evaluation as evaluation
from servicelab import sentiment
from servicelab.devcorpus import build_family
from servicelab.devsplit import check_half, page_half

LABELS = np.array(sentiment.LABELS, dtype=object)


def _macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    return evaluation._macro_f1(gold, pred)


def features(half: str) -> pd.DataFrame:
    """Per gold unit: gold, page and, for the segment holding its quote, each method's
    sentence-score extremes, mean, sum, shares of negative/positive sentences and segment
    score."""
    gold = evaluation.load_sentiment_gold()
    gold = gold[gold["page_id"].map(page_half) == half]
    rows = []
    for family, g in gold.groupby("family", sort=True):
        corpus = build_family(str(family), pages=sorted(set(g["page_id"])))
        table = sentiment.build_tables(corpus)["sentiment"]
        own = corpus.sentences.loc[~corpus.sentences["quoted"].astype(bool),
                                   ["sentence_id", "segment_id"]]
        parts = []
        for m in sentiment.METHODS:
            s = table[(table["unit"] == "sentence") & (table["method"] == m)].rename(
                columns={"id": "sentence_id"}).merge(own, on="sentence_id")
            by = s.groupby("segment_id")
            parts.append(pd.DataFrame({
                f"{m}_low": by["score"].min(), f"{m}_high": by["score"].max(),
                f"{m}_mean": by["score"].mean(), f"{m}_sum": by["score"].sum(),
                f"{m}_sneg": by["label"].apply(lambda x: float((x == "negative").mean())),
                f"{m}_spos": by["label"].apply(lambda x: float((x == "positive").mean()))}))
            seg = table[(table["unit"] == "segment") & (table["method"] == m)]
            parts.append(seg.set_index("id")["score"].rename(f"{m}_seg").to_frame())
        feats = pd.concat(parts, axis=1)
        for r in g.sort_values(["page_id", "quote"]).itertuples(index=False):
            sid = evaluation._segment_of(corpus, r.page_id, r.quote)
            row = feats.loc[sid].to_dict() if sid is not None and sid in feats.index else {}
            rows.append({"page_id": r.page_id, "gold": r.label, "found": sid is not None,
                         **row})
    return pd.DataFrame(rows).fillna(0.0)


def _rule(u: pd.DataFrame, neg: str, pos: str, a: float, b: float) -> np.ndarray:
    is_neg = u[neg].to_numpy() <= a
    is_pos = ~is_neg & (u[pos].to_numpy() >= b)
    out = np.where(is_neg, "negative", np.where(is_pos, "positive", "neutral")).astype(object)
    out[~u["found"].to_numpy()] = "missing"
    return out


def _grid(u: pd.DataFrame, column: str) -> np.ndarray:
    return np.unique(np.round(np.quantile(u[column], np.linspace(0.05, 0.95, 19)), 3))


def nested(u: pd.DataFrame, pairs: list[tuple[str, str]]) -> np.ndarray:
    """Leave-one-page-out labels; feature pair and thresholds chosen on the other pages."""
    cands = [_rule(u, n, p, a, b) for n, p in pairs for a in _grid(u, n)
             for b in _grid(u, p)]
    gold, pages = u["gold"].to_numpy(dtype=object), u["page_id"].to_numpy(dtype=object)
    out = np.empty(len(u), dtype=object)
    for page in sorted(set(pages)):
        held = pages == page
        best = max(range(len(cands)), key=lambda i: _macro_f1(gold[~held], cands[i][~held]))
        out[held] = cands[best][held]
    return out


def logistic(u: pd.DataFrame, columns: list[str], c: float) -> np.ndarray:
    """Leave-one-page-out labels of a class-balanced logistic regression on ``columns``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x, y = u[columns].to_numpy(), u["gold"].to_numpy(dtype=object)
    pages = u["page_id"].to_numpy(dtype=object)
    out = np.empty(len(u), dtype=object)
    for page in sorted(set(pages)):
        held = pages == page
        model = make_pipeline(StandardScaler(), LogisticRegression(
            C=c, class_weight="balanced", max_iter=1000)).fit(x[~held], y[~held])
        out[held] = model.predict(x[held])
    out[~u["found"].to_numpy()] = "missing"
    return out


def options(half: str = "tuning") -> pd.DataFrame:
    """One row per option: n, accuracy, macro-F1, κ on ``half``."""
    check_half(half)
    units = evaluation.dev_units(half)
    rows = [{"option": f"{m} (as shipped)", **sentiment.agreement(units["gold"], units[m])}
            for m in (*sentiment.METHODS, "model_text", "segments")]
    cv = evaluation.grouped_cv(units)
    rows.append({"option": "segments: model low / lexicon high, lexicon and thresholds "
                 "chosen per fold (shipped family)",
                 **sentiment.agreement(cv["gold"], cv["cv"])})
    u = features(half)
    lexicons = ("naive", "sentiws", "gpl")
    tried = {
        "model low / model high, thresholds per fold (SegmentRule recalibrated)":
            [("model_low", "model_high")],
        "model share of negative sentences / share positive": [("model_sneg", "model_spos")],
        "model mean polarity, two thresholds": [("model_mean", "model_mean")],
        "model sum of polarities / lexicon high": [("model_sum", f"{m}_high")
                                                   for m in lexicons],
        "lexicon segment score, thresholds recalibrated": [(f"{m}_seg", f"{m}_seg")
                                                           for m in lexicons],
        "any of 8 negative x 7 positive features (pair chosen per fold)": [
            (n, p) for n in ("model_low", "model_sum", "model_seg", "gpl_seg", "gpl_low",
                             "gpl_mean", "sentiws_seg", "sentiws_low")
            for p in ("gpl_seg", "sentiws_seg", "naive_high", "gpl_high", "sentiws_high",
                      "model_high", "gpl_spos")],
    }
    gold = u["gold"].to_numpy(dtype=object)
    for name, pairs in tried.items():
        rows.append({"option": name, **sentiment.agreement(gold, nested(u, pairs))})
    few = ["model_low", "model_seg", "gpl_seg", "sentiws_seg", "naive_high", "gpl_high"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for c in (0.1, 1.0):
            rows.append({"option": f"logistic regression on {len(few)} scores, C={c}",
                         **sentiment.agreement(gold, logistic(u, few, c))})
    out = pd.DataFrame(rows)
    return out[["option", "n", "accuracy", "macro_f1", "kappa"]].round(3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="tuning")
    args = parser.parse_args()
    with pd.option_context("display.width", 200, "display.max_colwidth", 100):
        print(options(args.half).to_string(index=False))


if __name__ == "__main__":
    main()
