import pandas as pd
import pytest

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


# ----------------------------------------------------------- lines repeated across a site

SITE_LINE = "Das Verbraucherblog für Bahn, Post und Strom"


def _site(root, folder, n, line_on, extra=""):
    d = root / folder
    d.mkdir(parents=True)
    for i in range(n):
        head = f"{SITE_LINE}\n" if i < line_on else ""
        (d / f"{folder}_{i}.txt").write_text(
            f"{head}Beitrag {folder} {i}: Mein Paket kam am {i + 1}. Mai nicht an.\n"
            f"Der Händler antwortet nicht, Anruf Nummer {i}.{extra}\n", encoding="utf-8")


def _repeated(corpus):
    b = corpus.boilerplate
    return b[b["kind"] == "repeated"]


def test_line_on_most_pages_of_a_site_is_repeated_furniture(tmp_path):
    from servicelab import build_corpus

    _site(tmp_path, "blog", 4, 3)
    c = build_corpus(tmp_path, key=b"k" * 32)
    rep = _repeated(c)
    assert sorted(rep["text"]) == [SITE_LINE] * 3
    assert not c.segments["text"].str.contains(SITE_LINE).any()
    assert c.segments["text"].str.contains("Der Händler antwortet nicht").sum() == 4


def test_a_line_on_few_pages_or_on_copies_stays_text(tmp_path):
    from servicelab import build_corpus

    _site(tmp_path, "a", 8, 3)  # 3 of 8 pages: under half of the site
    _site(tmp_path, "b", 2, 2)  # two pages in another folder: another site
    copies = tmp_path / "c"
    copies.mkdir()
    for i in range(3):  # three copies of one page count once
        (copies / f"kopie_{i}.txt").write_text(f"{SITE_LINE}\nDer Text der Seite.\n",
                                               encoding="utf-8")
    c = build_corpus(tmp_path, key=b"k" * 32)
    assert _repeated(c).empty


def test_repeated_lines_same_in_both_engines(tmp_path):
    from servicelab import build_corpus
    from servicelab.engines import build, read_corpus

    _site(tmp_path / "in", "blog", 5, 4)
    expected = build_corpus(tmp_path / "in")
    build(tmp_path / "in", tmp_path / "out", engine="pandas", max_chunk_bytes=200)
    built = read_corpus(tmp_path / "out")
    assert len(_repeated(expected)) == 4
    for name, df in expected.tables().items():
        pd.testing.assert_frame_equal(getattr(built, name), df, obj=name)


def test_site_line_counter_is_one_count_per_distinct_page():
    from servicelab.sitelines import RepeatRules, SiteLineCounter, line_hash

    counter = SiteLineCounter(RepeatRules(min_pages=2, min_share=0.5))
    counter.add("x/1.txt", "s1", ["Menü  Start | Hilfe", "Text eins"])
    counter.add("x/2.txt", "s2", ["Menü Start – Hilfe", "Text zwei"])  # same key
    counter.add("x/3.txt", "s2", ["Text drei"])  # same bytes as 2.txt: ignored
    counter.add("y/1.txt", "s3", ["Menü Start Hilfe"])
    assert counter.repeated() == {"x": frozenset({line_hash("Menü Start Hilfe")})}


def _pattern_rows():
    import csv
    from importlib import resources

    path = resources.files("servicelab.data").joinpath("boilerplate_patterns.csv")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _pattern_rows(), ids=lambda r: r["example"][:40])
def test_every_furniture_rule_has_an_example_it_matches(row):
    """The rules file keeps an example per rule, and the rule (hint and length guard
    included) fires on it."""
    from servicelab.boilerplate import _rules

    assert row["example"], f"rule {row['pattern'][:40]} has no example"
    rule = next(r for r in _rules() if r.pattern.pattern == row["pattern"])
    assert rule.matches(row["example"])
