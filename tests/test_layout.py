"""Structure rules of the corpus layer (layout.py, boilerplate patterns, structured segments)."""

import csv
import re
from importlib import resources

import pytest

from servicelab.boilerplate import find_boilerplate
from servicelab.corpus import process_document
from servicelab.layout import header_author, is_anchor, is_nav, is_ui
from servicelab.posts import split_posts
from servicelab.reading import RawText
from servicelab.segments import segment_post


def _patterns():
    path = resources.files("servicelab.data").joinpath("boilerplate_patterns.csv")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _patterns(), ids=lambda r: f"{r['kind']}:{r['example'][:20]}")
def test_every_furniture_rule_matches_its_example(row):
    assert row["example"], "each rule keeps an example line"
    assert re.match(row["pattern"], row["example"])


def test_metadata_lines_by_shape():
    assert is_anchor("14.04.2024, 09:14   #1")
    assert is_anchor("vor 3 Tagen")
    assert is_anchor("Person_0123456789abcdef sagt:")  # author lines carry pseudonyms
    assert is_anchor("Kommentar von kaufrausch88 am 3. Juni 2024 um 20:47")
    assert is_anchor("Beiträge: 8.412")
    assert is_anchor("Gast → Bogdan_Muc")
    assert not is_anchor("Am 14.04.2024 kam endlich der Techniker, aber ohne Material.")
    assert not is_anchor("Von Montag bis freitags lief gar nichts.")


def test_ui_and_menu_lines():
    assert is_ui("27 △ ▽ • Antworten • Teilen ›")
    assert is_ui("hilfreich (27) Kommentieren Melden")
    assert not is_ui("Antworten bekam ich nie.")
    assert is_nav("Lokales Politik Wirtschaft Sport Kultur Abo Anmelden")
    assert not is_nav("Ich warte seit Wochen.")


def test_header_author_skips_badges_and_reads_arrows():
    assert header_author(["Gast", "Schnitzelbaron → Bogdan_Muc", "vor 2 Tagen"]) == (
        "Schnitzelbaron", ["Bogdan_Muc"], False)
    author, _, staff = header_author(["VF_Marcel", "Vodafone Team (offiziell)",
                                      "Mitglied seit: 03.2021"])
    assert author == "VF_Marcel" and staff
    assert header_author(["DB Bahn ✓", "@DB_Bahn · 6. März"])[0] == "@DB_Bahn"


THREAD = """Startseite › Forum › Telefon
Hotline legt immer auf
Von Person_00000000000000aa · 02.03.2026
Ich rufe seit Tagen an. Jedes Mal wird nach zehn Minuten aufgelegt.
Anzeige
Jetzt Tarife vergleichen
Gestern war es wieder so. Ich habe es aufgegeben.
3 Kommentare
Person_00000000000000bb · 02.03.2026, 10:00
Bei mir genauso, und zwar mit einer Antwort, die sehr lang ist und nicht geteilt werden darf.
Auch der zweite Absatz gehört noch dazu.
12 ▲ 0 ▼ Antworten Melden
Kundenservice Team · Verifiziert · 02.03.2026, 11:00
Das tut uns leid, bitte schreib uns eine Nachricht.
3 ▲ 0 ▼ Antworten Melden
Person_00000000000000aa · 02.03.2026, 12:00
Danke, ist erledigt.
1 ▲ 0 ▼ Antworten Melden"""


def _segments(text):
    spans = find_boilerplate(text)
    posts = split_posts(text, spans)
    return posts, [s for p in posts for s in segment_post(text, p, spans)], spans


def test_structured_thread_units_authors_roles():
    posts, segs, spans = _segments(THREAD)
    assert posts[-1].title == "Hotline legt immer auf"
    # the ad splits the article's text into two pieces of the same unit, never a comment
    assert [s.kind for s in segs] == ["body", "body", "comment", "comment", "comment"]
    assert [s.role for s in segs] == ["author", "author", "commenter", "vendor", "author"]
    assert segs[2].author == "Person_00000000000000bb"
    assert THREAD[segs[2].start:segs[2].end].endswith("Auch der zweite Absatz gehört noch dazu.")
    kinds = {s.kind for s in spans}
    assert {"breadcrumb", "ad", "metadata", "ui", "comments_header"} <= kinds
    for s in segs:  # no segment contains a furniture span
        assert not any(s.start <= b.start < s.end for b in spans)


