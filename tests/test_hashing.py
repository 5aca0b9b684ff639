"""servicelab.hashing gives exactly scikit-learn's HashingVectorizer counts."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from servicelab import hashing
from servicelab.sentiment_model import N_HASH, preprocess

OWN = [
    "",
    "   ",
    "a",
    "Ab",
    "x y",
    "Der Kundenservice hat sich nach drei Wochen immer noch nicht gemeldet!!!",
    "Ärger über die Straße, Öffnungszeiten und Übergrößen 😀🙂 – wirklich?",
    "Lieferung am 12.03.2024, Bestellnummer 4711, siehe www.example.org/x?a=1 @Kundin",
    "Donaudampfschifffahrtsgesellschaftskapitänsmützenhalterung " * 2,
    "Tab\tund\n\nZeilen\u00a0umbruch  doppelt",
    "GROSS klein Gut gut GUT",
    "İstanbul, Kelvin \u212a, ſchön, ﬁne",
]


def _same(a: sp.spmatrix, b: sp.spmatrix) -> bool:
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    return (a.shape == b.shape and a.dtype == b.dtype
            and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
            and np.array_equal(a.data, b.data))


def _sklearn(texts: list[str], **kw: object) -> sp.spmatrix:
    return HashingVectorizer(preprocessor=preprocess, n_features=N_HASH, alternate_sign=False,
                             norm=None, lowercase=True, **kw).transform(texts)


def test_murmur_matches_sklearn_on_random_bytes():
    rng = np.random.default_rng(0)
    keys = [rng.integers(0, 256, size=n, dtype=np.uint8).tobytes()
            for n in list(range(0, 41)) * 5]
    data = np.frombuffer(b"".join(keys), dtype=np.uint8)
    lengths = np.array([len(k) for k in keys])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    ours = hashing.murmur3_32(hashing.words32(data), starts, lengths)
    assert ours.tolist() == [murmurhash3_32(k, seed=0) for k in keys]


@pytest.mark.parametrize("ngrams", [(2, 5), (1, 3), (4, 6), (3, 3)])
def test_char_wb_counts_equal_hashing_vectorizer(ngrams):
    pre = [preprocess(t) for t in OWN]
    assert _same(hashing.char_wb_counts(pre, ngrams, N_HASH),
                 _sklearn(OWN, analyzer="char_wb", ngram_range=ngrams))


@pytest.mark.parametrize("ngrams", [(1, 2), (1, 1), (2, 3)])
def test_word_counts_equal_hashing_vectorizer(ngrams):
    pre = [preprocess(t) for t in OWN]
    assert _same(hashing.word_counts(pre, ngrams, N_HASH), _sklearn(OWN, ngram_range=ngrams))


def test_external_texts_equal_hashing_vectorizer():
    from servicelab.external import load_germeval2017

    texts = load_germeval2017("dev")["text"].head(400).tolist()
    pre = [preprocess(t) for t in texts]
    assert _same(hashing.char_wb_counts(pre, (2, 5), N_HASH),
                 _sklearn(texts, analyzer="char_wb", ngram_range=(2, 5)))
    assert _same(hashing.word_counts(pre, (1, 2), N_HASH), _sklearn(texts, ngram_range=(1, 2)))


def test_case_is_kept_as_in_sklearn_with_a_preprocessor():
    # HashingVectorizer ignores lowercase=True once a preprocessor is given; so do we
    m = hashing.word_counts(["Gut", "gut"], (1, 1), N_HASH)
    assert m[0].indices.tolist() != m[1].indices.tolist()
    ref = _sklearn(["Gut", "gut"], ngram_range=(1, 1))
    assert _same(m, ref)


def test_int_min_hash_column():
    cols = hashing._columns(np.array([-(2**31), -5, 5], dtype=np.int32), N_HASH)
    assert cols.tolist() == [(2**31 - 1 - (N_HASH - 1)) % N_HASH, 5, 5]
    assert hashing._columns(np.array([-(2**31)], dtype=np.int32), 1000).tolist() == [
        (2**31 - 1 - 999) % 1000]


_WORDS = st.lists(st.text(alphabet="abÄß😀 \t\n-'0", max_size=9), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(batches=st.lists(_WORDS, min_size=1, max_size=4), ngrams=st.sampled_from(
    [(2, 5), (1, 3), (3, 3)]), max_entries=st.sampled_from([0, 40, 4_000_000]))
def test_word_rows_kept_across_batches_are_the_rows_hashed_afresh(batches, ngrams,
                                                                  max_entries):
    # a store that has seen earlier batches (and one that overflows and starts afresh)
    # gives each batch the counts that hashing it alone gives
    store = hashing.WordRows(ngrams, N_HASH, max_entries=max_entries)
    for texts in batches:
        words = list(dict.fromkeys(w for t in texts for w in t.split())) or ["x"]
        assert _same(store.rows(words), hashing._word_char_counts(words, ngrams, N_HASH))


@settings(max_examples=60, deadline=None)
@given(batches=st.lists(st.lists(st.sampled_from(["gut", "Gut", "x", "", "ab-c", "ö", "gut"]),
                                 min_size=1, max_size=8), min_size=1, max_size=4),
       max_entries=st.sampled_from([0, 30, 4_000_000]))
def test_word_rows_of_batches_with_repeated_and_known_words(batches, max_entries):
    """Batches that repeat words and mix stored and unseen ones (and a store that fills up
    and starts afresh): each word's row is the row hashing it alone gives."""
    store = hashing.WordRows((2, 5), N_HASH, max_entries=max_entries)
    for words in batches:
        assert _same(store.rows(words), hashing._word_char_counts(words, (2, 5), N_HASH))


def test_char_wb_counts_after_other_batches_equal_hashing_vectorizer():
    hashing.char_wb_counts(["Gutes Wetter heute", "völlig unverständlich"], (2, 5), N_HASH)
    texts = ["Wetter völlig gut", "heute unverständlich, Gutes!"]
    assert _same(hashing.char_wb_counts([preprocess(t) for t in texts], (2, 5), N_HASH),
                 _sklearn(texts, analyzer="char_wb", ngram_range=(2, 5)))


def test_char_wb_counts_from_several_threads_equal_hashing_afresh():
    # threads share the process's word store; each must get the rows of its own words
    from concurrent.futures import ThreadPoolExecutor

    letters = "abcdefghijklmnopqrstuvwxyzäöüß"
    batches = [[f"Wort{letters[k]}{letters[j % 30]}{letters[j // 30]} und mehr "
                f"{letters[j % 7]}Text{letters[k]}" for j in range(300)] for k in range(6)]
    want = [_sklearn(b, analyzer="char_wb", ngram_range=(2, 5)) for b in batches]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda b: hashing.char_wb_counts(b, (2, 5), N_HASH), batches * 2))
    assert all(_same(g, w) for g, w in zip(got, want * 2, strict=True))
