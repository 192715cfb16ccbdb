"""Peringkat: the rank of each kab/kota per year (bump chart) and who moved up or down."""

from __future__ import annotations

import streamlit as st

from spm_core import trends
from spm_core.views import scope_label
from ui.bootstrap import ensure_app_entrypoint
from ui.charts import chart, table
from ui.components import data_notice
from ui.filters import current_selection, year_range
from ui.state import get_catalog, get_dataset, get_scores
from ui.views import ranking

ensure_app_entrypoint()

catalog, scores, dataset = get_catalog(), get_scores(), get_dataset()
sel = current_selection()
scope = scope_label(catalog, sel.bidang)

st.title("Peringkat kabupaten/kota")
data_notice(dataset.label, dataset.simulated)
st.caption(
    "Peringkat tahunan di antara kab/kota (1 = nilai tertinggi; nilai sama = peringkat sama). "
    "Bidang dipilih di panel samping."
)

years = trends.annual_years(scores)
if not years:
    st.info("Belum ada data tahunan.")
    st.stop()
kabkota = catalog.regions.kabkota
names = catalog.regions.names

controls = st.columns([2, 3])
with controls[0]:
    start, end = year_range(years)
with controls[1]:
    chosen = st.multiselect(
        "Kab/kota yang ditampilkan",
        kabkota,
        default=kabkota,
        format_func=names.get,
        key="kabkota_pilih",
        bind="query-params",
        placeholder="Pilih kab/kota",
    )
st.markdown(f"**{scope}** · {start}–{end}")

if not chosen:
    st.info("Belum ada kab/kota yang dipilih. Pilih minimal satu.")
    st.stop()

view = ranking(start, end, chosen, sel.bidang)
if view.figure is None:
    st.info(f"Tidak ada peringkat {scope} untuk {start}–{end}. Pilih bidang atau rentang tahun lain.")
    st.stop()

chart(view.figure, view.table, f"peringkat_{sel.bidang or 'total'}_{start}_{end}", "bump")

st.subheader(f"Naik dan turun peringkat {start}–{end}")
table(view.moves, {})
