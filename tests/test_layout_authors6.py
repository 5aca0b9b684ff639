"""Authors on thread pages whose writer line is not a header above the text (round six): a
trailer below the unit, a reply line naming writer and addressee, like counters and English
buttons between units. Every page snippet here is written for the test."""

from __future__ import annotations

from servicelab.corpus import process_document
from servicelab.layout import header_author, is_anchor, is_ui
from servicelab.reading import RawText


def _rows(text: str) -> dict[str, list[dict]]:
    return process_document(RawText("d", "d.txt", "x", "utf-8", len(text), text), None)


def _author_of(rows: dict[str, list[dict]], snippet: str) -> str | None:
    seg = next(s for s in rows["segments"] if snippet in s["text"])
    return seg["author"]


ARTICLE = ("Seit dem Umzug im Februar stimmt meine Abrechnung nicht mehr, und jede Nachfrage beim "
           "Kundenservice endet in einer Warteschleife ohne Ergebnis. Heute schreibe ich das auf.")


def test_a_trailer_line_below_a_comment_names_its_writer_not_the_next_ones():
    text = "\n".join([
        "Mein Ärger mit der Stromrechnung",
        "Veröffentlicht am 2026-03-01 · 3 Kommentare",
        ARTICLE,
        "3 Kommentare",
        "Bei uns kam die Nachzahlung auch ohne jede Erklärung, erst nach dem dritten Brief.",
        "— geschrieben von Ottokar am 02/03/2026 um 08:15",
        "Antworten",
        "Ich finde, man muss die Zählerstände eben selbst melden, dann passiert das nicht.",
        "— geschrieben von Wiebke Sander am 02/03/2026 um 09:40",
        "Antworten",
        "Wir schauen uns das gern an, schreiben Sie uns bitte Ihre Kundennummer per Mail.",
        "— geschrieben von Stadtwerke Kundenservice am 02/03/2026 um 11:02 · Offizieller Account",
        "Antworten",
        "Schreibe einen Kommentar",
    ])
    rows = _rows(text)
    assert _author_of(rows, "Nachzahlung auch ohne") == "Ottokar"
    assert _author_of(rows, "Zählerstände eben selbst") == "Wiebke Sander"
    assert _author_of(rows, "Kundennummer per Mail") == "Stadtwerke Kundenservice"


def test_like_counters_and_english_buttons_are_ui_not_names():
    assert is_ui("Gefällt 48 Personen   Antworten   Melden")
    assert is_ui("Gefällt 1 Person   Antworten")
    assert is_ui("Reply · Like (12)")
    assert is_ui("Share   Report")
    assert not is_ui("Gefällt mir gar nicht, wie das gelaufen ist")
    # between units, the counter of the unit above is no name for the unit below
    assert header_author(["Gefällt 31 Personen   Antworten", "kiezkind_04 · vor 1 Std."])[0] \
        == "kiezkind_04"
    assert header_author(["Reply · Like (3)", "Wiebke Sander vor 5 Tagen"])[0] == "Wiebke Sander"


def test_a_reply_line_names_its_writer_and_its_addressee():
    author, to, _ = header_author(["Ottokar antwortete auf Wiebke Sander · vor 5 Tagen"])
    assert (author, to) == ("Ottokar", ["Wiebke Sander"])
    author, to, _ = header_author(["Antwort an Wiebke-Marie", "kiezkind_04 · vor 20 Min."])
    assert (author, to) == ("kiezkind_04", ["Wiebke-Marie"])


def test_reply_lines_between_comments_give_the_comment_below_its_writer():
    text = "\n".join([
        "Stromzähler falsch abgelesen",
        ARTICLE,
        "12 Kommentare",
        "kiezkind_04 vor 3 Tagen",
        "Bei mir war es genauso, ich habe ein Foto vom Zähler geschickt und dann ging es.",
        "Reply · Like (4)",
        "Ottokar antwortete auf kiezkind_04 · vor 2 Tagen",
        "Ein Foto hilft nur, wenn jemand es sich auch ansieht, bei mir war das nicht so.",
        "Reply · Like (2)",
        "Wiebke Sander vor 1 Tag",
        "Ich würde direkt schriftlich widersprechen und eine Frist setzen.",
        "Reply · Like (0)",
    ])
    rows = _rows(text)
    assert _author_of(rows, "Foto vom Zähler") == "kiezkind_04"
    assert _author_of(rows, "Ein Foto hilft nur") == "Ottokar"
    assert _author_of(rows, "direkt schriftlich") == "Wiebke Sander"


