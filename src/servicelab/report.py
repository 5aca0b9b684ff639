"""Execute every notebook on a corpus with papermill and write HTML copies plus an index.

A notebook that fails stops the run with one line naming the notebook, the cell and the
error; the partly executed notebook is kept next to the HTML files for inspection.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names notebook, cell and error in one line."""


@dataclass
class ExecutedNotebook:
    name: str
    title: str
    ipynb: Path
    html: Path


def notebook_sources(notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered notebooks (``NN_topic.ipynb``) in reading order."""
    return sorted(notebook_dir.glob("[0-9][0-9]_*.ipynb"))


def _title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def execute_notebook(src: Path, corpus: Path, out_dir: Path, kernel: str = "python3"
                     ) -> ExecutedNotebook:
    """Run one notebook with ``corpus_dir`` set to ``corpus``; write .ipynb and .html."""
    import nbformat
    import papermill as pm
    from nbconvert import HTMLExporter
    from papermill.exceptions import PapermillExecutionError

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / src.name
    corpus_rel = os.path.relpath(corpus.resolve(), src.parent.resolve())
    try:
        pm.execute_notebook(
            str(src), str(target), parameters={"corpus_dir": corpus_rel},
            cwd=str(src.parent), kernel_name=kernel, progress_bar=False, log_output=False,
        )
    except PapermillExecutionError as exc:
        raise NotebookFailed(
            f"{src.name}: cell {exc.exec_count}: {exc.ename}: {exc.evalue} "
            f"(executed notebook kept at {target})"
        ) from None
    nb = nbformat.read(target, as_version=4)
    body, _ = HTMLExporter().from_notebook_node(nb)
    html_path = target.with_suffix(".html")
    html_path.write_text(body, encoding="utf-8")
    return ExecutedNotebook(src.stem, _title(nb), target, html_path)


def write_index(done: list[ExecutedNotebook], out_dir: Path, findings: dict[str, list[str]]
                ) -> Path:
    """A plain ``index.html`` linking every notebook page with its key findings."""
    items = []
    for nb in done:
        lis = "".join(f"<li>{html.escape(f)}</li>" for f in findings.get(nb.name, []))
        items.append(
            f'<section><h2><a href="{html.escape(nb.html.name)}">{html.escape(nb.title or nb.name)}'
            f"</a></h2><ul>{lis}</ul></section>"
        )
    page = (
        "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'>"
        "<title>servicelab report</title><style>body{font-family:sans-serif;max-width:52em;"
        "margin:2em auto;line-height:1.4}h2{font-size:1.1em}</style></head><body>"
        "<h1>servicelab report</h1>" + "".join(items) + "</body></html>\n"
    )
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def run_report(corpus: Path, out_dir: Path, notebooks: list[Path] | None = None) -> Path:
    """Execute all notebooks on ``corpus`` into ``out_dir``; return the index page."""
    done = [execute_notebook(src, corpus, out_dir) for src in (notebooks or notebook_sources())]
    return write_index(done, out_dir, {})
