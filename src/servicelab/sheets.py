"""Validation on the user's own labels: a labelling sheet, its checks, and the scores.

Why: a method that agrees with the hand labels of the seed blogs may not agree with a reader of
another corpus (the sentiment ``model``: κ ≈ 0 on the seeds, 0.31 on a student's 20 labels).
So the user labels a small sample of *their* corpus and every method is scored on it.

* :func:`sample_sheet` draws a stratified sample of units from built tables: stratified by
  the methods' current prediction (so rare classes are in the sample; for blame, timex and
  events half the sample comes from units where nothing was predicted, so that misses are
  found too) with a cap per document
  (so one long page cannot fill the sheet), duplicates (``documents.duplicate_of``) left out,
  deterministic given the seed. The sheet never shows a prediction (the labeller is blind to
  it) and lists its rows in a random order.
* :func:`read_sheet` checks a filled sheet and collects *every* problem as one line naming
  the file and the row (:class:`SheetError`); an empty label is not a problem but counted as
  unlabelled.
* :func:`score_sheet` scores every method of the task on the labels: accuracy, Cohen's κ and
  precision/recall/F1 (``servicelab.metrics``) with bootstrap intervals (``servicelab.stats``).

Tasks (:data:`TASKS`) and the codebook section each question comes from:

========= ========= ====================================================== ===========
task      unit      labels                                                 codebook
========= ========= ====================================================== ===========
sentiment sentence  negative, neutral, positive                            §2
blame     sentence  accuses, shifts, concedes, customer_blame, none        §3
stance    comment   supports_complainant, defends_vendor, neutral, vendor  §5
timex     sentence  yes, no (contains a time expression)                   §4.1
events    sentence  yes, no (reports a case event of the kind named)       §4.2.2
========= ========= ====================================================== ===========

For the span tasks (timex, events) marking every span is too much to ask of a labeller, so the
sheet asks a yes/no question per sentence, samples predicted and unpredicted sentences, and the
score is detection at sentence level. For events each row names one event kind: the kind the
tagger predicts for a predicted sentence, a kind drawn with the seed for the others; its unit
id is ``<sentence_id>@<kind>``.

Row numbers in messages are spreadsheet row numbers (the header is row 1).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from servicelab.errors import CorpusInputError
from servicelab.metrics import prf
from servicelab.stats import Bootstrap, Interval, resample_intervals

CONTEXT_CHARS = 300  # each side of the context is cut to this many characters
SHEET_COLUMNS = ["task", "unit_id", "doc_id", "text", "context", "question", "label"]
EVENT_KINDS: dict[str, str] = {  # codebook §4.2.2, shortened
    "order": "the customer orders, buys or changes a contract",
    "confirmation": "the vendor confirms an order, price or date",
    "promised": "the vendor commits to a time for delivery, switch-over, visit or refund",
    "delivery": "goods or a replacement arrive",
    "complaint": "the customer contacts the vendor about the problem",
    "vendor_response": "the vendor answers or contacts the customer about the problem",
    "cancellation": "the order is cancelled or contested by either side",
    "refund": "money is returned or its return is announced",
    "fix": "the problem is solved",
    "escalation": "the customer goes public or over the vendor's head",
    "delay": "a train, flight, delivery or service is late or cancelled (codebook §6.5)",
    "wait_start": "the customer starts waiting (codebook §6.5)",
}
# codebook §3, decision rule 3: when a sentence carries several patterns, the label is the first
BLAME_PRECEDENCE = ("customer_blame", "concedes", "shifts", "accuses")


@dataclass(frozen=True)
class Task:
    """One validation task: the unit labelled, the allowed labels, the codebook's question."""

    name: str
    unit: str
    labels: tuple[str, ...]
    question: str
    section: str
    tables: tuple[str, ...]
    detection: bool = False  # yes/no: scored as detection of "yes"
    nothing: str | None = None  # the stratum "nothing predicted": gets half of the sample


def _yes_no(what: str) -> str:
    return f"{what} Answer yes or no."


