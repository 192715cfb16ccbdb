"""The achievement map's builders: colours, tooltips, legend, offline assets, tile map, table."""

import re

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from spm_core.summary import SUMMARY_COLUMNS
from spm_core.visuals.geo import shapes_of
from spm_core.visuals.maps import (
    NO_DATA_COLOR,
    NO_DATA_TEXT,
    LeafletAssets,
    ScoreScale,
    build_choropleth,
    callout_side,
    legend_html,
    load_tile_layout,
    ranked_table,
    region_fill_colors,
    region_labels,
    tile_map_html,
    tile_positions,
    tiles_setting,
    tooltip_html,
)

ASSETS = LeafletAssets(js="../served/leaflet.js", css="../served/leaflet.css")
EVIL = "<script>alert(1)</script>"


def summary_of(rows: list[dict]) -> pd.DataFrame:
    """A region summary (the shape of summary.region_summary) from a few hand-written rows."""
    frame = pd.DataFrame(rows)
    for column in SUMMARY_COLUMNS:
        if column not in frame:
            frame[column] = np.nan
    frame["tingkat"] = "kabkota"
    frame["ada_data"] = frame["nilai_bulat"].notna()
    return frame[SUMMARY_COLUMNS]


@pytest.fixture
def summary():
    return summary_of(
        [
            {
                "kode_wilayah": "36.01",
                "nama_wilayah": "Kabupaten Satu",
                "nilai_bulat": 92.5,
                "kategori": "Tuntas Utama",
                "perubahan": 1.25,
                "peringkat": 1,
                "keterisian": 100.0,
            },
            {
                "kode_wilayah": "36.02",
                "nama_wilayah": EVIL,
                "nilai_bulat": 65.0,
                "kategori": "Tuntas Muda",
                "perubahan": -0.5,
                "peringkat": 2,
                "keterisian": 87.5,
            },
            {
                "kode_wilayah": "36.71",
                "nama_wilayah": "Kota Tiga",
                "nilai_bulat": np.nan,
                "kategori": None,
                "perubahan": np.nan,
                "peringkat": np.nan,
                "keterisian": 0.0,
            },
        ]
    )


@pytest.fixture
def boundaries():
    return shapes_of(
        ("36.01", "36.02", "36.71"),
        ("a", "b", "c"),
        (box(105, -7, 106, -6), box(106, -7, 107, -6), box(107, -6.2, 107.1, -6.1)),
    )


def test_each_region_gets_the_colour_of_its_category_and_grey_without_data(summary, rules):
    colors = region_fill_colors(summary, rules, "kategori")
    assert colors == {
        "36.01": rules.category_colors["Tuntas Utama"],
        "36.02": rules.category_colors["Tuntas Muda"],
        "36.71": NO_DATA_COLOR,
    }


def test_the_score_scale_runs_from_its_low_end_to_its_high_end():
    scale = ScoreScale(50.0, 100.0, ("#000000", "#ffffff"))
    assert scale.color(50) == "#000000"
    assert scale.color(100) == "#ffffff"
    assert scale.color(75) == "#808080"  # halfway: 0x80 = round(255 × 0.5)
    assert scale.color(20) == "#000000"  # below the scale: its low end
    assert scale.color(None) == NO_DATA_COLOR


def test_colouring_by_score_leaves_regions_without_data_grey(summary, rules):
    colors = region_fill_colors(summary, rules, "nilai")
    assert colors["36.71"] == NO_DATA_COLOR
    assert colors["36.01"] != colors["36.02"]


def test_the_tooltip_shows_name_score_category_change_rank_and_completeness(summary):
    row = next(summary.itertuples(index=False))
    html = tooltip_html(row, ranked_count=8)
    for text in ("Kabupaten Satu", "92,50", "Tuntas Utama", "▲ +1,25 poin", "1 dari 8", "100,0 %"):
        assert text in html


def test_the_tooltip_escapes_a_name_from_the_data(summary):
    row = list(summary.itertuples(index=False))[1]
    html = tooltip_html(row, ranked_count=8)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "▼ −0,50 poin" in html


