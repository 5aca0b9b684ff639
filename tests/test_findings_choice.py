"""One sentiment measure per corpus, in the report's index and in notebook 01 alike.

Why: the index used the project's default method (``model``) unless ``--gold`` was given, while
notebook 01 chose its method on the seed gold (``gpl``), so the two stated different measures
and different figures for one corpus. Both now call
:func:`servicelab.user_validation.choose_sentiment` with the same inputs. These tests run the
cells of notebook 01 that make the choice and state the findings as a plain script (no kernel)
and compare them with the index that ``run_report`` writes, on the seeds (with and without the
user's labels) and on a generated corpus.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import pytest

from servicelab import findings
from servicelab.report import run_report
from servicelab.tables import load_or_build
from servicelab.user_validation import (
    DEFAULT_CHOICE,
    DEV_GOLD,
    SHIPPED_GOLD,
    USER_LABELS,
    Validation,
    choose_sentiment,
)

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
NB01 = ROOT / "notebooks" / "01_sentiment.py"

# A generated corpus of my own sentences: two blog threads, no shipped gold among them.
_PAGES = {
    "router.txt": ("Router kaputt, Hotline ratlos\n\nSeit zwei Wochen geht mein Internet nicht. "
                   "Die Hotline vertröstet mich jeden Tag aufs Neue. Das ist eine Frechheit.\n\n"
                   "2 Kommentare\n\nJonas sagt:\nBei mir war es genauso schlimm, ich habe "
                   "gekündigt.\n\nMira sagt:\nMan muss auch mal Geduld haben, die Technik ist "
                   "kompliziert.\n"),
    "sofa.txt": ("Sofa geliefert, alles gut\n\nDas Sofa kam pünktlich und der Fahrer war sehr "
                 "freundlich. Danke für den tollen Service!\n\n1 Kommentar\n\nLea sagt:\nSchön "
                 "zu hören, ich hatte leider Pech mit dem Laden.\n"),
}


def _value(source: str, ns: dict) -> object:
    """Run one notebook cell in ``ns``; the value of its last expression (as Jupyter shows)."""
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(ast.Module(tree.body[:-1] if last else tree.body, type_ignores=[]),
                 "cell", "exec"), ns)
    return eval(compile(ast.Expression(last.value), "cell", "eval"), ns) if last else None


def notebook_01(corpus_dir: Path, tables_dir: Path, gold_sheets: list[str]) -> tuple[str, str]:
    """The measure notebook 01 uses and the findings it shows, from its own cells: imports,
    parameters (then set as papermill would), data, the choice, and the key findings."""
    code = [c for c in jupytext.read(NB01).cells if c.cell_type == "code"]

    def one(test) -> str:
        hits = [c.source for c in code if test(c)]
        assert len(hits) == 1, f"notebook 01: {len(hits)} cells match"
        return hits[0]

    ns: dict = {}
    _value(code[0].source, ns)  # imports
    _value(one(lambda c: "parameters" in c.metadata.get("tags", [])), ns)
    ns.update(corpus_dir=str(corpus_dir), tables_dir=str(tables_dir), gold_sheets=gold_sheets)
    _value(one(lambda c: "load_or_build(corpus_dir, tables_dir)" in c.source), ns)
    _value(one(lambda c: "choose_sentiment(" in c.source), ns)
    shown = _value(one(lambda c: 'findings_markdown("01_sentiment"' in c.source), ns)
    return ns["FINDINGS_METHOD"], shown.data


def _fake_01(folder: Path) -> Path:
    """A stand-in for notebook 01 in the report: the index's findings do not depend on it."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    params = nbformat.v4.new_code_cell('corpus_dir = "nowhere"\ngold_sheets = []')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · stand-in"), params,
                nbformat.v4.new_code_cell("print(len(gold_sheets))")]
    path = folder / "01_sentiment.ipynb"
    nbformat.write(nb, path)
    return path


def index_01(corpus: Path, tmp: Path, tables_dir: Path, gold: list[Path]) -> tuple[str, str]:
    """The 01 section of the index ``run_report`` writes: its findings (as a notebook shows
    them) and its validation note."""
    index = run_report(corpus, tmp / "report", [_fake_01(tmp / "nb")], tables_dir=tables_dir,
                       gold=gold)
    body = re.search(r'<section id="01_sentiment">(.*?)</section>',
                     index.read_text(encoding="utf-8")).group(1)
    items = [html.unescape(re.sub(r"<span class=\"claim\"[^>]*></span>", "", li))
             for li in re.findall(r"<li>(.*?)</li>", body)]
    note = re.search(r'<p class="validation">(.*?)</p>', body)
    return "\n".join(f"- {s}" for s in items), html.unescape(note.group(1)) if note else ""


