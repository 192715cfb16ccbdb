"""Ringkasan: the province's own score, the kab/kota recap, and every kab/kota for the period."""

from __future__ import annotations

import streamlit as st

from spm_core.formatting import format_period, period_file_part
from spm_core.views import scope_label
from ui.bootstrap import ensure_app_entrypoint
from ui.charts import table as show_table
from ui.components import category_legend_html, data_notice, profile_link, score_card_html
from ui.downloads import table_downloads
from ui.filters import current_selection
from ui.state import get_catalog, get_dataset, get_rules
from ui.views import overview

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

now, change = view.now, view.change
province = catalog.regions.names[catalog.regions.province]
if view.note:
    st.info(view.note, icon=":material/info:")
own = view.province
weakest = view.weakest
cards = st.columns(4)
cards[0].html(score_card_html(province, "Nilai provinsi (14 layanan provinsi)", now["nilai_provinsi_bulat"],
                              now["kategori_provinsi"], change["nilai_provinsi"], now["keterisian_provinsi"], rules,
                              on_track=None if own is None else own["sesuai_jalur"]))
if weakest is not None:
    cards[1].html(score_card_html(
        weakest["nama_wilayah"], f"Terendah dari {now['jumlah_kabkota_dinilai']} kab/kota · buka profil",
        weakest["nilai_bulat"], weakest["kategori"], weakest["perubahan"], weakest["keterisian"], rules,
        rank=weakest["peringkat"], on_track=weakest["sesuai_jalur"],
        link=profile_link(weakest["kode_wilayah"], sel.tahun, sel.triwulan, sel.bidang)))
cards[2].html(score_card_html("Rekap kabupaten/kota", f"Rerata {now['jumlah_kabkota_dinilai']} kab/kota",
                              now["nilai_kabkota_rerata_bulat"], now["kategori_kabkota_rerata"],
                              change["nilai_kabkota_rerata"], now["keterisian_kabkota"], rules))
cards[3].html(score_card_html("Rekap kabupaten/kota", "Rerata tertimbang jumlah penduduk",
                              now["nilai_kabkota_tertimbang_bulat"], now["kategori_kabkota_tertimbang"],
                              change["nilai_kabkota_tertimbang"], now["keterisian_kabkota"], rules))

st.subheader("Kabupaten/kota, dari nilai tertinggi")
st.html(category_legend_html(rules))
kabkota = view.kabkota
for start in range(0, len(kabkota), 4):
    columns = st.columns(4)
    for column, row in zip(columns, kabkota.iloc[start : start + 4].itertuples(index=False)):
        column.html(score_card_html(row.nama_wilayah, row.kode_wilayah, row.nilai_bulat, row.kategori,
                                    row.perubahan, row.keterisian, rules, rank=row.peringkat,
                                    on_track=row.sesuai_jalur,
                                    link=profile_link(row.kode_wilayah, sel.tahun, sel.triwulan, sel.bidang)))
st.caption("Klik kartu kab/kota untuk membuka profilnya.")

st.subheader("Tabel")
show_table(view.table, {"Peringkat": "jumlah", "Nilai": "nilai", "Nilai tahun lalu": "nilai",
                        "Perubahan (poin)": "perubahan", "Keterisian (%)": "persen"})
table_downloads(view.table, f"ringkasan_spm_{period_file_part(sel.tahun, sel.triwulan)}", "ringkasan", "Ringkasan")
st.caption(f"Aturan penilaian versi {rules.versi}: {rules.source_text('bobot')}. "
           f"Kategori: {rules.source_text('kategori')}.")
