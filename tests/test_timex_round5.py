"""Issue 15 round five: the post's own date in the forms pages write it, and its use for
anchoring. Every sentence is invented for this file; each test failed on the rules before
this round."""

from __future__ import annotations

from datetime import date

import pytest

from servicelab import timex
from servicelab.timex.extraction import extract
from servicelab.timex.resolution import document_date


def own_date(text: str) -> date | None:
    return document_date(extract(text), 0, None, text)


@pytest.mark.parametrize("text, want", [
    ("Gepostet 03/11/2024 um 14:02\nMein Router blinkt nur noch rot.", date(2024, 11, 3)),
    ("5/11/24\nDie Waschmaschine ist wieder kaputt.", date(2024, 11, 5)),
    ("05-11-2024\nDer Zug fiel aus.", date(2024, 11, 5)),
])
def test_day_first_dates_with_slashes_or_dashes_date_the_post(text, want):
    assert own_date(text) == want


def test_a_slash_date_is_tagged_with_its_value():
    got = [(t.text, t.value) for t in timex.tag("Die Rechnung vom 17/02/2025 stimmt nicht.")]
    assert got == [("17/02/2025", "2025-02-17")]


@pytest.mark.parametrize("text", ["Das Spiel ging 3/4 aus.", "Rund um die Uhr, 24/7 erreichbar.",
                                  "Objektiv 18-55 mit Zubehör"])
def test_fractions_scores_and_codes_are_no_slash_dates(text):
    assert [t.type for t in timex.tag(text) if t.type == "DATE"] == []


def test_a_date_line_beats_an_earlier_date_told_in_a_sentence():
    text = ("Am 2. März 2023 habe ich den Vertrag bei der Firma abgeschlossen, das war ein "
            "Fehler.\nForum · Beitrag von Kundin_88 · 14.06.2023\nSeitdem warte ich.")
    assert own_date(text) == date(2023, 6, 14)


def test_without_a_date_line_the_first_full_date_still_dates_the_post():
    text = "Am 2. März 2023 habe ich den Vertrag abgeschlossen und seitdem nur Ärger."
    assert own_date(text) == date(2023, 3, 2)


def test_a_letters_date_line_below_a_long_address_block_dates_the_letter():
    address = ("Erika Beispielfrau\nAm Lindenhang 14a\n34567 Kleinstadt an der Aue\n"
               "Kundennummer 5557 3331 2222\nVertragskonto 9988 7766 55\n\n")
    company = ("Stadtwerke Beispielhausen GmbH\nAbteilung Kundenservice und Abrechnung\n"
               "Postfach 12 34 56\n34500 Beispielhausen\n\n") * 3
    text = address + company + "Kleinstadt, den 9. Januar 2025\n\nBetreff: Ihre Abrechnung"
    assert text.index("9. Januar") > 400
    assert own_date(text) == date(2025, 1, 9)


def test_a_date_after_seit_in_a_title_is_no_writing_date():
    text = "Seit dem 4. Mai 2023 ohne Festnetz\nveröffentlicht am 20.05.2023\nText."
    assert own_date(text) == date(2023, 5, 20)


def test_the_post_date_from_a_date_line_anchors_a_past_weekday():
    text = ("Am 1. Juni 2024 hatte ich bestellt, das Paket kam nie.\n"
            "Bewertung vom 12.06.2024\nAm Montag rief ich wieder an.")
    got = {t.text: t.value for t in timex.tag(text, dct=own_date(text))}
    assert got["Montag"] == "2024-06-10"


def test_a_header_dates_the_post_when_it_stands_between_title_and_body():
    from servicelab import timeline
    from servicelab import timex_evaluation as te

    text = ("Router seit Wochen tot\nVon Redaktion | 03.09.2024, 11:20 Uhr\n\n"
            "Am Montag habe ich wieder bei der Hotline angerufen, niemand wusste etwas.")
    corpus = te.texts_corpus({"d": text})
    got = timeline.build_tables(corpus)["timex"]
    assert dict(zip(got["text"], got["value"], strict=True))["Montag"] == "2024-09-02"


def test_a_label_glued_to_its_date_by_a_colon_still_dates_the_post():
    assert own_date("Beitrag veröffentlicht:11. März 2026 Kategorie:Handel\nText") \
        == date(2026, 3, 11)


# --------------------------------------------------------------------------- second pass
# (causes read from heldout3's anchoring errors; the sentences are new)

WED = date(2025, 2, 19)


def values(text: str, dct: date | None = WED) -> dict[str, str]:
    return {t.text: t.value for t in timex.tag(text, dct=dct)}


def test_a_dated_edit_may_lie_after_the_posts_date():
    assert values("Edit 21.02.: Der Router wurde getauscht, jetzt läuft es.")["21.02."] \
        == "2025-02-21"


def test_a_past_partial_date_without_an_edit_label_still_lies_before_the_post():
    assert values("Am 21.02. habe ich wieder angerufen.")["21.02."] == "2024-02-21"


def test_a_plan_set_for_a_date_in_the_present_lies_ahead():
    assert values("Der Umzug ist für den 4. April angesetzt.")["4. April"] == "2025-04-04"
    assert values("Die neue Filiale ist für den Herbst geplant.")["Herbst"] == "2025-FA"


def test_a_plan_of_the_past_keeps_the_past_reading():
    assert values("Der Umzug war für den 4. April angesetzt.")["4. April"] == "2024-04-04"


def test_a_night_from_one_day_to_the_next_is_two_days_of_the_same_year():
    got = values("In der Nacht vom 14. auf den 15. April ist der Keller vollgelaufen.")
    assert (got["14."], got["15. April"]) == ("2024-04-14", "2024-04-15")


def test_days_after_a_month_level_anchor_name_a_month():
    got = values("Anfang Oktober fing der Motor an zu stottern, zwei Wochen später blieb er "
                 "stehen.", dct=date(2024, 12, 1))
    assert got["zwei Wochen später"] == "2024-10"
    got = values("Ende Mai kam die Rechnung, zehn Tage später die Mahnung.",
                 dct=date(2024, 12, 1))
    assert got["zehn Tage später"] == "2024-06"


def test_days_after_a_full_date_still_name_a_day():
    got = values("Am 3. Oktober bestellt, zwei Tage später kam das Paket.",
                 dct=date(2024, 12, 1))
    assert got["zwei Tage später"] == "2024-10-05"


@pytest.mark.parametrize("text, expr, want", [
    ("Der Dachdecker wollte in KW 17 anfangen.", "KW 17", "2025-W17"),
    ("Die Küche kommt in der 9. KW.", "9. KW", "2025-W09"),
    ("Termin in Kalenderwoche 3/2026 bestätigt.", "Kalenderwoche 3/2026", "2026-W03"),
])
def test_calendar_weeks_are_weeks_of_the_posts_year(text, expr, want):
    assert values(text)[expr] == want


def test_a_firm_called_kw_something_is_no_week():
    assert values("Die KWS Saat AG aus Einbeck.") == {}
