"""TF-IDF fitted on a handful of documents, without scikit-learn.

Why (issue 17): the defence analysis compares the units of each thread by the cosine of
their content words' TF-IDF (:func:`servicelab.defence._similarity`), which fitted a
scikit-learn ``TfidfVectorizer`` per thread, and importing scikit-learn for that costs about
0.7 s CPU in every build process once the models are cached as arrays.
:func:`fit_transform` makes the matrix ``TfidfVectorizer(analyzer=<tokens>,
sublinear_tf=True).fit_transform`` makes, bit for bit: the same counts in the same stored
order (terms numbered as first seen, each row's columns sorted, then renumbered by the
sorted vocabulary), the smoothed IDF, ``log(tf) + 1`` and the l2 norm
(``tests/test_stance_weights.py`` compares both on random threads).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp


def fit_transform(tokens: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """The TF-IDF rows (sublinear TF, smoothed IDF, l2 norm; columns: the sorted vocabulary)
    of documents given as their token lists; ``ValueError`` when no document has a token
    (as scikit-learn's "empty vocabulary")."""
    from servicelab.sentiment_model import tfidf

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
