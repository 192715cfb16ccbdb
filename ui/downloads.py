"""The one download helper every page uses. Files are built when a button is clicked, never on a
page run: ``st.download_button`` takes a callable, which Streamlit runs outside the page's session
when the browser asks for the file. The callable therefore gets everything it needs as bound
arguments (a table already computed for this view, or the data key, selection and meeting name).

Every table is offered to people as Excel (.xlsx) and as "CSV (Excel Indonesia)" (``;`` and
decimal commas), both with the headers shown on screen (``spm_core.report.export.people_table``); the
machine CSV (snake_case, ``,`` and dot decimals) only where a machine reads it back (version rows,
the stage-file example)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from spm_core.report.export import people_csv_bytes, people_excel_bytes, to_csv_bytes

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICON = ":material/download:"

EXCEL_LABEL = "Unduh Excel"
CSV_LABEL = "Unduh CSV (Excel Indonesia)"
MACHINE_CSV_LABEL = "Unduh CSV mesin"
CSV_HELP = "Untuk Excel berbahasa Indonesia: pemisah titik koma (;) dan desimal koma."
MACHINE_CSV_HELP = "Untuk program lain: pemisah koma, desimal titik, nama kolom seperti di basis data."


def file_button(
    label: str,
    build: Callable[..., bytes],
    *args,
    file_name: str,
    mime: str,
    key: str | None = None,
    container=None,
    **button_options,
) -> None:
    """A download button whose file is ``build(*args)``, built when clicked."""
    target = container if container is not None else st
    target.download_button(
        label,
        data=partial(build, *args),
        file_name=file_name,
        mime=mime,
        key=key,
        icon=button_options.pop("icon", ICON),
        on_click="ignore",
        **button_options,
    )


def csv_button(
    label: str, frame: pd.DataFrame, file_name: str, key: str | None = None, container=None, **button_options
) -> None:
    """CSV for Excel set to Indonesian, with the headers people read."""
    button_options.setdefault("help", CSV_HELP)
    file_button(
        label,
        people_csv_bytes,
        frame,
        file_name=file_name,
        mime=CSV_MIME,
        key=key,
        container=container,
        **button_options,
    )


def machine_csv_button(
    label: str, frame: pd.DataFrame, file_name: str, key: str | None = None, container=None, **button_options
) -> None:
    """The machine CSV: the columns as they are, comma-separated, dot decimals."""
    button_options.setdefault("help", MACHINE_CSV_HELP)
    file_button(
        label, to_csv_bytes, frame, file_name=file_name, mime=CSV_MIME, key=key, container=container, **button_options
    )


def excel_button(
    label: str,
    frame: pd.DataFrame,
    file_name: str,
    sheet: str,
    key: str | None = None,
    container=None,
    **button_options,
) -> None:
    """An .xlsx with the headers people read and number formats per column."""
    file_button(
        label,
        people_excel_bytes,
        frame,
        sheet[:31],
        file_name=file_name,
        mime=XLSX_MIME,
        key=key,
        container=container,
        **button_options,
    )


def table_downloads(
    frame: pd.DataFrame, name: str, key: str, sheet: str | None = None, machine: bool = False, container=None
):
    """Excel and CSV (Excel Indonesia) of a table's numbers (not the screen's text), side by side;
    with ``machine`` also the machine CSV. ``name`` is the file name without its extension.
    Returns the row (a caption may follow the buttons in it)."""
    row = (container if container is not None else st).container(horizontal=True, gap="small")
    excel_button(EXCEL_LABEL, frame, f"{name}.xlsx", sheet or name, key=f"xlsx_{key}", container=row)
    csv_button(CSV_LABEL, frame, f"{name}.csv", key=f"csv_{key}", container=row)
    if machine:
        machine_csv_button(MACHINE_CSV_LABEL, frame, f"{name}_mesin.csv", key=f"mesin_{key}", container=row)
    return row
