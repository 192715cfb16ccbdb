"""Export: downloads that a spreadsheet cannot turn into formulas (CSV injection), numbers kept
as numbers, CSV for machines (UTF-8 with BOM, comma, dot decimals), .xlsx for people."""

import io
import zipfile

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from spm_core.export import neutralize, to_csv_bytes, to_excel_bytes
from spm_core.filesafety import check_upload


def hostile():
    return pd.DataFrame({
        "catatan": ['=HYPERLINK("http://x")', "+62812", "-abc", "@SUM(A1)", "biasa"],
        "selisih": [-5, 0, 3, 12, 7],
    })


def test_text_that_starts_a_formula_gets_a_leading_apostrophe():
    assert neutralize(hostile())["catatan"].tolist() == [
        "'=HYPERLINK(\"http://x\")", "'+62812", "'-abc", "'@SUM(A1)", "biasa"]


def test_text_starting_with_a_tab_or_carriage_return_gets_a_leading_apostrophe():
    frame = pd.DataFrame({"catatan": ["\t=1+1", "\r=1+1"]})
    assert neutralize(frame)["catatan"].tolist() == ["'\t'=1+1", "'\r'=1+1"]  # and the part after it


def test_negative_numbers_stay_numbers():
    out = neutralize(hostile())
    assert out["selisih"].tolist() == [-5, 0, 3, 12, 7]
    assert out["selisih"].dtype == np.int64


def test_a_negative_number_held_as_text_is_treated_as_text():
    # Text is text: "-5" in a text column could as well be "-5+A1", so it is neutralized too.
    assert neutralize(pd.DataFrame({"kode": ["-5"]}))["kode"].tolist() == ["'-5"]


def test_blank_cells_stay_blank():
    out = neutralize(pd.DataFrame({"catatan": ["=1", None], "nilai": [1.5, np.nan]}))
    assert out["catatan"].isna().tolist() == [False, True]
    assert out["nilai"].isna().tolist() == [False, True]


def test_categorical_text_is_neutralized_too():
    frame = pd.DataFrame({"kode": pd.Categorical(["=1+1", "36.01"])})
    assert neutralize(frame)["kode"].tolist() == ["'=1+1", "36.01"]


def test_the_input_frame_is_not_changed():
    frame = hostile()
    neutralize(frame)
    assert frame["catatan"].iloc[0] == '=HYPERLINK("http://x")'


def test_the_csv_is_utf8_with_a_bom_commas_and_dot_decimals():
    frame = pd.DataFrame({"nama_wilayah": ["Kabupaten Lebak"], "nilai": [87.5], "catatan": ["sudah ≥ target"]})
    assert to_csv_bytes(frame) == (
        "\ufeffnama_wilayah,nilai,catatan\r\nKabupaten Lebak,87.5,sudah ≥ target\r\n".encode("utf-8"))


def test_the_csv_is_neutralized():
    assert to_csv_bytes(hostile()).decode("utf-8-sig").splitlines() == [
        "catatan,selisih",
        '"\'=HYPERLINK(""http://x"")",-5',  # the quotes inside are doubled, as CSV does
        '"\'+62812",0',  # every neutralized field is quoted
        '"\'-abc",3',
        '"\'@SUM(A1)",12',
        "biasa,7",
    ]


def test_a_formula_after_a_separator_or_line_break_is_neutralized_too():
    frame = pd.DataFrame({"catatan": ["aman;=1+1", "a, @SUM(A1)", "baris\n-2+3", "x\t+1", "2019-2023, naik", "a;b"],
                          "nilai": [-1, 2, 3, 4, 5, 6]})
    assert neutralize(frame)["catatan"].tolist() == [
        "'aman;'=1+1", "'a, '@SUM(A1)", "'baris\n'-2+3", "'x\t'+1", "2019-2023, naik", "a;b"]
    assert to_csv_bytes(frame).decode("utf-8-sig").split("\r\n")[1] == '"\'aman;\'=1+1",-1'
    assert neutralize(frame)["nilai"].tolist() == [-1, 2, 3, 4, 5, 6]  # numbers stay numbers


def test_a_blank_number_is_an_empty_csv_field():
    frame = pd.DataFrame({"kode": ["a", "b"], "nilai": [1.5, np.nan]})
    assert to_csv_bytes(frame).decode("utf-8-sig") == "kode,nilai\r\na,1.5\r\nb,\r\n"


def excel_sheet(frame, **kwargs):
    return load_workbook(io.BytesIO(to_excel_bytes(frame, **kwargs)))[kwargs.get("sheet_name", "data")]


def test_the_xlsx_holds_no_formula():
    data = to_excel_bytes(hostile())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    assert check_upload(data, "ekspor.xlsx") == []  # our own safety check agrees


def test_the_xlsx_shows_neutralized_text_as_typed_with_excels_quote_prefix():
    sheet = excel_sheet(hostile())
    cell = sheet["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://x")', "s", True)
    assert [sheet[f"A{r}"].value for r in range(3, 7)] == ["+62812", "-abc", "@SUM(A1)", "biasa"]
    assert sheet["A6"].quotePrefix is False  # plain text is left plain


def test_the_xlsx_keeps_numbers_as_numbers():
    sheet = excel_sheet(hostile())
    assert [sheet[f"B{r}"].value for r in range(2, 7)] == [-5, 0, 3, 12, 7]
    assert sheet["B2"].data_type == "n"


def test_the_xlsx_header_is_bold_and_frozen():
    sheet = excel_sheet(hostile())
    assert [c.value for c in sheet[1]] == ["catatan", "selisih"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"


def test_the_xlsx_column_width_follows_the_longest_text():
    sheet = excel_sheet(hostile())
    # '=HYPERLINK("http://x")' with its apostrophe = 23 characters + 2 = 25; "selisih" = 7 + 2 = 9
    assert sheet.column_dimensions["A"].width == 25
    assert sheet.column_dimensions["B"].width == 9


def test_a_narrow_xlsx_column_is_at_least_8_wide():
    # "n" = 1 character + 2 = 3, raised to the minimum of 8
    assert excel_sheet(pd.DataFrame({"n": [1]})).column_dimensions["A"].width == 8


def test_the_xlsx_sheet_name_can_be_chosen():
    assert excel_sheet(hostile(), sheet_name="skor").title == "skor"


def test_control_characters_that_xlsx_cannot_hold_are_dropped():
    sheet = excel_sheet(pd.DataFrame({"catatan": ["a\x00b\x07c"]}))
    assert sheet["A2"].value == "abc"


def test_blank_values_are_empty_cells_in_the_xlsx():
    sheet = excel_sheet(pd.DataFrame({"nilai": [1.5, np.nan], "kode": [pd.NA, "x"]}))
    assert [sheet["A2"].value, sheet["A3"].value, sheet["B2"].value] == [1.5, None, None]
