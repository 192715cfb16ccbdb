"""Read a data file (CSV or .xlsx) into a table of text cells, one row per row of the file.

The index of the returned frame is the row number a person sees in Excel or a text editor
(the header is row 1). Interpreting the cells is validation's job, not this module's.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from pathlib import Path

import pandas as pd

from .problems import InputFileError, Problem

XLSX_SHEET = "data"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .xls

# A file is read whole or refused: never cut short, never grown without bound.
MAX_ROWS = 200_000  # data rows of a sheet or a CSV (a national file has about 150,000)
MAX_COLUMNS = 100  # columns of a sheet or a CSV (the schema has 13)


def _problem(message: str) -> InputFileError:
    return InputFileError([Problem(message)])


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def header_key(name) -> str:
    """Header text as a column key: trimmed, lower case, spaces to underscores."""
    return "_".join(str(name).strip().lower().split())


def _unique_keys(keys: list[str]) -> list[str]:
    """Blank or repeated header cells (stray cells right of the table in Excel) get their own
    names, as pandas gives them in a CSV ("unnamed:_9", "terlayani.1"), so every column is one."""
    out: list[str] = []
    taken: set[str] = set()
    for i, key in enumerate(keys):
        key = key or f"unnamed:_{i}"
        name, n = key, 0
        while name in taken:
            n += 1
            name = f"{key}.{n}"
        out.append(name)
        taken.add(name)
    return out


def _too_wide(count: int, row: int) -> InputFileError:
    return InputFileError(
        [
            Problem(
                f"Baris {row} berisi {_count(count)} kolom (batas {MAX_COLUMNS} kolom; data SPM memakai 13). Hapus kolom "
                "kosong atau tambahan di kanan tabel, atau periksa tanda pemisah, lalu simpan ulang.",
                row,
            )
        ]
    )


def _too_long(more_than: int) -> InputFileError:
    return _problem(
        f"Berkas berisi lebih dari {_count(more_than)} baris data (batas {_count(MAX_ROWS)} baris). "
        "Bagi data menjadi beberapa berkas, misalnya per bidang atau per wilayah."
    )


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _check_csv_shape(lines: list[str], sep: str, skip: int) -> int:
    """Before pandas reads a CSV: every record within the column limit, the records within the row
    limit, and no cell right of the header's last column filled. Returns the header's width."""
    reader = csv.reader(lines, delimiter=sep, skipinitialspace=True)
    width = 0
    try:
        for fields in reader:
            line = reader.line_num + skip
            if len(fields) > MAX_COLUMNS:
                raise _too_wide(len(fields), line)
            if not width:
                width = len(fields)
            elif len(fields) > width and any(cell.strip() for cell in fields[width:]):
                raise _problem(
                    f"Baris {line} berisi lebih banyak sel daripada judul kolom ({width} kolom). "
                    "Periksa tanda pemisah, misalnya koma di dalam angka."
                )
            if reader.line_num > MAX_ROWS + 1 and len(lines) > MAX_ROWS + 1:
                raise _too_long(MAX_ROWS)
    except csv.Error as exc:
        raise _problem(
            f"Berkas CSV rusak dekat baris {reader.line_num + skip}: sel terlalu panjang atau tanda kutip "
            f"tidak ditutup ({exc}). Periksa tanda kutip."
        ) from exc
    return width


def read_csv_text(text: str) -> pd.DataFrame:
    lines = text.splitlines()
    skip = next((i for i, line in enumerate(lines) if line.strip()), len(lines))  # blank lines above the header
    first = lines[skip] if skip < len(lines) else ""
    if not first:
        raise _problem("Berkas kosong: tidak ada baris judul kolom maupun data.")
    sep = _delimiter(first)
    _check_csv_shape(lines[skip:], sep, skip)
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text),
                sep=sep,
                skiprows=skip,
                index_col=False,  # a delimiter at the end of every data line must not become an index
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                skipinitialspace=True,
            )
    except pd.errors.ParserError as exc:
        raise _problem(f"Berkas CSV rusak: {exc}. Periksa tanda pemisah dan tanda kutip.") from exc
    except pd.errors.EmptyDataError as exc:
        raise _problem("Berkas kosong: tidak ada baris judul kolom maupun data.") from exc
    frame = frame.fillna("")
    frame.index = frame.index + 2 + skip
    return frame


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def read_xlsx_bytes(data: bytes) -> pd.DataFrame:
    from openpyxl import load_workbook  # imported here: CSV users don't pay for it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _problem(f"Berkas Excel tidak dapat dibuka ({exc}). Simpan ulang sebagai .xlsx.") from exc
    try:
        names = book.sheetnames
        if not names:
            raise _problem("Berkas Excel tidak memiliki lembar kerja.")
        sheet = book[XLSX_SHEET] if XLSX_SHEET in names else book[names[0]]
        # The <dimension> a writer leaves in the sheet may understate it: never trust it, read every
        # row there is (filesafety's scan has bounded the rows and the cells of each row first).
        sheet.reset_dimensions()
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                raise _too_long(MAX_ROWS)
            if len(row) > MAX_COLUMNS:
                if any(_cell_text(v).strip() for v in row[MAX_COLUMNS:]):
                    raise _too_wide(len(row), number)
                row = row[:MAX_COLUMNS]
            rows.append([_cell_text(v) for v in row])
    finally:
        book.close()
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise _problem(f"Lembar '{sheet.title}' kosong atau baris 1 tidak berisi judul kolom.")
    width = max(len(r) for r in rows)  # rows end at their last cell: the widest one sets the table
    header = rows[0] + [""] * (width - len(rows[0]))
    body = [r + [""] * (width - len(r)) for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = pd.RangeIndex(2, 2 + len(body))
    return frame.astype(str) if len(frame) else frame


def read_table(source: str | Path | bytes, filename: str | None = None) -> pd.DataFrame:
    """A data file (path, or bytes with its file name) as text cells; row numbers as index.

    Raises InputFileError for a file that cannot be read at all."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise _problem(f"Berkas tidak ditemukan: {path}") from exc
    else:
        data = source
    suffix = Path(filename or "").suffix.lower()
    if data.startswith(OLE_MAGIC) or suffix == ".xls":
        raise _problem("Format .xls lama tidak didukung. Simpan berkas sebagai Excel .xlsx atau CSV.")
    if suffix == ".xlsx" or (suffix not in (".csv", ".txt") and data.startswith(ZIP_MAGIC)):
        if not data.startswith(ZIP_MAGIC):
            raise _problem("Berkas berakhiran .xlsx tetapi isinya bukan berkas Excel.")
        frame = read_xlsx_bytes(data)
    elif suffix in (".csv", ".txt", ""):
        if data.startswith(ZIP_MAGIC):
            raise _problem("Berkas berakhiran .csv tetapi isinya berkas Excel/zip. Ganti akhiran menjadi .xlsx.")
        frame = read_csv_text(decode_text(data))
    else:
        raise _problem(f"Jenis berkas {suffix} tidak didukung. Gunakan .csv atau .xlsx.")
    frame.columns = _unique_keys([header_key(c) for c in frame.columns])
    # Blank rows are skipped, but keep their numbers out of the index so rows stay where they are.
    blank = (frame.apply(lambda s: s.str.strip()) == "").all(axis=1) if len(frame.columns) else None
    if blank is not None and len(frame):
        frame = frame[~blank]
    return frame
