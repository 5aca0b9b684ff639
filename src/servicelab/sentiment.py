"""Sentiment of German customer-service texts: several measures side by side.

Methods (names used in every table):

* ``naive`` — SentiWS v2.0, exact lower-cased word forms summed, no rules; label by sign.
  The baseline that shows what the German rules are worth.
* ``sentiws`` — SentiWS v2.0 with the German rules of :mod:`servicelab.lexicon` (negation
  scope, degree words, suffix/compound fallback, exclamation, emoticons, quoted text).
* ``gpl`` — the German Polarity Lexicon (Clematide & Klenner 2010) with the same rules.
* ``model`` — the supervised scikit-learn pipeline of :mod:`servicelab.sentiment_model`,
  trained on GermEval 2017 dev + One Million Posts; the project's best method, used by
  :func:`classify`.

Scores are continuous in (-1, 1) (negative … positive). Lexicon labels use a neutral band
``|score| <= threshold`` whose width is chosen on the *training* data (GermEval 2017 dev,
maximising macro-F1), never on test data; the model predicts labels directly.

``build_tables(corpus)`` returns ``{"sentiment": df}`` with one row per unit (sentence and
segment) and method. Segments are scored on their own words: sentences flagged ``quoted`` by
the corpus (a vendor letter quoted in a complaint, a quoted comment) are left out of the
segment text when the segment has unquoted sentences too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from servicelab import sentiment_model
from servicelab.cache import cache_dir, write_atomic
from servicelab.lexicon import SentimentLexicon
from servicelab.lexicon_batch import BatchAnalysis, TokenArrays, analyse_batch

LABELS = ("negative", "neutral", "positive")
METHODS = ("naive", "sentiws", "gpl", "model")
BEST_METHOD = "model"
_THRESHOLD_GRID = tuple(np.round(np.arange(0.0, 0.951, 0.05), 2))
_HAS_WORD = re.compile(r"[^\W\d_]")


def _clean(texts: Iterable[Any]) -> list[str]:
    return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t)
            for t in texts]


def lexicon_scores(texts: Sequence[str], method: str,
                   rules: SentimentLexicon | None = None) -> np.ndarray:
    """Continuous scores of one lexicon method (``naive``, ``sentiws``, ``gpl``) under
    ``rules`` (default: the shipped :class:`~servicelab.lexicon.SentimentLexicon`)."""
    sl = rules or SentimentLexicon.default()
    if method == "naive":
        lex, how = sl.lexicon("sentiws"), False
    elif method in ("sentiws", "gpl"):
        lex, how = sl.lexicon(method), sl
    else:
        raise ValueError(f"not a lexicon method: {method!r}")
    # analyse tokenises with the rules it is given; the naive count with the shipped ones
    toks = TokenArrays.of_texts(list(texts), sl if how is not False else None)
    return analyse_batch(toks, lex, rules=how).score


def score(texts: Sequence[str], methods: Sequence[str] = METHODS,
          rules: SentimentLexicon | None = None) -> pd.DataFrame:
    """Continuous sentiment scores in (-1, 1), one row per text and one column per method.

    Texts without any letter score 0 with every method. ``rules`` are the lexicon rules
    (the model is trained with the shipped ones).
    """
    texts = _clean(texts)
    unknown = sorted(set(methods) - set(METHODS))
    if unknown:
        raise ValueError(f"unknown sentiment method(s) {unknown}; choose from {METHODS}")
    out = pd.DataFrame(index=pd.RangeIndex(len(texts)))
    has_word = np.array([bool(_HAS_WORD.search(t)) for t in texts], dtype=bool)
    for m in methods:
        if m == "model":
            values = np.zeros(len(texts))
            idx = np.flatnonzero(has_word)
            if len(idx):
                dec = sentiment_model.decision_scores([texts[i] for i in idx])
                values[idx] = sentiment_model.polarity(dec)
            out[m] = values
        else:
            out[m] = np.where(has_word, lexicon_scores(texts, m, rules), 0.0)
    return out


def threshold_labels(scores: Sequence[float] | np.ndarray, threshold: float) -> np.ndarray:
    """negative below ``-threshold``, positive above ``threshold``, neutral between."""
    s = np.asarray(scores, dtype=float)
    out = np.full(s.shape, "neutral", dtype=object)
    out[s > threshold] = "positive"
    out[s < -threshold] = "negative"
    return out


def tune_threshold(scores: np.ndarray, gold: Sequence[str]) -> tuple[float, pd.DataFrame]:
    """The neutral-band width that maximises macro-F1 of ``scores`` against ``gold``.

    Returns the threshold and the whole curve (threshold, micro_f1, macro_f1); ties go to
    the smaller threshold.
    """
    from sklearn.metrics import f1_score

    gold = np.asarray(gold, dtype=object)
    rows = []
    for t in _THRESHOLD_GRID:
        pred = threshold_labels(scores, float(t))
        rows.append({"threshold": float(t), "micro_f1": float(np.mean(pred == gold)),
                     "macro_f1": f1_score(gold, pred, labels=list(LABELS), average="macro",
                                          zero_division=0)})
    curve = pd.DataFrame(rows)
    best = float(curve.loc[curve["macro_f1"].idxmax(), "threshold"])
    return best, curve


def thresholds(rules: SentimentLexicon | None = None) -> dict[str, float]:
    """Neutral-band widths per lexicon method, tuned on GermEval 2017 dev (training data)
    with the lexicon ``rules`` (tuned once per rules object)."""
    default = SentimentLexicon.default()
    if (rules is None or rules is default) and "thresholds" in _RECEIVED:
        return _RECEIVED["thresholds"]
    return _thresholds(rules or default)


_RECEIVED: dict[str, dict[str, float]] = {}  # the shipped rules' thresholds, sent by a client


def use_default_thresholds(values: dict[str, float]) -> None:
    """Use ``values``, tuned in another process with the shipped rules, as this process's
    thresholds for the shipped rules (the Dask engine sends them to its workers with the
    model, so that no worker tunes them again)."""
    _RECEIVED["thresholds"] = dict(values)


@lru_cache(maxsize=4)
def _thresholds(rules: SentimentLexicon) -> dict[str, float]:
    """Tuned once per rules object, and across processes read from the on-disk cache of
    :mod:`servicelab.cache` (keyed by everything the tuning reads), so
    that no process or Dask worker scores the 2,369 training texts again."""
    from servicelab.external import load_germeval2017

    dev = load_germeval2017("dev")
    folder = cache_dir()
    path = folder / f"thresholds-{_thresholds_key(dev, rules)}.json" if folder else None
    if path is not None and path.is_file():
        try:
            cached = json.loads(path.read_text("utf-8"))
            if set(cached) == {"naive", "sentiws", "gpl"}:
                return {m: float(cached[m]) for m in ("naive", "sentiws", "gpl")}
        except (OSError, ValueError):  # a damaged cache file is tuned again
            pass
    texts = [t[: sentiment_model.MAX_CHARS] for t in dev["text"]]
    out = {"naive": 0.0}
    for m in ("sentiws", "gpl"):
        out[m], _ = tune_threshold(lexicon_scores(texts, m, rules), dev["sentiment"])
    if path is not None:
        write_atomic(path, json.dumps(out).encode("utf-8"))
    return out


def _thresholds_key(dev: pd.DataFrame, rules: SentimentLexicon) -> str:
    """Hash of what the tuned thresholds depend on: the training texts and labels, the rules'
    word lists and tunables, the code and data of the lexicon methods, the threshold grid."""
    from servicelab import lexicon, lexicon_batch, quotes

    h = hashlib.sha256()
    for text, label in zip(dev["text"], dev["sentiment"], strict=True):
        h.update(str(text).encode("utf-8") + b"\x00" + str(label).encode("utf-8") + b"\x01")
    fields = {f.name: getattr(rules, f.name) for f in dataclasses.fields(rules)
              if f.name not in ("token_re", "_lexicons")}
    h.update(repr(sorted((k, sorted(v.items()) if isinstance(v, dict) else
                          sorted(v) if isinstance(v, frozenset) else v)
                         for k, v in fields.items())).encode("utf-8"))
    sources = [Path(__file__), Path(lexicon.__file__), Path(lexicon_batch.__file__),
               Path(quotes.__file__),
               *sorted((Path(lexicon.__file__).parent / "data" / "sentiment").glob("*"))]
    for path in sources:
        h.update(path.read_bytes())
    from importlib.metadata import version

    h.update(repr((_THRESHOLD_GRID, sentiment_model.MAX_CHARS, np.__version__,
                   version("gersent"), version("textblob-de"))).encode())
    return h.hexdigest()[:20]


def labels(texts: Sequence[str], methods: Sequence[str] = METHODS,
           rules: SentimentLexicon | None = None) -> pd.DataFrame:
    """Labels negative / neutral / positive, one row per text and one column per method."""
    texts = _clean(texts)
    scores = score(texts, [m for m in methods if m != "model"], rules)
    out = pd.DataFrame(index=pd.RangeIndex(len(texts)))
    for m in methods:
        if m == "model":
            out[m] = classify(texts)
        else:
            out[m] = threshold_labels(scores[m].to_numpy(), thresholds(rules)[m])
    return out


def classify(texts: Sequence[str]) -> list[str]:
    """``negative`` / ``neutral`` / ``positive`` for each text, with the project's best method.

    Works on any list of strings: an empty list gives ``[]``; texts without letters (empty,
    only digits or punctuation) are ``neutral``; ``None`` counts as empty.
    """
    texts = _clean(texts)
    out = ["neutral"] * len(texts)
    idx = [i for i, t in enumerate(texts) if _HAS_WORD.search(t)]
    if idx:
        pred = sentiment_model.predict([texts[i] for i in idx])
        for i, p in zip(idx, pred, strict=True):
            out[i] = p
    return out


# ---------------------------------------------------------------------------------------
# corpus tables
# ---------------------------------------------------------------------------------------

def segment_texts(corpus: Any, drop_quoted: bool = True) -> pd.DataFrame:
    """Segments with the text that is scored: ``segment_id``, ``text``, ``n_quoted``.

    With ``drop_quoted`` the segment's quoted sentences are left out when it has unquoted
    ones (the writer's own words decide the segment's tone). One grouping over all
    sentences (not a filter per segment, which grows with segments × sentences).
    """
    seg = corpus.segments.sort_values("segment_id")
    sents = corpus.sentences.sort_values(["segment_id", "start"], kind="stable")
    quoted = sents["quoted"].astype(bool)
    n_sent = sents.groupby("segment_id", sort=False).size()
    n_quoted = quoted.groupby(sents["segment_id"], sort=False).sum()
    own_text = sents.loc[~quoted].groupby("segment_id", sort=False)["text"].agg("\n".join)
    ids = seg["segment_id"]
    nq = n_quoted.reindex(ids).fillna(0).astype(int).to_numpy()
    ns = n_sent.reindex(ids).fillna(0).astype(int).to_numpy()
    text = seg["text"].to_numpy(dtype=object).copy()
    if drop_quoted:
        swap = (nq > 0) & (nq < ns)
        text[swap] = own_text.reindex(ids[swap]).to_numpy(dtype=object)
    return pd.DataFrame({"segment_id": ids.to_numpy(), "text": text, "n_quoted": nq},
                        columns=["segment_id", "text", "n_quoted"])


def _sentence_places(sents: pd.DataFrame, segs: pd.DataFrame, seg_text: list[str]
                     ) -> dict[int, tuple[int, int]]:
    """Where each sentence probably sits in its segment's scored text: sentence row →
    (segment row, character offset). The segment text is either the segment's own text
    (offset from the corpus offsets) or its unquoted sentences joined by newlines
    (:func:`segment_texts`); :func:`_tokens` checks every place before it uses it."""
    # plain lists: iterating pandas' (string) columns element by element costs more
    row = {sid: k for k, sid in enumerate(segs["segment_id"].tolist())}
    seg_start = segs["start"].tolist()
    swapped = [a != b for a, b in zip(seg_text, segs["text"].tolist(), strict=True)]
    order = sents.sort_values(["segment_id", "start"], kind="stable")
    joined_at: dict[int, int] = {}
    places: dict[int, tuple[int, int]] = {}
    for i, sid, start, text, quoted in zip(order.index.tolist(), order["segment_id"].tolist(),
                                           order["start"].tolist(), order["text"].tolist(),
                                           order["quoted"].tolist(), strict=True):
        k = row.get(sid)
        if k is None:
            continue
        if not swapped[k]:
            places[int(i)] = (k, int(start) - int(seg_start[k]))
        elif not quoted:
            at = joined_at.get(k, 0)
            places[int(i)] = (k, at)
            joined_at[k] = at + len(str(text)) + 1
    return places


def _unit_scores(texts: list[str], methods: Sequence[str], rules: SentimentLexicon | None,
                 model_rows: np.ndarray, places: dict[int, tuple[int, int]] | None = None
                 ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """:func:`_distinct_scores` of each distinct text once (form letters, repeated
    greetings and quoted passages are scored once), spread back to every unit.

    ``places`` maps a unit to (unit, offset) of a longer unit that contains its text
    (a sentence in its segment), so that its tokens are sliced from the longer one's."""
    first: dict[str, int] = {}
    inverse = np.array([first.setdefault(t, len(first)) for t in texts], dtype=np.intp)
    wanted = np.zeros(len(first), dtype=bool)
    np.logical_or.at(wanted, inverse, model_rows)
    within: dict[int, tuple[int, int]] = {}
    for unit, (outer, offset) in (places or {}).items():
        d, o = int(inverse[unit]), int(inverse[outer])
        if d != o and d not in within:
            within[d] = (o, offset)
    values, lab = _distinct_scores(list(first), methods, rules, wanted, within)
    return {m: v[inverse] for m, v in values.items()}, lab[inverse]


