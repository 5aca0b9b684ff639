"""Vendors and blame scored on the GermEval sample (codebook §6.1–6.3), one half at a time.

Why a module: the rules were written from the seed pages; these functions measure them on
real customer feedback nobody tuned them on. Every scorer takes ``half`` ("tuning" by
default): rules may be read against the tuning half, the test half is scored once, by the
lead, after the rules are frozen.

Each sampled document is one text in its author's voice (codebook §6), normalised and
pseudonymised as ``servicelab build`` does (private ``@handles`` become pseudonyms, company
handles stay: :func:`prepared_sample`); sentences are split as in the corpus, and a
sentence in company wording or reporting a company's words is the vendor's voice
(:func:`servicelab.blame.text_blame`).

**Matching rules (fixed before any score was looked at).**

*Organisations* (:func:`score_orgs`): items are (document, organisation) pairs, one per
organisation per document, as in ``germeval_orgs_gold.csv``. Predicted organisations are the
mentions found by name, handle or the unknown-organisation rules, and generic nouns of public
bodies ("die Polizei", "das Finanzamt": §6.2 lists ``Polizei`` as an organisation); other
generic nouns ("Anbieter", "Hotline") and pronouns are no organisations. Gold canonical names
are mapped to the gazetteer's entity when the gold name is a gazetteer surface ("DB Regio"
stays "DB Regio", "Bahn" would become "Deutsche Bahn");
names are compared case-insensitively. A gold name that is no gazetteer name is compared as
a build can show it: person names the pseudonymiser replaced in that document are replaced in
the gold name too ("Elektro Yıldız" → "Elektro Person_…"; added in round four, when heldout2
showed firms named after their owner, :func:`pseudonymised_names`). The loader maps names,
never labels.
*Main vendor*: on the documents whose gold ``complaint`` is 1; recall = right main vendors /
documents with a gold main vendor, precision = right / documents with a predicted one.

*Blame* (:func:`score_blame`): items are (document, pattern, target) triples; several gold
rows (or predicted sentences) with the same triple count once. Gold targets carrying a person's
name are compared as a build names them, as for organisations (round five: heldout2's
"Sanitär Kowalczyk" is "Sanitär Person_…" in every table). The target key is

* ``Kunde`` when the target is the complaining customer (gold ``target_type`` customer);
* for ``shifts``: ``elsewhere`` — gold names shift targets as free text ("Weichenstörung",
  "verschiedene Gründe"), so a shift matches any predicted shift in the same document whose
  target is not the vendor itself;
* otherwise the organisation blamed or conceding, mapped as for organisations.

``level="pattern"`` also reports the looser (document, pattern) match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from servicelab.blame import PATTERNS, BlameRules, text_blame, text_case
from servicelab.entities import LEGAL_FORMS, Gazetteer, find_mentions
from servicelab.germeval_gold import load_gold, load_sample
from servicelab.metrics import prf, prf_sets
from servicelab.normalise import normalise_text
from servicelab.privacy import pseudonymise_text
from servicelab.sentences import split_sentences

ORG_SOURCES = ("name", "handle", "unknown_org")
#: generic-noun rows that still name an organisation: a public body named by its type
#: ("die Polizei", "das Finanzamt") is an actor (codebook §6.2 lists ``Polizei``), a
#: generic "Anbieter" or "Hotline" is not.
GENERIC_ORG_TYPES = ("public_body",)
EVALUATION_KEY = b"servicelab-germeval-evaluation"  # fixed: same pseudonyms on every run


def prepare(sample: pd.DataFrame) -> pd.DataFrame:
    """``sample`` (``doc_id``, ``text``) with texts as a build sees them (normalised,
    pseudonymised)."""
    texts = [pseudonymise_text(normalise_text(t), EVALUATION_KEY).text for t in sample["text"]]
    return sample.assign(text=texts)


def pseudonymised_names(sample: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """doc_id → (original, pseudonym) of each person name :func:`prepare` replaced in it, so
    that a gold organisation carrying a person's name ("Elektro Yıldız") is compared as a build
    can name it ("Elektro Person_…"); the map is the text's own, never a label."""
    out = {}
    for doc_id, text in zip(sample["doc_id"], sample["text"], strict=True):
        done = pseudonymise_text(normalise_text(text), EVALUATION_KEY)
        out[doc_id] = sorted({(o, n) for k, o, n in done.replacements if k == "person"},
                             key=lambda p: (-len(p[0]), p))
    return out


