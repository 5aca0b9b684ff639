"""The seed corpus: the issue's "done when" checks and the offset invariant."""

import re

import pandas as pd
import pytest

from servicelab import build_corpus
from servicelab.annotations import load_gold
from servicelab.corpus import COLUMNS
from servicelab.errors import CorpusInputError
from servicelab.evaluate import boundary_scores, thread_boundaries

D000, D001, D002, D003 = ("000_964d5e478ab145bc", "001_2c1a8ea2fb077fa8",
                          "002_298609f3879511e1", "003_cd256ef71c19923e")


def test_columns(seed_corpus):
    for name, cols in COLUMNS.items():
        assert list(getattr(seed_corpus, name).columns) == cols


@pytest.mark.parametrize("table", ["posts", "segments", "sentences", "boilerplate"])
def test_offset_invariant(seed_corpus, table):
    texts = dict(zip(seed_corpus.documents.doc_id, seed_corpus.documents.text, strict=True))
    df = getattr(seed_corpus, table)
    col = "text" if "text" in df.columns else None
    for row in df.itertuples():
        span = texts[row.doc_id][row.start:row.end]
        if col:
            assert span == row.text
        assert row.start < row.end


def test_near_duplicate_flagged(seed_corpus):
    dup = dict(zip(seed_corpus.documents.doc_id, seed_corpus.documents.duplicate_of, strict=True))
    assert dup[D001] == D000
    assert sum(v is not None for v in dup.values()) == 1


def test_page_with_four_posts(seed_corpus):
    titles = seed_corpus.posts[seed_corpus.posts.doc_id == D002].title.tolist()
    assert len(titles) == 4
    assert titles[0].startswith("Nikon für 149 Euro: Wie mich #Redcoon")
    assert "VDSL-Aufschaltungsdesaster" in titles[1]
    assert titles[2].startswith("Wenn Warteschleifen öffentlich werden – @Telekom_hilft")
    assert titles[3].startswith("Share Economy: Wie sich die Normen")


FURNITURE = ["Stellenangebote", "(m/w/d)", "Trackback", "Kommentar schreiben", "CAPTCHA",
             "Spamkommentaren", "Verwaltung des Blogs", "del.icio.us", "Bildnachweis",
             "Umschließende Sterne"]


def test_no_furniture_in_segments(seed_corpus):
    joined = "\n".join(seed_corpus.segments.text)
    for word in FURNITURE:
        assert word not in joined, word
    assert not re.search(r"^(Login|Standard|• Twitter)$", joined, re.M)
    kinds = set(seed_corpus.boilerplate.kind)
    assert {"job_ads", "share_widget", "comment_form", "captcha", "blog_admin"} <= kinds


def test_vendor_comments_in_000(seed_corpus):
    seg = seed_corpus.segments
    vendor = seg[(seg.doc_id == D000) & (seg.role == "vendor")].text.tolist()
    assert len(vendor) == 4
    assert vendor[0].startswith("Der Cyberblocer meldet sich")
    assert any("Wir bemühen uns natürlich immer um eine kulante Regelung" in v for v in vendor)
    assert sum(v.startswith("@Person_") for v in vendor) == 2


def test_comments_of_000_are_separate_segments(seed_corpus):
    lines = thread_boundaries(load_gold("thread_gold"), seed_corpus)
    scores = boundary_scores(lines)
    n_lines = len(lines)
    assert scores["gold_comments"] == 20
    # one segment per comment: far fewer segments than lines, never one for the whole thread
    assert 0.6 * scores["gold_comments"] <= scores["predicted_comments"] < n_lines / 2
    assert scores["precision"] >= 0.9
    assert (lines.gold_role == lines.pred_role).all()


def test_body_of_000_is_one_segment(seed_corpus):
    seg = seed_corpus.segments
    body = seg[(seg.doc_id == D000) & (seg.kind == "body")]
    assert len(body) == 1
    assert body.text.iloc[0].endswith('"Im Guten wie auch im Schlechten" ein:)')


def test_no_private_data_in_tables(seed_corpus):
    for name, df in seed_corpus.tables().items():
        blob = df.astype(str).to_string()
        for secret in ("0228-622243", "Ettighoffer", "Rochusstraße 198", "Kempkens", "pdaether",
                       "Kaulfuß", "Glaser", "destiny44"):
            assert secret not in blob, (name, secret)


def test_raw_text_available_without_pseudonymisation():
    c = build_corpus("data/raw/002_298609f3879511e1.txt", pseudonymise=False)
    assert "0228-622243" in c.documents.text.iloc[0]


def test_build_is_deterministic(seed_corpus):
    again = build_corpus("data/raw")
    for name, df in seed_corpus.tables().items():
        pd.testing.assert_frame_equal(df, getattr(again, name))


def test_bad_files_raise_or_skip(tmp_path):
    (tmp_path / "good.txt").write_text("Ich habe bestellt. Nichts kam.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    with pytest.raises(CorpusInputError, match=r"empty\.txt: empty file"):
        build_corpus(tmp_path)
    c = build_corpus(tmp_path, on_error="skip")
    assert c.errors.path.tolist() == ["empty.txt", "image.txt"]
    assert c.documents.doc_id.tolist() == ["good"]


def test_cp1252_file_is_read(tmp_path):
    (tmp_path / "alt.txt").write_bytes("Grüße vom Kundenservice – „leider“".encode("cp1252"))
    c = build_corpus(tmp_path)
    assert c.documents.encoding.iloc[0] == "cp1252"
    assert c.documents.text.iloc[0] == 'Grüße vom Kundenservice – "leider"'


def test_gold_that_does_not_align_is_one_line_naming_file_and_row(seed_corpus):
    """Every gold-alignment function reports a quote it cannot find the same way."""
    from servicelab import defence
    from servicelab.errors import CorpusInputError

    thread = load_gold("thread_gold").head(3).copy()
    thread.loc[1, "quote"] = "Diesen Satz gibt es nirgends"
    with pytest.raises(CorpusInputError, match=r"^thread_gold.csv: row 3: quote not found"):
        thread_boundaries(thread, seed_corpus)
    gold = load_gold("defence_gold")
    row = gold.index[gold["unit"] == "comment"][0]
    gold.loc[row, "quote"] = "Diesen Satz gibt es nirgends"
    with pytest.raises(CorpusInputError,
                       match=rf"^defence_gold.csv: row {row + 2}: quote not found"):
        defence.gold_units(seed_corpus, gold)
