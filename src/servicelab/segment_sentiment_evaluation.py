"""Segment sentiment on the development corpus's units (codebook §2.1): one scorer.

Why a module: the segment methods are measured on pages they were not written from, by the
same functions the tests, the README and :func:`servicelab.user_validation.choose_sentiment`
call. Each gold unit (``dev_sentiment_gold.csv``) is aligned to the corpus segment that holds
its quote (as the stance scorer does, :mod:`servicelab.defence_evaluation`) and takes that
segment's label from every method of the sentiment table; a unit whose quote lies in no
segment counts as ``missing``, i.e. wrong. Every scorer takes ``half`` (codebook §7.3,
default ``tuning``); the test half is scored once, by the lead, when the setting is frozen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

from servicelab import sentiment
from servicelab.annotations import find_quote, pseudonym_map
from servicelab.corpus import Corpus
from servicelab.devcorpus import build_family, load_dev_gold, read_gold_csv
from servicelab.devsplit import check_half, page_half
from servicelab.errors import CorpusInputError
from servicelab.paths import checkout_data_dir
from servicelab.segment_sentiment import (
    FEATURE_COLUMNS,
    LEXICONS,
    METHOD,
    SegmentSentiment,
    label_segments,
    segment_features,
)

GOLD_FILE = "dev_sentiment_gold.csv"
GOLD_COLUMNS = ["page_id", "quote", "label", "doubtful", "note"]
#: The settings the grouped cross-validation chooses from (every combination).
GRID: dict[str, tuple] = {
    "t_neg": tuple(np.round(np.arange(0.10, 0.501, 0.02), 2)),
    "t_pos": tuple(np.round(np.arange(0.0, 0.501, 0.02), 2)),
    "lexicon": LEXICONS,
}


def load_sentiment_gold(path: str | Path | None = None) -> pd.DataFrame:
    """The development corpus's unit sentiment gold, checked: every key is a ``segment`` row
    of the family's §7 gold, labels in :data:`servicelab.sentiment.LABELS`, ``doubtful`` 0/1;
    a bad row raises one line naming the file and row."""
    path = Path(path) if path is not None else checkout_data_dir("annotations") / GOLD_FILE
    gold = read_gold_csv(path, GOLD_COLUMNS, "no development sentiment gold")
    dev = load_dev_gold(held_out=False)
    keys = set(zip(dev.loc[dev["layer"] == "segment", "page_id"],
                   dev.loc[dev["layer"] == "segment", "quote"], strict=True))
    for i, row in enumerate(gold.itertuples(index=False), start=2):
        where = f"{path}:{i}"
        if (row.page_id, row.quote) not in keys:
            raise CorpusInputError(where, "not a segment row of the development gold")
        if row.label not in sentiment.LABELS:
            raise CorpusInputError(where, f"label {row.label!r} not in {sentiment.LABELS}")
        if row.doubtful not in ("0", "1"):
            raise CorpusInputError(where, f"doubtful {row.doubtful!r} is not 0 or 1")
    if gold.duplicated(["page_id", "quote"]).any():
        raise CorpusInputError(str(path), "a unit is labelled twice")
    return gold[GOLD_COLUMNS].assign(family=gold["page_id"].str.rsplit("_", n=1).str[0])


def _segment_of(corpus: Corpus, page_id: str, quote: str) -> str | None:
    text = corpus.documents.set_index("doc_id").loc[page_id, "text"]
    span = find_quote(text, quote, pseudonym_map(corpus, page_id))
    if span is None:
        return None
    segs = corpus.segments[corpus.segments["doc_id"] == page_id]
    hit = segs[(segs["start"] <= span[0]) & (segs["end"] > span[0])]
    return str(hit["segment_id"].iloc[0]) if len(hit) else None


def dev_units(half: str = "tuning", setting: SegmentSentiment | None = None,
              build: Callable[[str, list[str]], Corpus] | None = None,
              gold: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per gold unit of ``half``: ``page_id``, ``family``, ``quote``, ``gold``,
    ``doubtful``, the corpus ``segment_id`` holding its quote (None when none), the
    segment's features (:func:`segment_features`), one column per method of the
    sentiment table with :data:`METHOD` added under ``setting``, and ``model_text`` (the
    model on the segment's own text as one text, the behaviour before issue 15); every
    label is ``missing`` when no segment holds the quote. ``build(family, pages)`` replaces
    :func:`servicelab.devcorpus.build_family` (tests)."""
    check_half(half)
    if half.startswith("held_out"):
        raise ValueError("the development sentiment gold labels no held-out page")
    gold = load_sentiment_gold() if gold is None else gold
    if half != "all":
        gold = gold[gold["page_id"].map(page_half) == half]
    methods = [*sentiment.METHODS, METHOD]
    rows = []
    for family, g in gold.groupby("family", sort=True):
        pages = sorted(set(g["page_id"]))
        corpus = (build(str(family), pages) if build is not None
                  else build_family(str(family), pages=pages))
        table = sentiment.build_tables(corpus, segment_setting=setting)["sentiment"]
        feats = segment_features(table, corpus.sentences)
        texts = sentiment.segment_texts(corpus)
        as_text = dict(zip(texts["segment_id"], sentiment.classify(texts["text"].tolist()),
                           strict=True))
        seg = table[table["unit"] == "segment"].pivot(index="id", columns="method",
                                                      values="label")
        for r in g.sort_values(["page_id", "quote"]).itertuples(index=False):
            sid = _segment_of(corpus, r.page_id, r.quote)
            row = {"page_id": r.page_id, "family": family, "quote": r.quote,
                   "gold": r.label, "doubtful": int(r.doubtful), "segment_id": sid}
            for c in FEATURE_COLUMNS:
                row[c] = float(feats.loc[sid, c]) if sid is not None else np.nan
            for m in methods:
                row[m] = str(seg.loc[sid, m]) if sid is not None else "missing"
            row["model_text"] = as_text[sid] if sid is not None else "missing"
            rows.append(row)
    return pd.DataFrame(rows)


