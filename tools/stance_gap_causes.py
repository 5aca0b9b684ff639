"""Why stance on the units the corpus finds falls short of stance on gold-cut units.

Why: issue 15 item 5 scores stance on the corpus layer's own units; round eight's gap on
fresh pages was 15 points (.661 vs .807). Before any rule is built this counts the *causes*
per page set, for each gold reply unit whose corpus-cut stance is wrong while the gold-cut
stance is right (the gap), in this order (first that applies):

* ``missed``: no segment with a stance row holds the unit's quote (a boundary missed, a
  body or title segment);
* ``cut_start``: the segment holding the quote starts before the quote with text between
  (the unit is merged into the one before);
* ``cut_end``: the segment runs on over the next gold unit's quote (merged with the next);
* ``role``: the corpus role (after ``defence.segment_units``) is not the gold-cut role;
* ``furniture``: gold furniture characters inside the segment;
* ``author``: the corpus author is not the gold author (reply links, complainant's own);
* ``other``: same cut, role and author (thread context, quote stripping, ...).

    PYTHONPATH=src python tools/stance_gap_causes.py h3 h4 h5 h6 [-v]

A session must be named (``dev`` = the development pages); closed sessions are not in the
checkout and every page set is scored apart.
"""

from __future__ import annotations

import sys
from collections import Counter
from functools import cache

import pandas as pd

from servicelab import defence
from servicelab import defence_evaluation as E
from servicelab.annotations import find_quote, pseudonym_map
from servicelab.devcorpus import build_family, families, load_dev_gold
from servicelab.devsplit import select_half
from servicelab.layout_eval import _GAP_CHARS, _same_name, furniture_mask

CAUSES = ("missed", "cut_start", "cut_end", "role", "furniture", "author", "other")


def unit_causes(page_set: str, build=build_family) -> pd.DataFrame:
    """One row per gold reply unit of ``page_set``: gold / corpus / gold-cut stance and the
    first cause that applies (``ok`` when the corpus stance is right)."""
    rows = []
    for family in families():
        gold_all = select_half(load_dev_gold([family], held_out=None), E.set_half(page_set))
        if gold_all.empty:
            continue
        corpus = build(family)
        tables = defence.build_tables(corpus)
        stance = dict(zip(tables["stance"]["segment_id"], tables["stance"]["stance"],
                          strict=True))
        seg_units = defence.segment_units(corpus)
        for page_id, g in gold_all.groupby("page_id", sort=True):
            page_id = str(page_id)
            text = corpus.documents.set_index("doc_id").loc[page_id, "text"]
            mapping = pseudonym_map(corpus, page_id)
            mask = furniture_mask(text, g[g["layer"] == "furniture"], mapping)
            units = E.gold_unit_table(corpus, page_id, g)
            on_gold = E._gold_unit_stance(units, None)
            gold_role = dict(zip(units["quote"], units["role"], strict=True))
            segs = seg_units[seg_units["doc_id"] == page_id]
            spans = sorted((find_quote(text, q, mapping)[0], q) for q in
                           g.loc[g["layer"] == "segment", "quote"])
            for k, (q_start, quote) in enumerate(spans):
                r = g[(g["layer"] == "segment") & (g["quote"] == quote)].iloc[0]
                if r["kind"] == "body":
                    continue
                nxt = spans[k + 1][0] if k + 1 < len(spans) else len(text)
                hit = segs[(segs["start"] <= q_start) & (segs["end"] > q_start)]
                seg = hit.iloc[0] if len(hit) else None
                pred = stance.get(seg["unit_id"], "missing") if seg is not None else "missing"
                cause = "ok"
                if pred != r["stance"]:
                    if seg is None or pred == "missing":
                        cause = "missed"
                    else:
                        gap = "".join(c for c, f in zip(text[seg["start"]:q_start],
                                                        mask[seg["start"]:q_start],
                                                        strict=True) if not f)
                        if not _GAP_CHARS.fullmatch(gap):
                            cause = "cut_start"
                        elif seg["end"] > nxt + 5:
                            cause = "cut_end"
                        elif seg["role"] != gold_role[quote]:
                            cause = "role"
                        elif mask[seg["start"]:seg["end"]].sum() > 0:
                            cause = "furniture"
                        elif not _same_name(r["author"], seg["author"], mapping):
                            cause = "author"
                        else:
                            cause = "other"
                rows.append({"page_set": page_set, "page_id": page_id, "quote": quote[:40],
                             "gold": r["stance"], "corpus": pred,
                             "gold_units": on_gold[quote], "gold_role": gold_role[quote],
                             "corpus_role": None if seg is None else seg["role"],
                             "cause": cause})
    return pd.DataFrame(rows)


def main(argv: list[str]) -> None:
    sets = [a for a in argv if not a.startswith("-")] or ["dev"]
    if any(s in ("True", "held_out") for s in sets):
        sys.exit("name a held-out session (l1, p1, h3, …); all at once is refused")
    build = cache(build_family)
    pd.set_option("display.width", 200)
    table = pd.concat([unit_causes(s, build) for s in sets], ignore_index=True)
    gap = table[(table["corpus"] != table["gold"]) & (table["gold_units"] == table["gold"])]
    both = table[(table["corpus"] != table["gold"]) & (table["gold_units"] != table["gold"])]
    rev = table[(table["corpus"] == table["gold"]) & (table["gold_units"] != table["gold"])]
    out = []
    for s, part in table.groupby("page_set", sort=False):
        c = Counter(gap.loc[gap["page_set"] == s, "cause"])
        out.append({"page_set": s, "units": len(part),
                    "corpus_acc": round((part["corpus"] == part["gold"]).mean(), 3),
                    "gold_acc": round((part["gold_units"] == part["gold"]).mean(), 3),
                    "gap": int((gap["page_set"] == s).sum()),
                    "both_wrong": int((both["page_set"] == s).sum()),
                    "corpus_only_right": int((rev["page_set"] == s).sum()),
                    **{k: c.get(k, 0) for k in CAUSES}})
    res = pd.DataFrame(out)
    total = res.drop(columns="page_set").sum()
    print(pd.concat([res, pd.DataFrame([{"page_set": "pooled", **total.to_dict()}])])
          .to_string(index=False))
    both_c = Counter(both["cause"])
    print("causes where both cuts are wrong:", dict(both_c))
    if "-v" in argv:
        print(gap.to_string(index=False))


if __name__ == "__main__":
    main(sys.argv[1:])
