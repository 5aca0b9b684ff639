"""Throughput (MB/s) of the corpus tables, each analysis and the whole job, beside SoMaJo.

The corpus is made from the external German texts (GermEval 2017 and One Million Posts,
read from data/external/ or ../shared/external/), written as pages of 40 comments each into
benchmarks/_data/build/ (not committed). In the same run, on one core:

* the corpus tables (``build_corpus``, several times: first run and best);
* each analysis of ``analyses.REGISTRY`` on those tables, separately, in-process (the first
  call includes loading its rules and, for sentiment, training the model), in wall-clock and
  in CPU seconds (the steadier figure when other processes share the machine);
* the job users run: ``servicelab build FOLDER --out OUT --quiet`` in a fresh process (corpus +
  every analysis + writing the tables), default engine;
* SoMaJo tokenisation of the same text, the baseline whose ratio carries across machines.

    python benchmarks/bench_build.py [--mb 4] [--repeat 3] [--skip-cli]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from external_texts import external_texts  # benchmarks/external_texts.py

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "_data" / "build"


def make_corpus(target_mb: float) -> tuple[Path, int]:
    """Write pages of 40 texts until about ``target_mb`` MB; return folder and byte count."""
    texts = external_texts()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.txt"):
        old.unlink()
    total, k, i = 0, 0, 0
    while total < target_mb * 1e6:
        page = "\n".join(texts[(i + j) % len(texts)] for j in range(40))
        data = page.encode("utf-8")
        (OUT / f"page_{k:05d}.txt").write_bytes(data)
        total += len(data)
        k += 1
        i += 40
    return OUT, total


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=4.0, help="corpus size in MB (default 4)")
    p.add_argument("--repeat", type=int, default=3,
                   help="build runs; the first includes loading word lists (default 3)")
    p.add_argument("--skip-cli", action="store_true",
                   help="do not time the full `servicelab build` in a fresh process")
    args = p.parse_args()
    folder, nbytes = make_corpus(args.mb)
    mb = nbytes / 1e6

    from servicelab import build_corpus

    times = []
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        corpus = build_corpus(folder)
        times.append(time.perf_counter() - t0)
    t_first, t_build = times[0], min(times)

    from servicelab.analyses import REGISTRY

    analysis_times, analysis_cpu = {}, {}
    for analysis in REGISTRY:
        t0, c0 = time.perf_counter(), time.process_time()
        analysis.run(corpus)
        analysis_times[analysis.name] = time.perf_counter() - t0
        analysis_cpu[analysis.name] = time.process_time() - c0

    t_cli = None if args.skip_cli else time_cli_build(folder)[0]

    from somajo import SoMaJo

    tokenizer = SoMaJo("de_CMC", split_camel_case=False)
    paragraphs = [line for f in sorted(folder.glob("*.txt"))
                  for line in f.read_text(encoding="utf-8").split("\n")]
    t0 = time.perf_counter()
    n_tokens = sum(len(s) for s in tokenizer.tokenize_text(paragraphs))
    t_somajo = time.perf_counter() - t0

    print(f"corpus: {len(list(folder.glob('*.txt')))} files, {mb:.1f} MB, "
          f"{len(corpus.sentences)} sentences, {n_tokens} SoMaJo tokens")
    print(f"{'step':<28}{'seconds':>9}{'MB/s':>8}")
    print(f"{'servicelab build, first run':<28}{t_first:>9.2f}{mb / t_first:>8.2f}")
    print(f"{f'servicelab build, best of {len(times)}':<28}{t_build:>9.2f}{mb / t_build:>8.2f}")
    for name, seconds in analysis_times.items():
        print(f"{'analysis ' + name:<28}{seconds:>9.2f}{mb / seconds:>8.2f}"
              f"   ({analysis_cpu[name]:.2f} CPU s, {mb / analysis_cpu[name]:.2f} MB/CPU-s)")
    if t_cli is not None:
        print(f"{'servicelab build (full job)':<28}{t_cli:>9.2f}{mb / t_cli:>8.2f}")
    print(f"{'SoMaJo tokenisation':<28}{t_somajo:>9.2f}{mb / t_somajo:>8.2f}")
    print(f"ratio corpus tables (best) / SoMaJo throughput: {t_somajo / t_build:.2f}")
    if t_cli is not None:
        print(f"ratio full job / SoMaJo throughput: {t_somajo / t_cli:.2f}")


def time_cli_build(folder: Path, src: Path = ROOT / "src", corpus_only: bool = False
                   ) -> tuple[float, float]:
    """Wall and CPU seconds of ``servicelab build FOLDER --out … --quiet`` in a fresh process
    with ``src`` on the path (another checkout's, for before/after in one run)."""
    out = folder.parent / f"{folder.name}_out"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-m", "servicelab.cli", "build", str(folder), "--out", str(out),
           "--quiet", *(["--corpus-only"] if corpus_only else [])]
    c0 = os.times()
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True)
    wall = time.perf_counter() - t0
    c1 = os.times()
    shutil.rmtree(out, ignore_errors=True)
    return wall, (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)


if __name__ == "__main__":
    main()
