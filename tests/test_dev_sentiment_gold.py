"""The development corpus's unit sentiment gold (codebook §2.1): a plain file check that
reads only the files (the loader's one-line errors are tested in test_segment_sentiment.py)."""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "data" / "annotations"
GOLD = ROOT / "dev_sentiment_gold.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _segment_keys() -> set[tuple[str, str]]:
    keys = set()
    for path in sorted((ROOT / "dev").glob("*.csv")):
        for r in _rows(path):
            if r["layer"] == "segment" and "_heldout_" not in r["page_id"]:
                keys.add((r["page_id"], r["quote"]))
    return keys


def test_every_development_unit_is_labelled_once():
    rows = _rows(GOLD)
    assert list(rows[0]) == ["page_id", "quote", "label", "doubtful", "note"]
    keys = [(r["page_id"], r["quote"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert set(keys) == _segment_keys()


def test_labels_and_flags_are_in_the_vocabulary():
    for r in _rows(GOLD):
        assert r["label"] in ("negative", "neutral", "positive"), r
        assert r["doubtful"] in ("0", "1"), r
        assert "_heldout_" not in r["page_id"], r
