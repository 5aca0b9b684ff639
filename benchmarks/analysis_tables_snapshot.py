"""Save or compare every analysis table of the seeds, the dev corpus and the bench corpus.

The corpus tables are built once (``corpora``, fixed pseudonym key) and pickled, so that the
old and the new analysis code read exactly the same input; then each source tree runs every
analysis of ``analyses.REGISTRY`` on them (``save``), and ``compare`` checks each table with
``pandas.testing.assert_frame_equal`` (exact: dtypes, index, floats without tolerance):

    python benchmarks/analysis_tables_snapshot.py corpora /tmp/corpora [--mb 2]
    PYTHONPATH=<old>/src python benchmarks/analysis_tables_snapshot.py save /tmp/corpora /tmp/old
    PYTHONPATH=<new>/src python benchmarks/analysis_tables_snapshot.py save /tmp/corpora /tmp/new
    python benchmarks/analysis_tables_snapshot.py compare /tmp/old /tmp/new

``save`` also prints the wall and CPU seconds of each analysis per corpus (CPU seconds are
the steadier figure on a shared machine). No gold labels are read.
"""

from __future__ import annotations

import argparse
import pickle
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("raw", "dev", "bench")
KEY = b"servicelab-speed-snapshot-key"


def corpora(out: Path, mb: float) -> None:
    """Build and pickle the three corpora into ``out``."""
    from bench_build import make_corpus  # benchmarks/bench_build.py

    from servicelab import build_corpus

    out.mkdir(parents=True, exist_ok=True)
    folders = {"raw": ROOT / "data" / "raw", "dev": ROOT / "data" / "dev",
               "bench": make_corpus(mb)[0]}
    for name in NAMES:
        corpus = build_corpus(folders[name], key=KEY)
        with (out / f"{name}.corpus.pkl").open("wb") as fh:
            pickle.dump(corpus, fh)
        print(f"{name}: {len(corpus.segments)} segments, {len(corpus.sentences)} sentences")


def save(src: Path, out: Path, only: list[str] | None = None) -> None:
    """Run every registered analysis (or those named in ``only``) on each pickled corpus;
    pickle the tables into ``out``."""
    from servicelab.analyses import REGISTRY

    out.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        with (src / f"{name}.corpus.pkl").open("rb") as fh:
            corpus = pickle.load(fh)
        tables: dict[str, pd.DataFrame] = {}
        for analysis in REGISTRY:
            if only and analysis.name not in only:
                continue
            t0, c0 = time.perf_counter(), time.process_time()
            tables.update(analysis.run(corpus))
            print(f"{name} {analysis.name}: {time.perf_counter() - t0:.2f} s wall, "
                  f"{time.process_time() - c0:.2f} s CPU")
        with (out / f"{name}.tables.pkl").open("wb") as fh:
            pickle.dump(tables, fh)


def compare(a: Path, b: Path, only: list[str] | None = None) -> bool:
    """Print per corpus and table whether they are equal; True when all are (``only``: just
    these tables, e.g. when one side was saved with ``save --only``)."""
    same = True
    for name in NAMES:
        with (a / f"{name}.tables.pkl").open("rb") as fh:
            x = pickle.load(fh)
        with (b / f"{name}.tables.pkl").open("rb") as fh:
            y = pickle.load(fh)
        if only:
            x = {k: v for k, v in x.items() if k in only}
            y = {k: v for k, v in y.items() if k in only}
        if sorted(x) != sorted(y):
            print(f"{name}: tables differ: {sorted(x)} / {sorted(y)}")
            same = False
            continue
        for table in sorted(x):
            try:
                pd.testing.assert_frame_equal(x[table], y[table], check_exact=True)
                print(f"{name} {table}: {len(x[table])} rows, identical")
            except AssertionError as err:
                same = False
                print(f"{name} {table}: DIFFERENT ({len(x[table])} / {len(y[table])} rows): "
                      f"{str(err).splitlines()[0]}")
    return same


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpora")
    c.add_argument("out", type=Path)
    c.add_argument("--mb", type=float, default=2.0)
    s = sub.add_parser("save")
    s.add_argument("corpora", type=Path)
    s.add_argument("out", type=Path)
    s.add_argument("--only", nargs="+", help="analyses to run (default: all)")
    k = sub.add_parser("compare")
    k.add_argument("a", type=Path)
    k.add_argument("b", type=Path)
    k.add_argument("--only", nargs="+", help="tables to compare (default: all)")
    args = p.parse_args()
    if args.cmd == "corpora":
        corpora(args.out, args.mb)
    elif args.cmd == "save":
        save(args.corpora, args.out, args.only)
    else:
        return 0 if compare(args.a, args.b, args.only) else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
