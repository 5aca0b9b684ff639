"""Segment labels of long complaint texts from their sentences' scores (issue 15, item 6).

Why: scored as one text, a long complaint is mostly factual sentences, and the ``model``
calls it neutral; a reader judges it by its sharpest sentences and by how much of it
complains. This module turns the sentence rows of the sentiment table
(:func:`servicelab.sentiment.build_tables`) into one label per segment under a
:class:`SegmentSentiment` setting, and adds them to the table as their own ``method``
(:data:`METHOD`), beside the unchanged methods. The setting was chosen by grouped
cross-validation on the tuning half of the development corpus's sentiment gold (codebook
§2.1; :mod:`servicelab.segment_sentiment_evaluation`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: The ``method`` value of the rows this module adds (segment rows only).
METHOD = "segments"
#: Lexicon methods whose strongest positive sentence may decide ``positive``.
LEXICONS = ("naive", "sentiws", "gpl")
FEATURE_COLUMNS = ("n", "low", "mean", *(f"high_{m}" for m in LEXICONS))


@dataclass(frozen=True)
class SegmentSentiment:
    """How a segment's label follows from its own (unquoted) sentences.

    ``negative`` when the ``model``'s most negative sentence has polarity at most
    ``-t_neg``; else ``positive`` when the ``lexicon``'s most positive sentence scores at
    least ``t_pos``; else ``neutral``. Why two measures: on the development corpus the
    model labels no sentence positive (thanks, praise and apologies included), while the
    lexicons find the evaluative words of thanks and praise but miss most complaints. The
    shipped values were chosen by leave-one-page-out cross-validation on the tuning half of
    the development corpus's unit gold (codebook §2.1;
    :func:`servicelab.segment_sentiment_evaluation.choose_setting` over
    :data:`servicelab.segment_sentiment_evaluation.GRID`).
    """

    t_neg: float = 0.24
    t_pos: float = 0.14
    lexicon: str = "naive"

    def __post_init__(self) -> None:
        if self.lexicon not in LEXICONS:
            raise ValueError(f"unknown lexicon {self.lexicon!r}; use one of {LEXICONS}")

    @classmethod
    def load(cls, **tunables: float | str) -> SegmentSentiment:
        """The shipped setting, or tunables by name (``SegmentSentiment.load(t_neg=0.3)``)."""
        unknown = sorted(set(tunables) - set(cls.__dataclass_fields__))
        if unknown:
            raise ValueError(f"unknown segment sentiment setting(s) {unknown}; use "
                             f"{sorted(cls.__dataclass_fields__)}")
        return cls(**{k: v if k == "lexicon" else float(v) for k, v in tunables.items()})


def segment_features(table: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per segment of ``table`` (a sentiment table with ``model`` rows): ``n`` own
    (unquoted) sentences, ``low`` and ``mean`` of their model polarity, and ``high_<m>``,
    the score of the most positive own sentence under each lexicon method ``m`` (0 when the
    table lacks that method). A segment without an own sentence is its own one sentence
    (its segment rows' scores)."""
    seg = table[table["unit"] == "segment"]
    ids = pd.Index(sorted(seg["id"].unique()), name="segment_id")
    own = sentences.loc[~sentences["quoted"].astype(bool), ["sentence_id", "segment_id"]]
    sent = table[table["unit"] == "sentence"].rename(columns={"id": "sentence_id"})
    rows = own.merge(sent[["sentence_id", "method", "score"]], on="sentence_id")
    model = rows[rows["method"] == "model"].groupby("segment_id", sort=True)["score"]
    out = pd.DataFrame({"n": model.size().astype(float), "low": model.min(),
                        "mean": model.mean()}).reindex(ids)
    lacking = out["n"].isna()
    whole = seg[seg["method"] == "model"].set_index("id")["score"].reindex(ids)
    out.loc[lacking, "low"] = whole[lacking]
    out.loc[lacking, "mean"] = whole[lacking]
    out["n"] = out["n"].fillna(0.0)
    for m in LEXICONS:
        high = rows[rows["method"] == m].groupby("segment_id", sort=True)["score"].max()
        whole = seg[seg["method"] == m].set_index("id")["score"]
        out[f"high_{m}"] = high.reindex(ids).fillna(whole.reindex(ids)).fillna(0.0)
    return out[list(FEATURE_COLUMNS)].fillna(0.0)


def label_segments(features: pd.DataFrame, setting: SegmentSentiment | None = None
                   ) -> pd.DataFrame:
    """``label`` and ``score`` per row of :func:`segment_features` under ``setting``; the
    score is the value that decided (``low`` for negative, the lexicon's high for positive,
    else the mean model polarity)."""
    s = setting or SegmentSentiment()
    low, high = features["low"], features[f"high_{s.lexicon}"]
    neg = low <= -s.t_neg
    pos = ~neg & (high >= s.t_pos)
    label = np.where(neg, "negative", np.where(pos, "positive", "neutral"))
    score = np.where(neg, low, np.where(pos, high, features["mean"]))
    return pd.DataFrame({"label": label, "score": np.clip(score, -0.999999, 0.999999)},
                        index=features.index)


def add_rows(table: pd.DataFrame, sentences: pd.DataFrame,
             setting: SegmentSentiment | None = None) -> pd.DataFrame:
    """``table`` with one :data:`METHOD` row per segment (copied offsets, this module's label
    and score), sorted like the table; unchanged when it lacks the ``model`` segment rows or
    the setting's lexicon."""
    s = setting or SegmentSentiment()
    seg = table[(table["unit"] == "segment") & (table["method"] == "model")]
    if seg.empty or not (table["method"] == s.lexicon).any():
        return table
    lab = label_segments(segment_features(table, sentences), s)
    new = seg.assign(method=METHOD,
                     label=lab.loc[seg["id"], "label"].to_numpy(),
                     score=lab.loc[seg["id"], "score"].round(6).to_numpy())
    out = pd.concat([table, new], ignore_index=True)
    return out.sort_values(["unit", "id", "method"], kind="stable").reset_index(drop=True)


__all__ = ["LEXICONS", "METHOD", "SegmentSentiment", "add_rows", "label_segments",
           "segment_features"]
