"""Map pictures for the exports, drawn with matplotlib (no browser, works offline).

- ``category_map_png``: the kab/kota choropleth by category, drawn with ``GeoDataFrame.plot``.
  Meaning never rests on colour alone: every category also has its own hatch pattern, and every
  region is labelled with its name, score and category. The boundary attribution (from the
  boundary folder's ``sumber.toml``) is printed under the map.

Every picture is a ``Figure`` on an Agg canvas, never a pyplot figure, so building one does not
touch global state and is safe in a web server.
"""

from __future__ import annotations

import io

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from shapely.geometry import Point

from ..catalog import short_name
from ..dataset import SIMULATED_NOTICE
from ..formatting import format_score
from ..rules import Rules
from ..visuals.colors import NO_DATA_COLOR, NO_DATA_TEXT, text_color_on
from ..visuals.geo import PRINT, Boundaries, label_points, load_boundaries
from ..visuals.maps import load_label_positions

EDGE_COLOR = "#111111"
# One pattern per category, best first (cycled if the scheme has more categories): denser
# patterns for weaker categories, so a washed-out projector or a grey print still tells them apart.
HATCHES = ("", "..", "//", "\\\\", "xx", "++", "oo", "--")
FONT = "DejaVu Sans"


def hatch_of(rules: Rules) -> dict[str, str]:
    """Category label → hatch pattern (in the order of the rules' categories, best first)."""
    return {label: HATCHES[i % len(HATCHES)] for i, label in enumerate(rules.category_labels)}


def _callout_alignment(geometry, point: Point, llon: float, llat: float) -> tuple[str, str]:
    """How a label placed outside its region is anchored at its point: the box sits on the far
    side of the point (a label east of its region starts at the point and runs east)."""
    if geometry.contains(Point(llon, llat)):
        return "center", "center"
    dx, dy = llon - point.x, llat - point.y
    if abs(dx) >= abs(dy):
        return ("left" if dx > 0 else "right"), "center"
    return "center", ("bottom" if dy > 0 else "top")


def _side_columns(ax, fig: Figure, anchors: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float, bool]]:
    """kode → (x, y in figure fraction, left column?) for labels in two columns beside the map:
    the western half of the regions (by their ``anchors``, lon/lat) on the left, the rest on the
    right, each column in north-to-south order near its regions' heights and spread so that the
    labels do not touch."""
    ax.apply_aspect()
    to_fig = ax.transData + fig.transFigure.inverted()
    points = sorted(((kode, *to_fig.transform(xy)) for kode, xy in anchors.items()), key=lambda p: p[1])
    half = (len(points) + 1) // 2
    out = {}
    for column, left in ((points[:half], True), (points[half:], False)):
        column = sorted(column, key=lambda p: -p[2])
        if not column:
            continue
        gap = min(0.24, 0.84 / max(len(column) - 1, 1))
        ys = [min(max(p[2], 0.1), 0.9) for p in column]
        for i in range(1, len(ys)):  # push down to keep the gap
            ys[i] = min(ys[i], ys[i - 1] - gap)
        shift = max(0.0, 0.1 - ys[-1])  # then back up if the last one fell off the bottom
        ys = [y + shift for y in ys]
        for (kode, _, _), y in zip(column, ys):
            out[kode] = (0.012 if left else 0.988, y, left)
    return out


def _png(fig: Figure, dpi: int) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _fmt(value) -> str:
    return format_score(value)


