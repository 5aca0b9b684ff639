"""One record per analysis: adding an analysis is one entry, and everything reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelab import analyses, findings
from servicelab.analyses import Analysis
from servicelab.cli import main
from servicelab.engines import read_table

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"

MODULE = '''
import pandas as pd


def build_tables(corpus, rules=None):
    words = rules.get("word", "Kunde") if rules else "Kunde"
    s = corpus.sentences
    hits = s[s["text"].str.contains(words)].groupby("doc_id").size()
    out = pd.DataFrame({"doc_id": sorted(corpus.documents["doc_id"])})
    out["n"] = out["doc_id"].map(hits).fillna(0).astype("int64")
    return {"word_counts": out}


def findings(tables):
    t = tables.get("word_counts")
    if t is None:
        return ["No word counts."]
    return [f"The word occurs {int(t['n'].sum())} times."]
'''


@pytest.fixture()
def one_entry(tmp_path, monkeypatch):
    (tmp_path / "servicelab_wordcount.py").write_text(MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    record = Analysis("wordcount", "servicelab_wordcount", ("word_counts",), True, "word_count",
                      "servicelab_wordcount:findings")
    monkeypatch.setattr(analyses, "ANALYSES", {**analyses.ANALYSES, "wordcount": record})
    return record


def test_one_entry_reaches_the_cli_the_engine_and_the_findings(tmp_path, one_entry):
    out = tmp_path / "out"
    assert main(["build", str(RAW), "--out", str(out), "--corpus-only", "--quiet"]) == 0
    assert main(["analyse", str(out), "--only", "wordcount", "--quiet"]) == 0
    counts = read_table(out, "word_counts")
    assert len(counts) == 5 and counts["n"].sum() > 0
    assert "word_count" in analyses.topics()
    said = findings.findings_for("07_word_count", {"word_counts": counts})
    assert said == [f"The word occurs {int(counts['n'].sum())} times."]


def test_a_record_that_lies_about_its_tables_is_refused(seed_corpus, one_entry):
    liar = Analysis("wordcount", "servicelab_wordcount", ("other_table",), True, "w",
                    "servicelab_wordcount:findings")
    with pytest.raises(ValueError, match="declares"):
        liar.run(seed_corpus)


def test_every_shipped_record_declares_exactly_its_tables(seed_corpus):
    for record in analyses.REGISTRY:
        assert set(record.run(seed_corpus)) == set(record.tables), record.name
        assert callable(record.findings_function())
