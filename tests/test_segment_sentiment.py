"""Segment labels of long complaint texts from sentence scores (issue 15 item 6), on
sentences written for these tests, and the development-corpus scorer that chose the setting
(codebook §2.1)."""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from servicelab import segment_sentiment, sentiment
from servicelab import segment_sentiment_evaluation as evaluation
from servicelab.devcorpus import build_family
from servicelab.devsplit import page_half
from servicelab.errors import CorpusInputError
from servicelab.segment_sentiment import METHOD, SegmentSentiment, label_segments

DEV_SENTIMENT_GOLD = (Path(__file__).resolve().parents[1] / "data" / "annotations"
                      / "dev_sentiment_gold.csv")

UNITS = {
    # a long complaint: factual sentences and one sharp one
    "complaint": ["Am 3. März habe ich bei der Firma einen Kühlschrank bestellt.",
                  "Geliefert werden sollte er in der Woche darauf.",
                  "Die Lieferung wurde zweimal verschoben, jedes Mal per Mail am Vorabend.",
                  "Der Kundendienst hat mich dreimal an eine andere Abteilung verwiesen.",
                  "Ich bin wirklich wütend und enttäuscht, der Service ist eine Katastrophe."],
    "thanks": ["Vielen Dank für die schnelle Hilfe, das Geld ist heute angekommen.",
               "Super, dass das so unkompliziert geklappt hat!"],
    "advice": ["Die Frist beträgt zwei Wochen ab Zugang des Schreibens.",
               "Das Formular findet man im Kundenbereich unter Verträge."],
}


def _corpus() -> SimpleNamespace:
    sents, segs, pos = [], [], 0
    for sid, texts in UNITS.items():
        start = pos
        for k, text in enumerate(texts):
            sents.append({"sentence_id": f"{sid}{k}", "segment_id": sid, "doc_id": "d1",
                          "start": pos, "end": pos + len(text), "text": text, "quoted": False})
            pos += len(text) + 1
        segs.append({"segment_id": sid, "doc_id": "d1", "start": start, "end": pos - 1,
                     "text": " ".join(texts)})
    return SimpleNamespace(sentences=pd.DataFrame(sents), segments=pd.DataFrame(segs))


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return sentiment.build_tables(_corpus())["sentiment"]


def _label(table: pd.DataFrame, sid: str, method: str) -> str:
    row = table[(table["unit"] == "segment") & (table["id"] == sid)
                & (table["method"] == method)]
    return str(row["label"].iloc[0])


def test_the_pipeline_adds_one_segments_row_per_segment(table):
    rows = table[table["method"] == METHOD]
    assert set(rows["unit"]) == {"segment"}
    assert sorted(rows["id"]) == sorted(UNITS)
    assert rows["score"].between(-1, 1).all()
    assert table.equals(table.sort_values(["unit", "id", "method"]).reset_index(drop=True))


def test_a_long_complaint_with_one_sharp_sentence_is_negative(table):
    assert sentiment.classify([" ".join(UNITS["complaint"])]) == ["neutral"]  # as one text
    assert _label(table, "complaint", METHOD) == "negative"


def test_thanks_are_positive_where_the_model_sees_no_positive(table):
    assert _label(table, "thanks", "model") != "positive"
    assert _label(table, "thanks", METHOD) == "positive"


def test_factual_advice_stays_neutral(table):
    assert _label(table, "advice", METHOD) == "neutral"


def test_the_setting_is_passed_in(table):
    strict = SegmentSentiment.load(t_neg=0.99, t_pos=0.99)
    other = sentiment.build_tables(_corpus(), segment_setting=strict)["sentiment"]
    assert {_label(other, s, METHOD) for s in UNITS} == {"neutral"}
    assert (other[other["method"] != METHOD].reset_index(drop=True)
            .equals(table[table["method"] != METHOD].reset_index(drop=True)))


def test_no_segments_rows_without_the_settings_lexicon():
    only_model = sentiment.build_tables(_corpus(), methods=("model",))["sentiment"]
    assert METHOD not in set(only_model["method"])


def test_the_rule_reads_the_extremes():
    feats = pd.DataFrame({"n": [3.0, 3.0, 3.0, 1.0], "low": [-0.5, -0.1, -0.1, -0.1],
                          "mean": [-0.2, -0.05, -0.05, -0.1],
                          "high_naive": [0.9, 0.5, 0.0, 0.0], "high_sentiws": [0.0] * 4,
                          "high_gpl": [0.0, 0.0, 0.0, 0.7]})
    got = label_segments(feats, SegmentSentiment(t_neg=0.3, t_pos=0.2, lexicon="naive"))
    assert list(got["label"]) == ["negative", "positive", "neutral", "neutral"]
    assert list(got["score"]) == [-0.5, 0.5, -0.05, -0.1]
    gpl = label_segments(feats, SegmentSentiment(t_neg=0.3, t_pos=0.2, lexicon="gpl"))
    assert gpl["label"].iloc[3] == "positive"


