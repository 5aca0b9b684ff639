"""Key findings for the report index and the notebooks, computed from the tables (never typed).

One function per notebook; each takes the tables of ``servicelab build`` (name → DataFrame)
and returns one or two sentences (:class:`Finding`, a ``str``). The report's index and each
notebook's summary call the same function through :func:`findings_for`, which first drops
near-duplicate documents (:func:`servicelab.tables.originals`), so both count alike.

Every share and median is stated with its n, its coverage (units in how many of the corpus's
documents) and a bootstrap interval (:class:`servicelab.stats.Measure`); below the documented
minimum (:class:`servicelab.stats.MinimumN`) the sentence says "not measurable on this corpus
(n = …)" instead. Each :class:`Finding` carries the :class:`Claim` objects it states, so the
index can record them and a test can check that nothing is claimed below the minimum.
Where the corpus cannot answer a notebook's question (no comment threads, no vendor replies,
no dates …) the function says so instead of raising.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from servicelab.stats import Bootstrap, Measure, MinimumN

Tables = dict[str, pd.DataFrame]

#: Preferred sentiment method for the headline, best first (see notebook 01).
SENTIMENT_METHODS = ("model", "sentiws", "gpl", "naive")


@dataclass(frozen=True)
class Claim:
    """One measure a finding rests on, the minimum it was held to, and whether it is stated
    as a claim (``stated``) or replaced by "not measurable" because it rests on too little."""

    measure: Measure
    minimum_units: int
    minimum_documents: int

    @property
    def stated(self) -> bool:
        return (self.measure.n >= self.minimum_units
                and self.measure.documents >= self.minimum_documents)


class Finding(str):
    """A sentence of the findings, with the claims (measures) it states."""

    claims: tuple[Claim, ...]

    def __new__(cls, text: str, claims: tuple[Claim, ...] | list[Claim] = ()) -> Finding:
        self = super().__new__(cls, text)
        self.claims = tuple(claims)
        return self


@dataclass(frozen=True)
class Settings:
    """How findings are computed: the interval (``bootstrap``) and the least a claim may rest
    on (``minimum``). One object, passed in; the defaults are documented in ``stats``."""

    bootstrap: Bootstrap = Bootstrap()
    minimum: MinimumN = MinimumN()

    def claim(self, measure: Measure, comparison: bool = False) -> tuple[str, Claim]:
        """The text for ``measure`` (the claim or "not measurable …") and its record."""
        units = self.minimum.units_for(measure, comparison)
        return (self.minimum.state(measure, comparison),
                Claim(measure, units, self.minimum.documents))


DEFAULT = Settings()


def _table(tables: Tables, name: str, columns: tuple[str, ...] = ()) -> pd.DataFrame | None:
    """``tables[name]`` if it exists and has ``columns``; otherwise None."""
    df = tables.get(name)
    if df is None or any(c not in df.columns for c in columns):
        return None
    return df


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _n_documents(tables: Tables) -> int:
    """The documents of the corpus (after duplicates were dropped)."""
    docs = tables.get("documents")
    return 0 if docs is None else int(docs["doc_id"].nunique()) if "doc_id" in docs else 0


def _docs(rows: pd.DataFrame) -> int:
    return int(rows["doc_id"].nunique()) if "doc_id" in rows and len(rows) else 0


def _comments(tables: Tables) -> pd.DataFrame:
    seg = _table(tables, "segments", ("segment_id", "post_id", "kind", "role"))
    if seg is None:
        return pd.DataFrame(columns=["segment_id", "post_id", "doc_id", "kind", "role"])
    return seg[seg["kind"] == "comment"]


# ------------------------------------------------------------------ 00 corpus


def corpus_findings(tables: Tables, settings: Settings = DEFAULT) -> list[Finding]:
    """What is in the corpus: documents, encodings, posts, comment threads, vendor voices.

    Counts, not estimates: they describe this corpus and need no interval. Near-duplicates
    are counted here once, as flagged, and left out of every other finding."""
    docs = _table(tables, "documents", ("doc_id",))
    posts = _table(tables, "posts", ("post_id",))
    if docs is None or docs.empty:
        return [Finding("The corpus has no documents, so nothing can be described.")]
    n_dup = int(tables.get("_duplicates", pd.DataFrame()).shape[0])
    first = _plural(len(docs) + n_dup, "document")
    if posts is not None:
        first += f" with {_plural(len(posts), 'post')}"
    first += f"; {_plural(n_dup, 'near-duplicate')} flagged"
    if n_dup:
        first += " (left out of every finding)"
    if "encoding" in docs:
        every = pd.concat([docs, tables.get("_duplicates", docs.iloc[:0])])
        enc = every["encoding"].value_counts().sort_index()
        first += "; encodings: " + ", ".join(f"{e} ({n})" for e, n in enc.items())
    findings = [Finding(first + ".")]
    comments = _comments(tables)
    if comments.empty:
        findings.append(Finding(
            "No comment threads were found, so questions about threads, commenters and "
            "vendor replies cannot be answered from this corpus."))
        return findings
    per_thread = comments.groupby("post_id").size()
    n_vendor = int((comments["role"] == "vendor").sum())
    second = (f"{_plural(len(comments), 'comment')} in {_plural(len(per_thread), 'thread')} "
              f"({_docs(comments)} of {len(docs)} documents; longest thread: "
              f"{_plural(int(per_thread.max()), 'comment')}); ")
    verb = "speaks" if n_vendor == 1 else "speak"
    second += (f"{_plural(n_vendor, 'comment')} ({_pct(n_vendor, len(comments))}) {verb} for "
               "the vendor." if n_vendor else "no comment was recognised as the vendor's voice.")
    findings.append(Finding(second))
    return findings


# ------------------------------------------------------------------ 01 sentiment


def _best_sentiment_method(available: set[str], chosen: str | None = None) -> str:
    try:
        from servicelab.sentiment import BEST_METHOD
    except ImportError:  # the sentiment module is optional for a report
        BEST_METHOD = SENTIMENT_METHODS[0]
    order = [m for m in (chosen, BEST_METHOD, *SENTIMENT_METHODS) if m]
    return next((m for m in order if m in available), sorted(available)[0])


def tone_by_role(tables: Tables, method: str, settings: Settings = DEFAULT
                 ) -> dict[str, Measure]:
    """Share of negative segments per speaker role for one sentiment method (role → Measure,
    sorted by role); the units are segments, coverage their documents."""
    sent = tables["sentiment"]
    seg = tables["segments"]
    rows = sent[(sent["unit"] == "segment") & (sent["method"] == method)].merge(
        seg[["segment_id", "role"]], left_on="id", right_on="segment_id", how="inner")
    total = _n_documents(tables)
    out = {}
    for role, g in sorted(rows.groupby("role"), key=lambda kv: str(kv[0])):
        out[str(role)] = Measure.share(int((g["label"] == "negative").sum()), len(g),
                                       "segments", _docs(g), total, settings.bootstrap)
    return out


def _compare(shares: dict[str, Measure], settings: Settings) -> tuple[str, list[Claim]]:
    """"the most negative voice is …" only when every compared voice has the per-group
    minimum and the top voice's interval lies above every other's."""
    if len(shares) < 2:  # nothing is compared, so nothing is claimed
        only = next(iter(shares), "none")
        return (f"only one voice ({only}) is present, so tone cannot be compared between "
                "voices", [])
    claims = [settings.claim(m, comparison=True)[1] for m in shares.values()]
    if not all(c.stated for c in claims):
        small = ", ".join(f"{r} {m.coverage()}" for r, m in shares.items())
        return (f"comparing voices is not measurable on this corpus ({small}; minimum "
                f"{settings.minimum.comparison} segments in {settings.minimum.documents} "
                "documents per voice)", claims)
    ranked = sorted(shares.items(), key=lambda kv: -kv[1].value)
    (top, m_top), rest = ranked[0], ranked[1:]
    shown = "; ".join(f"{r} {m}" for r, m in ranked)
    if all(m_top.interval.low > m.interval.high for _, m in rest):
        return (f"the {top} is more negative than every other voice, the intervals apart "
                f"({shown})"), claims
    return ("the voices' shares of negative segments overlap within their intervals, so no "
            f"voice is shown to be more negative ({shown})"), claims


def sentiment_findings(tables: Tables, method: str | None = None,
                       settings: Settings = DEFAULT) -> list[Finding]:
    """Share of negative segments per speaker role, by the chosen method (``method``: the
    one that validated best on the user's labels, else the project's default), and whether
    the voices differ."""
    sent = _table(tables, "sentiment", ("unit", "id", "method", "label"))
    seg = _table(tables, "segments", ("segment_id", "role"))
    if sent is None or seg is None:
        return [Finding("Sentiment was not computed for this corpus (no sentiment table).")]
    seg_rows = sent[sent["unit"] == "segment"]
    if seg_rows.empty:
        return [Finding("There is no text to score, so tone cannot be measured on this "
                        "corpus.")]
    chosen = _best_sentiment_method(set(seg_rows["method"]), method)
    shares = tone_by_role(tables, chosen, settings)
    parts, claims = [], []
    for role, m in shares.items():
        text, claim = settings.claim(m)
        parts.append(f"{role} {text}")
        claims.append(claim)
    first = Finding(f"Share of negative segments by voice ({chosen} method): "
                    + "; ".join(parts) + ".", claims)
    text, cmp_claims = _compare(shares, settings)
    return [first, Finding(text[0].upper() + text[1:] + ".", cmp_claims)]


# ------------------------------------------------------------------ 02 vendor blame


def _top_share(rows: pd.DataFrame, column: str, units: str, total: int,
               settings: Settings) -> tuple[str, Claim | None]:
    """The most frequent value of ``column`` as a share of ``rows`` (with its interval), or
    "not measurable" when the rows are too few; ties named together."""
    values = rows[column].dropna().astype(str)
    if values.empty:
        return "", None
    counts = values.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    top = counts[counts == counts.iloc[0]]
    m = Measure.share(int(counts.iloc[0]), len(rows), units, _docs(rows), total,
                      settings.bootstrap)
    text, claim = settings.claim(m)
    if not claim.stated:
        return f"which party is blamed most is {text}", claim
    names = " and ".join(top.index)
    each = " each" if len(top) > 1 else ""
    return f"most often blamed: {names}{each}, {text}", claim


def blame_findings(tables: Tables, settings: Settings = DEFAULT) -> list[Finding]:
    """How many accusations there are, whom they name most often, and whether vendor voices
    shift the blame elsewhere."""
    blame = _table(tables, "blame", ("pattern", "target_entity"))
    if blame is None:
        return [Finding("Blame was not analysed for this corpus (no blame table).")]
    total = _n_documents(tables)
    if blame.empty:
        return [Finding("No statement of responsibility was found, so the question whom "
                        "people blame cannot be answered from this corpus.")]
    accused = blame[blame["pattern"] == "accuses"]
    if len(accused):
        text, claim = _top_share(accused, "target_entity", "accusations", total, settings)
        first = Finding(f"{_plural(len(accused), 'accusation')} of a firm-side party in "
                        f"{_docs(accused)} of {total} documents"
                        + (f"; {text}." if text else "."), [claim] if claim else [])
    else:
        first = Finding(f"No accusation of a firm-side party was recognised in the {total} "
                        "documents.")
    shifts = blame[blame["pattern"] == "shifts"]
    if len(shifts):
        text, claim = _top_share(shifts, "target_entity", "shifting statements", total,
                                 settings)
        text = text.replace("most often blamed", "shifted most often onto").replace(
            "which party is blamed most", "onto whom the blame is shifted most")
        verb = "shifts" if len(shifts) == 1 else "shift"
        second = Finding(f"{_plural(len(shifts), 'statement')} in {_docs(shifts)} of {total} "
                         f"documents {verb} the blame from a vendor onto another party"
                         + (f"; {text}." if text else "."), [claim] if claim else [])
    elif "vendor" in set(_comments(tables)["role"]) or (
            "speaker_role" in blame and (blame["speaker_role"] == "vendor").any()):
        second = Finding("No vendor voice was recognised shifting the blame onto another "
                         "party.")
    else:
        second = Finding("There are no vendor replies, so blame shifting by the vendor cannot "
                         "be observed in this corpus.")
    return [first, second]


# ------------------------------------------------------------------ 03 response latency

#: Wait kinds that are a time on hold (a hotline queue), never a vendor's response time.
HOLD_KINDS = re.compile(r"hold|hotline", re.IGNORECASE)
#: Columns that may name a measured wait's kind (the table's own, read, not assumed).
KIND_COLUMNS = ("wait_kind", "kind")


def wait_kind(lat: pd.DataFrame) -> pd.Series:
    """Each latency row's kind as the table states it: a kind column if the table has one,
    else the label before ``:`` in ``evidence`` of stated waits ("hotline wait: …"), else
    the pair of events ("complaint→vendor_response")."""
    pair = lat["from_event"].astype(str) + "→" + lat["to_event"].astype(str)
    for col in KIND_COLUMNS:
        if col in lat:  # an empty kind is no kind: the pair of events names it
            kind = lat[col].astype("string").str.strip().replace("", pd.NA)
            return kind.fillna(pair).astype(str)
    if "evidence" in lat:
        label = lat["evidence"].astype("string").str.extract(r"^([a-z_ ]+):", expand=False)
        return label.fillna(pair).astype(str)
    return pair


def is_hold_time(lat: pd.DataFrame) -> pd.Series:
    """Rows that measure a time on hold (never mixed with the vendor's response times)."""
    return wait_kind(lat).str.contains(HOLD_KINDS) | lat["to_event"].astype(str).str.contains(
        HOLD_KINDS)


def _unit_for(days: np.ndarray) -> tuple[float, str]:
    """Factor from days and the unit name that reads best for the median of ``days``."""
    med = float(np.median(days)) if len(days) else 0.0
    if med < 1 / 24:
        return 24 * 60, "minutes"
    if med < 1:
        return 24, "hours"
    return 1, "days"


def _median(rows: pd.DataFrame, units: str, total: int, settings: Settings,
            lat_docs: pd.Series) -> tuple[str, Claim]:
    days = rows["days"].to_numpy(dtype=float)
    factor, unit = _unit_for(days)
    docs = int(lat_docs.loc[rows.index].nunique())
    m = Measure.median(days * factor, units, docs, total, unit, settings.bootstrap,
                       digits=0 if unit != "days" or np.median(days) >= 10 else 1)
    return settings.claim(m)


def latency_findings(tables: Tables, settings: Settings = DEFAULT) -> list[Finding]:
    """How many waiting times the texts give (by kind), and the median from a complaint to
    the vendor's answer; times on hold are counted apart and never enter that median."""
    lat = _table(tables, "latency", ("from_event", "to_event", "days"))
    if lat is None:
        return [Finding("Waiting times were not computed for this corpus (no latency "
                        "table).")]
    lat = lat[lat["days"].notna()]
    total = _n_documents(tables)
    if lat.empty:
        timex = tables.get("timex")
        events = tables.get("events")
        if timex is None or timex.empty:
            why = "the texts contain no dates, times or durations"
        elif events is None or events.empty:
            why = "no service events (order, complaint, answer, fix) were found"
        else:
            why = "no two events of a case could be dated"
        return [Finding(f"No waiting time can be measured on this corpus: {why}.")]
    posts = tables.get("posts")
    if "case_id" in lat and posts is not None and {"post_id", "doc_id"} <= set(posts):
        lat_docs = lat["case_id"].map(dict(zip(posts["post_id"], posts["doc_id"],
                                               strict=True)))
    else:
        lat_docs = pd.Series(range(len(lat)), index=lat.index)
    hold = is_hold_time(lat)
    kinds = wait_kind(lat).value_counts().sort_index()
    first = Finding(f"{_plural(len(lat), 'waiting time')} in {int(lat_docs.nunique())} of "
                    f"{total} documents, by kind: "
                    + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in kinds.items()) + ".")
    answer = lat[~hold & (lat["from_event"] == "complaint")
                 & (lat["to_event"] == "vendor_response")]
    claims = []
    if len(answer):
        text, claim = _median(answer, "complaint-to-answer times", total, settings, lat_docs)
        claims.append(claim)
        second = f"Median from a complaint to the vendor's answer: {text}"
    else:
        second = "No time from a complaint to a vendor's answer was measured"
    if hold.any():
        text, claim = _median(lat[hold], "times on hold", total, settings, lat_docs)
        claims.append(claim)
        second += f"; times on hold, counted apart: median {text}"
    return [first, Finding(second + ".", claims)]


