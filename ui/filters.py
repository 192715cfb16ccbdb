"""The sidebar filters every page shares (year, period, sector), kept in the URL query parameters
so a link reproduces the view."""

from __future__ import annotations

import streamlit as st

from spm_core.formatting import format_quarter
from spm_core.summary import Selection

ALL_SECTORS = "semua"


def sidebar_filters(years: list[int], quarters_of, sector_names: dict[str, str], container=None) -> Selection | None:
    """Draw the shared filters in the sidebar and return the selection (None when there is no
    data at all).

    ``quarters_of(year)`` lists the periods with data in a year (0 = annual)."""
    if not years:
        return None
    with container if container is not None else st.sidebar:
        st.markdown("### Pilihan")
        year = st.selectbox("Tahun", sorted(years, reverse=True), key="tahun", bind="query-params")
        quarters = quarters_of(year) or [0]
        quarter = st.selectbox(
            "Periode",
            quarters,
            format_func=format_quarter,
            key="triwulan",
            bind="query-params",
        )
        sector = st.selectbox(
            "Bidang",
            [ALL_SECTORS, *sector_names],
            format_func=lambda s: "Semua bidang" if s == ALL_SECTORS else sector_names[s],
            key="bidang",
            bind="query-params",
        )
    return Selection(int(year), int(quarter), None if sector == ALL_SECTORS else sector)


def current_selection() -> Selection:
    """The selection app.py stored for this run; a page that shows data stops with a notice when
    there is no data at all (e.g. after the simulated data was removed)."""
    selection = st.session_state.get("_selection")
    if selection is None:
        st.info("Belum ada data yang disetujui. Impor data di halaman **Impor data**.")
        st.stop()
    return selection


def year_range(years: list[int]) -> tuple[int, int]:
    """A year-range slider (kept in the URL as ``rentang``); a single year needs no slider."""
    if len(years) > 1:
        start, end = st.select_slider(
            "Rentang tahun", options=years, value=(years[0], years[-1]), key="rentang", bind="query-params"
        )
        return start, end
    st.markdown(f"**Tahun:** {years[0]}")
    return years[0], years[0]
