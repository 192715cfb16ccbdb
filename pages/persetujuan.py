"""Persetujuan: a verifier (the Biro) approves or rejects operators' submissions. An approval is a
NEW version on top of the current data (history already shown never changes): where a later
version changed a submitted row, the verifier sees the conflict row by row (stored, newer,
submitted) and chooses per row; the page says exactly what will count."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from spm_core.formatting import format_count, format_period, format_wib
from spm_core.intake.changes import FIELD_LABELS, change_table, field_changes, format_field, score_change_table
from spm_core.intake.importing import score_changes
from spm_core.store.versions import (
    STATUS_PENDING,
    StoreError,
    approval_plan,
    as_clean_table,
    decide,
    history,
    state,
)
from ui.bootstrap import ensure_app_entrypoint
from ui.components import clearings_confirmed
from ui.session import current_user, refused
from ui.state import after_write, get_catalog, get_engine, get_rules

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


def _scope(r) -> str:
    parts = [
        catalog.regions.names.get(r.wilayah_pengirim, r.wilayah_pengirim)
        if isinstance(r.wilayah_pengirim, str)
        else None,
        catalog.sector_names.get(r.bidang_pengirim, r.bidang_pengirim) if isinstance(r.bidang_pengirim, str) else None,
    ]
    return ", ".join(p for p in parts if p) or "–"


st.caption(f"{format_count(len(pending))} kiriman menunggu keputusan.")
labels = {
    int(r.id): f"Versi {r.id} · {r.pengguna} ({_scope(r)}) · {r.nama_berkas or '–'} · {format_wib(r.dibuat_pada)} WIB"
    for r in pending.itertuples(index=False)
}
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
    st.markdown(
        f"**{format_count(len(conflicts))} baris kiriman ini sudah diubah oleh versi yang lebih baru** "
        f"(sesudah versi {plan.base}, dasar kiriman). Pilih per baris: pertahankan nilai terbaru (bawaan) "
        "atau ambil nilai kiriman."
    )
    table = pd.DataFrame(
        {
            "Periode": [format_period(int(y), int(q)) for y, q in zip(conflicts["tahun"], conflicts["triwulan"])],
            "Wilayah": [f"{catalog.regions.names.get(str(c), c)} ({c})" for c in conflicts["kode_wilayah"]],
            "Layanan": [f"{c} · {catalog.service_short_names.get(str(c), '')}" for c in conflicts["kode_layanan"]],
        }
    )
    for column in VALUE_SHOWN:
        label = FIELD_LABELS[column]
        table[f"{label} (tersimpan)"] = conflicts[column + "_tersimpan"].map(lambda x, c=column: format_field(c, x))
        table[f"{label} (terbaru)"] = conflicts[column + "_terbaru"].map(lambda x, c=column: format_field(c, x))
        table[f"{label} (kiriman)"] = conflicts[column].map(lambda x, c=column: format_field(c, x))
    table.insert(0, "Ambil nilai kiriman", False)
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        key=f"konflik_{chosen}",
        disabled=[c for c in table.columns if c != "Ambil nilai kiriman"],
    )
    picked = conflicts[edited["Ambil nilai kiriman"].astype(bool).to_numpy()]
    take = {
        (int(r.tahun), int(r.triwulan), str(r.kode_wilayah), str(r.kode_layanan))
        for r in picked.itertuples(index=False)
    }

to_write = plan.rows_to_write(take)
kept = len(conflicts) - len(take)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Baris kiriman", format_count(int(record["jumlah_baris"])))
c2.metric("Akan berlaku", format_count(len(to_write)))
c3.metric("Tetap nilai terbaru", format_count(kept))
c4.metric("Sudah sama", format_count(plan.unchanged))
st.info(
    f"Bila disetujui: versi baru di atas data terkini (versi {plan.latest}) yang menulis "
    f"{format_count(len(to_write))} baris kiriman ini"
    + (f"; {format_count(kept)} baris yang sudah diubah versi lebih baru tetap bernilai terbaru" if kept else "")
    + ". Versi lama tidak berubah."
)
moves = (
    score_changes(
        as_clean_table(stored) if len(stored) else stored,
        as_clean_table(to_write.assign(simulasi=False, versi_id=chosen)).drop(columns=["simulasi", "versi_id"]),
        catalog,
        rules,
    )
    if len(to_write)
    else pd.DataFrame()
)
fields = field_changes(stored, to_write)
clearings = fields[fields["dikosongkan"].astype(bool)] if len(fields) else fields
others = fields[~fields["dikosongkan"].astype(bool)] if len(fields) else fields
if len(others):
    st.markdown(f"**Isian yang akan berubah bila disetujui** ({format_count(len(others))}; nilai lama → nilai baru)")
    st.dataframe(change_table(others, catalog), hide_index=True, width="stretch")
confirmed = clearings_confirmed(
    clearings,
    catalog,
    f"**Nilai tersimpan yang akan dikosongkan** ({format_count(len(clearings))}).",
    key=f"kosongkan_{chosen}",
)
if len(moves):
    st.markdown("**Nilai wilayah yang akan berubah bila disetujui**")
    st.dataframe(score_change_table(moves), hide_index=True, width="stretch")

note = st.text_area(
    "Catatan keputusan",
    max_chars=1000,
    help="Wajib untuk menolak atau mengembalikan: pengirim membacanya di *Kiriman saya*.",
)
if not confirmed:
    st.warning("Centang setiap nilai yang akan dikosongkan sebelum menyetujui.")
a, k, r = st.columns(3)
try:
    if a.button("Setujui", type="primary", disabled=not confirmed):
        new = decide(engine, chosen, user, approve=True, note=note, take_submitted=take, expected_latest=plan.latest)
        after_write()
        st.session_state["_persetujuan_selesai"] = (
            f"Kiriman versi {chosen} disetujui dan kini dihitung di dasbor sebagai versi {new['id']}: "
            f"{format_count(len(to_write))} baris berlaku"
            + (f"; {format_count(kept)} baris tetap bernilai terbaru." if kept else ".")
        )
        st.rerun()
    if k.button("Kembalikan untuk perbaikan", disabled=not note.strip()):
        decide(engine, chosen, user, approve=False, note=note, return_for_correction=True)
        after_write()
        st.session_state["_persetujuan_selesai"] = f"Versi {chosen} dikembalikan ke pengirim untuk perbaikan."
        st.rerun()
    if r.button("Tolak", disabled=not note.strip()):
        decide(engine, chosen, user, approve=False, note=note)
        after_write()
        st.session_state["_persetujuan_selesai"] = f"Versi {chosen} ditolak."
        st.rerun()
except StoreError as exc:
    refused(exc)
