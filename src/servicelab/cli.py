"""Command line: ``servicelab build INPUT --out OUT`` and ``servicelab analyse OUT``.

``build`` writes every table as ``OUT/<table>.parquet`` (pandas engine, the default) or as
partitioned ``OUT/<table>/part-*.parquet`` (``--engine dask``), and a ``manifest.json``
(input hashes, package version, row counts). INPUT is a folder of ``.txt`` files, or JSON
Lines, CSV or Parquet with a text column. Bad input ends with one line naming the file (and
row) and the problem and exit status 2; ``--on-error skip`` records bad files and rows in the
``errors`` table instead. ``analyse`` runs the registered analyses over built tables.
``report CORPUS --out DIR`` executes every notebook on a corpus and writes an HTML report.
``--gazetteer my.csv`` (build, analyse) merges the user's vendors into the shipped gazetteer
for the blame analysis.

OUT must be new, empty, or written by servicelab before (see :mod:`servicelab.outfolder`).
Every failure the user can act on is one line on stderr: exit 2 for bad input, an unusable
output folder or an unreachable Dask cluster, 130 for Ctrl-C (nothing half-published).
"""

from __future__ import annotations

import argparse
import signal
import sys
from typing import Any

from servicelab import __version__, report
from servicelab.analyses import ANALYSES
from servicelab.engines import ENGINES, analyse, build
from servicelab.errors import CorpusInputError, OneLineError, shown_path
from servicelab.inputs import FOLDER_FORMAT, READERS, TableOptions


def analysis_rules(args: argparse.Namespace) -> dict[str, Any] | None:
    """Analysis name -> rules object from the rule options (None: the shipped rules)."""
    if not args.gazetteer:
        return None
    from servicelab.blame import BlameRules
    from servicelab.entities import Gazetteer

    return {"blame": BlameRules.load(gazetteer=Gazetteer.load(extra=args.gazetteer))}


def cmd_build(args: argparse.Namespace) -> int:
    options = TableOptions(text_column=args.text_column, id_column=args.id_column,
                           date_column=args.date_column, encoding=args.encoding)
    result = build(
        args.input, args.out, engine=args.engine, fmt=args.format, options=options,
        pseudonymise=not args.no_pseudonymise, on_error=args.on_error,
        analyses=not args.corpus_only, scheduler=args.scheduler, n_workers=args.workers,
        progress=not args.quiet, rules=None if args.corpus_only else analysis_rules(args),
    )
    if not args.quiet:
        counts = ", ".join(f"{k} {v}" for k, v in result.tables.items())
        print(f"wrote {len(result.tables)} tables to {result.out}: {counts}")
        if result.tables.get("errors"):
            where = "errors.parquet" if args.engine == "pandas" else "errors/"
            print(f"skipped {result.tables['errors']} file(s) or row(s): see "
                  f"{result.out / where}")
    return 0


def cmd_analyse(args: argparse.Namespace) -> int:
    rules = analysis_rules(args)
    if rules and args.only:
        rules = {k: v for k, v in rules.items() if k in args.only}
    counts = analyse(args.out, engine=args.engine, names=args.only or None,
                     scheduler=args.scheduler, n_workers=args.workers, progress=not args.quiet,
                     rules=rules)
    if not args.quiet:
        if counts:
            listed = ", ".join(f"{k} {v}" for k, v in counts.items())
            print(f"wrote {len(counts)} analysis tables to {args.out}: {listed}")
        else:
            print("no analyses registered: nothing to do")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    """Write a labelling sheet for one task (issue 16 §4); never overwrites a sheet."""
    from servicelab import sheets

    if args.n < 1:
        raise CorpusInputError("--n", f"must be at least 1, got {args.n}")
    sheets.refuse_existing(args.sheet)  # before the tables are read: fail fast
    tables = sheets.load_tables(args.out, args.task)
    sheet = sheets.sample_sheet(tables, args.task, n=args.n, seed=args.seed)
    if sheet.empty:
        raise CorpusInputError(str(args.out), f"no {sheets.TASKS[args.task].unit}s to sample "
                               f"for task {args.task} (outside duplicate documents)")
    sheets.write_sheet(sheet, args.sheet)
    docs = sheet["doc_id"].nunique()
    print(f"wrote {len(sheet)} {sheets.TASKS[args.task].unit}(s) from {docs} document(s) to "
          f"{args.sheet}: fill in the column 'label', then run "
          f"`servicelab score {args.out} --gold {args.sheet}`")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    """Score every method on filled labelling sheets; every bad row is one line."""
    from servicelab import sheets

    status = 0
    for path in args.gold:
        try:
            task = sheets.task_of(path)
            tables = sheets.load_tables(args.out, task)
            print(sheets.score_sheet(sheets.read_sheet(path, task, tables), tables))
        except sheets.SheetError as exc:
            for line in exc.problems:
                print(f"servicelab: error: {line}", file=sys.stderr)
            status = 2
    return status


