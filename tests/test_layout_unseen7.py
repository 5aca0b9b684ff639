"""Corpus layer, round seven: line shapes of layouts not seen before (the first comment's
header, flat headers split at a month's dot, review-page titles, the lines that end a page,
tag rows). Every line and page here is written for the test; each test failed on the code
before round seven (the last one guards a rule of this round)."""

from __future__ import annotations

from test_layout_unseen import PROSE, _in_segment, _kind, _rows  # the same page helpers

from servicelab.flat import flat_pieces
from servicelab.layout import is_nameish, is_rating
from servicelab.normalise import normalise_text


def test_a_name_under_the_comment_section_header_heads_the_first_comment():
    text = "\n".join([
        "Fahrradladen Nord",
        "12. Oktober um 18:00 · 🌍",
        "Neue Lieferung da: die Herbstmodelle stehen ab Montag im Laden",
        "Gefällt mir Kommentieren Teilen",
        "Sortieren nach Neueste",
        "Jonas Weber",
        "Mein Rad ist seit fünf Wochen in der Werkstatt, und niemand ruft zurück, obwohl ich "
        "jeden Freitag nachfrage.",
        "Gefällt mir · Antworten",
        "Fahrradladen Nord · 13. Oktober um 09:10",
        "Hallo Jonas, das tut uns leid, wir melden uns heute noch telefonisch bei dir.",
        "Gefällt mir · Antworten",
    ])
    rows = _rows(text)
    assert not _in_segment(rows, "Jonas Weber")
    first = next(s for s in rows["segments"] if s["text"].startswith("Mein Rad"))
    assert first["author"] is not None and first["author"] != "Fahrradladen Nord"


def test_a_sentence_ending_in_a_short_word_is_no_name():
    assert not is_nameish("Das Paket ist da.")
    assert is_nameish("Lasse B.")


def _long_flat(head: str) -> str:
    body = ("Die Fahrkarte war gültig, nur die App ist abgestürzt, und der Kontrolleur wollte "
            "keinen Screenshot sehen. Ich habe Widerspruch eingelegt und warte. ") * 12
    return normalise_text(head + body)


def test_a_flat_header_keeps_its_month_abbreviation_and_its_time_together():
    line = _long_flat("Ole Brandt @ole@rad.example.org 2. Okt. 2026, 09:15 ")
    pieces = [line[a:b] for a, b in flat_pieces(line)]
    assert pieces[0] == "Ole Brandt @ole@rad.example.org 2. Okt. 2026, 09:15"
    line = _long_flat("Gast_42 Mitglied · Beiträge: 17 · 03.10.2026 18:40 #3 ")
    pieces = [line[a:b] for a, b in flat_pieces(line)]
    assert pieces[0] == "Gast_42 Mitglied · Beiträge: 17 · 03.10.2026 18:40 #3"


def test_a_flat_counter_row_is_cut_from_the_next_header():
    line = _long_flat("") + ("#Bahn #Widerspruch 4 Antworten 12 Boosts 30 Merker Lina K. "
                             "@lina@zug.example.net 2. Okt. 2026, 10:05 Genau so war es bei mir.")
    pieces = [line[a:b] for a, b in flat_pieces(line)]
    assert "4 Antworten 12 Boosts 30 Merker" in pieces
    assert "Lina K. @lina@zug.example.net 2. Okt. 2026, 10:05" in pieces


def test_a_one_line_social_post_is_no_title_and_its_writer_above_is_the_author():
    text = "\n".join([
        "Suchen Startseite Gruppen Marktplatz",
        "Bäckerei Kornblume",
        "5. Oktober um 08:00 · 🌍",
        "Ab heute gibt es wieder Zwiebelkuchen. Kommt vorbei, solange der Vorrat reicht! 🥧",
        "Gefällt mir Kommentieren Teilen",
        "Sortieren nach Neueste",
        "Jonas Weber",
        "Gestern war der Kuchen um zehn Uhr schon aus, obwohl das Schild bis mittags sagte.",
        "Gefällt mir · Antworten",
        "Bäckerei Kornblume · 6. Oktober um 07:30",
        "Hallo Jonas, das tut uns leid, am Samstag backen wir die doppelte Menge.",
    ])
    rows = _rows(text)
    assert not [s for s in rows["segments"] if s["kind"] == "title"]
    post = next(s for s in rows["segments"] if s["text"].startswith("Ab heute"))
    assert post["author"] == "Bäckerei Kornblume"


