"""Issue 14 floors per layout family of the development corpus (codebook §7), measured by
``servicelab.layout_eval``: comment-boundary F1 ≥ 0.9 and ≤ 2 % of segment characters that
are gold furniture. Families below a floor are strict xfails carrying the measured gap, so
the test turns red when they pass (then remove the mark); a floor is never lowered.
``community`` and ``review`` were held out while the first rules were written (community
0.875 / 3.5 %, review 0.61 / 9.6 % at that freeze); the rules of the layout session were then
written on them too, so they are development families now. Each family also holds a page
``<family>_heldout_l1`` (codebook §7.2) that no rule was written from: ``load_dev_gold`` leaves
it out here, and it is scored once, at the end, by the lead.
"""

from functools import cache

import pytest

from servicelab.layout_eval import score_family

F1_FLOOR = 0.9
FURNITURE_CEILING = 0.02

# flat met both floors once its page head, title bar, run-in comment form and quoted
# readers were cut apart (measured 1.0 / 0.29 %; was 0.896 / 7.6 %)
F1_GAPS: dict[str, str] = {}
FURNITURE_GAPS: dict[str, str] = {}
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


def test_layout_scores_are_the_same_on_every_run():
    """Notebook 00 prints these scores; nbval compares them exactly."""
    from servicelab.layout_eval import layout_scores

    first = layout_scores(["flat"], held_out=True)
    assert first.equals(layout_scores(["flat"], held_out=True))


def test_flat_cuts_do_not_depend_on_the_pseudonym_key():
    """A pseudonym that ends in a digit ("@Person_…c2.") must not read as an ordinal and block
    a cut that a pseudonym ending in a letter allows: segments are the same under any key."""
    import hashlib

    from servicelab import build_corpus
    from servicelab.devcorpus import dev_dir

    scores = {score_family("flat", build_corpus(dev_dir() / "flat",
                                                key=hashlib.sha256(k).digest()),
                           held_out=True)["f1"] for k in (b"a", b"b", b"c", b"d")}
    assert len(scores) == 1
