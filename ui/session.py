"""Who is using the app: the optional viewer password, the login of operators, verifiers and
admins, and the "as of" version chooser. Permission decisions come from spm_core.auth."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from spm_core.auth import ROLE_LABELS, AuthError, User, check_password, login
from spm_core.store.context import VIEWER_PASSWORD_SETTING
from spm_core.store.versions import KIND_LABELS, STATUS_APPROVED
from ui.state import current_context, read_store

USER_KEY = "_pengguna"
VIEWER_KEY = "_penonton_ok"
__all__ = ["VIEWER_PASSWORD_SETTING", "current_user", "sidebar_login", "version_chooser", "viewer_gate"]


def current_user() -> User | None:
    return st.session_state.get(USER_KEY)


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
            if check_password(password_hash, password):
                st.session_state[VIEWER_KEY] = True
                st.rerun()
            st.error("Kata sandi salah.")
    return False


def sidebar_login(engine: Engine, catalog) -> User | None:
    """Login form (or the logged-in user and a logout button) at the bottom of the sidebar."""
    user = current_user()
    with st.sidebar:
        if user:
            st.markdown(f"**{user.nama}** · {ROLE_LABELS[user.peran]}  \n{user.scope_text(catalog)}")
            if st.button("Keluar", key="keluar"):
                del st.session_state[USER_KEY]
                st.rerun()
            return user
        with st.expander("Masuk (operator, verifikator, admin)"):
            with st.form("masuk", clear_on_submit=False):
                name = st.text_input("Nama pengguna")
                password = st.text_input("Kata sandi", type="password")
                if st.form_submit_button("Masuk"):
                    try:
                        st.session_state[USER_KEY] = login(engine, name, password)
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
