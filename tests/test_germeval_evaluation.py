"""Vendors and blame on unseen text: rules written for issue 15 and the GermEval scorers.

Sentences here were written for these tests; the scorers run on the tuning half only.
"""

from __future__ import annotations

import pandas as pd
import pytest

from servicelab.blame import BlameRules, case_vendors, text_blame, text_case
from servicelab.entities import CONSUMER_FACING_TYPES, find_mentions
from servicelab.germeval_evaluation import blame_items, score_blame, score_orgs


def _orgs(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entity) for m in find_mentions(text, pronouns=False)
            if m.source in ("name", "handle")]


@pytest.mark.parametrize(("text", "surface", "entity"), [
    ("Die Beschwerde ging an den Vorstand der Deutschen Bahn.", "Deutschen Bahn",
     "Deutsche Bahn"),
    ("Ich habe es bei der Deutschen Post versucht.", "Deutschen Post", "Deutsche Post"),
    ("Die Kunden der Deutschen Bank warten.", "Deutschen Bank", "Deutsche Bank"),
    ("Seit Wochen Ärger mit den Stadtwerken München.", "Stadtwerken München",
     "Stadtwerke München"),
    ("Der Bahn-Chef verspricht Besserung.", "Bahn-Chef", "Deutsche Bahn"),
    ("Das Ticket habe ich auf bahn.de gebucht.", "bahn.de", "Deutsche Bahn"),
    ("Vodafones Hotline ist eine Zumutung.", "Vodafones", "Vodafone"),
    ("Die absolut inkompetente Bahn schafft es nicht.", "Die absolut inkompetente Bahn",
     "Deutsche Bahn"),
])
def test_declined_and_derived_names_are_found_by_rule(text, surface, entity):
    assert (surface, entity) in _orgs(text)


@pytest.mark.parametrize("text", [
    "Ich sitze gerade in der Bahn und lese.",
    "Morgen fahre ich mit der Bahn nach Hamburg.",
    "Sie hat mich total aus der Bahn geworfen.",
    "Wir warten auf die Bahn.",
])
def test_bahn_as_the_train_is_no_company(text):
    assert not any(e == "Deutsche Bahn" for _, e in _orgs(text))


@pytest.mark.parametrize("text", [
    "Ich habe mich bei der Bahn beschwert.",
    "Der Ärger mit der Bahn nimmt kein Ende.",
    "Von der Bahn kam keine Antwort.",
])
def test_bahn_as_the_company_stays(text):
    assert any(e == "Deutsche Bahn" for _, e in _orgs(text))


def test_every_consumer_facing_type_can_be_the_main_vendor():
    assert {"transport", "bank", "insurer", "energy", "retailer"} <= CONSUMER_FACING_TYPES
    assert "union" not in CONSUMER_FACING_TYPES
    assert BlameRules.default().case_types == CONSUMER_FACING_TYPES
    assert text_case("Die Deutsche Bahn hat mal wieder Verspätung. Danke, DB!") == (
        "Deutsche Bahn", "transport")
    assert text_case("Die GDL streikt, die GDL will mehr Geld.") is None


def test_case_vendors_accepts_a_rail_operator():
    mentions = pd.DataFrame([{"doc_id": "d", "sentence_id": "d:p0:s00", "start": 0, "end": 2,
                              "surface": "DB", "entity": "Deutsche Bahn",
                              "entity_type": "transport", "organisation": None,
                              "source": "name"}])
    sentences = pd.DataFrame({"sentence_id": ["d:p0:s00"], "post_id": ["d:p0"]})
    assert case_vendors(mentions, sentences) == {"d:p0": ("Deutsche Bahn", "transport")}


def _blame(text: str) -> list[tuple[str, str, str]]:
    df = text_blame(text)
    return list(zip(df["speaker_role"], df["pattern"], df["target_entity"], strict=True))


def test_grieved_failure_accuses_the_main_vendor_implicitly():
    rows = _blame("Die Deutsche Bahn nervt. Schon wieder 25 Minuten Verspätung!!")
    assert ("author", "accuses", "Deutsche Bahn") in rows


def test_neutral_failure_report_is_no_blame():
    assert _blame("Die Deutsche Bahn meldet: der Zug nach Köln hat 10 Minuten Verspätung.") == []


