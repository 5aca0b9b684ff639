"""A learned main-vendor chooser over the rules' candidates (issue 15, round nine).

Why: the main vendor is wrong or missing on a third of fresh complaint texts, mostly where
the text names several firms (shop and carrier, maker and dealer, owner and property manager)
and the rules (title, addressee, most mentioned with a share) tie or pick the more often named
one. Every rule written from one set's errors gained there and nowhere else; this chooser,
validated by leaving whole sets out (``tools/main_vendor_loso.py``, docs/vendors_round9.md),
gained on fresh heldout7 (.731 / .633 → .793 / .767) and in sum over the seven sets left out.

Each candidate firm of a text (:func:`servicelab.vendor_choice.candidates`) gets features:
its share and rank of the candidate mentions, named first, in a title line, addressed, its
type and source, the types of the other candidates, the lemma before each mention, whether
the rules chose it, and what the sentences of its mentions say (:class:`Evidence`: a blame or
waiting cue, the reader addressed, the subject, first / last third, set aside, a payment
service). A logistic regression scores them; the best candidate is the main vendor when it
scores at least ``threshold`` (else none: the model's pick everywhere, the mode the left-out
runs favoured over "fill" and "switch").

Shipped pre-registered (before heldout8): evidence features, threshold .3, trained on the
seven sets; not tuned further on any set. On fresh heldout8 it chose one wrong vendor more
than the rules and no right one more (.692 / .600 → .667 / .600, docs/heldout_scores.md).
Round ten (docs/orgs_round10.md) adds heldout8 to :data:`TRAINING_SETS` after that check,
with the same settings (the cached model's key changes with the sets). Round eleven
(docs/vendor11_round11.md) adds the role features (:mod:`servicelab.vendor_roles`,
``ModelSettings.roles``). heldout9 stays out of the training sets: with it the seeds' blame
(in-sample, all patterns) fell from P .89 / R .73 to .85 / .746, below the headline floor
.88 (7 more main vendors on the seed posts, 2 right), for +1 text left out over nine sets.
The fitted model is a plain
weight table (:class:`MainVendorModel`), scored without scikit-learn at build time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from servicelab.entities import Mention

#: the sets the shipped chooser is trained on, named one by one (never a glob), so that a set
#: being written for a later round's scoring can never enter; "germeval" is the GermEval
#: sample's tuning half
TRAINING_SETS = ("heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7",
                 "heldout8", "germeval")

_YOU = re.compile(r"\b(?:Sie|Ihnen|Ihre[mnrs]?|euch|eure[mnrs]?|ihr)\b")
_STOPS = ".!?\n"
_WORD = re.compile(r"\w+")


class CueList:
    """Whether a sentence matches any of many case-insensitive cue regexes: exactly the
    search of their alternation, but each regex is tried only where one of its required
    literals occurs (:class:`servicelab.trigger_filter.PatternFilter`, one Aho-Corasick pass
    per sentence). Why: the alternation of every blame cue cost 2 CPU s per 1 MB of long
    posts."""

    def __init__(self, patterns: Sequence[str]) -> None:
        from servicelab.trigger_filter import PatternFilter

        compiled = {i: re.compile(p, re.IGNORECASE) for i, p in enumerate(patterns)}
        self.patterns = tuple(compiled.values())
        self._filter = PatternFilter(compiled)

    def search(self, sentence: str) -> bool:
        return any(self.patterns[i].search(sentence) is not None
                   for i in self._filter.candidates(sentence))


@dataclass(frozen=True)
class Evidence:
    """The cue lists the sentence evidence reads: blame cues (``blame_cues.csv``, not the
    customer-fault, concession and external-cause kinds: those clear the firm) and waiting
    cues (``timex_wait_cues.csv``: delay, open, response, resolution, other waits)."""

    blame: CueList
    wait: CueList

    @classmethod
    def load(cls) -> Evidence:
        import csv
        from importlib import resources

        data = resources.files("servicelab") / "data"
        with (data / "blame_cues.csv").open(encoding="utf-8") as f:
            blame = [r["regex"] for r in csv.DictReader(f)
                     if r["kind"] not in ("customer_fault", "concession", "external_cause")]
        with (data / "timex_wait_cues.csv").open(encoding="utf-8") as f:
            waits = [r["pattern"] for r in csv.DictReader(f)
                     if r["cue"] in ("delay", "open_wait", "response_wait", "resolution_time",
                                     "other_wait")]
        return cls(CueList(blame), CueList(waits))


_EVIDENCE: list[Evidence] = []  # loaded once per process


def _evidence_patterns() -> Evidence:
    if not _EVIDENCE:
        _EVIDENCE.append(Evidence.load())
    return _EVIDENCE[0]


def _sentence(text: str, pos: int) -> tuple[int, int]:
    """The sentence around offset ``pos``: from after the last ``.!?`` or line break before it
    to the next one after it, with the run of end marks (found locally, so that a long
    document costs no more per mention than a short one)."""
    start = max(text.rfind(c, 0, pos) for c in _STOPS) + 1
    ends = [i for i in (text.find(c, pos) for c in _STOPS) if i >= 0]
    end = min(ends) if ends else len(text)
    while end < len(text) and text[end] in ".!?":
        end += 1
    return start, end


def _evidence(text: str, mine: list[Mention], payment: frozenset[str],
              seen: dict[tuple[int, int], tuple[bool, bool, bool]]) -> dict[str, Any]:
    """What the sentences of a candidate's mentions ``mine`` say (module docstring);
    ``seen``: sentence span → its cue flags, shared by the candidates of one text."""
    from servicelab import vendor_choice as vc

    ev = _evidence_patterns()
    hits = {"ev_blame": 0, "ev_wait": 0, "ev_you": 0, "ev_subject": 0}
    for m in mine:
        s, e = _sentence(text, m.start)
        if (s, e) not in seen:
            sent = text[s:e]
            seen[(s, e)] = (ev.blame.search(sent), ev.wait.search(sent),
                            bool(_YOU.search(sent)))
        b, w, y = seen[(s, e)]
        hits["ev_blame"] += b
        hits["ev_wait"] += w
        hits["ev_you"] += y
        hits["ev_subject"] += not text[s:m.start].strip(" \t\"„“'»«-:")
    n = len(mine)
    f: dict[str, Any] = {k: v / n for k, v in hits.items()}
    f["ev_early"] = int(mine[0].start < len(text) / 3)
    f["ev_late"] = int(mine[-1].start >= 2 * len(text) / 3)
    f["ev_set_aside"] = int(any(vc.set_aside(text, m) for m in mine))
    f["ev_payment"] = int(mine[0].entity in payment)
    return f


def _lemma_before(text: str, start: int) -> str:
    from servicelab.lemmas import lemma

    words = _WORD.findall(text[max(0, start - 30):start])
    return lemma(words[-1]).lower() if words else "<s>"


def candidate_features(text: str, mentions: Sequence[Mention], rules, choice,
                       chosen: tuple[str, str] | None, evidence: bool = True,
                       roles: bool = False) -> dict[str, tuple[str, dict[str, Any]]]:
    """entity → (entity type, features) of each candidate of ``text`` (module docstring);
    ``chosen`` is the rules' own choice (:func:`servicelab.vendor_choice.rules_vendor`);
    ``roles`` adds the role features of :mod:`servicelab.vendor_roles` (round eleven)."""
    from servicelab import vendor_choice as vc

    ms = vc.text_candidates(text, mentions, rules, choice)
    if not ms:
        return {}
    ms = vc._merge_branches(ms)
    counts: dict[str, int] = {}
    for m in ms:
        counts[m.entity] = counts.get(m.entity, 0) + 1
    total = sum(counts.values())
    ranked = sorted(counts, key=lambda e: -counts[e])
    types = {m.entity: m.entity_type for m in ms}
    title_end = vc._title_end(text, choice)
    addressed = vc._addressed(text, ms)
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    seen: dict[tuple[int, int], tuple[bool, bool, bool]] = {}
    role = {}
    if roles:
        from servicelab.vendor_roles import mentions_by_entity, role_features

        role = role_features(text, mentions_by_entity(ms), types,
                             lambda pos: _sentence(text, pos), choice.payment_services)
    for e in counts:
        mine = [m for m in ms if m.entity == e]
        others = {types[o] for o in counts if o != e}
        f: dict[str, Any] = {"share": counts[e] / total, "only": int(len(counts) == 1),
                             f"rank={min(ranked.index(e), 2)}": 1,
                             "first": int(ms[0].entity == e),
                             f"type={types[e]}": 1, f"source={mine[0].source}": 1,
                             "rules_choice": int(chosen is not None and chosen[0] == e),
                             "rules_none": int(chosen is None)}
        if title_end is not None and mine[0].end <= title_end:
            f["title"] = 1
        if addressed is not None and addressed.entity == e:
            f["addressed"] = 1
        for t in sorted(others):
            f[f"other_type={t}"] = 1
            f[f"pair={types[e]}|{t}"] = 1
        for m in mine:
            f[f"prev={_lemma_before(text, m.start)}"] = 1
        if evidence:
            f.update(_evidence(text, mine, choice.payment_services, seen))
        f.update(role.get(e, {}))
        out[e] = (types[e], f)
    return out


@dataclass(frozen=True)
class ModelSettings:
    """How the chooser is trained and used: ``evidence`` adds the sentence evidence
    features, ``rules_feature`` keeps the rules' own choice among the features, ``c`` is
    the logistic regression's inverse regularisation, ``threshold`` the probability the best
    candidate needs (pre-registered: .3, with evidence and the rules' feature; see the module
    docstring)."""

    evidence: bool = True
    roles: bool = True  # round eleven: the role features (:mod:`servicelab.vendor_roles`)
    rules_feature: bool = True
    c: float = 1.0
    threshold: float = 0.3
    seed: int = 0


@dataclass(frozen=True)
class MainVendorModel:
    """A fitted chooser: feature → weight (sorted), the intercept and the settings it was
    trained with. No weights: the rules alone (training data absent)."""

    weights: tuple[tuple[str, float], ...] = ()
    intercept: float = 0.0
    settings: ModelSettings = field(default_factory=ModelSettings)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_w", dict(self.weights))

    def __getstate__(self) -> dict[str, Any]:
        return {"weights": self.weights, "intercept": self.intercept,
                "settings": self.settings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, v)
        self.__post_init__()

    @property
    def empty(self) -> bool:
        return not self.weights

    def probability(self, features: dict[str, Any]) -> float:
        """P(this candidate is the main vendor)."""
        w = self._w  # type: ignore[attr-defined]
        z = self.intercept + sum(w.get(k, 0.0) * float(v) for k, v in sorted(features.items())
                                 if self.settings.rules_feature
                                 or k not in ("rules_choice", "rules_none"))
        return 1.0 / (1.0 + math.exp(-z))

    def choose(self, text: str, mentions: Sequence[Mention], rules, choice,
               chosen: tuple[str, str] | None) -> tuple[str, str] | None:
        """(entity, type) of the best-scoring candidate if it reaches ``threshold``, else
        None; ties go to the first entity in sorted order."""
        feats = candidate_features(text, mentions, rules, choice, chosen,
                                   self.settings.evidence, self.settings.roles)
        if not feats:
            return None
        best = max(sorted(feats), key=lambda e: self.probability(feats[e][1]))
        if self.probability(feats[best][1]) < self.settings.threshold:
            return None
        return best, feats[best][0]


def train(rows: Sequence[tuple[dict[str, Any], int]], settings: ModelSettings | None = None
          ) -> MainVendorModel:
    """Fit on (candidate features, 1 if the gold main vendor) rows, in the order given
    (:func:`training_rows` sorts them)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    settings = settings or ModelSettings()
    if not settings.rules_feature:
        rows = [({k: v for k, v in f.items() if k not in ("rules_choice", "rules_none")}, y)
                for f, y in rows]
    vec = DictVectorizer()
    x = vec.fit_transform([f for f, _ in rows])
    with threadpool_limits(limits=1):
        clf = LogisticRegression(C=settings.c, max_iter=2000, random_state=settings.seed).fit(
            x, [y for _, y in rows])
    names = vec.get_feature_names_out()
    weights = tuple(sorted((str(n), float(w)) for n, w in zip(names, clf.coef_[0], strict=True)
                           if w != 0.0))
    return MainVendorModel(weights, float(clf.intercept_[0]), settings)


