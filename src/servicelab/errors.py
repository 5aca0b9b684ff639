"""Errors that name the file and the problem, so a user never sees a pandas traceback."""

from __future__ import annotations


class CorpusInputError(ValueError):
    """Bad input: the message is one line, ``<path>: <problem>``."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")
