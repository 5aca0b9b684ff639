"""Command line: ``servicelab build INPUT_DIR --out OUT_DIR``.

Writes every table as ``OUT_DIR/<table>.parquet`` and a ``manifest.json`` (input hashes,
package version, row counts). Bad input ends with one line naming the file and the problem
and exit status 2; ``--on-error skip`` records bad files in ``errors.parquet`` instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from servicelab import __version__
from servicelab.analyses import ANALYSES, run_analyses
from servicelab.corpus import build_corpus
from servicelab.errors import CorpusInputError


def write_tables(tables: dict[str, pd.DataFrame], out: Path) -> None:
    """Write each table as Parquet under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_parquet(out / f"{name}.parquet", index=False)


def manifest(tables: dict[str, pd.DataFrame], documents: pd.DataFrame) -> dict:
    """What was built from what: input hashes, version, row counts (no timestamps)."""
    return {
        "servicelab_version": __version__,
        "inputs": [
            {"path": p, "sha256": h, "bytes": int(b)}
            for p, h, b in zip(documents["path"], documents["sha256"], documents["n_bytes"],
                               strict=True)
        ],
        "tables": {name: int(len(df)) for name, df in sorted(tables.items())},
    }


def cmd_build(args: argparse.Namespace) -> int:
    corpus = build_corpus(
        args.input, pseudonymise=not args.no_pseudonymise, on_error=args.on_error,
        progress=not args.quiet,
    )
    tables = corpus.tables()
    if not args.corpus_only:
        tables.update(run_analyses(corpus))
    out = Path(args.out)
    write_tables(tables, out)
    (out / "manifest.json").write_text(
        json.dumps(manifest(tables, corpus.documents), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    if not args.quiet:
        counts = ", ".join(f"{k} {len(v)}" for k, v in tables.items())
        print(f"wrote {len(tables)} tables to {out}: {counts}")
        if len(corpus.errors):
            print(f"skipped {len(corpus.errors)} file(s): see {out / 'errors.parquet'}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="servicelab", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"servicelab {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the corpus tables from a folder of .txt files")
    b.add_argument("input", help="folder of .txt files (searched recursively) or one .txt file")
    b.add_argument("--out", required=True, help="output folder for the Parquet tables")
    b.add_argument("--on-error", choices=["raise", "skip"], default="raise",
                   help="stop at the first bad file (default) or skip and record it")
    b.add_argument("--no-pseudonymise", action="store_true",
                   help="keep names, phone numbers and addresses (research use only)")
    b.add_argument("--corpus-only", action="store_true",
                   help=f"only the corpus tables, not the analyses ({', '.join(ANALYSES)})")
    b.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    b.set_defaults(func=cmd_build)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except CorpusInputError as exc:
        print(f"servicelab: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
