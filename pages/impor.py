"""Impor data: download a template, upload a filled file, see every problem and what it would
change, and only then store it as a new version (one transaction)."""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from spm_core.catalog import LEVEL_KABKOTA, LEVEL_LABELS, LEVEL_PROVINCE
from spm_core.formatting import (
    format_count,
    format_period,
    format_quarter,
    format_time_wib,
    period_file_part,
)
from spm_core.intake.changes import change_table, score_change_table
from spm_core.intake.filesafety import upload_limit_text
from spm_core.intake.gate import WAITING_MESSAGE
from spm_core.intake.importing import check_import, commit_import
from spm_core.intake.templates import deadline_text, make_correction_template, make_template
from spm_core.store.versions import (
    STATUS_LABELS,
    STATUS_PENDING,
    STATUS_REJECTED,
    STATUS_RETURNED,
    StoreError,
    own_submissions,
    state,
    version_rows,
    withdraw,
)
from ui.bootstrap import ensure_app_entrypoint
from ui.components import clearings_confirmed
from ui.downloads import XLSX_MIME, csv_button, excel_button, file_button
from ui.session import current_user, refused
from ui.state import after_write, get_catalog, get_engine, get_rules, read_store

ensure_app_entrypoint()

CHECK_KEY = "_cek_impor"

catalog, rules, engine, user = get_catalog(), get_rules(), get_engine(), current_user()
st.title("Impor data")
st.markdown(
    "Data kuartalan dari OPD dan kabupaten/kota: unduh templat, isi, lalu unggah. Berkas diperiksa "
    "dulu; **tidak ada yang disimpan** sebelum Anda menekan tombol simpan, dan setiap impor menjadi "
    "versi baru yang dapat dipulihkan."
)


def build_template(engine, catalog, year: int, quarter: int, level: str, sector, region) -> bytes:
    """The template, prefilled with the stored values of the period that are not simulated (read
    when the button is clicked)."""
    with engine.connect() as connection:
        stored = state(connection)
    return make_template(catalog, year, quarter, level, sector, wilayah=region, stored=stored)


def build_correction(engine, catalog, version_id: int, note) -> bytes:
    with engine.connect() as connection:
        rows = version_rows(connection, version_id)
    rows = rows[~rows["dihapus"].astype(bool)].drop(columns="dihapus")
    return make_correction_template(catalog, rows, note)


operator = user is not None and not user.imports_are_approved
with st.expander("1. Unduh templat Excel", expanded=user is None or operator):
    # two rows: five columns cut "Kabupaten/kota", "Semua bidang" and region names at 1280 × 720
    c1, c2, c3 = st.columns(3)
    c4, c5 = st.columns(2)
    year = c1.number_input(
        "Tahun", min_value=2000, max_value=2100, value=date.today().year - 1, step=1, key="templat_tahun"
    )
    quarter = c2.selectbox(
        "Periode", [0, 1, 2, 3, 4], key="templat_periode", format_func=format_quarter
    )  # "Triwulan I", as in the sidebar
    if operator and user.kode_wilayah:  # an operator's template holds only its own scope
        region = user.kode_wilayah
        level = catalog.regions.levels.get(region, LEVEL_KABKOTA)
        c3.text_input("Wilayah", catalog.regions.names.get(region, region), disabled=True)
    else:
        levels = [LEVEL_KABKOTA, LEVEL_PROVINCE]
        level = c3.selectbox("Tingkat", levels, format_func=lambda t: LEVEL_LABELS[t].capitalize())
        region = None
        if not operator:
            table = catalog.regions.table
            options = [None, *table.loc[table["tingkat"] == level, "kode_wilayah"]]
            region = c5.selectbox(
                "Wilayah",
                options,
                key=f"templat_wilayah_{level}",
                format_func=lambda r: "Semua wilayah" if r is None else catalog.regions.names[r],
            )
    if operator and user.kode_bidang:
        sector = user.kode_bidang
        c4.text_input("Bidang", catalog.sector_names.get(sector, sector), disabled=True)
    else:
        sectors = [None, *catalog.sector_codes]
        sector = c4.selectbox(
            "Bidang", sectors, format_func=lambda s: "Semua bidang" if s is None else catalog.sector_names[s]
        )
    st.caption(
        f"Periode **{format_period(int(year), int(quarter))}**. {deadline_text(int(year), int(quarter))} "
        "Templat berisi nilai tersimpan periode ini (data simulasi tidak diisikan). Sel mutu, anggaran dan "
        "biaya satuan yang kosong mempertahankan nilai tersimpan; tulis `-` untuk mengosongkannya. "
        "Baris yang dibiarkan kosong diabaikan."
    )
    file_button(
        "Unduh templat (.xlsx)",
        build_template,
        engine,
        catalog,
        int(year),
        int(quarter),
        level,
        sector,
        region,
        file_name=f"templat_spm_{period_file_part(int(year), int(quarter))}_{region or level}_{sector or 'semua'}.xlsx",
        mime=XLSX_MIME,
    )