def _scored(sheet: Path, tables: dict[str, pd.DataFrame]) -> Validation:
    from servicelab.user_validation import score_sheets

    return score_sheets([sheet], tables)


def _generated(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in _PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory) -> tuple[Path, dict[str, pd.DataFrame]]:
    tables_dir = tmp_path_factory.mktemp("seed") / "tables"
    return tables_dir, load_or_build(RAW, tables_dir)


def test_seeds_without_labels_index_and_notebook_agree(seed_build, tmp_path):
    tables_dir, tables = seed_build
    choice = choose_sentiment(tables, RAW)
    assert choice.basis == SHIPPED_GOLD and choice.n > 0  # the seeds carry hand labels
    method, shown = notebook_01(RAW, tables_dir, [])
    listed, note = index_01(RAW, tmp_path, tables_dir, [])
    assert method == choice.method
    assert f"({method} method)" in shown
    assert shown == listed
    assert note == choice.describe() and "shipped hand labels" in note


def test_seeds_with_the_users_labels_index_and_notebook_agree(seed_build, tmp_path,
                                                             labelled_sheet):
    tables_dir, tables = seed_build
    shipped = choose_sentiment(tables, RAW).method
    other = next(m for m in ("sentiws", "naive", "model") if m != shipped)
    sheet = labelled_sheet(tables, tmp_path / "sheet.csv", other)
    method, shown = notebook_01(RAW, tables_dir, [str(sheet)])
    listed, note = index_01(RAW, tmp_path, tables_dir, [sheet])
    assert method == other  # the user's labels outrank the shipped ones, in both places
    assert f"({other} method)" in shown and shown == listed
    assert "against your labels" in note
    assert choose_sentiment(tables, RAW, _scored(sheet, tables)).basis == USER_LABELS


def test_generated_corpus_index_and_notebook_agree(tmp_path):
    corpus = _generated(tmp_path / "corpus")
    tables_dir = tmp_path / "tables"
    tables = load_or_build(corpus, tables_dir)
    choice = choose_sentiment(tables, corpus)
    # a user's own corpus: chosen on the development corpus's gold, not validated here
    assert choice.basis == DEV_GOLD and not choice.validated and choice.unit == "segment"
    assert choice.method == max(sorted(choice.kappa), key=lambda m: choice.kappa[m])
    method, shown = notebook_01(corpus, tables_dir, [])
    listed, note = index_01(corpus, tmp_path, tables_dir, [])
    assert method == choice.method and shown == listed
    assert "Not validated on this corpus" in note and "development corpus" in note


def test_without_the_development_gold_a_users_corpus_gets_the_default(tmp_path,
                                                                       monkeypatch):
    from servicelab import user_validation

    corpus = _generated(tmp_path / "corpus")
    tables = load_or_build(corpus, tmp_path / "tables")
    monkeypatch.setattr(user_validation, "dev_gold_kappa", lambda: ((), 0))
    choice = choose_sentiment(tables, corpus)
    assert choice.basis == DEFAULT_CHOICE and not choice.validated


def test_the_choice_follows_its_inputs(seed_build):
    """Labels first, then the shipped gold, then the default — each decided by the data."""
    tables_dir, tables = seed_build
    shipped = choose_sentiment(tables, RAW)
    assert shipped.method == max(sorted(shipped.kappa), key=lambda m: shipped.kappa[m])
    assert choose_sentiment(tables).basis == DEFAULT_CHOICE  # no corpus folder: no gold
    assert choose_sentiment(tables, RAW, Validation()).basis == SHIPPED_GOLD


# ------------------------------------------------------------------ wait kinds


def test_an_empty_wait_kind_is_named_by_its_events():
    lat = pd.DataFrame({"from_event": ["order", "call"], "to_event": ["cancellation", "agent"],
                        "kind": ["", "hold_time"], "days": [1.0, 0.01]})
    assert list(findings.wait_kind(lat)) == ["order→cancellation", "hold_time"]


def test_gold_sheets_come_from_gold_not_from_p():
    """The notebooks' labelled sheets are the report's ``--gold``; ``-p`` may not change
    them (the index and the pages would validate on different labels)."""
    from servicelab.errors import CorpusInputError
    from servicelab.report import check_params

    with pytest.raises(CorpusInputError, match="--gold"):
        check_params({"gold_sheets": ["sheet.csv"]}, [])
