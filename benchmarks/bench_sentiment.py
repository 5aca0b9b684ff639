"""Throughput of ``servicelab.sentiment.classify`` beside the naive lexicon, in the same run.

Usage: python benchmarks/bench_sentiment.py [--repeat N] [--n-texts N]

Texts: GermEval 2017 test_syn documents (cut to 1,500 characters like the training data) —
real German customer feedback of typical length. The model is trained before timing starts
(its one-off training time is printed separately). Reported: texts per second of each method
and their ratio to the naive SentiWS word count measured in the same process, best of
``--repeat`` runs. Absolute numbers depend on the machine; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from servicelab import sentiment, sentiment_model
from servicelab.external import load_germeval2017
from servicelab.lexicon import analyse, load_lexicon


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Fastest wall time of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--n-texts", type=int, default=2000)
    args = ap.parse_args(argv)

    texts = [t[: sentiment_model.MAX_CHARS]
             for t in load_germeval2017("test_syn")["text"].head(args.n_texts)]
    n = len(texts)
    sws, gpl = load_lexicon("sentiws"), load_lexicon("gpl")

    t = time.perf_counter()
    sentiment_model.default_model()
    train_s = time.perf_counter() - t

    def naive() -> None:
        for x in texts:
            analyse(x, sws, rules=False)

    def rules_sentiws() -> None:
        for x in texts:
            analyse(x, sws)

    def rules_gpl() -> None:
        for x in texts:
            analyse(x, gpl)

    def classify() -> None:
        sentiment.classify(texts)

    naive()  # warm the lookup memo so every method is timed in steady state
    rules_sentiws()
    rules_gpl()
    results = {
        "naive (SentiWS word count)": best_of(naive, args.repeat),
        "sentiws + German rules": best_of(rules_sentiws, args.repeat),
        "gpl + German rules": best_of(rules_gpl, args.repeat),
        "classify (model)": best_of(classify, args.repeat),
    }
    base = n / results["naive (SentiWS word count)"]
    print(f"texts: {n} GermEval 2017 test_syn documents, "
          f"mean {sum(map(len, texts)) / n:.0f} characters; best of {args.repeat} runs")
    print(f"one-off model training: {train_s:.1f} s")
    print(f"{'method':30} {'texts/s':>10} {'ratio to naive':>15}")
    for name, secs in results.items():
        rate = n / secs
        print(f"{name:30} {rate:10.0f} {rate / base:15.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
