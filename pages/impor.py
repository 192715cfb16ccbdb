"""Impor data: download a template, upload a filled file, see every problem and what it would
change, and only then store it as a new version (one transaction)."""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from spm_core.catalog import LEVEL_KABKOTA, LEVEL_LABELS, LEVEL_PROVINCE
from spm_core.formatting import format_count, format_period
from spm_core.gate import WAITING_MESSAGE
from spm_core.importing import check_import, commit_import
from spm_core.templates import make_template
from spm_core.validation import KEY_COLUMNS
from ui.downloads import XLSX_MIME, csv_button, excel_button, file_button
from spm_core.store.versions import StoreError
from ui.session import current_user, refused
from ui.state import after_write, get_catalog, get_engine, get_rules
from ui.bootstrap import ensure_app_entrypoint

ensure_app_entrypoint()

CHECK_KEY = "_cek_impor"

catalog, rules, engine, user = get_catalog(), get_rules(), get_engine(), current_user()
st.title("Impor data")
st.markdown("Data kuartalan dari OPD dan kabupaten/kota: unduh templat, isi, lalu unggah. Berkas diperiksa "
            "dulu; **tidak ada yang disimpan** sebelum Anda menekan tombol simpan, dan setiap impor menjadi "
            "versi baru yang dapat dipulihkan.")

with st.expander("1. Unduh templat Excel", expanded=user is None):
    c1, c2, c3, c4 = st.columns(4)
    year = c1.number_input("Tahun", min_value=2000, max_value=2100, value=date.today().year - 1, step=1)
    quarter = c2.selectbox("Periode", [0, 1, 2, 3, 4], format_func=lambda q: "Tahunan" if q == 0 else f"Triwulan {q}")
    levels = [LEVEL_KABKOTA, LEVEL_PROVINCE]
    level = c3.selectbox("Tingkat", levels, format_func=lambda t: LEVEL_LABELS[t].capitalize())
    sectors = [None, *catalog.sector_codes]
    default_sector = sectors.index(user.kode_bidang) if user and user.kode_bidang in sectors else 0
    sector = c4.selectbox("Bidang", sectors, index=default_sector,
                          format_func=lambda s: "Semua bidang" if s is None else catalog.sector_names[s])
    file_button(
        "Unduh templat (.xlsx)", make_template, catalog, int(year), int(quarter), level, sector,
        file_name=f"templat_spm_{year}_{'tahunan' if not quarter else f'tw{quarter}'}_{level}_{sector or 'semua'}.xlsx",
        mime=XLSX_MIME)

st.subheader("2. Unggah berkas")
if user is None:
    st.info("Masuk terlebih dahulu (panel **Masuk** di bilah samping) untuk mengimpor data. "
            "Melihat dasbor tidak memerlukan akun.")
    st.stop()
if not user.imports_are_approved:
    st.caption(f"Anda masuk sebagai operator ({user.scope_text(catalog)}): kiriman Anda menunggu persetujuan "
               "verifikator Biro sebelum masuk dasbor.")

upload = st.file_uploader("Berkas CSV atau Excel (.xlsx)", type=["csv", "xlsx"], key="berkas_impor")
if upload is None:
    st.session_state.pop(CHECK_KEY, None)
    st.stop()

saved = st.session_state.get("_tersimpan")
if saved and saved[0] == upload.file_id:
    st.success(f"Berkas {upload.name} sudah tersimpan sebagai versi {saved[1]} ({saved[2]}). "
               "Unggah berkas lain untuk impor berikutnya.")
    st.stop()

# The file is checked (in a worker process, see spm_core.gate) and its problem report built once per
# uploaded file, keyed by its SHA-256 and name; a rerun of the page (any click) reuses both.
cached = st.session_state.get(CHECK_KEY)
if cached is None or cached["upload"] != (upload.file_id, upload.name):
    content = upload.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    if cached is None or (cached["sha256"], cached["name"]) != (digest, upload.name):
        waiting = st.empty()
        with st.spinner("Memeriksa berkas …"):
            check = check_import(engine, catalog, rules, content, upload.name, user,
                                 on_wait=lambda: waiting.info(WAITING_MESSAGE))
        waiting.empty()
        report = pd.DataFrame([{"Baris": p.baris, "Kolom": p.kolom, "Jenis": p.tingkat, "Pesan": p.pesan,
                                "Isi sel": p.nilai} for p in check.problems])
        cached = {"sha256": digest, "name": upload.name, "check": check, "problems": report}
    cached["upload"] = (upload.file_id, upload.name)
    st.session_state[CHECK_KEY] = cached
