"""Are the corpus tables unchanged by a speed-up? Dump them from one checkout, compare in another.

Why: a performance change must not change a single cell. This builds the corpus tables (and
the pseudonyms table) of

* the five seed pages (``data/raw``, their own key file),
* every development-corpus family, held-out pages included (:func:`devcorpus.build_family`),
* the one-line document of ``bench_bounded.write_long`` (``--line-mb``, one line) and the
  same text with a line per text,
* the page corpus of ``bench_build.make_corpus`` (``--bench-mb``),

and either pickles them into a folder (``dump``) or compares them with the pickles there
(``compare``, :func:`pandas.testing.assert_frame_equal`, exact). Run ``dump`` with the
``PYTHONPATH`` of the starting commit and ``compare`` with the changed one:

    PYTHONPATH=/tmp/base/src python benchmarks/same_tables.py dump /tmp/tables
    PYTHONPATH=src python benchmarks/same_tables.py compare /tmp/tables

Inputs are written under ``--work`` (default /tmp/same_tables_inputs), never into the repo.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

KEY = b"same-tables-comparison-key-0001"


def _tables(corpus) -> dict[str, pd.DataFrame]:  # noqa: ANN001 (a servicelab Corpus)
    return {**corpus.tables(), "pseudonyms": corpus.pseudonyms}


def cases(work: Path, line_mb: float, bench_mb: float) -> Iterator[tuple[str, Callable]]:
    """``(name, build)`` of every corpus compared; ``build()`` returns its tables."""
    from servicelab import devcorpus
    from servicelab.corpus import build_corpus

    yield "seeds", lambda: _tables(build_corpus(ROOT / "data" / "raw"))
    root = ROOT / "data" / "dev"
    for fam in devcorpus.families(root):
        yield f"dev_{fam}", lambda fam=fam: _tables(devcorpus.build_family(fam, root=root))

    import bench_bounded
    import bench_build

    for one_line in (True, False):
        name = f"long_{line_mb:g}mb_{'one_line' if one_line else 'lines'}"
        folder = work / name

        def build_long(folder: Path = folder, one_line: bool = one_line) -> dict:
            bench_bounded.write_long(folder, line_mb, one_line)
            return _tables(build_corpus(folder, key=KEY))

        yield name, build_long

    def build_pages() -> dict:
        bench_build.OUT = work / "bench_pages"
        folder, _ = bench_build.make_corpus(bench_mb)
        return _tables(build_corpus(folder, key=KEY))

    yield f"bench_pages_{bench_mb:g}mb", build_pages


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=("dump", "compare"))
    p.add_argument("folder", type=Path, help="where the pickled tables are (or go)")
    p.add_argument("--work", type=Path, default=Path("/tmp/same_tables_inputs"))
    p.add_argument("--line-mb", type=float, default=8.0)
    p.add_argument("--bench-mb", type=float, default=1.0)
    p.add_argument("--only", default="", help="only cases whose name contains this")
    args = p.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name, build in cases(args.work, args.line_mb, args.bench_mb):
        if args.only not in name:
            continue
        t0 = time.perf_counter()
        tables = build()
        seconds = time.perf_counter() - t0
        path = args.folder / f"{name}.pkl"
        if args.mode == "dump":
            path.write_bytes(pickle.dumps(tables))
            print(f"{name:<32} dumped   {seconds:6.1f} s", flush=True)
            continue
        before = pickle.loads(path.read_bytes())
        problems = []
        for table in sorted(set(before) | set(tables)):
            try:
                pd.testing.assert_frame_equal(tables[table], before[table], check_exact=True)
            except (AssertionError, KeyError) as exc:
                problems.append(f"{table}: {str(exc).splitlines()[0:3]}")
        failed += bool(problems)
        rows = sum(len(t) for t in tables.values())
        print(f"{name:<32} {'DIFFERENT' if problems else 'identical'} ({rows} rows) "
              f"{seconds:6.1f} s", flush=True)
        for line in problems:
            print("   ", line)
    if failed:
        raise SystemExit(f"{failed} corpora differ")


if __name__ == "__main__":
    main()
