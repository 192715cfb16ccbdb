"""The recap workbook: one sheet per level, numbers as numbers, formulas neutralised."""

import io

import pytest
from openpyxl import load_workbook

from spm_core.dataset import SIMULATED_FILE
from spm_core.intake.validation import validate_file
from spm_core.report.excel_recap import HEADER_ROW, build_workbook
from spm_core.scoring import score_all


@pytest.fixture(scope="module")
def scores(catalog, rules):
    return score_all(validate_file(SIMULATED_FILE, catalog).data, catalog, rules)


@pytest.fixture(scope="module")
def workbook(scores, catalog, rules):
    return load_workbook(io.BytesIO(build_workbook(scores, catalog, rules, 2025, 0, simulated=True)))


def test_one_sheet_per_level_and_a_source_sheet(workbook):
    assert workbook.sheetnames == ["Wilayah", "Bidang", "Layanan", "Keterangan"]


def test_row_counts_match_the_catalog(workbook):
    # 9 regions; 9 regions × 6 sectors = 54 sector rows (all reported for 2025)
    assert workbook["Wilayah"].max_row - HEADER_ROW == 9
    assert workbook["Bidang"].max_row - HEADER_ROW == 54


def test_scores_are_numbers_equal_to_the_core(workbook, scores):
    sheet = workbook["Wilayah"]
    headers = [c.value for c in sheet[HEADER_ROW]]
    rows = {r[0]: dict(zip(headers, r)) for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    expected = scores.wilayah[(scores.wilayah["tahun"] == 2025) & (scores.wilayah["triwulan"] == 0)]
    own = expected[expected["kode_wilayah"] == "36"].iloc[0]
    assert rows["36"]["Nilai"] == own["nilai_bulat"]
    assert isinstance(rows["36"]["Nilai"], float)


def test_every_sheet_says_the_data_is_simulated(workbook):
    for name in ("Wilayah", "Bidang", "Layanan"):
        assert workbook[name]["A2"].value == "Data simulasi — bukan data resmi"


def test_text_that_starts_a_formula_is_neutralised(scores, catalog, rules):
    data = build_workbook(scores, catalog, rules, 2025, 0, simulated=False, data_label='=HYPERLINK("x")')
    sheet = load_workbook(io.BytesIO(data))["Wilayah"]
    assert sheet["A2"].value == '\'=HYPERLINK("x")'
    assert sheet["A2"].data_type == "s"


def test_each_level_prints_landscape_one_page_wide_with_the_header_rows_repeated(workbook):
    for name in ("Wilayah", "Bidang", "Layanan"):
        sheet = workbook[name]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)  # 0: as many pages down as needed
        assert sheet.print_title_rows == "$1:$4"  # title, notice and the header row


def test_category_cells_are_coloured_as_on_screen(workbook, rules):
    sheet = workbook["Wilayah"]
    header = [c.value for c in sheet[HEADER_ROW]]
    column = header.index("Kategori")
    cells = [row[column] for row in sheet.iter_rows(min_row=HEADER_ROW + 1) if row[column].value]
    assert cells
    for cell in cells:
        # the rules' colour, e.g. Tuntas Pratama "#fee08b" → fill "00FEE08B"
        assert cell.fill.fgColor.rgb == "00" + rules.category_colors[cell.value].lstrip("#").upper()


def test_people_and_rupiah_are_whole_numbers_and_scores_have_two_decimals(workbook):
    sheet = workbook["Layanan"]
    header = [c.value for c in sheet[HEADER_ROW]]
    row = next(r for r in sheet.iter_rows(min_row=HEADER_ROW + 1) if r[header.index("Nilai")].value is not None)
    cell = dict(zip(header, row))
    assert cell["Harus dilayani"].number_format == "#,##0"
    assert cell["Belum terlayani"].number_format == "#,##0"
    assert cell["Nilai"].number_format == "0.00"
    assert cell["Capaian penerima (%)"].number_format == "0.00"
