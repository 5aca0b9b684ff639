"""`classify` against the plain baseline, by cross-validation over GermEval 2017 (issue 15 item 6a).

Why a module: the notebook, the README and a test must compare the two methods the same way.
The data are the shipped GermEval 2017 documents, ``dev`` and ``test_syn`` pooled; the folds
are stratified by label with a fixed seed; every method is trained, fold by fold, on exactly
the same training rows (optionally plus the One Million Posts sentiment posts, which then
always stay in training) and scored on the same held-out GermEval rows. Measures: micro-F1
(the GermEval 2017 official measure, = accuracy for single-label data) and macro-F1 over the
three labels (scikit-learn's ``f1_score``, one convention for every sentiment score).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from servicelab import sentiment_model as SM
from servicelab.external import load_germeval2017, million_posts_sentiment

SEED = 42
LABELS = SM.LABELS


def germeval_pool() -> pd.DataFrame:
    """GermEval 2017 ``dev`` + ``test_syn``: ``text`` (cut to ``MAX_CHARS`` like the model's
    training data), ``label``, ``split``, ``domain`` (the GermEval code)."""
    frames = []
    for split in ("dev", "test_syn"):
        ge = load_germeval2017(split)
        frames.append(pd.DataFrame({"text": ge["text"].str.slice(0, SM.MAX_CHARS),
                                    "label": ge["sentiment"], "split": split}))
    out = pd.concat(frames, ignore_index=True)
    return out.assign(domain=SM.DOMAINS["germeval2017"])


def folds(labels: Sequence[str], n_folds: int = 5, seed: int = SEED) -> np.ndarray:
    """A stratified fold number per row (fixed seed)."""
    out = np.zeros(len(labels), dtype=int)
    skf = StratifiedKFold(n_folds, shuffle=True, random_state=seed)
    for k, (_, test) in enumerate(skf.split(np.zeros(len(labels)), labels)):
        out[test] = k
    return out


def plain_baseline(C: float = 1.0) -> Any:  # noqa: N803
    """The plain baseline of issue 15: TF-IDF of word 1–2-grams and character 2–5-grams
    (scikit-learn defaults otherwise) and a linear SVM."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(
        FeatureUnion([("word", TfidfVectorizer(ngram_range=(1, 2))),
                      ("char", TfidfVectorizer(analyzer="char", ngram_range=(2, 5)))]),
        LinearSVC(C=C, random_state=SEED))


#: A method: (training frame with text/label/domain/weight, texts to label) -> labels.
Method = Callable[[pd.DataFrame, list[str]], list[str]]


def classify_method(**params: Any) -> Method:
    """The project's model (:mod:`servicelab.sentiment_model`, ``params`` overriding its
    defaults), predicting with the ``unknown`` domain code as :func:`sentiment.classify`
    does."""
    def run(train: pd.DataFrame, texts: list[str]) -> list[str]:
        model = SM.fit(train, **params)
        return SM.predict(texts, model, domain="unknown")
    return run


def baseline_method(C: float = 1.0) -> Method:  # noqa: N803
    """:func:`plain_baseline` trained on the texts and labels (sample weights ignored)."""
    def run(train: pd.DataFrame, texts: list[str]) -> list[str]:
        return [str(x) for x in plain_baseline(C).fit(train["text"], train["label"])
                .predict(texts)]
    return run


def cross_validate(methods: dict[str, Method], with_mp: bool = False, n_folds: int = 5,
                   seed: int = SEED, pool: pd.DataFrame | None = None) -> pd.DataFrame:
    """Out-of-fold predictions of every method on the GermEval pool: one row per document
    (``label``, ``split``, ``fold`` and one column per method) plus, in ``attrs["seconds"]``,
    each method's mean training+prediction time per fold."""
    pool = germeval_pool() if pool is None else pool
    pool = pool.assign(weight=1.0, fold=folds(pool["label"].tolist(), n_folds, seed))
    extra = pd.DataFrame(columns=["text", "label", "domain", "weight"])
    if with_mp:
        mp = million_posts_sentiment()
        extra = pd.DataFrame({"text": mp["text"].str.slice(0, SM.MAX_CHARS),
                              "label": mp["sentiment"], "domain": SM.DOMAINS["million_posts"],
                              "weight": SM.DEFAULT_PARAMS["mp_weight"]})
    out = pool[["label", "split", "fold"]].copy()
    seconds: dict[str, float] = {}
    for name, method in methods.items():
        pred = np.full(len(pool), "", dtype=object)
        t0 = time.perf_counter()
        for k in range(n_folds):
            test = (pool["fold"] == k).to_numpy()
            train = pd.concat([pool.loc[~test, ["text", "label", "domain", "weight"]], extra],
                              ignore_index=True)
            pred[test] = method(train, pool.loc[test, "text"].tolist())
        seconds[name] = (time.perf_counter() - t0) / n_folds
        out[name] = pred
    out.attrs["seconds"] = seconds
    return out


def summarise(cv: pd.DataFrame, methods: Sequence[str]) -> pd.DataFrame:
    """Micro- and macro-F1 per method (all rows, and per fold: mean and min of the
    per-fold difference to the first method)."""
    rows = []
    first = methods[0]
    for m in methods:
        per_fold = cv.groupby("fold").apply(
            lambda d, m=m: float(np.mean(d[m] == d["label"]))
            - float(np.mean(d[first] == d["label"])), include_groups=False)
        rows.append({"method": m,
                     "micro_f1": float(np.mean(cv[m] == cv["label"])),
                     "macro_f1": float(f1_score(cv["label"], cv[m], labels=list(LABELS),
                                                average="macro", zero_division=0)),
                     f"fold_diff_vs_{first}_mean": float(per_fold.mean()),
                     f"fold_diff_vs_{first}_min": float(per_fold.min()),
                     "seconds_per_fold": cv.attrs.get("seconds", {}).get(m, np.nan)})
    return pd.DataFrame(rows)


