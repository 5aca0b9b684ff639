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
