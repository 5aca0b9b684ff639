"""Fit :class:`servicelab.linemodel.LineModel` on the gold of development page sets.

Why a module of its own: fitting needs the dev corpus, its gold and scikit-learn; using the
model needs none of them. The shipped weights (``data/line_model.json``) are written by
``tools/line_model_loso.py --write`` from the sets named there; a test checks that a fresh fit
reproduces them (deterministic: lbfgs, sorted pages).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from servicelab.annotations import pseudonym_map
from servicelab.boilerplate import line_kinds
from servicelab.layout_eval import furniture_mask, page_set_pages
from servicelab.linemodel import CLASSES, LineModel, line_features

# gold furniture kinds by model class (every other furniture kind is "other")
_GOLD_CLASS = {"metadata": "metadata", "ui": "ui"}


@dataclass(frozen=True)
class LineRows:
    """Feature vectors and gold classes of the candidate lines of some pages."""

    x: np.ndarray
    y: np.ndarray
    page: np.ndarray  # page_id per row (for leaving sets out)


def page_rows(text: str, gold: pd.DataFrame, mapping: dict[str, str],
              model: LineModel, every_line: bool = False) -> tuple[list[list[float]], list[int]]:
    """Features and gold class of the lines of one page the model may judge (with
    ``every_line``, of every short line, whatever the rules made of it): the class whose
    gold furniture covers most of the line's characters, else text."""
    lines, kinds = line_kinds(text)
    only = model.candidates(lines, [None] * len(kinds) if every_line else kinds)
    if not only:
        return [], []
    furn = gold[gold["layer"] == "furniture"]
    masks = {c: furniture_mask(text, furn[furn["kind"].map(
        lambda k: _GOLD_CLASS.get(k, "other")) == c], mapping)
        for c in CLASSES[2:]}
    masks["title"] = furniture_mask(text, gold[gold["layer"] == "title"], mapping)
    labels = []
    for k in only:
        s, e, _ = lines[k]
        share = {c: m[s:e].mean() for c, m in masks.items()}
        best = max(share, key=lambda c: share[c])
        labels.append(CLASSES.index(best) if share[best] >= 0.5 else 0)
    return line_features(lines, kinds, only), labels


def session_rows(session: str, model: LineModel, every_line: bool = False) -> LineRows:
    """:func:`page_rows` of every page of one page set ("dev" or a held-out session)."""
    xs, ys, pages = [], [], []
    for _, corpus, page_id, rows in page_set_pages(session):
        text = corpus.documents.set_index("doc_id")["text"][page_id]
        x, y = page_rows(text, rows, pseudonym_map(corpus, page_id), model, every_line)
        xs.extend(x)
        ys.extend(y)
        pages.extend([page_id] * len(y))
    return LineRows(np.array(xs, dtype=float).reshape(-1, len(xs[0]) if xs else 0),
                    np.array(ys, dtype=int), np.array(pages))


def fit(rows: Iterable[LineRows], threshold: float = 0.98, c: float = 1.0) -> LineModel:
    """A multinomial logistic regression on the pooled rows (features standardised)."""
    from sklearn.linear_model import LogisticRegression

    rows = list(rows)
    x = np.vstack([r.x for r in rows if len(r.y)])
    y = np.concatenate([r.y for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit((x - mean) / scale, y)
    coef = np.zeros((len(CLASSES), x.shape[1]))
    intercept = np.full(len(CLASSES), -30.0)  # a class absent from the rows never wins
    if len(clf.classes_) == 2:  # one score row: the second class against the first
        coef[clf.classes_[1]], intercept[clf.classes_[1]] = clf.coef_[0], clf.intercept_[0]
        intercept[clf.classes_[0]] = 0.0
    else:
        for row, cls in enumerate(clf.classes_):
            coef[cls], intercept[cls] = clf.coef_[row], clf.intercept_[row]
    return LineModel(coef=tuple(map(tuple, coef.round(6).tolist())),
                     intercept=tuple(intercept.round(6).tolist()),
                     mean=tuple(mean.round(6).tolist()), scale=tuple(scale.round(6).tolist()),
                     threshold=threshold)
