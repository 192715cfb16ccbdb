"""Who is using the app: the optional viewer password, the login of operators, verifiers and
admins, and the "as of" version chooser. Permission decisions come from spm_core.auth."""

from __future__ import annotations

import os
import secrets

import streamlit as st
from sqlalchemy import Engine

from spm_core.auth import ROLE_LABELS, AuthError, User, change_password, check_viewer_password, login
from spm_core.store.versions import AccountRefused
from spm_core.store.context import VIEWER_PASSWORD_SETTING
from spm_core.store.versions import KIND_LABELS, STATUS_APPROVED
from ui.state import current_context, get_engine, read_store

USER_KEY = "_pengguna"
VIEWER_KEY = "_penonton_ok"
CLIENT_KEY = "_klien"
ROUTE_COOKIE = "spm_route"  # the random per-browser cookie nginx sets (deploy/nginx.conf.template)
__all__ = ["VIEWER_PASSWORD_SETTING", "client_id", "current_user", "refused", "sidebar_login", "version_chooser",
           "viewer_gate"]


def current_user() -> User | None:
    return st.session_state.get(USER_KEY)


def client_id() -> str:
    """Who is trying to log in, for counting failures: the browser's random ``spm_route`` cookie
    (else a random value of this session) and its address. The forwarded address
    (X-Forwarded-For, X-Real-IP) is trusted only when the request came from ``SPM_TRUSTED_PROXY``;
    otherwise the connection's own address counts."""
    browser = st.context.cookies.get(ROUTE_COOKIE) or st.session_state.setdefault(CLIENT_KEY, secrets.token_hex(16))
    address = st.context.ip_address or ""
    trusted = [a.strip() for a in os.environ.get("SPM_TRUSTED_PROXY", "").split(",") if a.strip()]
    if address in trusted:
        headers = st.context.headers
        forwarded = headers.get("X-Real-IP") or (headers.get("X-Forwarded-For") or "").split(",")[-1].strip()
        address = forwarded or address
    return f"{browser[:64]}|{address}"


def refused(exc: Exception) -> None:
    """Show why a store action was refused (as plain text); when the session's account may no
    longer act (deactivated, changed, password reset), the session is logged out."""
    st.error(str(exc), icon=":material/block:")
    if isinstance(exc, AccountRefused) and "Ganti kata sandi" not in str(exc):
        st.session_state.pop(USER_KEY, None)


def viewer_gate() -> bool:
    """True when the dashboard may be shown: no viewer password is set, or it was given, or an
    editor is logged in."""
    password_hash = current_context().viewer_password_hash
    if not password_hash or st.session_state.get(VIEWER_KEY) or current_user():
        return True
    st.title("SPM Banten")
    with st.form("sandi_penonton"):
        password = st.text_input("Kata sandi untuk melihat dasbor", type="password")
        if st.form_submit_button("Masuk"):
            try:
                right = check_viewer_password(get_engine(), password_hash, password, client_id())
            except AuthError as exc:
                st.error(str(exc))
                return False
            if right:
                st.session_state[VIEWER_KEY] = True
                st.rerun()
            st.error("Kata sandi salah.")
    return False


def sidebar_login(engine: Engine, catalog) -> User | None:
    """Login form (or the logged-in user and a logout button) at the bottom of the sidebar."""
    user = current_user()
    with st.sidebar:
        if user:
            st.text(f"{user.nama} · {ROLE_LABELS[user.peran]}\n{user.scope_text(catalog)}")
            if st.button("Keluar", key="keluar"):
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
                            st.session_state[USER_KEY] = change_password(engine, user, old, new)
                            st.rerun()
                        except AuthError as exc:
                            st.error(str(exc))
            return user
        with st.expander("Masuk (operator, verifikator, admin)"):
            with st.form("masuk", clear_on_submit=False):
                name = st.text_input("Nama pengguna")
                password = st.text_input("Kata sandi", type="password")
                if st.form_submit_button("Masuk"):
                    try:
                        st.session_state[USER_KEY] = login(engine, name, password, client=client_id())
                        st.rerun()
                    except AuthError as exc:
                        st.error(str(exc))
    return None


def version_chooser(container) -> None:
    """Sidebar choice of the data version to show ("as of"); the newest by default."""
    table = read_store("history")
    approved = table[table["status"] == STATUS_APPROVED]
    if len(approved) < 2:
        return
    labels = {0: "Terbaru"}
    for row in approved.itertuples(index=False):
        labels[int(row.id)] = (f"v{row.id} · {row.dibuat_pada:%d-%m-%Y} · "
                               f"{KIND_LABELS.get(row.jenis, row.jenis)}")
    with container:
        st.selectbox("Data per versi", list(labels), format_func=labels.get, key="versi",
                     bind="query-params", help="Tampilkan data seperti pada versi tertentu (riwayat impor)")