@pytest.mark.parametrize("text", [
    # the grievance sits in the next sentence of the same voice
    "Die Deutsche Bahn war heute Morgen zu spät. Danke auch!",
    # a tweet addressed to the company's handle states a failure without any marker
    "@DB_Bahn seit einer Stunde warten, weil der RE ausfällt.",
    "Liebe @DB_Bahn, 10 Minuten vor Köln sagen, dass wir verspätet sind.",
])
def test_a_failure_in_complaint_context_accuses_the_main_vendor(text):
    assert ("author", "accuses", "Deutsche Bahn") in _blame(text)


@pytest.mark.parametrize("text", [
    # a bulletin signed with the company's handle is no complaint
    "Auf der Linie S5 kommt es zu Verspätungen. @SBahnBerlin",
    # addressing the company in the second person states no failure by itself
    "@DB_Bahn ihr habt den Fahrplan für Hamburg geändert.",
    # a marker two sentences away does not reach the failure
    "Die Deutsche Bahn meldet Verspätungen. Ich fahre morgen. Das Wetter ist toll!",
])
def test_no_complaint_context_no_accusation(text):
    assert [r for r in _blame(text) if r[1] == "accuses"] == []


def test_an_outside_cause_shifts_only_in_a_company_bulletin():
    assert ("author", "shifts", "Ursache außerhalb") in _blame(
        "S-Bahn Berlin: Wegen eines Notarzteinsatzes kommt es zu Verspätungen.")
    assert _blame("Wegen eines Notarzteinsatzes kommt es auf der Strecke zu Verspätungen.") == []


def test_a_reply_subject_line_names_the_case():
    text = "Re: Kölner Verkehrs-Betriebe AG Die Bahn kam nicht, die Bahn war voll, die Bahn nervt."
    assert text_case(text) == ("Kölner Verkehrs-Betriebe", "transport")


def test_a_newspaper_byline_is_no_main_vendor():
    assert text_case("Mannheim (dpa) - Die Deutsche Bahn erhöht die Preise.") == (
        "Deutsche Bahn", "transport")
    assert text_case("Re: Kieler Nachrichten Die Züge sind wieder zu spät.") is None
    # a media company complained about alone and by name more than once is the vendor
    assert text_case("SPIEGEL kündigt nicht. SPIEGEL antwortet nicht. Danke SPIEGEL!") == (
        "Der Spiegel", "media")


def test_polizei_counts_as_an_organisation_by_the_codebook():
    from servicelab.germeval_evaluation import predict_orgs

    sample = pd.DataFrame({"doc_id": ["x", "y"],
                           "text": ["Die Polizei räumte den Bahnsteig.",
                                    "Der Anbieter und die Hotline schweigen."]})
    assert list(predict_orgs(sample)["organisation"]) == ["Polizei"]


@pytest.mark.parametrize("text", [
    "Deutsche Bahn: Wir bitten um Entschuldigung für die Ausfälle.",
    'Die Hotline der Telekom schrieb: "Bitte entschuldigen Sie die lange Wartezeit."',
    "Die Bahn entschuldigt sich für die vielen Ausfälle.",
    "Telekom und Bahn räumen Probleme mit dem WLAN ein.",
])
def test_apologies_and_admissions_concede(text):
    assert any(p == "concedes" for _, p, _ in _blame(text))


def test_scare_quotes_and_counterfactual_quotes_are_no_apology():
    assert _blame('So sieht ein "irrtümliches" Angebot bei der Telekom aus.') == []
    assert not any(p == "concedes" for _, p, _ in _blame(
        'Es wäre ein Leichtes gewesen, bei der Telekom zu schreiben: "Es tut uns leid, '
        'dass es dauert."'))


@pytest.mark.parametrize("text", [
    "Deutsche Bahn: Wegen eines Notarzteinsatzes kommt es auf der Linie zu Verspätungen.",
    "Deutsche Bahn: Aufgrund von Personen im Gleis ist die Strecke gesperrt.",
    "Laut DB lag es an einer Stellwerksstörung.",
])
def test_outside_causes_in_a_company_voice_shift(text):
    assert any(p == "shifts" for _, p, _ in _blame(text))


def test_reported_company_words_are_the_vendor_voice():
    assert _blame("Laut DB lag es an einer Stellwerksstörung.")[0][0] == "vendor"


def test_concessive_negated_clause_is_no_customer_blame():
    assert _blame("Der Vertrag wurde gekündigt, obwohl ich nie eine Mahnung erhalten habe.") == []
    assert ("author", "customer_blame", "Kunde") in _blame(
        "Die Mahnung kam, weil ich die Rechnung nicht bezahlt hatte.")


