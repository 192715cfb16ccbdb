"""Perbandingan sektor: region × sector heatmap, one sector across regions with the category
thresholds, and the spread (best vs worst kab/kota) per sector."""

from __future__ import annotations

import streamlit as st

from spm_core.formatting import format_period, period_file_part
from ui.bootstrap import ensure_app_entrypoint
from ui.charts import chart
from ui.components import data_notice
from ui.filters import current_selection
from ui.state import get_catalog, get_dataset
from ui.views import comparison

ensure_app_entrypoint()

BY_REGION = "wilayah"

catalog, dataset = get_catalog(), get_dataset()
sel = current_selection()
period = format_period(sel.tahun, sel.triwulan)
slug = period_file_part(sel.tahun, sel.triwulan)

st.title(f"Perbandingan sektor · {period}")
data_notice(dataset.label, dataset.simulated)
st.caption("Tahun, periode dan bidang dipilih di panel samping. Nilai 0–100; warna = kategori capaian.")

# --- Heatmap ------------------------------------------------------------------------------
sort_options = [BY_REGION, *catalog.sector_codes]
sort_labels = {
    BY_REGION: "Nilai wilayah (semua bidang)",
    **{code: f"Bidang {catalog.sector_short_names[code]}" for code in catalog.sector_codes},
}
view = comparison(sel, None)
if not view.has_data:
    st.info(f"Belum ada nilai bidang untuk {period}. Pilih periode lain.")
    st.stop()
st.subheader("Wilayah × bidang")
by = st.selectbox(
    "Urutkan kab/kota menurut", sort_options, format_func=sort_labels.get, key="urut", bind="query-params"
)
if by != BY_REGION:
    view = comparison(sel, by)
chart(view.heatmap, view.heatmap_table, f"wilayah_x_bidang_{slug}", "heatmap")
st.caption("Provinsi di baris teratas (layanan provinsi berbeda dari layanan kab/kota); abu-abu = tidak ada nilai.")

# --- One sector across regions --------------------------------------------------------------
scope = catalog.sector_names[sel.bidang] if sel.bidang else "Nilai wilayah (semua bidang)"
st.subheader(f"{scope}, dari nilai tertinggi")
if view.bar is None:
    st.info(f"Belum ada nilai {scope} untuk {period}. Pilih bidang atau periode lain.")
else:
    chart(view.bar, view.bar_table, f"peringkat_{sel.bidang or 'total'}_{slug}", "batang")
    st.caption("Garis putus-putus: batas bawah tiap kategori. Bidang dipilih di panel samping.")

# --- Spread per sector ------------------------------------------------------------------------
st.subheader("Selisih kab/kota terbaik dan terendah per bidang")
if view.spread is None:
    st.info(f"Belum ada nilai bidang kab/kota untuk {period}.")
else:
    chart(view.spread, view.spread_table, f"selisih_bidang_{slug}", "selisih")
    st.caption("Bidang terlemah (rerata kab/kota terendah) di atas dan bergaris tebal; garis hitam tegak = rerata.")
