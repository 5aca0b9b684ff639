"""Save or compare the sentiment tables of the seeds, the dev corpus and the bench corpus.

Run once with the old source and once with the new one (``PYTHONPATH``), then compare:

    python benchmarks/sentiment_tables_snapshot.py save /tmp/before
    python benchmarks/sentiment_tables_snapshot.py save /tmp/after
    python benchmarks/sentiment_tables_snapshot.py compare /tmp/before /tmp/after

The bench corpus is ``bench_build.make_corpus(--mb)`` (default 2 MB). ``compare`` prints,
per corpus, whether the tables are ``DataFrame.equals`` (exact, floats included) and, where
not, which columns differ in how many rows. Only timing and equality: no gold labels are read.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
from bench_build import make_corpus  # benchmarks/bench_build.py

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("raw", "dev", "bench")


def save(out: Path, mb: float) -> None:
    """Write ``<name>_sentiment.parquet`` for the three corpora into ``out``."""
    from servicelab import build_corpus, sentiment

    out.mkdir(parents=True, exist_ok=True)
    folders = {"raw": ROOT / "data" / "raw", "dev": ROOT / "data" / "dev",
               "bench": make_corpus(mb)[0]}
    for name in NAMES:
        corpus = build_corpus(folders[name])
        t0 = time.perf_counter()
        df = sentiment.build_tables(corpus)["sentiment"]
        print(f"{name}: {len(df)} rows, {time.perf_counter() - t0:.2f} s")
        df.to_parquet(out / f"{name}_sentiment.parquet")


def compare(a: Path, b: Path) -> bool:
    """Print the comparison; True when every table is equal."""
    same = True
    for name in NAMES:
        x = pd.read_parquet(a / f"{name}_sentiment.parquet")
        y = pd.read_parquet(b / f"{name}_sentiment.parquet")
        eq = x.equals(y)
        same &= eq
        print(f"{name}: {len(x)} / {len(y)} rows, equals: {eq}")
        if not eq and x.shape == y.shape:
            for col in x.columns:
                if not x[col].equals(y[col]):
                    print(f"  {col}: {int((x[col] != y[col]).sum())} rows differ")
    return same


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("save")
    s.add_argument("out", type=Path)
    s.add_argument("--mb", type=float, default=2.0)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = p.parse_args()
    if args.cmd == "save":
        save(args.out, args.mb)
        return 0
    return 0 if compare(args.a, args.b) else 1


if __name__ == "__main__":
    raise SystemExit(main())
