"""Plain functions: a frame from ``spm_core.trends`` (or ``summary``) in, a plotly Figure out.

Every figure carries its finding as the title, Indonesian axis labels, Indonesian number format
(``separators=",."``), fonts of 14 px or more for a projector, the category colours and bounds
from the rules file and the region colours from ``colors.region_line_colors``. Nothing here knows
Streamlit; ``download_config`` is the plotly config that gives each chart a PNG download button.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..formatting import format_cost, format_count, format_rupiah, format_score
from ..rules import Rules
from .colors import NO_DATA_COLOR, REFERENCE_COLOR, category_color

FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"
FONT_SIZE = 16
TITLE_SIZE = 20
SMALL_SIZE = 14  # nothing smaller than this on a chart
SCORE_AXIS = "Nilai capaian SPM (0–100)"


# ---------------------------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------------------------


def wrap(text: str, width: int) -> str:
    """Break ``text`` into lines of at most ``width`` characters at spaces (``<br>`` between)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


TITLE_WIDTH = 62  # characters per title line: fits a half-empty 1280 px screen at 20 px


def _layout(fig: go.Figure, title: str, height: int, legend: bool = True) -> go.Figure:
    lines = wrap(title, TITLE_WIDTH)
    top = 44 + 26 * (lines.count("<br>") + 1)
    fig.update_layout(
        # Below the modebar (which sits in the top right corner), wrapped so it never runs under it.
        title={
            "text": lines,
            "font": {"size": TITLE_SIZE},
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 34, "l": 4},
        },
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": "#111111"},
        separators=",.",
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 20, "t": top, "b": 10},
        showlegend=legend,
        hoverlabel={"font": {"size": FONT_SIZE}},
        legend={"font": {"size": SMALL_SIZE + 1}},
    )
    fig.update_xaxes(automargin=True, title_font={"size": FONT_SIZE}, tickfont={"size": SMALL_SIZE + 1})
    fig.update_yaxes(automargin=True, title_font={"size": FONT_SIZE}, tickfont={"size": SMALL_SIZE + 1})
    return fig


def _add_category_legend(fig: go.Figure, rules: Rules, room: int = 0) -> None:
    """Legend entries for the category scheme (label and range), so a downloaded picture
    explains its colours; laid out across the bottom edge of the picture, below ``room`` pixels
    kept for the x axis."""
    fig.update_layout(
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "xref": "container",
            "xanchor": "left",
            "x": 0.01,
            "font": {"size": SMALL_SIZE},
        },
        margin={"b": room + 80},
    )
    for label, text in rules.category_ranges():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=f"{label} ({text})",
                hoverinfo="skip",
                marker={
                    "size": 16,
                    "symbol": "square",
                    "color": rules.category_colors[label],
                    "line": {"width": 1, "color": "#555555"},
                },
                showlegend=True,
            )
        )


def category_bounds(rules: Rules) -> list[tuple[str, float]]:
    """The lower bounds worth drawing as threshold lines: every category's ``min`` above 0."""
    return [(c.label, c.min) for c in rules.kategori if c.min > 0]


def _bands(rules: Rules, top: float) -> list[tuple[str, float, float]]:
    """(label, low, high) of each category's band on a score axis, highest first."""
    out = []
    upper = top
    for cat in rules.kategori:
        low = cat.min
        high = max(upper, low)
        out.append((cat.label, low, high))
        upper = low
    return out


def download_config(filename: str) -> dict:
    """Plotly config: modebar always visible, the camera button saves a PNG (drawn in the
    browser, no server dependency) named ``filename``; Indonesian locale for numbers."""
    safe = re.sub(r"[^0-9A-Za-z_-]+", "_", filename).strip("_") or "grafik"
    return {
        "displayModeBar": True,
        "displaylogo": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d"],
        "toImageButtonOptions": {"format": "png", "filename": safe, "scale": 2},
    }


def _score_range(values, top: float) -> list[float]:
    """A y range that shows the data without a distorted zoom: from 10 below the lowest value
    (rounded down to 10, never below 0) to a little above the maximum score."""
    values = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    low = min(values) if values else 0.0
    return [max(0.0, math.floor((low - 5) / 10.0) * 10.0), top + 3]


