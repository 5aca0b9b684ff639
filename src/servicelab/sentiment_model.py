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
second. Scoring with the default model reads those arrays as :class:`LinearWeights` and
computes the pipeline's margins in NumPy and SciPy, bit for bit, without importing
scikit-learn (0.7 s CPU per fresh process); scikit-learn's classes
(:mod:`servicelab.sentiment_estimators`) are imported to train or when a ``Pipeline`` is
asked for. Training data:

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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

if TYPE_CHECKING:  # scikit-learn is imported only to train (see sentiment_estimators)
    from sklearn.pipeline import Pipeline

    from servicelab.sentiment_estimators import Counter

try:  # SciPy's sparse × dense kernel, used by ``csr_matrix @ ndarray`` (see linear_margins)
    from scipy.sparse._sparsetools import csr_matvecs as _matvecs
except ImportError:  # pragma: no cover - another SciPy layout: the stacked path is used
    _matvecs = None

from servicelab import hashing
from servicelab.cache import cache_dir, package_version, write_atomic
from servicelab.external import load_germeval2017, million_posts_sentiment
from servicelab.lexicon import Analysis, SentimentLexicon, load_lexicon, squash
from servicelab.lexicon_batch import BatchAnalysis, TokenArrays, _squash, analyse_batch
from servicelab.tfidf_fit import tfidf  # noqa: F401  (also reached as sentiment_model.tfidf)

#: names of :mod:`servicelab.sentiment_estimators` still read from this module
_ESTIMATORS = ("BlockTfidf", "Counter", "LexiconFeatures")


def __getattr__(name: str) -> Any:
    """``Counter``, ``BlockTfidf`` and ``LexiconFeatures``, imported (with scikit-learn)
    when first asked for."""
    if name in _ESTIMATORS:
        from servicelab import sentiment_estimators

        return getattr(sentiment_estimators, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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


def split_input(X: Any) -> tuple[list[str], np.ndarray]:  # noqa: N803
    """Texts and domain codes from a DataFrame (``text``, ``domain``) or a list of strings.

    A plain list of strings gets the code of an unknown domain (0).
    """
    if isinstance(X, pd.DataFrame):
        dom = X["domain"] if "domain" in X else pd.Series(0.0, index=X.index)
        return X["text"].astype(str).tolist(), dom.to_numpy(dtype=float)
    texts = [str(t) for t in X]
    return texts, np.full(len(texts), DOMAINS["unknown"])


def make_counter(**params: Any) -> Counter:
    """The stateless first step (see :class:`Counter`)."""
    from servicelab.sentiment_estimators import Counter

    p = {**DEFAULT_PARAMS, **params}
    return Counter(word_ngrams=p["word_ngrams"], char_ngrams=p["char_ngrams"])


def make_learner(**params: Any) -> Pipeline:
    """The learning steps: block TF-IDF and a linear SVM (one-vs-rest, liblinear)."""
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    from servicelab.sentiment_estimators import BlockTfidf

    p = {**DEFAULT_PARAMS, **params}
    return Pipeline([
        ("tfidf", BlockTfidf(lexicon_scale=p["lexicon_scale"],
                             domain_feature=p["domain_feature"])),
        ("clf", LinearSVC(C=p["C"], class_weight=p["class_weight"], tol=1e-3,
                          random_state=SEED)),
    ])


def make_pipeline(**params: Any) -> Pipeline:
    """The (unfitted) classifier ``Pipeline``; ``params`` override :data:`DEFAULT_PARAMS`."""
    from sklearn.pipeline import Pipeline

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
    sources = [Path(__file__), _estimators_file(), Path(hashing.__file__), Path(lexicon.__file__),
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
    from sklearn.pipeline import Pipeline

    return Pipeline([("counts", make_counter()), *learner.steps])


def _estimators_file() -> Path:
    """The source of :mod:`servicelab.sentiment_estimators` (part of the cache keys)."""
    return Path(__file__).with_name("sentiment_estimators.py")


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

    from servicelab import external, lexicon, lexicon_batch, paths, quotes

    h = hashlib.sha256(b"servicelab learner index 1\0")
    sources = [*_training_files(), Path(__file__), _estimators_file(), Path(hashing.__file__),
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
                   sorted(DOMAINS.items()),
                   package_version("scikit-learn", "sklearn"), np.__version__,
                   pd.__version__, scipy.__version__)).encode())
    return h.hexdigest()[:20]


