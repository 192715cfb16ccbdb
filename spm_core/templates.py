"""The .xlsx an office fills in: one row per region × service of its level, codes filled in.

Sheet ``data`` holds the table in the upload schema (``read_table`` reads the sheet named
``data``); sheet ``petunjuk`` (second) says, in Bahasa Indonesia, what each column means. The
code, name and period cells are locked (sheet protection without a password: it prevents
mistakes, it is not security; validation checks every code anyway); the number cells are
unlocked and accept only whole numbers ≥ 0.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .catalog import LEVEL_LABELS, LEVELS, Catalog
from .formatting import format_period
from .validation import COUNT_COLUMNS, MONEY_COLUMNS, YEAR_MAX, YEAR_MIN

DATA_SHEET = "data"
GUIDE_SHEET = "petunjuk"
ID_COLUMNS = ["tahun", "triwulan", "kode_wilayah", "nama_wilayah", "kode_layanan", "nama_layanan"]
INPUT_COLUMNS = [*COUNT_COLUMNS, *MONEY_COLUMNS]
TEMPLATE_COLUMNS = [*ID_COLUMNS, *INPUT_COLUMNS]
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
    "mutu_dibutuhkan": ("Jumlah barang/jasa dan SDM yang dibutuhkan menurut standar teknis.",
                        "Kosong = tidak dilaporkan (bukan 0)."),
    "mutu_tersedia": ("Jumlah barang/jasa dan SDM yang tersedia.", "Kosong = tidak dilaporkan (bukan 0)."),
    "anggaran_alokasi": ("Anggaran yang dialokasikan (rupiah).", "Boleh kosong."),
    "anggaran_realisasi": ("Anggaran yang direalisasikan (rupiah).", "Boleh kosong."),
    "biaya_satuan": ("Biaya satuan pemenuhan per penerima (rupiah).", "Boleh kosong."),
}


def make_template(catalog: Catalog, tahun: int, triwulan: int, tingkat: str, bidang: str | None = None) -> bytes:
    """An .xlsx template for one period and level (and sector, if given), as bytes.

    ``triwulan`` 0 is an annual report (the cell stays blank). Raises ValueError for a level,
    sector, year or quarter that does not exist."""
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
    services = catalog.services_for(tingkat, bidang)

    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    _write_data(sheet, regions, services, int(tahun), int(triwulan))
    guide = book.create_sheet(GUIDE_SHEET)
    _write_guide(guide, catalog, int(tahun), int(triwulan), tingkat, bidang, len(regions) * len(services))
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_data(sheet, regions, services, tahun: int, triwulan: int):
    sheet.append(TEMPLATE_COLUMNS)
    for region in regions.itertuples(index=False):
        for service in services.itertuples(index=False):
            sheet.append([tahun, triwulan or None, region.kode_wilayah, region.nama_wilayah,
                          service.kode_layanan, service.nama_layanan] + [None] * len(INPUT_COLUMNS))
    last_row = sheet.max_row
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    input_fill = PatternFill("solid", fgColor="FFF9E5")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
    first_input = len(ID_COLUMNS) + 1
    for row in sheet.iter_rows(min_row=2, max_row=last_row, min_col=first_input, max_col=len(TEMPLATE_COLUMNS)):
        for cell in row:
            cell.protection = Protection(locked=False)
            cell.number_format = NUMBER_FORMAT
            cell.fill = input_fill
    if last_row >= 2:
        rule = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            showErrorMessage=True, errorStyle="stop", errorTitle="Isian tidak sah",
            error="Isi bilangan bulat 0 atau lebih, tanpa desimal, tanpa titik/koma dan tanpa satuan.",
            showInputMessage=True, promptTitle="Bilangan bulat",
            prompt="Isi bilangan bulat ≥ 0. Angka triwulan adalah kumulatif sampai akhir triwulan.")
        rule.add(f"{get_column_letter(first_input)}2:{get_column_letter(len(TEMPLATE_COLUMNS))}{last_row}")
        sheet.add_data_validation(rule)
    for index, name in enumerate(TEMPLATE_COLUMNS, start=1):
        longest = max(len(str(c.value)) for c in sheet[get_column_letter(index)] if c.value is not None)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # people may still widen columns and rows
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False


def _write_guide(sheet, catalog: Catalog, tahun: int, triwulan: int, tingkat: str, bidang: str | None, rows: int):
    bold = Font(bold=True)
    scope = catalog.sector_names[bidang] if bidang else "semua bidang"
    deadline = (f"Batas penyampaian laporan triwulan ini: {DEADLINES[triwulan]}." if triwulan else
                "Laporan tahunan: sampaikan sesuai jadwal dari Biro Pemerintahan dan Otonomi Daerah.")
    lines = [
        ("Petunjuk pengisian laporan capaian SPM", bold),
        (f"Periode: {format_period(tahun, triwulan)}. Tingkat: {LEVEL_LABELS[tingkat]}. Bidang: {scope}. "
         f"Jumlah baris: {rows}.", None),
        ("", None),
        ("Cara mengisi", bold),
        ("1. Isi hanya sel berwarna kuning di lembar 'data'. Kode, nama dan periode terkunci: jangan diubah, "
         "jangan menambah atau menghapus baris.", None),
        ("2. Isi bilangan bulat saja (0 atau lebih): tanpa desimal, tanpa satuan, tanpa rumus.", None),
        ("3. Angka triwulan adalah kumulatif sampai akhir triwulan (misalnya triwulan II = Januari–Juni), "
         "bukan angka triwulan itu saja.", None),
        ("4. Mutu dibutuhkan/tersedia yang kosong berarti tidak dilaporkan (bukan 0).", None),
        ("5. Simpan sebagai .xlsx (Excel Workbook) dan unggah berkas ini; jangan mengganti nama lembar 'data'.", None),
        ("", None),
        ("Batas waktu penyampaian", bold),
        ("Triwulan I: 20 April; triwulan II: 20 Juli; triwulan III: 20 Oktober; triwulan IV: 20 Januari "
         "tahun berikutnya.", None),
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

