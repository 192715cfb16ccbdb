"""File safety: hostile or broken uploads are refused, before any parsing, with a message in
Bahasa Indonesia that says what to do. Every hostile file is built here, in memory."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from spm_core.intake.filesafety import DEFAULT_MAX_BYTES, MB, check_upload, upload_limit_text
from spm_core.intake.problems import Problem
from spm_core.intake.validation import validate_file

HEADER = ["tahun", "kode_wilayah", "kode_layanan", "harus_dilayani", "terlayani", "mutu_dibutuhkan", "mutu_tersedia"]
ROW = [2025, "36.02", "KK-PEND-01", 100, 80, 10, 5]
CSV = (
    b"tahun,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
    b"2025,36.02,KK-PEND-01,100,80,10,5\n"
)


def xlsx(sheets=(("data", [HEADER, ROW]),), edit=None):
    """An .xlsx with the given (sheet name, rows); ``edit(book)`` may change it before saving."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if edit:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data, add=None, replace=None):
    """The zip ``data`` with parts replaced or added (name → bytes), as an attacker would."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(zipfile.ZipInfo(name), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def part(data, name):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def messages(problems):
    return " | ".join(p.pesan for p in problems)


# --- clean files pass ---------------------------------------------------------------------


def test_a_clean_xlsx_passes():
    assert check_upload(xlsx(), "laporan.xlsx") == []


def test_a_clean_csv_passes():
    assert check_upload(CSV, "laporan.csv") == []


def test_the_extension_is_read_without_regard_to_case_or_folders():
    assert check_upload(CSV, "C:\\Users\\opd\\Laporan TW1.CSV") == []


def test_a_script_tag_in_a_cell_passes_the_safety_check_and_is_rejected_by_validation(catalog):
    # HTML in a cell is harmless bytes here (pages escape it on display); the region is unknown.
    data = (
        b"tahun,nama_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
        b"2025,<script>alert(1)</script>,KK-PEND-01,100,80,10,5\n"
    )
    assert check_upload(data, "laporan.csv") == []
    result = validate_file(data, catalog, "laporan.csv")
    assert [(p.baris, p.kolom) for p in result.errors] == [(2, "nama_wilayah")]


# --- name and size --------------------------------------------------------------------------


def test_an_xls_file_is_told_to_save_as_xlsx():
    [problem] = check_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "laporan.xls")
    assert "Simpan Sebagai" in problem.pesan and ".xlsx" in problem.pesan


def test_an_xlsm_file_is_refused_because_macros_are_not_allowed():
    [problem] = check_upload(xlsx(), "laporan.xlsm")
    assert "makro tidak diperbolehkan" in problem.pesan


def test_an_unknown_extension_is_refused():
    [problem] = check_upload(CSV, "laporan.exe")
    assert problem.pesan == "Jenis berkas (.exe) tidak didukung. Unggah berkas .xlsx (Excel) atau .csv."


def test_a_50_mb_csv_is_refused_with_the_limit_in_megabytes():
    data = b"0" * (50 * MB)  # nothing past the size is looked at, so the content does not matter
    [problem] = check_upload(data, "besar.csv")
    # 50 × 1024 × 1024 bytes = 50 MB; DEFAULT_MAX_BYTES = 20 MB
    assert problem.pesan.startswith("Berkas terlalu besar (50 MB). Batas ukuran berkas 20 MB.")
    assert DEFAULT_MAX_BYTES == 20 * MB


def test_a_fractional_limit_is_written_with_a_decimal_comma():
    [problem] = check_upload(b"x" * (2 * MB), "besar.csv", max_bytes=MB + MB // 2)
    # 1.5 MB → "1,5"; 2 MB → "2"
    assert problem.pesan.startswith("Berkas terlalu besar (2 MB). Batas ukuran berkas 1,5 MB.")


def test_an_empty_file_is_refused():
    [problem] = check_upload(b"", "laporan.csv")
    assert problem.pesan.startswith("Berkas kosong")


# --- content that does not match the extension ----------------------------------------------


def test_an_executable_renamed_to_csv_is_refused():
    data = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100
    [problem] = check_upload(data, "laporan.csv")
    assert "program Windows" in problem.pesan


def test_a_pdf_renamed_to_xlsx_is_refused_as_a_pdf():
    [problem] = check_upload(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "laporan.xlsx")
    assert problem.pesan.startswith("Berkas berakhiran .xlsx tetapi isinya dokumen PDF.")


def test_a_text_file_renamed_to_xlsx_is_refused():
    [problem] = check_upload(CSV, "laporan.xlsx")
    assert problem.pesan.startswith("Berkas berakhiran .xlsx tetapi isinya bukan berkas Excel.")


def test_a_password_protected_xlsx_is_told_to_remove_the_password():
    # Excel saves an encrypted workbook as an OLE compound file, whatever the extension.
    [problem] = check_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "laporan.xlsx")
    assert "kata sandi" in problem.pesan


def test_a_csv_that_is_really_an_xlsx_is_told_to_rename_it():
    [problem] = check_upload(xlsx(), "laporan.csv")
    assert "ganti akhirannya menjadi .xlsx" in problem.pesan


def test_a_csv_with_nul_bytes_is_refused():
    [problem] = check_upload(CSV.replace(b"2025", b"20\x0025"), "laporan.csv")
    assert "byte NUL" in problem.pesan


def test_a_utf16_csv_is_told_to_save_as_utf8():
    [problem] = check_upload(CSV.decode().encode("utf-16"), "laporan.csv")
    assert "CSV UTF-8" in problem.pesan


def test_a_csv_with_only_a_header_is_refused():
    [problem] = check_upload(CSV.splitlines()[0] + b"\n", "laporan.csv")
    assert problem == Problem("Berkas hanya berisi baris judul kolom; tidak ada baris data di bawahnya.", 2)


# --- zip structure and zip bombs ------------------------------------------------------------


def test_a_corrupt_zip_is_refused():
    [problem] = check_upload(b"PK\x03\x04" + b"\x14\x00" * 200, "laporan.xlsx")
    assert problem.pesan.startswith("Berkas Excel rusak")


@pytest.fixture(scope="module")
def zip_bomb():
    """A real zip of 300 MB of zeros (about 300 KB on disk), written in 1 MB pieces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", part(xlsx(), "[Content_Types].xml"))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            zeros = b"\x00" * MB
            for _ in range(300):
                member.write(zeros)
    return out.getvalue()