def _tokens(texts: list[str], rules: SentimentLexicon,
            within: dict[int, tuple[int, int]] | None = None) -> TokenArrays:
    """``tokenize`` of every text as arrays; a text inside another (``within``: index →
    (index of the outer text, offset)) gets the slice of the outer text's tokens instead of
    a scan of its own (a sentence is scanned once, with its segment).

    The slice is used only where the text stands at that offset and each of its two edges
    has whitespace on one side or is the end of the outer text: no token holds whitespace
    (except a lone newline), and the pattern looks at most one character ahead, so a
    token never crosses such an edge and the tokens inside are those of the text alone."""
    given = within or {}
    if any(c.isspace() for e in rules.emoticons for c in e):
        given = {}  # an emoticon with a space could cross an edge
    within = {i: (j, offset) for i, (j, offset) in given.items()
              if j not in given and _fits(texts[i], texts[j], offset)}
    return TokenArrays.of_texts(texts, rules, within)


def _fits(text: str, outer: str, offset: int) -> bool:
    """Whether ``text`` stands in ``outer`` at ``offset`` with whitespace (or the end of
    ``outer``) on one side of each of its edges (see :func:`_tokens`)."""
    end = offset + len(text)
    if not text or offset < 0 or outer[offset:end] != text:
        return False
    return ((offset == 0 or outer[offset - 1].isspace() or text[0].isspace())
            and (end == len(outer) or outer[end].isspace() or text[-1].isspace()))


