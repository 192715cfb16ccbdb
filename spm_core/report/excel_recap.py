"""The recap workbook (openpyxl): one sheet per level — wilayah, bidang, layanan — for one period,
plus a sheet on the source.

Numbers stay numbers (a spreadsheet can sort and sum them); every sheet opens with its title and,
when the data are simulated, the "data simulasi" notice; the table starts on row 4 with frozen
headers. Text that a spreadsheet would run as a formula (= + - @ …) is neutralised with a
leading apostrophe (``export.neutralize_text``).

Numbers carry formats: people and rupiah whole (``#,##0``), scores and percentages to 2 decimals
(``0.00``); the category cells are coloured as on screen (the rules' ``warna``). Printed, each
sheet is landscape on A4, one page wide, with the header rows repeated on every page.
"""

from __future__ import annotations

import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from ..catalog import Catalog
from ..dataset import SIMULATED_NOTICE
from ..formatting import format_period
from ..rules import Rules
from ..scoring import Scores
from ..visuals.colors import text_color_on
from ..visuals.geo import PRINT, map_attribution
from .export import NUMBER_FORMATS, column_kinds, neutralize_text

HEADER_ROW = 4

REGION_COLUMNS = {
    "kode_wilayah": "Kode wilayah",
    "nama_wilayah": "Wilayah",
    "tingkat": "Tingkat",
    "nilai_bulat": "Nilai",
    "kategori": "Kategori",
    "nilai_sebelumnya": "Nilai tahun lalu",
    "perubahan": "Perubahan (poin)",
    "peringkat": "Peringkat kab/kota",
    "keterisian": "Keterisian (%)",
    "belum_terlayani": "Belum terlayani (orang)",
    "kebutuhan_anggaran": "Kebutuhan anggaran (Rp)",
}
SECTOR_COLUMNS = {
    "kode_wilayah": "Kode wilayah",
    "nama_wilayah": "Wilayah",
    "kode_bidang": "Kode bidang",
    "nama_bidang": "Bidang",
    "nilai_bulat": "Nilai",
    "kategori": "Kategori",
    "nilai_sebelumnya": "Nilai tahun lalu",
    "perubahan": "Perubahan (poin)",
    "jumlah_layanan": "Jumlah layanan",
    "jumlah_dinilai": "Layanan dinilai",
    "keterisian": "Keterisian (%)",
    "belum_terlayani": "Belum terlayani (orang)",
    "kebutuhan_anggaran": "Kebutuhan anggaran (Rp)",
}
SERVICE_COLUMNS = {
    "kode_wilayah": "Kode wilayah",
    "nama_wilayah": "Wilayah",
    "kode_bidang": "Kode bidang",
    "kode_layanan": "Kode layanan",
    "nama_layanan": "Layanan",
    "harus_dilayani": "Harus dilayani",
    "terlayani": "Terlayani",
    "belum_terlayani": "Belum terlayani",
    "persen_penerima": "Capaian penerima (%)",
    "persen_mutu": "Capaian mutu (%)",
    "nilai_bulat": "Nilai",
    "kategori": "Kategori",
    "status": "Status",
    "nilai_sebelumnya": "Nilai tahun lalu",
    "perubahan": "Perubahan (poin)",
    "biaya_satuan": "Biaya satuan (Rp)",
    "kebutuhan_anggaran": "Kebutuhan anggaran (Rp)",
    "anggaran_alokasi": "Anggaran alokasi (Rp)",
    "anggaran_realisasi": "Anggaran realisasi (Rp)",
}


def _period(frame: pd.DataFrame, tahun: int, triwulan: int) -> pd.DataFrame:
    return frame[(frame["tahun"] == tahun) & (frame["triwulan"] == triwulan)].copy()


