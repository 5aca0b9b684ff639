"""The supervised pipeline: deterministic, pickle-free, CV shortcut equals full refits."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.pipeline import Pipeline

from servicelab import sentiment_model as sm

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def small():
    """A stratified 300-document slice of the training data (fast to fit)."""
    d = sm.training_data()
    parts = [g.head(50) for _, g in d.groupby(["corpus", "label"], sort=True)]
    import pandas as pd

    return pd.concat(parts).sort_index().reset_index(drop=True)


def test_pipeline_is_sklearn_and_has_the_documented_steps():
    pipe = sm.make_pipeline()
    assert isinstance(pipe, Pipeline)
    assert [name for name, _ in pipe.steps] == ["counts", "tfidf", "clf"]


def test_training_data_combines_both_corpora():
    d = sm.training_data()
    assert d["corpus"].value_counts().to_dict() == {"million_posts": 3599,
                                                    "germeval2017_dev": 2369}
    assert set(d["label"]) == set(sm.LABELS)
    assert d["text"].str.len().max() <= sm.MAX_CHARS


def test_training_is_deterministic(small):
    a = sm.fit(small)
    b = sm.fit(small)
    np.testing.assert_array_equal(a[-1].coef_, b[-1].coef_)
    texts = ["Die Bahn ist wieder zu spät.", "Danke, super Service!"]
    assert sm.predict(texts, a) == sm.predict(texts, b)


def test_fast_cross_validation_equals_refitting_the_whole_pipeline(small):
    folds = np.arange(len(small)) % 3
    counts = sm.make_counter().transform(small[["text", "domain"]])
    fast = sm.cross_val_predict_fast(counts, small["label"], folds, small["weight"])
    slow = np.empty(len(small), dtype=object)
    for k in range(3):
        test = folds == k
        pipe = sm.fit(small[~test])
        slow[test] = pipe.predict(small.loc[test, ["text", "domain"]])
    assert list(fast) == list(slow)


def test_domain_code_shifts_the_decision():
    texts = ["Die Bahn hat heute Verspätung."]
    ge = sm.decision_scores(texts, domain="germeval2017")
    mp = sm.decision_scores(texts, domain="million_posts")
    unknown = sm.decision_scores(texts)
    assert not np.allclose(ge.to_numpy(), mp.to_numpy())
    np.testing.assert_allclose(unknown.to_numpy(), (ge.to_numpy() + mp.to_numpy()) / 2)
    with pytest.raises(ValueError, match="domain"):
        sm.predict(texts, domain="twitter")


def test_nothing_is_pickled():
    src = ROOT / "src" / "servicelab"
    assert not list(src.rglob("*.pkl")) and not list(src.rglob("*.joblib"))
    text = (src / "sentiment_model.py").read_text(encoding="utf-8")
    assert "import pickle" not in text and "joblib" not in text


def _plain_preprocess(text):
    """preprocess as it was: the three substitutions on every text with a hint."""
    if not text or not sm._PLACEHOLDER_HINT.search(text):
        return text or ""
    return sm._DIGITS.sub("0", sm._MENTION.sub(" @USER ", sm._URL.sub(" URL ", text)))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "7", "٣", "@", "@x", "www.", "://", "http://a.b",
                                 "www.q.de", "w", ".", ":", "/", "x@y.de", "\n"]),
                max_size=12).map("".join))
def test_preprocess_skips_only_substitutions_that_cannot_match(text):
    """Own strings of digits (also non-Latin ones), mentions, URLs and their pieces: the same
    preprocessed text as the three substitutions, and replaces_only_digits as comparing."""
    pre = sm.preprocess(text)
    assert pre == _plain_preprocess(text)
    assert sm.replaces_only_digits(text, pre) == (sm._DIGITS.sub("0", text) == pre)


def test_preprocess_placeholders():
    out = sm.preprocess("@DB_Bahn 2 Std Verspätung http://t.co/x")
    assert "@USER" in out and "URL" in out and "2" not in out


def test_polarity_is_bounded_and_ordered():
    import pandas as pd

    dec = pd.DataFrame([[2.0, 0.0, -2.0], [-2.0, 0.0, 2.0], [0.0, 0.0, 0.0]],
                       columns=list(sm.LABELS))
    p = sm.polarity(dec)
    assert p[0] < 0 < p[1] and p[2] == pytest.approx(0)
    assert np.all(np.abs(p) < 1)


def test_default_model_equals_a_plain_fit():
    texts = ["Die Bahn ist schon wieder zu spät!", "Danke für die schnelle Hilfe.",
             "Der Zug fährt um acht."]
    plain = sm.fit()
    np.testing.assert_allclose(sm.decision_scores(texts, plain).to_numpy(),
                               sm.decision_scores(texts).to_numpy())


def test_training_counts_cache_round_trip(tmp_path, monkeypatch):
    """The on-disk cache gives exactly the matrix it was written from, a damaged file is
    recomputed rather than trusted, and ``SERVICELAB_CACHE=off`` turns the cache off."""
    monkeypatch.setenv("SERVICELAB_CACHE", "off")
    assert sm.cache_dir() is None
    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path))
    sm.training_counts.cache_clear()
    written = sm.training_counts()  # computed and written
    files = list(tmp_path.glob("training-counts-*.npz"))
    assert len(files) == 1
    sm.training_counts.cache_clear()
    loaded = sm.training_counts()
    assert loaded.shape == written.shape and (loaded != written).nnz == 0
    with np.load(files[0], allow_pickle=False) as z:
        assert set(z.files) == {"data", "indices", "indptr", "shape"}
    files[0].write_bytes(b"not an npz file")
    sm.training_counts.cache_clear()
    again = sm.training_counts()  # recomputed, not read from the damaged file
    assert (again != written).nnz == 0
    sm.training_counts.cache_clear()


def test_fitted_learner_cache_gives_the_same_model(tmp_path, monkeypatch):
    """A model loaded from the on-disk learner cache has exactly the fitted weights and
    margins of the model fitted in this process; a damaged file is fitted again."""
    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path))
    texts = ["Die Bahn ist schon wieder 20 Minuten zu spät!", "Danke für die schnelle Hilfe.",
             "Der Zug fährt um acht.", "kein Problem :)"]
    fitted = sm.train_default_model()  # fitted and written
    files = list(tmp_path.glob("learner-*.npz"))
    assert len(files) == 1
    loaded = sm.train_default_model()  # read
    a, b = fitted.named_steps["clf"], loaded.named_steps["clf"]
    assert np.array_equal(a.coef_, b.coef_) and np.array_equal(a.intercept_, b.intercept_)
    assert list(a.classes_) == list(b.classes_) and a.classes_.dtype == b.classes_.dtype
    for step in ("word_", "char_"):
        assert np.array_equal(getattr(fitted.named_steps["tfidf"], step).idf_,
                              getattr(loaded.named_steps["tfidf"], step).idf_)
    assert np.array_equal(sm.decision_scores(texts, fitted).to_numpy(),
                          sm.decision_scores(texts, loaded).to_numpy())
    assert sm.predict(texts, fitted) == sm.predict(texts, loaded)
    files[0].write_bytes(b"not an npz file")
    again = sm.train_default_model()  # fitted again, not read from the damaged file
    assert np.array_equal(again.named_steps["clf"].coef_, a.coef_)
    sm.training_counts.cache_clear()


def test_learner_index_reads_the_same_learner_without_parsing_the_corpora(tmp_path,
                                                                          monkeypatch):
    """The second process-start reads the learner through the index file (no training data
    parsed) and gets exactly the first one's weights; a damaged index or one naming a
    missing learner falls back to the learner key (and rewrites the index)."""
    # cheap: the learner the session's cache holds is copied, not fitted again
    sm.default_model()
    real, key = sm.cache_dir(), sm._learner_key(sm.training_data())
    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path))
    if real is not None and (real / f"learner-{key}.npz").is_file():
        shutil.copy(real / f"learner-{key}.npz", tmp_path)
    first = sm.train_default_model()  # read through the learner key; the index written
    index = list(tmp_path.glob("learner-for-*.txt"))
    assert len(index) == 1
    assert index[0].read_text("ascii") == key
    assert (tmp_path / f"learner-{key}.npz").is_file()

    def no_parsing(*args, **kwargs):
        raise AssertionError("training data parsed although the index names the learner")

    with monkeypatch.context() as m:
        m.setattr(sm, "training_data", no_parsing)
        second = sm.train_default_model()
    assert np.array_equal(first.named_steps["clf"].coef_, second.named_steps["clf"].coef_)
    assert np.array_equal(first.named_steps["tfidf"].char_.idf_,
                          second.named_steps["tfidf"].char_.idf_)
    for damaged in (b"not a key", b"0123456789abcdef0123"):  # garbage; a missing learner
        index[0].write_bytes(damaged)
        again = sm.train_default_model()
        assert np.array_equal(again.named_steps["clf"].coef_, first.named_steps["clf"].coef_)
        assert index[0].read_text("ascii") == key
    sm.training_counts.cache_clear()


def test_learner_index_key_changes_with_a_training_file(tmp_path, monkeypatch):
    """The index is keyed by the bytes of the training files: another corpus is another
    index (never the old learner)."""
    before = sm._sources_key()
    files = sm._training_files()
    copy = tmp_path / "dev.tsv"
    copy.write_bytes(files[0].read_bytes() + b"\n")
    monkeypatch.setattr(sm, "_training_files", lambda: [copy, *files[1:]])
    assert sm._sources_key() != before


def test_decision_scores_with_the_callers_preprocessing_are_the_same():
    # the build passes the preprocessed texts it made already; the margins must not change,
    # and a text whose preprocessing is not idempotent (@mention) must not be done twice
    texts = ["@Kundin der Zug kam 3 Stunden zu spät!", "Danke, alles bestens www.example.org",
             "Es geht so."]
    pre = [sm.preprocess(t) for t in texts]
    assert np.array_equal(sm.decision_scores(texts, preprocessed=pre).to_numpy(),
                          sm.decision_scores(texts).to_numpy())
    with pytest.raises(ValueError, match="one string per text"):
        sm.decision_scores(texts, preprocessed=pre[:2])


def _random_blocks(rng: np.random.Generator, n: int, widths: list[int]) -> list:
    """CSR blocks of ``n`` rows with random sparsity, magnitudes and explicit zeros."""
    import scipy.sparse as sp

    blocks = []
    for width in widths:
        dense = rng.standard_normal((n, width)) * 10.0 ** rng.integers(-8, 8, (n, width))
        dense[rng.random((n, width)) < rng.uniform(0.2, 0.95)] = 0.0
        block = sp.csr_matrix(dense)
        if block.nnz:  # an explicit zero, which stacking keeps
            block.data[rng.integers(block.nnz)] = 0.0
        blocks.append(block)
    return blocks


def test_linear_margins_equal_the_svm_on_the_stacked_blocks():
    # the blockwise margins must be the stacked matrix's decision_function bit for bit
    # (the same additions in the same order), for random weights, blocks and row counts
    import scipy.sparse as sp
    from sklearn.svm import LinearSVC

    rng = np.random.default_rng(7)
    for trial in range(40):
        widths = [int(w) for w in rng.integers(1, 30, rng.integers(1, 5))]
        n = int(rng.integers(1, 25))
        clf = LinearSVC()
        k = int(rng.choice([2, 3, 4]))
        clf.coef_ = rng.standard_normal((k, sum(widths))) * 10.0 ** rng.integers(-6, 6)
        clf.intercept_ = rng.standard_normal(k)
        clf.classes_ = np.arange(k)
        clf.n_features_in_ = sum(widths)
        blocks = _random_blocks(rng, n, widths)
        plain = clf.decision_function(sp.hstack(blocks, format="csr"))
        fast = sm.linear_margins(clf, blocks)
        assert fast.shape == plain.shape, trial
        assert np.array_equal(fast, plain), trial


def test_linear_margins_of_the_default_model_are_its_decision_function():
    import scipy.sparse as sp

    model = sm.default_model()
    texts = ["Der Zug kam 3 Stunden zu spät, danke für nichts!", "Super Service, gerne wieder.",
             "Es geht so.", "nicht schlecht :)"]
    pre = [sm.preprocess(t) for t in texts]
    counter, tfidf = model[0], model[1]
    blocks = [tfidf.word_.transform(sm.hashing.word_counts(pre, counter.word_ngrams, sm.N_HASH)),
              tfidf.char_.transform(sm.hashing.char_wb_counts(pre, counter.char_ngrams,
                                                              sm.N_HASH)),
              sp.csr_matrix(sm.lexicon_feature_matrix(pre)),
              sp.csr_matrix(np.ones((len(pre), 1)))]
    assert np.array_equal(sm.linear_margins(model[-1], blocks),
                          model[-1].decision_function(sp.hstack(blocks, format="csr")))


def _random_counts(rng: np.random.Generator, n: int, width: int):
    """A CSR count matrix with empty rows, long rows and counts from 1 to thousands."""
    import scipy.sparse as sp

    dense = np.where(rng.random((n, width)) < rng.uniform(0.05, 0.9),
                     rng.integers(1, 5, (n, width)) ** rng.integers(1, 6, (n, width)), 0)
    dense[rng.random(n) < 0.2] = 0  # empty rows
    return sp.csr_matrix(dense.astype(np.float64))


def test_numpy_tfidf_is_sklearns_transformer_bit_for_bit():
    # sublinear TF, IDF and the l2 norm summed in the row's order: a norm summed in another
    # order (pairwise, BLAS) differs in the last bits on rows this long and fails here
    from sklearn.feature_extraction.text import TfidfTransformer

    rng = np.random.default_rng(11)
    for trial in range(30):
        n, width = int(rng.integers(1, 20)), int(rng.integers(1, 400))
        counts = _random_counts(rng, n, width)
        step = TfidfTransformer(sublinear_tf=True)
        step.idf_ = rng.uniform(1.0, 12.0, width)
        step.n_features_in_ = width
        plain = step.transform(counts.copy())
        fast = sm.tfidf(counts.copy(), step.idf_)
        assert np.array_equal(fast.indptr, plain.indptr), trial
        assert np.array_equal(fast.indices, plain.indices), trial
        assert np.array_equal(fast.data, plain.data), trial


_WORDS = st.sampled_from(["Zug", "zug", "spät", "Danke", "nicht", "gut", "schlecht", "nie",
                          "wieder", "Service", "super", "Kundenservice", "Verspätungen",
                          "ärgerlich", "so", "!", "?", ":)", ":-(", "3", "2024", "@Kunde",
                          "www.example.org", "Bahn-Chaos", "wartete", "freundlich", "😡"])
_TEXTS = st.lists(st.lists(_WORDS, max_size=40).map(" ".join), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None)
@given(_TEXTS, st.sampled_from(sorted(sm.DOMAINS)))
def test_weights_score_as_the_sklearn_pipeline(texts, domain):
    # the NumPy scorer (LinearWeights, no scikit-learn) against the plain Pipeline path
    import pandas as pd

    model = sm.default_model()
    weights = sm.default_weights()
    assert isinstance(weights, sm.LinearWeights)
    plain = model.decision_function(pd.DataFrame({"text": texts,
                                                  "domain": sm.DOMAINS[domain]}))
    fast = sm._blocked_margins(texts, weights, domain, None, 5)
    assert np.array_equal(fast, plain)
    assert sm.predict(texts, domain=domain) == [str(x) for x in model.predict(
        pd.DataFrame({"text": texts, "domain": sm.DOMAINS[domain]}))]


def test_cached_weights_are_the_default_models_numbers():
    model = sm.default_model()
    folder = sm.cache_dir()
    if folder is None:
        pytest.skip("the on-disk cache is off")
    key = sm._indexed_key(folder, folder / f"learner-for-{sm._sources_key()}.txt")
    read = sm._read_weights(folder / f"learner-{key}.npz")
    tfidf, clf = model[1], model[-1]
    for got, want in ((read.word_idf, tfidf.word_.idf_), (read.char_idf, tfidf.char_.idf_),
                      (read.coef, clf.coef_), (read.intercept, clf.intercept_)):
        assert np.array_equal(got, want)
    assert list(read.classes) == list(clf.classes_)


def test_scoring_with_the_cached_model_does_not_import_sklearn():
    import os
    import subprocess
    import sys

    sm.default_model()  # the cache is written (the child reads it)
    if sm.cache_dir() is None:
        pytest.skip("the on-disk cache is off")
    child = ("import sys\nfrom servicelab import sentiment\n"
             "print(sentiment.classify(['Danke, super!', 'Nie wieder.']))\n"
             "print('sklearn' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", child], env={**os.environ}, check=True,
                         capture_output=True, text=True).stdout.split("\n")
    assert out[1] == "False", out
