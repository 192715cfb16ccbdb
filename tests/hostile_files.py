"""A corpus of hostile uploads, generated on the fly (never committed as binaries): files that
cost far more than their size, lie about themselves, or carry numbers no count can be.

Used by tests/intake/test_hostile_uploads.py (each file is answered correctly and within bounds) and by
scripts/benchmark_hostile.py (time, the checking worker's peak memory, the server's growth).
Each entry: name, file name, bytes, kind (data or stage file), and what the answer must be.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from dataclasses import dataclass

from openpyxl import Workbook

HEADER = ["tahun", "kode_wilayah", "kode_layanan", "harus_dilayani", "terlayani", "mutu_dibutuhkan", "mutu_tersedia"]
CSV_HEADER = ",".join(HEADER) + "\n"
SERVICES = [
    "KK-PEND-01",
    "KK-PEND-02",
    "KK-PEND-03",
    "KK-PU-01",
    "KK-KES-01",
    "KK-KES-02",
    "KK-KES-03",
    "KK-KES-04",
    "KK-KES-05",
    "KK-KES-06",
    "KK-KES-07",
    "KK-KES-08",
]
SHEET = "xl/worksheets/sheet1.xml"


@dataclass
class Hostile:
    name: str
    filename: str
    content: bytes
    refused: bool  # False: the file must be accepted (correctly)
    says: str = ""  # a fragment the (first) message must contain
    where: tuple | None = None  # (row, column) the first error must name
    kind: str = "data"
    rows: int | None = None  # for an accepted file: the rows it must give


def _xlsx(rows, sheet_name="data") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def _with_sheet_data(rows_xml: bytes, header=HEADER) -> bytes:
    """A workbook whose data sheet's <sheetData> is exactly ``rows_xml`` (no <dimension>)."""
    data = _xlsx([header])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read(SHEET)
    start = sheet.index(b"<sheetData")
    end = (
        sheet.index(b"</sheetData>") + len(b"</sheetData>")
        if b"</sheetData>" in sheet
        else sheet.index(b"/>", start) + 2
    )
    return _rezip(data, {SHEET: sheet[:start] + b"<sheetData>" + rows_xml + b"</sheetData>" + sheet[end:]})


def _header_row(header=HEADER) -> bytes:
    cells = b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), name.encode())
        for i, name in enumerate(header)
    )
    return b'<row r="1">' + cells + b"</row>"


def _row_of_cells(count: int) -> bytes:
    """One row of ``count`` empty cells all at A2, with a little noise every 20 cells so the zip's
    compression ratio stays under the bomb limit (the issue's 3-million-cell row)."""
    rng = random.Random(7)
    pieces = []
    for i in range(count):
        pieces.append(b'<c r="A2" s="%d"/>' % rng.randrange(1 << 16) if i % 20 == 0 else b'<c r="A2"/>')
    return b'<row r="2">' + b"".join(pieces) + b"</row>"


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info_name in ("[Content_Types].xml", "xl/workbook.xml"):
            with zipfile.ZipFile(io.BytesIO(_xlsx([HEADER]))) as good:
                archive.writestr(info_name, good.read(info_name))
        with archive.open(SHEET, "w", force_zip64=True) as member:
            zeros = b"\x00" * (1024 * 1024)
            for _ in range(300):
                member.write(zeros)
    return out.getvalue()