# ---------------------------------------------------------------------------------------------
# Trend
# ---------------------------------------------------------------------------------------------

HIGHLIGHT_COLOR = "#0b5394"
MUTED_COLOR = "#c3c8cf"


def trend_figure(
    trend: pd.DataFrame,
    rules: Rules,
    colors: dict[str, str],
    title: str,
    national: pd.DataFrame | None = None,
    bands: bool = False,
    height: int = 520,
    highlight: str | None = None,
) -> go.Figure:
    """Score per year, one line per region, the real national average as a dashed grey reference
    line, and optionally the category bands in the background.

    ``highlight`` (a region code): that region's line is drawn strong with its name and last score
    at its end, beside the national average's end label; every other region is a thin light-grey
    line (named on hover, left out of the legend). Without it, every region has its fixed colour
    (the province thicker)."""
    fig = go.Figure()
    top = rules.persen_maksimum
    labels = []  # (y, text, colour) written at the right end of the chart
    for code, group in trend.groupby("kode_wilayah", sort=False):
        is_province = group["tingkat"].iloc[0] == "provinsi"
        name = group["nama_wilayah"].iloc[0]
        if highlight is None:
            line, marker, legend = (
                {"color": colors.get(code, "#444444"), "width": 5 if is_province else 3},
                {"size": 9 if is_province else 7},
                True,
            )
        elif code == highlight:
            line, marker, legend = {"color": HIGHLIGHT_COLOR, "width": 5}, {"size": 10}, True
            last = group.dropna(subset=["nilai_bulat"]).iloc[-1]
            labels.append(
                (float(last["nilai_bulat"]), f"<b>{name}</b> {format_score(last['nilai_bulat'])}", HIGHLIGHT_COLOR)
            )
        else:
            line, marker, legend = {"color": MUTED_COLOR, "width": 2}, {"size": 5}, False
        fig.add_trace(
            go.Scatter(
                x=group["tahun"].tolist(),
                y=group["nilai_bulat"].tolist(),
                name=name,
                showlegend=legend,
                mode="lines+markers",
                line=line,
                marker=marker,
                customdata=np.array(group[["kategori"]].fillna("").to_numpy()),
                hovertemplate="<b>%{fullData.name}</b><br>%{x}: %{y:.2f}<br>%{customdata[0]}<extra></extra>",
                meta={"kode_wilayah": code},
            )
        )
    values = trend["nilai_bulat"].tolist()
    if national is not None and not national.empty:
        fig.add_trace(
            go.Scatter(
                x=national["tahun"].tolist(),
                y=national["nilai"].tolist(),
                name=f"{national['keterangan'].iloc[0]} (data resmi)",
                mode="lines+markers",
                line={"color": REFERENCE_COLOR, "width": 3, "dash": "dash"},
                marker={"size": 7, "symbol": "diamond"},
                hovertemplate="<b>%{fullData.name}</b><br>%{x}: %{y:.2f}<extra></extra>",
                meta={"referensi": True, "sumber": national["sumber"].iloc[0]},
            )
        )
        values += national["nilai"].tolist()
        if highlight is not None:
            labels.append(
                (
                    float(national["nilai"].iloc[-1]),
                    f"Rata-rata nasional {int(national['tahun'].iloc[-1])}: {format_score(national['nilai'].iloc[-1])}",
                    REFERENCE_COLOR,
                )
            )
    y_range = _score_range(values, top)
    if bands:
        for label, low, high in _bands(rules, top + 3):
            low_visible, high_visible = max(low, y_range[0]), min(high, y_range[1])
            if high_visible <= low_visible:
                continue
            fig.add_hrect(
                y0=low_visible,
                y1=high_visible,
                fillcolor=rules.category_colors[label],
                opacity=0.22,
                line_width=0,
                layer="below",
                annotation={"text": label, "font": {"size": SMALL_SIZE, "color": "#333333"}},
                annotation_position="top left",
            )
    years = sorted(trend["tahun"].unique().tolist()) or (national["tahun"].tolist() if national is not None else [])
    fig.update_xaxes(title_text="Tahun", tickmode="array", tickvals=years, ticktext=[str(y) for y in years])
    fig.update_yaxes(title_text=SCORE_AXIS, range=y_range, dtick=10, tickformat=".0f")
    _layout(fig, title, height)
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "xanchor": "left", "x": 0}, hovermode="closest"
    )
    if labels:  # end labels at the right edge, nudged apart when two would overlap
        labels.sort(key=lambda item: item[0])
        gap = (y_range[1] - y_range[0]) * 0.06
        placed = []
        for y, text, color in labels:
            y_text = max(y, placed[-1] + gap) if placed else y
            placed.append(y_text)
            fig.add_annotation(
                x=1.0,
                xref="paper",
                xanchor="left",
                y=y_text,
                yref="y",
                text=text,
                showarrow=False,
                font={"size": SMALL_SIZE, "color": color},
                align="left",
                xshift=6,
            )
        fig.update_layout(margin={"r": 230})
    return fig


