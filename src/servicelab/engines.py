"""Two engines, one implementation: the corpus build and the analyses on pandas or on Dask.

Both engines cut the input into partitions (``inputs.plan_inputs``) and call the same
functions on each partition:

* ``build_partition`` reads a partition's documents and returns the rows of every corpus
  table (``corpus.process_document``), the errors, and the MinHash signatures;
* near-duplicates: the steps of :mod:`servicelab.dedup` (LSH bucket rows per partition,
  shared buckets per (band, key) group, confirmation against a bounded number of
  representatives per bucket); ids are ``doc_id`` s, so partitioning changes nothing;
* ``analyse_partition`` runs registered analyses on the sub-corpus of one partition.

The pandas engine loops over the partitions in one process and streams each table into one
Parquet file ``OUT/<table>.parquet`` (a row group per partition: memory stays bounded). The
Dask engine runs the partitions as ``dask.bag`` tasks on a ``distributed`` cluster (a
``LocalCluster`` sized to the machine, or the scheduler given by address), groups LSH
buckets with a ``dask.dataframe`` shuffle, and writes partitioned Parquet
``OUT/<table>/part-NNNNN.parquet``; part *i* of every corpus table holds the documents of
input partition *i*. Both write the same ``manifest.json``; :func:`read_table` reads either
layout. The output folder is claimed, locked, staged and published by
:mod:`servicelab.outfolder`: the corpus and the analyses are written to a hidden staging
folder inside ``OUT`` and published together when everything succeeded, and readers refuse
tables that do not belong to the manifest's build. With Dask, ``OUT`` and the input must be
visible to every worker under the same path (one machine, or a shared file system).

An analysis' record (:data:`servicelab.analyses.REGISTRY`) says ``per_document=True`` when
its ``build_tables`` gives, for any sub-corpus of whole documents, exactly that sub-corpus's
rows of the full result; the Dask engine then runs it per partition. Other analyses run once
on the whole corpus.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import import_module
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from servicelab import analyses, dedup
from servicelab.analyses import Analysis
from servicelab.corpus import (
    COLUMNS,
    DTYPES,
    PROGRESS_MIN_FILES,
    SORT_KEYS,
    Corpus,
    make_table,
    process_document,
    raw_page_hashes,
    site_lines_for,
)
from servicelab.errors import ClusterError, CorpusInputError, OutputFolderError, sort_errors
from servicelab.inputs import (
    MAX_CHUNK_BYTES,
    Chunk,
    InputPlan,
    TableOptions,
    chunk_ids,
    plan_inputs,
    read_chunk,
    repeated_ids,
)
from servicelab.outfolder import (
    Publication,
    Stage,
    check_out,
    check_table,
    claim,
    complete_manifest,
    new_stage,
    publish,
    stamped,
    stamped_schema,
    table_files,
)
from servicelab.privacy import pseudonymise_error, pseudonymise_input, resolve_key
from servicelab.progress import StageBar
from servicelab.sitelines import DEFAULT_REPEAT, SiteLineCounter

ENGINES = ("pandas", "dask")
PART = "part-{:05d}.parquet"
PARTITIONS_PER_WORKER = 4
BUCKET_ROWS_PER_GROUP = 2_000_000  # LSH bucket rows per group-by partition (about 100 MB)
#: Largest document (bytes of one file or row) the build accepts; see README "Limits".
MAX_DOCUMENT_BYTES = 10_000_000
LARGE_DOCUMENT_BYTES = 1_000_000  # from this size a document shows its stages (progress)
CORPUS_TABLES = tuple(COLUMNS)
_SIG_META = pd.DataFrame({"doc_id": pd.Series(dtype=object), "n_chars": pd.Series(dtype="int64"),
                          "signature": pd.Series(dtype=object)})
_BUCKET_META = pd.DataFrame({"band": pd.Series(dtype="int64"), "key": pd.Series(dtype="int64"),
                             "doc_id": pd.Series(dtype=object)})
_IDS_META = pd.DataFrame({"doc_id": pd.Series(dtype=object), "path": pd.Series(dtype=object),
                          "file": pd.Series(dtype=object), "row": pd.Series(dtype="int64")})


# --------------------------------------------------------------------------- tables on disk

def arrow_schema(name: str) -> pa.Schema:
    """The fixed Parquet schema of a corpus table (equal in every partition and engine)."""
    fields = []
    for col in COLUMNS[name]:
        if col == "addressees":
            typ = pa.list_(pa.string())
        elif DTYPES.get(col) == "int64":
            typ = pa.int64()
        elif DTYPES.get(col) == "bool":
            typ = pa.bool_()
        else:
            typ = pa.string()
        fields.append(pa.field(col, typ))
    return pa.schema(fields)


def to_arrow(name: str, df: pd.DataFrame) -> pa.Table:
    """A corpus table as an Arrow table with :func:`arrow_schema` (no pandas metadata)."""
    table = pa.Table.from_pandas(df, schema=arrow_schema(name), preserve_index=False)
    return table.replace_schema_metadata(None)


def corpus_frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """A corpus table read from Parquet with the in-memory conventions of ``make_table``:
    object columns with None for missing text, lists for ``addressees``."""
    out = pd.DataFrame(index=range(len(df)))
    for col in COLUMNS[name]:
        values = df[col].reset_index(drop=True) if col in df.columns else pd.Series(
            [None] * len(df), dtype=object)
        if col in DTYPES:
            out[col] = values.astype(DTYPES[col])
        elif col == "addressees":
            out[col] = pd.Series([list(v) if v is not None else [] for v in values],
                                 dtype=object)
        else:
            values = values.astype(object)
            out[col] = values.where(values.notna(), None)
    return out


def table_parts(out: str | Path, name: str) -> list[Path]:
    """The Parquet file(s) of a table: ``[OUT/<name>.parquet]`` or ``OUT/<name>/part-*``."""
    files = table_files(Path(out), name)
    if not files:
        raise OutputFolderError(out, f"no table {name!r} (neither {name}.parquet nor "
                                f"{name}/part-*.parquet)")
    return files


def _read_files(files: list[Path], name: str) -> pd.DataFrame:
    parts = [pq.read_table(p) for p in files]
    meta = parts[0].schema.metadata
    table = pa.concat_tables([p.replace_schema_metadata(None) for p in parts],
                             promote_options="permissive").replace_schema_metadata(meta)
    df = table.to_pandas()
    return corpus_frame(name, df) if name in COLUMNS else df


def read_table(out: str | Path, name: str) -> pd.DataFrame:
    """Read a table written by either engine (``OUT/<name>.parquet`` or the partitioned
    ``OUT/<name>/part-*.parquet``, parts in order). Corpus tables come back exactly as
    ``build_corpus`` makes them (see :func:`corpus_frame`). The table is checked against
    the manifest first (:func:`servicelab.outfolder.check_table`): a table that is not
    listed, from another build, cut short, or in an interrupted build is one line of
    :class:`~servicelab.errors.OutputFolderError`, never a mix."""
    return _read_files(check_table(Path(out), name), name)


def read_corpus(out: str | Path, *, checked: bool = True) -> Corpus:
    """The corpus tables of a build output as a :class:`~servicelab.corpus.Corpus`
    (``checked=False``: of a staging folder, which has no manifest yet)."""
    if checked:
        return Corpus(**{name: read_table(out, name) for name in CORPUS_TABLES})
    return Corpus(**{name: _read_files(table_parts(out, name), name)
                     for name in CORPUS_TABLES})


def harmonise_parts(folder: Path, build_id: str) -> None:
    """Give all parts of a partitioned table one schema (a column that is all-null in one
    partition is typed like the others), so Dask, DuckDB and Spark read the folder."""
    parts = sorted(folder.glob("part-*.parquet"))
    plain = [pq.read_schema(p).remove_metadata() for p in parts]
    if not plain or all(s.equals(plain[0]) for s in plain):
        return
    unified = pa.unify_schemas(plain, promote_options="permissive")
    for path, schema in zip(parts, plain, strict=True):
        if schema.equals(unified):
            continue
        table = pq.read_table(path)
        columns = [table.column(f.name).cast(f.type) if f.name in table.column_names
                   else pa.nulls(table.num_rows, f.type) for f in unified]
        pq.write_table(pa.Table.from_arrays(columns, schema=stamped_schema(unified, build_id)),
                       path)


# ---------------------------------------------------------------- per-partition functions

@dataclass
class PartitionResult:
    """What one partition of the build yields (tables are dropped once written)."""

    index: int
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    signatures: pd.DataFrame | None = None
    errors: list[dict] = field(default_factory=list)
    inputs: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    fatal: tuple[str, str] | None = None


def too_large(raw: Any, limit: int) -> CorpusInputError | None:
    """The one-line error for a document over ``limit`` bytes (None when it is not)."""
    if raw.n_bytes <= limit:
        return None
    return CorpusInputError(raw.path, f"document of {raw.n_bytes:,} bytes is over the limit "
                            f"of {limit:,} bytes per document; split it into smaller files "
                            "(one per page or post)")


PageHashes = list[tuple[str, str, set[int]]]


def chunk_page_hashes(chunk: Chunk, key: bytes | None = None,
                      max_document_bytes: int = MAX_DOCUMENT_BYTES) -> PageHashes:
    """(path, SHA-256, line keys) of the text files of one chunk, for the repeated-line pass
    (:mod:`servicelab.sitelines`); unreadable or oversized files are left to the build,
    which reports them, and table rows are not pages of a site."""
    if chunk.format != "txt":
        return []
    raws, _ = read_chunk(chunk, "skip")
    return [(r.path, r.sha256, raw_page_hashes(r))
            for r in (pseudonymise_input(raw, key) for raw in raws)
            if too_large(r, max_document_bytes) is None]


def _has_sites(plan: InputPlan) -> bool:
    """Enough text files for a line to repeat across pages (else the pass is skipped)."""
    n = sum(len(c.paths) for c in plan.chunks if c.format == "txt")
    return n >= DEFAULT_REPEAT.min_pages


def site_repeats(parts: list[PageHashes]) -> dict[str, frozenset[int]]:
    """The repeated lines per site from the chunks' page hashes, counted in input order."""
    counter = SiteLineCounter()
    for part in parts:
        for path, sha, hashes in part:
            counter.add_hashes(path, sha, hashes)
    return counter.repeated()


