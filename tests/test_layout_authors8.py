"""Round eight author causes, pooled over the tuning page sets: the writer after a header's
date ("… am <date> von X") and a display name shown with its handle ("X @x"). Sentences
written here."""

from __future__ import annotations

import pytest

from servicelab.layout import header_author


@pytest.mark.parametrize(("line", "author"), [
    ("Eingestellt am 2. Februar 2027 von Wiebke Sandmann", "Wiebke Sandmann"),
    ("Rezensiert am 11.03.2027 von Olaf Brinkhaus aus Husum", "Olaf Brinkhaus"),
    ("Geschrieben am 5. Mai 2027 um 18:20 von kaffeeklatsch_77 · 3 Kommentare",
     "kaffeeklatsch_77"),
])
def test_writer_after_the_date(line: str, author: str) -> None:
    assert header_author([line])[0] == author


@pytest.mark.parametrize(("line", "author"), [
    ("Stadtwerke Nordlicht @swnordlicht", "Stadtwerke Nordlicht"),
    ("Tilda Overbeck @tildao · 4. Juni", "Tilda Overbeck"),
    ("Person_aa11bb22cc33dd44 @[E-Mail_0011223344556677] 6. Jan. 2027, 10:05",
     "Person_aa11bb22cc33dd44"),
])
def test_display_name_before_its_handle(line: str, author: str) -> None:
    assert header_author([line])[0] == author


def test_a_handle_alone_stays_the_writer() -> None:
    assert header_author(["@tildao · 4. Juni"])[0] == "@tildao"


FORUM = """Forum ' Strom ' Abrechnung
Zählerstand falsch übernommen – Nachzahlung von 900 Euro
2027-01-04 18:10
Wiebke_S
Neuling
Beiträge: 2
Meine Jahresabrechnung nimmt einen Zählerstand, den ich nie gemeldet habe, und will jetzt 900 Euro.
--
Wiebke aus dem Alten Land
Zitieren | Melden
2027-01-04 18:45
Stromer_Olaf
Mitglied
Beiträge: 310
Widersprich schriftlich und leg ein Foto vom Zähler bei, dann muss der Versorger neu rechnen.
Zitieren | Melden
2027-01-04 19:02
Wiebke_S
Neuling
Beiträge: 3
Danke, das Foto habe ich, der Widerspruch geht morgen raus.
Zitieren | Melden
"""


def test_signature_above_the_button_row_does_not_head_the_next_post() -> None:
    """"Wiebke aus dem Alten Land" signs the first post (above its button row); the second
    post's writer is the name in its own header below that row."""
    from servicelab.corpus import process_document
    from servicelab.reading import RawText

    raw = RawText(doc_id="f", path="f.txt", sha256="0", encoding="utf-8",
                  n_bytes=len(FORUM.encode()), text=FORUM)
    rows = process_document(raw, None)
    authors = {r["text"][:20]: r["author"] for r in rows["segments"] if r["kind"] == "comment"}
    assert authors["Widersprich schriftl"] == "Stromer_Olaf"
    assert authors["Danke, das Foto habe"] == "Wiebke_S"


@pytest.mark.parametrize("header", [
    ["Stadtwerke Nordlicht hilft Team", "Antwort vom Stadtwerke Nordlicht hilft Team · 3.2.2027"],
    ["Nordbahn Team", "Nordbahn Team", "vor 2 Tagen"],
])
def test_a_care_team_header_naming_no_one_else(header: list[str]) -> None:
    assert header_author(header)[0] == header[0]


def test_a_team_badge_under_a_user_name_stays_a_badge() -> None:
    assert header_author(["fahrgast_77", "Nordbahn Team", "vor 2 Tagen"])[0] == "fahrgast_77"


@pytest.mark.parametrize(("line", "author", "to"), [
    ("Antwort an Olaf Brinkhaus von Wiebke_S | 07/02/2027 09:12", "Wiebke_S", "Olaf Brinkhaus"),
    ("↳ Tilda Overbeck antwortet fahrgast_77 · vor 2 Std.", "Tilda Overbeck", "fahrgast_77"),
    ("↳ Nordbahn (verifiziert) antwortet Tilda Overbeck · vor 1 Std.", "Nordbahn",
     "Tilda Overbeck"),
])
def test_reply_headers_naming_writer_and_addressee(line: str, author: str, to: str) -> None:
    got, addressees, _ = header_author([line])
    assert (got, addressees) == (author, [to])


def test_a_sentence_with_antwortet_is_no_header() -> None:
    from servicelab.layout import is_anchor

    assert not is_anchor("Die Hotline antwortet seit Tagen nicht")


def test_verified_badge_after_the_name() -> None:
    assert header_author(["Nordbahn hilft Verifiziert vor 2 Tagen"])[0] == "Nordbahn hilft"
