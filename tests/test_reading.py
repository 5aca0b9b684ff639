from pathlib import Path

import pytest

from servicelab.errors import CorpusInputError
from servicelab.reading import decode_bytes, list_corpus_files, read_file

GERMAN = "Größere Ärgernisse: Kundenservice – „nicht erreichbar“ €"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (GERMAN.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + GERMAN.encode("utf-8"), "utf-8-sig"),
        (GERMAN.encode("cp1252"), "cp1252"),
        (GERMAN.encode("utf-16"), "utf-16"),
    ],
)
def test_decodes_and_records_encoding(data, encoding):
    text, used = decode_bytes(data, "x.txt")
    assert text == GERMAN
    assert used == encoding


def test_byte_undefined_in_cp1252_and_latin1_text_is_undecodable():
    with pytest.raises(CorpusInputError, match="undecodable"):
        decode_bytes("Grüße ".encode("latin-1") + b"\x81", "x.txt")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"   \n\n  ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"abc \x81\x8d\x8f\x90\x9d \x85\x86\x87\x88", "undecodable bytes"),
    ],
)
def test_bad_input_names_file_and_problem(data, problem):
    with pytest.raises(CorpusInputError) as err:
        decode_bytes(data, "corpus/bad.txt")
    assert str(err.value).startswith("corpus/bad.txt: ")
    assert problem in str(err.value)
    assert "\n" not in str(err.value)


def test_read_file_records_hash_and_relative_path(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    f = tmp_path / "sub" / "a.txt"
    f.write_bytes("Hallo Welt".encode("cp1252"))
    raw = read_file(f, tmp_path)
    assert raw.path == "sub/a.txt"
    assert raw.doc_id == "a"
    assert raw.n_bytes == 10
    assert len(raw.sha256) == 64


def test_list_corpus_files_errors(tmp_path: Path):
    with pytest.raises(CorpusInputError, match="does not exist"):
        list_corpus_files(tmp_path / "missing")
    with pytest.raises(CorpusInputError, match="no .txt files"):
        list_corpus_files(tmp_path)
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "a.txt").write_text("y")
    with pytest.raises(CorpusInputError, match="share the doc_id"):
        list_corpus_files(tmp_path)


# ------------------------------------------- never skipped in silence, never misnamed (#18)

@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n", b"\xff\xfe", b"\xfe\xff"])
def test_a_file_holding_only_a_bom_is_empty_not_a_document(bom):
    with pytest.raises(CorpusInputError, match="empty file"):
        decode_bytes(bom, "bom.txt")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_as_utf16_not_binary(encoding):
    text, used = decode_bytes(GERMAN.encode(encoding), "x.txt")
    assert (text, used) == (GERMAN, encoding)


def _build_skipping(corpus: Path, tmp_path: Path):

    from servicelab.engines import build, read_table

    build(corpus, tmp_path / "out", on_error="skip")
    docs = read_table(tmp_path / "out", "documents")
    return sorted(docs["path"]), read_table(tmp_path / "out", "errors")


def test_upper_case_txt_files_are_read(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Erster Text.")
    (corpus / "B.TXT").write_text("Zweiter Text.")
    paths, errors = _build_skipping(corpus, tmp_path)
    assert paths == ["B.TXT", "a.txt"] and errors.empty


def test_a_dangling_symlink_is_an_error_row(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Erster Text.")
    (corpus / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    paths, errors = _build_skipping(corpus, tmp_path)
    assert paths == ["a.txt"]
    assert errors.to_dict("records") == [
        {"path": "gone.txt", "problem": "dangling symbolic link (its target does not exist)"}]


def test_an_unreadable_subfolder_is_an_error_row(tmp_path: Path, monkeypatch):
    import os

    corpus = tmp_path / "c"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "a.txt").write_text("Erster Text.")
    (corpus / "locked" / "b.txt").write_text("Zweiter Text.")
    locked = str(corpus / "locked")
    # the tests may run as root, who may read any folder: refuse this one as the OS would
    real_scandir, real_listdir = os.scandir, os.listdir

    def refuse(fn):
        def call(path=".", *a):
            if not isinstance(path, int) and os.fspath(path) == locked:
                raise PermissionError(13, "Permission denied", locked)
            return fn(path, *a)
        return call

    monkeypatch.setattr(os, "scandir", refuse(real_scandir))
    monkeypatch.setattr(os, "listdir", refuse(real_listdir))
    paths, errors = _build_skipping(corpus, tmp_path)
    assert paths == ["a.txt"]
    assert errors["path"].tolist() == ["locked"]
    assert "cannot read folder (Permission denied)" in errors["problem"][0]


def test_an_unreadable_subfolder_of_tables_is_an_error_row(tmp_path: Path, monkeypatch):
    import json
    import os

    from servicelab.engines import build, read_table

    corpus = tmp_path / "c"
    (corpus / "locked").mkdir(parents=True)
    for folder in (corpus, corpus / "locked"):
        (folder / f"{folder.name}.jsonl").write_text(json.dumps({"text": "Ein Text."}) + "\n")
    locked = str(corpus / "locked")
    real_scandir = os.scandir

    def scandir(path="."):
        if not isinstance(path, int) and os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(CorpusInputError, match="locked: cannot read folder"):
        build(corpus, tmp_path / "raise", fmt="jsonl")
    build(corpus, tmp_path / "out", fmt="jsonl", on_error="skip")
    assert read_table(tmp_path / "out", "documents")["path"].tolist() == ["c.jsonl:1"]
    assert read_table(tmp_path / "out", "errors")["path"].tolist() == ["locked"]


def test_a_new_input_format_is_one_reader_entry(tmp_path: Path, monkeypatch, capsys):
    """Registering a reader is all it takes: suffix detection, --format, planning, both
    ways of reading a chunk and the build use the registry."""
    from dataclasses import replace

    from servicelab import cli, inputs
    from servicelab.engines import build, read_table

    def line_rows(chunk, wanted):  # a toy format: one text per line, no columns
        lines = inputs._chunk_bytes(chunk).decode(chunk.options.encoding).split("\n")
        for i, line in enumerate(lines):
            yield chunk.first_row + i, ({wanted[0]: line} if line.strip() else None)

    lines = replace(inputs.READERS["jsonl"], name="lines", label="plain lines",
                    suffixes=(".lines",), rows=line_rows)
    monkeypatch.setitem(inputs.READERS, "lines", lines)
    corpus = tmp_path / "posts.lines"
    corpus.write_text("Die Hotline legt immer auf.\n\nDer Techniker kam nie.\n", encoding="utf-8")
    assert inputs.detect_format(corpus, None) == "lines"
    build(corpus, tmp_path / "out", analyses=False, progress=False)
    docs = read_table(tmp_path / "out", "documents")
    assert docs["path"].tolist() == ["posts.lines:1", "posts.lines:3"]
    assert docs["doc_id"].tolist() == ["posts-0000001", "posts-0000003"]
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["build", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "plain lines" in shown and "lines}" in shown  # the help text and --format choices
    (tmp_path / "posts.xml").write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"\.parquet or \.lines file"):
        inputs.detect_format(tmp_path / "posts.xml", None)
