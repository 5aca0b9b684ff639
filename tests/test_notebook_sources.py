"""The notebook sources follow the corpus: no seed document outside a seed-only block, and
every colour from :mod:`servicelab.palette`.

Why: a student who runs the notebooks on their own texts must not read commentary about the
shipped seed pages (``the thread of 000 …``, "the Telekom case") under tables of other
documents, and no analysis cell may be hard-wired to a seed id. Commentary on particular
seed pages is allowed only inside a *seed-only block*: the body of ``if ON_SEEDS:`` or the
value of ``… if ON_SEEDS else …`` in a code cell (``ON_SEEDS = is_seed_corpus(built)``), so
it is shown only when the corpus is the shipped seeds. A markdown cell is always shown, so it
may name none. The scan reads the jupytext sources (``notebooks/NN_topic.py``, from which
``tools/make_notebooks.py`` makes the ``.ipynb``) and the modules that write the report.
"""

from __future__ import annotations

import ast
import csv
import io
import re
import tokenize
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SOURCES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
#: Python files that write what a reader of the report sees; they have no seed-only blocks.
MODULES = [ROOT / "tools" / "make_notebooks.py", ROOT / "src" / "servicelab" / "report.py",
           ROOT / "src" / "servicelab" / "findings.py",
           ROOT / "src" / "servicelab" / "user_validation.py"]
SEED_FLAG = "ON_SEEDS"


def _seed_ids() -> list[str]:
    return sorted(p.stem for p in RAW.glob("*.txt"))


#: The vendors whose cases the seed pages tell (each is named in data/raw/MANIFEST.csv):
#: "the Telekom case", "the Cyberport thread", "Check24's dialogue" are seed commentary.
CASE_VENDORS = ("Telekom", "Cyberport", "Check ?24", "Redcoon")
CASE_WORDS = ("case", "thread", "chain", "post", "order", "cancellation", "dialogue",
              "answers", "customer", "complaint")


