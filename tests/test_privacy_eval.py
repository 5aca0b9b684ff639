"""The privacy scorer itself (``servicelab.privacy_eval``): what counts as found, kept and
left, on pages and gold written here (no corpus build)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from servicelab.errors import CorpusInputError
from servicelab.privacy_eval import _survives, overall, score_pages

PAGE = """Forum › Strom › Abschlag
Abschlag verdoppelt ohne Vorwarnung
Geschrieben von Roswitha Quandtmeyer am 02.06.2027
Die Stadtwerke Nordlicht haben meinen Abschlag verdoppelt. Meine blaue Kaffeetasse ist das
Einzige, was hier noch ruhig bleibt.
"""

GOLD = [("forum_x", "pii", "name", "Roswitha Quandtmeyer", "writer after the date"),
        ("forum_x", "public", "company", "Stadtwerke Nordlicht", "the complained-about firm")]


def _write(folder: Path, gold: list[tuple[str, ...]], pages: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    pd.DataFrame(gold, columns=["page", "layer", "kind", "quote", "shape"]).to_csv(
        folder / "gold.tsv", sep="\t", index=False)
    return folder


def test_a_name_inside_a_longer_word_is_no_survivor() -> None:
    assert not _survives("gül", "die karte ist noch gültig")
    assert _survives("gül", "danke, gül, für den tipp")


def test_a_replaced_name_is_found_and_the_company_kept(tmp_path: Path) -> None:
    scores = score_pages(_write(tmp_path / "a", GOLD, {"forum_x": PAGE}))
    assert scores.recall[["n", "found"]].sum().tolist() == [1, 1]
    assert scores.public[["n", "kept", "replaced"]].sum().tolist() == [1, 1, 0]
    assert scores.leaks.empty and scores.missed.empty


def test_a_gold_name_left_in_the_text_is_missed_and_a_leak(tmp_path: Path) -> None:
    """The scorer must be able to fail: a two-word "name" no pseudonymiser replaces (an
    object, not a person) survives, so it is a miss and a full name left in a table."""
    gold = [*GOLD, ("forum_x", "pii", "name", "blaue Kaffeetasse", "not a name: must fail")]
    scores = score_pages(_write(tmp_path / "b", gold, {"forum_x": PAGE}))
    assert scores.recall["found"].sum() == 1 and scores.recall["n"].sum() == 2
    assert scores.missed["quote"].tolist() == ["blaue Kaffeetasse"]
    assert len(scores.leaks) == 1


def test_overall_sums_kinds_over_families() -> None:
    table = pd.DataFrame({"family": ["a", "b", "b"], "held_out": [False, False, True],
                          "kind": ["name", "name", "name"], "n": [3, 1, 2],
                          "found": [3, 0, 1]})
    out = overall(table, "n", "found").set_index("held_out")
    assert out.loc[False, ["n", "found"]].tolist() == [4, 3]
    assert out.loc[False, "rate"] == 0.75 and out.loc[True, "rate"] == 0.5


def test_a_page_set_without_gold_or_with_a_missing_page_is_one_clear_error(
        tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusInputError, match="no gold file"):
        score_pages(tmp_path / "empty")
    folder = _write(tmp_path / "c", [("absent", "pii", "name", "Jan Muster", "")], {})
    with pytest.raises(CorpusInputError, match="not in the folder"):
        score_pages(folder)


def test_a_full_name_inside_a_double_barrelled_name_is_no_leak(tmp_path: Path) -> None:
    """A two-word gold name that stands only inside a longer hyphenated name ("… Quandt" in a
    byline "… Quandt-Meyer") is another person's name, no leak; standing on its own it is one.
    (Two words no pseudonymiser replaces stand in for the name, as in the test above.)"""
    gold = [*GOLD, ("forum_x", "pii", "name", "blaue Kaffeetasse", "not a name: must fail")]
    inside = PAGE.replace("blaue Kaffeetasse ist", "blaue Kaffeetasse-Sammlung ist")
    assert score_pages(_write(tmp_path / "c", gold, {"forum_x": inside})).leaks.empty
    assert len(score_pages(_write(tmp_path / "d", gold, {"forum_x": PAGE})).leaks) == 1
