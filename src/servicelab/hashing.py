"""Hashed word and character n-gram counts of a batch of texts, in NumPy.

Why: the sentiment model hashes every unit's word 1–2-grams and character 2–5-grams
(scikit-learn's ``HashingVectorizer``). scikit-learn builds each n-gram as a Python string
and hashes it in a loop, about two thirds of the time of :func:`servicelab.sentiment.classify`.
Here the n-grams of the whole batch are positions in one array of UTF-8 bytes and MurmurHash3
runs over all of them at once.

The result is the same matrix, entry for entry, as ``HashingVectorizer(analyzer=…,
ngram_range=…, n_features=…, alternate_sign=False, norm=None)`` with the default token
pattern applied to texts that are already preprocessed (``tests/test_hashing.py`` compares
them). Like scikit-learn with a ``preprocessor``, nothing is lower-cased here.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np
import scipy.sparse as sp

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # HashingVectorizer's default token_pattern
_C1, _C2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)
_M1, _M2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)
_INT_MIN = -(2**31)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def words32(data: np.ndarray) -> np.ndarray:
    """The little-endian 32-bit word starting at every byte of ``data`` (zero-padded), so
    a block of MurmurHash3 is one lookup."""
    buf = np.concatenate([data.astype(np.uint32), np.zeros(4, np.uint32)])
    return buf[:-3] | (buf[1:-2] << np.uint32(8)) | (buf[2:-1] << np.uint32(16)) | (
        buf[3:] << np.uint32(24))


def murmur3_32(words: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Signed 32-bit MurmurHash3 (x86, seed 0) of the byte ranges ``[start, start+length)``
    of the bytes behind ``words`` (:func:`words32`) — what ``sklearn.utils.murmurhash3_32``
    gives for each of them."""
    start = start.astype(np.int64, copy=False)
    length = length.astype(np.int64, copy=False)
    h = np.zeros(len(start), np.uint32)
    nblocks = length >> 2
    idx = np.arange(len(start))
    for k in range(int(nblocks.max()) if len(start) else 0):
        idx = idx[nblocks[idx] > k]
        k1 = _rotl(words[start[idx] + 4 * k] * _C1, 15) * _C2
        h[idx] = _rotl(h[idx] ^ k1, 13) * np.uint32(5) + np.uint32(0xE6546B64)
    tail = length & 3
    has_tail = np.flatnonzero(tail)
    if len(has_tail):
        mask = np.array([0, 0xFF, 0xFFFF, 0xFFFFFF], dtype=np.uint32)
        k1 = words[start[has_tail] + 4 * nblocks[has_tail]] & mask[tail[has_tail]]
        h[has_tail] ^= _rotl(k1 * _C1, 15) * _C2
    h ^= length.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= _M1
    h ^= h >> np.uint32(13)
    h *= _M2
    h ^= h >> np.uint32(16)
    return h.view(np.int32)


def _columns(signed: np.ndarray, n_features: int) -> np.ndarray:
    """Column of each hash, as scikit-learn computes it (``abs(h) % n_features``)."""
    h = signed.astype(np.int64)
    if n_features & (n_features - 1) == 0:  # a power of two: the same as %, without division
        col = np.abs(h) & (n_features - 1)
    else:
        col = np.abs(h) % n_features
    col[h == _INT_MIN] = (2**31 - 1 - (n_features - 1)) % n_features
    return col


class _Batch:
    """One string of the batch's pieces, with the UTF-8 byte offset of every character."""

    def __init__(self, text: str) -> None:
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        width = 1 + (cps >= 0x80) + (cps >= 0x800) + (cps >= 0x10000)
        self.offset = np.concatenate([[0], np.cumsum(width, dtype=np.int64)])
        self.words = words32(np.frombuffer(text.encode("utf-8"), dtype=np.uint8))

    def hash(self, first: np.ndarray, stop: np.ndarray) -> np.ndarray:
        """Hashes of the character ranges ``[first, stop)``."""
        a, b = self.offset[first], self.offset[stop]
        return murmur3_32(self.words, a, b - a)


