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
    # Friday 7 June 2024, past clause: the Sunday offered is the one after it
    ("Potsdam, 07.06.2024\n\nAm Telefon hat man mir einen Rückruf für Sonntag versprochen.",
     "Sonntag", "2024-06-09"),
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
