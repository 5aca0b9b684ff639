"""Issue 15 round four: a stated wait read from its clause (``servicelab.wait_clause``) —
the predicate and its nouns decide whether a duration is a wait and which kind. Every
sentence is invented for this file; each case failed on the rules before this round."""

from __future__ import annotations

import re

import pytest

from servicelab import timeline
from servicelab import timex_evaluation as te
from servicelab.errors import CorpusInputError
from servicelab.wait_clause import WaitStructure, clause_bounds, clause_kind, tense

waits = te.stated_waits


# --------------------------------------------------------------------------- the clause

@pytest.mark.parametrize("text, expected", [
    ("Nach vier Tagen kam endlich ein Schreiben der Versicherung.", "past"),
    ("Ich habe bis heute keine Antwort erhalten", "past"),
    ("Seit zwei Wochen schlafen wir im Gästezimmer", "present"),
    ("Die Prüfung dauert angeblich zehn Tage", "present"),
    ("Abends bricht das Netz zusammen", "present"),
    ("Seit zwei Wochen nur Ärger", "none"),
])
def test_tense_of_a_clause(text, expected):
    assert tense(re.findall(r"\w+", text)) == expected


def test_clause_bounds_stop_at_punctuation_and_conjunctions():
    s = "Ich rief an, und nach drei Tagen kam ein Brief, obwohl ich nichts erwartet hatte."
    a, b = clause_bounds(s, s.index("drei"), s.index("Tagen") + 5)
    assert s[a:b].strip() == "und nach drei Tagen kam ein Brief"


@pytest.mark.parametrize("text, expected", [
    ("Nach vier Tagen kam endlich ein Schreiben der Versicherung.", "response_wait"),
    ("Nach einer Stunde stand die Monteurin vor der Tür.", "response_wait"),
    ("Nach zwei Wochen war der Betrag wieder da.", "resolution_time"),
    ("Nach zwei Tagen war die Maschine wieder einsatzbereit.", "resolution_time"),
    ("Nach drei Wochen kam der Bus endlich.", "delay"),
    ("Die Bearbeitung dauert bis zu sechs Wochen.", "resolution_time"),
    ("Der Umbau hat zwei Jahre gedauert.", None),                   # nobody's wait
    ("Nach zwei Stunden kamen wir in Köln an.", None),               # the customer's journey
    ("Nach drei Wochen frage ich wieder nach.", None),               # present: no end reached
    ("Nach drei Wochen war der Bildschirm wieder schwarz.", None),   # the problem came back
])
def test_clause_kind_from_predicate_and_nouns(text, expected):
    m = re.search(r"(?:vier Tagen|einer Stunde|zwei Wochen|zwei Tagen|drei Wochen|sechs Wochen"
                  r"|zwei Jahre|zwei Stunden)", text)
    signal = re.findall(r"\w+", text[:m.start()])[-1].lower() if m.start() else ""
    assert clause_kind(text, m.start(), m.end(), signal) == expected


# --------------------------------------------------------------------------- stated waits

@pytest.mark.parametrize("text, expected", [
    # the predicate of the duration's own clause beats a cue in the next clause
    ("Auf meine Mail kam nach zehn Tagen ein Brief: Man bedaure die Verspätung.",
     [("response_wait", 10.0, "exact")]),
    ("Der Abschleppdienst kam nach etwa zwei Stunden, half aber nicht weiter.",
     [("response_wait", 0.0833, "approximate")]),
    ("Nach gut drei Wochen war mein Geld wieder da.", [("resolution_time", 21.0, "lower_bound")]),
    ("Nach fünf Tagen hat die zweite Mahnung endlich geholfen.",
     [("resolution_time", 5.0, "exact")]),
    ("Nach über einem Monat Suche hatte ich endlich einen Termin.",
     [("other_wait", 30.44, "lower_bound")]),
    ("Am Ende war die Lieferung da, neun Tage nach der Bestellung.", [("delay", 9.0, "exact")]),
])
def test_waits_ending_in_the_clause_predicate(text, expected):
    assert waits(text) == expected


