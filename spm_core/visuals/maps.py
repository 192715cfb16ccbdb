"""The achievement map: plain functions from a region summary (``summary.region_summary``) to a
folium Map (choropleth by category or by score, labels, tooltips, legend) or to the HTML of a tile
map that needs no polygons; plus the ranked table shown beside the map.

Offline by construction: the map loads Leaflet only from the URLs it is given (``LeafletAssets``;
the app serves the files of the installed ``xstatic-leaflet`` package) and none of folium's CDN
extras (jQuery, Bootstrap, awesome-markers). No base-map tiles unless asked for
(``SPM_MAP_TILES=osm``). Every text that comes from data is escaped before it goes into HTML.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.map import FitBounds
from folium.template import Template
from shapely.geometry import Point

from ..catalog import DATA_DIR, short_name
from ..formatting import format_change, format_number, format_percent, format_score
from ..rules import Rules
from .colors import NO_DATA_COLOR, NO_DATA_TEXT, category_color, text_color_on
from .geo import Boundaries, label_points
from .tables import ON_TRACK_HEADER, SUMMARY_HEADERS, on_track_text

MODES = ("kategori", "nilai")
TILES_ENV = "SPM_MAP_TILES"
OSM_ATTRIBUTION = "&copy; kontributor OpenStreetMap"
MAP_DIR = DATA_DIR / "peta"
TILE_LAYOUT_FILE = MAP_DIR / "tata_letak_petak.csv"
LABEL_FILE = MAP_DIR / "label_wilayah.csv"

# Continuous scale for "colour by score" (ColorBrewer YlGnBu, sequential, colour-blind safe).
SCORE_SCALE = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")


# ---------------------------------------------------------------- offline assets


@dataclass(frozen=True)
class LeafletAssets:
    """Where the browser gets Leaflet's script and style from (served by the app itself)."""

    js: str
    css: str


def leaflet_dir() -> Path:
    """Folder of the installed Leaflet build (``xstatic-leaflet`` from PyPI)."""
    import xstatic.pkg.leaflet as xstatic_leaflet

    return Path(xstatic_leaflet.BASE_DIR)


def leaflet_assets(base_url: str) -> LeafletAssets:
    """Leaflet's files under ``base_url`` (a folder URL that serves ``leaflet_dir()``)."""
    base = base_url.rstrip("/") + "/"
    return LeafletAssets(js=base + "leaflet.js", css=base + "leaflet.css")


def use_only_assets(m: folium.Map, assets: LeafletAssets) -> folium.Map:
    """Make the map (and everything on it) ask for Leaflet from ``assets`` and nothing else."""
    m.default_js = [("leaflet", assets.js)]
    m.default_css = [("leaflet_css", assets.css)]
    for child in _walk(m):
        if child is not m and hasattr(child, "default_js"):
            child.default_js = []
            child.default_css = []
    return m


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def tiles_setting(env: dict | None = None) -> str | None:
    """``"osm"`` when ``SPM_MAP_TILES=osm`` (OpenStreetMap tiles, needs internet), else None."""
    env = os.environ if env is None else env
    value = str(env.get(TILES_ENV, "")).strip().lower()
    return "osm" if value in ("osm", "openstreetmap") else None


# ---------------------------------------------------------------- colours and text


