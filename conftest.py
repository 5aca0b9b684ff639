"""Test distribution over two processes (pytest-xdist, ``--dist loadgroup`` for ``tests/``).

Why: CI has two cores. Each test file must stay in one process (module fixtures build
corpora once); ``test_report.py`` and ``test_browser.py`` share the session fixture that
builds the generated reports, so they form one group and the reports are built once, not
per process. The notebooks run in a second pytest call with ``--dist loadfile`` (nbval's
cells share one kernel per notebook; under ``loadgroup`` xdist dropped some of their cells).
"""

from __future__ import annotations

import pytest

SHARED_REPORTS = ("tests/test_report.py", "tests/test_browser.py")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups from the markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.nodeid.split("::")[0]
        group = "reports" if path in SHARED_REPORTS else path
        item.add_marker(pytest.mark.xdist_group(group))
