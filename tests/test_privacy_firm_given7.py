"""A given name that is also a listed firm's name ("Otto", "Penny", "Conrad", "Thalia", "Zara")
before a surname is a person: the pseudonymiser used to skip every listed firm word, so "Otto
Weber hat angerufen" stayed readable (found by vendors7, round seven). The firm alone and the
firm's own two-word names stay readable."""

from __future__ import annotations

import pytest

from servicelab.privacy import pseudonymise_text

KEY = b"k" * 32


@pytest.mark.parametrize(("text", "name"), [
    ("Otto Weber hat gestern angerufen.", "Otto Weber"),  # a surname that is also a word
    ("Gestern rief mich Penny Schulz an.", "Penny Schulz"),
    ("Mein Nachbar Conrad Becker hatte das gleiche Problem.", "Conrad Becker"),
    ("Thalia Brandt meinte, ich solle warten.", "Thalia Brandt"),
    ("Zara Ahmadi schrieb mir gestern.", "Zara Ahmadi"),  # a listed surname, no word
])
def test_a_firm_word_given_name_before_a_surname_is_replaced(text: str, name: str) -> None:
    out = pseudonymise_text(text, KEY).text
    assert name not in out and name.split()[1] not in out, out


@pytest.mark.parametrize("text", [
    "Ich habe bei Otto bestellt.",
    "Otto Versand ist schlimm.",  # a German noun, no surname
    "Bei Zara Deutschland gibt es nichts.",  # a country
    "Otto Group meldet Zahlen.",  # the firm's own name
    "Conrad Electronic hat zu.",
    "Penny Markt hat heute zu.",
])
def test_the_firm_and_its_own_names_stay_readable(text: str) -> None:
    assert pseudonymise_text(text, KEY).text == text


def test_the_firm_alone_next_to_the_person_stays_the_firms() -> None:
    out = pseudonymise_text("Otto Weber hat angerufen. Ich hatte bei Otto bestellt.", KEY).text
    assert "Otto Weber" not in out and out.endswith("Ich hatte bei Otto bestellt.")
