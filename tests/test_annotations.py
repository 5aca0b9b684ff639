"""Locating gold quotes in pseudonymised corpus text (``servicelab.annotations``)."""

from __future__ import annotations


def test_a_quote_that_stops_inside_a_replaced_name_is_found():
    """Gold quotes mark where a unit starts and may stop inside a name the corpus replaced
    as a whole ("… für Jan" of "Jan Böhmermann"); a first name alone is not completed into
    a longer one ("Jana")."""
    from servicelab.annotations import find_quote

    text = "Kommentar: Das wäre ein Fall für Person_01. Wirklich."
    mapping = {"Jan Böhmermann": "Person_01"}
    assert find_quote(text, "Das wäre ein Fall für Jan", mapping) == (11, 42)
    assert find_quote(text, "Das wäre ein Fall für Jana", mapping) is None


def test_a_quote_with_a_name_in_the_genitive_is_found():
    """The corpus replaces the name inside a genitive ("Olivers Beitrag" → "Person_…s
    Beitrag"), so a gold quote holding the genitive is found with the name's pseudonym."""
    from servicelab.annotations import find_quote

    text = "Antwort: Kurze Ergänzung zu Person_01s Beitrag: morgen kommt der Techniker."
    mapping = {"Oliver": "Person_01"}
    assert find_quote(text, "Kurze Ergänzung zu Olivers Beitrag", mapping) == (9, 46)
    assert find_quote(text, "Kurze Ergänzung zu Oliverss Beitrag", mapping) is None


def test_a_quote_whose_first_word_the_corpus_took_into_a_name_is_found():
    """When privacy replaced a name together with the next unit's first word ("Hakan
    Öztürk Genau" as one name), the gold quote ("Genau das …") is found at that pseudonym;
    a quote that only begins with the same letters ("Genauer …") is not."""
    from servicelab.annotations import find_quote

    text = "Teilen Person_02 das gleiche bei uns vor drei Wochen!"
    mapping = {"Hakan Öztürk Genau": "Person_02"}
    assert find_quote(text, "Genau das gleiche bei uns", mapping) == (7, 36)
    assert find_quote(text, "Genauer das gleiche bei uns", mapping) is None
