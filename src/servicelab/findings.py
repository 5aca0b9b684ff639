"""Key findings for the report index, computed from the tables (never typed).

One function per notebook; each takes the tables of ``servicelab build`` (name → DataFrame)
and returns one or two sentences. Where the corpus cannot answer a notebook's question (no
comment threads, no vendor replies, no dates …) the function says so in a sentence instead of
raising. :func:`findings_for` picks the function by the notebook's topic (``NN_topic``).
"""

from __future__ import annotations

import pandas as pd

Tables = dict[str, pd.DataFrame]

#: Preferred sentiment method for the headline, best first (see notebook 01).
SENTIMENT_METHODS = ("model", "sentiws", "gpl", "naive")


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


def _comments(tables: Tables) -> pd.DataFrame:
    seg = _table(tables, "segments", ("segment_id", "post_id", "kind", "role"))
    if seg is None:
        return pd.DataFrame(columns=["segment_id", "post_id", "kind", "role"])
    return seg[seg["kind"] == "comment"]


# ------------------------------------------------------------------ 00 corpus


def corpus_findings(tables: Tables) -> list[str]:
    """What is in the corpus: documents, encodings, posts, comment threads, vendor voices."""
    docs = _table(tables, "documents", ("doc_id",))
    posts = _table(tables, "posts", ("post_id",))
    if docs is None or docs.empty:
        return ["The corpus has no documents, so nothing can be described."]
    n_dup = int(docs["duplicate_of"].notna().sum()) if "duplicate_of" in docs else 0
    first = _plural(len(docs), "document")
    if posts is not None:
        first += f" with {_plural(len(posts), 'post')}"
    first += f"; {_plural(n_dup, 'near-duplicate')} flagged"
    if "encoding" in docs:
        enc = docs["encoding"].value_counts().sort_index()
        first += "; encodings: " + ", ".join(f"{e} ({n})" for e, n in enc.items())
    findings = [first + "."]
    comments = _comments(tables)
    if comments.empty:
        findings.append("No comment threads were found, so questions about threads, "
                        "commenters and vendor replies cannot be answered from this corpus.")
        return findings
    per_thread = comments.groupby("post_id").size()
    n_vendor = int((comments["role"] == "vendor").sum())
    second = (f"{_plural(len(comments), 'comment')} in {_plural(len(per_thread), 'thread')} "
              f"(longest: {_plural(int(per_thread.max()), 'comment')}); ")
    verb = "speaks" if n_vendor == 1 else "speak"
    second += (f"{_plural(n_vendor, 'comment')} ({_pct(n_vendor, len(comments))}) {verb} for "
               "the vendor." if n_vendor else "no comment was recognised as the vendor's voice.")
    findings.append(second)
    return findings


# ------------------------------------------------------------------ 01 sentiment


def _best_sentiment_method(available: set[str]) -> str:
    try:
        from servicelab.sentiment import BEST_METHOD
    except ImportError:  # the sentiment module is optional for a report
        BEST_METHOD = SENTIMENT_METHODS[0]
    order = [BEST_METHOD, *SENTIMENT_METHODS]
    return next((m for m in order if m in available), sorted(available)[0])


def _tone_by_role(seg_rows: pd.DataFrame, seg: pd.DataFrame, method: str) -> pd.DataFrame:
    """Negative and positive segment counts per speaker role for one method."""
    rows = seg_rows[seg_rows["method"] == method].merge(
        seg[["segment_id", "role"]], left_on="id", right_on="segment_id", how="left")
    rows = rows.assign(negative=rows["label"] == "negative",
                       positive=rows["label"] == "positive")
    by_role = rows.groupby("role")[["negative", "positive"]].agg(["sum", "size"]).sort_index()
    return by_role


def _tone_text(by_role: pd.DataFrame) -> str:
    parts = []
    for role, r in by_role.iterrows():
        n = int(r[("negative", "size")])
        parts.append(f"{role} {_pct(int(r[('negative', 'sum')]), n)} negative, "
                     f"{_pct(int(r[('positive', 'sum')]), n)} positive (n={n})")
    return "; ".join(parts)


