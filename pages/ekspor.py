"""Ekspor laporan: the meeting deck as PowerPoint, the governor's report as PDF and the recap
workbook as Excel, for the period chosen in the sidebar. Built on the server, offline, in a few
seconds, with a progress indicator; each file is then offered for download."""

from __future__ import annotations

import time

import streamlit as st

from spm_core.excel_recap import build_workbook
from spm_core.pdf_report import build_report
from spm_core.pptx_export import build_pptx
from ui.components import data_notice
from ui.filters import current_selection
from ui.rapat import deck_map, deck_or_stop, meeting_inputs, problems
from ui.state import get_catalog, get_dataset, get_rules, get_scores, shown_version
from ui.bootstrap import ensure_app_entrypoint

ensure_app_entrypoint()

RESULT_KEY = "_ekspor_hasil"
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

catalog, rules, scores, dataset = get_catalog(), get_rules(), get_scores(), get_dataset()
sel = current_selection()

st.title("Ekspor laporan")
st.markdown("Bahan rapat (PowerPoint), laporan gubernur (PDF: SPM provinsi dan rekap kabupaten/kota) dan rekap "
            "Excel (lembar wilayah, bidang, layanan) untuk periode yang dipilih di bilah samping.")
data_notice(dataset.label, dataset.simulated)
meeting_inputs()

deck = deck_or_stop(sel)

st.markdown(f"**Periode {deck.period}** · {len(deck)} slide · data: {dataset.label}")
key = (shown_version(), deck.tahun, deck.triwulan, deck.meeting, deck.meeting_date)
stem = f"spm_{deck.tahun}" + (f"_t{deck.triwulan}" if deck.triwulan else "")

if st.button("Buat berkas ekspor", type="primary", icon=":material/build:"):
    files, timings = {}, {}
    with st.status("Menyusun berkas …", expanded=True) as status:
        progress = st.progress(0.0, text="Menggambar peta")
        start = time.perf_counter()
        map_png, slide_map = deck_map(deck), deck_map(deck, wide=True)
        timings["peta"] = time.perf_counter() - start
        progress.progress(0.25, text="Menyusun PowerPoint")
        start = time.perf_counter()
        files["pptx"] = build_pptx(deck, rules, slide_map)
        timings["pptx"] = time.perf_counter() - start
        progress.progress(0.55, text="Menyusun laporan PDF")
        start = time.perf_counter()
        files["pdf"] = build_report(deck, scores, catalog, rules, map_png=map_png, problems=problems(deck.tahun),
                                    data_source=dataset.label)
        timings["pdf"] = time.perf_counter() - start
        progress.progress(0.85, text="Menyusun rekap Excel")
        start = time.perf_counter()
        files["xlsx"] = build_workbook(scores, catalog, rules, deck.tahun, deck.triwulan, simulated=dataset.simulated,
                                       data_label=dataset.label)
        timings["xlsx"] = time.perf_counter() - start
        progress.progress(1.0, text="Selesai")
        status.update(label=f"Berkas siap ({sum(timings.values()):.1f} detik)".replace(".", ","), state="complete",
                      expanded=False)
    st.session_state[RESULT_KEY] = (key, files)

result = st.session_state.get(RESULT_KEY)
if result and result[0] == key:
    files = result[1]
    columns = st.columns(3)
    labels = {"pptx": "Unduh bahan rapat (PowerPoint)", "pdf": "Unduh laporan gubernur (PDF)",
              "xlsx": "Unduh rekap (Excel)"}
    for column, kind in zip(columns, ("pptx", "pdf", "xlsx")):
        column.download_button(labels[kind], files[kind], file_name=f"{stem}.{kind}" if kind != "pdf"
                               else f"{stem}_laporan_gubernur.pdf", mime=MIME[kind], key=f"unduh-{kind}",
                               icon=":material/download:", on_click="ignore")
        column.caption(f"{len(files[kind]) / 1024:,.0f} KB".replace(",", "."))
elif result:
    st.caption("Pilihan berubah sejak berkas terakhir dibuat: buat ulang berkas ekspor.")
