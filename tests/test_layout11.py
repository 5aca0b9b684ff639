"""Round eleven of the corpus layer (branch layout11): one test per rule, on invented lines.

* privacy: a capitalised word German writes lower case ("Genau") after two names in a row is
  the next sentence's first word, not a third part of the name (one-line exports);
* flat exports: a like counter ("Gefällt 6 Personen") and a reaction counter ("❤ 902",
  "👍 87 👎") are part of a button run; a header row of short fields between dots before a
  date ("Name · Stammgast · seit 2019 · 412 Beiträge · #3 · am 4. Nov. um 9:40") is a header.
"""

from __future__ import annotations

import pytest

from servicelab.boilerplate import lines_with_offsets
from servicelab.flat import badge_row, ui_runs
from servicelab.normalise import normalise_text
from servicelab.privacy import pseudonymise_text

KEY = b"k" * 32


@pytest.mark.parametrize(("text", "kept"), [
    ("Antworten Hakan Öztürk Genau das ist mir auch passiert.", "Genau das ist"),
    ("Teilen Hakan Öztürk Ehrlich gesagt nervt das.", "Ehrlich gesagt"),
])
def test_a_sentence_word_after_two_names_stays_in_the_text(text: str, kept: str) -> None:
    out = pseudonymise_text(text, KEY).text
    assert kept in out
    assert "Öztürk" not in out and "Hakan" not in out


def test_a_word_after_two_given_names_stays_in_the_name() -> None:
    # "Maria" is no surname: the run is not a whole name yet, "Kühn" may be its surname
    out = pseudonymise_text("Antworten Anna Maria Kühn hat recht.", KEY).text
    assert "Kühn" not in out and "Anna" not in out


def test_a_noun_or_listed_surname_after_two_names_is_still_the_name() -> None:
    out = pseudonymise_text("Gestern schrieb Anna Lena Klein, dass alles gut sei.", KEY).text
    assert "Klein" not in out and "Anna" not in out
    out = pseudonymise_text("Gestern schrieb Lisa Marie Schmidt zurück.", KEY).text
    assert "Schmidt" not in out


@pytest.mark.parametrize(("line", "run"), [
    ("ganz schlimm. Zitieren Melden Gefällt 6 Personen Ute_K · Mitglied", "Gefällt 6 Personen"),
    ("so ist es halt ❤ 902 Antworten Antwort anzeigen (12) ole.fährt · 2024-11-03", "❤ 902"),
    ("wie immer. 👍 87 👎 Antworten kabelkarl vor 2 Tagen", "👍 87 👎 Antworten"),
])
def test_like_and_reaction_counters_belong_to_the_button_run(line: str, run: str) -> None:
    assert any(run in m.group(0) for m in ui_runs(line))


def test_a_counter_alone_or_in_a_sentence_is_no_run() -> None:
    assert not list(ui_runs("Das gefiel mir nicht, Gefällt 6 Personen trotzdem."))
    assert not list(ui_runs("Ich gebe dem Laden ❤ 5 von 10 Punkten."))


@pytest.mark.parametrize(("stretch", "row"), [
    ("Ute_K · Stammgast · seit 03/2013 · 3.905 Beiträge · #2 · am ", True),
    ("Ute_K · Neu hier · seit 11/2026 · 2 Beiträge · #1 · ", True),
    ("Ich war · ehrlich gesagt, nicht begeistert · am ", False),
    ("Ute_K · Mitglied ", False),
    ("Ute_K · Stammgast · ", False),
])
def test_a_header_row_of_short_fields_between_dots(stretch: str, row: bool) -> None:
    assert badge_row(stretch) is row


BODY = ("Am Montag fiel das Internet wieder aus. Der Techniker kam nicht, die Hotline "
        "wusste von nichts. Ich habe dreimal angerufen und jedes Mal eine neue "
        "Vorgangsnummer bekommen. Am Ende hat niemand etwas gemacht. ") * 8


