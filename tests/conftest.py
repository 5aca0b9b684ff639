"""Shared fixtures: the seed corpus is built once per test session; a labelling sheet
filled in by one method's own predictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelab import build_corpus

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def seed_corpus():
    return build_corpus(RAW)


def _labelled_sheet(tables, path: Path, method: str) -> Path:
    """A sentiment sheet labelled by ``method``'s own predictions: that method must then
    validate best (κ = 1) and compute the findings."""
    from servicelab import sheets

    sheet = sheets.sample_sheet(tables, "sentiment", n=30, seed=1)
    pred = sheets.predictions("sentiment", tables, sheet["unit_id"])
    by = pred[pred["method"] == method].set_index("unit_id")["label"]
    sheet["label"] = sheet["unit_id"].map(by).fillna("")
    sheet.to_csv(path, index=False)
    return path


@pytest.fixture
def labelled_sheet():
    """``labelled_sheet(tables, path, method)`` writes a sheet ``method`` agrees with fully."""
    return _labelled_sheet
