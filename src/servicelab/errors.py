"""Errors that name the file and the problem, so a user never sees a pandas traceback."""

from __future__ import annotations

import os
import re

SHOWN_PATH_CHARS = 160  # a path longer than this is shown as its start … its end


def shown_path(path: object) -> str:
    """``path`` as printable one-line text: undecodable bytes of a file name escaped
    (``\\xe4``), control characters escaped, and a very long path shortened in the middle."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace") if isinstance(
        path, str | bytes | os.PathLike) else str(path)
    text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)
    if len(text) > SHOWN_PATH_CHARS:
        half = SHOWN_PATH_CHARS // 2
        text = f"{text[:half]}…{text[-half:]}"
    return text


class OneLineError(Exception):
    """A failure the user can act on; the message is one line, ``<where>: <problem>``."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = shown_path(path)
        self.problem = " ".join(str(problem).split())
        super().__init__(f"{self.path}: {self.problem}")


class CorpusInputError(OneLineError, ValueError):
    """Bad input (a file, a row, a folder of the corpus)."""


class OutputFolderError(OneLineError):
    """An output folder servicelab may not write, is busy, or holds no complete build."""


class ClusterError(OneLineError):
    """The Dask scheduler cannot be reached, or its workers are gone."""


def natural_key(text: str) -> tuple:
    """Sort key that orders the numbers inside ``text`` by value (``f:2`` before ``f:10``)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                 for p in re.split(r"(\d+)", text) if p)


def sort_errors(rows: list[dict]) -> list[dict]:
    """``errors`` rows in natural order of their path."""
    return sorted(rows, key=lambda r: natural_key(r["path"]))
