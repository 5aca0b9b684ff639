"""Flat exports (pages saved with no line breaks, :mod:`servicelab.flat`): one test per cause
fixed for issue 14's flat family, each on an invented page that failed before the fix."""

from servicelab.boilerplate import find_boilerplate, flat_rules, lines_with_offsets
from servicelab.corpus import process_document
from servicelab.flat import breadcrumbs, flat_pieces, label_cuts, quotations, repeated_tail
from servicelab.normalise import normalise_text
from servicelab.reading import RawText

# invented article text, long enough to make a one-line page flat
BODY = (
    "Am Montag fiel der Regionalzug nach Kassel ersatzlos aus. Auf der Anzeige stand nur ein "
    "kurzer Hinweis, am Schalter wusste niemand etwas. Ich habe dann ein Taxi genommen, das "
    "mich 84 Euro gekostet hat. Die Erstattung habe ich noch am selben Abend beantragt. "
) * 8
COMMENTS = (
    "Grete_Kassel 4. Mai 2026 Antworten Das kenne ich, bei mir war es der Bus nach Fulda. "
    "Die Quittung unbedingt aufheben, sonst zahlt niemand etwas. "
    "ole.wandert 5. Mai 2026 Antworten Ich hatte mehr Glück, das Geld kam nach zwei Wochen. "
)


def _rows(text: str) -> dict[str, list[dict]]:
    return process_document(RawText("d", "d.txt", "x", "utf-8", len(text), text), None)


def _units(rows: dict[str, list[dict]]) -> list[str]:
    return [r["text"][:25] for r in rows["segments"] if r["kind"] != "title"]


def test_breadcrumb_run_into_the_page_head_is_cut_out():
    line = normalise_text("Schienenblog Start Reisen Kontakt Startseite › Ratgeber › Bahn & Bus "
                          "› Regionalverkehr Zugausfall in Kassel: Wer zahlt das Taxi? Von")
    (a, b), = breadcrumbs(line)
    assert line[a:b] == "Startseite ' Ratgeber ' Bahn & Bus ' Regionalverkehr"
    assert line[a:b] in [line[x:y] for x, y in flat_pieces(line)]


def test_slashes_inside_a_sentence_are_no_breadcrumb():
    line = "Ich war der Reihe nach bei Telekom / Vodafone / O2 Kunde und bin es nicht mehr."
    assert breadcrumbs(line) == []
    # below the page head, capitalised nouns around slashes are a list, not a trail
    assert breadcrumbs(BODY + "Tarif A / B / C kostet mehr.") == []


def test_flat_page_head_is_furniture_and_its_headline_a_title():
    text = ("Schienenblog Start Reisen Kontakt Startseite › Ratgeber › Regionalverkehr "
            "Zugausfall in Kassel: Wer zahlt das Taxi? Von Frieda Sommer · 3. Mai 2026 "
            + BODY + COMMENTS)
    rows = _rows(text)
    titles = [r["text"] for r in rows["segments"] if r["kind"] == "title"]
    assert titles == ["Zugausfall in Kassel: Wer zahlt das Taxi?"]
    units = _units(rows)
    assert units[0].startswith("Am Montag fiel")  # the masthead opens no unit of its own
    assert not any("Schienenblog" in r["text"] for r in rows["segments"])


def test_headline_printed_twice_is_cut_between_the_copies():
    piece = "Sie sehen gerade Zugausfall in Kassel ohne Ersatz Zugausfall in Kassel ohne Ersatz"
    tail = repeated_tail(piece)
    assert tail is not None and piece[tail:] == "Zugausfall in Kassel ohne Ersatz"
    assert repeated_tail("Der Zug fiel aus und aus und aus, der Zug fiel aus") is None


def test_title_bar_that_repeats_the_headline_is_furniture():
    text = ("Zum Inhalt springen Schienenblog Start Kontakt Sie sehen gerade Zugausfall in "
            "Kassel ohne Ersatz Zugausfall in Kassel ohne Ersatz Beitrags-Autor:Frieda_S "
            "Beitrag veröffentlicht:3. Mai 2026 Beitrags-Kommentare:2 Kommentare "
            + BODY + COMMENTS)
    rows = _rows(text)
    titles = [r["text"] for r in rows["segments"] if r["kind"] == "title"]
    assert titles == ["Zugausfall in Kassel ohne Ersatz"]
    assert any(r["kind"] == "repeated_text" and r["text"].startswith("Sie sehen gerade")
               for r in rows["boilerplate"])
    assert _units(rows)[0].startswith("Am Montag fiel")


