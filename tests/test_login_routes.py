"""POST /masuk and POST /keluar (ui/routes.py), the two routes app.py serves beside Streamlit:
the login sets a signed, HTTP-only session cookie and goes back to the page; a refused login goes
back with a message parameter and no cookie; a post from another site is refused; logout ends
every session of the account and clears the cookie. Driven through ASGI directly (no server)."""

import asyncio
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from starlette.applications import Starlette

import ui.routes
from spm_core.auth import add_user
from spm_core.store.sessions import session_account

PASSWORD = "sandi-verifikator-biro"


def post(
    path: str,
    form: dict,
    headers: dict | None = None,
    cookies: dict | None = None,
    client: str = "203.0.113.7",
    scheme: str = "http",
):
    """(status, headers as a list of (name, value)) of one POST to the routes."""
    app = Starlette(routes=ui.routes.ROUTES)
    body = urlencode(form).encode()
    raw = {
        "host": "spm.example",
        "content-type": "application/x-www-form-urlencoded",
        "content-length": str(len(body)),
        **(headers or {}),
    }
    if cookies:
        raw["cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": scheme,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in raw.items()],
        "client": (client, 50000),
        "server": ("spm.example", 443 if scheme == "https" else 80),
    }
    sent, messages = [], [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], [(k.decode(), v.decode()) for k, v in start["headers"]]


def header(headers, name):
    return [v for k, v in headers if k == name]


def session_cookie(headers):
    for value in header(headers, "set-cookie"):
        cookie = SimpleCookie(value)
        if "spm_sesi" in cookie:
            return cookie["spm_sesi"]
    return None


@pytest.fixture
def routes_store(store, monkeypatch):
    add_user(store, "biro", PASSWORD, "verifikator")
    monkeypatch.setattr(ui.routes, "_engine", lambda: store)
    monkeypatch.delenv("SPM_TRUSTED_PROXY", raising=False)
    return store


def test_a_login_sets_a_signed_http_only_cookie_and_goes_back_to_the_page(routes_store):
    status, headers = post(
        "/masuk",
        {"nama": "biro", "sandi": PASSWORD},
        {"referer": "http://spm.example/peta?tahun=2023", "origin": "http://spm.example"},
    )
    assert status == 303
    assert header(headers, "location") == ["/peta?tahun=2023"]
    cookie = session_cookie(headers)
    assert cookie["httponly"] and cookie["samesite"].lower() == "lax" and cookie["path"] == "/"
    assert cookie["max-age"] == "36000"  # 10 hours
    assert not cookie["secure"]  # plain http (a local run); over https it is Secure
    with routes_store.connect() as connection:
        assert session_account(connection, cookie.value).nama == "biro"


def test_over_https_behind_the_trusted_proxy_the_cookie_is_secure(routes_store, monkeypatch):
    monkeypatch.setenv("SPM_TRUSTED_PROXY", "127.0.0.1")
    _, headers = post("/masuk", {"nama": "biro", "sandi": PASSWORD}, {"x-forwarded-proto": "https"}, client="127.0.0.1")
    assert session_cookie(headers)["secure"]


def test_a_wrong_password_goes_back_with_a_message_and_no_cookie(routes_store):
    status, headers = post(
        "/masuk",
        {"nama": "biro", "sandi": "bukan-sandinya-1"},
        {"referer": "http://spm.example/tren?tahun=2024&masuk=gagal"},
    )
    assert status == 303
    assert header(headers, "location") == ["/tren?tahun=2024&masuk=gagal"]  # the old message replaced
    assert session_cookie(headers) is None


def test_a_locked_out_client_is_told_how_long_to_wait(routes_store):
    for _ in range(3):  # FREE_ATTEMPTS wrong passwords from one client lock it out for 5 s
        post("/masuk", {"nama": "biro", "sandi": "bukan-sandinya-1"}, cookies={"spm_route": "a" * 32})
    _, headers = post("/masuk", {"nama": "biro", "sandi": PASSWORD}, cookies={"spm_route": "a" * 32})
    assert header(headers, "location")[0].startswith("/?masuk=ditahan&tunggu=")
    assert session_cookie(headers) is None
    # another browser at another address is not locked out
    _, headers = post(
        "/masuk", {"nama": "biro", "sandi": PASSWORD}, cookies={"spm_route": "b" * 32}, client="198.51.100.4"
    )
    assert session_cookie(headers) is not None