TASKS: dict[str, Task] = {t.name: t for t in (
    Task("sentiment", "sentence", ("negative", "neutral", "positive"),
         "Which tone does the writer of this sentence express (codebook §2)? Answer negative, "
         "neutral or positive.", "§2", ("sentences", "sentiment")),
    Task("blame", "sentence", ("accuses", "shifts", "concedes", "customer_blame", "none"),
         "Does this sentence blame someone for a concrete failure, and how (codebook §3)? "
         "Answer accuses, shifts, concedes, customer_blame or none; if several, the first of "
         "customer_blame, concedes, shifts, accuses.", "§3", ("sentences", "blame"),
         nothing="none"),
    Task("stance", "comment",
         ("supports_complainant", "defends_vendor", "neutral", "vendor"),
         "Whose side does this comment take in the conflict (codebook §5)? Answer "
         "supports_complainant, defends_vendor, neutral or vendor.", "§5",
         ("segments", "stance")),
    Task("timex", "sentence", ("yes", "no"),
         _yes_no("Does this sentence contain a time expression: a date, time, duration or "
                 "frequency (codebook §4.1)?"), "§4.1", ("sentences", "timex"), True,
         "no"),
    Task("events", "sentence", ("yes", "no"),
         _yes_no("Does this sentence report a case event of kind {kind}: {definition} "
                 "(codebook §4.2.2)?"), "§4.2.2", ("sentences", "events"),
         True, "none"),
)}


