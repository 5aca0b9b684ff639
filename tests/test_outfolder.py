"""Nothing lost, nothing mixed (issue 18): output folders servicelab owns, locked and atomic
builds, readers that refuse a mix, and one line (never a traceback) for every failure.

Builds here are small (a few short texts, the pandas engine, the fast analyses only), so
the whole file runs in well under a minute on one core.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab.engines import build, read_table

ROOT = Path(__file__).resolve().parents[1]
FAST = ["timeline"]  # an analysis that takes well under a second on a few texts

TEXTS_A = {
    "a1.txt": "Am 3. März habe ich eine Waschmaschine bestellt. Die Lieferung kam nicht.\n"
              "Der Händler antwortete erst nach zwei Wochen.",
    "a2.txt": "Seit dem 12. Mai warte ich auf mein Paket. Die Hotline legt einfach auf.",
}
TEXTS_B = {
    "b1.txt": "Gestern kam endlich die Antwort vom Kundenservice. Das Gerät wird getauscht.",
    "b2.txt": "Am 1. Juni bestellt, am 20. Juni storniert. Niemand hat sich gemeldet.",
    "b3.txt": "Der Versand dauerte drei Wochen. Danach war der Karton beschädigt.",
}


def write_corpus(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "servicelab.cli", *args],
                          capture_output=True, text=True, timeout=120, **kw)


def assert_one_line(proc: subprocess.CompletedProcess, *fragments: str, rc: int = 2) -> str:
    assert proc.returncode == rc, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every path below ``root`` -> its bytes (files), ``dir`` or ``link:<target>``."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            p = Path(folder, name)
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                found[rel] = f"link:{os.readlink(p)}"
            elif p.is_dir():
                found[rel] = "dir"
            else:
                found[rel] = p.read_bytes()
    return found


def tables_of(out: Path) -> dict[str, pd.DataFrame]:
    names = json.loads((out / "manifest.json").read_text())["tables"]
    return {name: read_table(out, name) for name in names}


def same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> bool:
    return a.keys() == b.keys() and all(
        a[n].astype(str).equals(b[n].astype(str)) for n in a)


# ------------------------------------------------------------ folders servicelab owns

def test_build_refuses_a_folder_of_the_users_and_keeps_it(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", TEXTS_A)
    out = tmp_path / "mine"
    for name in ("documents", "events", "sentiment"):
        (out / name).mkdir(parents=True)
        (out / name / "notes.txt").write_text(f"my {name}")
    before = snapshot(out)
    proc = cli("build", str(corpus), "--out", str(out), "--corpus-only")
    assert_one_line(proc, str(out), "not written by servicelab")
    assert snapshot(out) == before


@pytest.mark.parametrize("arrangement", ["contains", "equal", "inside", "file-input",
                                         "symlink"])
def test_build_refuses_out_overlapping_the_input(tmp_path, arrangement):
    project = tmp_path / "project"
    corpus = write_corpus(project / "documents", TEXTS_A)
    source, out = corpus, project
    if arrangement == "equal":
        out = corpus
    elif arrangement == "inside":
        out = corpus / "out"
    elif arrangement == "file-input":
        source = corpus / "a1.txt"
    elif arrangement == "symlink":
        out = tmp_path / "link"
        out.symlink_to(corpus)
    before = snapshot(tmp_path)
    proc = cli("build", str(source), "--out", str(out), "--corpus-only")
    assert_one_line(proc, str(out), "input")
    assert snapshot(tmp_path) == before


def test_build_refuses_a_table_file_as_input_and_out_its_folder(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    pd.DataFrame({"id": ["x1", "x2"], "text": list(TEXTS_A.values())}).to_parquet(
        data / "documents.parquet")
    before = snapshot(tmp_path)
    proc = cli("build", str(data / "documents.parquet"), "--out", str(data), "--id-column",
               "id", "--corpus-only")
    assert_one_line(proc, str(data), "contains the input")
    assert snapshot(tmp_path) == before


def test_out_that_is_a_file_is_one_line(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", TEXTS_A)
    (tmp_path / "out").write_text("a file of mine")
    proc = cli("build", str(corpus), "--out", str(tmp_path / "out"), "--corpus-only")
    assert_one_line(proc, str(tmp_path / "out"), "is a file")
    assert (tmp_path / "out").read_text() == "a file of mine"


def test_rebuilds_into_its_own_folder_keep_what_the_user_put_there(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", TEXTS_A)
    out = tmp_path / "out"
    build(corpus, out)
    (out / "notes.md").write_text("mine")
    (out / "plots").mkdir()
    (out / "plots" / "fig.txt").write_text("mine too")
    build(corpus, out, analyses=FAST)  # a second build into the same folder succeeds
    assert (out / "notes.md").read_text() == "mine"
    assert (out / "plots" / "fig.txt").read_text() == "mine too"
    assert len(read_table(out, "documents")) == 2


def test_a_users_entry_named_like_a_table_is_never_replaced(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", TEXTS_A)
    out = tmp_path / "out"
    build(corpus, out)  # corpus tables only: events is not servicelab's
    (out / "events").mkdir()
    (out / "events" / "mine.csv").write_text("a,b\n")
    with pytest.raises(Exception, match="not written by servicelab") as info:
        build(corpus, out, analyses=FAST)
    assert "\n" not in str(info.value)
    assert (out / "events" / "mine.csv").read_text() == "a,b\n"
    assert len(read_table(out, "documents")) == 2  # the old build is still whole


# (name, kind) entries a user may have around the corpus; "file" entries hold bytes
USER_ENTRIES = [
    ("proj/notes.md", "file"), ("proj/documents/x.bin", "file"),
    ("proj/events.parquet", "file"), ("proj/sentiment/y.csv", "file"),
    ("other/documents.parquet", "file"), ("other/readme.txt", "file"),
    ("proj/corpus/sub/c.txt", "file"), ("proj/manifest.json", "file"),
]
OUT_CHOICES = ["proj", "proj/corpus", "proj/corpus/sub", "proj/corpus/a1.txt", "other",
               "new/deeper/out", "proj/events.parquet", "proj/documents", "link-to-corpus",
               "link-to-proj/x", "built", "empty"]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.sets(st.sampled_from(USER_ENTRIES)), out_choice=st.sampled_from(OUT_CHOICES),
       later=st.booleans())
def test_a_build_never_deletes_or_changes_a_file_it_did_not_create(entries, out_choice, later):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = write_corpus(root / "proj" / "corpus", TEXTS_A)
        for rel, _ in sorted(entries):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(f"user data {rel}".encode())
        (root / "empty").mkdir()
        (root / "link-to-corpus").symlink_to(corpus)
        (root / "link-to-proj").symlink_to(root / "proj")
        build(corpus, root / "built")  # servicelab's own folder ...
        ours = set(snapshot(root / "built"))
        if later:
            (root / "built" / "mine.txt").write_text("added by the user later")
        before = {k: v for k, v in snapshot(root).items()
                  if not (k.startswith("built/") and k[len("built/"):] in ours)}
        try:
            build(corpus, root / out_choice, analyses=FAST)
        except Exception as exc:  # refused: one line
            assert type(exc).__name__ in ("OutputFolderError", "CorpusInputError"), exc
            assert "\n" not in str(exc)
        after = snapshot(root)
        lost = {k for k in before if k not in after or after[k] != before[k]}
        assert not lost, (out_choice, sorted(lost))


# ------------------------------------------------------------------ locked, atomic builds

def test_a_second_build_while_one_runs_gets_one_line_naming_the_first(tmp_path):
    from servicelab.outfolder import claim

    corpus = write_corpus(tmp_path / "corpus", TEXTS_A)
    out = tmp_path / "out"
    with claim(out, [corpus], "servicelab build (the first)"):
        proc = cli("build", str(corpus), "--out", str(out), "--corpus-only")
        line = assert_one_line(proc, str(out), "another servicelab run")
        assert f"pid {os.getpid()}" in line and "started" in line
        proc = cli("analyse", str(out))
        assert_one_line(proc, "another servicelab run")
    assert cli("build", str(corpus), "--out", str(out), "--corpus-only").returncode == 0


BUILD_SCRIPT = """
import sys
from servicelab.engines import build
try:
    build(sys.argv[1], sys.argv[2], analyses=["timeline", "defence"])
