"""Persetujuan: a verifier (the Biro) approves or rejects operators' submissions, seeing what each
would change; only approved data count in the dashboard."""

from __future__ import annotations

import streamlit as st

from spm_core.formatting import format_count
from spm_core.importing import score_changes
from spm_core.store.versions import STATUS_PENDING, StoreError, as_clean_table, decide, diff, history, state, version_rows
from ui.session import current_user
from ui.state import after_write, get_catalog, get_engine, get_rules
from ui.bootstrap import ensure_app_entrypoint

ensure_app_entrypoint()

engine, user, catalog, rules = get_engine(), current_user(), get_catalog(), get_rules()
st.title("Persetujuan kiriman data")
if user is None or not user.can_approve:
    st.warning("Halaman ini untuk verifikator Biro dan admin.")
    st.stop()

with engine.connect() as connection:
    pending = history(connection)
pending = pending[pending["status"] == STATUS_PENDING]
if pending.empty:
    st.success("Tidak ada kiriman yang menunggu persetujuan.")
    st.stop()

labels = {int(r.id): f"Versi {r.id} · {r.pengguna} · {r.nama_berkas or '-'} · {r.dibuat_pada:%d-%m-%Y %H:%M}"
          for r in pending.itertuples(index=False)}
chosen = st.selectbox("Kiriman", list(labels), format_func=labels.get)
record = pending[pending["id"] == chosen].iloc[0]
with engine.connect() as connection:
    rows = version_rows(connection, chosen)
    stored = state(connection)
incoming = rows[~rows["dihapus"].astype(bool)].drop(columns="dihapus")
changes = diff(stored, incoming)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Baris", format_count(len(incoming)))
c2.metric("Baru", format_count(changes.summary["baru"]))
c3.metric("Berubah", format_count(changes.summary["berubah"]))
c4.metric("Sama", format_count(changes.summary["sama"]))
if record["catatan"]:
    st.markdown(f"Catatan pengirim: {record['catatan']}")
moves = score_changes(as_clean_table(stored) if len(stored) else stored, as_clean_table(incoming.assign(
    simulasi=False, versi_id=chosen)).drop(columns=["simulasi", "versi_id"]), catalog, rules)
if len(moves):
    st.markdown("**Nilai wilayah yang akan berubah bila disetujui**")
    st.dataframe(moves[["tahun", "triwulan", "nama_wilayah", "nilai_bulat_lama", "kategori_lama", "nilai_bulat_baru",
                        "kategori_baru", "selisih"]], hide_index=True, width="stretch")
with st.expander("Baris kiriman"):
    st.dataframe(incoming, hide_index=True, width="stretch")

note = st.text_area("Catatan keputusan", max_chars=1000)
a, r = st.columns(2)
try:
    if a.button("Setujui", type="primary"):
        decide(engine, chosen, user.nama, approve=True, note=note)
        after_write()
        st.success(f"Versi {chosen} disetujui dan kini dihitung di dasbor.")
    if r.button("Tolak", disabled=not note.strip()):
        decide(engine, chosen, user.nama, approve=False, note=note)
        after_write()
        st.success(f"Versi {chosen} ditolak.")
except StoreError as exc:
    st.error(str(exc))