if operator:
    st.subheader("Kiriman saya")
    mine = own_submissions(read_store("history"), user.kode_wilayah, user.kode_bidang)
    if mine.empty:
        st.caption("Belum ada kiriman.")
    else:
        shown = pd.DataFrame(
            {
                "Versi": mine["id"].astype(int),
                "Dikirim (WIB)": [format_time_wib(t) for t in mine["dibuat_pada"]],
                "Berkas": mine["nama_berkas"].fillna("–"),
                "Baris": mine["jumlah_baris"].map(format_count),
                "Status": mine["status"].map(STATUS_LABELS).fillna(mine["status"]),
                "Catatan verifikator": [
                    str(n) if isinstance(n, str) and n and s != STATUS_PENDING else "–"
                    for n, s in zip(mine["catatan_keputusan"], mine["status"])
                ],
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch")
        for r in mine.itertuples(index=False):
            if r.status == STATUS_PENDING:
                if st.button(f"Tarik kiriman versi {int(r.id)}", key=f"tarik_{int(r.id)}"):
                    try:
                        withdraw(engine, int(r.id), user)
                    except StoreError as exc:
                        refused(exc)
                        st.stop()
                    after_write()
                    st.session_state["_kiriman_pesan"] = f"Kiriman versi {int(r.id)} ditarik; tidak ada yang dihitung."
                    st.rerun()
            elif r.status in (STATUS_REJECTED, STATUS_RETURNED):
                file_button(
                    f"Unduh templat perbaikan versi {int(r.id)}",
                    build_correction,
                    engine,
                    catalog,
                    int(r.id),
                    r.catatan_keputusan if isinstance(r.catatan_keputusan, str) else None,
                    file_name=f"perbaikan_versi_{int(r.id)}.xlsx",
                    mime=XLSX_MIME,
                    key=f"perbaikan_{int(r.id)}",
                )
    message = st.session_state.pop("_kiriman_pesan", None)
    if message:
        st.success(message)

st.subheader("2. Unggah berkas")
if user is None:
    st.info(
        "Masuk terlebih dahulu (panel **Masuk** di bilah samping) untuk mengimpor data. "
        "Melihat dasbor tidak memerlukan akun."
    )
    st.stop()
if not user.imports_are_approved:
    st.caption(
        f"Anda masuk sebagai operator ({user.scope_text(catalog)}): kiriman Anda menunggu persetujuan "
        "verifikator Biro sebelum masuk dasbor."
    )

upload = st.file_uploader(
    "Berkas CSV atau Excel (.xlsx)",
    type=["csv", "xlsx"],
    key="berkas_impor",
    help=f"Seret berkas ke sini atau klik untuk memilih; {upload_limit_text()}.",
)
if upload is None:
    st.session_state.pop(CHECK_KEY, None)
    st.stop()

saved = st.session_state.get("_tersimpan")
if saved and saved[0] == upload.file_id:
    st.success(
        f"Berkas {upload.name} sudah tersimpan sebagai versi {saved[1]} ({saved[2]}). "
        "Unggah berkas lain untuk impor berikutnya."
    )
    st.stop()

# The file is checked (in a worker process, see spm_core.intake.gate) and its problem report built once per
# uploaded file, keyed by its SHA-256 and name; a rerun of the page (any click) reuses both.
cached = st.session_state.get(CHECK_KEY)
if cached is None or cached["upload"] != (upload.file_id, upload.name):
    content = upload.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    if cached is None or (cached["sha256"], cached["name"]) != (digest, upload.name):
        waiting = st.empty()
        with st.spinner("Memeriksa berkas …"):
            check = check_import(
                engine, catalog, rules, content, upload.name, user, on_wait=lambda: waiting.info(WAITING_MESSAGE)
            )
        waiting.empty()
        report = pd.DataFrame(
            [
                {
                    "Baris": "–" if p.baris is None else str(p.baris),
                    "Wilayah": p.wilayah or "–",
                    "Layanan": p.layanan or "–",
                    "Kolom": p.kolom or "–",
                    "Jenis": p.tingkat,
                    "Pesan": p.pesan,
                    "Isi sel": p.nilai or "–",
                }
                for p in check.problems
            ]
        )
        cached = {"sha256": digest, "name": upload.name, "check": check, "problems": report}
    cached["upload"] = (upload.file_id, upload.name)
    st.session_state[CHECK_KEY] = cached
check, problems = cached["check"], cached["problems"]

if check.errors:
    st.error(
        f"Berkas **{upload.name}** belum dapat diimpor: {format_count(check.error_count)} galat. "
        "Perbaiki lalu unggah lagi. Tidak ada data yang berubah."
    )
elif check.problems:
    st.warning(f"{format_count(check.total_warnings or len(check.problems))} peringatan (berkas tetap dapat diimpor).")
if len(problems):
    # a table that wraps its text: every message is readable in full at 1280 px
    st.table(problems.set_index("Baris"))
    d1, d2 = st.columns(2)
    report = problems.assign(
        Baris=pd.to_numeric(problems["Baris"], errors="coerce").astype("Int64")
    )  # a number in files
    excel_button("Unduh laporan masalah (Excel)", report, f"masalah_{upload.name}.xlsx", "masalah", container=d1)
    csv_button("Unduh laporan masalah (CSV)", report, f"masalah_{upload.name}.csv", container=d2)
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

fields, clearings = check.fields, check.clearings
kept_fields = fields[~fields["dikosongkan"].astype(bool)] if fields is not None else fields
if kept_fields is not None and len(kept_fields):
    st.markdown(f"**Isian yang berubah** ({format_count(len(kept_fields))}; nilai lama → nilai baru)")
    st.dataframe(change_table(kept_fields, catalog), hide_index=True, width="stretch")
confirmed = clearings_confirmed(
    clearings,
    catalog,
    f"**Nilai tersimpan yang dikosongkan** ({format_count(len(clearings))}, ditulis `-` di berkas).",
    key=f"kosongkan_{check.sha256[:12]}",
)
if check.score_changes is not None and len(check.score_changes):
    st.markdown("**Nilai wilayah yang berubah**")
    moves = check.score_changes
    st.dataframe(score_change_table(moves), hide_index=True, width="stretch")
if not summary["baru"] and not summary["berubah"]:
    st.info("Semua baris sama dengan data yang tersimpan; menyimpannya tetap dicatat sebagai versi baru.")

note = st.text_input("Catatan untuk versi ini (opsional)", max_chars=500)
label = "Simpan sebagai versi baru (langsung berlaku)" if user.imports_are_approved else "Kirim untuk persetujuan"
c1, c2 = st.columns([1, 1])
if not confirmed:
    st.warning("Centang setiap nilai yang dikosongkan, atau isi sel itu di berkas lalu unggah lagi.")
if c1.button(label, type="primary", disabled=not confirmed):
    try:  # the account and its scope are checked again inside the commit's transaction
        record = commit_import(engine, check, user, catalog, note or None)
    except StoreError as exc:
        refused(exc)
        st.stop()
    after_write()
    st.session_state.pop(CHECK_KEY, None)
    status = "berlaku di dasbor" if record["status"] == "disetujui" else "menunggu persetujuan verifikator"
    st.session_state["_tersimpan"] = (upload.file_id, record["id"], status)
    st.rerun()
if c2.button("Batal"):
    st.session_state.pop(CHECK_KEY, None)
    st.info("Dibatalkan; tidak ada yang disimpan.")