def build_partition(index: int, chunk: Chunk, key: bytes | None = None,
                    on_error: str = "raise", skip: dict[str, str] | None = None,
                    progress: bool = False, max_document_bytes: int = MAX_DOCUMENT_BYTES,
                    repeated: dict[str, frozenset[int]] | None = None) -> PartitionResult:
    """Corpus tables (sorted, ``duplicate_of`` not yet set), signatures and errors of one
    partition. A bad file or row with ``on_error="raise"`` is returned as ``fatal``, as is
    a document over ``max_document_bytes``. With ``progress``, documents of at least
    ``LARGE_DOCUMENT_BYTES`` show a bar of their stages. ``repeated``: the repeated lines
    per site (:func:`site_repeats`)."""
    try:
        raws, errors = read_chunk(chunk, on_error, skip)
    except CorpusInputError as exc:
        bad = pseudonymise_error({"path": exc.path, "problem": exc.problem}, key)
        return PartitionResult(index, fatal=(bad["path"], bad["problem"]))
    raws = [pseudonymise_input(raw, key) for raw in raws]
    errors = [pseudonymise_error(e, key) for e in errors]
    rows: dict[str, list[dict]] = {name: [] for name in CORPUS_TABLES if name != "errors"}
    sigs, inputs = [], []
    for raw in raws:
        large = too_large(raw, max_document_bytes)
        if large is not None:
            if on_error == "raise":
                return PartitionResult(index, fatal=(large.path, large.problem))
            errors.append({"path": large.path, "problem": large.problem})
            continue
        bar = (StageBar(raw.path, 5 if key is not None else 4)
               if progress and raw.n_bytes >= LARGE_DOCUMENT_BYTES else None)
        try:
            doc_rows = process_document(raw, key, on_stage=bar,
                                        repeated=site_lines_for(raw, repeated or {}))
        except Exception as exc:  # a bug, not bad input: keep going only when skipping
            if bar is not None:
                bar.close()
            if on_error == "raise":
                raise
            first = (str(exc).splitlines() or [""])[0][:200]
            errors.append({"path": raw.path,
                           "problem": f"processing failed ({type(exc).__name__}: {first})"})
            continue
        for name, table_rows in rows.items():
            table_rows.extend(doc_rows[name])
        doc = doc_rows["documents"][0]
        if bar is not None:
            bar("near-duplicate signature")
        sigs.append((doc["doc_id"], doc["n_chars"], dedup.signature(doc["content"]).tobytes()))
        if bar is not None:
            bar.close()
        inputs.append({"doc_id": raw.doc_id, "path": raw.path, "sha256": raw.sha256,
                       "bytes": int(raw.n_bytes)})
    tables = {
        name: make_table(name, table_rows).sort_values(SORT_KEYS[name], kind="stable")
        .reset_index(drop=True) for name, table_rows in rows.items()
    }
    tables["errors"] = make_table("errors", sort_errors(errors))
    signatures = pd.DataFrame(sigs, columns=list(_SIG_META.columns)).astype(_SIG_META.dtypes)
    return PartitionResult(index, tables, signatures, errors, inputs,
                           {name: len(df) for name, df in tables.items()})