def _rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gazetteer", action="append", metavar="CSV",
                   help="your vendors, merged with the shipped gazetteer for the blame "
                   "analysis (columns surface,entity,entity_type,match,case,source; "
                   "repeatable)")


def _engine_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", choices=ENGINES, default="pandas",
                   help="pandas: one process, OUT/<table>.parquet (default); dask: a Dask "
                   "cluster, partitioned OUT/<table>/part-*.parquet")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="with --engine dask: join this Dask scheduler instead of starting a "
                   "LocalCluster (gives up with one line after 10 s without an answer)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="with --engine dask: LocalCluster worker processes (default: cores)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="servicelab", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"servicelab {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the corpus tables from texts")
    folder = READERS[FOLDER_FORMAT].suffixes[0]
    tables = [r.label for r in READERS.values() if r.tabular]
    b.add_argument("input", help=f"folder of {folder} files (searched recursively), one "
                   f"{folder} file, or {' / '.join(tables)} file(s) with a text column")
    b.add_argument("--out", required=True, help="output folder for the Parquet tables")
    b.add_argument("--on-error", choices=["raise", "skip"], default="raise",
                   help="stop at the first bad file or row (default) or skip and record it")
    b.add_argument("--no-pseudonymise", action="store_true",
                   help="keep names, phone numbers and addresses (research use only)")
    b.add_argument("--corpus-only", action="store_true",
                   help=f"only the corpus tables, not the analyses ({', '.join(ANALYSES)})")
    t = b.add_argument_group(f"tabular input ({', '.join(tables)})")
    t.add_argument("--format", choices=list(READERS),
                   help=f"input format (default: from the file suffix; folders: {FOLDER_FORMAT})")
    t.add_argument("--text-column", default="text", help="column with the text (default: text)")
    t.add_argument("--id-column", help="column with a unique document id (default: "
                   "<file stem>-<row>)")
    t.add_argument("--date-column", help="column with the post's date (-> documents.date)")
    encoded = [r.label for r in READERS.values() if r.tabular and r.decodes_bytes]
    t.add_argument("--encoding", default="utf-8",
                   help=f"encoding of {' / '.join(encoded)} files (default: utf-8)")
    _rule_options(b)
    _engine_options(b)
    b.set_defaults(func=cmd_build)
    a = sub.add_parser("analyse", help="run the registered analyses over built tables")
    a.add_argument("out", help="output folder of `servicelab build`")
    a.add_argument("--only", action="append", metavar="NAME",
                   help=f"run only this analysis (repeatable; registered: "
                   f"{', '.join(ANALYSES) or 'none'})")
    _rule_options(a)
    _engine_options(a)
    a.set_defaults(func=cmd_analyse)
    from servicelab.sheets import TASKS  # labelling sheets (issue 16 §4): sample, score

    sm = sub.add_parser("sample", help="write a labelling sheet to validate a method on your "
                        "own corpus")
    sm.add_argument("out", help="output folder of `servicelab build` (with the task's analysis)")
    sm.add_argument("--task", required=True, choices=list(TASKS))
    sm.add_argument("--n", type=int, default=60, help="units to sample (default: 60)")
    sm.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    sm.add_argument("--out", dest="sheet", required=True, metavar="SHEET.csv",
                    help="the sheet to write (an existing file is never overwritten)")
    sm.set_defaults(func=cmd_sample)
    sc = sub.add_parser("score", help="score every method on a filled labelling sheet")
    sc.add_argument("out", help="output folder of `servicelab build`")
    sc.add_argument("--gold", action="append", required=True, metavar="SHEET.csv",
                    help="a filled sheet from `servicelab sample` (repeatable)")
    sc.set_defaults(func=cmd_score)
    r = sub.add_parser("report", help="run every notebook on a corpus; write an HTML report")
    report.add_arguments(r)
    r.set_defaults(func=report.cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except OneLineError as exc:
        print(f"servicelab: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file system refusal (name too long, permissions, disk full)
        where = shown_path(exc.filename) if exc.filename is not None else args.command
        print(f"servicelab: error: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # stopping anyway: a second Ctrl-C during shutdown must not add a traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print(f"servicelab: interrupted; {args.command} stopped, nothing half-written was "
              "published", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