def _ranges(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``concatenate([arange(s, s + c) for s, c in ...])`` and the piece of each value."""
    counts = np.maximum(counts, 0)
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(starts)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    return starts[owner] + (np.arange(total) - first), owner


def _matrix(rows: np.ndarray, cols: np.ndarray, n_docs: int, n_features: int
            ) -> sp.csr_matrix:
    data = np.ones(len(rows), dtype=np.float64)
    m = sp.csr_matrix((data, (rows, cols)), shape=(n_docs, n_features))
    m.sum_duplicates()
    m.sort_indices()
    return m


def char_wb_counts(texts: Sequence[str], ngram_range: tuple[int, int], n_features: int
                   ) -> sp.csr_matrix:
    """Counts of ``analyzer="char_wb"`` n-grams: each whitespace-separated word padded with
    one space on each side; a padded word shorter than the smallest n counts once whole.

    Each distinct word is hashed once (a corpus repeats its words many times) and kept in
    this process's :class:`WordRows`: the counts are (texts × stored words) @ (stored words
    × n-grams), integers either way, so the matrix is the same entry for entry as hashing
    every occurrence."""
    split = [text.split() for text in texts]
    words = list(chain.from_iterable(split))
    if not words:
        return sp.csr_matrix((len(texts), n_features), dtype=np.float64)
    store = _word_rows(ngram_range, n_features)
    with store.lock:  # ids and rows read together (another thread may add words)
        at = store.ids(words)
        rows = store.matrix()
    indptr = np.zeros(len(texts) + 1, np.int32 if len(words) < 2**31 else np.int64)
    np.cumsum(np.fromiter(map(len, split), np.int64, len(split)), out=indptr[1:])
    occ = sp.csr_matrix((np.ones(len(at)), at, indptr), shape=(len(texts), rows.shape[0]))
    # the product has no duplicates; through CSC and back sorts its rows in linear time
    # (csr_sort_indices sorts row by row and took half of this function)
    m = sp.csr_matrix(sp.csc_matrix(occ @ rows))
    m.sort_indices()
    return m


class WordRows:
    """The ``char_wb`` n-gram rows of single words (:func:`_word_char_counts`), kept per
    word across batches: a corpus scored in blocks, or ``classify`` called again, hashes
    only the words it has not seen. A word's row depends on the word alone, so a row read
    from here is the row hashing it again gives (``tests/test_hashing.py``). At most
    ``max_entries`` stored n-gram counts (12 bytes each; 3 million ≈ 110,000 words, 36 MB);
    when full the store starts afresh (the same rows are made again). The arrays are
    replaced, never changed in place, so a :meth:`matrix` read under :attr:`lock` stays
    valid while other threads add words."""

    def __init__(self, ngram_range: tuple[int, int], n_features: int,
                 max_entries: int = 3_000_000) -> None:
        self.ngram_range, self.n_features = ngram_range, n_features
        self.max_entries = min(max_entries, 2**31 - 1)  # int32 offsets
        self.lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self._id: dict[str, int] = {}
        self._indptr = np.zeros(1, np.int32)
        self._indices = np.zeros(0, np.int32)
        self._data = np.zeros(0, np.float64)

    @property
    def size(self) -> int:
        """Number of stored words."""
        return len(self._id)

    def ids(self, words: list[str]) -> np.ndarray:
        """The store's row of each word of ``words`` (int32), hashing the unseen ones."""
        ids = self._id
        head = words[:_PROBE]
        if sum(map(ids.__contains__, head)) < 0.9 * len(head):  # mostly unseen words
            new = [w for w in dict.fromkeys(words) if w not in ids]
            if new:
                self._add(words, new)
            return np.fromiter(map(self._id.__getitem__, words), np.int32, len(words))
        # mostly stored words (a later batch): their rows first (-1 for unseen), so the
        # batch costs one dictionary pass, not a pass to find its distinct words as well
        at = np.fromiter(map(ids.get, words, repeat(-1)), np.int32, len(words))
        missing = np.flatnonzero(at < 0)
        if not len(missing):
            return at
        # the unseen words in the order first seen: the same rows and ids either way
        new = list(dict.fromkeys(map(words.__getitem__, missing.tolist())))
        if self._add(words, new):
            missing = np.arange(len(words))  # the store started afresh
        at[missing] = np.fromiter(map(self._id.__getitem__,
                                      map(words.__getitem__, missing.tolist())),
                                  np.int32, len(missing))
        return at

    def _add(self, words: list[str], new: list[str]) -> bool:
        """Hash and store ``new``, the unseen words of ``words`` in the order first seen;
        when the store would overflow, start afresh with all of ``words`` (then True)."""
        m = _word_char_counts(new, self.ngram_range, self.n_features)
        afresh = int(self._indptr[-1]) + m.nnz > self.max_entries
        if afresh:
            self._clear()
            new = list(dict.fromkeys(words))
            m = _word_char_counts(new, self.ngram_range, self.n_features)
        ids = self._id
        base = len(ids)
        ids.update(zip(new, range(base, base + len(new)), strict=True))
        self._indptr = np.concatenate(
            [self._indptr, (m.indptr[1:] + int(self._indptr[-1])).astype(np.int32)])
        self._indices = np.concatenate([self._indices, m.indices.astype(np.int32)])
        self._data = np.concatenate([self._data, m.data])
        return afresh

    def matrix(self) -> sp.csr_matrix:
        """All stored rows (one per word, in the order of :meth:`ids`), without a copy."""
        return sp.csr_matrix((self._data, self._indices, self._indptr),
                             shape=(self.size, self.n_features), copy=False)

    def rows(self, words: list[str]) -> sp.csr_matrix:
        """One row per word of ``words``, as :func:`_word_char_counts` gives."""
        at = self.ids(words)
        return self.matrix()[at]


