"""Tests for case events and latencies (servicelab.timeline)."""

from __future__ import annotations

import pandas as pd
import pytest

from servicelab import timeline
from servicelab.annotations import load_gold


def kinds(sentence: str) -> set[str]:
    return {k for k, _ in timeline.sentence_events(sentence)}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Die Reklamation per Mail erfolgte am 4.8.2006, also knapp einen Monat später!",
     {"complaint"}),
    ("Ihre Bestellung haben wir aus diesem Grund storniert.", {"cancellation"}),
    ("Tags drauf: Ihr Auftrag wurde storniert!", {"cancellation"}),
    ("Der Betrag wird Ihnen rücküberwiesen.", {"refund"}),
    ("Am Freitagvormittag folgt der erlösende Rückruf vom Team.", {"vendor_response"}),
    ("Fehlschaltung korrigiert und alle Lämpchen am Router gingen an.", {"fix"}),
    ("Es sollte am Mittwoch, den 17. Dezember über die Bühne gehen.", {"promised"}),
    ("Sie haben am 30.12.2014 eine Nikon D3200 bestellt.", {"order"}),
    ("Wir können Ihnen den von Ihnen bestellten Artikel nicht liefern.", set()),
    ("Jedenfalls kam erst über den öffentlichen Twitter-Dialog Schwung in die Sache.",
     {"escalation"}),
])
def test_sentence_events(sentence, expected):
    assert kinds(sentence) == expected


def test_duration_days():
    assert timeline.duration_days("PT5M") == pytest.approx(5 / 1440)
    assert timeline.duration_days("P2W") == 14
    assert timeline.duration_days("P8M") == pytest.approx(8 * 30.44)
    assert timeline.duration_days("PXD") is None


def _events(rows):
    cols = ["case_id", "sentence_id", "start", "event", "trigger", "timex_text", "value", "day",
            "clock", "precision", "dated_by", "offset_days"]
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])


def test_latencies_from_dates_and_relative_offsets():
    ev = _events([
        ("c", "s1", 0, "order", "", "30.12.2014", "2014-12-30", "2014-12-30", "16:00",
         "exact_time", "sentence", None),
        ("c", "s2", 10, "cancellation", "", "31.12.", "2014-12-31", "2014-12-31", "",
         "exact_day", "sentence", None),
        ("c", "s3", 20, "complaint", "", "", "XXXX-XX-XX", None, "", "unknown", "none", None),
        ("c", "s4", 30, "cancellation", "", "Tags drauf", "XXXX-XX-XX", None, "", "unknown",
         "relative", 1.0),
        ("d", "t1", 0, "complaint", "", "", "2014-12-17", "2014-12-17", "", "exact_day",
         "sentence", None),
        ("d", "t2", 5, "fix", "", "", "2014-12-20", "2014-12-20", "", "approximate",
         "context", None),
    ])
    lat = timeline.latencies(ev)
    got = {(r.case_id, r.from_event, r.to_event, r.source): (r.days, r.precision)
           for r in lat.itertuples()}
    assert got[("c", "order", "cancellation", "dates")] == (1.0, "exact_day")
    assert got[("c", "complaint", "cancellation", "relative")] == (1.0, "exact_day")
    assert got[("d", "complaint", "fix", "dates")] == (3.0, "approximate")
    assert list(lat.columns[:5]) == ["case_id", "from_event", "to_event", "days", "precision"]


@pytest.fixture(scope="module")
def tables(seed_corpus):
    return timeline.build_tables(seed_corpus)


def test_tables_and_provenance(seed_corpus, tables):
    assert set(tables) == {"timex", "events", "latency"}
    ev = tables["events"]
    assert set(ev["event"]) <= set(timeline.EVENT_KINDS)
    assert ev["event_id"].is_unique
    sents = seed_corpus.sentences.set_index("sentence_id")
    for r in ev.itertuples():
        assert sents.loc[r.sentence_id, "start"] == r.start
    dated = ev[ev["timex_id"].notna()]
    assert set(dated["timex_id"]) <= set(tables["timex"]["timex_id"])


def test_case_latencies_on_the_seeds(tables):
    lat = tables["latency"]

    def row(case, a, b, source="dates"):
        hit = lat[(lat["case_id"] == case) & (lat["from_event"] == a)
                  & (lat["to_event"] == b) & (lat["source"] == source)]
        assert len(hit) >= 1, (case, a, b, source)
        return hit.iloc[0]

    # Telekom: switch-over promised for Wednesday 17.12.2014, fixed on Friday 19.12.
    r = row("002_298609f3879511e1:p1", "promised", "fix")
    assert (r["days"], r["precision"]) == (2.0, "exact_day")
    # Redcoon: ordered 30.12.2014, cancelled the day after
    r = row("002_298609f3879511e1:p0", "order", "cancellation")
    assert (r["days"], r["precision"]) == (1.0, "exact_day")
    # Check24: "Tags drauf" — one day, although no calendar date is known
    r = row("003_cd256ef71c19923e:p0", "complaint", "cancellation", "relative")
    assert r["days"] == 1.0
    # waiting on the hotline is stated in minutes, the open Twitter case in months
    hotline = lat[lat["evidence"].str.startswith("hotline")]
    assert hotline["days"].max() < 1 / 24
    still_open = row("002_298609f3879511e1:p2", "complaint", "fix", "stated")
    assert still_open["precision"] == "lower_bound" and still_open["days"] > 200


def test_event_gold_aligns_and_scores(seed_corpus, tables):
    gold = timeline.gold_events(load_gold("events_gold"), seed_corpus)
    assert gold["sentence_id"].notna().all()
    assert set(gold["event"]) <= set(timeline.EVENT_KINDS)
    scores = timeline.event_scores(tables["events"], gold).set_index("event")
    assert scores.loc["all", "gold"] == len(set(zip(gold["sentence_id"], gold["event"],
                                                    strict=True)))
    assert 0 < scores.loc["all", "f1"] <= 1
    # the dated gold latencies are reproduced by the detector
    gl = timeline.latencies(gold)
    assert ((gl["from_event"] == "promised") & (gl["days"] == 2.0)).any()
