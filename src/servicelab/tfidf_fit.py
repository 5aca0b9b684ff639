"""TF-IDF in NumPy, bit for bit scikit-learn's: fitted IDF weights applied to counts
(:func:`tfidf`, used by the sentiment, blame and stance models' array scorers) and TF-IDF
fitted on a handful of documents (:func:`fit_transform`).

Why (issue 17): the cached models score without importing scikit-learn. And the defence
analysis compares the units of each thread by the cosine of their content words' TF-IDF
(:func:`servicelab.defence._similarity`), which fitted a scikit-learn ``TfidfVectorizer`` per
thread; importing scikit-learn for that costs about 0.7 s CPU in every build process once the
models are cached as arrays. :func:`fit_transform` makes the matrix
``TfidfVectorizer(analyzer=<tokens>, sublinear_tf=True).fit_transform`` makes, bit for bit:
the same counts in the same stored order (terms numbered as first seen, each row's columns
sorted, then renumbered by the sorted vocabulary), the smoothed IDF, ``log(tf) + 1`` and the
l2 norm (``tests/test_stance_weights.py`` compares both on random threads).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """``TfidfTransformer(sublinear_tf=True)`` with ``idf_ = idf`` applied to ``counts``
    in place: the same numbers bit for bit, in NumPy.

    scikit-learn takes ``log`` of each entry and adds 1, multiplies by the column's IDF,
    and divides each row by its l2 norm, which it sums entry by entry in the row's order
    (``sum += x * x``, skipping rows whose sum is 0). ``np.bincount`` with weights adds in
    index order too, so each row's sum makes the same additions in the same order."""
    data = counts.data
    np.log(data, data)
    data += 1.0
    data *= idf[counts.indices]
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=counts.shape[0]))
    norms[norms == 0.0] = 1.0
    data /= norms[rows]
    return counts


def fit_transform(tokens: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """The TF-IDF rows (sublinear TF, smoothed IDF, l2 norm; columns: the sorted vocabulary)
    of documents given as their token lists; ``ValueError`` when no document has a token
    (as scikit-learn's "empty vocabulary")."""
    vocabulary: dict[str, int] = {}
    columns: list[int] = []
    values: list[int] = []
    indptr = [0]
    for doc in tokens:
        counter: dict[int, int] = {}
        for term in doc:
            j = vocabulary.setdefault(term, len(vocabulary))
            counter[j] = counter.get(j, 0) + 1
        columns.extend(counter)
        values.extend(counter.values())
        indptr.append(len(columns))
    if not vocabulary:
        raise ValueError("empty vocabulary")
    width = len(vocabulary)
    x = sp.csr_matrix((np.asarray(values, dtype=np.intc), np.asarray(columns, dtype=np.int32),
                       np.asarray(indptr, dtype=np.int32)), shape=(len(indptr) - 1, width),
                      dtype=np.float64)
    x.sort_indices()
    x = x[:, np.arange(width)]  # scikit-learn's selection of columns (min_df=1: all kept)
    renumber = np.empty(width, dtype=x.indices.dtype)
    for new, (_, old) in enumerate(sorted(vocabulary.items())):
        renumber[old] = new
    x.indices = renumber.take(x.indices, mode="clip")
    df = np.bincount(x.indices, minlength=width).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=x.shape[0] + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    return tfidf(x, idf)
