"""Small results computed from the checkout alone, kept on disk between processes.

Why (issue 17, test time): a report on a user's corpus states the κ of every sentiment
method on the development corpus's gold (:func:`servicelab.user_validation.dev_gold_kappa`).
That figure depends on the checkout only, not on the user's corpus, yet every report process
and every kernel of notebook 01 built the development pages and scored them again (about 5 s
CPU each; the test suite's four generated reports did it eight times). Here such a result is
computed once and read from the on-disk cache (:mod:`servicelab.cache`) by later processes.

The key is a hash of every file it may read: all of the package (code, rule files, word
lists), the development pages, the gold annotations, the sentiment model's training files,
the Python version and the versions of the libraries that compute it. Any change to any of
them computes the result anew; without a cache folder (``SERVICELAB_CACHE=off``) or without
a development corpus (an installed package) nothing is cached.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from servicelab.cache import cache_dir, cached_pickle, files_digest

T = TypeVar("T")

#: Distributions whose version is part of the key (a missing one counts as missing).
LIBRARIES = ("numpy", "pandas", "scipy", "scikit-learn", "pyarrow", "gersent", "textblob-de",
             "simplemma")


def checkout_sources() -> list[Path] | None:
    """Every file the development-corpus evaluations may read, sorted; None when the
    checkout has no development corpus or gold (nothing is cached then)."""
    from servicelab import sentiment_model
    from servicelab.paths import checkout_data_dir

    try:
        data = [checkout_data_dir("dev"), checkout_data_dir("annotations")]
    except OSError:  # MissingDataError: an installed package
        return None
    package = Path(__file__).resolve().parent
    files = [p for root in (package, *data) for p in root.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    return sorted(set(files)) + list(sentiment_model._training_files())


def versions() -> str:
    """Python's and :data:`LIBRARIES`' versions, as one string."""
    from importlib import metadata

    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=missing")
    return f"python={sys.version}\0" + "\0".join(found)


def key_of(name: str, sources: Iterable[Path], extra: str = "") -> str:
    """A hash of ``name``, ``extra`` and each source's path and bytes
    (:func:`servicelab.cache.files_digest`); a missing or unreadable file counts as missing."""
    return files_digest(f"servicelab evidence 1\0{name}\0{extra}", sources, paths=True)


def cached_evidence(name: str, kind: type[T], build: Callable[[], T],
                    sources: Callable[[], list[Path] | None] = checkout_sources) -> T:
    """``build()``, read from the on-disk cache when an earlier process computed it from the
    same sources (:func:`key_of` of ``sources()`` and :func:`versions`)."""
    if cache_dir() is None:
        return build()
    found = sources()
    if found is None:
        return build()
    return cached_pickle(f"evidence-{name}-{key_of(name, found, versions())}.pkl", kind, build)


__all__ = ["LIBRARIES", "cached_evidence", "checkout_sources", "key_of", "versions"]
