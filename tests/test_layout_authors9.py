"""Round nine causes of the stance gap (units the corpus finds vs gold-cut units), pooled over
the tuning page sets: a verified *purchase* read as a staff badge (a review read as the
vendor's), and the first review of a review page read as the page's article body. Pages and
sentences written here."""

from __future__ import annotations

import pytest

from servicelab.layout import header_author


@pytest.mark.parametrize("line", [
    "von Jorinde aus Celle · 04.05.2027 · Verifizierter Kauf",
    "★★☆☆☆ · Verifizierte Buchung · 11/06/2027",
    "Verifizierter Käufer · 3 Bewertungen",
])
def test_a_verified_purchase_is_no_staff_badge(line: str) -> None:
    assert header_author([line])[2] is False


@pytest.mark.parametrize("line", [
    "Fernbus Nord ✓ · 04.05.2027",
    "Verifizierter Händler",
    "Möbelhaus Kranich (verifiziertes Unternehmenskonto) · vor 2 Std.",
])
def test_a_verified_company_stays_staff(line: str) -> None:
    assert header_author([line])[2] is True


REVIEWS = """Urteilsplatz   Kategorien   Anmelden
Startseite › Reisen › Fernbusse › Fernbus Nord
Fernbus Nord – Bewertungen
★★★☆☆ 3,2 von 5 · 1.204 Bewertungen
Hilde Oltmanns · DE · 5 Bewertungen
★☆☆☆☆ · Verifizierte Buchung · 03.05.2027
Bus fiel aus, niemand sagte Bescheid
Wir standen zwei Stunden am Busbahnhof in Oldenburg, die App zeigte den Bus noch als pünktlich an.
Hilfreich (8)   Melden
Antwort von Fernbus Nord · 04.05.2027
Liebe Hilde, das tut uns leid. Schicken Sie uns Ihre Buchungsnummer, wir erstatten den Preis.
Jannik Brockmann · 2 Bewertungen
★★★★★ · Verifizierte Buchung · 02.05.2027
Pünktlich und günstig
Zweimal im Monat nach Bremen, nie ein Problem. Die Beschwerden hier verstehe ich nicht.
Hilfreich (2)   Melden
Merle Sievers · 1 Bewertung
★★★☆☆ · 30.04.2027
Sitze eng, Fahrer freundlich
Für vier Stunden sind die Sitze zu eng, aber der Fahrer hat beim Gepäck geholfen und war pünktlich.
Hilfreich (1)   Melden
"""

ARTICLE = """Startseite › Verbraucher
Wenn der Fernbus nicht kommt
★★★☆☆ 3,2 von 5 · 1.204 Bewertungen
Fahrgäste in Oldenburg warteten am Dienstag zwei Stunden auf einen Bus, der nie kam.
Kommentare (2)
Hilde Oltmanns · 03.05.2027
★☆☆☆☆
So war es bei mir auch, und niemand hat Bescheid gesagt.
Antworten
Jannik Brockmann · 02.05.2027
★★★★☆
Bei mir lief bisher alles glatt, das kann immer mal passieren.
Antworten
"""


def _segments(text: str) -> list[dict[str, object]]:
    from servicelab.corpus import process_document
    from servicelab.reading import RawText

    raw = RawText(doc_id="r", path="r.txt", sha256="0", encoding="utf-8",
                  n_bytes=len(text.encode()), text=text)
    return [r for r in process_document(raw, None)["segments"] if r["kind"] != "title"]


def test_the_first_review_of_a_review_page_is_a_review_not_the_body() -> None:
    segs = _segments(REVIEWS)
    first = next(s for s in segs if str(s["text"]).startswith("Bus fiel aus"))
    assert first["kind"] == "comment"
    assert not any(s["kind"] == "body" for s in segs)
    # a review under a verified booking is a customer's, not the company's
    second = next(s for s in segs if str(s["text"]).startswith("Pünktlich und günstig"))
    assert second["role"] == "commenter"


def test_an_article_under_the_page_score_keeps_its_body() -> None:
    """The page's aggregate score above an article does not make the article a review."""
    segs = _segments(ARTICLE)
    first = next(s for s in segs if str(s["text"]).startswith("Fahrgäste in Oldenburg"))
    assert first["kind"] == "body"


@pytest.mark.parametrize("header", [
    ["Stadtwerke Nordlicht – verifiziert", "vor 3 Stunden"],
    ["↳ Paketdienst Elbe (verifiziert) antwortet Jorinde_K · vor 1 Std."],
    ["Person_aa11bb22cc33dd44", "Community-Moderatorin", "Beiträge: 2.310"],
    ["Nordnetz Community Management", "vor 2 Tagen"],
    ["Antwort vom Inhaber · vor 4 Tagen"],
])
def test_company_side_headers_are_staff(header: list[str]) -> None:
    """A lower-case verification mark, a company community's moderator and an owner's
    answer label head the company's reply."""
    assert header_author(header)[2] is True


def test_a_forum_moderator_badge_alone_is_no_staff() -> None:
    assert header_author(["Modmaus_Gerda", "Moderator", "Beiträge: 9.102"])[2] is False


def test_the_addressees_badge_after_a_reply_arrow_is_not_the_writers() -> None:
    author, to, staff = header_author(["kiesel_77 ➦ Stadtwerke Nordlicht ✓ Verifiziert",
                                       "vor 14 Stunden"])
    assert (author, staff) == ("kiesel_77", False)
    assert to and to[0].startswith("Stadtwerke Nordlicht")


