"""Scaling of ``servicelab build``: pandas engine against Dask, on corpora of growing size.

Corpora of about 50, 200 and 800 MB are generated deterministically from the external German
texts (GermEval 2017, One Million Posts; read from data/external/ or ../shared/external/) as
blog-like pages: a title, an article of a few texts, a comment header and a thread of
comments (some addressed with @handles); every 50th page is a near-duplicate of the one
before. They are written to benchmarks/_data/scale/ (not committed) and reused if present.

Each run is ``servicelab build CORPUS --out OUT --corpus-only --quiet --engine E`` in a fresh
subprocess (``--analyses``: the same without ``--corpus-only``, the whole job). A sampler
(psutil, every 0.2 s) sums RSS and CPU time over the whole process tree
(client, scheduler, nanny and worker processes) and records the load average, because the
machine may be shared. Printed per size and engine: seconds, MB/s, MB per CPU-second, peak
memory; then the growth exponent of time against size (least-squares fit on log-log scale),
the Dask/pandas speed-up at the largest size, and the workers a 100 GB corpus needs for a
one-hour build. Results go to benchmarks/_data/scale/results.json; ``--figure`` writes the
log-log plot.

    python benchmarks/bench_scale.py                          # 50, 200, 800 MB, both engines
    python benchmarks/bench_scale.py --sizes 5 20 --workers 2 --figure benchmarks/scale.png
    python benchmarks/bench_scale.py --analyses --sizes 4 8 16     # the whole job users run
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psutil
from external_texts import external_texts as shared_external_texts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "_data" / "scale"
SEED = 42
HANDLES = ["Kundenservice", "Telekom_hilft", "DB_Bahn", "Anna_K", "bahnfahrer", "Redcoon"]
TARGET_HOURS = 1.0
TARGET_GB = 100.0


def external_texts() -> list[str]:
    """The external texts with runs of whitespace collapsed (pages are built line by line)."""
    return [" ".join(t.split()) for t in shared_external_texts()]


def make_page(rng: random.Random, texts: list[str]) -> str:
    """A blog-like page: title, article, comment header, comments."""
    title = rng.choice(texts)[:80].rstrip(" .!?")
    article = [rng.choice(texts) for _ in range(rng.randint(2, 5))]
    n = rng.randint(5, 40)
    comments = []
    for _ in range(n):
        text = rng.choice(texts)
        if rng.random() < 0.25:
            text = f"@{rng.choice(HANDLES)} {text}"
        comments.append(text)
    return "\n".join([title, "", *article, "", f"{n} Kommentare", "", *comments]) + "\n"


def make_corpus(target_mb: int) -> tuple[Path, int]:
    """Write (or reuse) a corpus of about ``target_mb`` MB; return its folder and byte count."""
    folder = DATA / f"corpus_{target_mb}MB"
    stamp = folder / ".complete.json"
    if stamp.exists():
        info = json.loads(stamp.read_text())
        return folder, info["bytes"]
    if folder.exists():
        shutil.rmtree(folder)
    texts = external_texts()
    rng = random.Random(SEED)  # same seed for every size: the small corpora prefix the large
    total, k, previous = 0, 0, ""
    while total < target_mb * 1e6:
        if previous and k % 50 == 49:  # near-duplicate: the previous page with one more comment
            page = previous + rng.choice(texts) + "\n"
        else:
            page = make_page(rng, texts)
        previous = page
        sub = folder / f"{k // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        data = page.encode("utf-8")
        (sub / f"page_{k:07d}.txt").write_bytes(data)
        total += len(data)
        k += 1
    stamp.write_text(json.dumps({"bytes": total, "files": k, "seed": SEED}))
    return folder, total


class TreeSampler:
    """Peak RSS and CPU seconds of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}
        self.loads: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            rss = 0
            for p in procs:
                try:
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    continue
            self.peak_rss = max(self.peak_rss, rss)
            self.loads.append(os.getloadavg()[0])
            self._stop.wait(self.interval)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def run_build(corpus: Path, engine: str, workers: int, analyses: bool = False) -> dict:
    out = DATA / f"out_{engine}"
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "servicelab.cli", "build", str(corpus), "--out", str(out),
           *([] if analyses else ["--corpus-only"]), "--quiet", "--engine", engine]
    if engine == "dask":
        cmd += ["--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeSampler(proc.pid) as sampler:
        _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({engine}, {corpus.name}):\n{err}")
    manifest = json.loads((out / "manifest.json").read_text())
    shutil.rmtree(out)
    return {"seconds": seconds, "cpu_seconds": sampler.cpu_seconds,
            "peak_rss_mb": sampler.peak_rss / 1e6,
            "load_avg": float(np.mean(sampler.loads)) if sampler.loads else None,
            "documents": manifest["tables"]["documents"],
            "sentences": manifest["tables"]["sentences"]}


def exponent(sizes: list[float], seconds: list[float]) -> float:
    """Slope of log(time) against log(size): 1 is linear growth."""
    if len(sizes) < 2:
        return float("nan")
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def figure(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4.2))
    for engine, marker in (("pandas", "o"), ("dask", "s")):
        rows = [r for r in results if r["engine"] == engine]
        if not rows:
            continue
        mb = [r["mb"] for r in rows]
        sec = [r["seconds"] for r in rows]
        label = f"{engine} (exponent {exponent(mb, sec):.2f})"
        ax.loglog(mb, sec, marker=marker, label=label)
    if results:
        mb = np.array(sorted({r["mb"] for r in results}))
        first = min(results, key=lambda r: r["mb"])
        ax.loglog(mb, first["seconds"] * mb / first["mb"], "k:", lw=1, label="linear")
    ax.set_xlabel("corpus size (MB)")
    ax.set_ylabel("build time (s)")
    ax.set_title("servicelab build: time against corpus size")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 800], help="MB")
    p.add_argument("--engines", nargs="+", default=["pandas", "dask"])
    p.add_argument("--workers", type=int, default=2, help="Dask LocalCluster workers")
    p.add_argument("--figure", type=Path, help="write the log-log plot here (PNG)")
    p.add_argument("--keep", action="store_true",
                   help="keep earlier results.json rows of sizes/engines not measured now "
                   "(re-measure some sizes, e.g. when the machine was busy)")
    p.add_argument("--analyses", action="store_true",
                   help="time the whole job (corpus tables and the four analyses), not "
                   "--corpus-only; results go to results_analyses.json")
    args = p.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    store = DATA / ("results_analyses.json" if args.analyses else "results.json")
    results = []
    if args.keep and store.exists():
        results = [r for r in json.loads(store.read_text())
                   if not (r["target_mb"] in args.sizes and r["engine"] in args.engines)]
    print(f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / 1e9:.1f} GB RAM; "
          f"Dask with {args.workers} worker processes; "
          f"{'the whole job' if args.analyses else 'corpus tables only'}", flush=True)
    print(f"{'MB':>7} {'engine':<7} {'docs':>7} {'s':>8} {'MB/s':>6} {'MB/cpu-s':>9} "
          f"{'peak MB':>8} {'load':>5}", flush=True)
    for size in args.sizes:
        corpus, nbytes = make_corpus(size)
        mb = nbytes / 1e6
        for engine in args.engines:
            r = run_build(corpus, engine, args.workers, args.analyses)
            r.update(engine=engine, mb=mb, target_mb=size, workers=args.workers)
            results.append(r)
            results.sort(key=lambda r: (r["target_mb"], r["engine"] != "pandas"))
            print(f"{mb:7.1f} {engine:<7} {r['documents']:7d} {r['seconds']:8.1f} "
                  f"{mb / r['seconds']:6.2f} {mb / r['cpu_seconds']:9.2f} "
                  f"{r['peak_rss_mb']:8.0f} {r['load_avg']:5.1f}", flush=True)
            store.write_text(json.dumps(results, indent=2))
    print()
    for r in results:
        print(f"{r['mb']:7.1f} {r['engine']:<7} {r['seconds']:8.1f} s "
              f"{r['mb'] / r['seconds']:6.2f} MB/s {r['mb'] / r['cpu_seconds']:6.2f} MB/cpu-s "
              f"{r['peak_rss_mb']:6.0f} MB load {r['load_avg']:.1f}")
    for engine in args.engines:
        rows = [r for r in results if r["engine"] == engine]
        print(f"growth exponent {engine}: "
              f"{exponent([r['mb'] for r in rows], [r['seconds'] for r in rows]):.2f}")
    largest = max(r["target_mb"] for r in results)
    at = {r["engine"]: r for r in results if r["target_mb"] == largest}
    if {"pandas", "dask"} <= set(at):
        print(f"speed-up dask/pandas at {at['dask']['mb']:.0f} MB: "
              f"{at['pandas']['seconds'] / at['dask']['seconds']:.2f}x; "
              f"dask peak memory {at['dask']['peak_rss_mb'] / 1e3:.2f} GB")
    if "pandas" in at:
        per_core = at["pandas"]["mb"] / at["pandas"]["cpu_seconds"]
        need = math.ceil(TARGET_GB * 1e3 / (per_core * 3600 * TARGET_HOURS))
        print(f"per-core throughput {per_core:.2f} MB/cpu-s -> {TARGET_GB:.0f} GB in "
              f"{TARGET_HOURS:.0f} h needs >= {need} worker cores at perfect scaling")
    if args.figure:
        figure(results, args.figure)
        print(f"figure: {args.figure}")


if __name__ == "__main__":
    main()
