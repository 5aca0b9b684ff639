"""Measure the corpus layer on the development corpus (codebook §7): per layout family,
comment boundaries, roles, authors, titles and the furniture left in segments.

Why a module: notebook 00 and the per-family tests must score the same way. Gold quotes are
raw page text; they are normalised and given the document's pseudonyms before they are
looked up (``servicelab.annotations``), so the scores hold on pseudonymised tables.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from servicelab.annotations import apply_pseudonyms, find_quote, pseudonym_map
from servicelab.corpus import Corpus
from servicelab.devcorpus import EVAL_KEY, build_family, dev_dir, families, load_dev_gold
from servicelab.errors import CorpusInputError
from servicelab.heldout_rounds import page_set_status
from servicelab.normalise import normalise_text

# what may lie between a predicted unit start and the gold quote besides gold furniture
_GAP_CHARS = re.compile(r"[\s„“”\"»«‚‘']*")
UNIT_MARKS = ("metadata", "ui")


def _gold_quote(quote: str, mapping: dict[str, str]) -> str:
    return apply_pseudonyms(normalise_text(quote), mapping)


def furniture_mask(text: str, furniture: pd.DataFrame, mapping: dict[str, str]) -> np.ndarray:
    """Boolean per character of ``text``: inside a gold furniture run.

    A furniture quote marks every occurrence that covers whole lines (furniture such as
    "Antworten" recurs under each comment); where it never does (flat exports), every
    occurrence.
    """
    mask = np.zeros(len(text), dtype=bool)
    for quote in furniture["quote"]:
        q = _gold_quote(quote, mapping)
        if not q:
            continue
        hits = [m.start() for m in re.finditer(re.escape(q), text)]
        whole = [p for p in hits if (p == 0 or text[p - 1] == "\n")
                 and (p + len(q) == len(text) or text[p + len(q)] == "\n")]
        for p in whole or hits:
            mask[p : p + len(q)] = True
    return mask


def unit_starts(segs: pd.DataFrame, boilerplate: pd.DataFrame) -> pd.DataFrame:
    """The segments that open a unit of speech: a segment continues the one before when it
    has the same kind, author and role and only furniture other than metadata/UI lines lies
    between them (an ad or an image credit inside an article splits the text, not the unit).
    """
    marks = boilerplate[boilerplate["kind"].isin(UNIT_MARKS)]
    keep, prev = [], None
    for row in segs.itertuples(index=False):
        cont = (prev is not None and row.kind == prev.kind and row.author == prev.author
                and row.role == prev.role
                and not ((marks["start"] >= prev.end) & (marks["end"] <= row.start)).any())
        keep.append(not cont)
        prev = row
    return segs[keep] if len(segs) else segs


_SIGIL = re.compile(r"^(?:@|u/)")


def _same_name(gold: str, pred: object, mapping: dict[str, str]) -> bool:
    """Gold author (as displayed) and table author name the same account: a handle's sigil,
    "@" or Reddit's "u/", is display, not name (the corpus layer drops both)."""
    g = _SIGIL.sub("", _gold_quote(gold, mapping).strip()).strip().lower()
    p = (pred or "") if isinstance(pred, str) else ""
    return g == _SIGIL.sub("", p.strip()).strip().lower()