def test_comment_form_phrases_run_into_the_text_are_furniture():
    tail = ("Schreibe einen Kommentar Antworten abbrechen Deine E-Mail-Adresse wird nicht "
            "veröffentlicht. Erforderliche Felder sind mit * markiert.")
    text = BODY + COMMENTS + tail
    spans = find_boilerplate(text)
    start = text.index(tail)
    covered = set()
    for s in spans:
        covered.update(range(s.start, s.end))
    assert all(p in covered for p in range(start, len(text)) if not text[p].isspace())


def test_furniture_phrase_before_a_lower_case_word_is_speech():
    line = "Gefällt mir gar nicht, wie das lief. Schreibe einen Kommentar Name"
    cuts = label_cuts(line, flat_rules())
    assert line.index("Gefällt") not in cuts
    assert line.index("Schreibe") in cuts


def test_arrow_closing_a_button_run_does_not_open_the_next_header():
    text = normalise_text(BODY + "Helga_R vor 3 Tagen Stimmt genau. 12 ▲ ▼ • Antworten • "
                          "Teilen › Kai_2000 vor 2 Tagen Bei mir auch so. 3 ▲ ▼ • Antworten"
                          " • Teilen › " + BODY)
    lines = [ln for _, _, ln in lines_with_offsets(text)]
    assert "Kai_2000 vor 2 Tagen" in lines
    assert not any(ln.startswith("' ") for ln in lines)


def test_one_line_forum_header_names_the_user_not_the_badges():
    from servicelab.layout import header_author

    author, _, _ = header_author(["kati_93 Stammgast Mitglied seit: 02.02.2022 Beiträge: 41 "
                                  "Beitrag #7"])
    assert author == "kati_93"
    author, _, _ = header_author(["Beste Antwort radler_77 Community-Experte für Fahrräder · "
                                  "09.04.2026, 18:02"])
    assert author == "radler_77"
    author, _, _ = header_author(["kati_93 Mitglied seit: 02.02.2022 Beiträge: 41 Beitrag #7"])
    assert author == "kati_93"


NEWS = (
    "Von Jonas Weber Die Fähre nach Borkum fiel an drei Tagen hintereinander aus. Die Reederei "
    "nannte Sturm als Grund, obwohl andere Schiffe fuhren. Leserin Ute K. aus Emden hat uns "
    "geschrieben. Sie schreibt: \"Wir standen mit zwei Kindern am Anleger. Niemand sagte uns, "
    "wann das nächste Schiff geht. Das Hotel auf der Insel mussten wir trotzdem bezahlen.\" "
    "Auf Facebook postete der Nutzer kapitaen_koenig unter einem Beitrag der Reederei: "
    "\"Sturm? Bei mir im Garten wehte kein Lüftchen. Erklärt das mal.\" Die Reederei "
    "verweist auf ihre Beförderungsbedingungen. "
) * 1 + BODY + "Kommentare (2) " + COMMENTS


def test_quotation_after_a_colon_is_one_virtual_line():
    line = normalise_text(NEWS)
    spans = quotations(line)
    quoted = [line[a:b] for a, b in spans]
    assert quoted[0].startswith('"Wir standen') and quoted[0].endswith('bezahlen."')
    assert quoted[0] in [line[a:b] for a, b in flat_pieces(line)]


def test_pronoun_is_no_author_line():
    from servicelab.layout import is_anchor, plausible_name

    assert not plausible_name("Sie")
    assert not is_anchor("Sie schreibt:")
    assert is_anchor("kaufrausch88 schreibt:")


def test_readers_quoted_in_a_flat_news_export_are_units_of_their_own():
    rows = _rows(NEWS)
    segs = [r for r in rows["segments"] if r["kind"] != "title"]
    quoted = [r["text"][:20] for r in segs if r["kind"] == "quoted_reader"]
    assert quoted == ['"Wir standen mit zwe', '"Sturm? Bei mir im G']
    resumed = [r["text"][:20] for r in segs if r["kind"] == "body"]
    assert "Die Reederei verweis" in resumed


def test_ad_label_and_share_bar_run_into_the_text_are_furniture():
    ad = "Anzeige Jetzt Bahncard testen: drei Monate für 69 Euro"
    share = "Teilen: Facebook X WhatsApp E-Mail"
    text = (BODY + ad + " " + share + " Frieda Sommer reist seit Jahren mit der Bahn. "
            + BODY + COMMENTS)
    spans = find_boilerplate(text)
    covered = set()
    for s in spans:
        covered.update(range(s.start, s.end))
    for run in (ad, share):
        start = text.index(run)
        assert all(p in covered for p in range(start, start + len(run))), run
    tail = text.index("Frieda Sommer reist")
    assert tail not in covered  # the text after the bar is not swallowed


