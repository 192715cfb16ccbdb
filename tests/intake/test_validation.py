"""Validation: a file becomes a clean table, or a list of problems a clerk can act on
(row as seen in the file, column by header name, message in Bahasa Indonesia)."""

import math

import pandas as pd
import pytest

from spm_core.intake.problems import Problem
from spm_core.intake.validation import CLEAN_COLUMNS, validate_file, validate_frame

HEADER = "tahun,triwulan,kode_wilayah,nama_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia"


def validate(catalog, *rows, header=HEADER):
    """Validate a CSV made of the header and the given data lines (line 2 onward)."""
    text = "\n".join([header, *rows]) + "\n"
    return validate_file(text.encode("utf-8"), catalog, "laporan.csv")


def where(result):
    """(row, column) of every error."""
    return [(p.baris, p.kolom) for p in result.errors]


# --- a good file ------------------------------------------------------------------------------


def test_a_good_file_gives_a_clean_table_and_no_problems(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,100,80,10,5")
    assert result.ok
    assert result.problems == []
    assert list(result.data.columns) == CLEAN_COLUMNS
    row = result.data.iloc[0]
    assert (row["baris"], row["tahun"], row["triwulan"], row["kode_wilayah"], row["kode_layanan"]) == (
        2,
        2025,
        0,
        "36.02",
        "KK-PEND-01",
    )
    assert (row["harus_dilayani"], row["terlayani"], row["mutu_dibutuhkan"], row["mutu_tersedia"]) == (100, 80, 10, 5)


def test_a_region_given_only_by_name_is_stored_by_code(catalog):
    result = validate(catalog, "2025,,,Kab. Tangerang,KK-PEND-01,100,80,10,5")
    assert result.data["kode_wilayah"].tolist() == ["36.03"]


def test_a_region_code_without_dots_is_stored_dotted(catalog):
    result = validate(catalog, "2025,,3674,,KK-PEND-01,100,80,10,5")
    assert result.data["kode_wilayah"].tolist() == ["36.74"]


def test_a_lower_case_service_code_is_accepted(catalog):
    result = validate(catalog, "2025,,36.02,,kk-pend-01,100,80,10,5")
    assert result.data["kode_layanan"].tolist() == ["KK-PEND-01"]


def test_the_province_reports_province_services(catalog):
    result = validate(catalog, "2025,,,Provinsi Banten,PROV-SOS-05,10,10,1,1")
    assert result.ok
    assert result.data["kode_wilayah"].tolist() == ["36"]


def test_money_columns_are_optional_and_parsed_when_present(catalog):
    header = HEADER + ",anggaran_alokasi,anggaran_realisasi,biaya_satuan"
    result = validate(catalog, '2025,,36.02,,KK-PEND-01,100,80,10,5,"1.500.000.000",,250000', header=header)
    row = result.data.iloc[0]
    assert row["anggaran_alokasi"] == 1_500_000_000
    assert math.isnan(row["anggaran_realisasi"])
    assert row["biaya_satuan"] == 250_000


def test_validate_frame_checks_a_table_of_text_cells_numbered_by_its_index(catalog):
    cells = {
        "tahun": ["2025", "2025"],
        "kode_wilayah": ["36.01", "36.02"],
        "kode_layanan": ["KK-PU-01", "KK-PU-01"],
        "harus_dilayani": ["1.000", "10"],
        "terlayani": ["900", "-2"],
        "mutu_dibutuhkan": ["4", ""],
        "mutu_tersedia": ["4", ""],
    }
    frame = pd.DataFrame(cells, index=[2, 7])  # as read_table numbers rows: line 7 follows blank lines
    result = validate_frame(frame, catalog)
    assert where(result) == [(7, "terlayani")]


def test_validate_frame_gives_a_clean_table_for_good_cells(catalog):
    cells = {
        "tahun": ["2025"],
        "triwulan": ["IV"],
        "nama_wilayah": ["Kota Cilegon"],
        "kode_layanan": ["KK-PU-01"],
        "harus_dilayani": ["1.000"],
        "terlayani": ["900"],
        "mutu_dibutuhkan": ["4"],
        "mutu_tersedia": ["3"],
    }
    result = validate_frame(pd.DataFrame(cells, index=[2]), catalog)
    assert result.data[["baris", "triwulan", "kode_wilayah", "harus_dilayani"]].values.tolist() == [
        [2, 4, "36.72", 1000]
    ]


# --- how problems are located and written -----------------------------------------------------


def test_problem_line_names_row_and_column():
    problem = Problem("Harus dilayani tidak boleh negatif", 7, "harus_dilayani")
    assert problem.line() == "baris 7, kolom harus_dilayani: Harus dilayani tidak boleh negatif"


def test_problem_line_of_a_file_level_problem_names_only_the_column():
    problem = Problem("Kolom wajib tidak ada.", None, "mutu_tersedia")
    assert problem.line() == "kolom mutu_tersedia: Kolom wajib tidak ada."


def test_problem_line_marks_a_warning():
    problem = Problem("Kolom tidak dikenal, diabaikan.", None, "catatan", tingkat="peringatan")
    assert problem.line() == "kolom catatan: peringatan: Kolom tidak dikenal, diabaikan."


def test_rows_are_numbered_as_in_the_file(catalog):
    result = validate(
        catalog,
        "2025,,36.01,,KK-PEND-01,100,80,10,5",  # line 2
        "2025,,36.02,,KK-PEND-01,100,80,10,5",  # line 3
        "2025,,36.03,,KK-PEND-01,-3,80,10,5",  # line 4
    )
    assert where(result) == [(4, "harus_dilayani")]


def test_a_file_with_an_error_gives_no_data(catalog):
    result = validate(catalog, "2025,,36.01,,KK-PEND-01,100,80,10,5", "2025,,36.02,,KK-PEND-01,abc,80,10,5")
    assert not result.ok
    assert result.data is None


def test_the_problems_table_has_one_row_per_problem(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,-1,x,10,5")
    table = result.problems_table()
    assert table["baris"].tolist() == [2, 2]
    assert table["kolom"].tolist() == ["harus_dilayani", "terlayani"]
    assert table["nilai"].tolist() == ["-1", "x"]


# --- regions ----------------------------------------------------------------------------------


def test_an_unknown_region_code_is_an_error(catalog):
    result = validate(catalog, "2025,,36.99,,KK-PEND-01,100,80,10,5")
    assert where(result) == [(2, "kode_wilayah")]
    assert "'36.99' tidak dikenal" in result.errors[0].pesan


def test_an_unknown_region_name_is_an_error(catalog):
    result = validate(catalog, "2025,,,Kabupaten Bogor,KK-PEND-01,100,80,10,5")
    assert where(result) == [(2, "nama_wilayah")]
    assert "tidak dikenal" in result.errors[0].pesan


def test_an_ambiguous_name_is_an_error_naming_both_candidates(catalog):
    result = validate(catalog, "2025,,,Tangerang,KK-PEND-01,100,80,10,5")
    assert where(result) == [(2, "nama_wilayah")]
    message = result.errors[0].pesan
    assert "ambigu" in message
    assert "Kabupaten Tangerang (36.03)" in message
    assert "Kota Tangerang (36.71)" in message


def test_an_ambiguous_name_is_accepted_when_the_code_picks_one_of_its_candidates(catalog):
    result = validate(catalog, "2025,,36.71,Tangerang,KK-PEND-01,100,80,10,5")
    assert result.ok
    assert result.data["kode_wilayah"].tolist() == ["36.71"]


def test_an_ambiguous_name_with_a_code_outside_its_candidates_is_an_error(catalog):
    result = validate(catalog, "2025,,36.02,Tangerang,KK-PEND-01,100,80,10,5")
    assert where(result) == [(2, "nama_wilayah")]
    assert "tidak cocok" in result.errors[0].pesan
    assert "Kabupaten Lebak" in result.errors[0].pesan


@pytest.mark.parametrize("year", ["20.25", "2025,5"])
def test_a_year_with_a_fraction_is_an_error(catalog, year):
    result = validate(catalog, f'"{year}",,36.02,,KK-PEND-01,100,80,10,5')
    assert where(result) == [(2, "tahun")]


@pytest.mark.parametrize("year", ["2025", "2025.0", "2.025"])
def test_a_year_written_as_a_whole_number_is_accepted(catalog, year):
    result = validate(catalog, f'"{year}",,36.02,,KK-PEND-01,100,80,10,5')
    assert result.ok
    assert result.data["tahun"].tolist() == [2025]


def test_a_code_and_a_name_that_disagree_are_an_error(catalog):
    result = validate(catalog, "2025,,36.01,Kabupaten Lebak,KK-PEND-01,100,80,10,5")
    assert where(result) == [(2, "nama_wilayah")]
    message = result.errors[0].pesan
    assert "tidak cocok" in message
    assert "36.01 (Kabupaten Pandeglang)" in message
    assert "Kabupaten Lebak" in message


def test_a_code_and_a_name_that_agree_in_another_spelling_are_fine(catalog):
    result = validate(catalog, "2025,,3674,Tangsel,KK-PEND-01,100,80,10,5")
    assert result.ok


def test_a_row_without_code_or_name_is_an_error(catalog):
    result = validate(catalog, "2025,,,,KK-PEND-01,100,80,10,5")
    assert where(result) == [(2, "kode_wilayah")]
    assert "Wilayah kosong" in result.errors[0].pesan


def test_a_file_without_any_region_column_is_a_file_problem(catalog):
    header = "tahun,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia"
    result = validate(catalog, "2025,KK-PEND-01,100,80,10,5", header=header)
    assert where(result) == [(None, "kode_wilayah")]


# --- services ---------------------------------------------------------------------------------


def test_an_unknown_service_is_an_error(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-09,100,80,10,5")
    assert where(result) == [(2, "kode_layanan")]
    assert "Kode layanan tidak dikenal" in result.errors[0].pesan


def test_a_blank_service_is_an_error(catalog):
    result = validate(catalog, "2025,,36.02,,,100,80,10,5")
    assert where(result) == [(2, "kode_layanan")]
    assert "wajib diisi" in result.errors[0].pesan


def test_a_province_service_on_a_kabkota_is_an_error(catalog):
    result = validate(catalog, "2025,,36.02,,PROV-PEND-01,100,80,10,5")
    assert where(result) == [(2, "kode_layanan")]
    message = result.errors[0].pesan
    assert "PROV-PEND-01" in message
    assert "tingkat provinsi" in message
    assert "tidak berlaku untuk Kabupaten Lebak" in message


def test_a_kabkota_service_on_the_province_is_an_error(catalog):
    result = validate(catalog, "2025,,36,,KK-KES-01,100,80,10,5")
    assert where(result) == [(2, "kode_layanan")]
    assert "tidak berlaku untuk Provinsi Banten" in result.errors[0].pesan


# --- counts -----------------------------------------------------------------------------------


def test_a_negative_count_is_an_error(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,-5,0,10,5")
    assert where(result) == [(2, "harus_dilayani")]
    assert "tidak boleh negatif" in result.errors[0].pesan.lower()
    assert result.errors[0].nilai == "-5"


def test_a_non_numeric_count_is_an_error(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,100,delapan puluh,10,5")
    assert where(result) == [(2, "terlayani")]
    assert "bukan angka yang sah" in result.errors[0].pesan.lower()
    assert result.errors[0].nilai == "delapan puluh"


def test_a_count_with_a_unit_is_an_error(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,100 orang,80,10,5")
    assert where(result) == [(2, "harus_dilayani")]


@pytest.mark.parametrize("value", ['"12,5"', "12.5", '"1.234,5"', "0.25"])
def test_a_fraction_is_an_error(catalog, value):
    result = validate(catalog, f"2025,,36.02,,KK-PEND-01,100,{value},10,5")
    assert where(result) == [(2, "terlayani")]
    assert "harus bilangan bulat" in result.errors[0].pesan.lower()


@pytest.mark.parametrize(
    "value, number",
    [
        ('"1.234.567"', 1234567),
        ('"1,234,567"', 1234567),
        ('"1.234,00"', 1234),
        ('"1,234.0"', 1234),
        ("12.0", 12),
        ('"12,00"', 12),
        ('"1.000"', 1000),  # three digits after the dot: thousands, not a decimal
        (" 250 ", 250),
    ],
)
def test_thousands_separators_and_zero_decimals_are_accepted(catalog, value, number):
    result = validate(catalog, f"2025,,36.02,,KK-PEND-01,{value},0,10,5")
    assert result.ok
    assert result.data["harus_dilayani"].tolist() == [number]


@pytest.mark.parametrize(
    "column, line",
    [
        ("harus_dilayani", "2025,,36.02,,KK-PEND-01,,80,10,5"),
        ("terlayani", "2025,,36.02,,KK-PEND-01,100,,10,5"),
    ],
)
def test_a_blank_target_or_served_count_is_an_error(catalog, column, line):
    result = validate(catalog, line)
    assert where(result) == [(2, column)]
    assert "wajib diisi" in result.errors[0].pesan.lower()


def test_blank_quality_cells_are_allowed_and_stored_as_missing(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,100,80,,")
    assert result.ok
    assert math.isnan(result.data.loc[0, "mutu_dibutuhkan"])
    assert math.isnan(result.data.loc[0, "mutu_tersedia"])


@pytest.mark.parametrize("column", ["mutu_dibutuhkan", "mutu_tersedia", "harus_dilayani", "tahun", "kode_layanan"])
def test_a_missing_required_column_is_a_file_problem_without_a_row(catalog, column):
    names = HEADER.split(",")
    keep = [i for i, name in enumerate(names) if name != column]
    cells = ["2025", "", "36.02", "", "KK-PEND-01", "100", "80", "10", "5"]
    result = validate(catalog, ",".join(cells[i] for i in keep), header=",".join(names[i] for i in keep))
    assert result.data is None
    assert where(result) == [(None, column)]
    assert result.errors[0].line().startswith(f"kolom {column}: Kolom wajib tidak ada.")


def test_a_header_without_data_rows_is_an_error(catalog):
    result = validate(catalog)
    assert result.data is None
    assert "tidak berisi baris data" in result.errors[0].pesan


# --- period -----------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["1999", "2101"])
def test_a_year_outside_2000_to_2100_is_an_error(catalog, year):
    result = validate(catalog, f"{year},,36.02,,KK-PEND-01,100,80,10,5")
    assert where(result) == [(2, "tahun")]
    assert "di luar rentang 2000–2100" in result.errors[0].pesan


@pytest.mark.parametrize("year", ["2000", "2100"])
def test_the_years_2000_and_2100_are_accepted(catalog, year):
    assert validate(catalog, f"{year},,36.02,,KK-PEND-01,100,80,10,5").ok


@pytest.mark.parametrize("year, message", [("", "Tahun wajib diisi"), ("dua ribu", "Tahun harus berupa angka")])
def test_a_blank_or_non_numeric_year_is_an_error(catalog, year, message):
    result = validate(catalog, f"{year},,36.02,,KK-PEND-01,100,80,10,5")
    assert where(result) == [(2, "tahun")]
    assert result.errors[0].pesan.startswith(message)


def test_a_blank_quarter_is_an_annual_row_stored_as_0(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,100,80,10,5")
    assert result.data["triwulan"].tolist() == [0]


def test_a_file_without_a_quarter_column_is_annual(catalog):
    header = HEADER.replace("triwulan,", "")
    result = validate(catalog, "2025,36.02,,KK-PEND-01,100,80,10,5", header=header)
    assert result.data["triwulan"].tolist() == [0]


@pytest.mark.parametrize("text", ["2", "II", "TW 2", "tw2", "Triwulan II", "Q2"])
def test_a_quarter_in_any_usual_notation_is_read(catalog, text):
    result = validate(catalog, f"2025,{text},36.02,,KK-PEND-01,100,80,10,5")
    assert result.data["triwulan"].tolist() == [2]


@pytest.mark.parametrize("text", ["0", "5", "V", "semester 1"])
def test_a_quarter_outside_1_to_4_is_an_error(catalog, text):
    result = validate(catalog, f"2025,{text},36.02,,KK-PEND-01,100,80,10,5")
    assert where(result) == [(2, "triwulan")]
    assert "1, 2, 3 atau 4" in result.errors[0].pesan


# --- duplicates -------------------------------------------------------------------------------


def test_a_duplicate_is_reported_on_the_later_row_naming_the_first(catalog):
    result = validate(
        catalog,
        "2025,,36.01,,KK-PEND-01,100,80,10,5",  # line 2
        "2025,,36.02,,KK-PEND-01,100,80,10,5",  # line 3
        "2025,,36.01,,KK-PEND-01,90,70,10,5",  # line 4: same as line 2
    )
    assert where(result) == [(4, "kode_layanan")]
    message = result.errors[0].pesan
    assert message.startswith("Duplikat")
    assert "sudah ada di baris 2" in message


def test_a_duplicate_written_in_other_spellings_is_still_a_duplicate(catalog):
    result = validate(
        catalog,
        "2025,2,3601,,KK-PEND-01,100,80,10,5",
        "2025,TW II,,Kabupaten Pandeglang,kk-pend-01,100,80,10,5",
    )
    assert where(result) == [(3, "kode_layanan")]


def test_the_same_service_in_another_quarter_is_not_a_duplicate(catalog):
    result = validate(
        catalog,
        "2025,,36.01,,KK-PEND-01,100,80,10,5",
        "2025,1,36.01,,KK-PEND-01,100,80,10,5",
        "2025,2,36.01,,KK-PEND-01,100,80,10,5",
        "2024,,36.01,,KK-PEND-01,100,80,10,5",
    )
    assert result.ok
    assert len(result.data) == 4


# --- warnings ---------------------------------------------------------------------------------


def test_an_unknown_extra_column_is_only_a_warning(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,100,80,10,5,cek ulang", header=HEADER + ",catatan")
    assert result.ok
    assert result.data is not None
    assert [(p.baris, p.kolom, p.tingkat) for p in result.problems] == [(None, "catatan", "peringatan")]


def test_served_above_target_is_only_a_warning(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,100,120,10,5")
    assert result.ok
    assert result.data["terlayani"].tolist() == [120]
    assert [(p.baris, p.kolom) for p in result.warnings] == [(2, "terlayani")]
    assert "Terlayani (120) melebihi harus dilayani (100)" in result.warnings[0].pesan


def test_quality_available_above_required_is_only_a_warning(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,100,80,10,12")
    assert result.ok
    assert [(p.baris, p.kolom) for p in result.warnings] == [(2, "mutu_tersedia")]
    assert "Mutu tersedia (12) melebihi mutu dibutuhkan (10)" in result.warnings[0].pesan


def test_problems_are_sorted_by_row_with_file_problems_first(catalog):
    result = validate(
        catalog,
        "2025,,36.01,,KK-PEND-01,100,80,10,5",
        "2025,,36.02,,KK-PEND-01,100,x,10,5",  # line 3: error
        "2025,,36.03,,KK-PEND-01,100,120,10,5",  # line 4: warning
        header=HEADER + ",catatan",
    )
    assert [(p.baris, p.tingkat) for p in result.problems] == [
        (None, "peringatan"),
        (3, "galat"),
        (4, "peringatan"),
    ]


def test_every_problem_in_a_bad_row_is_reported_at_once(catalog):
    result = validate(catalog, "1999,7,36.99,,KK-XXX-01,-1,abc,,")
    assert sorted(where(result)) == [
        (2, "harus_dilayani"),
        (2, "kode_layanan"),
        (2, "kode_wilayah"),
        (2, "tahun"),
        (2, "terlayani"),
        (2, "triwulan"),
    ]


# --- numbers no count or rupiah can be (ranges in data/katalog/rentang_angka.toml) -------------

TWENTY_FIVE_NINES = "9" * 25
FORTY_DIGITS = "1" + "0" * 39


def test_a_25_digit_target_is_an_error_naming_row_and_column_not_a_wrapped_number(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01," + TWENTY_FIVE_NINES + ",80,10,5")
    assert not result.ok
    assert where(result) == [(2, "harus_dilayani")]
    [problem] = result.errors
    assert "1.000.000.000" in problem.pesan  # the largest count, as the ranges file says
    assert "-9223372036854775808" not in " ".join(p.line() for p in result.problems)


def test_a_40_digit_quality_count_is_an_error_not_a_crash(catalog):
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,100,80,10," + FORTY_DIGITS)
    assert where(result) == [(2, "mutu_tersedia")]


def test_a_huge_number_with_thousands_separators_is_an_error(catalog):
    result = validate(catalog, '2025,,36.02,,KK-PEND-01,"1.000.000.000.000",80,10,5')
    assert where(result) == [(2, "harus_dilayani")]


def test_a_count_just_above_the_largest_is_an_error_and_the_largest_is_accepted(catalog):
    # counts: 0 – 1.000.000.000 (dashboard policy, data/katalog/rentang_angka.toml)
    assert validate(catalog, "2025,,36.02,,KK-PEND-01,1000000000,80,10,5").ok
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,1000000001,80,10,5")
    assert where(result) == [(2, "harus_dilayani")]


@pytest.mark.parametrize("column", ["anggaran_alokasi", "anggaran_realisasi", "biaya_satuan"])
def test_rupiah_above_10_to_the_15_is_an_error_and_10_to_the_15_is_accepted(catalog, column):
    header = HEADER + "," + column
    assert validate(catalog, "2025,,36.02,,KK-PEND-01,100,80,10,5,1" + "0" * 15, header=header).ok
    result = validate(catalog, "2025,,36.02,,KK-PEND-01,100,80,10,5,1" + "0" * 14 + "1", header=header)
    assert where(result) == [(2, column)]


def test_a_huge_number_in_an_xlsx_cell_is_an_error_naming_row_and_column(catalog):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(HEADER.split(","))
    sheet.append([2025, None, "36.02", None, "KK-PEND-01", 10**25, 80, 10, 5])  # a number cell
    sheet.append([2025, None, "36.03", None, "KK-PEND-01", 100, 80, 10, FORTY_DIGITS])  # a text cell
    buffer = io.BytesIO()
    book.save(buffer)
    result = validate_file(buffer.getvalue(), catalog, "laporan.xlsx")
    assert where(result) == [(2, "harus_dilayani"), (3, "mutu_tersedia")]


def test_a_huge_year_is_an_error_not_a_crash(catalog):
    result = validate(catalog, "9" * 30 + ",,36.02,,KK-PEND-01,100,80,10,5")
    assert where(result) == [(2, "tahun")]


# --- a bounded problem list ------------------------------------------------------------------


def test_a_file_of_junk_rows_lists_a_bounded_number_of_problems_and_counts_the_rest(catalog):
    from spm_core.intake.validation import MAX_LISTED_PROBLEMS

    # 3000 rows × 8 problems: year, quarter, region (code and name reported once), service, 4 counts
    rows = ["x,x,x,x,x,x,x,x,x"] * 3000
    result = validate(catalog, *rows)
    assert not result.ok
    assert len(result.problems) == MAX_LISTED_PROBLEMS + 1
    listed = result.problems[:MAX_LISTED_PROBLEMS]
    assert [p.baris for p in listed] == sorted(p.baris for p in listed)  # the earliest rows, in order
    assert listed[0].baris == 2
    last = result.problems[-1]
    assert last.is_error and last.baris is None
    assert last.pesan.startswith("… dan ")
    assert result.error_count == 3000 * 8
    assert "seluruhnya 24.000 galat" in last.pesan  # the full count is given
    assert f"dan {24_000 - MAX_LISTED_PROBLEMS:,} masalah lain".replace(",", ".") in last.pesan


def test_a_short_problem_list_has_no_summary_line(catalog):
    result = validate(catalog, "x,,36.02,,KK-PEND-01,100,80,10,5")
    assert [p.pesan[:1] for p in result.problems] != ["…"]
    assert result.error_count == 1