def _post(n: int, name: str, badge: str, date: str, body: str) -> list[str]:
    return [f"#{n}", name, badge, "Registriert seit: 01.02.2020", f"Beiträge: {n * 7}", date, body,
            "Zitieren   Melden   Gefällt mir (2)"]


def test_a_site_line_after_the_reply_form_opens_no_comment_zone():
    """A forum thread ends with a button row, the reply form, the footer and a site line
    ("Alle Zeiten sind …"): the site line is no comment, and the posts above keep their
    own writers (they are not the thread starter's body)."""
    text = "\n".join([
        "Zählerwechsel verschoben, Abschlag trotzdem erhöht",
        "Thema abonnieren   12 Antworten   803 Zugriffe",
        *_post(1, "wattwurm_17", "Neuling", "01/03/2026 20:10",
               "Seit Januar warte ich auf den neuen Zähler, und der Abschlag wurde schon erhöht."),
        *_post(2, "Ottokar", "Profi", "01/03/2026 21:30",
               "Das ist bei meinem Versorger genauso gelaufen, ein Widerspruch hat geholfen."),
        *_post(3, "Wiebke Sander", "Stammgast", "02/03/2026 07:45",
               "Ich würde den Abschlag bis zum Einbau unter Vorbehalt zahlen."),
        "Antworten   Beitrag teilen",
        "Sie müssen angemeldet sein, um auf dieses Thema zu antworten.",
        "Impressum   Datenschutz   Kontakt",
        "Alle Zeiten sind UTC+1. Forensoftware: Beispiel Board",
    ])
    rows = _rows(text)
    assert _author_of(rows, "Widerspruch hat geholfen") == "Ottokar"
    assert _author_of(rows, "unter Vorbehalt zahlen") == "Wiebke Sander"
    assert is_ui("Thema abonnieren   12 Antworten   803 Zugriffe")
    assert is_ui("Antworten   Beitrag teilen")


def test_an_owner_answer_is_written_by_the_business_named_under_its_label():
    header = ["Antwort des Inhabers · vor 2 Wochen", "Autohaus Beispielstadt Nord (Inhaber)"]
    assert header_author(header)[0] == "Autohaus Beispielstadt Nord"
    # the label alone: the owner wrote it (codebook §7.2), no "Antwort vom Inhaber" as a name
    assert header_author(["Antwort vom Inhaber  vor 3 Tagen"])[0] == "Inhaber"


def test_a_reader_noun_before_a_name_is_no_part_of_it():
    assert header_author(["Gastbeitrag von Leserin Jana Okafor · 02.03.2026"])[0] \
        == "Jana Okafor"


def test_a_badge_after_a_name_is_no_part_of_it():
    assert header_author(["Heimwerkerheft Mod", "vor 1 Tag"])[0] == "Heimwerkerheft"
    assert header_author(["kiezkind_04 Stammgast · 02.03.2026"])[0] == "kiezkind_04"


def test_a_label_with_its_value_is_no_name():
    assert header_author(["54 Kommentare   Sortierung: Neueste ▾", "Ottokar · vor 2 Std."])[0] \
        == "Ottokar"


def test_the_editors_label_names_the_writer_of_an_article():
    assert header_author(["Lesezeit: 4 Minuten · 02.03.2026 · Redaktion: Ottokar_B7"])[0] \
        == "Ottokar_B7"


def test_a_long_trailer_with_a_badge_stays_the_writers_line():
    line = ("— geschrieben von Stadtwerke Beispielstadt Kundenservice am 02/03/2026 um 11:02 · "
            "Offizieller Account")
    assert is_anchor(line)
    assert header_author([line])[0] == "Stadtwerke Beispielstadt Kundenservice"


def test_a_care_teams_line_above_its_badge_is_an_author_line_not_a_menu():
    text = "\n".join([
        "Zählerwechsel verschoben, Abschlag trotzdem erhöht",
        *_post(1, "wattwurm_17", "Neuling", "01/03/2026 20:10",
               "Seit Januar warte ich auf den neuen Zähler, und der Abschlag wurde schon erhöht."),
        *_post(2, "Stadtwerke Team | Jorinde", "Offizieller Support", "02/03/2026 09:05",
               "Danke für die Geduld, ich sehe mir den Auftrag heute noch an und melde mich."),
        *_post(3, "Ottokar", "Profi", "02/03/2026 10:30",
               "Bei mir hat genau so eine Nachricht auch geholfen, viel Erfolg dabei."),
    ])
    rows = _rows(text)
    seg = next(s for s in rows["segments"] if "Auftrag heute noch" in s["text"])
    assert seg["role"] == "vendor"
    assert seg["author"] == "Stadtwerke Team | Jorinde"


