"""Issue 15 round six: stated waits read from structure (``servicelab.wait_clause``,
``servicelab.timeline``). Every sentence is invented for this file; each case failed on the
rules before this round."""

from __future__ import annotations

import re

import pytest

from servicelab import timex_evaluation as te
from servicelab.wait_clause import tense

waits = te.stated_waits


# --------------------------------------------------------------------------- tense

@pytest.mark.parametrize("text", [
    "Wir haben seit Ostern einen kaputten Kühlschrank in der Küche stehen",
    "Ich habe seit Tagen die Rechnung auf dem Tisch liegen",
])
def test_an_infinitive_after_haben_is_no_participle(text):
    assert tense(re.findall(r"\w+", text)) == "present"


@pytest.mark.parametrize("text", [
    "Ich habe nach drei Wochen endlich mein Geld erhalten",
    "Wir haben den Brief nie bekommen",
    "Sie hat die Frist vergessen",
])
def test_a_participle_without_ge_stays_past(text):
    assert tense(re.findall(r"\w+", text)) == "past"


def test_a_present_state_with_an_infinitive_after_haben_is_an_open_wait():
    text = ("Musterstadt, 20.05.2025\n\nWir haben seit dem 6. Mai einen defekten Herd in der "
            "Küche stehen und können nicht kochen.")
    assert waits(text) == [("open_wait", 14.0, "lower_bound")]


# --------------------------------------------------------------------------- narrative present

@pytest.mark.parametrize("text", [
    "Nach neun Tagen ruft endlich jemand von der Versicherung an.",
    "Erst nach zwölf Tagen ruft die Sachbearbeiterin zurück.",
])
def test_the_company_calling_in_the_narrative_present_ends_a_response_wait(text):
    days = 9.0 if "neun" in text else 12.0
    assert waits(text) == [("response_wait", days, "exact")]


@pytest.mark.parametrize("text", [
    "Nach zwei Stunden rufe ich noch einmal an.",             # the customer calls
    "Nach drei Wochen ruft mich immer noch niemand an.",      # nobody calls: no end reached
    "Nach zehn Tagen soll mich ein Techniker anrufen.",       # an expectation
])
def test_no_response_wait_without_the_company_getting_in_touch(text):
    assert [w for w in waits(text) if w[0] == "response_wait"] == []


# --------------------------------------------------------------------------- a start time

def test_a_wait_stated_by_its_start_time_counts_up_to_the_posts_clock():
    text = "Di 21.10.2025 18:03\nIch stehe seit 16:10 Uhr am Gleis und warte auf den Ersatzbus."
    assert waits(text) == [("open_wait", round(113 / 1440, 4), "lower_bound")]


def test_a_start_time_without_the_posts_clock_gives_no_row():
    text = "Di 21.10.2025\nIch stehe seit 16:10 Uhr am Gleis und warte auf den Ersatzbus."
    assert waits(text) == []


def test_a_start_time_after_the_posts_clock_gives_no_row():
    text = "21.10.2025, 08:15 Uhr\nSeit 9 Uhr warte ich angeblich schon auf den Techniker."
    assert waits(text) == []


# --------------------------------------------------------------------------- cue rows

def test_standing_at_a_stop_is_a_wait_there():
    assert waits("Gestern wieder 25 Minuten an der Haltestelle gestanden, kein Bus kam.") \
        == [("other_wait", round(25 / 1440, 4), "exact")]


@pytest.mark.parametrize("text, days", [
    ("Die Küche wurde drei Wochen später als zugesagt geliefert.", 21.0),
    ("Der Monteur erschien zehn Tage nach dem vereinbarten Termin.", 10.0),
])
def test_a_span_past_a_promised_point_is_a_delay(text, days):
    assert waits(text) == [("delay", days, "exact")]


def test_being_put_off_is_a_response_wait():
    assert waits("Die Hotline hat mich sechs Wochen lang hingehalten.") \
        == [("response_wait", 42.0, "exact")]


def test_a_plain_wait_since_a_span_in_the_present_is_still_open():
    assert waits("Seit zwei Stunden sitzen wir im Regionalexpress fest.") \
        == [("open_wait", round(2 / 24, 4), "lower_bound")]


def test_being_put_off_since_a_date_stays_an_open_wait():
    text = "Stand: 20.03.2025\nSeit dem 6. März gibt es kein Netz, die Hotline vertröstet uns."
    assert waits(text) == [("open_wait", 14.0, "lower_bound")]


# --------------------------------------------------------------------------- web spelling

def test_a_line_in_capitals_is_tagged_like_lower_case():
    assert waits("SEIT 4 WOCHEN KEIN TELEFON UND KEIN INTERNET!!! @netzfirma") \
        == [("open_wait", 28.0, "lower_bound")]


def test_a_wait_in_capitals_takes_the_kind_of_its_clause():
    assert waits("NACH DREI WOCHEN KAM ENDLICH EIN BRIEF VOM AMT.") \
        == [("response_wait", 21.0, "exact")]


def test_a_clause_in_lower_case_still_names_what_arrived():
    assert waits("nach zehn tagen kam endlich ne nachricht vom kundenservice") \
        == [("response_wait", 10.0, "exact")]


