"""CPU seconds of the timeline's phases on a pickled corpus, in ``bench_build.py``'s order.

``bench_build.py`` runs sentiment and blame before the timeline, so the shared lemma memo
(``lemmas.lemma``) already holds the corpus' word forms; this runs blame first as well
(``--cold``: not), then the timeline once, and prints its CPU seconds and those of its
phases (the temporal tagger, the events, the latencies and their stated waits):

    PYTHONPATH=src python benchmarks/timeline_phases.py /tmp/corpora/bench.corpus.pkl

The corpus is one written by ``analysis_tables_snapshot.py corpora``.
"""

from __future__ import annotations

import argparse
import pickle
import time
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path, help="pickled corpus")
    p.add_argument("--cold", action="store_true", help="do not run blame first")
    args = p.parse_args()

    from servicelab import timeline as tl
    from servicelab.analyses import ANALYSES

    with args.corpus.open("rb") as fh:
        corpus = pickle.load(fh)
    if not args.cold:
        ANALYSES["blame"].run(corpus)
    spent: dict[str, float] = {}

    def timed(module, name: str) -> None:
        f = getattr(module, name)

        def wrapper(*a, **k):
            c0 = time.process_time()
            try:
                return f(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - c0

        setattr(module, name, wrapper)

    timed(tl.tx, "tag_corpus")
    for name in ("find_events", "latencies", "stated_waits"):
        timed(tl, name)
    c0 = time.process_time()
    ANALYSES["timeline"].run(corpus)
    print(f"timeline {time.process_time() - c0:.3f} CPU s: "
          + ", ".join(f"{k} {v:.3f}" for k, v in spent.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