def _as_built(name: str, names: list[tuple[str, str]], canon: dict[str, str]) -> str:
    """``name`` with the document's pseudonymised person names replaced (whole words); a
    gazetteer name stays, as the matcher names it by its entity whatever the text shows."""
    if name.strip().lower() in canon:
        return name
    for orig, new in names:
        name = re.sub(rf"(?<!\w){re.escape(orig)}(?!\w)", new, name, flags=re.IGNORECASE)
    return name


def prepared_sample(half: str = "tuning") -> pd.DataFrame:
    """The sample of ``half`` with texts as a build sees them (normalised, pseudonymised)."""
    return prepare(load_sample(half))


@dataclass(frozen=True)
class GoldSet:
    """A labelled set of whole texts: its raw ``sample`` (``doc_id``, ``text``) and a loader
    of its gold layers (codebook §6 columns). The scorers read every set through this, so
    the GermEval halves and later held-out sets are scored by the same code."""

    sample: pd.DataFrame
    load: Callable[[str], pd.DataFrame]

    def prepared(self) -> pd.DataFrame:
        return prepare(self.sample)

    def gold(self, layer: str) -> pd.DataFrame:
        return self.load(layer)


def germeval_goldset(half: str = "tuning") -> GoldSet:
    """The GermEval sample's ``half`` as a :class:`GoldSet`."""
    from servicelab import germeval_gold  # looked up at call time: tests replace the loaders

    return GoldSet(germeval_gold.load_sample(half),
                   lambda layer: germeval_gold.load_gold(layer, half))


def _canonical(gazetteer: Gazetteer) -> dict[str, str]:
    """lower-cased name or handle surface → entity (to map gold names onto entities)."""
    out: dict[str, str] = {}
    for row in gazetteer.rows:
        if row["match"] in ("name", "handle"):
            out.setdefault(row["surface"].lower(), row["entity"])
            out.setdefault(row["entity"].lower(), row["entity"])
    return out


# a legal form at the end of a name: codebook §6.9 names invented firms without it
# ("Autohaus Brenner" for "Autohaus Brenner GmbH"), and some gold files and the build keep it
_TRAILING_LEGAL_FORM = re.compile(rf"\s+(?:{LEGAL_FORMS})$", re.IGNORECASE)


def _key(name: str, canon: dict[str, str]) -> str:
    """The name as an entity: the gazetteer's entity for a known name, else the name itself
    without a trailing legal form, lower-cased ("Bohnenwerk UG" and "Bohnenwerk" match)."""
    name = name.strip()
    known = canon.get(name.lower())
    if known is not None:
        return known.lower()
    bare = _TRAILING_LEGAL_FORM.sub("", name)
    return canon.get(bare.lower(), bare).lower()


def predict_orgs(sample: pd.DataFrame, rules: BlameRules | None = None) -> pd.DataFrame:
    """One row per (doc_id, organisation) found in the sample's texts, with its type."""
    rules = rules or BlameRules.default()
    rows = []
    for doc_id, text in zip(sample["doc_id"], sample["text"], strict=True):
        seen = set()
        for m in find_mentions(text, pronouns=False, gazetteer=rules.gazetteer):
            named = m.source in ORG_SOURCES or (m.source == "generic"
                                                and m.entity_type in GENERIC_ORG_TYPES)
            if named and m.entity_type != "customer" and m.entity not in seen:
                seen.add(m.entity)
                rows.append({"doc_id": doc_id, "organisation": m.entity,
                             "org_type": m.entity_type, "source": m.source})
    return pd.DataFrame(rows, columns=["doc_id", "organisation", "org_type", "source"])


def predict_main_vendors(sample: pd.DataFrame, rules: BlameRules | None = None
                         ) -> dict[str, str]:
    """doc_id → the predicted main vendor (documents without one are left out)."""
    rules = rules or BlameRules.default()
    out = {}
    for doc_id, text in zip(sample["doc_id"], sample["text"], strict=True):
        case = text_case(text, rules)
        if case:
            out[doc_id] = case[0]
    return out


def _row(name: str, r, gold: int, pred: int) -> dict[str, object]:
    return {"measure": name, "gold": gold, "predicted": pred, **r.as_dict(3)}


