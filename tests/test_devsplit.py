"""The development corpus split (codebook §7.3): fixed by page id, both halves used."""

from __future__ import annotations

import pandas as pd
import pytest

from servicelab.devcorpus import dev_dir
from servicelab.devsplit import page_half, select_half


def test_half_depends_on_the_page_id_only_and_is_stable():
    # recorded when the split was committed: changing the seed or the hash moves pages
    assert page_half("blog_04") == "tuning"
    assert page_half("blog_01") == "test"
    assert page_half("social_01") == "tuning"
    assert page_half("qa_01") == "test"


def test_every_family_has_pages_in_both_halves():
    pages = sorted(dev_dir().glob("*/*.txt"))
    halves = pd.DataFrame({"family": [p.parent.name for p in pages],
                           "half": [page_half(p.stem) for p in pages]})
    per_family = halves.groupby("family")["half"].nunique()
    assert (per_family == 2).all(), per_family[per_family < 2]


def test_select_half_keeps_only_that_half_and_refuses_unknown_names():
    gold = pd.DataFrame({"page_id": ["blog_04", "blog_01", "social_01"], "x": [1, 2, 3]})
    assert select_half(gold, "tuning")["page_id"].tolist() == ["blog_04", "social_01"]
    assert select_half(gold, "test")["page_id"].tolist() == ["blog_01"]
    assert len(select_half(gold, "all")) == 3
    with pytest.raises(ValueError, match="unknown half"):
        select_half(gold, "train")


def test_held_out_pages_are_in_no_half_and_are_selected_by_session():
    gold = pd.DataFrame({"page_id": ["blog_04", "blog_heldout_l1", "forum_heldout_h3a",
                                     "news_heldout_h3b"]})
    assert select_half(gold, "all")["page_id"].tolist() == ["blog_04"]
    assert "blog_heldout_l1" not in select_half(gold, "tuning")["page_id"].tolist()
    assert select_half(gold, "held_out")["page_id"].tolist() == [
        "blog_heldout_l1", "forum_heldout_h3a", "news_heldout_h3b"]
    assert select_half(gold, "held_out:h3")["page_id"].tolist() == [
        "forum_heldout_h3a", "news_heldout_h3b"]
    with pytest.raises(ValueError, match="unknown half"):
        select_half(gold, "held_out:")
