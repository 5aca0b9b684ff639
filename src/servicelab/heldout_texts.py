"""Held-out sets of whole complaint texts (codebook §6.9, §6.10): texts no rule was read
against when they were scored.

Why a module: the GermEval sample's test half was scored once when issue 15's first rules
were frozen; every later rule round needs text that nobody has tuned on. Each set here was
written and labelled (vendors, blame, stated waits and, from heldout3 on, temporal
expressions; codebook §6.1–6.4, §6.6) by a session that read neither the rules nor any
method output, and committed before the rules it scores changed. The sets are scored by the
same functions as the GermEval sample (:mod:`servicelab.germeval_evaluation`,
:mod:`servicelab.timex_evaluation`), so their figures compare. A set scored once becomes
tuning data for the next round (``docs/heldout_scores.md`` records which).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from servicelab.errors import CorpusInputError
from servicelab.paths import checkout_data_dir

LAYERS = ("docs", "orgs", "blame", "waits", "timex")


@dataclass(frozen=True)
class TextSet:
    """One held-out set: ``data/<name>/texts/*.txt`` and ``data/annotations/<name>/
    <name>_<layer>_gold.csv``; ``root`` replaces ``data/`` (for tests)."""

    name: str
    root: Path | None = None

    def _folder(self, part: str) -> Path:
        return Path(self.root) / part if self.root is not None else checkout_data_dir(part)

    def texts(self) -> pd.DataFrame:
        """``doc_id`` (file stem) and ``text`` of every text, sorted by ``doc_id``."""
        folder = self._folder(self.name) / "texts"
        rows = [{"doc_id": p.stem, "text": p.read_text(encoding="utf-8")}
                for p in sorted(folder.glob("*.txt"))]
        if not rows:
            raise CorpusInputError(str(folder), "holds no .txt texts")
        return pd.DataFrame(rows, columns=["doc_id", "text"])

    def gold_path(self, layer: str) -> Path:
        if layer not in LAYERS:
            raise ValueError(f"unknown gold layer {layer!r}; use one of {LAYERS}")
        return self._folder("annotations") / self.name / f"{self.name}_{layer}_gold.csv"

    def has(self, layer: str) -> bool:
        """Whether the set labels ``layer`` (heldout2 has no timex layer)."""
        return self.gold_path(layer).exists()

    def gold(self, layer: str) -> pd.DataFrame:
        """Gold rows of ``layer`` (columns as the GermEval gold files of codebook §6)."""
        path = self.gold_path(layer)
        if not path.exists():
            raise CorpusInputError(str(path), f"{self.name} has no {layer} gold")
        gold = pd.read_csv(path, dtype=str, keep_default_na=False)
        unknown = sorted(set(gold["doc_id"]) - set(self.texts()["doc_id"]))
        if unknown:
            raise CorpusInputError(path.name, f"doc_id {unknown[0]!r} has no text")
        return gold

    def goldset(self):
        """This set as a :class:`servicelab.germeval_evaluation.GoldSet` for the scorers."""
        from servicelab.germeval_evaluation import GoldSet

        return GoldSet(self.texts(), self.gold)


def score_vendors_blame(textset: TextSet, blame_rules=None, blame_model=None,
                        how: str | None = None) -> dict[str, pd.DataFrame]:
    """Organisations and main vendor, and blame per pattern, on ``textset`` (notebook 02).

    Blame is scored as builds make it: the rules' rows joined with the sentence model's
    (``blame_model``, default :func:`servicelab.blame_model.default_model`) as ``how`` says
    (default ``blame_rules.model_combine``, "gated"; "rules" scores the rules alone, see
    :func:`servicelab.blame_model.combine`). The shipped model is trained on named tuning
    sets only (``TRAINING_TEXT_SETS``): its score on a set it was trained on is no held-out
    score."""
    from servicelab.blame import BlameRules
    from servicelab.germeval_evaluation import score_blame, score_orgs

    how = how or (blame_rules or BlameRules.default()).model_combine
    if blame_model is None and how != "rules":
        from servicelab.blame_model import default_model

        blame_model = default_model()
    gs = textset.goldset()
    return {"orgs": score_orgs(rules=blame_rules, goldset=gs),
            "blame": score_blame(rules=blame_rules, goldset=gs,
                                 model=blame_model if how != "rules" else None, how=how)}


def score_timeline(textset: TextSet, timeline_rules=None) -> pd.DataFrame:
    """Stated waits recovered and, where the set labels temporal expressions, anchored values
    right on ``textset`` (notebook 03): one row."""
    from servicelab.timex_evaluation import germeval_tables, score_anchored, score_waits

    gs = textset.goldset()
    tables = germeval_tables(rules=timeline_rules, sample=gs.sample)
    row = {f"waits_{k}": v for k, v in score_waits(tables=tables, goldset=gs).items()}
    if textset.has("timex"):
        row |= {f"anchored_{k}": v
                for k, v in score_anchored(tables=tables, goldset=gs).items()}
    return pd.DataFrame([row])


def score(textset: TextSet, blame_rules=None, timeline_rules=None) -> dict[str, pd.DataFrame]:
    """Vendors (organisations, main vendor), blame per pattern, stated waits and anchored
    values on ``textset``, each by the scorer the GermEval sample uses. A set is scored once
    per rule round (``docs/heldout_scores.md``); later changes must not be tuned against it."""
    return {**score_vendors_blame(textset, blame_rules),
            "timeline": score_timeline(textset, timeline_rules)}