except Exception as exc:
    sys.exit(f"one line: {type(exc).__name__}: {exc}")
"""


def two_corpora_and_their_tables(tmp_path):
    """Corpora A and B and the tables each builds alone: what a concurrent or killed build
    must reproduce."""
    a = write_corpus(tmp_path / "a", TEXTS_A)
    b = write_corpus(tmp_path / "b", TEXTS_B)
    refs = []
    for src, name in ((a, "ref_a"), (b, "ref_b")):
        build(src, tmp_path / name, analyses=["timeline", "defence"])
        refs.append(tables_of(tmp_path / name))
    return a, b, refs


def test_two_builds_at_once_never_mix(tmp_path):
    a, b, refs = two_corpora_and_their_tables(tmp_path)
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-c", BUILD_SCRIPT, str(src), str(out)],
                              stderr=subprocess.PIPE, text=True) for src in (a, b, a, b)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for rc, err in results:
        assert rc == 0 or "OutputFolderError" in err and "another servicelab run" in err, err
    assert any(rc == 0 for rc, _ in results)
    got = tables_of(out)
    assert any(same_tables(got, ref) for ref in refs)


def test_corpus_only_after_a_full_build_leaves_no_analysis_table(tmp_path):
    from servicelab.errors import OutputFolderError

    corpus = write_corpus(tmp_path / "corpus", TEXTS_A)
    out = tmp_path / "out"
    build(corpus, out, analyses=FAST)
    assert len(read_table(out, "events")) > 0
    build(write_corpus(tmp_path / "corpus", TEXTS_B), out)  # a new corpus, corpus only
    with pytest.raises(OutputFolderError, match="no table 'events'"):
        read_table(out, "events")
    assert not (out / "events.parquet").exists()


def test_read_table_refuses_a_table_of_another_build(tmp_path):
    from servicelab.errors import OutputFolderError

    one = build(write_corpus(tmp_path / "a", TEXTS_A), tmp_path / "one", analyses=FAST).out
    two = build(write_corpus(tmp_path / "b", TEXTS_B), tmp_path / "two", analyses=FAST).out
    (one / "events.parquet").write_bytes((two / "events.parquet").read_bytes())
    with pytest.raises(OutputFolderError, match="another build") as info:
        read_table(one, "events")
    assert "\n" not in str(info.value)
    proc = cli("analyse", str(one), "--only", "timeline")  # corpus tables are fine
    assert proc.returncode == 0, proc.stderr
    assert len(read_table(one, "events")) > 0  # analyse replaced the foreign table


def test_analyse_on_a_half_written_folder_is_one_line(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", TEXTS_A)
    out = tmp_path / "out"
    build(corpus, out)
    man = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**man, "complete": False}))
    assert_one_line(cli("analyse", str(out)), str(out), "incomplete build")
    (out / "manifest.json").unlink()
    assert_one_line(cli("analyse", str(out)), str(out), "no manifest.json")


def test_stale_staging_folders_of_dead_builds_are_removed(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", TEXTS_A)
    out = tmp_path / "out"
    build(corpus, out)
    (out / ".staging-deadbeef0000" / "documents").mkdir(parents=True)
    build(corpus, out)
    assert not list(out.glob(".staging-*"))


CRASH_AFTER_RENAMES = """
import os, pathlib, sys
from servicelab.engines import build
calls = [0]
rename = pathlib.Path.rename
def crashing(self, target):
    calls[0] += 1
    if calls[0] > int(sys.argv[3]):
        os._exit(9)  # like SIGKILL: no cleanup at all
    return rename(self, target)
