"""The README's headline figures are computed, held to their floors, and printed as computed.

The values come from ``servicelab.headlines`` (one computation per process, about 30 s on one
core, most of it the sentiment model's 10-fold cross-validation on One Million Posts).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from servicelab import headlines

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


@pytest.fixture(scope="module")
def values() -> dict[str, float]:
    return headlines.compute()


@pytest.mark.parametrize("h", [h for h in headlines.HEADLINES if h.floor is not None],
                         ids=lambda h: h.key)
def test_figure_is_at_least_its_floor(h: headlines.Headline, values: dict[str, float]) -> None:
    assert values[h.key] >= h.floor, (
        f"{h.key} ({h.what}) fell to {values[h.key]:.3f}, below its floor {h.floor}")


def test_every_record_is_anchored_once_in_the_readme() -> None:
    figures = headlines.readme_figures(README.read_text(encoding="utf-8"))
    assert sorted(figures) == sorted(h.key for h in headlines.HEADLINES)


@pytest.mark.parametrize("h", headlines.HEADLINES, ids=lambda h: h.key)
def test_readme_prints_the_computed_figure(h: headlines.Headline,
                                           values: dict[str, float]) -> None:
    shown = headlines.readme_figures(README.read_text(encoding="utf-8"))[h.key]
    assert shown == h.render(values[h.key]), (
        f"README.md shows {shown} for {h.key}, the computation gives "
        f"{h.render(values[h.key])}: run python tools/update_readme_numbers.py")


def test_floors_are_below_one_and_two_decimals() -> None:
    for h in headlines.HEADLINES:
        if h.floor is not None and h.digits > 0:
            assert 0 <= h.floor <= 1 and round(h.floor, 2) == h.floor, h.key


def test_render_rewrites_only_anchored_figures() -> None:
    text = ("P <!-- headline:blame_precision -->0.91, unanchored 0.91, "
            "n <!-- headline:defence_stance_n -->16")
    out = headlines.render_readme(text, {"blame_precision": 0.5049, "defence_stance_n": 17.0})
    assert out == ("P <!-- headline:blame_precision -->0.50, unanchored 0.91, "
                   "n <!-- headline:defence_stance_n -->17")


def test_unknown_or_repeated_anchor_is_one_line_error() -> None:
    with pytest.raises(ValueError, match="names no record"):
        headlines.readme_figures("<!-- headline:no_such_figure -->0.5")
    with pytest.raises(ValueError, match="appears twice"):
        headlines.readme_figures("<!-- headline:blame_f1 -->0.5 <!-- headline:blame_f1 -->0.5")


def test_update_tool_rewrites_a_stale_copy(tmp_path: Path, values: dict[str, float],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    monkeypatch.setattr(headlines, "compute", lambda *a, **k: values)
    try:
        import update_readme_numbers as tool
    finally:
        sys.path.remove(str(ROOT / "tools"))
    stale = headlines.ANCHOR.sub(
        lambda m: m[0] if m["key"] != "blame_f1" else f"<!-- headline:blame_f1 -->{m['value']}9",
        README.read_text(encoding="utf-8"))
    copy = tmp_path / "README.md"
    copy.write_text(stale, encoding="utf-8")
    assert tool.main(["--readme", str(copy), "--check"]) == 1
    assert copy.read_text(encoding="utf-8") == stale
    assert tool.main(["--readme", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == README.read_text(encoding="utf-8")


def test_update_tool_runs_as_a_script() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "update_readme_numbers.py"),
                          "--help"], capture_output=True, text=True, check=False)
    assert out.returncode == 0 and "--check" in out.stdout
