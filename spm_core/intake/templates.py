"""The .xlsx an office fills in: one row per region × service of its level, codes filled in.

Sheet ``data`` holds the table in the upload schema (``read_table`` reads the sheet named
``data``); sheet ``petunjuk`` (second) says, in Bahasa Indonesia, what each column means. The
code, name and period cells are locked (sheet protection without a password: it prevents
mistakes, it is not security; validation checks every code anyway); the number cells are
unlocked and accept only whole numbers ≥ 0.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..catalog import LEVEL_LABELS, LEVELS, Catalog
from ..formatting import format_period
from .validation import COUNT_COLUMNS, MONEY_COLUMNS, YEAR_MAX, YEAR_MIN

DATA_SHEET = "data"
GUIDE_SHEET = "petunjuk"
ID_COLUMNS = ["tahun", "triwulan", "kode_wilayah", "nama_wilayah", "kode_layanan", "nama_layanan"]
INPUT_COLUMNS = [*COUNT_COLUMNS, *MONEY_COLUMNS]
NOTE_COLUMN = "keterangan"  # per row: why a cell is blank or where its value comes from (not read)
TEMPLATE_COLUMNS = [*ID_COLUMNS, *INPUT_COLUMNS, NOTE_COLUMN]
SIMULATED_NOTE = "Nilai tersimpan adalah data simulasi, bukan data resmi: sel dikosongkan, isi angka resmi."
PREFILLED_NOTE = "Terisi nilai tersimpan; ubah yang berubah saja."
MAX_WIDTH = 60
NUMBER_FORMAT = "#,##0"

# When each quarter's report is due (the 20th of the month after the quarter).
DEADLINES = {1: "20 April", 2: "20 Juli", 3: "20 Oktober", 4: "20 Januari tahun berikutnya"}
SOURCE = "PP 2/2018 tentang Standar Pelayanan Minimal; Permendagri 59/2021 tentang Penerapan SPM"

COLUMN_GUIDE = {
    "tahun": ("Tahun laporan.", "Sudah terisi; jangan diubah."),
    "triwulan": ("Triwulan laporan: 1, 2, 3 atau 4; kosong untuk data tahunan.", "Sudah terisi; jangan diubah."),
    "kode_wilayah": ("Kode wilayah Kemendagri (misalnya 36.03).", "Sudah terisi; jangan diubah."),
    "nama_wilayah": ("Nama provinsi/kabupaten/kota.", "Sudah terisi; jangan diubah."),
    "kode_layanan": ("Kode jenis pelayanan dasar.", "Sudah terisi; jangan diubah."),
    "nama_layanan": ("Nama jenis pelayanan dasar (hanya keterangan, tidak dibaca).", "Sudah terisi; jangan diubah."),
    "harus_dilayani": ("Jumlah warga negara yang harus dilayani (sasaran).", "Wajib diisi; boleh 0."),
    "terlayani": ("Jumlah warga negara yang sudah terlayani.", "Wajib diisi; boleh 0."),
    "mutu_dibutuhkan": (
        "Jumlah barang/jasa dan SDM yang dibutuhkan menurut standar teknis.",
        "Boleh kosong: kosong = nilai tersimpan tetap (bila belum ada: tidak dilaporkan, bukan 0); "
        "tulis - untuk mengosongkan.",
    ),
    "mutu_tersedia": (
        "Jumlah barang/jasa dan SDM yang tersedia.",
        "Boleh kosong: kosong = nilai tersimpan tetap; tulis - untuk mengosongkan.",
    ),
    "anggaran_alokasi": (
        "Anggaran yang dialokasikan (rupiah).",
        "Boleh kosong: kosong = nilai tersimpan tetap; tulis - untuk mengosongkan.",
    ),
    "anggaran_realisasi": (
        "Anggaran yang direalisasikan (rupiah).",
        "Boleh kosong: kosong = nilai tersimpan tetap; tulis - untuk mengosongkan.",
    ),
    "biaya_satuan": (
        "Biaya satuan pemenuhan per penerima (rupiah).",
        "Boleh kosong: kosong = nilai tersimpan tetap; tulis - untuk mengosongkan.",
    ),
    NOTE_COLUMN: ("Keterangan baris: nilai terisi dari data tersimpan, atau mengapa sel dikosongkan.", "Tidak dibaca."),
}


def deadline_text(tahun: int, triwulan: int) -> str:
    """When the report of a period is due, as a sentence."""
    if not triwulan:
        return "Laporan tahunan: sampaikan sesuai jadwal dari Biro Pemerintahan dan Otonomi Daerah."
    year = tahun + 1 if triwulan == 4 else tahun
    return f"Batas penyampaian: {DEADLINES[triwulan].replace(' tahun berikutnya', '')} {year}."


def make_template(
    catalog: Catalog,
    tahun: int,
    triwulan: int,
    tingkat: str,
    bidang: str | None = None,
    wilayah: str | None = None,
    stored: pd.DataFrame | None = None,
) -> bytes:
    """An .xlsx template for one period and level (and sector, and region, if given), as bytes.

    ``triwulan`` 0 is an annual report (the cell stays blank). ``stored`` (the current data, with
    ``simulasi``) prefills the rows of the period with their stored values, except simulated ones:
    their cells stay blank and the row's ``keterangan`` says why. Raises ValueError for a level,
    sector, region, year or quarter that does not exist."""
    if tingkat not in LEVELS:
        raise ValueError(f"Tingkat tidak dikenal: {tingkat!r} (pilih {' atau '.join(LEVELS)})")
    if bidang is not None and bidang not in catalog.sector_codes:
        raise ValueError(f"Bidang tidak dikenal: {bidang!r}")
    if not YEAR_MIN <= int(tahun) <= YEAR_MAX:
        raise ValueError(f"Tahun di luar rentang {YEAR_MIN}–{YEAR_MAX}: {tahun}")
    if int(triwulan) not in (0, 1, 2, 3, 4):
        raise ValueError(f"Triwulan harus 0 (tahunan), 1, 2, 3 atau 4: {triwulan}")
    regions = catalog.regions.table
    regions = regions[regions["tingkat"] == tingkat]
    if wilayah is not None:
        if wilayah not in set(regions["kode_wilayah"]):
            raise ValueError(f"Wilayah {wilayah!r} tidak ada di tingkat {LEVEL_LABELS[tingkat]}")
        regions = regions[regions["kode_wilayah"] == wilayah]
    services = catalog.services_for(tingkat, bidang)
    keys = pd.DataFrame(
        [(int(tahun), int(triwulan), r, s) for r in regions["kode_wilayah"] for s in services["kode_layanan"]],
        columns=["tahun", "triwulan", "kode_wilayah", "kode_layanan"],
    )
    scope = (
        (catalog.regions.names[wilayah] if wilayah else "semua " + LEVEL_LABELS[tingkat])
        + ", "
        + (catalog.sector_names[bidang] if bidang else "semua bidang")
    )
    return _template(catalog, _prefilled(keys, stored), int(tahun), int(triwulan), scope)


def make_correction_template(catalog: Catalog, rows: pd.DataFrame, note: str | None = None) -> bytes:
    """A template holding exactly ``rows`` (a submission's rows: key and values), prefilled with
    them, to correct a rejected or returned submission."""
    keys = rows.copy()
    keys["simulasi"] = False
    periods = keys[["tahun", "triwulan"]].drop_duplicates().sort_values(["tahun", "triwulan"])
    tahun, triwulan = (int(x) for x in periods.iloc[0]) if len(periods) else (0, 0)
    filled = _prefilled(keys[["tahun", "triwulan", "kode_wilayah", "kode_layanan"]], keys)
    filled["keterangan"] = "Nilai kiriman Anda; perbaiki lalu unggah lagi." + (
        f" Catatan verifikator: {note}" if note else ""
    )
    return _template(catalog, filled, tahun, triwulan, "perbaikan kiriman")


def _prefilled(keys: pd.DataFrame, stored: pd.DataFrame | None) -> pd.DataFrame:
    """``keys`` with their stored values (blank where simulated or not stored) and a note."""
    out = keys.astype({"kode_wilayah": str, "kode_layanan": str}).copy()
    out[NOTE_COLUMN] = None
    for column in INPUT_COLUMNS:
        out[column] = float("nan")
    if stored is None or stored.empty:
        return out
    old = stored.reindex(columns=["tahun", "triwulan", "kode_wilayah", "kode_layanan", *INPUT_COLUMNS, "simulasi"])
    old = old.astype({"kode_wilayah": str, "kode_layanan": str, "tahun": "int64", "triwulan": "int64"})
    merged = out[["tahun", "triwulan", "kode_wilayah", "kode_layanan"]].merge(
        old, on=["tahun", "triwulan", "kode_wilayah", "kode_layanan"], how="left"
    )
    simulated = merged["simulasi"].fillna(False).astype(bool).to_numpy()
    found = merged["harus_dilayani"].notna().to_numpy()
    for column in INPUT_COLUMNS:
        values = pd.to_numeric(merged[column], errors="coerce").to_numpy(dtype="float64")
        out[column] = [v if (f and not s) else float("nan") for v, f, s in zip(values, found, simulated)]
    out.loc[found & simulated, NOTE_COLUMN] = SIMULATED_NOTE
    out.loc[found & ~simulated, NOTE_COLUMN] = PREFILLED_NOTE
    return out


def _template(catalog: Catalog, rows: pd.DataFrame, tahun: int, triwulan: int, scope: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    _write_data(sheet, catalog, rows, tahun, triwulan)
    guide = book.create_sheet(GUIDE_SHEET)
    _write_guide(guide, tahun, triwulan, scope, len(rows))
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    return None if value is None or (isinstance(value, float) and value != value) else int(value)


def _write_data(sheet, catalog: Catalog, rows: pd.DataFrame, tahun: int, triwulan: int):
    sheet.append(TEMPLATE_COLUMNS)
    names, services = catalog.regions.names, catalog.service_names
    for r in rows.itertuples(index=False):
        sheet.append(
            [
                int(r.tahun),
                int(r.triwulan) or None,
                r.kode_wilayah,
                names.get(r.kode_wilayah, r.kode_wilayah),
                r.kode_layanan,
                services.get(r.kode_layanan, r.kode_layanan),
            ]
            + [_cell(getattr(r, c)) for c in INPUT_COLUMNS]
            + [getattr(r, NOTE_COLUMN)]
        )
    sheet["A1"].comment = Comment(
        f"Periode: {format_period(tahun, triwulan)}. {deadline_text(tahun, triwulan)} Lihat lembar 'petunjuk'.",
        "SPM Banten",
    )
    last_row = sheet.max_row
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    input_fill = PatternFill("solid", fgColor="FFF9E5")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
    first_input = len(ID_COLUMNS) + 1
    for row in sheet.iter_rows(
        min_row=2, max_row=last_row, min_col=first_input, max_col=len(ID_COLUMNS) + len(INPUT_COLUMNS)
    ):
        for cell in row:
            cell.protection = Protection(locked=False)
            cell.number_format = NUMBER_FORMAT
            cell.fill = input_fill
    if last_row >= 2:
        rule = DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="Isian tidak sah",
            error="Isi bilangan bulat 0 atau lebih, tanpa desimal, tanpa titik/koma dan tanpa satuan.",
            showInputMessage=True,
            promptTitle="Bilangan bulat",
            prompt="Isi bilangan bulat ≥ 0. Angka triwulan adalah kumulatif sampai akhir triwulan.",
        )
        rule.add(
            f"{get_column_letter(first_input)}2:{get_column_letter(len(ID_COLUMNS) + len(INPUT_COLUMNS))}{last_row}"
        )
        sheet.add_data_validation(rule)
    for index, _name in enumerate(TEMPLATE_COLUMNS, start=1):
        longest = max((len(str(c.value)) for c in sheet[get_column_letter(index)] if c.value is not None), default=10)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # people may still widen columns and rows
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False


def _write_guide(sheet, tahun: int, triwulan: int, scope: str, rows: int):
    bold = Font(bold=True)
    deadline = deadline_text(tahun, triwulan)
    lines = [
        ("Petunjuk pengisian laporan capaian SPM", bold),
        (f"Periode: {format_period(tahun, triwulan)}. {deadline}", bold),
        (f"Cakupan: {scope}. Jumlah baris: {rows}.", None),
        ("", None),
        ("Cara mengisi", bold),
        (
            "1. Isi hanya sel berwarna kuning di lembar 'data'. Kode, nama dan periode terkunci: jangan diubah. "
            "Baris yang seluruh selnya kosong diabaikan saat diunggah (tidak perlu dihapus).",
            None,
        ),
        ("2. Isi bilangan bulat saja (0 atau lebih): tanpa desimal, tanpa satuan, tanpa rumus.", None),
        (
            "3. Angka triwulan adalah kumulatif sampai akhir triwulan (misalnya triwulan II = Januari–Juni), "
            "bukan angka triwulan itu saja.",
            None,
        ),
        (
            "4. Sel yang sudah terisi adalah nilai tersimpan: ubah yang berubah saja. Mutu, anggaran dan biaya "
            "satuan boleh kosong: sel kosong MEMPERTAHANKAN nilai tersimpan; tulis - (tanda minus) untuk "
            "mengosongkannya. Tanpa nilai tersimpan, mutu kosong berarti tidak dilaporkan (bukan 0).",
            None,
        ),
        (
            f'5. Data simulasi (bukan data resmi) tidak diisikan: barisnya kosong dengan keterangan "{SIMULATED_NOTE}"',
            None,
        ),
        ("6. Simpan sebagai .xlsx (Excel Workbook) dan unggah berkas ini; jangan mengganti nama lembar 'data'.", None),
        ("", None),
        ("Batas waktu penyampaian", bold),
        (
            "Triwulan I: 20 April; triwulan II: 20 Juli; triwulan III: 20 Oktober; triwulan IV: 20 Januari "
            "tahun berikutnya.",
            None,
        ),
        (deadline, None),
        ("", None),
        ("Arti kolom", bold),
    ]
    for text, font in lines:
        sheet.append([text])
        if font:
            sheet.cell(row=sheet.max_row, column=1).font = font
    sheet.append(["Kolom", "Arti", "Isian"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for name in TEMPLATE_COLUMNS:
        meaning, entry = COLUMN_GUIDE[name]
        sheet.append([name, meaning, entry])
    sheet.append([])
    sheet.append([f"Dasar hukum: {SOURCE}."])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 36
    sheet.protection.sheet = True