def _read_indexed_learner(folder: Path | None, index: Path) -> Pipeline | None:
    """The learner named by an index file of :func:`train_default_model`, or None when
    the index or its learner is missing or damaged (then the learner key is recomputed)."""
    key = _indexed_key(folder, index)
    if folder is None or key is None:
        return None
    path = folder / f"learner-{key}.npz"
    return _read_learner(path) if path.is_file() else None


def _indexed_key(folder: Path | None, index: Path) -> str | None:
    """The learner key held by an index file of :func:`train_default_model`, or None."""
    try:
        key = index.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if folder is None or not re.fullmatch(r"[0-9a-f]{20}", key):
        return None
    return key


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
    weights = _read_weights(path)
    return None if weights is None else _learner_of(weights)


def _read_weights(path: Path) -> LinearWeights | None:
    """The numbers of :func:`_write_learner` as :class:`LinearWeights` (no scikit-learn),
    or None for a damaged or foreign file."""
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
    classes = arrays["classes"]
    if bool(arrays["classes_object"]):
        classes = np.array([str(c) for c in classes], dtype=object)
    return LinearWeights(
        word_idf=arrays["word_idf"], char_idf=arrays["char_idf"], coef=arrays["coef"],
        intercept=arrays["intercept"], classes=classes, n_iter=int(arrays["n_iter"]),
        lexicon_scale=float(DEFAULT_PARAMS["lexicon_scale"]),
        domain_feature=bool(DEFAULT_PARAMS["domain_feature"]),
        word_ngrams=tuple(DEFAULT_PARAMS["word_ngrams"]),
        char_ngrams=tuple(DEFAULT_PARAMS["char_ngrams"]))


def _learner_of(weights: LinearWeights) -> Pipeline:
    """The fitted learning steps (block TF-IDF, SVM) holding ``weights``' arrays."""
    from sklearn.feature_extraction.text import TfidfTransformer

    learner = make_learner()
    tfidf, clf = learner.named_steps["tfidf"], learner.named_steps["clf"]
    for name, idf in (("word_", weights.word_idf), ("char_", weights.char_idf)):
        step = TfidfTransformer(sublinear_tf=True)
        step.idf_ = idf
        step.n_features_in_ = N_HASH
        setattr(tfidf, name, step)
    clf.classes_ = weights.classes
    clf.coef_, clf.intercept_ = weights.coef, weights.intercept
    clf.n_features_in_ = int(weights.coef.shape[1])
    clf.n_iter_ = weights.n_iter
    return learner


@dataclass(frozen=True, eq=False)
class LinearWeights:
    """The fitted numbers of the project's pipeline (:class:`Counter`, :class:`BlockTfidf`,
    a multi-class linear SVM) as NumPy arrays, which score texts without scikit-learn.

    Why: importing scikit-learn costs about 0.7 s CPU in every fresh process (a build, a
    Dask worker, a notebook's first ``classify``), and the cached model needs none of it:
    :func:`tfidf` and :func:`weighted_margins` make the pipeline's margins bit for bit
    (``tests/test_sentiment_model.py`` compares them with ``Pipeline.decision_function``).
    """

    word_idf: np.ndarray
    char_idf: np.ndarray
    coef: np.ndarray  # classes × features
    intercept: np.ndarray
    classes: np.ndarray
    n_iter: int = 0
    lexicon_scale: float = 1.0
    domain_feature: bool = True
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)

    @property
    def rows(self) -> np.ndarray:
        """``coef.T`` in C order (features × classes), the operand of the margin kernel;
        made once per weights (shared with :func:`linear_margins`' cache)."""
        return _coef_rows(self.coef)


def _weights_of(model: Any) -> LinearWeights | None:
    """:class:`LinearWeights` sharing the arrays of a fitted project pipeline (counting
    step, block TF-IDF with sublinear, l2-normalised IDF weights, multi-class linear
    classifier), or None for any other model (then scikit-learn's own path is used)."""
    cached = _WEIGHTS_OF.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    from servicelab.sentiment_estimators import BlockTfidf, Counter

    weights = None
    try:
        counter, tfidf, clf = model[0], model[1], model[-1]
        ok = len(model) == 3 and isinstance(counter, Counter) \
            and isinstance(tfidf, BlockTfidf)
    except (TypeError, KeyError, IndexError):
        ok = False
    if ok:
        steps = (getattr(tfidf, "word_", None), getattr(tfidf, "char_", None))
        coef = getattr(clf, "coef_", None)
        classes = getattr(clf, "classes_", None)
        ok = (all(type(t).__name__ == "TfidfTransformer" and t.sublinear_tf
                  and t.norm == "l2" and t.use_idf and getattr(t, "idf_", None) is not None
                  for t in steps)
              and isinstance(coef, np.ndarray) and coef.ndim == 2
              and coef.dtype == np.float64 and classes is not None
              and coef.shape[0] == len(classes) > 2)
    if ok:
        weights = LinearWeights(
            word_idf=np.asarray(tfidf.word_.idf_, dtype=np.float64),
            char_idf=np.asarray(tfidf.char_.idf_, dtype=np.float64), coef=coef,
            intercept=np.asarray(clf.intercept_), classes=np.asarray(classes),
            n_iter=int(np.max(getattr(clf, "n_iter_", 0))),
            lexicon_scale=tfidf.lexicon_scale, domain_feature=bool(tfidf.domain_feature),
            word_ngrams=tuple(counter.word_ngrams), char_ngrams=tuple(counter.char_ngrams))
    _WEIGHTS_OF.clear()
    _WEIGHTS_OF[id(model)] = (model, weights)
    return weights


