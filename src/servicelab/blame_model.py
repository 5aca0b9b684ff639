"""A learned sentence-level blame component beside the rules (issue 15 item 3, round five).

Why: the blame rules reach .9 in-sample and lose most of their recall on text they were not
written from; the pooled tuning gold (the held-out text sets and the GermEval tuning half)
holds several hundred labelled blame sentences. A small classifier over a sentence's lemmas,
its character n-grams and what the rules saw in it (cue kinds, the patterns the rules
attributed, the sentence's voice) predicts the pattern of each sentence; its target is the
rules' target for that sentence and pattern, else the text's main vendor (``accuses``,
``concedes``), the customer (``customer_blame``) or an outside party (``shifts``).

The model is an object passed in (:class:`BlameModel`, trained by :meth:`BlameModel.train`
on labelled sentences of :func:`sentence_rows`); it is deterministic (fixed seed, sorted
inputs) and trains in a few seconds on the pooled gold.

Round six ships it in builds (:func:`servicelab.blame.blame_table`, ``BlameRules.model_combine``
"gated"), chosen by leaving each tuning set out in turn before anything else changed (mean
F1 of the target triples over GermEval tuning, heldout2, heldout3, heldout4: rules .632,
model alone .670, union .668, gated .692; codebook §3). In builds the model adds, in posts
where the rules found blame, one sentence per attribution the rules did not make, and reads
no post longer than the longest training text holding blame (``max_sentences``).

Round seven (:class:`ModelSettings`, codebook §3): heldout5 joins the training sets, the
features add character 2–5 grams, and three sentences the model flags open a post the rules
found blameless (:meth:`BlameModel.opens`), each kept for its left-out figures over five sets.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from servicelab.blame import (
    BLAME_COLUMNS,
    PATTERNS,
    TEXT_BLAME_COLUMNS,
    BlameRules,
    find_cues,
    lemma_string,
    text_blame,
    text_case,
    text_voices,
)
from servicelab.sentences import split_sentences

FEATURE_COLUMNS = ["start", "end", "text", "features"]
_FIRST_PERSON = frozenset({"ich", "mich", "mir", "mein", "wir", "uns", "unser"})


def _cue_tokens(sentence: str, rules: BlameRules) -> list[str]:
    return sorted({f"cue_{c.cue.kind}" for c in find_cues(sentence, rules)})


def sentence_features(sentence: str, voice: str, rule_patterns: set[str],
                      rules: BlameRules, cue_kinds: set[str] | None = None) -> str:
    """The model's input for one sentence: its lemmas followed by marker tokens (its voice,
    ``author`` or ``vendor``; the cue kinds found in it; the patterns the rules attributed to
    it; first person; question/exclamation). One function for training (free texts) and
    builds (corpus sentences), so that both see the same features. ``cue_kinds``: the
    sentence's cue kinds when the caller found them already (:func:`find_cues`)."""
    lemmas = lemma_string(sentence)
    cues = ({f"cue_{k}" for k in cue_kinds} if cue_kinds is not None
            else set(_cue_tokens(sentence, rules)))
    marks = ({f"rule_{p}" for p in rule_patterns} | cues
             | {f"voice_{voice}"})
    if _FIRST_PERSON & set(lemmas.split()):
        marks.add("first_person")
    tail = sentence.rstrip()[-1:]
    if tail and tail in "?!":
        marks.add("ends_question" if tail == "?" else "ends_exclamation")
    return " ".join([lemmas, *(f"zz{m}" for m in sorted(marks))])


