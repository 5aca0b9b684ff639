"""Throughput of the temporal tagger (MB/s) beside dateparser's search_dates, same run.

Texts: the external German corpora (GermEval 2017 dev + test_syn, One Million Posts; read from
data/external/ or ../shared/external/), each text tagged on its own as one post. The tagger
runs over the whole selection (about ``--mb`` MB); dateparser, about fifty times slower, over
the first ``--baseline-kb`` KB of the same texts. Both are timed on one core in one process;
the ratio is what to compare across machines.

    python benchmarks/bench_timex.py [--mb 4] [--baseline-kb 150]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import warnings

from external_texts import external_texts  # benchmarks/external_texts.py


def take(texts: list[str], n_bytes: float) -> list[str]:
    """Texts in order (cycling) until about ``n_bytes`` bytes of UTF-8."""
    out, total, i = [], 0, 0
    while total < n_bytes and texts:
        t = texts[i % len(texts)]
        out.append(t)
        total += len(t.encode("utf-8"))
        i += 1
    return out


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=4.0, help="text for the tagger in MB (default 4)")
    p.add_argument("--baseline-kb", type=float, default=150.0,
                   help="text for dateparser in KB (default 150)")
    args = p.parse_args()

    from dateparser.search import search_dates

    from servicelab import timex
    from servicelab.timex_evaluation import DATEPARSER_SETTINGS

    texts = external_texts()
    if not texts:
        raise SystemExit("no external texts found under data/external or ../shared/external")
    big = take(texts, args.mb * 1e6)
    small = take(texts, args.baseline_kb * 1e3)

    timex.tag("warm-up am 1.1.2000 um 12 Uhr")  # compile the rules outside the timing
    t0 = time.perf_counter()
    n_ours = sum(len(timex.tag(t)) for t in big)
    t_ours = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_ours_small = sum(len(timex.tag(t)) for t in small)
    t_ours_small = time.perf_counter() - t0

    settings = dict(DATEPARSER_SETTINGS, RELATIVE_BASE=dt.datetime(2000, 1, 1))
    search_dates("warm-up am 1.1.2000", languages=["de"], settings=settings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        n_dp = sum(len(search_dates(t, languages=["de"], settings=settings) or [])
                   for t in small)
        t_dp = time.perf_counter() - t0

    ours, ours_small, base = mb(big) / t_ours, mb(small) / t_ours_small, mb(small) / t_dp
    print(f"servicelab.timex   {mb(big):7.2f} MB  {t_ours:7.2f} s  {ours:7.2f} MB/s  "
          f"{n_ours} expressions")
    print(f"servicelab.timex   {mb(small):7.2f} MB  {t_ours_small:7.2f} s  {ours_small:7.2f} MB/s"
          f"  {n_ours_small} expressions (baseline sample)")
    print(f"dateparser         {mb(small):7.2f} MB  {t_dp:7.2f} s  {base:7.2f} MB/s  "
          f"{n_dp} hits (search_dates, languages=['de'], DATE_ORDER=DMY)")
    print(f"ratio timex / dateparser on the same sample: {ours_small / base:.1f}x")


if __name__ == "__main__":
    main()
