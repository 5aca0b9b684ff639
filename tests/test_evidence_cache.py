"""The development-corpus evidence of the reports, computed once per checkout (evidence_cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelab import evidence_cache, user_validation
from servicelab.segment_sentiment_evaluation import GOLD_FILE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """``dev_gold_kappa`` with a counting stand-in for the computation, a cache folder of its
    own, and the in-process memo cleared before and after."""
    calls: list[int] = []

    def fake() -> tuple[tuple[tuple[str, float], ...], int]:
        calls.append(1)
        return (("model", 0.25 + len(calls)), ("naive", 0.125)), 7

    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(user_validation, "_dev_gold_kappa", fake)
    user_validation.dev_gold_kappa.cache_clear()
    yield calls
    user_validation.dev_gold_kappa.cache_clear()


def test_dev_gold_kappa_is_computed_once_per_checkout(counted):
    first = user_validation.dev_gold_kappa()
    user_validation.dev_gold_kappa.cache_clear()  # as a new process: only the disk is left
    assert user_validation.dev_gold_kappa() == first == ((("model", 1.25), ("naive", 0.125)), 7)
    assert len(counted) == 1


def test_dev_gold_kappa_is_computed_anew_when_a_version_changes(counted, monkeypatch):
    user_validation.dev_gold_kappa()
    user_validation.dev_gold_kappa.cache_clear()
    monkeypatch.setattr(evidence_cache, "versions", lambda: "numpy=0.0")
    assert user_validation.dev_gold_kappa()[0][0] == ("model", 2.25)
    assert len(counted) == 2


def test_without_a_cache_folder_it_is_computed_every_time(counted, monkeypatch):
    monkeypatch.setenv("SERVICELAB_CACHE", "off")
    for _ in range(2):
        user_validation.dev_gold_kappa.cache_clear()
        user_validation.dev_gold_kappa()
    assert len(counted) == 2


def test_the_key_changes_with_any_byte_path_or_missing_file(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.txt"
    a.write_text("wort,1\n", encoding="utf-8")
    b.write_text("Seite\n", encoding="utf-8")
    base = evidence_cache.key_of("x", [a, b])
    assert evidence_cache.key_of("x", [a, b]) == base
    b.write_text("Seite.\n", encoding="utf-8")
    changed = evidence_cache.key_of("x", [a, b])
    assert changed != base
    assert evidence_cache.key_of("x", [a, tmp_path / "c.txt"]) != changed  # missing file
    assert evidence_cache.key_of("y", [a, b]) != changed
    assert evidence_cache.key_of("x", [a, b], extra="numpy=0.0") != changed


def test_the_sources_are_the_package_the_pages_the_gold_and_the_training_data():
    sources = set(evidence_cache.checkout_sources() or [])
    package = ROOT / "src" / "servicelab"
    assert {package / "user_validation.py", package / "sentiment.py",
            package / "segment_sentiment_evaluation.py", package / "data" / "blame_cues.csv",
            ROOT / "data" / "annotations" / GOLD_FILE} <= {p.resolve() for p in sources}
    assert any(p.suffix == ".txt" and "dev" in p.parts for p in sources)  # the dev pages
    from servicelab import sentiment_model

    assert set(sentiment_model._training_files()) <= sources
