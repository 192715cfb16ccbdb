"""Real-browser tests: Playwright drives Debian's chromium against the app served on localhost.

Skipped with a reason where no chromium is found, unless SPM_REQUIRE_BROWSER=1 (CI), where a
missing browser is a failure. Screenshots go to test-artifacts/screenshots/ for a human to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PROJECTOR_SIZES = {"1920x1080": (1920, 1080), "1280x720": (1280, 720)}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("SPM_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("SPM_REQUIRE_BROWSER") == "1":
            pytest.fail("SPM_REQUIRE_BROWSER=1 but no chromium found (install Debian's chromium)")
        pytest.skip("no chromium found (/usr/bin/chromium); browser tests skipped")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(process: subprocess.Popen, url: str, log: Path, timeout: float = 60) -> None:
    """Poll the server's health check until it says ok, with a deadline. Between two polls the
    test waits on the server process itself (with a backoff from 0.05 s to 0.5 s), so a server
    that dies is noticed at once rather than after the deadline."""
    deadline = time.monotonic() + timeout
    pause = 0.05
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"streamlit did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")
        try:
            process.wait(timeout=pause)
        except subprocess.TimeoutExpired:
            pause = min(pause * 2, 0.5)
            continue
        pytest.fail(f"streamlit stopped (exit code {process.returncode}):\n{log.read_text()[-3000:]}")


@contextmanager
def running_app(folder: Path, tree: Path = ROOT, without: tuple[str, ...] = ()):
    """The app of ``tree`` (this checkout by default) on the embedded data, on a free localhost
    port, with a database in ``folder``; ``without`` names environment variables left out."""
    port = _free_port()
    log = folder / "server.log"
    env = {key: value for key, value in os.environ.items() if key not in without}
    env.update(PYTHONUNBUFFERED="1", SPM_DATABASE_URL=f"sqlite:///{folder / 'spm.sqlite3'}")
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=tree,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(process, url, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def app_url(chromium_executable, tmp_path_factory) -> str:
    """The app shared by the browser tests of a session."""
    with running_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture(scope="package")
def browser(chromium_executable):
    # Package-scoped: Playwright's sync API keeps an asyncio loop running in this thread while it
    # is open, so it is closed when the browser tests end, before tests that run their own loop
    # (the cluster test's browser, the login routes over ASGI).
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class RequestLog:
    """Every URL the page asked for; ``outside()`` lists those not on localhost."""

    def __init__(self):
        self.urls: list[str] = []

    def outside(self) -> list[str]:
        local = {"127.0.0.1", "localhost", "::1", "[::1]"}
        return [
            u
            for u in self.urls
            if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname not in local
        ]


@pytest.fixture
def open_page(browser):
    """``open_page(url, size)`` → (page, request_log); the context closes after the test."""
    contexts = []

    def _open(url: str, size: tuple[int, int] = (1920, 1080)):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, device_scale_factor=1)
        contexts.append(context)
        page = context.new_page()
        requests = RequestLog()
        page.on("request", lambda request: requests.urls.append(request.url))
        page.goto(url, wait_until="domcontentloaded")
        return page, requests

    yield _open
    for context in contexts:
        context.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') !== 'running'
                   && !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]');
        }""",
        timeout=timeout,
    )


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


SCROLL_POSITION_JS = """() => {
    const parts = [window.scrollX, window.scrollY];
    for (const el of document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')) {
        parts.push(el.scrollTop, el.scrollLeft);
    }
    return parts.join(',');
}"""


def scroll_by_wheel(page, dy: int, frames: int = 5, timeout: float = 10_000) -> None:
    """Turn the mouse wheel by ``dy`` and wait until the page has moved and then kept the same
    scroll position for ``frames`` animation frames in a row (no fixed pause)."""
    before = page.evaluate(SCROLL_POSITION_JS)
    page.mouse.wheel(0, dy)
    page.wait_for_function(
        """([before, frames]) => {
            const now = ("""
        + SCROLL_POSITION_JS
        + """)();
            const state = window.__spmScroll || (window.__spmScroll = {last: null, same: 0});
            state.same = state.last === now ? state.same + 1 : 0;
            state.last = now;
            if (now === before) state.same = 0;  // not moved yet
            const done = state.same >= frames;
            if (done) window.__spmScroll = null;
            return done;
        }""",
        arg=[before, frames],
        polling="raf",
        timeout=timeout,
    )
