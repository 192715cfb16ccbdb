"""Small display pieces shared by the pages. All text from data is escaped before it goes into
HTML."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st

from spm_core.dataset import SIMULATED_NOTICE
from spm_core.formatting import format_change, format_percent, format_period, format_score
from spm_core.intake.changes import change_table
from spm_core.rules import Rules
from spm_core.visuals.colors import category_color, text_color_on


def data_notice(label: str, simulated: bool) -> None:
    """The line that says where the numbers come from; loud when they are simulated."""
    if simulated:
        st.html(f'<div class="spm-simulasi" role="note">⚠ {escape(label)}</div>')
    else:
        st.caption(escape(label))


def on_track_badge_html(on_track) -> str:
    """ "Sesuai jalur" (a quarter's cumulative share of people served on pace for the year's
    target) as a small outlined badge, or nothing when not judged (an annual period)."""
    if on_track is True or on_track is np.True_:
        return '<span class="spm-track spm-track-yes" title="Capaian penerima kumulatif sesuai jalur">✓ Sesuai jalur</span>'
    if on_track is False or on_track is np.False_:
        return '<span class="spm-track spm-track-no" title="Capaian penerima kumulatif di bawah jalur">✗ Belum sesuai jalur</span>'
    return ""


def score_card_html(
    title: str,
    subtitle: str,
    score,
    category: str | None,
    change,
    completeness,
    rules: Rules,
    rank=None,
    on_track=None,
    link: str | None = None,
) -> str:
    """A score card; ``on_track``: True/False adds the "Sesuai jalur" badge (a quarter); ``link``:
    the whole card opens that address (a region's profile)."""
    if not isinstance(category, str):  # None or NaN: no score
        category = None
    color = category_color(rules, category)
    badge = escape(category) if category else "Tidak ada nilai"
    rank_text = f'<span class="spm-rank">#{int(rank)}</span>' if rank is not None and pd.notna(rank) else ""
    card = (
        f'<div class="spm-card" style="border-left-color:{color}">'
        f'<div class="spm-card-title">{rank_text}{escape(title)}</div>'
        f'<div class="spm-card-sub">{escape(subtitle)}</div>'
        f'<div class="spm-card-score">{format_score(score)}</div>'
        f'<div class="spm-badge" style="background:{color};color:{text_color_on(color)}">{badge}</div> '
        f"{on_track_badge_html(on_track)}"
        f'<div class="spm-card-meta"><span title="Perubahan dari tahun sebelumnya">{format_change(change)}</span>'
        f'<span title="Keterisian laporan">Keterisian {format_percent(completeness)}</span></div>'
        "</div>"
    )
    if link:
        return f'<a class="spm-card-link" href="{escape(link)}" target="_self" title="Buka profil {escape(title)}">{card}</a>'
    return card


def profile_link(kode: str, tahun: int, triwulan: int, bidang: str | None) -> str:
    """The address of a region's profile with the shared filters (a plain link: a new page load)."""
    params = {"wilayah": kode, "tahun": tahun, "triwulan": triwulan}
    if bidang:
        params["bidang"] = bidang
    return "profil?" + urlencode(params)


def category_legend_html(rules: Rules) -> str:
    items = "".join(
        f'<span class="spm-legend-item"><span class="spm-swatch" style="background:{rules.category_colors[label]}"></span>'
        f"{escape(label)} <small>({escape(text)})</small></span>"
        for label, text in rules.category_ranges()
    )
    return f'<div class="spm-legend" aria-label="Legenda kategori">{items}</div>'


def clearings_confirmed(clearings: pd.DataFrame, catalog, heading: str, key: str) -> bool:
    """The stored values a file or submission would clear, each with a tick to confirm it; True
    when there are none or every one is ticked."""
    if not len(clearings):
        return True
    st.markdown(heading + " Centang setiap baris untuk menyetujui pengosongannya.")
    table = change_table(clearings, catalog)
    table.insert(0, "Kosongkan", False)
    edited = st.data_editor(
        table, hide_index=True, width="stretch", key=key, disabled=[c for c in table.columns if c != "Kosongkan"]
    )
    return bool(edited["Kosongkan"].astype(bool).all())


def status_table_html(frame: pd.DataFrame, status_columns: list[str], colors: dict[str, str]) -> str:
    """A plain HTML table (cheap to send again, prints as it is) whose status cells are coloured by
    ``colors``; every cell is escaped text."""
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    status = {frame.columns.get_loc(c) for c in status_columns}
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for i, value in enumerate(values):
            text = "–" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
            color = colors.get(text) if i in status else None
            style = f' style="background:{color}"' if color else ""
            cells.append(f"<td{style}>{escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="spm-table-wrap"><table class="spm-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


CSS = """
<style>
[data-testid="stMainBlockContainer"] {padding-top: 4rem;}
[data-testid="stSidebarUserContent"] {padding-top: 1rem;}
h1 {font-size: 2.3rem !important; padding-top: 0 !important;}
.spm-simulasi {background:#fff3cd;color:#5c4400;border:2px solid #e0a800;border-radius:6px;
  padding:6px 12px;font-weight:700;font-size:1.05rem;display:inline-block;}
.spm-card {border:1px solid #d0d4da;border-left:12px solid #999;border-radius:8px;padding:10px 14px;
  background:#ffffff;min-height:170px;}
.spm-card-title {font-weight:700;font-size:1.25rem;line-height:1.25;color:#111;}
.spm-card-sub {font-size:0.95rem;color:#444;margin-bottom:2px;}
.spm-card-score {font-size:2.6rem;font-weight:800;line-height:1.1;color:#111;}
.spm-badge {display:inline-block;border-radius:4px;padding:2px 10px;font-weight:700;font-size:1rem;}
.spm-card-meta {display:flex;justify-content:space-between;gap:8px;flex-wrap:wrap;margin-top:6px;
  font-size:1rem;color:#222;}
.spm-track {display:inline-block;border-radius:4px;padding:1px 8px;font-weight:700;font-size:0.95rem;
  border:2px solid;background:#fff;margin-top:4px;}
.spm-track-yes {color:#0b5d1e;border-color:#0b5d1e;}
.spm-track-no {color:#8a1020;border-color:#8a1020;border-style:dashed;}
a.spm-card-link, a.spm-card-link:hover {text-decoration:none;color:inherit;display:block;}
a.spm-card-link:hover .spm-card, a.spm-card-link:focus .spm-card {box-shadow:0 0 0 3px #1a4f8b;}
.spm-card-grid {display:grid;grid-template-columns:repeat(4, minmax(0, 1fr));gap:1rem;}
.spm-card-grid-2 {grid-template-columns:repeat(2, minmax(0, 1fr));}
.spm-card-grid-3 {grid-template-columns:repeat(3, minmax(0, 1fr));}
.spm-card-grid-w {grid-template-columns:var(--spm-cols);}
.spm-figure {border:1px solid #d0d4da;border-radius:8px;padding:8px 14px;background:#ffffff;}
.spm-figure-label {font-size:1rem;color:#333;}
.spm-figure-value {font-size:2rem;font-weight:800;line-height:1.15;color:#111;overflow-wrap:anywhere;}
.spm-figure-note {font-size:0.9rem;color:#444;}
.spm-rank {display:inline-block;background:#1f2d3d;color:#fff;border-radius:4px;padding:0 6px;
  margin-right:6px;font-size:1rem;}
.spm-legend {display:flex;flex-wrap:wrap;gap:6px 18px;font-size:1rem;margin:4px 0 10px 0;}
.spm-legend-item {display:inline-flex;align-items:center;gap:6px;}
.spm-swatch {display:inline-block;width:22px;height:16px;border:1px solid #555;border-radius:3px;}
.spm-table-wrap {max-height:460px;overflow:auto;border:1px solid #d0d4da;border-radius:6px;}
.spm-table {border-collapse:collapse;width:100%;font-size:0.95rem;background:#fff;}
.spm-table th {position:sticky;top:0;background:#e9edf2;text-align:left;padding:4px 8px;border-bottom:1px solid #aab;}
.spm-table td {padding:3px 8px;border-bottom:1px solid #e3e6ea;}
.spm-app-name {font-weight:800;font-size:1.35rem;line-height:1.2;color:#0b3d6e;margin:0 0 2px 0;}
.spm-app-name small {display:block;font-weight:400;font-size:0.85rem;color:#333;}
.spm-print-only {display:none;}
/* Streamlit has no translation: its English main menu and the data grid's own CSV download are
   hidden (every table has our own downloads). */
[data-testid="stMainMenu"] {display:none !important;}
[data-testid="stElementToolbar"] button[aria-label="Download as CSV"] {display:none !important;}
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] {padding-left:0.6rem; padding-right:0.6rem; padding-top:3.5rem;}
  h1 {font-size:1.6rem !important;}
  .spm-card {min-height:0;}
  .spm-card-score {font-size:2.1rem;}
  .spm-card-grid.spm-card-grid-2, .spm-card-grid.spm-card-grid-w, .spm-card-grid {grid-template-columns:1fr;}
}
@media print {
  @page {size: A4 landscape; margin: 12mm;}
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stElementToolbar"], [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"],
  [data-testid="stSidebarNav"], [data-testid="stTopNav"], .modebar-container, .stDownloadButton {display:none !important;}
  [data-testid="stMainBlockContainer"] {padding:0 !important; max-width:100% !important;}
  [data-testid="stAppViewContainer"], [data-testid="stMain"] {position:static !important; overflow:visible !important;}
  .spm-print-only {display:block;}
  .spm-print-footer {position:fixed; bottom:0; left:0; right:0; font-size:9pt; background:#fff;
    border-top:1px solid #000; padding-top:2px;}
  .spm-table-wrap {max-height:none; overflow:visible;}
  .spm-table tr, .spm-card, .spm-figure, .js-plotly-plot {break-inside:avoid;}
}
</style>
"""

APP_NAME_HTML = '<div class="spm-app-name">SPM Banten<small>Capaian Standar Pelayanan Minimal</small></div>'
PRINT_KEY = "versi_cetak"
PRINT_TOGGLE_LABEL = "Versi cetak"
PRINT_TOGGLE_HELP = (
    "Tabel digambar sebagai tabel biasa, semua kolom dan baris, agar tercetak lengkap "
    "(Ctrl+P; panel samping tidak ikut tercetak)."
)


def card_grid_html(cards, per_row: int = 4, widths: tuple[float, ...] | None = None) -> str:
    """Cards ``per_row`` to a row (2, 3 or 4; one below the other on a phone) as one HTML block:
    a row of Streamlit columns costs its layout blocks and an element per card on every page run.
    ``widths``: the columns' relative widths (default: equal). A None card leaves its place empty."""
    cells = "".join(card if card is not None else "<div></div>" for card in cards)
    style = ""
    if widths:
        style = ' style="--spm-cols:' + " ".join(f"minmax(0, {w:g}fr)" for w in widths) + '"'
    return (
        f'<div class="spm-card-grid spm-card-grid-{per_row}{" spm-card-grid-w" if widths else ""}"{style}>{cells}</div>'
    )


def figure_card_html(label: str, value: str, note: str = "", hint: str = "") -> str:
    """One figure (a count, an amount, a score) under its label, with a short ``note`` below it
    and a longer ``hint`` on hover; every text is escaped. For a row of them, ``card_grid_html``."""
    title = f' title="{escape(hint)}"' if hint else ""
    note_html = f'<div class="spm-figure-note">{escape(note)}</div>' if note else ""
    return (
        f'<div class="spm-figure"{title}><div class="spm-figure-label">{escape(label)}</div>'
        f'<div class="spm-figure-value">{escape(value)}</div>{note_html}</div>'
    )


def print_mode() -> bool:
    """Whether the viewer asked for the print version (tables as plain HTML tables)."""
    return bool(st.session_state.get(PRINT_KEY))


def print_footer_html(selection, dataset) -> str:
    """What every printed sheet says (hidden on screen): the period, the data version and, for
    simulated data, the notice; repeated at the foot of each printed sheet."""
    parts = ["SPM Banten"]
    if selection is not None:
        parts.append(f"Periode {format_period(selection.tahun, selection.triwulan)}")
    if dataset.version:
        parts.append(f"Data versi {dataset.version}")
    if dataset.simulated:
        parts.append(f"⚠ {SIMULATED_NOTICE}")
    return f'<div class="spm-print-only spm-print-footer">{escape(" · ".join(parts))}</div>'


def inject_css(after: str = "") -> None:
    """The app's style sheet, with ``after`` (HTML) in the same block: one element fewer to send
    on every run (app.py puts the print footer there)."""
    st.html(CSS + after)
