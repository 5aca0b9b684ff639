"""``servicelab.tables``: the built tables are read, built once, rebuilt when the input changed,
and near-duplicates are dropped in one place."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from servicelab.tables import as_corpus, is_current, load_or_build, originals

_TEXT = ("Router kaputt, Hotline besetzt\n\nSeit drei Wochen warte ich auf einen neuen Router. "
         "Die Hotline ist dauernd besetzt und niemand ruft zurück.\n")


def _corpus(folder):
    folder.mkdir()
    (folder / "a.txt").write_text(_TEXT, encoding="utf-8")
    (folder / "b.txt").write_text("Paket verloren\n\nDas Paket kam nie an. Der Händler "
                                  "verweist auf den Paketdienst.\n", encoding="utf-8")
    return folder


def test_builds_once_then_reads(tmp_path):
    corpus, out = _corpus(tmp_path / "c"), tmp_path / "t"
    assert not is_current(corpus, out)
    said: list[str] = []
    first = load_or_build(corpus, out, log=said.append)
    assert len(said) == 1 and "building" in said[0]
    build_id = json.loads((out / "manifest.json").read_text())["build_id"]
    again = load_or_build(corpus, out, log=said.append)
    assert len(said) == 1  # nothing built the second time
    assert json.loads((out / "manifest.json").read_text())["build_id"] == build_id
    assert set(first) == set(again) >= {"documents", "segments", "sentiment", "blame",
                                          "latency", "stance"}
    pd.testing.assert_frame_equal(first["segments"], again["segments"])
    assert len(as_corpus(again).documents) == 2


def test_rebuilds_when_a_file_changed(tmp_path):
    corpus, out = _corpus(tmp_path / "c"), tmp_path / "t"
    load_or_build(corpus, out)
    (corpus / "b.txt").write_text("Ganz anderer Text\n\nAlles bestens.\n", encoding="utf-8")
    assert not is_current(corpus, out)
    said: list[str] = []
    tables = load_or_build(corpus, out, log=said.append)
    assert said and "Alles bestens" in " ".join(tables["documents"]["text"])
    (corpus / "c.txt").write_text(_TEXT + "Nachtrag.\n", encoding="utf-8")  # a new file
    assert not is_current(corpus, out)


def test_originals_drop_duplicate_rows_everywhere():
    tables = {
        "documents": pd.DataFrame({"doc_id": ["a", "b"], "duplicate_of": [None, "a"]}),
        "posts": pd.DataFrame({"post_id": ["a:p0", "b:p0"], "doc_id": ["a", "b"]}),
        "blame": pd.DataFrame({"doc_id": ["a", "b", "b"], "pattern": ["accuses"] * 3}),
        "latency": pd.DataFrame({"case_id": ["a:p0", "b:p0"], "days": [1.0, 2.0]}),
        "errors": pd.DataFrame({"path": ["x.txt"], "problem": ["empty"]}),
    }
    out = originals(tables)
    assert list(out["documents"]["doc_id"]) == ["a"]
    assert list(out["blame"]["doc_id"]) == ["a"]
    assert list(out["latency"]["case_id"]) == ["a:p0"]
    assert len(out["errors"]) == 1
    assert len(tables["blame"]) == 3  # the input is not changed


def test_is_seed_corpus_only_for_the_seed_files(seed_corpus):
    from servicelab.tables import is_seed_corpus

    tables = seed_corpus.tables()
    assert is_seed_corpus(tables)
    docs = tables["documents"]
    assert not is_seed_corpus({**tables, "documents": docs.iloc[1:]})
    assert not is_seed_corpus({"documents": docs.assign(sha256="0" * 64)})
    assert not is_seed_corpus({})


def test_two_readers_at_once_build_once(tmp_path):
    """Two notebooks starting together on a missing build: one builds, the other waits for
    it and reads the same tables (no 'another run is writing here' error)."""
    from concurrent.futures import ThreadPoolExecutor

    corpus, out = _corpus(tmp_path / "c"), tmp_path / "t"
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda _: load_or_build(corpus, out), range(2))
    pd.testing.assert_frame_equal(first["documents"], second["documents"])


def test_tables_of_another_corpus_are_never_replaced(tmp_path):
    """A notebook opened with its defaults must not overwrite a user's build of their corpus."""
    from servicelab.engines import build
    from servicelab.errors import OutputFolderError
    from servicelab.tables import load_or_build

    mine, other, out = tmp_path / "mine", tmp_path / "other", tmp_path / "processed"
    mine.mkdir()
    other.mkdir()
    (mine / "a.txt").write_text("Die Lieferung kam nicht. Der Kundenservice schweigt.\n",
                                encoding="utf-8")
    (other / "b.txt").write_text("Seit drei Wochen warte ich auf eine Antwort.\n",
                                 encoding="utf-8")
    build(mine, out, analyses=True)
    before = {p.name: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    with pytest.raises(OutputFolderError, match="holds the tables of another corpus"):
        load_or_build(other, out)
    after = {p.name: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert after == before
    (mine / "a.txt").write_text("Die Lieferung kam nie. Der Kundenservice schweigt.\n",
                                encoding="utf-8")
    assert "documents" in load_or_build(mine, out)  # the same corpus, edited: rebuilt


def test_rebuilds_when_the_code_or_rules_changed(tmp_path, monkeypatch):
    """Tables built by another version of the code are not reused (they were, and notebooks
    then showed an older analysis' numbers)."""
    from servicelab import outfolder

    corpus, out = _corpus(tmp_path / "c"), tmp_path / "t"
    load_or_build(corpus, out)
    assert is_current(corpus, out)
    monkeypatch.setattr(outfolder, "code_fingerprint", lambda: "another-version")
    assert not is_current(corpus, out)
    said: list[str] = []
    load_or_build(corpus, out, log=said.append)
    assert said and json.loads((out / "manifest.json").read_text())["code"] == "another-version"


def test_code_fingerprint_follows_the_package_files():
    from servicelab.outfolder import code_fingerprint

    assert len(code_fingerprint()) == 16 and code_fingerprint() == code_fingerprint()

