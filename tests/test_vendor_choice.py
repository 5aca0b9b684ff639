"""The main-vendor choice (servicelab.vendor_choice), on sentences written for these tests."""

from servicelab.blame import BlameRules, text_case
from servicelab.entities import find_mentions
from servicelab.vendor_choice import VendorChoice, main_vendor


def _main(text: str, **choice) -> tuple[str, str] | None:
    """The rules' choice (the learned chooser off: these tests are about the rules; its own
    tests are in test_vendor_model.py)."""
    rules = BlameRules.default()
    return main_vendor(text, find_mentions(text, pronouns=False, gazetteer=rules.gazetteer),
                       rules, VendorChoice(**{"learned": False, **choice}))


def test_a_firm_known_only_by_its_legal_form_is_the_vendor():
    text = ("Ich war mit meinem Auto bei der Autohaus Brummer GmbH. Die Verbraucherzentrale "
            "hat mir geraten, schriftlich zu reklamieren. Die Autohaus Brummer GmbH meldet sich "
            "nicht.")
    assert _main(text) == ("Autohaus Brummer", "retailer")
    assert _main(text, unknown_orgs=False) == ("Verbraucherzentrale", "public_body")


def test_a_firm_named_in_the_title_line_is_the_vendor():
    text = ("Ärger mit Vodafone beim Umzug\n\nErst hat die Telekom den Anschluss abgeschaltet, "
            "dann sollte die Telekom einen Techniker schicken, die Telekom kam nicht.")
    assert _main(text) == ("Vodafone", "telecom")
    assert _main(text, title=False) == ("Telekom", "telecom")


def test_a_long_first_line_is_no_title():
    text = ("Ich habe bei Vodafone gekündigt, weil " + "es so nicht weitergeht, " * 8
            + "\nDie Telekom hat den Auftrag übernommen. Die Telekom ist auch nicht besser.")
    assert _main(text) == ("Telekom", "telecom")


def test_text_case_uses_the_choice():
    assert text_case("Schimmel im Brot von der Bäckerei Krummbein GmbH. Nie wieder.") == (
        "Bäckerei Krummbein", "other")


def test_an_inflected_common_word_after_bei_is_no_firm():
    from servicelab.entities import looks_like_common_word

    assert looks_like_common_word("Zügen") and looks_like_common_word("Beauftragung")
    assert not looks_like_common_word("Telekoms") and not looks_like_common_word("Mobilfix")
    found = find_mentions("Bei Flügen zählt der Preis, bei der Beauftragung gab es Fehler.",
                          pronouns=False)
    assert [m.surface for m in found if m.source == "unknown_org"] == []


def test_a_marketplace_named_by_a_common_noun_after_auf_is_the_platform():
    found = find_mentions("Ich habe auf Kleinanzeigen eine Konsole gekauft.", pronouns=False)
    assert [(m.entity, m.entity_type) for m in found] == [("Kleinanzeigen", "platform")]
    assert [m.entity for m in find_mentions("Preise wie bei Geizhals.", pronouns=False)] == [
        "Geizhals"]
    # the rail company keeps its thing reading ("in der Bahn" is the train)
    assert find_mentions("Ich saß in der Bahn nach Köln.", pronouns=False) == []
    assert find_mentions("Die Kleinanzeigen in der Zeitung lese ich nie.", pronouns=False) == []


def _orgs(text: str) -> list[tuple[str, str]]:
    return [(m.entity, m.entity_type) for m in find_mentions(text, pronouns=False)
            if m.source in ("name", "handle", "unknown_org")]


def test_a_public_body_and_its_town_name_the_body():
    assert _orgs("Seit Wochen kein Termin beim Bürgeramt Köln.") == [
        ("Bürgeramt Köln", "public_body")]
    assert _orgs("Die Stadt Kempen antwortet nicht.") == [("Stadt Kempen", "public_body")]
    # a listed name as the head: the branch is the organisation
    assert _orgs("Die Verbraucherzentrale Sachsen hat mir geholfen.") == [
        ("Verbraucherzentrale Sachsen", "public_body")]
    # a common word after the head is no town, a person after it is an officer
    assert _orgs("Ich war beim Bürgeramt Unterlagen abgeben.") == []
    assert _orgs("Die Polizei Person_ab12cd kam sofort.") == []