def test_an_official_accounts_badge_after_its_name_is_no_part_of_it():
    assert header_author(["Stadtwerke Beispielstadt Offizieller Support", "vor 1 Tag"])[0] \
        == "Stadtwerke Beispielstadt"
    assert header_author(["Stadtwerke Beispielstadt (verifiziertes Unternehmenskonto) · vor 2 "
                          "Std."])[0] == "Stadtwerke Beispielstadt"


def test_a_curved_reply_arrow_names_writer_and_addressee():
    author, to, _ = header_author(["Wiebke Sander  ➦  kiezkind_04", "vor 18 Stunden"])
    assert (author, to) == ("Wiebke Sander", ["kiezkind_04"])
    assert header_author(["Ottokar ↪ Stadtwerke Beispielstadt"])[:2] \
        == ("Ottokar", ["Stadtwerke Beispielstadt"])
    # a flat export's run goes on with the reply's text: no header line
    assert not is_anchor("Ottokar ↪ Stadtwerke Beispielstadt Danke, ist erledigt.")


def test_a_subreddit_is_no_writer_and_posted_by_names_one():
    assert header_author(["r/stromanbieter • vor 3 Std.", "u/wattwurm_17"])[0] == "wattwurm_17"
    assert header_author(["r/stromanbieter • Gepostet von u/wattwurm_17 • vor 3 Std."])[0] \
        == "wattwurm_17"


def test_a_byline_ending_with_a_reading_time_is_metadata_and_names_the_article_writer():
    assert is_anchor("von Redaktion Beispielblatt · 02.03.2026 · 5 Min.")
    text = "\n".join([
        "Beispielblatt – Technik und Verbraucher",
        "Nachzahlung nach Zählerwechsel: Leser berichten",
        "von Redaktion Beispielblatt · 02.03.2026 · 5 Min.",
        ARTICLE,
        "12 Kommentare",
        "kiezkind_04",
        "vor 19 Stunden",
        "Bei mir war es genauso, ich habe ein Foto vom Zähler geschickt und dann ging es.",
        "4  ▲  ▼  •  Antworten  •  Teilen",
        "Wiebke Sander  ➦  kiezkind_04",
        "vor 18 Stunden",
        "Ein Foto hilft nur, wenn jemand es sich auch ansieht, bei mir war das nicht so.",
        "2  ▲  ▼  •  Antworten  •  Teilen",
    ])
    rows = _rows(text)
    assert _author_of(rows, "Heute schreibe ich") == "Redaktion Beispielblatt"
    seg = next(s for s in rows["segments"] if "Ein Foto hilft nur" in s["text"])
    assert (seg["author"], seg["role"]) == ("Wiebke Sander", "commenter")


def test_of_two_name_and_date_headers_in_one_block_the_one_next_to_the_text_heads_it():
    header = ["derNutzer_1 · vor 55 Min.", "Ottokar Beispiel · vor 50 Min."]
    assert header_author(header)[0] == "Ottokar Beispiel"


def test_a_useful_button_row_is_ui_and_no_name():
    assert is_ui("Nützlich 3   Teilen   ⚑")
    assert header_author(["Nützlich 3   Teilen   ⚑", "Wiebke Sander", "2 Bewertungen"])[0] \
        == "Wiebke Sander"


def test_numbered_headers_with_dashes_and_reply_lines_name_each_writer():
    text = "\n".join([
        "Abschlag verdreifacht – ein Mieter fragt nach",
        "2026-03-01 · Kategorie: Strom · 3 Kommentare",
        ARTICLE,
        "3 Kommentare",
        "Kommentar #1 — Wiebke Sander — 2026-03-01 19:04",
        "Du kannst den Abschlag selbst anpassen, wenn er offensichtlich falsch berechnet ist.",
        "Antworten · Melden · ▲ 4",
        "↪ Antwort von Ottokar an Wiebke Sander — 2026-03-01 20:12",
        "Vorsicht damit, in den Bedingungen steht, dass der Versorger den Abschlag festlegt.",
        "Antworten · Melden · ▲ 1",
    ])
    rows = _rows(text)
    assert _author_of(rows, "selbst anpassen, wenn") == "Wiebke Sander"
    seg = next(s for s in rows["segments"] if "Vorsicht damit" in s["text"])
    assert (seg["author"], seg["addressees"][:1]) == ("Ottokar", ["Wiebke Sander"])
    # the first comment's header is no byline of the article above it
    assert _author_of(rows, "Heute schreibe ich") != "Wiebke Sander"


def test_a_posts_number_before_the_name_is_no_date_and_no_part_of_it():
    header = ["#3 Wiebke Sander", "11. März 2026 um 10:03 · Permalink"]
    assert header_author(header)[0] == "Wiebke Sander"