def test_bad_settings_are_one_line():
    with pytest.raises(ValueError, match="unknown segment sentiment setting"):
        SegmentSentiment.load(k=2)
    with pytest.raises(ValueError, match="unknown lexicon"):
        SegmentSentiment.load(lexicon="vader")


# ------------------------------------------------------------------ choosing the setting


def _units(gold: list[str], low: list[float], pages: list[str]) -> pd.DataFrame:
    n = len(gold)
    return pd.DataFrame({"page_id": pages, "gold": gold, "segment_id": [f"s{i}" for i in
                                                                       range(n)],
                         "n": [2.0] * n, "low": low, "mean": low, "high_naive": [0.0] * n,
                         "high_sentiws": [0.0] * n, "high_gpl": [0.0] * n})


def test_cross_validation_never_reads_the_held_pages_gold():
    """Flipping one page's gold labels cannot change that page's cross-validated labels."""
    low = list(np.linspace(-0.5, 0.0, 12))
    pages = [f"p{i % 4}" for i in range(12)]
    gold = ["negative" if x <= -0.25 else "neutral" for x in low]
    grid = [SegmentSentiment(t_neg=t, t_pos=1.0) for t in (0.1, 0.2, 0.3, 0.4)]
    before = evaluation.grouped_cv(_units(gold, low, pages), grid)
    flipped = [("neutral" if g == "negative" else "negative") if p == "p0" else g
               for g, p in zip(gold, pages, strict=True)]
    after = evaluation.grouped_cv(_units(flipped, low, pages), grid)
    held = np.array(pages) == "p0"
    assert list(before.loc[held, "cv"]) == list(after.loc[held, "cv"])


def test_the_choice_maximises_macro_f1():
    low = [-0.45, -0.35, -0.15, -0.05]
    units = _units(["negative", "negative", "neutral", "neutral"], low, ["a", "a", "b", "b"])
    grid = [SegmentSentiment(t_neg=t, t_pos=1.0) for t in (0.1, 0.3, 0.5)]
    assert evaluation.choose_setting(units, grid).t_neg == 0.3


@pytest.fixture(scope="module")
def tuning_units():
    """The tuning half's units, built from the tuning pages only (recorded)."""
    asked: list[str] = []

    def build(family, pages):
        asked.extend(pages)
        return build_family(family, pages=pages)

    return evaluation.dev_units("tuning", build=build), asked


def test_the_scorer_reads_only_the_tuning_pages(tuning_units):
    units, asked = tuning_units
    assert asked and {page_half(p) for p in asked} == {"tuning"}
    assert set(units["page_id"]) == set(asked)
    assert not any("_heldout_" in p for p in asked)


def test_the_shipped_setting_is_the_one_the_tuning_half_chooses(tuning_units):
    units, _ = tuning_units
    assert evaluation.choose_setting(units) == SegmentSentiment()


def test_segments_beats_the_model_on_the_tuning_half_cross_validated(tuning_units):
    """The figure the choice rests on: leave-one-page-out macro-F1 above the model's
    segment labels and above every lexicon's, on the same units."""
    units, _ = tuning_units
    scores = evaluation.cv_scores(units).set_index("method")
    cv = scores.loc[f"{METHOD} (cv)", "macro_f1"]
    assert cv > max(scores.loc[m, "macro_f1"] for m in sentiment.METHODS)


def test_segment_features_fall_back_to_the_segment_row():
    table = pd.DataFrame({"unit": ["segment", "segment"], "id": ["x", "x"],
                          "method": ["model", "naive"], "score": [-0.4, 0.3],
                          "label": ["negative", "positive"]})
    sents = pd.DataFrame({"sentence_id": ["x0"], "segment_id": ["x"], "quoted": [True]})
    feats = segment_sentiment.segment_features(table, sents)
    assert feats.loc["x", "low"] == -0.4 and feats.loc["x", "high_naive"] == 0.3
    assert feats.loc["x", "n"] == 0.0


def test_the_loader_names_a_bad_row(tmp_path):
    with DEV_SENTIMENT_GOLD.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    bad = tmp_path / "gold.csv"
    with bad.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows([rows[0], {**rows[1], "label": "angry"}])
    with pytest.raises(CorpusInputError, match=r"gold\.csv:3.*angry"):
        evaluation.load_sentiment_gold(bad)
    with bad.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerow({**rows[0], "quote": "not a unit of any page"})
    with pytest.raises(CorpusInputError, match=r"gold\.csv:2.*not a segment row"):
        evaluation.load_sentiment_gold(bad)
    assert len(evaluation.load_sentiment_gold()) == len(rows)
