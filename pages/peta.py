"""Peta capaian: who is behind, in what, and is it getting better — the kab/kota on a map (or a
tile map), the province's own score and the kab/kota recap beside it, and the ranked table."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from spm_core.formatting import format_period, period_file_part
from spm_core.views import scope_label
from spm_core.visuals.geo import geo_dirs
from spm_core.visuals.maps import NO_DATA_TEXT, RawText, choropleth_map, tiles_setting
from ui.bootstrap import ensure_app_entrypoint
from ui.charts import grid
from ui.components import data_notice
from ui.downloads import table_downloads
from ui.filters import current_selection
from ui.map_assets import served_leaflet_assets
from ui.state import get_catalog, get_dataset, get_rules
from ui.views import boundaries_for, choropleth, map_cards, map_model, map_table_on_screen, tile_map

ensure_app_entrypoint()

ALL_SERVICES = "semua"
COLOR_MODES = {"kategori": "Kategori", "nilai": "Nilai (skala)"}
VIEWS = {"batas": "Peta wilayah", "petak": "Peta petak"}
PROFILE_PAGE = "pages/profil.py"
MAP_HEIGHT = 440  # the least; the frame grows with the screen (LAYOUT_CSS)
# The map fills the screen's height below the title and notices (the frame of st_folium; inside
# it the map takes the frame's height, FRAME_CSS). Map and table side by side on a wide screen;
# below ~1500 px (e.g. a 1280×720 projector) the table goes under the map, so the map keeps the
# full width and the small kota stay readable.
LAYOUT_CSS = """<style>
.st-key-peta_map iframe {height: max(440px, calc(100vh - 290px)) !important;}
@media (max-width: 1500px) {
  .st-key-peta_layout > div > [data-testid="stHorizontalBlock"] {flex-wrap: wrap;}
  .st-key-peta_layout > div > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {min-width: 100%;}
}
</style>"""
FRAME_CSS = "<style>html, body {margin:0; overflow:hidden;} #map_div {height:100vh !important;}</style>"


catalog, rules, dataset = get_catalog(), get_rules(), get_dataset()
sel = current_selection()
codes = catalog.regions.kabkota

# ---- page selectors (shared filters are in the sidebar; these are this page's own, in the URL too)
services = catalog.services_for("kabkota", sel.bidang) if sel.bidang else catalog.services.iloc[0:0]
service_names = dict(zip(services["kode_layanan"], services["nama_singkat"]))
with st.sidebar:
    st.markdown("### Peta")
service = st.sidebar.selectbox(
    "Jenis layanan",
    [ALL_SERVICES, *service_names],
    format_func=lambda s: "Semua layanan" if s == ALL_SERVICES else service_names.get(s, s),
    key="layanan",
    bind="query-params",
    disabled=not sel.bidang,
    help=None if sel.bidang else "Pilih bidang di samping untuk memilih satu jenis layanan.",
)
color_mode = st.sidebar.segmented_control(
    "Warna",
    list(COLOR_MODES),
    format_func=COLOR_MODES.get,
    default="kategori",
    key="warna",
    bind="query-params",
    required=True,
)
view = st.sidebar.segmented_control(
    "Tampilan",
    list(VIEWS),
    format_func=VIEWS.get,
    default="batas",
    key="mode",
    bind="query-params",
    required=True,
)
service = service if service in service_names else None
map_sel = replace(sel, layanan=service)

scope = scope_label(catalog, sel.bidang)
if service:
    scope += f" › {catalog.service_names[service]}"
st.html(LAYOUT_CSS)
st.title(f"Peta capaian SPM {format_period(sel.tahun, sel.triwulan)}")
top = st.columns(2, vertical_alignment="center")
top[0].markdown(f"**{scope}** · nilai 0–100")
with top[1]:
    data_notice(dataset.label, dataset.simulated)

model = map_model(map_sel)
if not model.has_data:
    st.info(
        f"Belum ada data kabupaten/kota untuk {format_period(sel.tahun, sel.triwulan)} ({scope}). "
        "Pilih periode, bidang atau layanan lain."
    )
    st.stop()
if model.note:
    st.caption(f":material/info: {model.note} Lihat kolom “Sesuai jalur” di tabel.")
missing_data = model.missing
if missing_data:
    st.info(f"{NO_DATA_TEXT} untuk {', '.join(missing_data)} ({scope}); wilayah itu digambar abu-abu.")

boundaries = boundaries_for(tuple(codes))
if boundaries is None and view == "batas":
    st.warning(
        "Berkas batas wilayah tidak ditemukan (dicari di: "
        + "; ".join(str(d) for d in geo_dirs())
        + "). Peta ditampilkan sebagai peta petak. Lihat geo/README.md untuk mengatur SPM_GEO_DIR."
    )
    view = "petak"
elif boundaries is not None and boundaries.missing and view == "batas":
    names = ", ".join(catalog.regions.names.get(c, c) for c in boundaries.missing)
    st.warning(
        f"Batas wilayah untuk {names} tidak ada di {boundaries.path.name}: tidak tampil di peta, "
        "lihat peta petak atau tabel."
    )

left, right = st.container(key="peta_layout").columns([3, 2], gap="medium")
clicked = None
with left:
    if view == "batas":
        fmap = choropleth_map(choropleth(map_sel, color_mode), assets=served_leaflet_assets(), tiles=tiles_setting())
        fmap.get_root().header.add_child(RawText(FRAME_CSS), name="spm_frame_css")
        with st.container(key="peta_map"):
            result = st_folium(
                fmap,
                key="peta_capaian",
                render=False,
                height=MAP_HEIGHT,
                use_container_width=True,
                returned_objects=["last_active_drawing"],
            )
        drawing = (result or {}).get("last_active_drawing") or {}
        clicked = (drawing.get("properties") or {}).get("kode")
        st.caption(f"{boundaries.attribution} Arahkan kursor ke wilayah untuk rincian; klik wilayah untuk profilnya.")
    else:
        st.html(tile_map(map_sel, color_mode))
        st.caption("Peta petak: satu petak per kabupaten/kota, letaknya mengikuti geografi secara kasar.")

# ---- province and recap cards, ranked table
with right:
    st.html(map_cards(map_sel))

    table = model.table
    on_screen, order = map_table_on_screen(map_sel)
    grid(
        on_screen,
        hide_index=True,
        width="stretch",
        column_order=order,
        column_config={
            "Peringkat": st.column_config.Column("#", width=40),
            "Perubahan (poin)": st.column_config.Column("Perubahan"),
            "Keterisian (%)": st.column_config.Column("Keterisian"),
        },
    )
    stem = f"peta_capaian_{period_file_part(sel.tahun, sel.triwulan)}_{sel.bidang or 'semua'}" + (
        f"_{service}" if service else ""
    )
    table_downloads(table, stem, "peta", "Peta capaian")

# ---- a region's profile: from a click on the map, or chosen here (keyboard, tile map). The choice
# is taken out of the selectbox in its callback, so coming back to the map never repeats it.
names = {c: catalog.regions.names[c] for c in codes}


def _take_profile_choice() -> None:
    st.session_state["_peta_goto"] = st.session_state.get("peta_profil")
    st.session_state["peta_profil"] = None


goto = st.session_state.pop("_peta_goto", None)
if clicked is None:
    st.session_state.pop("_peta_last_click", None)
elif clicked != st.session_state.get("_peta_last_click") and clicked in names:
    st.session_state["_peta_last_click"] = clicked
    goto = clicked
st.selectbox(
    "Profil wilayah",
    list(names),
    format_func=names.get,
    index=None,
    key="peta_profil",
    placeholder="Pilih kabupaten/kota atau klik wilayahnya di peta …",
    on_change=_take_profile_choice,
)
if goto in names:  # the year, period and sector are widgets bound to the URL: they carry over by themselves
    st.switch_page(PROFILE_PAGE, query_params={"wilayah": goto})