pathlib.Path.rename = crashing
build(sys.argv[1], sys.argv[2], analyses=["timeline"])
"""


@pytest.mark.parametrize("renames", [0, 2, 6])
def test_a_build_killed_while_publishing_never_reads_as_a_mix(tmp_path, renames):
    from servicelab.errors import OutputFolderError

    a = write_corpus(tmp_path / "a", TEXTS_A)
    b = write_corpus(tmp_path / "b", TEXTS_B)
    out = tmp_path / "out"
    build(a, out, analyses=FAST)
    previous = tables_of(out)
    proc = subprocess.run([sys.executable, "-c", CRASH_AFTER_RENAMES, str(b), str(out),
                           str(renames)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    try:
        got = tables_of(out)
    except OutputFolderError as exc:
        assert "\n" not in str(exc)
    else:
        assert same_tables(got, previous)
    build(b, out, analyses=FAST)  # the next build recovers
    assert len(read_table(out, "documents")) == 3 and not list(out.glob(".staging-*"))


KILL_SCRIPT = """
import sys
from servicelab.engines import build
build(sys.argv[1], sys.argv[2], analyses=["timeline", "defence"])
"""


def test_sigkill_at_random_points_gives_the_previous_result_or_one_error(tmp_path):
    from servicelab.errors import OutputFolderError

    a, b, refs = two_corpora_and_their_tables(tmp_path)
    out = tmp_path / "out"
    build(a, out, analyses=["timeline", "defence"])
    rng = random.Random(18)
    for i in range(5):
        src = b if i % 2 == 0 else a
        proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(src), str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        try:
            got = tables_of(out)
        except OutputFolderError as exc:
            assert "\n" not in str(exc)
        else:
            assert any(same_tables(got, ref) for ref in refs), f"mixed after kill {i}"


def test_ctrl_c_is_one_line_exit_130_and_keeps_the_old_build(tmp_path):
    from servicelab.outfolder import locked

    corpus = write_corpus(tmp_path / "corpus", TEXTS_A)
    out = tmp_path / "out"
    build(corpus, out)
    previous = tables_of(out)
    # the child gets Ctrl-C's default action, as in a terminal: a test worker may have set
    # SIGINT to "ignore", which a child would inherit (and then never be interrupted)
    proc = subprocess.Popen([sys.executable, "-m", "servicelab.cli", "build", str(corpus),
                             "--out", str(out), "--quiet"],  # with sentiment: seconds
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not list(out.glob(".staging-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=60)[1]
    # 130, or (when Python saw the interrupt inside a library's own code run) an exit by
    # SIGINT itself, which a shell also reports as 130
    assert proc.returncode in (130, -signal.SIGINT), err
    assert len(err.strip().splitlines()) == 1 and "interrupted" in err, err
    assert not list(out.glob(".staging-*"))
    with locked(out, "test"):  # the lock was released
        pass
    assert same_tables(tables_of(out), previous)


# ------------------------------------------------------------ one line for every failure

def test_report_checks_its_corpus_before_it_touches_the_report(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / ".servicelab").write_text("{}")
    (site / "index.html").write_text("the last good report")
    proc = cli("report", str(tmp_path / "nonexistent"), "--out", str(site))
    assert_one_line(proc, "nonexistent", "does not exist")
    assert (site / "index.html").read_text() == "the last good report"


def test_report_into_its_own_corpus_is_refused(tmp_path):
    corpus = write_corpus(tmp_path / "c", TEXTS_A)
    (corpus / "tables" / "documents").mkdir(parents=True)
    (corpus / "tables" / "documents" / "mine.txt").write_text("mine")
    before = snapshot(tmp_path)
    assert_one_line(cli("report", str(corpus), "--out", str(corpus)), "input itself")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("param", "fragment"), [
    ("N_BOTO", "no notebook of this report declares"),
    ("corpus_dir", "set by the report from CORPUS"),
])
def test_report_refuses_unknown_or_conflicting_parameters(tmp_path, param, fragment):
    corpus = write_corpus(tmp_path / "c", TEXTS_A)
    proc = cli("report", str(corpus), "--out", str(tmp_path / "r"), "-p", param, "5")
    line = assert_one_line(proc, f"-p {param}", fragment)
    if param == "N_BOTO":
        assert "parameters:" in line
    assert not (tmp_path / "r").exists()


def test_latin1_file_name_is_an_error_row_or_one_line(tmp_path):
    corpus = write_corpus(tmp_path / "c", TEXTS_A)
    bad = os.path.join(os.fsencode(corpus), b"b\xe4d.txt")
    with open(bad, "wb") as fh:
        fh.write(b"Ein Text mit einem Namen in Latin-1.")
    assert_one_line(cli("build", str(corpus), "--out", str(tmp_path / "o"), "--corpus-only"),
                    "b\\xe4d.txt", "not valid UTF-8")
    proc = cli("build", str(corpus), "--out", str(tmp_path / "o"), "--corpus-only",
               "--on-error", "skip", "--quiet")
    assert proc.returncode == 0, proc.stderr
    errors = read_table(tmp_path / "o", "errors")
    assert errors["path"].tolist() == ["b\\xe4d.txt"]
    assert len(read_table(tmp_path / "o", "documents")) == 2


def test_deeply_nested_json_is_an_error_row(tmp_path):
    path = tmp_path / "in.jsonl"
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path.write_text(deep + "\n" + json.dumps({"text": TEXTS_A["a1.txt"]}) + "\n")
    assert_one_line(cli("build", str(path), "--out", str(tmp_path / "o"), "--corpus-only"),
                    "in.jsonl:1", "nested too deeply")
    proc = cli("build", str(path), "--out", str(tmp_path / "o"), "--corpus-only",
               "--on-error", "skip", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert read_table(tmp_path / "o", "errors")["path"].tolist() == ["in.jsonl:1"]


@pytest.mark.parametrize("which", ["input", "out"])
def test_a_path_longer_than_path_max_is_one_line(tmp_path, which):
    corpus = write_corpus(tmp_path / "c", TEXTS_A)
    long = str(tmp_path / ("x" * 300)) if which == "input" else str(tmp_path / ("x/" * 3000))
    args = (long, str(tmp_path / "o")) if which == "input" else (str(corpus), long)
    proc = cli("build", args[0], "--out", args[1], "--corpus-only")
    line = assert_one_line(proc, "too long")
    assert len(line) < 400


def test_every_row_bad_still_writes_the_errors_table(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": ""}\n{"text": "abc\n')
    proc = cli("build", str(path), "--out", str(tmp_path / "o"), "--corpus-only",
               "--on-error", "skip")
    assert_one_line(proc, "no readable row", "errors.parquet")
    errors = read_table(tmp_path / "o", "errors")
    assert errors["path"].tolist() == ["in.jsonl:1", "in.jsonl:2"]
    assert "starting at at" not in errors["problem"][1]
    assert errors["problem"][1].endswith("starting at column 10)")


def test_errors_are_in_natural_order(tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [{"text": "" if i in (2, 10) else f"Text Nummer {i}. Alles gut."} for i in
            range(1, 12)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    build(path, tmp_path / "o", on_error="skip")
    assert read_table(tmp_path / "o", "errors")["path"].tolist() == ["in.jsonl:2",
                                                                     "in.jsonl:10"]


def test_a_row_without_the_date_field_gets_no_date(tmp_path):
    from servicelab.inputs import TableOptions

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "Erster Text.", "created": "2024-03-01"}) + "\n"
                    + json.dumps({"text": "Zweiter Text ohne Datum."}) + "\n")
    build(path, tmp_path / "o", options=TableOptions(date_column="created"))
    docs = read_table(tmp_path / "o", "documents").sort_values("doc_id")
    assert docs["date"].tolist()[0].startswith("2024-03-01")
    assert docs["date"].tolist()[1] is None


def test_unreachable_scheduler_fails_within_the_stated_time(tmp_path):
    from servicelab.engines import DaskLimits

    corpus = write_corpus(tmp_path / "c", TEXTS_A)
    start = time.monotonic()
    with pytest.raises(Exception, match="cannot reach the Dask scheduler within 2 s") as info:
        build(corpus, tmp_path / "o", engine="dask", scheduler="tcp://127.0.0.1:9",
              limits=DaskLimits(connect_timeout=2))
    assert time.monotonic() - start < 15
    assert "\n" not in str(info.value)
    assert not (tmp_path / "o").exists()


def test_a_dask_build_without_workers_stops_with_one_line(tmp_path):
    from distributed import Client, LocalCluster

    from servicelab.engines import DaskLimits

    corpus = write_corpus(tmp_path / "c", TEXTS_A)
    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        start = time.monotonic()
        with pytest.raises(Exception, match="no Dask worker for 2 s") as info:
            build(corpus, tmp_path / "o", engine="dask", client=client,
                  limits=DaskLimits(no_workers_timeout=2))
        assert time.monotonic() - start < 30
    assert "\n" not in str(info.value)
