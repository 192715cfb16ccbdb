"""Ekspor laporan: the meeting deck as PowerPoint, the governor's report as PDF and the recap
workbook as Excel, for the period chosen in the sidebar. Each file is built on the server, offline,
when its button is clicked (a few seconds), and cached per (data generation, period, meeting name
and date): everyone in a meeting who asks for the same PDF shares one build."""

from __future__ import annotations

import streamlit as st

from ui.bootstrap import ensure_app_entrypoint
from ui.components import data_notice
from ui.downloads import file_button
from ui.filters import current_selection
from ui.rapat import MIME, deck_or_stop, meeting_file, meeting_inputs
from ui.state import data_key, get_dataset

ensure_app_entrypoint()

LABELS = {"pptx": "Unduh bahan rapat (PowerPoint)", "pdf": "Unduh laporan gubernur (PDF)",
          "xlsx": "Unduh rekap (Excel)"}

dataset = get_dataset()
sel = current_selection()

st.title("Ekspor laporan")
st.markdown("Bahan rapat (PowerPoint), laporan gubernur (PDF: SPM provinsi dan rekap kabupaten/kota) dan rekap "
            "Excel (lembar wilayah, bidang, layanan) untuk periode yang dipilih di bilah samping.")
data_notice(dataset.label, dataset.simulated)
name, day = meeting_inputs()

deck = deck_or_stop(sel)

st.markdown(f"**Periode {deck.periode}** · {len(deck)} slide · data: {dataset.label}")
st.caption("Berkas disusun saat tombolnya diklik (beberapa detik), dari data dan nama rapat di atas.")
stem = f"spm_{deck.tahun}" + (f"_t{deck.triwulan}" if deck.triwulan else "")
key = data_key()
for column, kind in zip(st.columns(3), ("pptx", "pdf", "xlsx")):
    file_button(LABELS[kind], meeting_file, kind, key, deck.tahun, deck.triwulan, name, day,
                file_name=f"{stem}_laporan_gubernur.pdf" if kind == "pdf" else f"{stem}.{kind}", mime=MIME[kind],
                key=f"unduh-{kind}", container=column, width="stretch")
