"""Round ten: a company's store or regional account answering under the company's name with
its site after it ("<company> <place>") speaks for the company. Pooled cause of stance on the
units the corpus finds (``tools/stance_gap_causes.py``): vendor replies read as a commenter's.
Names of places and people written here."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from servicelab import defence as D


def _table(*authors: str) -> pd.DataFrame:
    rows = []
    for k, author in enumerate(authors):
        rows.append({"segment_id": f"b:p0:s{k:02d}", "post_id": "b:p0", "doc_id": "b",
                     "position": k, "kind": "body" if k == 0 else "comment", "author": author,
                     "addressees": [], "role": "author" if k == 0 else "commenter",
                     "start": 10 * k, "end": 10 * k + 10,
                     "text": "Die Reparatur dauert jetzt schon fünf Wochen."})
    return pd.DataFrame(rows)


def test_a_company_name_with_a_branch_or_region_after_it_is_the_vendor() -> None:
    table = _table("Person_0a1b2c3d4e5f", "MediaMarkt Lübeck-Moisling · 03/02/2027",
                   "Telekom Nordhessen", "Person_77aa66bb55cc")
    units = D.segment_units(SimpleNamespace(segments=table), D.DefenceRules.load(fallback=False))
    assert units["role"].tolist() == ["author", "vendor", "vendor", "commenter"]


def test_a_name_that_only_starts_like_a_word_stays_a_commenter() -> None:
    # no company name opens these author lines: readers, not a store
    table = _table("Person_0a1b2c3d4e5f", "Rolf Telekomski", "Gerlinde aus Lübeck")
    units = D.segment_units(SimpleNamespace(segments=table), D.DefenceRules.load(fallback=False))
    assert units["role"].tolist() == ["author", "commenter", "commenter"]
