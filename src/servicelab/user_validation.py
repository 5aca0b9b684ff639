"""Which findings of a report are validated on *this* corpus: ``servicelab report --gold``.

Why: a method that agrees with the hand labels of the shipped data may not agree with a
reader of another corpus. The user labels sheets from ``servicelab sample``; the report scores
every method on them (:func:`servicelab.sheets.score_sheet`), uses the method that validates
best for its findings, and marks each notebook's findings as validated on this corpus (with
the scores) or "not validated on this corpus" (the default).

Which sentiment method computes the findings is decided in one place,
:func:`choose_sentiment`, which the report's index and notebook 01 both call with the same
inputs (the built tables, the corpus folder, the labelled sheets), so that both state the
same measure and the same figures.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from servicelab.sheets import SheetError, SheetScores, read_sheet, score_sheet, task_of
from servicelab.stats import Bootstrap

#: The notebook topic whose findings a labelling task validates.
TASK_TOPICS: dict[str, str] = {"sentiment": "sentiment", "blame": "vendor_blame",
                               "stance": "community_defence", "timex": "response_latency",
                               "events": "response_latency"}
#: Topics whose findings depend on a method that labels can validate.
VALIDATABLE = tuple(sorted(set(TASK_TOPICS.values())))
NOT_VALIDATED = ("Not validated on this corpus: the methods were checked only on the shipped "
                 "data (see the notebook's validation). Label a sample (`servicelab sample`) "
                 "and rerun the report with `--gold SHEET` to validate them here.")


def _fmt(row: pd.Series) -> str:
    if math.isnan(row["value"]):
        return "n/a"
    ci = "" if math.isnan(row["low"]) else f" (95 % CI {row['low']:.2f} to {row['high']:.2f})"
    return f"{row['value']:.2f}{ci}"


@dataclass(frozen=True)
class Validation:
    """The scores of every labelled sheet given to the report (possibly none)."""

    scores: tuple[SheetScores, ...] = ()

    def best(self, task: str) -> str | None:
        """The method that validates best on the labels of ``task`` (None if not labelled)."""
        return next((s.best for s in self.scores if s.task == task and s.best), None)

    def options(self) -> dict[str, object]:
        """Options for :func:`servicelab.findings.findings_for`: the sentiment method that
        validated best on the user's labels."""
        method = self.best("sentiment")
        return {"method": method} if method else {}

    def note(self, topic: str, choice: SentimentChoice | None = None) -> str:
        """What the index says about the findings of notebook topic ``topic``; ``choice``
        (:func:`choose_sentiment`) says on which labels the sentiment method was chosen."""
        if topic not in VALIDATABLE:
            return ""
        if (topic == TASK_TOPICS["sentiment"] and choice is not None
                and choice.basis == SHIPPED_GOLD):
            return choice.describe()
        dev_choice = (topic == TASK_TOPICS["sentiment"] and choice is not None
                      and choice.basis == DEV_GOLD)
        lines = []
        for s in self.scores:
            if TASK_TOPICS[s.task] != topic or not s.best:
                continue
            t = s.table[s.table["method"] == s.best].set_index("measure")
            lines.append(f"{s.task} labels ({s.n_labelled} units): {s.best} κ "
                         f"{_fmt(t.loc['kappa'])}, accuracy {_fmt(t.loc['accuracy'])}")
        if not lines:
            return NOT_VALIDATED + (" " + choice.describe() if dev_choice else "")
        return ("Validated on this corpus against your labels; the findings use the method "
                "that agrees best: " + "; ".join(lines) + ".")

    def html(self) -> str:
        """A section of the index with every method's scores (empty without sheets)."""
        if not self.scores:
            return ""
        rows = []
        for s in self.scores:
            for r in s.table.itertuples(index=False):
                rows.append(
                    f"<tr><td>{html.escape(r.task)}</td><td>{html.escape(r.method)}"
                    f"{' (used)' if r.method == s.best else ''}</td>"
                    f"<td>{html.escape(r.measure)}{' ' + r.scope if r.scope else ''}</td>"
                    f"<td class='n'>{html.escape(_fmt(pd.Series(r._asdict())))}</td>"
                    f"<td class='n'>{r.n}</td></tr>")
        return ("<section id='validation'><h2>Validation on your labels</h2>"
                "<p class='meta'>Every method scored on the labelled sheets given with "
                "<code>--gold</code> (95 % bootstrap intervals); the method marked "
                "\"used\" (highest κ) computes the findings below.</p><table><tr><th>task</th>"
                "<th>method</th><th>measure</th><th>value</th><th>n</th></tr>"
                + "".join(rows) + "</table></section>")

    def write_csv(self, path: Path) -> Path | None:
        """All scores as one CSV (none without sheets)."""
        if not self.scores:
            return None
        pd.concat([s.table for s in self.scores]).to_csv(path, index=False)
        return path


