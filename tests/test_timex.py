"""Tests for the German temporal tagger (servicelab.timex)."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab import timex
from servicelab import timex_evaluation as te
from servicelab.annotations import load_gold


def found(text: str, **kwargs) -> list[tuple[str, str, str, str]]:
    return [(t.text, t.type, t.value, t.mod) for t in timex.tag(text, **kwargs)]


def one(text: str, expr: str, **kwargs) -> timex.Timex:
    hits = [t for t in timex.tag(text, **kwargs) if t.text == expr]
    assert hits, f"{expr!r} not tagged in {text!r}: {found(text, **kwargs)}"
    return hits[0]


# Every example expression quoted in issue 5, in its own words: (context, expression, type,
# value, mod). Contexts are the issue's quotes; anchors are added where the value needs one.
ISSUE_EXAMPLES = [
    ("am 7.7.2006 zugeschickt", "7.7.2006", "DATE", "2006-07-07", ""),
    ("Die Reklamation per Mail erfolgte am 4.8.2006, also knapp einen Monat später",
     "4.8.2006", "DATE", "2006-08-04", ""),
    ("Um 16 Uhr schlug ich noch zu", "16 Uhr", "TIME", "T16:00", ""),
    ("Ein Tag später – also am 31.12.", "31.12.", "DATE", "XXXX-12-31", ""),
    ("Ein Tag später – also am 31.12.", "Ein Tag später", "DATE", "XXXX-12-31", ""),
    ("am Mittwoch, den 17. Dezember", "Mittwoch, den 17. Dezember", "DATE", "XXXX-12-17", ""),
    ("bis 18 oder 19 Uhr", "18", "TIME", "T18:00", ""),
    ("bis 18 oder 19 Uhr", "19 Uhr", "TIME", "T19:00", ""),
    ("In Schnitt dauerte es bei mir so rund fünf Minuten", "rund fünf Minuten", "DURATION",
     "PT5M", "APPROX"),
    ("Verzögert sich um ca. zwei Wochen", "ca. zwei Wochen", "DURATION", "P2W", "APPROX"),
    ("Tags drauf: Ihr Auftrag wurde storniert!", "Tags drauf", "DATE", "XXXX-XX-XX", ""),
    ("seit acht (!) Monaten", "acht (!) Monaten", "DURATION", "P8M", ""),
    ("erst nach dem 26. Dezember", "26. Dezember", "DATE", "XXXX-12-26", ""),
    # list 1 of the issue: absolute dates
    ("am 31.12. kam die Mail", "31.12.", "DATE", "XXXX-12-31", ""),
    ("am 17. Dezember", "17. Dezember", "DATE", "XXXX-12-17", ""),
    ("am 4. August 2015", "4. August 2015", "DATE", "2015-08-04", ""),
    ("im Dezember 2014", "Dezember 2014", "DATE", "2014-12", ""),
    # weekdays and parts of day
    ("am Freitagvormittag", "Freitagvormittag", "TIME", "XXXX-WXX-5TMO", ""),
    ("am Donnerstagabend", "Donnerstagabend", "TIME", "XXXX-WXX-4TEV", ""),
    # clock times and ranges
    ("um 12 Uhr", "12 Uhr", "TIME", "T12:00", ""),
    ("um 14.10 Uhr", "14.10 Uhr", "TIME", "T14:10", ""),
    ("zwischen 12 und 16 Uhr", "12", "TIME", "T12:00", ""),
    ("zwischen 12 und 16 Uhr", "16 Uhr", "TIME", "T16:00", ""),
    # relative expressions (no anchor in the string: the day stays unknown)
    ("ein Tag später", "ein Tag später", "DATE", "XXXX-XX-XX", ""),
    ("am Tag darauf", "Tag darauf", "DATE", "XXXX-XX-XX", ""),
    ("zwei Tage später", "zwei Tage später", "DATE", "XXXX-XX-XX", ""),
    ("gestern", "gestern", "DATE", "XXXX-XX-XX", ""),
    ("heute", "heute", "DATE", "XXXX-XX-XX", ""),
    ("morgen", "morgen", "DATE", "XXXX-XX-XX", ""),
    ("letzten Donnerstag", "letzten Donnerstag", "DATE", "XXXX-WXX-4", ""),
    # durations with approximation
    ("knapp einen Monat", "knapp einen Monat", "DURATION", "P1M", "LESS_THAN"),
    ("bis zu zehn Minuten", "bis zu zehn Minuten", "DURATION", "PT10M", "EQUAL_OR_LESS"),
    ("drei Stunden", "drei Stunden", "DURATION", "PT3H", ""),
    ("14-tägig", "14-tägig", "DURATION", "P14D", ""),
    ("dreitägig", "dreitägig", "DURATION", "P3D", ""),
    ("seit acht Monaten", "acht Monaten", "DURATION", "P8M", ""),
    # values named in the issue
    ("am 1. Februar", "1. Februar", "DATE", "XXXX-02-01", ""),
]


@pytest.mark.parametrize(("context", "expr", "typ", "value", "mod"), ISSUE_EXAMPLES)
def test_issue_examples(context, expr, typ, value, mod):
    t = one(context, expr)
    assert (t.type, t.value, t.mod) == (typ, value, mod)


@pytest.mark.parametrize(("context", "expr", "value", "anchor"), [
    # relative expressions resolved against the last date of the same text
    ("Am 7.7.2006 bestellt, ein Tag später storniert.", "ein Tag später", "2006-07-08",
     "7.7.2006"),
    ("Am 3.3.2015 nachgefragt. Tags drauf: Ihr Auftrag wurde storniert!", "Tags drauf",
     "2015-03-04", "3.3.2015"),
    ("Am 3.3.2015 geliefert, am Tag darauf defekt.", "Tag darauf", "2015-03-04", "3.3.2015"),
    ("Am 3.3.2015 geliefert, zwei Tage später defekt.", "zwei Tage später", "2015-03-05",
     "3.3.2015"),
    # "D, also <relative>": the relative expression is anchored before D
    ("hatte die Waren am 7.7.2006 zugeschickt bekommen. Die Reklamation per Mail erfolgte "
     "am 4.8.2006, also knapp einen Monat später!", "knapp einen Monat später", "2006-08",
     "7.7.2006"),
    # "<relative> – also am D": the relative expression takes D's date
    ("Sie haben am 30.12.2014 bestellt. Ein Tag später – also am 31.12. folgt die Mail",
     "Ein Tag später", "2014-12-31", "31.12."),
    # weekdays: forward from the last calendar date; "letzten" backwards
    ("Am 17.12.2014 kam der Router. Am Freitagvormittag folgt der Rückruf.",
     "Freitagvormittag", "2014-12-19TMO", "17.12.2014"),
    ("Am 17.12.2014 kam der Router. Ich hatte letzten Donnerstag angerufen.",
     "letzten Donnerstag", "2014-12-11", "17.12.2014"),
])
def test_anchoring(context, expr, value, anchor):
    t = one(context, expr)
    assert t.value == value
    assert t.anchor_text == anchor


def test_knapp_einen_monat_spaeter_is_a_hedged_relative_date():
    t = one("am 7.7.2006 geliefert, also knapp einen Monat später reklamiert",
            "knapp einen Monat später")
    assert (t.type, t.mod, t.offset) == ("DATE", "APPROX", "+P1M")


def test_weekday_date_consistency_fixes_the_year():
    # 17 December is a Wednesday in 2014 (and in 2008, 2025: outside the two-year window)
    text = "Bestellt am 30.12.2014. Die Umstellung sollte am Mittwoch, den 17. Dezember sein."
    assert one(text, "Mittwoch, den 17. Dezember").value == "2014-12-17"
    # the weekday wins over the year of the nearest date when one year near it fits
    text = "Bestellt am 30.12.2014. Die Umstellung sollte am Montag, den 17. Dezember sein."
    assert one(text, "Montag, den 17. Dezember").value == "2012-12-17"
    # no fitting year within two years: the nearest explicit date gives the year
    text = "Bestellt am 30.12.2014. Es sollte am Sonntag, den 17. Dezember sein."
    assert one(text, "Sonntag, den 17. Dezember").value == "2014-12-17"
    # page years passed from other posts of the same page
    t = one("Es sollte am Mittwoch, den 17. Dezember über die Bühne gehen.",
            "Mittwoch, den 17. Dezember", page_years={2014})
    assert t.value == "2014-12-17"


def test_partial_dates_take_the_year_of_the_nearest_explicit_date():
    assert one("Am 2.1.2015 kam die Mail, am 31.12. hatte ich bestellt", "31.12.").value \
        == "2014-12-31"
    assert one("am 4. August 2015 und am 1. Februar", "1. Februar").value == "2015-02-01"
    # nothing anchors: the year stays unknown rather than guessed
    assert one("beschwerte sich am 1. Februar", "1. Februar").value == "XXXX-02-01"


def test_deictic_words_resolve_only_with_a_document_date():
    assert one("bis morgen dann", "morgen").offset == "+P1D"
    t = one("bis morgen dann", "morgen", dct=date(2006, 8, 13))
    assert (t.value, t.anchor) == ("2006-08-14", "DCT")
    assert one("Ich habe dieses Jahr bestellt", "dieses Jahr", dct=date(2006, 8, 13)).value \
        == "2006"
    # "heute" contrasted with "früher" means nowadays
    assert one("früher kaufte man ein Teil, heute kauft man im Netz", "heute").value \
        == "PRESENT_REF"


@pytest.mark.parametrize("text", [
    "Dieses verfügt allerdings nur über USB 1.1, die Systemvoraussetzungen verlangen USB 2.0.",
    "Cyberport läuft Richtung Web 2.0 Hui und Cyberport 1.0 zeigt Pfui-Seiten.",
    "erwarb den Speedport für schlappe 149,99 Euro.",
    "@Robert: 100% ack – so geht's nicht.",
    "Also wieder die Hotline anrufen: 0800 33 03000. Anschluss 0228-622243.",
    "die mit so die mit so Mo Di So",
    "Gutscheincode NIKON2014 für die Nikon D3200 mit AF-S DX 18-55 VR",
    "im Dezember-Heft von TeleTalk",
    "Guten Morgen! Das Video hat 10.000 Aufrufe und kostet 8.000 Mark.",
    "Bitte beachten Sie Version 1.1. und Kapitel 2.3.",
    "bis zu 40 Mbit pro Sekunde",
    "ein jähriger Streit",
])
def test_not_dates(text):
    assert found(text) == []


def test_more_forms():
    cases = {
        "seit 1980er-Jahren": ("1980er-Jahren", "DATE", "198"),
        "im Sommer bei 40 Grad": ("Sommer", "DATE", "XXXX-SU"),
        "erst weit nach Weihnachten": ("Weihnachten", "DATE", "XXXX-12-25"),
        "innerhalb weniger Wochen": ("weniger Wochen", "DURATION", "PXW"),
        "in den nächsten Tagen": ("nächsten Tagen", "DURATION", "PXD"),
        "ein 14-tägiges Widerrufsrecht": ("14-tägiges", "DURATION", "P14D"),
        "das dreitägige Service-Desaster": ("dreitägige", "DURATION", "P3D"),
        "erscheint 14-täglich": ("14-täglich", "SET", "P14D"),
        "jeden Montag": ("jeden Montag", "SET", "XXXX-WXX-1"),
        "montags geschlossen": ("montags", "SET", "XXXX-WXX-1"),
        "zweimal am Tag": ("zweimal am Tag", "SET", "P1D"),
        "bis Ende der Woche": ("Ende der Woche", "DATE", "XXXX-WXX"),
        "heute Abend": ("heute Abend", "TIME", "XXXX-XX-XXTEV"),
        "Am Nachmittag erkundigte sich": ("Nachmittag", "TIME", "TAF"),
        "vor drei Tagen": ("vor drei Tagen", "DATE", "XXXX-XX-XX"),
        "eine halbe Stunde": ("eine halbe Stunde", "DURATION", "PT30M"),
        "um zwölf Uhr": ("zwölf Uhr", "TIME", "T12:00"),
        "am 2014-12-19 um 18:30": ("2014-12-19", "DATE", "2014-12-19"),
        "ein 11 jähriger Junge": ("11 jähriger", "DURATION", "P11Y"),
    }
    for text, (expr, typ, value) in cases.items():
        t = one(text, expr)
        assert (t.type, t.value) == (typ, value), text
    assert one("Ende der Woche", "Ende der Woche").mod == "END"


def test_movable_holiday_uses_the_computus():
    assert timex.easter(2015) == date(2015, 4, 5)
    assert one("Ostern 2016", "Ostern 2016").value == "2016-03-27"


def test_duration_value():
    assert timex.duration_value(2, "W") == "P2W"
    assert timex.duration_value(5, "MIN") == "PT5M"
    assert timex.duration_value(None, "D") == "PXD"


def test_lexicon_files_name_their_source():
    names = [f for f, _ in timex.rules.FILES.values()]
    names += ["timex_event_triggers.csv", "timex_wait_cues.csv", "timex_examples.csv"]
    for name in names:
        path = resources.files("servicelab") / "data" / name
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and all(r["source"] for r in rows), name


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*"0123456789. :-,()!abehmnortuzäüMTD", "Uhr", " Tage ",
                                  "Mittwoch", "Dezember", " später", "heute", " ca. ", " 12.",
                                  "Tags drauf", "vor ", "jeden ", "-tägig"]),
                max_size=40).map("".join))
def test_spans_are_well_formed(text):
    tags = timex.tag(text)
    last_end = -1
    for t in tags:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= last_end  # sorted, non-overlapping
        last_end = t.end
        assert t.type in {"DATE", "TIME", "DURATION", "SET"}


# --------------------------------------------------------------------------- corpus level

@pytest.fixture(scope="module")
def timex_table(seed_corpus):
    return timex.build_tables(seed_corpus)["timex"]


def test_table_columns_offsets_and_ids(seed_corpus, timex_table):
    for col in ["doc_id", "sentence_id", "start", "end", "text", "type", "value", "mod",
                "anchor"]:
        assert col in timex_table.columns
    texts = dict(zip(seed_corpus.documents["doc_id"], seed_corpus.documents["text"],
                     strict=True))
    for r in timex_table.itertuples():
        assert texts[r.doc_id][r.start:r.end] == r.text
    assert timex_table["timex_id"].is_unique
    assert timex_table["sentence_id"].notna().all()
    anchors = set(timex_table["anchor"]) - {""}
    assert anchors <= set(timex_table["timex_id"]) | {"DCT"}
    assert list(timex_table.index) == list(range(len(timex_table)))


def test_corpus_level_anchoring(timex_table):
    def value(doc, text):
        rows = timex_table[(timex_table["doc_id"].str.startswith(doc))
                           & (timex_table["text"] == text)]
        return list(rows["value"])

    # the year of post p1 comes from 30.12.2014 in post p0 (weekday/date consistency)
    assert value("002", "Mittwoch, den 17. Dezember") == ["2014-12-17"]
    assert value("002", "Freitagvormittag") == ["2014-12-19TMO"]
    # "heute" in the quoted e-mail takes the date of the sentence that introduces it
    assert "2014-12-31" in value("002", "heute")
    assert value("004", "1. Februar") == ["XXXX-02-01"]


def test_beats_dateparser_on_the_seed_gold(seed_corpus, timex_table):
    gold = te.align_gold(load_gold("timex_gold"), seed_corpus)
    ours = te.span_scores(te.match_spans(timex_table, gold))
    base = te.span_scores(te.match_spans(te.dateparser_table(seed_corpus), gold))
    for key in ["strict_F1", "lenient_F1", "value_accuracy", "value_F1"]:
        assert ours[key] > base[key], key


def test_match_spans_and_scores():
    gold = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 10], "end": [5, 16],
                         "text": ["a", "b"], "type": ["DATE", "TIME"],
                         "value": ["2014", "T12:00"], "mod": ["", ""]})
    pred = pd.DataFrame({"doc_id": ["d", "d", "d"], "start": [0, 12, 30], "end": [5, 16, 31],
                         "text": ["a", "b", "c"], "type": ["DATE", "TIME", "DATE"],
                         "value": ["2014", "T13:00", "X"], "mod": ["", "", ""]})
    s = te.span_scores(te.match_spans(pred, gold))
    assert (s["strict_P"], s["strict_R"]) == (round(1 / 3, 3), 0.5)
    assert (s["lenient_P"], s["lenient_R"]) == (round(2 / 3, 3), 1.0)
    assert s["value_accuracy"] == 0.5


def test_dateparser_value_is_read_generously():
    from datetime import datetime

    assert te.dateparser_value("am 4.8.2006", datetime(2006, 8, 4)) == ("DATE", "2006-08-04")
    assert te.dateparser_value("am 31.12", datetime(1999, 12, 31)) == ("DATE", "XXXX-12-31")
    assert te.dateparser_value("18:00 Uhr", datetime(1999, 1, 31, 18)) == ("TIME", "T18:00")
    assert te.dateparser_value("die", datetime(1999, 12, 28)) == ("DATE", "XXXX-XX-XX")


# --------------------------------------------------------------------------- post dates

def _post_values(text: str) -> dict[str, str]:
    from servicelab.timex_evaluation import texts_corpus

    t = timex.build_tables(texts_corpus({"d": text}))["timex"]
    return dict(zip(t["text"], t["value"], strict=True))


def test_a_dateline_dates_the_post():
    v = _post_values("Hamburg, 02.07.2015. Heute fiel der Zug aus, gestern auch. "
                     "Dieses Jahr ist es schlimm.")
    assert (v["Heute"], v["gestern"], v["Dieses Jahr"]) == ("2015-07-02", "2015-07-01", "2015")


def test_a_full_date_far_down_the_post_is_no_post_date():
    filler = "Der Zug fuhr nicht und niemand sagte etwas dazu. " * 10
    v = _post_values(filler + "Am 02.07.2015 war es so. Heute auch.")
    assert v["Heute"] == "XXXX-XX-XX"


def test_never_an_anchor_years_away_from_the_post_date():
    v = _post_values("Berlin, 20. April 2015. Mein Vertrag stammt vom 3.5.1998. "
                     "Ende März kam die Kündigung.")
    assert v["Ende März"] == "2015-03"


def test_past_tense_weekdays_lie_before_the_post_date():
    # 4.12.2026 is a Friday
    v = _post_values("Berlin, 04.12.2026. Am Montag rief ich an. Am Dienstag soll der "
                     "Techniker kommen.")
    assert (v["Montag"], v["Dienstag"]) == ("2026-11-30", "2026-12-08")


def test_a_bad_vague_word_file_is_one_line_naming_file_and_row(tmp_path):
    from servicelab.errors import CorpusInputError

    bad = tmp_path / "vague.csv"
    bad.write_text("word,type,value,unit,offset,mod,example\nbald,FOO,PAST_REF,,,,x\n",
                   encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"vague\.csv: row 2: unknown type 'FOO'"):
        timex.TimexRules.load(vague_words=bad)
