"""Round eight's learned organisation-mention classifier, left out of builds: leave one set out.

Usage: PYTHONPATH=src PYTHONHASHSEED=0 python tools/org_model_loso.py [--sets A,B,...]
       [--fresh SET] [--threshold T ...] [--c C] [--no-prev2] [--misses-only] [--show]

Why (issue 15 item 2): every vendor rule round moved fresh organisation recall by at most two
points; the misses are firms neither the gazetteer nor a structural rule knows. This classifier
looks at *candidate* spans the rules left alone (capitalised runs of up to three words and
their sub-runs, the first part of a hyphen compound "X-Hotline", handles, hashtags, web
addresses, a lower-case word after "bei"/"von"/"mit"/"über"/"an"/"gegen"), describes each by
its context (the words before and after it as lemmas, its kind and capitals pattern, digits,
"&", whether the dictionary, simplemma, the given-name, surname or place lists know its words,
a legal form or a sector head next to it, quotation marks, sentence start, first line, how
often the name recurs) and a logistic regression decides. Document level: a name is added to
the rules' organisations when any of its mentions scores at least the threshold. Training
labels: a candidate is positive when its name is, by the scorer's matching
(:func:`servicelab.germeval_evaluation._key`), a gold organisation of its document. By default
every candidate of the training sets is an example (the organisations the rules find too, so
that the model sees ~600 positives, not only the ~40 the rules miss; no gazetteer feature, so
that a known name does not stand in for "organisation"); ``--misses-only`` trains on the
candidates the rules left alone.

Round eight's result (``docs/vendors_round8.md``): on the five design sets, each left out in
turn, the classifier added **no** organisation on heldout2–5 at any threshold and one or two
on GermEval, at a cost of 1–42 false organisations; on fresh heldout6 (trained on the five)
none, +1 false. It is not shipped; the script stays so that a later round with more gold can
rerun the comparison.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

#: the tuning sets, named one by one (never a glob): a set being written for a later round's
#: scoring can never enter. heldout6 is round eight's own fresh check (``--fresh heldout6``).
DESIGN_SETS = ("heldout2", "heldout3", "heldout4", "heldout5", "germeval")
_UPPER = "A-ZÄÖÜ"
_TOKEN = re.compile(r"[@#]?[\wÄÖÜäöüß][\w&'’.\-]*")
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?(?P<name>[a-z0-9][a-z0-9-]{1,40})\."
                     r"(?:de|com|net|org|eu|at|ch|info|io|shop)\b", re.IGNORECASE)
_LEGAL = frozenset({"gmbh", "ag", "kg", "ug", "se", "ohg", "e.v.", "mbh", "co.", "e.k."})
_SLOT_PREPS = frozenset({"bei", "beim", "von", "vom", "mit", "über", "an", "gegen"})
_MAX_RUN = 3
_RULE_SOURCES = frozenset({"name", "handle", "unknown_org"})


@dataclass(frozen=True)
class Candidate:
    """One candidate span: ``text[start:end]`` proposes the organisation ``name``."""

    start: int
    end: int
    name: str
    kind: str  # cap, hyphen, handle, hashtag, domain, lower


def _tokens(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        tok = m.group().rstrip(".-'’")
        if tok:
            out.append((m.start(), m.start() + len(tok), tok))
    return out


def _capitalised(tok: str) -> bool:
    return bool(re.match(rf"[{_UPPER}0-9]", tok)) and any(c.isalpha() for c in tok)


def _runs(text: str, toks: list[tuple[int, int, str]], i: int) -> list[Candidate]:
    """Every sub-run of the capitalised run that starts at token ``i``."""
    j = i
    while (j + 1 < len(toks) and j + 1 - i < _MAX_RUN and _capitalised(toks[j + 1][2])
           and text[toks[j][1]:toks[j + 1][0]] in (" ", " & ")):
        j += 1
    return [Candidate(toks[a][0], toks[b][1], text[toks[a][0]:toks[b][1]], "cap")
            for a in range(i, j + 1) for b in range(a, j + 1)]


def candidates(text: str) -> list[Candidate]:
    """Every candidate span of ``text`` (sorted, deduplicated; pseudonyms left out)."""
    toks = _tokens(text)
    out: set[Candidate] = set()
    for i, (s, e, tok) in enumerate(toks):
        if tok[0] in "@#":
            body, kind = tok[1:], "handle" if tok[0] == "@" else "hashtag"
            out.add(Candidate(s, e, body, kind))
            if "_" in body:
                out.add(Candidate(s, s + 1 + body.index("_"), body.split("_")[0], kind))
        elif _capitalised(tok):
            first = tok.split("-")[0]
            if "-" in tok and len(first) >= 2:
                out.add(Candidate(s, s + len(first), first, "hyphen"))
            out.update(_runs(text, toks, i))
        elif (i > 0 and toks[i - 1][2].lower() in _SLOT_PREPS and tok.isalpha()
              and tok.islower() and len(tok) >= 2):
            out.add(Candidate(s, e, tok, "lower"))
    for m in _DOMAIN.finditer(text):
        out.add(Candidate(m.start("name"), m.end("name"), m.group("name"), "domain"))
    return sorted((c for c in out if c.name and "Person_" not in c.name),
                  key=lambda c: (c.start, c.end, c.name, c.kind))


@dataclass(frozen=True)
class Lexica:
    """The word lists the features read, loaded once."""

    gazetteer: Any
    given: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]

    @classmethod
    def load(cls) -> Lexica:
        from servicelab.entities import Gazetteer, load_places
        from servicelab.names import common_surnames, given_names, listed_surnames

        gaz = Gazetteer.default()
        g = given_names()
        given = frozenset(n.lower() for n in (*g.plain, *g.ambiguous)) | gaz.given_names
        surnames = frozenset(n.lower() for n in (*listed_surnames(), *common_surnames()))
        return cls(gaz, given, surnames, gaz.places or load_places())


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3+"


def features(text: str, cand: Candidate, counts: Counter, lex: Lexica, prev2: bool = True
             ) -> dict[str, Any]:
    """The features of one candidate mention (why each: module docstring)."""
    from servicelab.entities import looks_like_common_word
    from servicelab.lemmas import dictionary_lemma, lemma

    words = cand.name.split()
    first, last = words[0], words[-1]
    before = [w.lower() for w in re.findall(r"\w+", text[max(0, cand.start - 60):cand.start])][-2:]
    prev = before[-1] if before else "<s>"
    nxt = re.match(r"[\s,]*([\w.]+)", text[cand.end:cand.end + 40])
    after = nxt.group(1).lower() if nxt else ""
    line_start = text.rfind("\n", 0, cand.start) + 1
    f: dict[str, Any] = {f"kind={cand.kind}": 1, f"n={len(words)}": 1,
                         f"prev={lemma(prev).lower()}": 1,
                         f"next={lemma(after).lower() if after else '</s>'}": 1,
                         f"count={_bucket(counts[cand.name.lower()])}": 1,
                         f"len={min(len(cand.name) // 4, 4)}": 1}
    if prev2:
        f[f"prev2={' '.join(before)}"] = 1
    if cand.kind == "hyphen":
        tail = text[cand.end:].split(None, 1)[0].strip("-.,;:!?").split("-")[-1]
        f[f"head={lemma(tail).lower()}"] = 1
    if (re.search(r"[.!?:]\s*$", text[max(0, cand.start - 3):cand.start])
            or cand.start == line_start):
        f["sentence_initial"] = 1
    flags = {"first_line": "\n" not in text[:cand.start],
             "early": cand.start < max(200, len(text) // 5),
             "caps": cand.name.isupper() and len(cand.name) > 1,
             "inner_cap": bool(re.search(r"[a-zäöüß][A-ZÄÖÜ]", cand.name)),
             "digit": bool(re.search(r"\d", cand.name)), "ampersand": "&" in cand.name,
             "all_common": all(looks_like_common_word(w, lex.gazetteer) for w in words),
             "any_common": any(looks_like_common_word(w, lex.gazetteer) for w in words),
             "first_in_dictionary": dictionary_lemma(first) is not None
             or dictionary_lemma(first.lower()) is not None,
             "first_given": first.lower() in lex.given,
             "last_surname": last.lower() in lex.surnames,
             "place": cand.name.lower() in lex.places or last.lower() in lex.places,
             "legal_after": after in _LEGAL,
             "head_word": first in lex.gazetteer.heads or last in lex.gazetteer.heads,
             "quoted": text[max(0, cand.start - 1):cand.start] in ('"', "„", "'", "‚", "»")}
    f.update({k: 1 for k, v in flags.items() if v})
    return f


def document_candidates(text: str, mentions: list, lex: Lexica, prev2: bool = True
                        ) -> list[tuple[Candidate, dict[str, Any]]]:
    """The candidates of one text that overlap no organisation or public body in
    ``mentions`` and repeat none of their names, with features."""
    taken = [(m.start, m.end) for m in mentions
             if m.source in _RULE_SOURCES or (m.source == "generic"
                                              and m.entity_type == "public_body")]
    named = {n.lower().lstrip("@#") for m in mentions if m.source in _RULE_SOURCES
             for n in (m.entity, m.surface)}
    cands = [c for c in candidates(text) if c.name.lower() not in named
             and not any(a < c.end and c.start < b for a, b in taken)]
    counts = Counter(c.name.lower() for c in cands)
    return [(c, features(text, c, counts, lex, prev2)) for c in cands]


@dataclass(frozen=True)
class OrgModel:
    """A trained candidate classifier and its threshold."""

    vectorizer: Any = field(repr=False)
    classifier: Any = field(repr=False)
    threshold: float = 0.5

    @classmethod
    def train(cls, examples: list[tuple[dict[str, Any], int]], threshold: float = 0.5,
              c: float = 1.0) -> OrgModel:
        """Fit on (features, label) pairs; deterministic (lbfgs, no sampling)."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = DictVectorizer(sparse=True)
        x = vec.fit_transform([f for f, _ in examples])
        clf = LogisticRegression(C=c, solver="lbfgs", max_iter=2000)
        clf.fit(x, [label for _, label in examples])
        return cls(vec, clf, threshold)

    def scores(self, feats: list[dict[str, Any]]) -> list[float]:
        if not feats:
            return []
        return self.classifier.predict_proba(self.vectorizer.transform(feats))[:, 1].tolist()