def test_a_negated_receipt_keeps_the_wait_open():
    assert waits("Nach acht Wochen habe ich weder Geld noch eine Eingangsbestätigung "
                 "bekommen.") == [("open_wait", 56.0, "lower_bound")]


@pytest.mark.parametrize("text, expected", [
    ("Seit vier Wochen duschen wir bei den Nachbarn.", [("open_wait", 28.0, "lower_bound")]),
    ("Ich arbeite zu Hause und telefoniere seit drei Wochen übers Handy.",
     [("open_wait", 21.0, "lower_bound")]),
    ("Seit über vier Monaten wartet meine Mutter auf den Bescheid.",
     [("open_wait", 121.76, "lower_bound")]),
])
def test_seit_with_a_present_state_is_an_open_wait(text, expected):
    assert waits(text) == expected


@pytest.mark.parametrize("text", [
    "Der Schaffner läuft seit einer Stunde durch den Zug.",      # a third party's state
    "Seit drei Monaten fahre ich täglich mit dem Rad zur Arbeit.",  # a habit
    "Meine Tante wohnt seit über zwanzig Jahren in der Altstadt.",  # residence
    "Der Verein besteht seit 40 Jahren und feiert im Mai.",       # a history, not a wait
    "Wenn ich die Rechnung zwei Wochen zu spät bezahle, kommt sofort eine Mahnung.",
    "Die Hotline versprach mir einen Rückruf innerhalb von 24 Stunden.",
    "Das Geld sollte innerhalb von zwei bis drei Werktagen auf dem Konto sein.",
    "Laut Shop soll die Gutschrift in 4–6 Tagen kommen.",
    "Zehn Minuten Wartezeit hatte man mir am Telefon angekündigt.",  # a promised time
    "Die Heizung lief nach Ihrer Wartung über zehn Jahre ohne Probleme.",
    "Nach zwei Stunden Fahrt kamen wir endlich an.",
])
def test_no_waits(text):
    assert waits(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Vor Ort war ich nach zwanzig Minuten dran und alles ging schnell.",
     [("hold_time", 0.0139, "exact")]),
    ("Im Chat wurde ich nach 30 Minuten Wartezeit abgewiesen.", [("hold_time", 0.0208, "exact")]),
    ("Die Abholung hat eine Stunde gedauert, weil nur eine Person am Tresen stand.",
     [("hold_time", 0.0417, "exact")]),
])
def test_queues_and_chats_are_hold_times(text, expected):
    assert waits(text) == expected


def test_a_passive_deadline_is_no_promise():
    assert waits("Retouren werden bei mir nach einer Woche erstattet.") == [
        ("resolution_time", 7.0, "exact")]


def test_a_vague_title_wait_repeated_in_the_body_counts_once():
    text = ("Wie mich der Versand seit Wochen hinhält\n\nSeit über drei Wochen warte ich "
            "auf mein Paket.")
    assert waits(text) == [("open_wait", 21.0, "lower_bound")]


def test_a_title_wait_the_body_does_not_repeat_stays():
    text = ("Seit vier Wochen keine Erstattung\n\nSonst kam mein Geld immer nach zwei Tagen "
            "zurück.")
    assert waits(text) == [("resolution_time", 2.0, "exact"),
                           ("resolution_time", 28.0, "lower_bound")]


def test_a_wait_in_the_title_repeated_in_the_body_counts_once():
    text = ("Vier Wochen ohne Telefon\n\nSeit vier Wochen warte ich auf einen Techniker, "
            "und niemand kommt.")
    assert waits(text) == [("open_wait", 28.0, "lower_bound")]


# --------------------------------------------------------------------------- the rules file

def test_every_structure_row_has_an_example_its_pattern_reads():
    s = WaitStructure.load()
    assert s.predicates and s.arguments
    for _, _, pat in s.predicates + s.arguments:
        assert isinstance(pat, re.Pattern)