def score_sheets(paths: Sequence[str | Path], tables: Mapping[str, pd.DataFrame],
                 bootstrap: Bootstrap | None = None) -> Validation:
    """Check and score every sheet; the problems of *all* sheets are raised together as one
    :class:`~servicelab.sheets.SheetError` (one line per problem), before any scoring."""
    problems: list[str] = []
    sheets = []
    for path in paths:
        try:
            sheets.append(read_sheet(path, task_of(path), tables))
        except SheetError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SheetError(str(paths[0]), problems)
    return Validation(tuple(score_sheet(s, tables, bootstrap) for s in sheets))


#: Where the sentiment method of the findings was chosen (:attr:`SentimentChoice.basis`).
USER_LABELS = "your labels"
SHIPPED_GOLD = "the shipped hand labels of this corpus's documents"
DEV_GOLD = ("the shipped hand labels of the development corpus's units (codebook §2.1, "
            "tuning half), not of this corpus")
DEFAULT_CHOICE = "the project's default"
#: The half of the development corpus's sentiment gold read as shipped evidence (§7.3): the
#: test half is scored once, by the lead, and is never read here.
DEV_EVIDENCE_HALF = "tuning"


@dataclass(frozen=True)
class SentimentChoice:
    """The sentiment method that computes a corpus's findings, and on what it was chosen:
    ``basis`` (:data:`USER_LABELS`, :data:`SHIPPED_GOLD`, :data:`DEV_GOLD` or
    :data:`DEFAULT_CHOICE`), the
    ``unit`` of those labels and their number ``n``; ``kappa`` holds every method's κ there
    (empty for the default)."""

    method: str
    basis: str
    n: int = 0
    kappa: dict[str, float] = field(default_factory=dict)
    unit: str = "sentence"

    @property
    def validated(self) -> bool:
        """Was the method chosen on labels of this corpus (not on the development corpus's,
        not the default)?"""
        return self.basis in (USER_LABELS, SHIPPED_GOLD)

    def describe(self) -> str:
        """One sentence for the index and the notebook: which method, chosen on what."""
        if self.basis == DEFAULT_CHOICE:
            return (f"The findings use `{self.method}`, {DEFAULT_CHOICE}: no labels of this "
                    "corpus were available to choose on.")
        scores = ", ".join(f"{m} κ {k:.2f}" for m, k in sorted(self.kappa.items()))
        caveat = (" The method was chosen on these same labels, so its agreement is "
                  "optimistic." if self.basis == SHIPPED_GOLD else "")
        if self.basis == DEV_GOLD:
            caveat = (" Its agreement on this corpus is not measured; the `segments` figure "
                      "is cross-validated by page, as its setting was chosen on those labels.")
        units = f"{self.n} {self.unit}{'' if self.n == 1 else 's'}"
        if self.basis == DEV_GOLD:
            return (f"Chosen on {self.basis} ({units}, Cohen's κ): the findings use "
                    f"`{self.method}`, which agrees best there ({scores}).{caveat}")
        return (f"Validated on {self.basis} ({units}, Cohen's κ): the findings use "
                f"`{self.method}`, which agrees best ({scores}).{caveat}")


def _shipped_gold_kappa(tables: Mapping[str, pd.DataFrame], corpus_dir: str | Path
                        ) -> dict[str, tuple[dict[str, float], int]]:
    """Per unit (segment, sentence): the κ of every method against the shipped sentiment gold
    of the corpus's documents (``sentiment_gold.csv``) and the number of gold units; empty
    when the corpus holds none of the gold's documents (then nothing is read from the files)."""
    from servicelab import segment_sentiment, sentiment, validation
    from servicelab.annotations import load_gold
    from servicelab.errors import OneLineError
    from servicelab.tables import as_corpus

    docs, sent = tables.get("documents"), tables.get("sentiment")
    if docs is None or sent is None or sent.empty or "doc_id" not in docs:
        return {}
    try:
        gold_docs = set(load_gold("sentiment_gold")["doc_id"])
    except (OneLineError, OSError, KeyError):  # an installed package ships no gold
        return {}
    if not gold_docs & set(docs["doc_id"].astype(str)):
        return {}
    aligned = validation.align_sentiment_gold(as_corpus(tables, corpus_dir))
    agreement, joined = validation.seed_sentiment_agreement(aligned, sent)
    kappa = agreement["kappa"].reset_index()
    methods = (*sentiment.METHODS, segment_sentiment.METHOD)
    kappa = kappa[kappa["method"].isin(methods) & kappa["kappa"].notna()]
    out = {}
    for unit, k in kappa.groupby("unit"):
        n = int(joined.loc[joined["unit"] == unit, "id"].nunique())
        out[str(unit)] = ({str(m): float(v) for m, v in zip(k["method"], k["kappa"],
                                                            strict=True)}, n)
    return out


