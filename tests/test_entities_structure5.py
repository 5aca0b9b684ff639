"""Firms no gazetteer lists, found by structure (issue 15, round five). Every sentence is new
and each case failed before this round's rules."""

from __future__ import annotations

import pytest

from servicelab.entities import find_mentions
from servicelab.scan import around_hints, ends_at


def orgs(text: str) -> list[tuple[str, str]]:
    return [(m.entity, m.source) for m in find_mentions(text, pronouns=False)
            if m.source in ("name", "handle", "unknown_org")]


@pytest.mark.parametrize("text, entity", [
    # a sector head as the last part of a compound
    ("Die Autowerkstatt Petersen hat den Schaden nicht behoben.", "Autowerkstatt Petersen"),
    ("Die Kfz-Werkstatt Albers hat nichts gemacht.", "Kfz-Werkstatt Albers"),
    ("Die Online-Apotheke Pillenfix schickte das falsche Mittel.", "Online-Apotheke Pillenfix"),
    # a made-up town or name after a head that ends like a word ("-feld", "-welt")
    ("Die Stadtwerke Ellersbach haben den Abschlag verdoppelt.", "Stadtwerke Ellersbach"),
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
    # second pass: branches by region or compass, districts, family endings, quoted names
    ("Die Sparkasse Oberwald-Nord hat meine Karte gesperrt.", "Sparkasse Oberwald-Nord"),
    ("Laut Bescheid der Familienkasse West fehlt ein Formular.", "Familienkasse West"),
    ("Die Ausländerbehörde Kreis Talheim vergibt keine Termine.",
     "Ausländerbehörde Kreis Talheim"),
    ("Seit März bin ich Mitglied bei MuskelHaus Ost und komme nicht raus.", "MuskelHaus Ost"),
    ("Die Zimmerei Brandt & Söhne hat das Dach undicht gelassen.", "Zimmerei Brandt & Söhne"),
    ('Wir hatten das Hotel "Sol y Mar" gebucht, es war überbucht.', "Sol y Mar"),
    ("Gekauft habe ich es bei einem Händler namens TECHNIKPOLIS7.", "TECHNIKPOLIS7"),
    ("Liebe Verkehrsbetriebe Altmarkhafen, der Bus kam wieder nicht.",
     "Verkehrsbetriebe Altmarkhafen"),
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
    # second pass: a letterhead's town line, verb stems, possessives, letters, abbreviations
    "Die Bestell-Hotline war den ganzen Tag besetzt.",
    "Das liege bei Ihrem Subunternehmer, hieß es.",
    "Bei der E-Mail habe ich mich vertippt.",
    "Bei der PIN fehlte am Ende eine Ziffer.",
    'Der Shop "3–5 Werktage" versprach, es wurden zwei Monate.',
    "Die Kfz-Versicherung läuft noch über meinen Vater.",
    # a quoted remark after a firm noun; a compound of two nouns after a head
    'Der Händler "Kein Problem" sagte er und legte auf.',
    "Gestern war ich in der Werkstatt Meisterbetrieb und bekam keinen Termin.",
])

def test_no_firm_by_structure(text):
    assert [o for o in orgs(text) if o[1] == "unknown_org"] == []


def test_a_legal_form_name_stays_on_its_line():
    """A letterhead: the town line above the firm's line is no part of its name."""
    assert ("Kolbe Wohnen", "unknown_org") in orgs("12345 Talheim\nKolbe Wohnen GmbH\n")
    assert not any("Talheim" in e for e, _ in orgs("12345 Talheim\nKolbe Wohnen GmbH\n"))


def test_a_known_firms_web_address_is_that_firm():
    assert ("Google", "name") in orgs("Ich habe auf www.google.de nach einer Lösung gesucht.")


@pytest.mark.parametrize("pattern_name", ["_PLACE_PHRASE", "_ARTICLE_BEFORE", "_DATIVE_OBJECT"])
def test_anchored_look_back_equals_a_search_from_the_start(pattern_name):
    """``scan.ends_at`` searches only the characters before ``end``; it must answer as a search
    from the text's start does (the patterns end in ``$``), long prefixes included."""
    import random

    from servicelab import entities

    pattern = getattr(entities, pattern_name)
    rng = random.Random(7)
    words = ["in der", "am", "dem", "einem", "mit dem", "von", "Kunde", "die", "neue", "x",
             "Händler", "bei", "seinem", "ein", "Xin", ",", "  ", "\n"]
    for _ in range(400):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 120))) + " "
        for end in (len(text), len(text) - 1, len(text) // 2):
            assert ends_at(pattern, text, end) == bool(
                pattern.search(text, 0, end)), (text, end)


def _random_firm_texts(seed: int, n: int) -> list[str]:
    import random

    rng = random.Random(seed)
    tokens = ["GmbH", "AG", "AGUSTINA", "KG", "GmbH & Co. KG", "UG (haftungsbeschränkt)",
              "e.K.", "eG", "SE", "Ltd", "Müller", "Autohaus", "Schneider", "VERTRAG", "TAG",
              "und", "&", "+", "die", "Kleinwatt", "Energie", "Immobilien", "energie",
              "Brenner", "x" * 250, "Y" * 320, "Person_ab12", "12.03.2024", "-", ".", ",",
              "\n", "\t", "Sanitär", "Versicherung", "am", "in der"]
    return ["".join(rng.choice(tokens) + rng.choice([" ", "", "  ", "-"])
                    for _ in range(rng.randint(1, 80))) for _ in range(n)]


def test_legal_forms_found_around_their_hints_are_those_of_a_whole_scan():
    """``scan.around_hints`` tries the legal-form pattern only in windows around its literal
    hints; on texts made of forms, capitals, long words and words that only start like a form
    ("AGUSTINA") it must find exactly what ``finditer`` over the whole text finds."""
    from servicelab import entities as E

    # a hint ("VERTRAG" ends in "AG") whose window would end inside a later word that only
    # starts like a form ("AGUSTINA"): the whole scan finds nothing there
    head = "DIE DEM GESELLSCHAFTSVERTRAG VON REPUBLIK Person_"
    pad = 40 - len(" VON REPUBLIK Person_") - len(" AG")  # "AG…" ends 40 after "VERTRAG"
    fixed = [f"{head}{'a' * k} AGUSTINA MUÑOZ." for k in range(pad - 2, pad + 3)]
    for text in fixed + _random_firm_texts(11, 1500):
        whole = [m.span() for m in E._LEGAL_FORM.finditer(text)]
        windowed = [m.span() for m in around_hints(
            E._LEGAL_FORM, text, E._LEGAL_HINT.finditer(text), E._LEGAL_LOOKBACK)]
        assert windowed == whole, text


def test_sector_tails_found_around_their_hints_are_those_of_a_whole_scan():
    from servicelab import entities as E

    gaz = E.Gazetteer.default()
    hint = E._memo_alternation(gaz, "tails_low", {t.lower() for t in gaz.tails},
                               lambda tails: rf"[ -](?:{tails})(?![\w-])")
    rx = E._memo_alternation(gaz, "tails", gaz.tails, lambda tails: (
        rf"(?<![\w-])(?P<name>[{E._UPPER}][\w&'’.]*[\w&])[ -](?P<tail>{tails})(?![\w-])"))
    for text in _random_firm_texts(12, 1500):
        whole = [m.span() for m in rx.finditer(text)]
        windowed = [m.span() for m in around_hints(
            rx, text, hint.finditer(E._lower_same_length(text)), E._TAIL_LOOKBACK)]
        assert windowed == whole, text
