"""Test distribution over two processes (pytest-xdist, ``--dist loadgroup``).

Why: CI has two cores and ten minutes. Each test file, and each notebook's nbval cells,
must stay in one process (the cells share one kernel; module fixtures build corpora once);
``test_report.py`` and ``test_browser.py`` share the session fixture that builds the
generated reports, so they form one group and the reports are built once, not per process.
"""

from __future__ import annotations

import pytest

SHARED_REPORTS = ("tests/test_report.py", "tests/test_browser.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.nodeid.split("::")[0]
        group = "reports" if path in SHARED_REPORTS else path
        item.add_marker(pytest.mark.xdist_group(group))
