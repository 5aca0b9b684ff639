"""The blame sentence model's fitted numbers as NumPy arrays, scored without scikit-learn.

Why (issue 17): importing scikit-learn costs about 0.7 s CPU in every fresh process (a build,
a Dask worker, a notebook's first blame table), and unpickling the cached
:class:`servicelab.blame_model.BlameModel` imported it although scoring needs none of it:
the model is two TF-IDF blocks (word 1–2 grams over the markers, char_wb 2–5 grams over the
sentence) and one binary logistic regression per pattern. :class:`TfidfBlock` and
:class:`LinearBinary` keep their vocabularies, IDF weights, coefficients and intercepts and
make the same probabilities bit for bit (``tests/test_blame_weights.py`` compares them with
the scikit-learn objects on random sentences); scikit-learn is imported only to train.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

_WHITE_SPACES = re.compile(r"\s\s+")  # TfidfVectorizer's char_wb squeeze


@dataclass(frozen=True, eq=False)
class TfidfBlock:
    """One fitted ``TfidfVectorizer`` (lowercase, no stop words, sublinear TF, l2 norm, IDF):
    which frame ``column`` it reads, its ``analyzer`` (``word`` with ``token_pattern``, or
    ``char_wb``), its n-gram range, term → column and the IDF of each column."""

    column: str
    analyzer: str
    ngrams: tuple[int, int]
    token_pattern: str | None
    vocabulary: dict[str, int]
    idf: np.ndarray

    def terms(self, doc: str) -> list[str]:
        """The n-grams scikit-learn's analyzer makes of ``doc``, in its order."""
        doc = doc.lower()
        lo, hi = self.ngrams
        if self.analyzer == "word":
            tokens = re.findall(self.token_pattern or r"(?u)\b\w\w+\b", doc)
            if hi == 1:
                return tokens
            out = list(tokens) if lo == 1 else []
            n_tok = len(tokens)
            for n in range(max(lo, 2), min(hi + 1, n_tok + 1)):
                out.extend(" ".join(tokens[i:i + n]) for i in range(n_tok - n + 1))
            return out
        out = []
        for w in _WHITE_SPACES.sub(" ", doc).split():
            w = f" {w} "
            w_len = len(w)
            for n in range(lo, hi + 1):
                offset = 0
                out.append(w[offset:offset + n])
                while offset + n < w_len:
                    offset += 1
                    out.append(w[offset:offset + n])
                if offset == 0:  # the word is shorter than n: longer n-grams repeat it
                    break
        return out

    def transform(self, docs: Sequence[str]) -> sp.csr_matrix:
        """The TF-IDF rows of ``docs``: counts per known term (column indices sorted),
        then ``log(tf) + 1``, times IDF, each row divided by its l2 norm
        (:func:`servicelab.tfidf_fit.tfidf`, the same arithmetic in the same order)."""
        from servicelab.tfidf_fit import tfidf

        parts = [self._counts(docs[i:i + _CHUNK]) for i in range(0, len(docs), _CHUNK)]
        counts = (sp.vstack(parts, format="csr") if len(parts) > 1 else parts[0] if parts
                  else sp.csr_matrix((0, len(self.idf)), dtype=np.float64))
        return tfidf(counts, self.idf)

    def _counts(self, docs: Sequence[str]) -> sp.csr_matrix:
        """Term counts of ``docs`` as CSR (float64, each row's columns ascending): all terms
        looked up in one pass, counted per (row, column) by one ``np.unique``."""
        terms: list[str] = []
        lengths = []
        for doc in docs:
            t = self.terms(doc)
            terms.extend(t)
            lengths.append(len(t))
        n_cols = len(self.idf)
        cols = np.fromiter(map(self.vocabulary.get, terms, repeat(-1)), dtype=np.int64,
                           count=len(terms))
        rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        known = cols >= 0
        cells, n = np.unique(rows[known] * n_cols + cols[known], return_counts=True)
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(np.bincount(cells // n_cols, minlength=len(docs)), out=indptr[1:])
        return sp.csr_matrix((n.astype(np.float64), cells % n_cols, indptr),
                             shape=(len(docs), n_cols))


_CHUNK = 2000  # documents whose terms are held at once (memory: ~500 terms a sentence)


@dataclass(frozen=True, eq=False)
class SentenceFeatures:
    """The fitted feature transformer (scikit-learn's ``ColumnTransformer`` of
    :class:`TfidfBlock` s, output sparse): ``transform`` takes the frame of ``text`` and
    ``features`` columns and stacks the blocks' columns side by side."""

    blocks: tuple[TfidfBlock, ...]

    def transform(self, frame: pd.DataFrame) -> sp.csr_matrix:
        parts = [b.transform([str(v) for v in frame[b.column]]) for b in self.blocks]
        return sp.hstack(parts).tocsr()


@dataclass(frozen=True, eq=False)
class LinearBinary:
    """A fitted binary logistic regression: P(class 1) = expit(x · coef + intercept)."""

    coef: np.ndarray
    intercept: float

    def predict_proba(self, x: sp.csr_matrix) -> np.ndarray:
        """Columns P(0), P(1), as ``LogisticRegression.predict_proba`` makes them."""
        from scipy.special import expit

        p = x @ self.coef + self.intercept
        expit(p, out=p)
        return np.stack([1 - p, p], axis=1)


def block_of(vectorizer: Any, column: str) -> TfidfBlock | None:
    """:class:`TfidfBlock` of a fitted ``TfidfVectorizer``, or None where it is configured
    otherwise than :class:`TfidfBlock` reproduces."""
    v = vectorizer
    plain = (type(v).__name__ == "TfidfVectorizer" and v.input == "content"
             and v.lowercase and v.strip_accents is None and v.preprocessor is None
             and v.tokenizer is None and v.stop_words is None and not v.binary
             and v.sublinear_tf and v.use_idf and v.norm == "l2"
             and v.analyzer in ("word", "char_wb") and v.dtype in (np.float64, float)
             and getattr(v, "idf_", None) is not None)
    if not plain:
        return None
    idf = np.asarray(v.idf_, dtype=np.float64)
    vocab = {str(k): int(j) for k, j in v.vocabulary_.items()}
    if len(vocab) != len(idf):
        return None
    return TfidfBlock(column, v.analyzer, tuple(v.ngram_range),
                      v.token_pattern if v.analyzer == "word" else None, vocab, idf)


def features_of(transformer: Any) -> SentenceFeatures | None:
    """:class:`SentenceFeatures` of a fitted ``ColumnTransformer`` of TF-IDF blocks, or None."""
    if type(transformer).__name__ != "ColumnTransformer" or not getattr(
            transformer, "sparse_output_", False):
        return None
    blocks = []
    for name, vec, column in transformer.transformers_:
        if name == "remainder" and vec == "drop":
            continue
        block = block_of(vec, column) if isinstance(column, str) else None
        if block is None:
            return None
        blocks.append(block)
    return SentenceFeatures(tuple(blocks))


def linear_of(classifier: Any) -> LinearBinary | None:
    """:class:`LinearBinary` of a fitted binary ``LogisticRegression`` on classes 0, 1."""
    if type(classifier).__name__ != "LogisticRegression":
        return None
    classes = list(getattr(classifier, "classes_", []))
    coef = getattr(classifier, "coef_", None)
    if classes != [0, 1] or coef is None or coef.shape[0] != 1:
        return None
    return LinearBinary(np.ascontiguousarray(coef[0], dtype=np.float64),
                        float(classifier.intercept_[0]))