@dataclass(frozen=True)
class TrainingDoc:
    """One complaint document of a gold set: its text, its mentions, its candidates'
    features keyed as the scoring keys names, and the gold main vendor's key ("" if none)."""

    set: str
    doc_id: str
    text: str
    mentions: tuple[Mention, ...]
    features: dict[str, dict[str, Any]]
    gold: str


def goldset(name: str):
    """The gold set ``name`` ("germeval": the GermEval sample's tuning half)."""
    from servicelab.germeval_evaluation import germeval_goldset
    from servicelab.heldout_texts import TextSet

    return germeval_goldset("tuning") if name == "germeval" else TextSet(name).goldset()


def load_set(name: str, rules, choice=None, evidence: bool = True, gs=None,
             roles: bool = False) -> list[TrainingDoc]:
    """The complaint documents of set ``name`` (:func:`goldset`, or ``gs``) with their
    candidates' features, keyed as ``germeval_evaluation.score_orgs`` compares names; the
    rules' own choice is :data:`servicelab.vendor_choice.RULES_CHOICE`'s (``choice``)."""
    from servicelab import germeval_evaluation as ge
    from servicelab import vendor_choice as vc
    from servicelab.entities import find_mentions

    choice = choice or vc.RULES_CHOICE
    canon = ge._canonical(rules.gazetteer)
    gs = gs if gs is not None else goldset(name)
    sample = gs.prepared()
    docs = gs.gold("docs")
    docs = docs[docs["complaint"] == "1"]
    gold = dict(zip(docs["doc_id"], docs["main_vendor"], strict=True))
    names = ge.pseudonymised_names(gs.sample)
    out = []
    for d, text in zip(sample["doc_id"], sample["text"], strict=True):
        if d not in gold:
            continue
        mentions = tuple(find_mentions(text, pronouns=False, gazetteer=rules.gazetteer))
        chosen = vc.main_vendor(text, mentions, rules, choice)
        feats = candidate_features(text, mentions, rules, choice, chosen, evidence, roles)
        keyed = {ge._key(e, canon): f for e, (_, f) in feats.items()}
        v = gold[d]
        key = ge._key(v, canon) if ge._key(v, canon) in keyed else ge._key(
            ge._as_built(v, names.get(d, []), canon), canon) if v else ""
        out.append(TrainingDoc(name, d, text, mentions, keyed, key))
    return out