def test_a_score_out_of_five_without_stars_is_a_rating():
    assert is_rating("Gesamtnote 4,2 von 5 · 1.930 Bewertungen")
    assert not is_rating("Nur 2 von 50 Paketen kamen pünktlich, der Rest war Tage zu spät.")


def test_the_name_above_a_review_pages_overall_rating_is_its_title():
    text = "\n".join([
        "UrteilsPlatz",
        "Kategorien Firmen bewerten Anmelden",
        "Startseite › Reisen › Ferienwohnungen › Strandhaus Sonnenriff",
        "Strandhaus Sonnenriff – 318 Bewertungen",
        "Gesamtnote 2,4 von 5 ★★☆☆☆",
        "Sortieren: Neueste",
        "Mareike",
        "DE · 3 Bewertungen",
        "★☆☆☆☆ vor 4 Tagen",
        "Kaution seit zwei Monaten nicht zurück",
        "Wir sind Ende August abgereist, die Wohnung war sauber, und die Kaution von 300 Euro "
        "ist bis heute nicht auf unserem Konto.",
        "Datum des Aufenthalts: 30. August 2026",
        "Hilfreich (4) Teilen Melden",
        "Jannik",
        "DE · 1 Bewertung",
        "★★★★☆ vor 6 Tagen",
        "Schöne Lage, Rückzahlung kam bei uns nach drei Wochen.",
    ])
    rows = _rows(text)
    assert [p["title"] for p in rows["posts"]] == ["Strandhaus Sonnenriff – 318 Bewertungen"]


def _thread(*comments: str) -> str:
    """Comment headers with dates (the thread skeleton) around the given comment texts."""
    return "\n".join(f"Kommentar von Leser{i} am {i + 1}. März 2026 um 10:0{i} Uhr\n{c}\nAntworten"
                     for i, c in enumerate(comments))


def test_the_lines_that_end_the_page_under_a_footer_or_comment_form_are_furniture():
    text = _thread(PROSE, "Bei mir kam die Gutschrift nach vier Wochen, ganz ohne Anwalt.")
    text += "\n" + "\n".join([
        "Kommentar verfassen",
        "[ ] Über Antworten auf meinen Kommentar per E-Mail informieren.",
        "[Absenden]",
        "Der Stromspiegel · Datenschutz · Impressum · Kontakt",
        "Alle Angaben ohne Gewähr. Stand der Tarife: Oktober.",
    ])
    rows = _rows(text)
    for line in ("[ ] Über Antworten", "[Absenden]", "Alle Angaben ohne Gewähr"):
        assert not _in_segment(rows, line), line
    assert _in_segment(rows, "ganz ohne Anwalt")


def test_an_author_box_header_with_a_colon_is_furniture_with_its_text():
    text = _thread(PROSE) + "\nÜber die Autorin: Mia, 35, lebt in Kiel und schreibt hier über " \
        "Verträge.\n" + _thread("Danke für den Bericht, das hilft mir bei meinem Widerspruch.")
    rows = _rows(text)
    assert not _in_segment(rows, "lebt in Kiel")


def test_a_tag_row_under_a_question_is_navigation_but_a_listing_sentence_is_not():
    text = "\n".join([
        "Frage von Lotte_K · 2. Oktober 2026, 19:40",
        PROSE,
        "Energie, Vertrag, Nachzahlung, Stadtwerke",
        "Hilfreich (3) Teilen Melden",
        "Antwort von Jan_W · 2. Oktober 2026, 20:05",
        "Widerspruch einlegen und die Zahlung unter Vorbehalt leisten.",
        "Strom, Gas und Wasser zahle ich alles an denselben Versorger",
        "Hilfreich (1) Teilen Melden",
    ])
    rows = _rows(text)
    assert _kind(rows, "Energie, Vertrag, Nachzahlung, Stadtwerke") == "navigation"
    assert _in_segment(rows, "Strom, Gas und Wasser")


def test_a_comment_count_between_headline_and_byline_leaves_the_article_a_body():
    text = "\n".join([
        "Zugausfall in Kassel: Wer zahlt das Taxi?",
        "3 Kommentare",
        "Von Frieda Sommer · 3. Mai 2026",
        PROSE,
        "Kommentar von Leser1 am 4. Mai 2026 um 10:01 Uhr",
        "Das Taxi zahlt die Bahn, wenn nach 23 Uhr kein Zug mehr fährt.",
        "Antworten",
    ])
    rows = _rows(text)
    body = next(s for s in rows["segments"] if s["text"].startswith("Seit dem Umzug"))
    assert body["kind"] == "body"
