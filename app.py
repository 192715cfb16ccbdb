"""SPM Banten dashboard — the front door: page list, theme, shared filters. No calculations here."""

from __future__ import annotations

import streamlit as st

from spm_core.problems import InputFileError
from ui.components import data_notice, inject_css
from ui.filters import sidebar_filters
from ui.state import get_catalog, get_dataset, get_scores

st.set_page_config(page_title="SPM Banten", page_icon="📊", layout="wide")
inject_css()

# Every page is listed here explicitly; Streamlit's own discovery of pages/ is not used.
PAGES = [
    st.Page("pages/ringkasan.py", title="Ringkasan", icon=":material/dashboard:", default=True),
]
navigation = st.navigation(PAGES)

catalog = get_catalog()
try:
    dataset = get_dataset()
except InputFileError as exc:
    st.error("Berkas data tidak dapat dipakai. Perbaiki masalah berikut lalu muat ulang halaman.")
    st.code("\n".join(p.line() for p in exc.problems[:50]))
    st.stop()
scores = get_scores()

st.session_state["_selection"] = sidebar_filters(scores.years, scores.quarters, catalog.sector_names)
with st.sidebar:
    data_notice(dataset.label, dataset.simulated)

navigation.run()