def test_a_zip_bomb_is_refused_on_its_unpacked_size(zip_bomb):
    assert len(zip_bomb) < 1 * MB
    problems = check_upload(zip_bomb, "laporan.xlsx")
    # 300 MB unpacked against a limit of 200 MB
    assert "Isi berkas Excel terlalu besar setelah dibuka (300 MB; batas 200 MB)." in messages(problems)


def test_a_part_that_expands_more_than_100_times_is_refused():
    data = rezip(xlsx(), add={"xl/media/padding.bin": b"\x00" * (5 * MB)})  # zeros shrink about 1000×
    [problem] = check_upload(data, "laporan.xlsx")
    assert "mengembang lebih dari 100 kali" in problem.pesan and "xl/media/padding.bin" in problem.pesan


def test_a_workbook_with_too_many_parts_is_refused():
    data = rezip(xlsx(), add={f"xl/media/image{i}.png": b"x" for i in range(1001)})
    [problem] = check_upload(data, "laporan.xlsx")
    assert "terlalu banyak bagian" in problem.pesan


def test_a_zip_inside_the_workbook_is_refused():
    data = rezip(xlsx(), add={"xl/media/image1.png": xlsx()})  # a zip disguised by its name
    [problem] = check_upload(data, "laporan.xlsx")
    assert "arsip lain di dalamnya (xl/media/image1.png)" in problem.pesan


def test_a_member_with_a_parent_folder_path_is_refused():
    data = rezip(xlsx(), add={"../../etc/cron.d/x": b"* * * * * root true\n"})
    [problem] = check_upload(data, "laporan.xlsx")
    assert "lokasi tidak aman (../../etc/cron.d/x)" in problem.pesan


def test_a_member_with_an_absolute_path_is_refused():
    data = rezip(xlsx(), add={"/tmp/x.xml": b"<x/>"})
    [problem] = check_upload(data, "laporan.xlsx")
    assert "lokasi tidak aman (/tmp/x.xml)" in problem.pesan


# --- macros, links, embedded objects, DTDs --------------------------------------------------