# ---------------------------------------------------------------------------------------------
# Sector comparison
# ---------------------------------------------------------------------------------------------


def heatmap_figure(
    matrix: pd.DataFrame, order: list[str], rules: Rules, title: str, height: int | None = None
) -> go.Figure:
    """Region × sector: each cell coloured by its category, the score printed in it; rows in
    ``order`` (top to bottom), sectors in catalog order; a cell without a score is grey with "–"."""
    sectors = list(matrix["nama_bidang"].drop_duplicates())
    names = matrix.drop_duplicates("kode_wilayah").set_index("kode_wilayah")["nama_wilayah"]
    wide = matrix.pivot(index="kode_wilayah", columns="nama_bidang", values="nilai_bulat").reindex(
        index=order, columns=sectors
    )
    cats = matrix.pivot(index="kode_wilayah", columns="nama_bidang", values="kategori").reindex(
        index=order, columns=sectors
    )
    labels = rules.category_labels
    index = {label: i for i, label in enumerate(labels)}
    z = [[index.get(c, np.nan) if isinstance(c, str) else np.nan for c in row] for row in cats.to_numpy()]
    text = [[format_score(v) for v in row] for row in wide.to_numpy()]
    n = len(labels)
    scale = []
    for i, label in enumerate(labels):
        scale += [[i / n, rules.category_colors[label]], [(i + 1) / n, rules.category_colors[label]]]
    y_labels = [names[code] for code in order]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=sectors,
            y=y_labels,
            text=text,
            texttemplate="%{text}",
            textfont={"size": FONT_SIZE},
            colorscale=scale,
            zmin=-0.5,
            zmax=n - 0.5,
            showscale=False,
            xgap=3,
            ygap=3,
            customdata=np.array(
                [[c if isinstance(c, str) else "Tidak ada nilai" for c in row] for row in cats.to_numpy()]
            ),
            hovertemplate="<b>%{y}</b><br>%{x}: %{text}<br>%{customdata}<extra></extra>",
            hoverongaps=False,
            name="",
        )
    )
    fig.update_xaxes(
        title_text="",
        side="top",
        showgrid=False,
        tickfont={"size": SMALL_SIZE + 1},
        tickangle=0,
        tickvals=sectors,
        ticktext=[wrap(s, 10) for s in sectors],
    )
    fig.update_yaxes(title_text="", autorange="reversed", showgrid=False)
    _layout(fig, title, height or 220 + 52 * len(order))
    _add_category_legend(fig, rules, room=10)
    # The sector names sit on top, under the title: keep room for two lines of them.
    fig.update_layout(plot_bgcolor=NO_DATA_COLOR, margin={"t": fig.layout.margin.t + 50})
    return fig


