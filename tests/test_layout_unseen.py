"""Corpus layer on page shapes the rules were not written from (round five): furniture left in
segments, titles and unit boundaries. Every page snippet here is written for the test."""

from __future__ import annotations

from servicelab.corpus import process_document
from servicelab.layout import header_author, is_anchor, is_byline, is_ui
from servicelab.reading import RawText

PROSE = ("Seit dem Umzug im Februar stimmt meine Abrechnung nicht mehr, und jede Nachfrage beim "
         "Kundenservice endet in einer Warteschleife ohne Ergebnis.")


def _rows(text: str) -> dict[str, list[dict]]:
    return process_document(RawText("d", "d.txt", "x", "utf-8", len(text), text), None)


def _kind(rows: dict[str, list[dict]], line: str) -> str | None:
    """The furniture kind recorded over ``line`` (None: the line is no furniture)."""
    text = rows["documents"][0]["text"]
    pos = text.index(line)
    return next((b["kind"] for b in rows["boilerplate"]
                 if b["start"] <= pos and pos + len(line) <= b["end"]), None)


def _in_segment(rows: dict[str, list[dict]], snippet: str) -> bool:
    return any(snippet in s["text"] for s in rows["segments"])


def _thread(*comments: str) -> str:
    """Comment headers with dates (the thread skeleton) around the given comment texts."""
    return "\n".join(f"Kommentar von Leser{i} am {i + 1}. März 2026 um 10:0{i} Uhr\n{c}\nAntworten"
                     for i, c in enumerate(comments))


def test_a_vendor_reply_that_names_the_imprint_is_speech_not_footer():
    text = _thread("Meine Rechnung stimmt seit Monaten nicht, niemand meldet sich.",
                   "Hallo Frau Beispiel, das klären wir gern. Unsere Anschrift steht im Impressum "
                   "unserer Seite, schreiben Sie uns dorthin")
    text += "\nImpressum · Datenschutz · Kontakt"
    rows = _rows(text)
    assert _in_segment(rows, "das klären wir gern")
    assert _kind(rows, "Impressum · Datenschutz · Kontakt") == "footer"


def test_post_navigation_newsletter_box_status_and_house_rules_are_furniture():
    lines = ["Vorheriger Beitrag: Warum mein Router zweimal blinkt",
             "Nächster Beitrag: Der Brief, der nie kam",
             "Jeden Monat neue Geschichten aus dem Alltag.",
             "Keine Werbung, Abmeldung jederzeit möglich.",
             "Ihre E-Mail Jetzt eintragen",
             "Dieses Thema wurde als gelöst markiert.",
             "Bitte bleiben Sie sachlich, es gilt unsere Netiquette."]
    text = "Von Jan Beispiel · 04.05.2026\n" + PROSE + "\n" + "\n".join(lines) + "\n" + _thread(
        "Ich finde die Netiquette hier übertrieben streng.", "Kann ich so unterschreiben.")
    rows = _rows(text)
    kinds = [_kind(rows, ln) for ln in lines]
    assert kinds == ["navigation", "navigation", "newsletter", "newsletter", "newsletter",
                     "navigation", "comment_form"]
    assert not any(_in_segment(rows, ln) for ln in lines)
    assert _in_segment(rows, "Ich finde die Netiquette hier übertrieben streng.")  # speech


def test_filed_and_statement_bylines_name_their_writer():
    assert is_byline("Veröffentlicht von Jan Beispiel in Mobilfunk")
    assert header_author(["Veröffentlicht von Jan Beispiel in Mobilfunk"])[0] == "Jan Beispiel"
    assert is_byline("Stellungnahme von Stadtwerke Nord")
    assert not is_anchor("Von Montag bis Freitag war ich in Berlin unterwegs")


def test_rows_repeating_with_other_numbers_are_ui_under_each_post():
    posts = [("Anna_77", "Bei mir ist der Zähler seit Wochen falsch abgelesen worden."),
             ("Bernd_K", "Hast du schon schriftlich widersprochen? Das hilft oft."),
             ("Anna_77", "Ja, zweimal. Bisher kam nur eine automatische Antwort.")]
    text = "\n".join(f"Beitrag {i + 1} von 3\n{who}\nMitglied seit 2021\n{what}\n"
                     f"Gefällt {i + 4} Mal Antworten Beitrag melden" for i, (who, what)
                     in enumerate(posts))
    rows = _rows(text)
    assert not _in_segment(rows, "Beitrag melden")
    assert [_kind(rows, f"Gefällt {i + 4} Mal Antworten Beitrag melden")
            for i in range(3)] == ["ui", "ui", "ui"]
    assert _in_segment(rows, "Bisher kam nur eine automatische Antwort.")