def test_an_xlsx_with_a_vba_project_is_refused():
    data = rezip(xlsx(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake vba"})
    [problem] = check_upload(data, "laporan.xlsx")
    assert "berisi makro" in problem.pesan


def test_an_xlsx_with_a_macro_enabled_content_type_is_refused():
    data = xlsx()
    types = part(data, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    [problem] = check_upload(rezip(data, replace={"[Content_Types].xml": types}), "laporan.xlsx")
    assert "berisi makro" in problem.pesan


def test_an_xlsx_with_external_links_is_refused():
    data = xlsx()
    rels = part(data, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>',
    )
    link_rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/externalLinkPath" Target="file:///\\\\server\\share\\rahasia.xlsx" '
        b'TargetMode="External"/></Relationships>'
    )
    data = rezip(
        data,
        replace={"xl/_rels/workbook.xml.rels": rels},
        add={
            "xl/externalLinks/externalLink1.xml": b"<externalLink/>",
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels,
        },
    )
    problems = check_upload(data, "laporan.xlsx")
    assert "tautan ke buku kerja lain" in messages(problems)
    assert "merujuk ke sumber di luar berkas (file:///" in messages(problems)


def test_an_external_relationship_of_a_sheet_is_refused():
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/oleObject" Target="http://evil.example/x.sct" TargetMode="External"/>'
        b"</Relationships>"
    )
    data = rezip(xlsx(), add={"xl/worksheets/_rels/sheet1.xml.rels": rels})
    [problem] = check_upload(data, "laporan.xlsx")
    assert problem.pesan.startswith("Berkas Excel merujuk ke sumber di luar berkas (http://evil.example/x.sct).")


def test_a_hyperlink_in_a_cell_is_allowed():
    def link(book):
        book["data"]["H1"].hyperlink = "https://spm.bangda.kemendagri.go.id/"

    data = xlsx(edit=link)
    assert b'TargetMode="External"' in part(data, "xl/worksheets/_rels/sheet1.xml.rels")
    assert check_upload(data, "laporan.xlsx") == []


def test_an_xlsx_with_a_data_connection_is_refused():
    data = rezip(xlsx(), add={"xl/connections.xml": b"<connections/>"})
    [problem] = check_upload(data, "laporan.xlsx")
    assert "koneksi data ke sumber luar" in problem.pesan


def test_an_xlsx_with_an_embedded_object_is_refused():
    data = rezip(xlsx(), add={"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 embedded"})
    [problem] = check_upload(data, "laporan.xlsx")
    assert "objek tersemat" in problem.pesan


def test_an_xml_part_with_an_entity_declaration_is_refused():
    data = xlsx()
    sheet = part(data, "xl/worksheets/sheet1.xml")
    evil = sheet.replace(
        b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet', 1
    )
    [problem] = check_upload(rezip(data, replace={"xl/worksheets/sheet1.xml": evil}), "laporan.xlsx")
    assert "DTD/ENTITY" in problem.pesan and "xl/worksheets/sheet1.xml" in problem.pesan


# --- the data sheet: formulas, merged cells, empty, size ------------------------------------


def test_a_formula_cell_is_reported_with_its_address_and_column_name():
    def formula(book):
        book["data"]["E2"] = "=D2*0.8"  # column E is "terlayani"

    problems = check_upload(xlsx(edit=formula), "laporan.xlsx")
    assert problems == [
        Problem(
            "Sel E2 berisi rumus; salin lalu tempel sebagai nilai (Paste Special → Values).", 2, "terlayani", "=D2*0.8"
        )
    ]


def test_only_the_first_twenty_formulas_are_listed_then_all_are_counted():
    rows = [HEADER] + [[2025, "36.02", "KK-PEND-01", 100, f"=D{r}-1", 10, 5] for r in range(2, 27)]
    problems = check_upload(xlsx((("data", rows),)), "laporan.xlsx")
    # rows 2..26 = 25 formulas: 20 listed + 1 count
    assert len(problems) == 21
    assert problems[19].pesan.startswith("Sel E21 berisi rumus")
    assert problems[20].pesan.startswith("Seluruhnya 25 sel berisi rumus; 20 yang pertama ditampilkan.")


def test_a_merged_header_is_refused():
    def merge(book):
        book["data"].merge_cells("D1:E1")

    problems = check_upload(xlsx(edit=merge), "laporan.xlsx")
    assert len(problems) == 1
    assert problems[0].pesan.startswith("Baris judul (baris 1) berisi sel gabungan (D1:E1).")
    assert problems[0].baris == 1


def test_an_empty_sheet_is_refused():
    [problem] = check_upload(xlsx((("data", []),)), "laporan.xlsx")
    assert problem.pesan.startswith("Lembar 'data' kosong.")


def test_a_sheet_with_only_a_header_is_refused():
    [problem] = check_upload(xlsx((("data", [HEADER]),)), "laporan.xlsx")
    assert problem == Problem("Lembar 'data' hanya berisi judul kolom; tidak ada baris data di bawahnya.", 2)


def test_the_sheet_named_data_is_checked_rather_than_the_first():
    notes = [["catatan"], ["=1+1"]]  # a formula on a sheet nobody reads
    assert check_upload(xlsx((("catatan", notes), ("data", [HEADER, ROW]))), "laporan.xlsx") == []


def test_without_a_data_sheet_the_first_sheet_is_checked():
    rows = [HEADER, [2025, "36.02", "KK-PEND-01", 100, "=D2", 10, 5]]
    problems = check_upload(xlsx((("Sheet1", rows), ("data lama", [HEADER, ROW]))), "laporan.xlsx")
    assert [p.pesan[:6] for p in problems] == ["Sel E2"]


def test_a_sheet_whose_size_claims_a_million_rows_is_refused():
    # Eleven bytes of XML would make a reader fill 1,048,576 rows × 16,384 columns.
    data = xlsx()
    sheet = part(data, "xl/worksheets/sheet1.xml")
    start = sheet.index(b"<dimension")
    end = sheet.index(b">", start) + 1
    evil = sheet[:start] + b'<dimension ref="A1:XFD1048576"/>' + sheet[end:]
    [problem] = check_upload(rezip(data, replace={"xl/worksheets/sheet1.xml": evil}), "laporan.xlsx")
    assert problem.pesan.startswith(
        "Lembar 'data' terlalu besar (1.048.576 baris × 16.384 kolom; batas 200.000 baris dan 100 kolom)."
    )


def test_a_cell_far_to_the_right_is_refused_even_without_a_size_claim():
    data = xlsx()
    sheet = part(data, "xl/worksheets/sheet1.xml")
    start = sheet.index(b"<dimension")
    end = sheet.index(b">", start) + 1
    evil = (sheet[:start] + sheet[end:]).replace(
        b"</row></sheetData>", b'<c r="ZZ2" t="n"><v>1</v></c></row></sheetData>'
    )
    [problem] = check_upload(rezip(data, replace={"xl/worksheets/sheet1.xml": evil}), "laporan.xlsx")
    # column ZZ = 26 × 26 + 26 = 702 > 100
    assert "702 kolom" in problem.pesan


def test_a_formula_in_a_sheet_with_prefixed_element_names_is_found():
    # Valid OOXML that some tools write: the exact (slower) scan must find what the quick one skips.
    data = xlsx()
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = (
        b'<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>tahun</x:t></x:is></x:c>'
        b'<x:c r="B1" t="inlineStr"><x:is><x:t>terlayani</x:t></x:is></x:c></x:row>'
        b'<x:row r="2"><x:c r="A2"><x:v>2025</x:v></x:c><x:c r="B2"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>'
        b"</x:sheetData></x:worksheet>"
    )
    assert ns in part(data, "xl/worksheets/sheet1.xml")
    problems = check_upload(rezip(data, replace={"xl/worksheets/sheet1.xml": sheet}), "laporan.xlsx")
    assert problems == [
        Problem(
            "Sel B2 berisi rumus; salin lalu tempel sebagai nilai (Paste Special → Values).", 2, "terlayani", "=1+1"
        )
    ]


# --- rows that cost far more than their size ------------------------------------------------------

import os  # noqa: E402
import time  # noqa: E402


def sheet_with_rows(rows_xml: bytes) -> bytes:
    """A workbook whose data sheet holds exactly the given <row> elements."""
    data = xlsx()
    sheet = part(data, "xl/worksheets/sheet1.xml")
    start = sheet.index(b"<sheetData>") + len(b"<sheetData>")
    end = sheet.index(b"</sheetData>")
    return rezip(data, replace={"xl/worksheets/sheet1.xml": sheet[:start] + rows_xml + sheet[end:]})


HEADER_ROW = (
    b'<row r="1">'
    + b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (col.encode(), name.encode())
        for col, name in zip("ABCDEFG", HEADER)
    )
    + b"</row>"
)
DATA_ROW = b'<row r="2"><c r="A2"><v>2025</v></c></row>'


