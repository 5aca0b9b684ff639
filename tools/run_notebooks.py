"""Execute every notebook on a corpus and write HTML copies (used by `make run`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from servicelab.report import NotebookFailed, run_report


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--corpus", default="data/raw")
    p.add_argument("--out", default="build")
    args = p.parse_args()
    try:
        index = run_report(Path(args.corpus), Path(args.out))
    except NotebookFailed as exc:
        print(f"run_notebooks: error: {exc}", file=sys.stderr)
        return 1
    print(f"notebooks executed; open {index}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
