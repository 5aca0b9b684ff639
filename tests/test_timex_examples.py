"""Every extraction rule keeps an example beside it (as HeidelTime does): the rows of
``servicelab/data/timex_examples.csv`` are tagged and must give the expected TIMEX3 reading."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources

import pytest

from servicelab import timex


def _examples() -> list[dict[str, str]]:
    path = resources.files("servicelab") / "data" / "timex_examples.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


EXAMPLES = _examples()


@pytest.mark.parametrize("ex", EXAMPLES, ids=[f"{e['handler']}:{e['expression']}"
                                              for e in EXAMPLES])
def test_example(ex):
    dct = date.fromisoformat(ex["dct"]) if ex["dct"] else None
    tags = timex.tag(ex["text"], dct=dct)
    hits = [t for t in tags if t.text == ex["expression"]]
    assert hits, f"{ex['expression']!r} not tagged in {ex['text']!r}: {[t.text for t in tags]}"
    t = hits[0]
    got = (t.handler, t.rule, t.type, t.value, t.mod, t.offset)
    assert got == (ex["handler"], ex["rule"], ex["type"], ex["value"], ex["mod"], ex["offset"])


def test_every_handler_has_an_example():
    missing = [h.name for h in timex.HANDLERS if h.name not in {e["handler"] for e in EXAMPLES}]
    assert not missing, f"handlers without an example in timex_examples.csv: {missing}"


def test_examples_name_handlers_of_the_table():
    names = [h.name for h in timex.HANDLERS]
    assert len(names) == len(set(names))
    assert {e["handler"] for e in EXAMPLES} <= set(names)
