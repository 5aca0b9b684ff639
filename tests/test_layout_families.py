"""Issue 14 floors per layout family of the development corpus (codebook §7), measured by
``servicelab.layout_eval``: comment-boundary F1 ≥ 0.9 and ≤ 2 % of segment characters that
are gold furniture. Families below a floor are strict xfails carrying the measured gap, so
the test turns red when they pass (then remove the mark); a floor is never lowered.
``community`` and ``review`` were held out while the rules were written (scored once after).
"""

from functools import cache

import pytest

from servicelab.layout_eval import score_family

F1_FLOOR = 0.9
FURNITURE_CEILING = 0.02

F1_GAPS = {
    "flat": "measured 0.72 (flat exports: headers without line breaks are cut by heuristics)",
    "community": "held out: 0.875 at the freeze (commit 7c604a7), 0.875 on the final rules",
    "review": "held out: 0.61 at the freeze (commit 7c604a7), 0.54 on the final rules",
}
FURNITURE_GAPS = {
    "flat": "measured 14.5 % (site heads and teasers run into the text without breaks)",
    "community": "held out: 3.5 % at the freeze (commit 7c604a7), 3.8 % on the final rules",
    "review": "held out: 9.6 % at the freeze (commit 7c604a7), 11.5 % on the final rules",
}
FAMILIES = ["blog", "disqus", "forum", "qa", "news", "social", "flat", "community", "review"]


@cache
def _scores(family: str) -> dict:
    return score_family(family)


def _param(family: str, gaps: dict[str, str]):
    marks = [pytest.mark.xfail(strict=True, reason=gaps[family])] if family in gaps else []
    return pytest.param(family, marks=marks, id=family)


@pytest.mark.parametrize("family", [_param(f, F1_GAPS) for f in FAMILIES])
def test_comment_boundary_f1_floor(family):
    assert _scores(family)["f1"] >= F1_FLOOR


@pytest.mark.parametrize("family", [_param(f, FURNITURE_GAPS) for f in FAMILIES])
def test_furniture_share_ceiling(family):
    assert _scores(family)["furniture_share"] <= FURNITURE_CEILING
