"""Test distribution over two processes (pytest-xdist).

Why: CI has two cores. Each test file must stay in one process (module fixtures build
corpora once), and ``test_report.py`` and ``test_browser.py`` share the session fixture that
builds the generated reports (the largest cost of the run), so they must share a process too.
xdist's ``--dist loadgroup`` cannot do this under pytest 9 (it renames ``item._nodeid``, which
pytest 9 no longer reads, so every test became its own unit and the reports were built twice).
This file gives xdist a scheduler of its own instead: one work unit per test file, the two
report files in one unit. The notebooks run in a second pytest call with ``--dist loadfile``.
"""

from __future__ import annotations

import pytest

SHARED_REPORTS = ("tests/test_report.py", "tests/test_browser.py")


def work_unit(nodeid: str) -> str:
    """The work unit of a test: its file, or "reports" for the two report files."""
    path = nodeid.split("::", 1)[0]
    return "reports" if path in SHARED_REPORTS else path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # noqa: ANN201 (xdist's type)
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FileOrReportsScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return FileOrReportsScheduling(config, log)
