"""Draw the seeded GermEval 2017 sample that the analyses' held-out gold is made on.

Usage: python tools/draw_germeval_sample.py   (writes data/annotations/germeval_sample.csv and
       data/annotations/germeval_waits_sample.csv)

Why a script: the sample must be reproducible and drawn *before* anyone looks at a method's
output on it (codebook §6). Documents already used for earlier gold files are left out, and
exact repeats of a text (GermEval holds many retweets) are drawn at most once. Ranks are
interleaved into a tuning half (even rank) and a test half (odd rank), so the two halves
come from the same distribution.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pandas as pd

from servicelab.external import load_germeval2017

ROOT = Path(__file__).resolve().parents[1]
ANN = ROOT / "data" / "annotations"
SEED = 20261204
N = 400
# The second sample (codebook §6.8): stated waits are rare in GermEval (19 in the first 400
# documents), so a second random sample is drawn from the documents that mention a number or
# number word next to a time unit. The filter decides only which documents may be drawn, not
# what is labelled in them.
WAITS_SEED = 20261205
WAITS_N = 120
WAITS_MAX_CHARS = 3000  # long news texts would take most of the labelling time
DURATION_HINT = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|eine?[nm]?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|"
    r"zwölf|fünfzehn|zwanzig|dreißig|vierzig|fünfzig|sechzig|neunzig|halbe?n?|paar|mehrere?n?|"
    r"etliche?n?|einige?n?)\s*(?:min\.?|minuten|std\.?|stunden?|tagen?|wochen?|monaten?|"
    r"jahren?)\b", re.IGNORECASE)


def used_ids() -> set[str]:
    """Documents that earlier gold files already label (by URL or by ``split:row``)."""
    used: set[str] = set()
    blame = pd.read_csv(ANN / "blame_external_gold.csv", dtype=str)
    used |= set(blame["id"])
    timex = pd.read_csv(ANN / "timex_gold_germeval.csv", dtype=str)
    used |= set(timex["doc_id"])
    return used


def draw(n: int = N, seed: int = SEED, exclude: set[str] | None = None,
         hint: re.Pattern[str] | None = None, max_chars: int | None = None) -> pd.DataFrame:
    used = used_ids() | (exclude or set())
    pool = []
    seen_texts: set[str] = set()
    for split in ("dev", "test_syn"):
        df = load_germeval2017(split)
        for i, (url, text) in enumerate(zip(df["id"], df["text"], strict=True)):
            key = " ".join(text.split()).lower()
            if url in used or f"{split}:{i}" in used or key in seen_texts or not key:
                continue
            if hint is not None and not hint.search(text):
                continue
            if max_chars is not None and len(text) > max_chars:
                continue
            seen_texts.add(key)
            pool.append((f"{split}:{i}", split, url, len(text)))
    picked = random.Random(seed).sample(pool, n)
    rows = [{"doc_id": d, "split": s, "id": u, "n_chars": c, "sample_rank": r,
             "half": "tuning" if r % 2 == 0 else "test"}
            for r, (d, s, u, c) in enumerate(picked)]
    return pd.DataFrame(rows)


def _write(sample: pd.DataFrame, name: str) -> None:
    out = ANN / name
    sample.to_csv(out, index=False)
    print(f"{len(sample)} documents -> {out.relative_to(ROOT)} "
          f"({(sample['half'] == 'test').sum()} test, {(sample['half'] == 'tuning').sum()} tuning)")


if __name__ == "__main__":
    first = draw()
    _write(first, "germeval_sample.csv")
    # the first sample's texts are excluded too (by id; repeats of a text are one document)
    waits = draw(WAITS_N, WAITS_SEED, exclude=set(first["doc_id"]) | set(first["id"]),
                 hint=DURATION_HINT, max_chars=WAITS_MAX_CHARS)
    _write(waits, "germeval_waits_sample.csv")