def category_bar_figure(
    labels: list[str],
    values: list,
    categories: list,
    rules: Rules,
    title: str,
    value_label: str = SCORE_AXIS,
    hover_extra: list[str] | None = None,
    height: int | None = None,
    bar_height: int = 44,
) -> go.Figure:
    """Horizontal bars (first label on top), each coloured by its category, the score printed at
    its end, and a dashed line at every category bound with the bound written above it."""
    colors = [category_color(rules, c) for c in categories]
    text = [
        format_score(v) if v is not None and not (isinstance(v, float) and math.isnan(v)) else "tidak ada nilai"
        for v in values
    ]
    hover = hover_extra or [""] * len(labels)
    cats = [c if isinstance(c, str) else "Tidak ada nilai" for c in categories]
    fig = go.Figure(
        go.Bar(
            x=[0 if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values],
            y=labels,
            orientation="h",
            marker={"color": colors, "line": {"width": 1, "color": "#555555"}},
            text=text,
            textposition=["inside" if c in rules.category_colors else "outside" for c in cats],
            insidetextanchor="start",
            textfont={"size": FONT_SIZE},
            constraintext="none",
            cliponaxis=False,
            customdata=np.array(list(zip(cats, hover, text)), dtype=object),
            hovertemplate="<b>%{y}</b><br>Nilai: %{customdata[2]}<br>%{customdata[0]}%{customdata[1]}<extra></extra>",
            showlegend=False,
            name="",
        )
    )
    top = rules.persen_maksimum
    for _label, bound in category_bounds(rules):
        fig.add_vline(
            x=bound,
            line={"color": "#333333", "width": 1.5, "dash": "dash"},
            layer="above",
            annotation={"text": format_score(bound).split(",")[0], "font": {"size": SMALL_SIZE}},
            annotation_position="top",
        )
    fig.update_xaxes(title_text=value_label, range=[0, top * 1.12], dtick=10, tickformat=".0f", showgrid=False)
    fig.update_yaxes(title_text="", autorange="reversed", showgrid=False)
    _layout(fig, title, height or 260 + bar_height * len(labels))
    _add_category_legend(fig, rules, room=60)
    fig.update_layout(bargap=0.25)
    return fig


def region_bar_figure(summary: pd.DataFrame, rules: Rules, title: str, value_label: str = SCORE_AXIS) -> go.Figure:
    """One sector (or the total) across regions, from a ``summary.region_summary`` frame: highest
    first, regions without a score last."""
    rows = summary.assign(_nilai=summary["nilai_bulat"].astype("float64"))
    rows = rows.sort_values(["_nilai", "kode_wilayah"], ascending=[False, True], na_position="last")
    hover = [f"<br>Perubahan: {'' if pd.isna(c) else format_score(c)}" for c in rows["perubahan"]]
    return category_bar_figure(
        rows["nama_wilayah"].tolist(),
        rows["nilai_bulat"].tolist(),
        rows["kategori"].tolist(),
        rules,
        title,
        value_label,
        hover_extra=hover,
    )


def spread_figure(spread: pd.DataFrame, rules: Rules, title: str) -> go.Figure:
    """Per sector (weakest on top): the lowest and the highest kab/kota as dots in their category
    colours joined by a line, the mean as a black tick; the weakest sector's line is dark and
    thick, the others grey."""
    fig = go.Figure()
    sectors = spread["nama_bidang"].tolist()
    for row in spread.itertuples(index=False):
        fig.add_trace(
            go.Scatter(
                x=[row.terendah_nilai, row.tertinggi_nilai],
                y=[row.nama_bidang, row.nama_bidang],
                mode="lines",
                line={"color": "#111111" if row.terlemah else "#9a9a9a", "width": 7 if row.terlemah else 4},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for end, word in (("terendah", "Terendah"), ("tertinggi", "Tertinggi")):
        values = spread[f"{end}_nilai"].tolist()
        names = spread[f"{end}_nama"].tolist()
        fig.add_trace(
            go.Scatter(
                x=values,
                y=sectors,
                mode="markers+text",
                name=word,
                marker={
                    "size": 20,
                    "color": [category_color(rules, c) for c in spread[f"{end}_kategori"]],
                    "line": {"width": 1.5, "color": "#333333"},
                },
                text=[f"{n} {format_score(v)}" for n, v in zip(names, values)],
                textposition="middle left" if end == "terendah" else "middle right",
                textfont={"size": SMALL_SIZE},
                hovertemplate=f"<b>%{{y}}</b><br>{word}: %{{text}}<extra></extra>",
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=spread["rerata"].tolist(),
            y=sectors,
            mode="markers",
            name="Rerata kab/kota",
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 4, "color": "#111111"}},
            hovertemplate="<b>%{y}</b><br>Rerata: %{x:.2f}<extra></extra>",
            showlegend=True,
        )
    )
    # Room on both sides for the region names written beside the dots; ticks only on 0–100.
    top = rules.persen_maksimum
    low = spread["terendah_nilai"].min() if not spread.empty else 0.0
    x_low = max(0.0, math.floor((low - 45) / 10.0) * 10.0)
    ticks = list(range(int(x_low), int(top) + 1, 10))
    fig.update_xaxes(
        title_text=SCORE_AXIS, range=[x_low, top + 48], tickvals=ticks, ticktext=[str(t) for t in ticks], showgrid=False
    )
    for t in ticks:
        fig.add_vline(x=t, line={"color": "#e6e6e6", "width": 1}, layer="below")
    fig.update_yaxes(
        title_text="",
        autorange="reversed",
        showgrid=False,
        tickvals=sectors,
        ticktext=[f"<b>{s}</b>" if w else s for s, w in zip(sectors, spread["terlemah"])],
    )
    _layout(fig, title, 170 + 62 * max(len(sectors), 1))
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0})
    return fig