def test_a_town_after_bei_is_no_firm():
    assert _orgs("Wegen einer Weichenstörung bei Göttingen stand der Zug.") == []
    assert _orgs("Ich habe bei Mobilfix einen Vertrag.") == [("Mobilfix", "other")]


def test_a_firm_noun_introduces_the_firm_named_after_it():
    assert _orgs("Gekauft beim Fahrradhändler Radwerk in der Altstadt.") == [
        ("Radwerk", "other")]
    assert _orgs("Bestellt bei einem kleinen Onlineshop, Technikkiste Schmidt.") == [
        ("Technikkiste Schmidt", "other")]
    assert _orgs("Das Rad stammt vom Händler Zweirad Lenz aus dem Ort.") == [
        ("Zweirad Lenz", "other")]
    # a common word, a pseudonymised person, a known firm: no new organisation
    assert _orgs("Ich habe beim Händler Bescheid gesagt.") == []
    assert _orgs("Der Händler Person_ab12cd war freundlich.") == []
    assert _orgs("Der Anbieter Vodafone schweigt.") == [("Vodafone", "telecom")]


def test_a_name_and_the_sector_word_after_it_name_a_firm():
    assert _orgs("Mein Vertrag bei Kleinwatt Energie läuft aus.") == [
        ("Kleinwatt Energie", "energy")]
    assert _orgs("Mobilfix Mobilfunk hat gekündigt.") == [("Mobilfix Mobilfunk", "telecom")]
    # an adjective, a known company, a street, a place phrase: no new firm
    assert _orgs("Erneuerbare Energie ist gut, Günstige Reisen auch.") == []
    assert _orgs("Vattenfall Energie hat erhöht.") == [("Vattenfall", "energy")]
    assert _orgs("Wohnung, Lindenstraße Immobilien, Gars am Kamp Immobilien") == []


def test_a_local_trade_and_its_name_name_a_firm():
    assert _orgs("Die Pizzeria Lupino hat nie geliefert.") == [("Pizzeria Lupino", "other")]
    assert _orgs("Ich saß im Restaurant und aß.") == []


def test_a_posts_main_vendor_in_a_corpus_follows_the_same_choice():
    import pandas as pd

    from servicelab.blame import case_vendors

    text = "Die Autohaus Brummer GmbH hat geschlampt. Die Autohaus Brummer GmbH schweigt."
    found = find_mentions(text, pronouns=False)
    mentions = pd.DataFrame([{"doc_id": "d", "sentence_id": "d:p0:s00", "start": m.start,
                              "end": m.end, "surface": m.surface, "entity": m.entity,
                              "entity_type": m.entity_type, "organisation": None,
                              "source": m.source} for m in found])
    sentences = pd.DataFrame({"sentence_id": ["d:p0:s00"], "post_id": ["d:p0"]})
    assert case_vendors(mentions, sentences) == {"d:p0": ("Autohaus Brummer", "retailer")}
    assert text_case(text) == ("Autohaus Brummer", "retailer")


def test_a_surname_that_is_a_noun_names_a_firm_when_the_phrase_closes_after_it():
    assert _orgs("Mein Wagen steht in der Werkstatt vom Autohaus Schäfer.") == [
        ("Autohaus Schäfer", "retailer")]
    # round five: the family or partner ending belongs to the firm's name (codebook gold
    # writes "Dachdeckerei … & Sohn"), as it does before a legal form
    assert _orgs("Die Hausverwaltung Krämer & Partner reagiert nicht.") == [
        ("Hausverwaltung Krämer & Partner", "other")]
    assert _orgs("Ich habe im Reisebüro Urlaub gebucht.") == []


def test_a_guess_opening_with_a_firm_noun_keeps_only_the_firm():
    assert _orgs("Bestellt beim Händler Techstore24 über den Marktplatz.") == [
        ("Techstore24", "other")]


def test_a_known_companys_country_handle_is_that_company():
    found = [(m.entity, m.entity_type, m.source)
             for m in find_mentions("Hallo @vodafone_de, seit Tagen kein Netz!", pronouns=False)]
    assert found == [("Vodafone", "telecom", "handle")]
    assert _orgs("@mobilfix_de antwortet nie.") == [("mobilfix", "other")]