def sentence_rows(text: str, rules: BlameRules | None = None,
                  rule_rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per sentence of a free text: ``start``, ``end``, ``text`` and ``features``
    (:func:`sentence_features`).

    ``rule_rows`` are :func:`servicelab.blame.text_blame`'s rows of the same text (computed
    when not given)."""
    rules = rules or BlameRules.default()
    if rule_rows is None:
        rule_rows = text_blame(text, rules)
    spans = split_sentences(text, 0, len(text))
    voices = text_voices(text, spans, "author", rules)
    by_span: dict[tuple[int, int], set[str]] = {}
    for r in rule_rows.itertuples(index=False):
        by_span.setdefault((r.start, r.end), set()).add(r.pattern)
    rows = []
    for (s, e), voice in zip(spans, voices, strict=True):
        sentence = text[s:e]
        rows.append({"start": s, "end": e, "text": sentence,
                     "features": sentence_features(sentence, voice, by_span.get((s, e), set()),
                                                   rules)})
    return pd.DataFrame(rows, columns=FEATURE_COLUMNS)


def _features(chars: bool = False):
    """Word 1–2 grams over lemmas and markers (with ``chars``, char 2–5 grams over the
    sentence too: no better on heldout2 and GermEval left out, four times slower to train).
    Unsupervised, so one fitted transformer serves every pattern's classifier: a corpus's
    sentences are transformed once, not once per pattern."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer

    parts = [
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2,
                                  token_pattern=r"(?u)\b\w+\b"), "features"),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                  min_df=2), "text"),
    ]
    return ColumnTransformer(parts if chars else parts[:1])


def _set_weights(data: pd.DataFrame, how: str):
    """Per training sentence: None (``none``: every sentence counts once), or weights with
    mean 1 that give each set (``sets``, column ``set``) or each text (``docs``, column
    ``doc_id``) the same total weight (:attr:`ModelSettings.set_weights`)."""
    if how not in ("none", "sets", "docs"):
        raise ValueError(f"unknown set_weights {how!r}; use none, sets or docs")
    if how == "none":
        return None
    col = data["set"] if how == "sets" else data["doc_id"]
    sizes = col.map(col.value_counts()).to_numpy().astype(float)
    w = 1.0 / sizes
    return w * (len(w) / w.sum())