def _most_negative(by_role: pd.DataFrame, method: str) -> str:
    share = (by_role[("negative", "sum")] / by_role[("negative", "size")])
    share = share.sort_values(ascending=False, kind="stable")
    if len(by_role) == 1:
        return (f"only one voice ({by_role.index[0]}) is present, so tone cannot be compared "
                "between voices")
    if share.iloc[0] == 0:
        return f"{method} labels no segment negative"
    return f"the most negative voice is the {share.index[0]}"


def sentiment_findings(tables: Tables) -> list[str]:
    """Share of negative and positive segments per speaker role, by two measures.

    First the project's best method on external data (``classify``), then the SentiWS
    lexicon with German rules, which agreed better with the hand labels on blog prose; the
    two often disagree, and the report shows both rather than hide it.
    """
    sent = _table(tables, "sentiment", ("unit", "id", "method", "label"))
    seg = _table(tables, "segments", ("segment_id", "role"))
    if sent is None or seg is None:
        return ["Sentiment was not computed for this corpus (no sentiment table)."]
    seg_rows = sent[sent["unit"] == "segment"]
    if seg_rows.empty:
        return ["There is no text to score, so tone cannot be measured on this corpus."]
    available = set(seg_rows["method"])
    method = _best_sentiment_method(available)
    by_role = _tone_by_role(seg_rows, seg, method)
    findings = [f"Segments by voice ({method} method, the best on external customer "
                f"feedback): {_tone_text(by_role)}; {_most_negative(by_role, method)}."]
    second = "sentiws" if method != "sentiws" and "sentiws" in available else None
    if second:
        by_lex = _tone_by_role(seg_rows, seg, second)
        findings.append(f"The {second} lexicon with German rules, closer to hand labels on "
                        f"blog prose, gives: {_tone_text(by_lex)}; "
                        f"{_most_negative(by_lex, second)} — where the two disagree, read the "
                        "validation in 01_sentiment before trusting either.")
    return findings


# ------------------------------------------------------------------ 02 vendor blame


def blame_findings(tables: Tables) -> list[str]:
    """Who is accused most often, and whether vendor voices shift the blame elsewhere."""
    blame = _table(tables, "blame", ("pattern", "target_entity"))
    if blame is None:
        return ["Blame was not analysed for this corpus (no blame table)."]
    if blame.empty:
        return ["No statement of responsibility was found, so the question whom people "
                "blame cannot be answered from this corpus."]
    accused = blame.loc[blame["pattern"] == "accuses", "target_entity"].dropna().astype(str)
    if len(accused):
        top = accused.value_counts().sort_index().sort_values(ascending=False, kind="stable")
        first = (f"{_plural(len(accused), 'accusation')} of a firm-side party; most often "
                 "blamed: " + ", ".join(f"{k} ({v})" for k, v in top.head(3).items()) + ".")
    else:
        first = "Nobody accuses a firm-side party in this corpus."
    shifts = blame[blame["pattern"] == "shifts"]
    if len(shifts):
        onto = shifts["target_entity"].dropna().astype(str).value_counts().sort_index()
        onto = onto.sort_values(ascending=False, kind="stable")
        verb = "shifts" if len(shifts) == 1 else "shift"
        second = (f"{_plural(len(shifts), 'statement')} {verb} the blame from a vendor onto "
                  "another party")
        if len(onto):
            second += f", {'most often ' if len(shifts) > 1 else ''}onto {onto.index[0]}."
        else:
            second += "."
    elif "vendor" in set(_comments(tables)["role"]) or (
            "speaker_role" in blame and (blame["speaker_role"] == "vendor").any()):
        second = "No vendor voice shifts the blame onto another party."
    else:
        second = ("There are no vendor replies, so blame shifting by the vendor cannot be "
                  "observed in this corpus.")
    return [first, second]


# ------------------------------------------------------------------ 03 response latency


def _duration(days: float) -> str:
    """``days`` in words: minutes, hours or days."""
    if days < 1 / 24:
        return _plural(round(days * 24 * 60), "minute")
    if days < 1:
        return _plural(round(days * 24), "hour")
    return f"{days:.1f} days" if days % 1 else _plural(int(days), "day")


