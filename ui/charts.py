"""Showing a core figure with its two downloads (data as CSV, picture as PNG), and tables with
numbers in Indonesian format. The figures and tables themselves come from spm_core."""

from __future__ import annotations

import threading
import weakref

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from spm_core.figures import download_config
from spm_core.formatting import (
    format_change,
    format_count,
    format_percent,
    format_rupiah,
    format_score,
)
from ui.components import print_mode, status_table_html
from ui.downloads import table_downloads

PNG_HINT = "Unduh gambar (PNG): tombol kamera di pojok kanan atas grafik."

FORMATTERS = {
    "nilai": format_score,
    "perubahan": format_change,
    "jumlah": format_count,
    "rupiah": format_rupiah,
    "persen": format_percent,
}


# A figure of a cached page model is the same object run after run and never changed: Streamlit
# turns it into a dict (Figure.to_dict, a deep copy) on every run; that copy is made once here
# and kept as long as the figure lives.
_FIGURE_DICTS: dict[int, tuple[weakref.ref, dict]] = {}


def _spec_of(fig) -> dict:
    key = id(fig)
    with _SCREEN_LOCK:
        held = _FIGURE_DICTS.get(key)
        if held is not None and held[0]() is fig:
            return held[1]
    spec = fig.to_dict()
    with _SCREEN_LOCK:
        _FIGURE_DICTS[key] = (weakref.ref(fig, lambda _ref, key=key: _FIGURE_DICTS.pop(key, None)), spec)
    return spec


class _PreparedFigure(go.Figure):
    """Hands Streamlit the figure's dict made once (``to_dict`` is all ``st.plotly_chart`` asks of
    a figure before it writes the JSON)."""

    def __init__(self, spec: dict):  # noqa: D107 - no validation: the dict came from a Figure
        self._spm_spec = spec

    def to_dict(self) -> dict:
        return self._spm_spec


def chart(fig, data: pd.DataFrame, name: str, key: str) -> None:
    """Draw the figure (modebar always visible, its camera button saves a PNG in the browser)
    and offer its data as Excel and CSV (Excel Indonesia)."""
    st.plotly_chart(_PreparedFigure(_spec_of(fig)), config=download_config(name), theme=None, width="stretch",
                    key=f"grafik_{key}")
    table_downloads(data, name, key).caption(PNG_HINT)


def formatted(table: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """A copy of ``table`` for the screen: the named columns as Indonesian-format text
    (``kinds``: column → "nilai", "perubahan", "jumlah", "rupiah" or "persen")."""
    out = table.copy()
    for column, kind in kinds.items():
        if column in out.columns:
            out[column] = [FORMATTERS[kind](v) for v in out[column]]
    for column in out.columns:
        if pd.api.types.is_integer_dtype(out[column]) and out[column].isna().any():  # Int64 with <NA>: no "None"
            out[column] = [format_count(v) for v in out[column]]
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype(object).where(out[column].notna(), "–")
    return out


# Tables of cached page models are the same objects run after run: their screen version is made
# once and kept as long as the table lives (keyed by the table's identity, dropped with it).
_SCREEN: dict[int, tuple[weakref.ref, tuple, pd.DataFrame]] = {}
_SCREEN_LOCK = threading.Lock()


def _on_screen(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    key, spec = id(frame), tuple(sorted(kinds.items()))
    with _SCREEN_LOCK:
        held = _SCREEN.get(key)
        if held is not None and held[0]() is frame and held[1] == spec:
            return held[2]
    shown = formatted(frame, kinds)
    with _SCREEN_LOCK:
        _SCREEN[key] = (weakref.ref(frame, lambda _ref, key=key: _SCREEN.pop(key, None)), spec, shown)
    return shown


def table(frame: pd.DataFrame, kinds: dict[str, str], height: int | str = "auto") -> None:
    """A table with the named columns in Indonesian number format (``formatted``); a table that
    comes from a cached model is formatted once. In the print version (sidebar switch "Versi
    cetak") a plain HTML table with every row and column: the data grid prints only what it shows."""
    if print_mode():
        st.html(status_table_html(_on_screen(frame, kinds), [], {}))
        return
    st.dataframe(_on_screen(frame, kinds), hide_index=True, width="stretch", height=height)
