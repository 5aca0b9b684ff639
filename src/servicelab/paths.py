"""Where the checkout's data folders are (gold labels and external data are data, not code)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def checkout_data_dir(name: str) -> Path:
    """``data/<name>`` of the source checkout above the installed package (raises if absent)."""
    here = Path(str(resources.files("servicelab"))).resolve()
    for parent in here.parents:
        candidate = parent / "data" / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data/{name} not found above the servicelab package")
