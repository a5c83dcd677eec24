"""Fixtures for the real-browser tests of the chat widget.

Playwright for Python drives Debian's Chromium (no browser download):
    apt-get install -y chromium      pip install playwright

Which stack (see the `stack` fixture): by default the tests start their own
action server, Rasa server and demo page on free ports (scripts/stack.py, needs a
trained model); with RASA_URL set they use that Rasa instead.

Environment:
    RASA_URL   use this running Rasa (socketio channel) instead of starting one
    WEB_URL    the demo page for that Rasa (default http://localhost:8080); started
               here from scripts/serve_web.py when nothing answers there
    CHROMIUM   the browser binary (default /usr/bin/chromium)
    REQUIRE_BROWSER_STACK=1   fail (instead of skip) when Rasa or Chromium is missing
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results"
BUNDLE = ROOT / "web" / "public" / "vendor" / "twitch-chat.js"

RASA_URL = os.environ.get("RASA_URL", "http://localhost:5005").rstrip("/")
WEB_URL = os.environ.get("WEB_URL", "http://localhost:8080").rstrip("/")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _required() -> bool:
    return os.environ.get("REQUIRE_BROWSER_STACK", "").strip() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    if _required():
        pytest.fail(f"{reason} (REQUIRE_BROWSER_STACK is set)", pytrace=False)
    pytest.skip(f"{reason}; set REQUIRE_BROWSER_STACK=1 to make this a failure")


def _get(url: str, timeout: float = 2.0) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (local URLs)
        return resp.status, resp.read().decode("utf-8", "replace")


def _reachable(url: str) -> bool:
    try:
        _get(url)
        return True
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _start_web(port: int, rasa_url: str) -> subprocess.Popen:
    env = dict(os.environ, SERVE_WEB_QUIET="1")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve_web.py"), "--port", str(port), "--rasa-url", rasa_url],
        cwd=str(ROOT),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise RuntimeError(f"serve_web.py exited: {err}")
        if _reachable(url):
            return proc
        time.sleep(0.05)
    proc.terminate()
    raise RuntimeError("serve_web.py did not start")


@pytest.fixture(scope="session")
def results_dir() -> Path:
    RESULTS.mkdir(exist_ok=True)
    return RESULTS


@pytest.fixture(scope="session")
def bundle_built() -> None:
    if not BUNDLE.is_file():
        _unavailable(f"{BUNDLE.relative_to(ROOT)} is missing: run `cd web && npm ci && npm run build`")


@pytest.fixture(scope="session")
def browser(bundle_built):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install playwright)")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def static_web_url(bundle_built):
    """A private demo server (for pages that do not need Rasa: the card preview)."""
    proc = _start_web(free_port(), RASA_URL)
    port = proc.args[proc.args.index("--port") + 1]
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=5)


def _socketio_ok(rasa_url: str) -> bool:
    try:
        status, body = _get(f"{rasa_url}/webhooks/socketio/", timeout=3)
    except (urllib.error.URLError, OSError, ValueError):
        return False
    return status == 200 and "ok" in body


def _web_for(rasa_url: str):
    """WEB_URL if something serves the page there, else a serve_web.py we start on its port."""
    if _reachable(WEB_URL + "/"):
        return WEB_URL, None
    parts = urlsplit(WEB_URL)
    if parts.hostname not in ("localhost", "127.0.0.1"):
        _unavailable(f"the demo page does not answer at {WEB_URL}")
    return WEB_URL, _start_web(parts.port or 80, rasa_url)


@pytest.fixture(scope="session")
def stack(bundle_built):
    """The real stack: Rasa (socketio channel), the action server and the demo page.

    * RASA_URL set: use that Rasa (and WEB_URL, served here if nothing answers).
    * otherwise, with a trained model: start actions + Rasa + page on free ports
      (scripts/stack.py), with CORS limited to the page's origin.
    * otherwise a Rasa already running on localhost:5005 (`make run`).
    Skips, or fails with REQUIRE_BROWSER_STACK=1, when none of these works.
    """
    if "RASA_URL" not in os.environ:
        try:
            from scripts.stack import DEFAULT_MODEL, Stack, free_port
        except ImportError:
            DEFAULT_MODEL = None
        if DEFAULT_MODEL is not None and DEFAULT_MODEL.exists():
            port = free_port()
            running = Stack(
                with_web=True,
                web_port=port,
                cors=[f"http://127.0.0.1:{port}", f"http://localhost:{port}"],
            )
            try:
                running.start()
            except Exception as exc:  # noqa: BLE001
                _unavailable(f"could not start the stack: {exc}")
            try:
                yield {"rasa": f"http://localhost:{running.rasa_port}", "web": running.web_url}
            finally:
                running.stop()
            return
    if not _socketio_ok(RASA_URL):
        if "RASA_URL" in os.environ:
            _unavailable(f"no Rasa socketio channel at {RASA_URL}/webhooks/socketio/ (RASA_URL)")
        _unavailable(
            f"no trained model to start the stack with and no Rasa socketio channel at "
            f"{RASA_URL}/webhooks/socketio/ (run `make train`, or `make run` in another shell)"
        )
    web, proc = _web_for(RASA_URL)
    try:
        yield {"rasa": RASA_URL, "web": web}
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=5)


class PageWatch:
    """Collects what must never happen on the page: dialogs, page errors, CSP violations."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console_errors: list[str] = []
        self.external_requests: list[str] = []
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._on_console)
        page.on("request", self._on_request)

    def _on_dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _on_console(self, msg):
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _on_request(self, request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host in ("localhost", "127.0.0.1"):
            return
        self.external_requests.append(request.url)


@pytest.fixture
def new_page(browser):
    """new_page(viewport=..., **context_options) -> (page, watch); closes the contexts afterwards."""
    contexts = []

    def make(viewport=None, **options):
        viewport = viewport or {"width": 1280, "height": 900}
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        return page, PageWatch(page)

    yield make
    for context in contexts:
        context.close()
