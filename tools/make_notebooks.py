"""Turn jupytext percent sources (notebooks/NN_topic.py) into executed .ipynb notebooks.

Usage: python tools/make_notebooks.py [notebooks/NN_topic.py ...]   (default: all)

The notebook is executed in place with cwd = notebooks/, so that the committed .ipynb carries
the outputs nbval compares against. Execution counts are consecutive, outputs deterministic.

Sources follow the corpus they run on: commentary on particular seed documents sits in a
seed-only block of a code cell (``Markdown("…") if ON_SEEDS else None`` or ``if ON_SEEDS:``,
with ``ON_SEEDS = is_seed_corpus(built)``), so it is shown only on the shipped seeds; markdown
cells and analysis code name no seed document (``tests/test_notebook_sources.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NB_DIR = ROOT / "notebooks"


def make(source: Path, timeout: int = 600) -> Path:
    """Convert one percent-format source to .ipynb and execute it in notebooks/."""
    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }
    nb.metadata.pop("jupytext", None)
    for i, cell in enumerate(nb.cells):  # stable ids: re-running gives a clean diff
        cell.id = f"cell-{i:03d}"
    # record_timing=False: no execution timestamps in the committed file (same file every run)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(NB_DIR)}})
    client.execute()
    target = source.with_suffix(".ipynb")
    nbformat.write(nb, target)
    return target


def main(argv: list[str]) -> int:
    sources = [Path(a).resolve() for a in argv] or sorted(NB_DIR.glob("[0-9][0-9]_*.py"))
    for src in sources:
        print(f"executing {src.relative_to(ROOT)}", flush=True)
        make(src)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
