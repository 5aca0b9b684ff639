"""A browsable report of a corpus: ``servicelab report CORPUS --out REPORT_DIR``.

1. builds the corpus tables and the analyses' tables once and writes them as Parquet to
   ``REPORT_DIR/tables/`` (or reuses ``--tables DIR`` when it holds a build of the same
   files, :func:`servicelab.tables.load_or_build`);
2. executes every numbered notebook (``notebooks/NN_topic.ipynb``) with papermill, its
   ``parameters`` cell set to the corpus (``corpus_dir``) and to those tables
   (``tables_dir``): notebooks read the built tables and never rebuild them;
3. writes each executed notebook as a self-contained HTML page (figures embedded, no script
   loaded from the net) next to the executed ``.ipynb``;
4. writes ``index.html``: one entry per notebook with its key findings, computed from the
   tables by :mod:`servicelab.findings`.

A notebook that fails stops the report with one line naming the notebook, the cell (its
``In [N]`` number in the executed notebook, which has papermill's injected-parameters cell)
and the error; the partly executed notebook (and its HTML page) are kept for inspection and
no ``index.html`` is written. Notebooks opt out of the report with the notebook metadata
``{"servicelab": {"report": false}}`` (the tutorial ``05``, which runs a report itself).

Before anything is written the report checks its input (the corpus exists and holds
texts), its ``-p`` parameters (each declared by a notebook of the report; ``corpus_dir``
and ``tables_dir`` come from CORPUS, never from ``-p``, so that pages and index describe
one corpus) and REPORT_DIR (new, empty or servicelab's, not the corpus nor inside it:
:mod:`servicelab.outfolder`).
"""

from __future__ import annotations

import argparse
import functools
import html
import itertools
import logging
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from servicelab.user_validation import SentimentChoice, Validation

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
KERNEL = "python3"
CELL_TIMEOUT = 600
#: Kernel options: no log lines on the terminal (ipykernel warns about TCP on every start).
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names notebook, cell and error in one line."""


@dataclass
class ExecutedNotebook:
    """One notebook of the report: where its executed copy and its page are."""

    name: str
    title: str
    ipynb: Path
    html: Path
    findings: list[str] = field(default_factory=list)
    validation: str = ""  # validated on this corpus, or only on the shipped data


def one_line(text: object, limit: int = 300) -> str:
    """``text`` collapsed to one line of at most ``limit`` characters."""
    line = re.sub(r"\s+", " ", str(text)).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ---------------------------------------------------------------- notebooks


def in_report(path: Path) -> bool:
    """False for notebooks that opt out (``metadata.servicelab.report: false``). Reads the
    JSON directly: validating every executed notebook with nbformat takes seconds."""
    import json

    meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    return bool(meta.get("servicelab", {}).get("report", True))


def notebook_sources(notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered notebooks (``NN_topic.ipynb``) of the report, in reading order.

    The tutorial that itself runs a report opts out in its metadata (no recursion).
    """
    return [p for p in sorted(notebook_dir.glob("[0-9][0-9]_*.ipynb")) if in_report(p)]


