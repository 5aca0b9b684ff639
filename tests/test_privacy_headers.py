"""Author names in social and forum metadata that the other cues miss (issue 15, round four:
found on the h3 held-out pages after their one scoring; examples here are our own)."""

from __future__ import annotations

import pytest

from servicelab.privacy import pseudonymise_text

KEY = b"k" * 32


def _out(text: str) -> str:
    return pseudonymise_text(text, KEY).text


@pytest.mark.parametrize(("text", "private"), [
    ("3 Boosts Mark T. @markt@mastodon.example 4. März 2026, 09:12 Seit Tagen kein Netz.",
     "Mark T."),  # a display name before a fediverse address, the name also a German word
    ("Mia Sommer @mia_s antwortete gestern: stimmt.", "Mia Sommer"),
    ("Ich lasse Nele @nele_k das machen.", "Nele"),
])
def test_a_display_name_before_a_private_handle_is_replaced(text, private):
    assert private not in _out(text)


@pytest.mark.parametrize("text", [
    "Danke Telekom @telekom_hilft für die schnelle Hilfe.",
    "Hallo Vodafone Kundenservice @vodafone_de, wann kommt der Techniker?",
])
def test_a_company_before_its_own_handle_stays(text):
    assert _out(text) == text


@pytest.mark.parametrize(("text", "private"), [
    ("Frage zur Rechnung\nvon KaffeeKlaus · 03.05.2025, 08:15\nWarum so teuer?", "KaffeeKlaus"),
    ("Beitrag #3 | Alt-Kunde | 04.05.25 – 19:40\nBei mir genauso.", "Alt-Kunde"),
    ("Antwort | nordlicht_77 | vor 2 Stunden\nDanke!", "nordlicht_77"),
])
def test_a_username_field_before_a_date_is_replaced(text, private):
    assert private not in _out(text)


@pytest.mark.parametrize("text", [
    "Versand | Lieferung | 3 Tage",
    "Tarif | Preis | 30 Euro im Monat",
])
def test_plain_words_between_separators_stay(text):
    assert _out(text) == text
