"""Command line: ``servicelab build INPUT --out OUT`` and ``servicelab analyse OUT``.

``build`` writes every table as ``OUT/<table>.parquet`` (pandas engine, the default) or as
partitioned ``OUT/<table>/part-*.parquet`` (``--engine dask``), and a ``manifest.json``
(input hashes, package version, row counts). INPUT is a folder of ``.txt`` files, or JSON
Lines, CSV or Parquet with a text column. Bad input ends with one line naming the file (and
row) and the problem and exit status 2; ``--on-error skip`` records bad files and rows in the
``errors`` table instead. ``analyse`` runs the registered analyses over built tables.
``report CORPUS --out DIR`` executes every notebook on a corpus and writes an HTML report.

OUT must be new, empty, or written by servicelab before (see :mod:`servicelab.outfolder`).
Every failure the user can act on is one line on stderr: exit 2 for bad input, an unusable
output folder or an unreachable Dask cluster, 130 for Ctrl-C (nothing half-published).
"""

from __future__ import annotations

import argparse
import signal
import sys

from servicelab import __version__, report
from servicelab.analyses import ANALYSES
from servicelab.engines import ENGINES, analyse, build
from servicelab.errors import OneLineError, shown_path
from servicelab.inputs import FORMATS, TableOptions


def cmd_build(args: argparse.Namespace) -> int:
    options = TableOptions(text_column=args.text_column, id_column=args.id_column,
                           date_column=args.date_column, encoding=args.encoding)
    result = build(
        args.input, args.out, engine=args.engine, fmt=args.format, options=options,
        pseudonymise=not args.no_pseudonymise, on_error=args.on_error,
        analyses=not args.corpus_only, scheduler=args.scheduler, n_workers=args.workers,
        progress=not args.quiet,
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
    counts = analyse(args.out, engine=args.engine, names=args.only or None,
                     scheduler=args.scheduler, n_workers=args.workers, progress=not args.quiet)
    if not args.quiet:
        if counts:
            listed = ", ".join(f"{k} {v}" for k, v in counts.items())
            print(f"wrote {len(counts)} analysis tables to {args.out}: {listed}")
        else:
            print("no analyses registered: nothing to do")
    return 0


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
    b.add_argument("input", help="folder of .txt files (searched recursively), one .txt file, "
                   "or JSON Lines / CSV / Parquet file(s) with a text column")
    b.add_argument("--out", required=True, help="output folder for the Parquet tables")
    b.add_argument("--on-error", choices=["raise", "skip"], default="raise",
                   help="stop at the first bad file or row (default) or skip and record it")
    b.add_argument("--no-pseudonymise", action="store_true",
                   help="keep names, phone numbers and addresses (research use only)")
    b.add_argument("--corpus-only", action="store_true",
                   help=f"only the corpus tables, not the analyses ({', '.join(ANALYSES)})")
    t = b.add_argument_group("tabular input (JSON Lines, CSV, Parquet)")
    t.add_argument("--format", choices=FORMATS,
                   help="input format (default: from the file suffix; folders: txt)")
    t.add_argument("--text-column", default="text", help="column with the text (default: text)")
    t.add_argument("--id-column", help="column with a unique document id (default: "
                   "<file stem>-<row>)")
    t.add_argument("--date-column", help="column with the post's date (-> documents.date)")
    t.add_argument("--encoding", default="utf-8",
                   help="encoding of JSON Lines / CSV files (default: utf-8)")
    _engine_options(b)
    b.set_defaults(func=cmd_build)
    a = sub.add_parser("analyse", help="run the registered analyses over built tables")
    a.add_argument("out", help="output folder of `servicelab build`")
    a.add_argument("--only", action="append", metavar="NAME",
                   help=f"run only this analysis (repeatable; registered: "
                   f"{', '.join(ANALYSES) or 'none'})")
    _engine_options(a)
    a.set_defaults(func=cmd_analyse)
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