def test_a_flat_forum_header_row_is_cut_out_of_the_post() -> None:
    text = normalise_text(
        BODY + "Zitieren Melden Gefällt 6 Personen Ute_K · Stammgast · seit 03/2013 · "
        "3.905 Beiträge · #2 · am 4. Nov. um 9:40 Das kenne ich, bei mir war es genauso. "
        "Zitieren Melden Gefällt 2 Personen Kai_2000 · Mitglied · seit 2019 · 41 Beiträge · "
        "#3 · am 4. Nov. um 10:02 Bei mir lief es nach einer Woche wieder. " + BODY)
    lines = [ln for _, _, ln in lines_with_offsets(text)]
    assert "Ute_K · Stammgast · seit 03/2013 · 3.905 Beiträge · #2 · am 4. Nov. um 9:40" in lines
    assert any(ln.startswith("Das kenne ich") for ln in lines)


# --- authors and roles from header lines (layout.header_author) --------------------------

from servicelab.layout import header_author  # noqa: E402


@pytest.mark.parametrize(("header", "author", "to"), [
    # the addressee first, the writer on the next line or in a field after it
    (["↳ Antwort an Greta_W", "ole.fährt · vor 1 Std."], "ole.fährt", ["Greta_W"]),
    (["↳ Antwort an Greta_W · ole.fährt · 2026-11-24 08:05"], "ole.fährt", ["Greta_W"]),
    (["↳ Antwort an Greta_W · vor 5 Tagen"], None, ["Greta_W"]),
])
def test_an_answer_to_line_names_the_addressee_not_the_writer(header, author, to) -> None:
    got, addressed, _ = header_author(header)
    assert got == author and addressed == to


@pytest.mark.parametrize("header", [
    ["Bewertet von Rosi_K", "1 von 5 Sternen", "vor 3 Tagen"],
    ["★★☆☆☆ 2 von 5 Sternen", "Bewertet von Rosi_K · Verifizierter Kauf · 03/11/2026"],
    ["⭐ Beste Antwort", "Rosi_K · Expertin für Mietrecht · 2026-11-03 · hilfreich (31)"],
    ["#2 · Gestern, 18:40", "Rosi_K · Stammgast ★★★ · dabei seit 2014 · 2.871 Beiträge"],
])
def test_labels_ranks_and_stars_around_the_name_are_no_author(header) -> None:
    assert header_author(header)[0] == "Rosi_K"


def test_a_team_badge_after_the_name_is_the_names_badge() -> None:
    author, _, staff = header_author(["Jana R. · Beispiel hilft Team", "am 4. Nov. um 10:40"])
    assert author == "Jana R." and staff


@pytest.mark.parametrize(("line", "staff"), [
    ("Antwort von Elektroland Süd · 03/12/2026 09:40", True),
    ("Antwort von Jana · 03/12/2026 09:40", False),
    ("Antwort von kati_93 · vor 2 Tagen", False),
])
def test_a_review_sites_answer_label_marks_the_firm(line: str, staff: bool) -> None:
    assert header_author([line])[2] is staff


def test_a_verified_visit_is_a_customers_badge() -> None:
    assert not header_author(["Rosi_K", "vor 3 Tagen · Verifizierter Werkstattbesuch"])[2]


# --- a writer's row under or over the dated header line (layout.mark_structure) ----------

from servicelab.corpus import process_document  # noqa: E402
from servicelab.reading import RawText  # noqa: E402

FORUM = """Forum · Neue Beiträge · Suche · Anmelden
Router tauscht sich nicht – Ersatzgerät kommt seit drei Wochen nicht
Thema gestartet von Greta_W · Gestern, 18:02 · 3 Antworten
Greta_W · Neuling · dabei seit 10/2026 · 3 Beiträge
Hallo zusammen, mein Router ist seit drei Wochen kaputt und das Ersatzgerät kommt nicht.
Zitieren · Melden · Beitrag teilen
#2 · Gestern, 18:40
Ole_Kiel · Stammgast ★★★ · dabei seit 2014 · 2.871 Beiträge
Schick denen eine Frist per Einschreiben, dann bewegt sich meistens etwas.
Zitieren · Melden · Gefällt 12 Personen
#3 · Gestern, 19:15
Rosi_K · Mitglied · dabei seit 2022 · 88 Beiträge
Bei mir hat der Anruf bei der Störungsstelle nach einer Woche geholfen.
Zitieren · Melden · Gefällt 2 Personen
Jana R. · Moderatorin · Beispiel hilft Community
am 4. Nov. um 12:44
Ich habe deine Kundennummer aus dem Beitrag entfernt, bitte schick sie uns per PN.
Zitieren · Melden
"""