# ---------------------------------------------------------------------------------------------
# Ranks
# ---------------------------------------------------------------------------------------------


def bump_figure(ranks: pd.DataFrame, colors: dict[str, str], title: str, height: int = 540) -> go.Figure:
    """Rank per year (1 on top), one line per kab/kota in its colour, the rank written in each
    dot and the region's name at the end of its line."""
    fig = go.Figure()
    years = sorted(ranks["tahun"].unique().tolist())
    for code, group in ranks.groupby("kode_wilayah", sort=False):
        name = group["nama_wilayah"].iloc[0]
        color = colors.get(code, "#444444")
        fig.add_trace(
            go.Scatter(
                x=group["tahun"].tolist(),
                y=group["peringkat"].tolist(),
                name=name,
                mode="lines+markers+text",
                line={"color": color, "width": 4},
                marker={"size": 26, "color": color, "line": {"width": 2, "color": "#ffffff"}},
                text=[str(r) for r in group["peringkat"]],
                textposition="middle center",
                textfont={"size": SMALL_SIZE, "color": "#ffffff"},
                customdata=np.array(group[["nilai_bulat"]].to_numpy()),
                hovertemplate="<b>%{fullData.name}</b><br>%{x}: peringkat %{y}<br>nilai %{customdata[0]:.2f}<extra></extra>",
                showlegend=False,
                meta={"kode_wilayah": code},
            )
        )
        last = group.iloc[-1]
        fig.add_annotation(
            x=last["tahun"],
            y=last["peringkat"],
            text=name,
            showarrow=False,
            xanchor="left",
            xshift=20,
            font={"size": SMALL_SIZE + 1, "color": color},
        )
    worst = int(ranks["peringkat"].max()) if not ranks.empty else 1
    fig.update_xaxes(
        title_text="Tahun",
        tickmode="array",
        tickvals=years,
        ticktext=[str(y) for y in years],
        range=[(years[0] - 0.4) if years else 0, (years[-1] + 0.4) if years else 1],
        showgrid=False,
    )
    fig.update_yaxes(
        title_text="Peringkat (1 = terbaik)",
        autorange=False,
        range=[worst + 0.6, 0.4],
        tickmode="linear",
        tick0=1,
        dtick=1,
    )
    _layout(fig, title, height, legend=False)
    longest = max((len(n) for n in ranks["nama_wilayah"]), default=10)
    fig.update_layout(margin={"r": 30 + 9 * longest})  # the names written right of the last year
    return fig


# ---------------------------------------------------------------------------------------------
# Region profile
# ---------------------------------------------------------------------------------------------


def profile_sector_figure(sectors: pd.DataFrame, rules: Rules, title: str) -> go.Figure:
    """The region's sectors as category-coloured bars in catalog order, with thresholds."""
    hover = [
        f"<br>Perubahan: {'–' if pd.isna(c) else format_score(c)}"
        f"<br>Belum terlayani: {format_count(u)} orang<br>Kebutuhan anggaran: {format_cost(b)}"
        for c, u, b in zip(sectors["perubahan"], sectors["belum_terlayani"], sectors["kebutuhan_anggaran"])
    ]
    return category_bar_figure(
        sectors["nama_bidang"].tolist(),
        sectors["nilai_bulat"].tolist(),
        sectors["kategori"].tolist(),
        rules,
        title,
        hover_extra=hover,
    )


