"""The held-out text sets' loader (codebook §6.9, §6.10); their scores are computed once per
rule round, in notebooks 02/03 and the closing notes, never in a test."""

from __future__ import annotations

import pytest

from servicelab.errors import CorpusInputError
from servicelab.heldout_texts import TextSet


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
    return TextSet("heldout2", tmp_path)


def test_the_shipped_set_loads_with_a_docs_row_per_text():
    heldout2 = TextSet("heldout2")
    assert sorted(heldout2.gold("docs")["doc_id"]) == list(heldout2.texts()["doc_id"])


def test_a_gold_row_without_a_text_is_one_clear_error(tmp_path):
    with pytest.raises(CorpusInputError, match="h2_99"):
        _set(tmp_path, ("h2_01", "h2_99")).gold("docs")


def test_the_goldset_reads_texts_and_layers(tmp_path):
    gs = _set(tmp_path).goldset()
    assert list(gs.sample["doc_id"]) == ["h2_01"]
    assert gs.gold("docs")["main_vendor"].tolist() == ["Beispiel AG"]


def test_a_missing_layer_is_one_clear_error_and_an_unknown_one_a_value_error(tmp_path):
    ts = _set(tmp_path)
    assert not ts.has("timex")
    with pytest.raises(CorpusInputError, match="no timex gold"):
        ts.gold("timex")
    with pytest.raises(ValueError):
        ts.gold("sentences")


def test_an_empty_texts_folder_is_one_clear_error(tmp_path):
    (tmp_path / "heldout9" / "texts").mkdir(parents=True)
    with pytest.raises(CorpusInputError, match="no .txt"):
        TextSet("heldout9", tmp_path).texts()
