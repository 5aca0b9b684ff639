"""The stance model's NumPy arrays (servicelab.stance_weights, issue 17) against the
scikit-learn objects they are read from: the same decision scores and labels bit for bit on
random invented texts; the shipped model cached on disk; the Dask engine's shipped models
unpickled without scikit-learn."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from servicelab import stance_model as M
from servicelab import stance_weights as W

# invented words and pieces (stance-like and neutral), recombined at random below
WORDS = ["Warteschleife", "Geduld", "Uhrzeit", "Frechheit", "stimmt", "nicht", "recht",
         "Kunde", "Hotline", "ÄRGER", "wieder", "nie", "ich", "du", "Person_3fa9c2d1e0",
         "https://x.example/a?b=1", "İstanbul", "ΣΟΦΙΑ", "Straße", "ẞ", "x1", "a", "!!", "?",
         "…", "Vodafone", "Service", "Montag", "Grüße", "e-mail"]
SPACES = [" ", " ", " ", "  ", "\t", "\n", " \n  ", "\u00a0"]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(SPACES)
                   for _ in range(rng.randint(0, 16))) + rng.choice(["", ".", "!", "?"])


def _table(seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(60):
        text = _text(rng)
        stance = M.LABELS[(("Geduld" in text) + 2 * ("Frechheit" in text) + i) % 3]
        rows.append({"page_id": f"p{i % 4}", "family": "toy", "kind": "comment",
                     "role": rng.choice(["author", "commenter", "reader"]), "stance": stance,
                     "text": text})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("structure", [False, True])
@pytest.mark.parametrize("seed", [0, 1])
def test_arrays_score_as_the_sklearn_objects_bit_for_bit(structure, seed):
    table = _table(seed)
    fitted = M.fit(table["text"], table["stance"], seed=seed, roles=table["role"],
                   weights=M.set_weights(table["page_id"]), structure=structure, abstain=0.0)
    arrays = W.arrays_of(fitted)
    assert arrays is not None
    rng = random.Random(100 + seed)
    texts = [_text(rng) for _ in range(200)] + list(table["text"])
    roles = [rng.choice(["author", "commenter", ""]) for _ in texts]
    expected = fitted.scores(texts, roles)
    got = arrays.scores(texts, roles)
    assert got.dtype == expected.dtype and np.array_equal(got, expected)  # exact, no tolerance
    assert list(arrays.predict(texts, roles)) == list(fitted.predict(texts, roles))
    assert list(arrays.classes_) == list(fitted.classes_) and arrays.prior == fitted.prior


def test_a_model_set_up_otherwise_is_scored_by_sklearn():
    table = _table(0)
    fitted = M.fit(table["text"], table["stance"])
    fitted.features.transformer_list[1][1].set_params(preprocessor=str.upper)
    assert W.arrays_of(fitted) is None


def test_models_score_from_arrays_and_the_shipped_one_is_cached(monkeypatch):
    assert isinstance(M.StanceModel(_table(0)).pipeline, W.StanceArrays)
    from servicelab.cache import cache_dir

    if cache_dir() is None:
        pytest.skip("the on-disk cache is off")
    M.StanceModel.cached(**M.SHIPPED)  # written if it was not

    def no_fit(*args, **kwargs):
        raise AssertionError("the cached model was fitted again")

    monkeypatch.setattr(M, "fit", no_fit)
    model = M.StanceModel.cached(**M.SHIPPED)
    assert isinstance(model.pipeline, W.StanceArrays) and model.abstain == 0.0
    assert model.predict(["Nur Geduld, das wird schon."])[0] in M.LABELS


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_thread_tfidf_is_sklearns_bit_for_bit(seed):
    """:func:`servicelab.tfidf_fit.fit_transform` (the defence analysis' unit similarity)
    against ``TfidfVectorizer(analyzer=..., sublinear_tf=True)``: the same stored entries
    in the same order, so the same cosines."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from servicelab.tfidf_fit import fit_transform

    rng = random.Random(seed)
    pool = [w.lower() for w in WORDS] + ["person_3fa9c2d1e0", "zug", "bahn", "b", "ä", "z1"]
    docs = [" ".join(rng.choice(pool) for _ in range(rng.randint(0, 25)))
            for _ in range(rng.randint(2, 30))]
    docs[0] = docs[0] or "hotline"
    expected = TfidfVectorizer(analyzer=str.split, sublinear_tf=True).fit_transform(docs)
    got = fit_transform([d.split() for d in docs])
    for part in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(got, part), getattr(expected, part)), part
    assert np.array_equal((got @ got.T).toarray(), (expected @ expected.T).toarray())
    with pytest.raises(ValueError):
        fit_transform([[], []])


CHILD = """
import sys
from servicelab.cli import main
rc = main(["build", sys.argv[1], "--out", sys.argv[2]])
print(rc)
print(sorted(m for m in sys.modules if m == "sklearn" or m.startswith("sklearn.")))
"""


def test_a_build_with_warm_caches_does_not_import_sklearn(tmp_path):
    """``servicelab build`` on the seed pages (every analysis runs: sentiment, blame, the
    defence analysis with its stance model) in a fresh process, once the models are cached,
    never imports scikit-learn."""
    from pathlib import Path

    from servicelab import blame_model, main_vendor_model, sentiment, sentiment_model
    from servicelab.cache import cache_dir

    if cache_dir() is None:
        pytest.skip("the on-disk cache is off")
    sentiment_model.default_model(), sentiment.thresholds()  # the caches are written
    blame_model.default_model(), main_vendor_model.default_model()
    M.StanceModel.default()
    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    out = subprocess.run([sys.executable, "-c", CHILD, str(raw), str(tmp_path / "out")],
                         env={**os.environ}, check=True, capture_output=True,
                         text=True).stdout.splitlines()
    assert out[-2] == "0", out
    assert "stance" in out[0] and "stance 0" not in out[0], out  # the stance model ran
    assert out[-1] == "[]", out


UNPICKLE = """
import pickle, sys
trained = pickle.loads(sys.stdin.buffer.read())
from servicelab import engines
engines._receive_model(trained)
from servicelab import sentiment_model, stance_model
print(type(stance_model.StanceModel.default().pipeline).__name__)
print(sentiment_model.predict(["Danke, super Service!"]) in (["positive"], ["neutral"]))
print(sorted(m for m in sys.modules if m == "sklearn" or m.startswith("sklearn.")))
"""


def test_the_dask_engine_ships_arrays_that_unpickle_without_sklearn():
    """What the client scatters for sentiment and stance (:func:`engines.trained_for`): the
    sentiment model's weights and the stance arrays, used in a fresh process without
    scikit-learn."""
    import pickle

    from servicelab import sentiment_model
    from servicelab.analyses import ANALYSES
    from servicelab.engines import trained_for

    trained = trained_for({name: ANALYSES[name] for name in ("sentiment", "defence")})
    assert trained is not None
    assert isinstance(trained.model, sentiment_model.LinearWeights)
    assert isinstance(trained.stance.pipeline, W.StanceArrays)
    out = subprocess.run([sys.executable, "-c", UNPICKLE], input=pickle.dumps(trained),
                         env={**os.environ}, check=True, capture_output=True).stdout
    assert out.decode().splitlines() == ["StanceArrays", "True", "[]"]
