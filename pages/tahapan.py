"""Tahapan dan pelaporan: the four stages of applying SPM and the action plan per region × sector,
problems and follow-ups, and whether each region reported on time and completely."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from spm_core import gaps
from spm_core.formatting import format_count, format_quarter
from spm_core.intake.filesafety import upload_limit_text
from spm_core.intake.gate import KIND_STAGES, WAITING_MESSAGE, check_file
from spm_core.store import StoreError
from spm_core.store.planning import (
    PROBLEM_STATUSES,
    add_problem,
    import_stages,
    set_action_plan,
    set_stage,
    update_problem,
)
from ui.bootstrap import ensure_app_entrypoint
from ui.charts import grid
from ui.components import data_notice
from ui.downloads import machine_csv_button, table_downloads
from ui.filters import current_selection
from ui.session import current_user
from ui.state import after_write, get_catalog, get_dataset, get_engine, get_scores
from ui.views import (
    problems_screen,
    reporting,
    reporting_screen,
    stage_details,
    stage_table,
    stage_table_html,
)

ensure_app_entrypoint()

catalog, scores, dataset, engine = get_catalog(), get_scores(), get_dataset(), get_engine()
user = current_user()
editor = bool(user and user.can_approve)
sel = current_selection()
region_names = catalog.regions.names
sector_names = catalog.sector_names
sectors = [sel.bidang] if sel.bidang else catalog.sector_codes
st.title(f"Tahapan penerapan dan pelaporan {sel.tahun}")
st.markdown(
    f"**{sector_names[sel.bidang] if sel.bidang else 'Semua bidang'}** · empat tahap Permendagri "
    "59/2021, rencana aksi, permasalahan dan tindak lanjut, serta ketepatan dan keterisian laporan."
)
data_notice(dataset.label, dataset.simulated)


def colored(frame: pd.DataFrame, columns: list[str]):
    """A Styler colouring the status cells (the status is written in the cell too, not colour alone)."""
    frame = frame.astype(object).where(frame.notna(), "–")
    return frame.style.map(
        lambda v: f"background-color: {gaps.STATUS_COLORS[v]}" if v in gaps.STATUS_COLORS else "", subset=columns
    )


def saved(message: str) -> None:
    after_write()
    st.session_state["_tahapan_pesan"] = message
    st.rerun()


tab_stage, tab_problem, tab_report = st.tabs(
    ["Tahapan dan rencana aksi", "Permasalahan dan tindak lanjut", "Ketepatan dan keterisian laporan"],
    key="tab",
    bind="query-params",
)
if message := st.session_state.pop("_tahapan_pesan", None):
    st.toast(message)

# --- the four stages and the action plan -----------------------------------------------------------
with tab_stage:
    details = stage_details(sel.tahun, sectors)
    matrix = stage_table(sel.tahun, sectors)
    st.html(stage_table_html(sel.tahun, sectors))
    st.caption(
        'Status tiap tahap: belum / proses / selesai (yang belum dicatat tampil "belum"). Rencana aksi: '
        '"ya" bila sudah ditetapkan (Pergub/Perbup/Perwal).'
    )
    if details.empty:
        st.info(f"Belum ada status tahapan yang dicatat untuk {sel.tahun}.")
    else:
        with st.expander("Tanggal dan catatan tahapan"):
            grid(details, hide_index=True, width="stretch")
    table_downloads(matrix, f"tahapan_{sel.tahun}", "tahapan")

    if editor:
        st.subheader("Perbarui")
        left, right = st.columns(2)
        with left.form("tahap_baru"):
            st.markdown("**Status satu tahap**")
            region = st.selectbox("Wilayah", list(region_names), format_func=region_names.get)
            sector = st.selectbox("Bidang", sectors, format_func=sector_names.get)
            stage = st.selectbox("Tahap", list(gaps.STAGES), format_func=lambda k: f"{k}. {gaps.STAGES[k]}")
            status = st.selectbox("Status", gaps.STAGE_STATUSES)
            when = st.date_input("Tanggal", value=None, format="DD/MM/YYYY")
            note = st.text_input("Catatan", max_chars=500)
            if st.form_submit_button("Simpan status tahap", type="primary"):
                try:
                    set_stage(engine, user, sel.tahun, region, sector, stage, status, when, note)
                    saved("Status tahap tersimpan.")
                except StoreError as exc:
                    st.error(str(exc))
        with right.form("rencana_aksi_baru"):
            st.markdown("**Rencana aksi**")
            region = st.selectbox("Wilayah", list(region_names), format_func=region_names.get, key="ra_wilayah")
            sector = st.selectbox("Bidang", sectors, format_func=sector_names.get, key="ra_bidang")
            adopted = st.checkbox("Rencana aksi sudah ditetapkan")
            when = st.date_input("Tanggal penetapan", value=None, format="DD/MM/YYYY", key="ra_tanggal")
            note = st.text_input("Nomor peraturan / catatan", max_chars=500, key="ra_catatan")
            if st.form_submit_button("Simpan rencana aksi", type="primary"):
                try:
                    set_action_plan(engine, user, sel.tahun, region, sector, adopted, when, note)
                    saved("Rencana aksi tersimpan.")
                except StoreError as exc:
                    st.error(str(exc))

        st.markdown(
            f"**Impor status tahapan {sel.tahun}** (CSV atau Excel dengan kolom "
            f"{', '.join(gaps.STAGE_FILE_COLUMNS)}; tahap 1–4; status belum/proses/selesai; "
            "tanggal TTTT-BB-HH; kolom tahun opsional)"
        )
        template = pd.DataFrame(
            [["36.02", "PEND", 1, "selesai", f"{sel.tahun}-03-31", "contoh"]], columns=gaps.STAGE_FILE_COLUMNS
        )
        machine_csv_button(
            "Unduh contoh berkas", template, "templat_tahapan.csv", help="Berkas CSV untuk diisi lalu diunggah"
        )
        upload = st.file_uploader(
            "Berkas tahapan (CSV atau Excel .xlsx)",
            type=["csv", "xlsx"],
            key="berkas_tahapan",
            help=f"Seret berkas ke sini atau klik untuk memilih; {upload_limit_text()}.",
        )
        if upload is not None:
            # The same gate as every upload (spm_core.intake.gate): safety check, reading and validation in a
            # worker process; the answer is kept for this file and year, not redone on every rerun.
            key = (upload.file_id, upload.name, sel.tahun)
            checked = st.session_state.get("_cek_tahapan")
            if checked is None or checked[0] != key:
                waiting = st.empty()
                with st.spinner("Memeriksa berkas …"):
                    result = check_file(
                        upload.getvalue(),
                        upload.name,
                        catalog,
                        KIND_STAGES,
                        tahun=sel.tahun,
                        on_wait=lambda: waiting.info(WAITING_MESSAGE),
                    )
                waiting.empty()
                checked = (key, result)
                st.session_state["_cek_tahapan"] = checked
            result = checked[1]
            clean = result.data if result.data is not None else pd.DataFrame()
            problems = result.problems
            if problems:
                st.error(
                    f"{format_count(result.total_errors or len(problems))} masalah; perbaiki lalu unggah lagi. "
                    "Tidak ada yang disimpan."
                )
                st.dataframe(
                    pd.DataFrame(
                        [{"Baris": p.baris, "Kolom": p.kolom, "Pesan": p.pesan, "Isi sel": p.nilai} for p in problems]
                    ),
                    hide_index=True,
                    width="stretch",
                )
            elif len(clean):
                st.success(f"{format_count(len(clean))} baris siap disimpan.")
                if st.button("Simpan status tahapan dari berkas", type="primary"):
                    try:
                        import_stages(engine, user, clean, upload.name)
                        saved(f"{len(clean)} status tahapan tersimpan.")
                    except StoreError as exc:
                        st.error(str(exc))
    else:
        st.caption("Verifikator atau admin dapat memperbarui status tahapan dan rencana aksi setelah masuk.")

# --- problems and follow-ups -----------------------------------------------------------------------
with tab_problem:
    problems = problems_screen(sel.tahun, sectors)
    items = problems.items
    if problems.listed is None:
        st.info(
            f"Belum ada permasalahan yang dicatat untuk {sel.tahun}. Laporan e-SPM meminta permasalahan, solusi "
            "dan tindak lanjut tiap triwulan — bagian yang paling sering dilewati."
        )
    else:
        listed = problems.listed
        m1, m2, m3 = st.columns(3)
        m1.metric("Permasalahan", format_count(listed.total))
        m2.metric("Belum selesai", format_count(listed.unfinished))
        m3.metric("Lewat tenggat", format_count(listed.overdue))
        st.dataframe(colored(listed.table, ["Status"]), hide_index=True, width="stretch")
        table_downloads(items, f"permasalahan_{sel.tahun}", "permasalahan")
    if user is not None:  # operators report their own problems; follow-ups are the Biro's
        left, right = st.columns(2)
        own_regions = [user.kode_wilayah] if user.kode_wilayah and not editor else list(region_names)
        own_sectors = [user.kode_bidang] if user.kode_bidang and not editor else sectors
        with left.form("permasalahan_baru", clear_on_submit=True):
            st.markdown("**Catat permasalahan**")
            f1, f2 = st.columns(2)
            region = f1.selectbox("Wilayah", own_regions, format_func=region_names.get, key="pm_wilayah")
            sector = f2.selectbox("Bidang", own_sectors, format_func=sector_names.get, key="pm_bidang")
            quarter = st.selectbox("Triwulan", [1, 2, 3, 4], index=max(sel.triwulan - 1, 0), key="pm_triwulan")
            problem = st.text_area("Permasalahan", max_chars=2000)
            solution = st.text_area("Solusi", max_chars=2000)
            follow_up = st.text_area("Tindak lanjut (hasil rapat koordinasi)", max_chars=2000)
            f3, f4 = st.columns(2)
            owner = f3.text_input("Penanggung jawab", max_chars=120)
            due = f4.date_input("Tenggat", value=None, format="DD/MM/YYYY")
            if st.form_submit_button("Simpan permasalahan", type="primary"):
                try:
                    number = add_problem(
                        engine,
                        user,
                        tahun=sel.tahun,
                        triwulan=quarter,
                        kode_wilayah=region,
                        kode_bidang=sector,
                        permasalahan=problem,
                        solusi=solution,
                        tindak_lanjut=follow_up,
                        penanggung_jawab=owner,
                        tenggat=due,
                    )
                    saved(f"Permasalahan no. {number} tersimpan.")
                except StoreError as exc:
                    st.error(str(exc))
        if editor and not items.empty:
            with right.form("tindak_lanjut"):
                st.markdown("**Perbarui tindak lanjut**")
                number = st.selectbox("No.", items["nomor"].tolist())
                status = st.selectbox("Status", PROBLEM_STATUSES)
                follow_up = st.text_area("Tindak lanjut", max_chars=2000, key="tl_teks")
                if st.form_submit_button("Simpan pembaruan"):
                    changes = {"status": status}
                    if follow_up.strip():
                        changes["tindak_lanjut"] = follow_up
                    try:
                        update_problem(engine, user, int(number), **changes)
                        saved(f"Permasalahan no. {number} diperbarui.")
                    except StoreError as exc:
                        st.error(str(exc))
    else:
        st.caption(
            "Operator wilayah/OPD dapat mencatat permasalahannya, dan verifikator atau admin mencatat "
            "tindak lanjut, setelah masuk."
        )

# --- reporting timeliness and completeness ---------------------------------------------------------
with tab_report:
    quarters = [q for q in scores.quarters(sel.tahun) if q] or [1, 2, 3, 4]
    report = reporting(sel.tahun)
    if (report["status_laporan"] == gaps.TIMELINESS_INITIAL).any():
        what = "Data simulasi" if dataset.simulated else "Data awal"
        st.warning(
            f"{what} dimuat sekaligus saat aplikasi dipasang: tanggalnya bukan tanggal pelaporan "
            'sebenarnya, jadi ketepatan waktunya tidak dinilai ("data awal"). Ketepatan waktu terbaca '
            "untuk data yang diimpor lewat halaman Impor data."
        )
    deadlines = ", ".join(f"{format_quarter(q)}: {gaps.reporting_deadline(sel.tahun, q):%d-%m-%Y}" for q in quarters)
    st.markdown(
        f"Tenggat laporan triwulan: {deadlines}. Tanggal kirim = saat versi pertama yang memuat baris "
        "wilayah itu untuk triwulan tersebut disimpan (dan kemudian disetujui)."
    )
    shown = reporting_screen(sel.tahun)
    st.html(shown.grid_html)
    grid(shown.table, hide_index=True, width="stretch")
    st.caption(
        "Keterisian = bagian baris wilayah × layanan yang diharapkan yang sudah ada dan lengkap (sasaran dan "
        "mutu terisi)."
    )
    table_downloads(report, f"ketepatan_laporan_{sel.tahun}", "laporan")
