"""Score a rule round once on its fresh set: every measure of docs/heldout_scores.md's round table.

Why a script: each round's rules are frozen and then scored exactly once on text written for
them (``servicelab.heldout_rounds``); the lead runs this at the freeze, and once at the commit
before the round's rules (the baseline column) into a file that is read only after the freeze.
Usage, from a checkout root::

    PYTHONPATH=src PYTHONHASHSEED=0 python tools/score_round.py heldout10 h10

prints organisations and the main vendor, blame per pattern (shipped and rules alone), stated
waits and anchored values, stance on the page set's reply units, the corpus layer and privacy
on its pages.
"""

from __future__ import annotations

import argparse

import pandas as pd

from servicelab import heldout, layout_eval, privacy_eval
from servicelab.heldout_texts import TextSet, score_timeline, score_vendors_blame


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", help="text set, e.g. heldout10")
    parser.add_argument("pages", help="held-out page session, e.g. h10")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 30)
    texts = TextSet(args.texts)
    shipped = score_vendors_blame(texts)
    print("== orgs\n", shipped["orgs"].to_string())
    print("== blame (rules + model)\n", shipped["blame"].to_string())
    print("== blame, rules alone\n", score_vendors_blame(texts, how="rules")["blame"].to_string())
    print("== timeline\n", score_timeline(texts).T.to_string())
    print("== stance\n", heldout.held_out_stance(args.pages, "-").to_string())
    print("== layout\n", layout_eval.page_set_table([args.pages], fresh=args.pages).to_string())
    print("== privacy\n", privacy_eval.page_set_table([args.pages], fresh=args.pages).to_string())


if __name__ == "__main__":
    main()