def _named(frame: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    order = {k: i for i, k in enumerate(catalog.regions.table["kode_wilayah"])}
    frame["kode_wilayah"] = frame["kode_wilayah"].astype(str)
    frame["nama_wilayah"] = frame["kode_wilayah"].map(catalog.regions.names)
    if "kode_bidang" in frame.columns:
        frame["kode_bidang"] = frame["kode_bidang"].astype(str)
        frame["nama_bidang"] = frame["kode_bidang"].map(catalog.sector_names)
    if "kode_layanan" in frame.columns:
        frame["kode_layanan"] = frame["kode_layanan"].astype(str)
        frame["nama_layanan"] = frame["kode_layanan"].map(catalog.service_names)
    frame["_urut"] = frame["kode_wilayah"].map(order)
    keys = ["_urut"] + [k for k in ("kode_bidang", "kode_layanan") if k in frame.columns]
    return frame.sort_values(keys).drop(columns="_urut")


def recap_tables(scores: Scores, catalog: Catalog, tahun: int, triwulan: int) -> dict[str, pd.DataFrame]:
    """The three tables of the workbook, with Indonesian headers (numbers unformatted)."""
    regions = _named(_period(scores.wilayah, tahun, triwulan), catalog)
    sectors = _named(_period(scores.bidang, tahun, triwulan), catalog)
    services = _named(_period(scores.layanan, tahun, triwulan), catalog)
    out = {}
    for name, frame, columns in (
        ("Wilayah", regions, REGION_COLUMNS),
        ("Bidang", sectors, SECTOR_COLUMNS),
        ("Layanan", services, SERVICE_COLUMNS),
    ):
        table = frame[[c for c in columns if c in frame.columns]].rename(columns=columns)
        out[name] = table.reset_index(drop=True)
    return out


def _cell(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return neutralize_text(value)
    return value


def _print_setup(sheet) -> None:
    """Landscape A4, all columns on one page wide (as many pages down as needed), the title and
    header rows repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_options.horizontalCentered = True


def build_workbook(
    scores: Scores,
    catalog: Catalog,
    rules: Rules,
    tahun: int,
    triwulan: int = 0,
    *,
    simulated: bool,
    data_label: str = "",
) -> bytes:
    """The recap workbook as .xlsx bytes."""
    period = format_period(tahun, triwulan)
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="1F2D3D")
    notice_fill = PatternFill("solid", fgColor="FFF3CD")
    category_styles = {
        label: (
            PatternFill("solid", fgColor=color.lstrip("#").upper()),
            Font(color=text_color_on(color).lstrip("#").upper()),
        )
        for label, color in rules.category_colors.items()
    }
    for name, table in recap_tables(scores, catalog, tahun, triwulan).items():
        sheet = workbook.create_sheet(name)
        sheet["A1"] = neutralize_text(f"Rekap capaian SPM per {name.lower()} — {period}")
        sheet["A1"].font = Font(bold=True, size=14)
        if simulated:
            sheet["A2"] = SIMULATED_NOTICE
            sheet["A2"].font = Font(bold=True, color="5C4400")
            sheet["A2"].fill = notice_fill
        else:
            sheet["A2"] = _cell(data_label)
        for j, column in enumerate(table.columns, 1):
            cell = sheet.cell(HEADER_ROW, j, _cell(column))
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        formats = [NUMBER_FORMATS.get(kind) for kind in column_kinds(table).values()]
        category_column = list(table.columns).index("Kategori") + 1 if "Kategori" in table.columns else None
        for i, row in enumerate(table.itertuples(index=False), HEADER_ROW + 1):
            for j, value in enumerate(row, 1):
                cell = sheet.cell(i, j, _cell(value))
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    cell.number_format = formats[j - 1] or "0.00"
                if j == category_column and value in category_styles:
                    cell.fill, cell.font = category_styles[value]
        for j, column in enumerate(table.columns, 1):
            values = [str(column)] + [str(v) for v in table.iloc[:, j - 1].head(200).tolist()]
            sheet.column_dimensions[get_column_letter(j)].width = min(max(len(v) for v in values) + 2, 50)
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(table.columns))}{HEADER_ROW + len(table)}"
        _print_setup(sheet)
    info = workbook.create_sheet("Keterangan")
    lines = [
        ("Rekap capaian SPM", period),
        ("Data", data_label or ("Data simulasi" if simulated else "")),
        ("Catatan", SIMULATED_NOTICE if simulated else "Data yang telah disetujui"),
        ("Aturan penilaian", f"versi {rules.versi}: {rules.source_text('bobot')}"),
        ("Agregasi", rules.source_text("agregasi")),
        ("Kategori", "; ".join(f"{label} ({text})" for label, text in rules.category_ranges())),
        ("Sumber kategori", rules.source_text("kategori")),
        ("Batas wilayah", map_attribution(catalog.regions.kabkota, PRINT)),
    ]
    for i, (key, value) in enumerate(lines, 1):
        info.cell(i, 1, key).font = bold
        info.cell(i, 2, _cell(value))
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