def score_orgs(half: str = "tuning", rules: BlameRules | None = None,
               goldset: GoldSet | None = None) -> pd.DataFrame:
    """Document-level organisation P/R/F1 (all, and complained-about only as recall) and main
    vendor P/R on ``half`` of the GermEval sample, or on ``goldset`` (another labelled set
    of whole texts, e.g. :mod:`servicelab.heldout_texts`; matching rules: module docstring)."""
    rules = rules or BlameRules.default()
    canon = _canonical(rules.gazetteer)
    goldset = goldset or germeval_goldset(half)
    sample = goldset.prepared()
    gold = goldset.gold("orgs")
    pred = predict_orgs(sample, rules)
    names = pseudonymised_names(goldset.sample)
    p = {(d, _key(o, canon)) for d, o in zip(pred["doc_id"], pred["organisation"], strict=True)}

    gold = gold.assign(organisation=[_built_name(d, o, p, names, canon) for d, o in zip(
        gold["doc_id"], gold["organisation"], strict=True)])
    g = {(d, _key(o, canon)) for d, o in zip(gold["doc_id"], gold["organisation"], strict=True)}
    complained = gold[gold["complained_about"] == "1"]
    gc = {(d, _key(o, canon)) for d, o in zip(complained["doc_id"],
                                              complained["organisation"], strict=True)}
    rows = [_row("organisations", prf_sets(g, p), len(g), len(p))]
    tp = len(gc & p)
    rows.append(_row("complained-about organisations (recall only)", prf(tp, 0, len(gc) - tp),
                     len(gc), tp))
    docs = goldset.gold("docs")
    docs = docs[docs["complaint"] == "1"]
    mains = predict_main_vendors(sample[sample["doc_id"].isin(docs["doc_id"])], rules)
    gold_main = {d: _key(v if _key(v, canon) == _key(mains.get(d, ""), canon)
                         else _as_built(v, names.get(d, []), canon), canon)
                 for d, v in zip(docs["doc_id"], docs["main_vendor"], strict=True) if v}
    right = sum(1 for d, v in mains.items() if gold_main.get(d) == _key(v, canon))
    rows.append(_row("main vendor (complaint documents)",
                     prf(right, len(mains) - right, len(gold_main) - right),
                     len(gold_main), len(mains)))
    return pd.DataFrame(rows)


def _built_name(doc_id: str, name: str, shown: set[tuple[str, str]],
                names: dict[str, list[tuple[str, str]]], canon: dict[str, str]) -> str:
    """A gold name as the build shows it: as written when the build kept it readable (a
    firm's name holding its owner's surname, from round five on: ``shown`` holds the
    predicted (document, key) pairs), else with the document's pseudonymised person names.
    One rule for organisations and blame targets alike."""
    if (doc_id, _key(name, canon)) in shown:
        return name
    return _as_built(name, names.get(doc_id, []), canon)


def predict_blame(sample: pd.DataFrame, rules: BlameRules | None = None, model=None,
                  how: str = "gated") -> pd.DataFrame:
    """Blame rows of every sample document (:func:`servicelab.blame.text_blame`); with a
    :class:`servicelab.blame_model.BlameModel`, the rules' rows combined with the model's
    (:func:`servicelab.blame_model.combine`, ``how``)."""
    frames = []
    for doc_id, text in zip(sample["doc_id"], sample["text"], strict=True):
        rows = text_blame(text, rules)
        # gated: nothing to add to unless the model may open a text the rules found blameless
        if model is not None and (len(rows) or how != "gated" or model.open_min is not None):
            from servicelab.blame_model import combine

            added = model.text_rows(text, rules, rows, gated=how == "gated")
            rows = combine(rows, added, how, opened=len(added) > 0)
        frames.append(rows.assign(doc_id=doc_id))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["doc_id", "pattern", "target_entity", "target_type"])
    return pd.concat(frames, ignore_index=True)


def _blame_key(pattern: str, entity: str, customer: bool, canon: dict[str, str]) -> str:
    if customer:
        return "kunde"
    if pattern == "shifts":
        return "elsewhere"
    return _key(entity, canon)


