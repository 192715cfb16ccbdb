"""The fill-in template: one row per region × service of a level, codes locked, numbers only,
and a filled template passes validation as it is."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from spm_core.intake.filesafety import check_upload
from spm_core.intake.templates import TEMPLATE_COLUMNS, make_correction_template, make_template
from spm_core.intake.validation import validate_file


def book_of(data):
    return load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def health_template(catalog):
    """Kab/kota, health, 2025 triwulan II."""
    return make_template(catalog, 2025, 2, "kabkota", "KES")


def fill(data):
    """The template filled the way a clerk would: served ≤ target, quality available ≤ required."""
    book = book_of(data)
    sheet = book["data"]
    for row in range(2, sheet.max_row + 1):
        for column, value in zip("GHIJKLM", [100, 80, 10, 5, 1_500_000_000, 1_200_000_000, 50_000]):
            sheet[f"{column}{row}"] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_header_row_is_the_upload_schema(health_template):
    header = [c.value for c in book_of(health_template)["data"][1]]
    assert header == [
        "tahun",
        "triwulan",
        "kode_wilayah",
        "nama_wilayah",
        "kode_layanan",
        "nama_layanan",
        "harus_dilayani",
        "terlayani",
        "mutu_dibutuhkan",
        "mutu_tersedia",
        "anggaran_alokasi",
        "anggaran_realisasi",
        "biaya_satuan",
        "keterangan",
    ]
    assert header == TEMPLATE_COLUMNS


def test_kabkota_health_has_one_row_per_region_and_service(health_template):
    sheet = book_of(health_template)["data"]
    # 8 kab/kota × 12 health services = 96 rows, below the header
    assert sheet.max_row - 1 == 96


def test_the_province_template_for_all_sectors_has_the_14_province_services(catalog):
    sheet = book_of(make_template(catalog, 2025, 1, "provinsi", None))["data"]
    # 1 province × 14 services = 14 rows
    assert sheet.max_row - 1 == 14
    assert {sheet.cell(row=r, column=3).value for r in range(2, 16)} == {"36"}


def test_rows_are_prefilled_with_period_region_and_service(health_template):
    sheet = book_of(health_template)["data"]
    assert [c.value for c in sheet[2]][:6] == [
        2025,
        2,
        "36.01",
        "Kabupaten Pandeglang",
        "KK-KES-01",
        "Pelayanan kesehatan ibu hamil",
    ]
    # the last row: the 8th region (Kota Tangerang Selatan) with the 12th service
    assert [c.value for c in sheet[97]][2:5] == ["36.74", "Kota Tangerang Selatan", "KK-KES-12"]


def test_an_annual_template_leaves_the_quarter_blank(catalog):
    sheet = book_of(make_template(catalog, 2024, 0, "kabkota", "PU"))["data"]
    # 8 kab/kota × 2 PU services = 16 rows, all with a blank quarter
    assert [sheet.cell(row=r, column=2).value for r in range(2, 18)] == [None] * 16


def test_the_sheet_is_protected(health_template):
    assert book_of(health_template)["data"].protection.sheet is True


def test_codes_and_names_are_locked_and_number_cells_are_not(health_template):
    sheet = book_of(health_template)["data"]
    locked = [sheet.cell(row=2, column=c).protection.locked for c in range(1, 14)]
    # A–F (period, codes, names) locked; G–M (the 7 numbers) open
    assert locked == [True] * 6 + [False] * 7


def test_number_cells_accept_only_whole_numbers_of_zero_or_more(health_template):
    [rule] = book_of(health_template)["data"].data_validations.dataValidation
    assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert str(rule.sqref) == "G2:M97"  # the 7 number columns of the 96 rows
    assert rule.showErrorMessage and rule.errorStyle == "stop"
    assert rule.error.startswith("Isi bilangan bulat 0 atau lebih")


def test_the_header_is_bold_and_frozen(health_template):
    sheet = book_of(health_template)["data"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"


def test_columns_are_wide_enough_to_read_and_no_wider_than_60(health_template):
    widths = book_of(health_template)["data"].column_dimensions
    # "kode_wilayah" = 12 characters + 2; the longest service name is capped at 60
    assert widths["C"].width == 14
    assert widths["F"].width == 60


def test_the_guide_sheet_comes_second_and_names_the_deadline_and_the_source(health_template):
    book = book_of(health_template)
    assert book.sheetnames == ["data", "petunjuk"]
    text = " ".join(str(c) for row in book["petunjuk"].iter_rows(values_only=True) for c in row if c)
    assert "kumulatif sampai akhir triwulan" in text
    assert "Periode: 2025 Triwulan II" in text or "Periode: 2025" in text
    assert "Batas penyampaian: 20 Juli 2025." in text
    assert "PP 2/2018" in text


def test_an_unknown_level_is_refused(catalog):
    with pytest.raises(ValueError):
        make_template(catalog, 2025, 1, "desa", None)


def test_an_unknown_sector_is_refused(catalog):
    with pytest.raises(ValueError):
        make_template(catalog, 2025, 1, "kabkota", "PARIWISATA")


def test_a_filled_template_passes_the_safety_check(health_template):
    assert check_upload(fill(health_template), "laporan.xlsx") == []


def test_a_filled_template_validates_with_no_errors_and_no_warnings(health_template, catalog):
    result = validate_file(fill(health_template), catalog, "laporan.xlsx")
    assert result.problems == []
    assert len(result.data) == 96
    assert result.data["terlayani"].sum() == 96 * 80  # 96 rows × 80 served = 7,680


def test_an_unfilled_template_is_refused_with_one_line_not_192(health_template, catalog):
    result = validate_file(health_template, catalog, "laporan.xlsx")
    # 96 blank rows are ignored (one warning line); nothing is left to import: one error
    assert [p.pesan for p in result.errors] == [
        "Semua baris kosong: isi angka di sel berwarna kuning, lalu unggah lagi."
    ]
    assert [p.pesan for p in result.warnings] == ["96 baris tanpa isian diabaikan (baris 2–97)."]


# --- an office's own template: its scope, prefilled with stored values that are not simulated ----------


def stored_rows(rows):
    columns = [
        "tahun",
        "triwulan",
        "kode_wilayah",
        "kode_layanan",
        "harus_dilayani",
        "terlayani",
        "mutu_dibutuhkan",
        "mutu_tersedia",
        "anggaran_alokasi",
        "anggaran_realisasi",
        "biaya_satuan",
        "simulasi",
    ]
    return pd.DataFrame(rows, columns=columns)


def data_rows(data):
    sheet = book_of(data)["data"]
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_a_region_template_holds_only_that_region(catalog):
    rows = data_rows(make_template(catalog, 2025, 1, "kabkota", None, wilayah="36.02"))
    kabkota_services = len(catalog.services_for("kabkota"))
    assert len(rows) == kabkota_services  # one region × every kab/kota service (not 8 regions)
    assert {r["kode_wilayah"] for r in rows} == {"36.02"}


def test_a_region_of_another_level_is_refused(catalog):
    with pytest.raises(ValueError):
        make_template(catalog, 2025, 1, "provinsi", None, wilayah="36.02")


def test_stored_values_are_prefilled_and_simulated_ones_left_blank_with_a_reason(catalog):
    stored = stored_rows(
        [
            (2025, 1, "36.02", "KK-PEND-01", 100, 60, 10, 8, 5_000_000, None, 25_000, False),
            (2025, 1, "36.02", "KK-PEND-02", 200, 50, 4, 4, None, None, None, True),
            (2024, 1, "36.02", "KK-PEND-03", 300, 30, None, None, None, None, None, False),  # another period
        ]
    )
    rows = {
        r["kode_layanan"]: r
        for r in data_rows(make_template(catalog, 2025, 1, "kabkota", "PEND", wilayah="36.02", stored=stored))
    }
    real, simulated, other = rows["KK-PEND-01"], rows["KK-PEND-02"], rows["KK-PEND-03"]
    assert (
        real["harus_dilayani"],
        real["terlayani"],
        real["mutu_dibutuhkan"],
        real["anggaran_alokasi"],
        real["anggaran_realisasi"],
        real["biaya_satuan"],
    ) == (100, 60, 10, 5_000_000, None, 25_000)
    assert simulated["harus_dilayani"] is None and simulated["terlayani"] is None
    assert "data simulasi" in simulated["keterangan"]
    assert other["harus_dilayani"] is None and other["keterangan"] is None


def test_the_guide_says_blank_keeps_and_a_dash_clears(health_template):
    text = " ".join(
        str(c) for row in book_of(health_template)["petunjuk"].iter_rows(values_only=True) for c in row if c
    )
    assert "sel kosong MEMPERTAHANKAN nilai tersimpan" in text
    assert "tulis - (tanda minus) untuk mengosongkannya" in text


def test_a_correction_template_holds_the_submitted_rows_and_the_note(catalog):
    rows = stored_rows([(2025, 1, "36.02", "KK-PEND-01", 100, 60, 10, 8, None, None, 25_000, False)])
    out = data_rows(make_correction_template(catalog, rows.drop(columns="simulasi"), note="sasaran terlalu kecil"))
    assert len(out) == 1
    assert (out[0]["harus_dilayani"], out[0]["biaya_satuan"]) == (100, 25_000)
    assert "sasaran terlalu kecil" in out[0]["keterangan"]


def test_prefilled_cells_are_whole_numbers_formatted_with_thousands_dots(catalog):
    stored = stored_rows([(2025, 1, "36.02", "KK-PEND-01", 1500, 60, 10, 8, 5_000_000, None, 25_000, False)])
    sheet = book_of(make_template(catalog, 2025, 1, "kabkota", "PEND", wilayah="36.02", stored=stored))["data"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2]))
    assert row["kode_layanan"].value == "KK-PEND-01"
    for column, value in (
        ("harus_dilayani", 1500),
        ("terlayani", 60),
        ("anggaran_alokasi", 5_000_000),
        ("biaya_satuan", 25_000),
    ):
        assert row[column].value == value and isinstance(row[column].value, int), column
        assert row[column].number_format == "#,##0", column  # 1.500 in Indonesian Excel
    assert row["anggaran_realisasi"].value is None  # not stored: blank, never 0
    assert row["tahun"].value == 2025 and row["triwulan"].value == 1
