"""Tren tahunan: score per year of the chosen regions (total, a sector, or one service), with the
real national average as a reference line, and the change over the chosen span."""

from __future__ import annotations

import streamlit as st

from spm_core import trends
from spm_core.views import trend_scope, trend_service_labels
from ui.bootstrap import ensure_app_entrypoint
from ui.charts import chart, table
from ui.components import data_notice
from ui.filters import current_selection, year_range
from ui.state import get_catalog, get_dataset, get_scores
from ui.views import trend

ensure_app_entrypoint()

ALL_SERVICES = "semua"

catalog, scores, dataset = get_catalog(), get_scores(), get_dataset()
sel = current_selection()
names = catalog.regions.names

st.title("Tren tahunan")
data_notice(dataset.label, dataset.simulated)
st.caption("Nilai tahunan (bukan triwulan). Rentang tahun dan wilayah dipilih di bawah; bidang di panel samping.")

years = trends.annual_years(scores)
if not years:
    st.info("Belum ada data tahunan.")
    st.stop()

controls = st.columns([2, 3, 2])
with controls[0]:
    start, end = year_range(years)
with controls[1]:
    chosen = st.multiselect(
        "Wilayah",
        list(names),
        default=list(names),
        format_func=names.get,
        key="wilayah_pilih",
        bind="query-params",
        placeholder="Pilih wilayah",
    )
with controls[2]:
    service = None
    if sel.bidang:
        labels = {ALL_SERVICES: "Semua layanan (nilai bidang)", **trend_service_labels(catalog, sel.bidang)}
        options = list(labels)
        picked = st.selectbox("Layanan", options, format_func=labels.get, key="layanan", bind="query-params")
        service = None if picked == ALL_SERVICES else picked
    bands = st.toggle("Pita kategori di latar", value=False, key="pita", bind="query-params")

scope = trend_scope(catalog, sel.bidang, service)
st.markdown(f"**{scope}** · {start}–{end}")

if not chosen:
    st.info("Belum ada wilayah yang dipilih. Pilih minimal satu wilayah.")
    st.stop()

view = trend(start, end, chosen, sel.bidang, service, bands)
if view.figure is None:
    st.info(
        f"Tidak ada nilai tahunan {scope} untuk wilayah terpilih pada {start}–{end}. "
        "Pilih wilayah, bidang atau rentang tahun lain."
    )
    st.stop()

# The chart highlights one region (the weakest kab/kota unless another is chosen); the others are grey.
present = set(view.table.get("Kode", chosen))
shown = [c for c in chosen if c in present] or list(chosen)
if view.highlight in shown:
    picked = st.columns([2, 3])[0].selectbox(
        "Sorot wilayah",
        shown,
        index=shown.index(view.highlight),
        format_func=names.get,
        key="tren_sorot",
        bind="query-params",
        help="Wilayah yang digaris tebal; bawaannya kab/kota terendah tahun terakhir.",
    )
    if picked != view.highlight:
        view = trend(start, end, chosen, sel.bidang, service, bands, picked)
national = view.national
chart(view.figure, view.table, f"tren_spm_{start}_{end}", "tren")
if not national.empty:
    first, last = national["tahun"].min(), national["tahun"].max()
    note = "" if not sel.bidang else " Angka nasional adalah capaian semua bidang, bukan bidang ini."
    st.caption(
        f"Garis putus-putus abu-abu: {national['keterangan'].iloc[0]} {first}–{last} (data resmi). "
        f"Sumber: {national['sumber'].iloc[0]}.{note}"
    )

st.subheader(f"Perubahan {start}–{end}")
st.caption(
    "Dari tahun pertama sampai tahun terakhir yang bernilai dalam rentang; perubahan = nilai akhir − nilai awal."
)
table(view.change, {"Nilai awal": "nilai", "Nilai akhir": "nilai", "Perubahan (poin)": "perubahan"})
