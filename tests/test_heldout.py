"""The halves tables of notebooks 02–04: every measure scored on both halves, each half
against its own gold (scored on the tuning half here; the notebooks show the test half)."""

from __future__ import annotations

import pandas as pd

from servicelab import heldout


def test_each_half_is_scored_against_its_own_gold(monkeypatch):
    seen: list[tuple[str, str]] = []
    from servicelab import germeval_gold

    real = germeval_gold.load_gold

    def spy(layer, half="tuning", root=None):
        seen.append((layer, half))
        return real(layer, "tuning", root)  # never read the test half's labels in a test

    monkeypatch.setattr(germeval_gold, "load_gold", spy)
    monkeypatch.setattr(germeval_gold, "load_sample",
                        lambda half="tuning", root=None, _r=germeval_gold.load_sample:
                        _r("tuning", root))
    rows = heldout._latency("test")
    assert {half for _, half in seen} == {"test"}
    assert {layer for layer, _ in seen} == {"waits", "timex"}  # every gold read went through
    assert set(rows) == {"stated waits recovered (±20 %)", "anchored values right",
                         "timex strict F1", "timex value accuracy"}


def test_summary_names_met_and_missed_targets():
    halves = pd.DataFrame({"measure": ["a", "b", "c"], "tuning": [0.9, 0.5, 0.4],
                           "test": [0.85, 0.4, 0.3], "target": [0.8, 0.6, None],
                           "test_meets_target": [True, False, None], "n_test": [10, 20, 5],
                           "gold_commit": ["x"] * 3})
    text = heldout.summary(halves)
    assert text.startswith("On the test half, 1 of 2 targets are met: a 0.85")
    assert "Missed: b 0.40 (target 0.60, n = 20)." in text


def test_a_fresh_set_is_judged_against_the_same_targets():
    table = heldout.fresh_set({"blame precision": (0.85, 40), "blame recall": (0.5, 60),
                               "concedes recall": (0.7, 9)}, heldout.VENDOR_BLAME_TARGETS, "abc")
    assert table["meets_target"].tolist() == [True, False, None]
    text = heldout.summary(table, "heldout3")
    assert text.startswith("On heldout3, 1 of 2 targets are met: blame precision 0.85")
    assert "Missed: blame recall 0.50 (target 0.60, n = 60)." in text
