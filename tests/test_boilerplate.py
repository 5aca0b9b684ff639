from servicelab.boilerplate import find_boilerplate

PAGE = """Ein Artikel über den Shop.
Neue Stellenangebote
Social Media Manager (m/w/d) Firma GmbH in Köln |
||
Redakteur (m/w/d) Verlag in Bonn |
Toller Artikel, danke!

Trackbacks

Keine Trackbacks

Kommentar schreiben

Um maschinelle und automatische Übertragung von Spamkommentaren zu verhindern, bitte ...
CAPTCHA

Verwaltung des Blogs

Login"""


def kinds(text):
    return [(s.kind, text[s.start:s.end]) for s in find_boilerplate(text)]


def test_furniture_recorded_by_kind():
    found = kinds(PAGE)
    names = [k for k, _ in found]
    assert names == ["job_ads", "trackbacks", "comment_form", "captcha", "blog_admin"]
    assert found[0][1].startswith("Neue Stellenangebote") and found[0][1].endswith("Bonn |")
    assert "Toller Artikel" not in "".join(t for _, t in found)


def test_repeated_caption_keeps_longer_copy():
    text = ("Titel\n\nStandard\nDie gute alte Zeit - so...\n\n"
            "Die gute alte Zeit – so…rechts sitzt meine Schwester\n\nText.")
    found = kinds(text)
    assert ("post_format_label", "Standard") in found
    assert ("repeated_text", "Die gute alte Zeit - so...") in found


def test_identical_repeat_recorded_once():
    para = "Wer die Filiale besucht, sollte nicht mit einer freundlichen Beratung rechnen."
    found = kinds(f"Vorher.\n\n{para}\n\n{para}\n\nNachher.")
    assert [k for k, _ in found] == ["repeated_text"]


def test_plain_text_has_no_boilerplate():
    assert kinds("Ich habe bestellt.\nNichts kam.\nLogin-Probleme hatte ich auch.") == []
