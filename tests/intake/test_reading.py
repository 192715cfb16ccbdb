"""Reading: CSV (any usual delimiter and encoding) and .xlsx into text cells numbered as a person
sees them (header = row 1); unreadable files give InputFileError, never a crash."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from spm_core.intake.problems import InputFileError
from spm_core.intake.reading import read_table
from spm_core.intake.validation import validate_file

HEADER = [
    "tahun",
    "kode_wilayah",
    "nama_wilayah",
    "kode_layanan",
    "harus_dilayani",
    "terlayani",
    "mutu_dibutuhkan",
    "mutu_tersedia",
]


def csv_text(rows, sep=","):
    return "\n".join(sep.join(r) for r in [HEADER, *rows]) + "\n"


def xlsx_bytes(sheets):
    """An .xlsx with the given (sheet name, rows) in order."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ROW = ["2025", "36.02", "Kabupaten Lebak", "KK-PEND-01", "100", "80", "10", "5"]


# --- CSV --------------------------------------------------------------------------------------


def test_a_comma_separated_file_is_read_into_text_cells():
    frame = read_table(csv_text([ROW]).encode("utf-8"), "data.csv")
    assert list(frame.columns) == HEADER
    assert frame.loc[2].tolist() == ROW


def test_a_semicolon_separated_file_is_read_like_a_comma_one():
    frame = read_table(csv_text([ROW], sep=";").encode("utf-8"), "data.csv")
    assert list(frame.columns) == HEADER
    assert frame.loc[2, "nama_wilayah"] == "Kabupaten Lebak"


def test_a_semicolon_file_keeps_decimal_commas_inside_a_cell():
    row = [*ROW[:4], "1.234,00", "80", "10", "5"]
    frame = read_table(csv_text([row], sep=";").encode("utf-8"), "data.csv")
    assert frame.loc[2, "harus_dilayani"] == "1.234,00"


def test_a_quoted_comma_stays_inside_its_cell():
    text = ",".join(HEADER) + '\n2025,36.02,"Lebak, Kabupaten",KK-PEND-01,100,80,10,5\n'
    frame = read_table(text.encode("utf-8"), "data.csv")
    assert frame.loc[2, "nama_wilayah"] == "Lebak, Kabupaten"


def test_a_byte_order_mark_does_not_stick_to_the_first_header():
    data = "\ufeff".encode("utf-8") + csv_text([ROW]).encode("utf-8")
    frame = read_table(data, "data.csv")
    assert list(frame.columns)[0] == "tahun"


def test_a_windows_1252_file_is_decoded():
    text = ",".join([*HEADER, "catatan"]) + "\n" + ",".join([*ROW, "diperiksa oleh Dinas Sosial (café)"]) + "\n"
    frame = read_table(text.encode("cp1252"), "data.csv")
    assert frame.loc[2, "nama_wilayah"] == "Kabupaten Lebak"
    assert frame.loc[2, "catatan"] == "diperiksa oleh Dinas Sosial (café)"


def test_a_byte_order_mark_before_windows_1252_text_does_not_crash():
    text = ",".join([*HEADER, "catatan"]) + "\n" + ",".join([*ROW, "café"]) + "\n"
    frame = read_table(b"\xef\xbb\xbf" + text.encode("cp1252"), "data.csv")
    assert frame.loc[2, "catatan"] == "café"


def test_headers_are_trimmed_lowercased_and_underscored():
    text = " Tahun ,Kode Wilayah,KODE_LAYANAN\n2025,36.02,KK-PEND-01\n"
    frame = read_table(text.encode("utf-8"), "data.csv")
    assert list(frame.columns) == ["tahun", "kode_wilayah", "kode_layanan"]


def test_rows_are_numbered_as_lines_in_the_file_with_the_header_as_line_1():
    frame = read_table(csv_text([ROW, ROW]).encode("utf-8"), "data.csv")
    assert frame.index.tolist() == [2, 3]


