"""Loaders for the external labelled German corpora shipped in ``data/external/``.

* GermEval 2017 Subtask B (Deutsche Bahn customer feedback; CC BY-NC 4.0):
  :func:`load_germeval2017` returns one row per document with ``text`` and ``sentiment``.
* One Million Posts Corpus, labelled subset (DER STANDARD comments; CC BY-NC-SA 4.0):
  :func:`load_million_posts` returns one row per post with one 0/1 column per annotated
  category (missing where the post was not annotated for it) and a 3-class ``sentiment``.

The files are data, not package code: they live in ``data/external/`` of the source checkout
(found by walking up from the installed package) or in a directory passed explicitly.
Nothing here prints; results are sorted and deterministic.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from servicelab.paths import checkout_data_dir

GERMEVAL_SPLITS = ("dev", "test_syn")
SENTIMENT_LABELS = ("negative", "neutral", "positive")
MP_CATEGORIES = (
    "ArgumentsUsed", "Discriminating", "Inappropriate", "OffTopic", "PersonalStories",
    "PossiblyFeedback", "SentimentNegative", "SentimentNeutral", "SentimentPositive",
)


def external_dir() -> Path:
    """``data/external`` of the source checkout (raises when it cannot be found)."""
    return checkout_data_dir("external")


def _root(root: str | Path | None) -> Path:
    return Path(root) if root is not None else external_dir()


def load_germeval2017(split: str = "dev", root: str | Path | None = None) -> pd.DataFrame:
    """GermEval 2017 documents of ``split`` (``dev`` or ``test_syn``).

    Columns: ``id`` (source URL), ``text``, ``relevance`` (bool), ``sentiment``
    (negative/neutral/positive, the Subtask B label), ``aspects`` (Subtask C, str),
    ``source`` (twitter / facebook / other, from the id). Order as in the organisers' file.
    """
    if split not in GERMEVAL_SPLITS:
        raise ValueError(f"unknown GermEval 2017 split {split!r}; use one of {GERMEVAL_SPLITS}"
                         " (test_dia is deliberately not shipped)")
    return _load_germeval_cached(str(_root(root)), split).copy()


@lru_cache(maxsize=4)
def _load_germeval_cached(root: str, split: str) -> pd.DataFrame:
    path = Path(root) / "germeval2017" / "subtaskB_tsv" / f"{split}.tsv"
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    bad = sorted(set(df["sentiment"]) - set(SENTIMENT_LABELS))
    if bad:
        raise ValueError(f"{path.name}: unexpected sentiment labels {bad}")
    df["relevance"] = df["relevance"].eq("true")
    ids = df["id"].str.lower()
    df["source"] = "other"
    df.loc[ids.str.contains("twitter.com"), "source"] = "twitter"
    df.loc[ids.str.contains("facebook.com"), "source"] = "facebook"
    return df[["id", "text", "relevance", "sentiment", "aspects", "source"]]


def load_million_posts(root: str | Path | None = None) -> pd.DataFrame:
    """The 11,773 labelled posts of the One Million Posts Corpus, one row per post.

    Columns: ``ID_Post``, ``ID_Parent_Post`` (nullable Int64), ``ID_Article``, ``ID_User``,
    ``CreatedAt``, ``Status``, ``Headline``, ``Body`` (empty string when missing), ``text``
    (headline and body joined by a space), ``PositiveVotes``, ``NegativeVotes``, one
    nullable Int64 0/1 column per category in :data:`MP_CATEGORIES` (``<NA>`` where the post
    was not annotated for that category), one ``fold_<Category>`` column with the authors'
    10-fold split, and ``sentiment`` (negative/neutral/positive for the 3,599 posts annotated
    for sentiment, else ``<NA>``). Sorted by ``ID_Post``.
    """
    return _load_mp_cached(str(_root(root))).copy()


@lru_cache(maxsize=2)
def _load_mp_cached(root: str) -> pd.DataFrame:
    path = Path(root) / "million_posts" / "posts_labeled.csv.xz"
    long = pd.read_csv(path)
    posts_cols = ["ID_Post", "ID_Parent_Post", "ID_Article", "ID_User", "CreatedAt", "Status",
                  "Headline", "Body", "PositiveVotes", "NegativeVotes"]
    posts = long[posts_cols].drop_duplicates("ID_Post").set_index("ID_Post")
    values = long.pivot_table(index="ID_Post", columns="Category", values="Value",
                              aggfunc="first")
    folds = long.pivot_table(index="ID_Post", columns="Category", values="Fold", aggfunc="first")
    folds.columns = [f"fold_{c}" for c in folds.columns]
    out = posts.join(values).join(folds).reset_index().sort_values("ID_Post")
    for col in MP_CATEGORIES:
        out[col] = out[col].astype("Int64")
        out[f"fold_{col}"] = out[f"fold_{col}"].astype("Int64")
    out["ID_Parent_Post"] = out["ID_Parent_Post"].astype("Int64")
    for col in ("Headline", "Body"):
        out[col] = out[col].fillna("").astype(str)
    out["text"] = (out["Headline"] + " " + out["Body"]).str.strip()
    sentiment = pd.Series(pd.NA, index=out.index, dtype="object")
    for label, col in (("negative", "SentimentNegative"), ("neutral", "SentimentNeutral"),
                       ("positive", "SentimentPositive")):
        sentiment[out[col].eq(1).fillna(False).to_numpy()] = label
    out["sentiment"] = sentiment
    ordered = posts_cols[:8] + ["text", "PositiveVotes", "NegativeVotes", *MP_CATEGORIES,
                                *[f"fold_{c}" for c in MP_CATEGORIES], "sentiment"]
    return out[ordered].reset_index(drop=True)


def million_posts_sentiment(root: str | Path | None = None) -> pd.DataFrame:
    """The 3,599 posts annotated for sentiment: ``ID_Post``, ``text``, ``sentiment``, ``fold``.

    ``fold`` is the corpus authors' 10-fold assignment for the SentimentNegative category.
    """
    mp = load_million_posts(root)
    mp = mp[mp["sentiment"].notna()]
    out = mp[["ID_Post", "text", "sentiment", "fold_SentimentNegative"]]
    out = out.rename(columns={"fold_SentimentNegative": "fold"})
    out["sentiment"] = out["sentiment"].astype(str)
    return out.reset_index(drop=True)
