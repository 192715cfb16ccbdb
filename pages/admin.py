"""Admin: users and their roles, the optional viewer password, removing the simulated data once
real data arrive, and a backup of the whole database."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from spm_core.auth import ROLE_LABELS, ROLES, AuthError, add_user, hash_password, list_users, reset_password, set_active
from spm_core.formatting import format_count, format_wib
from spm_core.store.backup import backup
from spm_core.store.versions import AUDIT_ACTIONS, StoreError, audit_log, remove_simulated, set_setting
from spm_core.visuals.tables import users_table
from ui.bootstrap import ensure_app_entrypoint
from ui.session import VIEWER_PASSWORD_SETTING, current_user, refused
from ui.state import after_write, get_catalog, get_dataset, get_engine

ensure_app_entrypoint()

engine, user, catalog = get_engine(), current_user(), get_catalog()
st.title("Admin")
if user is None or not user.is_admin:
    st.warning("Halaman ini hanya untuk admin.")
    st.stop()

st.subheader("Pengguna")
st.dataframe(
    users_table(list_users(engine), ROLE_LABELS, catalog.regions.names, catalog.sector_names),
    hide_index=True,
    width="stretch",
)
with st.form("tambah_pengguna", clear_on_submit=True):
    st.markdown("**Tambah pengguna**")
    c1, c2 = st.columns(2)
    name = c1.text_input("Nama pengguna")
    role = c2.selectbox("Peran", ROLES, format_func=ROLE_LABELS.get)
    region = c1.selectbox(
        "Wilayah (operator kab/kota)",
        [None, *catalog.regions.names],
        format_func=lambda k: "—" if k is None else f"{catalog.regions.names[k]} ({k})",
    )
    sector = c2.selectbox(
        "Bidang (operator OPD)",
        [None, *catalog.sector_codes],
        format_func=lambda k: "—" if k is None else catalog.sector_names[k],
    )
    password = st.text_input("Kata sandi awal (minimal 10 karakter)", type="password")
    if st.form_submit_button("Tambah"):
        try:
            add_user(engine, name, password, role, kode_wilayah=region, kode_bidang=sector, by=user)
            st.success(f"Pengguna {name} ditambahkan.")
        except AuthError as exc:
            st.error(str(exc))

names = list_users(engine)["nama"].tolist()
if names:
    with st.form("ubah_pengguna", clear_on_submit=True):
        st.markdown("**Atur ulang kata sandi / nonaktifkan**")
        target = st.selectbox("Pengguna", names)
        new_password = st.text_input("Kata sandi baru", type="password")
        c1, c2, c3 = st.columns(3)
        try:
            if c1.form_submit_button("Atur ulang kata sandi"):
                reset_password(engine, target, new_password, by=user)
                st.success(
                    f"Kata sandi {target} diatur ulang; sesi terbukanya berakhir dan ia harus memilih "
                    "kata sandi baru saat masuk."
                )
            if c2.form_submit_button("Nonaktifkan"):
                if target == user.nama:
                    st.error("Anda tidak dapat menonaktifkan akun Anda sendiri.")
                else:
                    set_active(engine, target, False, by=user)
                    st.success(f"{target} dinonaktifkan.")
            if c3.form_submit_button("Aktifkan"):
                set_active(engine, target, True, by=user)
                st.success(f"{target} diaktifkan.")
        except (AuthError, StoreError) as exc:
            refused(exc)

st.subheader("Kata sandi penonton")
st.caption("Bila diisi, dasbor hanya dapat dilihat setelah memasukkan kata sandi ini (disimpan sebagai hash).")
with st.form("sandi_penonton_admin", clear_on_submit=True):
    viewer = st.text_input("Kata sandi penonton baru (kosongkan untuk membuka dasbor bagi semua)", type="password")
    if st.form_submit_button("Simpan"):
        try:
            set_setting(engine, VIEWER_PASSWORD_SETTING, hash_password(viewer) if viewer else None, user)
            after_write()
            st.success("Kata sandi penonton disimpan." if viewer else "Dasbor terbuka tanpa kata sandi.")
        except (AuthError, StoreError) as exc:
            refused(exc)

st.subheader("Data simulasi")
dataset = get_dataset()
if dataset.simulated:
    st.markdown(
        f"Data yang tampil memuat **{format_count(dataset.simulated_rows)} baris simulasi**. Hapus dari "
        "tampilan setelah data resmi masuk; baris itu tetap ada di riwayat."
    )
    sure = st.checkbox("Saya yakin: hapus semua data simulasi dari tampilan")
    if st.button("Hapus data simulasi", disabled=not sure):
        try:
            record = remove_simulated(engine, user)
            after_write()
            st.success(f"Versi {record['id']}: data simulasi dihapus dari tampilan.")
        except StoreError as exc:
            refused(exc)
else:
    st.markdown("Tidak ada data simulasi dalam tampilan.")

st.subheader("Log audit")
st.caption(
    "Masuk, penguncian, persetujuan, penolakan, pemulihan, perubahan pengguna dan peran, serta tindakan "
    "baris perintah (cli:…); 500 terbaru, waktu WIB. Nama yang diketik saat gagal masuk disimpan hanya "
    "3 huruf pertama dan sidik kuncinya; log masuk disimpan 90 hari."
)
with engine.connect() as connection:
    audit = audit_log(connection, limit=500)
if len(audit):
    audit = audit.assign(
        waktu=audit["waktu"].map(lambda t: format_wib(t, "%d-%m-%Y %H:%M:%S")),
        aksi=audit["aksi"].map(AUDIT_ACTIONS).fillna(audit["aksi"]),
    ).fillna("–")
    audit.columns = ["Waktu (WIB)", "Pengguna", "Aksi", "Keterangan"]
st.dataframe(audit, hide_index=True, width="stretch")

st.subheader("Cadangan")
st.caption(
    "Seluruh basis data dalam satu berkas (.jsonl.gz); pulihkan dengan "
    "`python -m spm_core restore BERKAS` ke basis data kosong."
)
if st.button("Buat cadangan"):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cadangan_spm.jsonl.gz"
        backup(engine, path)
        st.session_state["_cadangan"] = path.read_bytes()
if st.session_state.get("_cadangan"):
    st.download_button("Unduh cadangan", st.session_state["_cadangan"], file_name="cadangan_spm.jsonl.gz")
