"""Issue 15 round nine: stated waits designed from the causes pooled over heldout2–6 and the
GermEval tuning half (``servicelab.timeline``, ``servicelab.wait_clause``). Every sentence is
invented for this file; each positive case failed on the rules before this round; the
negative cases beside them are guards that the new reading does not over-fire."""

from __future__ import annotations

import pytest

from servicelab import timex_evaluation as te

waits = te.stated_waits


@pytest.mark.parametrize("text, days", [
    ("Das Kundenportal zeigt seit elf Tagen den Status „in Prüfung“.", 11.0),
    ("Die Sendung seit sechs Tagen \"unterwegs\", der Händler hatte sie pünktlich verschickt.",
     6.0),
    ("Im Tracking steht seit acht Tagen \"Zustellung heute\".", 8.0),
])
def test_a_status_shown_since_a_point_is_an_open_wait(text, days):
    assert waits(text) == [("open_wait", days, "lower_bound")]


@pytest.mark.parametrize("text, days", [
    ("Die Rolltreppe im Parkhaus steht seit zehn Tagen still.", 10.0),
    ("Seit drei Tagen friert der Receiver jeden Abend ein.", 3.0),
    ("Die Heizung im Keller ist seit zwei Wochen kalt.", 14.0),
    ("Festnetz tot seit fünf Tagen.", 5.0),
])
def test_a_thing_that_stopped_working_since_a_point_is_an_open_wait(text, days):
    assert waits(text) == [("open_wait", days, "lower_bound")]


@pytest.mark.parametrize("text", [
    "Seit drei Wochen steht vor dem Rathaus eine neue Ladesäule.",  # a plain state, no failure
    "Ich fahre seit zwei Monaten regelmäßig mit dem Rad ins Büro.",  # a habit stays a habit
    "Im Januar war die Heizung seit zwei Tagen kalt.",  # told in the past
    "Er sagte: \"Wir arbeiten seit drei Wochen an einer Lösung für alle Kunden hier\".",
    "Das Café ist seit sechs Jahren kalt eingerichtet.",  # a span of years: a history
])
def test_no_open_wait_for_a_plain_state_a_habit_the_past_or_speech(text):
    assert waits(text) == []


@pytest.mark.parametrize("text, days", [
    ("Am Telefon hieß es, das dauere gewöhnlich drei bis fünf Wochen.", 28.0),
    ("Die Bearbeitungszeit liege momentan bei sechs bis acht Wochen, schrieb die Kasse.",
     49.0),
])
def test_an_announced_range_of_a_length_is_a_resolution_time(text, days):
    assert waits(text) == [("resolution_time", days, "approximate")]


@pytest.mark.parametrize("text", [
    "Wir sind drei bis vier Wochen im Urlaub gewesen.",  # no length noun, no "dauern"
    "Die Fahrzeit beträgt zwei bis drei Stunden.",  # a journey, no process
    "Das würde sicher zwei bis drei Wochen dauern.",  # imagined (Konjunktiv II)
])
def test_no_announced_wait_for_a_range_without_a_length_or_imagined(text):
    assert waits(text) == []


# second pass (step 4, read from heldout7's misses): the present singular of a modal read as
# a preterite made a present title sentence past, and its verbless "seit" clause no wait
@pytest.mark.parametrize("text, days", [
    ("Seit zehn Tagen kein Strom im Keller – ich muss das jetzt einfach mal loswerden.", 10.0),
    ("Seit drei Wochen ohne Telefon – man kann es kaum glauben.", 21.0),
])
def test_a_modal_in_the_present_keeps_a_verbless_seit_clause_open(text, days):
    assert waits(text) == [("open_wait", days, "lower_bound")]


@pytest.mark.parametrize("words, expected", [
    (["ich", "muss", "das", "loswerden"], "present"),
    (["man", "kann", "es", "kaum", "glauben"], "present"),
    (["ich", "weiß", "es"], "present"),
    (["ich", "musste", "warten"], "past"),
    (["er", "konnte", "nicht", "kommen"], "past"),
])
def test_tense_reads_the_modal_present_as_present(words, expected):
    from servicelab.wait_clause import tense

    assert tense(words) == expected


