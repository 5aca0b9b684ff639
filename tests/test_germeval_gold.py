"""The GermEval sample loader: halves never mix, every gold row belongs to a sampled document."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from servicelab.germeval_gold import GOLD_COMMIT, LAYERS, SAMPLES, load_gold, load_sample

ROOT = Path(__file__).resolve().parents[1]


def test_halves_partition_the_sample():
    tuning, test, both = load_sample("tuning"), load_sample("test"), load_sample("all")
    assert not set(tuning["doc_id"]) & set(test["doc_id"])
    assert set(tuning["doc_id"]) | set(test["doc_id"]) == set(both["doc_id"])
    assert both["text"].str.len().gt(0).all()


@pytest.mark.parametrize("layer", LAYERS)
def test_gold_rows_stay_in_their_half(layer):
    tuning_ids = set(load_sample("tuning")["doc_id"])
    gold = load_gold(layer, "tuning")
    assert set(gold["doc_id"]) <= tuning_ids
    assert len(gold) + len(load_gold(layer, "test")) == len(load_gold(layer, "all"))


def test_every_sampled_document_has_a_docs_row():
    assert set(load_gold("docs", "all")["doc_id"]) == set(load_sample("all")["doc_id"])


def test_unknown_half_is_refused():
    with pytest.raises(ValueError, match="unknown half"):
        load_sample("train")


def test_no_commit_after_the_freeze_touched_the_gold():
    """Gold before rules: the sample and labels are never edited after GOLD_COMMIT."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    paths = ["data/annotations/germeval", *(f"data/annotations/{name}" for name in SAMPLES)]
    last = subprocess.run(["git", "log", "-1", "--format=%h", "--abbrev=7", "--", *paths],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    if not last:
        pytest.skip("shallow clone without the gold's history")
    assert last == GOLD_COMMIT


def _annotations(tmp_path, sample_rows: str, gold_rows: str):
    header = "doc_id,split,id,n_chars,sample_rank,half\n"
    (tmp_path / "germeval_sample.csv").write_text(header + sample_rows, encoding="utf-8")
    (tmp_path / "germeval_waits_sample.csv").write_text(header, encoding="utf-8")
    (tmp_path / "germeval" / "A").mkdir(parents=True)
    (tmp_path / "germeval" / "A" / "germeval_docs_gold.csv").write_text(
        "doc_id,note\n" + gold_rows, encoding="utf-8")
    return tmp_path


def test_a_gold_row_of_no_sampled_document_is_one_line_error(tmp_path):
    from servicelab.errors import CorpusInputError

    root = _annotations(tmp_path, "dev:0,dev,http://example.org/a,10,0,tuning\n",
                        "dev:9,nothing to label\n")
    with pytest.raises(CorpusInputError,
                       match=r"^germeval_docs_gold.csv: doc_id 'dev:9' is in no sample$"):
        load_gold("docs", root=root)


def test_a_sample_row_naming_another_document_is_one_line_error(tmp_path):
    from servicelab.errors import CorpusInputError

    root = _annotations(tmp_path, "dev:0,dev,http://example.org/not-this-one,10,0,tuning\n", "")
    with pytest.raises(CorpusInputError, match=r"^dev:0: the GermEval dev file has another"):
        load_sample(root=root)