def compare_with_baseline(with_mp: bool = False, n_folds: int = 5,
                          seed: int = SEED) -> pd.DataFrame:
    """The comparison of issue 15 item 6a: ``classify``'s model and the plain baseline,
    cross-validated on the same folds of GermEval dev + test_syn (see module doc)."""
    methods = {"plain_tfidf_linearsvc": baseline_method(), "classify": classify_method()}
    cv = cross_validate(methods, with_mp=with_mp, n_folds=n_folds, seed=seed)
    return summarise(cv, list(methods)).assign(with_mp=with_mp)


# --------------------------------------------------------------------------- segment labels
# (issue 15 item 6b): long complaint texts are mostly neutral sentences with a few sharp
# ones, so the model called whole segments neutral where readers judged them negative.

SEGMENT_HALVES = ("tuning", "test", "all")


def segment_half(doc_id: str, quote: str) -> str:
    """``tuning`` or ``test`` for one seed gold segment: the parity of SHA-256 of
    ``servicelab-sentiment-half-1:<doc_id>:<quote>`` (fixed before any score was seen)."""
    import hashlib

    digest = hashlib.sha256(f"servicelab-sentiment-half-1:{doc_id}:{quote}".encode())
    return "tuning" if int(digest.hexdigest(), 16) % 2 == 0 else "test"


def sentence_polarities(corpus: Any, model: Any = None) -> pd.DataFrame:
    """Model polarity (P(positive) - P(negative)) of every sentence that is the writer's own
    (not ``quoted``) with its ``segment_id``."""
    sents = corpus.sentences.sort_values("sentence_id")
    own = sents[~sents["quoted"].astype(bool)]
    pol = SM.polarity(SM.decision_scores(own["text"].tolist(), model)) if len(own) else []
    return pd.DataFrame({"segment_id": own["segment_id"].to_numpy(),
                         "sentence_id": own["sentence_id"].to_numpy(), "polarity": pol})


def threshold_segment_labels(agg: pd.DataFrame, t_neg: float, t_pos: float) -> pd.Series:
    """The labels of :func:`servicelab.sentiment.segment_labels_from_sentences` for one
    setting (for threshold search)."""
    from servicelab.sentiment import SegmentRule, segment_labels_from_sentences

    return segment_labels_from_sentences(agg, SegmentRule(t_neg=t_neg, t_pos=t_pos))["label"]


def seed_segment_gold(corpus: Any, half: str = "tuning") -> pd.DataFrame:
    """Seed segment gold (``sentiment_gold.csv``) of ``half`` aligned to corpus segments:
    ``doc_id``, ``quote``, ``label``, ``segment_id``."""
    from servicelab.annotations import align, load_gold

    if half not in SEGMENT_HALVES:
        raise ValueError(f"unknown half {half!r}; use one of {SEGMENT_HALVES}")
    gold = load_gold("sentiment_gold")
    gold = gold[gold["unit"] == "segment"]
    if half != "all":
        gold = gold[[segment_half(d, q) == half for d, q in
                     zip(gold["doc_id"], gold["quote"], strict=True)]]
    out = align(gold, corpus, unit="segment", source="sentiment_gold")
    return out[["doc_id", "quote", "label", "segment_id"]].reset_index(drop=True)


def tune_segment_thresholds(agg: pd.DataFrame, gold: pd.DataFrame,
                            grid: Sequence[float] = tuple(np.round(np.arange(0.0, 0.81, 0.05),
                                                                   2))) -> pd.DataFrame:
    """Macro-F1 and accuracy of every (t_neg, t_pos) on ``gold`` (ties: the larger
    thresholds, i.e. the more conservative setting, come first)."""
    rows = []
    a = agg.loc[gold["segment_id"]]
    for t_neg in grid:
        for t_pos in grid:
            pred = threshold_segment_labels(a, t_neg, t_pos).to_numpy()
            rows.append({"t_neg": t_neg, "t_pos": t_pos,
                         "macro_f1": float(f1_score(gold["label"], pred, labels=list(LABELS),
                                                    average="macro", zero_division=0)),
                         "accuracy": float(np.mean(pred == gold["label"].to_numpy()))})
    return pd.DataFrame(rows).sort_values(["macro_f1", "accuracy", "t_neg", "t_pos"],
                                          ascending=False).reset_index(drop=True)


def score_segments(half: str = "tuning", corpus: Any = None,
                   rule: Any = None) -> pd.DataFrame:
    """The ``model``'s segment labels against the seed segment gold of ``half``: as the
    table carries them (sentence aggregation, ``model_sentences``) and with the segment
    scored as one text (``model_whole``, :func:`servicelab.sentiment.classify`)."""
    from servicelab import sentiment
    from servicelab.corpus import build_corpus
    from servicelab.paths import checkout_data_dir

    corpus = build_corpus(checkout_data_dir("raw")) if corpus is None else corpus
    gold = seed_segment_gold(corpus, half)
    table = sentiment.build_tables(corpus, methods=("model",), segment_rule=rule)["sentiment"]
    seg = table[table["unit"] == "segment"].set_index("id")["label"]
    texts = sentiment.segment_texts(corpus).set_index("segment_id")["text"]
    preds = {"model_whole": sentiment.classify(texts.loc[gold["segment_id"]].tolist()),
             "model_sentences": seg.loc[gold["segment_id"]].tolist()}
    return pd.DataFrame([{"half": half, "method": m, **sentiment.agreement(gold["label"], p)}
                         for m, p in preds.items()])
