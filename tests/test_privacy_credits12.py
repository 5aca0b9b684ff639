"""Image credits after round ten (codebook §7.2, "Image credits"): a photographer named in a
credit is a private name whether or not an agency or newsroom follows; the name stays readable
only when the same person is the article's byline on the page."""

import pytest

from servicelab.privacy import pseudonymise_text

KEY = b"credits-test-key-0123456789"


@pytest.mark.parametrize(("text", "name"), [
    ("Stau am Ring.\nFoto: Ruben Klaassen / Nordsee-Bote.example\nDie Stadt prüft.",
     "Ruben Klaassen"),
    ("Ein Zusteller vor dem Depot. Foto: Swantje Harmsen/dpa", "Swantje Harmsen"),
    ("Bild: Mirko Jablonski/Archiv Lokalredaktion", "Mirko Jablonski"),
])
def test_a_photographer_with_an_agency_is_replaced(text: str, name: str) -> None:
    out = pseudonymise_text(text, KEY).text
    assert name not in out and name.split(" ")[1] not in out


def test_the_articles_journalist_in_her_own_credit_stays_another_photographer_goes() -> None:
    text = ("Von Wiebke Tjaden\nDie Störung dauert an.\n"
            "Foto: Wiebke Tjaden/Redaktion\nDer Mast am Deich. Foto: Swantje Harmsen/dpa")
    out = pseudonymise_text(text, KEY).text
    assert out.count("Wiebke Tjaden") == 2 and "Harmsen" not in out