# an unanswered message stated by its date (designed from heldout6's misses; heldout7's
# second pass showed the same construction): the wait runs to the post's own date
_DATED = "Musterstadt, 20. Mai 2025\n\n"


@pytest.mark.parametrize("text, days", [
    ("Auf meine Anfrage-Mail vom 6. Mai kam bis heute keine Rückmeldung.", 14.0),
    ("Auf mein Schreiben vom 2. Mai habe ich nie eine Antwort erhalten.", 18.0),
])
def test_an_unanswered_message_dated_by_vom_is_a_response_wait(text, days):
    assert waits(_DATED + text) == [("response_wait", days, "lower_bound")]


@pytest.mark.parametrize("text", [
    "Die Rechnung vom 6. Mai habe ich nicht bezahlt.",   # no message
    "In Ihrer Mail vom 6. Mai steht nichts davon.",      # the company's message, no answer
    "In Ihrer Mail vom 6. Mai haben Sie mir keine Antwort auf meine Frage gegeben.",
    "Auf meine Mail vom 6. Mai kam eine freundliche Antwort.",  # answered
])
def test_no_unanswered_wait_for_other_dated_things_or_an_answer(text):
    assert waits(_DATED + text) == []


# a span of nothing happening (designed from heldout4's miss; heldout6 had one its cues read)
@pytest.mark.parametrize("text, days", [
    ("Nach meiner Reklamation passierte zwei Wochen lang gar nichts.", 14.0),
    ("Den Antrag hab ich abgeschickt, danach kam erstmal zehn Tage überhaupt nichts.", 10.0),
])
def test_a_span_of_nothing_happening_is_a_response_wait(text, days):
    assert waits(text) == [("response_wait", days, "exact")]


@pytest.mark.parametrize("text", [
    "Zwei Wochen lang nichts zu tun war im Urlaub herrlich.",      # no happening verb
    "Es soll jetzt zwei Wochen lang nichts passieren.",            # a modal: expected
    "Drei Stunden lang passierte nichts auf der Fahrt.",           # under a day
])
def test_no_idle_wait_without_a_happening_verb_with_a_modal_or_under_a_day(text):
    assert waits(text) == []


# a span of years is a wait only when its own clause names one (false waits of years pooled
# over heldout4–6 and the GermEval tuning half: a cue further away had made them waits)
@pytest.mark.parametrize("text", [
    "Ich arbeite seit drei Jahren im Schichtdienst, und ohne Internet bin ich aufgeschmissen.",
    "nach 7 jahren vertrag echt enttäuschend. wenn das bis freitag nicht repariert ist "
    "wechsle ich.",
])
def test_a_span_of_years_without_a_cue_in_its_clause_is_no_wait(text):
    assert waits(text) == []


def test_a_span_of_years_with_a_wait_word_in_its_clause_stays_a_wait():
    assert waits("Ich warte seit über einem Jahr auf die Erstattung.") == [
        ("open_wait", 365.25, "lower_bound")]


# announced processing "in den nächsten / kommenden Tagen" (codebook §6.12, §6.14: three days;
# designed from heldout5's miss, heldout7's second pass showed two more)
@pytest.mark.parametrize("text", [
    "Die Sachbearbeiterin meinte, mein Antrag werde in den nächsten Tagen bearbeitet.",
    "Stand laut Hotline: Prüfung in den kommenden Tagen.",
    "Die Reparatur werde aber in den nächsten Tagen abgeschlossen, sagte er.",
])
def test_announced_processing_in_the_next_days_is_a_resolution_time_of_three_days(text):
    assert waits(text) == [("resolution_time", 3.0, "approximate")]


@pytest.mark.parametrize("text", [
    "Ein Monteur melde sich in den nächsten Tagen, hieß es.",             # a promise of contact
    "Der Betrag wird Ihrem Konto in den nächsten Tagen gutgeschrieben.",  # a rule (indicative)
    "In den nächsten Tagen fahren wir in den Urlaub.",                    # no processing
    "Update: Koffer gefunden. Zustellung \"in den nächsten Tagen\".",     # a delivery
])
def test_no_wait_for_a_contact_promise_a_rule_or_a_plan_in_the_next_days(text):
    assert waits(text) == []