def test_unshout_keeps_offsets_and_normal_lines():
    from servicelab.timex import unshout

    text = "Hallo Team,\nWARUM DAUERT DAS SO LANGE @firma\nGruß"
    out = unshout(text)
    assert len(out) == len(text)
    assert out.splitlines() == ["Hallo Team,", "warum dauert das so lange @firma", "Gruß"]


@pytest.mark.parametrize("text, days", [
    ("Nach ner Woche kam die Antwort.", 7.0),
    ("Ich hing ne Stunde in der Warteschleife.", round(1 / 24, 4)),
])
def test_a_colloquial_article_counts_one(text, days):
    assert [d for _, d, _ in waits(text)] == [days]


# --------------------------------------------------------------------------- structure

def test_the_writers_own_thing_waiting_since_a_span_is_an_open_wait():
    assert waits("Unser Widerspruch liegt seit sieben Wochen bei der Kasse.") \
        == [("open_wait", 49.0, "lower_bound")]


def test_a_subordinate_clause_puts_the_response_verb_last():
    assert waits("Es vergingen elf Tage, bis sich die Vermieterin meldete.") \
        == [("response_wait", 11.0, "exact")]


def test_time_gone_by_in_the_present_perfect_is_a_running_count():
    assert waits("Inzwischen sind fünf Wochen vergangen, ohne dass etwas passiert.") \
        == [("open_wait", 35.0, "lower_bound")]


@pytest.mark.parametrize("text, expected", [
    ("Zwölf Tage ohne warmes Wasser, und der Vermieter zuckt mit den Schultern.",
     [("resolution_time", 12.0, "exact")]),
    ("Neun Tage ohne jede Antwort auf meine Beschwerde.", [("response_wait", 9.0, "exact")]),
    ("Die Therme lief acht Jahre ohne Probleme.", []),
])
def test_a_span_before_what_one_went_without(text, expected):
    assert waits(text) == expected


def test_a_span_without_that_sums_up_an_earlier_wait_is_one_row():
    text = ("Nach vier Wochen kam die Waschmaschine endlich repariert zurück. "
            "Vier Wochen ohne Waschmaschine, mit zwei kleinen Kindern.")
    assert waits(text) == [("resolution_time", 28.0, "exact")]


# --------------------------------------------------------------------------- two dates

@pytest.mark.parametrize("text, expected", [
    ("Kundenbeschwerde vom 20.05.2025\n\nSehr geehrte Damen und Herren, am 2. Mai habe ich "
     "bei Ihnen einen Schrank bestellt, geliefert wurde er erst am 16. Mai.",
     [("other_wait", 14.0, "exact")]),
    ("Berlin, 28.05.2025\n\nAm Freitag rief ich bei der Hotline an, der Techniker kam erst "
     "am folgenden Mittwoch.", [("response_wait", 5.0, "exact")]),
])
def test_a_wait_told_by_two_dates(text, expected):
    assert waits(text) == expected


def test_a_later_date_without_erst_or_in_the_present_is_no_wait():
    text = ("Kundenbeschwerde vom 20.05.2025\n\nAm 2. Mai kam Ihr Brief. Am 9. Mai habe ich "
            "geantwortet. Die Filiale hat erst am 26. Mai wieder offen.")
    assert waits(text) == []


# --------------------------------------------------------------------------- second pass

def test_a_case_told_as_done_with_es_hat_gedauert_is_a_resolution_time():
    assert waits("Bei meiner Schwester hat es damals sechs Wochen gedauert.") \
        == [("resolution_time", 42.0, "exact")]


def test_a_short_es_dauerte_is_no_resolution_time():
    assert waits("Es hat zwei Minuten gedauert, dann war ich durch.") == []


@pytest.mark.parametrize("text", [
    "Dritter Anruf am Abend: 35 Minuten warten, danach war die Leitung tot.",
    "Ich habe bei der Servicenummer angerufen. Wieder 35 Minuten warten.",
])
def test_a_plain_wait_after_a_call_is_on_hold(text):
    assert waits(text) == [("hold_time", round(35 / 1440, 4), "exact")]


def test_sitting_at_the_gate_is_a_wait_there():
    assert waits("Wir saßen fast drei Stunden am Gate, dann wurde der Flug gestrichen.") \
        == [("other_wait", 0.125, "approximate")]


def test_a_possessive_inside_a_phrase_is_not_the_writers_own_thing():
    assert waits("Der Paketbote in meiner Straße ist seit Monaten völlig überlastet.") == []


def test_a_possessive_subject_after_the_verb_is_the_writers_own_thing():
    assert waits("Seit fünf Wochen steht mein Auto in der Werkstatt.") \
        == [("open_wait", 35.0, "lower_bound")]


def test_building_work_at_a_platform_over_years_is_no_wait_there():
    assert waits("Am Bahnsteig 3 rechnet die Stadt damit, dass der Umbau in rund zwei Jahren "
                 "fertig ist, und bis dahin bleibt der Aufzug gesperrt.") == []


def test_a_span_of_years_is_no_response_wait():
    assert waits("Ich bin seit 2011 dabei und habe in vierzehn Jahren nie einen Schaden "
                 "gemeldet.") == []