#: id(model) -> (model, its LinearWeights or None): the last model scored
_WEIGHTS_OF: dict[int, tuple[Any, LinearWeights | None]] = {}


def default_weights() -> LinearWeights | None:
    """The default model's :class:`LinearWeights`: read from the on-disk cache without
    scikit-learn when its index and arrays are there (what :func:`train_default_model`
    would read), else those of :func:`default_model`; None when the default model handed
    over by :func:`use_default_model` is not the project's kind of pipeline."""
    if "weights" not in _DEFAULT:
        weights = None
        if "model" not in _DEFAULT:
            folder = cache_dir()
            if folder is not None:
                index = folder / f"learner-for-{_sources_key()}.txt"
                key = _indexed_key(folder, index)
                if key is not None:
                    weights = _read_weights(folder / f"learner-{key}.npz")
        if weights is None:
            weights = _weights_of(default_model())
        _DEFAULT["weights"] = weights
    return _DEFAULT["weights"]


_DEFAULT: dict[str, Any] = {}  # this process's default model and weights, made once


def default_model() -> Pipeline:
    """The project's trained model (trained on first use, then kept in memory; or the one
    handed over with :func:`use_default_model`)."""
    if "model" not in _DEFAULT:
        weights = _DEFAULT.get("weights")
        if weights is not None:  # handed over as arrays: the pipeline of those, no refit
            from sklearn.pipeline import Pipeline

            _DEFAULT["model"] = Pipeline([("counts", make_counter()),
                                          *_learner_of(weights).steps])
        else:
            _DEFAULT["model"] = train_default_model()
    return _DEFAULT["model"]


def use_default_model(model: Pipeline | LinearWeights) -> None:
    """Make ``model``, trained in another process, this process's default model, so it is
    not trained again here (the Dask engine sends its workers the client's model). As
    :class:`LinearWeights` (what :func:`default_weights` gives) it scores without importing
    scikit-learn here; :func:`default_model` makes the pipeline of those numbers if asked."""
    _DEFAULT.clear()
    _DEFAULT["weights" if isinstance(model, LinearWeights) else "model"] = model


#: Texts per block in :func:`decision_scores` and :func:`predict`. Rows are independent, so
#: blocks give the same margins; they keep the hashed n-gram arrays small enough for the
#: allocator to reuse, where one matrix over a whole corpus was mapped fresh each time
#: (page faults were most of the model's time on the 2 MB bench corpus).
BLOCK_ROWS = 4096


def _margins(model: Pipeline | LinearWeights, texts: list[str], codes: np.ndarray,
             lexicon_rows: np.ndarray | None, pre: list[str] | None = None) -> np.ndarray:
    """SVM margins of one block (columns in the classes' order).

    For :class:`LinearWeights` and the project's pipeline (:class:`Counter`,
    :class:`BlockTfidf`, SVM) the blocks are weighted one by one (:func:`tfidf`) and their
    margins added (:func:`weighted_margins`) — the numbers ``BlockTfidf.transform`` and the
    SVM make from the stacked counts; any other pipeline runs as it is. ``pre`` may pass
    ``preprocess`` of each text (made by the caller)."""
    weights = model if isinstance(model, LinearWeights) else _weights_of(model)
    if weights is None:
        from servicelab.sentiment_estimators import Counter

        counter = model[0]
        if lexicon_rows is not None and isinstance(counter, Counter):
            return model[1:].decision_function(counter.counts(texts, codes, lexicon_rows))
        return model.decision_function(pd.DataFrame({"text": texts, "domain": codes}))
    if pre is None:
        pre = [preprocess(t) for t in texts]
    lex = lexicon_feature_matrix(pre) if lexicon_rows is None else lexicon_rows
    # the counts are made here and used once: weighted in place, no copy
    blocks = [tfidf(hashing.word_counts(pre, weights.word_ngrams, N_HASH), weights.word_idf),
              tfidf(hashing.char_wb_counts(pre, weights.char_ngrams, N_HASH),
                    weights.char_idf),
              sp.csr_matrix(np.asarray(lex, dtype=float)) * weights.lexicon_scale]
    if weights.domain_feature:
        blocks.append(sp.csr_matrix(np.asarray(codes, dtype=float)[:, None]))
    return weighted_margins(weights.coef, weights.intercept, blocks)


