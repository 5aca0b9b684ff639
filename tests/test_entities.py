"""Actor mentions: gazetteer names, inflection, possessives, compounds, unseen organisations."""

from __future__ import annotations

import pytest

from servicelab.entities import (
    ENTITY_TYPES,
    MENTION_COLUMNS,
    find_mentions,
    gazetteer_table,
    looks_like_common_word,
    mentions_table,
)


def found(text: str, role: str | None = None, pronouns: bool = False) -> list[tuple[str, str, str]]:
    return [(m.surface, m.entity, m.entity_type)
            for m in find_mentions(text, role, pronouns=pronouns)]


def test_gazetteer_file_is_complete():
    g = gazetteer_table()
    assert {"surface", "entity", "entity_type", "source"} <= set(g.columns)
    assert set(g["entity_type"]) <= set(ENTITY_TYPES)
    assert (g["source"].str.len() > 0).all()
    assert not g.duplicated(["surface", "entity"]).any()
    assert not g.duplicated(["surface", "match"]).any()
    types_per_entity = g.groupby("entity")["entity_type"].nunique()
    assert (types_per_entity == 1).all(), list(types_per_entity[types_per_entity > 1].index)


@pytest.mark.parametrize("text, surface, entity, etype", [
    ("Die Hotline von Cyberports Kundenservice", "Cyberports", "Cyberport", "retailer"),
    ("Also bei der Telekom sei alles in Ordnung.", "Telekom", "Telekom", "telecom"),
    ("Die Telekoms dieser Welt", "Telekoms", "Telekom", "telecom"),
    ("Schaut mal bei Amazon nach, Ihr Redcoonisten.", "Redcoonisten", "Redcoon", "retailer"),
    ("als Produktmanager von CP habe ich", "CP", "Cyberport", "retailer"),
    ("Cyberbloc.de ist sich der Sache bewusst", "Cyberbloc", "Cyberport", "retailer"),
    ("Ich habe meine Cyberport-Hölle erlebt", "Cyberport", "Cyberport", "retailer"),
    ("Wie mich #Redcoon verscheißert", "Redcoon", "Redcoon", "retailer"),
    ("Gespräch mit @Telekom_hilft heute", "@Telekom_hilft", "Telekom", "telecom"),
    ("ein Mitarbeiter von telekom_hilft", "telekom_hilft", "Telekom", "telecom"),
    ("Check 24: Warum man", "Check 24", "Check24", "platform"),
    ("bestellt bei MediaMarkt", "MediaMarkt", "Media Markt", "retailer"),
])
def test_names_with_case_inflection_and_possessives(text, surface, entity, etype):
    assert (surface, entity, etype) in found(text)


def test_case_sensitive_short_names():
    assert found("Das CP-Team") == [("CP", "Cyberport", "retailer")]
    assert found("cp klein geschrieben") == []
    assert ("O2", "O2", "telecom") in found("Vertrag bei O2 gekündigt")
    # the brand writes itself "o2" (issue 15): lower case is the brand, too
    assert ("o2", "O2", "telecom") in found("Vertrag bei o2 gekündigt")


@pytest.mark.parametrize("text, surface, entity, etype", [
    ("Beschwerde bei der Deutschen Bahn", "Deutschen Bahn", "Deutsche Bahn", "transport"),
    ("Ich fahre seit Jahren mit der Bahn", "der Bahn", "Deutsche Bahn", "transport"),
    ("Die Bahn hat wieder Verspätung", "Die Bahn", "Deutsche Bahn", "transport"),
    ("#DB kann es nicht", "DB", "Deutsche Bahn", "transport"),
    ("Danke @DB_Bahn für nichts", "@DB_Bahn", "Deutsche Bahn", "transport"),
    ("Der DB-Mitarbeiter zuckte mit den Schultern", "DB", "Deutsche Bahn", "transport"),
    ("Bestellt bei OTTO", "OTTO", "Otto", "retailer"),
    ("Die Bluse von Bonprix kam nie", "Bonprix", "Bonprix", "retailer"),
    ("Das Abo bei Burda", "Burda", "Hubert Burda Media", "media"),
    ("Die Deutsche Post hat den Brief verloren", "Deutsche Post", "Deutsche Post", "logistics"),
    ("Der Toyota-Händler", "Toyota", "Toyota", "manufacturer"),
    ("Die S-Bahn Berlin fährt nicht", "S-Bahn Berlin", "S-Bahn Berlin", "transport"),
    ("Die GDL streikt schon wieder", "GDL", "GDL", "union"),
    ("Post vom Jobcenter", "Jobcenter", "Jobcenter", "public_body"),
    ("Die HUK zahlt nicht", "HUK", "HUK-Coburg", "insurer"),
    ("Vodafones Hotline", "Vodafones", "Vodafone", "telecom"),
])
def test_vendors_of_issue_15_with_sector_types(text, surface, entity, etype):
    assert (surface, entity, etype) in found(text)


