"""Ringkasan: the province's own score, the kab/kota recap, and every kab/kota for the period."""

from __future__ import annotations

import streamlit as st

from spm_core.formatting import format_period, period_file_part
from spm_core.views import scope_label
from ui.bootstrap import ensure_app_entrypoint
from ui.charts import table as show_table
from ui.components import category_legend_html, data_notice
from ui.downloads import table_downloads
from ui.filters import current_selection
from ui.state import get_catalog, get_dataset, get_rules
from ui.views import overview, overview_cards

ensure_app_entrypoint()

catalog, rules, dataset = get_catalog(), get_rules(), get_dataset()
sel = current_selection()
scope = scope_label(catalog, sel.bidang)

st.title(f"Capaian SPM {format_period(sel.tahun, sel.triwulan)}")
st.markdown(f"**{scope}** · nilai 0–100 · perubahan dibanding periode yang sama tahun sebelumnya")
data_notice(dataset.label, dataset.simulated)

view = overview(sel)
if not view.has_data:
    st.info(f"Belum ada data untuk {format_period(sel.tahun, sel.triwulan)} ({scope}). Pilih periode lain.")
    st.stop()

if view.note:
    st.info(view.note, icon=":material/info:")
cards = overview_cards(sel)
st.html(cards.top)

st.subheader("Kabupaten/kota, dari nilai tertinggi")
st.html(category_legend_html(rules))
st.html(cards.kabkota)
st.caption("Klik kartu kab/kota untuk membuka profilnya.")

st.subheader("Tabel")
show_table(
    view.table,
    {
        "Peringkat": "jumlah",
        "Nilai": "nilai",
        "Nilai tahun lalu": "nilai",
        "Perubahan (poin)": "perubahan",
        "Keterisian (%)": "persen",
    },
)
table_downloads(view.table, f"ringkasan_spm_{period_file_part(sel.tahun, sel.triwulan)}", "ringkasan", "Ringkasan")
st.caption(
    f"Aturan penilaian versi {rules.versi}: {rules.source_text('bobot')}. Kategori: {rules.source_text('kategori')}."
)
