"""Organisation scoring on a tiny invented gold set (germeval_evaluation.score_orgs)."""

import pandas as pd

from servicelab.germeval_evaluation import GoldSet, pseudonymised_names, score_orgs

TEXT = ("Sanitär Kowalczyk GmbH: Heizung seit Tagen kalt\n"
        "Sehr geehrter Herr Kowalczyk, Ihr Monteur hat die Therme gewartet, seitdem ist sie "
        "aus. Die Sanitär Kowalczyk GmbH ruft nicht zurück.")


def _goldset() -> GoldSet:
    layers = {
        "orgs": pd.DataFrame([{"doc_id": "x1", "organisation": "Sanitär Kowalczyk",
                               "complained_about": "1"}]),
        "docs": pd.DataFrame([{"doc_id": "x1", "complaint": "1",
                               "main_vendor": "Sanitär Kowalczyk"}]),
    }
    return GoldSet(pd.DataFrame([{"doc_id": "x1", "text": TEXT}]), layers.__getitem__)


def test_a_firm_named_after_its_pseudonymised_owner_is_scored_as_built():
    names = pseudonymised_names(_goldset().sample)["x1"]
    assert [o for o, _ in names] == ["Kowalczyk"]
    got = score_orgs(goldset=_goldset()).set_index("measure")
    assert got.loc["organisations", "tp"] == 1
    assert got.loc["main vendor (complaint documents)", "tp"] == 1


BLAME_TEXT = ("Sehr geehrter Herr Wójcik, seit Ihrem Besuch flackert jedes Licht im Flur. "
              "Die Elektro Wójcik GmbH hat die Leitung offenbar falsch angeschlossen.")


def test_a_blamed_firm_named_after_its_pseudonymised_owner_is_scored_as_built():
    from servicelab.germeval_evaluation import score_blame

    sample = pd.DataFrame([{"doc_id": "x2", "text": BLAME_TEXT}])
    gold = pd.DataFrame([{"doc_id": "x2", "pattern": "accuses",
                          "target_entity": "Elektro Wójcik", "target_type": "retailer"}])
    goldset = GoldSet(sample, {"blame": gold}.__getitem__)
    (orig, built), = pseudonymised_names(sample)["x2"]
    assert orig == "Wójcik" and built != orig
    pred = gold.assign(target_entity=f"Elektro {built}")
    got = score_blame(goldset=goldset, pred=pred).set_index("pattern")
    assert got.loc["all", "tp"] == 1 and got.loc["all", "fp"] == 0


def test_a_trailing_legal_form_does_not_make_another_organisation():
    """Codebook §6.9 names invented firms without their legal form; a gold file or the build
    that keeps it ("Bohnenwerk UG", "Radhaus Lindenau GmbH & Co. KG") names the same firm."""
    from servicelab.germeval_evaluation import _key

    for with_form, bare in [("Bohnenwerk UG", "Bohnenwerk"),
                            ("Radhaus Lindenau GmbH & Co. KG", "Radhaus Lindenau"),
                            ("Sportwelt Haase UG (haftungsbeschränkt)", "Sportwelt Haase"),
                            ("Autoparadies Nordring e.K.", "Autoparadies Nordring")]:
        assert _key(with_form, {}) == _key(bare, {})
    assert _key("Deutsche Bahn AG", {"deutsche bahn": "Deutsche Bahn"}) == "deutsche bahn"
    assert _key("Fahrrad AG", {}) != _key("Fahrrad", {"fahrrad": "Fahrrad Club"})
