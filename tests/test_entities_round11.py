"""Organisations, round eleven (issue 15): brands written small, products standing for their
maker, firms named by their web address, a subsidiary's seat, a city named by its adjective.
Every sentence is invented for this file; each case failed before this round unless it says
it is a guard."""

from __future__ import annotations

import pytest

from servicelab.entities import find_mentions
from servicelab.errors import CorpusInputError
from servicelab.org_case import small_letter_text, spelt_acronym
from servicelab.products import load_products, product_makers


def orgs(text: str) -> set[str]:
    return {m.entity for m in find_mentions(text, pronouns=False)
            if m.source in ("name", "handle", "unknown_org")
            or (m.source == "generic" and m.entity_type == "public_body")}


SMALL = ("also ich hab am montag zwei schuhe zurückgeschickt und das paket bei hermes im "
         "kiosk abgegeben, seitdem steht in der app nur dass die sendung unterwegs ist und "
         "keiner weiß wo sie hängt, ich warte jetzt schon zwei wochen auf mein geld.")


def test_a_vowelless_acronym_is_found_written_small():
    assert "Berliner Verkehrsbetriebe" in orgs("Ernsthaft bvg?? Die Bahn kam einfach nicht.")


def test_an_acronym_with_a_vowel_is_not_read_small():
    """Guard: "ups" is an interjection, not the carrier."""
    assert "UPS" not in orgs("Ups, da habe ich mich wohl vertippt beim Formular.")


def test_spelt_acronym_needs_capitals_without_a_vowel():
    assert spelt_acronym("DHL") and not spelt_acronym("UPS") and not spelt_acronym("Dhl")


def test_a_text_in_small_letters_is_told_from_a_normal_one():
    assert small_letter_text(SMALL, 0.1)
    assert not small_letter_text("Am Montag habe ich das Paket bei der Post abgegeben, "
                                 "seitdem zeigt die Sendungsverfolgung keinen neuen Stand "
                                 "und die Hotline vertröstet mich jeden Tag aufs Neue.", 0.1)


def test_a_case_sensitive_brand_is_found_small_in_a_small_letter_text():
    assert "Hermes" in orgs(SMALL)


def test_a_small_letter_text_keeps_capitals_apart():
    """Guard: in a small-letter text "DM" (a direct message) is still not "dm"."""
    text = SMALL + " schreib mir per DM deine nummer."
    assert "dm-drogerie markt" not in orgs(text)


@pytest.mark.parametrize("text, maker", [
    ("Bei meinem alten Golf hat die Werkstatt das sofort gemacht.", "Volkswagen"),
    ("Das Pixel 7 zeigt seit dem Update nur noch Streifen.", "Google"),
    ("Unsere PS5 kam mit einem defekten Laufwerk an.", "Sony"),
    ("Mein Galaxy ist jetzt seit vier Wochen in der Reparatur.", "Samsung"),
])
def test_an_owned_or_numbered_product_stands_for_its_maker(text, maker):
    assert maker in orgs(text)


@pytest.mark.parametrize("text, maker", [
    ("Am Wochenende spielen wir Golf am Stadtrand.", "Volkswagen"),
    ("Ich habe eine Playstation für meinen Neffen bestellt.", "Sony"),
    ("Das Foto ist pro Pixel viel zu dunkel.", "Google"),
])
def test_a_bare_product_is_no_maker(text, maker):
    assert maker not in orgs(text)


def test_every_product_row_has_an_example_and_a_source():
    rows = load_products()
    assert rows and all(product_makers(f"Mein {p.product} 3 ist kaputt.", [p]) for p in rows)