@dataclass
class SetData:
    """One labelled set as the scorer sees it: prepared texts with the rules' mentions, the
    gold organisations, the pseudonymised names and the rules' (document, key) pairs."""

    docs: list
    gold: Any
    names: dict
    predicted: set


def load_set(name: str, rules, canon: dict[str, str]) -> SetData:
    from servicelab import germeval_evaluation as ge
    from servicelab.entities import find_mentions
    from servicelab.heldout_texts import TextSet

    gs = ge.germeval_goldset("tuning") if name == "germeval" else TextSet(name).goldset()
    sample = gs.prepared()
    pred = ge.predict_orgs(sample, rules)
    docs = [(d, t, find_mentions(t, pronouns=False, gazetteer=rules.gazetteer))
            for d, t in zip(sample["doc_id"], sample["text"], strict=True)]
    return SetData(docs, gs.gold("orgs"), ge.pseudonymised_names(gs.sample),
                   {(d, ge._key(o, canon)) for d, o in zip(pred["doc_id"],
                                                           pred["organisation"], strict=True)})


def examples(data: SetData, canon: dict[str, str], lex: Lexica, every: bool, prev2: bool
             ) -> list[tuple[str, Candidate, dict[str, Any], int]]:
    """(doc, candidate, features, label) rows; ``every``: all candidates (training), else only
    those the rules left alone whose name the rules did not find (what the model may add)."""
    from servicelab import germeval_evaluation as ge

    gold_keys: dict[str, set[str]] = {}
    for d, o in zip(data.gold["doc_id"], data.gold["organisation"], strict=True):
        name = ge._built_name(d, o, data.predicted, data.names, canon)
        gold_keys.setdefault(d, set()).add(ge._key(name, canon))
    rows = []
    for d, text, mentions in data.docs:
        known = {k for dd, k in data.predicted if dd == d}
        for c, f in document_candidates(text, [] if every else mentions, lex, prev2):
            k = ge._key(c.name, canon)
            if every or k not in known:
                rows.append((d, c, f, int(k in gold_keys.get(d, set()))))
    return rows


