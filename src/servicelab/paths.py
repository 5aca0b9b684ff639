"""Where servicelab's data folders are (gold labels and external data are data, not code).

A source checkout has them in ``data/`` above the package. An installation elsewhere (a wheel
in a fresh venv) does not: it finds them through ``SERVICELAB_DATA`` (a folder holding
``external/`` and ``annotations/``), or fails with one line that says what is missing.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from servicelab.errors import CorpusInputError

DATA_ENV = "SERVICELAB_DATA"


class MissingDataError(CorpusInputError, FileNotFoundError):
    """A data folder the task needs is not installed (one line; still a FileNotFoundError)."""


def checkout_data_dir(name: str) -> Path:
    """``$SERVICELAB_DATA/<name>``, else ``data/<name>`` of the checkout above the package."""
    if os.environ.get(DATA_ENV):
        candidate = Path(os.environ[DATA_ENV]) / name
        if candidate.is_dir():
            return candidate
        raise MissingDataError(str(candidate), f"not a folder (from {DATA_ENV})")
    here = Path(str(resources.files("servicelab"))).resolve()
    for parent in here.parents:
        candidate = parent / "data" / name
        if candidate.is_dir():
            return candidate
    raise MissingDataError(
        f"data/{name}",
        f"not found above the installed package; the analyses need it (the sentiment model "
        f"is trained from data/external): run from a clone of servicelab, set {DATA_ENV} to "
        f"its data folder, or build with --corpus-only")
