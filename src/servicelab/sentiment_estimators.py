"""The scikit-learn steps of the sentiment model (:mod:`servicelab.sentiment_model`).

Why a module of their own: scikit-learn takes about 0.7 s CPU to import, and scoring with the
cached model needs none of it (:class:`servicelab.sentiment_model.LinearWeights` holds the
fitted numbers as NumPy arrays). These classes are imported only to train, to cross-validate
or when a caller asks for the ``Pipeline`` itself; ``sentiment_model.Counter`` and the
others still name them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer

from servicelab import hashing
from servicelab.sentiment_model import (
    N_HASH,
    lexicon_feature_matrix,
    preprocess,
    split_input,
)


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """Stateless transformer: :func:`lexicon_feature_matrix` as a sparse matrix."""

    def fit(self, X: Sequence[str], y: Any = None) -> LexiconFeatures:  # noqa: N803
        return self

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:  # noqa: N803
        return sp.csr_matrix(lexicon_feature_matrix([preprocess(t) for t in X]))


class Counter(BaseEstimator, TransformerMixin):
    """The stateless first step: hashed word and character n-gram counts, lexicon features
    and the domain code (one column each, in that order)."""

    def __init__(self, word_ngrams: tuple[int, int] = (1, 2),
                 char_ngrams: tuple[int, int] = (2, 5)) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams

    def fit(self, X: Any, y: Any = None) -> Counter:  # noqa: N803
        return self

    def transform(self, X: Any) -> sp.csr_matrix:  # noqa: N803
        texts, dom = split_input(X)
        return self.counts(texts, dom)

    def counts(self, texts: Sequence[str], dom: np.ndarray,
               lexicon_rows: np.ndarray | None = None) -> sp.csr_matrix:
        """:meth:`transform` of ``texts`` with domain codes ``dom``; ``lexicon_rows`` may pass
        :func:`lexicon_feature_rows` of the preprocessed texts (computed elsewhere)."""
        pre = [preprocess(t) for t in texts]
        word = hashing.word_counts(pre, self.word_ngrams, N_HASH)
        char = hashing.char_wb_counts(pre, self.char_ngrams, N_HASH)
        lex = (LexiconFeatures().transform(texts) if lexicon_rows is None
               else sp.csr_matrix(lexicon_rows))
        return sp.hstack([sp.hstack([word, char, lex]).tocsr(),
                          sp.csr_matrix(np.asarray(dom, dtype=float)[:, None])], format="csr")


class BlockTfidf(BaseEstimator, TransformerMixin):
    """TF-IDF weighting of the word and character count blocks; other columns pass through.

    Input: the output of :class:`Counter` (``N_HASH`` word columns, ``N_HASH`` character
    columns, 8 lexicon columns scaled by ``lexicon_scale``, the domain column kept or dropped
    with ``domain_feature``). Only this step and the classifier learn from data, so
    cross-validation can compute the stateless counts once.
    """

    def __init__(self, lexicon_scale: float = 1.0, domain_feature: bool = True) -> None:
        self.lexicon_scale = lexicon_scale
        self.domain_feature = domain_feature

    def fit(self, X: sp.csr_matrix, y: Any = None) -> BlockTfidf:  # noqa: N803
        self.word_ = TfidfTransformer(sublinear_tf=True).fit(X[:, :N_HASH])
        self.char_ = TfidfTransformer(sublinear_tf=True).fit(X[:, N_HASH:2 * N_HASH])
        return self

    def transform(self, X: sp.csr_matrix) -> sp.csr_matrix:  # noqa: N803
        X = sp.csr_matrix(X)
        blocks = [self.word_.transform(X[:, :N_HASH]),
                  self.char_.transform(X[:, N_HASH:2 * N_HASH]),
                  X[:, 2 * N_HASH:2 * N_HASH + 8] * self.lexicon_scale]
        if self.domain_feature:
            blocks.append(X[:, 2 * N_HASH + 8:])
        return sp.hstack(blocks, format="csr")