#: id(coef_) -> (coef_, coef_.T in C order), the weights of linear_margins
_COEF_ROWS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _coef_rows(coef: np.ndarray) -> np.ndarray:
    """``coef.T`` in C order, made once per coefficient array."""
    cached = _COEF_ROWS.get(id(coef))
    if cached is None or cached[0] is not coef:
        _COEF_ROWS.clear()
        cached = _COEF_ROWS[id(coef)] = (coef, np.ascontiguousarray(coef.T))
    return cached[1]


def linear_margins(clf: Any, blocks: Sequence[sp.csr_matrix]) -> np.ndarray:
    """``clf.decision_function(sp.hstack(blocks, format="csr"))`` of a linear classifier
    with a 2-D ``coef_``, without stacking the blocks: the same numbers, bit for bit
    (:func:`weighted_margins`). Anything else (another classifier, an unexpected shape or
    type) takes scikit-learn's own path."""
    coef = getattr(clf, "coef_", None)
    if not isinstance(coef, np.ndarray) or coef.ndim != 2 or coef.dtype != np.float64:
        return clf.decision_function(sp.hstack(blocks, format="csr"))
    return weighted_margins(coef, clf.intercept_, blocks)


def weighted_margins(coef: np.ndarray, intercept: np.ndarray,
                     blocks: Sequence[sp.csr_matrix]) -> np.ndarray:
    """``sp.hstack(blocks, format="csr") @ coef.T + intercept`` (what a linear classifier's
    ``decision_function`` computes) without stacking the blocks: the same numbers, bit for
    bit.

    Why: stacking the word and character blocks copied every entry of a block once more
    (and scikit-learn copied the transposed weights per call). The margins are SciPy's
    ``csr_matvecs``, which adds each entry's products to the output row in the row's
    order; the stacked row is the blocks' rows one after the other, so running it block
    by block on the same output array makes the same additions in the same order
    (``tests/test_sentiment_model.py`` compares both). Unexpected shapes or types are
    stacked and multiplied as they are."""
    widths = [b.shape[1] for b in blocks]
    if (_matvecs is None or coef.ndim != 2 or coef.dtype != np.float64
            or coef.shape[1] != sum(widths)
            or not all(sp.issparse(b) and b.format == "csr" and b.dtype == np.float64
                       and b.indptr.dtype == b.indices.dtype for b in blocks)):
        return np.asarray(sp.hstack(blocks, format="csr") @ coef.T) + intercept
    rows = _coef_rows(coef)
    n, k = blocks[0].shape[0], coef.shape[0]
    out = np.zeros((n, k))
    flat = out.ravel()  # a view: matvecs adds into ``out``
    at = 0
    for b, width in zip(blocks, widths, strict=True):
        if b.nnz:
            _matvecs(n, width, k, b.indptr, b.indices, b.data, rows[at:at + width].ravel(),
                     flat)
        at += width
    return out + intercept


def _blocked_margins(texts: Sequence[str], model: Pipeline | LinearWeights, domain: str,
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
    if len(texts) == 0:
        return pd.DataFrame(columns=list(LABELS), dtype=float)
    scorer = _scorer(model)
    dec = _blocked_margins(texts, scorer, domain, lexicon_rows, block_rows, preprocessed)
    return pd.DataFrame(dec, columns=[str(c) for c in _classes(scorer)])[list(LABELS)]


def _scorer(model: Pipeline | None) -> Pipeline | LinearWeights:
    """``model``, or the default model's weights (scikit-learn not imported when they are
    read from the cache), or the default model itself."""
    if model is not None:
        return model
    weights = default_weights()
    return weights if weights is not None else default_model()


def _classes(scorer: Pipeline | LinearWeights) -> np.ndarray:
    return np.asarray(scorer.classes if isinstance(scorer, LinearWeights)
                      else scorer.classes_)


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
    if len(texts) == 0:
        return []
    scorer = _scorer(model)
    dec = _blocked_margins(texts, scorer, domain, None, block_rows)
    return [str(x) for x in _classes(scorer)[dec.argmax(axis=1)]]


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