def seed_marker_pattern(ids: list[str]) -> re.Pattern[str]:
    """A pattern for a reference to a particular seed document: its full id, its number
    written as an id (```000```, ``000_…``, ``doc 002``), or a seed case by its vendor."""
    short = "|".join(sorted({re.escape(i.split("_")[0]) for i in ids}))
    full = "|".join(re.escape(i) for i in ids)
    parts = [
        full,
        rf"\b(?:{short})_",  # 000_964d…, 000_…
        rf"`(?:{short})\b",  # `000`
        rf"\b(?:doc|docs|document|documents|post|posts|page|pages|thread|seed|seeds)"
        rf"\s+`?(?:{short})\b",  # doc 000, post 002 p0
        rf"\b(?:{'|'.join(CASE_VENDORS)})(?:'s|s)?[ -](?:{'|'.join(CASE_WORDS)})\b",
    ]
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _seed_only_lines(tree: ast.AST) -> set[int]:
    """Line numbers (1-based) inside a seed-only block of a code cell."""
    lines: set[int] = set()

    def is_flag(node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id == SEED_FLAG

    for node in ast.walk(tree):
        if isinstance(node, ast.If) and is_flag(node.test):
            for stmt in node.body:
                lines.update(range(stmt.lineno, stmt.end_lineno + 1))
        elif isinstance(node, ast.IfExp) and is_flag(node.test):
            lines.update(range(node.body.lineno, node.body.end_lineno + 1))
    return lines


def _code_lines(source: str) -> list[tuple[int, str]]:
    """Every string literal and comment of a code cell with its line, one entry per line
    (a string over several lines gives each of its lines)."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.STRING, tokenize.COMMENT) or tok.type == getattr(
                tokenize, "FSTRING_MIDDLE", -1):
            for k, text in enumerate(tok.string.splitlines()):
                out.append((tok.start[0] + k, text))
    return out


def cell_violations(cell_type: str, source: str, pattern: re.Pattern[str]) -> list[str]:
    """The lines of one cell that name a seed document outside a seed-only block."""
    if cell_type == "markdown":
        return [line for line in source.splitlines() if pattern.search(line)]
    tree = ast.parse(source)
    allowed = _seed_only_lines(tree)
    return [text for line, text in _code_lines(source)
            if pattern.search(text) and line not in allowed]


def notebook_violations(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Every violation of a jupytext percent source given as text."""
    nb = jupytext.reads(text, fmt="py:percent")
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type in ("markdown", "code"):
            found += [f"cell {i} ({cell.cell_type}): {line.strip()[:100]}"
                      for line in cell_violations(cell.cell_type, cell.source, pattern)]
    return found


@pytest.fixture(scope="module")
def pattern() -> re.Pattern[str]:
    ids = _seed_ids()
    assert len(ids) == 5, ids
    return seed_marker_pattern(ids)


def test_the_case_vendors_are_the_seeds_own():
    """The vendor names of the case pattern come from the seed manifest, not from nowhere."""
    with open(RAW / "MANIFEST.csv", encoding="utf-8") as fh:
        notes = " ".join(row["source_note"] for row in csv.DictReader(fh))
    for vendor in CASE_VENDORS:
        assert re.search(vendor, notes), vendor


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_seed_document_outside_a_seed_only_block(path, pattern):
    found = notebook_violations(path.read_text(encoding="utf-8"), pattern)
    assert not found, f"{path.name} names seed documents outside `if ON_SEEDS`:\n" + \
        "\n".join(found)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_report_modules_name_no_seed_document(path, pattern):
    source = path.read_text(encoding="utf-8")
    found = [t for _, t in _code_lines(source) if pattern.search(t)]
    assert not found, f"{path.name}: {found}"


PLANTED = '''# %% [markdown]
# # A notebook
# Some general prose about complaint threads.

# %%
ON_SEEDS = True
Markdown("On the seeds the thread of `000_964d5e478ab145bc` is long.") if ON_SEEDS else None
if ON_SEEDS:
    print("the Telekom case")  # the Telekom case, doc 002
x = 1
'''


@pytest.mark.parametrize("planted, where", [
    ("# %% [markdown]\n# The thread of `000` softens.\n", "markdown, short id"),
    ("# %% [markdown]\n# In the Telekom case the fix came late.\n", "markdown, case"),
    ("# %% [markdown]\n# Read post 002 p0 again.\n", "markdown, doc number"),
    ("# %%\nthread = corpus.segments[corpus.segments['doc_id'] == '002_298609f3879511e1']\n",
     "analysis cell, full id"),
    ("# %%\nrows = docs[docs['doc_id'].str.startswith('004_')]  # the forum case\n",
     "analysis cell, id prefix"),
    ("# %%\nMarkdown('`000` is long') if len(docs) else None\n", "wrong condition"),
    ("# %%\nif ON_SEEDS:\n    pass\nelse:\n    print('see doc 003')\n", "else branch"),
    ("# %%\nx = 1  # the Cyberport thread\n", "comment"),
])
def test_a_planted_seed_reference_is_found(pattern, planted, where):
    assert notebook_violations(PLANTED, pattern) == []  # the seed-only blocks pass
    found = notebook_violations(PLANTED + "\n" + planted, pattern)
    assert len(found) == 1, (where, found)


def test_numbers_that_are_not_seed_ids_pass(pattern):
    text = ("# %% [markdown]\n# 1,000 resamples, 20 000 bytes, 1 000 000 rows, 0.004, "
            "seed 42, a Telekom shop.\n")
    assert notebook_violations(text, pattern) == []


# ------------------------------------------------------------------ colours

HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
#: Colours that carry no meaning (contrast of a number on a heatmap cell, invisible fill).
NEUTRAL = {"white", "black", "none"}
COLOUR_ARGS = {"color", "colors", "c", "facecolor", "facecolors", "edgecolor", "cmap"}


def colour_violations(source: str) -> list[str]:
    """Colours typed into a code cell instead of taken from ``servicelab.palette``: hex
    literals anywhere, and named colours or colour maps given as a string literal to a
    colour argument (``color="grey"``, ``cmap="Reds"``)."""
    found = [t for _, t in _code_lines(source) if not t.lstrip().startswith("#")
             and HEX.search(t)]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg in COLOUR_ARGS:
            found += [f"{node.arg}={v!r}" for v in _literal_values(node.value)
                      if v not in NEUTRAL]
    return found


def _literal_values(node: ast.AST) -> list[str]:
    """The strings an argument can take as a literal: the value itself, either branch of a
    conditional, the items of a list or comprehension (not keys looked up in a mapping)."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.IfExp):
        return _literal_values(node.body) + _literal_values(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [v for e in node.elts for v in _literal_values(e)]
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        return _literal_values(node.elt)
    return []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_colour_comes_from_the_palette(path):
    nb = jupytext.read(path)
    found = [f"cell {i}: {v}" for i, c in enumerate(nb.cells) if c.cell_type == "code"
             for v in colour_violations(c.source)]
    assert not found, f"{path.name}: colours typed in, not from servicelab.palette: {found}"


@pytest.mark.parametrize("planted", [
    'ax.bar(x, y, color="#55a868")',
    'colours = {"author": "#55a868"}',
    'ax.axvline(0, color="grey")',
    'ax.imshow(m, cmap="Reds")',
    'ax.scatter(x, y, c=["red" if v else "blue" for v in z])',
])
def test_a_planted_colour_is_found(planted):
    assert colour_violations('ax.bar(x, y, color=palette.COUNT)\n'
                             'ax.text(0, 0, "1", color="white" if v else "black")') == []
    assert colour_violations(planted)
