"""servicelab installed from a wheel outside a checkout: it works, or fails with one line.

The wheel is built from the checkout's sources as a user's ``pip install .`` would build it
(``pip wheel --no-deps --no-build-isolation``, in a copy so the checkout gets no ``build/``),
installed with ``pip install --no-deps --target SITE``, and run as the ``servicelab`` script
from a folder outside the checkout, with the .venv's python providing the dependencies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "servicelab"
MIN_SETUPTOOLS = 77  # pyproject's build-system: `license = "MIT"` (PEP 639) needs it


def _major(v: str) -> int:
    return int(v.split(".")[0])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if _major(version("setuptools")) < MIN_SETUPTOOLS:
        pytest.fail(f"setuptools {version('setuptools')} in this environment cannot build the "
                    f"wheel (needs >={MIN_SETUPTOOLS}, a dev dependency): run `make venv`")
    src = tmp_path_factory.mktemp("checkout")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(PACKAGE, src / "src" / "servicelab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--no-build-isolation", "--quiet", "-w", str(dist), str(src)],
                          capture_output=True, text=True, timeout=600, cwd=src)
    assert done.returncode == 0, done.stderr[-2000:]
    (found,) = dist.glob("servicelab-*.whl")
    return found


@pytest.fixture(scope="module")
def site(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                           "--target", str(target), str(wheel)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return target


def _env(site: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SERVICELAB_DATA", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    env["XDG_CONFIG_HOME"] = str(home / "config")  # the user's own pseudonym key goes here
    return env


def _servicelab(site: Path, cwd: Path, env: dict[str, str], *args: str
                ) -> subprocess.CompletedProcess:
    script = site / "bin" / "servicelab"
    return subprocess.run([sys.executable, str(script), *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def _one_text(folder: Path) -> Path:
    corpus = folder / "texts"
    corpus.mkdir(exist_ok=True)
    (corpus / "a.txt").write_text("Die Telekom hat meinen Anschluss seit drei Wochen nicht "
                                  "geschaltet. Eine Frechheit!\n", encoding="utf-8")
    return corpus


def test_the_wheel_holds_every_package_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"servicelab/{p.relative_to(PACKAGE).as_posix()}" for p in PACKAGE.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    missing = sorted(shipped - names)
    assert not missing, f"not in the wheel (pyproject's package-data?): {missing[:10]}"
    assert any(n.startswith("servicelab/data/") and n.endswith(".csv") for n in names)


def test_the_installed_package_is_the_wheel_not_the_checkout(site: Path, tmp_path: Path
                                                             ) -> None:
    probe = subprocess.run([sys.executable, "-c", "import servicelab; print(servicelab.__file__)"],
                           env=_env(site, tmp_path), capture_output=True, text=True, cwd=tmp_path)
    assert probe.stdout.startswith(str(site)), probe.stdout + probe.stderr
    assert not str(tmp_path).startswith(str(ROOT)) and not str(site).startswith(str(ROOT))


def test_corpus_only_build_of_the_seeds_works(site: Path, tmp_path: Path) -> None:
    done = _servicelab(site, tmp_path, _env(site, tmp_path), "build", str(ROOT / "data" / "raw"),
                       "--out", str(tmp_path / "out"), "--corpus-only", "--quiet")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "sentences.parquet").is_file()


def test_full_build_fails_with_one_line_naming_what_is_missing(site: Path, tmp_path: Path
                                                               ) -> None:
    done = _servicelab(site, tmp_path, _env(site, tmp_path), "build", str(_one_text(tmp_path)),
                       "--out", str(tmp_path / "out"), "--quiet")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "data/external" in lines[0] and "SERVICELAB_DATA" in lines[0]
    assert "--corpus-only" in lines[0]


def test_full_build_works_with_servicelab_data(site: Path, tmp_path: Path) -> None:
    env = _env(site, tmp_path)
    env["SERVICELAB_DATA"] = str(ROOT / "data")
    done = _servicelab(site, tmp_path, env, "build", str(_one_text(tmp_path)),
                       "--out", str(tmp_path / "out"), "--quiet")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "blame.parquet").is_file()
