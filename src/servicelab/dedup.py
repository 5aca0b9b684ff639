"""Near-duplicate detection with MinHash signatures and LSH banding, linear in documents.

Each document is reduced to the word 3-gram shingles of its main content (post bodies, so a
page that repeats an article without its comments is still found), hashed to a MinHash
signature of ``NUM_PERM`` values. Duplicates are flagged with ``duplicate_of``, never removed.

Two documents are near-duplicates when their signatures agree on at least ``THRESHOLD`` of
the values; clusters are the connected groups of such pairs, and in each cluster the longest
document (then the smallest ``doc_id``) is the original. Such a pair always shares an LSH
bucket (with 32 bands of 4 rows, 80 % agreement leaves at least 7 bands whole), so the
search never leaves the buckets, and it never compares all pairs inside one:

1. ``bucket_rows``: one row (band, key, doc_id) per band of every non-empty signature;
2. ``shared_buckets``: the buckets with two or more members (a group-by);
3. ``confirm_buckets``: in each bucket, representatives (the first member, then the first
   member that matched none so far; at most ``MAX_REPRESENTATIVES``) are compared with all
   members at once; every match is an edge;
4. ``duplicate_map``: connected components of the edges, original = longest.

Cost: ``O(documents × bands × representatives used)`` signature comparisons, vectorised per
bucket: 20,000 near-identical form letters fill 32 buckets of 20,000 that need one
representative each. Step 3 can miss a link between two non-representatives that match
different representatives in every bucket they share (all-pairs comparison would have
joined those clusters); on the seeds, the 4 MB bench corpus, the engine tests' generated
corpus and chains of drifting variants the flags equal all-pairs comparison. Both engines
call these functions, so they give the same flags.
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
MAX_REPRESENTATIVES = 64  # signature comparisons per document at most, whatever the group size
_rng = np.random.default_rng(20240607)
_A = _rng.integers(1, 1 << 63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
_TOKEN = re.compile(r"\w+")
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
_BLOCK = 8192  # shingles hashed at once: bounds the memory of one signature to ~8 MB
_MIX = np.uint64(1_000_003)
_MASK = np.uint64(0xFFFFFFFF)


def shingle_hashes(text: str, n: int = 3) -> np.ndarray:
    """Unique 32-bit hashes of the word ``n``-grams of ``text`` (lower-cased), vectorised:
    each distinct token is hashed once (CRC-32) and ``n`` neighbours are mixed arithmetically.

    A text of fewer than ``n`` tokens is one shingle made of all its tokens, so two short
    texts match only when all their words do ("Sehr gut" is not "Sehr schlecht").
    """
    tokens = _TOKEN.findall(text.lower())
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    crc = {t: zlib.crc32(t.encode()) for t in set(tokens)}  # each distinct word once
    h = np.fromiter((crc[t] for t in tokens), dtype=np.uint64, count=len(tokens))
    n = min(n, len(h))
    mixed = np.zeros(len(h) - n + 1, dtype=np.uint64)
    for k in range(n):
        mixed = (mixed * _MIX + h[k : len(h) - n + 1 + k]) & _MASK
    return np.unique(mixed)


def shingles(text: str, n: int = 3) -> set[int]:
    """The shingle hashes of ``text`` as a Python set (for exact Jaccard in tests)."""
    return set(shingle_hashes(text, n).tolist())


def signature(text: str) -> np.ndarray:
    """MinHash signature (``NUM_PERM`` uint64 values) of ``text``; an empty text gets the
    all-maximum signature, which matches nothing."""
    x = shingle_hashes(text)
    out = _EMPTY.copy()
    for i in range(0, len(x), _BLOCK):  # in blocks: an 8 MB text needs no 1 GB product
        hashed = (np.outer(x[i : i + _BLOCK], _A) + _B) >> np.uint64(32)  # wraps mod 2^64
        np.minimum(out, hashed.min(axis=0), out=out)
    return out


def is_empty(sig: np.ndarray) -> bool:
    """Whether a signature is that of a text without words (never a duplicate)."""
    return bool(np.array_equal(sig, _EMPTY))


def band_keys(sig: np.ndarray) -> list[int]:
    """One stable hash per LSH band of a signature (the same in every process)."""
    return [zlib.crc32(sig[b * ROWS : (b + 1) * ROWS].tobytes()) for b in range(BANDS)]


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal MinHash values: an unbiased estimate of the Jaccard similarity."""
    return float(np.mean(a == b))


def signature_table(doc_ids: list[str], sigs: list[np.ndarray], n_chars: list[int]
                    ) -> pd.DataFrame:
    """``doc_id``, ``n_chars``, ``signature`` (the uint64 values as bytes): the form in
    which signatures travel between processes."""
    return pd.DataFrame({"doc_id": pd.Series(list(doc_ids), dtype=object),
                         "n_chars": pd.Series(list(n_chars), dtype="int64"),
                         "signature": pd.Series([s.tobytes() for s in sigs], dtype=object)})


def _as_array(raw: bytes | np.ndarray) -> np.ndarray:
    return raw if isinstance(raw, np.ndarray) else np.frombuffer(raw, dtype=np.uint64)


def bucket_rows(sigs: pd.DataFrame) -> pd.DataFrame:
    """``band``, ``key``, ``doc_id``: one row per LSH band of each non-empty signature."""
    ids, keys = [], []
    for doc_id, raw in zip(sigs["doc_id"], sigs["signature"], strict=True):
        sig = _as_array(raw)
        if is_empty(sig):
            continue
        ids.append(doc_id)
        keys.extend(band_keys(sig))
    return pd.DataFrame({  # columns built as arrays: ~24 bytes per row, not a tuple each
        "band": np.tile(np.arange(BANDS, dtype=np.int64), len(ids)),
        "key": np.array(keys, dtype=np.int64),
        "doc_id": np.repeat(np.array(ids, dtype=object), BANDS),
    })


