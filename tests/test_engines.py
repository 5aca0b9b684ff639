"""The pandas and Dask engines give the same tables; inputs beyond .txt; ``analyse``.

A module-scoped ``LocalCluster`` with two worker processes runs the Dask side; one test joins
a scheduler and workers started by hand with Dask's own commands (``dask scheduler``,
``dask worker``) as real subprocesses on 127.0.0.1.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab import build_corpus
from servicelab.analyses import Analysis
from servicelab.cli import main
from servicelab.corpus import COLUMNS
from servicelab.engines import analyse, build, read_corpus, read_table
from servicelab.errors import CorpusInputError
from servicelab.inputs import TableOptions, plan_inputs, read_chunk

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
N_GENERATED = 3000

DUMMY_PER_DOC = '''"""Test analysis, per document: sentence counts and first comment author."""
import pandas as pd


def build_tables(corpus):
    s = corpus.sentences
    per_doc = (s.groupby("doc_id", sort=True)
               .agg(n_sentences=("sentence_id", "size"), n_quoted=("quoted", "sum"))
               .reset_index())
    seg = corpus.segments
    author = seg[seg["kind"] == "comment"].groupby("doc_id")["author"].first()
    per_doc["first_author"] = per_doc["doc_id"].map(author).astype(object)
    per_doc["first_author"] = per_doc["first_author"].where(per_doc["first_author"].notna(), None)
    return {"dummy_sentences": per_doc}
'''

DUMMY_WIDE = '''"""Test analysis, corpus-wide: each document's length rank in the whole corpus."""
import pandas as pd


def build_tables(corpus):
    d = corpus.documents[["doc_id", "n_chars"]].copy()
    d["rank"] = d["n_chars"].rank(method="first", ascending=False).astype("int64")
    return {"dummy_rank": d.sort_values("doc_id").reset_index(drop=True)}
