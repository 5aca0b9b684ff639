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
