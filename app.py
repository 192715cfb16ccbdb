"""SPM Banten dashboard — the front door: page list, theme, shared filters, login. No calculations
here."""

from __future__ import annotations

import streamlit as st

from ui.bootstrap import ensure_app_entrypoint
from ui.components import (
    APP_NAME_HTML,
    PRINT_KEY,
    PRINT_TOGGLE_HELP,
    PRINT_TOGGLE_LABEL,
    data_notice,
    inject_css,
    print_footer_html,
)
from ui.errors import run_page
from ui.filters import sidebar_filters
from ui.memo import settle_heap
from ui.session import resume_session, sidebar_login, version_chooser, viewer_gate
from ui.state import get_catalog, get_dataset, get_engine, get_scores, load_run_context, pending_submissions

if __name__ != "__main__":
    # `streamlit run app.py` imports this file to find `app`: this same script served with the two
    # routes a page run cannot be (POST /masuk and /keluar set and clear the login cookie; see
    # ui/routes.py). Streamlit then runs the file for every page run as __main__ (the else branch).
    from ui.routes import ROUTES
    from ui.transport import server_lifespan

    # Nagle off, and download files kept until fetched: ui/transport.py, ui/media.py
    app = st.App(__file__, routes=ROUTES, lifespan=server_lifespan)
else:
    ensure_app_entrypoint()  # the first run on a fresh server must not be an old-style (pages/) run
    # The icon before st.navigation: without one, Streamlit takes the page's Material icon as the
    # favicon and the browser fetches it from fonts.gstatic.com (no internet in many offices).
    st.set_page_config(page_title="SPM Banten", page_icon="📊", layout="wide")

    engine = get_engine()
    load_run_context()  # the run's one query: data generation, newest version, viewer password
    resume_session(engine)  # a login cookie: one more query (the session and its account)
    if not viewer_gate():
        inject_css()  # a run that goes on sends the style sheet later, with the print footer
        st.stop()
    catalog = get_catalog()
    filters_box = st.sidebar.container()  # the app's name and the shared filters sit above the login
    filters_box.html(APP_NAME_HTML)
    user = sidebar_login(engine, catalog)
    if user and user.wajib_ganti_sandi:  # after an admin's reset: a new password first
        inject_css()
        st.warning("Pilih kata sandi baru (bilah samping, *Ganti kata sandi*) sebelum melanjutkan.")
        st.stop()

    # Every page is listed here explicitly; Streamlit's own discovery of pages/ is not used.
    PAGES = {
        "Dasbor": [
            st.Page("pages/ringkasan.py", title="Ringkasan", icon=":material/dashboard:", default=True),
            st.Page("pages/peta.py", title="Peta capaian", icon=":material/map:"),
            st.Page("pages/tren.py", title="Tren tahunan", icon=":material/trending_up:"),
            st.Page("pages/perbandingan.py", title="Perbandingan sektor", icon=":material/grid_view:"),
            st.Page("pages/peringkat.py", title="Peringkat", icon=":material/leaderboard:"),
            st.Page("pages/profil.py", title="Profil wilayah", icon=":material/location_city:"),
            st.Page("pages/kesenjangan.py", title="Kesenjangan dan kebutuhan", icon=":material/savings:"),
            st.Page("pages/tahapan.py", title="Tahapan dan pelaporan", icon=":material/checklist:"),
        ],
        "Rapat koordinasi": [
            st.Page("pages/presentasi.py", title="Mode presentasi", icon=":material/slideshow:"),
            st.Page("pages/ekspor.py", title="Ekspor laporan", icon=":material/download:"),
        ],
        "Pengelolaan data": [
            st.Page("pages/impor.py", title="Impor data", icon=":material/upload_file:"),
            st.Page("pages/riwayat.py", title="Riwayat data", icon=":material/history:"),
        ],
    }
    if user and user.can_approve:
        approvals = st.Page("pages/persetujuan.py", title="Persetujuan", icon=":material/fact_check:")
        PAGES["Pengelolaan data"].insert(1, approvals)
        waiting = pending_submissions()  # cached by the data generation
        if waiting:
            st.sidebar.page_link(approvals, label=f"{waiting} menunggu persetujuan", icon=":material/pending_actions:")
    if user and user.is_admin:
        PAGES["Pengelolaan data"].append(
            st.Page("pages/admin.py", title="Admin", icon=":material/admin_panel_settings:")
        )
    # The page list is a bar at the top of the page (Streamlit would otherwise draw it first in the
    # sidebar, pushing the year selector below a 720-pixel screen); the sidebar starts with the filters.
    navigation = st.navigation(PAGES, position="top")
    st.set_page_config(page_title=f"{navigation.title} · SPM Banten")  # the browser tab names the page

    version_chooser(filters_box)
    dataset = get_dataset()
    scores = get_scores()
    st.session_state["_selection"] = sidebar_filters(scores.years, scores.quarters, catalog.sector_names, filters_box)
    with filters_box:
        data_notice(dataset.label, dataset.simulated)
        st.toggle(PRINT_TOGGLE_LABEL, key=PRINT_KEY, help=PRINT_TOGGLE_HELP)
    inject_css(after=print_footer_html(st.session_state["_selection"], dataset))

    try:
        run_page(navigation.run)  # an error: a short Indonesian message here, the traceback in the log
    finally:
        settle_heap()  # values built in this run: collect and freeze them (ui/memo.py, Heap)
