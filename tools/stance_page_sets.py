"""Stance accuracy per page set, and the fallback-model options left out per page set.

Why: issue 15 round six asks to validate the stance model by leaving one *page set* out
(the dev pages, each held-out session scored once before). This prints the shipped rules'
:func:`defence_evaluation.score_stance` per set (``dev`` = the dev pages, both halves; a
session name = that session's held-out pages), and with ``--loso`` the accuracy of the
round-six options (the cue rules alone, the dev-pages model, the model trained on every other
set) and round eight's (that model abstaining to the training prior, without and with the
single-cue override) when each set is left out:

    PYTHONPATH=src python tools/stance_page_sets.py dev l1 p1 h3 h4 h5 h6 [--loso]

A session must be named: a closed session is never scored by accident.
"""

from __future__ import annotations

import sys
from functools import cache

import pandas as pd

from servicelab import defence_evaluation as E
from servicelab.devcorpus import build_family
from servicelab.stance_model import StanceModel


def _dev_pages_model(training: pd.DataFrame) -> StanceModel | None:
    """The round-five setting: the model trained on the dev pages of ``training`` only."""
    dev = training[~training["page_id"].str.contains("_heldout_", regex=False)]
    return StanceModel(dev) if len(dev) else None


def _pooled_abstaining(training: pd.DataFrame) -> StanceModel:
    """The round-eight setting: every other set pooled, the training prior where no
    one-vs-rest classifier claims a unit."""
    return StanceModel(training, abstain=0.0)


OPTIONS = {"rules_only": lambda training: None, "dev_model": _dev_pages_model,
           "pooled": StanceModel, "pooled_abstain": _pooled_abstaining,
           "pooled_abstain_override": _pooled_abstaining}
#: the DefenceRules tunables per option (the shipped ones otherwise): round eight's single-cue
#: override is off for the earlier rounds' settings
TUNABLES: dict[str, dict[str, object]] = {
    "dev_model": {"model_override": None}, "pooled": {"model_override": None},
    "pooled_abstain": {"model_override": None}}


def main(argv: list[str]) -> None:
    sets = tuple(a for a in argv if not a.startswith("-")) or (E.DEV_SET,)
    build = cache(build_family)
    pd.set_option("display.width", 200)
    for page_set in sets:
        units = E.stance_units(E.set_half(page_set), build=build)
        scores = E.score_stance(E.set_half(page_set), units=units)
        print(page_set)
        print(scores[["units", "subset", "n", "missing", "accuracy", "macro_f1",
                      "kappa"]].to_string(index=False))
    if "--loso" in argv:
        out = E.leave_one_set_out(sets, OPTIONS, build=build, tunables=TUNABLES)
        print(out.pivot_table(index=["subset", "units", "option"], columns="page_set",
                              values="accuracy").round(3).to_string())


if __name__ == "__main__":
    main(sys.argv[1:])
