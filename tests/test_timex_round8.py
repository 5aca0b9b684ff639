"""Issue 15, round eight: the per-cause table of anchored values and the anchoring rules of
this round. Every sentence here is written for the test."""

from __future__ import annotations

from datetime import date

import pandas as pd

from servicelab.germeval_evaluation import GoldSet
from servicelab.timex_evaluation import (
    ANCHOR_CAUSES,
    anchor_causes,
    anchored_matches,
    germeval_tables,
)

GOLD_COLUMNS = ["doc_id", "quote", "text", "type", "value", "mod", "doubtful", "note"]


def _goldset(texts: dict[str, str], timex: list[tuple], dates: dict[str, str]) -> GoldSet:
    sample = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})
    layers = {"timex": pd.DataFrame([(*row, "", "0", "") for row in timex],
                                    columns=GOLD_COLUMNS),
              "docs": pd.DataFrame({"doc_id": list(dates), "doc_date": list(dates.values())})}
    return GoldSet(sample, layers.__getitem__)


def _causes(texts, timex, dates):
    gs = _goldset(texts, timex, dates)
    m = anchored_matches(germeval_tables(sample=gs.sample), gs)
    return dict(zip(m["gold_text"], m["cause"], strict=True)), anchor_causes(m)


def test_each_error_of_an_anchored_value_gets_its_cause():
    texts = {"a": "Beitrag vom 12.03.2025\n\nGestern rief ich bei der Hotline an. "
                  "Die Sache zieht sich seit Urzeiten hin.",
             "b": "Am Montag hatte ich angerufen und niemand ging ran."}
    timex = [("a", "Gestern rief ich", "Gestern", "DATE", "2025-03-11"),
             ("a", "seit Urzeiten hin", "Urzeiten", "DATE", "2024-12"),
             ("b", "Am Montag hatte", "Montag", "DATE", "2025-03-10")]
    by_text, counts = _causes(texts, timex, {"a": "2025-03-12", "b": "2025-03-12"})
    assert by_text == {"Gestern": "right", "Urzeiten": "not found", "Montag": "unresolved"}
    assert set(counts) == set(ANCHOR_CAUSES) and counts["right"] == 1


def test_a_value_counted_from_another_day_than_the_gold_document_date_is_a_wrong_anchor():
    texts = {"a": "Beitrag vom 12.03.2025\n\nGestern rief ich bei der Hotline an."}
    timex = [("a", "Gestern rief ich", "Gestern", "DATE", "2025-03-14")]
    by_text, _ = _causes(texts, timex, {"a": "2025-03-15"})
    assert by_text == {"Gestern": "wrong anchor"}
    by_text, _ = _causes(texts, timex, {"a": "2025-03-12"})
    assert by_text == {"Gestern": "wrong value"}


# --------------------------------------------------------------------------- weekdays

def _values(text: str, **kw) -> dict[str, str]:
    from servicelab.timex import tag

    return {t.text: t.value for t in tag(text, dct=kw.pop("dct", date(2024, 6, 12)), **kw)}


def test_a_weekday_counts_on_from_the_story_date_across_a_paragraph():
    # round eight tried reading it from the post date when the story date was more than a
    # week old; the next fresh set told such chains ("Am Freitag …, am Samstag …") instead
    text = ("Am Dienstag, den 4. Juni, fiel das Netz aus.\n\nAm Freitag ging immer noch "
            "nichts. Am Montag kam der Techniker.")
    values = _values(text, dct=date(2024, 6, 20))
    assert values["Freitag"] == "2024-06-07" and values["Montag"] == "2024-06-10"


# --------------------------------------------------------------------------- later additions

def test_a_date_that_opens_an_update_line_is_a_date_not_a_version():
    text = "Die Waschmaschine ist kaputt.\n\nUpdate 21.6.: Der Techniker war da."
    assert _values(text)["21.6."] == "2024-06-21"


def test_a_version_after_update_stays_no_date():
    assert "1.2." not in _values("Seit dem Update 1.2. stürzt die App ständig ab.")


def test_a_dated_update_is_the_writing_time_of_what_follows_it():
    text = ("Die Waschmaschine ist kaputt.\n\nUpdate 21.6.: Heute kam endlich der Techniker, "
            "gestern hatte er noch abgesagt.")
    values = _values(text)
    assert values["Heute"] == "2024-06-21" and values["gestern"] == "2024-06-20"


def test_before_the_update_the_post_date_stays_the_writing_time():
    text = "Heute ist die Maschine ausgefallen.\n\nUpdate 21.6.: Alles wieder gut."
    assert _values(text)["Heute"] == "2024-06-12"


def test_a_weekday_after_seit_lies_before_the_writing_time():
    # a Wednesday post: "seit Freitag" is last Friday, not the coming one
    assert _values("Mein Router blinkt seit Freitag nur noch rot.")["Freitag"] == "2024-06-07"