def tutorial_sources(notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered notebooks that opt out of the corpus report (tutorials, demos)."""
    return [p for p in sorted(notebook_dir.glob("[0-9][0-9]_*.ipynb")) if not in_report(p)]


def select_notebooks(names: list[str], notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """Notebooks by name or number prefix (``00_corpus``, ``00``, ``00_corpus.ipynb``)."""
    available = sorted(notebook_dir.glob("[0-9][0-9]_*.ipynb"))
    chosen = []
    for name in names:
        stem = Path(name).stem
        hits = [p for p in available if p.stem == stem or p.stem.startswith(f"{stem}_")]
        if not hits:
            known = ", ".join(p.stem for p in available)
            raise ValueError(f"no notebook {name!r} in {notebook_dir.name}/ (have: {known})")
        chosen.extend(h for h in hits if h not in chosen)
    return chosen


def title_of(nb) -> str:
    """The notebook's ``# Title`` (first level-1 heading of a markdown cell)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def error_cell(nb) -> tuple[int | None, str]:
    """Execution count and first source line of the first cell with an error output."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
            return cell.get("execution_count"), first
    return None, ""


def _kernel_manager_logging_to(log: Path) -> type:
    """A kernel manager whose kernel writes its stdout/stderr to ``log``, not to our terminal.

    Kernels inherit the terminal otherwise, and what they print there (libzmq asserting on
    a socket at kernel shutdown, library warnings at C level) would break the report's
    one-line output although every cell ran. The log is kept when it is not empty.
    """
    from jupyter_client import AsyncKernelManager

    class LoggingKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: object) -> None:
            with open(log, "ab") as fh:  # the kernel process keeps its own copy of the fd
                kw.setdefault("stdout", fh)
                kw.setdefault("stderr", fh)
                await super().start_kernel(**kw)

    return LoggingKernelManager


def _has_output(log: Path) -> bool:
    """Did the kernel print anything to ``log``?"""
    return log.exists() and log.stat().st_size > 0


def _declared_parameters(src: Path) -> set[str]:
    import papermill as pm

    return set(pm.inspect_notebook(str(src)))


def _rel(path: Path, start: Path) -> str:
    try:
        return os.path.relpath(path.resolve(), start.resolve())
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def execute_notebook(src: Path, corpus: Path | None, out_dir: Path,
                     tables_dir: Path | None = None, kernel: str = KERNEL,
                     nav: str = "", extra: dict[str, object] | None = None) -> ExecutedNotebook:
    """Run one notebook on ``corpus``; write the executed ``.ipynb`` and its HTML page.

    ``corpus=None`` runs it with its own default parameters (the tutorials). ``extra`` sets
    further parameters, each only where the notebook declares it.

    Raises :class:`NotebookFailed` (one line: notebook, cell, error) when a cell raises; the
    executed notebook and its page are written first.
    """
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / src.name
    declared = _declared_parameters(src)
    params = {} if corpus is None else {"corpus_dir": _rel(corpus, src.parent)}
    if corpus is not None and tables_dir is not None and "tables_dir" in declared:
        params["tables_dir"] = _rel(tables_dir, src.parent)
    params.update({k: v for k, v in (extra or {}).items() if k in declared})
    log = target.with_suffix(".kernel.log")
    log.unlink(missing_ok=True)
    try:
        pm.execute_notebook(
            str(src), str(target), parameters=params, cwd=str(src.parent), kernel_name=kernel,
            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            execution_timeout=CELL_TIMEOUT, extra_arguments=KERNEL_ARGS,
            kernel_manager_class=_kernel_manager_logging_to(log.resolve()),  # papermill chdirs
        )
    except PapermillExecutionError as exc:
        _write_failed_page(target, nav)
        first = next((ln for ln in str(exc.source).splitlines() if ln.strip()), "")
        raise NotebookFailed(
            f"{src.name}: cell {exc.exec_count} ({one_line(first, 60)}): {exc.ename}: "
            f"{one_line(exc.evalue, 200)} (executed notebook kept at {target})"
        ) from None
    except Exception as exc:  # kernel died, timeout, unreadable notebook
        _write_failed_page(target, nav)
        count, first = error_cell(nbformat.read(target, 4)) if target.exists() else (None, "")
        where = f"cell {count} ({one_line(first, 60)})" if count else "execution"
        raise NotebookFailed(
            f"{src.name}: {where}: {type(exc).__name__}: {one_line(exc, 200)} "
            f"(executed notebook kept at {target})"
            + (f" (kernel output in {log})" if _has_output(log) else "")
        ) from None
    finally:
        if not _has_output(log):
            log.unlink(missing_ok=True)
    nb = nbformat.read(target, as_version=4)
    count, first = error_cell(nb)
    if count is not None:  # an error output from a cell tagged raises-exception
        _write_failed_page(target, nav)
        raise NotebookFailed(f"{src.name}: cell {count} ({one_line(first, 60)}): error output "
                             f"(executed notebook kept at {target})")
    page = target.with_suffix(".html")
    page.write_text(notebook_html(nb, nav), encoding="utf-8")
    return ExecutedNotebook(src.stem, title_of(nb) or src.stem, target, page)


def _write_failed_page(target: Path, nav: str) -> None:
    import nbformat

    if target.exists():
        try:
            nb = nbformat.read(target, as_version=4)
            target.with_suffix(".html").write_text(notebook_html(nb, nav), encoding="utf-8")
        except Exception:  # the .ipynb is what matters; a page is a courtesy
            pass


# ---------------------------------------------------------------- HTML

# nbconvert's lab template loads require.js, MathJax and Mermaid from a CDN. A report must
# open offline and must not call third parties, so those blocks are emptied; a navigation
# bar links every page back to the index.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}
{{ super() }}
{{ resources.servicelab_nav }}
{%- endblock body_header -%}
"""
_NAV_CSS = (
    "<style>nav.servicelab{font-family:sans-serif;font-size:0.9em;padding:0.5em 1em;"
    "border-bottom:1px solid #ccc;margin-bottom:1em}nav.servicelab>*{margin-right:1.2em}"
    "</style>"
)


@functools.lru_cache(maxsize=1)
def _html_exporter():  # noqa: ANN202 (nbconvert's type, imported lazily)
    """The HTML exporter of the report's pages, made once per process.

    Why: making it loads and compiles the templates again, about a tenth of a second CPU per
    page; nbconvert converts many notebooks with one exporter itself (same pages)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab", extra_loaders=[DictLoader({"servicelab.html.j2": _TEMPLATE})],
        template_file="servicelab.html.j2",
    )
    exporter.log.setLevel(logging.ERROR)  # it warns about images without alt text: we add it
    return exporter


def notebook_html(nb, nav: str = "") -> str:
    """A self-contained HTML page of an executed notebook (figures as data URIs)."""
    body, _ = _html_exporter().from_notebook_node(
        nb, resources={"servicelab_nav": _NAV_CSS + nav if nav else ""}
    )
    title = html.escape(title_of(nb) or "this notebook", quote=True)
    numbers = itertools.count(1)
    return re.sub(r'alt="No description has been provided for this image"',
                  lambda _: f'alt="Figure {next(numbers)} of {title}"', body)


def navigation(names: list[tuple[str, str]], current: str | None = None) -> str:
    """A bar linking the index and every page; ``names`` are (stem, short label)."""
    links = ['<a href="index.html">Report index</a>']
    for stem, label in names:
        if stem == current:
            links.append(f"<strong>{html.escape(label)}</strong>")
        else:
            links.append(f'<a href="{html.escape(stem)}.html">{html.escape(label)}</a>')
    return f'<nav class="servicelab">{"".join(links)}</nav>'


_INDEX_CSS = (
    "body{font-family:sans-serif;max-width:54em;margin:2em auto;padding:0 1em;line-height:1.45;"
    "color:#222}h1{font-size:1.6em;margin-bottom:0.2em}h2{font-size:1.15em;margin:1.4em 0 0.3em}"
    "p.meta{color:#555;margin-top:0}table{border-collapse:collapse;margin:0.5em 0}"
    "td,th{border-bottom:1px solid #ddd;padding:0.2em 0.8em;text-align:left}"
    "td.n{text-align:right}section{border-top:1px solid #eee}ul{margin-top:0.3em}"
    "a{color:#1a5fb4}"
)


def claim_spans(finding: str) -> str:
    """The claims a finding states, as hidden spans the index keeps for readers and tests:
    n, documents, the minimum each was held to, and whether it is stated (``data-stated``)."""
    from servicelab.findings import claims_of

    return "".join(
        f'<span class="claim" hidden data-n="{c.measure.n}" '
        f'data-documents="{c.measure.documents}" data-minimum-n="{c.minimum_units}" '
        f'data-minimum-documents="{c.minimum_documents}" '
        f'data-stated="{"yes" if c.stated else "no"}"></span>'
        for c in claims_of(finding))


def write_index(done: list[ExecutedNotebook], out_dir: Path, corpus_name: str,
                counts: dict[str, int], validation: str = "") -> Path:
    """``index.html``: table sizes, the scores on the user's labels (``validation``, HTML),
    then every notebook page with its key findings and whether they are validated here."""
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td class='n'>{n:,}</td></tr>"
        for name, n in counts.items()
    )
    items = []
    for nb in done:
        lines = nb.findings or ["No key findings are computed for this notebook; open its page."]
        lis = "".join(f"<li>{html.escape(f)}{claim_spans(f)}</li>" for f in lines)
        check = (f'<p class="validation">{html.escape(nb.validation)}</p>'
                 if nb.validation else "")
        items.append(
            f'<section id="{html.escape(nb.name)}"><h2><a href="{html.escape(nb.html.name)}">'
            f"{html.escape(nb.title)}</a></h2><ul>{lis}</ul>{check}"
            f'<p class="meta">Executed notebook: <a href="{html.escape(nb.ipynb.name)}">'
            f"{html.escape(nb.ipynb.name)}</a></p></section>"
        )
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>servicelab report: {html.escape(corpus_name)}</title>"
        f"<style>{_INDEX_CSS}</style></head><body>"
        f"<h1>servicelab report</h1><p class='meta'>Corpus: <code>{html.escape(corpus_name)}"
        "</code>. Key findings below are computed from the built tables (near-duplicate "
        "documents left out), the same function per notebook as its summary; each states its "
        "n, coverage and 95 % bootstrap interval, and says \"not measurable\" below the "
        "minimum n. Each heading opens the executed notebook.</p>"
        f"<table><tr><th>table</th><th>rows</th></tr>{rows}</table>"
        + validation + "".join(items) + "</body></html>\n"
    )
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


# ---------------------------------------------------------------- tables and report


#: Parameters the report sets from CORPUS (and ``--gold``) itself; ``-p`` may not change them.
REPORT_SETS = ("corpus_dir", "tables_dir", "gold_sheets")


def check_params(params: dict[str, object], notebooks: list[Path]) -> None:
    """Refuse, in one line, a ``-p`` name no notebook of the report declares, and the
    parameters the report sets itself (the pages would describe another corpus than
    ``index.html``)."""
    from servicelab.errors import CorpusInputError

    if not params:
        return
    declared = set().union(*(_declared_parameters(p) for p in notebooks)) if notebooks else set()
    for name in params:
        if name == "gold_sheets":
            raise CorpusInputError(f"-p {name}", "is set by the report from --gold; give "
                                   "each labelled sheet with --gold SHEET instead")
        if name in REPORT_SETS:
            raise CorpusInputError(f"-p {name}", "is set by the report from CORPUS; give the "
                                   "corpus as the first argument instead")
        if name not in declared:
            known = ", ".join(sorted(declared - set(REPORT_SETS))) or "none"
            raise CorpusInputError(f"-p {name}", f"no notebook of this report declares this "
                                   f"parameter (parameters: {known})")


def build_tables(corpus: Path, out: Path) -> dict[str, pd.DataFrame]:
    """The corpus and analysis tables of ``corpus`` in ``out`` (built there as ``servicelab
    build`` does, with its ``manifest.json``, unless ``out`` already holds a build of the same
    files), for the findings and the notebooks."""
    from servicelab.tables import load_or_build

    return load_or_build(corpus, out)


def run_report(corpus: Path, out_dir: Path, notebooks: list[Path] | None = None,
               kernel: str = KERNEL, log: Callable[[str], None] | None = None,
               tutorials: bool = False, params: dict[str, object] | None = None,
               tables_dir: Path | None = None,
               gold: list[Path] | None = None) -> Path:
    """Tables, executed notebooks, HTML pages and ``index.html`` for ``corpus``.

    ``tables_dir`` (default ``out_dir/tables``) is where the tables are built, or read when
    they are already a build of ``corpus``; the index and every notebook read those tables.
    ``gold`` are labelled sheets (``servicelab sample``): every method is scored on them, the
    best one computes the findings, and the index marks what is validated on this corpus
    (:mod:`servicelab.user_validation`). The sentiment method is chosen by
    :func:`servicelab.user_validation.choose_sentiment` (the user's labels, else the shipped
    hand labels of the corpus's documents, else those of the development corpus's units,
    else the default), which notebook 01 calls with
    the same tables, corpus and sheets (passed to it as ``gold_sheets``). A sheet with bad
    rows stops the report before any notebook runs (:class:`servicelab.sheets.SheetError`,
    one line per problem).

    ``params`` are passed to every notebook that declares them (papermill parameters).
    ``tutorials=True`` also executes the notebooks that opt out of the corpus report, each
    on its own example data, and lists them apart in the index (``make run`` does this).

    Returns the index page. Raises :class:`NotebookFailed` when a notebook fails and
    :class:`servicelab.errors.CorpusInputError` for unusable input.
    """
    from servicelab.findings import findings_for
    from servicelab.outfolder import check_out, claim
    from servicelab.reading import list_corpus_files
    from servicelab.user_validation import choose_sentiment, score_sheets

    corpus, out_dir = Path(corpus), Path(out_dir)
    list_corpus_files(corpus)  # the input first: a missing corpus must not cost the old report
    check_out(out_dir, [corpus])
    tables_dir = out_dir / "tables" if tables_dir is None else Path(tables_dir)
    sources = notebook_sources() if notebooks is None else notebooks
    extras = tutorial_sources() if tutorials else []
    check_params(params or {}, sources)  # the tutorials run on their own parameters
    with claim(out_dir, [corpus], "servicelab report"):
        for stale in ("index.html", "validation.csv"):  # never leave stale results behind
            (out_dir / stale).unlink(missing_ok=True)
        tables = build_tables(corpus, tables_dir)
        validation = score_sheets(gold or [], tables)
        validation.write_csv(out_dir / "validation.csv")
        choice = choose_sentiment(tables, corpus, validation)  # notebook 01 calls it alike
        if gold:  # the notebooks score the same sheets (notebook 01 chooses its method)
            params = {**(params or {}), "gold_sheets": [str(Path(g).resolve()) for g in gold]}
        return _run_notebooks(corpus, out_dir, sources, extras, tables, kernel, log, params,
                              findings_for, tables_dir, validation, choice)


def _run_notebooks(corpus: Path, out_dir: Path, sources: list[Path], extras: list[Path],
                   tables: dict[str, pd.DataFrame], kernel: str,
                   log: Callable[[str], None] | None, params: dict[str, object] | None,
                   findings_for: Callable, tables_dir: Path,
                   validation: Validation | None = None,
                   choice: SentimentChoice | None = None) -> Path:
    validation = validation or Validation()
    options = {"method": choice.method} if choice is not None else validation.options()
    labels = [(s.stem, s.stem.replace("_", " ")) for s in [*sources, *extras]]
    done = []
    for src in sources:
        if log:
            log(f"executing {src.name}")
        nb = execute_notebook(src, corpus, out_dir, tables_dir, kernel,
                              navigation(labels, src.stem), params)
        nb.findings = findings_for(src.stem, tables, **options)
        nb.validation = validation.note(src.stem.split("_", 1)[-1], choice)
        done.append(nb)
    for src in extras:
        if log:
            log(f"executing {src.name} (tutorial, on its own example data)")
        nb = execute_notebook(src, None, out_dir, None, kernel, navigation(labels, src.stem))
        nb.findings = ["A tutorial: it runs on its own example data, not on this corpus."]
        done.append(nb)
    counts = {name: len(df) for name, df in tables.items() if name != "errors" or len(df)}
    return write_index(done, out_dir, corpus.name or str(corpus), counts, validation.html())


def add_arguments(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options of ``servicelab report`` (shared by ``cli.py`` and :func:`main`)."""
    p.add_argument("corpus", help="folder of .txt files (searched recursively) or one .txt file")
    p.add_argument("--out", required=True, help="report folder (index.html, pages, tables/)")
    p.add_argument("--notebooks", nargs="+", metavar="NAME",
                   help="only these notebooks (e.g. 00_corpus 01); default: all numbered ones")
    p.add_argument("--tables", metavar="DIR",
                   help="read the tables from DIR when it holds a build of CORPUS, else build "
                   "them there (default: REPORT_DIR/tables)")
    p.add_argument("--gold", action="append", default=[], metavar="SHEET",
                   help="a labelled sheet from `servicelab sample` (repeatable): every method is "
                   "scored on it and the best one computes the findings")
    p.add_argument("--kernel", default=KERNEL, help=f"Jupyter kernel (default {KERNEL})")
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   default=[], help="set a notebook parameter wherever a notebook declares it "
                   "(repeatable; VALUE is read as Python/JSON where it parses: 2000, False)")
    p.add_argument("--tutorials", action="store_true",
                   help="also run the tutorial notebooks (on their own example data)")
    p.add_argument("--quiet", action="store_true", help="print only the final line")
    return p


