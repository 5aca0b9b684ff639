"""The heldout2 set (codebook §6.9) is well-formed: 30 texts, gold that fits them.

Reads only the files: the set is scored once by the lead, so nothing here runs a method on it.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "data" / "heldout2" / "texts"
GOLD = ROOT / "data" / "annotations" / "heldout2"
GERMEVAL = ROOT / "data" / "annotations" / "germeval" / "A"
LAYERS = ("docs", "orgs", "blame", "waits")
DOC_IDS = [f"h2_{n:02d}" for n in range(1, 31)]


def _rows(layer: str) -> list[dict[str, str]]:
    with open(GOLD / f"heldout2_{layer}_gold.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def _text(doc_id: str) -> str:
    return (TEXTS / f"{doc_id}.txt").read_text(encoding="utf-8")


def test_thirty_texts_of_the_stated_length() -> None:
    assert sorted(p.stem for p in TEXTS.glob("*.txt")) == DOC_IDS
    for doc_id in DOC_IDS:
        assert 500 <= len(_text(doc_id)) <= 2500, doc_id


def test_readme_names_origin_and_licence() -> None:
    readme = (ROOT / "data" / "heldout2" / "README.md").read_text(encoding="utf-8")
    assert "invented" in readme.lower()
    assert "LICENSE" in readme


@pytest.mark.parametrize("layer", LAYERS)
def test_columns_as_the_germeval_gold(layer: str) -> None:
    assert _header(GOLD / f"heldout2_{layer}_gold.csv") == _header(
        GERMEVAL / f"germeval_{layer}_gold.csv")


def test_every_text_has_one_docs_row_by_h2() -> None:
    docs = _rows("docs")
    assert sorted(r["doc_id"] for r in docs) == DOC_IDS
    assert {r["annotator"] for r in docs} == {"H2"}
    assert {r["complaint"] for r in docs} <= {"0", "1"}


def test_main_vendor_is_a_complained_about_organisation() -> None:
    complained = {(r["doc_id"], r["organisation"]) for r in _rows("orgs")
                  if r["complained_about"] == "1"}
    for r in _rows("docs"):
        if r["complaint"] == "0":
            assert r["main_vendor"] == "", r["doc_id"]
        elif r["main_vendor"]:
            assert (r["doc_id"], r["main_vendor"]) in complained, r["doc_id"]


@pytest.mark.parametrize("layer", ["blame", "waits"])
def test_quotes_are_unique_substrings(layer: str) -> None:
    for r in _rows(layer):
        quote = r["quote"]
        assert len(quote) >= 15, (r["doc_id"], quote)
        assert _text(r["doc_id"]).count(quote) == 1, (r["doc_id"], quote)
        assert "@" not in quote, (r["doc_id"], quote)


def test_org_surfaces_occur_in_their_text() -> None:
    for r in _rows("orgs"):
        assert r["surface"] in _text(r["doc_id"]), (r["doc_id"], r["surface"])


def test_blame_labels_use_the_codebook_vocabulary() -> None:
    for r in _rows("blame"):
        assert r["pattern"] in {"accuses", "shifts", "concedes", "customer_blame"}, r
        assert r["speaker_role"] in {"author", "vendor", "other"}, r
        assert r["target_type"] in {"vendor", "supplier", "manufacturer", "carrier", "union",
                                    "infrastructure", "customer", "other_party",
                                    "force_majeure"}, r
        assert (r["target_type"] == "customer") == (r["target_entity"] == "Kunde"), r
        assert r["implicit"] in {"0", "1"} and r["doubtful"] in {"0", "1"}, r


def test_waits_have_a_kind_a_bound_and_positive_days() -> None:
    for r in _rows("waits"):
        assert r["kind"] in {"delay", "open_wait", "response_wait", "hold_time",
                             "resolution_time", "other_wait"}, r
        assert r["bound"] in {"exact", "approximate", "lower_bound", "upper_bound"}, r
        assert float(r["days"]) > 0, r
        assert r["text"] in r["quote"], r
