"""Inputs: folders of ``.txt`` files, and JSON Lines, CSV or Parquet files with a text column.

Each input format is one :class:`Reader` in :data:`READERS` (its name, file suffixes, how
an input is planned into chunks, how a chunk is read); the CLI, both engines and the error
messages read that registry, so adding a format is one entry there.

Forum crawls and social-media exports arrive as tables, one post per row. Each row becomes a
document (a :class:`RowText`, a :class:`~servicelab.reading.RawText` with an optional
``date``), so the same ``corpus.process_document`` handles both kinds of input.

``plan_inputs`` looks at the input once (file sizes, record boundaries, CSV header, Parquet
row groups, columns) and cuts it into :class:`Chunk` s, the partitions both engines work on;
``read_chunk`` turns one chunk into documents. Chunk boundaries fall between records, so a
worker reads only its own bytes.

Rows are numbered from 1: the line number in JSON Lines, the data row (header not counted) in
CSV and Parquet. A row's ``path`` is ``<file>:<row>``; a bad row is reported like a bad file,
as one line ``<file>:<row>: <problem>``, or with ``on_error="skip"`` listed in ``errors``.
``doc_id`` is the value of ``--id-column`` (which must be unique; a repeated id is an error),
or ``<file stem>-<row, 7 digits>`` without one. For rows, ``sha256`` and ``n_bytes`` are those
of the row's text in UTF-8.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import math
import os
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from servicelab.errors import CorpusInputError, shown_path
from servicelab.reading import RawText, list_corpus_files, read_file

MAX_CHUNK_BYTES = 8_000_000
MIN_CHUNK_BYTES = 4_000
_SCAN_BLOCK = 1 << 24
_QUOTE, _NEWLINE, _CR = 34, 10, 13


@dataclass(frozen=True)
class RowText(RawText):
    """A document read from one row of a table; ``date`` is ISO 8601 or None."""

    date: str | None = None


@dataclass(frozen=True)
class TableOptions:
    """Which columns of a JSON Lines / CSV / Parquet input hold text, id and date."""

    text_column: str = "text"
    id_column: str | None = None
    date_column: str | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Chunk:
    """One partition of the input.

    ``txt``: the files ``paths`` (read relative to ``base``). Tabular formats: one file
    ``paths[0]`` recorded as ``rels[0]``, bytes ``[start, stop)`` (JSON Lines, CSV) or row
    groups ``[start, stop)`` (Parquet), whose first record is row ``first_row``.
    """

    format: str
    paths: tuple[str, ...]
    rels: tuple[str, ...]
    base: str = ""
    start: int = 0
    stop: int = 0
    first_row: int = 1
    header: tuple[str, ...] = ()
    n_bytes: int = 0
    stem: str = ""
    options: TableOptions = field(default_factory=TableOptions)


@dataclass
class InputPlan:
    """The chunks of an input, the input files (for the manifest) and files rejected early."""

    format: str
    chunks: list[Chunk]
    files: list[dict]
    errors: list[dict]
    total_bytes: int

    @property
    def reader(self) -> Reader:
        """The :class:`Reader` of the input's format."""
        return READERS[self.format]

    @property
    def check_ids(self) -> bool:
        """Whether ids come from a column and must be checked for repeats across chunks."""
        return self.reader.tabular and any(c.options.id_column for c in self.chunks)


def detect_format(path: Path, fmt: str | None) -> str:
    """The input format: ``fmt`` if given, else from the file suffix; folders are ``txt``."""
    if fmt is not None:
        if fmt not in READERS:
            raise ValueError(f"format must be one of {', '.join(READERS)}")
        return fmt
    if path.is_file():
        found = next((r.name for r in READERS.values()
                      if path.suffix.lower() in r.suffixes), None)
        if found is None:
            firsts = [r.suffixes[0] for r in READERS.values()]
            raise CorpusInputError(
                str(path), f"expected a folder of {READERS[FOLDER_FORMAT].suffixes[0]} files, "
                f"or a {', '.join(firsts[:-1])} or {firsts[-1]} file")
        return found
    return FOLDER_FORMAT


