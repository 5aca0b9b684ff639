"""The analyses that ``servicelab build`` runs after the corpus tables: one record each.

Adding an analysis is one entry in :data:`REGISTRY`: the CLI (``--only``), both engines
(per-document or whole-corpus runs, the tables they expect), the report and
:func:`servicelab.findings.findings_for` read it from here. Modules are imported lazily so
that building the corpus alone never pays for model training.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

import pandas as pd

from servicelab.corpus import Corpus


@dataclass(frozen=True)
class Analysis:
    """One analysis: what it is called, where its code is, what it writes, how it scales.

    ``module`` provides ``build_tables(corpus, rules=None) -> dict[str, DataFrame]``;
    ``tables`` are exactly the tables it writes (the engines check); ``per_document`` says
    that the tables of a corpus are the union of the tables of its documents, so the Dask
    engine may run it partition by partition; ``topic`` is the notebook topic
    (``NN_<topic>``) whose key findings ``findings`` (``"module:function"``, taking the
    tables, returning sentences) computes.
    """

    name: str
    module: str
    tables: tuple[str, ...]
    per_document: bool
    topic: str
    findings: str

    def run(self, corpus: Corpus, rules: Any = None) -> dict[str, pd.DataFrame]:
        """The analysis' tables for ``corpus`` (``rules``: its rules object, or the shipped)."""
        kwargs = {} if rules is None else {"rules": rules}
        tables = import_module(self.module).build_tables(corpus, **kwargs)
        if set(tables) != set(self.tables):
            raise ValueError(f"analysis {self.name!r} wrote {sorted(tables)}, its record "
                             f"declares {sorted(self.tables)}")
        return tables

    def findings_function(self) -> Callable[[dict[str, pd.DataFrame]], list[str]]:
        module, function = self.findings.split(":")
        return getattr(import_module(module), function)


#: All four work within a document (a sentence, a thread, a case), so the Dask engine runs them
#: per partition; tests/test_engines.py checks this against one pandas pass.
REGISTRY: tuple[Analysis, ...] = (
    Analysis("sentiment", "servicelab.sentiment", ("sentiment",), True, "sentiment",
             "servicelab.findings:sentiment_findings"),
    Analysis("blame", "servicelab.blame", ("mentions", "blame"), True, "vendor_blame",
             "servicelab.findings:blame_findings"),
    Analysis("timeline", "servicelab.timeline", ("timex", "events", "latency"), True,
             "response_latency", "servicelab.findings:latency_findings"),
    Analysis("defence", "servicelab.defence", ("stance", "replies"), True,
             "community_defence", "servicelab.findings:defence_findings"),
)

#: name -> record, in run order.
ANALYSES: dict[str, Analysis] = {a.name: a for a in REGISTRY}


def topics() -> list[str]:
    """The notebook topics that have key findings: the corpus, then each analysis'."""
    return ["corpus", *(a.topic for a in ANALYSES.values())]


def by_topic(topic: str, registry: dict[str, Analysis] | None = None) -> Analysis | None:
    """The analysis whose findings belong to notebook topic ``topic`` (None if none)."""
    for a in (registry or ANALYSES).values():
        if a.topic == topic:
            return a
    return None


def run_analyses(corpus: Corpus, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Run the registered analyses (all, or ``names``) and return their tables."""
    tables: dict[str, pd.DataFrame] = {}
    for name in names or list(ANALYSES):
        tables.update(ANALYSES[name].run(corpus))
    return tables
