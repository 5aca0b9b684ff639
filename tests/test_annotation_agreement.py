"""Agreement of a second reading with the first (``servicelab.annotation_agreement``): the
sample is the seeded one, and the measures move when the readers disagree."""

from __future__ import annotations

import pandas as pd
import pytest

from servicelab.annotation_agreement import (
    READINGS,
    SecondReading,
    stance_agreement,
    text_agreement,
)
from servicelab.errors import CorpusInputError


def _frames(orgs, mains, blame, waits):
    return {
        "docs": pd.DataFrame([{"doc_id": d, "complaint": "1", "main_vendor": v}
                              for d, v in mains]),
        "orgs": pd.DataFrame([{"doc_id": d, "organisation": o, "complained_about": c}
                              for d, o, c in orgs]),
        "blame": pd.DataFrame([{"doc_id": d, "pattern": p, "target_entity": t,
                                "target_type": "vendor"} for d, p, t in blame]),
        "waits": pd.DataFrame([{"doc_id": d, "days": str(n), "kind": "open_wait"}
                               for d, n in waits]),
    }


def test_the_sample_is_five_texts_from_each_half_and_four_pages():
    ids = [f"h9_{i:02d}" for i in range(1, 31)]
    texts, pages = SecondReading().sample(ids)
    assert texts == ["h9_01", "h9_07", "h9_10", "h9_12", "h9_15",
                     "h9_16", "h9_22", "h9_23", "h9_25", "h9_26"]
    assert pages == ["blog_heldout_h9b", "qa_heldout_h9a", "review_heldout_h9a",
                     "social_heldout_h9a"]
    assert SecondReading(seed=1).sample(ids) != (texts, pages)


def test_text_agreement_counts_what_either_reader_alone_has():
    first = _frames([("a", "Telekom", "1"), ("a", "DHL", "0"), ("b", "Otto", "1")],
                    [("a", "Telekom"), ("b", "Otto")],
                    [("a", "accuses", "Telekom"), ("b", "concedes", "Otto")],
                    [("a", 21), ("b", 3)])
    second = _frames([("a", "Telekom", "1"), ("b", "Otto", "1"), ("b", "Hermes", "1")],
                     [("a", "Telekom"), ("b", "Hermes")],
                     [("a", "accuses", "Telekom")],
                     [("a", 20), ("b", 10)])
    t = text_agreement(first, second, {}).set_index("measure")
    assert (t.loc["organisations", "precision"], t.loc["organisations", "recall"]) == (
        pytest.approx(2 / 3, abs=1e-3), pytest.approx(2 / 3, abs=1e-3))
    assert t.loc["main vendor", "f1"] == 0.5
    assert (t.loc["blame triples", "precision"], t.loc["blame triples", "recall"]) == (1.0, 0.5)
    # 20 is within ±20 % of 21, 10 is not within ±20 % of 3
    assert t.loc["stated waits ±20 %", "recall"] == 0.5
    assert text_agreement(first, first, {})["f1"].eq(1.0).all()


def test_stance_agreement_is_kappa_on_the_first_readers_units():
    first = pd.DataFrame({"page_id": ["p"] * 4, "quote": list("abcd"),
                          "kind": ["comment"] * 4,
                          "stance": ["neutral", "vendor", "defends_vendor",
                                     "supports_complainant"]})
    same = first[["page_id", "quote", "stance"]]
    assert stance_agreement(first, same) == {"units": 4, "agree": 4, "accuracy": 1.0,
                                             "kappa": 1.0}
    other = same.assign(stance=["neutral", "vendor", "neutral", "neutral"])
    got = stance_agreement(first, other)
    assert got["agree"] == 2 and got["kappa"] < 0.5
    with pytest.raises(CorpusInputError, match="no second stance"):
        stance_agreement(first, same.iloc[:3])


def test_texts_whose_first_organisations_the_second_reader_saw_are_left_out():
    """The shipped second reading: the organisation and main-vendor measures leave out the
    four texts whose first organisation rows the second reader saw (its README); blame and
    waits keep all ten texts."""
    from servicelab.annotation_agreement import second_reading

    kept, stance = second_reading()
    everything, _ = second_reading(SecondReading(saw_first_orgs=()))
    kept, everything = kept.set_index("measure"), everything.set_index("measure")
    for measure in ("organisations", "main vendor"):
        assert kept.loc[measure, "first"] < everything.loc[measure, "first"]
    for measure in ("blame triples", "stated waits ±20 %"):
        assert kept.loc[measure, "first"] == everything.loc[measure, "first"]
    assert stance["units"] == 38


def test_heldout10s_sample_is_drawn_with_the_same_seed_from_its_own_ids():
    ids = [f"h10_{i:02d}" for i in range(1, 31)]
    texts, pages = READINGS["heldout10"].sample(ids)
    assert texts == ["h10_01", "h10_07", "h10_10", "h10_12", "h10_15",
                     "h10_16", "h10_22", "h10_23", "h10_25", "h10_26"]
    assert pages == ["community_heldout_h10a", "disqus_heldout_h10a", "review_heldout_h10a",
                     "social_heldout_h10a"]
    assert READINGS["heldout9"] == SecondReading()


def test_readings_table_has_one_block_per_second_reading():
    from servicelab.annotation_agreement import readings_table

    texts, stance = readings_table()
    assert list(texts.columns[:2]) == ["set", "measure"]
    assert texts.groupby("set").size().to_dict() == {"heldout10": 6, "heldout9": 6}
    assert stance["set"].tolist() == ["heldout9", "heldout10"]
    assert (stance["units"] > 30).all()
