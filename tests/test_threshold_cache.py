"""The lexicon thresholds are tuned once and then read from the on-disk cache."""

from __future__ import annotations

import pytest

from servicelab import sentiment
from servicelab.lexicon import SentimentLexicon


def test_thresholds_are_read_back_not_tuned_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path))
    rules = SentimentLexicon.load()
    first = sentiment._thresholds.__wrapped__(rules)
    assert len(list(tmp_path.glob("thresholds-*.json"))) == 1

    def no_tuning(*args, **kwargs):
        raise AssertionError("tuned again although the cache holds the thresholds")

    monkeypatch.setattr(sentiment, "tune_threshold", no_tuning)
    assert sentiment._thresholds.__wrapped__(SentimentLexicon.load()) == first
    # other rules are another key: tuned, not read
    with pytest.raises(AssertionError, match="tuned again"):
        sentiment._thresholds.__wrapped__(SentimentLexicon.load(quote_weight=1.0))


def test_a_damaged_cache_file_is_tuned_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path))
    rules = SentimentLexicon.load()
    first = sentiment._thresholds.__wrapped__(rules)
    (path,) = tmp_path.glob("thresholds-*.json")
    path.write_text("{not json", "utf-8")
    assert sentiment._thresholds.__wrapped__(rules) == first
