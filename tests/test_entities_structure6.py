"""Firms no gazetteer lists, round six (issue 15): coined names that are compounds of words,
argument slots, short forms, brands in capitals, and the maker beside the seller. Every
sentence is new and each positive case failed before this round's rules."""

from __future__ import annotations

import pytest

from servicelab.blame import BlameRules
from servicelab.entities import Mention, find_mentions
from servicelab.vendor_choice import VendorChoice, main_vendor


def orgs(text: str) -> list[tuple[str, str]]:
    return [(m.entity, m.source) for m in find_mentions(text, pronouns=False)
            if m.source in ("name", "handle", "unknown_org")]


@pytest.mark.parametrize("text, entity", [
    # a coined compound of words after a bare "bei" (no dictionary lists it in any form)
    ("Vor drei Wochen habe ich bei Möbelprofi einen Schrank bestellt.", "Möbelprofi"),
    ("Bei Glasnetz erreicht man seit Tagen niemanden.", "Glasnetz"),
    # a coined name before a service head
    ("Die Netzwelle-Hotline legt nach zehn Minuten einfach auf.", "Netzwelle"),
    ("Im Trendhaus-Shop konnte mir keiner helfen.", "Trendhaus"),
    ("Der Paketblitz-Fahrer hat nicht einmal geklingelt.", "Paketblitz"),
    # a coined name as the subject before the complainant
    ("Flinkstrom schickte mir trotzdem eine Mahnung.", "Flinkstrom"),
    ("Glasnetz will uns den Anschluss erst im Mai legen.", "Glasnetz"),
    # a staff or customer noun and "von" with a coined name
    ("Heute rief mich ein Mitarbeiter von Netzwelle an.", "Netzwelle"),
    ("Ich bin seit 2019 Kundin von Flinkstrom.", "Flinkstrom"),
    # an apposition after a comma and an article
    ("Meine Bank, die Nordbank24, hat die Karte ohne Grund gesperrt.", "Nordbank24"),
])
def test_coined_firm_found_in_its_slot(text, entity):
    assert (entity, "unknown_org") in orgs(text)


@pytest.mark.parametrize("text", [
    # with an article a compound is a noun, a settlement ending a town, a plural of words
    "Man habe bei der Empfängerbank nachgefragt.",
    "Der Zug blieb bei Lindenfeld auf offener Strecke stehen.",
    "Das ist halt so bei Hybridteilen.",
    # a listed compound, and a compound after "beim" (article inside)
    "Bei Stromausfall funktioniert auch das Telefon nicht.",
    "Das passiert beim Tarifwechsel leider öfter.",
    # a person after "bei", from the name dictionary
    "Ich habe gestern bei Mehmet angerufen.",
    # a town, a footballer, a plural after a bare "von" (no slot of its own: measured)
    "Der Bus fuhr von Kleinwalden nach Oberau.",
    "Das Tor von Mbakawe kam spät.",
    "Das Risiko von Auffahrunfällen sinkt.",
    # a kind of app, a subject before no verb
    "Die Dating-App hat mir nichts gebracht.",
    "Holzwerk dazu unsere Antwort.",
])
def test_no_firm_in_these_slots(text):
    assert [o for o in orgs(text) if o[1] == "unknown_org"] == []


def test_a_short_form_is_the_firm_named_in_full():
    """"PlusPunkt" after "Die PlusPunkt Sport GmbH", "Grünfluss" after "der Grünfluss Energie
    GmbH" and "Flix" beside "FlixBus" are those firms, not second ones; a legal form's name
    starts after the sentence before it ends."""
    text = ("Im Studio gibt es nie Personal. Die PlusPunkt Sport GmbH schrieb mir. Seitdem "
            "meldet sich bei PlusPunkt niemand.")
    assert {e for e, _ in orgs(text)} == {"PlusPunkt Sport"}
    text = ("Ich wechselte zur Grünfluss Energie GmbH. Der Netzbetreiber habe von Grünfluss "
            "nie eine Meldung bekommen.")
    assert {e for e, _ in orgs(text)} == {"Grünfluss Energie"}
    text = "Antwort von FlixBus: sorry. Ich fahre seit Jahren Flix, aber niemand von Flix half."
    assert {e for e, _ in orgs(text)} == {"Flixbus"}


