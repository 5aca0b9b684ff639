"""Round ten causes, pooled over the tuning page sets (dev, l1, p1, h3 … h7;
``tools/layout_causes.py``, ``tools/stance_gap_causes.py``): a header line with label words
before "von" and the writer's name (a picture's alt text, a column's or a thread's label) was
taken whole as the author; a person's words quoted as a paragraph under an announcing colon
without a reader noun or a verb of saying were left in the article body. Sentences and names
written here."""

from __future__ import annotations

import pytest

from servicelab.corpus import process_document
from servicelab.layout import header_author, header_name
from servicelab.reading import RawText


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


# --- a quoted paragraph under any announcing colon (segments._PARAGRAPH_QUOTE) -------------

_ARTICLE = ("Von Ute Sandmann · 04.05.2027\n"
            "Seit Wochen kommen in Lindhorst Pakete nicht an, obwohl die App sie als zugestellt "
            "zeigt. Der Zusteller verweist auf Personalmangel.\n"
            "{intro}\n{quote}\n"
            "Der Paketdienst kündigte an, den Bezirk neu zu besetzen.\n2 Kommentare\n"
            "Kommentar von Leser1 am 5. Mai 2027 um 10:01 Uhr\nBei mir genauso.\nAntworten\n"
            "Kommentar von Leser2 am 5. Mai 2027 um 10:02 Uhr\nBei mir nicht.\nAntworten")


def _segments(intro: str, quote: str) -> list[dict]:
    text = _ARTICLE.format(intro=intro, quote=quote)
    return process_document(RawText("d", "d.txt", "x", "utf-8", len(text), text),
                            None)["segments"]


@pytest.mark.parametrize("intro", [
    "Nicht alle sehen das so. Gisela M. aus Rinteln gibt zu bedenken:",
    "Eine Anwohnerin machte ihrem Ärger im Nachbarschaftsforum Luft. Wir zitieren sie:",
])
def test_a_first_person_paragraph_quote_under_a_colon_is_a_unit(intro: str) -> None:
    quote = ("\"Ich hole meine Pakete seit einem Jahr in der Filiale ab. Mir ist dabei nie "
             "etwas verloren gegangen.\"")
    kinds = [(s["kind"], s["text"][:12]) for s in _segments(intro, quote)]
    assert ("quoted_reader", quote[:12]) in kinds


@pytest.mark.parametrize("quote", [
    "\"Ihre Sendung liegt zur Abholung bereit. Abholcode: 4711.\"",    # a notice quoted
    "\"Wir bedauern die Verzögerungen und stellen zusätzliche Kräfte ein.\"",  # a spokesperson
])
def test_a_notice_or_a_we_statement_under_a_colon_stays_in_the_article(quote: str) -> None:
    segs = _segments("Auf Nachfrage hieß es:", quote)
    assert not any(s["kind"] == "quoted_reader" for s in segs)
    assert any(quote[1:20] in s["text"] and s["kind"] == "body" for s in segs)
