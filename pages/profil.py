"""Profil wilayah: one region, every sector and service — score, category, change from a year
before, unserved people, budget need where unit costs exist, completeness.

Opens from the region selector, from the URL (``?wilayah=36.03``, or a region name) and from a
click on the map (``st.switch_page("pages/profil.py", query_params={"wilayah": "Kabupaten Lebak"})``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from spm_core import figures, trends
from spm_core.formatting import format_period
from spm_core.summary import Selection, region_summary
from ui.charts import chart, table
from ui.components import data_notice, score_card_html
from ui.filters import current_selection
from ui.state import get_catalog, get_dataset, get_rules, get_scores
from ui.bootstrap import ensure_app_entrypoint

ensure_app_entrypoint()

PROFILE_PAGE = "pages/profil.py"
catalog, rules, scores, dataset = get_catalog(), get_rules(), get_scores(), get_dataset()
sel = current_selection()
names = catalog.regions.names
period = format_period(sel.tahun, sel.triwulan)

# The selectbox keeps the region's name in the URL. A link may carry a code ("36.03", "3603") or
# another spelling: open the page again with the region's own name in the URL, so the address bar
# keeps saying which region is shown (a bound widget drops a value it does not know from the URL).
asked = st.query_params.get("wilayah")
if asked is not None and asked not in names.values():
    match = catalog.regions.match(asked)
    if match.kode:
        st.switch_page(PROFILE_PAGE, query_params={"wilayah": names[match.kode]})  # bound filters follow

st.title("Profil wilayah")
data_notice(dataset.label, dataset.simulated)
code = st.selectbox("Wilayah", list(names), format_func=names.get, key="wilayah", bind="query-params")
if asked is not None and asked not in names.values() and not catalog.regions.match(asked).kode:
    st.warning(f"Wilayah {asked!r} tidak dikenal; menampilkan {names[code]}.")
name = names[code]
st.caption(f"{period} · tahun dan periode dipilih di panel samping; perubahan dibanding periode yang sama tahun sebelumnya.")

summary = region_summary(scores, catalog, Selection(sel.tahun, sel.triwulan))
row = summary[summary["kode_wilayah"] == code].iloc[0]
sectors = trends.profile_sectors(scores, catalog, code, sel.tahun, sel.triwulan)
services = trends.profile_services(scores, catalog, code, sel.tahun, sel.triwulan)

if not row["ada_data"]:
    st.info(f"Belum ada data {name} untuk {period}. Pilih periode lain.")
    st.stop()

card, facts = st.columns([1, 2])
# ui.components.score_card_html cannot take pd.NA (the province has no rank).
rank = None if pd.isna(row["peringkat"]) else int(row["peringkat"])
card.html(score_card_html(name, f"Nilai SPM {period}", row["nilai_bulat"], row["kategori"], row["perubahan"],
                          row["keterisian"], rules, rank=rank))
with facts:
    table(trends.profile_facts(scores, code, sel.tahun, sel.triwulan), {})

st.subheader("Per bidang")
fig = figures.profile_sector_figure(sectors, rules, trends.profile_finding(sectors, name))
slug = f"{code}_{sel.tahun}_{sel.triwulan}"
sector_table = trends.profile_sector_table(sectors)
chart(fig, sector_table, f"profil_bidang_{slug}", "profil_bidang")
table(sector_table, {"Nilai": "nilai", "Perubahan (poin)": "perubahan", "Belum terlayani (orang)": "jumlah",
                     "Kebutuhan anggaran (Rp)": "rupiah", "Keterisian (%)": "persen"})
st.caption("Kebutuhan anggaran = belum terlayani × biaya satuan, hanya untuk layanan yang biaya satuannya diisi; "
           "“–” = tidak ada biaya satuan atau tidak ada nilai.")

st.subheader("Per layanan")
fig = figures.profile_service_figure(services, rules, trends.profile_services_finding(services, name))
service_table = trends.profile_service_table(services)
chart(fig, service_table, f"profil_layanan_{slug}", "profil_layanan")
table(service_table, {"Nilai": "nilai", "Perubahan (poin)": "perubahan", "Harus dilayani": "jumlah",
                      "Terlayani": "jumlah", "Belum terlayani (orang)": "jumlah", "Kebutuhan anggaran (Rp)": "rupiah"})
