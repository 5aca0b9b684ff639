"""Round ten causes of wrong authors, pooled over the tuning page sets (dev, l1, p1, h3 … h7;
``tools/layout_causes.py``): a header line with label words before "von" and the writer's
name (a picture's alt text, a column's or a thread's label) was taken whole as the author.
Sentences and names written here."""

from __future__ import annotations

import pytest

from servicelab.layout import header_author, header_name


@pytest.mark.parametrize(("field", "name"), [
    ("Profilbild von Hedda Lorenzen", "Hedda Lorenzen"),
    ("Benutzerbild von kranich_77", "kranich_77"),
    ("Eine Reportage von Ansgar Pfeil", "Ansgar Pfeil"),
    ("Diskussion eröffnet von Wiebke_R", "Wiebke_R"),
])
def test_label_words_before_von_are_no_part_of_the_name(field: str, name: str) -> None:
    assert header_name(field) == name


@pytest.mark.parametrize("field", [
    "Lena von der Wehl",        # a given name before "von": a noble particle, the whole name
    "Karl Otto von Brakel",
    "Jorinde von Mallinckrodt",
])
def test_a_name_with_von_is_kept_whole(field: str) -> None:
    assert header_name(field) == field


def test_a_picture_line_over_a_date_gives_the_writer() -> None:
    author, _, staff = header_author(["Profilbild von Hedda Lorenzen", "12. März 2027"])
    assert author == "Hedda Lorenzen" and staff is False


def test_a_column_byline_with_date_and_counter_gives_the_writer() -> None:
    line = "Eine Reportage von Ansgar Pfeil · Gestern, 18:02 · 9 Kommentare"
    author, _, _ = header_author([line])
    assert author == "Ansgar Pfeil"


@pytest.mark.parametrize(("field", "agent"), [
    ("Übersetzt von Lingua · Original anzeigen", "Lingua"),
    ("Angeheftet von Marlene Sturm", "Marlene Sturm"),
])
def test_a_bare_participle_before_von_names_no_writer(field: str, agent: str) -> None:
    # a translation service or a moderator who pinned the post did not write it
    assert header_name(field) != agent