def blame_items(df: pd.DataFrame, canon: dict[str, str], gold: bool, level: str = "target"
                ) -> set[tuple[str, str, str]]:
    """(doc_id, pattern, target key) of gold or predicted rows (matching rule above)."""
    items = set()
    for r in df.itertuples(index=False):
        customer = r.target_type == "customer" or (not gold and r.target_entity == "Kunde")
        key = _blame_key(r.pattern, r.target_entity, customer, canon)
        items.add((r.doc_id, r.pattern, key if level == "target" else ""))
    return items


def score_blame(half: str = "tuning", rules: BlameRules | None = None, level: str = "target",
                pred: pd.DataFrame | None = None, goldset: GoldSet | None = None,
                model=None, how: str = "gated") -> pd.DataFrame:
    """P/R/F1 per pattern and pooled (``all``) on ``half`` of the GermEval sample (or on
    ``goldset``, as for :func:`score_orgs`).

    ``level`` is "target" (document + pattern + target, the primary measure) or "pattern"
    (document + pattern). ``pred`` replaces the rules' predictions (e.g. a classifier's
    rows with ``doc_id``, ``pattern``, ``target_entity``, ``target_type``); ``model`` (a
    :class:`servicelab.blame_model.BlameModel`) is combined with the rules (``how``).
    """
    if level not in ("target", "pattern"):
        raise ValueError("level is 'target' or 'pattern'")
    rules = rules or BlameRules.default()
    canon = _canonical(rules.gazetteer)
    goldset = goldset or germeval_goldset(half)
    if pred is None:
        pred = predict_blame(goldset.prepared(), rules, model, how)
    gold = goldset.gold("blame")
    names = pseudonymised_names(goldset.sample)
    shown = {(d, _key(t, canon)) for d, t in zip(pred["doc_id"], pred["target_entity"],
                                                  strict=True) if isinstance(t, str)}
    gold = gold.assign(target_entity=[_built_name(d, t, shown, names, canon) for d, t in zip(
        gold["doc_id"], gold["target_entity"], strict=True)])
    g = blame_items(gold, canon, True, level)
    p = blame_items(pred, canon, False, level)
    rows = []
    for pattern in [*PATTERNS, "all"]:
        gs = {x for x in g if pattern in ("all", x[1])}
        ps = {x for x in p if pattern in ("all", x[1])}
        rows.append({"pattern": pattern, "gold": len(gs), "predicted": len(ps),
                     **prf_sets(gs, ps).as_dict(3)})
    return pd.DataFrame(rows)


# --- rules vs. a classifier trained on the same half (issue 15 item 3) ---------------------

CLASSIFIER_PATTERNS = PATTERNS


def labelled_sentences(half: str = "tuning") -> pd.DataFrame:
    """One row per sentence of ``half``: ``doc_id``, ``start``, ``end``, ``text`` and a 0/1
    column per pattern (1 when a gold quote of that pattern starts in the sentence).

    Why: a sentence classifier needs sentence labels; gold rows are keyed by quote, so each
    quote is found in the prepared text (:func:`servicelab.annotations.find_quote`)."""
    from servicelab.annotations import find_quote

    sample = prepared_sample(half)
    gold = load_gold("blame", half)
    rows = []
    for doc_id, text in zip(sample["doc_id"], sample["text"], strict=True):
        spans = split_sentences(text, 0, len(text))
        labels = [dict.fromkeys(PATTERNS, 0) for _ in spans]
        for g in gold[gold["doc_id"] == doc_id].itertuples(index=False):
            hit = find_quote(text, g.quote, key=EVALUATION_KEY)
            if hit is None:
                continue
            for i, (s, e) in enumerate(spans):
                if s <= hit[0] < e or (hit[0] < s < hit[1]):
                    labels[i][g.pattern] = 1
                    break
        for (s, e), lab in zip(spans, labels, strict=True):
            rows.append({"doc_id": doc_id, "start": s, "end": e, "text": text[s:e], **lab})
    return pd.DataFrame(rows)


