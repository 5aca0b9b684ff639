"""Why furniture is left inside units and why authors are wrong, per page set, pooled.

Why: the pooled layout scores (``tools/layout_page_sets.py``) say *how much* furniture is
left and *how many* authors are wrong, not *which* furniture or *why*. Before any rule this
counts, per page set:

* furniture: every gold furniture run whose characters lie inside a segment, by its gold
  kind (metadata, ui, teaser, pagination, …) and by its shape (``counter``: digits with a
  unit word, ``date``, ``short``: up to four words, ``long``);
* authors, per matched unit with a wrong author (first that applies): ``none`` (no author
  found), ``furniture`` (the author found is gold furniture text: a badge, date or button),
  ``in_text`` (the gold author's name stands inside the unit's text: quoted person or a
  signature), ``other_unit`` (the author found is another gold unit's author: shifted
  header), ``other``.

    PYTHONPATH=src python tools/layout_causes.py h3 h4 h5 h6 h7 [-v]

A session must be named (``dev`` = the development pages); all held-out pages at once are
refused by :func:`servicelab.layout_eval.page_set_pages`.
"""

from __future__ import annotations

import re
import sys
from collections import Counter

import pandas as pd

from servicelab.annotations import find_quote, pseudonym_map
from servicelab.layout_eval import (
    _GAP_CHARS,
    _gold_quote,
    _same_name,
    furniture_mask,
    page_set_pages,
    unit_starts,
)

_DATE = re.compile(r"\d{1,2}\.\s?\d{1,2}\.|\d{1,2}\.\s?[A-ZÄÖÜ][a-zä]+\.?\s\d{4}|\d{1,2}:\d{2}"
                   r"|\bvor\s\d+\s|\bgestern\b|\bheute\b", re.IGNORECASE)
_COUNTER = re.compile(r"\d")


def shape(quote: str) -> str:
    """Shape of a furniture run: date, counter (digits), short (≤ 4 words) or long."""
    if _DATE.search(quote):
        return "date"
    if _COUNTER.search(quote) and len(quote.split()) <= 6:
        return "counter"
    return "short" if len(quote.split()) <= 4 else "long"


def page_causes(session: str) -> tuple[list[dict], list[dict]]:
    """Furniture rows (one per gold furniture occurrence left in a segment) and author rows
    (one per matched unit with a wrong author) of one page set."""
    furn_rows, auth_rows = [], []
    for family, corpus, page_id, g in page_set_pages(session):
        text = corpus.documents.set_index("doc_id").at[page_id, "text"]
        mapping = pseudonym_map(corpus, page_id)
        segs = corpus.segments[corpus.segments["doc_id"] == page_id].sort_values("start")
        inside = [False] * len(text)
        for s, e in zip(segs["start"], segs["end"], strict=True):
            inside[s:e] = [True] * (e - s)
        for r in g[g["layer"] == "furniture"].itertuples(index=False):
            q = _gold_quote(r.quote, mapping)
            if not q:
                continue
            one = furniture_mask(text, pd.DataFrame({"quote": [r.quote]}), mapping)
            n = sum(1 for i in one.nonzero()[0] if inside[i])
            if n:
                furn_rows.append({"page_set": session, "family": family, "page_id": page_id,
                                  "kind": r.kind, "shape": shape(q), "chars": n,
                                  "quote": q[:50]})
        mask = furniture_mask(text, g[g["layer"] == "furniture"], mapping)
        furn_text = {_gold_quote(q, mapping).strip().lower()
                     for q in g.loc[g["layer"] == "furniture", "quote"]}
        authors = {_gold_quote(a, mapping).strip().lower()
                   for a in g.loc[g["layer"] == "segment", "author"] if isinstance(a, str)}
        units = unit_starts(segs[segs["kind"] != "title"],
                            corpus.boilerplate[corpus.boilerplate["doc_id"] == page_id])
        starts = units["start"].tolist()
        gold_units = sorted((find_quote(text, r.quote, mapping)[0], r)
                            for r in g[g["layer"] == "segment"].itertuples(index=False))
        for q, r in gold_units:
            cand = [k for k, p in enumerate(starts) if p <= q]
            if not cand:
                continue
            k = cand[-1]
            p = starts[k]
            gap = "".join(c for c, f in zip(text[p:q], mask[p:q], strict=True) if not f)
            if not _GAP_CHARS.fullmatch(gap):
                continue
            row = units.iloc[k]
            if _same_name(r.author, row["author"], mapping):
                continue
            pred = row["author"] if isinstance(row["author"], str) else ""
            gold_a = _gold_quote(r.author, mapping).strip() if isinstance(r.author, str) else ""
            if not pred.strip():
                cause = "none"
            elif pred.strip().lower() in furn_text or any(pred.strip().lower() in f
                                                           for f in furn_text):
                cause = "furniture"
            elif gold_a and gold_a.lower() in row["text"].lower():
                cause = "in_text"
            elif pred.strip().lower().lstrip("@") in {a.lstrip("@") for a in authors}:
                cause = "other_unit"
            else:
                cause = "other"
            auth_rows.append({"page_set": session, "family": family, "page_id": page_id,
                              "gold": gold_a, "pred": pred, "role": r.role, "cause": cause})
    return furn_rows, auth_rows


def main(argv: list[str]) -> None:
    sets = [a for a in argv if not a.startswith("-")] or ["dev"]
    furn, auth = [], []
    for s in sets:
        f, a = page_causes(s)
        furn += f
        auth += a
    pd.set_option("display.width", 220)
    fd, ad = pd.DataFrame(furn), pd.DataFrame(auth)
    if len(fd):
        print("furniture characters left in segments, by gold kind and shape (pooled):")
        print(fd.pivot_table(index="kind", columns="shape", values="chars", aggfunc="sum",
                             fill_value=0, margins=True).sort_values("All", ascending=False)
              .to_string())
        print(fd.groupby("page_set")["chars"].sum().to_string())
        print("by family:", fd.groupby("family")["chars"].sum().sort_values().to_dict())
    if len(ad):
        print("wrong authors by cause:", dict(Counter(ad["cause"])))
        print(ad.groupby(["page_set", "cause"]).size().unstack(fill_value=0).to_string())
    if "-v" in argv:
        if len(fd):
            print(fd.sort_values("chars", ascending=False).to_string(index=False))
        if len(ad):
            print(ad.to_string(index=False))


if __name__ == "__main__":
    main(sys.argv[1:])