# ------------------------------------------------------------------ 04 community defence


def defence_findings(tables: Tables, settings: Settings = DEFAULT) -> list[Finding]:
    """The share of readers' comments that defend the vendor, and the most frequent
    defence strategy when enough comments defend."""
    stance = _table(tables, "stance", ("segment_id", "stance"))
    if stance is None:
        return [Finding("Stance was not analysed for this corpus (no stance table).")]
    comments = stance[stance["role"] != "vendor"] if "role" in stance else stance
    comments = comments[comments["stance"] != "vendor"]
    if comments.empty:
        return [Finding("There are no comments by other readers, so community defence cannot "
                        "be studied on this corpus.")]
    total = _n_documents(tables)
    defends = comments[comments["stance"] == "defends_vendor"]
    m = Measure.share(len(defends), len(comments), "reader comments", _docs(comments), total,
                      settings.bootstrap)
    text, claim = settings.claim(m)
    first = Finding(f"Share of readers' comments that defend the vendor: {text}; "
                    f"{len(defends)} of {len(comments)} comments.", [claim])
    findings = [first]
    if len(defends) and "strategies" in defends:
        strat = defends.assign(strategy=defends["strategies"].fillna("").astype(str)
                               .str.split(";")).explode("strategy")
        strat["strategy"] = strat["strategy"].str.strip()
        strat = strat[strat["strategy"] != ""].drop_duplicates(["segment_id", "strategy"])
        if len(strat):
            counts = strat["strategy"].value_counts().sort_index().sort_values(
                ascending=False, kind="stable")
            m = Measure.share(int(counts.iloc[0]), len(defends), "defending comments",
                              _docs(defends), total, settings.bootstrap)
            text, claim = settings.claim(m)
            name = counts.index[0].replace("_", " ")
            findings.append(Finding(
                f"Most frequent defence strategy: {name}, in {text}." if claim.stated else
                f"The most frequent defence strategy is {text}.", [claim]))
    return findings


