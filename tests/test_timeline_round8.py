"""Issue 15 round eight: stated waits designed from the causes pooled over heldout2–5 and the
GermEval tuning half (``servicelab.wait_clause``, ``servicelab.timeline``). Every sentence is
invented for this file; each positive case failed on the rules before this round; the
negative cases beside them are guards that the new reading does not over-fire."""

from __future__ import annotations

import pytest

from servicelab import timex_evaluation as te
from servicelab.wait_clause import running_count

waits = te.stated_waits


@pytest.mark.parametrize("text, days", [
    ("Die Kamera habe ich zur Reparatur geschickt, und das ist jetzt gut drei Wochen her.",
     21.0),
    ("Mein Umtausch läuft mittlerweile zehn Tage.", 10.0),
    ("Sechs Wochen Geduld habe ich inzwischen aufgebracht.", 42.0),
])
def test_a_count_still_running_is_an_open_wait(text, days):
    assert waits(text) == [("open_wait", days, "lower_bound")]


@pytest.mark.parametrize("text", [
    "Unsere Tochter ist jetzt fast fünf Monate alt.",       # an age
    "Das soll jetzt noch zwei Wochen dauern.",               # an expectation (modal)
    "Das ist jetzt drei Jahre her.",                         # a span of years: a history
    "Wir hatten schon drei Wochen vorher bestellt.",         # past, a point before
    "Ich habe jetzt zwei Wochen Urlaub.",                    # a time one is given
    "Die Zugfahrt nach Wien ist jetzt vier Stunden lang.",   # under a day
    "So, jetzt nehme ich mir die knapp zwei Wochen und erwarte keine Wunder.",  # an action
    "Er verhandelt schon seit Wochen mit dem Vorstand.",     # a "seit" span: its own rules
    # a teaser line: "Jetzt" stands in another clause of the line
    "Paketboten am Limit: Zwei Tage auf der Tour durch die Altstadt · Anzeige: Jetzt Tarif "
    "sichern",
])
def test_no_running_count_for_an_age_a_plan_a_history_or_an_allotment(text):
    assert waits(text) == []


def test_running_count_reads_the_adverb_from_the_structure_rows():
    s = "Das ist jetzt zwei Wochen her."
    a = s.index("zwei")
    assert running_count(s, a, a + len("zwei Wochen")) == "open_wait"
    assert running_count(s.replace("jetzt ", ""), a - 6, a - 6 + len("zwei Wochen")) is None


@pytest.mark.parametrize("text, expected", [
    ("Heute zweimal bei der Hotline probiert. Beim zweiten Mal nach 25 Minuten aufgelegt.",
     ("hold_time", 0.0174, "exact")),
    ("Ich rief bei der Versicherung an und nach einer knappen Stunde hieß es, der Kollege sei "
     "krank.", ("hold_time", 0.0417, "approximate")),
])
def test_a_span_after_nach_right_after_a_call_is_time_on_hold(text, expected):
    assert waits(text) == [expected]


@pytest.mark.parametrize("text", [
    # a departure: how long a visit lasted
    "Ich hatte den Notdienst angerufen. Die beiden Monteure sind nach zwanzig Minuten wieder "
    "gefahren.",
    "Ich rief beim Kundendienst an. Nach zehn Minuten soll man es neu versuchen.",  # modal
    "Nach 20 Minuten habe ich aufgegeben.",                     # no call told before
])
def test_no_hold_after_nach_for_a_departure_an_expectation_or_without_a_call(text):
    assert waits(text) == []


def test_a_running_count_that_retells_a_stated_wait_is_one_row():
    text = ("Wir warten seit drei Wochen auf den Kinderwagen. Und drei Wochen finde ich schon "
            "ziemlich geduldig.")
    assert waits(text) == [("open_wait", 21.0, "lower_bound")]


def test_a_line_cut_short_does_not_borrow_the_adverb_of_the_next_sentence():
    # the line without a full stop is read with the next sentence, whose "schon" is not its
    text = ("Heute ein Update. Fünf Wochen Küche ohne Platte\n\nIhr habt es schon gesehen: Wir "
            "haben eine neue Küche.")
    assert waits(text) == []
