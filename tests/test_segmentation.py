from servicelab.boilerplate import find_boilerplate
from servicelab.posts import split_posts
from servicelab.segments import addressees, segment_post, starts_new_comment, vendor_score
from servicelab.sentences import quoted_spans, split_line


def test_two_posts_with_format_labels():
    text = "Erster Titel\n\nStandard\nText eins.\n\nZweiter Titel\n\nStandard\nText zwei."
    posts = split_posts(text, find_boilerplate(text))
    assert [p.title for p in posts] == ["Erster Titel", "Zweiter Titel"]


def test_first_line_title_only_when_it_looks_like_one():
    t1 = "Kundenservice ist, wenn der Fleischer dir das Steak brät\n\nText."
    assert split_posts(t1, [])[0].title.startswith("Kundenservice")
    t2 = "Ich habe bestellt, und nichts kam.\n\nText."
    assert split_posts(t2, [])[0].title is None


def test_comment_start_rules():
    assert starts_new_comment("@Mike: hoffen wir", "Text.", False)
    assert starts_new_comment("nun, zu so einer Geschichte", "Text.", False)
    assert starts_new_comment("Der Shopblogger meldet sich kurz zu Wort.", "Text.", False)
    assert not starts_new_comment("Edit: ging durch", "Frage?", False)
    assert not starts_new_comment("(Edit, weil ...)", "Frage?", False)
    assert not starts_new_comment("P.S.", "Text.", False)
    assert not starts_new_comment("und er hat sich bemüht.", "Link: http://x", False)
    assert not starts_new_comment("Danke für die Mühe.", "@kaule", False)
    assert not starts_new_comment("Wenn sich jemand freut", "@ Thema Rechnung", False)
    assert starts_new_comment("Neuer Gedanke.", "Alles klar 🙂", False)
    assert not starts_new_comment("Weiter im Text.", "Erster Satz.", False)
    assert starts_new_comment("Weiter im Text.", "Erster Satz.", True)


def test_thread_segmentation_and_vendor_role():
    text = ("Der Artikel.\nNeue Stellenangebote\nJob A (m/w/d) X GmbH in Y |\n"
            "Ich finde das schlimm.\nWirklich.\n@Anna: ja, genau.\n\n"
            "Wir bemühen uns natürlich um eine Lösung, bitte wenden Sie sich an unseren "
            "Kundenservice.")
    spans = find_boilerplate(text)
    segs = segment_post(text, split_posts(text, spans)[0], spans)
    assert [s.kind for s in segs] == ["body", "comment", "comment", "comment"]
    assert [s.role for s in segs] == ["author", "commenter", "commenter", "vendor"]
    assert text[segs[1].start:segs[1].end] == "Ich finde das schlimm.\nWirklich."
    assert segs[2].addressees == ["Anna"]


def test_vendor_score_ignores_internal_alone():
    assert vendor_score("Cyberport muss intern sowas von chaotisch sein") < 2
    assert vendor_score("das sind die Spielregeln unserer Buchhaltung") >= 2


def test_addressees_skip_not_handles():
    assert addressees("@ Thema Rechnung und @alle, @Kaule: danke") == ["Kaule"]


def test_sentence_splitter_german_traps():
    line = ("Ein Tag später – also am 31.12. folgt dann die Enttäuschung. Es sollte am "
            "Mittwoch, den 17. Dezember gehen. Herr A. kanzelte sie ab. Das kostet ca. 60 Euro, "
            "z. B. bei Amazon. Wirklich?! Ja.")
    sents = [line[s:e] for s, e in split_line(line)]
    assert sents == [
        "Ein Tag später – also am 31.12. folgt dann die Enttäuschung.",
        "Es sollte am Mittwoch, den 17. Dezember gehen.",
        "Herr A. kanzelte sie ab.",
        "Das kostet ca. 60 Euro, z. B. bei Amazon.",
        "Wirklich?!",
        "Ja.",
    ]


def test_quoted_letter_block_and_quotes():
    text = ("Ich bestellte.\nSehr geehrte Kundin,\nleider ist der Artikel ausverkauft.\n"
            "Mit freundlichen Grüßen\nIhr Team\nDas ärgerte mich. Er sagte: \"Kein Problem.\"")
    spans = quoted_spans(text, 0, len(text))
    covered = "".join(text[a:b] for a, b in spans)
    assert "leider ist der Artikel ausverkauft." in covered
    assert "Ihr Team" in covered
    assert "Das ärgerte mich" not in covered
    assert '"Kein Problem."' in covered