# --------------------------------------------------------------------------- weekday + week

def test_a_weekday_with_its_week_is_one_day_in_either_order():
    # the post is written on Wednesday 12 June 2024
    assert _values("Ich war Donnerstag letzter Woche beim Amt.") == {
        "Donnerstag letzter Woche": "2024-06-06"}
    assert _values("Letzte Woche am Montag kam der Brief.") == {
        "Letzte Woche am Montag": "2024-06-03"}
    assert _values("Der Monteur kommt nächste Woche Freitag.") == {
        "nächste Woche Freitag": "2024-06-21"}


def test_a_week_told_apart_from_its_weekday_stays_a_week():
    values = _values("Letzte Woche habe ich zweimal angerufen, zuletzt am Montag.")
    assert values["Letzte Woche"] == "2024-W23"


def test_without_a_writing_time_the_weekday_of_a_week_stays_unresolved():
    from servicelab.timex import tag

    assert [t.value for t in tag("Ich war Donnerstag letzter Woche beim Amt.")] == [
        "XXXX-WXX-4"]


def test_a_weekday_of_a_week_is_the_story_date_for_the_weekdays_after_it():
    text = ("Am 3. Mai habe ich den Schaden gemeldet, am Montag letzter Woche noch einmal, "
            "und am Mittwoch kam endlich der Gutachter.")
    assert _values(text)["Mittwoch"] == "2024-06-05"


def test_colloquial_hab_makes_a_clause_past():
    # a Wednesday post: "am Montag hab ich … geschickt" is this week's Monday, not the next
    assert _values("Am Samstag hab ich das Formular geschickt.")["Samstag"] == "2024-06-08"


def test_the_tense_marker_nearer_the_weekday_decides_its_direction():
    # a Wednesday post: the Saturday "wurde abgesagt" is last Saturday; the passive "werden"
    # at the clause's end does not make it a future one
    text = ("Der Termin am Samstag wurde kurzfristig abgesagt, das hätte mir früher "
            "mitgeteilt werden müssen.")
    assert _values(text)["Samstag"] == "2024-06-08"
    assert _values("Am Samstag wird der Termin nachgeholt, der abgesagt wurde.")[
        "Samstag"] == "2024-06-15"


# --------------------------------------------------------------------------- months

def test_last_or_next_month_is_named_from_the_writing_time():
    # a post of 12 June 2024
    assert _values("Die Karten habe ich letzten Dezember gekauft.") == {
        "letzten Dezember": "2023-12"}
    assert _values("Die Reparatur ist für nächsten März geplant.") == {
        "nächsten März": "2025-03"}
    assert _values("Im vergangenen Mai kam die Rechnung.") == {"vergangenen Mai": "2024-05"}


def test_a_past_winter_is_the_one_that_began_before_the_writing_time():
    # a May post: the winter in a past clause began the December before
    assert _values("Über den Winter war die Leitung eingefroren.", dct=date(2025, 5, 20)) == {
        "Winter": "2024-WI"}
    assert _values("Letzten Winter fiel die Heizung aus.", dct=date(2025, 1, 20))[
        "Winter"] == "2023-WI"


# --------------------------------------------------------------------------- document date

def _corpus_values(text: str) -> tuple[dict[str, str], dict]:
    from servicelab.timex.tagging import tag_corpus
    from servicelab.timex_evaluation import texts_corpus

    table, dates = tag_corpus(texts_corpus({"d": text}))
    return dict(zip(table["text"], table["value"], strict=True)), dates


def test_a_permalink_states_the_posts_day():
    text = ("meinblog.example/2024/03/05/waschmaschine-kaputt\n\nWaschmaschine kaputt\n\n"
            "Gestern ist die Maschine ausgefallen. Im Januar hatte ich sie gekauft.")
    values, dates = _corpus_values(text)
    assert values["2024/03/05"] == "2024-03-05"
    assert values["Gestern"] == "2024-03-04" and values["Januar"] == "2024-01"


def test_a_number_path_that_is_no_calendar_day_is_no_date():
    values, _ = _corpus_values("Siehe example.org/archiv/2024/13/40/x für die Details.")
    assert "2024/13/40" not in values


#: a paragraph without a date; twice it is longer than the windows in which a first date or
#: a date line dates a post
_LONG = ("Ich schreibe das hier, weil ich langsam nicht mehr weiß, an wen ich mich noch wenden "
         "soll. Die Hotline verspricht jedes Mal einen Rückruf, der nie kommt, im Chat werde "
         "ich nach zehn Minuten an eine Kollegin weitergereicht, die wieder von vorne fragt, "
         "und per Mail bekomme ich nur Textbausteine. Mein Vertrag läuft weiter, die Leistung "
         "nicht, und bezahlt wird natürlich pünktlich jeden Monat der volle Betrag.\n\n")