@dataclass(frozen=True)
class ScoreScale:
    """A continuous colour scale from ``low`` to ``high``."""

    low: float
    high: float
    colors: tuple[str, ...] = SCORE_SCALE

    def color(self, value) -> str:
        if value is None or pd.isna(value):
            return NO_DATA_COLOR
        span = self.high - self.low
        t = 0.0 if span <= 0 else min(max((float(value) - self.low) / span, 0.0), 1.0)
        pos = t * (len(self.colors) - 1)
        i = min(int(pos), len(self.colors) - 2)
        return _mix(self.colors[i], self.colors[i + 1], pos - i)

    def ticks(self, step: float = 10.0) -> list[float]:
        first = math.ceil(self.low / step) * step
        return [first + k * step for k in range(int((self.high - first) // step) + 1)]


def score_scale(values, rules: Rules) -> ScoreScale:
    """From the ten below the lowest score shown (0 at the least) to the cap (100)."""
    known = pd.Series(values, dtype="float64").dropna()
    high = rules.persen_maksimum
    low = 0.0 if known.empty else max(0.0, math.floor(known.min() / 10.0) * 10.0)
    return ScoreScale(min(low, high - 10.0), high)


def _mix(a: str, b: str, t: float) -> str:
    ca = [int(a.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    cb = [int(b.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def region_fill_colors(
    summary: pd.DataFrame, rules: Rules, mode: str = "kategori", scale: ScoreScale | None = None
) -> dict[str, str]:
    """kode → the region's fill on the map: its category's colour (``kategori``) or its score on
    a continuous scale (``nilai``); grey where there is no score. (Not ``colors.region_line_colors``,
    each region's fixed colour on the line charts.)"""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    colors = {}
    for row in summary.itertuples(index=False):
        if mode == "kategori":
            colors[row.kode_wilayah] = category_color(rules, row.kategori)
        else:
            colors[row.kode_wilayah] = (scale or score_scale(summary["nilai_bulat"], rules)).color(row.nilai_bulat)
    return colors


def _has_score(value) -> bool:
    return value is not None and not pd.isna(value)


def tooltip_html(row, ranked_count: int) -> str:
    """Tooltip of one region: name, score, category, change against the previous year (arrow and
    points), rank among the kab/kota, data completeness. Every text from data is escaped."""
    name = f'<div class="spm-tt-name">{escape(str(row.nama_wilayah))}</div>'
    completeness = f"<tr><th>Keterisian data</th><td>{escape(format_percent(row.keterisian))}</td></tr>"
    if not _has_score(row.nilai_bulat):
        return (
            f'<div class="spm-tt">{name}<div class="spm-tt-nodata">{NO_DATA_TEXT}</div>'
            f"<table>{completeness}</table></div>"
        )
    rank = f"{int(row.peringkat)} dari {ranked_count}" if _has_score(row.peringkat) else "–"
    change = format_change(row.perubahan)
    change = change + " poin" if _has_score(row.perubahan) else "– (tidak ada data tahun lalu)"
    return (
        f'<div class="spm-tt">{name}<table>'
        f"<tr><th>Nilai</th><td><b>{escape(format_score(row.nilai_bulat))}</b></td></tr>"
        f"<tr><th>Kategori</th><td>{escape(str(row.kategori))}</td></tr>"
        f"<tr><th>Perubahan</th><td>{escape(change)}</td></tr>"
        f"<tr><th>Peringkat</th><td>{escape(rank)}</td></tr>"
        f"{completeness}</table></div>"
    )


def label_html(row) -> str:
    score = format_score(row.nilai_bulat) if _has_score(row.nilai_bulat) else NO_DATA_TEXT
    score_class = "spm-lbl-score" if _has_score(row.nilai_bulat) else "spm-lbl-score spm-lbl-nodata"
    return (
        f'<div class="spm-lbl"><div class="spm-lbl-name">{escape(short_name(row.nama_wilayah))}</div>'
        f'<div class="{score_class}">{escape(score)}</div></div>'
    )


# ---------------------------------------------------------------- legend


def legend_html(
    rules: Rules, mode: str = "kategori", scale: ScoreScale | None = None, show_no_data: bool = True
) -> str:
    """The one legend: every category with its range (``kategori``), or the score scale
    (``nilai``); plus grey for "Tidak ada data"."""
    if mode == "kategori":
        title = "Kategori"
        items = "".join(
            f'<div class="spm-lg-item"><span class="spm-lg-sw" style="background:{escape(rules.category_colors[label])}">'
            f'</span><span class="spm-lg-label">{escape(label)}</span> <span class="spm-lg-range">{escape(text)}</span></div>'
            for label, text in rules.category_ranges()
        )
    else:
        scale = scale or ScoreScale(0.0, rules.persen_maksimum)
        title = "Nilai"
        stops = ", ".join(scale.colors)
        ticks = scale.ticks(10.0 if scale.high - scale.low <= 50 else 20.0)
        marks = "".join(
            f'<span class="spm-lg-tick" style="left:{(t - scale.low) / (scale.high - scale.low) * 100:.1f}%">'
            f"{escape(format_number(t, 0))}</span>"
            for t in ticks
        )
        items = (
            f'<div class="spm-lg-ramp" style="background:linear-gradient(to right, {stops})"></div>'
            f'<div class="spm-lg-ticks">{marks}</div>'
        )
    if show_no_data:
        items += (
            f'<div class="spm-lg-item"><span class="spm-lg-sw" style="background:{NO_DATA_COLOR}"></span>'
            f'<span class="spm-lg-label">{NO_DATA_TEXT}</span></div>'
        )
    return f'<div class="spm-lg" aria-label="Legenda"><div class="spm-lg-title">{title}</div>{items}</div>'


MAP_CSS = """
<style>
.leaflet-container {background:#f4f6f8; font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif;}
.spm-label {background:none; border:none;}
.spm-lbl {position:absolute; transform:translate(-50%,-50%); width:max-content; max-width:135px; text-align:center;
  background:rgba(255,255,255,0.88); border:1px solid #555; border-radius:5px; padding:1px 5px 2px 5px;
  color:#111; line-height:1.1; box-shadow:0 1px 3px rgba(0,0,0,0.35); pointer-events:none;}
.spm-lbl-e {transform:translate(6px,-50%);}
.spm-lbl-w {transform:translate(calc(-100% - 6px),-50%);}
.spm-lbl-n {transform:translate(-50%,calc(-100% - 4px));}
.spm-lbl-s {transform:translate(-50%,4px);}
.spm-lbl-name {font-size:14px; font-weight:600;}
.spm-lbl-score {font-size:18px; font-weight:800;}
.spm-lbl-nodata {font-size:13px; font-weight:700; color:#444;}
.leaflet-tooltip.spm-tooltip {font-size:16px; line-height:1.3; padding:8px 10px; color:#111;}
.spm-tt-name {font-weight:800; font-size:17px; margin-bottom:4px;}
.spm-tt table {border-collapse:collapse;}
.spm-tt th {text-align:left; font-weight:400; color:#444; padding:1px 12px 1px 0;}
.spm-tt td {text-align:left; padding:1px 0;}
.spm-tt-nodata {font-weight:700; color:#444;}
.spm-lg {background:rgba(255,255,255,0.95); border:1px solid #888; border-radius:6px; padding:6px 10px;
  font-size:14px; line-height:1.3; color:#111; min-width:170px;}
.spm-lg-title {font-weight:800; margin-bottom:4px;}
.spm-lg-item {display:flex; align-items:center; gap:7px; white-space:nowrap;}
.spm-lg-sw {display:inline-block; width:22px; height:15px; border:1px solid #555; border-radius:3px; flex:none;}
.spm-lg-label {font-weight:600;}
@media (max-width: 599px) {  /* a phone: smaller labels and legend, so Banten keeps room (NarrowFit) */
  .spm-lbl {max-width:92px; padding:0 3px 1px 3px;}
  .spm-lbl-name {font-size:10px;} .spm-lbl-score {font-size:12px;} .spm-lbl-nodata {font-size:10px;}
  .spm-lg {font-size:11px; min-width:0; padding:4px 6px;} .spm-lg-sw {width:16px; height:11px;}
}
.spm-lg-range {color:#333;}
.spm-lg-ramp {height:16px; border:1px solid #555; border-radius:3px; margin:2px 0;}
.spm-lg-ticks {position:relative; height:20px; margin:0 8px 6px 8px;}
.spm-lg-tick {position:absolute; transform:translateX(-50%); font-size:14px;}
</style>
"""


# ---------------------------------------------------------------- map elements


def region_layer_json(regions: gpd.GeoDataFrame) -> str:
    """GeoJSON of the regions (``kode`` as a property), safe inside a <script>."""
    return script_safe(regions.reset_index().to_json(drop_id=True, ensure_ascii=False))


class RawText(Element):
    """Text put into the page as it is. A plain ``Element(text)`` compiles its text as a Jinja
    template on every render: slow for a map's 100 kB of GeoJSON, and wrong for text holding braces."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def render_macros_raw(element: MacroElement, kwargs: dict) -> None:
    """What branca's ``MacroElement.render`` does, except that the output of the element's
    ``header``, ``html`` and ``script`` macros goes into the page as raw text (``RawText``):
    branca wraps each output in a new ``Element``, which compiles it as a Jinja template on every
    render (~0,3 ms each; wrong for output holding braces)."""
    figure = element.get_root()
    macros = element._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = macros.get(part)
        if macro is not None:
            getattr(figure, part).add_child(RawText(macro(element, kwargs)), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


class ScriptElement(MacroElement):
    """A map element whose macro output goes into the page as raw text (``render_macros_raw``)."""

    def render(self, **kwargs) -> None:
        render_macros_raw(self, kwargs)


class RawFitBounds(ScriptElement, FitBounds):
    """folium's ``FitBounds`` (the map's first view), rendered as raw text."""


class RawMap(folium.Map):
    """folium's ``Map``, rendered as raw text (``render_macros_raw``) after linking its own
    script and style, as folium's ``JSCSSMixin`` does."""

    def render(self, **kwargs) -> None:
        if self.includes:  # class-level Leaflet includes: folium's own way
            super().render(**kwargs)
            return
        figure = self.get_root()
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        render_macros_raw(self, kwargs)


class RegionLayer(ScriptElement):
    """The regions as one GeoJSON layer: fill colour and tooltip per feature, click returns the
    feature (with its ``kode``) to the app."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data_json }}, {
            style: function (f) {
                return {fillColor: f.properties.warna, fillOpacity: 0.92, color: "#ffffff", weight: 1.6,
                        opacity: 1};
            },
            onEachFeature: function (f, layer) {
                layer.bindTooltip(f.properties.tooltip, {sticky: true, className: "spm-tooltip",
                                                         direction: "top", offset: [0, -12]});
                layer.on("mouseover", function () { layer.setStyle({color: "#111111", weight: 3.5}); });
                layer.on("mouseout", function () { layer.setStyle({color: "#ffffff", weight: 1.6}); });
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, regions: gpd.GeoDataFrame | str):
        """``regions``: the GeoDataFrame, or its ``region_layer_json`` made before."""
        super().__init__()
        self._name = "RegionLayer"
        # kode (the index), nama, warna, tooltip and the shapes, as a GeoJSON FeatureCollection
        self.data_json = regions if isinstance(regions, str) else region_layer_json(regions)

    @property
    def data(self) -> dict:
        return json.loads(self.data_json)


class RegionLabels(ScriptElement):
    """Name and score of every region; a label placed away from its region gets a leader line."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup().addTo({{ this._parent.get_name() }});
        {{ this.labels_json }}.forEach(function (d) {
            if (d.from) {
                L.polyline([d.from, d.at], {color: "#222222", weight: 2, interactive: false})
                    .addTo({{ this.get_name() }});
                L.circleMarker(d.from, {radius: 3.5, color: "#222222", fillColor: "#222222", fillOpacity: 1,
                                        weight: 1, interactive: false}).addTo({{ this.get_name() }});
            }
            L.marker(d.at, {icon: L.divIcon({className: "spm-label", html: d.html, iconSize: null}),
                            interactive: false, keyboard: false}).addTo({{ this.get_name() }});
        });
        {% endmacro %}
    """)

    def __init__(self, labels_json: str):
        super().__init__()
        self._name = "RegionLabels"
        self.labels_json = labels_json  # script_json of the labels


NARROW_MAP_PX = 600  # below this map width (a phone) the map is fitted again with narrow margins


class NarrowFit(ScriptElement):
    """On a map narrower than NARROW_MAP_PX, fit the bounds again with margins for the small
    labels and the legend at the bottom: the desktop margins (200 px on the right for the legend)
    left Banten ~100 px wide under its labels at 390 px."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            if (map.getSize().x >= {{ this.narrow }}) return;
            map.fitBounds({{ this.bounds|tojson }}, {paddingTopLeft: [30, 20], paddingBottomRight: [104, 130]});
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list, narrow: int = NARROW_MAP_PX):
        super().__init__()
        self._name = "NarrowFit"
        self.bounds, self.narrow = bounds, narrow


class HtmlControl(ScriptElement):
    """A fixed box on the map (the legend)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "spm-map-control");
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, position: str = "bottomright"):
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position


# ---------------------------------------------------------------- label positions


def load_label_positions(path: str | Path | None = None) -> dict[str, tuple[float, float]]:
    """kode → (lon, lat) where a region's label goes instead of its inner point: outside the
    region for regions too small to hold their label (a leader line joins label and region), or
    a better spot inside it (no leader line). Empty if no file."""
    path = Path(path) if path else LABEL_FILE
    if not path.is_file():
        return {}
    table = pd.read_csv(path, dtype={"kode_wilayah": str})
    return {str(r.kode_wilayah): (float(r.label_lon), float(r.label_lat)) for r in table.itertuples(index=False)}


def region_labels(
    summary: pd.DataFrame, boundaries: Boundaries, label_positions: dict[str, tuple[float, float]] | None = None
) -> list[dict]:
    """One label per drawn region: at the region's inner point, or at its callout position."""
    label_positions = label_positions or {}
    regions = boundaries.shapes.join(summary.set_index("kode_wilayah"), how="inner")
    points = label_points(regions.geometry)
    out = []
    for kode, row in regions.iterrows():
        lon, lat = points[kode].x, points[kode].y
        html = label_html(_Row(kode, row))
        if kode in label_positions and row.geometry.contains(Point(*label_positions[kode])):
            lon, lat = label_positions[kode]  # a better spot inside the region: no leader line
            out.append({"kode": kode, "at": [lat, lon], "from": None, "side": "c", "html": html})
        elif kode in label_positions:
            llon, llat = label_positions[kode]
            side = callout_side(lon, lat, llon, llat)
            out.append(
                {
                    "kode": kode,
                    "at": [llat, llon],
                    "from": [lat, lon],
                    "side": side,
                    "html": html.replace('class="spm-lbl"', f'class="spm-lbl spm-lbl-{side}"', 1),
                }
            )
        else:
            out.append({"kode": kode, "at": [lat, lon], "from": None, "side": "c", "html": html})
    return out


def callout_side(lon: float, lat: float, label_lon: float, label_lat: float) -> str:
    """Where a callout label sits relative to its region ("n", "s", "e", "w"): the label is
    anchored on its near edge at the callout point, so it grows away from the region."""
    dx, dy = label_lon - lon, label_lat - lat
    if abs(dx) >= abs(dy):
        return "e" if dx >= 0 else "w"
    return "n" if dy >= 0 else "s"


class _Row:
    """A summary row as attributes (Series → the names ``label_html``/``tooltip_html`` read)."""

    def __init__(self, kode, series):
        self.kode_wilayah = kode
        for key, value in series.items():
            setattr(self, key, value)


# ---------------------------------------------------------------- the choropleth


def script_safe(text: str) -> str:
    """JSON text made safe to place inside a <script> (as Jinja's ``tojson`` writes it: <, >, & and '
    escaped)."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def script_json(value) -> str:
    """``value`` as JSON safe to place inside a <script>."""
    return script_safe(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


@dataclass(frozen=True, eq=False)
class ChoroplethSpec:
    """Everything the achievement map draws, computed once per (data, selection, colour mode): the
    regions with colour and tooltip (a GeoDataFrame), the labels as ready-made JSON, the bounds and
    the legend.
    ``choropleth_map`` turns it into a new folium map for each viewer (a map object is never shared)."""

    regions: gpd.GeoDataFrame  # index kode; nama, warna (fill), tooltip (HTML), geometry
    labels_json: str
    bounds: tuple[float, float, float, float]  # west, south, east, north
    legend: str

    @cached_property
    def regions_json(self) -> str:
        """The regions as GeoJSON for the map's script: made once per spec, not once per viewer."""
        return region_layer_json(self.regions)


def choropleth_spec(
    summary: pd.DataFrame,
    boundaries: Boundaries,
    rules: Rules,
    mode: str = "kategori",
    label_positions: dict | None = None,
) -> ChoroplethSpec:
    """``summary`` is ``summary.region_summary(...)`` (rows of other regions are ignored);
    ``label_positions`` moves the labels of small regions outside them (``load_label_positions``)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    drawn = summary[summary["kode_wilayah"].isin(boundaries.shapes.index)]
    scale = score_scale(drawn["nilai_bulat"], rules) if mode == "nilai" else None
    ranked = int(drawn["peringkat"].notna().sum())
    regions = boundaries.shapes[["geometry"]].join(drawn.set_index("kode_wilayah"), how="inner")  # scores by code
    regions["warna"] = regions.index.map(region_fill_colors(drawn, rules, mode, scale))
    regions["tooltip"] = [tooltip_html(row, ranked) for row in regions.itertuples()]
    regions = regions.rename(columns={"nama_wilayah": "nama"})[["nama", "warna", "tooltip", "geometry"]]
    labels = region_labels(drawn, boundaries, label_positions)
    west, south, east, north = (float(v) for v in boundaries.shapes.total_bounds)
    for label in labels:
        lat, lon = label["at"]
        west, east, south, north = min(west, lon), max(east, lon), min(south, lat), max(north, lat)
    return ChoroplethSpec(
        regions, script_json(labels), (west, south, east, north), legend_html(rules, mode, scale, show_no_data=True)
    )


def choropleth_map(spec: ChoroplethSpec, assets: LeafletAssets | None = None, tiles: str | None = None) -> folium.Map:
    """A new folium map of ``spec``; ``assets`` says where Leaflet is served from (default:
    ``/leaflet/`` on the same server); ``tiles="osm"`` adds OpenStreetMap tiles (needs internet)."""
    west, south, east, north = spec.bounds
    m = RawMap(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=9,
        tiles=None,
        attribution_control=tiles is not None,
        zoom_snap=0.1,
        zoom_delta=0.5,
        scroll_wheel_zoom=False,
        min_zoom=6,
        max_zoom=14,
    )
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", attr=OSM_ATTRIBUTION).add_to(m)
    m.get_root().header.add_child(RawText(MAP_CSS), name="spm_map_css")
    RegionLayer(spec.regions_json).add_to(m)
    RegionLabels(spec.labels_json).add_to(m)
    HtmlControl(spec.legend, "bottomright").add_to(m)
    # Room for labels beyond their points (a label is up to ~140 × 45 px); the right edge keeps the
    # legend's width free, so the legend never covers a region.
    RawFitBounds([[south, west], [north, east]], padding_top_left=(70, 50), padding_bottom_right=(200, 24)).add_to(m)
    NarrowFit([[south, west], [north, east]]).add_to(m)
    return use_only_assets(m, assets or leaflet_assets("/leaflet/"))


def build_choropleth(
    summary: pd.DataFrame,
    boundaries: Boundaries,
    rules: Rules,
    mode: str = "kategori",
    assets: LeafletAssets | None = None,
    label_positions: dict | None = None,
    tiles: str | None = None,
) -> folium.Map:
    """The achievement map of the regions in ``boundaries``, coloured by category or by score
    (``choropleth_spec`` drawn by ``choropleth_map``)."""
    return choropleth_map(choropleth_spec(summary, boundaries, rules, mode, label_positions), assets, tiles)


# ---------------------------------------------------------------- tile map


def load_tile_layout(path: str | Path | None = None) -> pd.DataFrame:
    """The tile map's layout: one row per region with ``kode_wilayah``, ``baris``, ``kolom``."""
    path = Path(path) if path else TILE_LAYOUT_FILE
    table = pd.read_csv(path, dtype={"kode_wilayah": str})
    return table[["kode_wilayah", "baris", "kolom"]]


def tile_positions(codes: list[str], layout: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """kode → (row, column); regions the layout does not place go in an extra row below."""
    placed = {
        r.kode_wilayah: (int(r.baris), int(r.kolom)) for r in layout.itertuples(index=False) if r.kode_wilayah in codes
    }
    extra_row = max((p[0] for p in placed.values()), default=0) + 1
    column = 1
    for code in codes:
        if code not in placed:
            placed[code] = (extra_row, column)
            column += 1
    return placed


TILE_CSS = """
<style>
.spm-tiles {display:grid; gap:10px; margin:4px 0 8px 0;}
.spm-tile {border-radius:10px; padding:10px 12px; min-height:130px; border:2px solid #ffffff;
  box-shadow:0 1px 3px rgba(0,0,0,0.3); display:flex; flex-direction:column; justify-content:space-between;}
.spm-tile-name {font-size:1.2rem; font-weight:700; line-height:1.2;}
.spm-tile-score {font-size:2.3rem; font-weight:800; line-height:1.1;}
.spm-tile-nodata {font-size:1.25rem; font-weight:700;}
.spm-tile-meta {font-size:1rem; display:flex; justify-content:space-between; gap:6px; flex-wrap:wrap;}
.spm-tile-legend .spm-lg {display:inline-block; font-size:1rem; border:none; background:transparent; padding:0;}
.spm-tile-legend .spm-lg-item {display:inline-flex; margin-right:16px;}
.spm-tile-legend .spm-lg-ramp {width:320px;}
.spm-tile-legend .spm-lg-ticks {width:304px;}
</style>
"""


def tile_map_html(
    summary: pd.DataFrame, codes: list[str], rules: Rules, mode: str = "kategori", layout: pd.DataFrame | None = None
) -> str:
    """A tile map: one equal tile per region placed on the layout's grid (no polygons needed),
    coloured like the choropleth, with name, score, category and change; then the legend."""
    layout = load_tile_layout() if layout is None else layout
    rows = summary[summary["kode_wilayah"].isin(codes)]
    scale = score_scale(rows["nilai_bulat"], rules) if mode == "nilai" else None
    colors = region_fill_colors(rows, rules, mode, scale)
    positions = tile_positions([c for c in codes if c in set(rows["kode_wilayah"])], layout)
    columns = max(p[1] for p in positions.values()) if positions else 1
    tiles = []
    ranked = int(rows["peringkat"].notna().sum())
    for row in rows.itertuples(index=False):
        color = colors[row.kode_wilayah]
        ink = text_color_on(color)
        r, c = positions[row.kode_wilayah]
        if _has_score(row.nilai_bulat):
            body = (
                f'<div class="spm-tile-score">{escape(format_score(row.nilai_bulat))}</div>'
                f'<div class="spm-tile-meta"><span>{escape(str(row.kategori))}</span>'
                f"<span>{escape(format_change(row.perubahan))}</span></div>"
            )
        else:
            body = f'<div class="spm-tile-nodata">{NO_DATA_TEXT}</div>'
        title = tooltip_text(row, ranked)
        tiles.append(
            f'<div class="spm-tile" data-kode="{escape(row.kode_wilayah)}" title="{escape(title)}" '
            f'style="grid-row:{r};grid-column:{c};background:{color};color:{ink}">'
            f'<div class="spm-tile-name">{escape(short_name(row.nama_wilayah))}</div>{body}</div>'
        )
    grid = (
        f'<div class="spm-tiles" role="list" aria-label="Peta petak" '
        f'style="grid-template-columns:repeat({columns}, minmax(0, 1fr))">{"".join(tiles)}</div>'
    )
    legend = f'<div class="spm-tile-legend">{legend_html(rules, mode, scale)}</div>'
    return TILE_CSS + MAP_CSS + grid + legend


def tooltip_text(row, ranked_count: int) -> str:
    """The tooltip as plain text (for a tile's title): same facts as ``tooltip_html``."""
    if not _has_score(row.nilai_bulat):
        return f"{row.nama_wilayah}: {NO_DATA_TEXT}; keterisian {format_percent(row.keterisian)}"
    rank = f"{int(row.peringkat)} dari {ranked_count}" if _has_score(row.peringkat) else "–"
    return (
        f"{row.nama_wilayah}: nilai {format_score(row.nilai_bulat)}, {row.kategori}, "
        f"perubahan {format_change(row.perubahan)}, peringkat {rank}, "
        f"keterisian {format_percent(row.keterisian)}"
    )


# ---------------------------------------------------------------- ranked table


# the overview's columns and headers but last year's score
RANKED_HEADERS = {k: v for k, v in SUMMARY_HEADERS.items() if k != "nilai_sebelumnya"}


def ranked_table(summary: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """The regions of the map, best first (regions without a score last), with the same numbers
    as the map; numbers stay numbers so the table sorts and downloads as numbers."""
    rows = summary[summary["kode_wilayah"].isin(codes)]
    rows = rows.sort_values(["peringkat", "kode_wilayah"], na_position="last")
    table = rows[list(RANKED_HEADERS)].rename(columns=RANKED_HEADERS).reset_index(drop=True)
    table["Kategori"] = table["Kategori"].astype(object).where(table["Kategori"].notna(), NO_DATA_TEXT)
    table["Keterisian (%)"] = table["Keterisian (%)"].astype("float64").round(1)
    if "sesuai_jalur" in rows and rows["sesuai_jalur"].notna().any():  # a quarter: on track within the year?
        table[ON_TRACK_HEADER] = [on_track_text(v) for v in rows["sesuai_jalur"]]
    return table


__all__ = [
    "LeafletAssets",
    "MODES",
    "NO_DATA_COLOR",
    "NO_DATA_TEXT",
    "ScoreScale",
    "build_choropleth",
    "leaflet_assets",
    "leaflet_dir",
    "legend_html",
    "load_label_positions",
    "load_tile_layout",
    "ranked_table",
    "region_fill_colors",
    "region_labels",
    "score_scale",
    "short_name",
    "tile_map_html",
    "tiles_setting",
    "tooltip_html",
    "use_only_assets",
]
