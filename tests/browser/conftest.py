"""Real-browser tests: Playwright drives Debian's chromium against the app served on localhost.

Skipped with a reason where no chromium is found, unless SPM_REQUIRE_BROWSER=1 (CI), where a
missing browser is a failure. Screenshots go to test-artifacts/screenshots/ for a human to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from served_app import ROOT, running_app

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