def _classifier(seed: int, c: float = 1.0, balanced: bool = True):
    """A (class-balanced) logistic regression for one pattern."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(class_weight="balanced" if balanced else None, C=c,
                              max_iter=3000, random_state=seed)


@dataclass(frozen=True)
class BlameModel:
    """One fitted sentence classifier per pattern over one shared feature transformer
    (``features``; patterns with < 2 positive training sentences are never predicted);
    ``threshold`` is the probability a sentence needs.

    ``window``: a flagged sentence adds a row only within this many sentences of one the
    rules attributed (in the same text or post; None: anywhere); ``cued``: only in a sentence
    where the rules found a cue of any kind; ``new_only``: one row per attribution the rules
    did not make (:meth:`_new_attributions`); ``vendor_shifts``: its own ``shifts`` only in a
    vendor's voice (:meth:`_voiced`); ``max_sentences``: the model reads only texts (posts)
    of at most this many sentences: :meth:`train` sets it to the longest training text that
    holds blame, since longer text (a blog article, a thread run together) is unlike anything
    it learned blame from.

    ``open_min``: under the ``gated`` combination a text (post) in which the rules found no
    blame gets the model's rows only when at least this many of its sentences reach
    ``open_p`` for some pattern (None: never, the round-six gate; :meth:`opens`)."""

    models: tuple[tuple[str, object], ...]
    threshold: float = 0.5
    window: int | None = None
    cued: bool = False
    new_only: bool = True
    vendor_shifts: bool = False
    max_sentences: int | None = None
    features: object = None  # the fitted transformer all patterns' classifiers read (None:
    # each of ``models`` reads the sentences' frame itself); scikit-learn's after training,
    # :mod:`servicelab.blame_weights`' arrays in the shipped model (:meth:`as_arrays`)
    open_min: int | None = None
    open_p: float = 0.5

    def opens(self, probs: pd.DataFrame) -> bool:
        """Whether the model's own evidence opens a text in which the rules found no blame
        (``probs``: :meth:`probabilities` of its sentences): ``open_min`` sentences or more
        with some pattern at ``open_p``. Why: the rules' gate keeps the model out of short
        remarks that blame nobody (GermEval), but in complaint texts the rules miss it
        blocks a third of the blame the model finds; several blaming sentences in one text
        are evidence of their own, which a one-line remark cannot give."""
        return (self.open_min is not None and len(probs) > 0
                and int((probs.max(axis=1) >= self.open_p).sum()) >= self.open_min)

    def reads(self, n_sentences: int) -> bool:
        """Whether the model reads a text (post) of ``n_sentences`` (``max_sentences``)."""
        return bool(self.models) and (self.max_sentences is None
                                      or n_sentences <= self.max_sentences)

    def allowed(self, features: list[str], ruled: list[bool]) -> list[bool]:
        """Per sentence of one text (in order): may the model add a row there?"""
        ok = [True] * len(features)
        if self.cued:
            ok = [o and "zzcue_" in f for o, f in zip(ok, features, strict=True)]
        if self.window is not None:
            hits = [i for i, r in enumerate(ruled) if r]
            ok = [o and any(abs(i - j) <= self.window for j in hits)
                  for i, o in enumerate(ok)]
        return ok

    @classmethod
    def train(cls, sentences: pd.DataFrame, seed: int = 0, threshold: float = 0.5,
              chars: bool = False, c: float = 1.0, balanced: bool = True,
              set_weights: str = "none") -> BlameModel:
        """Fit on labelled sentences (:data:`FEATURE_COLUMNS` plus a 0/1 column per
        pattern), sorted first so that the fit does not depend on row order."""
        from threadpoolctl import threadpool_limits

        data = sentences.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
        features = _features(chars)
        x = features.fit_transform(data[["text", "features"]])
        models = []
        # one BLAS thread: on a shared machine the solver's threads contend (round seven:
        # 7 CPU-s with the library's threads, 0.3 s with one, the same coefficients)
        with threadpool_limits(limits=1):
            for pattern in PATTERNS:
                y = data[pattern].to_numpy().astype(int)
                if y.sum() < 2:
                    continue
                models.append((pattern, _classifier(seed, c, balanced).fit(
                    x, y, sample_weight=_set_weights(data, set_weights))))
        blaming = data[data[list(PATTERNS)].to_numpy().any(axis=1)]["doc_id"]
        sizes = data[data["doc_id"].isin(set(blaming))].groupby("doc_id").size()
        return cls(tuple(models), threshold, max_sentences=int(sizes.max()) if len(sizes) else 0,
                   features=features)

    def as_arrays(self) -> BlameModel:
        """This model with its fitted transformer and classifiers as NumPy arrays
        (:mod:`servicelab.blame_weights`: the same probabilities bit for bit, scored and
        unpickled without importing scikit-learn), or itself where a part is of a kind the
        arrays do not reproduce (then scikit-learn scores it)."""
        from dataclasses import replace

        from servicelab import blame_weights as bw

        if self.features is None or not self.models:
            return self
        features = bw.features_of(self.features)
        linear = [bw.linear_of(m) for _, m in self.models]
        if features is None or any(m is None for m in linear):
            return self
        return replace(self, features=features,
                       models=tuple((p, m) for (p, _), m in zip(self.models, linear,
                                                                 strict=True)))

    def probabilities(self, sentences: pd.DataFrame) -> pd.DataFrame:
        """P(pattern) per sentence (0 for patterns the model does not predict)."""
        out = pd.DataFrame(0.0, index=sentences.index, columns=list(PATTERNS))
        if len(sentences) and self.models:
            x = sentences[["text", "features"]]
            if self.features is not None:  # else each model reads the frame (a pipeline)
                x = self.features.transform(x)
            for pattern, model in self.models:
                out[pattern] = model.predict_proba(x)[:, 1]
        return out

    def text_rows(self, text: str, rules: BlameRules | None = None,
                  rule_rows: pd.DataFrame | None = None, gated: bool = False) -> pd.DataFrame:
        """Blame rows (:data:`servicelab.blame.TEXT_BLAME_COLUMNS`) of the sentences the
        model flags in a free text; the target is the rules' target for that sentence and
        pattern, else the main vendor / the customer / an outside party. ``gated``: none in
        a text where the rules found no blame unless the model :meth:`opens` it."""
        rules = rules or BlameRules.default()
        if rule_rows is None:
            rule_rows = text_blame(text, rules)
        sents = sentence_rows(text, rules, rule_rows)
        if not self.reads(len(sents)):
            return pd.DataFrame(columns=TEXT_BLAME_COLUMNS)
        probs = self.probabilities(sents)
        if gated and rule_rows.empty and not self.opens(probs):
            return pd.DataFrame(columns=TEXT_BLAME_COLUMNS)
        return self.rows_from(sents, probs, rule_rows, text_case(text, rules), gated)

    def rows_from(self, sents: pd.DataFrame, probs: pd.DataFrame, rule_rows: pd.DataFrame,
                  case: tuple[str, str] | None, gated: bool = False) -> pd.DataFrame:
        """:meth:`text_rows` from a text's :func:`sentence_rows`, their
        :meth:`probabilities`, the rules' rows and the text's main vendor. Why apart: the
        left-out tables score many settings of one fitted model on the same sentences."""
        if not self.reads(len(sents)):
            return pd.DataFrame(columns=TEXT_BLAME_COLUMNS)
        if gated and rule_rows.empty and not self.opens(probs):
            return pd.DataFrame(columns=TEXT_BLAME_COLUMNS)
        ruled = {int(x) for x in rule_rows["start"]}
        ok = self.allowed(list(sents["features"]), [s in ruled for s in sents["start"]])
        rows: list[dict] = []
        found: list[tuple[float, dict]] = []
        for i, s in enumerate(sents.itertuples(index=False)):
            for pattern in PATTERNS:
                if probs.iloc[i][pattern] < self.threshold or not ok[i]:
                    continue
                same = rule_rows[(rule_rows["start"] == s.start)
                                 & (rule_rows["pattern"] == pattern)]
                if len(same):
                    rows.extend(same.to_dict("records"))
                    continue
                target = _default_target(pattern, case)
                voice = next((v[len("zzvoice_"):] for v in s.features.split()
                              if v.startswith("zzvoice_")), "author")
                if target is None or not self._voiced(pattern, voice == "vendor"):
                    continue
                found.append((probs.iloc[i][pattern], {
                    "start": s.start, "end": s.end, "speaker_role": voice,
                    "target_entity": target[0], "target_type": target[1],
                    "target_surface": "", "target_source": "model",
                    "pattern": pattern, "cue": "", "cue_kind": "model"}))
        rows += self._new_attributions(found, rule_rows, ())
        return pd.DataFrame(rows, columns=TEXT_BLAME_COLUMNS)

    def _allowed_in_posts(self, sentences: pd.DataFrame, feats: list[str], ruled: set[str]
                          ) -> list[bool]:
        if not self.cued and self.window is None:
            return [True] * len(sentences)
        return _allowed_in_posts_impl(self, sentences, feats, ruled)

    def corpus_rows(self, sentences: pd.DataFrame, voices: dict[str, str],
                    cases: dict[str, tuple[str, str]], rule_table: pd.DataFrame,
                    rules: BlameRules, cue_kinds: dict[str, set[str]] | None = None,
                    gated: bool = False) -> pd.DataFrame:
        """Blame rows (:data:`servicelab.blame.BLAME_COLUMNS`) of the corpus ``sentences``
        the model flags, all sentences transformed and predicted in one batch.

        ``voices`` are :func:`servicelab.blame.sentence_voices`, ``cases`` the posts' main
        vendors (:func:`servicelab.blame.case_vendors`), ``rule_table`` the rules' rows of
        the same corpus. As in :meth:`text_rows`, a flagged sentence and pattern the rules
        attributed too gives the rules' rows, otherwise the target is the
        post's main vendor, the customer or an outside party. A voice other than the
        vendor's is the model's ``author`` voice (it was trained on complainants' texts).
        ``gated``: only in posts where the rules found blame or the model :meth:`opens`."""
        sizes = sentences["post_id"].map(sentences["post_id"].value_counts())
        sentences = sentences[[self.reads(n) for n in sizes]]
        if not self.models or sentences.empty:
            return pd.DataFrame(columns=BLAME_COLUMNS)
        by_sentence: dict[str, set[str]] = {}
        for sid, pattern in zip(rule_table["sentence_id"], rule_table["pattern"], strict=True):
            by_sentence.setdefault(sid, set()).add(pattern)
        kinds = cue_kinds or {}
        feats = [sentence_features(t, "vendor" if voices.get(sid) == "vendor" else "author",
                                   by_sentence.get(sid, set()), rules, kinds.get(sid))
                 for sid, t in zip(sentences["sentence_id"], sentences["text"], strict=True)]
        probs = self.probabilities(pd.DataFrame({"text": sentences["text"].to_numpy(),
                                                 "features": feats}))
        rule_rows = {k: g for k, g in rule_table.groupby(["sentence_id", "pattern"], sort=True)}
        ok = self._allowed_in_posts(sentences, feats, set(by_sentence))
        if gated:
            ok = [o and k for o, k in zip(ok, self._open_posts(sentences, probs, rule_table),
                                          strict=True)]
        rows: list[dict] = []
        found: list[tuple[float, dict]] = []
        for i, s in enumerate(sentences.itertuples(index=False)):
            for pattern in PATTERNS:
                if probs.iat[i, probs.columns.get_loc(pattern)] < self.threshold or not ok[i]:
                    continue
                same = rule_rows.get((s.sentence_id, pattern))
                if same is not None:
                    rows.extend(same.to_dict("records"))
                    continue
                target = _default_target(pattern, cases.get(s.post_id))
                if target is None or not self._voiced(
                        pattern, voices.get(s.sentence_id) == "vendor"):
                    continue
                found.append((probs.iat[i, probs.columns.get_loc(pattern)], {
                    "doc_id": s.doc_id, "post_id": s.post_id, "segment_id": s.segment_id,
                    "sentence_id": s.sentence_id, "start": s.start, "end": s.end,
                    "speaker_role": voices.get(s.sentence_id),
                    "target_entity": target[0], "target_type": target[1],
                    "target_surface": "", "target_source": "model",
                    "pattern": pattern, "cue": "", "cue_kind": "model"}))
        rows += self._new_attributions(found, rule_table, ("post_id",))
        return pd.DataFrame(rows, columns=BLAME_COLUMNS)

    def _open_posts(self, sentences: pd.DataFrame, probs: pd.DataFrame,
                    rule_table: pd.DataFrame) -> list[bool]:
        """Per sentence: is its post one where the rules found blame or the model
        :meth:`opens`?"""
        posts = sentences["post_id"].to_numpy()
        ruled = set(rule_table["post_id"])
        opened = set()
        if self.open_min is not None:
            strong = pd.Series(probs.max(axis=1).to_numpy() >= self.open_p).groupby(posts).sum()
            opened = {p for p, n in strong.items() if n >= self.open_min}
        return [p in ruled or p in opened for p in posts]

    def _voiced(self, pattern: str, vendor_voice: bool) -> bool:
        """With ``vendor_shifts``, the model's own ``shifts`` need a vendor's voice (codebook
        §3: a shift is a vendor pointing elsewhere; reported company words are its voice)."""
        return not (self.vendor_shifts and pattern == "shifts" and not vendor_voice)

    def _new_attributions(self, found: list[tuple[float, dict]], rule_rows: pd.DataFrame,
                          unit: tuple[str, ...]) -> list[dict]:
        """The model's own rows (``found``: probability, row; in text order). With
        ``new_only``, only those attributing what the rules did not (a pattern and target
        the rules found nowhere in the text or post ``unit``), one sentence each: the most
        probable one, the first on a tie. Why: the model's worth is blame the rules miss; a
        second sentence for an attribution the rules made adds no finding (the held-out
        scores count a text's attributions, not its sentences) and, on text unlike its
        training texts (the seeds' long blog posts), many sentences the gold holds none in."""
        if not self.new_only:
            return [row for _, row in found]
        key = [*unit, "pattern", "target_entity"]
        known = set(rule_rows[key].itertuples(index=False, name=None))
        best: dict[tuple, tuple[float, int, dict]] = {}
        for n, (p, row) in enumerate(found):
            k = tuple(row[c] for c in key)
            if k not in known and (k not in best or p > best[k][0]):
                best[k] = (p, n, row)
        return [row for _, _, row in sorted(best.values(), key=lambda b: b[1])]


def _allowed_in_posts_impl(model: BlameModel, sentences: pd.DataFrame, feats: list[str],
                           ruled: set[str]) -> list[bool]:
    """:meth:`BlameModel.allowed` post by post, sentences in text order within a post."""
    ok = [True] * len(sentences)
    frame = pd.DataFrame({"post": sentences["post_id"].to_numpy(),
                          "start": sentences["start"].to_numpy(),
                          "sid": sentences["sentence_id"].to_numpy()})
    for _, grp in frame.sort_values(["post", "start"], kind="stable").groupby("post", sort=True):
        idx = list(grp.index)
        flags = model.allowed([feats[i] for i in idx], [frame.at[i, "sid"] in ruled for i in idx])
        for i, f in zip(idx, flags, strict=True):
            ok[i] = f
    return ok


def _default_target(pattern: str, case: tuple[str, str] | None) -> tuple[str, str] | None:
    if pattern == "customer_blame":
        return ("Kunde", "customer")
    if pattern == "shifts":
        return ("Ursache außerhalb", "other")
    return case


def combine(rule_rows: pd.DataFrame, model_rows: pd.DataFrame, how: str,
            opened: bool = False) -> pd.DataFrame:
    """Rules and model rows of one text: ``union`` (rules for precision, the model adds
    recall), ``gated`` (the union in a text where the rules found blame or the model
    ``opened`` it, :meth:`BlameModel.opens`; else nothing: the rules decide whether a text
    blames anyone unless the model has several sentences of evidence, the model finds more
    of its blame sentences), ``model`` (the model's rows only) or ``rules`` (the rules'
    only)."""
    if how == "rules":
        return rule_rows
    if how == "model":
        return model_rows
    if how == "gated":  # the model adds only within texts in which the rules found blame
        how = "union" if len(rule_rows) or opened else "rules"
        return combine(rule_rows, model_rows, how)
    if how == "union":
        both = pd.concat([rule_rows, model_rows], ignore_index=True)
        return both.drop_duplicates(["start", "pattern", "target_entity"]).reset_index(drop=True)
    raise ValueError(f"unknown combination {how!r}; use rules, model, union or gated")



#: the held-out text sets the shipped model is trained on, with the GermEval sample's tuning
#: half; named one by one (never a glob), so that a set being written for a later round's
#: scoring can never enter the training data (round seven: heldout5, scored once at stop 18,
#: is tuning data now; round eight: heldout6, scored once at stop 19, joins; round nine:
#: heldout7, scored once at stop 20, joins; round ten: heldout8, scored once at stop 21,
#: joins; round eleven: heldout9, scored once at stop 22 and used as round eleven's fresh
#: check, joins; heldout10 is being written and never enters)
TRAINING_TEXT_SETS = ("heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7",
                      "heldout8", "heldout9")
TRAINING_GERMEVAL_HALF = "tuning"


@dataclass(frozen=True)
class ModelSettings:
    """How the shipped model is trained (:meth:`BlameModel.train`'s options), one object for
    the shipped model and the left-out tables that justify it.

    ``chars``: character 2–5 grams of the sentence beside its lemmas and markers. Round
    seven, each of five tuning sets left out in turn (GermEval tuning, heldout2–5, model
    trained on the other four, gated, threshold .5): mean F1 .716 against .700 with the
    lemmas alone, better on GermEval, heldout3 and heldout4 (+.035, +.008, +.047), within
    .01 below on heldout2 and heldout5; sub-word pieces carry the inflected and compound
    words ("Lieferverzögerung", "verschlampt") that unseen text spells differently.

    ``open_min`` / ``open_p`` (:meth:`BlameModel.opens`): three sentences at .5 open a text
    the rules found blameless. Left out over the five sets with each set's own other folds
    in the training data (as the shipped model sees them): gated mean F1 .739 against .720
    without; heldout3 +.015, heldout4 +.060, heldout5 +.039 (recall .533 → .600), heldout2
    −.001, GermEval −.019 (the gate opens four of its longer remarks wrongly). Without the
    own folds .731 against .716, four of five sets better, GermEval −.044. Choosing (3, .5)
    itself left out (nested) gains nothing on average (.716): the GermEval-left-out fold,
    chosen on complaint texts alone, picks a wider gate (two sentences) and loses .10 there.

    ``max_sentences``: the model reads no text (post) longer than this, nor than the longest
    training text holding blame (:meth:`BlameModel.train`). Round eight: heldout6 joins the
    training data and holds two 31-sentence texts, which would lift the trained limit from 27
    to 31. Left out over the six sets, the limit at 27 and at 31 score the same on every set
    (no set but heldout6 has blame-holding texts of 28 to 31 sentences, and heldout6 is never
    both trained on and scored); with no limit at all heldout6 left out gains two triples
    and one false one (.787 / .656 -> .782 / .678) and GermEval tuning three false ones. On
    the seeds the lift to 31 makes the model read two longer posts and add one wrong row
    (in-sample blame F1 .802 -> .798, below its floor .80): with no left-out support for
    the longer reading, the limit stays where round seven had it.

    ``set_weights`` (:func:`_set_weights`): round nine tried weighting the training sentences
    so that each set (``sets``) or each text (``docs``) weighs the same, against every
    sentence once (``none``). Left out over the six round-eight sets (heldout7 neither trained
    on nor scored), gated mean P / R / F1: none .780 / .738 / .756, sets .784 / .731 / .755,
    docs .753 / .761 / .755 (better F1 on heldout3–5, worse on heldout2 and heldout6; a tie).
    On fresh heldout7, trained on those six: none .833 / .612, docs .795 / .673 (more recall,
    precision below .8); over the seven sets left out, docs wins F1 on five (mean .756
    against .750) but pooled over heldout2–7 its precision is .786 (none .810 / .751), so it
    trades the precision target for recall: kept ``none``.

    ``threshold`` (round ten, :mod:`servicelab.blame_evaluation`): .65, not .5. Round nine's
    fresh heldout8 scored .750 / .682 (precision missed); left out over heldout2–7 and
    GermEval tuning (model trained on the other seven sets incl. heldout8) gated pooled
    .791 / .776, and most false rows were the model's less sure ``customer_blame`` and
    ``shifts`` sentences. Rule, fixed before scoring: the threshold of highest pooled
    precision whose pooled recall stays ≥ .70 (:func:`~servicelab.blame_evaluation.
    choose_threshold`). Nested (each set's threshold chosen on the other sets' left-out
    rows): pooled over heldout2–7 + GermEval .791 / .776 → .834 / .735, precision up on all
    seven sets. Fresh check, trained and chosen without heldout8: heldout8 .750 / .682 →
    .803 / .648. Chosen on all eight sets left out: .65 (pooled .786 / .764 → .835 / .710).
    One threshold for every pattern: a threshold per pattern, chosen the same way, scored
    the same pooled (.836 / .728) with four parameters instead of one.

    Round eleven: the same rule, unchanged, on the left-out rows after round eleven's cues
    (hedged self-reproach, reported regret, "nicht angetroffen", "nicht eingegangen", the
    company's "uns" in an apology) picks .70: pooled over the eight sets .854 / .742 at .65,
    .866 / .715 at .70, .873 / .682 at .75 (below the .70 floor); before the cues .65 gave
    .844 / .721 and .70 .860 / .699."""

    chars: bool = True
    threshold: float = 0.70
    c: float = 1.0
    seed: int = 0
    open_min: int | None = 3
    open_p: float = 0.5
    max_sentences: int | None = 27
    set_weights: str = "none"

    @classmethod
    def default(cls) -> ModelSettings:
        return cls()

    def train(self, sentences: pd.DataFrame) -> BlameModel:
        """:meth:`BlameModel.train` with these settings."""
        from dataclasses import replace

        model = BlameModel.train(sentences, seed=self.seed, threshold=self.threshold,
                                 chars=self.chars, c=self.c, set_weights=self.set_weights)
        longest = model.max_sentences
        if self.max_sentences is not None and longest is not None:
            longest = min(longest, self.max_sentences)
        return replace(model, open_min=self.open_min, open_p=self.open_p,
                       max_sentences=longest)


def training_goldsets() -> dict[str, object]:
    """name → :class:`servicelab.germeval_evaluation.GoldSet` of the pooled tuning gold."""
    from servicelab.germeval_evaluation import germeval_goldset
    from servicelab.heldout_texts import TextSet

    sets = {name: TextSet(name).goldset() for name in TRAINING_TEXT_SETS}
    sets[f"germeval_{TRAINING_GERMEVAL_HALF}"] = germeval_goldset(TRAINING_GERMEVAL_HALF)
    return sets


def training_sentences(goldsets: dict[str, object], rules: BlameRules | None = None
                       ) -> pd.DataFrame:
    """Labelled sentences of every set (:func:`servicelab.germeval_evaluation.model_sentences`)
    with a ``set`` column; doc_ids are prefixed by the set so that they stay unique."""
    from servicelab.germeval_evaluation import model_sentences

    frames = []
    for name, gs in sorted(goldsets.items()):
        sents = model_sentences(gs, rules)
        frames.append(sents.assign(set=name, doc_id=name + ":" + sents["doc_id"]))
    return pd.concat(frames, ignore_index=True)


def _cache_key(goldsets: dict[str, object]) -> str:
    """Hash of everything the shipped model depends on: the package's code and data files
    (the rules give features; :func:`servicelab.outfolder.code_fingerprint`, the hash the
    tables use too) and the training sets' texts and blame gold."""
    import hashlib

    from servicelab.cache import package_version
    from servicelab.outfolder import code_fingerprint

    h = hashlib.sha256(package_version("scikit-learn", "sklearn").encode())
    h.update(code_fingerprint().encode())
    h.update(repr(ModelSettings.default()).encode())
    for name, gs in sorted(goldsets.items()):
        h.update(name.encode())
        h.update(gs.sample.to_csv(index=False).encode())
        h.update(gs.gold("blame").to_csv(index=False).encode())
    return h.hexdigest()[:24]


_DEFAULT: dict[str, BlameModel] = {}  # this process's shipped model, trained or received once

#: the model of a build without training data: it flags nothing, so builds keep the rules
RULES_ONLY = BlameModel(())


def default_model(rules: BlameRules | None = None) -> BlameModel:
    """The shipped model: trained on the pooled tuning gold (:func:`training_goldsets`) with
    the default rules' features, once per process and cached on disk
    (:func:`servicelab.cache.cache_dir`, keyed by :func:`_cache_key`; a damaged or stale
    file is retrained, never trusted), or the one handed over with
    :func:`use_default_model` (the Dask engine sends its workers the client's model).

    Where the training data is absent (the package installed elsewhere,
    ``SERVICELAB_DATA`` without the held-out sets) it is :data:`RULES_ONLY` and one line on
    stderr says so: a pickled model in the package would tie it to one scikit-learn version
    and could not be reviewed; the labelled texts are the model's source."""
    if "model" not in _DEFAULT:
        _DEFAULT["model"] = _trained(rules or BlameRules.default())
    return _DEFAULT["model"]


def use_default_model(model: BlameModel) -> None:
    """Make ``model``, trained in another process, this process's default model."""
    _DEFAULT["model"] = model


def _trained(rules: BlameRules) -> BlameModel:
    import sys

    from servicelab.cache import cached_pickle
    from servicelab.errors import CorpusInputError

    try:
        goldsets = training_goldsets()
        key = _cache_key(goldsets)
    except (CorpusInputError, OSError) as exc:
        print(f"servicelab: blame: the sentence model's training data is absent ({exc}); "
              "blame uses the rules alone", file=sys.stderr)
        return RULES_ONLY
    # the arrays' file (issue 17): loaded without scikit-learn; its name differs from the
    # scikit-learn objects' file of older versions sharing the cache folder
    return cached_pickle(
        f"blame_model_arrays_{key}.pickle", BlameModel,
        lambda: ModelSettings.default().train(training_sentences(goldsets, rules)).as_arrays())