@pytest.mark.parametrize("text, surface, entity, etype", [
    ("Überweisung an die GLS Bank", "GLS Bank", "GLS Bank", "bank"),
    ("Die Techniker Krankenkasse zahlt", "Techniker Krankenkasse", "Techniker Krankenkasse",
     "insurer"),
    ("Prepaid von Aldi Talk", "Aldi Talk", "Aldi Talk", "telecom"),
    ("Strom von MVV Energie", "MVV Energie", "MVV Energie", "energy"),
    ("Der ARD ZDF Deutschlandradio Beitragsservice mahnt",
     "ARD ZDF Deutschlandradio Beitragsservice", "ARD ZDF Deutschlandradio Beitragsservice",
     "public_body"),
])
def test_a_longer_brand_wins_over_its_parts(text, surface, entity, etype):
    assert found(text) == [(surface, entity, etype)]


def test_common_words_and_given_names_match_only_as_brand_forms():
    """"Bahn", "Post", "Sky", "Real", "Netto", "Otto" are also words or names: only the
    brand's case or a multi-word form may match."""
    for text in ["Die Straßenbahn, die U-Bahn und die S-Bahn kamen nicht.",
                 "Er zog seine Bahn im Becken. Die Autobahn war frei.",
                 "Die Post kam heute nicht, den Post im Forum las keiner.",
                 "The sky is the limit.",
                 "Das ist real, sagte der Fan von Real Madrid.",
                 "Netto 500 Euro, brutto mehr, netto weniger.",
                 "otto schreibt klein.",
                 "Gez. Meier, gez. Müller"]:
        assert found(text) == [], text
    assert found("Sky hat mein Abo verlängert") == [("Sky", "Sky", "platform")]
    assert found("im Real-Markt") == [("Real-Markt", "Real", "retailer")]
    assert found("im Netto-Markt") == [("Netto-Markt", "Netto", "retailer")]
    assert found("bei der Deutschen Post") == [("Deutschen Post", "Deutsche Post", "logistics")]
    assert found("bei Otto bestellt") == [("Otto", "Otto", "retailer")]
    # the idiom for the average consumer is the customer, not the retailer
    assert found("Otto Normalverbraucher versteht das nicht") == [
        ("Otto Normalverbraucher", "Kunde", "customer")]


@pytest.mark.parametrize("text, surface, entity, etype", [
    ("Verzögert sich. Sagt unser Lieferant.", "Lieferant", "Lieferant", "supplier"),
    ("Wir warten auf die Lieferanten", "Lieferanten", "Lieferant", "supplier"),
    ("Die Kundenhotlines sind überlastet", "Kundenhotlines", "Hotline", "staff"),
    ("vom nicht zuständigen Hotline-Agenten", "Hotline-Agenten", "Agent", "staff"),
    ("Die Agentin legte auf", "Agentin", "Agent", "staff"),
    ("Ich sagte dem Telekom-Mitarbeiter", "Telekom-Mitarbeiter", "Mitarbeiter", "staff"),
    ("vom technischen Support des Verkäufers", "technischen Support", "Technischer Service",
     "staff"),
    ("die Spielregeln unserer Buchhaltung", "Buchhaltung", "Buchhaltung", "staff"),
    ("der Kunde ist Geschäftskunde", "Geschäftskunde", "Kunde", "customer"),
    ("eine Kundin schrieb", "Kundin", "Kunde", "customer"),
    ("sondern vom Hersteller bzw. Automobilherstellern", "Automobilherstellern",
     "Hersteller", "manufacturer"),
])
def test_generic_actors_inflected_and_in_compounds(text, surface, entity, etype):
    assert (surface, entity, etype) in found(text)


