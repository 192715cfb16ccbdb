"""Two Streamlit workers behind a real nginx (TLS, sticky per browser cookie) on one PostgreSQL,
started by scripts/run_cluster.sh exactly as on a server.

Skipped with a reason when nginx or PostgreSQL (SPM_TEST_DATABASE_URL) is missing, except that a
missing nginx fails when CI=true; the browser tests also need chromium (as tests/browser/).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from page_bar import nav_link

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
POSTGRES_URL = os.environ.get("SPM_TEST_DATABASE_URL")
PASSWORDS = {"op-lebak": "sandi-operator-lebak", "biro": "sandi-verifikator-biro"}
HEADER = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
CHROMIUM_ARGS = [  # as in tests/browser/conftest.py
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def nginx_path() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    url: str  # https://127.0.0.1:PORT
    workers: list[str]  # "127.0.0.1:PORT", as nginx reports them in X-SPM-Worker
    runtime: Path  # the script's runtime folder (rendered nginx.conf, logs, pid files)
    tls: ssl.SSLContext  # trusts the cluster's self-signed certificate

    def get(self, path: str, cookie: str | None = None):
        """(status, headers, body) of a GET through the proxy, with spm_route=cookie if given."""
        request = urllib.request.Request(self.url + path)
        if cookie:
            request.add_header("Cookie", f"spm_route={cookie}")
        try:
            with urllib.request.urlopen(request, context=self.tls, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def cookie_for(self, worker: str) -> str:
        """A route cookie that nginx sends to ``worker``."""
        for _ in range(200):
            cookie = secrets.token_hex(16)
            if self.get("/_stcore/health", cookie)[1]["X-SPM-Worker"] == worker:
                return cookie
        raise AssertionError(f"no cookie reaches {worker}")


@pytest.fixture(scope="module")
def database_url():
    """A fresh schema of its own in the PostgreSQL test database, with the simulated data and two
    accounts (an operator of Kabupaten Lebak and a verifier of the Biro); dropped afterwards."""
    if not POSTGRES_URL:
        pytest.skip("SPM_TEST_DATABASE_URL is not set: the cluster test needs PostgreSQL")
    from sqlalchemy import create_engine, text

    from spm_core.auth import add_user
    from spm_core.catalog import load_catalog
    from spm_core.store import initialize, open_store
    from spm_core.store.engine import normalize_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{POSTGRES_URL}{'&' if '?' in POSTGRES_URL else '?'}options=-csearch_path%3D{schema}"
    engine = open_store(url)
    initialize(engine, load_catalog())
    add_user(engine, "op-lebak", PASSWORDS["op-lebak"], "operator", kode_wilayah="36.02")
    add_user(engine, "biro", PASSWORDS["biro"], "verifikator")
    engine.dispose()
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="module")
def cluster(database_url):
    """scripts/run_cluster.sh with two workers on free ports; SIGTERM stops it afterwards."""
    if nginx_path() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but nginx is missing (.ci/run installs Debian's nginx)")
        pytest.skip("nginx not found (apt-get install nginx): cluster test skipped")
    # nginx's own worker processes (www-data when run as root) must enter the runtime folder:
    # pytest's tmp_path is private to root, so the folder is made here and opened
    runtime = Path(tempfile.mkdtemp(prefix="spm-cluster-"))
    runtime.chmod(0o755)
    ports = [_free_port(), _free_port()]
    https_port = _free_port()
    env = {
        **os.environ,
        "SPM_DATABASE_URL": database_url,
        "SPM_WORKER_PORTS": " ".join(map(str, ports)),
        "SPM_HTTPS_PORT": str(https_port),
        "SPM_LISTEN": "127.0.0.1",
        "SPM_RUNTIME_DIR": str(runtime),
        "SPM_NGINX": nginx_path(),
        "PYTHONUNBUFFERED": "1",
    }
    log = runtime / "run_cluster.out"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "run_cluster.sh")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"https://127.0.0.1:{https_port}"
    try:
        deadline = time.monotonic() + 120
        while "ready:" not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"run_cluster.sh did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        tls = ssl.create_default_context(cafile=str(runtime / "tls" / "self-signed.crt"))
        yield Cluster(url, [f"127.0.0.1:{p}" for p in ports], runtime, tls)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        leftovers = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True).stdout.split()
        if leftovers:  # the test fails below, but nothing is left running
            os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(runtime, ignore_errors=True)
    assert process.returncode == 0, log.read_text()[-3000:]
    assert leftovers == [], "processes left running after SIGTERM"


# --- routing -------------------------------------------------------------------------------------


def test_a_first_visit_gets_a_random_route_cookie_and_a_later_one_none(cluster):
    status, headers, _ = cluster.get("/")
    assert status == 200
    cookie = headers["Set-Cookie"]
    assert re.fullmatch(r"spm_route=[0-9a-f]{32}; Path=/; HttpOnly; Secure; SameSite=Lax", cookie)
    value = cookie.split(";")[0].split("=")[1]
    _, again, _ = cluster.get("/", value)
    assert not any(h.startswith("spm_route=") for h in again.get_all("Set-Cookie") or [])
    assert again["X-SPM-Worker"] == headers["X-SPM-Worker"]  # the cookie names the worker chosen first


def test_different_browsers_reach_both_workers_and_each_stays_on_one(cluster):
    cookies = [secrets.token_hex(16) for _ in range(24)]
    seen = {}
    for cookie in cookies:
        workers = {cluster.get("/_stcore/health", cookie)[1]["X-SPM-Worker"] for _ in range(3)}
        assert len(workers) == 1, f"cookie {cookie} went to {workers}"
        seen[cookie] = workers.pop()
    # 24 random cookies all on one of two workers: chance 2 × 0.5²⁴ ≈ 1 in 8 million
    assert set(seen.values()) == set(cluster.workers)


def test_the_proxy_and_every_worker_answer_the_health_check(cluster):
    assert cluster.get("/_stcore/health")[2] == b"ok"
    for worker in cluster.workers:
        with urllib.request.urlopen(f"http://{worker}/_stcore/health", timeout=5) as response:
            assert response.read() == b"ok"


def test_uploads_up_to_60_mb_pass_the_proxy_and_larger_ones_are_refused(cluster):
    config = (cluster.runtime / "nginx.conf").read_text()
    assert "client_max_body_size 60m;" in config
    # a 61 MB body is refused by nginx itself before any worker sees it
    request = urllib.request.Request(
        cluster.url + "/_stcore/upload_file/x/y", method="PUT", data=b"0" * (61 * 1024 * 1024)
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, context=cluster.tls, timeout=30)
    assert refused.value.code == 413


def test_the_websocket_runs_a_page_through_tls_on_the_routed_worker(cluster):
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    worker = cluster.workers[1]
    cookie = cluster.cookie_for(worker)
    url = cluster.url.replace("https://", "wss://") + "/_stcore/stream"
    with connect(
        url,
        ssl=cluster.tls,
        subprotocols=["streamlit"],
        open_timeout=20,
        additional_headers={"Cookie": f"spm_route={cookie}"},
    ) as websocket:
        assert websocket.response.status_code == 101
        assert websocket.response.headers["X-SPM-Worker"] == worker
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_name = ""
        websocket.send(message.SerializeToString())
        kinds = []
        deadline = time.monotonic() + 90
        while "script_finished" not in kinds:
            forward = ForwardMsg()
            forward.ParseFromString(websocket.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            kinds.append(forward.WhichOneof("type"))
            assert not (kinds[-1] == "delta" and forward.delta.new_element.WhichOneof("type") == "exception"), (
                forward.delta.new_element.exception.message
            )
    assert kinds[0] == "new_session"


def test_the_error_page_is_indonesian_and_tries_again_by_itself(cluster):
    page = (ROOT / "deploy" / "static" / "sibuk.html").read_text(encoding="utf-8")
    assert "Server sedang dimulai ulang atau sibuk" in page
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', page)
    status, headers, body = cluster.get("/_spm/sibuk.html")
    assert status == 200 and body.decode("utf-8") == page
    assert "error_page 502 503 504 /_spm/sibuk.html;" in (cluster.runtime / "nginx.conf").read_text()


def test_the_page_carries_the_indonesian_reconnect_script(cluster):
    _, _, body = cluster.get("/")
    assert b'<script src="/_spm/sambung-ulang.js"></script></head>' in body
    status, headers, script = cluster.get("/_spm/sambung-ulang.js")
    assert status == 200 and b"Menyambung ulang" in script


# --- the app in a browser, one browser per worker -----------------------------------------------


@pytest.fixture(scope="module")
def browser():
    chromium = next(
        (
            p
            for p in (os.environ.get("SPM_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"))
            if p and Path(p).exists()
        ),
        None,
    )
    if chromium is None:
        if os.environ.get("SPM_REQUIRE_BROWSER") == "1":
            pytest.fail("SPM_REQUIRE_BROWSER=1 but no chromium found (install Debian's chromium)")
        pytest.skip("no chromium found (/usr/bin/chromium): cluster browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def open_pinned(browser, cluster: Cluster, worker: str):
    """A browser context whose route cookie leads to ``worker``; returns (context, page, answered):
    ``answered`` collects the X-SPM-Worker of every response the page got through the proxy."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, ignore_https_errors=True)
    context.add_cookies(
        [
            {
                "name": "spm_route",
                "value": cluster.cookie_for(worker),
                "domain": "127.0.0.1",
                "path": "/",
                "secure": True,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    page = context.new_page()
    answered: list[tuple[str, str]] = []
    page.on("response", lambda r: answered.append((r.url, r.headers.get("x-spm-worker", ""))))
    page.goto(cluster.url + "/", wait_until="domcontentloaded")
    return context, page, answered


def wait_for_app(page) -> None:
    """Streamlit has finished running the script (as tests/browser/conftest.py)."""
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') !== 'running'
                   && !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]');
        }""",
        timeout=60_000,
    )


def log_in(page, name: str) -> None:
    from playwright.sync_api import expect

    wait_for_app(page)
    page.get_by_text("Masuk (operator, verifikator, admin)").click()
    user_field = page.get_by_label("Nama pengguna")
    expect(user_field).to_be_visible()
    user_field.fill(name)
    expect(user_field).to_have_value(name)
    password_field = page.get_by_label("Kata sandi")
    password_field.fill(PASSWORDS[name])
    expect(password_field).to_have_value(PASSWORDS[name])
    password_field.press("Enter")  # Enter submits a Streamlit form
    expect(page.get_by_role("button", name="Keluar")).to_be_visible(timeout=30_000)
    wait_for_app(page)


def go(page, title: str, heading: str | None = None) -> None:
    from playwright.sync_api import expect

    nav_link(page, title).click()
    expect(page.locator("h1", has_text=heading or title)).to_be_visible(timeout=30_000)
    wait_for_app(page)


def lebak_score(page):
    # .first: the card of the weakest kab/kota may show Lebak too
    return page.locator(".spm-card", has_text="Kabupaten Lebak").locator(".spm-card-score").first


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_an_upload_and_approval_on_one_worker_show_on_the_other(cluster, browser, tmp_path):
    from playwright.sync_api import expect

    worker_a, worker_b = cluster.workers
    context_b, page_b, answered_b = open_pinned(browser, cluster, worker_b)
    context_a, page_a, answered_a = open_pinned(browser, cluster, worker_a)
    try:
        # worker B shows (and caches) the overview before anything changes
        expect(lebak_score(page_b)).to_have_text(re.compile(r"\d{2},\d{2}"), timeout=60_000)
        before = lebak_score(page_b).inner_text()

        # through worker A: an operator uploads a file (through the proxy) and submits it ...
        log_in(page_a, "op-lebak")
        go(page_a, "Impor data")
        upload = tmp_path / "lebak_2025.csv"
        upload.write_text(HEADER + "2025,,36.02,KK-PEND-01,5000,5000,10,10\n", encoding="utf-8")
        page_a.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        expect(page_a.get_by_text("Baris berubah")).to_be_visible(timeout=60_000)
        wait_for_app(page_a)
        page_a.get_by_role("button", name="Kirim untuk persetujuan").click()
        expect(page_a.get_by_text("sudah tersimpan sebagai versi")).to_be_visible(timeout=30_000)
        # ... and a verifier approves it
        page_a.get_by_role("button", name="Keluar").click()
        expect(page_a.get_by_text("Masuk (operator, verifikator, admin)")).to_be_visible(timeout=30_000)
        log_in(page_a, "biro")
        go(page_a, "Persetujuan", "Persetujuan kiriman data")
        page_a.get_by_role("button", name="Setujui").click()
        expect(page_a.get_by_text("disetujui dan kini dihitung")).to_be_visible(timeout=30_000)
        screenshot(page_a, "cluster_persetujuan_worker_a")

        # worker B's next run of the same session shows the new score
        go(page_b, "Peringkat")
        go(page_b, "Ringkasan", "Capaian SPM")
        expect(lebak_score(page_b)).not_to_have_text(before, timeout=30_000)
        after = lebak_score(page_b).inner_text()
        screenshot(page_b, "cluster_ringkasan_worker_b")
        as_number = lambda text: float(text.replace(".", "").replace(",", "."))  # noqa: E731
        assert as_number(after) > as_number(before)

        # every response of each browser (page, scripts, upload) came from its own worker
        proxied = lambda answered: {w for url, w in answered if url.startswith(cluster.url) and w}  # noqa: E731
        assert proxied(answered_a) == {worker_a}
        assert proxied(answered_b) == {worker_b}
        assert any("/_stcore/upload_file/" in url for url, _ in answered_a)
    finally:
        context_a.close()
        context_b.close()


def session_cookie(context) -> dict:
    return next(c for c in context.cookies() if c["name"] == "spm_sesi")


def test_a_login_through_one_worker_is_honoured_by_the_other(cluster, browser):
    from playwright.sync_api import expect

    worker_a, worker_b = cluster.workers
    context_a, page_a, answered_a = open_pinned(browser, cluster, worker_a)
    context_b, page_b, answered_b = open_pinned(browser, cluster, worker_b)
    try:
        log_in(page_a, "biro")  # POST /masuk through the proxy, to worker A
        assert {w for u, w in answered_a if u.endswith("/masuk")} == {worker_a}
        cookie = session_cookie(context_a)
        assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"
        page_a.reload()  # a reload keeps the login
        wait_for_app(page_a)
        expect(page_a.get_by_role("button", name="Keluar")).to_be_visible(timeout=30_000)

        # the same browser's session cookie, sent to worker B: worker B finds the session in the database
        context_b.add_cookies([{**cookie, "domain": "127.0.0.1"}])
        answered_b.clear()
        page_b.reload()
        wait_for_app(page_b)
        expect(page_b.get_by_text("biro · Verifikator (Biro)")).to_be_visible(timeout=30_000)
        assert {w for _, w in answered_b if w} == {worker_b}
        screenshot(page_b, "cluster_masuk_di_worker_b")

        # logging out on worker A ends the session on worker B too
        page_a.get_by_role("button", name="Keluar").click()
        expect(page_a.get_by_text("Masuk (operator, verifikator, admin)")).to_be_visible(timeout=30_000)
        page_b.reload()
        wait_for_app(page_b)
        expect(page_b.get_by_text("Masuk (operator, verifikator, admin)")).to_be_visible(timeout=30_000)
        expect(page_b.get_by_role("button", name="Keluar")).to_have_count(0)
    finally:
        context_a.close()
        context_b.close()


def test_a_login_survives_a_restart_of_its_worker(cluster, browser):
    from playwright.sync_api import expect

    worker = cluster.workers[0]
    context, page, _ = open_pinned(browser, cluster, worker)
    try:
        log_in(page, "op-lebak")
        pid = int((cluster.runtime / f"worker-{worker.split(':')[1]}.pid").read_text())
        os.kill(pid, signal.SIGKILL)  # run_cluster.sh starts it again; the tab reconnects by itself
        status = page.locator('[data-testid="stConnectionStatus"]')
        expect(status).to_contain_text("Menyambung ulang", timeout=20_000)
        expect(status).to_be_hidden(timeout=60_000)
        expect(page.get_by_text("op-lebak · Operator")).to_be_visible(timeout=60_000)
    finally:
        context.close()


def test_a_restarting_worker_shows_an_indonesian_message_and_the_page_comes_back(cluster, browser):
    from playwright.sync_api import expect

    worker = cluster.workers[1]
    context, page, _ = open_pinned(browser, cluster, worker)
    try:
        expect(lebak_score(page)).to_be_visible(timeout=60_000)
        pid = int((cluster.runtime / f"worker-{worker.split(':')[1]}.pid").read_text())
        os.kill(pid, signal.SIGKILL)  # run_cluster.sh starts it again
        status = page.locator('[data-testid="stConnectionStatus"]')
        expect(status).to_contain_text("Menyambung ulang", timeout=20_000)
        screenshot(page, "cluster_menyambung_ulang")
        expect(status).to_be_hidden(timeout=60_000)
        expect(lebak_score(page)).to_be_visible(timeout=60_000)
    finally:
        context.close()