def with_duplicates(table: pa.Table, dup: dict[str, str]) -> pa.Table:
    """The documents table with ``duplicate_of`` filled in from ``dup``."""
    flags = pa.array([dup.get(d) for d in table.column("doc_id").to_pylist()], pa.string())
    return table.set_column(table.schema.get_field_index("duplicate_of"), "duplicate_of", flags)


def analyse_partition(corpus: Corpus, registry: dict[str, Analysis],
                      rules: Mapping[str, Any] | None = None) -> dict[str, pd.DataFrame]:
    """Run the analyses ``registry`` (name -> :class:`~servicelab.analyses.Analysis`) on a
    corpus; ``rules`` (analysis name -> rules object) are passed to each one's ``run``."""
    tables: dict[str, pd.DataFrame] = {}
    if corpus.documents.empty:
        return tables
    rules = rules or {}
    for name, analysis in registry.items():
        for table, df in analysis.run(corpus, rules.get(name)).items():
            if table in tables or table in COLUMNS:
                raise ValueError(f"analysis {name!r} writes table {table!r}, which exists")
            tables[table] = df
    return tables


# ---------------------------------------------------------------------------- the engines

@dataclass
class BuildResult:
    """What ``build`` wrote: the output folder, its layout and the row count per table."""

    out: Path
    engine: str
    tables: dict[str, int]
    partitions: int
    errors: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class DaskLimits:
    """How long the Dask engine waits before it gives up with one line (seconds)."""

    connect_timeout: float = 10.0  # to reach a scheduler given by --scheduler
    no_workers_timeout: float = 60.0  # with tasks pending and not one worker alive


