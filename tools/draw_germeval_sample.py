"""Draw the seeded GermEval 2017 sample that the analyses' held-out gold is made on.

Usage: python tools/draw_germeval_sample.py   (writes data/annotations/germeval_sample.csv)

Why a script: the sample must be reproducible and drawn *before* anyone looks at a method's
output on it (codebook §6). Documents already used for earlier gold files are left out, and
exact repeats of a text (GermEval holds many retweets) are drawn at most once. Ranks are
interleaved into a tuning half (even rank) and a test half (odd rank), so the two halves
come from the same distribution.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from servicelab.external import load_germeval2017

ROOT = Path(__file__).resolve().parents[1]
ANN = ROOT / "data" / "annotations"
SEED = 20261204
N = 400


def used_ids() -> set[str]:
    """Documents that earlier gold files already label (by URL or by ``split:row``)."""
    used: set[str] = set()
    blame = pd.read_csv(ANN / "blame_external_gold.csv", dtype=str)
    used |= set(blame["id"])
    timex = pd.read_csv(ANN / "timex_gold_germeval.csv", dtype=str)
    used |= set(timex["doc_id"])
    return used


def draw(n: int = N, seed: int = SEED) -> pd.DataFrame:
    used = used_ids()
    pool = []
    seen_texts: set[str] = set()
    for split in ("dev", "test_syn"):
        df = load_germeval2017(split)
        for i, (url, text) in enumerate(zip(df["id"], df["text"], strict=True)):
            key = " ".join(text.split()).lower()
            if url in used or f"{split}:{i}" in used or key in seen_texts or not key:
                continue
            seen_texts.add(key)
            pool.append((f"{split}:{i}", split, url, len(text)))
    picked = random.Random(seed).sample(pool, n)
    rows = [{"doc_id": d, "split": s, "id": u, "n_chars": c, "sample_rank": r,
             "half": "tuning" if r % 2 == 0 else "test"}
            for r, (d, s, u, c) in enumerate(picked)]
    return pd.DataFrame(rows)


if __name__ == "__main__":
    out = ANN / "germeval_sample.csv"
    sample = draw()
    sample.to_csv(out, index=False)
    print(f"{len(sample)} documents -> {out.relative_to(ROOT)} "
          f"({(sample['half'] == 'test').sum()} test, {(sample['half'] == 'tuning').sum()} tuning)")
