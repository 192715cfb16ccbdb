"""The app served for real on localhost (``streamlit run app.py``), for tests that need the server
itself: the browser tests (``tests/browser``) and the download tests (``tests/test_media.py``)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


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
