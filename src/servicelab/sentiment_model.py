"""Supervised German sentiment classifier: a scikit-learn ``Pipeline`` retrained from data.

Nothing is pickled. The model is trained deterministically from the labelled corpora shipped
in ``data/external/`` the first time it is needed (a few seconds on one CPU core) and kept in
memory. The slow, stateless part of training (hashing the 5,968 training texts, ~6 s) is
cached on disk as a sparse ``.npz`` matrix (NumPy arrays, loaded with ``allow_pickle=False``)
under ``~/.cache/servicelab/`` (``SERVICELAB_CACHE`` sets another folder, ``off`` disables it);
its file name is a hash of the training texts, the code and the library versions that make
it, so a stale cache is never read. The fitted weights (IDF vectors, SVM coefficients and
intercepts; ~2 s to fit) are cached the same way (``learner-<hash>.npz``, also keyed by the
labels, weights and settings), so a new process loads the same model in a fraction of a
second. Training data:

* GermEval 2017 ``dev`` (2,369 Deutsche Bahn customer-feedback documents; labels
  negative / neutral / positive used as they are), and
* One Million Posts, the 3,599 posts annotated for sentiment (DER STANDARD comments; the three
  mutually exclusive moderator labels ``SentimentNegative`` / ``SentimentNeutral`` /
  ``SentimentPositive`` map to negative / neutral / positive).

GermEval ``test_syn`` is never used for training or for choosing settings. The settings in
:data:`DEFAULT_PARAMS` were chosen with :func:`model_selection` (cross-validation on the
training data only) over ``C`` in {0.25, 0.5, 1}, ``mp_weight`` in {0.5, 1}, the domain code
on/off and the lexicon features on/off; criterion: the mean of GermEval-dev 5-fold micro-F1
and One Million Posts 10-fold negative-class F1; settings within 0.005 of the best count as
tied and the faster one (smaller ``C``) wins. Re-run it to check.

Known weakness: n-gram models transfer poorly between domains. Trained on one of the two
corpora and tested on the other they lose most of their accuracy, and on the seed blogs
(long, argumentative prose) the model predicts mostly ``neutral`` — see the seed agreement
in ``notebooks/01_sentiment``.

Features: word uni- and bigram TF-IDF, character 2–5-gram TF-IDF (robust to inflection,
compounds and spelling) and a few rule-based lexicon scores (SentiWS and German Polarity
Lexicon with negation, degree words, exclamation and emoticons; :mod:`servicelab.lexicon`).
Classifier: a linear SVM (one-vs-rest). Word and character n-grams are *hashed*
(stateless), so only the TF-IDF weights and the SVM learn from data. The hashing is
:mod:`servicelab.hashing` (the same counts as scikit-learn's ``HashingVectorizer`` with this
``preprocessor``, computed over the whole batch at once). As in scikit-learn, whose
``lowercase`` option does nothing once a ``preprocessor`` is given, the n-grams keep their
case: ``Gut`` and ``gut`` are different features.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

try:  # SciPy's sparse × dense kernel, used by ``csr_matrix @ ndarray`` (see linear_margins)
    from scipy.sparse._sparsetools import csr_matvecs as _matvecs
except ImportError:  # pragma: no cover - another SciPy layout: the stacked path is used
    _matvecs = None

from servicelab import hashing
from servicelab.cache import cache_dir, write_atomic
from servicelab.external import load_germeval2017, million_posts_sentiment
from servicelab.lexicon import Analysis, SentimentLexicon, load_lexicon, squash
from servicelab.lexicon_batch import BatchAnalysis, TokenArrays, _squash, analyse_batch

SEED = 42
LABELS = ("negative", "neutral", "positive")
#: Training texts are cut to this many characters (a few news documents in GermEval are
#: 30,000 characters long; their label is not in their tail, and training stays fast).
MAX_CHARS = 1500

DEFAULT_PARAMS: dict[str, Any] = {
    "C": 0.5,
    "class_weight": None,
    "char_ngrams": (2, 5),
    "word_ngrams": (1, 2),
    "lexicon_scale": 1.0,
    "mp_weight": 1.0,
    "domain_feature": True,
}
#: Domain codes: the model learns one intercept shift between the two training corpora; any
#: other text (blog posts, the seed corpus, a student's corpus) sits in between.
DOMAINS = {"germeval2017": 1.0, "million_posts": -1.0, "unknown": 0.0}
N_HASH = 2**18
_ALPHA = SentimentLexicon.alpha  # the squashing constant of lexicon_feature_rows

_URL = re.compile(r"(?:https?://|www\.)\S+")
_MENTION = re.compile(r"@\w+")
_DIGITS = re.compile(r"\d")
#: every match of _URL, _MENTION or _DIGITS holds one of these
_PLACEHOLDER_HINT = re.compile(r"www\.|://|@|\d")


def preprocess(text: str) -> str:
    """Replace URLs, @mentions and digits by placeholders."""
    if not text or not _PLACEHOLDER_HINT.search(text):
        return text or ""  # nothing to replace (most texts): three scans saved
    # most of the rest hold only digits: a URL holds "www." or "://", a mention "@"
    if "www." in text or "://" in text:
        text = _URL.sub(" URL ", text)
    if "@" in text:
        text = _MENTION.sub(" @USER ", text)
    return _DIGITS.sub("0", text)


def replaces_only_digits(text: str, pre: str) -> bool:
    """Whether ``pre = preprocess(text)`` changed nothing but digits (no URL, no @mention)."""
    if "www." not in text and "://" not in text and "@" not in text:
        return True  # no URL or mention to replace: preprocess replaced digits only
    return _DIGITS.sub("0", text) == pre


def lexicon_feature_matrix(texts: Sequence[str]) -> np.ndarray:
    """Rule-based lexicon features per text (8 columns, roughly in [-1, 1]).

    SentiWS score, GPL score, SentiWS positive and negative mass (length-normalised), GPL
    positive and negative mass, negation count and exclamation count (log-scaled), emoticon
    polarity.
    """
    toks = TokenArrays.of_texts(list(texts))
    return lexicon_feature_batch(analyse_batch(toks, load_lexicon("sentiws")),
                                 analyse_batch(toks, load_lexicon("gpl")))


def lexicon_feature_batch(a: BatchAnalysis, b: BatchAnalysis) -> np.ndarray:
    """:func:`lexicon_feature_rows` of whole-batch analyses (SentiWS ``a``, GPL ``b`` of
    the same preprocessed texts, shipped rules): the same numbers, column by column."""
    n = np.maximum(a.n_words, 1)
    return np.column_stack([
        a.score, b.score, _squash(a.pos, n, _ALPHA), _squash(a.neg, n, _ALPHA),
        _squash(b.pos, n, _ALPHA), _squash(b.neg, n, _ALPHA),
        np.log1p(a.n_negations) - np.log1p(a.n_exclamations), np.tanh(a.emo)])


def lexicon_feature_rows(pairs: Sequence[tuple[Analysis, Analysis]]) -> np.ndarray:
    """:func:`lexicon_feature_matrix` from analyses already made (SentiWS, GPL per text,
    shipped rules, of the preprocessed text), so a caller that scores the same texts with
    the lexicons does not analyse them twice."""
    rows = np.zeros((len(pairs), 8))
    for i, (a, b) in enumerate(pairs):
        n = max(a.n_words, 1)
        pos_a = sum(h.value for h in a.hits if h.value > 0 and h.how != "emoticon")
        neg_a = sum(h.value for h in a.hits if h.value < 0 and h.how != "emoticon")
        pos_b = sum(h.value for h in b.hits if h.value > 0 and h.how != "emoticon")
        neg_b = sum(h.value for h in b.hits if h.value < 0 and h.how != "emoticon")
        emo = sum(h.value for h in a.hits if h.how == "emoticon")
        rows[i] = (a.score, b.score, squash(pos_a, n), squash(neg_a, n), squash(pos_b, n),
                   squash(neg_b, n), np.log1p(a.n_negations) - np.log1p(a.n_exclamations),
                   np.tanh(emo))
    return rows


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """Stateless transformer: :func:`lexicon_feature_matrix` as a sparse matrix."""

    def fit(self, X: Sequence[str], y: Any = None) -> LexiconFeatures:  # noqa: N803
        return self

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:  # noqa: N803
        return sp.csr_matrix(lexicon_feature_matrix([preprocess(t) for t in X]))


def split_input(X: Any) -> tuple[list[str], np.ndarray]:  # noqa: N803
    """Texts and domain codes from a DataFrame (``text``, ``domain``) or a list of strings.

    A plain list of strings gets the code of an unknown domain (0).
    """
    if isinstance(X, pd.DataFrame):
        dom = X["domain"] if "domain" in X else pd.Series(0.0, index=X.index)
        return X["text"].astype(str).tolist(), dom.to_numpy(dtype=float)
    texts = [str(t) for t in X]
    return texts, np.full(len(texts), DOMAINS["unknown"])


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


def make_counter(**params: Any) -> Counter:
    """The stateless first step (see :class:`Counter`)."""
    p = {**DEFAULT_PARAMS, **params}
    return Counter(word_ngrams=p["word_ngrams"], char_ngrams=p["char_ngrams"])


def make_learner(**params: Any) -> Pipeline:
    """The learning steps: block TF-IDF and a linear SVM (one-vs-rest, liblinear)."""
    p = {**DEFAULT_PARAMS, **params}
    return Pipeline([
        ("tfidf", BlockTfidf(lexicon_scale=p["lexicon_scale"],
                             domain_feature=p["domain_feature"])),
        ("clf", LinearSVC(C=p["C"], class_weight=p["class_weight"], tol=1e-3,
                          random_state=SEED)),
    ])


def make_pipeline(**params: Any) -> Pipeline:
    """The (unfitted) classifier ``Pipeline``; ``params`` override :data:`DEFAULT_PARAMS`."""
    learner = make_learner(**params)
    return Pipeline([("counts", make_counter(**params)), *learner.steps])


def training_data(mp_weight: float | None = None) -> pd.DataFrame:
    """GermEval 2017 dev + One Million Posts sentiment: ``text``, ``label``, ``corpus``,
    ``domain`` (code from :data:`DOMAINS`), ``weight`` (sample weight: 1 for GermEval,
    ``mp_weight`` for One Million Posts)."""
    w = DEFAULT_PARAMS["mp_weight"] if mp_weight is None else mp_weight
    ge = load_germeval2017("dev")
    mp = million_posts_sentiment()
    ge["text"] = ge["text"].str.slice(0, MAX_CHARS)
    mp["text"] = mp["text"].str.slice(0, MAX_CHARS)
    out = pd.concat([
        pd.DataFrame({"text": ge["text"], "label": ge["sentiment"], "corpus": "germeval2017_dev",
                      "domain": DOMAINS["germeval2017"], "weight": 1.0}),
        pd.DataFrame({"text": mp["text"], "label": mp["sentiment"], "corpus": "million_posts",
                      "domain": DOMAINS["million_posts"], "weight": float(w)}),
    ], ignore_index=True)
    return out


def fit(data: pd.DataFrame | None = None, **params: Any) -> Pipeline:
    """Train the pipeline on ``data`` (default :func:`training_data`) deterministically.

    Data from one domain only (e.g. GermEval alone) train without the domain feature: a
    constant column carries no information, but the SVM gives it weight as a second
    intercept, which then shifts every prediction made with another domain code (``unknown``
    as :func:`predict` uses by default) — 4 points of GermEval micro-F1 in cross-validation
    (:mod:`servicelab.sentiment_evaluation`).
    """
    p = {**DEFAULT_PARAMS, **params}
    if data is None:
        data = training_data(p["mp_weight"])
    if "domain" in data and data["domain"].nunique() <= 1:
        p["domain_feature"] = False
    pipe = make_pipeline(**p)
    X = data[["text", "domain"]] if "domain" in data else data["text"].tolist()  # noqa: N806
    pipe.fit(X, data["label"].tolist(), clf__sample_weight=data["weight"].to_numpy())
    return pipe


def counts_key(data: pd.DataFrame) -> str:
    """Hash of everything the training counts depend on: texts, domains, counting settings,
    the code of this module and of the lexicon rules, the lexicon data and library versions."""
    import sklearn

    from servicelab import lexicon, lexicon_batch, quotes

    h = hashlib.sha256()
    for text, dom in zip(data["text"], data["domain"], strict=True):
        h.update(text.encode("utf-8") + b"\x00" + repr(float(dom)).encode() + b"\x01")
    sources = [Path(__file__), Path(hashing.__file__), Path(lexicon.__file__),
               Path(lexicon_batch.__file__), Path(quotes.__file__),
               *sorted((Path(lexicon.__file__).parent / "data" / "sentiment").glob("*"))]
    for path in sources:
        h.update(path.read_bytes())
    h.update(repr((DEFAULT_PARAMS["word_ngrams"], DEFAULT_PARAMS["char_ngrams"], N_HASH,
                   sklearn.__version__, np.__version__)).encode())
    return h.hexdigest()[:20]


@lru_cache(maxsize=1)
def training_counts() -> sp.csr_matrix:
    """``make_counter().transform`` of :func:`training_data` (default settings), cached.

    The counting step is stateless, so the default model and the cross-validation in the
    notebook share this matrix instead of hashing the 5,968 training texts twice; across
    processes it is read from the on-disk cache (see the module docstring).
    """
    data = training_data()
    folder = cache_dir()
    path = folder / f"training-counts-{counts_key(data)}.npz" if folder else None
    if path is not None and path.is_file():
        try:
            with np.load(path, allow_pickle=False) as z:
                counts = sp.csr_matrix((z["data"], z["indices"], z["indptr"]),
                                       shape=tuple(z["shape"]))
            if counts.shape[0] == len(data):
                return counts
        except (OSError, ValueError, KeyError):  # a damaged cache file is recomputed
            pass
    counts = make_counter().transform(data[["text", "domain"]])
    if path is not None:
        buffer = io.BytesIO()
        np.savez(buffer, data=counts.data, indices=counts.indices, indptr=counts.indptr,
                 shape=np.array(counts.shape))
        write_atomic(path, buffer.getvalue())
    return counts


def train_default_model() -> Pipeline:
    """Train the project's model: equivalent to :func:`fit` with the default settings, the
    learning steps fitted on the cached :func:`training_counts` and joined with a fresh
    (stateless) counting step.

    The fitted weights (two IDF vectors, the SVM's coefficients and intercepts) are kept in
    the on-disk cache as NumPy arrays (no pickle), keyed by everything the fit reads, so a
    new process loads them (~0.1 s) instead of fitting the SVM again (~2 s): the same
    numbers, so the same predictions."""
    folder = cache_dir()
    index = folder / f"learner-for-{_sources_key()}.txt" if folder else None
    learner = _read_indexed_learner(folder, index) if index is not None else None
    if learner is None:
        data = training_data()
        key = _learner_key(data)
        path = folder / f"learner-{key}.npz" if folder else None
        learner = _read_learner(path) if path is not None and path.is_file() else None
        if learner is None:
            learner = make_learner()
            learner.fit(training_counts(), data["label"].to_numpy(),
                        clf__sample_weight=data["weight"].to_numpy())
            if path is not None:
                _write_learner(path, learner)
        if index is not None:
            write_atomic(index, key.encode("ascii"))
    return Pipeline([("counts", make_counter()), *learner.steps])


def _training_files() -> list[Path]:
    """The files :func:`training_data` reads (GermEval 2017 dev, One Million Posts)."""
    from servicelab.external import external_dir

    root = external_dir()
    return [root / "germeval2017" / "subtaskB_tsv" / "dev.tsv",
            root / "million_posts" / "posts_labeled.csv.xz"]


def _sources_key() -> str:
    """Hash of everything :func:`_learner_key` is computed from, read as file bytes instead
    of parsed: the training files, the code that reads, counts and fits them (with its
    settings), the lexicon data and the library versions.

    Why: :func:`_learner_key` needs :func:`training_data`, and parsing the two corpora costs
    about 0.45 s CPU in every process that loads the cached model (a build, each Dask
    worker); this key names a small index file holding the learner key, so a process whose
    inputs are unchanged reads the learner without parsing them. Any change to an input
    changes this key, and the learner key is then computed as before."""
    import scipy
    import sklearn

    from servicelab import external, lexicon, lexicon_batch, paths, quotes

    h = hashlib.sha256(b"servicelab learner index 1\0")
    sources = [*_training_files(), Path(__file__), Path(hashing.__file__),
               Path(lexicon.__file__), Path(lexicon_batch.__file__), Path(quotes.__file__),
               Path(external.__file__), Path(paths.__file__),
               *sorted((Path(lexicon.__file__).parent / "data" / "sentiment").glob("*"))]
    for path in sources:
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        h.update(str(path.name).encode() + b"\0")
        h.update(b"\1missing" if data is None else len(data).to_bytes(8, "big") + data)
    h.update(repr((sorted(DEFAULT_PARAMS.items()), SEED, N_HASH, MAX_CHARS,
                   sorted(DOMAINS.items()), sklearn.__version__, np.__version__,
                   pd.__version__, scipy.__version__)).encode())
    return h.hexdigest()[:20]


def _read_indexed_learner(folder: Path | None, index: Path) -> Pipeline | None:
    """The learner named by an index file of :func:`train_default_model`, or None when
    the index or its learner is missing or damaged (then the learner key is recomputed)."""
    try:
        key = index.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if folder is None or not re.fullmatch(r"[0-9a-f]{20}", key):
        return None
    path = folder / f"learner-{key}.npz"
    return _read_learner(path) if path.is_file() else None


def _learner_key(data: pd.DataFrame) -> str:
    """Hash of what the fitted learner depends on: the counts' key (texts, code, versions),
    the labels and weights, the learner settings and the seed."""
    h = hashlib.sha256(counts_key(data).encode())
    for label, weight in zip(data["label"], data["weight"], strict=True):
        h.update(str(label).encode("utf-8") + b"\x00" + repr(float(weight)).encode() + b"\x01")
    h.update(repr((sorted(DEFAULT_PARAMS.items()), SEED)).encode())
    return h.hexdigest()[:20]


def _write_learner(path: Path, learner: Pipeline) -> None:
    tfidf, clf = learner.named_steps["tfidf"], learner.named_steps["clf"]
    buffer = io.BytesIO()
    np.savez(buffer, word_idf=tfidf.word_.idf_, char_idf=tfidf.char_.idf_, coef=clf.coef_,
             intercept=clf.intercept_, classes=np.asarray(clf.classes_, dtype=str),
             classes_object=np.array(clf.classes_.dtype == object),
             n_iter=np.asarray(clf.n_iter_))
    write_atomic(path, buffer.getvalue())


def _read_learner(path: Path) -> Pipeline | None:
    """The learner of :func:`_write_learner`, or None for a damaged or foreign file."""
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError):
        return None
    need = {"word_idf", "char_idf", "coef", "intercept", "classes", "classes_object", "n_iter"}
    width = 2 * N_HASH + 8 + int(bool(DEFAULT_PARAMS["domain_feature"]))
    if set(arrays) != need or arrays["coef"].shape[1:] != (width,) \
            or arrays["word_idf"].shape != (N_HASH,) or arrays["char_idf"].shape != (N_HASH,):
        return None
    learner = make_learner()
    tfidf, clf = learner.named_steps["tfidf"], learner.named_steps["clf"]
    for name, key in (("word_", "word_idf"), ("char_", "char_idf")):
        weights = TfidfTransformer(sublinear_tf=True)
        weights.idf_ = arrays[key]
        weights.n_features_in_ = N_HASH
        setattr(tfidf, name, weights)
    classes = arrays["classes"]
    clf.classes_ = (np.array([str(c) for c in classes], dtype=object)
                    if bool(arrays["classes_object"]) else classes)
    clf.coef_, clf.intercept_ = arrays["coef"], arrays["intercept"]
    clf.n_features_in_ = int(arrays["coef"].shape[1])
    clf.n_iter_ = int(arrays["n_iter"])
    return learner


_DEFAULT: dict[str, Pipeline] = {}  # this process's default model, trained or received once


def default_model() -> Pipeline:
    """The project's trained model (trained on first use, then kept in memory; or the one
    handed over with :func:`use_default_model`)."""
    if "model" not in _DEFAULT:
        _DEFAULT["model"] = train_default_model()
    return _DEFAULT["model"]


def use_default_model(model: Pipeline) -> None:
    """Make ``model``, trained in another process, this process's default model, so it is
    not trained again here (the Dask engine sends its workers the client's model)."""
    _DEFAULT["model"] = model


#: Texts per block in :func:`decision_scores` and :func:`predict`. Rows are independent, so
#: blocks give the same margins; they keep the hashed n-gram arrays small enough for the
#: allocator to reuse, where one matrix over a whole corpus was mapped fresh each time
#: (page faults were most of the model's time on the 2 MB bench corpus).
BLOCK_ROWS = 4096


def _margins(model: Pipeline, texts: list[str], codes: np.ndarray,
             lexicon_rows: np.ndarray | None, pre: list[str] | None = None) -> np.ndarray:
    """SVM margins of one block (columns in ``model.classes_`` order).

    For the project's pipeline (:class:`Counter`, :class:`BlockTfidf`, SVM) the blocks are
    weighted one by one and stacked once — the matrix ``BlockTfidf.transform`` makes from
    the stacked counts, without stacking and slicing the counts first; any other pipeline
    runs as it is. ``pre`` may pass ``preprocess`` of each text (made by the caller)."""
    counter = model[0]
    tfidf = model[1] if len(model) == 3 else None
    if not (isinstance(counter, Counter) and isinstance(tfidf, BlockTfidf)):
        if lexicon_rows is not None and isinstance(counter, Counter):
            return model[1:].decision_function(counter.counts(texts, codes, lexicon_rows))
        return model.decision_function(pd.DataFrame({"text": texts, "domain": codes}))
    if pre is None:
        pre = [preprocess(t) for t in texts]
    lex = lexicon_feature_matrix(pre) if lexicon_rows is None else lexicon_rows
    # the counts are made here and used once: weighted in place (copy=False), no copy
    blocks = [tfidf.word_.transform(hashing.word_counts(pre, counter.word_ngrams, N_HASH),
                                    copy=False),
              tfidf.char_.transform(hashing.char_wb_counts(pre, counter.char_ngrams, N_HASH),
                                    copy=False),
              sp.csr_matrix(np.asarray(lex, dtype=float)) * tfidf.lexicon_scale]
    if tfidf.domain_feature:
        blocks.append(sp.csr_matrix(np.asarray(codes, dtype=float)[:, None]))
    return linear_margins(model[-1], blocks)


#: id(coef_) -> (coef_, coef_.T in C order), the weights of linear_margins
_COEF_ROWS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def linear_margins(clf: Any, blocks: Sequence[sp.csr_matrix]) -> np.ndarray:
    """``clf.decision_function(sp.hstack(blocks, format="csr"))`` of a linear classifier
    with a 2-D ``coef_``, without stacking the blocks: the same numbers, bit for bit.

    Why: stacking the word and character blocks copied every entry of a block once more
    (and scikit-learn copied the transposed weights per call). The margins are SciPy's
    ``csr_matvecs``, which adds each entry's products to the output row in the row's
    order; the stacked row is the blocks' rows one after the other, so running it block
    by block on the same output array makes the same additions in the same order
    (``tests/test_sentiment_model.py`` compares both). Anything else (another classifier,
    an unexpected shape or type) takes scikit-learn's own path."""
    coef = getattr(clf, "coef_", None)
    widths = [b.shape[1] for b in blocks]
    if (_matvecs is None or not isinstance(coef, np.ndarray) or coef.ndim != 2
            or coef.dtype != np.float64 or coef.shape[1] != sum(widths)
            or not all(sp.issparse(b) and b.format == "csr" and b.dtype == np.float64
                       and b.indptr.dtype == b.indices.dtype for b in blocks)):
        return clf.decision_function(sp.hstack(blocks, format="csr"))
    cached = _COEF_ROWS.get(id(coef))
    if cached is None or cached[0] is not coef:
        _COEF_ROWS.clear()
        cached = _COEF_ROWS[id(coef)] = (coef, np.ascontiguousarray(coef.T))
    rows = cached[1]
    n, k = blocks[0].shape[0], coef.shape[0]
    out = np.zeros((n, k))
    flat = out.ravel()  # a view: matvecs adds into ``out``
    at = 0
    for b, width in zip(blocks, widths, strict=True):
        if b.nnz:
            _matvecs(n, width, k, b.indptr, b.indices, b.data, rows[at:at + width].ravel(),
                     flat)
        at += width
    return out + clf.intercept_


def _blocked_margins(texts: Sequence[str], model: Pipeline, domain: str,
                     lexicon_rows: np.ndarray | None, block_rows: int,
                     preprocessed: Sequence[str] | None = None) -> np.ndarray:
    """:func:`_margins` of ``texts`` in blocks of ``block_rows``."""
    if domain not in DOMAINS:
        raise ValueError(f"unknown domain {domain!r}; use one of {sorted(DOMAINS)}")
    texts = [str(t) for t in texts]
    if preprocessed is not None and len(preprocessed) != len(texts):
        raise ValueError("preprocessed must hold one string per text")
    codes = np.full(len(texts), DOMAINS[domain])
    out = []
    for a in range(0, len(texts), max(int(block_rows), 1)):
        b = a + max(int(block_rows), 1)
        out.append(_margins(model, texts[a:b], codes[a:b],
                            None if lexicon_rows is None else lexicon_rows[a:b],
                            None if preprocessed is None else list(preprocessed[a:b])))
    return np.vstack(out)


def decision_scores(texts: Sequence[str], model: Pipeline | None = None,
                    domain: str = "unknown", lexicon_rows: np.ndarray | None = None,
                    block_rows: int = BLOCK_ROWS,
                    preprocessed: Sequence[str] | None = None) -> pd.DataFrame:
    """Per-class margins of the SVM (columns negative / neutral / positive).

    ``domain`` names where the texts come from (a key of :data:`DOMAINS`); ``unknown`` for
    anything but the two training corpora. ``lexicon_rows`` may pass the texts' lexicon
    features (:func:`lexicon_feature_rows`) when the caller has analysed them already, and
    ``preprocessed`` their :func:`preprocess` (made by the caller: not made twice).
    The texts are scored in blocks of ``block_rows`` (same margins, less memory).
    """
    model = model or default_model()
    if len(texts) == 0:
        return pd.DataFrame(columns=list(LABELS), dtype=float)
    dec = _blocked_margins(texts, model, domain, lexicon_rows, block_rows, preprocessed)
    return pd.DataFrame(dec, columns=list(model.classes_))[list(LABELS)]


def polarity(decision: pd.DataFrame) -> np.ndarray:
    """Continuous score in (-1, 1): softmax of the margins, P(positive) - P(negative)."""
    d = decision.to_numpy(dtype=float)
    if d.size == 0:
        return np.zeros(0)
    e = np.exp(d - d.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return p[:, 2] - p[:, 0]


def predict_counts(counts: sp.csr_matrix, model: Pipeline | None = None,
                   domain: str | None = None) -> list[str]:
    """Labels from precomputed ``make_counter()`` output (optionally with the domain code
    column overwritten by ``domain``): score one set of texts under several domain codes
    without counting them again."""
    model = model or default_model()
    counts = sp.csr_matrix(counts)
    if domain is not None:
        code = np.full((counts.shape[0], 1), DOMAINS[domain])
        counts = sp.hstack([counts[:, :-1], sp.csr_matrix(code)], format="csr")
    return [str(x) for x in model[1:].predict(counts)]


def predict(texts: Sequence[str], model: Pipeline | None = None,
            domain: str = "unknown", block_rows: int = BLOCK_ROWS) -> list[str]:
    """Labels negative / neutral / positive, one per text (``domain`` and ``block_rows``
    as in :func:`decision_scores`): the class of the largest margin, as the SVM's own
    ``predict``."""
    model = model or default_model()
    if len(texts) == 0:
        return []
    dec = _blocked_margins(texts, model, domain, None, block_rows)
    return [str(x) for x in np.asarray(model.classes_)[dec.argmax(axis=1)]]


def cross_val_predict_fast(counts: sp.csr_matrix, labels: Sequence[str],
                           folds: Sequence[int], weights: Sequence[float] | None = None,
                           test_mask: Sequence[bool] | None = None, **params: Any) -> np.ndarray:
    """Out-of-fold predictions, refitting only the learning steps per fold.

    ``counts`` is ``make_counter().transform(texts)`` (stateless, so computing it once is
    exactly equivalent to refitting the whole pipeline per fold). Rows with fold ``k`` are
    predicted by a model trained on all other rows (also rows with fold -1, which are
    always in training); rows outside ``test_mask`` are never predicted (returned as "").
    """
    labels_arr = np.asarray(labels, dtype=object)
    folds_arr = np.asarray(folds)
    w = np.ones(len(labels_arr)) if weights is None else np.asarray(weights, dtype=float)
    mask = np.ones(len(labels_arr), bool) if test_mask is None else np.asarray(test_mask)
    out = np.full(len(labels_arr), "", dtype=object)
    for k in sorted(set(folds_arr[mask].tolist()) - {-1}):
        test = (folds_arr == k) & mask
        train = folds_arr != k
        learner = make_learner(**params)
        learner.fit(counts[train], labels_arr[train], clf__sample_weight=w[train])
        out[test] = learner.predict(counts[test])
    return out


def training_folds(data: pd.DataFrame, n_germeval_folds: int = 5) -> pd.DataFrame:
    """Cross-validation folds over the training data (never touches test data).

    ``germeval_fold``: stratified ``n_germeval_folds``-fold split of the GermEval dev rows
    (-1 for One Million Posts rows, which then always stay in training); ``mp_fold``: the
    corpus authors' 10-fold split for SentimentNegative (-1 for GermEval rows).
    """
    from sklearn.model_selection import StratifiedKFold

    ge = (data["corpus"] == "germeval2017_dev").to_numpy()
    ge_fold = np.full(len(data), -1)
    idx = np.flatnonzero(ge)
    skf = StratifiedKFold(n_germeval_folds, shuffle=True, random_state=SEED)
    for k, (_, test) in enumerate(skf.split(idx, data["label"].to_numpy()[idx])):
        ge_fold[idx[test]] = k
    mp_fold = np.full(len(data), -1)
    mp_rows = million_posts_sentiment()
    mp_fold[~ge] = mp_rows["fold"].to_numpy()
    return pd.DataFrame({"germeval_fold": ge_fold, "mp_fold": mp_fold}, index=data.index)


def model_selection(grid: Sequence[dict[str, Any]], counts: sp.csr_matrix | None = None,
                    data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cross-validate parameter settings on the training data only.

    For each setting: GermEval dev 5-fold micro- and macro-F1 (One Million Posts always in
    training) and One Million Posts 10-fold F1 of the negative class (GermEval dev always in
    training), and ``criterion`` = the mean of GermEval micro-F1 and One Million Posts
    negative F1 (the two official metrics). ``counts`` may pass
    ``make_counter().transform(data[["text", "domain"]])`` to save time.
    """
    from sklearn.metrics import f1_score

    data = training_data() if data is None else data
    folds = training_folds(data)
    if counts is None:
        counts = make_counter().transform(data[["text", "domain"]])
    y = data["label"].to_numpy()
    ge = (data["corpus"] == "germeval2017_dev").to_numpy()
    rows = []
    for params in grid:
        p = {**DEFAULT_PARAMS, **params}
        w = np.where(ge, 1.0, p["mp_weight"])
        pred_ge = cross_val_predict_fast(counts, y, folds["germeval_fold"], w, ge, **p)
        pred_mp = cross_val_predict_fast(counts, y, folds["mp_fold"], w, ~ge, **p)
        micro = float(np.mean(pred_ge[ge] == y[ge]))
        neg_f1 = float(f1_score(y[~ge] == "negative", pred_mp[~ge] == "negative"))
        rows.append({**params, "germeval_cv_micro_f1": micro,
                     "germeval_cv_macro_f1": float(f1_score(y[ge], pred_ge[ge],
                                                            average="macro")),
                     "mp_cv_negative_f1": neg_f1, "criterion": (micro + neg_f1) / 2})
    return pd.DataFrame(rows)