def test_compound_with_company_records_the_organisation():
    ms = find_mentions("Aber der T-Shop-Mitarbeiter wollte nicht", pronouns=False)
    staff = [m for m in ms if m.entity == "Mitarbeiter"]
    assert staff and staff[0].organisation == "T-Shop"
    assert any(m.entity == "T-Shop" for m in ms)


def test_lexicalised_words_are_not_compounds():
    # "Sekunde" is no "Kunde", "Verkäufer" no "Käufer", a verb "laden" is no shop
    assert found("Nach fünf Sekunden brach es ab.") == []
    assert found("Der Verkäufer kam.") == [("Verkäufer", "Händler", "retailer")]
    assert found("die Datei herunterladen und laden") == []


def test_unseen_shop_names_are_unknown_organisations():
    ms = found("Ich habe bei Zockerwelt24 bestellt und @Schnellversand angeschrieben.")
    assert ("Zockerwelt24", "Zockerwelt24", "other") in ms
    assert ("@Schnellversand", "Schnellversand", "other") in ms
    ms = find_mentions("Nie wieder kaufe ich bei Fotoprofi Brandt etwas.", pronouns=False)
    assert [(m.entity, m.source) for m in ms] == [("Fotoprofi Brandt", "unknown_org")]


def test_common_words_and_people_are_not_organisations():
    assert found("bei Bestellung, bei Lieferverzögerungen, bei Geschäftskunden, bei 40 Grad") \
        == [("Geschäftskunden", "Kunde", "customer")]
    assert found("@Person_1a2b3c: danke! @Thema Rechnung @Robert stimmt") == []
    assert looks_like_common_word("Userbewertungssystemen")
    assert not looks_like_common_word("Zalandoo")


def test_pronouns_follow_the_voice():
    author = find_mentions("Ich habe bezahlt, Sie haben interpretiert.", "author")
    assert [(m.surface, m.entity) for m in author] == [("Ich", "Kunde"), ("Sie", "Anbieter")]
    vendor = find_mentions("Wir haben daraus geschlossen, dass Sie stornieren wollten.",
                           "vendor")
    assert [(m.surface, m.entity) for m in vendor] == [("Wir", "Anbieter"), ("Sie", "Kunde")]
    assert find_mentions("Ich habe bezahlt.", "commenter") == []


def test_offsets_point_into_the_text():
    text = "Laut Redcoon-Komiker und der Deutschen Telekom: Fehler beim Lieferanten."
    for m in find_mentions(text, "author"):
        assert text[m.start:m.end] == m.surface


def test_mentions_table_on_the_seeds(seed_corpus):
    df = mentions_table(seed_corpus)
    assert list(df.columns) == MENTION_COLUMNS
    texts = dict(zip(seed_corpus.documents["doc_id"], seed_corpus.documents["text"],
                     strict=True))
    for r in df.head(200).itertuples():
        assert texts[r.doc_id][r.start:r.end] == r.surface
    by_doc = df.groupby("doc_id")["entity"].agg(set)
    assert {"Cyberport", "Kunde", "Buchhaltung"} <= by_doc["000_964d5e478ab145bc"]
    assert {"Redcoon", "Telekom", "Hotline", "Techniker", "T-Shop"} <= by_doc[
        "002_298609f3879511e1"]
    assert {"Check24", "Lieferant", "Cyberport"} <= by_doc["003_cd256ef71c19923e"]
    assert {"Cyberport", "Cisco", "Hersteller"} <= by_doc["004_1cb8681028a4d5ce"]


# --- a user's gazetteer ---------------------------------------------------------------------

_HEADER = "surface,entity,entity_type,match,case,source\n"


def test_a_users_gazetteer_adds_names_without_touching_the_shipped_one(tmp_path):
    from servicelab.entities import Gazetteer

    mine = tmp_path / "my.csv"
    mine.write_text(_HEADER + "Zalandoo,Zalandoo,retailer,name,i,my corpus\n", encoding="utf-8")
    gaz = Gazetteer.load(extra=mine)
    text = "Zalandoo hat nicht geliefert."
    assert [(m.entity, m.entity_type) for m in find_mentions(text, pronouns=False,
                                                             gazetteer=gaz)] == [
        ("Zalandoo", "retailer")]
    assert ("Zalandoo", "retailer") not in {(m.entity, m.entity_type)
                                            for m in find_mentions(text, pronouns=False)}
    assert len(gaz.table()) == len(gazetteer_table()) + 1