def write_frame(df: pd.DataFrame, path: Path, build_id: str) -> None:
    """An analysis table as Parquet, stamped with the build id (as ``df.to_parquet``)."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(stamped(table, build_id), path)


def _raise_repeats(found: dict[str, str], on_error: str, key: bytes | None) -> dict[str, str]:
    if found and on_error == "raise":
        bad = pseudonymise_error(dict(zip(("path", "problem"), next(iter(found.items())),
                                          strict=True)), key)
        raise CorpusInputError(bad["path"], bad["problem"])
    return found


def _no_documents(source: str, plan: InputPlan, n_errors: int, errors_at: Path | None = None
                  ) -> CorpusInputError:
    what = plan.reader.unit
    where = f": see {errors_at}" if errors_at is not None and n_errors else ""
    return CorpusInputError(source, f"no readable {what} in the corpus ({n_errors} skipped"
                            f"{where})")


def _manifest_inputs(plan: InputPlan, inputs: list[dict]) -> list[dict]:
    if plan.reader.tabular:
        return plan.files
    return [{k: r[k] for k in ("path", "sha256", "bytes")}
            for r in sorted(inputs, key=lambda r: r["doc_id"])]


def _build_pandas(source: str, plan: InputPlan, out: Path, stage: Stage, key: bytes | None,
                  on_error: str, progress: bool, max_document_bytes: int = MAX_DOCUMENT_BYTES
                  ) -> tuple[BuildResult, list[dict]]:
    """The corpus tables, written into the staging folder; returns the result and the
    manifest's inputs (publishing is the caller's)."""
    build_id, stage = stage.build_id, stage.path
    skip: dict[str, str] = {}
    if plan.check_ids:
        ids = [chunk_ids(c) for c in plan.chunks]
        skip = _raise_repeats(repeated_ids(pd.concat(ids) if ids else _IDS_META), on_error, key)
    writers = {name: pq.ParquetWriter(stage / (f"{name}.parquet" if name != "documents"
                                               else "_documents.parquet"),
                                      stamped_schema(arrow_schema(name), build_id))
               for name in CORPUS_TABLES if name != "errors"}
    sigs, inputs, errors = [], [], list(plan.errors)
    counts = dict.fromkeys(CORPUS_TABLES, 0)
    repeated = (site_repeats([chunk_page_hashes(c, key, max_document_bytes)
                              for c in plan.chunks]) if _has_sites(plan) else {})
    bar = None
    if progress and (len(plan.chunks) > 1 or sum(len(c.paths) for c in plan.chunks)
                     >= PROGRESS_MIN_FILES):
        from tqdm import tqdm

        bar = tqdm(total=plan.total_bytes, desc="build", unit="B", unit_scale=True,
                   mininterval=0.5, disable=None)
    try:
        for i, chunk in enumerate(plan.chunks):
            res = build_partition(i, chunk, key, on_error, skip, progress,
                                  max_document_bytes, repeated)
            if res.fatal:
                raise CorpusInputError(*res.fatal)
            for name, df in res.tables.items():
                counts[name] += len(df)
                if name != "errors" and len(df):
                    writers[name].write_table(to_arrow(name, df))
            sigs.append(res.signatures)
            inputs += res.inputs
            errors += res.errors
            if bar is not None:
                bar.update(chunk.n_bytes)
    finally:
        for w in writers.values():
            w.close()
        if bar is not None:
            bar.close()
    if counts["documents"] == 0 and not errors:
        raise _no_documents(source, plan, 0)
    dup = dedup.find_duplicates(pd.concat(sigs, ignore_index=True)) if counts["documents"] else {}
    staged = pq.ParquetFile(stage / "_documents.parquet")
    with pq.ParquetWriter(stage / "documents.parquet",
                          stamped_schema(arrow_schema("documents"), build_id)) as writer:
        for g in range(staged.num_row_groups):
            writer.write_table(with_duplicates(staged.read_row_group(g), dup))
    (stage / "_documents.parquet").unlink()
    errors = sort_errors(errors)
    pq.write_table(stamped(to_arrow("errors", make_table("errors", errors)), build_id),
                   stage / "errors.parquet")
    counts["errors"] = len(errors)
    return (BuildResult(out, "pandas", counts, len(plan.chunks), errors),
            _manifest_inputs(plan, inputs))


def _build_and_write(item: tuple[int, Chunk], stage: str, key: bytes | None, on_error: str,
                     skip: dict[str, str], build_id: str,
                     max_document_bytes: int = MAX_DOCUMENT_BYTES,
                     repeated: dict[str, frozenset[int]] | None = None) -> PartitionResult:
    """Dask task: build one partition and write its tables as part files."""
    index, chunk = item
    res = build_partition(index, chunk, key, on_error, skip,
                          max_document_bytes=max_document_bytes, repeated=repeated)
    if res.fatal:
        return res
    for name, df in res.tables.items():
        if name == "errors":
            continue
        folder = Path(stage) / (name if name != "documents" else "_documents")
        folder.mkdir(exist_ok=True)
        pq.write_table(stamped(to_arrow(name, df), build_id), folder / PART.format(index))
    res.tables = {}
    return res


def _finalize_documents(index: int, stage: str, dup: dict[str, str]) -> int:
    """Dask task: set ``duplicate_of`` in one documents part."""
    src = Path(stage) / "_documents" / PART.format(index)
    folder = Path(stage) / "documents"
    folder.mkdir(exist_ok=True)
    pq.write_table(with_duplicates(pq.read_table(src), dup), folder / PART.format(index))
    src.unlink()
    return index


def _only_summary(parts: list[PartitionResult]) -> PartitionResult:
    return replace(parts[0], signatures=None)


def _only_signatures(parts: list[PartitionResult]) -> pd.DataFrame:
    return parts[0].signatures


def _show_progress(futures: Any, progress: bool, client: Any = None,
                   limits: DaskLimits | None = None) -> None:
    """Wait for ``futures`` (a bar of finished tasks when ``progress``); one line instead of
    waiting forever when the cluster has had no worker for ``limits.no_workers_timeout`` s."""
    from distributed import wait

    limits = limits or DaskLimits()
    futures = list(futures)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(futures), desc="tasks", unit="task", mininterval=0.5,
                   disable=None)
    since = None
    try:
        while True:
            try:
                wait(futures, timeout=1.0)
                return
            except TimeoutError:
                pass
            finally:
                if bar is not None:
                    bar.update(sum(f.done() for f in futures) - bar.n)
            if client is None or client.scheduler_info(n_workers=-1).get("workers"):
                since = None
                continue
            since = since or time.monotonic()
            if time.monotonic() - since >= limits.no_workers_timeout:
                client.cancel(futures)
                raise ClusterError(client.scheduler.address,
                                   f"no Dask worker for {limits.no_workers_timeout:g} s "
                                   "with tasks pending (workers lost or never started); "
                                   "stopped")
    finally:
        if bar is not None:
            bar.close()


def _dask_duplicates(sigs: Any) -> dict[str, str]:
    """Near-duplicates from a Dask dataframe of signatures: LSH buckets grouped by a shuffle
    on (band, key), shared buckets kept per shuffled partition, then confirmed on the
    client with the signatures of their members only."""
    buckets = sigs.map_partitions(dedup.bucket_rows, meta=_BUCKET_META).persist()
    n_rows = int(buckets.map_partitions(len).sum().compute())
    groups = max(1, -(-n_rows // BUCKET_ROWS_PER_GROUP))  # grows linearly with documents
    shared = (buckets.shuffle(on=["band", "key"], npartitions=groups, shuffle_method="tasks")
              .map_partitions(dedup.shared_buckets, meta=_BUCKET_META).compute())
    if shared.empty:
        return {}
    sub = sigs[sigs["doc_id"].isin(sorted(set(shared["doc_id"])))].compute()
    return dedup.duplicate_map(dedup.confirm_buckets(shared, sub),
                               dict(zip(sub["doc_id"], sub["n_chars"], strict=True)))


def _build_dask(source: str, plan: InputPlan, out: Path, stage: Stage, client: Any,
                key: bytes | None, on_error: str, progress: bool,
                limits: DaskLimits | None = None,
                max_document_bytes: int = MAX_DOCUMENT_BYTES) -> tuple[BuildResult, list[dict]]:
    """As :func:`_build_pandas`, on a Dask cluster (partitioned tables)."""
    build_id, stage = stage.build_id, stage.path
    import dask
    import dask.bag as db
    import dask.dataframe as dd

    skip: dict[str, str] = {}
    if plan.check_ids:
        ids = dd.from_map(chunk_ids, plan.chunks, meta=_IDS_META)
        counts_by_id = ids["doc_id"].value_counts()
        repeated = counts_by_id[counts_by_id > 1].index.compute().tolist()
        if repeated:
            sub = ids[ids["doc_id"].isin(repeated)].compute()
            skip = _raise_repeats(repeated_ids(sub), on_error, key)
    repeated: dict[str, frozenset[int]] = {}
    if _has_sites(plan):
        count = functools.partial(chunk_page_hashes, key=key,
                                  max_document_bytes=max_document_bytes)
        repeated = site_repeats(client.gather(client.map(count, plan.chunks)))
    bag = db.from_sequence(list(enumerate(plan.chunks)), partition_size=1)
    results = bag.map(_build_and_write, stage=str(stage), key=key,
                      on_error=on_error, skip=dask.delayed(skip), build_id=build_id,
                      max_document_bytes=max_document_bytes,
                      repeated=dask.delayed(repeated))
    futures = client.compute(results.to_delayed())
    _show_progress(futures, progress, client, limits)
    summaries = client.gather(client.map(_only_summary, futures))
    fatal = [s for s in summaries if s.fatal]
    if fatal:
        client.cancel(futures)
        raise CorpusInputError(*min(fatal, key=lambda s: s.index).fatal)
    counts = dict.fromkeys(CORPUS_TABLES, 0)
    errors, inputs = list(plan.errors), []
    for s in summaries:
        for name, n in s.counts.items():
            counts[name] += n
        errors += s.errors
        inputs += s.inputs
    if counts["documents"] == 0 and not errors:
        client.cancel(futures)
        raise _no_documents(source, plan, 0)
    dup: dict[str, str] = {}
    if counts["documents"]:
        sigs = dd.from_delayed(client.map(_only_signatures, futures), meta=_SIG_META,
                               verify_meta=False)
        dup = _dask_duplicates(sigs)
    client.cancel(futures)
    final = db.from_sequence(range(len(plan.chunks)), partition_size=1).map(
        _finalize_documents, stage=str(stage), dup=dask.delayed(dup))
    done = client.compute(final.to_delayed())
    _show_progress(done, False, client, limits)
    client.gather(done)  # a task that failed raises here
    errors = sort_errors(errors)
    (stage / "errors").mkdir()
    pq.write_table(stamped(to_arrow("errors", make_table("errors", errors)), build_id),
                   stage / "errors" / PART.format(0))
    counts["errors"] = len(errors)
    (stage / "_documents").rmdir()
    return (BuildResult(out, "dask", counts, len(plan.chunks), errors),
            _manifest_inputs(plan, inputs))


@contextmanager
def dask_client(client: Any = None, scheduler: str | None = None, n_workers: int | None = None,
                progress: bool = False, limits: DaskLimits | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: the one given, one connected to ``scheduler``
    (``tcp://HOST:PORT``, one line if it does not answer within ``limits.connect_timeout``
    seconds), or a ``LocalCluster`` of ``n_workers`` single-threaded worker processes
    (default: one per core). Prints workers and dashboard when ``progress``."""
    if client is not None:
        yield client
        return
    import dask
    from distributed import Client, LocalCluster

    cluster = None
    with dask.config.set({"dataframe.convert-string": False}):
        if scheduler:
            wait_s = (limits or DaskLimits()).connect_timeout
            try:
                own = Client(scheduler, timeout=wait_s)
            except (OSError, TimeoutError, ValueError) as exc:
                first = (str(exc).splitlines() or [""])[0][:120]
                raise ClusterError(scheduler, f"cannot reach the Dask scheduler within "
                                   f"{wait_s:g} s ({type(exc).__name__}: {first})") from None
        else:
            with warnings.catch_warnings():  # "port 8787 in use": the link printed is right
                warnings.filterwarnings("ignore", message="Port .* is already in use")
                cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1,
                                       threads_per_worker=1, processes=True,
                                       silence_logs=logging.ERROR)
            own = Client(cluster)
        try:
            if progress:
                n = len(own.scheduler_info(n_workers=-1)["workers"])
                where = scheduler or "LocalCluster"
                print(f"dask: {n} worker(s) at {where}; dashboard {own.dashboard_link}",
                      flush=True)
            yield own
        finally:
            own.close()
            if cluster is not None:
                cluster.close()


