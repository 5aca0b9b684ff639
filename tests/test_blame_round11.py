"""Round eleven's rule changes of blame, each on invented sentences (issue 15 item 3)."""

import pytest

from servicelab import sentences
from servicelab.blame import _WRITER_I, BlameRules, attribute

CASE = ("Kabelnetz Süd", "telecom")


def pats(text: str, role: str, case=CASE, rules: BlameRules | None = None
         ) -> set[tuple[str, str]]:
    return {(b.pattern, b.target_entity) for b in attribute(text, role, case, rules)}


@pytest.mark.parametrize("text", [
    "Ich hätte vielleicht gleich beim Schlüsseldienst anrufen sollen.",
    "Vielleicht hätte ich den Vertrag vorher genauer lesen sollen.",
    "Wir hätten wohl besser ein anderes Hotel buchen sollen.",
    "Mag sein, dass ich vielleicht vorher hätte Bescheid geben können.",
])
def test_a_hedged_self_reproach_blames_the_customer(text):
    """Codebook §6.12: the first person's hedged counterfactual is customer_blame."""
    assert pats(text, "author") == {("customer_blame", "Kunde")}


def test_a_self_reproach_in_the_vendors_voice_concedes_and_a_bare_wish_blames_nobody():
    assert pats("Wir hätten Sie aber besser informieren müssen.", "vendor") == {
        ("concedes", "Kabelnetz Süd")}
    # no hedge, no "besser/gleich/vorher": a plain wish is no self-reproach
    assert pats("Ich hätte gerne einen Termin am Montag gehabt.", "author") == set()
    assert pats("Ich hätte das Paket abholen können.", "author") == set()


def test_an_apology_with_the_companys_we_concedes_in_any_voice():
    """A company reply pasted without a header, addressed with "du": "das tut uns leid"."""
    assert pats("Hallo Jana, das tut uns leid!", "author") == {("concedes", "Kabelnetz Süd")}
    # without "uns" the author's own "tut mir leid" concedes nothing
    assert pats("Das tut mir leid für die Nachbarn.", "author") == set()
    # without a main vendor nobody is known to apologise
    assert pats("Hallo Jana, das tut uns leid!", "author", None) == set()
    # an apology the writer says the company should have made is none
    assert pats("Es wäre ein Leichtes gewesen zu schreiben, das tut uns leid.", "author") == set()
    off = BlameRules.load(own_we_apologies=frozenset())
    assert pats("Hallo Jana, das tut uns leid!", "author", rules=off) == set()


def test_a_regret_reported_in_the_subjunctive_concedes():
    assert pats("Eine Mitarbeiterin sagte, das tue ihr leid.", "author") == {
        ("concedes", "Kabelnetz Süd")}


@pytest.mark.parametrize("text", [
    "Laut Sendungsverfolgung wurde der Empfänger nicht angetroffen.",
    "Der Bote behauptet, er habe niemanden angetroffen.",
])
def test_not_met_blames_the_customer(text):
    """Codebook §6.9: a carrier's "nicht angetroffen" is customer_blame."""
    assert ("customer_blame", "Kunde") in pats(text, "author")


@pytest.mark.parametrize("text", [
    "Der Händler schrieb, die Retoure sei nie angekommen.",
    "Am Telefon hieß es, es sei nie eine Kündigung eingegangen.",
    "Zu deiner Rücksendung liegt uns noch kein Eingang vor.",
])
def test_a_vendor_saying_what_the_customer_sent_never_arrived_blames_the_customer(text):
    """Codebook §6.11: a return or a cancellation "nicht eingegangen" is customer_blame."""
    assert ("customer_blame", "Kunde") in pats(text, "author")


def test_the_parcel_that_did_not_arrive_is_no_customer_blame():
    assert ("customer_blame", "Kunde") not in pats(
        "Mein Paket ist nie angekommen, das ist eine Frechheit!", "author")


@pytest.mark.parametrize("word", ["Meinung", "meinte", "Meinetwegen"])
def test_the_writers_first_person_is_not_meinung_or_meinte(word):
    assert _WRITER_I.search(f"Der Techniker {word} das so.") is None
    assert sentences._FIRST_PERSON.search(f"Der Techniker {word} das so.") is None
    assert _WRITER_I.search("Das ist meine Leitung.") is not None
    assert sentences._FIRST_PERSON.search("Das ist meine Leitung.") is not None



@pytest.mark.parametrize("text", [
    "Die Kasse schrieb, es fehle noch der Bewilligungsbescheid.",
    "Am Telefon hieß es, meine Kündigung sei im System nicht hinterlegt.",
])
def test_a_document_said_to_be_missing_blames_the_customer(text):
    """Codebook §6.11 (as "nicht eingegangen"), second pass of round eleven."""
    assert ("customer_blame", "Kunde") in pats(text, "author")


def test_nothing_to_complain_about_is_no_reproach():
    assert pats("Seitdem läuft die Heizung, da gibt es nichts zu meckern.", "author") == set()
    assert ("customer_blame", "Kunde") in pats("Hör auf zu meckern, du hast es doch bestellt.",
                                               "other")
