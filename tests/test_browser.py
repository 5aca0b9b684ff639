"""The report in a real browser: Debian's headless Chromium, driven over the DevTools protocol.

For the report of every generated corpus (built once by ``tests/test_report.py``) Chromium
opens ``index.html`` and every notebook page and the test asserts that

- no page shows an error output (a traceback or stderr block) and the console stays clean
  (no console errors, no uncaught exceptions, no failed resource loads);
- every ``<img>`` has loaded with a non-zero natural size;
- every link resolves: local files exist, ``#fragments`` name an element of the target page;
  the index links every notebook page and every page links back to the index.

A screenshot of the index is saved as ``build/test-artifacts/report_index.png``.
Chromium comes from Debian (``tools/install_browser.sh``, run by ``make test``); without it
the test is skipped, except where ``SERVICELAB_REQUIRE_BROWSER=1`` (set by ``.ci/run``): there a
missing browser is a failure, so CI can never pass by skipping the real thing.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_report import GENERATED, generated_reports  # noqa: F401  (shared session fixture)

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "build" / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--window-size=1280,900",
    "--remote-debugging-port=0",
]

REQUIRED = os.environ.get("SERVICELAB_REQUIRE_BROWSER") == "1"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not REQUIRED,
    reason="Chromium not installed (run tools/install_browser.sh as root)",
)


def test_chromium_is_installed() -> None:
    """Fails in CI (``SERVICELAB_REQUIRE_BROWSER=1``) when the browser could not be installed."""
    assert CHROMIUM is not None, "Chromium missing: tools/install_browser.sh did not install it"

# Collected in the page after load: error outputs, images, links and element ids.
PAGE_PROBE = """(() => {
  const errs = [...document.querySelectorAll(
      '[data-mime-type="application/vnd.jupyter.stderr"], .output_error, .jp-OutputArea-error')]
    .map(e => e.innerText.slice(0, 200));
  const text = document.body ? document.body.innerText : '';
  return JSON.stringify({
    title: document.title,
    errors: errs,
    traceback: /Traceback \\(most recent call last\\)/.test(text),
    images: [...document.images].map(i => ({src: i.getAttribute('src').slice(0, 40),
      complete: i.complete, w: i.naturalWidth, h: i.naturalHeight})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    height: document.documentElement.scrollHeight,
  });
})()"""


class Chromium:
    """A headless Chromium with one page, spoken to over the DevTools protocol."""

    def __init__(self, profile: Path) -> None:
        import websocket

        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            target = next(t for t in json.load(r) if t["type"] == "page")
        self.ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=900,
                  deviceScaleFactor=1, mobile=False)

    def call(self, method: str, **params) -> dict:
        """Send a command and wait for its answer; events meanwhile are kept."""
        msg_id = next(self.ids)
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_for(self, event: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e["method"] == event for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(event)
            self.ws.settimeout(max(deadline - time.monotonic(), 0.1))
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)
        self.ws.settimeout(30)

    def open(self, path: Path) -> dict:
        """Load ``path``; return the page probe plus the console problems seen."""
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")
        self.call("Runtime.evaluate", expression="new Promise(r => setTimeout(r, 150))",
                  awaitPromise=True)
        probe = json.loads(self.call("Runtime.evaluate", expression=PAGE_PROBE,
                                     returnByValue=True)["result"]["value"])
        probe["console"] = console_problems(self.events)
        return probe

    def screenshot(self, target: Path, height: int) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=1280,
                  height=max(600, min(height, 4000)), deviceScaleFactor=1, mobile=False)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=900,
                  deviceScaleFactor=1, mobile=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def console_problems(events: list[dict]) -> list[str]:
    """Console errors, uncaught exceptions and failed loads among DevTools events."""
    problems = []
    for e in events:
        p = e.get("params", {})
        if e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            problems.append("console: " + " ".join(str(a.get("value", a.get("description")))
                                                   for a in p.get("args", [])))
        elif e["method"] == "Runtime.exceptionThrown":
            problems.append("exception: " + p["exceptionDetails"].get("text", ""))
        elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
            problems.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
    return problems


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def broken_links(page: Path, probe: dict, ids_of) -> list[str]:
    """Links of ``page`` whose file is missing or whose #fragment names no element."""
    bad = []
    for href in probe["links"]:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            continue  # no network here; external links are not followed
        if parts.scheme not in ("", "file"):
            bad.append(href)
            continue
        target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
        if not target.exists():
            bad.append(href)
        elif parts.fragment and target.suffix == ".html":
            # as browsers do (HTML "find a potential indicated element"): raw, then decoded
            if not {parts.fragment, unquote(parts.fragment)} & ids_of(target):
                bad.append(href)
    return bad


@pytest.mark.parametrize("kind", GENERATED)
def test_report_pages_in_chromium(browser, generated_reports, kind):  # noqa: F811
    rep = generated_reports[kind]
    out = rep.out
    probes: dict[Path, dict] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in probes:
            probes[page] = browser.open(page)
        return set(probes[page]["ids"])

    index = out / "index.html"
    pages = [index] + [out / f"{name}.html" for name in rep.notebooks]
    for page in pages:
        ids_of(page)
    index_probe = probes[index]
    for name in rep.notebooks:
        assert f"{name}.html" in index_probe["links"], f"index does not link {name}"
    for page in pages:
        probe = probes[page]
        where = f"{kind}/{page.name}"
        assert probe["title"], where
        assert probe["errors"] == [] and not probe["traceback"], (where, probe["errors"])
        assert probe["console"] == [], (where, probe["console"])
        for img in probe["images"]:
            assert img["complete"] and img["w"] > 0 and img["h"] > 0, (where, img)
        assert broken_links(page, probe, ids_of) == [], where
        if page != index:
            assert "index.html" in probe["links"], f"{where} has no link back to the index"
    if kind == "threads_no_vendor_no_dates":
        browser.open(index)
        browser.screenshot(ARTIFACTS / "report_index.png", index_probe["height"])
        first = out / f"{rep.notebooks[0]}.html"
        browser.open(first)
        browser.screenshot(ARTIFACTS / f"report_{first.stem}.png", 2400)