_BOUND = {"lower_bound": "at least ", "upper_bound": "at most ", "approximate": "about "}


def latency_findings(tables: Tables) -> list[str]:
    """How many waiting times the texts give, the typical wait for an answer, the longest."""
    lat = _table(tables, "latency", ("from_event", "to_event", "days"))
    if lat is None:
        return ["Waiting times were not computed for this corpus (no latency table)."]
    lat = lat[lat["days"].notna()]
    if lat.empty:
        timex = tables.get("timex")
        events = tables.get("events")
        if timex is None or timex.empty:
            why = "the texts contain no dates, times or durations"
        elif events is None or events.empty:
            why = "no service events (order, complaint, answer, fix) were found"
        else:
            why = "no two events of a case could be dated"
        return [f"No waiting time can be measured on this corpus: {why}."]
    cases = lat["case_id"].nunique() if "case_id" in lat else 0
    first = f"{_plural(len(lat), 'waiting time')} measured in {_plural(cases, 'case')}"
    answer = lat[(lat["from_event"] == "complaint") & (lat["to_event"] == "vendor_response")]
    if len(answer):
        first += (f"; median from complaint to the vendor's answer "
                  f"{_duration(float(answer['days'].median()))} (n={len(answer)}).")
    else:
        first += "; none of them from a complaint to a vendor's answer."
    longest = lat.sort_values("days", ascending=False, kind="stable").iloc[0]
    bound = _BOUND.get(str(longest.get("precision", "")), "")
    span = _duration(float(longest["days"]))
    second = (f"Longest: {longest['from_event'].replace('_', ' ')} to "
              f"{longest['to_event'].replace('_', ' ')}, {bound}{span}.")
    return [first, second]


# ------------------------------------------------------------------ 04 community defence


def defence_findings(tables: Tables) -> list[str]:
    """How many commenters defend the vendor, and with which strategy most often."""
    stance = _table(tables, "stance", ("segment_id", "stance"))
    if stance is None:
        return ["Stance was not analysed for this corpus (no stance table)."]
    comments = stance[stance["role"] != "vendor"] if "role" in stance else stance
    comments = comments[comments["stance"] != "vendor"]
    if comments.empty:
        return ["There are no comments by other readers, so community defence cannot be "
                "studied on this corpus."]
    n_def = int((comments["stance"] == "defends_vendor").sum())
    n_sup = int((comments["stance"] == "supports_complainant").sum())
    findings = [f"Of {_plural(len(comments), 'comment')} by readers, {n_def} "
                f"({_pct(n_def, len(comments))}) defend the vendor and {n_sup} "
                f"({_pct(n_sup, len(comments))}) side with the complainant."]
    if n_def and "strategies" in comments:
        strat = (comments.loc[comments["stance"] == "defends_vendor", "strategies"]
                 .dropna().astype(str).str.split(";").explode().str.strip())
        strat = strat[strat != ""].value_counts()
        strat = strat.sort_index().sort_values(ascending=False, kind="stable")
        if len(strat):
            findings.append(f"Most frequent defence strategy: {strat.index[0].replace('_', ' ')}"
                            f" ({_plural(int(strat.iloc[0]), 'comment')}).")
    elif not n_def:
        findings.append("No reader defends the vendor in this corpus.")
    return findings


def findings_for(notebook: str, tables: Tables) -> list[str]:
    """The key findings of notebook ``NN_topic`` (by topic), never raising.

    The corpus notebook's findings are :func:`corpus_findings`; an analysis' come from the
    function its record in :data:`servicelab.analyses.REGISTRY` names."""
    from servicelab.analyses import by_topic

    topic = notebook.split("_", 1)[1] if notebook[:2].isdigit() and "_" in notebook else notebook
    analysis = by_topic(topic)
    func = corpus_findings if topic == "corpus" else (
        analysis.findings_function() if analysis is not None else None)
    if func is None:
        return []
    try:
        return func(tables)
    except Exception as exc:  # a report must not die on its summary line: say what happened
        return [f"Key findings could not be computed ({type(exc).__name__}: {exc})."]