def test_a_product_row_without_source_is_one_error(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("product,maker,case,example,source\nKühlix,Frostwerk,i,Mein Kühlix 2.,\n",
                    encoding="utf-8")
    with pytest.raises(CorpusInputError, match="source"):
        load_products(path)


def test_a_hyphenated_domain_with_a_sector_head_is_the_firm():
    assert "Stadtwerke Tannhausen" in orgs(
        "Die Abrechnung steht auf www.stadtwerke-tannhausen.de im Kundenportal.")


def test_a_link_with_a_path_names_no_firm():
    found = orgs("Hier mein Bericht: wanderblog-nordhang.de/2024/05/zugausfall-erfahrung/")
    assert not any("wanderblog" in o for o in found)


def test_a_subsidiarys_seat_is_left_out_of_its_name():
    assert "Fernblick Reisen" in orgs("Die Fernblick Reisen Hamburg GmbH hat nie geantwortet.")


def test_a_sector_head_keeps_its_town():
    """Guard: a utility is named with its town."""
    assert orgs("Die Stadtwerke Bremen GmbH hat die Abschläge erhöht.") == {"Stadtwerke Bremen"}


def test_a_city_named_by_its_adjective_names_the_town_body():
    assert "Stadt Bielefeld" in orgs(
        "Im Bielefelder Westen fallen ständig Busse aus. Die Stadt verweist auf den Betreiber.")


@pytest.mark.parametrize("text, entity", [
    ("Wir haben gestern bei der Pizzeria Da Tonio bestellt.", "Pizzeria Da Tonio"),
    ("Die Zahnarztpraxis am Lindenplatz hat den Termin abgesagt.",
     "Zahnarztpraxis am Lindenplatz"),
    ("Das Reisebüro am Marktplatz meldet sich nicht.", "Reisebüro am Marktplatz"),
    ("KANZLEI AM WESTTOR · Rechtsanwälte", "KANZLEI AM WESTTOR"),
])
def test_a_shop_head_with_a_particle_or_site_is_the_shops_name(text, entity):
    assert entity in orgs(text)


def test_a_weekday_after_am_is_no_site():
    """Guard: "im Reisebüro am Montag" names no shop."""
    assert not any("Montag" in o for o in orgs("Ich war im Reisebüro am Montag."))


def test_a_partners_surname_after_an_ampersand_closes_the_firm():
    assert "Sanitätshaus Kroll & Baran" in orgs(
        "Das Sanitätshaus Kroll & Baran hat den Antrag verschickt.")


@pytest.mark.parametrize("text, entity", [
    ("Die Busse fährt Omnibus Carstens im Auftrag des Kreises.", "Omnibus Carstens"),
    ("Beim Landkreis Uckerwald, der den Busverkehr bestellt, ist man verärgert.",
     "Landkreis Uckerwald"),
])
def test_new_heads_name_a_firm_or_body(text, entity):
    assert entity in orgs(text)


def test_a_territory_after_im_is_the_place():
    assert "Landkreis Uckerwald" not in orgs("Ich wohne im Landkreis Uckerwald seit Jahren.")


def test_digits_joined_by_an_ampersand_are_no_date():
    assert "Telecom" not in orgs("Auftraggeber: 1&1 Telecom GmbH, Kundennummer anbei.")


def test_a_plural_before_a_legal_form_is_no_firm():
    assert "Rechtsanwälte" not in orgs("Kanzlei Brandt · Rechtsanwälte PartG mbB")


def test_a_short_name_opening_a_longer_one_is_that_organisation():
    assert orgs("Ich bin Kundin der Sparkasse Elbtal-Nord. Ihre Sparkasse sperrt einfach "
                "die Karte.") == {"Sparkasse Elbtal-Nord"}


def test_initials_of_an_organisation_named_in_the_text_are_that_organisation():
    assert orgs("Ein Gutachten des Medizinischen Dienstes fehlt. Beim MD hieß es, es sei "
                "längst verschickt.") == {"Medizinischer Dienst"}


def test_die_bahn_after_a_trip_is_the_train():
    assert "Deutsche Bahn" not in orgs("Die Fahrt mit der Bahn war eine Zumutung.")
    assert "Deutsche Bahn" in orgs("Ich habe nur Ärger mit der Bahn.")  # guard
    assert "Deutsche Bahn" in orgs("Ich fahre seit Jahren mit der Bahn.")  # guard: a customer


def test_social_networks_are_platforms():
    assert "Instagram" in orgs("Der Veranstalter schreibt auf Instagram, alles sei bezahlt.")


def test_a_one_word_adjective_name_declines():
    assert "Süddeutsche Zeitung" in orgs("Ich bin seit Jahren Abonnentin der Süddeutschen.")


def test_a_made_up_word_opening_a_hyphened_name_after_a_head():
    assert "Autohaus Kalmtal-Mobil" in orgs(
        "Den Wagen habe ich beim Autohaus Kalmtal-Mobil zurückgegeben.")


def test_a_bodys_place_of_two_hyphened_names():
    assert "Ordnungsamt Lichtenberg-Hohenschönhausen" in orgs(
        "Sie haben meine Daten an das Ordnungsamt Lichtenberg-Hohenschönhausen gegeben.")


def test_inspection_bodies_and_the_car_sharers_brand():
    assert {"DEKRA", "Miles"} <= orgs("Die DEKRA hat den Schaden begutachtet, den die Miles "
                                      "Mobility GmbH mir in Rechnung stellt.")
    assert not any("TÜV" in o for o in orgs("Der Wagen hat noch zwei Jahre TÜV."))  # guard
