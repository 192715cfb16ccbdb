"""The one download helper every page uses. Files are built when a button is clicked, never on a
page run: ``st.download_button`` takes a callable, which Streamlit runs outside the page's session
when the browser asks for the file. The callable therefore gets everything it needs as bound
arguments (a table already computed for this view, or the data key, selection and meeting name)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from spm_core.export import to_csv_bytes, to_excel_bytes

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICON = ":material/download:"


def file_button(label: str, build: Callable[..., bytes], *args, file_name: str, mime: str, key: str | None = None,
                container=None, **button_options) -> None:
    """A download button whose file is ``build(*args)``, built when clicked."""
    target = container if container is not None else st
    target.download_button(label, data=partial(build, *args), file_name=file_name, mime=mime, key=key,
                           icon=button_options.pop("icon", ICON), on_click="ignore", **button_options)


def csv_button(label: str, frame: pd.DataFrame, file_name: str, key: str | None = None, container=None,
               **button_options) -> None:
    file_button(label, to_csv_bytes, frame, file_name=file_name, mime=CSV_MIME, key=key, container=container,
                **button_options)


def excel_button(label: str, frame: pd.DataFrame, file_name: str, sheet: str, key: str | None = None,
                 container=None, **button_options) -> None:
    file_button(label, to_excel_bytes, frame, sheet[:31], file_name=file_name, mime=XLSX_MIME, key=key,
                container=container, **button_options)


def table_downloads(frame: pd.DataFrame, name: str, key: str, sheet: str | None = None,
                    csv_label: str = "Unduh CSV", excel_label: str = "Unduh Excel") -> None:
    """CSV and Excel of a table's unformatted numbers (for further calculation), side by side."""
    left, right, _ = st.columns([1, 1, 3])
    csv_button(csv_label, frame, f"{name}.csv", key=f"csv_{key}", container=left)
    excel_button(excel_label, frame, f"{name}.xlsx", sheet or name, key=f"xlsx_{key}", container=right)