def test_the_writers_row_of_a_forum_header_names_the_unit() -> None:
    rows = process_document(RawText("d", "d.txt", "x", "utf-8", len(FORUM), FORUM), None)
    got = [(r["author"], r["role"]) for r in rows["segments"] if r["kind"] == "comment"]
    assert got[:2] == [("Ole_Kiel", "commenter"), ("Rosi_K", "commenter")]
    assert got[2] == ("Jana R.", "vendor")


BLOG = """Warum mein Koffer drei Tage in Palma blieb
Veröffentlicht am 20.11.2026 von Greta_W
Mein Koffer kam erst nach drei Tagen an, und niemand fühlte sich zuständig. Die Airline
schob es auf den Flughafen, der Flughafen auf die Airline.
3 Kommentare
Bei mir war es genauso, die Hotline hat mich dreimal weiterverbunden.
– Ole_Kiel · 2026-11-20 19:12
Antworten · Melden
Ein Tipp: gleich am Band den Schaden melden, sonst wird es schwierig.
– Rosi_K · 2026-11-20 20:40
Antworten · Melden
Danke euch, der Koffer ist inzwischen da.
– Greta_W · 2026-11-21 09:15
Antworten · Melden
"""


def test_a_dashed_name_and_date_under_a_comment_signs_that_comment() -> None:
    from servicelab.layout import trailer_name

    assert trailer_name("– Ole_Kiel · 2026-11-20 19:12") == "Ole_Kiel"
    assert trailer_name("– Ole_Kiel · Kiel") is None  # no date: a signature, not a trailer
    rows = process_document(RawText("d", "d.txt", "x", "utf-8", len(BLOG), BLOG), None)
    got = [r["author"] for r in rows["segments"] if r["kind"] == "comment"]
    assert got == ["Ole_Kiel", "Rosi_K", "Greta_W"]


REVIEWS = """Elektroland Süd: Erfahrungen mit Markt und Reparatur
Durchschnitt: 2,9 von 5 Sternen · 312 Bewertungen
★★☆☆☆ 2 von 5 Sternen
Bewertet von Rosi_K · Verifizierter Kauf · 03/11/2026
Reparatur dauert und dauert
Laptop am 2. Oktober abgegeben, nach fünf Wochen immer noch nicht fertig.
War diese Bewertung hilfreich? Ja (14) Nein (1) · Melden
Antwort von Elektroland Süd · 04/11/2026
Das tut uns leid, bitte melden Sie sich mit Ihrer Auftragsnummer bei uns.
★★★☆☆ 3 von 5 Sternen
Bewertet von Ole_Kiel · 22/10/2026
Lieferung ok
Der Fernseher kam zum vereinbarten Termin, die Verpackung wurde mitgenommen.
War diese Bewertung hilfreich? Ja (0) Nein (0) · Melden
"""


def test_a_slashed_date_makes_the_by_line_a_header_and_the_headline_stays_text() -> None:
    from servicelab.layout import date_search

    assert date_search("Bewertet von Rosi_K · 03/11/2026").group() == "03/11/2026"
    assert date_search("Service: 1/5 · 24/7 erreichbar") is None
    rows = process_document(RawText("d", "d.txt", "x", "utf-8", len(REVIEWS), REVIEWS), None)
    units = [(r["author"], r["role"], r["text"][:12]) for r in rows["segments"]
             if r["kind"] != "title"]
    assert ("Rosi_K", "Reparatur da") in [(a, t) for a, _, t in units]
    assert ("Elektroland Süd", "vendor", "Das tut uns ") in units
    assert ("Ole_Kiel", "commenter", "Lieferung ok") in units


