"""The second held-out set (codebook §6.9): complaint texts no rule was read against.

Why a module: the GermEval sample's test half was scored once when issue 15's first rules
were frozen; every later rule change would be judged on a set that has been looked at. This
set was written and labelled (vendors, blame, stated waits; codebook §6.1–6.3, §6.6) by a
session that read neither the rules nor any method output, and committed before the rules
it scores changed. It is scored the same way as the GermEval sample, by the same functions
(:mod:`servicelab.germeval_evaluation`, :mod:`servicelab.timex_evaluation`), so the two
sets' figures compare.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from servicelab.errors import CorpusInputError
from servicelab.paths import checkout_data_dir

NAME = "heldout2"
LAYERS = ("docs", "orgs", "blame", "waits")


def _root(root: str | Path | None, part: str) -> Path:
    """``root/part`` (``root`` a data folder, for tests), else the checkout's ``data/part``."""
    return Path(root) / part if root is not None else checkout_data_dir(part)


def load_texts(root: str | Path | None = None) -> pd.DataFrame:
    """``doc_id`` (file stem) and ``text`` of every text, sorted by ``doc_id``."""
    folder = _root(root, NAME) / "texts"
    rows = [{"doc_id": p.stem, "text": p.read_text(encoding="utf-8")}
            for p in sorted(folder.glob("*.txt"))]
    if not rows:
        raise CorpusInputError(str(folder), "holds no .txt texts")
    return pd.DataFrame(rows, columns=["doc_id", "text"])


def load_gold(layer: str, root: str | Path | None = None) -> pd.DataFrame:
    """Gold rows of ``layer`` (columns as the GermEval gold files of codebook §6)."""
    if layer not in LAYERS:
        raise ValueError(f"unknown gold layer {layer!r}; use one of {LAYERS}")
    path = _root(root, "annotations") / NAME / f"{NAME}_{layer}_gold.csv"
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    unknown = sorted(set(gold["doc_id"]) - set(load_texts(root)["doc_id"]))
    if unknown:
        raise CorpusInputError(path.name, f"doc_id {unknown[0]!r} has no text")
    return gold


def goldset(root: str | Path | None = None):
    """This set as a :class:`servicelab.germeval_evaluation.GoldSet` for the scorers."""
    from servicelab.germeval_evaluation import GoldSet

    return GoldSet(load_texts(root), lambda layer: load_gold(layer, root))


def score_vendors_blame(blame_rules=None, root: str | Path | None = None
                        ) -> dict[str, pd.DataFrame]:
    """Organisations and main vendor, and blame per pattern, on this set (notebook 02)."""
    from servicelab.germeval_evaluation import score_blame, score_orgs

    gs = goldset(root)
    return {"orgs": score_orgs(rules=blame_rules, goldset=gs),
            "blame": score_blame(rules=blame_rules, goldset=gs)}


def score_stated_waits(timeline_rules=None, root: str | Path | None = None) -> pd.DataFrame:
    """Stated waits recovered on this set (notebook 03), one row."""
    from servicelab.timex_evaluation import score_waits

    return pd.DataFrame([score_waits(rules=timeline_rules, goldset=goldset(root))])


def score(blame_rules=None, timeline_rules=None, root: str | Path | None = None
          ) -> dict[str, pd.DataFrame]:
    """Vendors (organisations, main vendor), blame per pattern and stated waits on this set,
    each by the scorer the GermEval sample uses (docs/heldout2_scores.md has the one scoring
    of each rule round; later changes must not be tuned against it)."""
    return {**score_vendors_blame(blame_rules, root),
            "waits": score_stated_waits(timeline_rules, root)}