def test_blank_lines_are_dropped_but_keep_their_numbers():
    # line 1 header, 2 blank, 3 data, 4 blank, 5 ";;;" (an empty spreadsheet row), 6 data
    text = ",".join(HEADER) + "\n\n" + ",".join(ROW) + "\n\n,,,,,,,\n" + ",".join(ROW) + "\n"
    frame = read_table(text.encode("utf-8"), "data.csv")
    assert frame.index.tolist() == [3, 6]


def test_a_problem_after_blank_lines_is_reported_on_its_line_in_the_file(catalog):
    bad = [*ROW[:3], "KK-PEND-02", "-1", *ROW[5:]]
    # line 1 header, 2 data, 3 blank, 4 blank, 5 the bad row
    text = ",".join(HEADER) + "\n" + ",".join(ROW) + "\n\n\n" + ",".join(bad) + "\n"
    result = validate_file(text.encode("utf-8"), catalog, "data.csv")
    assert [(p.baris, p.kolom) for p in result.errors] == [(5, "harus_dilayani")]


def test_blank_lines_above_the_header_keep_the_row_numbers():
    # line 1 and 2 blank, 3 header, 4 data
    text = "\n\n" + csv_text([ROW])
    frame = read_table(text.encode("utf-8"), "data.csv")
    assert list(frame.columns) == HEADER
    assert frame.index.tolist() == [4]


def test_a_delimiter_at_the_end_of_every_data_line_does_not_shift_the_columns():
    text = ",".join(HEADER) + "\n" + ",".join(ROW) + ",\n" + ",".join(ROW) + ",\n"
    frame = read_table(text.encode("utf-8"), "data.csv")
    assert frame.index.tolist() == [2, 3]
    assert frame.loc[2, "tahun"] == "2025"
    assert frame.loc[2, "mutu_tersedia"] == "5"


def test_a_comma_inside_a_number_in_every_row_is_refused_rather_than_shifting_the_columns():
    # "1,234" unquoted in a comma file: 9 cells under 8 headers on every data line
    row = ",".join([*ROW[:4], "1,234", *ROW[5:]])
    text = "\n\n" + ",".join(HEADER) + "\n" + row + "\n" + row + "\n"  # header on line 3
    with pytest.raises(InputFileError, match="Baris 4 berisi lebih banyak sel"):
        read_table(text.encode("utf-8"), "data.csv")


def test_a_csv_file_is_read_from_a_path(tmp_path):
    path = tmp_path / "laporan.csv"
    path.write_bytes(csv_text([ROW]).encode("utf-8"))
    frame = read_table(path)
    assert frame.loc[2, "kode_layanan"] == "KK-PEND-01"


# --- .xlsx ------------------------------------------------------------------------------------


def test_the_sheet_named_data_is_read_even_when_it_is_not_first():
    data = xlsx_bytes(
        [
            ("petunjuk", [["Isi lembar data"]]),
            ("data", [HEADER, [2025, "36.02", "Lebak", "KK-PEND-01", 100, 80, 10, 5]]),
        ]
    )
    frame = read_table(data, "laporan.xlsx")
    assert list(frame.columns) == HEADER
    assert frame.loc[2, "nama_wilayah"] == "Lebak"


def test_without_a_data_sheet_the_first_sheet_is_read():
    data = xlsx_bytes(
        [("Sheet1", [HEADER, [2025, "36.02", "Lebak", "KK-PEND-01", 100, 80, 10, 5]]), ("lain", [["tidak dibaca"]])]
    )
    frame = read_table(data, "laporan.xlsx")
    assert frame.loc[2, "kode_layanan"] == "KK-PEND-01"


def test_excel_numbers_become_the_text_a_person_typed():
    data = xlsx_bytes([("data", [HEADER, [2025, "36.02", "Lebak", "KK-PEND-01", 1234567, 80.0, 10.5, None]])])
    frame = read_table(data, "laporan.xlsx")
    # a whole float shows without ".0"; a fraction keeps it; an empty cell is ""
    assert frame.loc[2, ["tahun", "harus_dilayani", "terlayani", "mutu_dibutuhkan", "mutu_tersedia"]].tolist() == [
        "2025",
        "1234567",
        "80",
        "10.5",
        "",
    ]


