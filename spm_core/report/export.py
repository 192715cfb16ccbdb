"""Tables as downloadable files, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula is *neutralized*: a text cell that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return), or any part of which after a ``;``,
``,``, tab or line break does (a spreadsheet that splits the field on another separator would
see that part as a cell of its own: "a;=HYPERLINK(...)"), gets a leading apostrophe (and one
before each such part: "'a;'=HYPERLINK(...)") and is quoted in the CSV, so it shows as text (CSV/formula injection, OWASP). Numbers are never
touched, negative ones included.

Two kinds of file. For people (``people_csv_bytes``, ``people_excel_bytes``): the table with the
headers shown on screen (``people_table``: no snake_case, a "Periode" written by ``format_period``),
people and rupiah as whole numbers, scores and percentages to 2 decimals; the CSV is for Excel set
to Indonesian (``;`` between fields, decimal comma, numbers written as numbers) and the .xlsx
carries number formats. For machines (``to_csv_bytes``, "CSV mesin": version rows and the command
line): the columns as they are, comma-separated, dot decimals. Both CSVs are UTF-8 with a BOM so
Excel reads the accents right.
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

from ..formatting import format_period
from ..gaps import STAGES as _STAGES
from ..visuals.tables import GAP_HEADERS, SUMMARY_HEADERS

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
    return _csv_bytes(frame, sep=",", decimal=".")


def to_csv_indonesia_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Excel set to Indonesian: ``;`` between fields, decimal comma (``62,46``), numbers
    written as numbers without thousands separators, floats with 2 decimals; UTF-8 with BOM;
    neutralized like ``to_csv_bytes``. The columns are written as they are (see ``people_csv_bytes``)."""
    return _csv_bytes(frame, sep=";", decimal=",", float_format="%.2f")