def plan_inputs(
    path: str | Path,
    fmt: str | None = None,
    options: TableOptions | None = None,
    partitions: int = 1,
    max_chunk_bytes: int = MAX_CHUNK_BYTES,
    on_error: str = "raise",
) -> InputPlan:
    """Cut the input into chunks of at most ``max_chunk_bytes`` (aiming at ``partitions``).

    Raises :class:`CorpusInputError` for a missing or empty input; a tabular file without
    the text (or id, date) column is an error, or an entry in ``errors`` when skipping.
    """
    options = options or TableOptions()
    root = Path(path)
    if not root.exists():
        raise CorpusInputError(str(path), "corpus folder does not exist")
    reader = READERS[detect_format(root, fmt)]
    return reader.plan(reader, root, options, partitions, max_chunk_bytes, on_error)


def _plan_text_files(reader: Reader, root: Path, options: TableOptions, partitions: int,
                     max_chunk_bytes: int, on_error: str) -> InputPlan:
    """Text files: one document per file, grouped into chunks of about equal bytes."""
    # absolute paths, so that workers started elsewhere find the files
    files = [f.absolute() for f in list_corpus_files(root)]
    base = (root if root.is_dir() else root.parent).absolute()
    sizes = [f.stat().st_size if f.is_file() else 0 for f in files]  # others: error rows
    total = sum(sizes)
    limit = _chunk_limit(total, partitions, max_chunk_bytes)
    order = sorted(range(len(files)), key=lambda i: files[i].stem)  # doc_id order
    chunks, group, size = [], [], 0
    for i in order:
        group.append(i)
        size += sizes[i]
        if size >= limit:
            chunks.append(_txt_chunk(reader.name, files, group, base, size))
            group, size = [], 0
    if group:
        chunks.append(_txt_chunk(reader.name, files, group, base, size))
    return InputPlan(reader.name, chunks, [], [], total)


def _chunk_limit(total: int, partitions: int, max_chunk_bytes: int) -> int:
    return min(max_chunk_bytes, max(MIN_CHUNK_BYTES, math.ceil(total / max(1, partitions))))


def _txt_chunk(fmt: str, files: list[Path], group: list[int], base: Path, size: int) -> Chunk:
    return Chunk(fmt, tuple(str(files[i]) for i in group),
                 tuple(files[i].relative_to(base).as_posix() for i in group),
                 base=str(base), n_bytes=size)


