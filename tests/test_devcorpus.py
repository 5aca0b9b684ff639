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


def test_held_out_sessions_are_read_from_the_page_ids(tmp_path):
    from servicelab.devcorpus import held_out_sessions

    for name in ("blog/blog_01.txt", "blog/blog_heldout_l1.txt", "forum/forum_heldout_h9a.txt",
                 "forum/forum_heldout_h9b.txt", "qa/qa_heldout_x12.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert held_out_sessions(tmp_path) == ["h9", "l1", "x12"]


def test_page_sets_are_named_one_at_a_time():
    from servicelab.layout_eval import page_set_counts

    for everything in ("True", "held_out"):
        with pytest.raises(ValueError, match="name a held-out session"):
            page_set_counts(everything)
