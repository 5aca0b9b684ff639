"""The validation tables the notebooks show and the README quotes, one function per table.

Why a module: the README's headline figures used to be computed inline in the notebooks,
so nothing held the README to them. Each function here computes one validation table from
the shipped gold labels and data with the analyses' own public functions; the notebooks
show the tables and :mod:`servicelab.headlines` reads its figures from them. Every function
takes what it scores (corpus, tables, seed) as arguments, so a user's corpus works too; a
corpus without the gold documents gives empty tables.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

from servicelab.annotations import align, annotations_dir, load_gold
from servicelab.corpus import Corpus
from servicelab.evaluate import boundary_scores, thread_boundaries
from servicelab.external import load_germeval2017


def originals(corpus: Corpus) -> list[str]:
    """Document ids that are not near-duplicates of another document, sorted."""
    docs = corpus.documents
    return sorted(docs.loc[docs["duplicate_of"].isna(), "doc_id"])


# --------------------------------------------------------------------------- 00 segmentation

def thread_segmentation(corpus: Corpus) -> dict[str, float]:
    """Comment-boundary precision/recall/F1 (``evaluate.boundary_scores``) plus per-line role
    agreement (``role_lines``, ``role_correct``) against ``thread_gold.csv``; ``{}`` when the
    gold thread is not in the corpus."""
    gold = load_gold("thread_gold")
    gold = gold[gold["doc_id"].isin(set(corpus.documents["doc_id"]))]
    if gold.empty:
        return {}
    lines = thread_boundaries(gold, corpus)
    return {**boundary_scores(lines), "role_lines": len(lines),
            "role_correct": int((lines["gold_role"] == lines["pred_role"]).sum())}


# --------------------------------------------------------------------------- 01 sentiment

def germeval_sentiment_predictions(split: str = "test_syn"
                                   ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Gold labels of GermEval 2017 ``split`` and every sentiment method's labels for it.

    Methods: the majority baseline (``neutral``), the three lexicons with their tuned neutral
    bands, the model told the texts come from GermEval and the model as ``classify`` runs it
    (domain unknown; the stateless counting step runs once for both). Texts are cut to
    ``sentiment_model.MAX_CHARS`` like the training texts.
    """
    from servicelab import sentiment, sentiment_model

    ge = load_germeval2017(split)
    texts = [t[: sentiment_model.MAX_CHARS] for t in ge["text"]]
    gold = ge["sentiment"].to_numpy()
    model = sentiment_model.default_model()
    lex = sentiment.score(texts, ["naive", "sentiws", "gpl"])
    th = sentiment.thresholds()
    counts = model.named_steps["counts"].transform(
        pd.DataFrame({"text": texts, "domain": sentiment_model.DOMAINS["germeval2017"]}))
    return gold, {
        "majority (neutral)": np.full(len(gold), "neutral", dtype=object),
        **{m: sentiment.threshold_labels(lex[m], th[m]) for m in ["naive", "sentiws", "gpl"]},
        "model (domain GermEval)": np.array(sentiment_model.predict_counts(counts, model)),
        "model (domain unknown = classify)": np.array(
            sentiment_model.predict_counts(counts, model, domain="unknown")),
    }


def sentiment_f1_table(gold: np.ndarray, predictions: dict[str, np.ndarray]) -> pd.DataFrame:
    """Micro-F1 (the shared task's metric, = accuracy), macro-F1 over the three labels and
    negative-class F1 of each method's labels, rounded to 3 decimals."""
    from sklearn.metrics import f1_score

    from servicelab import sentiment

    return pd.DataFrame([
        {"method": name, "micro_f1": float(np.mean(pred == gold)),
         "macro_f1": f1_score(gold, pred, labels=list(sentiment.LABELS), average="macro",
                              zero_division=0),
         "negative_f1": f1_score(gold == "negative", pred == "negative")}
        for name, pred in predictions.items()]).set_index("method").round(3)