def noisy(cells: bytes, count: int) -> bytes:
    """``count`` cells, each with a random comment-free attribute so the zip ratio stays low."""
    noise = os.urandom(count * 2).hex().encode()
    return b"".join(cells[:-2] + b' s="' + noise[i * 4 : i * 4 + 4] + b'"/>' for i in range(count))


def test_a_row_of_a_million_cells_is_refused_fast_before_openpyxl_reads_it():
    row = b'<row r="2">' + noisy(b'<c r="A2"/>', 1_000_000) + b"</row>"
    data = sheet_with_rows(HEADER_ROW + row)
    start = time.perf_counter()
    [problem] = check_upload(data, "laporan.xlsx")
    assert time.perf_counter() - start < 3
    assert "Baris 2" in problem.pesan and "lebih dari 100 sel" in problem.pesan
    assert problem.baris == 2


def test_a_row_of_many_cells_is_refused_by_the_exact_scan_too():
    # a cell without its address first sends the sheet to the exact (iterparse) scan
    row = b'<row r="2">' + b'<c t="n"><v>1</v></c>' * 500 + b"</row>"
    [problem] = check_upload(sheet_with_rows(HEADER_ROW + row), "laporan.xlsx")
    assert "Baris 2" in problem.pesan and "lebih dari 100 sel" in problem.pesan