def test_a_district_of_a_listed_city_names_the_body():
    assert _orgs("Das Finanzamt Köln-Süd hat falsch gerechnet.") == [
        ("Finanzamt Köln-Süd", "public_body")]


def test_an_unknown_handle_is_no_vendor_and_a_tie_goes_to_a_known_firm():
    # an unknown @handle in raw text is mostly a user
    assert _main("@krokodil99 stimmt, die Bahn hat wieder Verspätung") == (
        "Deutsche Bahn", "transport")
    # one structural guess and one gazetteer firm: the gazetteer firm
    assert _main("Bei Mobilfix hieß es, die Telekom sei schuld.") == ("Telekom", "telecom")


def test_an_object_after_a_firm_noun_is_no_firm():
    assert _orgs("Ich habe dem Händler Screenshots geschickt.") == []
    assert _orgs("Der Händler Online hat mir geraten zu warten.") == []
    assert _orgs("Beim Anbieter WLAN-Router bestellt.") == []
    assert _orgs("Ich habe dem Händler Radwerk geschrieben.") == []


def test_a_consumer_centre_is_the_vendor_only_when_no_firm_is_named():
    text = ("Die Verbraucherzentrale rät zum Widerspruch. Die Verbraucherzentrale hat ein "
            "Musterschreiben. Vodafone hat die Rechnung verdoppelt.")
    assert _main(text) == ("Vodafone", "telecom")
    assert _main(text, advisers=frozenset(), adviser_heads=()) == (
        "Verbraucherzentrale", "public_body")
    assert _main("Die Verbraucherzentrale Sachsen antwortet seit Wochen nicht.") == (
        "Verbraucherzentrale Sachsen", "public_body")


def test_the_addressed_firm_is_the_vendor():
    """Round five: a letter's salutation names the firm it is about, even when a tour
    operator or maker is named more often."""
    text = ("Betreff: Reklamation Buchung 4711\n\nLiebes Team vom Reisebüro Sonnenhang,\n\n"
            "wir hatten über Sie eine Reise mit TUI "
            "gebucht. TUI hat das Hotel überbucht, und TUI antwortet nicht.")
    assert _main(text)[0] == "Reisebüro Sonnenhang"
    assert _main(text, addressee=False)[0] == "TUI"


def test_a_brand_named_alone_counts_for_its_branch():
    text = ("Die Sparkasse sperrt meine Karte. Die Sparkasse Talgrund-Nord antwortet nicht. "
            "Auch die Commerzbank hatte ich gefragt.")
    assert text_case(text)[0] == "Sparkasse Talgrund-Nord"


def test_a_posts_main_vendor_reads_the_page_title_when_given_the_document_text(monkeypatch):
    """case_vendors passes the document's text to main_vendor: a title naming a product's
    maker beside the shop names the shop; without the text only the mentions count (the
    maker, named twice, wins). The rules' choice: the learned chooser is off here."""
    import pandas as pd

    from servicelab import main_vendor_model
    from servicelab.blame import case_vendors

    monkeypatch.setitem(main_vendor_model._DEFAULT, "model", main_vendor_model.RULES_ONLY)

    text = ("Kaltwerk-Kühlschrank für 99 Euro: wie mich Kistenkönig hinhält\n\n"
            "Ich bestellte den Kaltwerk im Mai.")
    rows = [(0, "Kaltwerk", "manufacturer"), (43, "Kistenkönig", "retailer"),
            (text.rindex("Kaltwerk"), "Kaltwerk", "manufacturer")]
    mentions = pd.DataFrame([{"doc_id": "d", "sentence_id": "d:p0:s00", "start": s,
                              "end": s + len(e), "surface": e, "entity": e, "entity_type": t,
                              "organisation": None, "source": "unknown_org"}
                             for s, e, t in rows])
    sentences = pd.DataFrame({"sentence_id": ["d:p0:s00"], "post_id": ["d:p0"],
                              "doc_id": ["d"]})
    assert case_vendors(mentions, sentences, texts={"d": text}) == {
        "d:p0": ("Kistenkönig", "retailer")}
    assert case_vendors(mentions, sentences) == {"d:p0": ("Kaltwerk", "manufacturer")}