# ------------------------------------------------------------------ dispatch


def _accepted(func: object, options: Mapping[str, object]) -> dict[str, object]:
    try:
        params = inspect.signature(func).parameters  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return {}
    return {k: v for k, v in options.items() if k in params and v is not None}


def prepared(tables: Mapping[str, pd.DataFrame]) -> Tables:
    """``tables`` as every findings function sees them: near-duplicate documents dropped
    (:func:`servicelab.tables.originals`); their ``documents`` rows kept apart under
    ``_duplicates`` so that the corpus finding can count them."""
    from servicelab.tables import originals

    out = originals(tables)
    docs = tables.get("documents")
    if docs is not None and "duplicate_of" in docs:
        out["_duplicates"] = docs[docs["duplicate_of"].notna()]
    return out


def findings_for(notebook: str, tables: Mapping[str, pd.DataFrame],
                 **options: object) -> list[str]:
    """The key findings of notebook ``NN_topic`` (by topic), never raising.

    The corpus notebook's findings are :func:`corpus_findings`; an analysis' come from the
    function its record in :data:`servicelab.analyses.REGISTRY` names. Near-duplicates are
    dropped first (:func:`prepared`). ``options`` (e.g. ``method="sentiws"``, the sentiment
    method that validated best on the user's labels, or ``settings``) reach the functions
    that take them."""
    from servicelab.analyses import by_topic

    topic = notebook.split("_", 1)[1] if notebook[:2].isdigit() and "_" in notebook else notebook
    analysis = by_topic(topic)
    func = corpus_findings if topic == "corpus" else (
        analysis.findings_function() if analysis is not None else None)
    if func is None:
        return []
    try:
        return func(prepared(tables), **_accepted(func, options))
    except Exception as exc:  # a report must not die on its summary line: say what happened
        return [f"Key findings could not be computed ({type(exc).__name__}: {exc})."]


def findings_markdown(notebook: str, tables: Mapping[str, pd.DataFrame],
                      **options: object) -> str:
    """The findings of ``notebook`` as a Markdown list: what a notebook shows in its summary
    (the index shows the same sentences)."""
    return "\n".join(f"- {s}" for s in findings_for(notebook, tables, **options))


def claims_of(finding: str) -> tuple[Claim, ...]:
    """The claims a finding records (none for a plain string)."""
    return getattr(finding, "claims", ())
