"""Showing a core figure with its two downloads (data as CSV, picture as PNG), and tables with
numbers in Indonesian format. The figures and tables themselves come from spm_core."""

from __future__ import annotations

import threading
import weakref

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from spm_core.formatting import (
    format_change,
    format_count,
    format_percent,
    format_rupiah,
    format_score,
)
from spm_core.visuals.figures import download_config
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


# The figures and tables of cached page models are the same objects run after run and never
# changed. What Streamlit would make of them on every run (a figure's dict, a table's screen text
# and its Arrow form) is made once here and kept as long as the object lives (keyed by identity,
# dropped with it).
_DERIVED: dict[tuple[int, object], tuple[weakref.ref, object]] = {}
_DERIVED_LOCK = threading.Lock()


def _derived(source, how, make):
    """``make(source)``, once per (``source`` object, ``how``)."""
    key = (id(source), how)
    with _DERIVED_LOCK:
        held = _DERIVED.get(key)
        if held is not None and held[0]() is source:
            return held[1]
    value = make(source)
    with _DERIVED_LOCK:
        _DERIVED[key] = (weakref.ref(source, lambda _ref, key=key, drop=_DERIVED.pop: drop(key, None)), value)
    return value


def _spec_of(fig) -> dict:
    return _derived(fig, "dict", lambda f: f.to_dict())


def _arrow(frame: pd.DataFrame):
    """The table as Arrow for the data grid (Streamlit converts a DataFrame on every run); a table
    Arrow cannot type as it is goes to Streamlit unchanged (it makes such columns text itself)."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return frame


def grid(frame: pd.DataFrame, **kwargs) -> None:
    """``st.dataframe`` of a table that comes from a cached model (converted to Arrow once)."""
    st.dataframe(_derived(frame, "arrow", _arrow), **kwargs)


class _PreparedFigure(go.Figure):
    """Hands Streamlit the figure's dict made once (``to_dict`` is all ``st.plotly_chart`` asks of
    a figure before it writes the JSON)."""

    def __init__(self, spec: dict):  # no validation: the dict came from a Figure
        self._spm_spec = spec

    def to_dict(self) -> dict:
        return self._spm_spec


def chart(fig, data: pd.DataFrame, name: str, key: str) -> None:
    """Draw the figure (modebar always visible, its camera button saves a PNG in the browser)
    and offer its data as Excel and CSV (Excel Indonesia)."""
    st.plotly_chart(
        _PreparedFigure(_spec_of(fig)), config=download_config(name), theme=None, width="stretch", key=f"grafik_{key}"
    )
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


def _on_screen(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    return _derived(frame, tuple(sorted(kinds.items())), lambda f: formatted(f, kinds))


def table(frame: pd.DataFrame, kinds: dict[str, str], height: int | str = "auto") -> None:
    """A table with the named columns in Indonesian number format (``formatted``); a table that
    comes from a cached model is formatted once. In the print version (sidebar switch "Versi
    cetak") a plain HTML table with every row and column: the data grid prints only what it shows."""
    if print_mode():
        st.html(status_table_html(_on_screen(frame, kinds), [], {}))
        return
    grid(_on_screen(frame, kinds), hide_index=True, width="stretch", height=height)