def test_an_owner_answer_label_heads_the_next_unit() -> None:
    """"Antwort des Inhabers" under a review names the next unit's writer (the business), so
    it is not read as the review's trailing signature."""
    from servicelab.layout import names_next_unit

    assert names_next_unit(["Antwort des Inhabers · vor 1 Woche", "Autohaus Wendt (Inhaber)"])
    assert not names_next_unit(["Hilfreich (4)   Teilen"])


NEWS = """Startseite > Verbraucher
Paketstation seit Tagen defekt
Von Ines Wolter
03.06.2027, 07:15 Uhr
Seit Freitag lässt sich die Packstation am Marktplatz in Leer nicht mehr öffnen.
Eine Leserin aus Loga, Frauke Ubben, wartet seit Samstag auf ein Paket.
"Ich stand dreimal vor der Station, das Display bleibt schwarz", schreibt sie uns.
Der Paketdienst kündigte auf Anfrage eine Reparatur für Mittwoch an.
Ein Leser aus dem Nachbarort, Hauke Janssen, meint: "Kaputt geht alles mal."
Kommentare (1)
Ole_aus_Leer
vor 2 Std.
Bei uns funktioniert die Station auch nur jeden zweiten Tag.
Antworten
"""


def test_a_quoted_paragraph_under_a_named_reader_is_a_unit_and_the_article_resumes() -> None:
    segs = _segments(NEWS)
    by_text = {str(s["text"])[:12]: s for s in segs}
    quoted = by_text['"Ich stand d']
    assert quoted["kind"] == "quoted_reader"
    assert quoted["author"] == "Frauke Ubben"
    assert by_text["Der Paketdie"]["kind"] == "body"


def test_a_reader_named_after_the_place_is_the_quotes_author() -> None:
    from servicelab.segments import SegmentSpan, split_inline_quotes

    text = ('Ein Leser aus dem Nachbarort, Hauke Janssen, meint: "Kaputt geht alles mal. '
            'Ich hole meine Pakete eben in der Filiale ab."\nDer Paketdienst schweigt.')
    out = split_inline_quotes(text, [SegmentSpan(0, len(text), "body", role="author")])
    quoted = [s for s in out if s.kind == "quoted_reader"]
    assert [s.author for s in quoted] == ["Hauke Janssen"]


THREAD = """Forum › Bahn › Verspätungen
Zug fällt seit einer Woche jeden Morgen aus
Wiebke_S · vor 6 Std.
Seit Montag fällt der 7:12 nach Oldenburg jeden Tag aus, und die App meldet es erst am Bahnsteig.
Gefällt 9 Personen · Antworten · Melden
kiesel_77 · vor 5 Std.
+1
Gefällt 2 Personen · Antworten · Melden
Strandläufer · vor 4 Std.
🙄🙄
Gefällt 1 Person · Antworten · Melden
Olaf_B · vor 3 Std.
Bei mir genauso, ich fahre jetzt mit dem Rad zum Bahnhof.
Gefällt 4 Personen · Antworten · Melden
"""


def test_a_reaction_under_a_header_is_the_units_text() -> None:
    segs = _segments(THREAD)
    texts = {str(s["text"]).strip(): s for s in segs if s["kind"] == "comment"}
    assert texts["+1"]["author"] == "kiesel_77"
    assert "🙄🙄" in texts


GUEST = """Blog › Internet
Glasfaser bestellt, aber nie geschaltet
Von Tarek Aydin · 02.06.2027
Seit sechs Wochen liegt das Kabel im Keller, und die Hotline kennt den Auftrag nicht.
12 Kommentare
Marlene K. · vor 4 Tagen
Bei uns hat es auch zwei Monate gedauert, am Ende half nur ein Brief.
3 △ ▽ • Antworten • Teilen
Gast · vor 4 Tagen
Welcher Router steht denn bei dir, der vom Anbieter oder ein eigener?
0 △ ▽ • Antworten • Teilen
Nordnetz Service ✓ Verifiziert · vor 2 Tagen
Hallo Tarek, das tut uns leid. Wir haben den Auftrag gefunden und die Schaltung beauftragt.
1 △ ▽ • Antworten • Teilen
"""


def test_the_header_below_a_button_row_is_the_next_units_not_a_signature() -> None:
    """A guest's reply names no writer; the company header under the guest's button row
    heads the company's reply, not the guest's."""
    segs = _segments(GUEST)
    guest = next(s for s in segs if str(s["text"]).startswith("Welcher Router"))
    assert guest["author"] != "Nordnetz Service"
    assert guest["role"] != "vendor"


def test_a_name_badge_and_statistic_line_over_a_date_is_a_header_not_a_menu() -> None:
    """"Jana_K · Nordnetz Mitarbeiter · Beiträge: 812" reads like a menu (short items between
    dots) but counts a writer's posts: it heads the reply below (writer and staff badge)."""
    page = THREAD.replace("Olaf_B · vor 3 Std.",
                          "Jana_K · Nordnetz Mitarbeiter · Beiträge: 812\nvor 3 Std.")
    segs = _segments(page)
    reply = next(s for s in segs if str(s["text"]).startswith("Bei mir genauso"))
    assert (reply["author"], reply["role"]) == ("Jana_K", "vendor")


def test_the_reviewers_header_names_the_review() -> None:
    segs = _segments(REVIEWS)
    first = next(s for s in segs if str(s["text"]).startswith("Bus fiel aus"))
    assert first["author"] == "Hilde Oltmanns"
