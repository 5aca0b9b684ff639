"""The tagger's per-corpus shortcuts give what the plain code gave.

* ``resolution.last_break`` searches backwards in windows; the plain code scanned the text
  from its start for every expression;
* ``tagging._Spans.containing`` bisects; the plain code filtered every sentence;
* ``tagging._letter_dates`` reads lists; the plain code indexed a DataFrame per expression
  (kept below as the reference);
* ``tagging.tag_corpus`` groups documents and posts by column lists (the seed, dev and bench
  tables are compared before/after by ``benchmarks/analysis_tables_snapshot.py``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab.timex import resolution, tagging
from servicelab.timex.resolution import Timex


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "1", ".", "1.", "!", "?", ";", "\n", " ", "x" * 300]),
                max_size=20).map("".join), st.data())
def test_last_break_is_the_last_match_from_the_start(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(text)))
    plain = max((m.start() for m in resolution._BREAK.finditer(text, 0, end)), default=-1)
    assert resolution.last_break(text, end) == plain


def test_a_break_after_a_digit_at_a_window_edge_is_no_break() -> None:
    # the "." of "3." opens a window: its look-behind must still see the digit before it
    w = resolution._BACK_WINDOW
    text = "Satz. " + "x" * w + "3." + "y" * (2 * w - 1)
    end = len(text)
    assert end - 2 * w == text.index("3.") + 1
    assert resolution.last_break(text, end) == 4


def _sentences(spans: list[tuple[int, int]]) -> pd.DataFrame:
    spans = sorted(spans)
    return pd.DataFrame({"sentence_id": [f"s{k}" for k in range(len(spans))],
                         "start": [a for a, _ in spans], "end": [b for _, b in spans]})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 15)), max_size=12),
       st.integers(-2, 80))
def test_the_containing_sentence_is_the_first_whose_span_holds_the_offset(
        spans: list[tuple[int, int]], pos: int) -> None:
    sents = _sentences([(a, a + n) for a, n in spans])  # overlapping and empty spans too
    start, end = sents["start"].to_numpy(), sents["end"].to_numpy()
    hit = np.flatnonzero((start <= pos) & (end > pos))
    plain = sents["sentence_id"].iloc[hit[0]] if len(hit) else None
    spans = tagging._Spans(sents["start"].tolist(), sents["end"].tolist(),
                           sents["sentence_id"].tolist())
    assert spans.containing(pos) == plain


def _letter_dates_plain(timexes: list[Timex], sents: pd.DataFrame) -> list[Timex]:
    """The DataFrame version ``tagging._letter_dates`` replaced (the reference)."""
    if sents.empty or not any(t.rule in {"deictic"} for t in timexes):
        return timexes
    rows = sents.sort_values("start").reset_index(drop=True)
    out = []
    for t in timexes:
        if t.rule == "deictic" and t.value.startswith("XXXX-XX-XX") and t.type == "DATE":
            k = rows.index[(rows["start"] <= t.start) & (rows["end"] > t.start)]
            if len(k) and bool(rows.loc[k[0], "quoted"]):
                j = k[0]
                while j > 0 and bool(rows.loc[j - 1, "quoted"]) \
                        and rows.loc[j - 1, "segment_id"] == rows.loc[k[0], "segment_id"]:
                    j -= 1
                if j > 0 and rows.loc[j - 1, "segment_id"] == rows.loc[k[0], "segment_id"]:
                    intro = rows.loc[j - 1]
                    dated = [u for u in timexes if intro["start"] <= u.start < intro["end"]
                             and u.rule not in {"holiday", "deictic"}
                             and re.fullmatch(r"\d{4}-\d\d-\d\d", u.value)]
                    if dated:
                        base = date.fromisoformat(dated[-1].value)
                        off = re.fullmatch(r"([+-])P(\d+)D", t.offset)
                        n = (int(off.group(2)) * (-1 if off.group(1) == "-" else 1)) if off else 0
                        t = replace(t, value=(base + timedelta(days=n)).isoformat(),
                                    anchor=dated[-1].id, anchor_text=dated[-1].text,
                                    rule="deictic_letter")
        out.append(t)
    return out


def _rows(sents: pd.DataFrame) -> list[tuple]:
    """The sentences as ``_letter_dates`` reads them: (start, end, quoted, segment_id)."""
    return list(zip(sents["start"], sents["end"], sents["quoted"], sents["segment_id"],
                    strict=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sampled_from(["g1", "g2"])), min_size=1,
                max_size=7),
       st.lists(st.tuples(st.integers(0, 75), st.sampled_from(
           [("deictic", "XXXX-XX-XX", "+P1D"), ("deictic", "XXXX-XX-XX", ""),
            ("date", "2024-03-05", ""), ("holiday", "2024-12-24", ""),
            ("deictic", "2024-03-01", "")])), max_size=8))
def test_letter_dates_from_lists_are_the_dataframe_version(sentences, found) -> None:
    sents = pd.DataFrame({"start": [10 * k for k in range(len(sentences))],
                          "end": [10 * k + 10 for k in range(len(sentences))],
                          "quoted": [q for q, _ in sentences],
                          "segment_id": [g for _, g in sentences]})
    timexes = [Timex(pos, pos + 3, f"t{k}", "DATE", value, offset=off, rule=rule, id=f"x{k}")
               for k, (pos, (rule, value, off)) in enumerate(sorted(found))]
    assert tagging._letter_dates(timexes, _rows(sents)) == _letter_dates_plain(timexes, sents)


def test_heute_in_a_quoted_letter_takes_the_introducing_sentences_date() -> None:
    sents = pd.DataFrame({"start": [0, 30, 50], "end": [30, 50, 70],
                          "quoted": [False, True, True], "segment_id": ["g", "g", "g"]})
    timexes = [Timex(10, 20, "am 3. Mai", "DATE", "2024-05-03", rule="date", id="a"),
               Timex(55, 60, "morgen", "DATE", "XXXX-XX-XX", offset="+P1D", rule="deictic",
                     id="b")]
    got = tagging._letter_dates(timexes, _rows(sents))
    assert got[1].value == "2024-05-04" and got[1].rule == "deictic_letter"