def _distinct_scores(texts: list[str], methods: Sequence[str], rules: SentimentLexicon | None,
                     model_rows: np.ndarray, within: dict[int, tuple[int, int]] | None = None
                     ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Scores per method and the model's labels of all units in one batch.

    Each text is tokenised once for every lexicon method; the model's lexicon features reuse
    the SentiWS and GPL analyses where the model's preprocessing leaves the text unchanged
    (shipped rules only), and the model's word and character hashing runs once over all
    texts in ``model_rows`` (a boolean mask; other rows get score 0 and ``neutral``).
    """
    default = SentimentLexicon.default()
    sl = rules or default
    has_word = np.array([bool(_HAS_WORD.search(t)) for t in texts], dtype=bool)
    tokens = _tokens(texts, sl, within)
    same_re = sl.token_re.pattern == default.token_re.pattern
    need = {m for m in methods if m != "model"}
    if "model" in methods and sl is default:
        need |= {"sentiws", "gpl"}
    analyses: dict[str, BatchAnalysis] = {}
    for m in sorted(need):
        if m == "naive":
            toks = tokens if same_re else TokenArrays.of_texts(texts, default)
            analyses[m] = analyse_batch(toks, sl.lexicon("sentiws"), rules=False)
        else:
            analyses[m] = analyse_batch(tokens, sl.lexicon(m), rules=sl)
    values: dict[str, np.ndarray] = {}
    for m in methods:
        if m != "model":
            values[m] = np.where(has_word, analyses[m].score, 0.0)
    lab = np.full(len(texts), "neutral", dtype=object)
    if "model" in methods:
        model_values = np.zeros(len(texts))
        idx = np.flatnonzero(has_word & model_rows)
        if len(idx):
            reuse = "sentiws" in analyses and sl is default
            digit_emoticons = _digit_emoticons(default) if reuse else None
            own: list[int] = []  # rows of idx whose preprocessed text is analysed anew
            pres: list[str] = []
            pre_all = [sentiment_model.preprocess(texts[i]) for i in idx.tolist()]
            for k, i in enumerate(idx.tolist()):
                pre = pre_all[k]
                if not (reuse and (pre == texts[i] or (
                        digit_emoticons is not None
                        and sentiment_model.replaces_only_digits(texts[i], pre)
                        and not any(e in texts[i] for e in digit_emoticons)))):
                    own.append(k)
                    pres.append(pre)
            rows = np.zeros((len(idx), 8))
            if reuse:
                rows[:] = sentiment_model.lexicon_feature_batch(
                    analyses["sentiws"], analyses["gpl"])[idx]
            if own:
                rows[own] = sentiment_model.lexicon_feature_matrix(pres)
            dec = sentiment_model.decision_scores([texts[i] for i in idx], lexicon_rows=rows,
                                                  preprocessed=pre_all)
            model_values[idx] = sentiment_model.polarity(dec)
            lab[idx] = np.asarray(LABELS, dtype=object)[dec.to_numpy().argmax(axis=1)]
        values["model"] = model_values
    return values, lab


@lru_cache(maxsize=4)
def _digit_emoticons(rules: SentimentLexicon) -> tuple[str, ...] | None:
    """The emoticons with a digit (``<3``), or None when a word list of ``rules`` holds a
    word with a digit.

    Why: the model's preprocessing replaces digits by ``0``. To the tokenizer a digit and
    ``0`` are alike (non-letter word characters) except inside an emoticon, and the rules
    skip words with a digit, so a text without URL, @mention and digit emoticon gets the
    same analysis before and after preprocessing — as long as no lexicon, negation,
    scope or degree word holds a digit that could be looked up."""
    digit = re.compile(r"\d")
    lists = [rules.lexicon("sentiws").polarity, rules.lexicon("gpl").polarity,
             rules.negators, rules.scope_ends, rules.degree]
    if any(digit.search(w) for words in lists for w in words):
        return None
    return tuple(sorted(e for e in rules.emoticons if digit.search(e)))


@dataclass(frozen=True)
class SegmentRule:
    """How the ``model`` labels a segment from its sentences (issue 15 item 6b).

    Long complaint texts are mostly factual sentences with a few sharp ones; scored as one
    text the model called them neutral (seed gold: 3 of 16 tuning segments right). A segment
    is ``negative`` when the mean polarity of its ``k`` most negative own (unquoted)
    sentences is at most ``-t_neg``; else ``positive`` when its ``k`` most positive reach
    ``t_pos``; else ``neutral``. ``k``, ``t_neg`` and ``t_pos`` were chosen on the tuning half
    of the seed segment gold (:func:`servicelab.sentiment_evaluation.tune_segment_thresholds`).
    """

    k: int = 1
    t_neg: float = 0.20
    t_pos: float = 0.05

    @classmethod
    def load(cls, **tunables: float) -> SegmentRule:
        """The shipped setting, or tunables by name (``SegmentRule.load(t_neg=0.3)``)."""
        return cls(**tunables)


def aggregate(polarities: pd.DataFrame, k: int = 1) -> pd.DataFrame:
    """Per ``segment_id`` of sentence ``polarity`` rows: ``low`` = mean of the ``k`` most
    negative, ``high`` = mean of the ``k`` most positive, ``n`` sentences."""
    if polarities.empty:
        return pd.DataFrame(columns=["low", "high", "n"], dtype=float)
    p = polarities.sort_values(["segment_id", "polarity"], kind="stable")
    g = p.groupby("segment_id", sort=True)
    low = p[g.cumcount() < k].groupby("segment_id", sort=True)["polarity"].mean()
    high = p[g.cumcount(ascending=False) < k].groupby("segment_id", sort=True)["polarity"].mean()
    return pd.DataFrame({"low": low, "high": high, "n": g.size().astype(float)})


def segment_labels_from_sentences(agg: pd.DataFrame, rule: SegmentRule | None = None
                                  ) -> pd.DataFrame:
    """``label`` and ``score`` per segment of :func:`aggregate` under ``rule``; the score is
    the value that decided (``low`` for negative, ``high`` for positive, else their mean)."""
    rule = rule or SegmentRule()
    neg = agg["low"] <= -rule.t_neg
    pos = ~neg & (agg["high"] >= rule.t_pos)
    label = np.where(neg, "negative", np.where(pos, "positive", "neutral"))
    score = np.where(neg, agg["low"], np.where(pos, agg["high"], (agg["low"] + agg["high"]) / 2))
    return pd.DataFrame({"label": label, "score": score}, index=agg.index)


def build_tables(corpus: Any, rules: SentimentLexicon | None = None,
                 methods: Sequence[str] = METHODS, segment_rule: SegmentRule | None = None,
                 segment_setting: Any = None) -> dict[str, pd.DataFrame]:
    """``{"sentiment": df}``: one row per sentence and per segment and method.

    ``rules`` are the lexicon rules (default: the shipped ones; e.g.
    ``SentimentLexicon.load(quote_weight=1.0)``). The ``model``'s segment rows come from
    its sentence rows under ``segment_rule`` (:class:`SegmentRule`); a segment without an
    own (unquoted) sentence is scored as one text.

    Columns: ``unit`` (``sentence`` | ``segment``), ``id`` (sentence_id / segment_id),
    ``doc_id``, ``start``, ``end`` (offsets into the document text), ``method``, ``score``
    (float in (-1, 1)), ``label`` (negative / neutral / positive). Sorted by unit, id, method.

    Segment rows of method ``segments`` (:mod:`servicelab.segment_sentiment`, setting
    ``segment_setting``) label segments from the model's and a lexicon's sentence scores.

    Sentences and segments are scored in one batch (:func:`_unit_scores`); the model scores
    a segment's whole text only where no own sentence decides it.
    """
    unknown = sorted(set(methods) - set(METHODS))
    if unknown:
        raise ValueError(f"unknown sentiment method(s) {unknown}; choose from {METHODS}")
    cols = ["unit", "id", "doc_id", "start", "end", "method", "score", "label"]
    sents = corpus.sentences.sort_values("sentence_id").reset_index(drop=True)
    segs = corpus.segments.sort_values("segment_id").reset_index(drop=True)
    if not len(sents) and not len(segs):
        return {"sentiment": pd.DataFrame(columns=cols)}
    seg_text = (segment_texts(corpus).set_index("segment_id").loc[segs["segment_id"], "text"]
                .tolist() if len(segs) else [])
    texts = _clean([*sents["text"].tolist(), *seg_text])
    model_rows = np.ones(len(texts), dtype=bool)
    if "model" in methods and len(sents) and len(segs):
        own = set(sents.loc[~sents["quoted"].astype(bool), "segment_id"])
        model_rows[len(sents):] = ~segs["segment_id"].isin(own).to_numpy()
    places = _sentence_places(sents, segs, seg_text) if len(segs) else {}
    s = len(sents)  # once: len() of a DataFrame is no plain attribute read
    places = {i: (s + k, offset) for i, (k, offset) in places.items()}
    values, model_lab = _unit_scores(texts, methods, rules, model_rows, places)
    thr = {m: thresholds(rules)[m] for m in methods if m != "model"}
    fast = _assembled(sents, segs, methods, values, model_lab, thr, segment_rule,
                      segment_setting)
    if fast is not None:
        return {"sentiment": fast}
    return {"sentiment": _assembled_plain(sents, segs, methods, values, model_lab, thr,
                                          segment_rule, segment_setting)}


def _assembled_plain(sents: pd.DataFrame, segs: pd.DataFrame, methods: Sequence[str],
                     values: dict[str, np.ndarray], model_lab: np.ndarray,
                     thr: dict[str, float], segment_rule: SegmentRule | None,
                     segment_setting: Any) -> pd.DataFrame:
    """The sentiment table from the units' scores with one frame per unit and method,
    the model's segment rows replaced and the ``segments`` rows added in pandas: the
    reference that :func:`_assembled` equals, and the path for what it does not take."""
    cols = ["unit", "id", "doc_id", "start", "end", "method", "score", "label"]
    texts_n = len(sents) + len(segs)
    units = [("sentence", sents, "sentence_id", slice(0, len(sents))),
             ("segment", segs, "segment_id", slice(len(sents), texts_n))]
    frames = []
    for unit, table, id_col, rows in units:
        if not len(table):
            continue
        for m in methods:
            v = values[m][rows]
            lab = model_lab[rows] if m == "model" else threshold_labels(v, thr[m])
            frames.append(pd.DataFrame({
                "unit": unit, "id": table[id_col].to_numpy(),
                "doc_id": table["doc_id"].to_numpy(), "start": table["start"].to_numpy(),
                "end": table["end"].to_numpy(), "method": m, "score": v, "label": lab}))
    df = pd.concat(frames, ignore_index=True)[cols]
    if "model" in methods and len(sents) and len(segs):
        df = _model_segments_from_sentences(df, sents, segment_rule)
    if "model" in methods and len(sents) and len(segs):  # issue 15 item 6: segment method
        from servicelab.segment_sentiment import add_rows
        df = add_rows(df, sents, segment_setting)  # SegmentSentiment (None: shipped)
    df["start"] = df["start"].astype("int64")
    df["end"] = df["end"].astype("int64")
    df["score"] = df["score"].astype(float).round(6)
    return df.sort_values(["unit", "id", "method"], kind="stable").reset_index(drop=True)


def _assembled(sents: pd.DataFrame, segs: pd.DataFrame, methods: Sequence[str],
               values: dict[str, np.ndarray], model_lab: np.ndarray, thr: dict[str, float],
               segment_rule: SegmentRule | None, segment_setting: Any) -> pd.DataFrame | None:
    """:func:`_assembled_plain`'s table made from arrays in its final order, or None
    where that order is not known beforehand (ids not unique, a method named twice), an
    id or document is not a string, or the segment rule takes more than one sentence
    (``k > 1``: pandas' group means).

    Why: the plain path built a frame per unit and method, merged the model's sentence
    rows with the sentences twice, and sorted the whole table twice; converting every
    string to pandas' string type per frame was most of that. Here the per-segment
    values are reductions over the own sentences' scores (minimum, maximum, pandas' own
    group mean), the two small per-segment frames go through the same label functions,
    and each string column is taken from its distinct values. The rows are those of the
    sort: units ``segment`` before ``sentence``, ids ascending (the frames come sorted by
    id), methods by name (``tests/test_sentiment.py`` compares both paths)."""
    from servicelab import segment_sentiment as ss

    rule = segment_rule or SegmentRule()
    s, g = len(sents), len(segs)
    if (rule.k != 1 or len(set(methods)) != len(methods)
            or not sents["sentence_id"].is_unique or not segs["segment_id"].is_unique
            or not all(pd.api.types.infer_dtype(col, skipna=False) == "string"
                       for col in (sents["sentence_id"], segs["segment_id"],
                                   sents["doc_id"], segs["doc_id"]) if len(col))):
        return None  # ids or documents not all strings: the frames infer their own types
    combine = "model" in methods and s > 0 and g > 0
    scores = {m: values[m].astype(float) for m in methods}
    codes = {m: (_model_codes(model_lab) if m == "model"
                 else _threshold_codes(scores[m], thr[m])) for m in methods}
    seg_methods = sorted(methods)
    if combine:
        seg_scores, seg_codes, add = _segment_rows(sents, segs, methods, scores, codes, rule,
                                                   segment_setting)
        if add:
            seg_methods = sorted([*methods, ss.METHOD])
    else:
        seg_scores = {m: scores[m][s:] for m in methods}
        seg_codes = {m: codes[m][s:] for m in methods}
    sent_methods = sorted(methods)
    flat_score = np.concatenate([
        np.column_stack([seg_scores[m] for m in seg_methods]).ravel() if g else np.zeros(0),
        np.column_stack([scores[m][:s] for m in sent_methods]).ravel() if s else np.zeros(0)])
    flat_label = np.concatenate([
        np.column_stack([seg_codes[m] for m in seg_methods]).ravel() if g else
        np.zeros(0, np.intp),
        np.column_stack([codes[m][:s] for m in sent_methods]).ravel() if s else
        np.zeros(0, np.intp)])
    ng, ns = g * len(seg_methods), s * len(sent_methods)
    unit_at = np.repeat(np.array([0, 1], np.intp), [ng, ns])
    row_at = np.concatenate([np.repeat(np.arange(g), len(seg_methods)),
                             g + np.repeat(np.arange(s), len(sent_methods))])
    names = sorted(set(seg_methods) | set(sent_methods))
    name_code = {m: k for k, m in enumerate(names)}
    method_at = np.concatenate([
        np.tile(np.array([name_code[m] for m in seg_methods], np.intp), g),
        np.tile(np.array([name_code[m] for m in sent_methods], np.intp), s)])

    def strings(items: Any) -> Any:
        return pd.array(np.asarray(items, dtype=object), dtype="str")

    ids = strings([*segs["segment_id"].tolist(), *sents["sentence_id"].tolist()])
    docs = strings([*segs["doc_id"].tolist(), *sents["doc_id"].tolist()])
    start = np.concatenate([segs["start"].to_numpy(), sents["start"].to_numpy()])
    end = np.concatenate([segs["end"].to_numpy(), sents["end"].to_numpy()])
    return pd.DataFrame({
        "unit": strings(["segment", "sentence"]).take(unit_at),
        "id": ids.take(row_at), "doc_id": docs.take(row_at),
        "start": start.astype("int64")[row_at], "end": end.astype("int64")[row_at],
        "method": strings(names).take(method_at),
        "score": np.round(flat_score, 6),
        "label": strings(list(LABELS)).take(flat_label)})


def _threshold_codes(scores: np.ndarray, threshold: float) -> np.ndarray:
    """:func:`threshold_labels` as indices into :data:`LABELS` (same comparisons)."""
    out = np.ones(len(scores), np.intp)
    out[scores > threshold] = 2
    out[scores < -threshold] = 0
    return out


def _model_codes(labels: np.ndarray) -> np.ndarray:
    """Labels (strings of :data:`LABELS`) as indices into :data:`LABELS`."""
    index = {lab: k for k, lab in enumerate(LABELS)}
    return np.fromiter(map(index.__getitem__, labels), np.intp, len(labels))


def _segment_rows(sents: pd.DataFrame, segs: pd.DataFrame, methods: Sequence[str],
                  scores: dict[str, np.ndarray], codes: dict[str, np.ndarray],
                  rule: SegmentRule, setting: Any
                  ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], bool]:
    """Segment scores and label codes per method: the ``model``'s replaced by the
    sentence aggregation of :func:`_model_segments_from_sentences` (``k == 1``: the most
    negative and most positive own sentence), and the ``segments`` method of
    :func:`servicelab.segment_sentiment.add_rows` where it applies (third value)."""
    from servicelab import segment_sentiment as ss

    s, g = len(sents), len(segs)
    own = ~sents["quoted"].astype(bool).to_numpy()
    seg_of = pd.Index(segs["segment_id"]).get_indexer(sents["segment_id"])
    take = np.flatnonzero(own & (seg_of >= 0))
    grp = seg_of[take]
    n = np.bincount(grp, minlength=g)
    has = n > 0
    seg_scores = {m: scores[m][s:].copy() for m in methods}
    seg_codes = {m: codes[m][s:].copy() for m in methods}
    whole_model = scores["model"][s:]
    pol = scores["model"][:s][take]
    low = np.full(g, np.inf)
    high = np.full(g, -np.inf)
    np.minimum.at(low, grp, pol)
    np.maximum.at(high, grp, pol)
    agg = pd.DataFrame({"low": low[has], "high": high[has]})
    by_seg = segment_labels_from_sentences(agg, rule)
    seg_scores["model"][has] = by_seg["score"].to_numpy()
    seg_codes["model"][has] = _model_codes(by_seg["label"].to_numpy())
    st = setting or ss.SegmentSentiment()
    if st.lexicon not in methods:
        return seg_scores, seg_codes, False
    mean = np.zeros(g)
    if len(take):
        mean[np.unique(grp)] = pd.Series(pol).groupby(grp, sort=True).mean().to_numpy()
    features = {"n": n.astype(float), "low": np.where(has, low, whole_model),
                "mean": np.where(has, mean, whole_model)}
    for m in ss.LEXICONS:
        if m in methods:
            best = np.full(g, -np.inf)
            np.maximum.at(best, grp, scores[m][:s][take])
            features[f"high_{m}"] = np.where(has, best, scores[m][s:])
        else:
            features[f"high_{m}"] = np.zeros(g)
    lab = ss.label_segments(pd.DataFrame(features)[list(ss.FEATURE_COLUMNS)].fillna(0.0), st)
    seg_scores[ss.METHOD] = lab["score"].round(6).to_numpy()
    seg_codes[ss.METHOD] = _model_codes(lab["label"].to_numpy())
    return seg_scores, seg_codes, True


def _model_segments_from_sentences(df: pd.DataFrame, sents: pd.DataFrame,
                                   rule: SegmentRule | None) -> pd.DataFrame:
    """Replace the ``model``'s segment label and score by the sentence aggregation."""
    rule = rule or SegmentRule()
    own = sents.loc[~sents["quoted"].astype(bool), ["sentence_id", "segment_id"]]
    model_sent = df[(df["unit"] == "sentence") & (df["method"] == "model")]
    pol = own.merge(model_sent[["id", "score"]].rename(columns={"id": "sentence_id",
                                                                "score": "polarity"}),
                    on="sentence_id")
    by_seg = segment_labels_from_sentences(aggregate(pol, rule.k), rule)
    rows = (df["unit"] == "segment") & (df["method"] == "model") & df["id"].isin(by_seg.index)
    df = df.copy()
    df.loc[rows, "label"] = by_seg.loc[df.loc[rows, "id"], "label"].to_numpy()
    df.loc[rows, "score"] = by_seg.loc[df.loc[rows, "id"], "score"].to_numpy()
    return df


# ---------------------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------------------

def agreement(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """n, accuracy (= micro-F1), macro-F1 over the three labels, and Cohen's kappa."""
    from sklearn.metrics import cohen_kappa_score, f1_score

    gold, pred = list(gold), list(pred)
    if not gold:
        return {"n": 0, "accuracy": float("nan"), "macro_f1": float("nan"),
                "kappa": float("nan")}
    same = set(gold) == set(pred) == {gold[0]}
    return {"n": len(gold),
            "accuracy": float(np.mean(np.asarray(gold) == np.asarray(pred))),
            "macro_f1": float(f1_score(gold, pred, labels=list(LABELS), average="macro",
                                       zero_division=0)),
            "kappa": 1.0 if same else float(cohen_kappa_score(gold, pred))}


def bootstrap_ci(values: Sequence[float], n_boot: int = 2000, seed: int = 42,
                 level: float = 0.95) -> tuple[float, float, float]:
    """Mean of ``values`` with a percentile bootstrap interval (fixed seed)."""
    v = np.asarray(values, dtype=float)
    if len(v) == 0:
        return float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = v[rng.integers(0, len(v), size=(n_boot, len(v)))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(v.mean()), float(lo), float(hi)


def bootstrap_diff_ci(a: Sequence[float], b: Sequence[float], n_boot: int = 2000,
                      seed: int = 42, level: float = 0.95) -> tuple[float, float, float]:
    """mean(b) - mean(a) with a percentile bootstrap interval (groups resampled separately)."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(x) == 0 or len(y) == 0:
        return float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    mx = x[rng.integers(0, len(x), size=(n_boot, len(x)))].mean(axis=1)
    my = y[rng.integers(0, len(y), size=(n_boot, len(y)))].mean(axis=1)
    lo, hi = np.quantile(my - mx, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(y.mean() - x.mean()), float(lo), float(hi)


__all__ = ["BEST_METHOD", "LABELS", "METHODS", "SegmentRule", "agreement", "aggregate",
           "bootstrap_ci", "bootstrap_diff_ci", "build_tables", "classify", "labels", "score",
           "segment_labels_from_sentences", "segment_texts", "thresholds"]
