"""Issue 15, round ten: anchoring rules of this round (a page's stamp after the full date it
stands for, a reply stamp kept inside a segment). Every sentence here is written for the
test."""

from __future__ import annotations

from datetime import date

from servicelab import timex_evaluation as te
from servicelab.timex import tag
from servicelab.timex.tagging import tag_corpus


def _values(text: str, dct: date) -> dict[str, str]:
    """Each expression's value in one text written at ``dct``."""
    return {t.text: t.value for t in tag(text, dct=dct)}


def _table(text: str):
    table, _ = tag_corpus(te.texts_corpus({"d": text}))
    return table


# ------------------------------------------------------------- a stamp after its full date

def test_a_stamp_after_its_full_date_on_a_header_line_takes_that_date():
    values = _values("03.02.2025 – vor 6 Tagen",
                                           dct=date(2025, 2, 3))
    assert values["vor 6 Tagen"] == "2025-02-03"


def test_a_stamp_after_its_full_date_sets_the_page_view_for_later_stamps():
    # the opening stamp says the page was read on 9 February 2025; the comment was written
    # three days before that
    text = ("r/Waschmaschinen\nTrommellager nach acht Monaten kaputt\n03.02.2025 · vor 6 Tagen"
            "\n\nDie Maschine rattert seit Wochen, der Kundendienst vertröstet mich.\n\n"
            "Kommentar · vor 3 Tagen\nDas kenne ich, bei mir hat es auch ewig gedauert.")
    v = dict(zip(*(_table(text)[c] for c in ("text", "value")), strict=True))
    assert (v["vor 6 Tagen"], v["vor 3 Tagen"]) == ("2025-02-03", "2025-02-06")


def test_a_told_date_followed_by_an_ago_in_a_sentence_is_no_stamp():
    # no header separator between the two: the ago counts from the writing time
    values = _values("Am 3. Februar bestellt und vor 6 Tagen "
                                           "storniert.", dct=date(2025, 2, 20))
    assert values["vor 6 Tagen"] == "2025-02-14"


# --------------------------------------------------- a reply stamp kept inside a segment

def test_an_hour_stamp_on_a_reply_line_inside_the_text_is_the_posts_day():
    text = ("Kundin · 14.03.2025\nMeine Karte wurde im Urlaub gesperrt, niemand erreichbar."
            "\n↳ 2 Std. · Antwort von Bank Nordlicht\nDas tut uns leid, bitte schreiben Sie "
            "uns eine Nachricht.")
    rows = _table(text)
    stamp = rows[rows["text"] == "2 Std."]
    assert list(stamp["value"]) == ["2025-03-14"]


def test_an_hour_count_in_a_sentence_stays_a_clock_time():
    text = ("Kundin · 14.03.2025\nIch habe vor 2 Std. bei der Hotline angerufen und warte "
            "immer noch auf den versprochenen Rückruf der Bank.")
    rows = _table(text)
    assert not rows[rows["text"] == "vor 2 Std."]["value"].str.match(r"\d{4}-").any()


# ------------------------------------------------------------------------- bad input

def test_a_date_in_year_zero_is_no_calendar_day_and_raises_nothing():
    # found by the property test of test_timex.py: valid_day took year 0 for "no year"
    tags = tag("Bestellt am 12.12.0000.")  # raised ValueError before
    assert not any(t.value.startswith("0000-12-12") for t in tags)


# ------------------------------------------------------------------------- holidays

def test_movable_feasts_count_from_easter_sunday():
    # Easter Sunday 2025 was 20 April
    values = _values(
        "Am Gründonnerstag war die Filiale zu, am Karsamstag auch.", dct=date(2025, 4, 28))
    assert (values["Gründonnerstag"], values["Karsamstag"]) == ("2025-04-17", "2025-04-19")


def test_a_longer_feast_name_wins_over_the_shorter_one_inside_it():
    values = _values("Zu Mariä Himmelfahrt kam niemand.",
                                           dct=date(2025, 9, 1))
    assert values == {"Mariä Himmelfahrt": "2025-08-15"}


def test_a_sign_off_with_a_feast_and_its_year_dates_the_post():
    # Easter Monday 2025 was 21 April; "bis Freitag" counts forward from it
    text = ("Die Sperre meines Kontos dauert an, niemand ruft zurück.\n\n"
            "Wenn bis Freitag nichts passiert, gehe ich zur Schlichtungsstelle.\n\n"
            "Geschrieben in Kiel, Ostermontag 2025")
    table, dates = tag_corpus(te.texts_corpus({"d": text}))
    assert {str(d) for d in dates.values()} == {"2025-04-21"}
    assert list(table[table["text"] == "Freitag"]["value"]) == ["2025-04-25"]


# ------------------------------------------------------------- a colon opens a clause

def test_a_month_announced_after_a_colon_keeps_the_tense_of_its_own_clause():
    # a March post: the past "kam" before the colon does not move May into last year
    values = _values(
        "Gestern kam wieder ein Brief: nun heißt es Ende Mai.", dct=date(2025, 3, 12))
    assert values["Ende Mai"] == "2025-05"


def test_a_month_in_a_past_clause_without_a_colon_still_lies_before_the_post():
    values = _values(
        "Gestern kam wieder ein Brief, Ende Mai kam schon einer.", dct=date(2025, 3, 12))
    assert values["Ende Mai"] == "2024-05"