def parser() -> argparse.ArgumentParser:
    return add_arguments(argparse.ArgumentParser(
        prog="servicelab report",
        description="Run every notebook on a corpus and write a browsable HTML report.",
    ))


def parse_params(pairs: list[list[str]]) -> dict[str, object]:
    """``[["N_BOOT", "500"], ["cross_validate", "False"]]`` -> typed parameter values."""
    import ast

    params: dict[str, object] = {}
    for name, value in pairs:
        try:
            params[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            params[name] = value
    return params


def cmd_report(args: argparse.Namespace) -> int:
    """Run the report for parsed arguments; 0, 1 (a notebook failed) or 2 (bad input).

    Errors are printed as one line on stderr, never as a traceback.
    """
    from servicelab.errors import OneLineError
    from servicelab.sheets import SheetError

    log = None if args.quiet else (lambda msg: print(msg, flush=True))
    try:
        notebooks = select_notebooks(args.notebooks) if args.notebooks else None
    except ValueError as exc:
        print(f"servicelab report: error: {exc}", file=sys.stderr)
        return 2
    try:
        index = run_report(Path(args.corpus), Path(args.out), notebooks, args.kernel, log,
                           tutorials=args.tutorials, params=parse_params(args.param),
                           tables_dir=Path(args.tables) if args.tables else None,
                           gold=[Path(g) for g in args.gold])
    except NotebookFailed as exc:
        print(f"servicelab report: error: {exc}", file=sys.stderr)
        return 1
    except SheetError as exc:  # one line per bad row, each naming the sheet and the row
        for problem in exc.problems:
            print(f"servicelab report: error: {problem}", file=sys.stderr)
        return 2
    except OneLineError as exc:
        print(f"servicelab report: error: {exc}", file=sys.stderr)
        return 2
    print(f"report written; open {index}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``servicelab report CORPUS --out REPORT_DIR``; returns the exit status."""
    return cmd_report(parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
