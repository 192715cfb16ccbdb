"""Export: downloads that a spreadsheet cannot turn into formulas (CSV injection), numbers kept
as numbers, CSV for machines (UTF-8 with BOM, comma, dot decimals); for people a CSV for Excel set to
Indonesian (";" and decimal commas) and an .xlsx, both with the screen's headers."""

import io
import zipfile

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from spm_core.intake.filesafety import check_upload
from spm_core.report.export import (
    neutralize,
    people_csv_bytes,
    people_excel_bytes,
    people_table,
    to_csv_bytes,
    to_csv_indonesia_bytes,
    to_excel_bytes,
)


def hostile():
    return pd.DataFrame(
        {
            "catatan": ['=HYPERLINK("http://x")', "+62812", "-abc", "@SUM(A1)", "biasa"],
            "selisih": [-5, 0, 3, 12, 7],
        }
    )


def test_text_that_starts_a_formula_gets_a_leading_apostrophe():
    assert neutralize(hostile())["catatan"].tolist() == [
        '\'=HYPERLINK("http://x")',
        "'+62812",
        "'-abc",
        "'@SUM(A1)",
        "biasa",
    ]


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
        "\ufeffnama_wilayah,nilai,catatan\r\nKabupaten Lebak,87.5,sudah ≥ target\r\n".encode("utf-8")
    )


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
    frame = pd.DataFrame(
        {
            "catatan": ["aman;=1+1", "a, @SUM(A1)", "baris\n-2+3", "x\t+1", "2019-2023, naik", "a;b"],
            "nilai": [-1, 2, 3, 4, 5, 6],
        }
    )
    assert neutralize(frame)["catatan"].tolist() == [
        "'aman;'=1+1",
        "'a, '@SUM(A1)",
        "'baris\n'-2+3",
        "'x\t'+1",
        "2019-2023, naik",
        "a;b",
    ]
    assert to_csv_bytes(frame).decode("utf-8-sig").split("\r\n")[1] == "\"'aman;'=1+1\",-1"
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


# --- files for people ----------------------------------------------------------------------------


def gap_rows():
    """Two rows as the gap table holds them (machine names, float counts because of blanks)."""
    return pd.DataFrame(
        {
            "tahun": [2025, 2025],
            "triwulan": [0, 1],
            "kode_wilayah": ["36.02", "36.03"],
            "nama_wilayah": ["Kabupaten Lebak", "Kabupaten Tangerang"],
            "harus_dilayani": [72524, 1000],
            "belum_terlayani": [10022.0, np.nan],
            "nilai": [62.459664, 80.0],
            "kebutuhan_anggaran": [1_500_000_000.4, np.nan],
            "catatan": ["=1+1", "biasa"],
        }
    )


def read_indonesian_csv(data: bytes) -> pd.DataFrame:
    """The CSV as Excel set to Indonesian reads it: ';' between fields, decimal comma."""
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Kode": str})


def test_the_people_table_has_the_screens_headers_and_one_period_column():
    table = people_table(gap_rows())
    assert list(table.columns) == [
        "Periode",
        "Kode",
        "Wilayah",
        "Harus dilayani",
        "Belum terlayani",
        "Nilai",
        "Kebutuhan anggaran",
        "Catatan",
    ]
    assert table["Periode"].tolist() == ["2025", "2025 triwulan I"]  # format_period


def test_the_people_table_rounds_people_and_rupiah_whole_and_scores_to_two_decimals():
    table = people_table(gap_rows())
    assert table["Belum terlayani"].dtype == "Int64" and table["Belum terlayani"].isna().tolist() == [False, True]
    assert table["Kebutuhan anggaran"].tolist()[0] == 1_500_000_000
    assert table["Nilai"].tolist() == [62.46, 80.0]  # 62.459664 → 62,46


def test_a_machine_name_without_a_screen_header_is_written_as_words():
    assert list(people_table(pd.DataFrame({"jumlah_baris_baru": [1]})).columns) == ["Jumlah baris baru"]


def test_the_indonesian_csv_uses_semicolons_and_decimal_commas():
    text = to_csv_indonesia_bytes(pd.DataFrame({"Wilayah": ["Lebak"], "Nilai": [87.5], "Orang": [72524]}))
    assert text.decode("utf-8-sig") == "Wilayah;Nilai;Orang\r\nLebak;87,50;72524\r\n"


def test_the_people_csv_opens_with_indonesian_conventions_as_numbers():
    frame = read_indonesian_csv(people_csv_bytes(gap_rows()))
    assert list(frame.columns) == [
        "Periode",
        "Kode",
        "Wilayah",
        "Harus dilayani",
        "Belum terlayani",
        "Nilai",
        "Kebutuhan anggaran",
        "Catatan",
    ]
    assert frame["Harus dilayani"].tolist() == [72524, 1000]  # no "72524.0"
    assert frame["Belum terlayani"].iloc[0] == 10022
    assert frame["Nilai"].tolist() == [62.46, 80.0]  # written "62,46" and "80,00"
    assert pd.api.types.is_numeric_dtype(frame["Kebutuhan anggaran"])
    assert frame["Kode"].tolist() == ["36.02", "36.03"]
    assert frame["Catatan"].tolist() == ["'=1+1", "biasa"]  # still neutralised


def test_the_people_csv_quotes_a_neutralised_field_with_a_semicolon():
    data = people_csv_bytes(pd.DataFrame({"catatan": ["aman;=1+1"], "nilai": [1.5]}))
    assert data.decode("utf-8-sig").splitlines() == ["Catatan;Nilai", "\"'aman;'=1+1\";1,50"]


def test_the_people_xlsx_has_readable_headers_and_number_formats():
    sheet = load_workbook(io.BytesIO(people_excel_bytes(gap_rows(), "Kesenjangan")))["Kesenjangan"]
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == [
        "Periode",
        "Kode",
        "Wilayah",
        "Harus dilayani",
        "Belum terlayani",
        "Nilai",
        "Kebutuhan anggaran",
        "Catatan",
    ]
    first = {rows[0][i].value: cell for i, cell in enumerate(rows[1])}
    assert first["Harus dilayani"].value == 72524 and first["Harus dilayani"].number_format == "#,##0"
    assert first["Belum terlayani"].value == 10022 and isinstance(first["Belum terlayani"].value, int)
    assert first["Kebutuhan anggaran"].value == 1_500_000_000
    assert first["Kebutuhan anggaran"].number_format == "#,##0"
    assert first["Nilai"].value == 62.46 and first["Nilai"].number_format == "0.00"
    assert first["Periode"].value == "2025" and first["Periode"].data_type == "s"
    assert [c.value for c in rows[2]][4] is None  # a blank count stays blank


def test_a_year_column_in_the_xlsx_has_no_thousands_separator():
    sheet = excel_sheet(pd.DataFrame({"Tahun": [2025], "Nilai": [80.5]}))
    assert sheet["A2"].value == 2025 and sheet["A2"].number_format == "0"
