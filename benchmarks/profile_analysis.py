"""cProfile of one analysis on a pickled corpus, in steady state (top entries by own time).

The corpus is one written by ``analysis_tables_snapshot.py corpora``; the analysis runs once
on the seeds first (rules loaded, model trained or read), so the profile shows the per-corpus
work only:

    python benchmarks/profile_analysis.py sentiment /tmp/corpora/bench.corpus.pkl \
        --warm /tmp/corpora/raw.corpus.pkl [--top 12] [--out sentiment.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pickle
import pstats
import time
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("analysis", help="a name of analyses.REGISTRY (sentiment, blame, …)")
    p.add_argument("corpus", type=Path, help="pickled corpus to profile on")
    p.add_argument("--warm", type=Path, help="pickled corpus to run once before profiling")
    p.add_argument("--top", type=int, default=12)
    p.add_argument("--out", type=Path, help="write the raw profile here")
    args = p.parse_args()

    from servicelab.analyses import ANALYSES

    analysis = ANALYSES[args.analysis]
    if args.warm:
        with args.warm.open("rb") as fh:
            analysis.run(pickle.load(fh))
    with args.corpus.open("rb") as fh:
        corpus = pickle.load(fh)
    prof = cProfile.Profile()
    t0, c0 = time.perf_counter(), time.process_time()
    prof.enable()
    analysis.run(corpus)
    prof.disable()
    print(f"{args.analysis}: {time.perf_counter() - t0:.2f} s wall, "
          f"{time.process_time() - c0:.2f} s CPU (profiled)")
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())
    if args.out:
        prof.dump_stats(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