def test_a_region_without_data_says_so_in_its_tooltip(summary):
    row = list(summary.itertuples(index=False))[2]
    html = tooltip_html(row, ranked_count=8)
    assert NO_DATA_TEXT in html and "0,0 %" in html


def test_the_legend_lists_every_category_with_its_range_and_no_data(rules):
    html = legend_html(rules, "kategori")
    for label, text in rules.category_ranges():
        assert f'>{label}</span> <span class="spm-lg-range">{text.replace("<", "&lt;")}</span>' in html
        assert rules.category_colors[label] in html
    assert NO_DATA_TEXT in html and NO_DATA_COLOR in html


def test_the_score_legend_is_a_ramp_with_ticks(rules):
    html = legend_html(rules, "nilai", ScoreScale(60.0, 100.0))
    assert "linear-gradient" in html
    assert re.findall(r">\d+<", html) == [">60<", ">70<", ">80<", ">90<", ">100<"]


def test_the_map_asks_for_leaflet_only_from_the_given_urls_and_no_cdn(summary, boundaries, rules):
    html = build_choropleth(summary, boundaries, rules, "kategori", assets=ASSETS).get_root().render()
    assert re.findall(r"https?://", html) == []
    assert re.findall(r'<script src="([^"]+)"', html) == [ASSETS.js]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [ASSETS.css]
    for extra in ("jquery", "bootstrap", "awesome", "d3.min", "d3js"):
        assert extra not in html.lower()


def test_osm_tiles_only_when_asked_for(summary, boundaries, rules):
    plain = build_choropleth(summary, boundaries, rules, assets=ASSETS).get_root().render()
    assert "tileLayer" not in plain
    with_tiles = build_choropleth(summary, boundaries, rules, assets=ASSETS, tiles="osm").get_root().render()
    assert "tile.openstreetmap.org" in with_tiles
    assert tiles_setting({"SPM_MAP_TILES": "osm"}) == "osm"
    assert tiles_setting({}) is None


def test_the_map_escapes_names_in_tooltips_and_labels(summary, boundaries, rules):
    html = build_choropleth(summary, boundaries, rules, assets=ASSETS).get_root().render()
    assert "<script>alert" not in html
    assert "alert(1)" in html  # still there, but only as escaped text


def test_text_from_the_data_reaches_the_map_script_as_it_is_never_as_a_template(summary, boundaries, rules):
    # Branca would compile an element's rendered text as a Jinja template: "{{ 7 * 7 }}" would become 49.
    summary.loc[summary["kode_wilayah"] == "36.01", "nama_wilayah"] = "Kab. {{ 7 * 7 }} {% if x %}"
    html = build_choropleth(summary, boundaries, rules, assets=ASSETS).get_root().render()
    assert "Kab. {{ 7 * 7 }} {% if x %}" in html
    assert "Kab. 49" not in html


def test_the_map_draws_every_region_with_its_code_colour_and_tooltip(summary, boundaries, rules):
    m = build_choropleth(summary, boundaries, rules, assets=ASSETS)
    layer = next(c for c in m._children.values() if type(c).__name__ == "RegionLayer")
    props = {f["properties"]["kode"]: f["properties"] for f in layer.data["features"]}
    assert set(props) == {"36.01", "36.02", "36.71"}
    assert props["36.01"]["warna"] == rules.category_colors["Tuntas Utama"]
    assert props["36.71"]["warna"] == NO_DATA_COLOR
    assert NO_DATA_TEXT in props["36.71"]["tooltip"]


def test_a_label_placed_outside_its_region_gets_a_leader_line(summary, boundaries):
    labels = {d["kode"]: d for d in region_labels(summary, boundaries, {"36.71": (107.5, -6.15)})}
    assert labels["36.71"]["from"] is not None and labels["36.71"]["side"] == "e"
    assert labels["36.01"]["from"] is None  # at its own inner point
    inside = region_labels(summary, boundaries, {"36.01": (105.2, -6.9)})[0]
    assert inside["at"] == [-6.9, 105.2] and inside["from"] is None


