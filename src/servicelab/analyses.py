"""The analysis stages that ``servicelab build`` runs after the corpus tables.

Each entry names a module with ``build_tables(corpus) -> dict[str, DataFrame]``. They are
imported lazily so that building the corpus alone never pays for model training.
"""

from __future__ import annotations

from importlib import import_module

import pandas as pd

from servicelab.corpus import Corpus

ANALYSES: dict[str, str] = {
    "sentiment": "servicelab.sentiment",  # sentiment: sentence and segment scores per method
    "blame": "servicelab.blame",  # entities, blame
    "timeline": "servicelab.timeline",  # timex, events, latency
    "defence": "servicelab.defence",  # stance, replies
}


def run_analyses(corpus: Corpus, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Run the registered analyses (all, or ``names``) and return their tables."""
    tables: dict[str, pd.DataFrame] = {}
    for name in names or list(ANALYSES):
        module = import_module(ANALYSES[name])
        tables.update(module.build_tables(corpus))
    return tables