def score(units: pd.DataFrame, methods: Iterable[str] | None = None) -> pd.DataFrame:
    """n, accuracy, macro-F1, κ and ``missing`` of each method column of ``units``."""
    methods = list(methods) if methods is not None else [*sentiment.METHODS, METHOD]
    rows = []
    for m in methods:
        rows.append({"method": m, "missing": int((units[m] == "missing").sum()),
                     **sentiment.agreement(units["gold"], units[m])})
    return pd.DataFrame(rows)


def confusion(units: pd.DataFrame, method: str) -> pd.DataFrame:
    """Gold (rows) × predicted (columns) counts of one method."""
    cols = [*sentiment.LABELS, "missing"]
    return (pd.crosstab(units["gold"], units[method]).reindex(
        index=list(sentiment.LABELS), columns=cols, fill_value=0))


def _macro_f1(gold: pd.Series, pred: pd.Series) -> float:
    """Macro-F1 over the three labels (as :func:`servicelab.sentiment.agreement`, without
    its κ: the grid search calls this thousands of times)."""
    g, p = np.asarray(gold, dtype=object), np.asarray(pred, dtype=object)
    f1 = []
    for lab in sentiment.LABELS:
        tp = float(np.sum((g == lab) & (p == lab)))
        denom = float(np.sum(g == lab) + np.sum(p == lab))
        f1.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(f1))


def settings_grid(grid: dict[str, tuple] | None = None) -> list[SegmentSentiment]:
    """Every :class:`SegmentSentiment` of ``grid`` (default :data:`GRID`)."""
    grid = grid or GRID
    names = sorted(grid)
    return [SegmentSentiment.load(**dict(zip(names, values, strict=True)))
            for values in product(*(grid[n] for n in names))]


def _candidate_labels(units: pd.DataFrame, candidates: list[SegmentSentiment]) -> np.ndarray:
    """Labels of every candidate (rows) for every unit (columns); ``missing`` where no
    segment holds the unit's quote."""
    found = units["segment_id"].notna().to_numpy()
    feats = units.loc[found, list(FEATURE_COLUMNS)]
    out = np.full((len(candidates), len(units)), "missing", dtype=object)
    for i, c in enumerate(candidates):
        out[i, found] = label_segments(feats, c)["label"].to_numpy()
    return out


def _best(labels: np.ndarray, gold: np.ndarray, mask: np.ndarray) -> int:
    """Index of the candidate with the highest macro-F1 on the ``mask`` units (first of
    ties)."""
    scores = [_macro_f1(gold[mask], row[mask]) for row in labels]
    return int(np.argmax(scores))


def choose_setting(units: pd.DataFrame, candidates: list[SegmentSentiment] | None = None
                   ) -> SegmentSentiment:
    """The candidate (default: :func:`settings_grid`) with the highest macro-F1 on
    ``units`` (missing units count wrong); ties go to the first candidate."""
    candidates = candidates or settings_grid()
    labels = _candidate_labels(units, candidates)
    return candidates[_best(labels, units["gold"].to_numpy(dtype=object),
                            np.ones(len(units), dtype=bool))]


def grouped_cv(units: pd.DataFrame, candidates: list[SegmentSentiment] | None = None
               ) -> pd.DataFrame:
    """Leave-one-page-out predictions: for each page, the setting chosen on the other pages
    (as :func:`choose_setting`) labels that page's units. Returns ``units`` with a ``cv``
    label column and the setting chosen without the unit's page (``cv_setting``)."""
    candidates = candidates or settings_grid()
    labels = _candidate_labels(units, candidates)
    gold = units["gold"].to_numpy(dtype=object)
    pages = units["page_id"].to_numpy(dtype=object)
    cv = np.full(len(units), "missing", dtype=object)
    chosen = np.full(len(units), "", dtype=object)
    for page in sorted(set(pages)):
        held = pages == page
        i = _best(labels, gold, ~held)
        cv[held] = labels[i, held]
        chosen[held] = repr(candidates[i])
    return units.assign(cv=cv, cv_setting=chosen)


def cv_scores(units: pd.DataFrame, candidates: list[SegmentSentiment] | None = None
              ) -> pd.DataFrame:
    """The figures of the choice: every method of ``units`` as shipped (no tuning on this
    gold), the shipped :data:`METHOD` (in-sample on the tuning half), and :data:`METHOD`
    with its setting chosen by leave-one-page-out cross-validation (``segments (cv)``)."""
    table = score(units, [m for m in (*sentiment.METHODS, "model_text", METHOD)
                          if m in units])
    cv = grouped_cv(units, candidates)
    row = score(cv.assign(**{f"{METHOD} (cv)": cv["cv"]}), [f"{METHOD} (cv)"])
    return pd.concat([table, row], ignore_index=True)


__all__ = ["GRID", "choose_setting", "confusion", "cv_scores", "dev_units",
           "grouped_cv", "load_sentiment_gold", "score", "settings_grid"]