def test_a_user_structure_file_is_passed_down(tmp_path):
    path = tmp_path / "structure.csv"
    path.write_text("role,kind,pattern,example\n"
                    "arrival,,^kommen$,Nach zwei Tagen kam ein Brief.\n", encoding="utf-8")
    rules = timeline.TimelineRules.load(wait_structure=path)
    # no noun classes: the letter's arrival is no longer a response wait, only an arrival
    # of no named kind (round ten: an unclassed thing arriving after "nach" ends a wait)
    assert waits("Nach zwei Tagen kam ein Brief vom Amt.", rules) == [
        ("other_wait", 2.0, "exact")]
    assert waits("Nach zwei Tagen kam ein Brief vom Amt.") == [("response_wait", 2.0, "exact")]


def test_a_structure_row_with_an_unknown_kind_names_file_and_row(tmp_path):
    path = tmp_path / "structure.csv"
    path.write_text("role,kind,pattern,example\nmoney,refund,^Geld$,Das Geld kam.\n",
                    encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"structure.csv.*row 2.*kind 'refund'"):
        WaitStructure.load(path)


def test_a_bad_structure_row_names_file_and_row(tmp_path):
    path = tmp_path / "structure.csv"
    path.write_text("role,kind,pattern,example\nguess,,^x$,Beispiel.\n", encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"structure.csv.*row 2.*unknown role"):
        WaitStructure.load(path)


@pytest.mark.parametrize("text, expected", [
    # working days in calendar days, five to the week (codebook §6.9)
    ("Die Bearbeitung dauert laut Hotline bis zu 15 Werktage.",
     [("resolution_time", 21.0, "upper_bound")]),
    # a postponement is a delay, also as a relative expression
    ("Die Airline hat uns auf eine Maschine drei Tage später umgebucht.",
     [("delay", 3.0, "exact")]),
    ("Der Termin wurde um zwei Wochen verschoben.", [("delay", 14.0, "exact")]),
    # a plain wait takes the kind of its reason clause
    ("Wir mussten zwei Stunden am Bahnsteig warten, weil der Anschlusszug ausfiel.",
     [("delay", 0.0833, "exact")]),
])
def test_working_days_postponements_and_reasons(text, expected):
    assert waits(text) == expected


@pytest.mark.parametrize("text, expected", [
    # quotation marks quote, they do not end the clause: the process noun outside counts
    ('Die Antwort kam sofort: Die Prüfung dauere „bis zu sechs Wochen" wegen vieler Anträge.',
     [("resolution_time", 42.0, "upper_bound")]),
    # "das" points back to the clause before, not to a message noun earlier
    ("Antwort: Die Reklamation sei in Bearbeitung, das könne bis zu zehn Tage dauern.",
     [("resolution_time", 10.0, "upper_bound")]),
])
def test_dauern_reads_its_subject_through_quotes_and_pronouns(text, expected):
    assert waits(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Nach 10 Minuten kam ich an die Reihe.", [("hold_time", 0.0069, "exact")]),
    # a receipt, like an arrival, takes the kind of what came
    ("Nach vier Wochen habe ich endlich mein Geld bekommen.",
     [("resolution_time", 28.0, "exact")]),
    # a wait still open when written is a lower bound, also after "nach"
    ("Nach zwei Wochen habe ich noch keine Antwort bekommen.",
     [("open_wait", 14.0, "lower_bound")]),
    # how long a delivery takes is no lateness and no process of the case
    ("Die Lieferung dauert zwei Tage.", []),
])
def test_receipts_queues_and_delivery_times(text, expected):
    assert waits(text) == expected


def test_the_promised_time_is_no_wait_the_time_waited_is():
    assert waits("In der Warteschleife hing ich 40 Minuten, zehn Minuten waren angekündigt.") \
        == [("hold_time", 0.0278, "exact")]


def test_an_announced_delay_is_still_a_delay():
    assert waits("Ihre Bestellung verzögert sich um ca. drei Wochen.") == [
        ("delay", 21.0, "approximate")]
