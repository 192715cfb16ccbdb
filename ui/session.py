"""Who is using the app: the optional viewer password, the login of operators, verifiers and
admins, and the "as of" version chooser. Permission decisions come from spm_core.auth."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import streamlit as st
from sqlalchemy import Engine

from spm_core.auth import ROLE_LABELS, AuthError, User, change_password
from spm_core.store.context import VIEWER_PASSWORD_SETTING
from spm_core.store.sessions import (
    SESSION_COOKIE,
    VIEWER_COOKIE,
    session_account,
    touch_session,
    viewer_pass_expiry,
)
from spm_core.store.versions import AccountRefused
from ui.routes import LOGIN_PATH, LOGOUT_PATH, MESSAGE_PARAMS, ROUTE_COOKIE, VIEWER_PATH, login_client
from ui.state import current_context, get_engine
from ui.views import version_choices

USER_KEY = "_pengguna"
VIEWER_KEY = "_penonton_ok"  # (viewer password hash, pass expiry) this browser session was let in by
DEAD_VIEWER_KEY = "_penonton_mati"  # a viewer pass cookie found invalid (not checked again)
CLIENT_KEY = "_klien"
SESSION_HASH_KEY = "_sesi"  # the token hash of the stored session this browser session is logged in by
DEAD_COOKIE_KEY = "_sesi_mati"  # a session cookie found expired or ended (not looked up again)
__all__ = [
    "VIEWER_PASSWORD_SETTING",
    "client_id",
    "current_user",
    "refused",
    "sidebar_login",
    "version_chooser",
    "viewer_gate",
]


def current_user() -> User | None:
    return st.session_state.get(USER_KEY)


def client_id() -> str:
    """Who is trying to log in, for counting failures: the browser's random ``spm_route`` cookie
    (else a random value of this session) and its address. The forwarded address
    (X-Forwarded-For, X-Real-IP) is trusted only when the request came from ``SPM_TRUSTED_PROXY``;
    otherwise the connection's own address counts."""
    browser = st.context.cookies.get(ROUTE_COOKIE) or st.session_state.setdefault(CLIENT_KEY, secrets.token_hex(16))
    return login_client(browser, st.context.ip_address or "", st.context.headers)


def session_cookie() -> str | None:
    """The browser's session cookie (``spm_sesi``, set by ``POST /masuk``), as sent when the tab opened."""
    return st.context.cookies.get(SESSION_COOKIE)


def resume_session(engine: Engine) -> None:
    """Log this run in by the browser's session cookie: one SELECT when the cookie is there (none
    without it). The account's role and scope are read anew each run, so a logout elsewhere, a
    deactivation or a password change ends the login at the next run. The session's last use is
    written at most every few minutes."""
    cookie = session_cookie()
    if not cookie or st.session_state.get(DEAD_COOKIE_KEY) == cookie:
        return
    with engine.connect() as connection:
        found = session_account(connection, cookie)
    if found is None:
        st.session_state[DEAD_COOKIE_KEY] = cookie
        if st.session_state.pop(SESSION_HASH_KEY, None):
            st.session_state.pop(USER_KEY, None)
            st.toast("Sesi Anda berakhir. Silakan masuk lagi.", icon=":material/logout:")
        return
    if found.needs_touch:
        touch_session(engine, found.token_hash)
    st.session_state[USER_KEY] = User(
        found.nama,
        found.peran,
        found.kode_wilayah,
        found.kode_bidang,
        masuk_pada=found.masuk_pada,
        wajib_ganti_sandi=found.wajib_ganti_sandi,
    )
    st.session_state[SESSION_HASH_KEY] = found.token_hash


FORM_STYLE = """<style>
.spm-masuk { display: flex; flex-direction: column; gap: .35rem; }
.spm-masuk label { font-size: .875rem; }
.spm-masuk input { font: inherit; padding: .45rem .6rem; border: 1px solid rgba(49, 51, 63, .25);
  border-radius: .5rem; background: var(--background-color, #fff); color: inherit; }
.spm-masuk button, .spm-keluar button { font: inherit; margin-top: .4rem; padding: .35rem .9rem;
  border: 1px solid rgba(49, 51, 63, .25); border-radius: .5rem; background: #fff; color: inherit;
  cursor: pointer; align-self: flex-start; }
.spm-masuk button:hover, .spm-keluar button:hover { border-color: #ff4b4b; color: #ff4b4b; }
</style>"""

LOGIN_FORM = (
    FORM_STYLE
    + f"""<form class="spm-masuk" method="post" action="{LOGIN_PATH}">
<label for="spm-nama">Nama pengguna</label>
<input id="spm-nama" name="nama" autocomplete="username" required maxlength="80">
<label for="spm-sandi">Kata sandi</label>
<input id="spm-sandi" name="sandi" type="password" autocomplete="current-password" required>
<button type="submit">Masuk</button>
</form>"""
)

LOGOUT_FORM = (
    FORM_STYLE
    + f"""<form class="spm-keluar" method="post" action="{LOGOUT_PATH}">
<button type="submit" title="Keluar di semua perangkat dan tab">Keluar</button>
</form>"""
)