def _worker_threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))


def build(
    source: str | Path,
    out: str | Path,
    *,
    engine: str = "pandas",
    fmt: str | None = None,
    options: TableOptions | None = None,
    pseudonymise: bool = True,
    on_error: str = "raise",
    analyses: bool | list[str] = False,
    client: Any = None,
    scheduler: str | None = None,
    n_workers: int | None = None,
    progress: bool = False,
    max_chunk_bytes: int = MAX_CHUNK_BYTES,
    limits: DaskLimits | None = None,
    rules: Mapping[str, Any] | None = None,
    max_document_bytes: int = MAX_DOCUMENT_BYTES,
) -> BuildResult:
    """Build the corpus tables of ``source`` into ``out`` with the pandas or Dask engine.

    ``source`` is a folder of ``.txt`` files (or one), or JSON Lines / CSV / Parquet input
    (``fmt`` and ``options``, see :mod:`servicelab.inputs`). ``analyses=True`` (or a list of
    names) also runs the registered analyses with the same engine (as :func:`analyse`),
    with ``rules`` (analysis name -> rules object, e.g. ``{"blame": BlameRules.load(...)}``).

    ``out`` must be new, empty or servicelab's, and apart from the input
    (:func:`servicelab.outfolder.check_out`); the input is checked before ``out`` is
    touched. Corpus and analysis tables are staged and published together, replacing every
    table of the previous build (``--corpus-only`` leaves no old analysis table behind).
    A document over ``max_document_bytes`` is a bad input (one line, or an ``errors`` row).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if on_error not in ("raise", "skip"):
        raise ValueError("on_error must be 'raise' or 'skip'")
    out = Path(out)
    registry = _registry(None if analyses is True else list(analyses)) if analyses else {}
    check_out(out, [source])
    _check_rules(rules, registry)
    key = resolve_key(source) if pseudonymise else None  # resolved once, shipped to workers

    def run(partitions: int, cl: Any = None, plan: InputPlan | None = None) -> BuildResult:
        if plan is None:
            plan = plan_inputs(source, fmt, options, partitions, max_chunk_bytes, on_error)
        with claim(out, [source], "servicelab build"):
            stage = new_stage(out)
            try:
                if cl is None:
                    result, inputs = _build_pandas(str(source), plan, out, stage,
                                                   key, on_error, progress,
                                                   max_document_bytes)
                else:
                    with cl.as_current():  # dask collections compute on this client
                        result, inputs = _build_dask(str(source), plan, out, stage, cl,
                                                     key, on_error, progress,
                                                     limits, max_document_bytes)
                if registry and result.tables["documents"]:
                    result.tables.update(_analyse_into(
                        stage.path, stage, registry, engine, cl, progress, limits,
                        rules=rules))
                publish(out, stage, Publication(dict(result.tables), inputs))
            finally:
                shutil.rmtree(stage.path, ignore_errors=True)
        if result.tables["documents"] == 0:  # every file or row was bad: errors are written
            raise _no_documents(str(source), plan, result.tables["errors"],
                                out / ("errors.parquet" if engine == "pandas" else "errors"))
        return result

    if engine == "pandas":
        return run(1)
    plan = None
    if scheduler is None and client is None:  # check the input before starting workers
        local = n_workers or os.cpu_count() or 1
        plan = plan_inputs(source, fmt, options, PARTITIONS_PER_WORKER * local,
                           max_chunk_bytes, on_error)
    import dask
    from distributed.scheduler import KilledWorker

    try:
        with dask_client(client, scheduler, n_workers, progress, limits) as cl, \
                dask.config.set({"dataframe.convert-string": False}):
            return run(PARTITIONS_PER_WORKER * _worker_threads(cl), cl, plan)
    except KilledWorker as exc:
        raise _killed(exc, scheduler) from None


def _killed(exc: Exception, scheduler: str | None) -> ClusterError:
    first = (str(exc).splitlines() or [""])[0][:160]
    return ClusterError(scheduler or "LocalCluster", f"Dask workers died running a task "
                        f"(out of memory?): {first}")


def _check_rules(rules: Mapping[str, Any] | None, registry: dict[str, Analysis]) -> None:
    """Rules may only be given for analyses that run (a typo would be ignored in silence)."""
    unknown_rules = sorted(set(rules or {}) - set(registry))
    if unknown_rules:
        raise ValueError(f"rules given for {unknown_rules[0]!r}, which is not run (running: "
                         f"{', '.join(registry) or 'none'})")


def _registry(names: list[str] | None) -> dict[str, Analysis]:
    """name -> record of the registered analyses (all, or ``names``)."""
    unknown = sorted(set(names or []) - set(analyses.ANALYSES))
    if unknown:
        raise ValueError(f"unknown analysis {unknown[0]!r} (registered: "
                         f"{', '.join(analyses.ANALYSES) or 'none'})")
    return {n: analyses.ANALYSES[n] for n in (names or analyses.ANALYSES)}


# ------------------------------------------------------------------------------- analyses

def partition_specs(out: Path) -> list[tuple[str, Any]]:
    """The document partitions of a build: part files, or row groups of documents.parquet."""
    folder = out / "documents"
    if folder.is_dir():
        return [("part", p.name) for p in sorted(folder.glob("part-*.parquet"))]
    meta = pq.ParquetFile(out / "documents.parquet").metadata
    return [("rows", g) for g in range(meta.num_row_groups)]


def load_partition(out: str | Path, spec: tuple[str, Any]) -> Corpus:
    """The sub-corpus of one partition (whole documents, rows of every corpus table)."""
    out = Path(out)
    kind, key = spec
    tables: dict[str, pd.DataFrame] = {}
    if kind == "part":
        for name in CORPUS_TABLES:
            path = out / name / key
            df = pq.read_table(path).to_pandas() if path.exists() else pd.DataFrame(
                columns=COLUMNS[name])
            tables[name] = corpus_frame(name, df)
    else:
        docs = pq.ParquetFile(out / "documents.parquet").read_row_group(key).to_pandas()
        ids = docs["doc_id"].tolist()
        tables["documents"] = corpus_frame("documents", docs)
        for name in CORPUS_TABLES:
            if name in ("documents", "errors"):
                continue
            df = pq.read_table(out / f"{name}.parquet", filters=[("doc_id", "in", ids)])
            tables[name] = corpus_frame(name, df.to_pandas())
    tables["errors"] = make_table("errors", [])
    return Corpus(**tables)


def uses_model(module_path: str, model_module: str) -> bool:
    """Whether an analysis module uses a trained model's module (it imports the module or
    something defined in it, e.g. :mod:`servicelab.sentiment_model`,
    :class:`servicelab.stance_model.StanceModel`, or names it in ``USES_MODELS``: the blame
    rules import their sentence model at call time, since it imports them)."""
    module = import_module(module_path)
    if model_module in getattr(module, "USES_MODELS", ()):  # imported at call time there
        return True
    return any(v is import_module(model_module)
               or getattr(v, "__module__", None) == model_module
               for v in vars(module).values())


@dataclass(frozen=True)
class Trained:
    """What the client trains or tunes once and ships to every Dask worker: the sentiment
    model and the lexicon thresholds of the shipped rules, the stance fallback model, the
    blame sentence model and the learned main-vendor chooser (one object, so that
    ``scatter`` sends it whole; ``None`` where no analysis needs it)."""

    model: Any = None
    thresholds: dict[str, float] | None = None
    stance: Any = None
    blame: Any = None
    vendor: Any = None


def trained_for(registry: Mapping[str, Analysis],
                rules: Mapping[str, Any] | None = None) -> Trained | None:
    """Train (or read from the cache) once, here, the models the analyses in ``registry``
    use, so that no worker trains them again (``rules``: the analyses' rules objects; blame
    rules that keep the rules alone need no model)."""
    modules = [a.module for a in registry.values()]
    trained = Trained()
    if any(uses_model(m, "servicelab.sentiment_model") for m in modules):
        from servicelab import sentiment, sentiment_model

        # the default model's arrays where it has them: a worker then scores without
        # importing scikit-learn (sentiment scores with the default model's weights)
        weights = sentiment_model.default_weights()
        trained = replace(trained, model=weights if weights is not None
                          else sentiment_model.default_model(),
                          thresholds=sentiment.thresholds())
    if any(uses_model(m, "servicelab.stance_model") for m in modules):
        from servicelab.stance_model import StanceModel

        trained = replace(trained, stance=StanceModel.default())
    blame_rules = [r for name, r in (rules or {}).items()
                   if name in registry and uses_model(registry[name].module,
                                                      "servicelab.blame_model")]
    if any(uses_model(m, "servicelab.blame_model") for m in modules) and not (
            blame_rules and all(getattr(r, "model_combine", None) == "rules"
                                for r in blame_rules)):
        from servicelab import blame_model

        trained = replace(trained, blame=blame_model.default_model())
    if any(uses_model(m, "servicelab.vendor_choice") for m in modules):
        from servicelab import main_vendor_model

        trained = replace(trained, vendor=main_vendor_model.default_model())
    return None if trained == Trained() else trained


def _receive_model(model: Trained | None) -> None:
    """In a Dask task: use the models the client trained and the thresholds it tuned instead
    of training and tuning them here."""
    if model is None:
        return
    if model.model is not None:
        from servicelab import sentiment, sentiment_model

        sentiment_model.use_default_model(model.model)
        sentiment.use_default_thresholds(model.thresholds)
    if model.stance is not None:
        from servicelab import stance_model

        stance_model.use_default_model(model.stance)
    if model.blame is not None:
        from servicelab import blame_model

        blame_model.use_default_model(model.blame)
    if model.vendor is not None:
        from servicelab import main_vendor_model

        main_vendor_model.use_default_model(model.vendor)


def _analyse_part_and_write(item: tuple[int, tuple[str, Any]], out: str, stage: str,
                            registry: dict[str, Analysis], build_id: str,
                            rules: Mapping[str, Any] | None = None, model: Any = None
                            ) -> dict[str, int]:
    """Dask task: per-document analyses of one partition, written as part files."""
    _receive_model(model)
    index, spec = item
    tables = analyse_partition(load_partition(out, spec), registry, rules)
    for name, df in tables.items():
        (Path(stage) / name).mkdir(exist_ok=True)
        write_frame(df, Path(stage) / name / PART.format(index), build_id)
    return {name: len(df) for name, df in tables.items()}


def _analyse_whole_and_write(out: str, stage: str, registry: dict[str, Analysis], build_id: str,
                             rules: Mapping[str, Any] | None = None, model: Any = None
                             ) -> list[dict[str, int]]:
    """Dask task: corpus-wide analyses, run once on the whole corpus (part 0)."""
    _receive_model(model)
    tables = analyse_partition(read_corpus(out, checked=False), registry, rules)
    for name, df in tables.items():
        (Path(stage) / name).mkdir(exist_ok=True)
        write_frame(df, Path(stage) / name / PART.format(0), build_id)
    return [{name: len(df) for name, df in tables.items()}]


def analyse(
    out: str | Path,
    *,
    engine: str = "pandas",
    names: list[str] | None = None,
    registry: dict[str, Analysis] | None = None,
    client: Any = None,
    scheduler: str | None = None,
    n_workers: int | None = None,
    progress: bool = False,
    limits: DaskLimits | None = None,
    rules: Mapping[str, Any] | None = None,
) -> dict[str, int]:
    """Run the registered analyses on the tables built in ``out`` and write their tables the
    way ``engine`` writes (pandas: ``OUT/<t>.parquet``; dask: ``OUT/<t>/part-*.parquet``);
    adds their row counts to ``manifest.json`` and returns them.

    ``out`` must hold a complete build (one line otherwise); it is locked while the
    analyses run and their tables are published in one step with the build's id.
    ``registry`` (name -> :class:`~servicelab.analyses.Analysis`) defaults to
    ``analyses.ANALYSES`` (all, or ``names``).
    ``rules`` maps an analysis name to the rules object its ``build_tables`` takes (the
    shipped rules where absent).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if registry is None:
        registry = _registry(names)
    _check_rules(rules, registry)
    out = Path(out)
    if not out.is_dir():
        raise OutputFolderError(out, "no such folder (run `servicelab build` first)")
    with claim(out, (), "servicelab analyse"):
        man = complete_manifest(out)
        for name in CORPUS_TABLES:
            check_table(out, name)
        if not registry:
            return {}
        stage = new_stage(out, man["build_id"])
        try:
            counts = _analyse_into(out, stage, registry, engine, client, progress, limits,
                                   scheduler, n_workers, rules)
            publish(out, stage, Publication(counts, replace_all=False))
        finally:
            shutil.rmtree(stage.path, ignore_errors=True)
    return counts