#: words of a batch probed to choose how :meth:`WordRows.ids` reads it (speed only: both
#: ways give the same ids)
_PROBE = 256

_WORD_ROWS: dict[tuple[tuple[int, int], int], WordRows] = {}


def _word_rows(ngram_range: tuple[int, int], n_features: int) -> WordRows:
    """This process's :class:`WordRows` for one n-gram range and width."""
    key = (tuple(ngram_range), int(n_features))
    store = _WORD_ROWS.get(key)
    if store is None:
        store = _WORD_ROWS[key] = WordRows(key[0], key[1])
    return store


def _word_char_counts(pieces: list[str], ngram_range: tuple[int, int], n_features: int
                      ) -> sp.csr_matrix:
    """``char_wb`` n-gram counts of single words, one row per word."""
    min_n, max_n = ngram_range
    batch = _Batch(" " + "  ".join(pieces) + " ")
    m = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)) + 2
    start = np.concatenate([[0], np.cumsum(m[:-1])])
    rows, hashes = [], []
    for n in range(min_n, max_n + 1):
        first, owner = _ranges(start, np.where(m >= n, m - n + 1, 0))
        rows.append(owner)
        hashes.append(batch.hash(first, first + n))
        if n == min_n:  # a padded word shorter than min_n: counted once, whole
            short = np.flatnonzero(m < n)
            rows.append(short)
            hashes.append(batch.hash(start[short], start[short] + m[short]))
    return _matrix(np.concatenate(rows), _columns(np.concatenate(hashes), n_features),
                   len(pieces), n_features)


def word_counts(texts: Sequence[str], ngram_range: tuple[int, int], n_features: int
                ) -> sp.csr_matrix:
    """Counts of word n-grams (default token pattern, tokens joined by one space)."""
    min_n, max_n = ngram_range
    found = list(map(_TOKEN.findall, texts))
    tokens = list(chain.from_iterable(found))
    if not tokens:
        return sp.csr_matrix((len(texts), n_features), dtype=np.float64)
    batch = _Batch(" ".join(tokens))
    length = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    start = np.concatenate([[0], np.cumsum(length[:-1] + 1)])
    end = start + length
    doc = np.repeat(np.arange(len(texts), dtype=np.int64),
                    np.fromiter(map(len, found), np.int64, len(found)))
    rows, hashes = [], []
    for n in range(min_n, max_n + 1):
        # an n-gram starting at token i needs tokens i … i+n-1 in the same text
        last = np.arange(len(tokens)) + n - 1
        ok = np.flatnonzero(last < len(tokens))
        ok = ok[doc[last[ok]] == doc[ok]]
        rows.append(doc[ok])
        hashes.append(batch.hash(start[ok], end[ok + n - 1]))
    return _matrix(np.concatenate(rows), _columns(np.concatenate(hashes), n_features),
                   len(texts), n_features)