def test_callout_side_follows_the_direction_from_region_to_label():
    assert callout_side(0, 0, 1, 0.2) == "e"
    assert callout_side(0, 0, -1, 0.2) == "w"
    assert callout_side(0, 0, 0.1, 1) == "n"
    assert callout_side(0, 0, 0.1, -1) == "s"


def test_map_data_sent_to_the_browser_for_banten_is_under_150_kb(rules, catalog):
    from spm_core.visuals.geo import load_boundaries

    streamlit_folium = pytest.importorskip("streamlit_folium")
    found = load_boundaries(tuple(catalog.regions.kabkota))
    if found is None:
        pytest.skip("no boundary files")
    rows = [
        {
            "kode_wilayah": k,
            "nama_wilayah": catalog.regions.names[k],
            "nilai_bulat": 80.0,
            "kategori": "Tuntas Madya",
            "perubahan": 1.0,
            "peringkat": i + 1,
            "keterisian": 100.0,
        }
        for i, k in enumerate(catalog.regions.kabkota)
    ]
    m = build_choropleth(summary_of(rows), found, rules, assets=ASSETS)
    m.get_root().render()
    sent = (
        len(streamlit_folium._get_map_string(m).encode())
        + len(streamlit_folium._get_header(m).encode())
        + len(streamlit_folium._get_html(m).encode())
    )
    assert sent < 150_000


def test_tiles_follow_the_layout_and_unplaced_regions_go_to_an_extra_row():
    layout = pd.DataFrame({"kode_wilayah": ["36.01", "36.02"], "baris": [1, 1], "kolom": [2, 1]})
    assert tile_positions(["36.01", "36.02", "36.71"], layout) == {"36.01": (1, 2), "36.02": (1, 1), "36.71": (2, 1)}


def test_the_shipped_tile_layout_places_every_banten_region_once(catalog):
    layout = load_tile_layout()
    assert sorted(layout["kode_wilayah"]) == sorted(catalog.regions.kabkota)
    assert not layout[["baris", "kolom"]].duplicated().any()


def test_the_tile_map_has_one_escaped_tile_per_region_and_the_legend(summary, rules):
    layout = pd.DataFrame({"kode_wilayah": ["36.01", "36.02", "36.71"], "baris": [1, 1, 2], "kolom": [1, 2, 1]})
    html = tile_map_html(summary, ["36.01", "36.02", "36.71"], rules, "kategori", layout)
    assert html.count('class="spm-tile"') == 3
    assert "<script>" not in html
    assert "92,50" in html and NO_DATA_TEXT in html and "Tuntas Paripurna" in html


def test_the_ranked_table_puts_the_best_first_and_regions_without_data_last(summary):
    table = ranked_table(summary, ["36.01", "36.02", "36.71"])
    assert table["Kode"].tolist() == ["36.01", "36.02", "36.71"]
    assert table.loc[2, "Kategori"] == NO_DATA_TEXT


def test_the_raw_rendered_map_writes_what_folium_writes():
    """RawMap and RawFitBounds skip folium's compiling of each macro's output as a template; the
    page they make is folium's own, character for character (element ids aside)."""
    import folium

    from spm_core.visuals.maps import RawFitBounds, RawMap

    def page(map_class, fit) -> str:
        m = map_class(location=[-6.4, 106.1], zoom_start=9, tiles=None, zoom_snap=0.1, scroll_wheel_zoom=False)
        fit(m)
        html = m.get_root().render()
        return re.sub(r"[0-9a-f]{32}", "ID", html)

    bounds = [[-7.0, 105.1], [-5.8, 106.8]]
    pads = {"padding_top_left": (70, 50), "padding_bottom_right": (200, 24)}
    ours = page(RawMap, lambda m: RawFitBounds(bounds, **pads).add_to(m))
    folium_page = page(folium.Map, lambda m: m.fit_bounds(bounds, **pads))
    assert ours == folium_page
    assert "fitBounds" in ours and "L.map(" in ours
