"""Corpus-layer scores per page set, pooled over families, building only that set's pages.

Why: ``layout_scores(families(), held_out=...)`` builds every page of a family (the closed
test pages too) and averages per family. This tool builds each family's pages of one set only
(``build_family(pages=...)``) and pools the counts over families: boundary P/R/F1, role and
author accuracy on matched units, titles found, gold furniture share of segment characters.

    PYTHONPATH=src python tools/layout_page_sets.py dev l1 p1 h3 [-v]

A session name is required for held-out pages (``dev`` is the development pages); ``True``
(every held-out page) is refused, so a closed session cannot be scored by accident.
"""

from __future__ import annotations

import sys

from servicelab.layout_eval import page_set_counts, pooled


def main(argv: list[str]) -> None:
    sessions = [a for a in argv if not a.startswith("-")] or ["dev"]
    for session in sessions:
        try:
            counts = page_set_counts(session)
        except ValueError as err:  # all held-out pages at once are refused, in one line
            sys.exit(str(err))
        print(session, pooled(counts))
        if "-v" in argv:
            print(counts.to_string(index=False))


if __name__ == "__main__":
    main(sys.argv[1:])