check, problems = cached["check"], cached["problems"]

if check.errors:
    st.error(f"Berkas **{upload.name}** belum dapat diimpor: {format_count(check.error_count)} galat. "
             "Perbaiki lalu unggah lagi. Tidak ada data yang berubah.")
elif check.problems:
    st.warning(f"{format_count(check.total_warnings or len(check.problems))} peringatan (berkas tetap dapat "
               "diimpor).")
if len(problems):
    st.dataframe(problems, hide_index=True, width="stretch")
    d1, d2 = st.columns(2)
    excel_button("Unduh laporan masalah (Excel)", problems, f"masalah_{upload.name}.xlsx", "masalah", container=d1)
    csv_button("Unduh laporan masalah (CSV)", problems, f"masalah_{upload.name}.csv", container=d2)
if not check.ok:
    st.stop()

st.subheader("3. Yang akan berubah")
summary = check.changes.summary
m1, m2, m3 = st.columns(3)
m1.metric("Baris baru", format_count(summary["baru"]))
m2.metric("Baris berubah", format_count(summary["berubah"]))
m3.metric("Baris sama", format_count(summary["sama"]))
periods = check.data[["tahun", "triwulan"]].drop_duplicates().sort_values(["tahun", "triwulan"])
st.caption("Periode dalam berkas: " + ", ".join(format_period(y, q) for y, q in periods.itertuples(index=False)))

if len(check.changes.changed):
    st.markdown("**Baris yang berubah** (nilai lama → nilai baru)")
    changed = check.changes.changed
    shown = changed[KEY_COLUMNS].copy()
    for column in ("harus_dilayani", "terlayani", "mutu_dibutuhkan", "mutu_tersedia"):
        shown[column] = [f"{format_count(a)} → {format_count(b)}" if not (pd.isna(a) and pd.isna(b)) and a != b
                         else format_count(b) for a, b in zip(changed[column + "_lama"], changed[column])]
    st.dataframe(shown, hide_index=True, width="stretch")
if check.score_changes is not None and len(check.score_changes):
    st.markdown("**Nilai wilayah yang berubah**")
    scores = check.score_changes.rename(columns={
        "nama_wilayah": "Wilayah", "tahun": "Tahun", "triwulan": "Triwulan", "nilai_bulat_lama": "Nilai lama",
        "kategori_lama": "Kategori lama", "nilai_bulat_baru": "Nilai baru", "kategori_baru": "Kategori baru",
        "selisih": "Selisih"})
    st.dataframe(scores[["Tahun", "Triwulan", "Wilayah", "Nilai lama", "Kategori lama", "Nilai baru",
                         "Kategori baru", "Selisih"]], hide_index=True, width="stretch")
if not summary["baru"] and not summary["berubah"]:
    st.info("Semua baris sama dengan data yang tersimpan; menyimpannya tetap dicatat sebagai versi baru.")

note = st.text_input("Catatan untuk versi ini (opsional)", max_chars=500)
label = "Simpan sebagai versi baru (langsung berlaku)" if user.imports_are_approved else "Kirim untuk persetujuan"
c1, c2 = st.columns([1, 1])
if c1.button(label, type="primary"):
    try:  # the account and its scope are checked again inside the commit's transaction
        record = commit_import(engine, check, user, catalog, note or None)
    except StoreError as exc:
        refused(exc)
        st.stop()
    after_write()
    st.session_state.pop(CHECK_KEY, None)
    state = "berlaku di dasbor" if record["status"] == "disetujui" else "menunggu persetujuan verifikator"
    st.session_state["_tersimpan"] = (upload.file_id, record["id"], state)
    st.rerun()
if c2.button("Batal"):
    st.session_state.pop(CHECK_KEY, None)
    st.info("Dibatalkan; tidak ada yang disimpan.")
