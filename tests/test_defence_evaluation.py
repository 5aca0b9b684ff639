"""Stance on the development corpus' reply units (issue 15 item 5): the scorer and its floors.

Scored on the tuning half only (codebook §7.3); the test half is scored once by the lead.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from servicelab import defence as D
from servicelab import defence_evaluation as E
from servicelab.devcorpus import build_family
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
    # in-sample for the cues written from this half and for the fallback model trained on all
    # dev pages (codebook §5, §7.3); measured 0.973 / 0.884 (cue rules alone 0.902 / 0.804)
    scores = E.score_stance(units=tuning_units).set_index(["units", "subset"])
    assert scores.loc[("gold_units", "all"), "accuracy"] >= 0.85
    assert scores.loc[("corpus", "all"), "accuracy"] >= 0.6
    assert scores.loc[("corpus", "all"), "missing"] == (tuning_units["corpus"] == "missing").sum()


def test_scores_fall_when_the_cues_are_removed(tuning_units, tmp_path):
    from servicelab.defence import DefenceRules

    empty = tmp_path / "cues.csv"
    empty.write_text("cue_id,strategy,kind,negatable,pattern,source,example\n"
                     "only,,argument_marker,0,\\bweil\\b,test,weil\n", encoding="utf-8")
    bare = E.score_stance(units=E.stance_units("tuning", DefenceRules.load(cues=empty,
                                                                           fallback=False)))
    full = E.score_stance(units=tuning_units)
    pick = (full["units"] == "gold_units") & (full["subset"] == "non_vendor")
    assert bare.loc[pick, "accuracy"].iloc[0] < full.loc[pick, "accuracy"].iloc[0] - 0.2


@pytest.fixture(scope="module")
def rule_units() -> pd.DataFrame:
    from servicelab.defence import DefenceRules

    return E.stance_units("tuning", DefenceRules.load(fallback=False))


def test_grouped_cv_by_page_keeps_pages_apart_and_combines_as_shipped(rule_units):
    cv = E.cross_validate_by_page(rule_units, folds=5)
    assert list(cv["gold"]) == list(rule_units["gold"])
    assert (cv["rules"] == rule_units["gold_units"]).all()
    cued = cv["rules"] != "neutral"
    asks = rule_units["text"].map(D.opens_with_question)
    assert (cv.loc[cued, "combined"] == cv.loc[cued, "rules"]).all()
    assert (cv.loc[~cued, "rules_model"] == cv.loc[~cued, "model"]).all()
    assert (cv.loc[~cued & asks, "combined"] == "neutral").all()
    assert (cv.loc[~cued & ~asks, "combined"] == cv.loc[~cued & ~asks, "model"]).all()
    assert (cv.loc[cv["gold"] == "vendor", "model"] == "vendor").all()
    scores = E.cv_scores(cv).set_index(["pages", "subset", "method"])
    assert set(scores.index.get_level_values("pages")) == {"all", "tuning", "test"}
    combined = scores.loc[("tuning", "all", "combined"), "accuracy"]
    # on the 19 tuning pages alone (5 folds, the cues in-sample there) measured 0.884
    # combined, 0.723 model alone, 0.857 majority fallback; over all 45 dev pages
    # (codebook §5, 9 folds) combined leads: 0.872 vs 0.791 / 0.795
    assert combined >= 0.8
    assert combined > scores.loc[("tuning", "all", "model"), "accuracy"]
    assert np.isnan(scores.loc[("test", "all", "combined"), "accuracy"])


def test_a_page_never_trains_its_own_prediction(rule_units):
    # every unit of a page in its own fold: relabelling a page's training rows cannot reach
    # its predictions when the page is held out
    one = rule_units["page_id"].iloc[0]
    flipped = rule_units.copy()
    mask = flipped["page_id"] == one
    flipped.loc[mask, "gold"] = "neutral"
    a = E.cross_validate_by_page(rule_units, folds=19)
    b = E.cross_validate_by_page(flipped, folds=19)
    assert (a.loc[mask, "model"] == b.loc[mask, "model"]).all()


def test_leave_one_set_out_never_trains_on_the_left_out_set(monkeypatch):
    seen: dict[int, pd.DataFrame] = {}

    def spy(training: pd.DataFrame) -> None:
        seen[len(seen)] = training
        return None  # the cue rules alone: the spy only records what it would train on

    loads: list[dict] = []
    load = E.defence.DefenceRules.load

    def recording_load(*args, **kwargs):
        loads.append(kwargs)
        return load(*args, **kwargs)

    monkeypatch.setattr(E.defence.DefenceRules, "load", recording_load)
    out = E.leave_one_set_out(("l1", "p1"), {"spy": spy, "spy_no_override": spy},
                              build=cache(build_family),
                              tunables={"spy_no_override": {"model_override": None}})
    assert set(out["page_set"]) == {"l1", "p1"}
    assert set(out["option"]) == {"spy", "spy_no_override"}
    assert set(out["units"]) == {"corpus", "gold_units"}
    # the model for l1 trains on p1's units only and vice versa
    assert seen[0]["page_id"].str.contains("_heldout_p1").all()
    assert seen[2]["page_id"].str.contains("_heldout_l1").all()
    # an option's tunables reach the rules it is scored with, and only that option's
    assert sum(k.get("model_override", 0.25) is None for k in loads) == 2
    assert E.set_half("dev") == "all" and E.set_half("h3") == "held_out:h3"
