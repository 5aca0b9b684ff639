"""The job users run, this checkout against another one, in the same run.

Why: "within 10 % of before" and "n× faster" only mean something when both code versions
run on the same machine at the same time, alternating, on the same input. This times
``servicelab build FOLDER --out OUT --quiet`` (full job) and the same with ``--corpus-only``
in fresh processes, once per checkout and round, and prints the median ratio new / old.

    python benchmarks/bench_against.py --against ../old-checkout [--mb 2] [--rounds 3]

The corpus is bench_build.py's (external German texts as 40-comment pages).
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from bench_build import make_corpus, time_cli_build  # benchmarks/bench_build.py

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--against", type=Path, required=True, help="the other checkout's root")
    p.add_argument("--mb", type=float, default=2.0, help="corpus size in MB (default 2)")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    args = p.parse_args()
    folder, nbytes = make_corpus(args.mb)
    mb = nbytes / 1e6
    trees = {"this": ROOT, "other": args.against.resolve()}
    print(f"corpus {mb:.1f} MB; this = {ROOT}, other = {trees['other']}")
    for corpus_only in (True, False):
        job = "build --corpus-only" if corpus_only else "build (full job)"
        runs: dict[str, list[tuple[float, float]]] = {"this": [], "other": []}
        # warm the caches (word lists, model) once per side
        time_cli_build(folder, trees["this"] / "src", corpus_only)
        time_cli_build(folder, trees["other"] / "src", corpus_only)
        for _ in range(args.rounds):
            for name in ("other", "this"):
                runs[name].append(time_cli_build(folder, trees[name] / "src", corpus_only))
        for name, r in runs.items():
            wall = statistics.median(w for w, _ in r)
            cpu = statistics.median(c for _, c in r)
            print(f"{job:<22}{name:<6} wall {wall:7.2f} s ({mb / wall:5.2f} MB/s)  "
                  f"CPU {cpu:7.2f} s ({mb / cpu:5.2f} MB/CPU-s)")
        ratio_wall = (statistics.median(w for w, _ in runs["this"])
                      / statistics.median(w for w, _ in runs["other"]))
        ratio_cpu = (statistics.median(c for _, c in runs["this"])
                     / statistics.median(c for _, c in runs["other"]))
        print(f"{job:<22}this / other: wall {ratio_wall:.2f}, CPU {ratio_cpu:.2f}")


if __name__ == "__main__":
    main()