def test_quoted_reader_in_article_and_signed_letters():
    text = ("Startseite › News › Paket\nPakete verschwinden\nVon Person_00000000000000cc\n"
            "Viele Leser meldeten sich. Leserin Person_00000000000000dd aus Köln schreibt:\n"
            "„Mein Paket lag im Müll.“\nAuch andere berichten. Eine Auswahl:\n"
            "Bei mir war es die Papiertonne.\n— Dariusz P., Bochum\n"
            "Der Händler schweigt dazu.\nKommentare (1)\nPerson_00000000000000ee · 01.02.2026\n"
            "Kenne ich.\n2 ▲ 0 ▼ Antworten")
    _, segs, _ = _segments(text)
    got = [(s.kind, s.role, s.author, text[s.start:s.end][:12]) for s in segs]
    assert got == [
        ("body", "author", "Person_00000000000000cc", "Viele Leser "),
        ("quoted_reader", "quoted_reader", "Person_00000000000000dd", "„Mein Paket "),
        ("body", "author", "Person_00000000000000cc", "Auch andere "),
        ("quoted_reader", "quoted_reader", "Dariusz P.", "Bei mir war "),
        ("body", "author", "Person_00000000000000cc", "Der Händler "),
        ("comment", "commenter", "Person_00000000000000ee", "Kenne ich."),
    ]


def test_forum_quote_block_is_not_the_replys_text():
    text = ("Forum › Strom\nAbschlag verdoppelt\n01.03.2026, 10:00 #1\nnutzer_a\n"
            "Beiträge: 3\nMein Abschlag wurde verdoppelt, ohne Begründung.\nZitieren\n"
            "01.03.2026, 11:00 #2\nnutzer_b\nBeiträge: 40\nZitat von nutzer_a\n"
            "Mein Abschlag wurde verdoppelt, ohne Begründung.\nWiderspruch einlegen!\nZitieren")
    _, segs, spans = _segments(text)
    assert [text[s.start:s.end] for s in segs] == [
        "Mein Abschlag wurde verdoppelt, ohne Begründung.", "Widerspruch einlegen!"]
    assert segs[1].author == "nutzer_b" and segs[1].addressees == ["nutzer_a"]
    assert "quoted_post" in {s.kind for s in spans}


def test_title_segment_has_offsets_and_prefix_is_furniture():
    text = ("Zum Inhalt springen\nYou are currently viewing Paket weg und keiner zuständig\n"
            "Von Person_00000000000000ff · 11.03.2026\nAm 2. Januar bestellt, nie angekommen.\n"
            "Teilen: Facebook · X")
    rows = process_document(RawText("d", "d.txt", "x", "utf-8", len(text), text), None)
    title = [r for r in rows["segments"] if r["kind"] == "title"]
    assert [t["text"] for t in title] == ["Paket weg und keiner zuständig"]
    doc = rows["documents"][0]["text"]
    assert doc[title[0]["start"]:title[0]["end"]] == title[0]["text"]
    assert any(r["kind"] == "title_prefix" for r in rows["boilerplate"])
    assert any(r["segment_id"] == title[0]["segment_id"] for r in rows["sentences"])


def test_free_text_without_skeleton_keeps_line_rules():
    text = ("Der Artikel.\nNeue Stellenangebote\nJob A (m/w/d) X GmbH in Y |\n"
            "Ich finde das.\n@Anna: ja.")
    _, segs, spans = _segments(text)
    assert "metadata" not in {s.kind for s in spans}
    assert [s.kind for s in segs] == ["body", "comment", "comment"]


def test_rating_lines_are_metadata_and_the_headline_under_them_is_text():
    page = ("Kundenportal   Kategorien   Login\n"
            "Bewertungen filtern: ☐ nur 1 Stern  ☐ nur mit Antwort\n"
            "Jolanta Wiśniewska\n3 Bewertungen\n★★☆☆☆  ·  vor 5 Tagen\n"
            "Lieferung kam zu spät\n"
            "Der Kühlschrank sollte am Montag kommen, er kam am Freitag.\n"
            "Hilfreich (3)   Melden\n"
            "Ole_aus_Kiel\n12 Bewertungen\n4,0 von 5 Sternen  ·  vor 6 Tagen\n"
            "Alles bestens\n"
            "Pünktlich geliefert, der Fahrer hat sogar das Altgerät mitgenommen.\n"
            "Hilfreich (1)   Melden\n")
    spans = find_boilerplate(page)
    furniture = {page[s.start:s.end] for s in spans}
    text_lines = [ln for ln in page.splitlines()
                  if not any(ln in f for f in furniture)]
    assert text_lines == ["Lieferung kam zu spät",
                          "Der Kühlschrank sollte am Montag kommen, er kam am Freitag.",
                          "Alles bestens",
                          "Pünktlich geliefert, der Fahrer hat sogar das Altgerät mitgenommen."]