def category_map_figure(
    regions: list[dict],
    boundaries: Boundaries,
    rules: Rules,
    *,
    label_positions: dict[str, tuple[float, float]] | None = None,
    size: tuple[float, float] = (12.8, 7.2),
    font_size: float = 13,
    simulated: bool = False,
    attribution: str | None = None,
    label_category: bool = True,
    map_width: float = 0.70,
    legend: bool = True,
    wrap_at: int | None = None,
    side_labels: float = 0.0,
) -> Figure:
    """The choropleth as a matplotlib Figure. ``regions``: dicts with kode, nama, nilai (rounded)
    and kategori (as in the deck's slide data). ``label_positions``: kode → (lon, lat) for a
    label placed outside a small region, joined to it by a leader line. ``attribution``: the line
    under the map (default: the boundaries' own; "": none, the caller prints it as text). ``legend=False``: the map and its labels only,
    filling the picture (no legend, attribution or notice: the caller shows them beside the
    picture). ``wrap_at``: names longer than this many characters are split over two lines.
    ``side_labels``: every label goes in a column left or right of the map (this fraction of the
    picture's width each), joined to its region by a leader line."""
    label_positions = label_positions or {}
    colors, hatches = rules.category_colors, hatch_of(rules)
    data = pd.DataFrame(regions, columns=["kode", "nama", "nilai", "kategori"]).set_index("kode")
    shapes = boundaries.shapes[["geometry"]].join(data, how="left")  # scores joined by code
    shapes["fill"] = shapes["kategori"].map(colors).fillna(NO_DATA_COLOR)
    shapes["hatch"] = shapes["kategori"].map(hatches).fillna("")
    labelled = shapes[shapes.index.isin(data.index)]
    points = label_points(shapes.geometry)
    fig = Figure(figsize=size)
    ax = fig.add_axes((0.0, 0.07, map_width, 0.93) if legend else (side_labels, 0.01, 1 - 2 * side_labels, 0.98))
    ax.set_axis_off()
    # Fill with the hatch drawn in a colour that reads on the fill, then every border on top.
    for (fill, hatch), group in shapes.groupby(["fill", "hatch"], sort=False):
        group.plot(
            ax=ax, facecolor=fill, edgecolor=text_color_on(fill), linewidth=0, hatch=hatch or None, aspect="equal"
        )
    shapes.plot(ax=ax, facecolor="none", edgecolor=EDGE_COLOR, linewidth=1.2, aspect="equal")
    x0, y0, x1, y1 = (float(v) for v in shapes.total_bounds)
    width, height = x1 - x0, y1 - y0
    anchors = {}
    if side_labels:
        # a label spot inside its region (from the label file) is where the leader line ends;
        # the columns replace the callout positions outside the regions
        anchors = {
            kode: label_positions[kode]
            for kode, geometry in shapes.geometry.items()
            if kode in label_positions and geometry.contains(Point(*label_positions[kode]))
        }
        label_positions = {}
    for kode, geometry in shapes.geometry.items():
        if kode not in label_positions:
            continue
        llon, llat = label_positions[kode]
        ha, va = _callout_alignment(geometry, points[kode], llon, llat)
        # room for a label placed outside the shapes: a label is about a quarter of the map wide
        x0 = min(x0, llon - width * (0.2 if ha == "right" else 0.1 if ha == "center" else 0))
        x1 = max(x1, llon + width * (0.26 if ha == "left" else 0.1 if ha == "center" else 0))
        y0 = min(y0, llat - height * (0.2 if va == "top" else 0.1 if va == "center" else 0))
        y1 = max(y1, llat + height * (0.2 if va == "bottom" else 0.1 if va == "center" else 0))
    pad_x, pad_y = (x1 - x0) * 0.02, (y1 - y0) * 0.03
    ax.set_xlim(x0 - pad_x, x1 + pad_x)
    ax.set_ylim(y0 - pad_y, y1 + pad_y)
    spots = {kode: anchors.get(kode) or (points[kode].x, points[kode].y) for kode in labelled.index}
    columns = _side_columns(ax, fig, spots) if side_labels else {}
    box = {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": EDGE_COLOR, "linewidth": 0.8, "alpha": 0.92}
    style = {"fontsize": font_size, "family": FONT, "bbox": box, "color": EDGE_COLOR, "zorder": 5}
    leader = {"arrowstyle": "-", "color": EDGE_COLOR, "linewidth": 1.4}
    for kode, row in labelled.iterrows():
        category = row["kategori"] if isinstance(row["kategori"], str) else NO_DATA_TEXT
        # (without the category word, the hatch pattern and the legend still tell the category)
        name = short_name(str(row["nama"]))
        if wrap_at and len(name) > wrap_at and " " in name:
            cut = name.rfind(" ", 0, wrap_at + 1)
            name = name[:cut] + "\n" + name[cut + 1 :] if cut > 0 else name
        text = f"{name}\n{_fmt(row['nilai'])}" + (f"\n{category}" if label_category else "")
        lon, lat = spots[kode]
        if kode in columns:
            fx, fy, left = columns[kode]
            ax.annotate(
                text,
                xy=(lon, lat),
                xytext=(fx, fy),
                textcoords="figure fraction",
                ha="left" if left else "right",
                va="center",
                multialignment="left",
                arrowprops=leader,
                **style,
            )
            ax.plot([lon], [lat], marker="o", markersize=5, color=EDGE_COLOR, zorder=6)
        elif kode in label_positions and not row.geometry.contains(Point(*label_positions[kode])):
            llon, llat = label_positions[kode]
            ha, va = _callout_alignment(row.geometry, points[kode], llon, llat)
            ax.annotate(text, xy=(lon, lat), xytext=(llon, llat), ha=ha, va=va, arrowprops=leader, **style)
            ax.plot([lon], [lat], marker="o", markersize=5, color=EDGE_COLOR, zorder=6)
        else:  # at its inner point, or at a better spot inside the region from the label file
            at = label_positions.get(kode, (lon, lat))
            ax.text(*at, text, ha="center", va="center", **style)
    if not legend:
        return fig
    handles = [
        Patch(facecolor=colors[label], edgecolor=EDGE_COLOR, hatch=hatches[label], label=f"{label} ({text})")
        for label, text in rules.category_ranges()
    ]
    handles.append(Patch(facecolor=NO_DATA_COLOR, edgecolor=EDGE_COLOR, label=NO_DATA_TEXT))
    legend = fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(map_width + 0.02, 0.97),
        frameon=False,
        fontsize=font_size,
        title="Kategori capaian",
        title_fontsize=font_size + 1,
        handlelength=2.4,
        handleheight=1.5,
        labelspacing=0.6,
        alignment="left",
    )
    legend.get_title().set_fontweight("bold")
    if attribution != "":
        fig.text(
            0.01,
            0.015,
            boundaries.attribution if attribution is None else attribution,
            fontsize=max(font_size - 3, 11),
            family=FONT,
            color=EDGE_COLOR,
        )
    if simulated:
        fig.text(
            0.99,
            0.015,
            SIMULATED_NOTICE,
            fontsize=font_size - 1,
            family=FONT,
            color="#5c4400",
            ha="right",
            fontweight="bold",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "#fff3cd", "edgecolor": "#e0a800"},
        )
    return fig