def test_excel_rows_are_numbered_as_in_excel_with_empty_rows_dropped():
    row = [2025, "36.02", "Lebak", "KK-PEND-01", 100, 80, 10, 5]
    # Excel row 1 header, 2 data, 3 empty, 4 empty cells, 5 data
    data = xlsx_bytes([("data", [HEADER, row, [], [None] * 8, row])])
    frame = read_table(data, "laporan.xlsx")
    assert frame.index.tolist() == [2, 5]


def test_stray_cells_right_of_an_excel_table_get_their_own_column_names():
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(HEADER)
    sheet.append([2025, "36.02", "Lebak", "KK-PEND-01", 100, 80, 10, 5])
    sheet.cell(row=2, column=10, value=" ")  # column J, no header; column I empty
    buffer = io.BytesIO()
    book.save(buffer)
    frame = read_table(buffer.getvalue(), "laporan.xlsx")
    assert list(frame.columns) == [*HEADER, "unnamed:_8", "unnamed:_9"]


def test_a_file_with_stray_excel_cells_still_validates(catalog):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([2025, "36.02", "", "KK-PEND-01", 100, 80, 10, 5])
    sheet.cell(row=2, column=11, value=" ")
    buffer = io.BytesIO()
    book.save(buffer)
    result = validate_file(buffer.getvalue(), catalog, "laporan.xlsx")
    assert result.ok
    assert len(result.data) == 1


# --- files that cannot be read ----------------------------------------------------------------


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("isi.txt", "bukan excel")
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (OLE, "laporan.xls", ".xls lama"),
        (OLE, "laporan.xlsx", ".xls lama"),  # an old binary file renamed to .xlsx
        (b"tahun,kode_layanan\n2025,KK-PEND-01\n", "laporan.xls", ".xls lama"),
        (zip_bytes(), "laporan.csv", "Ganti akhiran menjadi .xlsx"),
        (b"tahun,kode_layanan\n2025,KK-PEND-01\n", "laporan.xlsx", "bukan berkas Excel"),
        (zip_bytes(), "laporan.xlsx", "tidak dapat dibuka"),  # a zip, but not a workbook
        (b"PK\x03\x04rusak", "laporan.xlsx", "tidak dapat dibuka"),
        (b"", "laporan.csv", "kosong"),
        (b"\n \n\n", "laporan.csv", "kosong"),
        (b"%PDF-1.4", "laporan.pdf", ".pdf tidak didukung"),
    ],
    ids=[
        "xls",
        "ole-renamed-xlsx",
        "xls-name",
        "zip-as-csv",
        "text-as-xlsx",
        "zip-not-workbook",
        "broken-zip",
        "empty",
        "only-blank-lines",
        "pdf",
    ],
)
def test_an_unreadable_file_raises_input_file_error_with_a_message(data, filename, message):
    with pytest.raises(InputFileError) as caught:
        read_table(data, filename)
    assert len(caught.value.problems) == 1
    assert message in caught.value.problems[0].pesan


def test_an_empty_excel_sheet_raises_input_file_error():
    with pytest.raises(InputFileError, match="kosong"):
        read_table(xlsx_bytes([("data", [])]), "laporan.xlsx")


def test_a_missing_file_raises_input_file_error(tmp_path):
    with pytest.raises(InputFileError, match="tidak ditemukan"):
        read_table(tmp_path / "tidak_ada.csv")


@pytest.mark.parametrize(
    "data, filename",
    [(OLE, "laporan.xls"), (zip_bytes(), "laporan.csv"), (b"a,b\n", "laporan.xlsx"), (b"", "laporan.csv")],
    ids=["xls", "zip-as-csv", "text-as-xlsx", "empty"],
)
def test_validating_an_unreadable_file_gives_a_file_problem_not_a_crash(catalog, data, filename):
    result = validate_file(data, catalog, filename)
    assert result.data is None
    assert not result.ok
    assert [p.baris for p in result.problems] == [None]


