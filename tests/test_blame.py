"""Blame attribution: each pattern, seed cases and unseen phrasings, voices, tables, scoring."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from servicelab.annotations import align, load_gold
from servicelab.blame import (
    BLAME_COLUMNS,
    CUE_KINDS,
    PATTERNS,
    BlameRules,
    attribute,
    build_tables,
    case_vendors,
    cue_table,
    evaluate,
    find_cues,
    sentence_voices,
    shift_chains,
    text_blame,
)
from servicelab.entities import Gazetteer
from servicelab.errors import CorpusInputError

CYBERPORT = ("Cyberport", "retailer")
CHECK24 = ("Check24", "platform")


def pats(text: str, role: str, case=None) -> set[tuple[str, str]]:
    return {(b.pattern, b.target_entity) for b in attribute(text, role, case)}


def test_cue_file_is_complete():
    cues = cue_table()
    assert {"name", "kind", "regex", "source"} <= set(cues.columns)
    assert set(cues["kind"]) <= set(CUE_KINDS)
    assert (cues["source"].str.len() > 0).all()
    for rx in cues["regex"]:
        re.compile(rx)


# --- seed cases named in the issue ---------------------------------------------------------

def test_seed_supplier_shift():
    assert pats("Sagt unser Lieferant.", "vendor", CHECK24) == {("shifts", "Lieferant")}


def test_seed_concession_by_the_shop():
    assert ("concedes", "Cyberport") in pats(
        "Sorry, dann ist diese Sache wohl falsch aufgenommen wurden bei uns.", "vendor",
        CYBERPORT)


def test_seed_price_error_is_conceded_not_accused():
    text = "Es handelte sich hierbei um einen Fehler bei der Eingabe der Preise."
    assert pats(text, "vendor", ("Redcoon", "retailer")) == {("concedes", "Redcoon")}


def test_seed_unpaid_invoice_blames_the_customer():
    text = "Zu diesem Zeitpunkt war jedoch die Gesamtrechnung noch vollkommen offen."
    assert pats(text, "vendor", CYBERPORT) == {("customer_blame", "Kunde")}
    assert pats("Vielleicht hat der Kunde seine Rechnung ja wirklich nicht bezahlt.",
                "commenter", CYBERPORT) == {("customer_blame", "Kunde")}


def test_seed_hotline_seeks_the_cause_with_the_customer():
    text = ("Und die Ursache des Problems wird fast immer beim Kunden und nicht beim Anbieter "
            "gesucht.")
    assert ("customer_blame", "Kunde") in pats(text, "author", ("Telekom", "telecom"))


def test_seed_internal_incapacity_is_an_accusation():
    assert pats("Und ist am Unvermögen innerhalb von Cyberport gescheidert.", "commenter",
                CYBERPORT) == {("accuses", "Cyberport")}


def test_seed_selbst_schuld():
    assert ("customer_blame", "Kunde") in pats(
        "Jetzt kann man natürlich sagen, selbst schuld, wenn sie billigen Plunder bestellt.",
        "commenter", CYBERPORT)


# --- phrasings that are not in the seeds ---------------------------------------------------

@pytest.mark.parametrize("text, role, expected", [
    ("Der Paketdienst hat die Sendung verschlampt, laut unseres Lieferanten ist sie unterwegs.",
     "vendor", ("shifts", "Lieferant")),
    ("Das liegt nicht an uns, sondern am Hersteller.", "vendor", ("shifts", "Hersteller")),
    ("Wegen des Herstellers können wir leider nicht liefern.", "vendor",
     ("shifts", "Hersteller")),
    ("Eine Stornierung ist systembedingt leider nicht möglich.", "vendor", ("shifts", "System")),
])
def test_shifts_unseen(text, role, expected):
    assert expected in pats(text, role, ("Zalando", "retailer"))


@pytest.mark.parametrize("text, role, expected", [
    ("Da ist uns leider ein Versehen passiert, das tut uns sehr leid.", "vendor",
     ("concedes", "Zalando")),
    ("Wir bedauern den Fehler und erstatten den Betrag.", "vendor", ("concedes", "Zalando")),
    ("Ich hätte es besser wissen müssen und vorher Bewertungen lesen.", "author",
     ("concedes", "Kunde")),
    ("Der Mitarbeiter räumte den Fehler ein und schickte Ersatz.", "author",
     ("concedes", "Zalando")),
])
def test_concedes_unseen(text, role, expected):
    assert expected in pats(text, role, ("Zalando", "retailer"))


@pytest.mark.parametrize("text, role", [
    ("Laut Händler ist das ein klarer Bedienfehler, die Reparatur zahlen Sie.", "vendor"),
    ("Sie haben das Gerät falsch angeschlossen.", "vendor"),
    ("Wer nicht zahlt, bekommt eine Mahnung – selber schuld.", "commenter"),
    ("Die Reklamation kam erst zwei Monate später, da kann man nichts machen.", "commenter"),
])
def test_customer_blame_unseen(text, role):
    assert ("customer_blame", "Kunde") in pats(text, role, ("Zalando", "retailer"))


@pytest.mark.parametrize("text, expected", [
    ("Zalandos Kundendienst ist völlig inkompetent.", ("accuses", "Kundenservice")),
    ("Die Hotline hat mich drei Wochen lang vertröstet.", ("accuses", "Hotline")),
    ("Vodafone ist nicht in der Lage, einen Techniker zu schicken.", ("accuses", "Vodafone")),
    ("Das ist eine Frechheit, was sich dieser Laden erlaubt.", ("accuses", "Zalando")),
])
def test_accuses_unseen(text, expected):
    assert expected in pats(text, "author", ("Zalando", "retailer"))


def test_reported_shift_targets_the_party_pointed_to():
    assert pats("Der Händler verweist auf den Hersteller.", "author", None) == {
        ("shifts", "Hersteller")}
    assert ("shifts", "Lieferant") in pats(
        "Niemand fühlt sich zuständig, jeder verweist auf den Lieferanten.", "author", None)


def test_no_blame_in_neutral_or_negated_text():
    assert pats("Der Router kam pünktlich per Post.", "author", CYBERPORT) == set()
    assert pats("Unser Job ist nicht so schlecht, zeigt Geizhals.", "vendor", CYBERPORT) == set()
    assert pats("Servicewüste Deutschland, von wegen Kunde ist König.", "author", None) == set()


def test_vendor_accusing_other_party_is_a_shift_and_no_case_means_no_generic_accusation():
    assert ("shifts", "Lieferant") in pats("Unser Lieferant hat völlig versagt.", "vendor",
                                           CYBERPORT)
    assert pats("Viele Unternehmen sind inkompetent.", "author", None) == set()


@pytest.mark.parametrize("row", BlameRules.default().cue_rows, ids=lambda r: r["name"])
def test_every_cue_has_an_example_that_triggers_it(row):
    """The rules file keeps an example per rule, and the rule fires on it (not swallowed by a
    stronger cue)."""
    assert row.get("example"), f"cue {row['name']} has no example in blame_cues.csv"
    assert row["name"] in {m.cue.name for m in find_cues(row["example"])}


# --- rules passed in ------------------------------------------------------------------------

def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_a_users_cue_file_changes_the_result(tmp_path):
    # a word the shipped cues do not read as blame ("Die Hotline ist eine Zumutung" is one
    # since issue 15 round three: a service judged with contempt)
    text = "Die Hotline ist eine Strafarbeit."
    assert attribute(text, "author") == []
    mine = _write(tmp_path / "my_cues.csv", "name,kind,regex,target_entity,target_type,source\n"
                  "strafarbeit,negative_conduct,\\bStrafarbeit\\b,,,my reading\n")
    rules = BlameRules.load(cues=mine)
    assert [b.pattern for b in attribute(text, "author", rules=rules)] == ["accuses"]
    assert attribute(text, "author") == []  # the shipped rules are untouched


def test_a_users_gazetteer_is_merged_with_the_shipped_one(tmp_path):
    text = "Zalandoo hat versagt."  # no firm noun before it: only the user's row names it
    mine = _write(tmp_path / "my.csv", "surface,entity,entity_type,match,case,source\n"
                  "Zalandoo,Zalandoo,retailer,name,i,my corpus\n")
    rules = BlameRules.load(gazetteer=Gazetteer.load(extra=mine))
    assert {b.target_entity for b in attribute(text, "author", rules=rules)} == {"Zalandoo"}
    assert len(rules.gazetteer.entries) == len(Gazetteer.default().entries) + 1
    assert "Zalandoo" not in {b.target_entity for b in attribute(text, "author")}


@pytest.mark.parametrize("content, problem", [
    ("name,kind,regex,target_entity,target_type,source\nx,blames,a,,,me\n",
     "my_cues.csv: row 2: unknown kind 'blames'"),
    ("name,kind,regex,target_entity,target_type,source\nx,fault,(a,,,me\n",
     "my_cues.csv: row 2: regex of 'x' does not compile"),
    ("name,kind,regex\nx,fault,a\n", "my_cues.csv: missing column(s) target_entity"),
    # an unquoted comma in a regex splits the row into extra columns: 8 fields, not 7
    ("name,kind,regex,target_entity,target_type,source,example\n"
     "x,fault,\\bzu spät{1,3}\\b,,,me,zu spät\n",
     "my_cues.csv: row 2: 8 fields where the header has 7 (a comma inside an unquoted field?"),
    ("name,kind,regex,target_entity,target_type,source,example\nx,fault,a,,\n",
     "my_cues.csv: row 2: 5 fields where the header has 7"),
    ("name,kind,regex,target_entity,target_type,source,example\nx,fault,a,,vendr,me,a\n",
     "my_cues.csv: row 2: unknown target_type 'vendr'"),
    ("name,kind,regex,target_entity,target_type,source,example\n"
     "x,fault,\\bkaputt\\b,,,me,Zug fällt aus\n",
     "my_cues.csv: row 2: the example 'Zug fällt aus' does not trigger cue 'x'"),
    ("name,kind,regex,target_entity,target_type,source,example\n"
     "x,fault,lemma:\\bausfallen\\b,,,me,Der Zug ist pünktlich\n",
     "my_cues.csv: row 2: the example 'Der Zug ist pünktlich' does not trigger cue 'x'"),
])
def test_a_bad_cue_file_is_one_line_naming_file_and_row(tmp_path, content, problem):
    with pytest.raises(CorpusInputError) as exc:
        BlameRules.load(cues=_write(tmp_path / "my_cues.csv", content))
    assert str(exc.value).startswith(problem) and "\n" not in str(exc.value)


def test_a_lemma_cue_is_checked_on_its_examples_lemmas(tmp_path):
    mine = _write(tmp_path / "my_cues.csv", "name,kind,regex,target_entity,target_type,source,"
                  "example\nx,fault,lemma:\\bausfallen\\b,,,me,Der Zug ist ausgefallen\n")
    assert [c.name for c in BlameRules.load(cues=mine).cues] == ["x"]


def test_tunables_are_fields_not_module_settings():
    text = "Der Fehler liegt eindeutig bei der Telekom."
    assert [b.pattern for b in attribute(text, "author")] == ["accuses"]
    assert attribute(text, "author", rules=BlameRules.load(near=5)) == []


# --- corpus tables --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tables(seed_corpus):
    return build_tables(seed_corpus)


def test_quoted_vendor_letters_are_vendor_voice(seed_corpus):
    voices = sentence_voices(seed_corpus)
    s = seed_corpus.sentences.set_index("sentence_id")
    price = s.index[s["text"].str.contains("Fehler bei der Eingabe der Preise")][0]
    supplier = s.index[s["text"] == "Sagt unser Lieferant."][0]
    caschy = s.index[s["text"].str.startswith("Ich habe mal zugeschlagen")][0]
    assert voices[price] == "vendor" and voices[supplier] == "vendor"
    assert voices[caschy] == "author"


def test_blame_table_columns_offsets_and_order(seed_corpus, tables):
    b = tables["blame"]
    assert list(b.columns) == BLAME_COLUMNS
    assert set(b["pattern"]) <= set(PATTERNS)
    texts = dict(zip(seed_corpus.documents["doc_id"], seed_corpus.documents["text"],
                     strict=True))
    sents = dict(zip(seed_corpus.sentences["sentence_id"], seed_corpus.sentences["text"],
                     strict=True))
    for r in b.itertuples():
        assert texts[r.doc_id][r.start:r.end] == sents[r.sentence_id]
    assert b.equals(build_tables(seed_corpus)["blame"])  # deterministic


@pytest.mark.parametrize("doc, needle, pattern, target", [
    ("003", "Sagt unser Lieferant", "shifts", "Lieferant"),
    ("002", "fast immer beim Kunden", "customer_blame", "Kunde"),
    ("002", "Fehler bei der Eingabe der Preise", "concedes", "Redcoon"),
    ("000", "Gesamtrechnung noch vollkommen offen", "customer_blame", "Kunde"),
    ("000", "falsch aufgenommen", "concedes", "Cyberport"),
    ("000", "selbst schuld", "customer_blame", "Kunde"),
    ("000", "Unvermögen innerhalb von Cyberport", "accuses", "Cyberport"),
])
def test_every_seed_case_has_a_blame_row(seed_corpus, tables, doc, needle, pattern, target):
    b = tables["blame"].merge(seed_corpus.sentences[["sentence_id", "text"]])
    hit = b[b["doc_id"].str.startswith(doc) & b["text"].str.contains(needle, regex=False)]
    assert (pattern, target) in set(zip(hit["pattern"], hit["target_entity"], strict=True))


def test_case_vendors_and_chain(seed_corpus, tables):
    cases = case_vendors(tables["mentions"], seed_corpus.sentences)
    assert cases["003_cd256ef71c19923e:p0"] == CHECK24
    assert cases["002_298609f3879511e1:p1"] == ("Telekom", "telecom")
    chains = shift_chains(tables["blame"], tables["mentions"], cases).set_index("post_id")
    assert chains.loc["003_cd256ef71c19923e:p0", "chain"].startswith(
        "Check24 → Lieferant = Cyberport (shifts)")


def test_gold_aligns_and_scores(seed_corpus, tables):
    gold = align(load_gold("blame_gold"), seed_corpus, unit="sentence")
    assert gold["sentence_id"].notna().all()
    assert set(gold["pattern"]) == set(PATTERNS)
    scores = evaluate(tables["blame"], gold).set_index("pattern")
    assert list(scores.index) == [*PATTERNS, "all"]
    assert scores.loc["all", "gold"] == len(gold.drop_duplicates(["sentence_id", "pattern"]))


def test_evaluate_counts():
    gold = pd.DataFrame({"sentence_id": ["a", "b", "c"], "pattern": ["accuses"] * 2 + ["shifts"],
                         "target_type": ["retailer", "staff", "supplier"]})
    pred = pd.DataFrame({"sentence_id": ["a", "c", "d"], "pattern": ["accuses", "accuses",
                                                                      "shifts"],
                         "target_type": ["staff", "retailer", "supplier"],
                         "start": [0, 0, 0], "end": [20, 20, 20]})
    s = evaluate(pred, gold).set_index("pattern")
    assert s.loc["accuses", ["correct", "precision", "recall"]].tolist() == [1, 0.5, 0.5]
    assert s.loc["shifts", "recall"] == 0.0
    assert s.loc["accuses", "type_agreement"] == 0.0


def test_reported_causes_shift_and_never_accuse_the_speaker():
    """Issue 15: "der Fehler liege am Verteiler" said by a technician is a shift to the
    distributor box, not an accusation of the technician; a spare part or supplier named in
    reported speech shifts too; "laut Autohaus …" is the dealer's voice."""
    got = pats("Der Techniker meinte, der Fehler liege am Verteiler im Keller.", "author")
    assert {p for p, _ in got} == {"shifts"}
    assert ("accuses", "Techniker") not in got
    got = pats("Die Werkstatt sagt, das Ersatzteil sei beim Hersteller nicht lieferbar.",
               "author")
    assert {p for p, _ in got} == {"shifts"}
    rows = text_blame("Laut Autohaus liegt die Verzögerung am Lieferanten des Ersatzteils.")
    assert set(zip(rows["pattern"], rows["speaker_role"], strict=True)) == {("shifts", "vendor")}
    # the same words in the author's own indicative voice are no reported shift
    assert pats("Ich habe beim Hersteller angerufen.", "author") == set()