def test_rows_out_of_order_are_refused():
    rows = HEADER_ROW + b'<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>'
    [problem] = check_upload(sheet_with_rows(rows), "laporan.xlsx")
    assert "urutan baris" in problem.pesan and problem.baris == 2


def test_the_same_row_number_repeated_is_refused():
    rows = HEADER_ROW + b'<row r="2"><c r="A2"><v>1</v></c></row>' * 3
    [problem] = check_upload(sheet_with_rows(rows), "laporan.xlsx")
    assert "urutan baris" in problem.pesan


def test_a_sheet_part_larger_than_the_sheet_budget_is_refused_on_the_zip_directory():
    from spm_core.intake.filesafety import MAX_SHEET_BYTES

    rows = HEADER_ROW + DATA_ROW + b"<!--" + b"a" * (MAX_SHEET_BYTES + MB) + b"-->"  # 151 MB, ~150 KB zipped
    problems = check_upload(sheet_with_rows(rows), "laporan.xlsx")
    assert "Lembar xl/worksheets/sheet1.xml terlalu besar setelah dibuka" in messages(problems)


def test_a_data_row_below_a_lying_dimension_is_seen_by_the_empty_sheet_check():
    data = xlsx((("data", [HEADER, ROW]),))
    sheet = part(data, "xl/worksheets/sheet1.xml")
    start = sheet.index(b"<dimension")
    end = sheet.index(b">", start) + 1
    evil = sheet[:start] + b'<dimension ref="A1:G1"/>' + sheet[end:]
    assert check_upload(rezip(data, replace={"xl/worksheets/sheet1.xml": evil}), "laporan.xlsx") == []


def test_a_shared_strings_part_larger_than_its_budget_is_refused_on_the_zip_directory():
    from spm_core.intake.filesafety import MAX_SHARED_STRINGS_BYTES

    data = rezip(
        xlsx(),
        add={"xl/sharedStrings.xml": b"<sst>" + b"<si><t>1</t></si>" * (MAX_SHARED_STRINGS_BYTES // 16) + b"</sst>"},
    )
    assert "Daftar teks berkas Excel (sharedStrings) terlalu besar" in messages(check_upload(data, "laporan.xlsx"))


def test_the_uploaders_help_names_the_limit_in_indonesian_notation():
    assert upload_limit_text() == "maks. 20 MB"  # DEFAULT_MAX_BYTES = 20 × 1024 × 1024
    assert upload_limit_text(int(1.5 * MB)) == "maks. 1,5 MB"