def test_a_post_from_another_site_is_refused(routes_store):
    status, headers = post("/masuk", {"nama": "biro", "sandi": PASSWORD}, {"origin": "https://jahat.example"})
    assert status == 403 and session_cookie(headers) is None
    status, _ = post("/masuk", {"nama": "biro", "sandi": PASSWORD}, {"sec-fetch-site": "cross-site"})
    assert status == 403


def test_the_page_to_go_back_to_is_on_this_site_only(routes_store):
    _, headers = post("/masuk", {"nama": "biro", "sandi": PASSWORD}, {"referer": "https://jahat.example/x"})
    assert header(headers, "location") == ["/"]


def test_logout_ends_every_session_of_the_account_and_clears_the_cookie(routes_store):
    first = session_cookie(post("/masuk", {"nama": "biro", "sandi": PASSWORD})[1]).value
    second = session_cookie(post("/masuk", {"nama": "biro", "sandi": PASSWORD})[1]).value
    status, headers = post("/keluar", {}, {"referer": "http://spm.example/riwayat"}, cookies={"spm_sesi": first})
    assert status == 303 and header(headers, "location") == ["/riwayat"]
    cleared = session_cookie(headers)
    assert cleared.value == "" and cleared["max-age"] == "0"
    with routes_store.connect() as connection:
        assert session_account(connection, first) is None
        assert session_account(connection, second) is None


# --- POST /lihat: the viewer password ------------------------------------------------------------------

VIEWER_PASSWORD = "sandi-penonton-rapat-2025"


def viewer_cookie(headers):
    for value in header(headers, "set-cookie"):
        cookie = SimpleCookie(value)
        if "spm_penonton" in cookie:
            return cookie["spm_penonton"]
    return None


@pytest.fixture
def viewer_store(routes_store):
    from spm_core.auth import hash_password
    from spm_core.store.context import VIEWER_PASSWORD_SETTING
    from spm_core.store.versions import set_setting

    admin = add_user(routes_store, "admin", PASSWORD, "admin")
    password_hash = hash_password(VIEWER_PASSWORD)
    set_setting(routes_store, VIEWER_PASSWORD_SETTING, password_hash, admin)
    return routes_store, password_hash


def test_the_viewer_password_gives_an_http_only_pass_that_lasts_ten_hours(viewer_store):
    from spm_core.store.sessions import viewer_pass_expiry

    store, password_hash = viewer_store
    status, headers = post("/lihat", {"sandi": VIEWER_PASSWORD}, {"referer": "http://spm.example/peta?tahun=2024"})
    assert status == 303 and header(headers, "location") == ["/peta?tahun=2024"]
    cookie = viewer_cookie(headers)
    assert cookie["httponly"] and cookie["samesite"].lower() == "lax" and cookie["path"] == "/"
    assert cookie["max-age"] == "36000"  # 10 hours
    assert VIEWER_PASSWORD not in cookie.value and password_hash not in cookie.value
    with store.connect() as connection:
        assert viewer_pass_expiry(connection, cookie.value, password_hash) is not None
    assert session_cookie(headers) is None  # a viewer is not logged in as anybody


def test_a_wrong_viewer_password_goes_back_with_a_message_and_no_pass(viewer_store):
    status, headers = post("/lihat", {"sandi": "bukan-sandinya-1"}, {"referer": "http://spm.example/"})
    assert status == 303 and header(headers, "location") == ["/?lihat=gagal"]
    assert viewer_cookie(headers) is None


def test_the_viewer_password_has_the_login_attempt_limit(viewer_store):
    for _ in range(3):  # FREE_ATTEMPTS wrong ones from one client lock it out
        post("/lihat", {"sandi": "bukan-sandinya-1"}, cookies={"spm_route": "c" * 32})
    _, headers = post("/lihat", {"sandi": VIEWER_PASSWORD}, cookies={"spm_route": "c" * 32})
    assert header(headers, "location")[0].startswith("/?lihat=ditahan&tunggu=")
    assert viewer_cookie(headers) is None


def test_a_viewer_password_post_from_another_site_is_refused(viewer_store):
    status, headers = post("/lihat", {"sandi": VIEWER_PASSWORD}, {"origin": "https://jahat.example"})
    assert status == 403 and viewer_cookie(headers) is None


def test_without_a_viewer_password_set_no_pass_is_given(routes_store):
    status, headers = post("/lihat", {"sandi": "apa-saja-panjang-1"})
    assert status == 303 and viewer_cookie(headers) is None
