"""Rewrite the README's headline validation figures from their computation.

Usage: python tools/update_readme_numbers.py          (rewrites README.md, lists changes)
       python tools/update_readme_numbers.py --check  (changes nothing; exit 1 if stale)

Why a script: the figures in README.md follow ``<!-- headline:KEY -->`` anchors and come from
``servicelab.headlines`` (one record per figure, with its rounding and regression floor).
After an analysis changes, one command brings the README in step; the table printed beside
it shows each value against its floor, so raising a floor in ``HEADLINES`` is informed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from servicelab import headlines

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when a figure differs from its computation")
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    try:
        before = headlines.readme_figures(text)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    values = headlines.compute()
    missing = sorted(set(values) - set(before))
    for h in headlines.HEADLINES:
        shown = before.get(h.key, "(no anchor)")
        new = h.render(values[h.key])
        floor = "-" if h.floor is None else f"{h.floor:g}"
        mark = "" if shown == new else "  <- changed"
        print(f"{h.key:42} {shown:>11} -> {new:>7}  floor {floor:>5}{mark}")
    below = [h.key for h in headlines.HEADLINES
             if h.floor is not None and values[h.key] < h.floor]
    if below:
        print(f"below their floor: {', '.join(below)}", file=sys.stderr)
    if missing:
        print(f"records without an anchor in {args.readme.name}: {', '.join(missing)}",
              file=sys.stderr)
    after = headlines.render_readme(text, values)
    if args.check:
        return int(after != text or bool(missing))
    if after != text:
        args.readme.write_text(after, encoding="utf-8")
        print(f"{args.readme.name} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