def test_a_case_sensitive_brand_set_in_capitals_is_found():
    assert ("Bauhaus", "name") in orgs("Ich wollte die Lampe bei BAUHAUS reklamieren.")
    assert orgs("Ich wollte die Lampe bei bauhaus reklamieren.") == []


def _m(start, entity, etype, source="name"):
    return Mention(start, start + len(entity), entity, entity, etype, source)


def test_at_equal_mentions_the_seller_is_the_vendor_before_the_maker():
    """A rule of the rules' choice: run with the learned chooser off (its weights change
    with its training sets; round ten added heldout8, and it picks the seller either way)."""
    rules = BlameRules.default()
    on = VendorChoice(learned=False)
    ms = [_m(10, "Kaltwerk", "manufacturer"), _m(60, "Autohaus Sommer", "retailer",
                                                 "unknown_org")]
    assert main_vendor("", ms, rules, on) == ("Autohaus Sommer", "retailer")
    off = VendorChoice(seller_before_maker=False, learned=False)
    assert main_vendor("", ms, rules, off) == ("Kaltwerk", "manufacturer")
    # named more often, the maker stays the vendor
    ms.append(_m(90, "Kaltwerk", "manufacturer"))
    assert main_vendor("", ms, rules, on) == ("Kaltwerk", "manufacturer")


# second pass, written after reading heldout4's errors (docs/vendors_round6.md): each rule is a
# naming convention, tested on new sentences, and neutral on heldout2/heldout3/GermEval


def test_a_register_word_before_the_legal_form_is_not_part_of_the_name():
    assert ("Kaffeekasse", "unknown_org") in orgs(
        "Verkauft hat es die Kaffeekasse Handels GmbH aus Bremen.")
    assert ("Brenner", "unknown_org") in orgs("Die Brenner Vertriebs GmbH antwortet nicht.")


def test_a_roman_numeral_names_the_office():
    assert ("Finanzamt Lindau III", "unknown_org") in orgs(
        "Der Bescheid vom Finanzamt Lindau III kam nie an.")


@pytest.mark.parametrize("text", [
    "Bei Familie Person_0a1b2c3d4e5f6a7b fiel die Heizung aus.",
    "Bei Nachbar Person_0a1b2c3d4e5f6a7b lief das Wasser in den Keller.",
    "Die Weiche bei Grevenrath war eingefroren.",
    "Der Stau bei Oberscheid dauerte eine Stunde.",
])
def test_persons_and_towns_after_bei_are_no_firms(text):
    assert [o for o in orgs(text) if o[1] == "unknown_org"] == []


def test_a_title_naming_a_maker_and_a_seller_names_the_seller():
    """The product's maker opens the title, the shop that sold it follows: the shop is the
    vendor (a maker alone in the title still is)."""
    rules = BlameRules.default()
    text = "Kaltwerk-Kühlschrank für 99 Euro: wie mich Kistenkönig hinhält\n\nIch bestellte …"
    ms = [_m(0, "Kaltwerk", "manufacturer"), _m(43, "Kistenkönig", "retailer")]
    # the rules' choice (the learned chooser off: its own tests are in test_vendor_model.py)
    assert main_vendor(text, ms, rules, VendorChoice(learned=False)) == ("Kistenkönig", "retailer")
    assert main_vendor(text, ms, rules,
                       VendorChoice(seller_before_maker=False, learned=False)) == (
        "Kaltwerk", "manufacturer")
    assert main_vendor(text, ms[:1], rules) == ("Kaltwerk", "manufacturer")


def test_a_firm_name_recurs_readable_without_its_legal_form():
    """A firm found by its legal form keeps its owner's name readable where the name recurs
    without the form; a name opening with a given name is not carried over (the owner)."""
    from servicelab.privacy import pseudonymise_text

    text = ("Ich wechselte zur Sonnwald Elbe GmbH. Bei Sonnwald Elbe ging dann alles schief. "
            "Die Jana Albers GmbH schrieb mir. Jana Albers rief später an.")
    out = pseudonymise_text(text, b"test-key-not-secret").text
    assert "Bei Sonnwald Elbe ging" in out
    assert "Die Jana Albers GmbH" in out and "Jana Albers rief" not in out
