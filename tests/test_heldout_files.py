"""The held-out text sets (codebook §6.9 heldout2, §6.10 heldout3, §6.11 heldout4, §6.12 heldout5,
§6.13 heldout6, §6.14 heldout7, §6.15 heldout8, §6.16 heldout9, heldout10) are well-formed: 30
texts each, gold that fits them.

Reads only the files: a set is scored once by the lead, so nothing here runs a method on it.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GERMEVAL = ROOT / "data" / "annotations" / "germeval" / "A"
TEXT_LAYERS = ("docs", "orgs", "blame", "waits", "timex")
#: set → (annotators, gold layers); heldout6 … heldout10 were written in two halves
#: by two sessions each
SETS = {"heldout2": ({"H2"}, ("docs", "orgs", "blame", "waits")),
        "heldout3": ({"H3"}, TEXT_LAYERS),
        "heldout4": ({"H4"}, TEXT_LAYERS),
        "heldout5": ({"H5"}, TEXT_LAYERS),
        "heldout6": ({"H6a", "H6b"}, TEXT_LAYERS),
        "heldout7": ({"H7a", "H7b"}, TEXT_LAYERS),
        "heldout8": ({"H8a", "H8b"}, TEXT_LAYERS),
        "heldout9": ({"H9a", "H9b"}, TEXT_LAYERS),
        "heldout10": ({"H10a", "H10b"}, TEXT_LAYERS)}
#: the text lengths each set's brief asked for (heldout6's … heldout10's allowed
#: shorter and longer posts)
LENGTHS = {"heldout6": (400, 3000), "heldout7": (400, 3000), "heldout8": (400, 3000),
           "heldout9": (400, 3000), "heldout10": (400, 3000)}
LAYER_CASES = [(name, layer) for name, (_, layers) in SETS.items() for layer in layers]


def _doc_ids(name: str) -> list[str]:
    return [f"h{name.removeprefix('heldout')}_{n:02d}" for n in range(1, 31)]


def _rows(name: str, layer: str) -> list[dict[str, str]]:
    path = ROOT / "data" / "annotations" / name / f"{name}_{layer}_gold.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def _text(name: str, doc_id: str) -> str:
    return (ROOT / "data" / name / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SETS)
def test_thirty_texts_of_the_stated_length(name: str) -> None:
    texts = ROOT / "data" / name / "texts"
    assert sorted(p.stem for p in texts.glob("*.txt")) == _doc_ids(name)
    for doc_id in _doc_ids(name):
        low, high = LENGTHS.get(name, (500, 2500))
        assert low <= len(_text(name, doc_id)) <= high, doc_id


@pytest.mark.parametrize("name", SETS)
def test_readme_names_origin_and_licence(name: str) -> None:
    readme = (ROOT / "data" / name / "README.md").read_text(encoding="utf-8")
    assert "invented" in readme.lower()
    assert "LICENSE" in readme


@pytest.mark.parametrize(("name", "layer"), LAYER_CASES)
def test_columns_as_the_germeval_gold(name: str, layer: str) -> None:
    assert _header(ROOT / "data" / "annotations" / name / f"{name}_{layer}_gold.csv") == \
        _header(GERMEVAL / f"germeval_{layer}_gold.csv")


@pytest.mark.parametrize("name", SETS)
def test_every_text_has_one_docs_row_by_its_annotator(name: str) -> None:
    docs = _rows(name, "docs")
    assert sorted(r["doc_id"] for r in docs) == _doc_ids(name)
    assert {r["annotator"] for r in docs} == SETS[name][0]
    assert {r["complaint"] for r in docs} <= {"0", "1"}


@pytest.mark.parametrize("name", SETS)
def test_main_vendor_is_a_complained_about_organisation(name: str) -> None:
    complained = {(r["doc_id"], r["organisation"]) for r in _rows(name, "orgs")
                  if r["complained_about"] == "1"}
    for r in _rows(name, "docs"):
        if r["complaint"] == "0":
            assert r["main_vendor"] == "", r["doc_id"]
        elif r["main_vendor"]:
            assert (r["doc_id"], r["main_vendor"]) in complained, r["doc_id"]


@pytest.mark.parametrize(("name", "layer"), [c for c in LAYER_CASES
                                             if c[1] in ("blame", "waits", "timex")])
def test_quotes_are_unique_substrings(name: str, layer: str) -> None:
    for r in _rows(name, layer):
        quote = r["quote"]
        assert len(quote) >= 15, (r["doc_id"], quote)
        assert _text(name, r["doc_id"]).count(quote) == 1, (r["doc_id"], quote)
        assert "@" not in quote, (r["doc_id"], quote)


@pytest.mark.parametrize("name", SETS)
def test_org_surfaces_occur_in_their_text(name: str) -> None:
    for r in _rows(name, "orgs"):
        assert r["surface"] in _text(name, r["doc_id"]), (r["doc_id"], r["surface"])


@pytest.mark.parametrize("name", SETS)
def test_blame_labels_use_the_codebook_vocabulary(name: str) -> None:
    for r in _rows(name, "blame"):
        assert r["pattern"] in {"accuses", "shifts", "concedes", "customer_blame"}, r
        assert r["speaker_role"] in {"author", "vendor", "other"}, r
        assert r["target_type"] in {"vendor", "supplier", "manufacturer", "carrier", "union",
                                    "infrastructure", "customer", "other_party",
                                    "force_majeure"}, r
        assert (r["target_type"] == "customer") == (r["target_entity"] == "Kunde"), r
        assert r["implicit"] in {"0", "1"} and r["doubtful"] in {"0", "1"}, r


@pytest.mark.parametrize("name", SETS)
def test_waits_have_a_kind_a_bound_and_positive_days(name: str) -> None:
    for r in _rows(name, "waits"):
        assert r["kind"] in {"delay", "open_wait", "response_wait", "hold_time",
                             "resolution_time", "other_wait"}, r
        assert r["bound"] in {"exact", "approximate", "lower_bound", "upper_bound"}, r
        assert float(r["days"]) > 0, r
        assert r["text"] in r["quote"], r


@pytest.mark.parametrize("name", [n for n, (_, layers) in SETS.items() if "timex" in layers])
def test_timex_rows_have_a_type_and_a_text_inside_their_quote(name: str) -> None:
    for r in _rows(name, "timex"):
        assert r["type"] in {"DATE", "TIME", "DURATION", "SET"}, r
        assert r["value"], r
        assert r["text"] in r["quote"], r
