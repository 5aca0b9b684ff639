"""The blame model's NumPy arrays (servicelab.blame_weights, issue 17) against the
scikit-learn objects they are read from: the same features and probabilities bit for bit on
random invented sentences, and no scikit-learn import where a cached model scores blame."""

from __future__ import annotations

import dataclasses
import os
import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import servicelab.blame_model as bm
from servicelab import blame_weights as bw
from servicelab.blame import PATTERNS, BlameRules
from servicelab.blame_model import sentence_features

# invented sentences and word pieces (blame-like and neutral), recombined at random below
WORDS = ["Versand", "vergessen", "verschlampt", "Lieferung", "Kakadu", "pfeift", "Ärger",
         "schon", "wieder", "nie", "ich", "wir", "bedauern", "Fehler", "Straße", "Öl",
         "Hotline", "warte", "Wochen", "a", "zu", "x1", "Grüße", "ÄÖÜß", "e-mail", "!!",
         "?", "…", "Paket", "Router", "kaputt", "Frechheit", "Team", "Montag"]
SPACES = [" ", " ", " ", "  ", "\t", "\n", " \n  ", "\u00a0"]
BLAME = ["Der Versand hat meine Bestellung einfach vergessen.",
         "Die Werkstatt hat den Auftrag schon wieder verschlampt.",
         "Das Reisebüro hat die Buchung vergessen und nie bestätigt.",
         "Die Hausverwaltung hat meinen Antrag verschlampt.",
         "Mein Paket wurde vom Lager offenbar vergessen.",
         "Wir bedauern den Fehler unseres Lagers sehr.",
         "Wir bedauern, dass unser Versand den Fehler gemacht hat.",
         "Seit drei Wochen warte ich auf den Router, eine Frechheit!"]
NEUTRAL = ["Am Montag war ich beim Bäcker.", "Das Wetter in Kiel ist heute mild.",
           "Wir haben im Garten Tomaten gepflanzt.", "Der Film lief um acht Uhr.",
           "Meine Schwester wohnt in Erfurt.", "Der Zug nach Bonn fährt um neun."]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(0, 14))]
    out = ""
    for w in words:
        out += w + rng.choice(SPACES)
    return out + rng.choice(["", ".", "!", "?"])


def _frame(texts: list[str]) -> pd.DataFrame:
    rules = BlameRules.default()
    return pd.DataFrame({"text": texts,
                         "features": [sentence_features(t, "author", set(), rules)
                                      for t in texts]})


def _trained(chars: bool, seed: int = 0) -> bm.BlameModel:
    rng = random.Random(seed)
    texts = BLAME + NEUTRAL + [_sentence(rng) for _ in range(40)]
    frame = _frame(texts)
    labels = {p: [int(i < len(BLAME) and (p == "concedes") == ("bedauern" in t))
                  for i, t in enumerate(texts)] for p in PATTERNS}
    labels["shifts"] = [int(rng.random() < .3) for _ in texts]
    data = frame.assign(doc_id=[f"d{i:03d}" for i in range(len(texts))], start=0,
                        end=[len(t) for t in texts], **labels)
    return bm.BlameModel.train(data, chars=chars)


@pytest.mark.parametrize("chars", [True, False])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_arrays_score_as_the_sklearn_objects_bit_for_bit(chars, seed):
    model = _trained(chars, seed)
    arrays = model.as_arrays()
    assert isinstance(arrays.features, bw.SentenceFeatures)
    assert all(isinstance(m, bw.LinearBinary) for _, m in arrays.models)
    assert [p for p, _ in arrays.models] == [p for p, _ in model.models]
    rng = random.Random(100 + seed)
    texts = [_sentence(rng) for _ in range(300)] + BLAME + NEUTRAL + ["", "   ", "a"]
    frame = _frame(texts)
    want = model.features.transform(frame)
    got = arrays.features.transform(frame)
    assert np.array_equal(got.indptr, want.indptr)
    assert np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)  # exact, no tolerance
    p_want = model.probabilities(frame).to_numpy()
    p_got = arrays.probabilities(frame).to_numpy()
    assert np.array_equal(p_got, p_want)
    assert (p_want > 0).any()


def test_documents_counted_in_chunks_give_the_same_rows(monkeypatch):
    model = _trained(True)
    arrays = model.as_arrays()
    frame = _frame([_sentence(random.Random(7)) for _ in range(50)] + ["", "Öl"])
    whole = arrays.features.transform(frame)
    monkeypatch.setattr(bw, "_CHUNK", 7)
    chunked = arrays.features.transform(frame)
    assert (whole != chunked).nnz == 0
    assert np.array_equal(chunked.data, model.features.transform(frame).data)
    assert arrays.features.transform(frame.iloc[:0]).shape[0] == 0


