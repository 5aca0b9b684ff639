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


def test_received_thresholds_are_used_for_the_shipped_rules_only(monkeypatch):
    """A Dask worker uses the client's thresholds for the shipped rules; other rules are
    still tuned (or read) for themselves."""
    monkeypatch.setattr(sentiment, "_RECEIVED", {})
    sent = {"naive": 0.0, "sentiws": 0.9, "gpl": 0.85}
    sentiment.use_default_thresholds(sent)
    assert sentiment.thresholds() == sent
    assert sentiment.thresholds(SentimentLexicon.default()) == sent
    assert sentiment.thresholds(SentimentLexicon.load(quote_weight=1.0)) != sent


def _count_tunings() -> None:
    """Run on each Dask worker: count calls of the threshold tuning in that process."""
    from servicelab import sentiment as s

    if getattr(s, "_test_tunings", None) is None:
        tune = s._thresholds
        s._test_tunings = 0

        def counted(rules):
            s._test_tunings += 1
            return tune(rules)

        s._thresholds = counted


def _tunings() -> int:
    from servicelab import sentiment as s

    return s._test_tunings


def test_dask_workers_receive_the_thresholds_with_the_model(tmp_path):
    """The client sends its thresholds with the model: no worker tunes (or reads) them."""
    from pathlib import Path

    from distributed import Client, LocalCluster

    from servicelab.engines import analyse, build

    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    build(raw, tmp_path / "dk", max_chunk_bytes=8_000)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        client.run(_count_tunings)
        analyse(tmp_path / "dk", engine="dask", names=["sentiment"], client=client)
        per_worker = client.run(_tunings)
    assert len(per_worker) == 2
    assert sum(per_worker.values()) == 0, per_worker
