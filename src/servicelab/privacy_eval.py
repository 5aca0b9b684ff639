"""How well pseudonymisation works on the development corpus (codebook §7 gold).

Why a module: notebook 00, the tests and the README report the same numbers, so they are
computed once here. Each family of ``data/dev`` is built like a user's corpus (``build_corpus``
with the default key) and compared with its gold:

* **recall** per PII kind: a gold ``pii`` string counts as found when none of its occurrences
  survives in ``documents.text`` as a word of its own (both sides normalised with
  ``normalise_text``; "Gül" inside "gültig" is no survivor);
* **precision** per replacement kind: a replacement is right when its original overlaps a gold
  PII string of the page (one contains the other, case-insensitively);
* **public kept**: gold ``public`` strings (companies, care teams, public figures, bylines)
  that must still be in ``documents.text``;
* **leaks**: private full names (gold ``name`` strings of two or more words) found in any
  table — documents, posts, segments, sentences, boilerplate, errors, and every id column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from servicelab.corpus import Corpus
from servicelab.devcorpus import build_family, families, held_out_families, load_dev_gold
from servicelab.errors import CorpusInputError
from servicelab.heldout_rounds import page_set_status
from servicelab.normalise import normalise_text

PII_KINDS = ("name", "username", "handle", "email", "phone", "address")
TARGET_RECALL = 0.98  # issue 14: names, usernames, handles, e-mails, phones, street addresses
_PERSON_KINDS = {"person": ("name", "username", "handle"), "email": ("email",),
                 "phone": ("phone",), "address": ("address",)}


@dataclass
class PrivacyScores:
    """The tables of :func:`score_privacy` (one row per family and kind)."""

    recall: pd.DataFrame  # family, held_out, kind, n, found, recall
    precision: pd.DataFrame  # family, held_out, kind, replaced, right, precision
    public: pd.DataFrame  # family, held_out, kind, n, kept, replaced
    leaks: pd.DataFrame  # family, held_out, table, column, page_id, kind (no names shown)
    missed: pd.DataFrame  # family, page_id, kind, quote (for the developer; never printed)


def _norm(text: str) -> str:
    return normalise_text(text).lower()


def _survives(quote: str, text: str, joiners: str = r"\w") -> bool:
    """The PII string is still in the text as a word of its own ("gül" in "gültig" is not
    the name Gül); ``joiners`` are the characters that would make it part of a longer word."""
    return re.search(rf"(?<![{joiners}]){re.escape(quote)}(?![{joiners}])", text) is not None


def _names_a_person(name: str, text: str) -> bool:
    """The full name stands in the text as a name of its own: not inside a longer word nor a
    double-barrelled name ("Konstantin Weber" inside a public byline "Konstantin
    Weber-Aksoy" is another person)."""
    return _survives(name, text, joiners=r"\w-")


def _table_strings(corpus: Corpus) -> list[tuple[str, str, str]]:
    """Every text column of every table, normalised and joined (one string per column)."""
    out = []
    for name, df in corpus.tables().items():
        for col in df.columns:
            if not pd.api.types.is_numeric_dtype(df[col]) and not df[col].dtype == bool:
                values = [str(v) for v in df[col].tolist() if isinstance(v, str)]
                out.append((name, col, _norm("\n".join(values))))
    return out


def score_family(family: str, gold: pd.DataFrame, key: bytes | None = None,
                 root: str | Path | None = None, held_out: bool = False
                 ) -> dict[str, pd.DataFrame]:
    """Scores of one family (see the module docstring)."""
    corpus = build_family(family, key, root)
    texts = {d: _norm(t) for d, t in zip(corpus.documents["doc_id"], corpus.documents["text"],
                                         strict=True)}
    g = gold[gold["family"] == family]
    pii = g[g["layer"] == "pii"]
    rec, missed = [], []
    for row in pii.itertuples(index=False):
        found = not _survives(_norm(row.quote), texts.get(row.page_id, ""))
        rec.append({"kind": row.kind, "found": found})
        if not found:
            missed.append({"family": family, "page_id": row.page_id, "kind": row.kind,
                           "quote": row.quote})
    recall = (pd.DataFrame(rec, columns=["kind", "found"]).groupby("kind")["found"]
              .agg(n="size", found="sum").reset_index())
    gold_pii = {p: [_norm(q) for q in grp["quote"]] for p, grp in pii.groupby("page_id")}
    prec = []
    reps = corpus.pseudonyms.drop_duplicates(["doc_id", "kind", "original"])
    reps = reps[reps["doc_id"].isin(set(g["page_id"]))]  # the pages of this page set only
    for row in reps.itertuples(index=False):
        orig = _norm(row.original).lstrip("@ ")
        quotes = gold_pii.get(row.doc_id, [])
        right = any(orig in q.lstrip("@") or q.lstrip("@") in orig for q in quotes)
        prec.append({"kind": row.kind, "right": right})
    precision = (pd.DataFrame(prec, columns=["kind", "right"]).groupby("kind")["right"]
                 .agg(replaced="size", right="sum").reset_index())
    pub = []
    for row in g[g["layer"] == "public"].itertuples(index=False):
        pub.append({"kind": row.kind, "kept": _norm(row.quote) in texts.get(row.page_id, "")})
    public = (pd.DataFrame(pub, columns=["kind", "kept"]).groupby("kind")["kept"]
              .agg(n="size", kept="sum").reset_index())
    public["replaced"] = public["n"] - public["kept"]
    leaks = []
    full_names = pii[(pii["kind"] == "name") & pii["quote"].str.contains(" ")]
    strings = _table_strings(corpus)
    for row in full_names.itertuples(index=False):
        q = _norm(row.quote)
        for table, col, values in strings:
            if _names_a_person(q, values):
                leaks.append({"table": table, "column": col, "page_id": row.page_id,
                              "kind": row.kind})
    frames = {"recall": recall, "precision": precision, "public": public,
              "leaks": pd.DataFrame(leaks, columns=["table", "column", "page_id", "kind"]),
              "missed": pd.DataFrame(missed, columns=["family", "page_id", "kind", "quote"])}
    for name in ("recall", "precision", "public", "leaks"):
        frames[name].insert(0, "held_out", held_out)
        frames[name].insert(0, "family", family)
    return frames


#: page set name -> ``load_dev_gold``'s ``held_out`` argument
PAGE_SETS = {"dev": False, "held_out": True, "all": None}


def score_privacy(families_: list[str] | None = None, held_out: tuple[str, ...] = (),
                  key: bytes | None = None, root: str | Path | None = None,
                  pages: str = "dev") -> PrivacyScores:
    """Privacy scores per family of the development corpus; ``held_out`` marks families whose
    pages were not read while the rules were written (reported apart). ``pages="held_out"``
    scores the held-out pages instead (``*_heldout_*``, codebook §7; once, at the end),
    ``"held_out:<session>"`` those one session wrote (``held_out:h4``)."""
    fams = families_ or families(root)
    session = pages.partition(":")[2] if pages.startswith("held_out:") else ""
    if pages not in PAGE_SETS and not session:
        raise ValueError(f"unknown page set {pages!r}; use one of {PAGE_SETS} "
                         "or held_out:<session>")
    gold = load_dev_gold(fams, root=root, held_out=session or PAGE_SETS[pages])
    parts = [score_family(f, gold, key, root, f in held_out or pages.startswith("held_out"))
             for f in fams]
    merged = {k: pd.concat([p[k] for p in parts], ignore_index=True) for k in parts[0]}
    merged["recall"]["recall"] = merged["recall"]["found"] / merged["recall"]["n"]
    merged["precision"]["precision"] = (merged["precision"]["right"]
                                        / merged["precision"]["replaced"])
    return PrivacyScores(**merged)


def overall(table: pd.DataFrame, count: str, hit: str) -> pd.DataFrame:
    """Per-kind totals over families, development and held-out apart."""
    out = table.groupby(["held_out", "kind"])[[count, hit]].sum().reset_index()
    out["rate"] = (out[hit] / out[count]).round(3)
    return out


def page_set_table(sessions: list[str], fresh: str | None = None) -> pd.DataFrame:
    """One row per page set ("dev" or a held-out session): private details found (all kinds,
    names, usernames), public names kept and private full names left in a table, with whether
    the rules were read against the set (``fresh``: the current round's test session)."""
    rows = []
    for session in sessions:
        dev = session == "dev"
        s = score_privacy(None if dev else held_out_families(),
                          pages="dev" if dev else f"held_out:{session}")
        rec = s.recall.groupby("kind")[["n", "found"]].sum()
        status = page_set_status(session, fresh, "privacy")

        def share(kinds: list[str], rec=rec) -> str:
            part = rec.loc[[k for k in kinds if k in rec.index]]
            return f"{int(part['found'].sum())}/{int(part['n'].sum())}"

        rows.append({"pages": session, "status": status, "private details found":
                     share(list(rec.index)), "names": share(["name"]),
                     "usernames": share(["username"]),
                     "public kept": f"{int(s.public['kept'].sum())}/{int(s.public['n'].sum())}",
                     "full names left in a table": len(s.leaks)})
    return pd.DataFrame(rows)


def score_pages(folder: str | Path, key: bytes = b"stress-set-key-0123456789") -> PrivacyScores:
    """Scores of a small page set of one's own: ``folder`` holds ``<page>.txt`` files and a
    ``gold.tsv`` (page, layer, kind, quote, shape) in the codebook §7 sense. Each page goes
    through :func:`pseudonymise_text` alone (no corpus build: cheap enough for a test), and
    is scored like a development family (recall, public kept, full names left)."""
    from servicelab.privacy import pseudonymise_text

    folder = Path(folder)
    if not (folder / "gold.tsv").is_file():
        raise CorpusInputError(str(folder / "gold.tsv"), "no gold file of the page set")
    gold = pd.read_csv(folder / "gold.tsv", sep="\t", dtype=str, keep_default_na=False)
    absent = sorted(p for p in set(gold["page"]) if not (folder / f"{p}.txt").is_file())
    if absent:
        raise CorpusInputError(str(folder / f"{absent[0]}.txt"),
                               "a page named in gold.tsv is not in the folder")
    frames: dict[str, list[dict[str, object]]] = {"recall": [], "public": [], "leaks": [],
                                                  "missed": [], "precision": []}
    for page in sorted(set(gold["page"])):
        out = pseudonymise_text((folder / f"{page}.txt").read_text(encoding="utf-8"), key)
        text = _norm(out.text)
        g = gold[gold["page"] == page]
        for row in g.itertuples(index=False):
            q = _norm(row.quote)
            if row.layer == "pii":
                found = not _survives(q, text)
                frames["recall"].append({"family": page, "kind": row.kind, "found": found})
                if not found:
                    frames["missed"].append({"family": page, "page_id": page, "kind": row.kind,
                                             "quote": row.quote})
                if row.kind == "name" and " " in row.quote and _names_a_person(q, text):
                    frames["leaks"].append({"family": page, "table": "documents",
                                            "column": "text", "page_id": page,
                                            "kind": row.kind})
            else:
                frames["public"].append({"family": page, "kind": row.kind, "kept": q in text})
    recall = pd.DataFrame(frames["recall"], columns=["family", "kind", "found"]).groupby(
        ["family", "kind"])["found"].agg(n="size", found="sum").reset_index()
    recall["recall"] = recall["found"] / recall["n"]
    public = pd.DataFrame(frames["public"], columns=["family", "kind", "kept"]).groupby(
        ["family", "kind"])["kept"].agg(n="size", kept="sum").reset_index()
    public["replaced"] = public["n"] - public["kept"]
    return PrivacyScores(recall=recall, precision=pd.DataFrame(
        columns=["family", "kind", "replaced", "right", "precision"]), public=public,
        leaks=pd.DataFrame(frames["leaks"], columns=["family", "table", "column", "page_id",
                                                     "kind"]),
        missed=pd.DataFrame(frames["missed"], columns=["family", "page_id", "kind", "quote"]))