@pytest.mark.parametrize("row, problem", [
    ("Zalandoo,Zalandoo,shop,name,i,me", "row 3: unknown entity_type 'shop'"),
    ("Zalandoo,Zalandoo,retailer,word,i,me", "row 3: unknown match 'word'"),
    ("Zalandoo,Zalandoo,retailer,name,i,", "row 3: source is empty"),
    ("telekom,Telekom,telecom,name,i,me", "row 3: surface 'telekom' is already in the gazetteer"),
])
def test_a_bad_gazetteer_row_is_one_line_naming_file_and_row(tmp_path, row, problem):
    from servicelab.entities import Gazetteer
    from servicelab.errors import CorpusInputError

    mine = tmp_path / "my.csv"
    mine.write_text(_HEADER + "Foo,Foo,retailer,name,i,me\n" + row + "\n", encoding="utf-8")
    with pytest.raises(CorpusInputError) as exc:
        Gazetteer.load(extra=mine)
    assert str(exc.value).startswith(f"my.csv: {problem}")


@pytest.mark.parametrize("text, entity, entity_type", [
    ("Berlin (dpa) - Der Streik geht weiter.", "Deutsche Presse-Agentur", "media"),
    ("Ein Bericht von Radio Bremen", "Radio Bremen", "media"),
    ("Laut WDR fällt die Linie aus.", "Westdeutscher Rundfunk", "media"),
    ("Ein Artikel der Kieler Nachrichten", "Kieler Nachrichten", "media"),
    ("Das Bundesverkehrsministerium prüft den Fall.", "Bundesministerium für Verkehr und "
     "digitale Infrastruktur", "public_body"),
    ("Der VVO erhöht die Preise.", "Verkehrsverbund Oberelbe", "transport"),
    ("Die IG Metall ruft zum Streik auf.", "IG Metall", "union"),
])
def test_media_public_bodies_unions_and_transit_associations_are_found(text, entity,
                                                                       entity_type):
    found = {(m.entity, m.entity_type) for m in find_mentions(text, pronouns=False)}
    assert (entity, entity_type) in found


@pytest.mark.parametrize("text", [
    "Nach 20 Minuten kam der Zug.",           # a duration, not the Swiss paper
    "Die Welt ist klein.",                    # the world, not the paper (case-sensitive)
    "Ich sah ein Bild vom Bahnhof.",          # a picture, not the tabloid
    "Der Spiegel im Zug war kaputt.",         # a mirror
])
def test_ambiguous_media_names_are_not_found_in_ordinary_words(text):
    assert {m.entity_type for m in find_mentions(text, pronouns=False)} & {"media"} == set()


def test_every_gazetteer_row_names_a_source():
    from servicelab.entities import Gazetteer

    assert all(r["source"].strip() for r in Gazetteer.default().rows)


@pytest.mark.parametrize("text, surface, entity, etype", [
    ("Das Autohaus Schneider GmbH hat mich drei Wochen vertröstet.",
     "Autohaus Schneider GmbH", "Autohaus Schneider", "retailer"),
    ("Die Firma Brenner & Söhne GmbH reagiert nicht auf Mails.",
     "Brenner & Söhne GmbH", "Brenner & Söhne", "other"),
    ("Der Förderverein Lindenhof e.V. hat nie geantwortet.",
     "Förderverein Lindenhof e.V.", "Förderverein Lindenhof", "other"),
    ("Die Elektro Huber KG hat den Termin abgesagt.", "Elektro Huber KG", "Elektro Huber",
     "other"),
    ("Mein Toyota steht beim Autohaus Schmidt in der Werkstatt.", "Autohaus Schmidt",
     "Autohaus Schmidt", "retailer"),
    ("Der Termin beim Autohaus Müller wurde verschoben.", "Autohaus Müller",
     "Autohaus Müller", "retailer"),
    ("Die Stadtwerke Bielefeld schicken eine zweite Abrechnung.", "Stadtwerke Bielefeld",
     "Stadtwerke Bielefeld", "energy"),
    ("Mit den Stadtwerken Bielefeld streite ich seit Mai.", "Stadtwerken Bielefeld",
     "Stadtwerke Bielefeld", "energy"),
    ("Die Mobilfix-Hotline war wieder nicht erreichbar.", "Mobilfix", "Mobilfix", "other"),
])
def test_unknown_organisations_by_structure(text, surface, entity, etype):
    """Legal forms, sector heads and service compounds name firms no gazetteer lists."""
    ms = [(m.surface, m.entity, m.entity_type) for m in find_mentions(text, pronouns=False)
          if m.source == "unknown_org"]
    assert (surface, entity, etype) in ms


