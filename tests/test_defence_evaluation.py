"""Stance on the development corpus' reply units (issue 15 item 5): the scorer and its floors.

Scored on the tuning half only (codebook §7.3); the test half is scored once by the lead.
"""

from __future__ import annotations

import pandas as pd
import pytest

from servicelab import defence_evaluation as E
from servicelab.devsplit import page_half


@pytest.fixture(scope="module")
def tuning_units() -> pd.DataFrame:
    return E.stance_units("tuning")


def test_units_come_from_the_tuning_half_only(tuning_units):
    assert len(tuning_units) > 50
    assert set(tuning_units["page_id"].map(page_half)) == {"tuning"}
    assert "body" not in set(tuning_units["kind"])
    assert set(tuning_units["gold_units"]) <= {"supports_complainant", "defends_vendor",
                                                "neutral", "vendor"}


def test_unknown_half_is_refused():
    with pytest.raises(ValueError, match="unknown half"):
        E.stance_units("train")


def test_stance_accuracy_floors_on_the_tuning_half(tuning_units):
    # in-sample for the cues written from this half (codebook §7.3); measured 0.902 / 0.652
    scores = E.score_stance(units=tuning_units).set_index(["units", "subset"])
    assert scores.loc[("gold_units", "all"), "accuracy"] >= 0.85
    assert scores.loc[("corpus", "all"), "accuracy"] >= 0.6
    assert scores.loc[("corpus", "all"), "missing"] == (tuning_units["corpus"] == "missing").sum()


def test_scores_fall_when_the_cues_are_removed(tuning_units, tmp_path):
    from servicelab.defence import DefenceRules

    empty = tmp_path / "cues.csv"
    empty.write_text("cue_id,strategy,kind,negatable,pattern,source,example\n"
                     "only,,argument_marker,0,\\bweil\\b,test,weil\n", encoding="utf-8")
    bare = E.score_stance(units=E.stance_units("tuning", DefenceRules.load(cues=empty)))
    full = E.score_stance(units=tuning_units)
    pick = (full["units"] == "gold_units") & (full["subset"] == "non_vendor")
    assert bare.loc[pick, "accuracy"].iloc[0] < full.loc[pick, "accuracy"].iloc[0] - 0.2