def model_sentences(goldset: GoldSet, rules: BlameRules | None = None) -> pd.DataFrame:
    """One row per sentence of every text of ``goldset``, with the model's features
    (:func:`servicelab.blame_model.sentence_rows`) and a 0/1 column per pattern (1 when a
    gold quote of that pattern starts in the sentence), and ``doc_id``.

    Why: the learned component is trained on the pooled tuning gold (held-out text sets and
    the GermEval tuning half), so every set must give its sentences in one form."""
    from servicelab.annotations import find_quote
    from servicelab.blame_model import sentence_rows

    rules = rules or BlameRules.default()
    sample = goldset.prepared()
    gold = goldset.gold("blame")
    frames = []
    for doc_id, text in zip(sample["doc_id"], sample["text"], strict=True):
        sents = sentence_rows(text, rules).assign(doc_id=doc_id)
        for pattern in PATTERNS:
            sents[pattern] = 0
        for g in gold[gold["doc_id"] == doc_id].itertuples(index=False):
            hit = find_quote(text, g.quote, key=EVALUATION_KEY)
            if hit is None or g.pattern not in PATTERNS:
                continue
            inside = (sents["start"] <= hit[0]) & (hit[0] < sents["end"])
            sents.loc[inside, g.pattern] = 1
        frames.append(sents)
    return pd.concat(frames, ignore_index=True)


def _classifier_rows(sents: pd.DataFrame, flags: dict[str, list[bool]],
                     cases: dict[str, tuple[str, str] | None]) -> pd.DataFrame:
    """Blame rows from sentence flags: accuses/concedes target the document's main vendor,
    customer_blame the customer, shifts an outside party (the scorer's target keys)."""
    rows = []
    for i, r in enumerate(sents.itertuples(index=False)):
        case = cases.get(r.doc_id)
        for pattern in CLASSIFIER_PATTERNS:
            if not flags[pattern][i]:
                continue
            if pattern == "customer_blame":
                target = ("Kunde", "customer")
            elif pattern == "shifts":
                target = ("Ursache außerhalb", "other")
            elif case:
                target = case
            else:
                continue
            rows.append({"doc_id": r.doc_id, "pattern": pattern, "target_entity": target[0],
                         "target_type": target[1]})
    return pd.DataFrame(rows, columns=["doc_id", "pattern", "target_entity", "target_type"])


