"""Gazetteer rows of round eight (issue 15): sectors the gazetteer had thin (heating-cost
billing, health insurance funds, private letter carriers, online shops, car sharing, airlines,
ticketing). Every sentence is new; each names a firm no row listed before this round."""

from __future__ import annotations

import pytest

from servicelab.entities import find_mentions


def orgs(text: str) -> set[str]:
    return {m.entity for m in find_mentions(text, pronouns=False)
            if m.source in ("name", "handle", "unknown_org")}


@pytest.mark.parametrize("text, entity", [
    ("Die Heizkostenabrechnung von Techem stimmt schon wieder nicht.", "Techem"),
    ("Seit März warte ich auf die Ablesung durch Brunata.", "Brunata"),
    ("Die HEK hat meinen Antrag auf Haushaltshilfe abgelehnt.", "HEK"),
    ("Bei Ortel kommt man in der Hotline nie durch.", "Ortel Mobile"),
    ("Mein Brief ging mit Citipost raus und kam nie an.", "Citipost"),
    ("Das Parfum von Notino war eine Fälschung, behaupte ich.", "Notino"),
    ("Die Buchung bei Ab-in-den-Urlaub wurde einfach storniert.", "Ab-in-den-Urlaub"),
    ("Sundair hat den Rückflug um neun Stunden verschoben.", "Sundair"),
    ("Das Leihrad von Swapfiets hatte nach zwei Tagen einen Platten.", "Swapfiets"),
    ("Die LEG repariert die Heizung im Winter nicht.", "LEG Immobilien"),
])
def test_round_eight_rows_name_their_firm(text, entity):
    assert entity in orgs(text)


def test_case_sensitive_row_leaves_other_spellings():
    # a guard: "LEG" is listed in capitals only
    assert "LEG Immobilien" not in orgs("Leg die Quittung bitte zu den anderen Belegen.")


def test_round_eight_rows_keep_given_names_private():
    # no new single-word row is a given name ("Xing" was left out for that): a person named
    # in the same sentence is still replaced, the firms stay readable
    from servicelab.privacy import pseudonymise_text

    out = pseudonymise_text("Xing Chen hat bei Techem und Notino angerufen.", b"test-key").text
    assert "Xing" not in out and "Techem" in out and "Notino" in out
