"""Output folders servicelab owns: the marker, the lock, staging, publishing, the manifest.

servicelab writes only into an output folder (OUT) that is new, empty, or carries its
marker file ``.servicelab`` from an earlier run; anything else is refused with one line
before any work starts, as is an OUT that is, contains or lies inside an input. It deletes
only what it wrote: the tables its last manifest lists and its own ``.staging-*`` folders.

A build holds an exclusive lock on ``OUT/.servicelab.lock`` (``flock``: the kernel frees it
when the process dies, even by SIGKILL); a second run gets one line naming the first (pid,
host, start). The whole result is written into ``OUT/.staging-<build id>/`` and published at
the end: the manifest is first rewritten with ``"complete": false``, the staged tables are
renamed into place, then the final manifest (``"complete": true``) replaces it atomically.
Every Parquet file carries the build id in its key-value metadata, so :func:`check_table`
refuses a table that is missing from the manifest, from another build, or cut short, and a
folder whose publishing was interrupted. Stale staging folders of dead runs are removed by
the next run that takes the lock.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import signal
import socket
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from servicelab import __version__
from servicelab.errors import OutputFolderError

MARKER = ".servicelab"
LOCK = ".servicelab.lock"
MANIFEST = "manifest.json"
STAGING_PREFIX = ".staging-"
BUILD_ID_KEY = b"servicelab.build_id"


# ------------------------------------------------------------------ may we write here?

def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError as exc:  # a symlink loop, a name too long
        raise OutputFolderError(path, f"cannot resolve the path ({exc.strerror or exc})"
                                ) from None


def owned(out: Path) -> bool:
    """Whether ``out`` carries servicelab's marker, or is a build folder of an older
    servicelab (a ``manifest.json`` with ``servicelab_version``, or a report folder whose
    ``tables/`` is one)."""
    if (out / MARKER).is_file():
        return True
    for man in (out / MANIFEST, out / "tables" / MANIFEST):
        try:
            if "servicelab_version" in json.loads(man.read_text(encoding="utf-8")):
                return True
        except (OSError, ValueError, TypeError):
            continue
    return False


def check_out(out: str | Path, inputs: Iterable[str | Path] = ()) -> None:
    """Refuse, with one line and without writing anything, an ``out`` that servicelab may
    not write: an existing file, a folder that is neither empty nor servicelab's, or a
    folder that is, contains or lies inside one of ``inputs`` (symlinks resolved)."""
    out = Path(out)
    where = _resolved(out)
    for source in inputs:
        src = _resolved(Path(source))
        if where == src:
            raise OutputFolderError(out, "is the input itself; choose another output folder")
        if src in where.parents:
            raise OutputFolderError(out, f"lies inside the input {source}; choose an output "
                                    "folder outside it")
        if where in src.parents:
            raise OutputFolderError(out, f"contains the input {source}; choose an output "
                                    "folder that does not hold the input")
    try:
        if out.exists() and not out.is_dir():
            raise OutputFolderError(out, "exists and is a file, not a folder")
        if out.is_dir() and any(e.name != LOCK for e in out.iterdir()) and not owned(out):
            raise OutputFolderError(out, "is not empty and was not written by servicelab "
                                    f"(no {MARKER} marker); choose a new or empty folder")
    except PermissionError as exc:
        raise OutputFolderError(out, f"cannot read the folder ({exc.strerror})") from None


# ------------------------------------------------------------------------------- the lock

def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return (f"pid {info['pid']} on {info['host']}, started {info['started']}, "
                f"{info.get('command', 'servicelab')}")
    except (OSError, ValueError, KeyError, TypeError):
        return "a run that is just starting"


@contextmanager
def locked(out: Path, command: str) -> Iterator[None]:
    """Hold the lock on ``out`` (which must exist); one line naming the holder otherwise."""
    import fcntl

    path = out / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise OutputFolderError(out, f"another servicelab run is writing here "
                                f"({_holder(path)}); wait until it ends") from None
    try:
        os.ftruncate(fd, 0)
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "command": command}
        os.write(fd, json.dumps(info).encode("utf-8"))
        yield
    finally:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _made_dirs(out: Path) -> list[Path]:
    """The folders ``out.mkdir(parents=True)`` would create, innermost first."""
    made, p = [], out.absolute()
    while not p.exists():
        made.append(p)
        p = p.parent
    return made


@contextmanager
def claim(out: str | Path, inputs: Iterable[str | Path] = (), command: str = "servicelab"
          ) -> Iterator[Path]:
    """Check, create if needed, mark and lock ``out`` for one run; removes stale staging
    folders. On failure the folders this call created are removed again if still empty
    (apart from the marker and lock it wrote)."""
    out = Path(out)
    inputs = list(inputs)
    check_out(out, inputs)
    made = _made_dirs(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFolderError(out, f"cannot create the folder ({exc.strerror})") from None
    marker_written = False
    ok = False
    try:
        with locked(out, command):
            check_out(out, inputs)  # again, under the lock: another run may have started
            if not (out / MARKER).is_file():
                (out / MARKER).write_text(json.dumps({"servicelab": __version__}) + "\n",
                                          encoding="utf-8")
                marker_written = True
            remove_stale_staging(out)
            yield out
            ok = True
    finally:
        if not ok and marker_written and {e.name for e in out.iterdir()} <= {LOCK, MARKER}:
            (out / LOCK).unlink(missing_ok=True)  # leave a folder as it was found
            (out / MARKER).unlink(missing_ok=True)
        if not ok:
            for d in made:
                try:
                    d.rmdir()
                except OSError:
                    break


def remove_stale_staging(out: Path) -> None:
    """Remove ``.staging-*`` folders left by killed runs (call only under the lock)."""
    for p in out.glob(f"{STAGING_PREFIX}*"):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)


# ---------------------------------------------------------------------- staging, build ids

@dataclass(frozen=True)
class Stage:
    """The staging folder of one run and the build id its tables carry."""

    path: Path
    build_id: str


def new_stage(out: Path, build_id: str | None = None) -> Stage:
    """A fresh staging folder inside ``out`` (a new build id unless given)."""
    build_id = build_id or f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"
    path = (out / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}").absolute()
    path.mkdir()
    return Stage(path, build_id)


def stamped(table: pa.Table, build_id: str) -> pa.Table:
    """``table`` with the build id in its schema metadata (kept in the Parquet file)."""
    meta = dict(table.schema.metadata or {})
    meta[BUILD_ID_KEY] = build_id.encode("utf-8")
    return table.replace_schema_metadata(meta)


def stamped_schema(schema: pa.Schema, build_id: str) -> pa.Schema:
    """``schema`` with the build id in its metadata (for a ``ParquetWriter``)."""
    meta = dict(schema.metadata or {})
    meta[BUILD_ID_KEY] = build_id.encode("utf-8")
    return schema.with_metadata(meta)


def build_id_of(path: Path) -> str | None:
    """The build id stored in a Parquet file (None for files written without one)."""
    meta = pq.read_schema(path).metadata or {}
    raw = meta.get(BUILD_ID_KEY)
    return raw.decode("utf-8") if raw else None


# -------------------------------------------------------------------------- the manifest

def read_manifest(out: Path) -> dict | None:
    """The manifest of ``out``, or None when there is none."""
    path = out / MANIFEST
    if not path.exists():
        return None
    try:
        man = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OutputFolderError(path, f"unreadable manifest ({exc})") from None
    if not isinstance(man, dict):
        raise OutputFolderError(path, "unreadable manifest (not a JSON object)")
    return man


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def complete_manifest(out: Path) -> dict:
    """The manifest of a complete build in ``out``; one line saying what is wrong otherwise."""
    man = read_manifest(out)
    if man is None:
        raise OutputFolderError(out, f"no {MANIFEST}: not a finished servicelab build "
                                "(run `servicelab build` first)")
    if man.get("complete") is False:
        raise OutputFolderError(out, "incomplete build (a run was interrupted while "
                                "publishing); run `servicelab build` again")
    if "build_id" not in man:
        raise OutputFolderError(out, "built by an older servicelab without build ids; run "
                                "`servicelab build` again")
    return man


def table_files(out: Path, name: str) -> list[Path]:
    """The Parquet file(s) of a table: ``[OUT/<name>.parquet]`` or ``OUT/<name>/part-*``
    (empty when neither exists)."""
    single = out / f"{name}.parquet"
    if single.is_file():
        return [single]
    folder = out / name
    if folder.is_dir():
        return sorted(folder.glob("part-*.parquet"))
    return []


def check_table(out: Path, name: str) -> list[Path]:
    """The files of table ``name`` after checking them against the manifest: listed, every
    part carrying the manifest's build id, and the row count the manifest records."""
    man = complete_manifest(out)
    tables = man.get("tables", {})
    if name not in tables:
        listed = ", ".join(tables) or "none"
        raise OutputFolderError(out, f"no table {name!r} in this build (tables: {listed})")
    files = table_files(out, name)
    if not files:
        raise OutputFolderError(out, f"table {name!r} is listed in {MANIFEST} but its files "
                                "are missing; run `servicelab build` again")
    rows = 0
    for f in files:
        found = build_id_of(f)
        if found != man["build_id"]:
            raise OutputFolderError(f, f"written by another build ({found or 'no build id'}, "
                                    f"manifest: {man['build_id']}); run `servicelab build` "
                                    "again")
        rows += pq.ParquetFile(f).metadata.num_rows
    if rows != tables[name]:
        raise OutputFolderError(out / name, f"{rows} rows, the manifest says {tables[name]} "
                                "(incomplete table); run `servicelab build` again")
    return files


