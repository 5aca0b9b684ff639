"""Bounded cost of ``servicelab build --corpus-only`` on the inputs that used to explode.

Two cases, each beside a baseline of the same size measured in the same run (the ratio is
what to compare across machines):

* **form letters**: ``N`` near-identical letters ("Beschwerde {i}: Die Lieferung kam nicht.
  …", one file each), which all share their LSH buckets, against ``N`` distinct letters of
  the same length (words drawn from the external German texts);
* **one long line**: one document of ``--line-mb`` MB without a line break, against the same
  text as a normal document (a line break after every text).

Each build runs as ``python -m servicelab.cli build … --corpus-only --quiet`` in a fresh
subprocess; wall time, CPU time (user + system) and the peak resident memory of that process
(``os.wait4``) are printed. Inputs go to benchmarks/_data/bounded/ (not committed).

``--against SRC`` also builds the one-line document with another checkout's ``src`` folder
(e.g. ``git worktree add /tmp/base <commit>`` then ``--against /tmp/base/src``), alternating
with this checkout ``--repeat`` times: before/after in the same run, with the ratio (the
machine may be shared, so compare ratios, and CPU beside wall time). ``--letters 0`` leaves
the letter corpora out.

    python benchmarks/bench_bounded.py [--letters 20000] [--line-mb 8]
    python benchmarks/bench_bounded.py --letters 0 --against /tmp/base/src --repeat 2
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from external_texts import external_texts  # benchmarks/external_texts.py

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "_data" / "bounded"
LETTER = ("Beschwerde {i}: Die Lieferung kam nicht. Ich habe die Bestellung am 3. März "
          "aufgegeben und bis heute nichts erhalten. Der Kundenservice hat mir zweimal "
          "versprochen, dass das Paket unterwegs ist, aber die Sendungsverfolgung zeigt seit "
          "Wochen denselben Stand. Bitte erstatten Sie mir den Kaufpreis oder liefern Sie "
          "die Ware sofort.\nMit freundlichen Grüßen\nIhre Kundin\n")


def form_letter(i: int) -> str:
    """The ``i``-th near-identical form letter (only its number differs)."""
    return LETTER.format(i=i)


def write_letters(folder: Path, n: int, distinct: bool) -> Path:
    """``n`` letter files: the form letter, or distinct letters of the same word count."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    words = sorted({w for t in external_texts() for w in t.split()}) if distinct else []
    rng = random.Random(7)
    for i in range(n):
        text = form_letter(i)
        if distinct:
            text = " ".join(rng.choice(words) for _ in text.split()) + "\n"
        (folder / f"letter_{i:06d}.txt").write_text(text, encoding="utf-8")
    return folder


def write_long(folder: Path, mb: float, one_line: bool) -> Path:
    """One document of about ``mb`` MB from the external texts, on one line or many."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    texts = [" ".join(t.split()) for t in external_texts()]
    parts, size, k = [], 0, 0
    while size < mb * 1e6:
        parts.append(texts[k % len(texts)])
        size += len(parts[-1].encode("utf-8")) + 1
        k += 1
    (folder / "long.txt").write_text((" " if one_line else "\n").join(parts), encoding="utf-8")
    return folder


def run_build(corpus: Path, src: Path = ROOT / "src") -> tuple[float, float, float]:
    """Seconds (wall), seconds (CPU) and peak RSS (MB) of one corpus-only build in a fresh
    process, with ``src`` as the servicelab source."""
    out = corpus.parent / f"{corpus.name}_out"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-m", "servicelab.cli", "build", str(corpus), "--out", str(out),
           "--corpus-only", "--quiet"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"build of {corpus} failed (exit {proc.returncode})")
    shutil.rmtree(out, ignore_errors=True)
    # ru_maxrss is in KiB on Linux
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def before_after(corpus: Path, against: Path, repeat: int) -> None:
    """The one-line build with ``against`` (before) and this checkout (after), alternating."""
    runs: dict[str, list[tuple[float, float, float]]] = {"before": [], "after": []}
    for _ in range(max(1, repeat)):
        runs["before"].append(run_build(corpus, against))
        runs["after"].append(run_build(corpus, ROOT / "src"))
    print(f"one line, before ({against}) / after ({ROOT / 'src'}):")
    print(f"{'run':<10}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}")
    for label, rows in runs.items():
        for i, (wall, cpu, peak) in enumerate(rows, 1):
            print(f"{label} {i:<3}{wall:>9.1f}{cpu:>9.1f}{peak:>9.0f}")
    best = {k: (min(r[0] for r in v), min(r[1] for r in v)) for k, v in runs.items()}
    print(f"ratio after / before (best of {max(1, repeat)}): wall "
          f"{best['after'][0] / best['before'][0]:.2f}, CPU "
          f"{best['after'][1] / best['before'][1]:.2f}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--letters", type=int, default=20_000,
                   help="form letters (default 20000; 0: no letter corpora)")
    p.add_argument("--line-mb", type=float, default=8.0,
                   help="size of the one-line document in MB (default 8; 0: none)")
    p.add_argument("--against", type=Path, default=None,
                   help="another checkout's src folder: before/after on the one-line document")
    p.add_argument("--repeat", type=int, default=2,
                   help="builds of each side with --against (default 2)")
    args = p.parse_args()
    rows = []
    corpora = []
    if args.letters:
        corpora += [
            (f"{args.letters} form letters", write_letters(DATA / "letters", args.letters, False)),
            (f"{args.letters} distinct letters", write_letters(DATA / "distinct", args.letters,
                                                               True)),
        ]
    if args.line_mb > 0:
        one_line = write_long(DATA / "one_line", args.line_mb, True)
        corpora += [
            (f"{args.line_mb:g} MB on one line", one_line),
            (f"{args.line_mb:g} MB, line per text",
             write_long(DATA / "lines", args.line_mb, False)),
        ]
    elif args.against is not None:
        p.error("--against compares the one-line document: give --line-mb > 0")
    for label, corpus in corpora:
        rows.append((label, *run_build(corpus)))
    print(f"{'corpus-only build':<32}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}")
    for label, seconds, cpu, peak in rows:
        print(f"{label:<32}{seconds:>9.1f}{cpu:>9.1f}{peak:>9.0f}")
    if args.letters:
        print(f"ratio form letters / distinct letters: time {rows[0][1] / rows[1][1]:.2f}, "
              f"memory {rows[0][3] / rows[1][3]:.2f}")
    if args.line_mb > 0:
        print(f"ratio one line / line per text: time {rows[-2][1] / rows[-1][1]:.2f}, "
              f"memory {rows[-2][3] / rows[-1][3]:.2f}")
    if args.against is not None:
        before_after(one_line, args.against, args.repeat)


if __name__ == "__main__":
    main()