def test_failures_outside_transport_accuse_with_a_grievance():
    """A stated failure (no internet, never delivered) accuses the case vendor only with a
    grievance marker in the sentence or next to it (codebook §6.3)."""
    rows = text_blame("Seit drei Wochen kein Internet, danke Vodafone!")
    got = set(zip(rows["pattern"], rows["target_entity"], strict=True))
    assert got == {("accuses", "Vodafone")}
    rows = text_blame("Wieder kein Internet. Super gemacht, Telekom.")
    got = set(zip(rows["pattern"], rows["target_entity"], strict=True))
    assert got == {("accuses", "Telekom")}
    assert text_blame("Bei Vodafone hatte ich gestern kein Internet.").empty


def test_coordinated_companies_concede_together():
    """"Bahn und Telekom geben zu" reports an admission of both companies."""
    rows = text_blame("Bahn und Telekom geben zu: Das WLAN im Zug ist überlastet.")
    got = set(zip(rows["pattern"], rows["target_entity"], strict=True))
    assert got == {("concedes", "Deutsche Bahn"), ("concedes", "Telekom")}


def test_a_service_judged_with_contempt_accuses_the_company_named():
    """Issue 15 round three: the judged service's company is the target, not its staff."""
    assert pats("Der Kundenservice der Telekom ist eine Frechheit!", "author") \
        == {("accuses", "Telekom")}
    assert pats("Unterirdischer Service bei Vodafone.", "author") == {("accuses", "Vodafone")}
    assert pats("Das Wetter ist heute katastrophal.", "author") == set()


def test_a_denied_fault_in_a_concessive_clause_is_no_customer_blame():
    """Issue 15: "obwohl ich nie eine Mahnung erhalten habe" defends the customer."""
    assert text_blame("Jetzt soll ich Gebühren zahlen, obwohl ich nie eine Mahnung "
                      "erhalten habe.").empty
    rows = text_blame("Sehr geehrte Kundin, leider ist die Rechnung noch nicht bezahlt.",
                      speaker_role="vendor")
    assert set(rows["pattern"]) == {"customer_blame"}


def test_persistence_marks_a_failure_and_reluctance_accuses():
    """"noch immer" makes a stated failure a complaint; "sträubt sich" judges the firm."""
    assert pats("Bei Vodafone gibt es noch immer Probleme mit Verspätungen.", "author") \
        == {("accuses", "Vodafone")}
    assert pats("Bei Vodafone gab es gestern Verspätungen.", "author") == set()
    assert pats("Die Bahn sträubt sich gegen jede Erstattung.", "author") \
        == {("accuses", "Deutsche Bahn")}
