"""Peringkat: the rank of each kab/kota per year (bump chart) and who moved up or down."""

from __future__ import annotations

import streamlit as st

from spm_core import figures, trends
from spm_core.colors import region_colors
from ui.charts import chart, table
from ui.components import data_notice
from ui.filters import current_selection, year_range
from ui.state import get_catalog, get_dataset, get_rules, get_scores
from ui.bootstrap import ensure_app_entrypoint

ensure_app_entrypoint()

catalog, rules, scores, dataset = get_catalog(), get_rules(), get_scores(), get_dataset()
sel = current_selection()
scope = catalog.sector_names[sel.bidang] if sel.bidang else "Semua bidang"

st.title("Peringkat kabupaten/kota")
data_notice(dataset.label, dataset.simulated)
st.caption("Peringkat tahunan di antara kab/kota (1 = nilai tertinggi; nilai sama = peringkat sama). "
           "Bidang dipilih di panel samping.")

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
    chosen = st.multiselect("Kab/kota yang ditampilkan", kabkota, default=kabkota, format_func=names.get,
                            key="kabkota_pilih", bind="query-params", placeholder="Pilih kab/kota")
st.markdown(f"**{scope}** · {start}–{end}")

if not chosen:
    st.info("Belum ada kab/kota yang dipilih. Pilih minimal satu.")
    st.stop()

ranks = trends.rank_trend(scores, catalog, start, end, chosen, bidang=sel.bidang)
if ranks.empty:
    st.info(f"Tidak ada peringkat {scope} untuk {start}–{end}. Pilih bidang atau rentang tahun lain.")
    st.stop()

moves = trends.rank_moves(ranks)
fig = figures.bump_figure(ranks, region_colors(catalog), trends.rank_finding(moves))
chart(fig, trends.rank_table(ranks), f"peringkat_{sel.bidang or 'total'}_{start}_{end}", "bump")

st.subheader(f"Naik dan turun peringkat {start}–{end}")
table(trends.moves_table(moves), {})
