"""Issue 15 round seven: anchoring (``servicelab.timex``). Every sentence is invented for this
file; each case failed on the rules before this round."""

from __future__ import annotations

import pytest

from servicelab import timex_evaluation as te
from servicelab.timex import tag_corpus


def values(text: str) -> dict[str, str]:
    table, _ = tag_corpus(te.texts_corpus({"d": text}))
    return dict(zip(table["text"], table["value"], strict=True))


# --------------------------------------------------------------------------- weekdays

def test_a_bis_elsewhere_in_the_clause_does_not_make_a_past_weekday_future():
    # Thursday 14 March 2024: the Monday of "die Mail vom Montag kam" lies before it
    text = ("Kiel, 14.03.2024\n\nDer Vermieter hat bis heute nicht reagiert, auf meine Mail "
            "vom Montag kam keine Antwort.")
    assert values(text)["Montag"] == "2024-03-11"


def test_a_date_after_the_post_date_is_no_reference_for_a_weekday():
    # Tuesday 5 November 2024; the plumber's appointment on the 20th is a plan, so "ab
    # Donnerstag" counts from the letter's date
    text = ("Bremen, 05.11.2024\n\nDer Installateur hat sich für den 20. November angemeldet. "
            "Bis dahin stellen Sie uns bitte ab Donnerstag ein Ersatzgerät.")
    assert values(text)["Donnerstag"] == "2024-11-07"


@pytest.mark.parametrize("text, weekday, value", [
    # Friday 7 June 2024, past clause: the Sunday promised as the latest day is after it
    ("Potsdam, 07.06.2024\n\nAm Telefon hat man mir einen Rückruf spätestens am Sonntag "
     "versprochen.", "Sonntag", "2024-06-09"),
])
def test_a_weekday_after_a_target_preposition_points_forward(text, weekday, value):
    assert values(text)[weekday] == value


def test_a_clock_time_after_bis_leaves_a_past_weekday_in_the_past():
    # Wednesday 9 October 2024: "bis 18 Uhr" bounds the working hours, not the Tuesday
    text = "Jena, 09.10.2024\n\nAm Dienstag hat der Monteur bis 18 Uhr gebohrt."
    assert values(text)["Dienstag"] == "2024-10-08"


# --------------------------------------------------------------------------- anaphoric days

@pytest.mark.parametrize("text, expr, value", [
    ("Der Router kam am 6. Mai 2024. Noch am selben Abend fiel das WLAN aus.",
     "selben Abend", "2024-05-06TEV"),
    ("Die Monteure waren am 2.9.2023 da. An dem Tag lief die Heizung noch.",
     "dem Tag", "2023-09-02"),
    ("Am 14.1.2025 war die Leitung tot. Am nächsten Morgen rief ich die Hotline an.",
     "nächsten Morgen", "2025-01-15TMO"),
])
def test_a_part_of_day_or_day_after_an_anaphoric_determiner_takes_the_day_told(text, expr,
                                                                               value):
    assert values(text)[expr] == value


def test_an_anaphoric_part_of_day_without_a_dated_day_keeps_its_day_unknown():
    assert values("Am selben Abend kam die Absage.")["selben Abend"] == "XXXX-XX-XXTEV"


# --------------------------------------------------------------------------- header lines

@pytest.mark.parametrize("text, expr, value", [
    ("Jonas Reuter\nLindenweg 4\n12xxx Altdorf\n\nWasserwerk Altdorf GmbH\nKundenservice\n\n"
     "Altdorf, 4. März 2025\n\nIhre Abrechnung vom 20. Februar, Vertragsnummer 11-xxxx\n\n"
     "Sehr geehrte Damen und Herren,\n\nIhre Abrechnung ist zu hoch. Ich bitte um Prüfung.\n\n"
     "Mit freundlichen Grüßen\nJonas Reuter", "20. Februar", "2025-02-20"),
    ("Forum ' Technik ' Fernseher: seit Freitag kein Bild\n\nBeitrag von sonnenblume_7 » "
     "10.02.2025, 19:05\nHallo, seit heute früh zeigt mein Fernseher nichts mehr an.",
     "Freitag", "2025-02-07"),
])
def test_a_title_and_a_subject_line_are_tagged_against_the_post_date(text, expr, value):
    table, _ = tag_corpus(te.texts_corpus({"d": text}))
    row = table[table["text"] == expr]
    assert list(row["value"]) == [value]
    assert row["sentence_id"].isna().all()


def test_a_reply_stamp_counts_back_from_the_page_view():
    # the opening post's pair says the page was read on 12 March 2025; the reply was
    # written two days before that
    text = ("Forum › Handy › Akku\n\nmia_k · vor 4 Tagen · 08.03.2025\n"
            "Mein Akku hält seit dem Update keine drei Stunden mehr.\n\n"
            "tom_r · vor 2 Tagen\nBei mir genauso, der Hersteller schweigt.")
    table, _ = tag_corpus(te.texts_corpus({"d": text}))
    stamps = table[table["text"] == "vor 2 Tagen"]
    assert list(stamps["value"]) == ["2025-03-10"]
    assert stamps["sentence_id"].isna().all()


