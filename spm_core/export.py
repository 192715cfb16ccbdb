"""Tables as downloadable files, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula ("=HYPERLINK(...)", "+62...", "-abc", "@SUM(...)",
or text opening with a tab or carriage return) is *neutralized*: it gets a leading apostrophe,
so it shows as text (CSV/formula injection, OWASP). Numbers are never touched, negative ones
included. The CSV is for machines: comma-separated, dot decimals, UTF-8 with a BOM so Excel
reads the accents right.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60
MIN_WIDTH = 8


def neutralize_text(value):
    """``value`` with a leading apostrophe if it is text a spreadsheet would run; else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot start a formula.

    Only text changes: numeric columns keep their dtype and values."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(object)
        out[column] = series.map(neutralize_text)
    out.columns = [neutralize_text(c) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for machines: UTF-8 with BOM, comma-separated, dot decimals, no index; neutralized."""
    text = neutralize(frame).to_csv(index=False, sep=",", decimal=".", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _cell_value(value):
    """A value openpyxl can write: numpy scalars to Python, missing to blank, text cleaned of
    control characters that an .xlsx cannot hold."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _width(values) -> float:
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)


def to_excel_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """An .xlsx of ``frame`` (no index): bold frozen header, readable widths; neutralized.

    A neutralized cell is written as text that Excel shows without the apostrophe (the
    "quote prefix" style Excel itself uses for text typed with a leading apostrophe), so
    "- belum lapor" reads as it was typed and still cannot run as a formula."""
    safe = neutralize(frame)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    columns = [_cell_value(c if isinstance(c, str) else str(c)) for c in safe.columns]
    rows = [[_cell_value(v) for v in row] for row in safe.itertuples(index=False, name=None)]
    for index, name in enumerate(columns):
        sample = [name, *(row[index] for row in rows[:1000])]
        sheet.column_dimensions[get_column_letter(index + 1)].width = _width(sample)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = _text_cell(sheet, name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_text_cell(sheet, v) if _is_neutralized(v) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _is_neutralized(value) -> bool:
    return isinstance(value, str) and value.startswith("'") and value[1:2] != "" and value[1] in "=+-@\t\r"


def _text_cell(sheet, value) -> WriteOnlyCell:
    """A cell that holds ``value`` as text; a neutralized one shows without its apostrophe."""
    cell = WriteOnlyCell(sheet)
    if _is_neutralized(value):
        cell.value = value[1:]
        cell.data_type = "s"  # openpyxl would otherwise take "=..." as a formula
        cell.quotePrefix = True
    else:
        cell.value = value
    return cell
