"""Profil wilayah: one region, every sector and service — score, category, change from a year
before, unserved people, budget need where unit costs exist, completeness.

Opens from the region selector, from the URL (``?wilayah=36.03``, or a region name) and from a
click on the map (``st.switch_page("pages/profil.py", query_params={"wilayah": "36.02"})``)."""

from __future__ import annotations

import streamlit as st

from spm_core.formatting import format_period, period_file_part
from ui.bootstrap import ensure_app_entrypoint
from ui.charts import chart, table
from ui.components import data_notice, score_card_html
from ui.filters import current_selection
from ui.state import get_catalog, get_dataset, get_rules
from ui.text import plain
from ui.views import profile

ensure_app_entrypoint()

URL_STATE = "_profil_wilayah_url"  # the region this page last wrote into the URL
catalog, rules, dataset = get_catalog(), get_rules(), get_dataset()
sel = current_selection()
names = catalog.regions.names
period = format_period(sel.tahun, sel.triwulan)

# The region is kept in the URL as its code (``?wilayah=36.03``); a link may also carry ``3603`` or
# any spelling the catalog knows ("Tangsel"). The parameter is managed here rather than bound to
# the widget, so every spelling opens the region and the address bar ends up with its code. The URL
# chooses the region when it changed from outside (a link, a click on the map); after that the
# selectbox does, and the URL follows it.
codes = list(names)
asked = st.query_params.get("wilayah")
match = catalog.regions.match(asked).kode if asked else None
if match in names and (asked != st.session_state.get(URL_STATE) or "wilayah" not in st.session_state):
    st.session_state["wilayah"] = match

st.title("Profil wilayah")
data_notice(dataset.label, dataset.simulated)
code = st.selectbox("Wilayah", codes, format_func=names.get, key="wilayah")
if asked and match not in names:
    # whatever the link carries is shown as plain text (never a link, never Markdown)
    st.warning(f"Wilayah “{plain(asked, 60)}” tidak dikenal; menampilkan {names[code]}.")
if asked != code:
    st.query_params["wilayah"] = code
st.session_state[URL_STATE] = code
name = names[code]
st.caption(
    f"{period} · tahun dan periode dipilih di panel samping; perubahan dibanding periode yang sama tahun sebelumnya."
)

view = profile(code, sel.tahun, sel.triwulan)
row = view.row
if not view.has_data:
    st.info(f"Belum ada data {name} untuk {period}. Pilih periode lain.")
    st.stop()

card, facts = st.columns([1, 2])
card.html(
    score_card_html(
        name,
        f"Nilai SPM {period}",
        row["nilai_bulat"],
        row["kategori"],
        row["perubahan"],
        row["keterisian"],
        rules,
        rank=view.rank,
    )
)
with facts:
    table(view.facts, {})

st.subheader("Per bidang")
slug = f"{code}_{period_file_part(sel.tahun, sel.triwulan)}"
sector_table = view.sector_table
chart(view.sector_figure, sector_table, f"profil_bidang_{slug}", "profil_bidang")
table(
    sector_table,
    {
        "Nilai": "nilai",
        "Perubahan (poin)": "perubahan",
        "Belum terlayani (orang)": "jumlah",
        "Kebutuhan anggaran (Rp)": "rupiah",
        "Keterisian (%)": "persen",
    },
)
st.caption(
    "Kebutuhan anggaran = belum terlayani × biaya satuan, hanya untuk layanan yang biaya satuannya diisi; "
    "“–” = tidak ada biaya satuan atau tidak ada nilai."
)

st.subheader("Per layanan")
service_table = view.service_table
chart(view.service_figure, service_table, f"profil_layanan_{slug}", "profil_layanan")
table(
    service_table,
    {
        "Nilai": "nilai",
        "Perubahan (poin)": "perubahan",
        "Harus dilayani": "jumlah",
        "Terlayani": "jumlah",
        "Belum terlayani (orang)": "jumlah",
        "Kebutuhan anggaran (Rp)": "rupiah",
    },
)
