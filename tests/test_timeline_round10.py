"""Issue 15 round ten: stated waits read from structure (``servicelab.wait_clause``,
``servicelab.timeline``). Every sentence is invented for this file; each positive case failed
on the rules before this round; the negative cases beside them are guards that a new rule does
not over-fire."""

from __future__ import annotations

import pytest

from servicelab import timex_evaluation as te

waits = te.stated_waits


@pytest.mark.parametrize("text, expected", [
    # a person arriving after "nach", in a past clause: somebody of the company answered
    ("Ich hatte den Rohrbruch gemeldet. Nach 40 Minuten kam dann doch noch jemand.",
     ("response_wait", 0.0278, "exact")),
    # a decision or notice in -ung arriving: the company's answer
    ("Nach fünf Wochen kam eine Ablehnung der Kasse.", ("response_wait", 35.0, "exact")),
    # a thing of the case that no noun class names: a wait of no named kind
    ("Der Ersatzakku kam nach zwölf Tagen mit der Post.", ("other_wait", 12.0, "exact")),
])
def test_an_unclassed_arrival_after_nach_ends_a_wait(text, expected):
    assert expected in waits(text)


def test_an_arrival_of_the_customer_or_an_expected_one_stays_no_wait():
    assert waits("Nach drei Stunden kamen wir endlich im Hotel an.") == []
    # second pass (heldout4 and heldout8): a bill arriving is the company asking, no wait
    assert waits("Zwei Wochen später kam dann eine Rechnung über 120 Euro.") == []
    assert waits("Nach zehn Tagen kam eine Mahnung vom Inkassobüro.") == []
    assert waits("Der Ersatzakku soll nach zwölf Tagen mit der Post kommen.") == []
    assert waits("Nach zwölf Tagen kam kein Ersatzakku mit der Post.") == []


@pytest.mark.parametrize("text, days", [
    ("Mein Fahrrad ist beim Händler. Sieben Wochen für eine Bremse.", 49.0),
    ("Die Kaffeemaschine war eingeschickt. Drei Wochen lang.", 21.0),
])
def test_a_verbless_length_sums_up_the_case_even_without_a_cue_before(text, days):
    assert ("other_wait", days, "exact") in waits(text)


def test_a_short_or_long_verbless_length_without_a_cue_stays_no_wait():
    assert waits("Wir waren am Samstag im Zoo. Drei Stunden bei Sonne.") == []


def test_a_verbless_length_before_a_colon_labels_a_step_not_the_wait():
    # second pass (heldout8): a length before a colon labels a step of a list
    assert waits("Ich schrieb der Firma. Nach zwölf Tagen: Erinnerung per Fax.") == []
    assert waits("Ich schrieb der Firma. Nach zwölf Tagen.") == [("other_wait", 12.0, "exact")]
    assert waits("Wir wohnen hier gern. Zwölf Jahre in dieser Straße.") == []


@pytest.mark.parametrize("text", [
    "Ab drei Stunden Verspätung muss die Bahn den Fahrgästen ein Taxi bezahlen.",
    "Wer länger als zwei Wochen ohne Antwort bleibt, sollte eine Frist setzen.",
    "Meldet sich der Versicherer nicht binnen sechs Wochen, können Sie den Ombudsmann anrufen.",
])
def test_a_length_in_a_rule_or_a_piece_of_advice_is_no_wait(text):
    assert waits(text) == []


def test_a_modal_in_another_clause_or_about_the_writer_keeps_the_wait():
    assert waits("Das muss man ehrlich sagen, die Firma hat nach fünf Tagen erstattet.") == [
        ("resolution_time", 5.0, "exact")]
    assert waits("Nach drei Stunden Warten in der Hotline muss ich jetzt auflegen.") != []


@pytest.mark.parametrize("text", [
    "Drei Stunden Verspätung kann vorkommen, so ist das im Winter.",
    "Ärgerlich ist, dass seit fünf Tagen keiner sagen kann, wann die Leitung repariert wird.",
])
def test_a_modal_without_a_threshold_keeps_the_writers_wait(text):
    assert waits(text) != []


@pytest.mark.parametrize("text, days", [
    ("Bei meiner Waschmaschine war das auch so, hat bei uns fast drei Monate gedauert.", 90.0),
    ("Reklamiert im Juni, hat dann sieben Wochen gedauert.", 49.0),
])
def test_a_length_of_dauern_told_as_done_with_its_subject_left_out_is_the_case(text, days):
    found = waits(text)
    assert [k for k, d, _ in found if abs(d - days) <= 0.2 * days] == ["resolution_time"]


def test_dauern_told_as_done_of_another_thing_stays_no_wait():
    assert waits("Der Umbau der Filiale hat sieben Wochen gedauert.") == []
