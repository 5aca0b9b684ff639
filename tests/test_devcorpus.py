"""The development corpus and its gold load, and bad gold rows are named in one line."""

import pytest

from servicelab.devcorpus import families, load_dev_gold
from servicelab.errors import CorpusInputError


def test_every_family_has_pages_and_checked_gold():
    fams = families()
    assert len(fams) >= 4
    gold = load_dev_gold()
    assert set(gold["family"]) == set(fams)
    for layer in ("segment", "furniture", "pii"):
        assert (gold["layer"] == layer).sum() > 20, layer


def test_a_quote_that_is_not_in_the_page_is_named(tmp_path):
    (tmp_path / "pages" / "blog").mkdir(parents=True)
    (tmp_path / "pages" / "blog" / "blog_01.txt").write_text("Hallo Welt, das ist eine Seite.")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "blog.csv").write_text(
        "page_id,layer,quote,kind,role,author,addressees,stance,note\n"
        "blog_01,segment,Hallo Welt,body,author,,,,\n"
        "blog_01,segment,nicht da,comment,commenter,,,,\n")
    with pytest.raises(CorpusInputError, match=r"blog.csv:3: quote not found"):
        load_dev_gold(gold_dir=tmp_path / "gold", root=tmp_path / "pages")


def test_held_out_pages_are_left_out_unless_asked_for():
    dev = load_dev_gold()
    held = load_dev_gold(held_out=True)
    both = load_dev_gold(held_out=None)
    assert not dev["page_id"].str.contains("_heldout_").any()
    assert len(held) > 0 and held["page_id"].str.contains("_heldout_").all()
    assert len(both) == len(dev) + len(held)


def test_a_session_name_selects_the_pages_that_session_wrote():
    held = load_dev_gold(held_out=True)
    h3 = load_dev_gold(held_out="h3")
    assert len(h3) > 0 and h3["page_id"].str.contains("_heldout_h3").all()
    assert set(h3["page_id"]) < set(held["page_id"])
    assert load_dev_gold(held_out="no_such_session").empty


def test_layout_scores_one_sessions_pages_and_skip_families_without_any():
    from servicelab.devcorpus import held_out_families
    from servicelab.layout_eval import layout_scores

    built = {}

    def build(family):
        from servicelab.devcorpus import build_family
        built[family] = built.get(family) or build_family(family)
        return built[family]

    fams = held_out_families()
    h3 = layout_scores(fams, build, held_out="h3")
    assert len(h3) > 0 and (h3["pages"] > 0).all()
    assert layout_scores(fams, build, held_out="no_such_session").empty
