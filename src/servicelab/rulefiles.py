"""Reading a rules CSV (cues, gazetteer) with one-line errors, in one place.

Why: the blame cues, the defence cues and the gazetteer are all user-replaceable CSV files;
each needs the same checks (readable, UTF-8, the required columns) before its own row rules.
"""

from __future__ import annotations

import csv
from pathlib import Path

from servicelab.errors import CorpusInputError


def read_rule_csv(path: str | Path, columns: tuple[str, ...], what: str,
                  also: str = "") -> list[dict[str, str]]:
    """The rows of a rules CSV (empty cells as ``""``); a file that cannot be read or lacks a
    column of ``columns`` is one :class:`CorpusInputError` line naming it as ``what``; so is a
    row with more or fewer fields than the header (an unquoted comma inside a regex splits it
    into extra columns and would otherwise still compile)."""
    name = Path(str(path)).name
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise CorpusInputError(name, f"missing column(s) {', '.join(missing)}; a "
                                       f"{what} has {', '.join(columns)}{also}")
            rows = []
            for r in reader:
                _check_width(r, len(reader.fieldnames or []), reader.line_num, name)
                rows.append({k: (v or "") for k, v in r.items() if k is not None})
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CorpusInputError(name, f"cannot read {what} ({exc})") from None


def _check_width(row: dict, width: int, line: int, name: str) -> None:
    """One line for a row whose field count differs from the header's (``csv.DictReader``
    puts extra fields under the key ``None`` and fills missing ones with ``None``)."""
    extra = row.get(None) or []
    missing = sum(1 for k, v in row.items() if k is not None and v is None)
    if extra or missing:
        n = width + len(extra) - missing
        hint = (" (a comma inside an unquoted field? put the field in double quotes)"
                if extra else "")
        raise CorpusInputError(name, f"row {line}: {n} fields where the header has {width}"
                               f"{hint}")
