"""SPM Banten dashboard — the front door: page list, theme, shared filters, login. No calculations
here."""

from __future__ import annotations

import streamlit as st

from ui.bootstrap import ensure_app_entrypoint
from ui.components import data_notice, inject_css
from ui.filters import sidebar_filters
from ui.session import sidebar_login, version_chooser, viewer_gate
from ui.state import get_catalog, get_dataset, get_engine, get_scores, load_run_context

ensure_app_entrypoint()  # the first run on a fresh server must not be an old-style (pages/) run
st.set_page_config(page_title="SPM Banten", page_icon="📊", layout="wide")
inject_css()

engine = get_engine()
load_run_context()  # the run's one query: data generation, newest version, viewer password
if not viewer_gate():
    st.stop()
catalog = get_catalog()
filters_box = st.sidebar.container()  # the shared filters sit above the login
user = sidebar_login(engine, catalog)

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
    PAGES["Pengelolaan data"].insert(1, st.Page("pages/persetujuan.py", title="Persetujuan",
                                                icon=":material/fact_check:"))
if user and user.is_admin:
    PAGES["Pengelolaan data"].append(st.Page("pages/admin.py", title="Admin", icon=":material/admin_panel_settings:"))
navigation = st.navigation(PAGES, expanded=True)  # every page listed, no "view more"

version_chooser(filters_box)
dataset = get_dataset()
scores = get_scores()
st.session_state["_selection"] = sidebar_filters(scores.years, scores.quarters, catalog.sector_names, filters_box)
with filters_box:
    data_notice(dataset.label, dataset.simulated)

navigation.run()