def test_structural_guesses_keep_out_dates_words_and_known_companies():
    """A date before a legal form, an inflected common word after a head, a channel word
    before a service noun and a known company with its legal form are no unknown firms."""
    def unknown(text: str) -> list[str]:
        return [m.surface for m in find_mentions(text, pronouns=False)
                if m.source == "unknown_org"]

    assert unknown("Stand 02.06.2015 Garant Haus GmbH") == ["Garant Haus GmbH"]
    assert unknown("Beim Autohaus Termine vereinbart.") == []
    assert unknown("Im Reisebüro Urlaub gebucht, mit dem Elektro-Auto hingefahren.") == []
    assert unknown("Im Online-Shop war nichts lieferbar.") == []
    ms = find_mentions("Ich fahre mit der Deutschen Bahn AG nach Köln.", pronouns=False)
    assert [(m.entity, m.source) for m in ms] == [("Deutsche Bahn", "name")]


@pytest.mark.parametrize("text, found_company", [
    ("Das ist mal wieder typisch bahn.", True),
    ("Danke Bahn, zum dritten Mal zu spät.", True),
    ("Der Bahn-Streik trifft wieder die Pendler.", True),
    ("Bahn und Telekom geben Probleme zu.", True),
    ("Telekom und Bahn räumen Probleme ein.", True),
    ("Bahn frei für die neue Linie.", False),
    ("Auf der Bahn und der Straße lag Schnee.", False),
    ("Heute wieder #Bahn gefahren.", False),
    ("Ein Bahn-Chaos wie jedes Jahr im Winter.", False),
])
def test_a_bare_common_noun_is_the_company_only_where_a_company_fits(text, found_company):
    """"die Bahn" is a row; the bare "Bahn" is the company when addressed, judged, heading a
    compound about its people, or coordinated with another company, else a track or a lane."""
    entities = {m.entity for m in find_mentions(text, pronouns=False) if m.source == "name"}
    assert ("Deutsche Bahn" in entities) is found_company


def test_service_handles_and_spaced_service_nouns_name_the_company():
    """"@mobilfix_hilft" is the company "mobilfix"; "Mobilfix Kundenservice" names Mobilfix."""
    ms = {(m.entity, m.source) for m in find_mentions("Ich schrieb @mobilfix_hilft und dem "
                                                      "Mobilfix Kundenservice.", pronouns=False)}
    assert {("mobilfix", "unknown_org"), ("Mobilfix", "unknown_org")} <= ms
    assert {m.source for m in find_mentions("Den Kundenservice rief ich an.",
                                            pronouns=False)} == {"generic"}


def test_addressed_to_the_company_is_no_place():
    """"ein Minus an die Bahn" addresses the company; "sich an die Bahn lehnen" is a place."""
    assert found("Deshalb ein großes Minus an die Bahn.") == [
        ("die Bahn", "Deutsche Bahn", "transport")]
    assert found("Er lehnte sich an die Bahn.") == []


def test_gazetteer_covers_the_consumer_sectors_of_issue_15():
    g = gazetteer_table()
    named = g[g["match"].isin(["name", "handle"])]
    per_type = named.groupby("entity_type")["entity"].nunique()
    sectors = ["retailer", "telecom", "platform", "manufacturer", "transport", "logistics", "bank",
               "insurer", "energy", "travel", "public_body"]
    assert named[named["entity_type"].isin(sectors)]["entity"].nunique() >= 300
    assert (per_type[sectors] >= 20).all(), per_type[sectors].to_dict()