def score(data: SetData, canon: dict[str, str], added: set[tuple[str, str]]
          ) -> tuple[int, int, int]:
    """tp / fp / fn of (document, organisation) as :func:`~servicelab.germeval_evaluation.
    score_orgs` counts them, with ``added`` (document, name) pairs joined to the rules'."""
    from servicelab import germeval_evaluation as ge

    p = set(data.predicted) | {(d, ge._key(n, canon)) for d, n in added}
    g = {(d, ge._key(ge._built_name(d, o, p, data.names, canon), canon))
         for d, o in zip(data.gold["doc_id"], data.gold["organisation"], strict=True)}
    return len(g & p), len(p - g), len(g - p)


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return f"{p:.3f} / {r:.3f} ({tp}/{fp}/{fn})"


def main(argv: list[str] | None = None) -> None:
    from servicelab import germeval_evaluation as ge
    from servicelab.blame import BlameRules

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default=",".join(DESIGN_SETS))
    ap.add_argument("--fresh", default=None, help="train on --sets, score this set only")
    ap.add_argument("--threshold", type=float, nargs="+", default=[0.5, 0.7, 0.85])
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--no-prev2", action="store_true")
    ap.add_argument("--misses-only", action="store_true")
    ap.add_argument("--show", action="store_true", help="print the names the model adds")
    args = ap.parse_args(argv)
    sets = args.sets.split(",")
    rules = BlameRules.default()
    canon = ge._canonical(rules.gazetteer)
    lex = Lexica.load()
    data = {s: load_set(s, rules, canon) for s in [*sets, *([args.fresh] if args.fresh else [])]}
    prev2 = not args.no_prev2
    train_rows = {s: examples(data[s], canon, lex, not args.misses_only, prev2) for s in sets}
    tests = [args.fresh] if args.fresh else sets
    for s in tests:
        rows = examples(data[s], canon, lex, False, prev2)
        tr = [(f, y) for t in sets if t != s for _, _, f, y in train_rows[t]]
        t0 = time.process_time()
        model = OrgModel.train(tr, c=args.c)
        cpu = time.process_time() - t0
        probs = model.scores([f for _, _, f, _ in rows])
        line = [f"{s:9s} rules {_prf(*score(data[s], canon, set()))}"]
        for t in args.threshold:
            added = {(d, c.name) for (d, c, _, _), p in zip(rows, probs, strict=True) if p >= t}
            line.append(f"@{t}: {_prf(*score(data[s], canon, added))}")
            if args.show:
                for d, n in sorted(added):
                    print(f"   add@{t} {d} {n!r}")
        print("  ".join(line) + f"  [train {cpu:.1f} s CPU, {len(tr)} examples, "
              f"{sum(y for _, y in tr)} positive]")


if __name__ == "__main__":
    main()
