"""The README's headline validation figures: one record per figure, computed, floored, rendered.

Why: the README quotes figures that the notebooks compute; typed by hand they drift. Each
:class:`Headline` names the figure, its README row, how it is computed (a function of the
shared :class:`Sources`, which call :mod:`servicelab.validation` on the shipped seed corpus,
gold labels and external data), how the README rounds it, and its regression ``floor``
(``None`` for baselines and counts, which are reported, not aimed at). In README.md each
figure follows an anchor ``<!-- headline:KEY -->``; :func:`render_readme` rewrites the figures
from the computed values (``tools/update_readme_numbers.py``) and the tests hold the README
and the floors to them. Raising a floor is one edit in :data:`HEADLINES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from servicelab import validation as V
from servicelab.corpus import Corpus

ANCHOR = re.compile(r"<!-- headline:(?P<key>[a-z0-9_]+) -->(?P<value>\d+(?:\.\d+)?)")
"""A README figure: the anchor comment, then the number as the README prints it."""


class Sources:
    """The validation tables the figures are read from, each computed once on first use."""

    def __init__(self, corpus_dir: str | Path | None = None) -> None:
        self.corpus_dir = corpus_dir

    @cached_property
    def corpus(self) -> Corpus:
        from servicelab import build_corpus
        from servicelab.paths import checkout_data_dir

        return build_corpus(self.corpus_dir or checkout_data_dir("raw"))

    @cached_property
    def segmentation(self) -> dict[str, float]:
        return V.thread_segmentation(self.corpus)

    @cached_property
    def germeval_sentiment(self) -> pd.DataFrame:
        return V.germeval_sentiment("test_syn")

    @cached_property
    def million_posts(self) -> pd.DataFrame:
        return V.million_posts_negative_f1()

    @cached_property
    def seed_sentiment(self) -> pd.DataFrame:
        from servicelab import sentiment

        table = sentiment.build_tables(self.corpus)["sentiment"]
        return V.seed_sentiment_agreement(V.align_sentiment_gold(self.corpus), table)[0]

    @cached_property
    def blame_in_sample(self) -> pd.DataFrame:
        from servicelab import blame

        table = blame.build_tables(self.corpus)["blame"]
        return V.blame_in_sample(self.corpus, table).set_index("pattern")

    @cached_property
    def blame_heldout(self) -> pd.DataFrame:
        return V.blame_heldout().set_index("pattern")

    @cached_property
    def timex_heldout(self) -> dict[str, dict[str, float]]:
        return V.timex_heldout(V.timex_heldout_texts())[0]

    @cached_property
    def events(self) -> pd.DataFrame:
        from servicelab import timeline

        events = timeline.build_tables(self.corpus)["events"]
        return V.event_scores(self.corpus, events).set_index("event")

    @cached_property
    def defence(self) -> dict[str, object]:
        return V.defence_scores(self.corpus)


@dataclass(frozen=True)
class Headline:
    """One README figure: ``key`` (its anchor), the README ``row``, what it measures, the
    function computing it from :class:`Sources`, the README's decimals and the floor."""

    key: str
    row: str
    what: str
    compute: Callable[[Sources], float]
    digits: int
    floor: float | None

    def render(self, value: float) -> str:
        """The figure as the README prints it."""
        return f"{value:.{self.digits}f}"


def _lexicon_kappa_max(s: Sources) -> float:
    t = s.seed_sentiment.reset_index()
    return float(t.loc[t["method"].isin(["naive", "sentiws", "gpl"]), "kappa"].max())


SEG, SENT, BLAME, LAT, DEF = ("thread segmentation", "sentiment", "vendor blame",
                              "response latency", "community defence")

