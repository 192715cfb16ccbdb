"""Ringkasan: the province's own score, the kab/kota recap, and every kab/kota for the period."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from spm_core.formatting import format_period
from spm_core.summary import kabkota_only, recap, recap_change, region_summary
from spm_core.tables import summary_table
from ui.charts import table as show_table
from ui.downloads import csv_button
from ui.components import category_legend_html, data_notice, score_card_html
from ui.filters import current_selection
from ui.state import get_catalog, get_dataset, get_rules, get_scores
from ui.bootstrap import ensure_app_entrypoint

ensure_app_entrypoint()

catalog, rules, scores, dataset = get_catalog(), get_rules(), get_scores(), get_dataset()
sel = current_selection()
scope = catalog.sector_names[sel.bidang] if sel.bidang else "Semua bidang"

st.title(f"Capaian SPM {format_period(sel.tahun, sel.triwulan)}")
st.markdown(f"**{scope}** · nilai 0–100 · perubahan dibanding periode yang sama tahun sebelumnya")
data_notice(dataset.label, dataset.simulated)

summary = region_summary(scores, catalog, sel)
if not summary["ada_data"].any():
    st.info(f"Belum ada data untuk {format_period(sel.tahun, sel.triwulan)} ({scope}). Pilih periode lain.")
    st.stop()

now = recap(summary, catalog, rules)
before = recap(region_summary(scores, catalog, replace(sel, tahun=sel.tahun - 1)), catalog, rules)
change = recap_change(now, before)
province = catalog.regions.names[catalog.regions.province]

cards = st.columns(3)
cards[0].html(score_card_html(province, "Nilai provinsi (14 layanan provinsi)", now["nilai_provinsi_bulat"],
                              now["kategori_provinsi"], change["nilai_provinsi"], now["keterisian_provinsi"], rules))
cards[1].html(score_card_html("Rekap kabupaten/kota", f"Rerata {now['jumlah_kabkota_dinilai']} kab/kota",
                              now["nilai_kabkota_rerata_bulat"], now["kategori_kabkota_rerata"],
                              change["nilai_kabkota_rerata"], now["keterisian_kabkota"], rules))
cards[2].html(score_card_html("Rekap kabupaten/kota", "Rerata tertimbang jumlah penduduk",
                              now["nilai_kabkota_tertimbang_bulat"], now["kategori_kabkota_tertimbang"],
                              change["nilai_kabkota_tertimbang"], now["keterisian_kabkota"], rules))

st.subheader("Kabupaten/kota, dari nilai tertinggi")
st.html(category_legend_html(rules))
kabkota = kabkota_only(summary).sort_values(["peringkat", "kode_wilayah"], na_position="last")
for start in range(0, len(kabkota), 4):
    columns = st.columns(4)
    for column, row in zip(columns, kabkota.iloc[start : start + 4].itertuples(index=False)):
        column.html(score_card_html(row.nama_wilayah, row.kode_wilayah, row.nilai_bulat, row.kategori,
                                    row.perubahan, row.keterisian, rules, rank=row.peringkat))

st.subheader("Tabel")
table = summary_table(summary)
show_table(table, {"Nilai": "nilai", "Nilai tahun lalu": "nilai", "Perubahan (poin)": "perubahan",
                   "Keterisian (%)": "persen"})
csv_button("Unduh tabel (CSV)", table, f"ringkasan_spm_{sel.tahun}_{sel.triwulan}.csv")
st.caption(f"Aturan penilaian versi {rules.versi}: {rules.sumber.get('bobot', '')}. "
           f"Kategori: {rules.sumber.get('kategori', '')}.")
