"""Issue 15 round eleven: stated waits in lines written in lower case, fragments that label a
time limit, and the quoted-letter test's first person (``servicelab.sentences``,
``servicelab.timeline``). Every sentence is invented for this file; each positive case failed
before this round; the others are guards that the change does not over-fire."""

from __future__ import annotations

import dataclasses

import pytest

from servicelab import timex_evaluation as te
from servicelab.sentences import lower_case_line, quoted_spans, split_line, split_sentences
from servicelab.timeline import default_rules

waits = te.stated_waits
#: the rules as before this round: a wait reads its whole sentence, lower case or not
_WHOLE = dataclasses.replace(default_rules(), lower_share=0.0)


def test_a_line_without_capitalised_nouns_is_lower_case_and_prose_is_not():
    assert lower_case_line("seit 5 tagen kein internet. hotline sagt nix, echt jetzt.")
    assert not lower_case_line("Seit fünf Tagen habe ich kein Internet. Die Hotline sagt nichts.")
    assert not lower_case_line("ok danke dir.")  # too short to tell


def test_the_lower_case_split_is_off_for_the_corpus_and_keeps_abbreviations():
    line = "hab z.b. am 2. des monats bestellt. seit 5 tagen kein internet. hotline sagt nix."
    assert split_sentences(line, 0, len(line)) == [(0, len(line))]  # the corpus table
    parts = [line[a:b] for a, b in split_line(line, 0.15)]
    assert parts == ["hab z.b. am 2. des monats bestellt.", "seit 5 tagen kein internet.",
                     "hotline sagt nix."]


@pytest.mark.parametrize("text, days", [
    ("sorry muss mich mal auskotzen. seit 5 tagen kein internet. hab homeoffice und muss "
     "jetzt jeden tag ins cafe.", 5.0),
    ("mal ehrlich, das ist ein witz. seit 8 tagen kein telefon, gar nix. der techniker kam nie "
     "und die hotline legt jedes mal auf.", 8.0),
])
def test_a_wait_in_a_lower_case_line_reads_its_own_part_of_the_sentence(text, days):
    assert waits(text) == [("open_wait", days, "lower_bound")]
    assert waits(text, rules=_WHOLE) == []  # the other parts' verbs made it past


def test_a_lower_case_fragment_without_a_reading_of_its_own_keeps_the_whole_sentence():
    text = ("hotline heute morgen: 25 min warten, dann aufgelegt worden. zweiter versuch "
            "mittags: 40 min, dann eine bandansage.")
    assert waits(text) == waits(text, rules=_WHOLE) == [
        ("hold_time", 0.0174, "exact"), ("hold_time", 0.0278, "exact")]


@pytest.mark.parametrize("text", [
    "der kontrolleur schreibt mir 60 € auf, ich soll zahlen. frist zum widerspruch: 14 tage.",
    "Der Kontrolleur schrieb mir 60 € auf. Widerspruchsfrist: 14 Tage.",
])
def test_a_fragment_that_labels_a_time_limit_is_no_wait(text):
    assert waits(text) == []


def test_a_fragment_that_sums_up_the_case_stays_a_wait():
    assert waits("Ich schrieb der Firma. Nach zwölf Tagen.") == [("other_wait", 12.0, "exact")]


def test_meinung_in_a_quoted_letter_is_not_the_writer_speaking():
    text = ("Sehr geehrte Frau Lorenz,\nnach unserer Meinung ist der Schaden selbst verursacht.\n"
            "Mit freundlichen Grüßen\nIhr Kundenservice")
    assert quoted_spans(text, 0, len(text)) == [(0, len(text))]
    mine = text.replace("nach unserer Meinung", "nach meinem Eindruck")
    assert quoted_spans(mine, 0, len(mine)) != [(0, len(mine))]  # the writer's own line


@pytest.mark.parametrize("text, expected", [
    # "aber" after the verb is a particle, not a clause cut: the range reads "dauert"
    ('Die Korrektur dauert aber "zwei bis drei Wochen", sagt die Hotline.',
     ("resolution_time", 17.5, "approximate")),
    # "mit … rechnen": the range the customer is told to expect
    ("Die Versicherung schreibt, man müsse mit vier bis sechs Wochen rechnen.",
     ("resolution_time", 35.0, "approximate")),
])
def test_an_announced_range_reads_its_comma_part_and_mit_rechnen(text, expected):
    assert waits(text) == [expected]


def test_a_shops_listed_delivery_time_stays_no_wait():
    assert waits("Bestellt am Montag, Lieferzeit laut Shop 3–5 Wochen.") == []


def test_seit_an_event_placed_by_am_a_date_is_a_since_date():
    dated = "14.03.2025 · Forum\n\n"
    assert waits(dated + "Seit der Umstellung am 3. März bricht das Netz jeden Abend ab.") == [
        ("open_wait", 11.0, "lower_bound")]
    # without "seit" the date is a point of the story
    assert waits(dated + "Bei der Umstellung am 3. März brach das Netz ab.") == []


