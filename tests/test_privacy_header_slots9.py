"""Round nine: a one-word username in a header slot, whatever word it is (a German noun, a
lower-case word, a word on no list), found by where it stands (``name_slots`` ``header`` and
``by``): the first field of a " · "/" | " header whose other fields are ranks, levels,
counters and the post's date or age, on its own line or inside a flat export's run; an
avatar's alt text; "Kommentar von X · vor …". Every line is written here (none is from a page
set); each username failed before the slots existed. The guards keep firms, teams, menu
words and the anonymous author's placeholder readable."""

from __future__ import annotations

import pytest

from servicelab.name_slots import slot_names
from servicelab.privacy import pseudonymise_text

KEY = b"k" * 32


def _out(text: str) -> str:
    return pseudonymise_text(text, KEY).text


@pytest.mark.parametrize(("text", "name"), [
    # an avatar's alt text alone on its line, and the name alone below it
    ("Kommentare (3)\n\nAvatar von Gartenzwerg\nGartenzwerg\nBei mir kam die Lieferung nie an.",
     "Gartenzwerg"),
    ("Profilbild von schneeflocke\nschneeflocke\nGeht mir genauso.", "schneeflocke"),
    # a post's "by" line before its age
    ("Antwort von laubfrosch · vor 12 Min.\nDas Formular gibt es online.", "laubfrosch"),
    # a header line: one word, then rank, level, post count, join date
    ("Wolkenschieber · Rang 3 · Stammgast · Beiträge: 2.045 · Registriert: 14.03.2017\n"
     "Ich habe dasselbe Problem mit dem Router.", "Wolkenschieber"),
    ("Nachteule | Level 2 | Neuling | Mitglied seit 2021 | 05.01.2026\nKeine Antwort bisher.",
     "Nachteule"),
    # a header whose first word has digits, with a rank phrase and a counter after the date
    ("Tarifdetektiv7 · Kenner für Mobilfunk · 2025-06-14 · nützlich (12)\nKündige schriftlich.",
     "Tarifdetektiv7"),
    # inside a flat export's run: the account before its display name and the post's date
    ("Video Feed Entdecken Hochladen seeigel · Sanne 🌊 · 2025-03-09 Seit drei Wochen kein "
     "Paket. ♥ 21 Antworten seeigel · Ersteller · 2025-03-10 Jetzt ist es da.", "seeigel"),
])
def test_a_username_in_a_header_slot_is_replaced(text: str, name: str) -> None:
    assert name not in _out(text)


@pytest.mark.parametrize(("text", "kept"), [
    # a firm or a care team in the same slot stays readable
    ("Telekom hilft · vor 2 Std.\nWir melden uns per Direktnachricht.", "Telekom hilft"),
    ("Vodafone · Level 9 · Moderator · 03.03.2026\nBitte prüfe deine Kundennummer.", "Vodafone"),
    ("Kommentar von Vodafone · vor 4 Min.\nWir kümmern uns.", "Vodafone"),
    # menu words and the anonymous author's placeholder are no names
    ("Antworten · vor 2 Std.\nDas ging schnell.", "Antworten"),
    ("Anonym · 02.11.2025, 10:15\nSo ist es bei mir auch.", "Anonym"),
    # the site's editors in a byline
    ("Ein Bericht\nvon Redaktion tarifkompass · 01.12.2025 · 3 Min.\nText.", "tarifkompass"),
    # a capitalised word inside a running line may end a sentence: no slot there
    ("Am Ende war alles Zirkus · 2025-03-10 kam der Brief.", "Zirkus"),
    # a firm's legal form before a date, inside a line of running text
    ("Laut Pressestelle der Nordlicht Logistik GmbH | 11.06.2024 gab es Verzögerungen.",
     "GmbH"),
])
def test_firms_teams_and_menu_words_in_the_slot_stay(text: str, kept: str) -> None:
    assert kept in _out(text)


def test_a_field_after_a_separator_is_no_header_start() -> None:
    """"Ersteller" after " · " is a field of the header, not a header of its own."""
    whos = [s.who for s in slot_names("x seeigel · Ersteller · 2025-03-10 Text")
            if s.kind == "header"]
    assert whos == ["seeigel"]


def test_a_header_needs_a_date_or_an_age() -> None:
    """Fields without the post's date or age ("Impressum · Datenschutz") are no header."""
    assert not [s for s in slot_names("Kontakt · Impressum · Datenschutz\n")
                if s.kind == "header"]


def test_prose_after_a_title_separator_is_no_header() -> None:
    """A page title's last word before " | " and a sentence holding a date: no header (the
    date needs at most two label words before it, "Registriert: ", "Mitglied seit ")."""
    text = "Spedition Ostwind - your freight partner | Aktuell Der seit dem 03.04.2024 laufende"
    assert not [s for s in slot_names(text) if s.kind == "header"]


def test_a_greeting_to_the_bylined_author_keeps_the_byline() -> None:
    """"Hi Jonas," below "Eine Kolumne von Jonas Weidemann" addresses the column's author:
    his byline stays whole (the greeting's name used to be replaced inside it too)."""
    out = _out("Eine Kolumne von Jonas Weidemann · Gestern\nDer Router kam nie an.\n\n"
               "Kommentare\nHi Jonas, guter Text, bei mir war es genauso.")
    assert "Jonas Weidemann" in out and "Hi Jonas," in out


def test_a_greeting_to_another_commenter_is_still_replaced() -> None:
    out = _out("Eine Kolumne von Jonas Weidemann · Gestern\nDer Router kam nie an.\n\n"
               "Kommentare\nHi Smilla, guter Hinweis!")
    assert "Jonas Weidemann" in out and "Smilla" not in out


@pytest.mark.parametrize(("text", "kept"), [
    # a web address alone on its line is the site, not a user
    ("tarif-ratgeber.de\nThemen | Experten | Frage stellen\nWarum kommt mein Paket nicht?",
     "tarif-ratgeber.de"),
    # the text's first line above a navigation menu is the site's name
    ("Quasselo\nStart · Suche · Nachrichten · Profil\nmein Paket fehlt seit Tagen", "Quasselo"),
])
def test_the_site_name_above_its_menu_stays(text: str, kept: str) -> None:
    assert kept in _out(text)


def test_a_username_above_a_short_metadata_line_is_still_replaced() -> None:
    """Only a menu (three fields or more, no digit) makes the first line a site's name."""
    assert "mausi77" not in _out("mausi77\nStart · Suche\nDas Paket kam nicht.")
