"""Property-based tests: whatever bytes arrive, ``build`` neither crashes nor loses a file.

Hypothesis writes folders of files with random Unicode, odd whitespace and line breaks,
several encodings (UTF-8 with and without BOM, cp1252, UTF-16, latin-1), empty and binary
files, and JSON Lines / CSV exports with random texts; each folder goes through the pandas
engine's ``build`` and back through ``read_corpus``. Checked: the offset invariant
``documents.text[start:end] == text``, and every input file (or row) is either a document or
an error with a named problem, never both, never neither.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab.engines import build, read_corpus
from servicelab.errors import CorpusInputError
from servicelab.inputs import TableOptions
from servicelab.reading import read_file

ODD_WHITESPACE = ["\u00a0", "\u2009", "\u200b", "\u202f", "\u3000", "\t", "\r\n", "\r",
                  "\n\n\n", "\u2028", "\u2029", "\x0b", "\x0c", " \n ", "\ufeff", "\u00ad"]
WORDS = ["Kundenservice", "Grüße", "„leider“", "@Telekom_hilft", "Herr Müller", "0228-622243",
         "Rochusstraße 198", "info@example.de", "Antwort:", "Liebe Grüße", ":-)", "–", "…",
         "1 Kommentar", "Standard", "Ã¤rger", "ß", "Straße", "Ich habe bestellt.", "?!"]
FILE_ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]

texts = st.lists(
    st.one_of(st.text(max_size=30), st.sampled_from(ODD_WHITESPACE), st.sampled_from(WORDS)),
    max_size=25).map("".join)
files = st.one_of(
    st.tuples(texts, st.sampled_from(FILE_ENCODINGS)).map(
        lambda t: t[0].encode(t[1], errors="replace")),
    st.binary(max_size=200),
    st.just(b""),
)
# deterministic in CI; SERVICELAB_PROPERTY_EXAMPLES=500 runs a longer, random search
DEEP = int(os.environ.get("SERVICELAB_PROPERTY_EXAMPLES", "0"))
SETTINGS = settings(max_examples=DEEP or 40, deadline=None, derandomize=not DEEP,
                    suppress_health_check=[HealthCheck.too_slow])


def offsets_hold(corpus) -> None:
    texts_by_doc = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    for name in ("posts", "segments", "sentences", "boilerplate"):
        df = getattr(corpus, name)
        for row in df.itertuples():
            span = texts_by_doc[row.doc_id][row.start:row.end]
            assert 0 <= row.start <= row.end <= len(texts_by_doc[row.doc_id]), name
            if "text" in df.columns:
                assert span == row.text, name


def accounted(corpus, expected: set[str]) -> None:
    docs, errors = set(corpus.documents["path"]), set(corpus.errors["path"])
    assert docs.isdisjoint(errors)
    assert docs | errors == expected
    assert len(corpus.documents) == len(docs)
    assert all(p and not p.startswith("processing failed") for p in corpus.errors["problem"])


@SETTINGS
@given(st.lists(files, min_size=1, max_size=6))
def test_text_files_are_documents_or_errors(contents):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        names = set()
        for i, data in enumerate(contents):
            (src / f"f{i:02d}.txt").write_bytes(data)
            names.add(f"f{i:02d}.txt")
        try:
            build(src, Path(tmp) / "out", on_error="skip")
        except CorpusInputError as exc:  # every file was bad: said so in one line
            assert "no readable text file" in str(exc) and "\n" not in str(exc)
            for name in names:  # ... and really every one of them is unreadable on its own
                with pytest.raises(CorpusInputError):
                    read_file(src / name, src)
            return
        corpus = read_corpus(Path(tmp) / "out")
        accounted(corpus, names)
        offsets_hold(corpus)


@SETTINGS
@given(st.lists(texts, min_size=1, max_size=8), st.sampled_from(["jsonl", "csv"]),
       st.integers(min_value=16, max_value=400))
def test_table_rows_are_documents_or_errors(rows, fmt, chunk_bytes):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"posts.{fmt}"
        if fmt == "jsonl":
            path.write_text("".join(json.dumps({"text": t}) + "\n" for t in rows),
                            encoding="utf-8")
        else:
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["text"])
                writer.writerows([t] for t in rows)
        try:
            build(path, Path(tmp) / "out", options=TableOptions(), on_error="skip",
                  max_chunk_bytes=chunk_bytes)
        except CorpusInputError as exc:  # every row was empty
            assert "no readable row" in str(exc) and "\n" not in str(exc)
            assert not any(t.strip() for t in rows)
            return
        corpus = read_corpus(Path(tmp) / "out")
        accounted(corpus, {f"posts.{fmt}:{i}" for i in range(1, len(rows) + 1)})
        offsets_hold(corpus)