def test_share_bar_keeps_targets_the_rule_file_does_not_know():
    bar = "Artikel teilen: Facebook X Mail Drucken"
    text = BODY + bar + " Lesen Sie auch: Streik am Flughafen · Koffer weg " + BODY + COMMENTS
    start = text.index(bar)
    covered = set()
    for s in find_boilerplate(text):
        covered.update(range(s.start, s.end))
    assert all(p in covered for p in range(start, start + len(bar)))


def test_reddit_user_prefix_is_not_part_of_the_author():
    from servicelab.layout import header_author

    assert header_author(["u/Kaffeetante_42 · vor 3 Std."])[0] == "Kaffeetante_42"


SOCIAL = """≡ forumsite Suche Anmelden
Gepostet von u/zugfahrerin_77 · vor 5 Std.
Deutsche Bahn erstattet meine Sitzplatzreservierung nicht
Frage | Bahn
Hallo, meine Reservierung war wegen eines Wagentauschs wertlos. Die Bahn will nicht zahlen.
▲ 120 ▼ 💬 12 Kommentare Teilen
u/Gleisfuchs · vor 4 Std.
Die Reservierung gibt es bei Wagentausch zurück, schreib das Servicecenter an.
▲ 30 ▼ Antworten Teilen
u/Pendlerin_Mia · vor 3 Std.
Bei mir hat es sechs Wochen gedauert, aber das Geld kam.
▲ 8 ▼ Antworten Teilen
"""


def test_post_flair_is_furniture_and_the_byline_above_the_title_names_the_poster():
    from servicelab.layout import is_nav

    assert is_nav("Frage | Bahn")
    assert not is_nav("Ja | nein, das war es")
    rows = _rows(SOCIAL)
    titles = [r["text"] for r in rows["segments"] if r["kind"] == "title"]
    assert titles == ["Deutsche Bahn erstattet meine Sitzplatzreservierung nicht"]
    body = [r for r in rows["segments"] if r["kind"] == "body"]
    assert body[0]["text"].startswith("Hallo, meine") and body[0]["author"] == "zugfahrerin_77"
    assert [r["author"] for r in rows["segments"] if r["kind"] == "comment"] == [
        "Gleisfuchs", "Pendlerin_Mia"]


def test_quoted_reader_introduced_by_a_pronoun_is_named_by_the_sentence_before():
    rows = _rows(NEWS)
    authors = [r["author"] for r in rows["segments"] if r["kind"] == "quoted_reader"]
    assert authors[0] == "Ute K."


def test_sentence_about_the_byline_author_is_an_author_box():
    about = "Frieda Sommer schreibt seit 2012 für den Schienenblog über Fahrgastrechte."
    text = ("Schienenblog Start Kontakt Startseite › Ratgeber › Regionalverkehr Zugausfall in "
            "Kassel: Wer zahlt das Taxi? Von Frieda Sommer · 3. Mai 2026 " + BODY + about
            + " Kommentare (2) " + COMMENTS + "Otto_K 6. Mai 2026 Antworten Mein Bruder "
            "arbeitet seit 2015 bei der Bahn und sagt dasselbe. ")
    rows = _rows(text)
    boxes = [r["text"] for r in rows["boilerplate"] if r["kind"] == "author_box"]
    assert boxes == [about]
    assert any(r["text"].startswith("Mein Bruder arbeitet") for r in rows["segments"])


def test_staff_signature_at_the_end_of_a_reply_is_a_vendor_cue():
    from servicelab.segments import VENDOR_THRESHOLD, vendor_score

    reply = ("Das tut mir leid. Schreib uns deine Auftragsnummer, dann prüfe ich das. "
             "Mara vom Bahn Service-Team")
    assert vendor_score(reply) >= VENDOR_THRESHOLD
    complaint = "Seit drei Wochen warte ich. Keine Antwort vom Kundenservice"
    assert vendor_score(complaint) < VENDOR_THRESHOLD


def test_flattened_dev_pages_keep_every_gold_unit():
    """The flat stress check (development pages with their line breaks removed) scores the
    same gold units as the line pages: flattening loses no gold quote."""
    from servicelab.layout_eval import flattened_scores, score_family

    flat = flattened_scores(["blog"]).iloc[0]
    lines = score_family("blog")
    assert flat["pages"] == lines["pages"] and flat["gold_units"] == lines["gold_units"]