def _csv_bytes(frame: pd.DataFrame, sep: str, decimal: str, float_format: str | None = None) -> bytes:
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
    text = safe.to_csv(index=False, sep=sep, decimal=decimal, float_format=float_format, lineterminator="\r\n")
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
    """An .xlsx of ``frame`` (no index): bold frozen header, readable widths; neutralized. Number
    cells carry the format of their column's kind (``column_kinds``): whole numbers ``#,##0``,
    scores and percentages ``0.00``, years and versions ``0``.

    A neutralized cell is written as text that Excel shows without the apostrophe (the
    "quote prefix" style Excel itself uses for text typed with a leading apostrophe), so
    "- belum lapor" reads as it was typed and still cannot run as a formula."""
    safe = neutralize(frame)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    columns = [_cell_value(c if isinstance(c, str) else str(c)) for c in safe.columns]
    rows = [[_cell_value(v) for v in row] for row in safe.itertuples(index=False, name=None)]
    formats = [NUMBER_FORMATS.get(kind) for kind in column_kinds(frame).values()]
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
        sheet.append(
            [_text_cell(sheet, v) if _is_neutralized(v) else _number_cell(sheet, v, f) for v, f in zip(row, formats)]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_PART_NEUTRALIZED = re.compile(r"([;,\t\r\n][ ]*)'([=+\-@])")


def _is_neutralized(value) -> bool:
    """Text that neutralize_text changed (its apostrophes taken away, it would run)."""
    return (
        isinstance(value, str) and value.startswith("'") and runs_as_formula(_PART_NEUTRALIZED.sub(r"\1\2", value[1:]))
    )


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


def _number_cell(sheet, value, number_format: str | None):
    if number_format is None or isinstance(value, (str, bool)) or not isinstance(value, (int, float)):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


# --- tables for people ---------------------------------------------------------------------------

WHOLE, DECIMAL, PLAIN = "bulat", "desimal", "polos"  # 1.234 people or rupiah · 62,46 · 2025
NUMBER_FORMATS = {WHOLE: "#,##0", DECIMAL: "0.00", PLAIN: "0"}

# machine column → the header people read (the screen's own where a page shows the table: the
# gaps tables' and the overview's headers, then the rest)
PEOPLE_HEADERS = {
    **GAP_HEADERS,
    **SUMMARY_HEADERS,
    "periode": "Periode",
    "tahun": "Tahun",
    "triwulan": "Triwulan",
    "kode_bidang": "Kode bidang",
    "nama_singkat": "Bidang",
    "bidang": "Bidang",
    "wilayah": "Wilayah",
    **{f"tahap_{k}": f"{k}. {v}" for k, v in _STAGES.items()},
    **{f"tanggal_{k}": f"Tanggal tahap {k}" for k in _STAGES},
    **{f"catatan_{k}": f"Catatan tahap {k}" for k in _STAGES},
    "rencana_aksi": "Rencana aksi",
    "nomor": "No.",
    "permasalahan": "Permasalahan",
    "solusi": "Solusi",
    "tindak_lanjut": "Tindak lanjut",
    "penanggung_jawab": "Penanggung jawab",
    "tenggat": "Tenggat",
    "pertama_dikirim": "Pertama dikirim",
    "hari_terlambat": "Hari terlambat",
    "status_laporan": "Status laporan",
    "versi_pertama": "Versi pertama",
    "jenis_pertama": "Jenis versi pertama",
    "jumlah_diharapkan": "Baris diharapkan",
    "jumlah_lengkap": "Baris lengkap",
    "yang_kurang": "Yang belum lengkap (lengkap dari diharapkan)",
    "mutu_dibutuhkan": "Mutu dibutuhkan",
    "mutu_tersedia": "Mutu tersedia",
    "dihapus": "Dihapus",
    "jumlah_layanan": "Jumlah layanan",
    "jumlah_dinilai": "Layanan dinilai",
}

_WHOLE_COLUMNS = (
    "harus_dilayani",
    "terlayani",
    "belum_terlayani",
    "tambahan_terlayani",
    "orang_per_poin",
    "jumlah_tanpa_biaya",
    "biaya_satuan",
    "kebutuhan_anggaran",
    "anggaran_alokasi",
    "anggaran_realisasi",
    "selisih",
    "biaya",
    "biaya_per_poin",
    "mutu_dibutuhkan",
    "mutu_tersedia",
    "peringkat",
    "urutan",
    "hari_terlambat",
    "jumlah_diharapkan",
    "jumlah_lengkap",
    "jumlah_layanan",
    "jumlah_dinilai",
    "nomor",
)
_DECIMAL_COLUMNS = (
    "nilai",
    "nilai_bulat",
    "nilai_baru",
    "nilai_sebelumnya",
    "perubahan",
    "poin_hilang",
    "poin_hilang_bidang",
    "persen_penerima",
    "persen_penerima_baru",
    "persen_mutu",
    "persen_realisasi",
    "keterisian",
)
_PLAIN_COLUMNS = ("tahun", "triwulan", "versi_pertama")

# the kind of number a column holds, by its machine name or its header (tables that pages build
# with headers already: "Belum terlayani (orang)", "Kebutuhan anggaran (Rp)", "Jumlah kab/kota" …)
COLUMN_KINDS = {
    **dict.fromkeys(_WHOLE_COLUMNS, WHOLE),
    **dict.fromkeys(_DECIMAL_COLUMNS, DECIMAL),
    **dict.fromkeys(_PLAIN_COLUMNS, PLAIN),
    **{PEOPLE_HEADERS[c]: WHOLE for c in _WHOLE_COLUMNS if c in PEOPLE_HEADERS},
    **{PEOPLE_HEADERS[c]: DECIMAL for c in _DECIMAL_COLUMNS if c in PEOPLE_HEADERS},
    **{PEOPLE_HEADERS[c]: PLAIN for c in _PLAIN_COLUMNS if c in PEOPLE_HEADERS},
    "Belum terlayani (orang)": WHOLE,
    "Kebutuhan anggaran (Rp)": WHOLE,
    "Jumlah kab/kota": WHOLE,
    "Biaya satuan (Rp)": WHOLE,
    "Anggaran alokasi (Rp)": WHOLE,
    "Anggaran realisasi (Rp)": WHOLE,
    "Peringkat kab/kota": WHOLE,
    "Capaian penerima (%)": DECIMAL,
    "Capaian mutu (%)": DECIMAL,
    "Versi": PLAIN,
}


def column_kinds(frame: pd.DataFrame) -> dict:
    """Each numeric column's kind (``WHOLE``, ``DECIMAL``, ``PLAIN``; text: None). A column not
    named here: whole numbers if it holds only whole numbers, else decimals (scores per sector)."""
    kinds = {}
    for column in frame.columns:
        series = frame[column]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            kinds[column] = None
        elif column in COLUMN_KINDS:
            kinds[column] = COLUMN_KINDS[column]
        else:
            values = series.dropna()
            whole = pd.api.types.is_integer_dtype(series) or bool(((values % 1) == 0).all())
            kinds[column] = WHOLE if whole else DECIMAL
    return kinds


def people_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as people read it in a file: the headers shown on screen (a machine name left
    over reads "Kode wilayah", never "kode_wilayah"), ``tahun``/``triwulan`` as one "Periode"
    ("2025 triwulan I", ``format_period``), people and rupiah rounded to whole numbers (Int64),
    scores and percentages to 2 decimals, yes/no as "ya"/"tidak". Numbers stay numbers."""
    out = frame.copy()
    if {"tahun", "triwulan"} <= set(out.columns):
        periods = [format_period(int(y), int(q or 0)) for y, q in zip(out["tahun"], out["triwulan"].fillna(0))]
        out.insert(list(out.columns).index("tahun"), "periode", periods)
        out = out.drop(columns=["tahun", "triwulan"])
    for column, kind in column_kinds(out).items():
        series = out[column]
        if pd.api.types.is_bool_dtype(series):
            out[column] = series.map({True: "ya", False: "tidak"})
        elif kind in (WHOLE, PLAIN):
            out[column] = pd.to_numeric(series).round(0).astype("Int64")
        elif kind == DECIMAL:
            out[column] = pd.to_numeric(series).astype(float).round(2)
    out.columns = [_people_header(c) for c in out.columns]
    return out


def _people_header(column) -> str:
    column = str(column)
    if column in PEOPLE_HEADERS:
        return PEOPLE_HEADERS[column]
    if column == column.lower() and "_" in column:
        return column.replace("_", " ").capitalize()
    return column


def people_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The "CSV (Excel Indonesia)" download of a table: ``people_table`` as ``to_csv_indonesia_bytes``."""
    return to_csv_indonesia_bytes(people_table(frame))


def people_excel_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """The Excel download of a table: ``people_table`` as ``to_excel_bytes`` (formats per column)."""
    return to_excel_bytes(people_table(frame), sheet_name)
