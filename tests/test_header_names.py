"""Authors cut from their header fields (``layout.header_name``): real pages wrap the name in
furniture and put labels where a name could stand. Every example is our own; each failed
before the field reader existed (the author came out with its furniture, or a label did)."""

from __future__ import annotations

import pytest

from servicelab.layout import header_author, header_name


@pytest.mark.parametrize("header, author", [
    # a post number and a reply pointer are fields, not names
    (["Kommentar #4 | Antwort auf #1 | Yvonne Hartmann | 04.01.26 – 10:12"], "Yvonne Hartmann"),
    # a reply arrow and a bullet separator around the name
    (["↳ bahnfahrer_77 · 2. Mai 2025"], "bahnfahrer_77"),
    (["Sonnenblume_88 • vor 2 Std."], "Sonnenblume_88"),
    (["Telekom hilft Team • 2 Std."], "Telekom hilft Team"),
    # a participle label before its date, then the name on its own line
    (["Gefragt vor 3 Tagen", "Ronja Feld"], "Ronja Feld"),
    (["Verfasst am 04.03.2025", "kundin_gerda"], "kundin_gerda"),
    # a role in brackets; an origin after the name
    (["Meinungsmacher_21 (Autor) · 12.01.2025"], "Meinungsmacher_21"),
    (["von Hatice K. aus Bielefeld", "12.10.2024"], "Hatice K."),
    # a closing formula belongs to the unit before; the name after it heads this one
    (["Viele Grüße", "Jonas"], "Jonas"),
])
def test_the_author_is_the_name_in_its_field(header, author):
    assert header_author(header)[0] == author


@pytest.mark.parametrize("field", [
    "Datum des Einkaufs: 3. März 2025", "Alle Kommentare (12)", "Kommentar #3", "Gast",
    "Aktualisiert", "beantwortet", "Mit freundlichen Grüßen", "#umzug #kabel", "12",
])
def test_labels_are_no_names(field):
    assert header_name(field) is None
    assert header_author([field])[0] is None


@pytest.mark.parametrize("field", ["Jana", "kfz_meister_rolf", "Dr. Ilse Brandt", "HUK-Team"])
def test_names_stay_names(field):
    assert header_name(field) == field