def test_a_closing_date_line_dates_a_post_without_a_date_at_its_start():
    text = ("Seit Montag kein Internet. Gestern kam wenigstens eine SMS.\n\n" + 2 * _LONG
            + "Geschrieben am 6. März 2025\n")
    values, _ = _corpus_values(text)
    assert values["Gestern"] == "2025-03-05" and values["Montag"] == "2025-03-03"


def test_a_date_in_a_closing_sentence_of_narrative_does_not_date_the_post():
    text = ("Gestern kam wenigstens eine SMS.\n\n" + 2 * _LONG + "Die Rechnung vom 6. März 2025 "
            "habe ich trotzdem bezahlt, weil ich keinen Ärger mit der Mahnabteilung will.")
    values, _ = _corpus_values(text)
    assert values["Gestern"] == "XXXX-XX-XX"


# --------------------------------------------------------------------------- stamps

def test_a_stamp_line_without_vor_is_the_date_beside_it_not_a_duration():
    from servicelab.timex import tag

    tagged = {t.text: (t.value, t.rule) for t in tag("Jo M.\n7 Std. · 14.02.2025\n\nHallo!")}
    assert tagged["7 Std."] == ("2025-02-14", "ago")


def test_hours_told_in_a_sentence_stay_a_duration():
    from servicelab.timex import tag

    tagged = {t.text: t.value for t in tag("Ich hing 2 Std. · ohne Pause · in der Leitung.")}
    assert tagged["2 Std."] == "PT2H"


def test_a_link_inside_a_sentence_gives_no_date():
    values, _ = _corpus_values("Lest selbst: https://zeitung.example/2015/09/03/bericht/ "
                               "und sagt mir, was ihr davon haltet.")
    assert "2015/09/03" not in values


def _reply_groups(head_line: str) -> list:
    """The reply groups of a post whose second segment follows ``head_line``."""
    from servicelab.timex.extraction import extract
    from servicelab.timex.resolution import resolve
    from servicelab.timex.tagging import _by_reply

    text = "Mein Antrag liegt seit Wochen bei Ihnen.\n" + head_line + "\nGestern rief ich an."
    a = text.index(head_line)
    heads = resolve(extract(text, a, a + len(head_line)), text, dct=date(2024, 6, 12))
    cands = extract(text, 0, len(text))
    spans = [(0, a - 1), (a + len(head_line) + 1, len(text))]
    return [(d, [text[c.start:c.end] for c in g])
            for d, g in _by_reply(cands, heads, spans, date(2024, 6, 12), text)]


def test_a_dated_subject_line_starts_no_reply():
    groups = _reply_groups("Ihr Bescheid vom 3. Mai 2024 zur Nachzahlung – Widerspruch und "
                           "Bitte um sofortige Prüfung")
    assert [d for d, _ in groups] == [date(2024, 6, 12)]


def test_a_reply_header_with_its_date_still_dates_the_reply():
    groups = _reply_groups("Antwort von Kundenservice · 14.06.2024")
    assert groups[-1] == (date(2024, 6, 14), ["Gestern"])


# --------------------------------------------------------------------------- combined forms

def test_a_weekday_with_its_day_of_the_month_is_one_day_on_that_weekday():
    # a Friday post of 25 October 2024
    values = _values("Montag, der 21., 8:15 Uhr: endlich kam der Techniker.",
                     dct=date(2024, 10, 25))
    assert values["Montag, der 21."] == "2024-10-21"
    values = _values("Am Freitag, den 3. kommt der zweite Techniker.", dct=date(2024, 10, 25))
    assert values["Freitag, den 3."] == "2025-01-03"


def test_a_part_of_day_of_a_date_is_that_day_at_that_time():
    values = _values("Am Abend des 9. Mai lief das Wasser aus der Decke.")
    assert values == {"Abend des 9. Mai": "2024-05-09TEV"}


def test_a_night_towards_a_date_is_not_merged_with_it():
    values = _values("In der Nacht zum 9. Mai lief das Wasser aus der Decke.")
    assert "Nacht zum 9. Mai" not in values


# --------------------------------------------------------------------------- reported speech

def test_today_in_reported_speech_of_a_told_day_is_that_day():
    # a Wednesday post of 12 June 2024 about last week's Tuesday
    values = _values("Letzte Woche Dienstag stand ich ab sieben am Schalter, um zehn hieß es, "
                     "für heute sei keine Nummer mehr frei.")
    assert values["heute"] == "2024-06-04"


def test_the_tellers_own_day_word_stays_the_writing_times():
    values = _values("Am 3. Juni habe ich reklamiert. Der Händler schrieb mir gestern, die "
                     "Ware sei unterwegs.")
    assert values["gestern"] == "2024-06-11"


def test_reported_speech_told_in_the_present_counts_from_the_writing_time():
    values = _values("Seit Montag geht nichts. Die Hotline sagt jedes Mal, es sei morgen "
                     "behoben.")
    assert values["morgen"] == "2024-06-13"