def test_icon_separated_button_rows_and_quoted_counters_are_ui():
    from servicelab.layout import is_button_row

    assert is_button_row("👍 Gute Antwort (7) ↪ Weiterleiten ⚐ Melden")
    assert is_button_row("▲ 88 ▼ 💬 12 Kommentare Teilen Speichern …")
    assert not is_button_row("Super 👍 danke dir 🙏 echt klasse")  # a comment with emoji
    assert not is_button_row("Danke 👍 Super 😊")  # two labels and no count or button word
    assert is_ui('12 "Gefällt mir"-Angaben 3 Reposts')  # quotes are normalised to '"'


def test_a_badge_with_a_statistic_is_metadata():
    assert is_anchor("Experte für Mietrecht · 85 hilfreiche Antworten")
    assert not is_anchor("Ich habe dazu schon · 3 Antworten bekommen und nichts hilft.")


def test_short_lines_between_closing_furniture_are_furniture_but_speech_is_not():
    text = ("Erika_M · vor 2 Std.\n" + PROSE + "\nAntworten\n"
            "Jonas_T · vor 1 Std.\n"
            "Stimmt genau, bei mir kam auch nie ein Techniker vorbei\nAntworten\n"
            "Seite 1 von 40 | Weiter »\n"
            "Schon Kunde bei Stadtwerke Nord? Jetzt eigene Erfahrung teilen\n"
            "Impressum · Datenschutz · AGB")
    rows = _rows(text)
    assert not _in_segment(rows, "Jetzt eigene Erfahrung teilen")
    # between metadata and UI (no closing furniture): a comment
    assert _in_segment(rows, "Stimmt genau, bei mir kam auch nie ein Techniker vorbei")


def test_a_forum_subject_label_is_cut_from_the_title():
    text = ("Forum › Strom › Abschlag\nThema: Abschlag plötzlich verdoppelt – was tun?\n"
            "Seite 1 von 1\nBeitrag #1 · 03.02.2026, 10:00\nAnna_77\n" + PROSE + "\n"
            "Beitrag #2 · 03.02.2026, 11:00\nBernd_K\nSchriftlich widersprechen, mit Frist.")
    rows = _rows(text)
    assert [p["title"] for p in rows["posts"] if p["title"]] == [
        "Abschlag plötzlich verdoppelt – was tun?"]


def test_a_reader_quoted_inside_a_paragraph_is_a_unit_of_its_own():
    text = ("Von Jan Beispiel · 04.05.2026\n"
            "Viele Kunden warten auf ihr Geld. Leserin Ida B. aus Kiel schreibt uns: \"Seit März "
            "warte ich auf meine Erstattung. Niemand antwortet mir.\" Der Versorger verweist auf "
            "eine hohe Zahl von Anfragen. Ein Sprecher sagte: \"Wir arbeiten alles zügig ab.\"\n"
            + _thread("Bei mir genauso.", "Bei mir kam das Geld nach vier Wochen."))
    rows = _rows(text)
    quoted = [s for s in rows["segments"] if s["kind"] == "quoted_reader"]
    assert [(s["text"], s["author"]) for s in quoted] == [
        ("Seit März warte ich auf meine Erstattung. Niemand antwortet mir.", "Ida B.")]
    bodies = [s["text"] for s in rows["segments"] if s["kind"] == "body"]
    assert any(b.startswith("Der Versorger verweist") and "Wir arbeiten" in b for b in bodies)


def test_the_headline_is_the_longest_line_of_a_page_head_without_breadcrumb():
    text = ("Küchenchaos & Co\nWohnen Reisen Über mich Kontakt\n"
            "Die Waschmaschine, die dreimal geliefert wurde und nie lief\n"
            "Veröffentlicht am 02.03.2026 von Jan Beispiel\n" + PROSE + "\n"
            + _thread("Kenne ich, bei uns war es der Trockner.", "Wie ging es weiter?"))
    rows = _rows(text)
    assert [p["title"] for p in rows["posts"] if p["title"]] == [
        "Die Waschmaschine, die dreimal geliefert wurde und nie lief"]
    assert not _in_segment(rows, "Küchenchaos & Co")  # the masthead forms no post


