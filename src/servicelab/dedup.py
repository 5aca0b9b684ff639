"""Near-duplicate detection with MinHash signatures and LSH banding.

Each document is reduced to the word 3-gram shingles of its main content (post bodies, so a
page that repeats an article without its comments is still found), hashed to a MinHash
signature of ``NUM_PERM`` values. Banding groups signatures that agree on all rows of at least
one band; only those candidate pairs are compared, so the cost grows linearly with the number
of documents (never all pairs). Duplicates are flagged with ``duplicate_of``, never removed.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import pandas as pd

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.8
_rng = np.random.default_rng(20240607)
_A = _rng.integers(1, 1 << 63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
_TOKEN = re.compile(r"\w+")
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)


def shingle_hashes(text: str, n: int = 3) -> np.ndarray:
    """Unique 32-bit hashes of the word ``n``-grams of ``text`` (lower-cased), vectorised:
    each token is hashed once (CRC-32) and ``n`` neighbours are mixed arithmetically."""
    tokens = _TOKEN.findall(text.lower())
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    h = np.fromiter((zlib.crc32(t.encode()) for t in tokens), dtype=np.uint64, count=len(tokens))
    if len(h) < n:
        return np.unique(h[:1] ^ np.uint64(len(h)))
    mixed = np.zeros(len(h) - n + 1, dtype=np.uint64)
    for k in range(n):
        mixed = (mixed * np.uint64(1_000_003) + h[k : len(h) - n + 1 + k]) & np.uint64(0xFFFFFFFF)
    return np.unique(mixed)


def shingles(text: str, n: int = 3) -> set[int]:
    """The shingle hashes of ``text`` as a Python set (for exact Jaccard in tests)."""
    return set(shingle_hashes(text, n).tolist())


def signature(text: str) -> np.ndarray:
    """MinHash signature (``NUM_PERM`` uint64 values) of ``text``."""
    x = shingle_hashes(text)
    if not len(x):
        return _EMPTY.copy()
    hashed = (np.outer(x, _A) + _B) >> np.uint64(32)  # multiply-shift hashing, wraps mod 2^64
    return hashed.min(axis=0)


def band_keys(sig: np.ndarray) -> list[int]:
    """One stable hash per LSH band of a signature (the same in every process)."""
    return [zlib.crc32(sig[b * ROWS : (b + 1) * ROWS].tobytes()) for b in range(BANDS)]


def candidate_pairs(sigs: pd.DataFrame) -> pd.DataFrame:
    """Pairs of ``doc_id`` sharing at least one LSH bucket (a group-by, not all pairs)."""
    rows = []
    for doc_id, sig in zip(sigs["doc_id"], sigs["signature"], strict=True):
        if np.array_equal(sig, _EMPTY):
            continue
        for b, key in enumerate(band_keys(sig)):
            rows.append((b, key, doc_id))
    buckets = pd.DataFrame(rows, columns=["band", "key", "doc_id"])
    buckets = buckets[buckets.duplicated(["band", "key"], keep=False)]  # shared buckets only
    pairs = set()
    for _, members in buckets.groupby(["band", "key"], sort=False)["doc_id"]:
        ids = sorted(set(members))
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs.add((a, b))
    return pd.DataFrame(sorted(pairs), columns=["a", "b"])


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal MinHash values: an unbiased estimate of the Jaccard similarity."""
    return float(np.mean(a == b))


def flag_duplicates(docs: pd.DataFrame, threshold: float = THRESHOLD) -> pd.Series:
    """``duplicate_of`` per document (index aligned with ``docs``; None for originals).

    ``docs`` needs ``doc_id``, ``content`` (text to compare) and ``n_chars``. In a cluster of
    near-duplicates the longest document (then the smallest ``doc_id``) is the original.
    """
    sigs = pd.DataFrame({"doc_id": docs["doc_id"], "signature": docs["content"].map(signature)})
    by_id = dict(zip(sigs["doc_id"], sigs["signature"], strict=True))
    parent = {d: d for d in docs["doc_id"]}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in candidate_pairs(sigs).itertuples(index=False):
        if estimate_jaccard(by_id[a], by_id[b]) >= threshold:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    size = dict(zip(docs["doc_id"], docs["n_chars"], strict=True))
    clusters: dict[str, list[str]] = {}
    for d in docs["doc_id"]:
        clusters.setdefault(find(d), []).append(d)
    original = {}
    for members in clusters.values():
        head = sorted(members, key=lambda d: (-size[d], d))[0]
        for d in members:
            original[d] = None if d == head else head
    return pd.Series([original[d] for d in docs["doc_id"]], index=docs.index, dtype="object")