def category_map_png(regions: list[dict], boundaries: Boundaries, rules: Rules, *, dpi: int = 150, **kwargs) -> bytes:
    """The choropleth as PNG bytes (1920 × 1080 px at the default size and dpi)."""
    return _png(category_map_figure(regions, boundaries, rules, **kwargs), dpi)


WIDE_SIZE = (8.0, 4.6)  # the map part of a 16:9 slide's map area (the legend is HTML beside it)
WIDE_FONT = 15  # ≈ 20 px when the picture is shown 460 px high (a 1280 × 720 projector)


def deck_map_figure(regions: list[dict], codes, rules: Rules, *, simulated: bool, wide: bool = False) -> Figure | None:
    """The category map of the kab/kota ``codes`` for the exports (the print boundaries from
    ``geo``, label positions from the map page's label file), or None when no boundary file holds
    them. ``wide``: the slide version (wider, larger type, labels name + score; the category is
    read from the pattern and the legend); else the 16:9 print version with the category in each
    label, for the governor's report (which writes the attribution under it)."""
    boundaries = load_boundaries(tuple(codes), purpose=PRINT)
    if boundaries is None:
        return None
    options = (
        {
            "size": WIDE_SIZE,
            "font_size": WIDE_FONT,
            "label_category": False,
            "legend": False,
            "wrap_at": 16,
            "side_labels": 0.2,
        }
        if wide
        # the report prints the boundaries' attribution as text right under the picture
        else {"attribution": ""}
    )
    return category_map_figure(
        regions, boundaries, rules, label_positions=load_label_positions(), simulated=simulated, **options
    )


def deck_map_png(
    regions: list[dict], codes, rules: Rules, *, simulated: bool, dpi: int = 150, wide: bool = False
) -> bytes | None:
    """``deck_map_figure`` as PNG bytes (slide: 1200 × 690 px, print: 1920 × 1080 px at 150 dpi)."""
    fig = deck_map_figure(regions, codes, rules, simulated=simulated, wide=wide)
    return None if fig is None else _png(fig, dpi)