def training_rows(docs: Sequence[TrainingDoc]) -> list[tuple[dict[str, Any], int]]:
    """(features, label) of each candidate of each document whose gold vendor is among its
    candidates, by set, document and candidate key (documents in their set's order)."""
    return [(f, int(k == doc.gold)) for doc in docs if doc.gold in doc.features
            for k, f in sorted(doc.features.items())]


def _cache_key(goldsets: dict[str, Any], settings: ModelSettings) -> str:
    """Hash of what the shipped chooser depends on: the package's code and data (the rules
    give the candidates and features), scikit-learn's version, the settings and the
    training sets' texts and document gold."""
    import hashlib

    from servicelab.cache import package_version
    from servicelab.outfolder import code_fingerprint

    h = hashlib.sha256(package_version("scikit-learn", "sklearn").encode())
    h.update(code_fingerprint().encode())
    h.update(repr(settings).encode())
    for name, gs in goldsets.items():
        h.update(name.encode())
        h.update(gs.sample.to_csv(index=False).encode())
        h.update(gs.gold("docs").to_csv(index=False).encode())
    return h.hexdigest()[:24]


_DEFAULT: dict[str, MainVendorModel] = {}  # this process's shipped chooser

#: the chooser of a build without training data: the rules alone
RULES_ONLY = MainVendorModel()