def profile_service_figure(services: pd.DataFrame, rules: Rules, title: str) -> go.Figure:
    """Every service of the region as category-coloured bars, grouped by sector (catalog order);
    a service without a score shows its status instead of a number."""
    labels = [f"{s} · {n}" for s, n in zip(services["nama_bidang"], services["nama_layanan"])]
    hover = [
        f"<br>Status: {st}<br>Belum terlayani: {format_count(u)} orang"
        for st, u in zip(services["status"], services["belum_terlayani"])
    ]
    fig = category_bar_figure(
        labels,
        services["nilai_bulat"].tolist(),
        services["kategori"].tolist(),
        rules,
        title,
        hover_extra=hover,
        bar_height=32,
    )
    statuses = services["status"].tolist()
    fig.update_traces(
        selector={"type": "bar"}, text=[t if st == "dinilai" else st for t, st in zip(fig.data[0].text, statuses)]
    )
    return fig


BUDGET_COLORS = {"kebutuhan_anggaran": "#c51b2c", "anggaran_alokasi": "#1f77b4", "anggaran_realisasi": "#7fb8e0"}
BUDGET_LABELS = {
    "kebutuhan_anggaran": "Kebutuhan anggaran",
    "anggaran_alokasi": "Anggaran dialokasikan",
    "anggaran_realisasi": "Anggaran terealisasi",
}


def budget_region_figure(by_region: pd.DataFrame, title: str) -> go.Figure:
    """Need against allocation and spending per region (grouped bars, in billions of rupiah)."""
    fig = go.Figure()
    names = [wrap(name, 10) for name in by_region["nama_wilayah"]]  # "Kota<br>Cilegon": ticks never touch
    for column, color in BUDGET_COLORS.items():
        fig.add_bar(
            name=BUDGET_LABELS[column],
            x=names,
            y=by_region[column].fillna(0) / 1e9,
            marker_color=color,
            customdata=[
                (format_cost if column == "kebutuhan_anggaran" else format_rupiah)(v) for v in by_region[column]
            ],
            hovertemplate="%{x}<br>" + BUDGET_LABELS[column] + ": %{customdata}<extra></extra>",
        )
    _layout(fig, title, 480)
    fig.update_layout(
        barmode="group", legend={"orientation": "h", "y": -0.28, "x": 0, "font": {"size": SMALL_SIZE + 1}}
    )
    fig.update_yaxes(title_text="Miliar rupiah", gridcolor="#e0e0e0")
    fig.update_xaxes(tickangle=0)
    return fig


def need_treemap_figure(by_service: pd.DataFrame, short_names: dict[str, str], title: str) -> go.Figure:
    """Budget need by sector and service (only services with a known need)."""
    known = by_service[by_service["kebutuhan_anggaran"].fillna(0) > 0]
    services = [
        wrap(short_names.get(code, name), 24) for code, name in zip(known["kode_layanan"], known["nama_layanan"])
    ]
    sectors = list(dict.fromkeys(known["nama_bidang"]))
    sector_totals = known.groupby("nama_bidang")["kebutuhan_anggaran"].sum()
    fig = go.Figure(
        go.Treemap(
            labels=sectors + services,
            parents=[""] * len(sectors) + known["nama_bidang"].tolist(),
            values=[sector_totals[s] for s in sectors] + known["kebutuhan_anggaran"].tolist(),
            branchvalues="total",
            customdata=[format_rupiah(sector_totals[s]) for s in sectors]
            + [format_rupiah(v) for v in known["kebutuhan_anggaran"]],
            texttemplate="<b>%{label}</b><br>%{customdata}",
            hovertemplate="%{label}<br>%{customdata}<extra></extra>",
            textfont={"size": 15},
        )
    )
    _layout(fig, title, 460, legend=False)
    fig.update_layout(uniformtext={"minsize": 12, "mode": "hide"})
    return fig