def _tabular_files(root: Path, reader: Reader) -> tuple[list[Path], list[dict]]:
    """The input files of a folder, and the subfolders that could not be listed (as error
    rows: never skipped in silence)."""
    if root.is_file():
        return [root], []
    suffixes = set(reader.suffixes)
    files: list[Path] = []
    unreadable: list[dict] = []

    def note(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename is not None else root
        rel = where.relative_to(root).as_posix() if where != root else str(root)
        unreadable.append({"path": shown_path(rel), "problem": f"cannot read folder "
                           f"({exc.strerror}); its files are not in the corpus"})

    for folder, _dirs, names in os.walk(root, onerror=note):
        files.extend(Path(folder, n) for n in names if Path(n).suffix.lower() in suffixes
                     and not n.startswith(".") and Path(folder, n).is_file())
    if not files:
        names = ", ".join(sorted(suffixes))
        raise CorpusInputError(str(root), f"no {names} files in the corpus folder")
    return sorted(files), unreadable


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _plan_tabular(reader: Reader, root: Path, options: TableOptions, partitions: int,
                  max_chunk_bytes: int, on_error: str) -> InputPlan:
    """Table files: each file cut by its reader's ``plan_file`` into chunks of rows."""
    if reader.decodes_bytes and codecs.lookup(options.encoding).name.startswith("utf-16"):
        raise CorpusInputError(str(root), "UTF-16 tables are not supported; convert to UTF-8")
    found, unreadable = _tabular_files(root, reader)
    if unreadable and on_error == "raise":
        raise CorpusInputError(unreadable[0]["path"], unreadable[0]["problem"])
    files = [f.absolute() for f in found]
    base = (root if root.is_dir() else root.parent).absolute()
    if options.id_column is None:
        dupes = sorted(stem for stem, n in Counter(f.stem for f in files).items() if n > 1)
        if dupes:
            raise CorpusInputError(
                str(root), f"two files share the name {dupes[0]!r}: give --id-column")
    sizes = [f.stat().st_size for f in files]
    limit = _chunk_limit(sum(sizes), partitions, max_chunk_bytes)
    chunks: list[Chunk] = []
    manifest: list[dict] = []
    errors: list[dict] = list(unreadable)
    for f, size in zip(files, sizes, strict=True):
        rel = f.relative_to(base).as_posix() if root.is_dir() else f.name
        try:
            if shown_path(rel) != rel:
                raise CorpusInputError(rel, "file name is not valid UTF-8 text; rename the file")
            new = reader.plan_file(reader.name, f, rel, options, limit)
        except CorpusInputError as exc:
            if on_error == "raise":
                raise
            errors.append({"path": exc.path, "problem": exc.problem})
            continue
        chunks += new
        manifest.append({"path": rel, "sha256": _sha256(f), "bytes": size})
    return InputPlan(reader.name, chunks, manifest, errors, sum(sizes))


def _wanted(options: TableOptions) -> list[str]:
    return [c for c in (options.text_column, options.id_column, options.date_column) if c]


def _plan_parquet(fmt: str, f: Path, rel: str, options: TableOptions, limit: int
                  ) -> list[Chunk]:
    """Parquet: chunks of whole row groups."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(f).metadata
    except Exception as exc:  # pyarrow raises several types for broken files
        raise CorpusInputError(rel, f"not a Parquet file ({exc})") from None
    _check_columns(rel, _wanted(options), meta.schema.to_arrow_schema().names)
    common = {"paths": (str(f),), "rels": (rel,), "stem": f.stem, "options": options}
    chunks, first, start, size, row = [], 1, 0, 0, 1
    for g in range(meta.num_row_groups):
        size += meta.row_group(g).total_byte_size
        row += meta.row_group(g).num_rows
        if size >= limit or g == meta.num_row_groups - 1:
            chunks.append(Chunk(fmt, start=start, stop=g + 1, first_row=first,
                                n_bytes=size, **common))
            first, start, size = row, g + 1, 0
    return chunks


def _plan_jsonl(fmt: str, f: Path, rel: str, options: TableOptions, limit: int
                ) -> list[Chunk]:
    """JSON Lines: byte ranges ending at a newline."""
    return _plan_records(fmt, f, rel, options, limit, (), 0, quoted=False)


def _plan_csv(fmt: str, f: Path, rel: str, options: TableOptions, limit: int) -> list[Chunk]:
    """CSV: the header, then byte ranges ending at a record end outside quoted fields."""
    if f.stat().st_size == 0:
        raise CorpusInputError(rel, "empty file (no rows)")
    header, offset = _csv_header(f, rel, options.encoding)
    _check_columns(rel, _wanted(options), header)
    return _plan_records(fmt, f, rel, options, limit, header, offset, quoted=True)


def _plan_records(fmt: str, f: Path, rel: str, options: TableOptions, limit: int,
                  header: tuple[str, ...], offset: int, quoted: bool) -> list[Chunk]:
    if f.stat().st_size == 0:
        raise CorpusInputError(rel, "empty file (no rows)")
    common = {"paths": (str(f),), "rels": (rel,), "stem": f.stem, "options": options}
    bounds = record_boundaries(f, limit, quoted=quoted, start=offset)
    # rows count from 1: JSON Lines lines, CSV data records after the header
    return [Chunk(fmt, start=a, stop=b, first_row=n_before + 1, header=header, n_bytes=b - a,
                  **common) for a, b, n_before in bounds]


def _check_columns(rel: str, wanted: list[str], names: list[str] | tuple[str, ...]) -> None:
    for col in wanted:
        if col not in names:
            shown = ", ".join(list(names)[:8]) + (", …" if len(names) > 8 else "")
            raise CorpusInputError(rel, f"no column {col!r} (columns: {shown})")


def _csv_header(f: Path, rel: str, encoding: str) -> tuple[tuple[str, ...], int]:
    """The CSV header fields and the byte offset where the data rows begin."""
    with f.open("rb") as fh:
        head = fh.read(1 << 20)
    bom = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    ends = CsvScanner().scan(np.frombuffer(head, dtype=np.uint8)[bom:])[0] + bom
    end = int(ends[0]) + 1 if len(ends) else len(head)
    try:
        line = head[:end].decode("utf-8-sig" if encoding.lower().replace("_", "-") in
                                 ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError:
        raise CorpusInputError(rel, f"header is not {encoding} text") from None
    fields = next(csv.reader(io.StringIO(line, newline="")), [])
    if not fields:
        raise CorpusInputError(rel, "no CSV header in the first line")
    return tuple(fields), end


class CsvScanner:
    """Record ends of CSV bytes as Python's ``csv`` reader (default dialect) finds them,
    block by block with the state carried over.

    A double quote opens a quoted field only at the start of a field (after a comma, a line
    end or at the start); elsewhere it is a literal character (``5"``). Inside a quoted
    field, a run of quotes of even length is escaped quotes and one of odd length closes
    the field with its last quote. A record ends at ``\r``, ``\n`` or ``\r\n`` outside
    quoted fields; chunks are cut only after a ``\n`` that ends a record. The loop runs
    over runs of quotes, not bytes; the rest is vectorised.
    """

    _OPENS_AFTER = (44, 10, 13)  # a quote after ",", "\n" or "\r" starts a quoted field

    def __init__(self) -> None:
        self.inside = False  # inside a quoted field at the end of the last block
        self.prev = 10  # the byte before the block (a line end at the start)

    def scan(self, arr: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
        """Positions (in ``arr``) of the ``\n`` that end a record; the number of records
        ended up to and including each; the records ended in the whole block."""
        q = np.flatnonzero(arr == _QUOTE)
        breaks = np.flatnonzero(np.diff(q) != 1) + 1
        run_first = np.concatenate(([0], breaks) if len(q) else ([],)).astype(np.int64)
        starts, lengths = q[run_first], np.diff(np.append(run_first, len(q)))
        before = np.where(starts > 0, arr[np.maximum(starts - 1, 0)], self.prev)
        opener = np.flatnonzero(np.isin(before, self._OPENS_AFTER))
        odd = np.flatnonzero(lengths % 2 == 1)
        # scalar work on Python lists (bisect), the per-byte work stays in numpy
        opener_l, odd_l = opener.tolist(), odd.tolist()
        starts_l, lengths_l = starts.tolist(), lengths.tolist()
        opens, closes = [], []
        i, inside, begin = 0, self.inside, -1
        while True:
            if not inside:
                j = bisect_left(opener_l, i)
                if j == len(opener_l):
                    break
                i = opener_l[j]
                begin = starts_l[i]
                if lengths_l[i] % 2 == 0:  # the opening quote and an odd rest: closed here
                    opens.append(begin)
                    closes.append(begin + lengths_l[i] - 1)
                    i += 1
                    continue
                i += 1
                inside = True
            k = bisect_left(odd_l, i)
            if k == len(odd_l):
                break
            i = odd_l[k]
            opens.append(begin)
            closes.append(starts_l[i] + lengths_l[i] - 1)
            i += 1
            inside = False
        if inside:
            opens.append(begin)
            closes.append(len(arr))
        self.inside = inside
        o, c = np.array(opens, dtype=np.int64), np.array(closes, dtype=np.int64)

        def outside(pos: np.ndarray) -> np.ndarray:
            if not len(o):
                return pos
            k = np.searchsorted(o, pos, side="right") - 1
            return pos[(k < 0) | (pos > c[np.maximum(k, 0)])]

        lf = outside(np.flatnonzero(arr == _NEWLINE))
        cr = outside(np.flatnonzero(arr == _CR))
        after_cr = np.where(lf > 0, arr[np.maximum(lf - 1, 0)], self.prev) == _CR
        ended = np.sort(np.concatenate((cr, lf[~after_cr])))  # one per record
        if len(arr):
            self.prev = int(arr[-1])
        return lf, np.searchsorted(ended, lf, side="right"), len(ended)


def _record_ends(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """JSON Lines: every newline ends a record."""
    ends = np.flatnonzero(arr == _NEWLINE)
    return ends, np.arange(1, len(ends) + 1), len(ends)


def record_boundaries(path: Path, limit: int, quoted: bool, start: int = 0
                      ) -> list[tuple[int, int, int]]:
    """Byte ranges ``(a, b, records_before_a)`` of about ``limit`` bytes ending at record ends.

    Records end at a newline (for CSV, at a line end outside quoted fields:
    :class:`CsvScanner`). The scan reads the file once in blocks; it counts records so
    that each range knows its first row.
    """
    size = path.stat().st_size
    bounds: list[tuple[int, int, int]] = []
    a, before, count, pos = start, 0, 0, start
    scan = CsvScanner().scan if quoted else _record_ends
    with path.open("rb") as fh:
        fh.seek(start)
        while pos < size:
            block = fh.read(_SCAN_BLOCK)
            if not block:
                break
            while quoted and block.endswith(b'"'):  # a run of quotes stays in one block
                more = fh.read(1 << 12)
                if not more:
                    break
                block += more
            ends, ended, n_block = scan(np.frombuffer(block, dtype=np.uint8))
            ends = ends + pos
            target = a + limit
            while True:
                k = int(np.searchsorted(ends, target - 1))
                if k >= len(ends):
                    break
                b = int(ends[k]) + 1
                n_in = count + int(ended[k]) - before  # records in [a, b)
                bounds.append((a, b, before))
                before += n_in
                a = b
                target = a + limit
            count += n_block
            pos += len(block)
    if a < size:
        bounds.append((a, size, before))
    return bounds


def read_chunk(chunk: Chunk, on_error: str = "raise", skip: dict[str, str] | None = None
               ) -> tuple[list[RawText], list[dict]]:
    """The documents of one chunk, and the errors (bad files or rows) when skipping.

    With ``on_error="raise"`` the first bad file or row raises :class:`CorpusInputError`.
    ``skip`` maps row paths to a problem found beforehand (a repeated id).
    """
    return READERS[chunk.format].read(chunk, on_error, skip or {})


def _collector(on_error: str) -> tuple[list[dict], Callable[[str, str], None]]:
    errors: list[dict] = []

    def bad(path: str, problem: str) -> None:
        if on_error == "raise":
            raise CorpusInputError(path, problem)
        errors.append({"path": path, "problem": problem})

    return errors, bad


def _read_text_files(chunk: Chunk, on_error: str, skip: dict[str, str]
                     ) -> tuple[list[RawText], list[dict]]:
    """One document per text file (``reading.read_file``)."""
    docs: list[RawText] = []
    errors, bad = _collector(on_error)
    for p in chunk.paths:
        try:
            docs.append(read_file(Path(p), Path(chunk.base)))
        except CorpusInputError as exc:
            bad(exc.path, exc.problem)
    return docs, errors


def _read_rows(chunk: Chunk, on_error: str, skip: dict[str, str]
               ) -> tuple[list[RawText], list[dict]]:
    """One document per table row (its reader's ``rows``)."""
    docs: list[RawText] = []
    errors, bad = _collector(on_error)
    for row, values in _chunk_rows(chunk):
        path = f"{chunk.rels[0]}:{row}"
        if values is None:
            continue
        if path in skip:
            bad(path, skip[path])
            continue
        if isinstance(values, str):
            bad(path, values)
            continue
        try:
            docs.append(_row_text(chunk, row, path, values))
        except CorpusInputError as exc:
            bad(exc.path, exc.problem)
    return docs, errors


def chunk_ids(chunk: Chunk) -> pd.DataFrame:
    """``doc_id``, ``path``, ``file``, ``row`` of the rows of a chunk that carry an id."""
    col = chunk.options.id_column
    rows = []
    for row, values in _chunk_rows(chunk, only_id=True):
        if isinstance(values, dict):
            doc_id = _id_value(values.get(col))
            if doc_id is not None:
                rows.append((doc_id, f"{chunk.rels[0]}:{row}", chunk.rels[0], row))
    return pd.DataFrame(rows, columns=["doc_id", "path", "file", "row"]).astype(
        {"doc_id": object, "path": object, "file": object, "row": "int64"})


def repeated_ids(ids: pd.DataFrame) -> dict[str, str]:
    """Rows whose id appeared before (in file, row order) -> problem naming the first."""
    if ids.empty:
        return {}
    ids = ids.sort_values(["file", "row"], kind="stable")
    dup = ids[ids["doc_id"].duplicated(keep=False)]
    out: dict[str, str] = {}
    first: dict[str, str] = {}
    for doc_id, path in zip(dup["doc_id"], dup["path"], strict=True):
        if doc_id in first:
            out[path] = f"repeated id {doc_id!r} (first in {first[doc_id]})"
        else:
            first[doc_id] = path
    return out


def _id_value(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


Rows = Iterator[tuple[int, dict | str | None]]


def _chunk_rows(chunk: Chunk, only_id: bool = False) -> Rows:
    """``(row, values)``: values a dict of the wanted columns, a problem string, or None
    for a blank line."""
    wanted = [chunk.options.id_column] if only_id else _wanted(chunk.options)
    return READERS[chunk.format].rows(chunk, wanted)


def _parquet_rows(chunk: Chunk, wanted: list[str]) -> Rows:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(chunk.paths[0]).read_row_groups(
        list(range(chunk.start, chunk.stop)), columns=wanted)
    columns = {c: table.column(c).to_pylist() for c in wanted}
    for i in range(table.num_rows):
        yield chunk.first_row + i, {c: columns[c][i] for c in wanted}


def _chunk_bytes(chunk: Chunk) -> bytes:
    with open(chunk.paths[0], "rb") as fh:
        fh.seek(chunk.start)
        return fh.read(chunk.stop - chunk.start)


def _jsonl_rows(chunk: Chunk, wanted: list[str]) -> Rows:
    opt = chunk.options
    data = _chunk_bytes(chunk)
    if chunk.start == 0 and data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    for i, line in enumerate(data.split(b"\n")):
        row = chunk.first_row + i
        if not line.strip():
            yield row, None
            continue
        try:
            obj = json.loads(line.decode(opt.encoding))
        except UnicodeDecodeError as exc:
            yield row, f"undecodable bytes (not {opt.encoding}) at byte {exc.start}"
            continue
        except json.JSONDecodeError as exc:  # "Unterminated string starting at": no "at at"
            yield row, f"not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"
            continue
        except RecursionError:
            yield row, "JSON nested too deeply to read"
            continue
        if not isinstance(obj, dict):
            yield row, "not a JSON object"
            continue
        missing = [c for c in wanted if c not in obj and c != opt.date_column]
        if missing:
            yield row, f"no field {missing[0]!r}"
            continue
        yield row, {c: obj.get(c) for c in wanted}  # no date field: no date


def _csv_rows(chunk: Chunk, wanted: list[str]) -> Rows:
    opt = chunk.options
    text = _chunk_bytes(chunk).decode(opt.encoding, errors="surrogateescape")
    header = chunk.header
    index = {c: header.index(c) for c in wanted}
    for i, fields in enumerate(csv.reader(io.StringIO(text, newline=""))):
        row = chunk.first_row + i
        if not fields:
            yield row, None
            continue
        if len(fields) != len(header):
            yield row, f"{len(fields)} fields, the header has {len(header)}"
            continue
        values = {c: fields[j] for c, j in index.items()}
        if any(_has_surrogates(v) for v in values.values()):
            yield row, f"undecodable bytes (not {opt.encoding})"
            continue
        yield row, values


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _row_text(chunk: Chunk, row: int, path: str, values: dict) -> RowText:
    opt = chunk.options
    text = values[opt.text_column]
    if text is not None and not isinstance(text, str):
        raise CorpusInputError(path, f"column {opt.text_column!r} is not text "
                               f"({type(text).__name__})")
    if text is None or not text.strip():
        raise CorpusInputError(path, "empty text")
    if opt.id_column:
        doc_id = _id_value(values[opt.id_column])
        if doc_id is None:
            raise CorpusInputError(path, f"no id in column {opt.id_column!r}")
    else:
        doc_id = f"{chunk.stem}-{row:07d}"
    date = None
    if opt.date_column:
        date = parse_date(values[opt.date_column], path, opt.date_column)
    data = text.encode("utf-8", errors="surrogatepass")
    return RowText(doc_id=doc_id, path=path, sha256=hashlib.sha256(data).hexdigest(),
                   encoding=(opt.encoding if READERS[chunk.format].decodes_bytes
                             else "utf-8"),
                   n_bytes=len(data), text=text, date=date)


def parse_date(value: object, path: str, column: str) -> str | None:
    """ISO 8601 text of a date value (text, datetime, or Unix seconds); None if missing."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, int | float):
            return datetime.fromtimestamp(value, tz=UTC).isoformat()
        stamp = pd.Timestamp(value)
        if stamp is pd.NaT:
            return None
        return stamp.isoformat()
    except (ValueError, TypeError, OverflowError, OSError):
        shown = str(value)[:40]
        raise CorpusInputError(path, f"unreadable date {shown!r} in column {column!r}") from None


# --------------------------------------------------------------------------- the readers

@dataclass(frozen=True)
class Reader:
    """How one input format is planned into :class:`Chunk` s and read into documents.

    ``plan(reader, root, options, partitions, max_chunk_bytes, on_error)`` gives the
    :class:`InputPlan`; ``read(chunk, on_error, skip)`` the documents and error rows of one
    chunk (both engines call it, the Dask engine once per chunk). Table formats share
    :func:`_plan_tabular` and :func:`_read_rows` and add ``plan_file`` (one file -> chunks)
    and ``rows`` (a chunk's rows as dicts of the wanted columns, problem strings or None).
    ``decodes_bytes``: the rows are bytes in ``--encoding`` (JSON Lines, CSV), not typed
    values (Parquet). ``unit`` names what a document is read from, for messages.
    """

    name: str
    label: str
    suffixes: tuple[str, ...]
    unit: str
    plan: Callable[..., InputPlan]
    read: Callable[[Chunk, str, dict[str, str]], tuple[list[RawText], list[dict]]]
    plan_file: Callable[[str, Path, str, TableOptions, int], list[Chunk]] | None = None
    rows: Callable[[Chunk, list[str]], Rows] | None = None
    decodes_bytes: bool = True

    @property
    def tabular(self) -> bool:
        """Whether documents are table rows (ids may come from a column; input files are
        listed in the manifest as files, not per document)."""
        return self.rows is not None


READERS: dict[str, Reader] = {r.name: r for r in (
    Reader("txt", "text", (".txt",), "text file", _plan_text_files, _read_text_files),
    Reader("jsonl", "JSON Lines", (".jsonl", ".ndjson"), "row", _plan_tabular, _read_rows,
           _plan_jsonl, _jsonl_rows),
    Reader("csv", "CSV", (".csv",), "row", _plan_tabular, _read_rows, _plan_csv, _csv_rows),
    Reader("parquet", "Parquet", (".parquet", ".pq"), "row", _plan_tabular, _read_rows,
           _plan_parquet, _parquet_rows, decodes_bytes=False),
)}
"""Every input format, by name (``--format``); adding a format is one entry."""

FOLDER_FORMAT = "txt"
"""The format of a folder given without ``--format``."""