def shared_buckets(buckets: pd.DataFrame) -> pd.DataFrame:
    """The rows of buckets with two or more members; ``buckets`` must hold whole buckets."""
    return buckets[buckets.duplicated(["band", "key"], keep=False)].reset_index(drop=True)


def confirm_buckets(shared: pd.DataFrame, sigs: pd.DataFrame, threshold: float = THRESHOLD,
                    max_representatives: int = MAX_REPRESENTATIVES) -> pd.DataFrame:
    """Confirmed near-duplicate edges ``a``, ``b`` inside the shared buckets.

    In each bucket (members in ``doc_id`` order) the first member is a representative and
    is compared with all members at once (vectorised); the first member that matched no
    representative so far becomes the next one, up to ``max_representatives`` per bucket.
    Every member is thus compared with a bounded number of documents, and every member is
    a representative or linked to one (unless the bucket has more clusters than the cap).
    """
    empty = pd.DataFrame({"a": pd.Series(dtype=object), "b": pd.Series(dtype=object)})
    if shared.empty:
        return empty
    codes, ids = pd.factorize(shared["doc_id"], sort=True)  # codes in doc_id order
    by_id = dict(zip(sigs["doc_id"], sigs["signature"], strict=True))
    matrix = np.stack([_as_array(by_id[d]) for d in ids])
    need = int(np.ceil(threshold * NUM_PERM - 1e-9))  # equal values needed to match
    keys = shared["band"].to_numpy() * (1 << 32) + shared["key"].to_numpy()
    order = np.lexsort((codes, keys))
    codes, keys = codes[order], keys[order]
    starts = np.flatnonzero(np.r_[True, np.diff(keys) != 0])
    sizes = np.diff(np.r_[starts, len(keys)])
    pair = starts[sizes == 2]  # most shared buckets hold two documents: one vectorised test
    first, second = codes[pair], codes[pair + 1]
    hit = (matrix[first] == matrix[second]).sum(axis=1) >= need
    a_out: list[np.ndarray] = [first[hit]]
    b_out: list[np.ndarray] = [second[hit]]
    for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
        members = codes[start : start + size]
        block = matrix[members]
        matched = np.zeros(len(members), dtype=bool)
        rep = 0
        for _ in range(max_representatives):
            hits = (block == block[rep]).sum(axis=1) >= need
            hits[rep] = False
            a_out.append(np.full(int(hits.sum()), members[rep]))
            b_out.append(members[hits])
            matched |= hits
            matched[rep] = True
            rest = np.flatnonzero(~matched[rep + 1 :])
            if not len(rest):
                break
            rep += 1 + int(rest[0])
    a_codes, b_codes = np.concatenate(a_out), np.concatenate(b_out)
    if not len(a_codes):
        return empty
    n = np.int64(len(ids))
    pairs = np.unique(np.minimum(a_codes, b_codes).astype(np.int64) * n
                      + np.maximum(a_codes, b_codes))  # one int per pair: a 1-D sort
    return pd.DataFrame({"a": pd.Series(ids[pairs // n], dtype=object),
                         "b": pd.Series(ids[pairs % n], dtype=object)})


def clusters(edges: pd.DataFrame) -> list[list[str]]:
    """Connected components (of two or more ``doc_id`` s, each sorted) of ``edges``."""
    if edges.empty:
        return []
    # imported here: scipy takes a quarter of a second to import, and a corpus without
    # near-duplicates (one large document) never gets this far
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    codes, ids = pd.factorize(pd.concat([edges["a"], edges["b"]], ignore_index=True))
    n, m = len(ids), len(edges)
    graph = coo_matrix((np.ones(m, dtype=np.int8), (codes[:m], codes[m:])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    members: dict[int, list[str]] = {}
    for label, doc_id in zip(labels.tolist(), ids, strict=True):
        members.setdefault(label, []).append(doc_id)
    return sorted(sorted(m) for m in members.values())


def duplicate_map(edges: pd.DataFrame, sizes: dict[str, int]) -> dict[str, str]:
    """``doc_id -> duplicate_of`` for the flagged documents: in each connected cluster the
    longest document (then the smallest ``doc_id``) is the original."""
    dup: dict[str, str] = {}
    for members in clusters(edges):
        head = min(members, key=lambda d: (-sizes[d], d))
        dup.update({d: head for d in members if d != head})
    return dict(sorted(dup.items()))


def find_duplicates(sigs: pd.DataFrame, threshold: float = THRESHOLD) -> dict[str, str]:
    """Near-duplicates of a signature table (:func:`signature_table`) held in memory."""
    edges = confirm_buckets(shared_buckets(bucket_rows(sigs)), sigs, threshold)
    return duplicate_map(edges, dict(zip(sigs["doc_id"], sigs["n_chars"], strict=True)))


def flag_duplicates(docs: pd.DataFrame, threshold: float = THRESHOLD) -> pd.Series:
    """``duplicate_of`` per document (index aligned with ``docs``; None for originals).

    ``docs`` needs ``doc_id``, ``content`` (text to compare) and ``n_chars``.
    """
    table = signature_table(docs["doc_id"].tolist(), docs["content"].map(signature).tolist(),
                            docs["n_chars"].tolist())
    dup = find_duplicates(table, threshold)
    return pd.Series([dup.get(d) for d in docs["doc_id"]], index=docs.index, dtype="object")