def test_a_clock_time_colon_is_no_clause_break():
    values = _values("Um 15:30 kam niemand, Ende Mai war es genauso.",
                                           dct=date(2025, 3, 12))
    assert values["Ende Mai"] == "2024-05"


def test_an_hour_stamp_on_a_comment_header_line_is_the_pages_day():
    text = ("Stadtbus fällt wieder aus\nStand: 09.10.2025\n\nDer Verkehrsbetrieb streicht "
            "Fahrten, weil Personal fehlt.\n\nKommentar · vor 3 Std.\n"
            "Heute früh kam gar kein Bus, ich war zu spät im Büro.")
    rows = _table(text)
    assert list(rows[rows["text"] == "vor 3 Std."]["value"]) == ["2025-10-09"]


# ------------------------------------------------------------------ a page's footer date

_LETTER = ("LESERPOST\n\nZum Artikel über die Müllabfuhr:\n\nSeit Karfreitag steht unsere "
           "Tonne voll an der Straße, abgeholt wurde sie am Montag nicht.\n\n"
           "Greta Holm, Wedel\n\n{footer}\n")


def _footer_corpus(footer: str):
    """The letter as the corpus layer reads a printed page: the footer line below the
    signature is furniture, outside every segment (built here by cutting the last segment
    there, as the layout does on pages it recognises)."""
    from dataclasses import replace

    text = _LETTER.format(footer=footer)
    corpus = te.texts_corpus({"d": text})
    cut = text.index(footer)
    seg = corpus.segments.copy()
    seg["end"] = seg["end"].clip(upper=cut - 2)
    return replace(corpus, segments=seg)


def test_a_date_line_in_the_footer_dates_a_post_without_its_own_date():
    # Good Friday 2026 was 3 April
    table, dates = tag_corpus(_footer_corpus("Seite 9 · Mittwoch, 8. April 2026"))
    assert {str(d) for d in dates.values()} == {"2026-04-08"}
    assert list(table[table["text"] == "Karfreitag"]["value"]) == ["2026-04-03"]


def test_a_footer_date_after_a_bounding_word_is_no_page_date():
    _, dates = tag_corpus(_footer_corpus("Gewinnspiel bis 30. April 2026"))
    assert not dates


# ---------------------------------------------------------- day compounds as anaphors

def test_the_day_before_and_after_count_from_the_storys_last_day():
    before = _values(
        "Der Umzug war am 14. März. Am Vortag sagte die Firma ab.", dct=date(2025, 4, 2))
    after = _values(
        "Der Umzug war am 14. März. Am Folgetag kam die Rechnung.", dct=date(2025, 4, 2))
    assert (before["Vortag"], after["Folgetag"]) == ("2025-03-13", "2025-03-15")


def test_the_eve_before_a_told_day_is_that_evening():
    values = _values(
        "Die Lieferung für den 6. Mai wurde am Vorabend storniert.", dct=date(2025, 5, 20))
    assert values["Vorabend"] == "2025-05-05TEV"


def test_a_day_compound_with_no_day_told_before_stays_unresolved():
    values = _values("Am Vortag rief niemand zurück.",
                                           dct=date(2025, 5, 20))
    assert values["Vortag"] == "XXXX-XX-XX"


def test_a_year_compound_still_counts_from_the_writing_time():
    values = _values("Am 3. März 2019 bestellt; im Vorjahr war es "
                                           "besser.", dct=date(2025, 5, 20))
    assert values["Vorjahr"] == "2024"


# ------------------------------------------------------------- document dates scored

def test_document_dates_are_scored_right_missing_wrong_and_extra():
    import pandas as pd

    from servicelab.germeval_evaluation import GoldSet

    texts = {"a": "Beitrag vom 12.03.2025\n\nDie Hotline legte auf.",
             "b": "Die Hotline legte wieder auf, niemand half.",
             "c": "Beitrag vom 02.04.2025\n\nDer Techniker kam nicht.",
             "d": "Beitrag vom 05.05.2025\n\nDas Paket fehlt."}
    dates = {"a": "2025-03-12", "b": "2025-03-20", "c": "2025-04-03", "d": ""}
    sample = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})
    docs = pd.DataFrame({"doc_id": list(dates), "doc_date": list(dates.values())})
    gs = GoldSet(sample, {"docs": docs}.__getitem__)
    scores = te.doc_date_scores(te.germeval_tables(sample=sample), gs)
    assert scores == {"gold": 3, "right": 1, "missing": 1, "wrong": 1, "extra": 1}


# ----------------------------------------------------------- a shouted sentence of a line

def test_a_shouted_sentence_in_a_normal_line_is_read_in_lower_case():
    values = _values(
        "SEIT DONNERSTAG GEHT DAS TELEFON NICHT MEHR. die hotline hilft nicht.",
        dct=date(2025, 6, 10))
    assert values == {"DONNERSTAG": "2025-06-05"}


def test_a_short_word_in_capitals_inside_a_sentence_stays_as_written():
    # "MORGEN" alone is no shouted sentence: too few letters in capitals around it
    values = _values("Das ist ein Witz, MORGEN rufe ich wieder an.",
                                           dct=date(2025, 6, 10))
    assert "MORGEN" not in values
