"""The stance model's fitted numbers as NumPy arrays, scored without scikit-learn.

Why (issue 17): :meth:`servicelab.stance_model.StanceModel.default` imported scikit-learn
(about 0.7 s CPU) and refitted the model in every process (0.3 s) although scoring needs
neither: the model is two TF-IDF blocks over the prepared unit text (char_wb 2–5 grams, word
1–2 grams; :func:`servicelab.stance_model._prepare` lowercases, so the blocks'
own lowercasing changes nothing) plus, with ``structure``, one column marking the
complainant's units, and one binary logistic regression per label. :class:`StanceArrays`
keeps their vocabularies, IDF weights, coefficients and intercepts and makes the same
decision scores bit for bit (``tests/test_stance_model.py`` compares them with the fitted
scikit-learn objects on random texts); scikit-learn is imported only to train.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from servicelab.blame_weights import TfidfBlock, block_of


@dataclass(frozen=True, eq=False)
class StanceArrays:
    """A fitted :class:`servicelab.stance_model.Fitted` as arrays: the text ``blocks`` (read
    from the prepared text), ``structure`` (the author column), one row of ``coef`` and one
    ``intercept`` per class of ``classes_``, and the abstention rule (``abstain``,
    ``prior``). ``predict`` and ``scores`` have the signatures of ``Fitted``'s."""

    blocks: tuple[TfidfBlock, ...]
    structure: bool
    coef: np.ndarray  # classes × features
    intercept: np.ndarray
    classes_: np.ndarray
    prior: str
    abstain: float | None

    def _matrix(self, texts: Sequence[str], roles: Sequence[str] | None) -> sp.csr_matrix:
        """The feature rows ``Fitted._matrix`` makes: the blocks side by side (as
        ``FeatureUnion`` stacks them), then the author column."""
        from servicelab.stance_model import AUTHOR_ROLE, _prepare

        docs = [_prepare(t) for t in texts]
        x = sp.hstack([b.transform(docs) for b in self.blocks]).tocsr()
        if not self.structure:
            return x
        roles = list(roles) if roles is not None else [""] * len(texts)
        own = np.array([[1.0 if r == AUTHOR_ROLE else 0.0] for r in roles])
        return sp.hstack([x, sp.csr_matrix(own.reshape(-1, 1))]).tocsr()

    def scores(self, texts: Sequence[str], roles: Sequence[str] | None = None,
               x: Any = None) -> np.ndarray:
        """The one-vs-rest decision scores, one column per label of ``classes_``: per class
        ``x @ coef + intercept``, as ``LogisticRegression.decision_function`` computes it
        (one sparse matrix–vector product, then the intercept added)."""
        x = self._matrix(texts, roles) if x is None else x
        return np.column_stack([np.asarray(x @ self.coef[k]).ravel() + self.intercept[k]
                                for k in range(len(self.classes_))])

    def predict(self, texts: Sequence[str], roles: Sequence[str] | None = None) -> np.ndarray:
        scores = self.scores(texts, roles)
        labels = self.classes_[scores.argmax(axis=1)].astype(object)
        if self.abstain is not None:
            labels[scores.max(axis=1) < self.abstain] = self.prior
        return labels


def _prepared_block(vectorizer: Any) -> TfidfBlock | None:
    """:class:`TfidfBlock` of one of the stance model's fitted vectorisers (preprocessor
    ``_prepare``, otherwise what :func:`servicelab.blame_weights.block_of` reproduces), or
    None for any other set-up."""
    from servicelab.stance_model import _prepare

    if getattr(vectorizer, "preprocessor", None) is not _prepare:
        return None
    params = vectorizer.get_params(deep=False)
    try:  # block_of reads a plain vectoriser: the same one without the preprocessor
        vectorizer.set_params(preprocessor=None)
        return block_of(vectorizer, "text")
    finally:
        vectorizer.set_params(preprocessor=params["preprocessor"])


def arrays_of(fitted: Any) -> StanceArrays | None:
    """:class:`StanceArrays` of a fitted :class:`servicelab.stance_model.Fitted` (a
    ``FeatureUnion`` of TF-IDF vectorisers, binary logistic regressions on classes 0/1), or
    None where it is set up otherwise (then scikit-learn scores it)."""
    union = fitted.features
    if type(union).__name__ != "FeatureUnion" or getattr(union, "transformer_weights", None):
        return None
    blocks = []
    for _, vec in union.transformer_list:
        block = _prepared_block(vec)
        if block is None:
            return None
        blocks.append(block)
    width = sum(len(b.idf) for b in blocks) + int(bool(fitted.structure))
    coefs, intercepts = [], []
    for est in fitted.estimators:
        if type(est).__name__ != "LogisticRegression" or list(est.classes_) != [0, 1]:
            return None
        coef = np.asarray(est.coef_)
        if coef.shape != (1, width) or coef.dtype != np.float64 \
                or np.asarray(est.intercept_).shape != (1,):
            return None
        coefs.append(coef[0])
        intercepts.append(np.asarray(est.intercept_, dtype=np.float64)[0])
    if len(coefs) != len(fitted.classes_) or not coefs:
        return None
    return StanceArrays(tuple(blocks), bool(fitted.structure), np.vstack(coefs),
                        np.array(intercepts, dtype=np.float64), np.asarray(fitted.classes_),
                        fitted.prior, fitted.abstain)