'''
REGISTRY = {
    "dummy_per_doc": Analysis("dummy_per_doc", "servicelab_dummy_per_doc", ("dummy_sentences",),
                              True, "dummy_per_doc", ""),
    "dummy_wide": Analysis("dummy_wide", "servicelab_dummy_wide", ("dummy_rank",), False,
                           "dummy_wide", ""),
}


def seed_paragraphs() -> list[str]:
    return [line[:400] for f in sorted(RAW.glob("*.txt"))
            for line in f.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 20]


def generate_corpus(folder: Path, n: int = N_GENERATED, seed: int = 7) -> Path:
    """``n`` documents recombined from seed paragraphs: comment threads, near-duplicates,
    cp1252 and UTF-16 files, and a few bad files (for ``on_error="skip"``)."""
    rng = random.Random(seed)
    paras = seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    previous: list[str] = []
    for i in range(n):
        if previous and i % 40 == 7:  # near-duplicate of the previous document
            lines = list(previous)
            lines[rng.randrange(len(lines))] = rng.choice(paras)
        else:
            lines = [rng.choice(paras) for _ in range(rng.randint(2, 6))]
            if i % 3 == 0:
                lines += ["", "2 Kommentare", ""] + [
                    f"@{rng.choice(['Anna', 'kundenservice', 'Telekom_hilft'])} "
                    f"{rng.choice(paras)}" for _ in range(2)]
        previous = lines
        text = "\n".join(lines)
        enc = "cp1252" if i % 97 == 5 else "utf-16" if i % 89 == 3 else "utf-8"
        data = text.encode(enc, errors="replace")
        sub = folder / f"g{i % 7}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc_{i:05d}.txt").write_bytes(data)
    (folder / "empty_one.txt").write_bytes(b"")
    (folder / "binary_one.txt").write_bytes(b"\x89PNG\x00\x00\x00\rIHDR")
    return folder


def assert_same_tables(out_a: Path, out_b: Path, names=tuple(COLUMNS)) -> None:
    for name in names:
        a, b = read_table(out_a, name), read_table(out_b, name)
        key = list(a.columns[:1]) if name != "errors" else ["path"]
        key = {"posts": ["post_id"], "segments": ["segment_id"], "sentences": ["sentence_id"],
               "boilerplate": ["doc_id", "start"]}.get(name, key)
        a = a.sort_values(key).reset_index(drop=True)
        b = b.sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, obj=name)


@pytest.fixture(scope="module")
def dummy_modules(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dummy_analyses")
    paths = []
    for module, code in (("servicelab_dummy_per_doc", DUMMY_PER_DOC),
                         ("servicelab_dummy_wide", DUMMY_WIDE)):
        path = folder / f"{module}.py"
        path.write_text(code, encoding="utf-8")
        paths.append(path)
    sys.path.insert(0, str(folder))
    yield paths
    sys.path.remove(str(folder))


@pytest.fixture(scope="module")
def client(dummy_modules):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as c:
        for path in dummy_modules:
            c.upload_file(str(path))
        yield c


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return generate_corpus(tmp_path_factory.mktemp("generated") / "corpus")


# ----------------------------------------------------------------------------- equivalence

def test_pandas_engine_equals_build_corpus_on_seeds(tmp_path):
    result = build(RAW, tmp_path / "out", engine="pandas")
    assert (tmp_path / "out" / "documents.parquet").is_file()
    expected = build_corpus(RAW)
    built = read_corpus(tmp_path / "out")
    for name, df in expected.tables().items():
        pd.testing.assert_frame_equal(getattr(built, name), df, obj=name)
    assert result.tables == {name: len(df) for name, df in expected.tables().items()}


def test_dask_equals_pandas_on_seeds(tmp_path, client):
    build(RAW, tmp_path / "pd", engine="pandas")
    result = build(RAW, tmp_path / "dk", engine="dask", client=client)
    assert result.partitions > 1
    parts = sorted(p.name for p in (tmp_path / "dk" / "sentences").iterdir())
    assert parts[0] == "part-00000.parquet" and len(parts) == result.partitions
    assert_same_tables(tmp_path / "pd", tmp_path / "dk")
    man_pd = json.loads((tmp_path / "pd" / "manifest.json").read_text())
    man_dk = json.loads((tmp_path / "dk" / "manifest.json").read_text())
    assert man_pd.pop("build_id") != man_dk.pop("build_id")  # two builds, two ids
    assert man_pd == man_dk
    # other readers see the partitioned layout as one table
    import dask.dataframe as dd

    assert len(dd.read_parquet(tmp_path / "dk" / "sentences")) == man_dk["tables"]["sentences"]


def test_generated_corpus_dask_equals_pandas_and_build_corpus(tmp_path, client, generated):
    pd_out, dk_out = tmp_path / "pd", tmp_path / "dk"
    res_pd = build(generated, pd_out, engine="pandas", on_error="skip",
                   max_chunk_bytes=400_000)
    res_dk = build(generated, dk_out, engine="dask", client=client, on_error="skip",
                   max_chunk_bytes=400_000)
    assert res_pd.partitions > 5 and res_dk.partitions > 5
    assert res_pd.tables == res_dk.tables
    assert res_pd.tables["documents"] == N_GENERATED and res_pd.tables["errors"] == 2
    assert_same_tables(pd_out, dk_out)
    # and both equal the in-memory build (its dedup is dedup.flag_duplicates)
    expected = build_corpus(generated, on_error="skip")
    built = read_corpus(pd_out)
    for name, df in expected.tables().items():
        pd.testing.assert_frame_equal(getattr(built, name), df, obj=name)
    flagged = expected.documents["duplicate_of"].notna().sum()
    assert flagged >= N_GENERATED // 40 - 5
    assert set(expected.documents["encoding"]) >= {"utf-8", "cp1252", "utf-16"}


# ----------------------------------------------------------------------- tabular inputs

TEXTS = ["Ich habe am 3. März bestellt, nichts kam.", "Der Kundenservice antwortet nicht.\n"
         "Zweite Zeile, mit \"Anführungszeichen\" und, Kommas.", "Alles gut, danke! :)"]


def table_rows(n: int = 60) -> list[dict]:
    rows = []
    for i in range(n):
        rows.append({"post_id": f"p{i:03d}", "body": f"Beitrag {i}. " + TEXTS[i % 3],
                     "created": f"2017-03-{1 + i % 28:02d} 12:{i % 60:02d}"})
    rows[7]["body"] = "   "              # empty text
    rows[11]["created"] = "gestern abend"  # unreadable date
    rows[13]["post_id"] = "p002"           # repeated id
    return rows


def write_tabular(folder: Path, fmt: str, rows: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"posts.{fmt}"
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                        encoding="utf-8")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=9)
    return path


OPTIONS = TableOptions(text_column="body", id_column="post_id", date_column="created")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_tabular_input_rows_and_errors(tmp_path, fmt):
    path = write_tabular(tmp_path / "in", fmt, table_rows())
    out = tmp_path / "out"
    with pytest.raises(CorpusInputError, match=rf"posts\.{fmt}:14: repeated id 'p002'"):
        build(path, out, options=OPTIONS, max_chunk_bytes=300)  # ids are checked first
    assert not out.exists()
    with pytest.raises(CorpusInputError, match=rf"posts\.{fmt}:8: empty text"):
        build(path, out, options=replace(OPTIONS, id_column=None), max_chunk_bytes=300)
    result = build(path, out, options=OPTIONS, on_error="skip", max_chunk_bytes=300)
    assert result.partitions > 3
    docs, errors = read_table(out, "documents"), read_table(out, "errors")
    assert errors.to_dict("records") == [  # natural order: row 8 before row 12
        {"path": f"posts.{fmt}:8", "problem": "empty text"},
        {"path": f"posts.{fmt}:12", "problem": "unreadable date 'gestern abend' in column "
                                               "'created'"},
        {"path": f"posts.{fmt}:14", "problem": f"repeated id 'p002' (first in posts.{fmt}:3)"},
    ]
    assert len(docs) == 57 and docs["doc_id"].is_unique
    row = docs.set_index("doc_id").loc["p001"]
    assert row["path"] == f"posts.{fmt}:2" and row["date"] == "2017-03-02T12:01:00"
    assert "Zweite Zeile" in row["text"]  # the quoted newline stayed inside its row
    man = json.loads((out / "manifest.json").read_text())
    assert man["inputs"][0]["path"] == f"posts.{fmt}" and man["tables"]["documents"] == 57


def test_tabular_input_dask_equals_pandas(tmp_path, client):
    path = write_tabular(tmp_path / "in", "csv", table_rows(200))
    build(path, tmp_path / "pd", options=OPTIONS, on_error="skip", max_chunk_bytes=500)
    build(path, tmp_path / "dk", engine="dask", client=client, options=OPTIONS,
          on_error="skip", max_chunk_bytes=500)
    assert_same_tables(tmp_path / "pd", tmp_path / "dk")
    with pytest.raises(CorpusInputError, match=r"posts\.csv:14: repeated id 'p002'"):
        build(path, tmp_path / "dk2", engine="dask", client=client, options=OPTIONS)


def test_csv_chunks_split_between_records(tmp_path):
    rows = [{"id": i, "text": f"Zeile {i}\n\"zitiert\", und \"\"doppelt\"\"\nEnde {i}"}
            for i in range(1, 41)]
    path = write_tabular(tmp_path, "csv", rows)
    plan = plan_inputs(path, options=TableOptions(id_column="id"), max_chunk_bytes=64)
    assert len(plan.chunks) > 10
    docs = [d for c in plan.chunks for d in read_chunk(c)[0]]
    assert [d.doc_id for d in docs] == [str(i) for i in range(1, 41)]
    assert [d.path for d in docs] == [f"posts.csv:{i}" for i in range(1, 41)]
    assert all(d.text == r["text"] for d, r in zip(docs, rows, strict=True))


_UNQUOTED = st.text(alphabet='ab5 "ä', max_size=6).filter(lambda t: not t.startswith('"'))
_QUOTED = st.text(alphabet='ab,"\n\r ä', max_size=8).map(
    lambda t: '"' + t.replace('"', '""') + '"')
_RECORD = st.tuples(st.lists(st.one_of(_UNQUOTED, _QUOTED), min_size=1, max_size=3),
                    st.sampled_from(["\n", "\r\n"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(records=st.lists(_RECORD, max_size=12), limit=st.integers(1, 40),
       block=st.integers(1, 16))
def test_csv_chunks_read_the_rows_of_the_whole_file(tmp_path_factory, monkeypatch, records,
                                                    limit, block):
    """Issue 18 §3: stray quotes in unquoted fields (``5"``), embedded newlines and CRLF;
    any chunk size (and scan block size) gives the rows of the file read as one chunk."""
    from servicelab import inputs

    path = tmp_path_factory.mktemp("csv") / "posts.csv"
    path.write_bytes(("id,text\n" + "".join(",".join(f) + end for f, end in records))
                     .encode("utf-8"))

    def rows(plan):
        out = [read_chunk(c, on_error="skip") for c in plan.chunks]
        return ([(d.path, d.text) for docs, _ in out for d in docs],
                [e for _, errors in out for e in errors])

    whole = rows(plan_inputs(path, max_chunk_bytes=1 << 20))
    monkeypatch.setattr(inputs, "_SCAN_BLOCK", block)
    assert rows(plan_inputs(path, max_chunk_bytes=limit)) == whole


def test_csv_stray_quote_does_not_shift_later_chunks(tmp_path):
    """The probe's case: one ``5"`` in an unquoted field, then two-line quoted texts."""
    lines = ['id,text', '0,Bildschirm 5" defekt']
    lines += [f'{i},"Zeile {i}\nzweite Zeile {i}"' for i in range(1, 200)]
    path = tmp_path / "posts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = plan_inputs(path, options=TableOptions(id_column="id"), max_chunk_bytes=100)
    assert len(plan.chunks) > 10
    docs, errors = [], []
    for c in plan.chunks:
        d, e = read_chunk(c, on_error="skip")
        docs += d
        errors += e
    assert errors == []
    assert [d.text for d in docs[1:]] == [f"Zeile {i}\nzweite Zeile {i}" for i in range(1, 200)]


def test_jsonl_without_id_column_and_bad_lines(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_bytes(b'{"text": "Erster Beitrag."}\n\n[1, 2]\n{"text": "Zweiter."\n'
                     b'{"message": "x"}\n{"text": "Gr\xfc\xdfe"}\n{"text": "Dritter."}\n')
    out = tmp_path / "out"
    build(path, out, on_error="skip")
    docs = read_table(out, "documents")
    assert docs["doc_id"].tolist() == ["export-0000001", "export-0000007"]
    problems = dict(zip(read_table(out, "errors")["path"], read_table(out, "errors")["problem"],
                        strict=True))
    assert problems["export.jsonl:3"] == "not a JSON object"
    assert problems["export.jsonl:4"].startswith("not valid JSON")
    assert problems["export.jsonl:5"] == "no field 'text'"
    assert problems["export.jsonl:6"].startswith("undecodable bytes (not utf-8)")


def test_missing_column_is_a_one_line_error(tmp_path):
    path = write_tabular(tmp_path, "csv", table_rows(20))
    proc = subprocess.run(
        [sys.executable, "-m", "servicelab.cli", "build", str(path), "--out",
         str(tmp_path / "out"), "--corpus-only", "--text-column", "message"],
        capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "servicelab: error: posts.csv: no column 'message' (columns: post_id, body, created)"]


# ------------------------------------------------------------------------------ analyse

def test_analyse_pandas_and_dask_agree(tmp_path, client, generated, monkeypatch):
    pd_out, dk_out = tmp_path / "pd", tmp_path / "dk"
    build(RAW, pd_out)
    build(RAW, dk_out, engine="dask", client=client)
    counts_pd = analyse(pd_out, registry=REGISTRY)
    counts_dk = analyse(dk_out, engine="dask", registry=REGISTRY, client=client)
    assert counts_pd == counts_dk == {"dummy_sentences": 5, "dummy_rank": 5}
    assert (pd_out / "dummy_sentences.parquet").is_file()
    assert (dk_out / "dummy_sentences" / "part-00000.parquet").is_file()
    assert len(list((dk_out / "dummy_sentences").iterdir())) > 1  # run per partition
    assert_same_tables(pd_out, dk_out, names=("dummy_sentences", "dummy_rank"))
    man = json.loads((dk_out / "manifest.json").read_text())
    assert man["tables"]["dummy_rank"] == 5 and man["tables"]["documents"] == 5
    # the dask engine on a pandas-built (single-file) output partitions by row groups
    again = tmp_path / "again"
    build(generated, again, on_error="skip", max_chunk_bytes=1_000_000)
    analyse(again, registry=REGISTRY)
    expected = {n: read_table(again, n) for n in ("dummy_sentences", "dummy_rank")}
    analyse(again, engine="dask", registry=REGISTRY, client=client)
    assert not (again / "dummy_rank.parquet").exists()
    for name, df in expected.items():
        pd.testing.assert_frame_equal(read_table(again, name), df, obj=name)


def test_build_runs_registered_analyses(tmp_path, dummy_modules, monkeypatch):
    from servicelab import analyses

    monkeypatch.setattr(analyses, "ANALYSES", dict(REGISTRY))
    out = tmp_path / "out"
    assert main(["build", str(RAW), "--out", str(out), "--quiet"]) == 0
    assert len(read_table(out, "dummy_rank")) == 5
    assert main(["analyse", str(out), "--only", "dummy_per_doc", "--quiet"]) == 0
    with pytest.raises(ValueError, match="unknown analysis 'nope'"):
        analyse(out, names=["nope"])


# ------------------------------------------------------ a scheduler started by hand

@pytest.fixture(scope="module")
def hand_started_scheduler(tmp_path_factory, dummy_modules):
    """``dask scheduler`` and ``dask worker`` as real subprocesses on 127.0.0.1; stopped at
    teardown (and, should pytest itself be killed, by their idle and death timeouts)."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("scheduler")
    dask_cmd = str(Path(sys.executable).parent / "dask")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(dummy_modules[0].parent), os.environ.get("PYTHONPATH", "")])}
    sched_file = folder / "scheduler.json"
    procs = [subprocess.Popen(
        [dask_cmd, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(sched_file), "--idle-timeout", "300s"],
        cwd=folder, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(sched_file.read_text())["address"]
        procs.append(subprocess.Popen(
            [dask_cmd, "worker", address, "--nworkers", "2", "--nthreads", "1",
             "--no-dashboard", "--host", "127.0.0.1", "--local-directory", str(folder),
             "--death-timeout", "30s"],
            cwd=folder, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL))
        with Client(address) as c:
            c.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def test_cli_on_hand_started_scheduler(tmp_path, hand_started_scheduler, monkeypatch,
                                       capsys):
    from servicelab import analyses

    monkeypatch.setattr(analyses, "ANALYSES", dict(REGISTRY))
    pd_out, dk_out = tmp_path / "pd", tmp_path / "dk"
    monkeypatch.chdir(RAW.parent)  # a relative input path: workers see absolute paths
    assert main(["build", "raw", "--out", str(pd_out), "--quiet"]) == 0
    assert main(["build", "raw", "--out", str(dk_out), "--engine", "dask", "--scheduler",
                 hand_started_scheduler, "--corpus-only"]) == 0
    printed = capsys.readouterr().out
    assert f"dask: 2 worker(s) at {hand_started_scheduler}" in printed
    assert "wrote 6 tables to" in printed
    assert main(["analyse", str(dk_out), "--engine", "dask", "--scheduler",
                 hand_started_scheduler, "--quiet"]) == 0
    assert_same_tables(pd_out, dk_out, names=(*COLUMNS, "dummy_sentences", "dummy_rank"))


# ----------------------------------------------------------------------------- real analyses

def _sorted_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in a canonical order (every column as a sort key), index reset."""
    keys = df.astype(str)
    order = keys.sort_values(list(keys.columns), kind="stable").index
    return df.loc[order].reset_index(drop=True)


def test_real_analyses_dask_per_partition_equal_pandas(tmp_path, client):
    """The project's own analyses: one pandas pass over the whole corpus gives exactly the rows
    the Dask engine gives when every seed document lands in its own partition (which is what
    ``PER_DOCUMENT = True`` promises)."""
    from servicelab import analyses

    per_doc = {name for name, a in analyses.ANALYSES.items() if a.per_document}
    assert per_doc, "no analysis is per_document: nothing runs per partition"
    pd_out, dk_out = tmp_path / "pd", tmp_path / "dk"
    build(RAW, pd_out)
    build(RAW, dk_out, engine="dask", client=client, max_chunk_bytes=1)  # one doc per part
    assert len(list((dk_out / "documents").iterdir())) == 5
    counts_pd = analyse(pd_out)
    counts_dk = analyse(dk_out, engine="dask", client=client)
    assert counts_pd == counts_dk
    assert counts_pd["sentiment"] > 0 and counts_pd["timex"] > 0 and counts_pd["stance"] > 0
    for name in counts_pd:
        pd.testing.assert_frame_equal(_sorted_rows(read_table(pd_out, name)),
                                      _sorted_rows(read_table(dk_out, name)), obj=name)


def test_rules_reach_the_analyses_in_both_engines(tmp_path, client):
    """``rules`` (analysis name -> rules object) is passed to ``build_tables`` by both engines,
    also through pickling to Dask workers; rules for an analysis that is not run are an error."""
    from servicelab.blame import BlameRules

    strict = {"blame": BlameRules.load(near=5, cause_window=5)}
    pd_out, dk_out = tmp_path / "pd", tmp_path / "dk"
    build(RAW, pd_out)
    build(RAW, dk_out, engine="dask", client=client, max_chunk_bytes=1)
    analyse(pd_out, names=["blame"])
    shipped = read_table(pd_out, "blame")
    analyse(pd_out, names=["blame"], rules=strict)
    analyse(dk_out, engine="dask", names=["blame"], client=client, rules=strict)
    mine = read_table(pd_out, "blame")
    assert len(mine) < len(shipped)
    pd.testing.assert_frame_equal(_sorted_rows(mine), _sorted_rows(read_table(dk_out, "blame")))
    with pytest.raises(ValueError, match="rules given for 'blame', which is not run"):
        analyse(pd_out, names=["defence"], rules=strict)
