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
    column of ``columns`` is one :class:`CorpusInputError` line naming it as ``what``."""
    name = Path(str(path)).name
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise CorpusInputError(name, f"missing column(s) {', '.join(missing)}; a "
                                       f"{what} has {', '.join(columns)}{also}")
            return [{k: (v or "") for k, v in r.items() if k is not None} for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CorpusInputError(name, f"cannot read {what} ({exc})") from None
