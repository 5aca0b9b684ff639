"""Execute every notebook on a corpus and write the HTML report (used by `make run`).

Usage: python tools/run_notebooks.py [--corpus data/raw] [--out build] [--notebooks 00 01 …]

The same as ``servicelab report CORPUS --out OUT``: tables in OUT/tables/, executed notebooks
and their HTML pages in OUT/, key findings in OUT/index.html. Exit status 1 when a notebook
fails (one line names notebook, cell and error), 2 for unusable input.
"""

from __future__ import annotations

import argparse
import sys

from servicelab.report import main as report_main


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default="data/raw", help="folder of .txt files")
    p.add_argument("--out", default="build", help="report folder")
    p.add_argument("--notebooks", nargs="+", metavar="NAME", help="only these notebooks")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    forwarded = [args.corpus, "--out", args.out]
    if args.notebooks:
        forwarded += ["--notebooks", *args.notebooks]
    if args.quiet:
        forwarded.append("--quiet")
    return report_main(forwarded)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
