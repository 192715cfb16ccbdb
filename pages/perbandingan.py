"""Perbandingan sektor: region × sector heatmap, one sector across regions with the category
thresholds, and the spread (best vs worst kab/kota) per sector."""

from __future__ import annotations

import streamlit as st

from spm_core import figures, trends
from spm_core.formatting import format_period
from spm_core.summary import Selection, region_summary
from ui.charts import chart
from ui.components import data_notice
from ui.filters import current_selection
from ui.state import get_catalog, get_dataset, get_rules, get_scores
from ui.bootstrap import ensure_app_entrypoint

ensure_app_entrypoint()

BY_REGION = "wilayah"

catalog, rules, scores, dataset = get_catalog(), get_rules(), get_scores(), get_dataset()
sel = current_selection()
period = format_period(sel.tahun, sel.triwulan)
slug = f"{sel.tahun}_{sel.triwulan}"

st.title(f"Perbandingan sektor · {period}")
data_notice(dataset.label, dataset.simulated)
st.caption("Tahun, periode dan bidang dipilih di panel samping. Nilai 0–100; warna = kategori capaian.")

matrix = trends.sector_matrix(scores, catalog, sel.tahun, sel.triwulan)
if matrix["nilai_bulat"].isna().all():
    st.info(f"Belum ada nilai bidang untuk {period}. Pilih periode lain.")
    st.stop()

# --- Heatmap ------------------------------------------------------------------------------
st.subheader("Wilayah × bidang")
sort_options = [BY_REGION, *catalog.sector_codes]
sort_labels = {BY_REGION: "Nilai wilayah (semua bidang)",
               **{code: f"Bidang {catalog.sector_short_names[code]}" for code in catalog.sector_codes}}
by = st.selectbox("Urutkan kab/kota menurut", sort_options, format_func=sort_labels.get, key="urut",
                  bind="query-params")
totals = region_summary(scores, catalog, Selection(sel.tahun, sel.triwulan))
order = trends.region_order(matrix, totals, None if by == BY_REGION else by)
fig = figures.heatmap_figure(matrix, order, rules, trends.heatmap_finding(matrix, sel.tahun, sel.triwulan))
chart(fig, trends.matrix_table(matrix, order), f"wilayah_x_bidang_{slug}", "heatmap")
st.caption("Provinsi di baris teratas (layanan provinsi berbeda dari layanan kab/kota); abu-abu = tidak ada nilai.")

# --- One sector across regions --------------------------------------------------------------
scope = catalog.sector_names[sel.bidang] if sel.bidang else "Nilai wilayah (semua bidang)"
st.subheader(f"{scope}, dari nilai tertinggi")
summary = region_summary(scores, catalog, Selection(sel.tahun, sel.triwulan, sel.bidang))
if summary["nilai_bulat"].isna().all():
    st.info(f"Belum ada nilai {scope} untuk {period}. Pilih bidang atau periode lain.")
else:
    short_scope = catalog.sector_short_names[sel.bidang] if sel.bidang else "Nilai wilayah"
    fig = figures.region_bar_figure(summary, rules, trends.ranking_finding(summary, short_scope))
    data = summary[["kode_wilayah", "nama_wilayah", "nilai_bulat", "kategori", "perubahan"]].rename(columns={
        "kode_wilayah": "Kode", "nama_wilayah": "Wilayah", "nilai_bulat": "Nilai", "kategori": "Kategori",
        "perubahan": "Perubahan (poin)"})
    chart(fig, data, f"peringkat_{sel.bidang or 'total'}_{slug}", "batang")
    st.caption("Garis putus-putus: batas bawah tiap kategori. Bidang dipilih di panel samping.")

# --- Spread per sector ------------------------------------------------------------------------
st.subheader("Selisih kab/kota terbaik dan terendah per bidang")
spread = trends.sector_spread(matrix)
if spread.empty:
    st.info(f"Belum ada nilai bidang kab/kota untuk {period}.")
else:
    fig = figures.spread_figure(spread, rules, trends.spread_finding(spread))
    chart(fig, trends.spread_table(spread), f"selisih_bidang_{slug}", "selisih")
    st.caption("Bidang terlemah (rerata kab/kota terendah) di atas dan bergaris tebal; garis hitam tegak = rerata.")
