"""Organisations, round seven (issue 15): a thing after "bei" and an article, a bare type word
or acronym standing for the body the same text names in full. Every sentence is new and each
case failed before this round's rules."""

from __future__ import annotations

import pandas as pd
import pytest

from servicelab.entities import _document_short_forms, find_mentions


def orgs(text: str) -> set[str]:
    return {m.entity for m in find_mentions(text, pronouns=False)
            if m.source in ("name", "handle", "unknown_org")
            or (m.source == "generic" and m.entity_type == "public_body")}


@pytest.mark.parametrize("text", [
    # a word the dictionary lists, after "bei" and an article: a thing or a kind of shop
    "Beim Aufmaß hat der Monteur die Fenster falsch ausgemessen.",
    "Die alten Bretter habe ich schon beim Wertstoffhof abgegeben.",
    "Ich habe dann bei der Pizzeria selbst angerufen.",
    "Wir waren bei dem 25-Jährigen Firmenfest eingeladen.",
])
def test_listed_noun_after_bei_and_article_is_no_firm(text):
    assert orgs(text) == set()


@pytest.mark.parametrize("text, entity", [
    # a coined or name-like word stays a firm after "bei" (a guard: these passed before)
    ("Ich war gestern beim Ostwerk24 im Laden.", "Ostwerk24"),
    ("Bei Flinkstrom erreicht man niemanden.", "Flinkstrom"),
])
def test_coined_name_after_bei_stays_a_firm(text, entity):
    assert entity in orgs(text)


@pytest.mark.parametrize("text, entity, bare", [
    ("Ich habe an die Familienkasse geschrieben. Die Familienkasse Südwest antwortete "
     "nach acht Wochen.", "Familienkasse Südwest", "Familienkasse"),
    ("Am Telefon war die Sparkasse freundlich. Später schrieb mir die Sparkasse "
     "Lindenhain-Ost, der Kredit sei abgelehnt.", "Sparkasse Lindenhain-Ost", "Sparkasse"),
])
def test_bare_type_word_is_the_body_the_text_names(text, entity, bare):
    found = orgs(text)
    assert entity in found and bare not in found


def test_bare_type_word_stays_when_two_bodies_are_named():
    text = ("Die Familienkasse Südwest schickte mich zur Familienkasse Nordost; "
            "keine Familienkasse fühlte sich zuständig.")
    assert {"Familienkasse Südwest", "Familienkasse Nordost"} <= orgs(text)


def test_listed_acronym_of_the_texts_own_body():
    text = ("Liebe Verkehrsbetriebe Nordhafen, die Linie 4 fällt ständig aus. "
            "Die Antwort kam vom VBN-Team.")
    found = orgs(text)
    assert "Verkehrsbetriebe Nordhafen" in found
    assert "Verkehrsverbund Bremen/Niedersachsen" not in found


def test_listed_acronym_kept_when_it_abbreviates_nothing_in_the_text():
    assert "Verkehrsverbund Bremen/Niedersachsen" in orgs(
        "Der VBN hat die Preise zum Januar erhöht.")


def test_document_short_forms_across_sentences():
    rows = [("d1", "s1", 0, 13, "Familienkasse", "Familienkasse", "public_body", None,
             "name"),
            ("d1", "s2", 40, 61, "Familienkasse Südwest", "Familienkasse Südwest",
             "public_body", None, "unknown_org")]
    df = pd.DataFrame(rows, columns=["doc_id", "sentence_id", "start", "end", "surface",
                                     "entity", "entity_type", "organisation", "source"])
    out = _document_short_forms(df)
    assert out["entity"].tolist() == ["Familienkasse Südwest", "Familienkasse Südwest"]


@pytest.mark.parametrize("text, entity", [
    ("Nach dem Umzug nach Leipzig brauchte ich einen Termin beim Bürgeramt. "
     "Sechs Wochen Wartezeit.", "Bürgeramt Leipzig"),
    ("Im Landkreis Wesermünde wartet man auf die Zulassungsstelle ewig.",
     "Zulassungsstelle Landkreis Wesermünde"),
])
def test_bare_local_office_takes_the_texts_one_place(text, entity):
    found = orgs(text)
    assert entity in found and entity.split(" ")[0] not in found