def _shared_strings_bomb() -> bytes:
    """Millions of tiny shared strings: small on disk, a huge list in a reader's memory."""
    data = _xlsx([HEADER, [2025, "36.02", "KK-PEND-01", 100, 80, 10, 5]])
    rng = random.Random(3)
    strings = b"".join(b"<si><t>%d</t></si>" % rng.randrange(100) for _ in range(6_000_000))
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        b'main">' + strings + b"</sst>"
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    types = types.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"'
        b"/></Relationships>",
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels}.get(
                info.filename, source.read(info.filename)
            )
            target.writestr(info.filename, content)
        target.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def _lying_dimension() -> bytes:
    rows = [HEADER] + [[2025, "36.02", service, 100, 80, 10, 5] for service in SERVICES]
    data = _xlsx(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read(SHEET)
    start = sheet.index(b"<dimension")
    end = sheet.index(b">", start) + 1
    return _rezip(data, {SHEET: sheet[:start] + b'<dimension ref="A1:G4"/>' + sheet[end:]})


def corpus() -> list[Hostile]:
    good_row = "2025,36.02,KK-PEND-01,100,80,10,5\n"
    junk = "".join(f"x{i},x{i},x{i},x,x,x,x\n" for i in range(200_000))
    stage_header = "kode_wilayah,kode_bidang,tahap,status,tanggal,catatan,tahun\n"
    return [
        Hostile("zip bomb (300 MB of zeros)", "bom.xlsx", _zip_bomb(), True, "terlalu besar setelah dibuka"),
        Hostile(
            "row of 3 million cells",
            "sel_jutaan.xlsx",
            _with_sheet_data(_header_row() + _row_of_cells(3_000_000)),
            True,
            "lebih dari 100 sel",
            (2, None),
        ),
        Hostile(
            "stage file: row of 3 million cells",
            "tahapan_sel.xlsx",
            _with_sheet_data(_header_row() + _row_of_cells(3_000_000)),
            True,
            "lebih dari 100 sel",
            (2, None),
            kind="tahapan",
        ),
        Hostile(
            "row number 1,048,576",
            "baris_jauh.xlsx",
            _with_sheet_data(_header_row() + b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'),
            True,
            "terlalu besar",
        ),
        Hostile(
            "the same row 1,000 times",
            "baris_ulang.xlsx",
            _with_sheet_data(_header_row() + b'<row r="2"><c r="A2"><v>1</v></c></row>' * 1_000),
            True,
            "muncul lagi",
            (2, None),
        ),
        Hostile("6 million shared strings", "sst.xlsx", _shared_strings_bomb(), True, "Daftar teks"),
        Hostile("lying <dimension> (12 rows, says 3)", "dimensi.xlsx", _lying_dimension(), False, rows=12),
        Hostile(
            "CSV with 40,000 extra columns",
            "lebar.csv",
            (CSV_HEADER.rstrip("\n") + "".join(f",x{i}" for i in range(40_000)) + "\n" + good_row).encode(),
            True,
            "40.007 kolom",
            (1, None),
        ),
        Hostile(
            "CSV with 400,000 junk rows",
            "panjang.csv",
            (CSV_HEADER + "x,x,x,x,x,x,x\n" * 400_000).encode(),
            True,
            "lebih dari 200.000 baris data",
        ),
        Hostile(
            "CSV with 200,000 distinct junk rows",
            "sampah.csv",
            (CSV_HEADER + junk).encode(),
            True,
            "Tahun harus berupa angka",
            (2, "tahun"),
        ),
        Hostile(
            "CSV with a 200,000-character cell",
            "sel_panjang.csv",
            (CSV_HEADER + '2025,36.02,KK-PEND-01,100,80,10,"' + "9" * 200_000 + '"\n').encode(),
            True,
            "sel terlalu panjang",
        ),
        Hostile(
            "CSV: harus_dilayani of 25 digits",
            "angka25.csv",
            (CSV_HEADER + "2025,36.02,KK-PEND-01," + "9" * 25 + ",80,10,5\n").encode(),
            True,
            "0–1.000.000.000",
            (2, "harus_dilayani"),
        ),
        Hostile(
            "CSV: mutu_tersedia of 40 digits",
            "angka40.csv",
            (CSV_HEADER + "2025,36.02,KK-PEND-01,100,80,10,1" + "0" * 39 + "\n").encode(),
            True,
            "0–1.000.000.000",
            (2, "mutu_tersedia"),
        ),
        Hostile(
            "xlsx: number cell 10^25",
            "angka_sel.xlsx",
            _xlsx([HEADER, [2025, "36.02", "KK-PEND-01", 10**25, 80, 10, 5]]),
            True,
            "0–1.000.000.000",
            (2, "harus_dilayani"),
        ),
        Hostile(
            "xlsx: text cell of 40 digits",
            "angka_teks.xlsx",
            _xlsx([HEADER, [2025, "36.02", "KK-PEND-01", 100, 80, 10, "1" + "0" * 39]]),
            True,
            "0–1.000.000.000",
            (2, "mutu_tersedia"),
        ),
        Hostile(
            "stage file: year 1e400",
            "tahapan_tahun.csv",
            (stage_header + "36.02,PEND,1,selesai,,,1e400\n").encode(),
            True,
            "Tahun harus bilangan bulat",
            (2, "tahun"),
            kind="tahapan",
        ),
        Hostile(
            "stage file: 40,000 extra columns",
            "tahapan_lebar.csv",
            (stage_header.rstrip("\n") + "".join(f",x{i}" for i in range(40_000)) + "\n").encode(),
            True,
            "kolom",
            (1, None),
            kind="tahapan",
        ),
        Hostile(
            "stage file: random binary named .xlsx",
            "tahapan_acak.xlsx",
            os.urandom(50_000),
            True,
            "bukan berkas Excel",
            kind="tahapan",
        ),
    ]
