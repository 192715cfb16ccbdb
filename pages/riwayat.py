"""Riwayat data: the versions a person may see (who, when, file, SHA-256, row counts, decision),
their rows, and — for verifiers and admins — restoring the data as it was at a version.

Viewers see approved versions, with the maker's role instead of an account name; an operator also
sees the submissions of its own scope; verifiers and admins see everything. Times in WIB."""

from __future__ import annotations

import streamlit as st

from spm_core.dataset import SIMULATED_NOTICE
from spm_core.formatting import format_count, format_wib
from spm_core.report.export import people_table
from spm_core.store.versions import (
    KIND_DEMO,
    KIND_LABELS,
    STATUS_APPROVED,
    STATUS_LABELS,
    VALUE_COLUMNS,
    StoreError,
    rollback,
)
from ui.bootstrap import ensure_app_entrypoint
from ui.charts import table as show_table
from ui.components import data_notice
from ui.downloads import table_downloads
from ui.session import current_user, refused
from ui.state import after_write, get_engine, read_store

ensure_app_entrypoint()

engine, user = get_engine(), current_user()
st.title("Riwayat data")
st.markdown(
    "Setiap impor, persetujuan, pemulihan dan penghapusan data simulasi adalah **versi**. Data lama tidak "
    "pernah ditimpa: versi sebelumnya selalu dapat dilihat (pilih *Data per versi* di bilah samping) "
    "dan dipulihkan."
)

who = (user.peran, user.kode_wilayah, user.kode_bidang) if user else (None, None, None)
table = read_store("visible_history", *who)  # who looks is part of the cache key
if table.empty:
    st.info("Belum ada versi.")
    st.stop()

shown = table.assign(
    jenis=table["jenis"].map(KIND_LABELS).fillna(table["jenis"]),
    status=table["status"].map(STATUS_LABELS).fillna(table["status"]),
    dibuat_pada=table["dibuat_pada"].map(format_wib),
)[
    [
        "id",
        "dibuat_pada",
        "jenis",
        "status",
        "pengguna",
        "nama_berkas",
        "jumlah_baris",
        "jumlah_baru",
        "jumlah_berubah",
        "jumlah_sama",
        "catatan",
        "diputuskan_oleh",
        "catatan_keputusan",
        "sha256",
    ]
]
shown.columns = [
    "Versi",
    "Waktu (WIB)",
    "Jenis",
    "Status",
    "Pengguna",
    "Berkas",
    "Baris",
    "Baru",
    "Berubah",
    "Sama",
    "Catatan",
    "Diputuskan oleh",
    "Catatan keputusan",
    "SHA-256",
]
show_table(shown, {"Baris": "jumlah", "Baru": "jumlah", "Berubah": "jumlah", "Sama": "jumlah"})  # 2.699, "–"

chosen = st.selectbox(
    "Lihat baris sebuah versi",
    table["id"].tolist(),
    format_func=lambda i: f"Versi {i}",
    key="lihat_versi",
    bind="query-params",
)
rows = read_store("version_rows", int(chosen))
st.caption(
    f"Versi {chosen}: {format_count(len(rows))} baris tersimpan"
    + (" (500 pertama ditampilkan; unduh untuk semuanya)." if len(rows) > 500 else ".")
)
if table.loc[table["id"] == chosen, "jenis"].iloc[0] == KIND_DEMO:
    data_notice(SIMULATED_NOTICE, simulated=True)
# on screen with the headers of the Excel file ("Periode", "Harus dilayani"); the machine CSV keeps the
# database's column names
value_headers = people_table(rows.head(0)[VALUE_COLUMNS]).columns
show_table(people_table(rows.head(500)), dict.fromkeys(value_headers, "jumlah"))
table_downloads(rows, f"versi_{chosen}", "versi", f"Versi {chosen}", machine=True)

if user and user.can_rollback:
    st.subheader("Pulihkan data ke suatu versi")
    approved = table.loc[table["status"] == STATUS_APPROVED, "id"].tolist()
    target = st.selectbox("Versi tujuan", approved, format_func=lambda i: f"Versi {i}", key="pulihkan_ke")
    note = st.text_input("Alasan pemulihan", max_chars=500)
    sure = st.checkbox(f"Saya yakin: buat versi baru yang memulihkan data seperti pada versi {target}")
    if st.button("Pulihkan", disabled=not sure or not note.strip(), type="primary"):
        try:
            record = rollback(engine, int(target), user, note.strip())
            after_write()
            st.success(f"Versi {record['id']} dibuat: data dipulihkan seperti pada versi {target}.")
        except StoreError as exc:
            refused(exc)
elif user is None:
    st.caption("Masuk sebagai verifikator atau admin untuk memulihkan versi.")
