"""The per-comment button runs of flat exports (``flat._UI_RUN``) in linear time.

Why: the plain pattern backtracked over every symbol of a long run ("▲ ▲ ▲ …") at every
place it was tried, so a 200 kB run of symbols (hostile or broken input) took minutes. The
pattern now has possessive counters and symbols and :func:`flat.ui_runs` skips the places a
failed attempt rules out; these tests check both give exactly what the plain pattern gives,
and that long runs take well under a second per 100 kB.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab.flat import _UI_RUN, flat_pieces, is_flat, ui_runs

# the pattern as it was (backtracking): the reference on short texts
PLAIN_UI_RUN = re.compile(
    r"(?<!\w)(?:(?:\d[\d.]*\s)?(?:[▲▼△▽•›·|]\s?)*(?:Kommentar melden|Antworten|Melden|Teilen|"
    r"Zitieren|Gefällt mir|Kommentieren|Hilfreich|hilfreich|Empfehlen|"
    r"Gefällt \d[\d.,]*\s?[KkM]?\s(?:Personen|Person|Mal)\b|[❤♥👍]\s?\d[\d.,]*[KkM]?(?!\S))"
    r"(?:\s?\(\d+\)|\s\d{1,5}(?=\s))?"
    r"(?:\s?[▲▼△▽•›·|👎▾])*\s?){2,}"
)
PARTS = ["12 ", "3", "1.234 ", "1.", ".", "▲", "▼ ", "• ", "› ", "·", "| ", "|", " ", "  ", "\n",
         "Antworten", "Teilen ", "Melden", "Gefällt mir", "hilfreich", "Kommentar melden",
         "(3)", " (12)", " 12 ", " 7", "x", "Ab", "a1", "_", "Gefällt 6 Personen", "Gefällt ",
         "❤ ", "❤", "👍 ", "👎", " ▾", "1,2K", "Mal"]
texts = st.lists(st.sampled_from(PARTS), max_size=24).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_the_possessive_pattern_finds_what_the_plain_one_finds(text: str) -> None:
    expected = [m.span() for m in PLAIN_UI_RUN.finditer(text)]
    assert [m.span() for m in _UI_RUN.finditer(text)] == expected
    assert [m.span() for m in ui_runs(text)] == expected


@pytest.mark.parametrize("text", ["Antworten Teilen", "▲ ▲ Antworten x ▲ Teilen Melden",
                                  "a▲ Antworten Teilen", "1 1 1 Antworten 2 Teilen",
                                  "▲ 5 ▲ Antworten Teilen", "x 12 Antworten Teilen"])
def test_skipping_after_a_failed_attempt_loses_no_run(text: str) -> None:
    assert [m.span() for m in ui_runs(text)] == [m.span() for m in PLAIN_UI_RUN.finditer(text)]


RUN = 200_000  # characters: minutes with the backtracking pattern


@pytest.mark.parametrize("run", ["▲" * RUN, "▲ " * (RUN // 2), "Antworten " + "▲ " * (RUN // 2),
                                 "▲ " * (RUN // 2) + "Antworten", "▲ 1 " * (RUN // 4),
                                 "1 " * (RUN // 2) + "Antworten x", "• Teilen " * (RUN // 9)])
def test_a_long_run_of_symbols_takes_linear_time(run: str) -> None:
    t0 = time.process_time()
    found = list(ui_runs(run))
    flat = is_flat(run)
    pieces = flat_pieces(run)
    seconds = time.process_time() - t0
    assert seconds < 10, f"{seconds:.1f} s for {len(run):,} characters"
    assert flat and pieces  # one long line: a flat export, cut into virtual lines
    assert all(m.group(0).strip() for m in found)


def test_a_short_symbol_run_between_lines_is_checked_in_linear_time() -> None:
    # is_flat counts button runs on pages of lines 600-1500 characters long
    text = "\n".join(["▲ " * 400 + "Antworten"] * 5)
    t0 = time.process_time()
    is_flat(text)
    assert time.process_time() - t0 < 2