def _sentence_model(seed: int = 0):
    """The sentence classifier of :func:`classifier_cv`: TF-IDF word 1–2 + char 2–5 grams and
    a balanced logistic regression (one per pattern)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        LogisticRegression(class_weight="balanced", max_iter=2000, random_state=seed))


def classifier_cv(half: str = "tuning", folds: int = 5, seed: int = 0,
                  rules: BlameRules | None = None) -> pd.DataFrame:
    """Out-of-fold blame rows of a sentence classifier (TF-IDF word 1–2 + char 2–5 grams,
    one balanced logistic regression per pattern), folds grouped by document.

    Every sentence is predicted by a model that never saw its document, so
    ``score_blame(half, pred=classifier_cv(half))`` is a cross-validated score on that half.
    A pattern with fewer than two positive training sentences in a fold is not predicted.
    """
    import numpy as np
    from sklearn.model_selection import GroupKFold

    rules = rules or BlameRules.default()
    sents = labelled_sentences(half)
    sample = prepared_sample(half).set_index("doc_id")["text"]
    cases = {d: text_case(t, rules) for d, t in sample.items()}
    docs = sents["doc_id"].to_numpy()
    order = np.random.default_rng(seed).permutation(sorted(set(docs)))
    group = {d: i % folds for i, d in enumerate(order)}
    groups = np.array([group[d] for d in docs])
    flags = {p: [False] * len(sents) for p in CLASSIFIER_PATTERNS}
    for train, test in GroupKFold(n_splits=folds).split(sents, groups=groups):
        for pattern in CLASSIFIER_PATTERNS:
            y = sents[pattern].to_numpy()[train]
            if y.sum() < 2:
                continue
            model = _sentence_model(seed)
            model.fit(sents["text"].to_numpy()[train], y)
            pred = model.predict(sents["text"].to_numpy()[test])
            for j, hit in zip(test, pred, strict=True):
                flags[pattern][j] = bool(hit)
    return _classifier_rows(sents, flags, cases)


def compare_methods(half: str = "tuning", rules: BlameRules | None = None, folds: int = 5,
                    seed: int = 0) -> pd.DataFrame:
    """Pooled blame P/R/F1 of the rules, the cross-validated classifier and their union on
    ``half`` (the rules were read against the tuning half: their tuning score is optimistic,
    the classifier's is out-of-fold)."""
    rules = rules or BlameRules.default()
    rule_rows = predict_blame(prepared_sample(half), rules)
    clf_rows = classifier_cv(half, folds, seed, rules)
    both = pd.concat([rule_rows[clf_rows.columns], clf_rows], ignore_index=True)
    out = []
    for name, pred in (("rules", rule_rows), ("classifier (CV)", clf_rows),
                       ("rules + classifier", both)):
        scores = score_blame(half, rules, pred=pred).set_index("pattern")
        out.append({"method": name, **scores.loc["all"].to_dict(),
                    **{f"f1_{p}": scores.loc[p, "f1"] for p in PATTERNS}})
    return pd.DataFrame(out)


def compare_methods_on(goldset: GoldSet, half: str = "tuning",
                       rules: BlameRules | None = None, seed: int = 0,
                       train: dict[str, GoldSet] | None = None,
                       folds: int | None = None, settings=None,
                       pool: pd.DataFrame | None = None, model=None) -> pd.DataFrame:
    """Pooled blame P/R/F1 of the rules, the classifier trained on the whole ``half`` of the
    GermEval sample, and their union, on another labelled set (e.g. heldout2,
    :meth:`servicelab.heldout_texts.TextSet.goldset`).

    Why: the classifier's cross-validated score on the half it is trained on
    (:func:`compare_methods`) says nothing about text of another kind; this scores it, and
    the combination, on whole complaint texts it never saw.

    With ``train`` (name → GoldSet), the round-five sentence model
    (:class:`servicelab.blame_model.BlameModel`) is trained on those sets instead and scored
    alone, as the union with the rules and gated by the rules (:func:`_model_methods`); with
    ``folds`` as well, ``goldset``'s own documents are split into that many folds and each
    fold is predicted by a model that also saw the other folds (the shipped model sees
    every tuning set). ``settings``: how the model is trained
    (:class:`servicelab.blame_model.ModelSettings`, default the shipped ones); ``pool``:
    ``train``'s labelled sentences when the caller has them
    (:func:`servicelab.blame_model.training_sentences`); ``model``: the model trained on
    ``pool`` with ``settings`` when the caller has it (without ``folds``)."""
    rules = rules or BlameRules.default()
    if train is not None:
        return _model_methods(goldset, train, rules, seed, folds, settings, pool, model)
    train = labelled_sentences(half)
    sample = goldset.prepared()
    rows = [{"doc_id": d, "text": t[a:b]} for d, t in zip(sample["doc_id"], sample["text"],
                                                          strict=True)
            for a, b in split_sentences(t, 0, len(t))]
    sents = pd.DataFrame(rows, columns=["doc_id", "text"])
    cases = {d: text_case(t, rules) for d, t in zip(sample["doc_id"], sample["text"],
                                                    strict=True)}
    flags = {}
    for pattern in CLASSIFIER_PATTERNS:
        if train[pattern].sum() < 2:
            flags[pattern] = [False] * len(sents)
            continue
        model = _sentence_model(seed).fit(train["text"].to_numpy(), train[pattern].to_numpy())
        flags[pattern] = [bool(x) for x in model.predict(sents["text"].to_numpy())]
    clf_rows = _classifier_rows(sents, flags, cases)
    rule_rows = predict_blame(sample, rules)
    both = pd.concat([rule_rows[clf_rows.columns], clf_rows], ignore_index=True)
    out = []
    for name, pred in (("rules", rule_rows), (f"classifier (trained on {half})", clf_rows),
                       ("rules + classifier", both)):
        scores = score_blame(rules=rules, pred=pred, goldset=goldset).set_index("pattern")
        out.append({"method": name, **scores.loc["all"].to_dict(),
                    **{f"f1_{p}": scores.loc[p, "f1"] for p in PATTERNS}})
    return pd.DataFrame(out)


#: ``rules_gate``: gated by the rules alone (round six), beside ``gated`` with the model's own
#: opening (:meth:`servicelab.blame_model.BlameModel.opens`, round seven)
MODEL_METHODS = ("rules", "model", "union", "gated", "rules_gate")


def _model_methods(goldset: GoldSet, train: dict[str, GoldSet], rules: BlameRules, seed: int,
                   folds: int | None, settings=None, pool: pd.DataFrame | None = None,
                   model=None) -> pd.DataFrame:
    """Rows of :func:`compare_methods_on` for the round-five sentence model."""
    from dataclasses import replace

    import numpy as np

    from servicelab.blame_model import ModelSettings, combine, training_sentences

    if pool is None:
        pool = training_sentences(train, rules)
    sample = goldset.prepared()
    docs = sorted(sample["doc_id"])
    if folds:
        own = training_sentences({"own": goldset}, rules)
        order = np.random.default_rng(seed).permutation(docs)
        fold = {d: i % folds for i, d in enumerate(order)}
    models = {0: model} if model is not None and not folds else {}
    for k in range(folds or 1):
        if k in models:
            continue
        data = pool
        if folds:
            data = pd.concat([pool, own[own["doc_id"].str[4:].map(fold) != k]],
                             ignore_index=True)
        models[k] = replace(settings or ModelSettings.default(), seed=seed).train(data)
    preds: dict[str, list[pd.DataFrame]] = {m: [] for m in MODEL_METHODS}
    for doc_id, text in zip(sample["doc_id"], sample["text"], strict=True):
        model = models[fold[doc_id] if folds else 0]
        rule_rows = text_blame(text, rules)
        model_rows = model.text_rows(text, rules, rule_rows)
        # gated: the model's rows in a text the rules found blameless only where it opens it
        gated_rows = (model_rows if len(rule_rows)
                      else model.text_rows(text, rules, rule_rows, gated=True))
        # the model alone: every sentence it flags (the shipped model adds only new
        # attributions to the rules', :meth:`BlameModel._new_attributions`)
        alone = replace(model, new_only=False).text_rows(text, rules, rule_rows)
        for how in MODEL_METHODS:
            mine = {"model": alone, "gated": gated_rows}.get(how, model_rows)
            rows = combine(rule_rows, mine, "gated" if how == "rules_gate" else how,
                           opened=how == "gated" and len(mine) > 0)
            preds[how].append(rows.assign(doc_id=doc_id))
    out = []
    for how in MODEL_METHODS:
        pred = pd.concat(preds[how], ignore_index=True)
        scores = score_blame(rules=rules, pred=pred, goldset=goldset).set_index("pattern")
        out.append({"method": how, **scores.loc["all"].to_dict(),
                    **{f"{m}_{p}": scores.loc[p, m] for p in PATTERNS
                       for m in ("precision", "recall")}})
    return pd.DataFrame(out)


def left_out_table(goldsets: dict[str, GoldSet] | None = None, rules: BlameRules | None = None,
                   seed: int = 0, folds: int | None = None, settings=None,
                   sentences: dict[str, pd.DataFrame] | None = None,
                   models: dict[str, object] | None = None) -> pd.DataFrame:
    """:func:`compare_methods_on` with each tuning set left out in turn and the model trained
    on the others (``goldsets``: the shipped model's training sets,
    :func:`servicelab.blame_model.training_goldsets`); with ``folds``, each set's own other
    folds join the training data; ``settings`` as for :func:`compare_methods_on`. Column
    ``left_out`` names the set scored.

    Why: the rules were read against these sets, the model must be judged on text it never
    saw: a method ships only if it beats the rules on the set left out. ``sentences``:
    :func:`servicelab.blame_evaluation.set_sentences` of ``goldsets`` with ``rules`` when
    the caller has them (each set's labelled sentences once: they do not depend on which set
    is left out); ``models``: :func:`servicelab.blame_evaluation.left_out_models` of them
    (without ``folds``; their thresholds are set to ``settings``')."""
    from servicelab.blame_evaluation import set_sentences
    from servicelab.blame_model import training_goldsets

    goldsets = goldsets or training_goldsets()
    rules = rules or BlameRules.default()
    if sentences is None:
        sentences = set_sentences(goldsets, rules)
    frames = []
    for name in sorted(goldsets):
        others = {n: g for n, g in goldsets.items() if n != name}
        pool = pd.concat([sentences[n] for n in sorted(others)], ignore_index=True)
        model = None
        if models is not None and not folds:
            from dataclasses import replace

            from servicelab.blame_model import ModelSettings

            model = replace(models[name], threshold=(settings or ModelSettings.default()
                                                     ).threshold)
        table = compare_methods_on(goldsets[name], rules=rules, seed=seed, train=others,
                                   folds=folds, settings=settings, pool=pool, model=model)
        frames.append(table.assign(left_out=name))
    return pd.concat(frames, ignore_index=True)
