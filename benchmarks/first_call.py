"""CPU seconds of one analysis's first call in a fresh process, this checkout against another.

Why: a build (and each Dask worker) runs every analysis once per process, so what it pays is
the first call: imports, models and word lists loaded, then the corpus. ``profile_analysis``
and ``analysis_tables_snapshot save`` warm up on the seeds first and so hide these fixed
costs. Here each round starts one fresh process per checkout, alternating, loads a corpus
pickled by ``analysis_tables_snapshot.py corpora`` (not timed), and times the analysis's
first ``run`` in CPU seconds (the steadier figure on a shared machine):

    python benchmarks/first_call.py sentiment /tmp/corpora/bench.corpus.pkl \
        --against ../old-checkout [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import pickle, sys, time
import servicelab.corpus  # the corpus classes, to unpickle (not timed)
with open(sys.argv[2], "rb") as fh:
    corpus = pickle.load(fh)
c0 = time.process_time()
from servicelab.analyses import ANALYSES
ANALYSES[sys.argv[1]].run(corpus)
print(time.process_time() - c0)
"""


def first_call(src: Path, analysis: str, corpus: Path) -> float:
    """CPU seconds of ``analysis``'s first run on ``corpus`` with ``src`` on the path."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": "0"}
    out = subprocess.run([sys.executable, "-c", CHILD, analysis, str(corpus)], env=env,
                         check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("analysis", help="a name of analyses.REGISTRY (sentiment, blame, …)")
    p.add_argument("corpus", type=Path, help="pickled corpus (analysis_tables_snapshot)")
    p.add_argument("--against", type=Path, required=True, help="the other checkout's root")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    args = p.parse_args()
    trees = {"this": ROOT / "src", "other": args.against.resolve() / "src"}
    times: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(args.rounds):
        for name, src in trees.items():
            times[name].append(first_call(src, args.analysis, args.corpus))
    for name, values in times.items():
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"{args.analysis} first call  {name:<6} CPU s: {runs}  "
              f"(median {statistics.median(values):.2f})")
    ratio = statistics.median(times["this"]) / statistics.median(times["other"])
    print(f"this / other (medians): {ratio:.2f}")


if __name__ == "__main__":
    main()