HEADLINES: tuple[Headline, ...] = (
    Headline("thread_precision", SEG, "comment-start precision on thread_gold.csv",
             lambda s: s.segmentation["precision"], 2, 1.00),
    Headline("thread_recall", SEG, "comment-start recall", lambda s: s.segmentation["recall"],
             2, 0.80),
    Headline("thread_f1", SEG, "comment-start F1", lambda s: s.segmentation["f1"], 2, 0.88),
    Headline("thread_role_correct", SEG, "gold lines whose segment has the gold role",
             lambda s: s.segmentation["role_correct"], 0, 69),
    Headline("thread_role_lines", SEG, "gold lines", lambda s: s.segmentation["role_lines"],
             0, None),
    Headline("sentiment_germeval_model", SENT, "GermEval 2017 test_syn micro-F1, model told "
             "the domain", lambda s: s.germeval_sentiment.loc["model (domain GermEval)",
                                                              "micro_f1"], 3, 0.71),
    Headline("sentiment_germeval_classify", SENT, "the same, model as classify runs it",
             lambda s: s.germeval_sentiment.loc["model (domain unknown = classify)",
                                                "micro_f1"], 3, 0.71),
    Headline("sentiment_germeval_majority", SENT, "the same, majority baseline",
             lambda s: s.germeval_sentiment.loc["majority (neutral)", "micro_f1"], 3, None),
    Headline("sentiment_germeval_naive", SENT, "the same, naive lexicon",
             lambda s: s.germeval_sentiment.loc["naive", "micro_f1"], 3, None),
    Headline("sentiment_mp_negative_f1", SENT, "One Million Posts negative-class F1, model "
             "10-fold CV", lambda s: s.million_posts.loc["model (10-fold CV)", "negative_f1"],
             3, 0.55),
    Headline("sentiment_seed_lexicon_kappa", SENT, "best lexicon kappa against the seed gold "
             "(segments or sentences)", _lexicon_kappa_max, 2, None),
    Headline("blame_precision", BLAME, "in-sample precision, all patterns",
             lambda s: s.blame_in_sample.loc["all", "precision"], 2, 0.90),
    Headline("blame_recall", BLAME, "in-sample recall, all patterns",
             lambda s: s.blame_in_sample.loc["all", "recall"], 2, 0.73),
    Headline("blame_f1", BLAME, "in-sample F1, all patterns",
             lambda s: s.blame_in_sample.loc["all", "f1"], 2, 0.81),
    # floor 0.66 -> 0.5 on purpose (issue 15): on these 50 documents the rules now predict 7
    # accusations, not 4 (precision 3/4 -> 4/7, recall 0.14 -> 0.19); on the GermEval sample's
    # tuning half blame precision rose from 0.73 to 0.81 with the same rules
    Headline("blame_heldout_accuses_precision", BLAME, "held-out GermEval `accuses` precision",
             lambda s: s.blame_heldout.loc["accuses", "precision"], 2, 0.5),
    Headline("blame_heldout_accuses_recall", BLAME, "held-out GermEval `accuses` recall",
             lambda s: s.blame_heldout.loc["accuses", "recall"], 2, 0.19),
    Headline("timex_heldout_strict_f1", LAT, "held-out timex strict F1",
             lambda s: s.timex_heldout["servicelab.timex (held-out)"]["strict_F1"], 2, 0.96),
    Headline("timex_heldout_value_accuracy", LAT, "held-out timex value accuracy",
             lambda s: s.timex_heldout["servicelab.timex (held-out)"]["value_accuracy"], 2,
             0.96),
    Headline("timex_heldout_dateparser_strict_f1", LAT, "dateparser strict F1, held-out",
             lambda s: s.timex_heldout["dateparser (held-out)"]["strict_F1"], 2, None),
    Headline("timex_heldout_dateparser_value_accuracy", LAT, "dateparser value accuracy",
             lambda s: s.timex_heldout["dateparser (held-out)"]["value_accuracy"], 2, None),
    # floor 0.79 -> 0.78 on purpose (issue 15): the lemma triggers add one seed `promised` row
    # ("Zugesichert war …", 0.794 -> 0.788) while event F1 on the GermEval tuning half rose
    # from 0.13 to 0.38; recall on the seeds is unchanged (54/61)
    Headline("events_f1", LAT, "event F1 against events_gold.csv (all kinds)",
             lambda s: s.events.loc["all", "f1"], 2, 0.78),
    Headline("defence_stance_accuracy", DEF, "stance accuracy, community gold comments",
             lambda s: s.defence["community"]["accuracy"], 3, 0.87),
    Headline("defence_stance_kappa", DEF, "stance kappa, community gold comments",
             lambda s: s.defence["community"]["kappa"], 2, 0.76),
    Headline("defence_stance_n", DEF, "community gold comments",
             lambda s: s.defence["community"]["n"], 0, None),
    Headline("defence_pooled_n", DEF, "pooled gold units", lambda s: s.defence["n_pooled"], 0,
             None),
    Headline("defence_pooled_cue_macro_f1", DEF, "cue rules' macro-F1 on the pooled units "
             "(in-sample)", lambda s: s.defence["pooled"].loc["cue_rules", "macro_f1"], 2,
             0.79),
    Headline("defence_pooled_majority_macro_f1", DEF, "majority class macro-F1, leave-one-out",
             lambda s: s.defence["pooled"].loc["majority", "macro_f1"], 2, None),
)
BY_KEY: dict[str, Headline] = {h.key: h for h in HEADLINES}


@lru_cache(maxsize=1)
def sources() -> Sources:
    """The shared sources on the shipped seed corpus (computed once per process)."""
    return Sources()


def compute(keys: list[str] | None = None, src: Sources | None = None) -> dict[str, float]:
    """Each headline's value (unrounded), in record order."""
    src = src or sources()
    return {h.key: float(h.compute(src)) for h in HEADLINES if keys is None or h.key in keys}


def readme_figures(text: str) -> dict[str, str]:
    """``{key: figure as printed}`` of every anchored figure in README text; a key anchored
    twice or one that names no record is an error (one line)."""
    found: dict[str, str] = {}
    for m in ANCHOR.finditer(text):
        key = m["key"]
        if key not in BY_KEY:
            raise ValueError(f"README.md: anchor headline:{key} names no record in "
                             "servicelab.headlines.HEADLINES")
        if key in found:
            raise ValueError(f"README.md: anchor headline:{key} appears twice")
        found[key] = m["value"]
    return found


def render_readme(text: str, values: Mapping[str, float]) -> str:
    """README text with every anchored figure replaced by its rounded value."""
    readme_figures(text)  # the same checks before anything is rewritten

    def repl(m: re.Match[str]) -> str:
        key = m["key"]
        figure = BY_KEY[key].render(values[key]) if key in values else m["value"]
        return f"<!-- headline:{key} -->{figure}"

    return ANCHOR.sub(repl, text)