# ---------------------------------------------------------------------------- publishing

@contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C until the block is done (then raise it), so that publishing is never cut
    in the middle by an interrupt (a SIGKILL is covered by the incomplete manifest)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    old = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
    if caught:
        raise KeyboardInterrupt


def _remove_table(out: Path, name: str) -> None:
    (out / f"{name}.parquet").unlink(missing_ok=True)
    folder = out / name
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    elif folder.is_symlink():
        folder.unlink()


@dataclass
class Publication:
    """What one run publishes: staged tables (name -> row count), and for a build the
    inputs (``None`` keeps those of the manifest, for ``analyse``)."""

    tables: dict[str, int]
    inputs: list[dict] | None = None
    replace_all: bool = True
    extra: dict = field(default_factory=dict)


@functools.cache
def code_fingerprint() -> str:
    """SHA-256 (first 16 hex digits) over the package's own files (code, rules, word lists).

    Why: the manifest records which code built the tables, so a reader that reuses tables
    (``tables.load_or_build``) rebuilds them after the rules or the code changed instead of
    showing numbers of an older version (``servicelab_version`` does not change with edits).
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for f in sorted(p for p in root.rglob("*") if p.is_file()
                    and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        h.update(f.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def publish(out: Path, stage: Stage, what: Publication) -> dict:
    """Move the staged tables into ``out`` in one step as far as readers can tell; returns
    the new manifest. ``replace_all`` (a build) removes every table of the old manifest;
    otherwise (``analyse``) the old tables stay and the new ones are added or replaced.

    A name that exists in ``out`` but is not in the old manifest was not written by
    servicelab: it is refused with one line before anything changes.
    """
    old = read_manifest(out) or {}
    old_tables = dict(old.get("tables", {}))
    ours = set(old_tables) | set(old.get("pending", []))
    for name in what.tables:
        if name not in ours and (table_files(out, name) or (out / name).exists()
                                 or (out / f"{name}.parquet").exists()):
            raise OutputFolderError(out / name, "exists but was not written by servicelab; "
                                    "move it away")
    code = code_fingerprint()
    if what.replace_all:
        tables, inputs = dict(what.tables), what.inputs or []
        build_id = stage.build_id
    else:
        tables = {**old_tables, **what.tables}
        inputs = old.get("inputs", []) if what.inputs is None else what.inputs
        build_id = old.get("build_id", stage.build_id)
        code = code if old.get("code") == code else None  # tables of two versions: no one code
    manifest = {"servicelab_version": __version__, "code": code, "build_id": build_id,
                "complete": True, **what.extra, "inputs": inputs,
                "tables": {k: int(v) for k, v in sorted(tables.items())}}
    with _sigint_deferred():
        _write_json(out / MANIFEST, {**old, "complete": False,
                                     "pending": sorted(ours | set(what.tables))})
        for name in sorted(ours if what.replace_all else set(what.tables)):
            _remove_table(out, name)
        for name in what.tables:
            for src, dst in ((stage.path / f"{name}.parquet", out / f"{name}.parquet"),
                             (stage.path / name, out / name)):
                if src.exists():
                    src.rename(dst)
        _write_json(out / MANIFEST, manifest)
    shutil.rmtree(stage.path, ignore_errors=True)
    return manifest