def test_blame_items_key_shifts_by_document_and_customers_by_kunde():
    df = pd.DataFrame([
        {"doc_id": "a", "pattern": "shifts", "target_entity": "Unwetter",
         "target_type": "force_majeure"},
        {"doc_id": "a", "pattern": "accuses", "target_entity": "DB",
         "target_type": "vendor"},
        {"doc_id": "a", "pattern": "customer_blame", "target_entity": "Eltern",
         "target_type": "customer"},
    ])
    items = blame_items(df, {"db": "Deutsche Bahn"}, gold=True)
    assert items == {("a", "shifts", "elsewhere"), ("a", "accuses", "deutsche bahn"),
                     ("a", "customer_blame", "kunde")}


def test_scorers_run_on_the_tuning_half_by_default():
    orgs = score_orgs().set_index("measure")
    assert orgs.loc["organisations", "gold"] > 0
    assert 0 <= orgs.loc["organisations", "precision"] <= 1
    blame = score_blame().set_index("pattern")
    assert set(blame.index) == {"accuses", "shifts", "concedes", "customer_blame", "all"}
    assert blame.loc["all", "gold"] == blame.loc[["accuses", "shifts", "concedes",
                                                   "customer_blame"], "gold"].sum()


def test_scorer_counts_a_perfect_prediction_as_perfect():
    from servicelab.germeval_gold import load_gold

    gold = load_gold("blame")
    perfect = score_blame(pred=gold).set_index("pattern")
    assert perfect.loc["all", "precision"] == 1.0 and perfect.loc["all", "recall"] == 1.0
    empty = score_blame(pred=gold.iloc[0:0]).set_index("pattern")
    assert empty.loc["all", "tp"] == 0


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="level"):
        score_blame(level="sentence")


simplemma = pytest.importorskip("simplemma")


@pytest.mark.parametrize(("text", "kind"), [
    ("Die Bahn gestand den Fehler schließlich ein.", "reported_concession"),
    ("Die Telekom räumte den Fehler ein.", "reported_concession"),
    ("Die Hotline hat mich zweimal abgewimmelt.", "negative_conduct"),
    ("Der Händler hat mich belogen.", "negative_conduct"),
])
def test_lemma_cues_cover_irregular_and_separable_forms(text, kind):
    from servicelab.blame import find_cues

    assert any(c.cue.kind == kind and c.cue.on_lemmas for c in find_cues(text))


def test_lemma_match_maps_back_to_the_words():
    from servicelab.blame import find_cues

    text = "Die Telekom räumte den Fehler ein."
    hit = [c for c in find_cues(text) if c.cue.name == "admits"][0]
    assert text[hit.start:hit.end] == hit.text == "räumte den Fehler ein"


def test_lemma_prefix_regex_is_validated(tmp_path):
    from servicelab.blame import read_cues
    from servicelab.errors import CorpusInputError

    bad = tmp_path / "cues.csv"
    bad.write_text("name,kind,regex,target_entity,target_type,source,example\n"
                   "x,fault,lemma:(unclosed,,,me,ex\n", encoding="utf-8")
    with pytest.raises(CorpusInputError, match="does not compile"):
        read_cues(bad)


def test_compare_methods_on_another_set_scores_rules_classifier_and_union():
    """The classifier trained on the tuning half is scored on a set it never saw, next to the
    rules and the union of both (round four: what ships is what validates best)."""
    from servicelab.germeval_evaluation import GoldSet, compare_methods_on

    sample = pd.DataFrame({"doc_id": ["x1", "x2"], "text": [
        "Vodafone ist völlig unfähig, seit Wochen kein Internet!",
        "Der Zug kam pünktlich an."]})
    gold = {"blame": pd.DataFrame([{"doc_id": "x1", "pattern": "accuses",
                                    "target_entity": "Vodafone", "target_type": "vendor"}])}
    gs = GoldSet(sample, lambda layer: gold[layer])
    out = compare_methods_on(gs).set_index("method")
    assert list(out.index) == ["rules", "classifier (trained on tuning)", "rules + classifier"]
    rules_only = score_blame(goldset=gs).set_index("pattern").loc["all"]
    assert out.loc["rules", "tp"] == rules_only["tp"] == 1
    assert out.loc["rules + classifier", "tp"] >= out.loc["rules", "tp"]
