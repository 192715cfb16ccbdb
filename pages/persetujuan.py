"""Persetujuan: a verifier (the Biro) approves or rejects operators' submissions. An approval is a
NEW version on top of the current data (history already shown never changes): where a later
version changed a submitted row, the verifier sees the conflict row by row (stored, newer,
submitted) and chooses per row; the page says exactly what will count."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from spm_core.formatting import format_count
from spm_core.importing import score_changes
from spm_core.store.versions import (KEY_COLUMNS, STATUS_PENDING, StoreError, approval_plan, as_clean_table, decide,
                                     history, state)
from ui.session import current_user, refused
from ui.state import after_write, get_catalog, get_engine, get_rules
from ui.bootstrap import ensure_app_entrypoint
from ui.timezone import wib

ensure_app_entrypoint()

engine, user, catalog, rules = get_engine(), current_user(), get_catalog(), get_rules()
st.title("Persetujuan kiriman data")
if user is None or not user.can_approve:
    st.warning("Halaman ini untuk verifikator Biro dan admin.")
    st.stop()

done = st.session_state.pop("_persetujuan_selesai", None)
if done:
    st.success(done)

with engine.connect() as connection:
    pending = history(connection)
pending = pending[pending["status"] == STATUS_PENDING]
if pending.empty:
    st.success("Tidak ada kiriman yang menunggu persetujuan.")
    st.stop()

labels = {int(r.id): f"Versi {r.id} · {r.pengguna} · {r.nama_berkas or '-'} · {wib(r.dibuat_pada)} WIB"
          for r in pending.itertuples(index=False)}
chosen = st.selectbox("Kiriman", list(labels), format_func=labels.get)
record = pending[pending["id"] == chosen].iloc[0]
with engine.connect() as connection:
    plan = approval_plan(connection, chosen)
    stored = state(connection)

if record["catatan"]:
    st.caption("Catatan pengirim:")
    st.text(str(record["catatan"]))  # as typed: never rendered as Markdown or a link

conflicts = plan.conflicts
VALUE_SHOWN = ["harus_dilayani", "terlayani", "mutu_dibutuhkan", "mutu_tersedia"]
take: set = set()
if len(conflicts):
    st.markdown(f"**{format_count(len(conflicts))} baris kiriman ini sudah diubah oleh versi yang lebih baru** "
                f"(sesudah versi {plan.base}, dasar kiriman). Pilih per baris: pertahankan nilai terbaru (bawaan) "
                "atau ambil nilai kiriman.")
    table = conflicts[KEY_COLUMNS].copy()
    for column in VALUE_SHOWN:
        table[f"{column} (tersimpan)"] = conflicts[column + "_tersimpan"]
        table[f"{column} (terbaru)"] = conflicts[column + "_terbaru"]
        table[f"{column} (kiriman)"] = conflicts[column]
    table.insert(0, "Ambil nilai kiriman", False)
    edited = st.data_editor(table, hide_index=True, width="stretch", key=f"konflik_{chosen}",
                            disabled=[c for c in table.columns if c != "Ambil nilai kiriman"])
    picked = edited[edited["Ambil nilai kiriman"].astype(bool)]
    take = {(int(r.tahun), int(r.triwulan), str(r.kode_wilayah), str(r.kode_layanan))
            for r in picked.itertuples(index=False)}

to_write = plan.rows_to_write(take)
kept = len(conflicts) - len(take)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Baris kiriman", format_count(int(record["jumlah_baris"])))
c2.metric("Akan berlaku", format_count(len(to_write)))
c3.metric("Tetap nilai terbaru", format_count(kept))
c4.metric("Sudah sama", format_count(plan.unchanged))
st.info(f"Bila disetujui: versi baru di atas data terkini (versi {plan.latest}) yang menulis "
        f"{format_count(len(to_write))} baris kiriman ini"
        + (f"; {format_count(kept)} baris yang sudah diubah versi lebih baru tetap bernilai terbaru" if kept else "")
        + ". Versi lama tidak berubah.")
moves = score_changes(as_clean_table(stored) if len(stored) else stored,
                      as_clean_table(to_write.assign(simulasi=False, versi_id=chosen)).drop(columns=["simulasi", "versi_id"]),
                      catalog, rules) if len(to_write) else pd.DataFrame()
if len(moves):
    st.markdown("**Nilai wilayah yang akan berubah bila disetujui**")
    st.dataframe(moves[["tahun", "triwulan", "nama_wilayah", "nilai_bulat_lama", "kategori_lama", "nilai_bulat_baru",
                        "kategori_baru", "selisih"]], hide_index=True, width="stretch")
with st.expander("Baris yang akan berlaku"):
    st.dataframe(to_write, hide_index=True, width="stretch")

note = st.text_area("Catatan keputusan", max_chars=1000)
a, r = st.columns(2)
try:
    if a.button("Setujui", type="primary"):
        new = decide(engine, chosen, user, approve=True, note=note, take_submitted=take,
                     expected_latest=plan.latest)
        after_write()
        st.session_state["_persetujuan_selesai"] = (
            f"Kiriman versi {chosen} disetujui dan kini dihitung di dasbor sebagai versi {new['id']}: "
            f"{format_count(len(to_write))} baris berlaku"
            + (f"; {format_count(kept)} baris tetap bernilai terbaru." if kept else "."))
        st.rerun()
    if r.button("Tolak", disabled=not note.strip()):
        decide(engine, chosen, user, approve=False, note=note)
        after_write()
        st.session_state["_persetujuan_selesai"] = f"Versi {chosen} ditolak."
        st.rerun()
except StoreError as exc:
    refused(exc)
