"""classify against the plain baseline (issue 15 item 6a) and segment labels (item 6b)."""

from __future__ import annotations

import pandas as pd
import pytest

from servicelab import sentiment_evaluation as E
from servicelab import sentiment_model as SM


@pytest.fixture(scope="module")
def pool() -> pd.DataFrame:
    return E.germeval_pool()


def test_pool_is_dev_plus_test_syn_with_germeval_labels(pool):
    assert set(pool["split"]) == {"dev", "test_syn"}
    assert set(pool["label"]) == set(E.LABELS)
    assert pool["text"].str.len().max() <= SM.MAX_CHARS


def test_folds_are_stratified_and_fixed(pool):
    f = E.folds(pool["label"].tolist())
    assert (f == E.folds(pool["label"].tolist())).all()
    shares = pd.crosstab(f, pool["label"], normalize="index")
    assert (shares.max() - shares.min()).max() < 0.01


def test_one_domain_training_drops_the_constant_domain_column():
    data = pd.DataFrame({"text": ["Super Service, danke!", "Zug fällt schon wieder aus.",
                                  "Der Zug fährt um acht.", "Toll gemacht, sehr freundlich.",
                                  "Nie wieder, eine Frechheit.", "Abfahrt auf Gleis 3."],
                         "label": ["positive", "negative", "neutral"] * 2,
                         "domain": SM.DOMAINS["germeval2017"], "weight": 1.0})
    model = SM.fit(data)
    assert model.named_steps["tfidf"].domain_feature is False
    texts = ["Heute wieder zu spät.", "Danke für die schnelle Hilfe."]
    assert SM.predict(texts, model, "unknown") == SM.predict(texts, model, "germeval2017")
    two = pd.concat([data, data.assign(domain=SM.DOMAINS["million_posts"])], ignore_index=True)
    assert SM.fit(two).named_steps["tfidf"].domain_feature is True


def test_classify_is_at_least_as_good_as_the_plain_baseline_on_a_sample(pool):
    """A seeded quarter of the pool, 3 folds, GermEval-only training: the full comparison
    (``compare_with_baseline``, ~2 min) is what the README quotes."""
    sample = pool.sample(frac=0.25, random_state=E.SEED).reset_index(drop=True)
    methods = {"plain": E.baseline_method(), "classify": E.classify_method()}
    cv = E.cross_validate(methods, n_folds=3, pool=sample)
    s = E.summarise(cv, list(methods)).set_index("method")
    assert s.loc["classify", "micro_f1"] >= s.loc["plain", "micro_f1"]
    assert (cv["plain"] != "").all() and (cv["classify"] != "").all()
