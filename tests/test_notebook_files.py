"""The committed notebooks are the same file on every run: no execution timestamps."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_execution_timestamps(path):
    nb = nbformat.read(path, as_version=4)
    stamped = [i for i, c in enumerate(nb.cells) if "execution" in c.get("metadata", {})]
    assert not stamped, f"{path.name}: cells {stamped[:5]} carry execution timestamps"