def germeval_sentiment(split: str = "test_syn") -> pd.DataFrame:
    """:func:`sentiment_f1_table` of every method on GermEval 2017 ``split``."""
    return sentiment_f1_table(*germeval_sentiment_predictions(split))


MP_PUBLISHED = {"BOW": 0.5307, "MNB": 0.5224, "NBSVM": 0.5021, "BOCID": 0.5398,
                "D2V": 0.5731, "LSTM": 0.6137}
"""Negative-class F1 published by Schabus et al. (2017), ``experiments/tables/results.tex``."""


def million_posts_negative_f1(cross_validate: bool = True) -> pd.DataFrame:
    """Negative-class F1 on One Million Posts: the model by 10-fold cross-validation on the
    corpus authors' folds (GermEval dev always in training; skipped when ``cross_validate``
    is false), the lexicons as they are, and the published baselines."""
    from sklearn.metrics import f1_score

    from servicelab import sentiment, sentiment_model

    train = sentiment_model.training_data()
    folds = sentiment_model.training_folds(train)
    is_mp = (train["corpus"] == "million_posts").to_numpy()
    ours: dict[str, np.ndarray] = {}
    if cross_validate:
        cv_pred = sentiment_model.cross_val_predict_fast(
            sentiment_model.training_counts(), train["label"], folds["mp_fold"],
            train["weight"], is_mp)
        ours["model (10-fold CV)"] = cv_pred[is_mp]
    gold = train.loc[is_mp, "label"].to_numpy()
    lex = sentiment.score(train.loc[is_mp, "text"].tolist(), ["naive", "sentiws", "gpl"])
    th = sentiment.thresholds()
    ours.update({m: sentiment.threshold_labels(lex[m], th[m])
                 for m in ["naive", "sentiws", "gpl"]})
    return pd.DataFrame(
        [{"method": k, "negative_f1": f1_score(gold == "negative", v == "negative"),
          "source": "computed here"} for k, v in ours.items()]
        + [{"method": f"published {k}", "negative_f1": v, "source": "Schabus et al. 2017"}
           for k, v in MP_PUBLISHED.items()]).set_index("method").round(3)


AGREEMENT_COLUMNS = ["unit", "method", "n", "accuracy", "macro_f1", "kappa"]


def align_sentiment_gold(corpus: Corpus) -> pd.DataFrame:
    """``sentiment_gold.csv`` rows of the corpus placed in their segment or sentence:
    ``doc_id``, ``unit``, ``id``, ``label``, ``doubtful``."""
    gold = load_gold("sentiment_gold")
    gold = gold[gold["doc_id"].isin(set(corpus.documents["doc_id"]))]
    aligned = []
    for unit in ["segment", "sentence"]:
        g = gold[gold["unit"] == unit]
        if len(g):
            a = align(g, corpus, unit).rename(columns={f"{unit}_id": "id"})
            aligned.append(a[["doc_id", "unit", "id", "label", "doubtful"]])
    return pd.concat(aligned, ignore_index=True) if aligned else pd.DataFrame(
        columns=["doc_id", "unit", "id", "label", "doubtful"])


