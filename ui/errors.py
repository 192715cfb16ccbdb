"""An error on a page reaches the browser as a short Indonesian message with a reference; the
traceback goes to the server's log only (``client.showErrorDetails`` is "none" as well, for
anything outside a page)."""

from __future__ import annotations

import logging
import secrets

import streamlit as st

LOG = logging.getLogger("spm.halaman")
ERROR_MESSAGE = (
    "Maaf, terjadi kesalahan saat menampilkan halaman ini. Muat ulang halaman; bila berulang, "
    "sampaikan kode {ref} kepada admin."
)


def run_page(run) -> None:
    """``run()`` (a page); an exception is logged with its traceback and shown as ERROR_MESSAGE.
    Streamlit's own st.stop / st.rerun / page switches (BaseException, not Exception) pass."""
    try:
        run()
    except Exception:  # every page error ends here
        ref = secrets.token_hex(4)
        LOG.exception("Galat halaman (kode %s)", ref)
        st.error(ERROR_MESSAGE.format(ref=ref), icon=":material/error:")
