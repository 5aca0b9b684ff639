"""The on-disk cache: where it lives and how a file gets there safely.

Why a module: several steps keep derived data between processes (the sentiment model's
training counts and lexicon thresholds, the lemmatiser's decoded dictionary), and all of them
must agree on one folder, one switch (``SERVICELAB_CACHE=off``) and one safe way to write.
Everything cached is derived from shipped data and keyed by what it depends on, so a stale
or damaged file is recomputed, never trusted.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


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


def cached_pickle(name: str, kind: type[T], build: Callable[[], T]) -> T:
    """The object pickled as ``name`` in the cache when it is a ``kind``, else ``build()``,
    written there for the next process (a trained model: train once, load in 0.1 s). A damaged
    or foreign file is rebuilt; without a cache folder the object is built every time."""
    import pickle

    folder = cache_dir()
    path = folder / name if folder is not None else None
    if path is not None and path.exists():
        try:
            obj = pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - a damaged cache file is rebuilt
            obj = None
        if isinstance(obj, kind):
            return obj
    obj = build()
    if path is not None:
        write_atomic(path, pickle.dumps(obj))
    return obj


_WORDS_MAGIC = b"servicelab-words 1\n"


def files_digest(header: str, sources: Iterable[Path | Traversable | None],
                 paths: bool = False) -> str:
    """A hash of ``header`` and every source file's bytes, for cache keys: a missing or
    unreadable file counts as missing, so installing it later changes the key; ``paths``
    also hashes each file's path (a renamed file then changes the key too)."""
    digest = hashlib.blake2b(header.encode(), digest_size=16)
    for path in sources:
        if paths and path is not None:
            digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            data = path.read_bytes() if path is not None else None
        except OSError:
            data = None
        digest.update(b"\1missing" if data is None else b"\2" + len(data).to_bytes(8, "big"))
        if data is not None:
            digest.update(data)
    return digest.hexdigest()


def _source_digest(name: str, sources: Iterable[Path | Traversable | None]) -> str:
    """A hash of what a cached word set is derived from: the package version, the set's name
    and every source file's bytes (:func:`files_digest`)."""
    from servicelab import __version__

    return files_digest(f"{__version__}\0{name}", sources)


def _encode_words(key: str, parts: tuple[Iterable[str], ...]) -> bytes | None:
    """The file body of cached word sets (None when a word holds a separator, so that set is
    simply not cached): the magic line, the key, a checksum, then each set sorted, one word a
    line, sets separated by NUL (an empty word is not cached either)."""
    sections = []
    for part in parts:
        words = sorted(part)
        if any(not w or "\n" in w or "\0" in w for w in words):
            return None
        sections.append("\n".join(words))
    payload = "\0".join(sections).encode("utf-8")
    check = hashlib.blake2b(payload, digest_size=16).hexdigest()
    return _WORDS_MAGIC + f"{key} {len(parts)} {check}\n".encode() + payload


def _decode_words(data: bytes, key: str, count: int) -> tuple[frozenset[str], ...] | None:
    """The word sets of a cache file, or None when it is stale (other key), damaged (checksum)
    or of another shape."""
    if not data.startswith(_WORDS_MAGIC):
        return None
    head, _, payload = data[len(_WORDS_MAGIC):].partition(b"\n")
    fields = head.decode("ascii", "replace").split(" ")
    if fields[:2] != [key, str(count)] or len(fields) != 3:
        return None
    if hashlib.blake2b(payload, digest_size=16).hexdigest() != fields[2]:
        return None
    try:
        sections = payload.decode("utf-8").split("\0")
    except UnicodeDecodeError:
        return None
    if len(sections) != count:
        return None
    return tuple(frozenset(s.split("\n")) if s else frozenset() for s in sections)


def cached_word_sets(name: str, sources: Iterable[Path | Traversable | None], count: int,
                     build: Callable[[], tuple[frozenset[str], ...]],
                     ) -> tuple[frozenset[str], ...]:
    """``build()`` (a tuple of ``count`` word sets), read from the on-disk cache when a file
    there holds the sets for the same sources, else built and written for the next process.

    Why: reading the name dictionary and the word lists cost about 0.4 s in every build
    process and Dask worker; a cached file is read in a fraction of that. The file is keyed by
    a hash of the source files and the package version and carries a checksum, so a stale or
    damaged file is rebuilt, never trusted.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    key = _source_digest(name, sources)
    # the key in the name: checkouts with other data files (worktrees, versions) sharing
    # one cache folder keep a file each instead of overwriting each other's
    path = folder / f"words-{name}-{key[:16]}.txt"
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    cached = _decode_words(data, key, count) if data else None
    if cached is not None:
        return cached
    parts = build()
    if len(parts) != count:
        raise ValueError(f"{name}: built {len(parts)} word sets, expected {count}")
    body = _encode_words(key, parts)
    if body is not None:
        write_atomic(path, body)
    return parts


def package_version(distribution: str, module: str) -> str:
    """The installed version of ``distribution`` (for cache keys), read without importing
    ``module`` when it is not loaded. Why: importing scikit-learn costs about 0.7 s CPU, and
    a process that only loads cached models must not pay it to compute their keys."""
    import sys
    from importlib import metadata

    loaded = sys.modules.get(module)
    version = getattr(loaded, "__version__", None) if loaded is not None else None
    return str(version) if version is not None else metadata.version(distribution)