def score_page(corpus: Corpus, doc_id: str, gold: pd.DataFrame) -> dict[str, float]:
    """Counts for one page: gold units, predicted units, matched starts, correct roles and
    authors among the matched, furniture characters in segments, titles found."""
    doc = corpus.documents[corpus.documents["doc_id"] == doc_id]
    text = doc["text"].iloc[0]
    mapping = pseudonym_map(corpus, doc_id)
    mask = furniture_mask(text, gold[gold["layer"] == "furniture"], mapping)
    segs = corpus.segments[corpus.segments["doc_id"] == doc_id]
    units = unit_starts(segs[segs["kind"] != "title"].sort_values("start"),
                        corpus.boilerplate[corpus.boilerplate["doc_id"] == doc_id])
    starts = units["start"].tolist()
    used: set[int] = set()
    out = {"gold_units": 0, "pred_units": len(units), "matched": 0, "role_ok": 0,
           "author_ok": 0}
    gold_units = []
    for g in gold[gold["layer"] == "segment"].itertuples(index=False):
        span = find_quote(text, g.quote, mapping)
        if span is None:
            raise CorpusInputError(doc_id, f"gold unit quote not found: {g.quote!r}")
        gold_units.append((span[0], g))
    gold_units.sort(key=lambda t: t[0])
    prev_q = -1
    for q, g in gold_units:
        out["gold_units"] += 1
        hit = None
        for k in range(len(starts) - 1, -1, -1):
            p = starts[k]
            if p > q or k in used:
                continue
            if p <= prev_q:
                break
            gap = "".join(c for c, f in zip(text[p:q], mask[p:q], strict=True) if not f)
            if _GAP_CHARS.fullmatch(gap):
                hit = k
            break
        prev_q = q
        if hit is None:
            continue
        used.add(hit)
        row = units.iloc[hit]
        out["matched"] += 1
        out["role_ok"] += int(row["role"] == g.role)
        out["author_ok"] += int(_same_name(g.author, row["author"], mapping))
    seg_chars = sum(e - s for s, e in zip(segs["start"], segs["end"], strict=True))
    furn = sum(int(mask[s:e].sum()) for s, e in zip(segs["start"], segs["end"], strict=True))
    out["segment_chars"], out["furniture_chars"] = seg_chars, furn
    titles = gold[gold["layer"] == "title"]["quote"]
    posts = corpus.posts[corpus.posts["doc_id"] == doc_id]
    got = {str(t).strip() for t in posts["title"] if isinstance(t, str)}
    got |= set(segs.loc[segs["kind"] == "title", "text"].str.strip())
    out["gold_titles"] = len(titles)
    out["titles_ok"] = sum(_gold_quote(t, mapping).strip() in got for t in titles)
    return out