def _refusal_message(param: str, wrong: str) -> str | None:
    """Why the last form post was refused (the route came back with ``?<param>=...``: "gagal" →
    ``wrong``, "ditahan" → the wait); the message parameters are taken out of the URL."""
    outcome, wait = st.query_params.get(param), st.query_params.get("tunggu")
    for name in MESSAGE_PARAMS:
        if name in st.query_params:
            del st.query_params[name]
    if outcome == "ditahan":
        seconds = wait if (wait or "").isdigit() else "beberapa"
        return f"Terlalu banyak percobaan yang salah. Coba lagi dalam {seconds} detik."
    if outcome == "gagal":
        return wrong
    return None


def _login_message() -> str | None:
    """Why the last login was refused (``POST /masuk`` came back with ``?masuk=...``)."""
    return _refusal_message("masuk", "Nama pengguna atau kata sandi salah.")


def refused(exc: Exception) -> None:
    """Show why a store action was refused (as plain text); when the session's account may no
    longer act (deactivated, changed, password reset), the session is logged out."""
    st.error(str(exc), icon=":material/block:")
    if isinstance(exc, AccountRefused) and "Ganti kata sandi" not in str(exc):
        st.session_state.pop(USER_KEY, None)


VIEWER_FORM = (
    FORM_STYLE
    + f"""<form class="spm-masuk" method="post" action="{VIEWER_PATH}">
<label for="spm-sandi-penonton">Kata sandi untuk melihat dasbor</label>
<input id="spm-sandi-penonton" name="sandi" type="password" autocomplete="current-password" required>
<button type="submit">Lihat dasbor</button>
</form>"""
)


def _viewer_message() -> str | None:
    """Why the viewer password was refused (``POST /lihat`` came back with ``?lihat=...``)."""
    return _refusal_message("lihat", "Kata sandi salah.")


def viewer_gate() -> bool:
    """True when the dashboard may be shown: no viewer password is set, or this browser holds a
    valid pass for it (cookie ``spm_penonton``, set by ``POST /lihat``: it lasts across reloads,
    tabs and workers; a new viewer password ends it), or an editor is logged in. The pass is
    checked once per browser session (one query), then until it ends."""
    password_hash = current_context().viewer_password_hash
    if not password_hash or current_user():
        return True
    let_in = st.session_state.get(VIEWER_KEY)
    if let_in and let_in[0] == password_hash and datetime.now(UTC) < let_in[1]:
        return True
    cookie = st.context.cookies.get(VIEWER_COOKIE)
    if cookie and st.session_state.get(DEAD_VIEWER_KEY) != cookie:
        with get_engine().connect() as connection:
            ends = viewer_pass_expiry(connection, cookie, password_hash)
        if ends is not None:
            st.session_state[VIEWER_KEY] = (password_hash, ends)
            return True
        st.session_state[DEAD_VIEWER_KEY] = cookie
    st.title("SPM Banten")
    message = _viewer_message()
    if message:
        st.error(message)
    st.html(VIEWER_FORM)  # a plain form: POST /lihat checks the password and sets the pass cookie
    return False


def sidebar_login(engine: Engine, catalog) -> User | None:
    """Login form (or the logged-in user and a logout button) at the bottom of the sidebar. The user
    was found by ``resume_session`` (the browser's login cookie) earlier in the run."""
    user = current_user()
    with st.sidebar:
        if user:
            st.text(f"{user.nama} · {ROLE_LABELS[user.peran]}\n{user.scope_text(catalog)}")
            if st.session_state.get(SESSION_HASH_KEY):
                st.html(LOGOUT_FORM)  # POST /keluar: every session of the account ends, the cookie goes
            elif st.button("Keluar", key="keluar"):  # logged in without a cookie (tests)
                del st.session_state[USER_KEY]
                st.rerun()
            with st.expander("Ganti kata sandi", expanded=user.wajib_ganti_sandi):
                if user.wajib_ganti_sandi:
                    st.warning("Kata sandi Anda diatur ulang oleh admin: pilih kata sandi baru sebelum melanjutkan.")
                with st.form("ganti_sandi", clear_on_submit=True):
                    old = st.text_input("Kata sandi sekarang", type="password")
                    new = st.text_input("Kata sandi baru (minimal 10 karakter)", type="password")
                    again = st.text_input("Ulangi kata sandi baru", type="password")
                    if st.form_submit_button("Simpan kata sandi"):
                        try:
                            if new != again:
                                raise AuthError("Kedua kata sandi baru tidak sama.")
                            session = st.session_state.get(SESSION_HASH_KEY)  # this browser stays logged in
                            st.session_state[USER_KEY] = change_password(engine, user, old, new, session=session)
                            st.rerun()
                        except AuthError as exc:
                            st.error(str(exc))
            return user
        message = _login_message()
        with st.expander("Masuk (operator, verifikator, admin)", expanded=message is not None):
            if message:
                st.error(message)
            st.html(LOGIN_FORM)  # a plain form: POST /masuk sets the session cookie (ui/routes.py)
    return None


def version_chooser(container) -> None:
    """Sidebar choice of the data version to show ("as of"); the newest by default."""
    labels = version_choices()
    if not labels:
        return
    with container:
        st.selectbox(
            "Data per versi",
            list(labels),
            format_func=labels.get,
            key="versi",
            bind="query-params",
            help="Tampilkan data seperti pada versi tertentu (riwayat impor)",
        )