def _analyse_into(src: Path, stage: Stage, registry: dict[str, Analysis], engine: str,
                  client: Any = None, progress: bool = False, limits: DaskLimits | None = None,
                  scheduler: str | None = None, n_workers: int | None = None,
                  rules: Mapping[str, Any] | None = None) -> dict[str, int]:
    """Run ``registry`` on the corpus tables in ``src`` (an output or a staging folder);
    write their tables into ``stage`` (not yet published) and return the row counts."""
    if engine == "pandas":
        tables = analyse_partition(read_corpus(src, checked=False), registry, rules)
        for name, df in tables.items():
            write_frame(df, stage.path / f"{name}.parquet", stage.build_id)
        return {name: len(df) for name, df in tables.items()}
    from distributed.scheduler import KilledWorker

    try:
        return _analyse_dask(src, stage, registry, client, scheduler, n_workers, progress,
                             limits, rules)
    except KilledWorker as exc:
        raise _killed(exc, scheduler) from None


def _analyse_dask(src: Path, stage: Stage, registry: dict[str, Analysis], client: Any,
                  scheduler: str | None, n_workers: int | None, progress: bool,
                  limits: DaskLimits | None, rules: Mapping[str, Any] | None = None
                  ) -> dict[str, int]:
    import dask
    import dask.bag as db

    per_doc = {n: a for n, a in registry.items() if a.per_document}
    whole = {n: m for n, m in registry.items() if n not in per_doc}
    with dask_client(client, scheduler, n_workers, progress, limits) as cl, cl.as_current():
        # trained and tuned (or read) once here and sent to every worker, not by each
        trained = trained_for(registry, rules)
        model = cl.scatter(trained, broadcast=True) if trained is not None else None
        tasks = []
        if per_doc:
            specs = list(enumerate(partition_specs(src)))
            bag = db.from_sequence(specs, partition_size=1).map(
                _analyse_part_and_write, out=str(src.absolute()), stage=str(stage.path),
                registry=per_doc, build_id=stage.build_id,
                rules=dask.delayed(dict(rules or {})), model=model)
            tasks += bag.to_delayed()
        if whole:
            tasks.append(dask.delayed(_analyse_whole_and_write)(
                str(src.absolute()), str(stage.path), whole, stage.build_id,
                dict(rules or {}), model))
        futures = cl.compute(tasks)
        _show_progress(futures, progress, cl, limits)
        results = cl.gather(futures)
    counts: dict[str, int] = {}
    for part in results:
        for c in part:
            for name, n in c.items():
                counts[name] = counts.get(name, 0) + n
    for name in counts:
        harmonise_parts(stage.path / name, stage.build_id)
    return counts
