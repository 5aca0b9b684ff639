"""Round nine: firms stay readable where their names are built from a person's name, a word
or a number (``servicelab.firm_parts``, ``contact_details.is_service_line``), and private
details stay found beside them. Every sentence is written here (none is from a page set);
each test failed on the rules before this round (main ba67f56)."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelab.contact_details import PHONE, is_service_line
from servicelab.firm_parts import FirmParts
from servicelab.privacy import privacy_rules, pseudonymise_text
from servicelab.privacy_eval import score_pages

KEY = b"k" * 32
STRESS = Path(__file__).parent / "fixtures" / "privacy_stress9"


def _out(text: str) -> str:
    return pseudonymise_text(text, KEY).text


@pytest.mark.parametrize("text", [
    # a trade head, a naming particle, a given name: a shop's name
    "Die Trattoria Dal Bruno hat unsere Reservierung einfach gestrichen.",
    "Bestellt haben wir beim Imbiss Zur Karin, geliefert wurde nach 90 Minuten.",
    # a firm and its partner after "&"
    "Das Autohaus Kessler & Laila hat den Leihwagen nie bezahlt.",
    # a firm's service range and its switchboard
    "Die Kundenhotline 0800 4412 887 war drei Tage besetzt.",
    "Am Empfang unter 040 72 119-0 hieß es nur, man rufe zurück.",
    # a firm's geographic line given right after its own contact
    "Bei Fragen: kundenservice@vattenfall.de oder 040 555 10 20.",
    "Formular auf telekom.de/kontakt oder telefonisch unter 0228 555 41 00, wir helfen.",
    # an institution's handle
    "Antwort von @lbv_Beratungsstelle: Wir prüfen den Fall.",
    # a title's second word in a header, an abbreviation after a name-like word
    "Haus kompakt · Heft 7 · vor 2 Tagen\n\nDer Vermieter schweigt.",
    "Die Regio Bahn fällt aus, die Linie RE 7 auch.",
])
def test_a_firm_stays_readable(text: str) -> None:
    assert _out(text) == text


@pytest.mark.parametrize(("text", "private"), [
    # the same given name outside the firm's name is a person's
    ("Die Trattoria Dal Bruno ist zu. Bruno selbst ging nicht ans Telefon.", "Bruno selbst"),
    # a direct line beside the switchboard, a mobile
    ("Zentrale 040 72 119-0, mein Sachbearbeiter direkt: 040 72 119-34", "040 72 119-34"),
    ("Ruft mich an: 0172 4410 938", "0172 4410 938"),
    ("Schreib an jule.b@gmx.de oder 0172 4410 938", "0172 4410 938"),
    # a person's handle with a trade word and a given name stays a person's
    ("Danke an @anna_friseur für den Tipp!", "anna_friseur"),
])
def test_a_private_detail_beside_a_firm_is_replaced(text: str, private: str) -> None:
    assert private not in _out(text)


def test_service_ranges_and_switchboards_by_form() -> None:
    text = "0800 123 45 67 · +49 800 1234567 · 0221 98 76-0 · 0221 98 76-15 · 0157 3344 556"
    kept = [m.group(0) for m in PHONE.finditer(text) if is_service_line(text, *m.span())]
    assert kept == ["0800 123 45 67", "+49 800 1234567", "0221 98 76"]


def test_firm_parts_is_an_object_passed_in() -> None:
    parts = FirmParts.load(["Bistro"], ["stelle"])
    text = "Im Bistro Chez Lou war es kalt."
    assert [text[a:b] for a, b in parts.spans(text)] == ["Bistro Chez Lou"]
    assert parts.is_institution_part("Meldestelle") and not parts.is_institution_part("Stelle")
    assert privacy_rules().firm_parts is not None


def test_the_round_nine_stress_set_keeps_its_figures() -> None:
    """Our own page set (tests/fixtures/privacy_stress9, gold committed before the rules):
    before this round 30 of 34 private details were found and 17 of 24 public names kept; the
    rules were then written from its misses, so these figures are in-sample."""
    s = score_pages(STRESS)
    assert int(s.recall["found"].sum()) >= 30
    assert int(s.public["kept"].sum()) >= 21
    assert s.leaks.empty


# private details in slots of their own (stress pages of round nine; sentences written here)


@pytest.mark.parametrize(("text", "name"), [
    # a word as username on its line, above the user's own metadata
    ("Thema: Zähler falsch abgelesen\n\nSchneeflocke\nMitglied seit 2021 · Beiträge: 87\n"
     "Bei mir auch, zweimal!", "Schneeflocke"),
    ("Bewertungen\n\nPusteblume\n02.03.2026\n★★☆☆☆\nLieferung kam zerdrückt an.", "Pusteblume"),
    ("Teekanne\n4 Rezensionen\n★☆☆☆☆ vor 5 Tagen\nNie wieder.", "Teekanne"),
    # a given name's genitive before a post
    ("Wie in Svens Kommentar oben: die Kündigung kam per Mail.", "Sven"),
    ("Lauras Antwort hat geholfen.", "Laura"),
])
def test_a_private_name_in_a_slot_of_its_own_is_replaced(text: str, name: str) -> None:
    assert name not in _out(text)


@pytest.mark.parametrize("text", [
    # a firm, a menu word above a rating; a firm's genitive
    "Zalando\n★★★★☆ 4,1 · 2.310 Bewertungen",
    "Antworten\n★ 12 · Melden",
    "Laut Zalandos Antwort dauert die Erstattung zwei Wochen.",
])
def test_a_firm_or_a_menu_above_a_rating_stays(text: str) -> None:
    assert _out(text) == text


def test_a_rank_badge_under_the_author_line_stays() -> None:
    """A word between the author line and the metadata is the author's rank, no user (the
    first form of the rule replaced "Einsteiger", "Newbie" … on eight forum pages)."""
    out = _out("#3\nFritzi Mahlberg\nStammleser\nBeiträge: 12\nBei mir auch.")
    assert "\nStammleser\n" in out and "Mahlberg" not in out
