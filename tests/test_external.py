"""Loaders for the external labelled corpora in data/external/."""

from __future__ import annotations

import pytest

from servicelab.external import (
    MP_CATEGORIES,
    external_dir,
    load_germeval2017,
    load_million_posts,
    million_posts_sentiment,
)


def test_external_files_and_licences_are_shipped():
    root = external_dir()
    for folder in ("germeval2017", "million_posts"):
        assert (root / folder / "README.md").is_file()
        assert (root / folder / "LICENSE.md").is_file()
    assert not (root / "germeval2017" / "subtaskB_tsv" / "test_dia.tsv").exists()


@pytest.mark.parametrize(("split", "n", "counts"), [
    ("dev", 2369, {"negative": 589, "neutral": 1632, "positive": 148}),
    ("test_syn", 2566, {"negative": 780, "neutral": 1681, "positive": 105}),
])
def test_germeval_counts_match_the_readme(split, n, counts):
    df = load_germeval2017(split)
    assert len(df) == n
    assert df["sentiment"].value_counts().to_dict() == counts
    assert list(df.columns) == ["id", "text", "relevance", "sentiment", "aspects", "source"]
    assert df.loc[~df["relevance"], "sentiment"].eq("neutral").all()


def test_germeval_rejects_unknown_split():
    with pytest.raises(ValueError, match="test_dia"):
        load_germeval2017("test_dia")


def test_germeval_returns_a_copy():
    a = load_germeval2017("dev")
    a.loc[0, "text"] = "changed"
    assert load_germeval2017("dev").loc[0, "text"] != "changed"


def test_million_posts_one_row_per_post():
    mp = load_million_posts()
    assert len(mp) == 11_773 and mp["ID_Post"].is_unique
    assert mp["ID_Post"].is_monotonic_increasing
    for col in MP_CATEGORIES:
        assert col in mp.columns and f"fold_{col}" in mp.columns
    assert int(mp["Inappropriate"].sum()) == 303
    assert int(mp["PossiblyFeedback"].notna().sum()) == 6_038
    assert mp["text"].str.len().gt(0).all()


def test_million_posts_sentiment_labels():
    s = million_posts_sentiment()
    assert len(s) == 3_599
    assert s["sentiment"].value_counts().to_dict() == {"neutral": 1865, "negative": 1691,
                                                        "positive": 43}
    assert sorted(s["fold"].unique().tolist()) == list(range(1, 11))
