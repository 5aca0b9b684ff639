"""The held-out rounds registry: the last round is the fresh one, the prose says which figures
are in-sample, and each round's labels are the ones frozen at its commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from servicelab import heldout, heldout_rounds
from servicelab.heldout_rounds import ROUNDS, Round

ROOT = Path(__file__).resolve().parents[1]


def test_rounds_are_in_order_and_the_last_is_latest():
    numbers = [r.number for r in ROUNDS]
    assert numbers == sorted(set(numbers))
    assert heldout_rounds.latest() is ROUNDS[-1]
    assert heldout_rounds.earlier() == ROUNDS[:-1]


def test_describe_says_fresh_for_the_latest_and_in_sample_for_earlier():
    r = Round(7, "setx", "abc1234", "ten texts", pages="p7", pages_commit="def5678",
              pages_about="two pages")
    fresh, old = r.describe(latest=True), r.describe(latest=False)
    assert "Round seven's rules" in fresh and "figure to quote" in fresh
    assert "`abc1234`" in fresh and "`def5678`" in fresh and "`p7` dev pages" in fresh
    assert "in-sample" in old and "since round eight" in old and "figure to quote" not in old


def test_in_sample_has_one_column_per_earlier_set(monkeypatch):
    rounds = (Round(3, "a", "c1", "x"), Round(4, "b", "c2", "y", pages="pb", pages_commit="c3"),
              Round(5, "c", "c4", "z"))
    monkeypatch.setattr(heldout_rounds, "ROUNDS", rounds)

    def table_of(r: Round) -> pd.DataFrame:
        return heldout.fresh_set({"m": (r.number / 10, 1)}, {}, r.texts_commit)

    texts = heldout_rounds.in_sample(table_of)
    assert list(texts.columns) == ["measure", "a (round 3)", "b (round 4)"]
    assert texts.loc[0, "b (round 4)"] == pytest.approx(0.4)
    pages = heldout_rounds.in_sample(table_of, on="pages")
    assert list(pages.columns) == ["measure", "pb (round 4)"]


def test_round_stance_is_empty_without_pages():
    assert heldout.round_stance(Round(3, "a", "c1", "x")).empty


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)


@pytest.mark.parametrize("r", ROUNDS, ids=lambda r: r.texts)
def test_text_labels_are_those_frozen_at_the_rounds_commit(r: Round):
    if _git("cat-file", "-e", f"{r.texts_commit}^{{commit}}").returncode:
        pytest.skip("no git history here (not a full clone)")
    folder = ROOT / "data" / "annotations" / r.texts
    files = sorted(folder.glob("*.csv"))
    assert files, folder
    for path in files:
        then = _git("show", f"{r.texts_commit}:{path.relative_to(ROOT).as_posix()}")
        assert then.returncode == 0, f"{path.name} not in {r.texts_commit}"
        assert then.stdout == path.read_text(encoding="utf-8"), f"{path.name} changed since"


@pytest.mark.parametrize("r", [r for r in ROUNDS if r.pages], ids=lambda r: r.pages)
def test_page_labels_are_those_frozen_at_the_rounds_commit(r: Round):
    if _git("cat-file", "-e", f"{r.pages_commit}^{{commit}}").returncode:
        pytest.skip("no git history here (not a full clone)")
    marker = f"_heldout_{r.pages}"
    found = 0
    for path in sorted((ROOT / "data" / "annotations" / "dev").glob("*.csv")):
        then = _git("show", f"{r.pages_commit}:{path.relative_to(ROOT).as_posix()}").stdout
        now = path.read_text(encoding="utf-8")
        rows_then = [line for line in then.splitlines() if marker in line.split(",", 1)[0]]
        rows_now = [line for line in now.splitlines() if marker in line.split(",", 1)[0]]
        assert rows_now == rows_then, f"{path.name}: rows of the {r.pages} pages changed since"
        found += len(rows_now)
    assert found, f"no gold rows of the {r.pages} pages"


def test_a_layer_fixed_after_the_scoring_is_in_sample_on_the_fresh_pages(monkeypatch):
    rounds = (Round(5, "a", "c1", "x", pages="p5", pages_commit="c2"),
              Round(6, "b", "c3", "y", pages="p6", pages_commit="c4", read_after=("privacy",)))
    monkeypatch.setattr(heldout_rounds, "ROUNDS", rounds)
    status = heldout_rounds.page_set_status
    assert status("p6", "p6") == "fresh (this round's test)"
    assert status("p6", "p6", "layout") == "fresh (this round's test)"
    assert "in-sample" in status("p6", "p6", "privacy")
    assert "fresh" not in status("p5", "p6", "privacy")


def test_describe_names_the_layers_fixed_after_the_scoring():
    r = Round(6, "b", "c3", "y", read_after=("privacy", "layout"))
    said = r.describe(latest=True)
    assert "except for privacy and layout," in said and "in-sample" in said
    assert "except for privacy, layout and stance" in Round(
        6, "b", "c3", "y", read_after=("privacy", "layout", "stance")).describe(latest=True)
    assert "except" not in Round(6, "b", "c3", "y").describe(latest=True)
