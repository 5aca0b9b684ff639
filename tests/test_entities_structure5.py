"""Firms no gazetteer lists, found by structure (issue 15, round five). Every sentence is new
and each case failed before this round's rules."""

from __future__ import annotations

import pytest

from servicelab.entities import find_mentions


def orgs(text: str) -> list[tuple[str, str]]:
    return [(m.entity, m.source) for m in find_mentions(text, pronouns=False)
            if m.source in ("name", "handle", "unknown_org")]


@pytest.mark.parametrize("text, entity", [
    # a sector head as the last part of a compound
    ("Die Autowerkstatt Petersen hat den Schaden nicht behoben.", "Autowerkstatt Petersen"),
    ("Die Kfz-Werkstatt Albers hat nichts gemacht.", "Kfz-Werkstatt Albers"),
    ("Die Online-Apotheke Pillenfix schickte das falsche Mittel.", "Online-Apotheke Pillenfix"),
    # a made-up town or name after a head that ends like a word ("-feld", "-welt")
    ("Die Stadtwerke Ebersfeld haben den Abschlag verdoppelt.", "Stadtwerke Ebersfeld"),
    ("Das Möbelhaus Wohnwelt hat die Küche falsch geliefert.", "Möbelhaus Wohnwelt"),
    # a title inside the name, a partnership's legal form
    ("Bei der Kanzlei Dr. Sommerfeld hat niemand abgenommen.", "Kanzlei Dr. Sommerfeld"),
    ("Die Kanzlei Dr. Meier & Partner mbB ignoriert unsere Mail.",
     "Kanzlei Dr. Meier & Partner"),
    ("Die Malerei Hahn e.K. kam nie zum Termin.", "Malerei Hahn"),
    # the firm whose staff or service is named, the abbreviation of "Firma"
    ("Der Kundenservice von FlinkFahrrad reagiert nicht.", "FlinkFahrrad"),
    ("Die Fa. Brandlhuber hat die falsche Heizung eingebaut.", "Brandlhuber"),
    # web addresses, capitals after "bei"
    ("Seit Wochen warte ich auf mein Paket von lieferblitz.de.", "lieferblitz.de"),
    ("Hilfe gibt es angeblich unter https://www.fahrradkiste.de/hilfe.", "fahrradkiste.de"),
    ("Ich habe bei KOMFORTWOHNEN ein Sofa gekauft.", "KOMFORTWOHNEN"),
])
def test_firm_found_by_structure(text, entity):
    assert (entity, "unknown_org") in orgs(text)


def test_known_firm_with_a_service_noun_stays_the_firm():
    """"Zalandos Kundenservice" is Zalando's service, not a branch named "Zalandos
    Kundenservice" (a name row extends to its branch only by a name)."""
    assert orgs("Bei Zalandos Kundenservice habe ich dreimal angerufen.") == [
        ("Zalando", "name")]


@pytest.mark.parametrize("text", [
    "Ein Beitrag für alle, die einen Elektro-Kleinwagen fahren.",  # a compound, no firm
    "Am Ende half ein Techniker vom Hausnotrufdienst weiter.",  # a service, no name
    "Der Mitarbeiter der Filiale war freundlich.",
    "Der Mitarbeiter von Herrn Person_ab12cd34 rief an.",
    "Die Fa. Person_ab12cd34 hat nie angerufen.",
    "Schreiben Sie an info@example.de oder an service@web.de.",
    "Die Datei rechnung.pdf habe ich angehängt.",
    "Das ging bei ZUSTELLUNG schief, ich war bei MIR zuhause.",
    "Stand 1.12.2024 kostet es 5.99 Euro.",
])
def test_no_firm_by_structure(text):
    assert [o for o in orgs(text) if o[1] == "unknown_org"] == []
