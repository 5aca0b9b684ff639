"""Stance on the reply units of the development corpus (codebook §5, §7): one scorer.

Why a module: the stance rules are measured on pages they were not written from, in two
ways, by the same function the notebook, the README and the tests call:

* ``corpus`` — units as the corpus layer finds them: each gold reply unit is aligned to the
  predicted segment that holds its quote, and takes that segment's predicted stance (a unit
  whose quote falls in a segment without a stance row — a missed boundary, a segment the
  layer calls ``body`` — counts as ``missing``, i.e. wrong);
* ``gold`` — units as the gold cuts them: each unit's text runs from its quote to the next
  gold unit of the page (gold furniture removed), the gold role (``vendor``, ``author``
  for the complainant's own replies, else ``commenter``); replies and stance are computed
  on these units, so segmentation errors do not count.

Every scorer takes ``half`` (codebook §7.3; default ``tuning``); the test half is scored
once, when the rules are frozen.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from servicelab import defence
from servicelab.annotations import apply_pseudonyms, find_quote, pseudonym_map
from servicelab.corpus import Corpus
from servicelab.devcorpus import build_family, families, load_dev_gold
from servicelab.devsplit import check_half, select_half
from servicelab.layout_eval import furniture_mask
from servicelab.normalise import normalise_text

UNIT_COLUMNS = ["page_id", "family", "quote", "kind", "role", "gold", "corpus", "gold_units",
                "text"]


def gold_unit_table(corpus: Corpus, doc_id: str, gold: pd.DataFrame) -> pd.DataFrame:
    """The page's gold segments as units for :func:`defence.find_replies`: text from the
    quote to the next gold segment (furniture removed), one post per page."""
    text = corpus.documents.set_index("doc_id").loc[doc_id, "text"]
    mapping = pseudonym_map(corpus, doc_id)
    mask = furniture_mask(text, gold[gold["layer"] == "furniture"], mapping)
    segs = []
    for g in gold[gold["layer"] == "segment"].itertuples(index=False):
        span = find_quote(text, g.quote, mapping)
        if span is None:
            raise ValueError(f"{doc_id}: gold unit quote not found: {g.quote!r}")
        segs.append((span[0], g))
    segs.sort(key=lambda t: t[0])
    rows = []
    for k, (start, g) in enumerate(segs):
        end = segs[k + 1][0] if k + 1 < len(segs) else len(text)
        body = "".join(c for c, f in zip(text[start:end], mask[start:end], strict=True)
                       if not f).strip()
        is_body = g.kind == "body"
        rows.append({"unit_id": f"{doc_id}:u{k:03d}", "doc_id": doc_id,
                     "post_id": f"{doc_id}:p0", "position": k,
                     "kind": "body" if is_body else "comment",
                     "role": "author" if is_body else
                     (g.role if g.role in ("vendor", "author") else "commenter"),
                     "addressees": defence.extract_addressees(body), "text": body,
                     "author": apply_pseudonyms(normalise_text(g.author), mapping) or None,
                     "quote": g.quote})
    units = pd.DataFrame(rows)
    if not (units["kind"] == "body").any() and len(units):
        # a page that opens with a reply unit (no article): the replies answer nobody's post
        units = pd.concat([pd.DataFrame([{**rows[0], "unit_id": f"{doc_id}:u_post",
                                          "position": -1, "kind": "body", "role": "author",
                                          "text": "", "addressees": [], "author": None,
                                          "quote": ""}]), units], ignore_index=True)
    return units


def _gold_unit_stance(units: pd.DataFrame, rules: defence.DefenceRules | None
                      ) -> dict[str, str]:
    """quote -> stance of each gold reply unit (``missing`` if it got no row)."""
    replies = defence.find_replies(units, rules)
    stance = defence.thread_stance(units, replies, rules)
    by_id = dict(zip(stance["unit_id"], stance["stance"], strict=True))
    return {q: by_id.get(u, "missing") for u, q, k in
            zip(units["unit_id"], units["quote"], units["kind"], strict=True) if k == "comment"}


def _corpus_stance(corpus: Corpus, doc_id: str, gold: pd.DataFrame,
                   stance: pd.DataFrame) -> dict[str, str]:
    text = corpus.documents.set_index("doc_id").loc[doc_id, "text"]
    mapping = pseudonym_map(corpus, doc_id)
    segs = corpus.segments[corpus.segments["doc_id"] == doc_id]
    label = dict(zip(stance["segment_id"], stance["stance"], strict=True))
    out = {}
    for g in gold[gold["layer"] == "segment"].itertuples(index=False):
        if g.kind == "body":
            continue
        span = find_quote(text, g.quote, mapping)
        hit = segs[(segs["start"] <= span[0]) & (segs["end"] > span[0])] if span else segs[:0]
        out[g.quote] = label.get(hit["segment_id"].iloc[0], "missing") if len(hit) else "missing"
    return out


def stance_units(half: str = "tuning", rules: defence.DefenceRules | None = None,
                 families_: list[str] | None = None,
                 build: Callable[[str], Corpus] = build_family) -> pd.DataFrame:
    """One row per gold reply unit of ``half``: gold stance, the stance predicted on the
    corpus layer's segments (``corpus``) and on the gold units (``gold_units``), and the
    gold unit's text (pseudonymised, furniture removed)."""
    check_half(half)
    rows = []
    for family in families_ or families():
        gold = select_half(load_dev_gold([family], held_out=None), half)
        if gold.empty:
            continue
        corpus = build(family)
        stance = defence.build_tables(corpus, rules)["stance"]
        for page_id, g in gold.groupby("page_id", sort=True):
            units = gold_unit_table(corpus, str(page_id), g)
            on_gold = _gold_unit_stance(units, rules)
            on_corpus = _corpus_stance(corpus, str(page_id), g, stance)
            text_of = dict(zip(units["quote"], units["text"], strict=True))
            for r in g[(g["layer"] == "segment") & (g["kind"] != "body")].itertuples(
                    index=False):
                rows.append({"page_id": page_id, "family": family, "quote": r.quote,
                             "kind": r.kind, "role": r.role, "gold": r.stance,
                             "corpus": on_corpus[r.quote], "gold_units": on_gold[r.quote],
                             "text": text_of[r.quote]})
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def score_stance(half: str = "tuning", rules: defence.DefenceRules | None = None,
                 units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Accuracy, macro-F1 and κ of the stance rules on the reply units of ``half``: one row
    per unit cut (``corpus``, ``gold_units``) × subset (``all`` reply units, ``non_vendor``)."""
    units = stance_units(half, rules) if units is None else units
    rows = []
    for subset, part in (("all", units), ("non_vendor", units[units["gold"] != "vendor"])):
        for cut in ("corpus", "gold_units"):
            agree = defence.stance_agreement(part["gold"], part[cut]) if len(part) else {
                "n": 0, "accuracy": np.nan, "macro_f1": np.nan, "kappa": np.nan}
            rows.append({"half": half, "units": cut, "subset": subset,
                         "missing": int((part[cut] == "missing").sum()), **agree})
    return pd.DataFrame(rows)


def seed_stance_scores(corpus: Corpus, rules: defence.DefenceRules | None = None
                       ) -> pd.DataFrame:
    """The seed thread (``defence_gold.csv``, codebook §5; in-sample for the seed-era cues):
    stance agreement on the non-vendor gold comment units and on corpus segments that hold
    exactly one gold comment — the two views of notebook 04."""
    from servicelab.annotations import align, load_gold

    originals = set(corpus.documents.loc[corpus.documents["duplicate_of"].isna(), "doc_id"])
    gold = load_gold("defence_gold")
    gold = gold[gold["doc_id"].isin(originals)]
    comments = gold[gold["unit"] == "comment"]
    units = defence.gold_units(corpus, gold)
    on_units = defence.thread_stance(units, defence.find_replies(units, rules), rules).merge(
        units[["unit_id", "quote"]], on="unit_id").merge(
        comments[["doc_id", "quote", "stance"]].rename(columns={"stance": "gold"}),
        on=["doc_id", "quote"])
    community = on_units[on_units["gold"] != "vendor"]
    stance = defence.build_tables(corpus, rules)["stance"]
    aligned = align(comments, corpus, unit="segment", source="defence_gold")
    per_seg = aligned.groupby("segment_id").agg(n=("quote", "size"), gold=("stance", "first"))
    per_seg = per_seg.join(stance.set_index("segment_id")[["stance"]])
    single = per_seg[(per_seg["n"] == 1) & (per_seg["gold"] != "vendor")]
    return pd.DataFrame([
        {"units": "gold_units", **defence.stance_agreement(community["gold"],
                                                           community["stance"])},
        {"units": "corpus", **defence.stance_agreement(single["gold"],
                                                       single["stance"].fillna("missing"))}])


#: the held-out page sessions whose units train the shipped stance classifier (codebook §7.2),
#: each named only after its own one scoring. Round seven kept this empty: the model trained
#: on the dev pages plus h3, h4, h5, l1 and p1 gained left out but moved the seed thread below
#: its κ floor (0.74 < 0.76) through one unit, a sarcastic rebuttal ("Zudem: Verkauft wird
#: billiges Zeug ja auch nicht mit dem Disclaimer …", gold ``supports_complainant``) that no
#: one-vs-rest classifier claims (all three scores below 0): its argmax follows the training
#: mix (the held-out sessions label more units ``neutral``). Round eight pools every set
#: scored once (h6 too) and lets the training prior decide a unit no classifier claims
#: (``StanceModel(abstain=0.0)``, :data:`servicelab.stance_model.SHIPPED`), and a confident
#: model overrides a single cue (``DefenceRules.model_override``). Left out per set, gold /
#: corpus cut (tools/stance_page_sets.py --loso), dev-pages model → both: h3 .846/.813 →
#: .878/.837, h4 .820/.664 → .861/.738, h5 .750/.658 → .800/.750, h6 .793/.647 → .845/.741,
#: l1 .780/.659 → .854/.732, p1 .857 → .786 (one unit of 14); the seed floors hold. The
#: abstention itself costs 3 of the 46 unclaimed units left out against the plain argmax (24
#: vs 21 right): the price of the seed floor.
TRAINING_SESSIONS: tuple[str, ...] = ("h3", "h4", "h5", "h6", "l1", "p1")


def training_table(units: pd.DataFrame | None = None,
                   sessions: tuple[str, ...] = TRAINING_SESSIONS) -> pd.DataFrame:
    """The stance classifier's training rows (``servicelab/data/stance_training.csv``): the
    non-vendor reply units of all dev pages, both halves, and of the held-out pages of
    ``sessions`` (tuning data from round five on, codebook §7.2–7.3), sorted by page and
    text. ``units``: :func:`stance_units` rows (computed with the cue rules alone when not
    given). The seed thread is left out on purpose: it stays a check of the model on a thread
    it was not trained on."""
    from servicelab.stance_model import TRAINING_COLUMNS

    if units is None:
        rules = defence.DefenceRules.load(fallback=False)
        units = pd.concat([stance_units("all", rules)]
                          + [stance_units(f"held_out:{s}", rules) for s in sessions],
                          ignore_index=True)
    table = units[units["gold"] != "vendor"].rename(columns={"gold": "stance"})
    return table[list(TRAINING_COLUMNS)].sort_values(["page_id", "text"]).reset_index(drop=True)


def cross_validate_by_page(units: pd.DataFrame, folds: int = 9, by: str = "page_id",
                           c: float = 1.0, seed: int = 0,
                           rules: defence.DefenceRules | None = None) -> pd.DataFrame:
    """Grouped cross-validation of the stance options on reply units (issue 15).

    ``units``: :func:`stance_units` computed with the cue rules alone
    (``DefenceRules.load(fallback=False)``), so that ``gold_units`` is the rules' prediction.
    Groups are ``by`` (``page_id``, or ``family`` for leave-one-family-out); with ``folds``
    groups or fewer each group is its own fold. Options, one column each: ``rules`` (the cue
    rules; vendor by role), ``rules_majority`` (no cue → the training folds' majority label),
    ``model`` (:mod:`servicelab.stance_model` alone, vendor by role), ``rules_model`` (the
    rules where a cue fires, else the model) and ``combined`` (as ``rules_model``, but a short
    cue-less unit that asks — :func:`defence.opens_with_question` with ``rules`` — is
    ``neutral``: what ``rules`` — by default the shipped :class:`defence.DefenceRules` —
    does; the author lean is in ``rules`` already, so an author's question is not modelled).
    The cue rules were written from the tuning half, the question rule from reading all dev
    units (round five: and the h3 pages): where they apply, in-sample.
    """
    rules = rules or defence.DefenceRules.default()
    from sklearn.model_selection import GroupKFold

    from servicelab import stance_model

    out = units[["page_id", "family", "kind", "role", "gold"]].copy()
    out["rules"] = units["gold_units"].to_numpy()
    learn = (units["gold"] != "vendor").to_numpy()
    is_vendor = (units["gold_units"] == "vendor").to_numpy()
    groups = units[by].to_numpy()
    n = min(folds, len(set(groups)))
    model = np.array(out["rules"], dtype=object)
    majority = np.array(out["rules"], dtype=object)
    for train, test in GroupKFold(n_splits=n).split(units, groups=groups):
        train = train[learn[train]]
        fitted = stance_model.fit(units["text"].to_numpy()[train],
                                  units["gold"].to_numpy()[train], c, seed)
        model[test] = fitted.predict(list(units["text"].to_numpy()[test]))
        majority[test] = pd.Series(units["gold"].to_numpy()[train]).mode().iloc[0]
    model[is_vendor] = "vendor"
    out["model"] = model
    open_ = (out["rules"] == "neutral").to_numpy()
    asks = units["text"].map(lambda t: defence.opens_with_question(
        t, rules.question_sentences, rules)).to_numpy()
    out["rules_majority"] = np.where(open_, majority, out["rules"])
    out["rules_model"] = np.where(open_, model, out["rules"])
    out["combined"] = np.where(open_ & asks, "neutral", out["rules_model"])
    return out


CV_METHODS: tuple[str, ...] = ("rules", "rules_majority", "model", "rules_model", "combined")


def cv_scores(cv: pd.DataFrame) -> pd.DataFrame:
    """Accuracy, macro-F1 and κ of each option of :func:`cross_validate_by_page`, on all
    reply units and per half of the pages (tuning: the cues' own pages; test: not)."""
    from servicelab.devsplit import page_half

    rows = []
    halves = cv["page_id"].map(page_half)
    for part_name, part in (("all", cv), ("tuning", cv[halves == "tuning"]),
                            ("test", cv[halves == "test"])):
        for subset, sub in (("all", part), ("non_vendor", part[part["gold"] != "vendor"])):
            for method in CV_METHODS:
                agree = defence.stance_agreement(sub["gold"], sub[method]) if len(sub) else {
                    "n": 0, "accuracy": np.nan, "macro_f1": np.nan, "kappa": np.nan}
                rows.append({"pages": part_name, "subset": subset, "method": method, **agree})
    return pd.DataFrame(rows)


#: the page sets the stance options are validated on, one left out at a time: the dev pages
#: (both halves) and the held-out sessions scored once before (tuning data since)
DEV_SET = "dev"


def set_half(page_set: str) -> str:
    """The ``half`` argument that selects a page set: ``all`` for :data:`DEV_SET`, else
    ``held_out:<session>``."""
    return "all" if page_set == DEV_SET else f"held_out:{page_set}"


def leave_one_set_out(page_sets: tuple[str, ...],
                      options: dict[str, Callable[[pd.DataFrame], object]],
                      build: Callable[[str], Corpus] = build_family,
                      tunables: dict[str, dict[str, object]] | None = None) -> pd.DataFrame:
    """Validate stance options by leaving one *page set* out (issue 15, round six).

    For each set of ``page_sets`` (:data:`DEV_SET` or a held-out session name) and each
    option (``name -> make(training_table) -> StanceModel | None``), the fallback model is
    trained on the non-vendor reply units of the other sets only (:func:`training_table`
    rows, cue-rule text) and the full stance rules with that model are scored on the left-out
    set, both cuts (:func:`score_stance`); ``tunables``: per option name, keyword arguments
    of :meth:`defence.DefenceRules.load` (the shipped tunables otherwise). Returns the
    :func:`score_stance` rows with ``page_set`` and ``option`` columns."""
    bare = defence.DefenceRules.load(fallback=False)
    per_set = {s: stance_units(set_half(s), bare, build=build).assign(page_set=s)
               for s in page_sets}
    rows = []
    for left_out in page_sets:
        training = training_table(pd.concat([u for s, u in per_set.items() if s != left_out],
                                            ignore_index=True))
        for name, make in options.items():
            model = make(training)
            rules = defence.DefenceRules.load(fallback=model if model is not None else False,
                                              **(tunables or {}).get(name, {}))
            scores = score_stance(set_half(left_out), rules,
                                  stance_units(set_half(left_out), rules, build=build))
            rows.append(scores.assign(page_set=left_out, option=name))
    return pd.concat(rows, ignore_index=True)
