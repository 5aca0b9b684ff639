"""The second held-out set's loader (codebook §6.9); its scores are computed once, in
notebook 02/03 and the closing notes, never in a test."""

from __future__ import annotations

import pytest

from servicelab import second_heldout
from servicelab.errors import CorpusInputError


def _set(tmp_path, docs_ids=("h2_01",)):
    texts = tmp_path / "heldout2" / "texts"
    texts.mkdir(parents=True)
    (texts / "h2_01.txt").write_text("Die Hotline von Beispiel AG ist nie erreichbar.",
                                     encoding="utf-8")
    ann = tmp_path / "annotations" / "heldout2"
    ann.mkdir(parents=True)
    rows = "\n".join(f"{d},H2,1,Beispiel AG,,0," for d in docs_ids)
    (ann / "heldout2_docs_gold.csv").write_text(
        "doc_id,annotator,complaint,main_vendor,doc_date,doubtful,note\n" + rows + "\n",
        encoding="utf-8")
    return tmp_path


def test_the_shipped_set_loads_with_a_docs_row_per_text():
    texts = second_heldout.load_texts()
    docs = second_heldout.load_gold("docs")
    assert sorted(docs["doc_id"]) == list(texts["doc_id"])


def test_a_gold_row_without_a_text_is_one_clear_error(tmp_path):
    root = _set(tmp_path, ("h2_01", "h2_99"))
    with pytest.raises(CorpusInputError, match="h2_99"):
        second_heldout.load_gold("docs", root)


def test_the_goldset_reads_texts_and_layers(tmp_path):
    gs = second_heldout.goldset(_set(tmp_path))
    assert list(gs.sample["doc_id"]) == ["h2_01"]
    assert gs.gold("docs")["main_vendor"].tolist() == ["Beispiel AG"]
    with pytest.raises(ValueError):
        gs.gold("timex")
