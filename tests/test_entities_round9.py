"""Organisations, round nine (issue 15): public bodies by structure. A local office standing
bare is the office (the heads that had no bare form), a district's own body takes the district's
name without "Kreis" again, and the town itself beside one of its offices is that office
(codebook §6.9). Every sentence is new; each case failed before this round unless it says it is
a guard."""

from __future__ import annotations

import pandas as pd
import pytest

from servicelab.entities import Gazetteer, _document_local_bodies, find_mentions, local_name


def orgs(text: str) -> set[str]:
    return {m.entity for m in find_mentions(text, pronouns=False)
            if m.source in ("name", "handle", "unknown_org")
            or (m.source == "generic" and m.entity_type == "public_body")}


@pytest.mark.parametrize("text, entity", [
    ("Beim Ordnungsamt ruft seit Tagen niemand zurück.", "Ordnungsamt"),
    ("Das Standesamt will die Geburtsurkunde ein drittes Mal sehen.", "Standesamt"),
    ("Das Jugendamt hat den Termin zweimal verschoben.", "Jugendamt"),
])
def test_bare_local_office_is_a_public_body(text, entity):
    assert entity in orgs(text)


def test_bare_local_office_takes_the_texts_town():
    assert orgs("In Dortmund wartet man beim Sozialamt sieben Wochen auf einen Termin.") == {
        "Sozialamt Dortmund"}


@pytest.mark.parametrize("text, entity", [
    ("Im Kreis Lindenau hat der Kreistag die Buslinie gestrichen.", "Kreistag Lindenau"),
    ("Der Kreistag tagt erst im Mai, schreibt man uns aus dem Landkreis Moorbach.",
     "Kreistag Moorbach"),
])
def test_a_districts_own_body_takes_the_districts_name(text, entity):
    assert orgs(text) == {entity}


def test_an_office_in_a_district_keeps_the_kind():
    # a guard: the registration office is the district's office, written with "Kreis"
    assert local_name("Zulassungsstelle", "Kreis Lindenau") == "Zulassungsstelle Kreis Lindenau"
    assert local_name("Landratsamt", "Landkreis Lindenau") == "Landratsamt Lindenau"


@pytest.mark.parametrize("text, entity", [
    ("Den Antrag habe ich bei der Stadt Bonn abgegeben. Die Elterngeldstelle meldet sich "
     "nicht.", "Elterngeldstelle Bonn"),
    ("Das Bürgeramt Dresden hat keine Termine, und die Stadt Dresden schweigt dazu.",
     "Bürgeramt Dresden"),
])
def test_the_town_beside_one_of_its_offices_is_that_office(text, entity):
    assert orgs(text) == {entity}


@pytest.mark.parametrize("text", [
    # guards: two offices of the town, or the town alone, keep the town
    "Die Stadt Bonn verweist auf das Bürgeramt Bonn und das Ordnungsamt Bonn.",
    "Die Stadt Bonn hat die Straße seit Jahren nicht repariert.",
])
def test_the_town_stays_without_exactly_one_office(text):
    assert "Stadt Bonn" in orgs(text)


def test_the_town_beside_its_office_across_sentences():
    df = pd.DataFrame([("d1", "s1", 14, 24, "Stadt Kiel", "Stadt Kiel", "public_body", None,
                        "unknown_org"),
                       ("d1", "s2", 30, 44, "Wohngeldstelle", "Wohngeldstelle", "public_body",
                        None, "generic")],
                      columns=["doc_id", "sentence_id", "start", "end", "surface", "entity",
                               "entity_type", "organisation", "source"])
    docs = pd.DataFrame({"doc_id": ["d1"], "text": ["Antrag bei der Stadt Kiel. Seit Mai "
                                                    "prüft die Wohngeldstelle."]})
    out = _document_local_bodies(df, docs, Gazetteer.default())
    assert out["entity"].tolist() == ["Wohngeldstelle Kiel", "Wohngeldstelle Kiel"]


@pytest.mark.parametrize("text, entity", [
    ("In Kiel hat der Stadtrat die neue Buslinie wieder gestrichen.", "Stadtrat Kiel"),
    ("Der Gemeinderat hat die Beschwerde über die Müllabfuhr vertagt.", "Gemeinderat"),
])
def test_a_towns_council_is_a_public_body(text, entity):
    assert orgs(text) == {entity}


@pytest.mark.parametrize("text", [
    # guards: the council's title of a member is a person, no body
    "Ein Stadtrat hat mir am Telefon versprochen, dass die Ampel repariert wird.",
    "Stadtrat Person_0a1b2c3d4e5f6a7b hat auf meine Mail nie geantwortet.",
])
def test_a_councillor_is_no_body(text):
    assert orgs(text) == set()


@pytest.mark.parametrize("text, entity", [
    ("Die Familienkasse West schreibt, die Familienkasse habe den Antrag nie bekommen.",
     "Familienkasse West"),
    ("Ein Brief vom Ordnungsamt Bochum kam heute. Das Ordnungsamt will 55 Euro.",
     "Ordnungsamt Bochum"),
])
def test_a_bare_body_beside_its_one_named_body_is_that_body(text, entity):
    assert orgs(text) == {entity}


def test_a_bare_body_beside_two_named_bodies_stays_bare():
    # a guard: which of the two is meant stays open
    found = orgs("Das Bezirksamt Altona und das Bezirksamt Mitte streiten. Das Bezirksamt "
                 "schweigt.")
    assert found == {"Bezirksamt Altona", "Bezirksamt Mitte", "Bezirksamt"}


def test_the_town_is_not_folded_into_its_council():
    # the council is no office of the town (a guard against folding "Stadt Kiel" into it)
    assert orgs("Die Stadt Kiel baut, der Stadtrat Kiel hat zugestimmt.") == {
        "Stadt Kiel", "Stadtrat Kiel"}