def test_a_past_dauern_of_the_writers_own_case_is_a_wait_whatever_its_subject():
    assert waits("Bei uns hat die Küche auch fast vier Monate gedauert.") == [
        ("resolution_time", 121.76, "approximate")]
    assert waits("Der Umbau des Bahnhofs hat vier Monate gedauert.") == []


@pytest.mark.parametrize("text, days", [
    ("Vier Wochen nach der Reparatur habe ich immer noch keine Rechnung.", 28.0),
    ("Das Konzert fiel aus. Drei Wochen später haben viele Besucherinnen und Besucher ihr "
     "Geld noch nicht zurück.", 21.0),
])
def test_a_span_after_an_event_with_the_thing_still_missing_is_an_open_wait(text, days):
    assert waits(text) == [("open_wait", days, "lower_bound")]


def test_a_span_after_an_event_without_still_missing_stays_a_step():
    assert waits("Zwei Wochen später rief ich nochmal an.") == []


def test_a_part_of_day_labelling_a_later_addition_is_the_writing_days():
    from datetime import date

    from servicelab.timex.tagging import tag

    def values(text: str) -> list[str]:
        return [x.value for x in tag(text, dct=date(2025, 3, 14))]

    assert values("Der Techniker kam nicht.\n\nNachtrag vom Abend: Er hat angerufen.") == [
        "2025-03-14TEV"]
    assert values("Update vom Nachmittag: immer noch nichts.") == ["2025-03-14TAF"]
    assert values("Wir essen am Abend immer zusammen.") == ["TEV"]  # no label: no day


@pytest.mark.parametrize("text, days", [
    ("Ich bin jetzt seit zehn Tagen mit dem Handy unterwegs.", 10.0),  # a perfect-like form
    ("Das geht jetzt seit vier Wochen so.", 28.0),  # no cue at all
    ("Die Tonne ist jetzt seit über drei Wochen nicht geleert, sie steht voll im Hof.", 21.0),
])
def test_jetzt_seit_in_a_clause_without_a_past_auxiliary_is_an_open_wait(text, days):
    assert waits(text) == [("open_wait", days, "lower_bound")]


def test_jetzt_seit_told_in_the_past_or_as_a_history_stays_no_wait():
    assert waits("Ich war jetzt seit zwei Wochen im Urlaub.") == []
    assert waits("Ich bin jetzt seit elf Jahren Kunde.") == []


def test_a_case_that_runs_since_a_span_is_an_open_wait():
    assert waits("Der Suchauftrag läuft seit neun Tagen.") == [("open_wait", 9.0, "lower_bound")]
    assert waits("Die Raten laufen übrigens seit Januar ganz normal.") == []


def test_a_thing_not_done_since_a_span_is_an_open_wait():
    assert waits("Ergebnis seit elf Wochen nicht eingetragen, Bewerbung in Gefahr") == [
        ("open_wait", 77.0, "lower_bound")]


def test_a_heading_is_read_alone_when_the_next_lines_verbs_give_no_wait():
    text = ("Betreff: Guthaben seit Monaten nicht ausgezahlt\n"
            "Ich war von März bis Ende September Kunde bei der Firma.")
    assert waits(text) == [("open_wait", 60.88, "lower_bound")]


@pytest.mark.parametrize("text", [
    "Also fast zwei Stunden für ein kaltes Essen.",
    "Das Paket kam nicht. Sechs Wochen für einen Brief, der drei Kilometer weit musste.",
])
def test_a_verbless_span_spent_on_something_sums_up_the_wait(text):
    assert [k for k, _, _ in waits(text)] == ["other_wait"]


@pytest.mark.parametrize("text", [
    "Zwei Stunden für die Strecke brauchte der Bus.",  # a clause with its verb
    "Fünf Minuten mit der Bahn bis zum Zentrum.",      # a journey
    "Wir wohnen gern hier. Zwölf Jahre für diese Straße.",  # a history
])
def test_a_span_spent_in_a_clause_or_a_journey_stays_no_wait(text):
    assert waits(text) == []


def test_a_month_or_season_of_a_year_counted_from_the_writing_is_one_expression():
    from datetime import date

    from servicelab.timex.tagging import tag

    def found(text: str) -> list[tuple[str, str]]:
        return [(x.text, x.value) for x in tag(text, dct=date(2025, 3, 14))]

    assert found("Im Februar letzten Jahres kam die Rechnung.") == [
        ("Februar letzten Jahres", "2024-02")]
    assert found("Im Herbst letzten Jahres wurde verlegt.") == [
        ("Herbst letzten Jahres", "2024-FA")]
    # not adjacent: two expressions, as before
    assert found("Im Februar kam die Rechnung, letzten Jahres nicht.") == [
        ("Februar", "2025-02"), ("letzten Jahres", "2024")]
