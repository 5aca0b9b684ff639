"""CPU seconds of ``entities.find_mentions`` on one long text, at growing lengths.

The text is the documents of a pickled corpus (one written by
``analysis_tables_snapshot.py corpora``) joined by line breaks and cut to each length; each
length runs in a fresh process (nothing memoised from the shorter one), after one warm-up
call on a short sentence (gazetteer loaded), so the figures include compiling the gazetteer
regexes the text needs:

    python benchmarks/bench_long_mentions.py /tmp/corpora/bench.corpus.pkl --kb 50 200 1000

Linear code doubles its time with the length; before issue 17's fix, 50 → 200 kB took
1.4 → 10.8 CPU s and 1 MB about two minutes.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path


def one(corpus: Path, kb: int) -> float:
    """CPU seconds of one ``find_mentions`` call on the first ``kb`` kB of the corpus."""
    from servicelab.entities import find_mentions

    with corpus.open("rb") as fh:
        docs = pickle.load(fh).documents["text"].tolist()
    text = "\n".join(docs)[:kb * 1000]
    find_mentions("Die Telekom hat angerufen.")
    c0 = time.process_time()
    found = find_mentions(text)
    cpu = time.process_time() - c0
    print(f"{len(text):>9,} characters: {len(found):>6,} mentions, {cpu:6.2f} CPU s")
    return cpu


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--kb", type=int, nargs="+", default=[50, 100, 200, 500, 1000])
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    args = p.parse_args()
    if args.one is not None:
        one(args.corpus, args.one)
        return 0
    for kb in args.kb:
        subprocess.run([sys.executable, __file__, str(args.corpus), "--one", str(kb)],
                       check=True, env=os.environ.copy())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