@pytest.mark.parametrize("text, bare", [
    # two towns: which office is meant stays open
    ("Zwischen Leipzig und Dresden pendeln, und dann das Bürgeramt!", "Bürgeramt"),
    # the police in general stay bare (codebook §6.2), even with a town
    ("In Leipzig hat die Polizei den Unfall aufgenommen.", "Polizei"),
])
def test_bare_local_office_without_one_place_stays_bare(text, bare):
    assert bare in orgs(text)


def test_local_office_across_sentences_of_a_document():
    df = pd.DataFrame([("d1", "s2", 30, 39, "Bürgeramt", "Bürgeramt", "public_body", None,
                        "generic")],
                      columns=["doc_id", "sentence_id", "start", "end", "surface", "entity",
                               "entity_type", "organisation", "source"])
    docs = pd.DataFrame({"doc_id": ["d1"], "text": ["Ich wohne jetzt in Bonn. Ich war beim "
                                                    "Bürgeramt."]})
    from servicelab.entities import Gazetteer, _document_local_bodies

    out = _document_local_bodies(df, docs, Gazetteer.default())
    assert out["entity"].tolist() == ["Bürgeramt Bonn"]


def test_lowercase_text_finds_case_sensitive_names():
    text = ("retoure angemeldet, paket am selben tag bei hermes abgegeben und bei dpd "
            "nachgefragt, aber niemand weiß etwas.")
    assert {"Hermes", "DPD"} <= orgs(text)


def test_lowercase_name_that_is_a_word_stays_a_word():
    # "flink" (quick) is the delivery firm only with its capital
    text = "das ging heute richtig flink, der bote war schon um acht da und hat geklingelt."
    assert "Flink" not in orgs(text)


def test_capitalised_text_keeps_case_sensitive_names_case_sensitive():
    text = "Der Gott hermes ist in der Sage schnell. Ich habe das Paket abgegeben, so war es."
    assert "Hermes" not in orgs(text)


@pytest.mark.parametrize("text, entity", [
    ("Bestellt über de.zalando.de, geliefert nie.", "Zalando"),
    ("Auf m.otto.de sieht die Bestellung anders aus.", "Otto"),
])
def test_country_or_mobile_subdomain_names_the_shop(text, entity):
    assert entity in orgs(text)


def test_dateline_before_the_title_is_skipped():
    from servicelab.blame import BlameRules
    from servicelab.vendor_choice import main_vendor

    text = ("2026-03-02 · Blog von einer Leserin\n\nRücksendung bei Zalando – ein Drama\n\n"
            "Das Paket habe ich bei Hermes abgegeben. Hermes sagt, es sei angekommen. "
            "Zalando sagt, nichts sei da. Die Sparkasse hat die Lastschrift gebucht.\n")
    rules = BlameRules.default()
    assert main_vendor(text, find_mentions(text, pronouns=False), rules)[0] == "Zalando"


@pytest.mark.parametrize("text, entity", [
    ("Die Karten habe ich über Eventim gekauft, das Konzert fiel aus.", "Eventim"),
    ("Seit März versuche ich, meinen Vertrag bei McFit zu kündigen.", "McFit"),
    ("Bei dm gab es das Shampoo nicht mehr.", "dm-drogerie markt"),
    ("Das Handy von Back Market war nach zwei Wochen kaputt.", "Back Market"),
    ("Riverty schickt mir Mahnungen für eine bezahlte Rechnung.", "Riverty"),
])
def test_round_seven_gazetteer_sectors(text, entity):
    assert entity in orgs(text)


@pytest.mark.parametrize("text, entity", [
    # the currency, the English word, a given name: the case-sensitive rows stay apart
    ("Das hat damals 50 DM gekostet.", "dm-drogerie markt"),
    ("My brother bought it.", "Brother"),
])
def test_round_seven_gazetteer_words_stay_words(text, entity):
    assert entity not in orgs(text)
