"""The validation tables on a corpus without gold documents: empty, not an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelab import build_corpus, validation


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("mine")
    (folder / "eigener_text.txt").write_text(
        "Seit dem 3. Mai warte ich auf den Techniker. Die Hotline sagt, der Lieferant sei "
        "schuld.\n\nKommentar: Das ist bei denen immer so.\n", encoding="utf-8")
    return build_corpus(folder, key=b"test-key-of-16-bytes")


def test_seed_gold_tables_are_empty_for_other_corpora(corpus) -> None:
    from servicelab import blame, timeline

    assert validation.thread_segmentation(corpus) == {}
    assert validation.align_sentiment_gold(corpus).empty
    assert validation.blame_in_sample(corpus, blame.build_tables(corpus)["blame"]).empty
    assert validation.event_scores(corpus, timeline.build_tables(corpus)["events"]).empty
    assert validation.defence_scores(corpus) == {}


def test_originals_leave_out_near_duplicates(tmp_path: Path) -> None:
    text = ("Die Bestellung kam nach drei Wochen immer noch nicht an, und niemand bei der "
            "Hotline konnte mir sagen, wo das Paket geblieben ist. ") * 3
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    corpus = build_corpus(tmp_path, key=b"test-key-of-16-bytes")
    assert validation.originals(corpus) == ["a"]
