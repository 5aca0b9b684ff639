"""Shared fixtures: the seed corpus is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelab import build_corpus

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def seed_corpus():
    return build_corpus(RAW)