def test_a_workbook_saved_by_libreoffice_calc_is_read_and_validated(catalog):
    from pathlib import Path

    from spm_core.intake.filesafety import check_upload
    from spm_core.intake.validation import validate_file

    content = (Path(__file__).parents[1] / "fixtures" / "libreoffice_calc.xlsx").read_bytes()
    assert check_upload(content, "libreoffice_calc.xlsx") == []
    result = validate_file(content, catalog, "libreoffice_calc.xlsx")
    assert result.ok, [p.line() for p in result.problems]
    # "1.234" and "25.000" typed with thousands dots are whole numbers in the workbook
    assert result.data["harus_dilayani"].tolist() == [1234, 25000]
    assert result.data["kode_wilayah"].astype(str).tolist() == ["36.02", "36.74"]
    assert result.data["mutu_tersedia"].isna().tolist() == [False, True]


# --- limits: a file is either read whole or refused --------------------------------------------

import time  # noqa: E402

from spm_core.intake.reading import MAX_COLUMNS, MAX_ROWS  # noqa: E402


def refusal(data, filename):
    with pytest.raises(InputFileError) as caught:
        read_table(data, filename)
    return " | ".join(p.line() for p in caught.value.problems)


def test_a_csv_with_40000_extra_columns_is_refused_fast_naming_the_limit():
    header = ",".join(HEADER + [f"x{i}" for i in range(40_000)])
    data = (header + "\n" + ",".join(ROW) + "\n").encode()
    start = time.perf_counter()
    message = refusal(data, "lebar.csv")
    assert time.perf_counter() - start < 2
    assert "40.008 kolom" in message and f"batas {MAX_COLUMNS} kolom" in message


def test_a_csv_data_line_with_more_cells_than_the_limit_is_refused_naming_its_line():
    data = (",".join(HEADER) + "\n" + ",".join(ROW) + "\n" + ",".join(ROW + ["1"] * 500) + "\n").encode()
    message = refusal(data, "lebar.csv")
    assert message.startswith("baris 3:") and "508" in message


def test_a_csv_with_more_rows_than_the_limit_is_refused_before_pandas_reads_it():
    data = (",".join(HEADER) + "\n" + "x\n" * (MAX_ROWS + 1)).encode()
    start = time.perf_counter()
    message = refusal(data, "panjang.csv")
    assert time.perf_counter() - start < 3
    assert "lebih dari 200.000 baris data" in message and "batas 200.000" in message


def test_a_csv_within_the_limits_is_read():
    data = (",".join(HEADER) + "\n" + (",".join(ROW) + "\n") * 3).encode()
    assert len(read_table(data, "data.csv")) == 3


def test_a_huge_csv_field_is_refused_not_a_crash():
    data = (",".join(HEADER) + "\n" + ",".join(ROW[:-1]) + ',"' + "9" * 200_000 + '"\n').encode()
    assert "terlalu panjang" in refusal(data, "sel.csv")


def _with_dimension(data: bytes, ref: str) -> bytes:
    """The workbook with its sheet's <dimension> replaced, as a hostile or broken writer leaves it."""
    import re

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref.encode() + b'"', content)
            target.writestr(info.filename, content)
    return out.getvalue()


def test_a_lying_dimension_does_not_drop_rows():
    row = [2025, "36.02", "Lebak", "KK-PEND-01", 100, 80, 10, 5]
    data = _with_dimension(xlsx_bytes([("data", [HEADER] + [row] * 12)]), "A1:G4")
    frame = read_table(data, "laporan.xlsx")
    assert len(frame) == 12  # every row, whatever the dimension says
    assert list(frame.columns) == HEADER  # and every column (H is beyond the claimed G)
