"""Round eleven's main-vendor roles (servicelab.vendor_roles, servicelab.vendor_choice): a firm
the deal only went through yields to the firm complained about, a page's own web address is no
candidate, and the chooser sees each candidate's role. Sentences written for these tests."""

import csv
from importlib import resources

import pytest

from servicelab.blame import BlameRules
from servicelab.entities import Mention, find_mentions
from servicelab.main_vendor_model import _sentence, candidate_features
from servicelab.vendor_choice import RULES_CHOICE, VendorChoice, main_vendor
from servicelab.vendor_roles import RoleCues, default_cues, intermediaries

RULES_ONLY = {"learned": False}


def _main(text: str, **choice) -> tuple[str, str] | None:
    rules = BlameRules.default()
    return main_vendor(text, find_mentions(text, pronouns=False, gazetteer=rules.gazetteer),
                       rules, VendorChoice(**{**RULES_ONLY, **choice}))


def _roles(text: str, surface: str, cues: RoleCues | None = None) -> set[str]:
    start = text.index(surface)
    m = Mention(start, start + len(surface), surface, surface, "other", "name")
    return (cues or default_cues()).roles_at(text, m, _sentence(text, start))


def _rows() -> list[dict[str, str]]:
    path = resources.files("servicelab") / "data" / "vendor_role_cues.csv"
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['role']}-{r['where']}")
def test_each_role_cue_matches_its_example(row):
    sentence, surface = row["example"].split("|")
    cues = RoleCues.load()
    one = RoleCues(tuple(r for r in cues.rows if r[2].pattern == row["regex"]))
    assert row["role"] in _roles(sentence, surface, one)


def test_via_needs_a_deal_word_ueber_alone_is_about():
    assert "via" in _roles("Ich habe das Zimmer über Buchfix gebucht.", "Buchfix")
    assert "via" not in _roles("Ich habe mich über Buchfix beschwert.", "Buchfix")


def test_contract_is_bei_with_a_deal_word():
    assert "contract" in _roles("Ich habe beim Möbelhaus Kranich einen Tisch bestellt.",
                                "Möbelhaus Kranich")
    assert "contract" not in _roles("Ich war beim Möbelhaus Kranich spazieren.",
                                    "Möbelhaus Kranich")


def test_seller_and_answers_roles():
    assert "seller" in _roles("Geliefert wurde er verkauft von einem Händler namens Tassenwerk.",
                              "Tassenwerk")
    assert "answers" in _roles("Tassenwerk antwortet seit zwei Wochen nicht.", "Tassenwerk")


def test_intermediaries_are_via_firms_and_payment_services():
    text = "Über Buchfix gebucht, bezahlt mit PayPal, beim Hotel Seeluft gebucht."
    ms = [Mention(text.index(s), text.index(s) + len(s), s, s, "other", "name")
          for s in ("Buchfix", "PayPal", "Hotel Seeluft")]
    assert intermediaries(text, ms, frozenset({"PayPal"})) == {"PayPal"}
    text = "Ich habe über Buchfix das Zimmer gebucht. Das Hotel Seeluft war schmutzig."
    ms = [Mention(text.index(s), text.index(s) + len(s), s, s, "other", "name")
          for s in ("Buchfix", "Hotel Seeluft")]
    assert intermediaries(text, ms, frozenset()) == {"Buchfix"}


def test_a_portal_named_more_often_yields_to_the_firm_complained_about():
    text = ("Den Strom habe ich über Check24 gebucht, Check24 zeigte den Bonus ja an. Die "
            "Kleinwatt Energie GmbH zahlt den Bonus nicht.")
    assert _main(text)[0] == "Kleinwatt Energie"
    assert _main(text, intermediary_yields=False)[0] == "Check24"


def test_a_portal_alone_stays_the_vendor():
    text = "Über Check24 gebucht, und Check24 antwortet nicht auf meine Mails."
    assert _main(text)[0] == "Check24"


def test_a_page_address_line_names_no_candidate():
    # one path segment: with more, entities (orgs11) already reads the line as a permalink
    # and names no organisation, so the chooser's option would not be what is tested
    text = ("reiseblog-talwind.de/mietwagen/\n\nMietwagen-Ärger am Flughafen\n\n"
            "Europcar hat mir einen Kratzer berechnet, den es schon gab.")
    assert _main(text)[0] == "Europcar"
    assert _main(text, page_address=False)[0] == "reiseblog-talwind.de"


def test_the_chooser_sees_the_roles():
    text = ("Den Strom habe ich über Check24 gebucht, Check24 zeigte den Bonus an. Die "
            "Kleinwatt Energie GmbH zahlt den Bonus nicht.")
    rules = BlameRules.default()
    ms = find_mentions(text, pronouns=False, gazetteer=rules.gazetteer)
    feats = candidate_features(text, ms, rules, RULES_CHOICE, None, True, roles=True)
    assert feats["Check24"][1].get("role_via") == 1
    assert "role_via" not in candidate_features(text, ms, rules, RULES_CHOICE, None, True,
                                                roles=False)["Check24"][1]
