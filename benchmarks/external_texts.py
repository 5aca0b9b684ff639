"""The German texts the benchmarks are built from: GermEval 2017 dev/test_syn and One Million
Posts, read from ``data/external/`` (or ``../shared/external/``). Shared by the bench scripts."""

from __future__ import annotations

import csv
import lzma
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def external_texts() -> list[str]:
    """German texts from the external corpora (GermEval 2017 dev/test_syn, One Million Posts);
    exits with a message when neither folder holds them."""
    texts: list[str] = []
    for base in (ROOT / "data" / "external", ROOT.parent / "shared" / "external"):
        for name in ("dev.tsv", "test_syn.tsv"):
            for p in sorted(base.rglob(name)):
                with p.open(encoding="utf-8") as fh:
                    texts += [r["text"] for r in csv.DictReader(fh, delimiter="\t")]
        for p in sorted(base.rglob("posts_labeled.csv.xz")):
            with lzma.open(p, "rt", encoding="utf-8") as fh:
                for r in csv.DictReader(fh):
                    texts.append(" ".join(filter(None, [r.get("Headline"), r.get("Body")])))
        if texts:
            break
    texts = [t.replace("\r", " ").strip() for t in texts if t and t.strip()]
    if not texts:
        raise SystemExit("no external texts found in data/external or ../shared/external")
    return texts
