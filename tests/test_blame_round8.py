"""Round eight's rule changes of blame, each on invented sentences (issue 15 item 3)."""

import pytest

from servicelab.blame import text_blame


@pytest.mark.parametrize("text", [
    "Die Stadtwerke Nordheim haben zweimal falsch abgerechnet. Vorgestern hat sich der "
    "Sachbearbeiter dann doch entschuldigt.",
    "Die Stadtwerke Nordheim haben meinen Zähler vertauscht. Nach drei Wochen hat sich die "
    "Abteilungsleiterin schriftlich bei mir entschuldigt.",
])
def test_an_apology_reported_in_the_perfect_concedes(text):
    rows = text_blame(text)
    concedes = rows[rows["pattern"] == "concedes"]
    assert list(concedes["target_entity"]) == ["Stadtwerke Nordheim"], rows[
        ["pattern", "target_entity", "cue"]]


@pytest.mark.parametrize("text", [
    "Die Stadtwerke Nordheim haben falsch abgerechnet. Entschuldigt haben sich die Stadtwerke "
    "bis heute nicht, die Stadtwerke haben sich auch nie entschuldigt.",
    "Die Stadtwerke Nordheim haben falsch abgerechnet. Die Stadtwerke sollten sich endlich "
    "entschuldigen!",
    "Die Stadtwerke Nordheim haben falsch abgerechnet. Ich habe mich trotzdem bei der "
    "freundlichen Dame am Schalter entschuldigt.",
])
def test_a_missing_demanded_or_own_apology_does_not_concede(text):
    assert "concedes" not in set(text_blame(text)["pattern"])


@pytest.mark.parametrize("text", [
    "Mein Paket von Versand Nord kam nie an. Der Versandhändler schrieb, auf die Zustellung "
    "habe man leider keinen Einfluss.",
    "Der Flug mit Aero Süd fiel aus. Die Airline erklärte, der Grund sei ein Streik, auf den "
    "sie keinen Einfluss habe.",
])
def test_no_influence_on_the_cause_is_a_shift_not_customer_blame(text):
    rows = text_blame(text)
    assert "shifts" in set(rows["pattern"]), rows[["pattern", "target_entity", "cue"]]
    assert "customer_blame" not in set(rows["pattern"])


def test_the_authors_own_lack_of_influence_is_no_shift():
    rows = text_blame("Versand Nord hat mein Paket verloren. Auf den Zoll habe ich keinen "
                      "Einfluss, schreibe ich ihnen.")
    assert "shifts" not in set(rows["pattern"])


@pytest.mark.parametrize("text", [
    "Die Telekom hat mir gekündigt. Eine Beraterin hilft mir jetzt beim Widerspruch.",
    "Ich habe fristgerecht Widerspruch gegen den Bescheid der AOK eingelegt.",
])
def test_the_customers_legal_objection_accuses_nobody(text):
    assert "accuses" not in set(text_blame(text)["pattern"])


def test_a_contradiction_still_accuses():
    rows = text_blame("Die Antwort der Telekom steht im klaren Widerspruch zu ihrem ersten "
                      "Schreiben.")
    assert "accuses" in set(rows["pattern"]), rows[["pattern", "target_entity", "cue"]]


@pytest.mark.parametrize("text", [
    "Die Frist hat die Hausverwaltung Lindner verpasst. Das ist nicht mein Fehler, sondern "
    "Ihrer, und ich erwarte eine Korrektur.",
    "Es ist nicht meine Schuld, dass Ihre Poststelle bei der Stadtkasse Nordheim Briefe "
    "verliert.",
])
def test_a_denied_own_fault_is_no_admission(text):
    patterns = set(text_blame(text)["pattern"])
    assert not patterns & {"customer_blame", "concedes"}, patterns


def test_an_own_fault_still_is_one():
    rows = text_blame("Ich habe die Frist verpasst, das war mein Fehler.")
    assert list(rows["pattern"]) == ["customer_blame"]