def default_model(rules=None) -> MainVendorModel:
    """The shipped chooser: trained on :data:`TRAINING_SETS` with :class:`ModelSettings`'
    defaults, once per process and cached on disk (:func:`servicelab.cache.cache_dir`,
    keyed by :func:`_cache_key`; a damaged or stale file is retrained), or the one handed over
    with :func:`use_default_model` (the Dask engine sends its workers the client's). Where the
    training data is absent it is :data:`RULES_ONLY` and one line on stderr says so."""
    if "model" not in _DEFAULT:
        from servicelab.blame import BlameRules

        _DEFAULT["model"] = _trained(rules or BlameRules.default())
    return _DEFAULT["model"]


def use_default_model(model: MainVendorModel) -> None:
    """Make ``model``, trained in another process, this process's default chooser."""
    _DEFAULT["model"] = model


def _trained(rules) -> MainVendorModel:
    import sys

    from servicelab.cache import cached_pickle
    from servicelab.errors import CorpusInputError

    settings = ModelSettings()
    try:
        goldsets = {name: goldset(name) for name in TRAINING_SETS}
        key = _cache_key(goldsets, settings)
    except (CorpusInputError, OSError) as exc:
        print(f"servicelab: vendors: the main-vendor chooser's training data is absent "
              f"({exc}); the main vendor is chosen by the rules alone", file=sys.stderr)
        return RULES_ONLY
    def build() -> MainVendorModel:
        docs = [d for name, gs in goldsets.items()
                for d in load_set(name, rules, evidence=settings.evidence, gs=gs,
                                  roles=settings.roles)]
        return train(training_rows(docs), settings)

    return cached_pickle(f"main_vendor_model_{key}.pickle", MainVendorModel, build)
