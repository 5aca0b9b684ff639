"""servicelab installed outside a checkout: it works, or fails with one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _installed_copy(tmp_path: Path) -> dict[str, str]:
    """The package copied to a folder with no ``data/`` above it, as a wheel would put it."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "src" / "servicelab", site / "servicelab",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("SERVICELAB_DATA",)}
    env["PYTHONPATH"] = str(site)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


def _build(tmp_path: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    corpus = tmp_path / "texts"
    corpus.mkdir(exist_ok=True)
    (corpus / "a.txt").write_text("Die Telekom hat meinen Anschluss seit drei Wochen nicht "
                                  "geschaltet. Eine Frechheit!\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "servicelab.cli", "build", str(corpus), "--out",
         str(tmp_path / f"out{len(extra)}"), "--quiet", *extra],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)


def test_outside_a_checkout_the_full_build_fails_with_one_line(tmp_path):
    env = _installed_copy(tmp_path)
    probe = subprocess.run([sys.executable, "-c", "import servicelab; print(servicelab.__file__)"],
                           env=env, capture_output=True, text=True, cwd=tmp_path)
    assert probe.stdout.startswith(str(tmp_path))  # really the copy, not the checkout
    done = _build(tmp_path, env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "data/external" in lines[0] and "SERVICELAB_DATA" in lines[0]


def test_outside_a_checkout_corpus_only_and_servicelab_data_work(tmp_path):
    env = _installed_copy(tmp_path)
    corpus_only = _build(tmp_path, env, "--corpus-only")
    assert corpus_only.returncode == 0, corpus_only.stderr
    env["SERVICELAB_DATA"] = str(ROOT / "data")
    full = _build(tmp_path, env)
    assert full.returncode == 0, full.stderr