def seed_sentiment_agreement(gold_aligned: pd.DataFrame, table: pd.DataFrame
                             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agreement of each method's ``sentiment`` table labels with the aligned seed gold.

    Returns the agreement table (unit × method, plus the majority label per unit) and the
    joined rows (gold label beside each method's label) for confusion matrices.
    """
    from servicelab import sentiment

    joined = gold_aligned.merge(table[["unit", "id", "method", "label"]], on=["unit", "id"],
                                suffixes=("_gold", ""))
    rows = []
    for (unit, method), grp in joined.groupby(["unit", "method"]):
        rows.append({"unit": unit, "method": method,
                     **sentiment.agreement(grp["label_gold"], grp["label"])})
    for unit, grp in gold_aligned.groupby("unit"):
        majority = grp["label"].value_counts().idxmax()
        rows.append({"unit": unit, "method": f"majority ({majority})",
                     **sentiment.agreement(grp["label"], [majority] * len(grp))})
    agreement = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS).sort_values(
        ["unit", "method"]).set_index(["unit", "method"]).round(3)
    return agreement, joined


# --------------------------------------------------------------------------- 02 blame

def blame_in_sample(corpus: Corpus, blame: pd.DataFrame) -> pd.DataFrame:
    """``blame.evaluate`` of the blame table on the original seed documents against
    ``blame_gold.csv`` (in-sample: the cues were written from these seeds); empty when the
    gold documents are not in the corpus."""
    from servicelab.blame import evaluate

    keep = originals(corpus)
    gold = load_gold("blame_gold")
    gold = gold[gold["doc_id"].isin(keep)]
    if gold.empty:
        return pd.DataFrame()
    return evaluate(blame[blame["doc_id"].isin(keep)], align(gold, corpus, unit="sentence"))


def blame_heldout() -> pd.DataFrame:
    """Per pattern, document-level precision/recall of ``blame.document_patterns`` on the
    GermEval dev documents of ``blame_external_gold.csv`` (labelled before the rules ran)."""
    from servicelab.blame import PATTERNS, document_patterns
    from servicelab.metrics import prf

    ext_gold = pd.read_csv(annotations_dir() / "blame_external_gold.csv", dtype={"note": str})
    ge = load_germeval2017("dev").set_index("id")
    found = [document_patterns(ge.loc[i, "text"]) for i in ext_gold["id"]]
    rows = []
    for p in PATTERNS:
        y = ext_gold[p].astype(bool).to_numpy()
        yhat = np.array([p in f for f in found])
        r = prf(int((y & yhat).sum()), int((~y & yhat).sum()), int((y & ~yhat).sum()))
        rows.append({"pattern": p, "gold": r.tp + r.fn, "predicted": r.tp + r.fp,
                     "correct": r.tp, "precision": r.precision, "recall": r.recall})
    return pd.DataFrame(rows).round(3)


# --------------------------------------------------------------------------- 03 latency

HELDOUT_N = 60
HELDOUT_MAX_CHARS = 1000


def timex_heldout_texts(seed: int = 42, n: int = HELDOUT_N, max_chars: int = HELDOUT_MAX_CHARS,
                        external_dir: str | None = None) -> dict[str, str]:
    """The held-out GermEval ``test_syn`` documents of ``timex_gold_germeval.csv``: ``n``
    drawn with ``seed``, those of at most ``max_chars`` characters kept."""
    germeval = load_germeval2017("test_syn", root=external_dir)
    draw = sorted(random.Random(seed).sample(range(len(germeval)), n))
    return {f"test_syn:{i}": germeval["text"].iloc[i] for i in draw
            if len(germeval["text"].iloc[i]) <= max_chars}


def timex_heldout(texts: dict[str, str]) -> tuple[dict[str, dict[str, float]], pd.DataFrame]:
    """Span and value scores of the tagger and of dateparser on the held-out ``texts``
    against ``timex_gold_germeval.csv``, and the tagger's span matches."""
    from servicelab import timex as TX
    from servicelab import timex_evaluation as TE

    hgold = load_gold("timex_gold_germeval")
    hgold = TE.align_gold_texts(hgold[hgold["doc_id"].isin(texts)], texts)
    matches = TE.match_spans(TX.tag_texts(texts), hgold)
    scores = {"servicelab.timex (held-out)": TE.span_scores(matches),
              "dateparser (held-out)": TE.span_scores(
                  TE.match_spans(TE.dateparser_texts(texts), hgold))}
    return scores, matches


def event_scores(corpus: Corpus, events: pd.DataFrame) -> pd.DataFrame:
    """``timeline.event_scores`` of the events table against ``events_gold.csv`` (empty when
    the gold documents are not in the corpus)."""
    from servicelab import timeline as TL

    egold = load_gold("events_gold")
    egold = egold[egold["doc_id"].isin(set(corpus.documents["doc_id"]))]
    if egold.empty:
        return pd.DataFrame()
    return TL.event_scores(events, TL.gold_events(egold, corpus))


# --------------------------------------------------------------------------- 04 defence

def defence_gold(corpus: Corpus) -> pd.DataFrame:
    """``defence_gold.csv`` rows of the corpus' original documents."""
    gold = load_gold("defence_gold")
    return gold[gold["doc_id"].isin(set(originals(corpus)))]


def defence_unit_stance(corpus: Corpus, gold: pd.DataFrame, rules=None
                        ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The gold comment units (``defence.gold_units``), the reply links found between them,
    and the cue rules' stance per unit beside the gold stance and strategies, in text order;
    three empty tables without gold comments."""
    from servicelab import defence as D

    comments = gold[gold["unit"] == "comment"]
    if comments.empty:
        return pd.DataFrame(), pd.DataFrame(), pd.DataFrame()
    units = D.gold_units(corpus, gold)
    links = D.find_replies(units, rules)
    stance = D.thread_stance(units, links, rules).merge(
        units[["unit_id", "quote", "start", "end", "text"]], on="unit_id")
    stance = stance.merge(
        comments[["doc_id", "quote", "stance", "strategies"]].rename(
            columns={"stance": "gold_stance", "strategies": "gold_strategies"}),
        on=["doc_id", "quote"]).sort_values("start").reset_index(drop=True)
    return units, links, stance


def defence_narrated(corpus: Corpus, gold: pd.DataFrame, rules=None) -> pd.DataFrame:
    """Narrated sentences of the gold (``unit == narrated_sentence``) with the cue rules'
    stance and strategies per sentence (``_gold`` suffix for the labels)."""
    from servicelab import defence as D

    narr_gold = gold[gold["unit"] == "narrated_sentence"]
    if narr_gold.empty:
        return pd.DataFrame()
    sentences = D.sentence_strategies(corpus, rules=rules)
    return align(narr_gold, corpus, unit="sentence", source="defence_gold").merge(
        sentences[["sentence_id", "stance", "strategies"]], on="sentence_id",
        suffixes=("_gold", ""))


def defence_pooled_units(corpus: Corpus, community: pd.DataFrame,
                         narrated: pd.DataFrame) -> pd.DataFrame:
    """The units pooled for cross-validation: community comments (``kind`` comment) and
    narrated sentences, each with ``text`` and ``gold_stance``."""
    sentence_text = corpus.sentences.set_index("sentence_id")["text"]
    return pd.concat([
        community.assign(kind="comment")[["text", "gold_stance", "kind"]],
        narrated.assign(kind="narrated", text=narrated["sentence_id"].map(sentence_text))
        .rename(columns={"stance_gold": "gold_stance"})[["text", "gold_stance", "kind"]],
    ], ignore_index=True)


def defence_scores(corpus: Corpus, seed: int = 42, rules=None) -> dict[str, object]:
    """Stance agreement on the community gold comments (vendor voices left out) and the
    leave-one-out comparison on the pooled units (``defence.cross_validate_stance``), as
    ``{"community": dict, "pooled": DataFrame method × measure, "n_pooled": int}``."""
    from servicelab import defence as D

    gold = defence_gold(corpus)
    unit_stance = defence_unit_stance(corpus, gold, rules)[2]
    if unit_stance.empty:
        return {}
    community = unit_stance[unit_stance["gold_stance"] != "vendor"]
    out: dict[str, object] = {"community": D.stance_agreement(community["gold_stance"],
                                                              community["stance"])}
    narrated = defence_narrated(corpus, gold, rules)
    if len(narrated):
        units = defence_pooled_units(corpus, community, narrated)
        cv = D.cross_validate_stance(list(units["text"]), list(units["gold_stance"]),
                                     seed=seed, rules=rules)
        methods = ["majority", "cue_rules", "char_ngram_lr", "cue_feature_lr"]
        out["pooled"] = pd.DataFrame({m: D.stance_agreement(cv["gold"], cv[m])
                                      for m in methods}).T
        out["n_pooled"] = len(units)
    return out