def test_a_named_reader_introduced_without_a_verb_of_saying_is_quoted():
    text = ("Von Jan Beispiel · 04.05.2026\n" + PROSE + "\n"
            "Leser Tom R. aus Celle sieht das anders:\n"
            "\"Mir wurde nach zwei Tagen alles erstattet. Ich kann nicht klagen.\"\n"
            "Der Versorger kündigte an, die Bearbeitung zu beschleunigen.\n2 Kommentare\n"
            + _thread("Bei mir genauso.", "Bei mir kam das Geld nach vier Wochen."))
    rows = _rows(text)
    quoted = [s for s in rows["segments"] if s["kind"] == "quoted_reader"]
    assert [s["author"] for s in quoted] == ["Tom R."]
    assert quoted[0]["text"].startswith('"Mir wurde nach zwei Tagen')
    body = [s["text"] for s in rows["segments"] if s["kind"] == "body"]
    assert any(b.startswith("Der Versorger kündigte an") for b in body)


def test_a_reviewers_headline_under_the_stars_is_no_page_title():
    text = ("Startseite > Energie > Stadtwerke Nord\nStadtwerke Nord – 312 Bewertungen\n"
            "Durchschnitt 2,4 von 5 ★★☆☆☆\nSortieren: Neueste\n"
            "Erika_M\n★☆☆☆☆ vor 3 Tagen\nAbschlag verdoppelt, keiner ruft zurück\n" + PROSE
            + "\nHilfreich Teilen\nJonas_T\n★★★★☆ vor 5 Tagen\nSchnelle Hilfe am Telefon\n"
            "Mein Zählerwechsel war in einer Woche erledigt, die Hotline war freundlich.")
    rows = _rows(text)
    assert "Abschlag verdoppelt, keiner ruft zurück" not in [p["title"] for p in rows["posts"]]
    assert _in_segment(rows, "Abschlag verdoppelt, keiner ruft zurück")


def test_embed_consent_captions_pingbacks_and_local_teasers_are_furniture():
    lines = ["Hier steht ein Video von YouTube. Zum Abspielen stimmen Sie der Übertragung von "
             "Daten an Google zu.",
             "Einmal anzeigen Immer anzeigen",
             "Der Zählerschrank im Keller · Foto: Jan Beispiel",
             "(Foto: privat)",
             "Mehr aus Hemelingen",
             "Neue Ampel an der Hauptstraße: Was sich ändert",
             "Pingback: Zehn Tipps für die Reklamation – Verbraucherblog",
             "[…] ein Beispiel aus einem Blog über Stromabschläge zeigt, wie lange das dauert […]"]
    text = ("Von Jan Beispiel · 04.05.2026\n" + PROSE + "\n" + "\n".join(lines[:4]) + "\n"
            + PROSE.replace("Seit dem Umzug", "Nach dem Umzug") + "\n" + "\n".join(lines[4:])
            + "\n" + _thread("Bei mir genauso.", "Bei mir kam das Geld nach vier Wochen."))
    rows = _rows(text)
    assert [_kind(rows, ln) for ln in lines] == [
        "consent_banner", "consent_banner", "image_credit", "image_credit", "teaser", "teaser",
        "trackbacks", "trackbacks"]
    assert not any(_in_segment(rows, ln) for ln in lines)


def test_a_name_above_an_embed_consent_banner_is_the_embeds_header():
    text = ("Von Jan Beispiel · 04.05.2026\n" + PROSE + "\n"
            "Im Stadtteil-Forum schrieb eine Nutzerin:\nKarla Beispiel\n"
            "Hier steht ein Beitrag von Facebook. Zum Anzeigen stimmen Sie der Übertragung von "
            "Daten an Meta zu.\n"
            "Seit Montag kein Strom im Hinterhaus, weiß jemand mehr?\n2 Kommentare\n"
            + _thread("Bei mir genauso.", "Bei mir kam das Geld nach vier Wochen."))
    rows = _rows(text)
    assert _kind(rows, "Karla Beispiel") == "metadata"
    assert not _in_segment(rows, "Karla Beispiel")