def test_a_changed_analyzer_changes_the_numbers():
    """The comparison above can fail: char 2–4 grams instead of 2–5 (one block's n-grams
    wrong) give other features and probabilities."""
    model = _trained(True)
    arrays = model.as_arrays()
    blocks = tuple(dataclasses.replace(b, ngrams=(2, 4)) if b.analyzer == "char_wb" else b
                   for b in arrays.features.blocks)
    wrong = dataclasses.replace(arrays, features=bw.SentenceFeatures(blocks))
    frame = _frame(BLAME + NEUTRAL)
    assert not np.array_equal(wrong.probabilities(frame).to_numpy(),
                              model.probabilities(frame).to_numpy())


def test_char_ngrams_of_short_and_spaced_words_follow_sklearn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = ["a  b\t\tcc ddd", "Ärger  ÄRGER ärger", "x", "", "\u00a0 y \u00a0", "zu zu zu"]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    vec.fit(docs)
    block = bw.block_of(vec, "text")
    analyse = vec.build_analyzer()
    for d in docs:
        assert block.terms(d) == analyse(d)
    assert np.array_equal(block.transform(docs).toarray(), vec.transform(docs).toarray())


def test_other_kinds_of_model_are_kept_as_they_are():
    class _Fixed:
        def predict_proba(self, x):
            return np.array([[0.5, 0.5]] * len(x))

    fixed = bm.BlameModel((("accuses", _Fixed()),))
    assert fixed.as_arrays() is fixed
    assert bm.RULES_ONLY.as_arrays() is bm.RULES_ONLY
    model = _trained(False)
    from sklearn.feature_extraction.text import TfidfVectorizer

    unusual = dataclasses.replace(model, features=TfidfVectorizer())
    assert unusual.as_arrays() is unusual


def test_the_shipped_model_is_cached_as_arrays():
    model = bm.default_model()
    if model is bm.RULES_ONLY:
        pytest.skip("the training data is absent")
    assert isinstance(model.features, bw.SentenceFeatures)
    assert all(isinstance(m, bw.LinearBinary) for _, m in model.models)


CHILD = """
import sys
from pathlib import Path
from servicelab import build_corpus
from servicelab.blame import blame_table
corpus = build_corpus(Path(sys.argv[1]))
table = blame_table(corpus)
print(len(table), (table["target_source"] == "model").sum())
print(sorted(m for m in sys.modules if m == "sklearn" or m.startswith("sklearn.")))
"""


def test_blame_with_cached_models_does_not_import_sklearn(tmp_path):
    from servicelab import main_vendor_model
    from servicelab.cache import cache_dir

    if cache_dir() is None:
        pytest.skip("the on-disk cache is off")
    if bm.default_model() is bm.RULES_ONLY:  # the caches are written: the child reads them
        pytest.skip("the training data is absent")
    main_vendor_model.default_model()
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Seit drei Wochen warte ich auf meinen Router von Vodafone. Das ist eine "
        "Frechheit, Vodafone! Die Hotline hat meine Bestellung einfach vergessen.\n",
        encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder)], env={**os.environ},
                         check=True, capture_output=True, text=True).stdout.splitlines()
    assert int(out[0].split()[0]) > 0, out  # blame was scored
    assert out[-1] == "[]", out


UNPICKLE = """
import pickle, sys
trained = pickle.loads(sys.stdin.buffer.read())
from servicelab import engines
engines._receive_model(trained)
from servicelab import blame_model
print(type(blame_model.default_model().features).__name__)
print(sorted(m for m in sys.modules if m == "sklearn" or m.startswith("sklearn.")))
"""


def test_the_dask_engine_ships_blame_arrays_that_unpickle_without_sklearn():
    """What the client scatters to the workers for blame (:func:`engines.trained_for`): the
    array model and the main-vendor chooser, read in a fresh process without scikit-learn."""
    import pickle

    from servicelab.analyses import ANALYSES
    from servicelab.engines import trained_for

    trained = trained_for({"blame": ANALYSES["blame"]})
    if trained is None or trained.blame is bm.RULES_ONLY:
        pytest.skip("the training data is absent")
    assert isinstance(trained.blame.features, bw.SentenceFeatures)
    out = subprocess.run([sys.executable, "-c", UNPICKLE], input=pickle.dumps(trained),
                         env={**os.environ}, check=True, capture_output=True).stdout
    assert out.decode().splitlines() == ["SentenceFeatures", "[]"]