@lru_cache(maxsize=1)
def dev_gold_kappa() -> tuple[tuple[tuple[str, float], ...], int]:
    """κ of every segment method on the development corpus's unit gold, half
    :data:`DEV_EVIDENCE_HALF` (for ``segments``, whose setting was chosen there, its
    leave-one-page-out cross-validated κ), and
    the number of units; ``((), 0)`` when the checkout has no development corpus or gold
    (an installed package). Computed once per process (it builds the half's pages), and
    once per checkout when there is a cache folder (:mod:`servicelab.evidence_cache`:
    every report and notebook 01 ask for it)."""
    from servicelab.evidence_cache import cached_evidence

    return cached_evidence("dev-gold-kappa", tuple, _dev_gold_kappa)


def _dev_gold_kappa() -> tuple[tuple[tuple[str, float], ...], int]:
    """:func:`dev_gold_kappa` computed."""
    from servicelab import segment_sentiment, sentiment
    from servicelab import segment_sentiment_evaluation as evaluation
    from servicelab.errors import OneLineError

    try:
        units = evaluation.dev_units(DEV_EVIDENCE_HALF)
    except (OneLineError, OSError):
        return (), 0
    if units.empty:
        return (), 0
    scores = evaluation.score(units, sentiment.METHODS)
    # the segments setting was chosen on these labels: its κ is the cross-validated one
    cv = evaluation.grouped_cv(units)
    seg = evaluation.score(cv.assign(**{segment_sentiment.METHOD: cv["cv"]}),
                           [segment_sentiment.METHOD])
    scores = pd.concat([scores, seg], ignore_index=True)
    return (tuple((str(m), float(k)) for m, k in zip(scores["method"], scores["kappa"],
                                                     strict=True) if pd.notna(k)),
            len(units))


#: The unit of the findings (shares of negative segments): the shipped gold is read there
#: first, its sentences only where it labels no segment of the corpus.
FINDINGS_UNITS = ("segment", "sentence")


def choose_sentiment(tables: Mapping[str, pd.DataFrame], corpus_dir: str | Path | None = None,
                     labelled: Validation | None = None) -> SentimentChoice:
    """The sentiment method for the findings of this corpus: the one that agrees best with
    the user's labels (``labelled``, from ``--gold`` sheets, which label sentences); else,
    when the corpus holds documents of the shipped sentiment gold, the one with the highest
    κ on those labels at the unit of the findings (segments; :data:`FINDINGS_UNITS`); else
    (a user's own corpus, given by its folder) the one with the highest κ on the shipped
    segment gold of the development corpus (:func:`dev_gold_kappa`, the tuning half; text
    written for the project, not the user's, so the choice is marked as not validated on
    this corpus); else the project's default (:data:`servicelab.sentiment.BEST_METHOD`).

    The report's index and notebook 01 both call this with the same tables, corpus folder and
    sheets, so both state the same measure. Ties go to the first method by name."""
    from servicelab.sentiment import BEST_METHOD

    if labelled is not None and labelled.best("sentiment"):
        s = next(s for s in labelled.scores if s.task == "sentiment" and s.best)
        t = s.table[s.table["measure"] == "kappa"]
        return SentimentChoice(str(s.best), USER_LABELS, s.n_labelled,
                               {str(m): float(v) for m, v in zip(t["method"], t["value"],
                                                                 strict=True) if pd.notna(v)},
                               "sentence")
    if corpus_dir is not None:
        by_unit = _shipped_gold_kappa(tables, corpus_dir)
        unit = next((u for u in FINDINGS_UNITS if by_unit.get(u, ({}, 0))[0]), None)
        if unit is not None:
            kappa, n = by_unit[unit]
            best = max(sorted(kappa), key=lambda m: kappa[m])  # first by name among ties
            return SentimentChoice(best, SHIPPED_GOLD, n, kappa, unit)
        pairs, n = dev_gold_kappa()
        if pairs:
            kappa = dict(pairs)
            best = max(sorted(kappa), key=lambda m: kappa[m])
            return SentimentChoice(best, DEV_GOLD, n, kappa, "segment")
    return SentimentChoice(BEST_METHOD, DEFAULT_CHOICE)
