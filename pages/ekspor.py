"""Ekspor laporan: the meeting deck as PowerPoint, the governor's report as PDF and the recap
workbook as Excel, for the period chosen in the sidebar. Each file is built on the server, offline,
when its button is clicked (a few seconds), and cached per (data generation, period, meeting name
and date): everyone in a meeting who asks for the same PDF shares one build."""

from __future__ import annotations

import streamlit as st

from spm_core.formatting import period_file_part
from ui.bootstrap import ensure_app_entrypoint
from ui.components import data_notice
from ui.downloads import file_button
from ui.filters import current_selection
from ui.rapat import MIME, deck_or_stop, meeting_file, meeting_inputs
from ui.state import data_key, get_dataset

ensure_app_entrypoint()

LABELS = {
    "pptx": "Unduh bahan rapat (PowerPoint)",
    "pdf": "Unduh laporan gubernur (PDF)",
    "xlsx": "Unduh rekap (Excel)",
}

dataset = get_dataset()
sel = current_selection()

st.title("Ekspor laporan")
st.markdown(
    "Bahan rapat (PowerPoint), laporan gubernur (PDF: SPM provinsi dan rekap kabupaten/kota) dan rekap "
    "Excel (lembar wilayah, bidang, layanan) untuk periode yang dipilih di bilah samping."
)
data_notice(dataset.label, dataset.simulated)
name, day = meeting_inputs()

deck = deck_or_stop(sel)

st.markdown(f"**Periode {deck.periode}** · {len(deck)} slide · data: {dataset.label}")
st.caption("Berkas disusun saat tombolnya diklik (beberapa detik), dari data dan nama rapat di atas.")
stem = f"spm_{period_file_part(deck.tahun, deck.triwulan)}"
key = data_key()
# one row of buttons as wide as their labels (three equal columns cut "Unduh bahan rapat (PowerPo…" at
# 1280 × 720); a narrow screen wraps them onto the next line
row = st.container(horizontal=True)
for kind in ("pptx", "pdf", "xlsx"):
    file_button(
        LABELS[kind],
        meeting_file,
        kind,
        key,
        deck.tahun,
        deck.triwulan,
        name,
        day,
        file_name=f"{stem}_laporan_gubernur.pdf" if kind == "pdf" else f"{stem}.{kind}",
        mime=MIME[kind],
        key=f"unduh-{kind}",
        container=row,
        width="content",
    )
