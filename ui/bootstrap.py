"""Make every page run through app.py, even when a deep link is the first request a fresh server
gets.

Streamlit treats a folder named ``pages/`` as an old-style (v1) multipage app until ``app.py``
has called ``st.navigation`` once in the process; until then a link such as ``/peta`` runs the
page file alone, without the shared filters, login and data notice, and even ``app.py`` itself
runs inside that old-style wrapper on the server's first request, so widgets made then (the
login form) belong to a page that the next run no longer knows. ``app.py`` and every page call
``ensure_app_entrypoint()`` first: it switches Streamlit to ``st.navigation`` mode and reruns,
so the request goes through ``app.py`` and lands on the page it asked for.
"""

from __future__ import annotations

import streamlit as st
from streamlit import config
from streamlit.runtime.pages_manager import PagesManager


def ensure_app_entrypoint() -> None:
    # AppTest resets the flag before each of its runs and drives page scripts itself; a rerun
    # there would only drop the widget action under test. The browser tests cover a real server.
    if config.get_option("global.appTest"):  # (AppTest patches the config module's function)
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
