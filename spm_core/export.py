"""Tables as downloadable files, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula is *neutralized*: a text cell that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return), or any part of which after a ``;``,
``,``, tab or line break does (a spreadsheet that splits the field on another separator would
see that part as a cell of its own: "a;=HYPERLINK(...)"), gets a leading apostrophe (and one
before each such part: "'a;'=HYPERLINK(...)") and is quoted in the CSV, so it shows as text (CSV/formula injection, OWASP). Numbers are never
touched, negative ones included. The CSV is for machines: comma-separated, dot decimals, UTF-8 with a BOM so Excel
reads the accents right.
"""

from __future__ import annotations

import io
import math
import re

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


# a formula character at the start, or after a separator a spreadsheet may split the field on
# (spaces after the separator too: "a; =1+1" splits into " =1+1", which LibreOffice trims)
_RUNS_AS_FORMULA = re.compile(r"(?:^|[;,\t\r\n])[ ]*[=+\-@]|^[\t\r]")


def runs_as_formula(value) -> bool:
    """Text a spreadsheet could take as a formula, in whole or in a part after ; , tab or a line break."""
    return isinstance(value, str) and _RUNS_AS_FORMULA.search(value) is not None


_PART_FORMULA = re.compile(r"([;,\t\r\n][ ]*)([=+\-@])")


def neutralize_text(value):
    """``value`` with a leading apostrophe if it is text a spreadsheet would run, and an apostrophe
    before each part after a separator that would (LibreOffice set to ';' splits "a;=1+1" even
    inside quotes when the quotes close before a ','); else as it is."""
    if runs_as_formula(value):
        return "'" + _PART_FORMULA.sub(r"\1'\2", value)
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
    """CSV for machines: UTF-8 with BOM, comma-separated, dot decimals, no index; neutralized, and
    every neutralized field quoted (so no spreadsheet splits it, whatever separator it assumes)."""
    safe = neutralize(frame)
    quoted: dict[str, str] = {}

    def placeholder(value):
        if _is_neutralized(value):
            token = f"\x00{len(quoted)}\x00"
            quoted[token] = '"' + value.replace('"', '""') + '"'
            return token
        return value

    columns = list(safe.columns)
    safe = safe.copy()
    safe.columns = [placeholder(c) for c in columns]
    for position in range(safe.shape[1]):
        series = safe.iloc[:, position]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            safe.isetitem(position, series.map(placeholder).astype(object))
    text = safe.to_csv(index=False, sep=",", decimal=".", lineterminator="\r\n")
    if quoted:
        text = re.sub("\x00[0-9]+\x00", lambda m: quoted[m.group(0)], text)
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


_PART_NEUTRALIZED = re.compile(r"([;,\t\r\n][ ]*)'([=+\-@])")


def _is_neutralized(value) -> bool:
    """Text that neutralize_text changed (its apostrophes taken away, it would run)."""
    return (isinstance(value, str) and value.startswith("'")
            and runs_as_formula(_PART_NEUTRALIZED.sub(r"\1\2", value[1:])))


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
