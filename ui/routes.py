"""The web routes a Streamlit page cannot be: ``POST /masuk`` (log in: set the session cookie),
``POST /keluar`` (log out everywhere: clear it) and ``POST /lihat`` (the viewer password: set
the viewer's pass, ``spm_core.store.sessions.viewer_pass``). A page run cannot set a response header, so
``app.py`` serves itself as an ``st.App`` with these routes (``streamlit run app.py`` finds it).

The sidebar's login form is a plain HTML form that posts here. The password is checked with
``spm_core.auth.login`` (counted per account and client, as before); on success a session is
stored (``spm_core.store.sessions``) and the browser gets the signed, HTTP-only cookie
``spm_sesi`` (SameSite=Lax, Secure over https), then goes back to the page it came from. A
refused login goes back with ``?masuk=gagal`` (or ``ditahan`` with the seconds to wait): no
secret ever travels in a URL."""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route

from spm_core.auth import AuthError, check_viewer_password, login
from spm_core.store.sessions import (
    SESSION_COOKIE,
    SESSION_LIFETIME,
    VIEWER_COOKIE,
    VIEWER_LIFETIME,
    end_sessions_of_cookie,
    start_session,
    viewer_pass,
)

ROUTE_COOKIE = "spm_route"  # the random per-browser cookie nginx sets (deploy/nginx.conf.template)
LOGIN_PATH, LOGOUT_PATH, VIEWER_PATH = "/masuk", "/keluar", "/lihat"
MESSAGE_PARAMS = ("masuk", "tunggu", "lihat")  # what a refused login or viewer password adds to the page's URL


def trusted_proxies() -> list[str]:
    return [a.strip() for a in os.environ.get("SPM_TRUSTED_PROXY", "").split(",") if a.strip()]


def client_address(peer: str, headers) -> str:
    """The client's address: the connection's own, or the forwarded one when the connection comes
    from ``SPM_TRUSTED_PROXY``."""
    if peer in trusted_proxies():
        forwarded = headers.get("X-Real-IP") or (headers.get("X-Forwarded-For") or "").split(",")[-1].strip()
        return forwarded or peer
    return peer


def login_client(browser: str | None, peer: str, headers) -> str:
    """Who is trying to log in, for counting failures: the browser's random ``spm_route`` cookie
    (behind nginx) and the client's address."""
    return f"{(browser or '-')[:64]}|{client_address(peer, headers)}"


def _same_origin(request: Request) -> bool:
    """A form post from one of our own pages (no other site may log a browser in or out)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).hostname == request.url.hostname


def _back(request: Request, **message: str) -> str:
    """The page the form was posted from (path and query of the Referer, on this site only), with
    the login message parameters replaced."""
    path, query = "/", []
    referer = urlsplit(request.headers.get("referer", ""))
    if (
        referer.hostname == request.url.hostname
        and re.fullmatch(r"/[^\\]*", referer.path or "")
        and not referer.path.startswith("//")
    ):
        path = referer.path
        query = [(k, v) for k, v in parse_qsl(referer.query, keep_blank_values=True) if k not in MESSAGE_PARAMS]
    query += list(message.items())
    return path + (f"?{urlencode(query)}" if query else "")


def _secure(request: Request) -> bool:
    peer = request.client.host if request.client else ""
    forwarded_https = peer in trusted_proxies() and request.headers.get("x-forwarded-proto") == "https"
    return request.url.scheme == "https" or forwarded_https


def _engine():
    from ui.state import get_engine  # the page's engine (one pool per process)

    return get_engine()


async def log_in(request: Request):
    if not _same_origin(request):
        return PlainTextResponse("Permintaan ditolak.", status_code=403)
    form = await request.form()
    name, password = str(form.get("nama", ""))[:200], str(form.get("sandi", ""))[:1000]
    peer = request.client.host if request.client else ""
    client = login_client(request.cookies.get(ROUTE_COOKIE), peer, request.headers)
    engine = _engine()
    try:
        user = await run_in_threadpool(login, engine, name, password, client=client)
    except AuthError as exc:
        wait = re.search(r"(\d+) detik", str(exc))
        message = {"masuk": "ditahan", "tunggu": wait.group(1)} if wait else {"masuk": "gagal"}
        return RedirectResponse(_back(request, **message), status_code=303)
    cookie = await run_in_threadpool(start_session, engine, user.nama, user.masuk_pada)
    response = RedirectResponse(_back(request), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return response


async def log_out(request: Request):
    if not _same_origin(request):
        return PlainTextResponse("Permintaan ditolak.", status_code=403)
    await run_in_threadpool(end_sessions_of_cookie, _engine(), request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse(_back(request), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


def _viewer_pass_for(engine, password: str, client: str) -> str | None:
    """The viewer's pass when ``password`` is the viewer password (None: wrong, or none is set);
    AuthError while the client is locked out."""
    from sqlalchemy import select

    from spm_core.store.context import VIEWER_PASSWORD_SETTING
    from spm_core.store.schema import settings

    with engine.connect() as connection:
        password_hash = connection.execute(
            select(settings.c.nilai).where(settings.c.kunci == VIEWER_PASSWORD_SETTING)
        ).scalar()
    if not password_hash or not check_viewer_password(engine, password_hash, password, client):
        return None
    with engine.connect() as connection:
        return viewer_pass(connection, password_hash)


async def give_viewer_pass(request: Request):
    if not _same_origin(request):
        return PlainTextResponse("Permintaan ditolak.", status_code=403)
    form = await request.form()
    password = str(form.get("sandi", ""))[:1000]
    peer = request.client.host if request.client else ""
    client = login_client(request.cookies.get(ROUTE_COOKIE), peer, request.headers)
    try:
        cookie = await run_in_threadpool(_viewer_pass_for, _engine(), password, client)
    except AuthError as exc:
        wait = re.search(r"(\d+) detik", str(exc))
        return RedirectResponse(_back(request, lihat="ditahan", tunggu=wait.group(1) if wait else ""), status_code=303)
    if cookie is None:
        return RedirectResponse(_back(request, lihat="gagal"), status_code=303)
    response = RedirectResponse(_back(request), status_code=303)
    response.set_cookie(
        VIEWER_COOKIE,
        cookie,
        max_age=int(VIEWER_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return response


ROUTES = [
    Route(LOGIN_PATH, log_in, methods=["POST"]),
    Route(LOGOUT_PATH, log_out, methods=["POST"]),
    Route(VIEWER_PATH, give_viewer_pass, methods=["POST"]),
]