class SheetError(CorpusInputError):
    """A labelling sheet with problems; ``problems`` holds one line per problem, each naming
    the file and the row. ``str()`` joins them with newlines."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.problems = problems
        ValueError.__init__(self, "\n".join(problems))
        self.path = path
        self.problem = "\n".join(problems)


def get_task(name: str) -> Task:
    if name not in TASKS:
        raise ValueError(f"unknown task {name!r}: one of {', '.join(TASKS)}")
    return TASKS[name]


# --------------------------------------------------------------------------- tables

def load_tables(out: str | Path, task: str) -> dict[str, pd.DataFrame]:
    """The built tables a task needs (``documents`` + the task's tables), read with
    ``engines.read_table``; a missing table is one line saying which command makes it."""
    from servicelab.engines import read_table
    from servicelab.outfolder import complete_manifest

    need = ["documents", *get_task(task).tables]
    if task == "stance":
        need.append("replies")
    listed = complete_manifest(Path(out)).get("tables", {})  # one line if no finished build
    tables: dict[str, pd.DataFrame] = {}
    for name in need:
        if name in listed:
            tables[name] = read_table(out, name)
        else:
            if name == "replies":
                continue
            hint = "servicelab build" if name in ("documents", "sentences", "segments") else \
                f"servicelab analyse {out} --only {_analysis_of(name)}"
            raise CorpusInputError(str(out), f"no table {name!r} (run `{hint}` first)") from None
    return tables


def _analysis_of(table: str) -> str:
    return {"sentiment": "sentiment", "blame": "blame", "stance": "defence",
            "timex": "timeline", "events": "timeline"}.get(table, table)


def _table(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    if name not in tables:
        raise CorpusInputError(name, f"table {name!r} is missing from the tables given")
    return tables[name]


def _originals(tables: Mapping[str, pd.DataFrame]) -> set[str]:
    docs = _table(tables, "documents")
    dup = docs["duplicate_of"].fillna("").astype(str).str.len() > 0
    return set(docs.loc[~dup, "doc_id"].astype(str))


def _cut(text: object, tail: bool = False) -> str:
    s = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    if len(s) <= CONTEXT_CHARS:
        return s
    return "…" + s[-CONTEXT_CHARS:] if tail else s[:CONTEXT_CHARS] + "…"


# --------------------------------------------------------------------------- units

def _sentence_units(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Sentences of original documents, with the previous and next sentence as context."""
    s = _table(tables, "sentences")
    s = s[s["doc_id"].astype(str).isin(_originals(tables))]
    s = s.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    same = s["segment_id"].eq(s["segment_id"].shift(1))
    prev = s["text"].shift(1).where(same, "")
    same_next = s["segment_id"].eq(s["segment_id"].shift(-1))
    nxt = s["text"].shift(-1).where(same_next, "")
    context = [f"before: {_cut(p, tail=True)} | after: {_cut(n)}" for p, n in zip(prev, nxt,
                                                                                 strict=True)]
    return pd.DataFrame({"unit_id": s["sentence_id"].astype(str), "doc_id": s["doc_id"].astype(str),
                         "text": s["text"].astype(str), "context": context})


def _comment_units(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Comments with a stance row; context is the comment they answer (a ``replies`` link),
    else the segment before them in the thread."""
    st = _table(tables, "stance")
    seg = _table(tables, "segments")
    seg = seg[seg["doc_id"].astype(str).isin(_originals(tables))]
    seg = seg.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    text = dict(zip(seg["segment_id"].astype(str), seg["text"].astype(str), strict=True))
    doc_of = dict(zip(seg["segment_id"].astype(str), seg["doc_id"].astype(str), strict=True))
    same_post = seg["post_id"].eq(seg["post_id"].shift(1))
    previous = dict(zip(seg["segment_id"].astype(str),
                        seg["segment_id"].shift(1).where(same_post, None), strict=True))
    parent: dict[str, str] = {}
    replies = tables.get("replies")
    if replies is not None and len(replies):
        for src, tgt in zip(replies["source_segment_id"].astype(str),
                            replies["target_segment_id"].astype(str), strict=True):
            parent.setdefault(src, tgt)
    ids = [i for i in st["segment_id"].astype(str) if i in text]
    rows = []
    for i in sorted(set(ids)):
        if i in parent:
            ctx = f"answers: {_cut(text.get(parent[i], ''), tail=True)}"
        elif previous.get(i):
            ctx = f"previous: {_cut(text.get(previous[i], ''), tail=True)}"
        else:
            ctx = ""
        rows.append((i, doc_of[i], text[i], ctx))
    return pd.DataFrame(rows, columns=["unit_id", "doc_id", "text", "context"])


def units(task: str, tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every unit of the task that could be sampled: ``unit_id``, ``doc_id``, ``text``,
    ``context`` (for events the unit is the sentence; the kind is added when sampling)."""
    return _comment_units(tables) if get_task(task).unit == "comment" else \
        _sentence_units(tables)


# --------------------------------------------------------------------------- predictions

def _sentence_of(unit_ids: pd.Series) -> pd.Series:
    return unit_ids.astype(str).str.split("@").str[0]


def _predict_sentiment(tables: Mapping[str, pd.DataFrame], ids: pd.Series) -> pd.DataFrame:
    s = _table(tables, "sentiment")
    s = s[(s["unit"] == "sentence") & s["id"].isin(set(ids))]
    return pd.DataFrame({"unit_id": s["id"].astype(str), "method": s["method"].astype(str),
                         "label": s["label"].astype(str)})


def _predict_blame(tables: Mapping[str, pd.DataFrame], ids: pd.Series) -> pd.DataFrame:
    b = _table(tables, "blame")
    rank = {p: i for i, p in enumerate(BLAME_PRECEDENCE)}
    found: dict[str, str] = {}
    for sid, pattern in zip(b["sentence_id"].astype(str), b["pattern"].astype(str), strict=True):
        if pattern in rank and (sid not in found or rank[pattern] < rank[found[sid]]):
            found[sid] = pattern
    return pd.DataFrame({"unit_id": ids.astype(str).to_numpy(), "method": "rules",
                         "label": [found.get(i, "none") for i in ids.astype(str)]})


def _predict_stance(tables: Mapping[str, pd.DataFrame], ids: pd.Series) -> pd.DataFrame:
    st = _table(tables, "stance")
    st = st[st["segment_id"].isin(set(ids))]
    return pd.DataFrame({"unit_id": st["segment_id"].astype(str), "method": "rules",
                         "label": st["stance"].astype(str)})


def _predict_timex(tables: Mapping[str, pd.DataFrame], ids: pd.Series) -> pd.DataFrame:
    hit = set(_table(tables, "timex")["sentence_id"].astype(str))
    return pd.DataFrame({"unit_id": ids.astype(str).to_numpy(), "method": "rules",
                         "label": ["yes" if i in hit else "no" for i in ids.astype(str)]})


def _event_kinds(tables: Mapping[str, pd.DataFrame]) -> dict[str, list[str]]:
    ev = _table(tables, "events").sort_values(["sentence_id", "start"], kind="stable")
    kinds: dict[str, list[str]] = {}
    for sid, kind in zip(ev["sentence_id"].astype(str), ev["event"].astype(str), strict=True):
        kinds.setdefault(sid, [])
        if kind not in kinds[sid]:
            kinds[sid].append(kind)
    return kinds


def _predict_events(tables: Mapping[str, pd.DataFrame], ids: pd.Series) -> pd.DataFrame:
    kinds = _event_kinds(tables)
    labels = []
    for uid in ids.astype(str):
        sid, _, kind = uid.partition("@")
        labels.append("yes" if kind in kinds.get(sid, []) else "no")
    return pd.DataFrame({"unit_id": ids.astype(str).to_numpy(), "method": "rules",
                         "label": labels})


PREDICT: dict[str, Callable[[Mapping[str, pd.DataFrame], pd.Series], pd.DataFrame]] = {
    "sentiment": _predict_sentiment, "blame": _predict_blame, "stance": _predict_stance,
    "timex": _predict_timex, "events": _predict_events,
}


def predictions(task: str, tables: Mapping[str, pd.DataFrame],
                unit_ids: pd.Series) -> pd.DataFrame:
    """Each method's label for the given units: ``unit_id``, ``method``, ``label``."""
    return PREDICT[get_task(task).name](tables, pd.Series(unit_ids, dtype=object))


def _strata(task: str, tables: Mapping[str, pd.DataFrame], frame: pd.DataFrame) -> pd.Series:
    """The current prediction per unit: for sentiment the label most methods give
    ("disagree" on a tie), for events the first predicted kind or "none"."""
    if task == "events":
        kinds = _event_kinds(tables)
        return frame["unit_id"].map(lambda i: (kinds.get(i) or ["none"])[0])
    pred = predictions(task, tables, frame["unit_id"])
    votes = pred.groupby(["unit_id", "label"]).size().rename("n").reset_index()
    votes = votes.sort_values(["unit_id", "n", "label"], ascending=[True, False, True])
    top = votes.groupby("unit_id")["n"].transform("max")
    winners = votes[votes["n"] == top].groupby("unit_id")["label"].agg(list)
    stratum = winners.map(lambda labels: labels[0] if len(labels) == 1 else "disagree")
    return frame["unit_id"].map(stratum).fillna("unpredicted")


# --------------------------------------------------------------------------- sampling

def _allocate(sizes: Mapping[str, int], n: int) -> dict[str, int]:
    """Equal shares of ``n`` per stratum; what a small stratum cannot take goes to the rest."""
    quota = {s: 0 for s in sorted(sizes)}
    left = n
    while left > 0:
        open_ = [s for s in quota if quota[s] < sizes[s]]
        if not open_:
            break
        share = max(1, left // len(open_))
        for s in open_:
            add = min(share, sizes[s] - quota[s], left)
            quota[s] += add
            left -= add
            if left == 0:
                break
    return quota


def allocate(sizes: Mapping[str, int], n: int, nothing: str | None = None) -> dict[str, int]:
    """Units per stratum: equal shares, except that the stratum where nothing was predicted
    (``nothing``) gets half of ``n`` and the predicted strata share the other half, so that
    misses (recall) are measured as well as hits (precision) however many kinds there are."""
    if nothing is None or nothing not in sizes or len(sizes) == 1:
        return _allocate(sizes, n)
    rest = {s: k for s, k in sizes.items() if s != nothing}
    halves = _allocate({"nothing": sizes[nothing], "predicted": sum(rest.values())}, n)
    return {nothing: halves["nothing"], **_allocate(rest, halves["predicted"])}


def sample_sheet(tables: Mapping[str, pd.DataFrame], task: str, n: int = 60, seed: int = 1,
                 per_document: int | None = None) -> pd.DataFrame:
    """A labelling sheet of ``n`` units (fewer if the corpus has fewer) for ``task``.

    Stratified by the current prediction (:func:`_strata`; shares by :func:`allocate`) and by
    document: at most ``per_document`` units per document (default ``ceil(n / documents)``)
    while other documents still have units; only then is the cap lifted. Columns
    :data:`SHEET_COLUMNS`; ``label`` is empty.
    """
    spec = get_task(task)
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    frame = units(task, tables).sort_values("unit_id", kind="stable").reset_index(drop=True)
    rng = np.random.default_rng(seed)
    frame["stratum"] = _strata(task, tables, frame).to_numpy()
    frame["rank"] = rng.permutation(len(frame))
    frame = frame.sort_values("rank").reset_index(drop=True)
    n_docs = max(1, frame["doc_id"].nunique())
    cap = per_document or math.ceil(n / n_docs)
    quota = allocate(frame["stratum"].value_counts().to_dict(), n, spec.nothing)
    taken: dict[str, list[int]] = {s: [] for s in quota}
    per_doc: dict[str, int] = {}
    for capped in (True, False):
        for stratum, rows in frame.groupby("stratum", sort=True):
            for i, doc in zip(rows.index, rows["doc_id"], strict=True):
                if len(taken[stratum]) >= quota[stratum]:
                    break
                if i in taken[stratum] or (capped and per_doc.get(doc, 0) >= cap):
                    continue
                taken[stratum].append(i)
                per_doc[doc] = per_doc.get(doc, 0) + 1
    chosen = frame.loc[sorted(i for rows in taken.values() for i in rows)].copy()
    if task == "events":
        kinds = list(EVENT_KINDS)
        drawn = rng.choice(len(kinds), size=len(chosen))
        chosen["kind"] = pd.Series([s if s != "none" else kinds[d] for s, d in
                                    zip(chosen["stratum"], drawn, strict=True)],
                                   index=chosen.index, dtype=object)
        chosen["unit_id"] = [f"{u}@{k}" for u, k in zip(chosen["unit_id"], chosen["kind"],
                                                        strict=True)]
        chosen["question"] = [spec.question.format(kind=k, definition=EVENT_KINDS.get(k, k))
                              for k in chosen["kind"]]
    else:
        chosen["question"] = spec.question
    chosen["task"] = task
    chosen["label"] = ""
    return chosen[SHEET_COLUMNS].reset_index(drop=True)


def refuse_existing(path: str | Path) -> Path:
    """A sheet path that does not exist yet; an existing file may hold someone's labels."""
    path = Path(path)
    if path.exists():
        raise CorpusInputError(str(path), "exists; a labelling sheet is never overwritten "
                               "(choose another --out or remove the file)")
    return path


def write_sheet(sheet: pd.DataFrame, path: str | Path) -> Path:
    """Write a sheet as CSV (UTF-8 with BOM, so spreadsheet programs read the umlauts);
    refuses to overwrite an existing file (it may hold someone's labels)."""
    path = refuse_existing(path)
    sheet.to_csv(path, index=False, encoding="utf-8-sig")
    return path


# --------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class LabelledSheet:
    """A checked sheet: the labelled rows (``unit_id``, ``label``) and how many were empty."""

    path: str
    task: str
    labels: pd.DataFrame = field(repr=False)
    unlabelled: int = 0


def _separator(path: str | Path) -> str:
    """``;`` when the header uses it (spreadsheets with a German locale save CSV that way)."""
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        header = f.readline()
    return ";" if header.count(";") > header.count(",") else ","


def _read_csv(path: str | Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                           sep=_separator(path))
    except FileNotFoundError:
        raise SheetError(str(path), [f"{path}: no such file"]) from None
    except UnicodeDecodeError:
        raise SheetError(str(path), [f"{path}: not UTF-8 text (save the sheet as CSV UTF-8)"]
                         ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "empty file"
        raise SheetError(str(path), [f"{path}: not a CSV sheet ({first})"]) from None


def task_of(path: str | Path) -> str:
    """The task a sheet was sampled for (its ``task`` column)."""
    df = _read_csv(path)
    found = sorted({t.strip() for t in df.get("task", pd.Series(dtype=str)) if t.strip()})
    if len(found) != 1 or found[0] not in TASKS:
        what = ", ".join(found) if found else "none"
        raise SheetError(str(path), [f"{path}: column 'task' must name one task of "
                                     f"{', '.join(TASKS)} (found: {what})"])
    return found[0]


def _is_known(uid: str, task: str, known: set[str]) -> bool:
    """A unit of the sampling frame; for events ``<sentence_id>@<kind>`` with a known kind."""
    if task != "events":
        return uid in known
    sentence, _, kind = uid.partition("@")
    return sentence in known and kind in EVENT_KINDS


def read_sheet(path: str | Path, task: str | None, tables: Mapping[str, pd.DataFrame]
               ) -> LabelledSheet:
    """Check a filled sheet against the tables; every problem is one line naming the file and
    the row: unknown unit id, label outside the task's labels, repeated unit id, missing
    column, a sheet of another task. Labels are compared case-insensitively after trimming.
    An empty label is counted as unlabelled, not reported. Raises :class:`SheetError`."""
    df = _read_csv(path)
    name = str(path)
    missing = [c for c in ("unit_id", "label") if c not in df.columns]
    if missing:
        raise SheetError(name, [f"{name}: missing column(s) {', '.join(missing)}"])
    if task is None:
        task = task_of(path)
    spec = get_task(task)
    problems: list[str] = []
    if "task" in df.columns:
        other = sorted({t.strip() for t in df["task"] if t.strip() and t.strip() != task})
        if other:
            problems.append(f"{name}: sheet is for task {', '.join(other)}, not {task}")
    known = set(units(task, tables)["unit_id"])
    first_row: dict[str, int] = {}
    rows: list[tuple[str, str]] = []
    unlabelled = 0
    for i, (uid, label) in enumerate(zip(df["unit_id"], df["label"], strict=True)):
        row = i + 2
        uid, label = uid.strip(), label.strip().lower()
        if not uid:
            problems.append(f"{name}:row {row}: empty unit_id")
            continue
        if uid in first_row:
            problems.append(f"{name}:row {row}: unit id {uid!r} repeats row {first_row[uid]}")
            continue
        first_row[uid] = row
        if not _is_known(uid, task, known):
            problems.append(f"{name}:row {row}: unknown unit id {uid!r} (not a {spec.unit} "
                            "of these tables, or of a duplicate document)")
            continue
        if not label:
            unlabelled += 1
            continue
        if label not in spec.labels:
            problems.append(f"{name}:row {row}: label {label!r} is not one of "
                            f"{', '.join(spec.labels)} (codebook {spec.section})")
            continue
        rows.append((uid, label))
    if problems:
        raise SheetError(name, problems)
    labels = pd.DataFrame(rows, columns=["unit_id", "label"])
    return LabelledSheet(name, task, labels, unlabelled)


# --------------------------------------------------------------------------- scoring

@dataclass(frozen=True)
class SheetScores:
    """Every method's agreement with the sheet (``table``) and the one that validates best
    (highest κ, ties by accuracy, then by name); ``None`` without labelled rows."""

    task: str
    table: pd.DataFrame
    best: str | None
    n_labelled: int
    unlabelled: int

    def __str__(self) -> str:
        lines = [f"task {self.task}: {self.n_labelled} labelled units"
                 f" ({self.unlabelled} rows without a label)"]
        for row in self.table.itertuples(index=False):
            value = "n/a" if math.isnan(row.value) else f"{row.value:.3f}"
            ci = "" if math.isnan(row.low) else f" (95 % CI {row.low:.3f}–{row.high:.3f})"
            lines.append(f"  {row.method:<10} {row.measure:<9} {value}{ci}  n = {row.n}"
                         f"{'  [' + row.scope + ']' if row.scope else ''}")
        lines.append(f"validates best on these labels: {self.best}" if self.best else
                     "no method can be scored: no labelled rows with a prediction")
        return "\n".join(lines)


def _codes(labels: np.ndarray, index: dict[str, int]) -> np.ndarray:
    return np.array([index[x] for x in labels], dtype=np.int64)


def _measures(cm: np.ndarray, labels: list[str], task: Task) -> dict[str, float]:
    """Accuracy, κ and P/R/F1 from a confusion matrix (rows gold, columns prediction, both
    indexed by ``labels``). Computed from counts so that 2,000 bootstrap resamples take well
    under a second; κ here equals ``sklearn.metrics.cohen_kappa_score`` (tested), which
    :func:`score_sheet` uses for the point value.

    P/R/F1: detection of "yes" for yes/no tasks; otherwise the macro average over the labels
    present in the gold units (a precision that is undefined because the label was never
    predicted is left out of the precision average; that label's F1 counts as 0)."""
    n = int(cm.sum())
    if n == 0:
        return dict.fromkeys(("accuracy", "kappa", "precision", "recall", "f1"), math.nan)
    gold_tot, pred_tot = cm.sum(axis=1), cm.sum(axis=0)
    observed = float(np.trace(cm)) / n
    expected = float(gold_tot @ pred_tot) / n**2
    kappa = (observed - expected) / (1 - expected) if expected < 1 else math.nan
    classes = [labels.index("yes")] if task.detection else \
        [i for i in range(len(labels)) if gold_tot[i] > 0]
    p, r, f = [], [], []
    for i in classes:
        m = prf(int(cm[i, i]), int(pred_tot[i] - cm[i, i]), int(gold_tot[i] - cm[i, i]))
        p.append(m.precision)
        r.append(m.recall)
        f.append(m.f1)
    return {"accuracy": observed, "kappa": kappa, "precision": _mean(p), "recall": _mean(r),
            "f1": _mean(f)}


def _mean(xs: list[float]) -> float:
    xs = [x for x in xs if not math.isnan(x)]
    return float(np.mean(xs)) if xs else math.nan


def score_sheet(sheet: LabelledSheet, tables: Mapping[str, pd.DataFrame],
                bootstrap: Bootstrap | None = None) -> SheetScores:
    """Score every method of the sheet's task on its labels.

    ``table`` columns: ``task``, ``method``, ``measure`` (accuracy, kappa, precision, recall,
    f1), ``scope`` ("yes" for detection at sentence level, "macro" for the macro average over
    the gold labels, empty for accuracy and κ), ``value``, ``low``, ``high`` (bootstrap
    interval over the labelled units), ``n`` (labelled units the method has a prediction for).
    """
    from sklearn.metrics import cohen_kappa_score  # slow to import: only when scoring

    task = get_task(sheet.task)
    bootstrap = bootstrap or Bootstrap()
    pred = predictions(task.name, tables, sheet.labels["unit_id"])
    rows = []
    methods = sorted(pred["method"].unique()) if len(pred) else []
    for method in methods:
        joined = sheet.labels.merge(pred[pred["method"] == method], on="unit_id",
                                    suffixes=("_gold", "_pred"))
        labels = list(task.labels) + sorted(set(joined["label_pred"]) - set(task.labels))
        index = {label: i for i, label in enumerate(labels)}
        gold = _codes(joined["label_gold"].to_numpy(), index)
        guess = _codes(joined["label_pred"].to_numpy(), index)
        k = len(labels)

        def measures(idx: np.ndarray, gold: np.ndarray = gold, guess: np.ndarray = guess,
                     k: int = k, labels: list[str] = labels) -> dict[str, float]:
            cm = np.bincount(gold[idx] * k + guess[idx], minlength=k * k).reshape(k, k)
            return _measures(cm, labels, task)

        point = measures(np.arange(len(gold)))
        if len(gold):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                point["kappa"] = float(cohen_kappa_score(gold, guess, labels=list(range(k))))
        intervals = resample_intervals(measures, len(gold), bootstrap)
        for measure, value in point.items():
            iv = intervals.get(measure, Interval(math.nan, math.nan))
            scope = "" if measure in ("accuracy", "kappa") else (
                "yes" if task.detection else "macro")
            rows.append((task.name, method, measure, scope, value, iv.low, iv.high, len(gold)))
    table = pd.DataFrame(rows, columns=["task", "method", "measure", "scope", "value", "low",
                                        "high", "n"])
    return SheetScores(task.name, table, _best(table), len(sheet.labels), sheet.unlabelled)


def _best(table: pd.DataFrame) -> str | None:
    if table.empty:
        return None
    wide = table.pivot(index="method", columns="measure", values="value")
    wide = wide[wide["kappa"].notna() | wide["accuracy"].notna()]
    if wide.empty:
        return None
    key = wide.assign(k=wide["kappa"].fillna(-math.inf), a=wide["accuracy"].fillna(-math.inf))
    key = key.reset_index().sort_values(["k", "a", "method"], ascending=[False, False, True])
    return str(key.iloc[0]["method"])