def test_lines_after_the_last_segment_are_not_tagged():
    text = ("Köln, 02.05.2024\n\nDie Lieferung kam nie an.\n\n"
            "Weitere Artikel\nGewinnspiel endet am 30.06.2024")
    table, _ = tag_corpus(te.texts_corpus({"d": text}))
    assert "30.06.2024" not in set(table["text"])


# --------------------------------------------------------------------------- day-only dates

@pytest.mark.parametrize("text, value", [
    # after a date told in the post: the first such day on or after it
    ("Kassel, 20.11.2024\n\nAm 26.10. habe ich die Waschmaschine bestellt, Lieferung war "
     "für den 2. zugesagt.", "2024-11-02"),
    # from the post date, aimed ahead: this month's day
    ("Dresden, 09.04.2025\n\nDer Monteur kommt laut Hotline frühestens am 23., sagt man mir.",
     "2025-04-23"),
    # from the post date in a past clause: the latest such day before it
    ("Dresden, 09.04.2025\n\nDie Rechnung kam am 28., seitdem ist nichts passiert.",
     "2025-03-28"),
])
def test_a_day_without_its_month_takes_the_month_of_its_anchor(text, value):
    table, _ = tag_corpus(te.texts_corpus({"d": text}))
    assert list(table.loc[table["rule"] == "date_dayonly", "value"]) == [value]


@pytest.mark.parametrize("text", [
    "Beim Rennen am Wochenende, den 1. hatte ich schnell hinter mir.",
    "Ich habe zum 3. mal angerufen.",
    "Wir treffen uns am 3. Tag der Messe.",
])
def test_an_ordinal_is_no_day_only_date(text):
    table, _ = tag_corpus(te.texts_corpus({"d": text}))
    assert "date_dayonly" not in set(table["rule"])


# --------------------------------------------------------------------------- second pass

def test_the_page_header_above_the_first_post_dates_it():
    # a layout may start the first post below the page's header (a chat export's title and
    # save time): that header is still the post's own
    from types import SimpleNamespace

    text = ("Gesprächsprotokoll – Hotline Stadtwerke\nGespeichert: 2025-02-11 08:30\n\n"
            "Kunde: Ich warte seit dem 14.01. auf meine Schlussrechnung.\n"
            "Kunde: Gestern hat mich niemand zurückgerufen.")
    full = te.texts_corpus({"d": text})
    body = text.index("Kunde:")
    segs = full.segments.assign(start=body)  # one segment: the body below the header
    corpus = SimpleNamespace(
        documents=full.documents, segments=segs,
        sentences=full.sentences[full.sentences["start"] >= body],
        posts=full.posts.assign(start=body))
    table, dates = tag_corpus(corpus)
    v = dict(zip(table["text"], table["value"], strict=True))
    assert (v["14.01."], v["Gestern"]) == ("2025-01-14", "2025-02-10")


def test_a_stamp_with_its_date_in_brackets_sets_the_page_view():
    text = ("Bäckerei Korn – 2 von 5 Sternen\nvor 4 Tagen (02.05.2024)\n\n"
            "Die Torte war bestellt, aber nicht fertig.\n\n"
            "Antwort des Inhabers · vor 1 Tag\nDas tut uns leid, bitte melden Sie sich.")
    table, _ = tag_corpus(te.texts_corpus({"d": text}))
    v = dict(zip(table["text"], table["value"], strict=True))
    assert (v["vor 4 Tagen"], v["vor 1 Tag"]) == ("2024-05-02", "2024-05-05")


def test_vergangener_before_a_weekday_counts_back_from_the_post_date():
    # Wednesday 16 April 2025; the date told before it (2 April) is no reference for it
    text = ("Leipzig, 16.04.2025\n\nAm 2. April kam die Bestätigung. Neuer Termin: "
            "vergangener Freitag, der Monteur kam nicht.")
    assert values(text)["vergangener Freitag"] == "2025-04-11"


def test_an_attributive_participle_makes_no_clause_past():
    from servicelab.lemmas import is_past_form

    assert not is_past_form("gesunkene")
    assert is_past_form("sank") and is_past_form("schickte")
    # Thursday 14 November 2024: "gestiegener Kosten" leaves the Friday to the nearest reading
    text = "Hamm, 14.11.2024\n\nWegen gestiegener Kosten erhöht der Verein am Freitag die Preise."
    assert values(text)["Freitag"] == "2024-11-15"


def test_a_reply_counts_from_its_own_date():
    text = ("Forum Wohnen › Heizung: Therme zeigt Fehler F28\n\n"
            "Beitrag von heizfrust » Mo 13. Jan 2025, 18:02\n\n"
            "Seit gestern kein warmes Wasser, der Notdienst kommt nicht.\n\n"
            "Antwort von heizfrust » Mi 15. Jan 2025, 20:40\n\n"
            "Nachtrag: heute war endlich jemand da, Zündelektrode getauscht.")
    table, _ = tag_corpus(te.texts_corpus({"d": text}))
    v = dict(zip(table["text"], table["value"], strict=True))
    assert (v["gestern"], v["heute"]) == ("2025-01-12", "2025-01-15")


def test_the_second_persons_of_war_make_a_clause_past():
    # Saturday 8 March 2025: "am Dienstag wart ihr nicht erreichbar" is the Tuesday before
    text = "Rostock, 08.03.2025\n\nam Dienstag wart ihr telefonisch nicht erreichbar."
    assert values(text)["Dienstag"] == "2025-03-04"
