"""Print, per development page of one layout family, why its layout scores are what they are.

Usage: python tools/layout_diagnose.py FAMILY [PAGE_ID] [--lines]

For each page: the counts of ``layout_eval.score_page``; the predicted segments (``*`` marks
a unit start) beside the gold units (start, kind, role, author, first words); every run of
gold furniture left inside a segment; the gold and predicted titles. ``--lines`` also prints
the page's (virtual) lines with the furniture kind each was given. Development pages only:
held-out pages (codebook §7.2) are never read here.

Why a script: a missed boundary or a furniture character has a cause on a particular line;
the family scores alone do not show which.
"""

from __future__ import annotations

import argparse

import numpy as np

from servicelab import devcorpus, layout_eval
from servicelab.annotations import find_quote, pseudonym_map
from servicelab.boilerplate import lines_with_offsets


def diagnose(family: str, only: str | None = None, show_lines: bool = False) -> None:
    """Print the diagnosis of one family's development pages (or of one page)."""
    corpus = devcorpus.build_family(family)
    gold = devcorpus.load_dev_gold([family])  # development pages only
    for page_id, rows in gold.groupby("page_id", sort=True):
        if only and page_id != only:
            continue
        text = corpus.documents.set_index("doc_id").at[page_id, "text"]
        mapping = pseudonym_map(corpus, str(page_id))
        print("=" * 20, page_id, layout_eval.score_page(corpus, str(page_id), rows))
        furn = corpus.boilerplate[corpus.boilerplate["doc_id"] == page_id]
        segs = corpus.segments[corpus.segments["doc_id"] == page_id].sort_values("start")
        mask = layout_eval.furniture_mask(text, rows[rows["layer"] == "furniture"], mapping)
        if show_lines:
            for start, end, line in lines_with_offsets(text):
                kinds = furn[(furn["start"] <= start) & (furn["end"] >= end)]["kind"].tolist()
                print(f"  L {start:6d} {(kinds or ['-'])[0]:15s} {line[:110]}")
        starts = set(layout_eval.unit_starts(segs[segs["kind"] != "title"], furn)["start"])
        for s in segs.itertuples():
            mark = "*" if s.start in starts else " "
            print(f" P{mark}{s.start:6d} {s.kind:13s} {s.role:13s} {str(s.author)[:24]:24s} "
                  f"| {text[s.start:s.start + 60]!r}")
        units = sorted(((find_quote(text, g.quote, mapping) or (-1, -1))[0], g.Index)
                       for g in rows[rows["layer"] == "segment"].itertuples())
        for start, idx in units:
            g = rows.loc[idx]
            print(f" G {start:7d} {g['kind']:13s} {g['role']:13s} {g['author'][:24]:24s} "
                  f"| {text[start:start + 60]!r}")
        for s in segs.itertuples():
            idx = np.flatnonzero(mask[s.start : s.end]) + s.start
            for run in np.split(idx, np.flatnonzero(np.diff(idx) != 1) + 1) if len(idx) else []:
                print(f" F {run[0]:7d} {len(run):4d} {text[run[0]:run[-1] + 1][:100]!r}")
        print(" titles: gold", rows[rows["layer"] == "title"]["quote"].tolist(),
              "predicted", segs[segs["kind"] == "title"]["text"].tolist())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("family")
    p.add_argument("page_id", nargs="?")
    p.add_argument("--lines", action="store_true", help="print the virtual lines too")
    args = p.parse_args()
    diagnose(args.family, args.page_id, args.lines)


if __name__ == "__main__":
    main()
