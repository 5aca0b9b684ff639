"""Scoring the temporal tagger: gold alignment, TempEval-3 style span scores, and the
``dateparser`` baseline it is compared with.

Kept outside ``servicelab.timex`` because it judges the tagger rather than being part of it;
P/R/F1 come from ``servicelab.metrics`` (one zero-division convention: ``nan``).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from servicelab.annotations import align
from servicelab.errors import CorpusInputError
from servicelab.metrics import prf
from servicelab.normalise import normalise_text

SPAN_COLUMNS = ["doc_id", "start", "end", "text", "type", "value", "mod"]


# --------------------------------------------------------------------------- gold alignment

def align_gold(gold: pd.DataFrame, corpus, source: str = "timex_gold") -> pd.DataFrame:
    """``timex_gold`` with document offsets ``start``, ``end`` of each expression.

    The quote is found by ``servicelab.annotations.align``; the expression is the first
    occurrence of ``text`` inside the quote. A row that cannot be placed raises
    ``CorpusInputError`` naming ``source`` and the row.
    """
    quotes = align(gold, corpus, unit="sentence", source=source)
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    starts, ends = [], []
    for i, g in enumerate(quotes.itertuples(index=False)):
        expr = normalise_text(g.text)
        k = texts[g.doc_id].find(expr, g.start, g.end)
        if k < 0:
            raise CorpusInputError(source, f"row {i + 2}: {g.text!r} not inside its quote")
        starts.append(k)
        ends.append(k + len(expr))
    out = gold.copy()
    out["start"], out["end"] = starts, ends
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def align_gold_texts(gold: pd.DataFrame, texts: dict[str, str],
                     source: str = "gold") -> pd.DataFrame:
    """Like ``align_gold`` for plain texts (``doc_id`` → text), e.g. external corpora."""
    starts, ends = [], []
    for i, g in enumerate(gold.itertuples(index=False)):
        doc = texts.get(g.doc_id)
        if doc is None:
            raise CorpusInputError(source, f"row {i + 2}: doc_id {g.doc_id!r} is not in the texts")
        q = doc.find(g.quote)
        k = doc.find(g.text, q, q + len(g.quote)) if q >= 0 else -1
        if k < 0:
            raise CorpusInputError(source, f"row {i + 2}: {g.text!r} / quote not found in "
                                           f"{g.doc_id}")
        starts.append(k)
        ends.append(k + len(g.text))
    out = gold.copy()
    out["start"], out["end"] = starts, ends
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- span scores

def match_spans(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """One-to-one matching of predicted and gold spans per document.

    Returns one row per gold and per unmatched prediction: ``doc_id``, gold and predicted
    ``start``/``end``/``text``/``type``/``value``, ``strict`` (same offsets) and ``lenient``
    (overlap). A gold span takes the overlapping prediction with the largest overlap.
    """
    rows = []
    for doc_id in sorted(set(gold["doc_id"]) | set(pred["doc_id"])):
        g = gold[gold["doc_id"] == doc_id].sort_values("start")
        p = pred[pred["doc_id"] == doc_id].sort_values("start").reset_index(drop=True)
        used: set[int] = set()
        for gr in g.itertuples(index=False):
            best, best_ov = None, 0
            for k, pr in p.iterrows():
                if k in used:
                    continue
                ov = min(gr.end, pr["end"]) - max(gr.start, pr["start"])
                if ov > best_ov:
                    best, best_ov = k, ov
            row = {"doc_id": doc_id, "gold_start": gr.start, "gold_end": gr.end,
                   "gold_text": gr.text, "gold_type": gr.type, "gold_value": gr.value,
                   "gold_mod": gr.mod}
            if best is not None:
                used.add(best)
                pr = p.loc[best]
                row.update(pred_start=pr["start"], pred_end=pr["end"], pred_text=pr["text"],
                           pred_type=pr["type"], pred_value=pr["value"], pred_mod=pr["mod"])
            rows.append(row)
        for k, pr in p.iterrows():
            if k not in used:
                rows.append({"doc_id": doc_id, "pred_start": pr["start"], "pred_end": pr["end"],
                             "pred_text": pr["text"], "pred_type": pr["type"],
                             "pred_value": pr["value"], "pred_mod": pr["mod"]})
    df = pd.DataFrame(rows, columns=["doc_id", "gold_start", "gold_end", "gold_text", "gold_type",
                                     "gold_value", "gold_mod", "pred_start", "pred_end",
                                     "pred_text", "pred_type", "pred_value", "pred_mod"])
    df["lenient"] = df["gold_start"].notna() & df["pred_start"].notna()
    df["strict"] = df["lenient"] & (df["gold_start"] == df["pred_start"]) \
        & (df["gold_end"] == df["pred_end"])
    df["value_ok"] = df["lenient"] & (df["gold_value"] == df["pred_value"])
    df["type_ok"] = df["lenient"] & (df["gold_type"] == df["pred_type"])
    return df.sort_values(["doc_id", "gold_start", "pred_start"], kind="stable",
                          na_position="last").reset_index(drop=True)


def span_scores(matches: pd.DataFrame) -> dict[str, float]:
    """TempEval-3 style scores from ``match_spans``: strict and lenient span P/R/F1, type and
    value accuracy on lenient matches, and value F1 (a lenient match with the right value).
    Undefined ratios (nothing predicted, no gold, no match) are ``nan``."""
    n_gold = int(matches["gold_start"].notna().sum())
    n_pred = int(matches["pred_start"].notna().sum())
    out: dict[str, float] = {"gold": n_gold, "predicted": n_pred}

    def counts(tp: int):
        return prf(tp, n_pred - tp, n_gold - tp)

    for kind in ("strict", "lenient"):
        s = counts(int(matches[kind].sum()))
        out.update({f"{kind}_P": s.precision, f"{kind}_R": s.recall, f"{kind}_F1": s.f1})
    n_len = int(matches["lenient"].sum())
    out["type_accuracy"] = float(matches["type_ok"].sum()) / n_len if n_len else math.nan
    out["value_accuracy"] = float(matches["value_ok"].sum()) / n_len if n_len else math.nan
    out["value_F1"] = counts(int(matches["value_ok"].sum())).f1
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in out.items()}


# --------------------------------------------------------------------------- baseline

DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past",
                       "RETURN_AS_TIMEZONE_AWARE": False}
_CLOCK_ONLY = re.compile(r"^\D*\d{1,2}(?:[:.]\d{2})?\s*(?:Uhr)?\D*$", re.IGNORECASE)


def dateparser_value(found: str, parsed) -> tuple[str, str]:
    """(type, value) for one ``search_dates`` hit, read generously: a clock time alone gives
    ``THH:MM``; a date without a four-digit year in the text keeps its year unknown; a hit
    without any digit (weekday, "heute", "Ein Tag") is a date that cannot be dated."""
    if re.search(r"Uhr|\d:\d\d", found) and _CLOCK_ONLY.match(found) \
            and not re.search(r"\d{1,2}\.\d{1,2}\.", found):
        return "TIME", f"T{parsed.hour:02d}:{parsed.minute:02d}"
    if not re.search(r"\d", found):
        return "DATE", "XXXX-XX-XX"
    year = f"{parsed.year:04d}" if re.search(r"\d{4}", found) else "XXXX"
    return "DATE", f"{year}-{parsed.month:02d}-{parsed.day:02d}"


def dateparser_tag(text: str, start: int = 0, end: int | None = None,
                   relative_base=None) -> list[tuple[int, int, str, str, str]]:
    """Baseline: ``dateparser.search.search_dates`` (German, day-month order) on
    ``text[start:end]``; returns ``(start, end, text, type, value)`` with document offsets."""
    import datetime as _dt

    from dateparser.search import search_dates

    end = len(text) if end is None else end
    chunk = text[start:end]
    settings = dict(DATEPARSER_SETTINGS)
    settings["RELATIVE_BASE"] = relative_base or _dt.datetime(2000, 1, 1)
    hits = search_dates(chunk, languages=["de"], settings=settings) or []
    out, pos = [], 0
    for found, parsed in hits:
        k = chunk.find(found, pos)
        if k < 0:
            k = chunk.find(found)
            if k < 0:
                continue
        pos = k + len(found)
        typ, value = dateparser_value(found, parsed)
        out.append((start + k, start + k + len(found), found, typ, value))
    return out


def dateparser_texts(texts: dict[str, str]) -> pd.DataFrame:
    """``dateparser_tag`` over several independent texts."""
    rows = [{"doc_id": d, "start": a, "end": b, "text": f, "type": t, "value": v, "mod": ""}
            for d, text in sorted(texts.items())
            for a, b, f, t, v in dateparser_tag(text)]
    return pd.DataFrame(rows, columns=SPAN_COLUMNS)


def dateparser_table(corpus) -> pd.DataFrame:
    """The baseline run over every segment of ``corpus`` (same units as the timex table)."""
    docs = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    rows = []
    for s in corpus.segments.sort_values(["doc_id", "start"]).itertuples(index=False):
        for a, b, found, typ, value in dateparser_tag(docs[s.doc_id], int(s.start), int(s.end)):
            rows.append({"doc_id": s.doc_id, "start": a, "end": b, "text": found, "type": typ,
                         "value": value, "mod": ""})
    return pd.DataFrame(rows, columns=SPAN_COLUMNS)


# --------------------------------------------------------------------------- GermEval sample

#: a predicted wait recovers a gold wait when its days are within this share of the gold's
WAIT_TOLERANCE = 0.20


def texts_corpus(texts: dict[str, str]):
    """A ``Corpus`` of plain texts (``doc_id`` → text), each read like a one-file document
    without pseudonymisation (evaluation only: the gold quotes are verbatim)."""
    import hashlib

    from servicelab.corpus import assemble, process_document
    from servicelab.reading import RawText

    parts = []
    for doc_id, text in sorted(texts.items()):
        data = text.encode("utf-8")
        raw = RawText(doc_id=doc_id, path=doc_id, sha256=hashlib.sha256(data).hexdigest(),
                      encoding="utf-8", n_bytes=len(data), text=text)
        parts.append(process_document(raw, None))
    return assemble(parts, [])


def stated_waits(text: str, rules=None) -> list[tuple[str, float, str]]:
    """The stated waits one text yields, as (kind, days rounded to 4 places, bound), sorted:
    a sentence checked by hand or in a test reads the same rows the latency table holds."""
    from servicelab import timeline

    lat = timeline.build_tables(texts_corpus({"d": text}), rules=rules)["latency"]
    lat = lat[lat["source"] == "stated"]
    return sorted((k, round(float(d), 4), b)
                  for k, d, b in zip(lat["kind"], lat["days"], lat["bound"], strict=True))


def match_waits(pred: pd.DataFrame, gold: pd.DataFrame, tolerance: float = WAIT_TOLERANCE
                ) -> tuple[list, dict[int, object]]:
    """The gold waits (codebook §6.6) no prediction recovers, and the index of each
    recovering prediction (in ``pred`` with its index reset) → the gold row it recovers: a
    gold wait is recovered by a predicted wait of the same document whose ``days`` lie within
    ``tolerance`` (±20 %) of the gold's; each prediction recovers at most one gold wait, the
    closest first, gold rows taken by document and length."""
    used: dict[int, object] = {}
    missed = []
    pred = pred.reset_index(drop=True)
    for g in gold.sort_values(["doc_id", "days"], kind="stable").itertuples(index=False):
        gd = float(g.days)
        cands = [(abs(float(p.days) - gd), k) for k, p in pred.iterrows()
                 if k not in used and p["doc_id"] == g.doc_id
                 and abs(float(p["days"]) - gd) <= tolerance * gd]
        if not cands:
            missed.append(g)
            continue
        used[min(cands)[1]] = g
    return missed, used


def wait_scores(pred: pd.DataFrame, gold: pd.DataFrame,
                tolerance: float = WAIT_TOLERANCE) -> dict[str, float]:
    """Stated waits recovered (codebook §6.6, matched by :func:`match_waits`). ``kind_agrees``
    counts the recovered waits whose predicted ``kind`` is the gold's; ``precision`` is the
    share of predictions that recover a gold wait."""
    pred = pred.reset_index(drop=True)
    _, used = match_waits(pred, gold, tolerance)
    recovered = len(used)
    kind_ok = sum(int(pred.loc[k, "kind"] == g.kind) for k, g in used.items())
    n_gold, n_pred = len(gold), len(pred)
    return {"gold": n_gold, "predicted": n_pred, "recovered": recovered,
            "recall": round(recovered / n_gold, 3) if n_gold else math.nan,
            "precision": round(recovered / n_pred, 3) if n_pred else math.nan,
            "kind_agrees": kind_ok,
            "kind_accuracy": round(kind_ok / recovered, 3) if recovered else math.nan}


def germeval_tables(half: str = "tuning", rules=None, sample: pd.DataFrame | None = None
                    ) -> dict[str, pd.DataFrame]:
    """The timeline tables of the GermEval sample's ``half`` (codebook §6; tuning by default),
    or of ``sample`` (``doc_id``, ``text``: another labelled set), each document one post,
    with its stated ``doc_date`` unknown to the tagger."""
    from servicelab import timeline
    from servicelab.germeval_gold import load_sample

    docs = sample if sample is not None else load_sample(half)
    corpus = texts_corpus(dict(zip(docs["doc_id"], docs["text"], strict=True)))
    return {"corpus": corpus, **timeline.build_tables(corpus, rules=rules)}


def score_waits(half: str = "tuning", rules=None, tables=None, goldset=None
                ) -> dict[str, float]:
    """``wait_scores`` of the stated waits (``latency`` rows with ``source == "stated"``) on
    the GermEval sample's ``half`` against ``germeval_waits_gold`` (codebook §6.6, §6.8), or
    on ``goldset`` (a :class:`servicelab.germeval_evaluation.GoldSet`)."""
    from servicelab.germeval_evaluation import germeval_goldset

    goldset = goldset or germeval_goldset(half)
    tables = tables or germeval_tables(half, rules, sample=goldset.sample)
    lat = tables["latency"]
    pred = lat[lat["source"] == "stated"]
    return wait_scores(pred, goldset.gold("waits"))


_FULL_YEAR = re.compile(r"\d{4}|\d{1,2}\.\d{1,2}\.\d{2}\b")


def needs_anchor(text: str, value: str) -> bool:
    """A gold value that names a calendar year the expression itself does not write ("Ende
    März" → ``2015-03``, "gestern" → ``2015-07-01``): it can only come from an anchor."""
    return bool(re.match(r"\d{3}", value or "")) and not _FULL_YEAR.search(text or "")


#: why a gold value that needs an anchor is not the predicted one (``anchored_matches``)
ANCHOR_CAUSES = ("right", "not found", "unresolved", "wrong anchor", "wrong value")
_YEAR_VALUE = re.compile(r"\d{4}")


def _anchor_cause(row, doc_date: str, post_date: str) -> str:
    """One gold row's cause: ``not found`` (no overlapping expression), ``unresolved`` (found,
    but its value names no year: nothing anchored it), ``wrong anchor`` (counted from the
    post's date, which the tagger took to be another day than the gold's ``doc_date``, or
    from another expression while the gold states a date the tagger did not find), else
    ``wrong value`` (right or no anchor, wrong direction, granularity, span or type)."""
    if row.value_ok:
        return "right"
    if not row.lenient:
        return "not found"
    if not _YEAR_VALUE.match(str(row.pred_value)):
        return "unresolved"
    if doc_date and post_date != doc_date and (row.pred_anchor == "DCT" or not post_date):
        return "wrong anchor"
    return "wrong value"


def anchored_matches(tables, goldset, source: str = "timex gold", causes: bool = True
                     ) -> pd.DataFrame:
    """The gold expressions whose value needs an anchor (``needs_anchor``), each with the
    overlapping predicted expression (``match_spans``); with ``causes`` also its anchor, the
    post's date the tagger took, the gold ``doc_date`` and a ``cause`` of ``ANCHOR_CAUSES``
    (``_anchor_cause``): the per-cause error table of the anchoring."""
    from servicelab.timex.tagging import tag_corpus

    corpus = tables["corpus"]
    gold = goldset.gold("timex")
    gold = gold[[needs_anchor(t, v) for t, v in zip(gold["text"], gold["value"], strict=True)]]
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    gold = gold.assign(quote=gold["quote"].map(normalise_text),
                       text=gold["text"].map(normalise_text))
    gold = align_gold_texts(gold, texts, source=source)
    pred = tables["timex"]
    m = match_spans(pred, gold)
    m = m[m["gold_start"].notna()].reset_index(drop=True)
    if not causes:
        return m
    keyed = pred.set_index(["doc_id", "start", "end"])
    info = {k: (a, p) for k, a, p in zip(keyed.index, keyed["anchor"], keyed["post_id"],
                                         strict=True)}
    got = [info.get((d, s, e), ("", "")) for d, s, e in zip(
        m["doc_id"], m["pred_start"], m["pred_end"], strict=True)]
    m["pred_anchor"] = [a for a, _ in got]
    _, post_dates = tag_corpus(corpus)
    m["post_date"] = [str(post_dates[p])[:10] if p in post_dates else "" for _, p in got]
    try:
        docs = goldset.gold("docs")
        dates = dict(zip(docs["doc_id"], docs["doc_date"], strict=True))
    except (CorpusInputError, KeyError):
        dates = {}
    m["doc_date"] = [str(dates.get(d, "") or "") for d in m["doc_id"]]
    m["cause"] = [_anchor_cause(r, r.doc_date, r.post_date) for r in m.itertuples(index=False)]
    return m


def doc_date_scores(tables, goldset) -> dict[str, int]:
    """The tagger's document dates against the gold ``doc_date`` (``docs`` layer): of the
    documents whose gold states a date, how many the tagger dates ``right`` (the date of the
    document's first dated post), leaves ``missing`` or dates ``wrong``; ``extra``: dated
    documents whose gold states none. A wrong or missing date spoils every value of a text."""
    from servicelab.timex.tagging import tag_corpus

    corpus = tables["corpus"]
    _, post_dates = tag_corpus(corpus)
    first: dict[str, str] = {}
    posts = corpus.posts.sort_values(["doc_id", "start"], kind="stable")
    for doc_id, post_id in zip(posts["doc_id"], posts["post_id"], strict=True):
        if doc_id not in first and post_id in post_dates:
            first[doc_id] = str(post_dates[post_id])[:10]
    docs = goldset.gold("docs")
    out = {"gold": 0, "right": 0, "missing": 0, "wrong": 0, "extra": 0}
    for doc_id, gold in zip(docs["doc_id"], docs["doc_date"], strict=True):
        gold = gold if isinstance(gold, str) else ""
        pred = first.get(doc_id, "")
        if not gold:
            out["extra"] += bool(pred)
            continue
        out["gold"] += 1
        out["right" if pred == gold else "missing" if not pred else "wrong"] += 1
    return out


def anchor_causes(matches: pd.DataFrame) -> dict[str, int]:
    """Counts per cause of ``anchored_matches`` (every cause of ``ANCHOR_CAUSES``)."""
    counts = matches["cause"].value_counts()
    return {c: int(counts.get(c, 0)) for c in ANCHOR_CAUSES}


def score_anchored(half: str = "tuning", rules=None, tables=None, goldset=None
                   ) -> dict[str, float]:
    """Anchored values on the GermEval sample's ``half`` (codebook §6.4), or on ``goldset``
    (a :class:`servicelab.germeval_evaluation.GoldSet` with a ``timex`` layer): of the gold
    expressions whose value needs an anchor (``needs_anchor``), the share whose predicted
    value (the overlapping predicted expression's) is the gold's."""
    from servicelab.germeval_evaluation import germeval_goldset

    goldset = goldset or germeval_goldset(half)
    tables = tables or germeval_tables(half, rules, sample=goldset.sample)
    m = anchored_matches(tables, goldset, source=f"germeval_timex_gold ({half})",
                         causes=False)
    right = int(m["value_ok"].sum())
    return {"gold": len(m), "found": int(m["lenient"].sum()), "right": right,
            "accuracy": round(right / len(m), 3) if len(m) else math.nan}


def score_events(half: str = "tuning", rules=None, tables=None) -> pd.DataFrame:
    """``timeline.event_scores`` on the GermEval sample's ``half`` against
    ``germeval_events_gold`` (codebook §6.5): a predicted event is right when the gold has
    the same kind in the same sentence (each document is one case)."""
    from servicelab import timeline
    from servicelab.germeval_gold import load_gold

    tables = tables or germeval_tables(half, rules)
    gold = load_gold("events", half).assign(case=lambda d: d["doc_id"])
    gold = timeline.gold_events(gold, tables["corpus"])
    return timeline.event_scores(tables["events"], gold, tuple(timeline.EVENT_KINDS))


def score_timex(half: str = "tuning", rules=None, tables=None) -> dict[str, float]:
    """``span_scores`` of the tagger on the GermEval sample's ``half`` against
    ``germeval_timex_gold`` (codebook §6.4; each document one post)."""
    from servicelab.germeval_gold import load_gold

    tables = tables or germeval_tables(half, rules)
    texts = dict(zip(tables["corpus"].documents["doc_id"], tables["corpus"].documents["text"],
                     strict=True))
    gold = load_gold("timex", half)
    gold = gold.assign(quote=gold["quote"].map(normalise_text),
                       text=gold["text"].map(normalise_text))
    gold = align_gold_texts(gold, texts, source=f"germeval_timex_gold ({half})")
    return span_scores(match_spans(tables["timex"], gold))
