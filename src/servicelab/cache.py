"""The on-disk cache: where it lives and how a file gets there safely.

Why a module: several steps keep derived data between processes (the sentiment model's
training counts and lexicon thresholds, the lemmatiser's decoded dictionary), and all of them
must agree on one folder, one switch (``SERVICELAB_CACHE=off``) and one safe way to write.
Everything cached is derived from shipped data and keyed by what it depends on, so a stale
or damaged file is recomputed, never trusted.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """Folder of the on-disk cache (``~/.cache/servicelab``; ``SERVICELAB_CACHE`` sets another
    folder), or None when ``SERVICELAB_CACHE=off``."""
    value = os.environ.get("SERVICELAB_CACHE", "")
    if value.lower() == "off":
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "servicelab"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and one rename, so concurrent
    processes never read a half-written file; a read-only folder is not an error (the
    caller goes on without the cache)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        pass
