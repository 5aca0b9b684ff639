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
layout. Tables are first written to a hidden staging folder inside ``OUT`` and moved into
place when everything succeeded. With Dask, ``OUT`` and the input must be visible to every
worker under the same path (one machine, or a shared file system).

An analysis module (``analyses.ANALYSES``) may declare ``PER_DOCUMENT = True`` when its
``build_tables`` gives, for any sub-corpus of whole documents, exactly that sub-corpus's rows
of the full result; the Dask engine then runs it per partition. Other analyses run once on
the whole corpus.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import import_module
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from servicelab import __version__, dedup
from servicelab.corpus import (
    COLUMNS,
    DTYPES,
    PROGRESS_MIN_FILES,
    SORT_KEYS,
    Corpus,
    make_table,
    process_document,
)
from servicelab.errors import CorpusInputError
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
from servicelab.progress import StageBar

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
    out = Path(out)
    single = out / f"{name}.parquet"
    if single.is_file():
        return [single]
    folder = out / name
    if folder.is_dir():
        return sorted(folder.glob("part-*.parquet"))
    raise FileNotFoundError(f"{out}: no table {name!r} (neither {name}.parquet nor "
                            f"{name}/part-*.parquet)")


def read_table(out: str | Path, name: str) -> pd.DataFrame:
    """Read a table written by either engine (``OUT/<name>.parquet`` or the partitioned
    ``OUT/<name>/part-*.parquet``, parts in order). Corpus tables come back exactly as
    ``build_corpus`` makes them (see :func:`corpus_frame`)."""
    parts = [pq.read_table(p) for p in table_parts(out, name)]
    if not parts:
        raise FileNotFoundError(f"{out}: table {name!r} has no parts")
    meta = parts[0].schema.metadata
    table = pa.concat_tables([p.replace_schema_metadata(None) for p in parts],
                             promote_options="permissive").replace_schema_metadata(meta)
    df = table.to_pandas()
    return corpus_frame(name, df) if name in COLUMNS else df


def read_corpus(out: str | Path) -> Corpus:
    """The corpus tables of a build output as a :class:`~servicelab.corpus.Corpus`."""
    return Corpus(**{name: read_table(out, name) for name in CORPUS_TABLES})


def harmonise_parts(folder: Path) -> None:
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
        pq.write_table(pa.Table.from_arrays(columns, schema=unified), path)


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


def build_partition(index: int, chunk: Chunk, pseudonymise: bool = True,
                    on_error: str = "raise", skip: dict[str, str] | None = None,
                    progress: bool = False, max_document_bytes: int = MAX_DOCUMENT_BYTES
                    ) -> PartitionResult:
    """Corpus tables (sorted, ``duplicate_of`` not yet set), signatures and errors of one
    partition. A bad file or row with ``on_error="raise"`` is returned as ``fatal``, as is
    a document over ``max_document_bytes``. With ``progress``, documents of at least
    ``LARGE_DOCUMENT_BYTES`` show a bar of their stages."""
    try:
        raws, errors = read_chunk(chunk, on_error, skip)
    except CorpusInputError as exc:
        return PartitionResult(index, fatal=(exc.path, exc.problem))
    rows: dict[str, list[dict]] = {name: [] for name in CORPUS_TABLES if name != "errors"}
    sigs, inputs = [], []
    for raw in raws:
        large = too_large(raw, max_document_bytes)
        if large is not None:
            if on_error == "raise":
                return PartitionResult(index, fatal=(large.path, large.problem))
            errors.append({"path": large.path, "problem": large.problem})
            continue
        bar = (StageBar(raw.path, 5 if pseudonymise else 4)
               if progress and raw.n_bytes >= LARGE_DOCUMENT_BYTES else None)
        try:
            doc_rows = process_document(raw, pseudonymise, on_stage=bar)
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
    tables["errors"] = make_table("errors", sorted(errors, key=lambda r: r["path"]))
    signatures = pd.DataFrame(sigs, columns=list(_SIG_META.columns)).astype(_SIG_META.dtypes)
    return PartitionResult(index, tables, signatures, errors, inputs,
                           {name: len(df) for name, df in tables.items()})