USER_BOXES = """Handyforum – Tarife, Netze, Smartphones
Forum | Neue Beiträge | Mitglieder | Hilfe | Anmelden
Rufnummernmitnahme hängt seit drei Wochen
Beitrag von Greta_W » am 4. Nov. um 9:12
Hallo zusammen, meine Rufnummernmitnahme hängt seit drei Wochen. Weiß jemand Rat?
Greta_W
Neuling · dabei seit 11/2024 · 3 Beiträge
Zitieren | Melden
Beitrag von Ole_Kiel » am 4. Nov. um 10:03
Die Mitnahme muss am vereinbarten Tag klappen, sonst gibt es eine Entschädigung.
Ole_Kiel
Stammgast · dabei seit 02/2011 · 6.318 Beiträge
Zitieren | Melden
Beitrag von Rosi_K » am 4. Nov. um 11:47
Bei mir hat es genau so lange gedauert, dann kam die SIM doch noch.
Viel Erfolg!
Mitglied · dabei seit 03/2019 · 212 Beiträge
Zitieren | Melden
"""


def test_a_name_above_a_users_statistics_is_the_user_box_not_text() -> None:
    rows = process_document(RawText("d", "d.txt", "x", "utf-8", len(USER_BOXES), USER_BOXES),
                            None)
    texts = [r["text"] for r in rows["segments"] if r["kind"] != "title"]
    assert not any(t.rstrip().endswith(("Greta_W", "Ole_Kiel")) for t in texts)
    assert any(t.rstrip().endswith("doch noch.") for t in texts)


NEWS_PAGE = """beispielzeitung.example News Ratgeber Suche Login
Konto gesperrt: Kunden warten wochenlang auf ihr Geld
2026-11-29T08:00:00+01:00 · 3 Kommentare
Wer ein Konto bei einer Direktbank hat, kommt normalerweise ohne Filiale aus. Genau das wird
für einige Kunden gerade zum Problem, denn der Chat antwortet nur mit Textbausteinen.
Die Bank verweist auf gesetzliche Prüfpflichten und nennt keine Fristen.
Ein Beitrag von Ida Brandt, Redakteurin Finanzen. Folgen Sie ihr auf Mastodon.
Das könnte Sie auch interessieren:
Girokonto-Vergleich: Die besten Konten · So erkennen Sie Phishing-Mails · Anzeige – Depot eröffnen
3 Kommentare Neueste zuerst ▾ Kommentar schreiben
Ole_Kiel vor 2 Std.
Die Bank darf bei einem Verdacht nicht sagen, warum gesperrt wird. Das ist gesetzlich so.
▲ 18 ▼ 9 Antworten Melden
Rosi_K vor 1 Std.
Dass sie prüfen muss, bestreitet keiner. Aber vier Wochen ohne Nachricht sind zu lang.
▲ 41 ▼ 3 Antworten Melden
"""


def test_a_teaser_row_is_furniture_and_the_articles_byline_no_comments_author() -> None:
    rows = process_document(RawText("d", "d.txt", "x", "utf-8", len(NEWS_PAGE), NEWS_PAGE),
                            None)
    segs = [(r["kind"], r["author"], r["text"][:14]) for r in rows["segments"]]
    assert not any(t.startswith("Girokonto") for _, _, t in segs)
    comments = [(a, t) for k, a, t in segs if k == "comment"]
    assert comments[0] == ("Ole_Kiel", "Die Bank darf ")
    kinds = {r["text"][:14]: r["kind"] for r in rows["boilerplate"]}
    assert kinds["3 Kommentare N"] == "comments_header"


@pytest.mark.parametrize(("header", "staff"), [
    (["Antwort von Elektroland Süd", "vor 1 Tag"], True),  # the label, its date below
    (["Antwort von Elektroland Süd"], False),  # no date anywhere: no header of an answer
    (["Bahnland Regio ✔ · 2026-11-24 09:30"], True),  # a verified account's check mark
    (["kati_93 Experte Beiträge: 12 Beitrag #2 ✔ Beste Antwort"], False),
    (["✔ Beste Antwort", "kati_93 · vor 1 Tag"], False),
])
def test_check_marks_and_answer_labels_on_their_own_lines(header, staff) -> None:
    assert header_author(header)[2] is staff