def score_family(family: str, corpus: Corpus | None = None,
                 gold: pd.DataFrame | None = None, held_out: bool | str = False
                 ) -> dict[str, float]:
    """Boundary P/R/F1, role and author accuracy on matched units, furniture share of
    segment characters and title accuracy for one layout family: its development pages,
    or with ``held_out`` its held-out pages only (codebook §7.2)."""
    corpus = corpus if corpus is not None else build_family(family)
    gold = gold if gold is not None else load_dev_gold([family], held_out=held_out)
    totals: dict[str, float] = dict.fromkeys(
        ("matched", "pred_units", "gold_units", "role_ok", "author_ok", "furniture_chars",
         "segment_chars", "titles_ok", "gold_titles"), 0)
    for page_id, rows in gold.groupby("page_id", sort=True):
        for k, v in score_page(corpus, str(page_id), rows).items():
            totals[k] = totals.get(k, 0) + v
    p = totals["matched"] / max(totals["pred_units"], 1)
    r = totals["matched"] / max(totals["gold_units"], 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    m = max(totals["matched"], 1)
    return {
        "family": family, "pages": int(gold["page_id"].nunique()),
        "gold_units": int(totals["gold_units"]), "pred_units": int(totals["pred_units"]),
        "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
        "role_acc": round(totals["role_ok"] / m, 3),
        "author_acc": round(totals["author_ok"] / m, 3),
        "furniture_share": round(totals["furniture_chars"] / max(totals["segment_chars"], 1), 4),
        "title_acc": round(totals["titles_ok"] / max(totals["gold_titles"], 1), 3),
    }


def layout_scores(families: list[str],
                  build: Callable[[str], Corpus] = build_family,
                  held_out: bool | str = False) -> pd.DataFrame:
    """One row of :func:`score_family` per family (``build`` makes a family's corpus;
    ``held_out`` scores the held-out pages instead of the development pages, or with a
    session name those that session wrote)."""
    rows = [score_family(f, build(f), held_out=held_out) for f in families]
    return pd.DataFrame([r for r in rows if r["pages"]])


_BREAK = re.compile(r"\s*\n\s*")


def flattened_scores(families: list[str], root: str | Path | None = None) -> pd.DataFrame:
    """:func:`score_family` on flat copies of the families' development pages (every line
    break made a space, gold quotes likewise): a check of the flat-export rules on layouts
    they were not written from (the ``flat`` family has five pages; the other families give
    forty more once their line breaks are gone). Held-out pages are left out."""
    base = Path(root) if root is not None else dev_dir()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for family in families:
            gold = load_dev_gold([family], root=base)
            folder = Path(tmp) / family
            folder.mkdir()
            for page_id in sorted(gold["page_id"].unique()):
                text = (base / family / f"{page_id}.txt").read_text(encoding="utf-8")
                (folder / f"{page_id}.txt").write_text(_BREAK.sub(" ", text.strip()),
                                                       encoding="utf-8")
            gold = gold.assign(quote=gold["quote"].map(lambda q: _BREAK.sub(" ", q)))
            from servicelab.corpus import build_corpus

            rows.append(score_family(family, build_corpus(folder, key=EVAL_KEY), gold))
    return pd.DataFrame(rows)


def page_set_pages(session: str) -> Iterator[tuple[str, Corpus, str, pd.DataFrame]]:
    """Per page of ``session`` ("dev" or a held-out session name such as "h3"), sorted by
    family and page: the family, its corpus built from that session's pages only, the page id
    and the page's gold rows. One place for what the layout scores and the line model's
    training read page by page."""
    if session in ("True", "held_out"):
        raise ValueError("name a held-out session (l1, p1, h3, …); all at once is refused")
    held_out: bool | str = False if session == "dev" else session
    for family in families():
        gold = load_dev_gold([family], held_out=held_out)
        pages = sorted(gold["page_id"].unique())
        if not pages:
            continue
        corpus = build_family(family, pages=pages)
        for page_id, page_gold in gold.groupby("page_id", sort=True):
            yield family, corpus, str(page_id), page_gold


def page_set_counts(session: str) -> pd.DataFrame:
    """One row of :func:`score_page` counts per page of ``session`` ("dev" or a held-out
    session name such as "h3")."""
    return pd.DataFrame([{"family": family, "page_id": page_id,
                          **score_page(corpus, page_id, page_gold)}
                         for family, corpus, page_id, page_gold in page_set_pages(session)])


def pooled(counts: pd.DataFrame) -> dict[str, object]:
    """Scores over all pages of a set (counts summed, then divided)."""
    s = {k: float(v) for k, v in counts.sum(numeric_only=True).items()}
    p = s["matched"] / max(s["pred_units"], 1)
    r = s["matched"] / max(s["gold_units"], 1)
    m = max(s["matched"], 1)
    return {"units": int(s["gold_units"]), "predicted": int(s["pred_units"]),
            "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "role_acc": round(s["role_ok"] / m, 3), "author_acc": round(s["author_ok"] / m, 3),
            "titles": f"{int(s['titles_ok'])}/{int(s['gold_titles'])}",
            "furniture_share": round(s["furniture_chars"] / max(s["segment_chars"], 1), 4)}


def page_set_table(sessions: list[str], fresh: str | None = None) -> pd.DataFrame:
    """One pooled row per page set ("dev" or a held-out session), with whether the rules of
    this checkout were read against it: ``fresh`` names the session written for the current
    round (:mod:`servicelab.heldout_rounds`), scored once; the others are tuning data now."""
    rows = []
    for session in sessions:
        counts = page_set_counts(session)
        status = page_set_status(session, fresh, "layout")
        rows.append({"pages": session, "status": status,
                     "n_pages": int(counts["page_id"].nunique()) if len(counts) else 0,
                     **(pooled(counts) if len(counts) else {})})
    return pd.DataFrame(rows)