def with_duplicates(table: pa.Table, dup: dict[str, str]) -> pa.Table:
    """The documents table with ``duplicate_of`` filled in from ``dup``."""
    flags = pa.array([dup.get(d) for d in table.column("doc_id").to_pylist()], pa.string())
    return table.set_column(table.schema.get_field_index("duplicate_of"), "duplicate_of", flags)


def analyse_partition(corpus: Corpus, registry: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Run the analyses ``registry`` (name -> module with ``build_tables``) on a corpus."""
    tables: dict[str, pd.DataFrame] = {}
    if corpus.documents.empty:
        return tables
    for name, module_path in registry.items():
        for table, df in import_module(module_path).build_tables(corpus).items():
            if table in tables or table in COLUMNS:
                raise ValueError(f"analysis {name!r} writes table {table!r}, which exists")
            tables[table] = df
    return tables


def is_per_document(module_path: str) -> bool:
    """Whether an analysis module declares ``PER_DOCUMENT = True``."""
    return bool(getattr(import_module(module_path), "PER_DOCUMENT", False))


# ---------------------------------------------------------------------------- the engines

@dataclass
class BuildResult:
    """What ``build`` wrote: the output folder, its layout and the row count per table."""

    out: Path
    engine: str
    tables: dict[str, int]
    partitions: int
    errors: list[dict] = field(default_factory=list)


def _staging(out: Path) -> Path:
    stage = (out / f".staging-{uuid.uuid4().hex[:12]}").absolute()
    stage.mkdir(parents=True)
    return stage


def _publish(stage: Path, out: Path, names: list[str], partitioned: bool) -> None:
    """Move tables from the staging folder into ``out``, replacing either old layout."""
    for name in names:
        old_file, old_dir = out / f"{name}.parquet", out / name
        if old_file.exists():
            old_file.unlink()
        if old_dir.is_dir():
            shutil.rmtree(old_dir)
        src = stage / name if partitioned else stage / f"{name}.parquet"
        src.rename(old_dir if partitioned else old_file)
    shutil.rmtree(stage, ignore_errors=True)


def write_manifest(out: Path, inputs: list[dict] | None, tables: dict[str, int]) -> dict:
    """Write ``manifest.json`` (inputs, version, row counts); ``inputs=None`` keeps the old
    inputs and adds ``tables`` to the old counts (used by ``analyse``)."""
    path = out / "manifest.json"
    if inputs is None:
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        inputs = old.get("inputs", [])
        tables = {**old.get("tables", {}), **tables}
    man = {"servicelab_version": __version__, "inputs": inputs,
           "tables": {k: int(v) for k, v in sorted(tables.items())}}
    path.write_text(json.dumps(man, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return man


def _raise_repeats(found: dict[str, str], on_error: str) -> dict[str, str]:
    if found and on_error == "raise":
        path, problem = next(iter(found.items()))
        raise CorpusInputError(path, problem)
    return found


def _no_documents(source: str, plan: InputPlan, n_errors: int) -> CorpusInputError:
    what = "text file" if plan.format == "txt" else "row"
    return CorpusInputError(source, f"no readable {what} in the corpus ({n_errors} skipped)")


def _manifest_inputs(plan: InputPlan, inputs: list[dict]) -> list[dict]:
    if plan.format != "txt":
        return plan.files
    return [{k: r[k] for k in ("path", "sha256", "bytes")}
            for r in sorted(inputs, key=lambda r: r["doc_id"])]


def _build_pandas(source: str, plan: InputPlan, out: Path, stage: Path, pseudonymise: bool,
                  on_error: str, progress: bool, max_document_bytes: int = MAX_DOCUMENT_BYTES
                  ) -> BuildResult:
    skip: dict[str, str] = {}
    if plan.check_ids:
        ids = [chunk_ids(c) for c in plan.chunks]
        skip = _raise_repeats(repeated_ids(pd.concat(ids) if ids else _IDS_META), on_error)
    writers = {name: pq.ParquetWriter(stage / (f"{name}.parquet" if name != "documents"
                                               else "_documents.parquet"), arrow_schema(name))
               for name in CORPUS_TABLES if name != "errors"}
    sigs, inputs, errors = [], [], list(plan.errors)
    counts = dict.fromkeys(CORPUS_TABLES, 0)
    bar = None
    if progress and (len(plan.chunks) > 1 or sum(len(c.paths) for c in plan.chunks)
                     >= PROGRESS_MIN_FILES):
        from tqdm import tqdm

        bar = tqdm(total=plan.total_bytes, desc="build", unit="B", unit_scale=True,
                   mininterval=0.5, disable=None)
    try:
        for i, chunk in enumerate(plan.chunks):
            res = build_partition(i, chunk, pseudonymise, on_error, skip, progress,
                                  max_document_bytes)
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
    if counts["documents"] == 0:
        raise _no_documents(source, plan, len(errors))
    dup = dedup.find_duplicates(pd.concat(sigs, ignore_index=True))
    staged = pq.ParquetFile(stage / "_documents.parquet")
    with pq.ParquetWriter(stage / "documents.parquet", arrow_schema("documents")) as writer:
        for g in range(staged.num_row_groups):
            writer.write_table(with_duplicates(staged.read_row_group(g), dup))
    (stage / "_documents.parquet").unlink()
    errors = sorted(errors, key=lambda r: r["path"])
    pq.write_table(to_arrow("errors", make_table("errors", errors)), stage / "errors.parquet")
    counts["errors"] = len(errors)
    _publish(stage, out, list(CORPUS_TABLES), partitioned=False)
    write_manifest(out, _manifest_inputs(plan, inputs), counts)
    return BuildResult(out, "pandas", counts, len(plan.chunks), errors)


def _build_and_write(item: tuple[int, Chunk], stage: str, pseudonymise: bool, on_error: str,
                     skip: dict[str, str], max_document_bytes: int = MAX_DOCUMENT_BYTES
                     ) -> PartitionResult:
    """Dask task: build one partition and write its tables as part files."""
    index, chunk = item
    res = build_partition(index, chunk, pseudonymise, on_error, skip,
                          max_document_bytes=max_document_bytes)
    if res.fatal:
        return res
    for name, df in res.tables.items():
        if name == "errors":
            continue
        folder = Path(stage) / (name if name != "documents" else "_documents")
        folder.mkdir(exist_ok=True)
        pq.write_table(to_arrow(name, df), folder / PART.format(index))
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


def _show_progress(futures: Any, progress: bool) -> None:
    from distributed import progress as dask_progress
    from distributed import wait

    if progress:
        dask_progress(futures, notebook=False)
        print(flush=True)
    wait(futures)


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


def _build_dask(source: str, plan: InputPlan, out: Path, stage: Path, client: Any,
                pseudonymise: bool, on_error: str, progress: bool,
                max_document_bytes: int = MAX_DOCUMENT_BYTES) -> BuildResult:
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
            skip = _raise_repeats(repeated_ids(sub), on_error)
    bag = db.from_sequence(list(enumerate(plan.chunks)), partition_size=1)
    results = bag.map(_build_and_write, stage=str(stage), pseudonymise=pseudonymise,
                      max_document_bytes=max_document_bytes,
                      on_error=on_error, skip=dask.delayed(skip))
    futures = client.compute(results.to_delayed())
    _show_progress(futures, progress)
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
    if counts["documents"] == 0:
        client.cancel(futures)
        raise _no_documents(source, plan, len(errors))
    sigs = dd.from_delayed(client.map(_only_signatures, futures), meta=_SIG_META,
                           verify_meta=False)
    dup = _dask_duplicates(sigs)
    client.cancel(futures)
    final = db.from_sequence(range(len(plan.chunks)), partition_size=1).map(
        _finalize_documents, stage=str(stage), dup=dask.delayed(dup))
    done = client.compute(final.to_delayed())
    _show_progress(done, False)
    errors = sorted(errors, key=lambda r: r["path"])
    (stage / "errors").mkdir()
    pq.write_table(to_arrow("errors", make_table("errors", errors)),
                   stage / "errors" / PART.format(0))
    counts["errors"] = len(errors)
    (stage / "_documents").rmdir()
    _publish(stage, out, list(CORPUS_TABLES), partitioned=True)
    write_manifest(out, _manifest_inputs(plan, inputs), counts)
    return BuildResult(out, "dask", counts, len(plan.chunks), errors)


@contextmanager
def dask_client(client: Any = None, scheduler: str | None = None, n_workers: int | None = None,
                progress: bool = False) -> Iterator[Any]:
    """A ``distributed.Client``: the one given, one connected to ``scheduler``
    (``tcp://HOST:PORT``), or a ``LocalCluster`` of ``n_workers`` single-threaded worker
    processes (default: one per core). Prints workers and dashboard when ``progress``."""
    if client is not None:
        yield client
        return
    import dask
    from distributed import Client, LocalCluster

    cluster = None
    with dask.config.set({"dataframe.convert-string": False}):
        if scheduler:
            own = Client(scheduler)
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
    max_document_bytes: int = MAX_DOCUMENT_BYTES,
) -> BuildResult:
    """Build the corpus tables of ``source`` into ``out`` with the pandas or Dask engine.

    ``source`` is a folder of ``.txt`` files (or one), or JSON Lines / CSV / Parquet input
    (``fmt`` and ``options``, see :mod:`servicelab.inputs`). ``analyses=True`` (or a list of
    names) then runs the registered analyses with the same engine (:func:`analyse`). A
    document over ``max_document_bytes`` is a bad input (one line, or an ``errors`` row).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if on_error not in ("raise", "skip"):
        raise ValueError("on_error must be 'raise' or 'skip'")
    out = Path(out)
    created = not out.exists()

    def run(partitions: int, cl: Any = None, plan: InputPlan | None = None) -> BuildResult:
        if plan is None:
            plan = plan_inputs(source, fmt, options, partitions, max_chunk_bytes, on_error)
        out.mkdir(parents=True, exist_ok=True)
        stage = _staging(out)
        try:
            if cl is None:
                return _build_pandas(str(source), plan, out, stage, pseudonymise, on_error,
                                     progress, max_document_bytes)
            with cl.as_current():  # dask collections compute on this client, not another
                return _build_dask(str(source), plan, out, stage, cl, pseudonymise, on_error,
                                   progress, max_document_bytes)
        finally:
            shutil.rmtree(stage, ignore_errors=True)

    try:
        if engine == "pandas":
            result = run(1)
            if analyses:
                names = None if analyses is True else list(analyses)
                result.tables.update(analyse(out, engine="pandas", names=names))
            return result
        plan = None
        if scheduler is None and client is None:  # check the input before starting workers
            local = n_workers or os.cpu_count() or 1
            plan = plan_inputs(source, fmt, options, PARTITIONS_PER_WORKER * local,
                               max_chunk_bytes, on_error)
        import dask

        with dask_client(client, scheduler, n_workers, progress) as cl, dask.config.set(
                {"dataframe.convert-string": False}):
            result = run(PARTITIONS_PER_WORKER * _worker_threads(cl), cl, plan)
            if analyses:
                names = None if analyses is True else list(analyses)
                result.tables.update(analyse(out, engine="dask", names=names, client=cl,
                                             progress=progress))
            return result
    except BaseException:
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        raise


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


def uses_sentiment_model(module_path: str) -> bool:
    """Whether an analysis module uses the trained sentiment model (it imports
    :mod:`servicelab.sentiment_model`)."""
    from servicelab import sentiment_model

    return any(v is sentiment_model for v in vars(import_module(module_path)).values())


def _receive_model(model: Any) -> None:
    """In a Dask task: use the model the client trained instead of training one here."""
    if model is not None:
        from servicelab import sentiment_model

        sentiment_model.use_default_model(model)


def _analyse_part_and_write(item: tuple[int, tuple[str, Any]], out: str, stage: str,
                            registry: dict[str, str], model: Any = None) -> dict[str, int]:
    """Dask task: per-document analyses of one partition, written as part files."""
    _receive_model(model)
    index, spec = item
    tables = analyse_partition(load_partition(out, spec), registry)
    for name, df in tables.items():
        (Path(stage) / name).mkdir(exist_ok=True)
        df.to_parquet(Path(stage) / name / PART.format(index), index=False)
    return {name: len(df) for name, df in tables.items()}


def _analyse_whole_and_write(out: str, stage: str, registry: dict[str, str],
                             model: Any = None) -> list[dict[str, int]]:
    """Dask task: corpus-wide analyses, run once on the whole corpus (part 0)."""
    _receive_model(model)
    tables = analyse_partition(read_corpus(out), registry)
    for name, df in tables.items():
        (Path(stage) / name).mkdir(exist_ok=True)
        df.to_parquet(Path(stage) / name / PART.format(0), index=False)
    return [{name: len(df) for name, df in tables.items()}]


def analyse(
    out: str | Path,
    *,
    engine: str = "pandas",
    names: list[str] | None = None,
    registry: dict[str, str] | None = None,
    client: Any = None,
    scheduler: str | None = None,
    n_workers: int | None = None,
    progress: bool = False,
) -> dict[str, int]:
    """Run the registered analyses on the tables built in ``out`` and write their tables the
    way ``engine`` writes (pandas: ``OUT/<t>.parquet``; dask: ``OUT/<t>/part-*.parquet``);
    adds their row counts to ``manifest.json`` and returns them.

    ``registry`` (name -> module) defaults to ``analyses.ANALYSES`` (all, or ``names``).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if registry is None:
        from servicelab.analyses import ANALYSES

        unknown = sorted(set(names or []) - set(ANALYSES))
        if unknown:
            raise ValueError(f"unknown analysis {unknown[0]!r} (registered: "
                             f"{', '.join(ANALYSES) or 'none'})")
        registry = {n: ANALYSES[n] for n in (names or ANALYSES)}
    out = Path(out)
    table_parts(out, "documents")  # a clear error when out holds no build
    if not registry:
        return {}
    stage = _staging(out)
    try:
        if engine == "pandas":
            tables = analyse_partition(read_corpus(out), registry)
            for name, df in tables.items():
                df.to_parquet(stage / f"{name}.parquet", index=False)
            counts = {name: len(df) for name, df in tables.items()}
            _publish(stage, out, list(counts), partitioned=False)
        else:
            counts = _analyse_dask(out, stage, registry, client, scheduler, n_workers,
                                   progress)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    write_manifest(out, None, counts)
    return counts


def _analyse_dask(out: Path, stage: Path, registry: dict[str, str], client: Any,
                  scheduler: str | None, n_workers: int | None, progress: bool
                  ) -> dict[str, int]:
    import dask
    import dask.bag as db

    per_doc = {n: m for n, m in registry.items() if is_per_document(m)}
    whole = {n: m for n, m in registry.items() if n not in per_doc}
    with dask_client(client, scheduler, n_workers, progress) as cl, cl.as_current():
        model = None
        if any(uses_sentiment_model(m) for m in registry.values()):
            from servicelab import sentiment_model

            # trained (or read) once here and sent to every worker, not trained by each
            model = cl.scatter(sentiment_model.default_model(), broadcast=True)
        tasks = []
        if per_doc:
            specs = list(enumerate(partition_specs(out)))
            bag = db.from_sequence(specs, partition_size=1).map(
                _analyse_part_and_write, out=str(out.absolute()), stage=str(stage),
                registry=per_doc, model=model)
            tasks += bag.to_delayed()
        if whole:
            tasks.append(dask.delayed(_analyse_whole_and_write)(
                str(out.absolute()), str(stage), whole, model))
        futures = cl.compute(tasks)
        _show_progress(futures, progress)
        results = cl.gather(futures)
    counts: dict[str, int] = {}
    for part in results:
        for c in part:
            for name, n in c.items():
                counts[name] = counts.get(name, 0) + n
    for name in counts:
        harmonise_parts(stage / name)
    _publish(stage, out, list(counts), partitioned=True)
    return counts
