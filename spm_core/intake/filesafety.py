"""Is an uploaded file safe to read? Checked on the raw bytes, before any parsing.

``check_upload`` returns the problems that stop a file (an empty list: hand it to
``read_table``). It looks at the name and the first bytes, and for an .xlsx at the zip
directory before anything is unpacked, then at the package's parts (macros, external links,
embedded objects, DTDs), and only then streams the sheet that ``read_table`` will read (the
sheet named ``data``, else the first) for formulas, merged cells and its size.

XML safety: openpyxl parses with the standard library's XML parser unless ``defusedxml`` is
installed, in which case it uses that automatically (``openpyxl.DEFUSEDXML``). The Python
docs still list the stdlib parser as open to "large tokens" and to entity tricks with older
expat versions, so requirements.txt pins ``defusedxml``; independently of it, this module
refuses any part that declares a DTD or an entity (Excel never writes one).

Zip sizes: the uncompressed sizes in the zip directory can be forged, but Python's
``zipfile`` never returns more bytes from a member than its declared size, so limits checked
on the directory also bound what openpyxl will unpack.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

from ..formatting import format_number
from .problems import Problem
from .reading import MAX_COLUMNS, MAX_ROWS, XLSX_SHEET, header_key

try:  # the same parser openpyxl uses
    from defusedxml.ElementTree import iterparse
except ImportError:  # pragma: no cover - requirements.txt installs defusedxml
    from xml.etree.ElementTree import iterparse

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB  # the upload itself
MAX_UNCOMPRESSED_BYTES = 200 * MB  # all parts of an .xlsx together, unpacked
MAX_SHEET_BYTES = 150 * MB  # one sheet, unpacked (200,000 rows × 13 columns as openpyxl writes them: ~120 MB)
MAX_ROW_BYTES = 1 * MB  # one <row> of the sheet (100 cells of real data are a few KB)
MAX_SHARED_STRINGS_BYTES = 32 * MB  # the workbook's list of texts, which a reader holds whole in memory
MAX_RATIO = 100  # uncompressed : compressed, for one part ...
RATIO_MIN_BYTES = 1 * MB  # ... once it unpacks to more than this (small parts compress oddly)
MAX_MEMBERS = 1000  # parts in an .xlsx (a normal workbook has 10-30)
# MAX_ROWS (200,000) and MAX_COLUMNS (100) come from reading: a row may hold at most MAX_COLUMNS cells.
MAX_LISTED = 20  # formulas / merged ranges listed one by one; the rest are counted

ALLOWED_SUFFIXES = (".csv", ".xlsx")
SAVE_AS_XLSX = "Buka berkas di Excel lalu pilih Simpan Sebagai (Save As) → Excel Workbook (.xlsx)."
_PASTE_VALUES = "salin lalu tempel sebagai nilai (Paste Special → Values)"
_REMOVE_PASSWORD = (
    "Buka di Excel, hapus kata sandinya (File → Info → Protect Workbook → Encrypt with Password, "
    "kosongkan), lalu pilih Simpan Sebagai (Save As) → Excel Workbook (.xlsx)."
)

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
# First bytes of formats people rename by mistake (or on purpose), with what the file is.
_SIGNATURES = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "berkas Office lama (.xls) atau berkas Excel yang dilindungi kata sandi"),
    (b"%PDF-", "dokumen PDF"),
    (b"MZ", "program Windows (.exe/.dll)"),
    (b"\x7fELF", "program (executable)"),
    (b"\x1f\x8b", "arsip gzip"),
    (b"7z\xbc\xaf\x27\x1c", "arsip 7-Zip"),
    (b"Rar!\x1a\x07", "arsip RAR"),
    (b"\x89PNG\r\n\x1a\n", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
]
_NESTED_ARCHIVES = (".zip", ".xlsx", ".xlsm", ".xlsb", ".docx", ".docm", ".pptx", ".jar", ".gz", ".7z", ".rar")
_MACRO_CONTENT = re.compile(rb"macroEnabled|vbaProject|ms-office\.activeX|macrosheet", re.IGNORECASE)
_DTD_MARKS = [mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be")]
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.IGNORECASE)
_EXTERNAL = re.compile(rb"""TargetMode\s*=\s*["']External["']""", re.IGNORECASE)
_HYPERLINK = re.compile(rb"""Type\s*=\s*["'][^"']*/hyperlink["']""", re.IGNORECASE)
_TARGET = re.compile(rb"""Target\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _mb(size: float) -> str:
    """Bytes as megabytes in Indonesian notation, one decimal when it is not whole:
    20 MB → "20", 1.5 MB → "1,5", 300 MB and a few bytes → "300"."""
    value = round(size / MB, 1)
    return format_number(value, 0 if value == int(value) else 1)


def upload_limit_text(limit: int = DEFAULT_MAX_BYTES) -> str:
    """The size limit as an uploader's help says it: "maks. 20 MB"."""
    return f"maks. {_mb(limit)} MB"


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def check_upload(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Problem]:
    """Problems that make an uploaded file unsafe or impossible to read; [] means safe.

    Only the name and the bytes are looked at: nothing is written to disk and nothing is
    executed. Messages are in Bahasa Indonesia and say what to do."""
    suffix = PurePosixPath(str(filename or "").replace("\\", "/")).suffix.lower()
    problems = _check_suffix(suffix)
    if problems:
        return problems
    if len(data) > max_bytes:
        return [
            Problem(
                f"Berkas terlalu besar ({_mb(len(data))} MB). Batas ukuran berkas {_mb(max_bytes)} MB. "
                "Hapus baris atau lembar yang tidak perlu, atau bagi data menjadi beberapa berkas."
            )
        ]
    if not data:
        return [Problem("Berkas kosong (0 byte). Periksa bahwa berkas yang benar yang diunggah.")]
    if suffix == ".csv":
        return _check_csv(data)
    return _check_xlsx(data)


def _check_suffix(suffix: str) -> list[Problem]:
    if suffix in ALLOWED_SUFFIXES:
        return []
    if suffix == ".xls":
        return [Problem("Format .xls (Excel 97-2003) tidak didukung. " + SAVE_AS_XLSX)]
    if suffix in (".xlsm", ".xltm", ".xlam"):
        return [Problem(f"Berkas {suffix} dapat berisi makro, dan makro tidak diperbolehkan. " + SAVE_AS_XLSX)]
    if suffix in (".xlsb", ".ods", ".xltx", ".numbers"):
        return [Problem(f"Format {suffix} tidak didukung. " + SAVE_AS_XLSX)]
    shown = suffix[:12] if suffix else "tanpa akhiran"
    return [Problem(f"Jenis berkas ({shown}) tidak didukung. Unggah berkas .xlsx (Excel) atau .csv.")]


def _signature(data: bytes) -> str | None:
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            if magic == b"MZ" and b"\x00" not in data[:256]:
                continue  # text that happens to start with "MZ"; a real program has NUL bytes here
            return what
    return None


# --- CSV ----------------------------------------------------------------------------------


def _check_csv(data: bytes) -> list[Problem]:
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return [
            Problem(
                "Berkas berakhiran .csv tetapi isinya berkas Excel/zip. Jika ini berkas Excel, "
                "ganti akhirannya menjadi .xlsx; jika bukan, simpan ulang data sebagai CSV."
            )
        ]
    what = _signature(data)
    if what:
        return [Problem(f"Berkas berakhiran .csv tetapi isinya {what}. Unggah data sebagai CSV atau .xlsx.")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [
            Problem(
                'Berkas CSV tersimpan dalam format UTF-16 ("Unicode Text"). '
                'Simpan ulang sebagai "CSV UTF-8 (Comma delimited)".'
            )
        ]
    head = data[: 64 * 1024]
    if b"\x00" in data:
        return [
            Problem(
                "Berkas berakhiran .csv tetapi berisi data biner (byte NUL), bukan teks. "
                'Simpan ulang data sebagai "CSV UTF-8 (Comma delimited)" atau unggah .xlsx.'
            )
        ]
    control = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
    if control > len(head) * 0.01:
        return [
            Problem(
                "Berkas berakhiran .csv tetapi isinya bukan teks. "
                'Simpan ulang data sebagai "CSV UTF-8 (Comma delimited)" atau unggah .xlsx.'
            )
        ]
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return [
            Problem(
                "Berkas berakhiran .csv tetapi isinya halaman web/XML. "
                "Buka di Excel lalu simpan sebagai .xlsx atau CSV."
            )
        ]
    lines = [line for line in head.splitlines() if line.strip(b" \t,;\xef\xbb\xbf")]
    if not lines:
        return [Problem("Berkas kosong: tidak ada baris judul kolom maupun data.")]
    if len(lines) == 1 and len(head) == len(data):
        return [Problem("Berkas hanya berisi baris judul kolom; tidak ada baris data di bawahnya.", 2)]
    return []


# --- XLSX ---------------------------------------------------------------------------------


def _check_xlsx(data: bytes) -> list[Problem]:
    if not data.startswith(ZIP_MAGIC):
        what = _signature(data)
        if what and what.startswith("berkas Office lama"):
            return [Problem("Berkas ini berformat Excel lama (.xls) atau dilindungi kata sandi. " + _REMOVE_PASSWORD)]
        found = f"isinya {what}" if what else "isinya bukan berkas Excel"
        return [Problem(f"Berkas berakhiran .xlsx tetapi {found}. " + SAVE_AS_XLSX)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return [Problem("Berkas Excel rusak (struktur zip tidak dapat dibaca). " + SAVE_AS_XLSX)]
    with archive:
        problems = _check_zip_directory(archive)
        if problems:
            return problems
        try:
            problems = _check_parts(archive)
            if problems:
                return problems
            return _check_sheet(data, archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
            return [Problem("Berkas Excel rusak (isi zip tidak dapat dibaca). " + SAVE_AS_XLSX)]


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts


def _check_zip_directory(archive: zipfile.ZipFile) -> list[Problem]:
    """Zip-bomb and path checks on the directory alone: nothing is unpacked here."""
    members = archive.infolist()
    resave = " Berkas ini bukan berkas Excel biasa. " + SAVE_AS_XLSX
    if len(members) > MAX_MEMBERS:
        return [
            Problem(
                f"Berkas Excel berisi terlalu banyak bagian ({format_number(len(members), 0)}; "
                f"batas {format_number(MAX_MEMBERS, 0)})." + resave
            )
        ]
    problems = []
    names = [m.filename for m in members]
    if len(set(names)) != len(names):
        problems.append(Problem("Berkas Excel berisi bagian dengan nama ganda." + resave))
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        problems.append(
            Problem(
                f"Isi berkas Excel terlalu besar setelah dibuka ({_mb(total)} MB; batas "
                f"{_mb(MAX_UNCOMPRESSED_BYTES)} MB). Bagi data menjadi beberapa berkas."
            )
        )
    for m in members:
        if m.filename.lower() == "xl/sharedstrings.xml" and m.file_size > MAX_SHARED_STRINGS_BYTES:
            problems.append(
                Problem(
                    f"Daftar teks berkas Excel (sharedStrings) terlalu besar setelah dibuka "
                    f"({_mb(m.file_size)} MB; batas {_mb(MAX_SHARED_STRINGS_BYTES)} MB). Berkas data SPM "
                    "berisi sedikit teks yang berulang; salin tabel data saja ke buku kerja baru lalu "
                    "simpan ulang."
                )
            )
        if m.filename.startswith("xl/worksheets/") and m.file_size > MAX_SHEET_BYTES:
            problems.append(
                Problem(
                    f"Lembar {m.filename[:80]} terlalu besar setelah dibuka ({_mb(m.file_size)} MB; "
                    f"batas {_mb(MAX_SHEET_BYTES)} MB per lembar). Hapus lembar yang tidak perlu "
                    "atau bagi data menjadi beberapa berkas."
                )
            )
    for m in members:
        if _unsafe_name(m.filename):
            problems.append(
                Problem(f"Berkas Excel berisi bagian dengan lokasi tidak aman ({m.filename[:80]})." + resave)
            )
        elif m.flag_bits & 0x1:
            problems.append(Problem("Berkas Excel berisi bagian terenkripsi. " + _REMOVE_PASSWORD))
        elif m.file_size > RATIO_MIN_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            problems.append(
                Problem(
                    f"Berkas Excel tidak wajar: bagian {m.filename[:80]} mengembang lebih dari "
                    f"{MAX_RATIO} kali saat dibuka (kemungkinan 'zip bomb'). Berkas ditolak." + resave
                )
            )
        elif m.filename.lower().endswith(_NESTED_ARCHIVES) and not m.filename.startswith("xl/embeddings/"):
            problems.append(Problem(f"Berkas Excel berisi arsip lain di dalamnya ({m.filename[:80]})." + resave))
    return problems


def _read_part(archive: zipfile.ZipFile, name: str, limit: int = -1) -> bytes:
    """A part, or its first ``limit`` bytes (sizes are bounded by the directory checks)."""
    with archive.open(name) as part:
        return part.read(limit)


def _contains_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Stream the part and look for a DTD or entity declaration, in UTF-8 or UTF-16."""
    overlap = max(len(m) for m in _DTD_MARKS)
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(MB):
            window = tail + chunk
            if any(mark in window for mark in _DTD_MARKS):
                return True
            tail = window[-overlap:]
    return False


def _check_parts(archive: zipfile.ZipFile) -> list[Problem]:
    """Macros, external links, embedded objects and DTDs, from the names and small XML parts."""
    members = archive.infolist()
    names = [m.filename for m in members]
    lower = [n.lower() for n in names]
    if "[content_types].xml" not in lower or not any(n.startswith("xl/") for n in lower):
        return [Problem("Berkas berakhiran .xlsx tetapi isinya bukan buku kerja Excel. " + SAVE_AS_XLSX)]
    problems = []
    content_types = _read_part(archive, names[lower.index("[content_types].xml")])
    if any(
        n.endswith("vbaproject.bin") or n.startswith(("xl/macrosheets/", "xl/activex/")) for n in lower
    ) or _MACRO_CONTENT.search(content_types):
        problems.append(
            Problem(
                "Berkas Excel berisi makro (VBA/Excel 4.0) atau kontrol ActiveX, dan makro tidak "
                "diperbolehkan. " + SAVE_AS_XLSX + " Jika Excel bertanya, pilih menyimpan tanpa makro."
            )
        )
    if any(n.startswith("xl/externallinks/") for n in lower):
        problems.append(
            Problem(
                "Berkas Excel berisi tautan ke buku kerja lain (External Links). Putuskan tautannya "
                "(Data → Edit Links → Break Link) lalu simpan ulang."
            )
        )
    if any(n == "xl/connections.xml" or n.startswith("xl/querytables/") for n in lower):
        problems.append(
            Problem(
                "Berkas Excel berisi koneksi data ke sumber luar (Data → Queries & Connections). "
                "Hapus koneksinya, atau salin tabel data ke buku kerja baru sebagai nilai."
            )
        )
    if any(n.startswith("xl/embeddings/") for n in lower):
        problems.append(
            Problem(
                "Berkas Excel berisi objek tersemat (dokumen/berkas lain di dalam lembar). "
                "Hapus objek tersebut, atau salin tabel data ke buku kerja baru, lalu simpan ulang."
            )
        )
    for info, name in zip(members, lower):
        if name.endswith(".rels"):
            for relationship in _RELATIONSHIP.findall(_read_part(archive, info.filename)):
                # A hyperlink in a cell is an external target too, but opening it is the reader's choice.
                if _EXTERNAL.search(relationship) and not _HYPERLINK.search(relationship):
                    target = _TARGET.search(relationship)
                    shown = target.group(1).decode("utf-8", "replace")[:80] if target else "?"
                    problems.append(
                        Problem(
                            f"Berkas Excel merujuk ke sumber di luar berkas ({shown}). Hapus tautan/"
                            "rujukan luar tersebut, atau salin tabel data ke buku kerja baru."
                        )
                    )
                    break
        if name.endswith((".xml", ".rels", ".vml")):
            if _contains_dtd(archive, info):
                problems.append(
                    Problem(
                        f"Berkas Excel berisi deklarasi XML yang tidak diizinkan (DTD/ENTITY) di "
                        f"{info.filename[:80]}. Berkas ditolak. " + SAVE_AS_XLSX
                    )
                )
        elif (
            not name.startswith("xl/embeddings/")
            and not info.is_dir()
            and _read_part(archive, info.filename, 4) in (ZIP_MAGIC, EMPTY_ZIP_MAGIC)
        ):
            problems.append(
                Problem(
                    f"Berkas Excel berisi arsip lain di dalamnya ({info.filename[:80]}). "
                    "Berkas ini bukan berkas Excel biasa. " + SAVE_AS_XLSX
                )
            )
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if p.pesan not in seen:
            seen.add(p.pesan)
            out.append(p)
    return out


def _check_sheet(data: bytes, archive: zipfile.ZipFile) -> list[Problem]:
    """The sheet ``read_table`` reads: its size, formulas, merged cells, and that it has data."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds (KeyError, ValueError, XML errors, ...)
        name = type(exc).__name__
        if "Forbidden" in name or "DTD" in name or "Entities" in name:
            return [Problem("Berkas Excel berisi deklarasi XML yang tidak diizinkan. Berkas ditolak. " + SAVE_AS_XLSX)]
        return [Problem("Berkas Excel tidak dapat dibuka. " + SAVE_AS_XLSX)]
    try:
        if not book.sheetnames:
            return [Problem("Berkas Excel tidak memiliki lembar kerja.")]
        sheet = book[XLSX_SHEET] if XLSX_SHEET in book.sheetnames else book[book.sheetnames[0]]
        title = sheet.title
        path = getattr(sheet, "_worksheet_path", None)
        if path is None:  # a chartsheet first, or an openpyxl without this attribute
            return [Problem(f"Lembar '{title}' bukan lembar data. Beri nama lembar data '{XLSX_SHEET}'.")]
        problems = _check_dimension(sheet.max_row, sheet.max_column, title)
        if problems:
            return problems
        scan = _scan_sheet_quick(archive, path.lstrip("/"))
        if scan.needs_full_scan:
            scan = _scan_sheet(archive, path.lstrip("/"))
        problems = _shape_problems(scan, title)  # before openpyxl holds any row in memory
        if problems:
            return problems
        sheet.reset_dimensions()  # the <dimension> may understate the sheet: look at every row
        header = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        headers = {i: header_key(v) for i, v in enumerate(header, start=1) if _filled(v)}
        problems = _sheet_problems(scan, headers, title)
        if problems:
            return problems
        if not headers:
            has_data = any(
                any(_filled(v) for v in row)
                for row in sheet.iter_rows(min_row=2, max_col=MAX_COLUMNS, values_only=True)
            )
            if not has_data:
                return [Problem(f"Lembar '{title}' kosong. Isi judul kolom di baris 1 dan data mulai baris 2.")]
            return [Problem(f"Baris 1 lembar '{title}' harus berisi judul kolom (tahun, kode_wilayah, ...).", 1)]
        rows = sheet.iter_rows(min_row=2, max_col=MAX_COLUMNS, values_only=True)
        if not any(any(_filled(v) for v in row) for row in rows):  # stops at the first row with data
            return [Problem(f"Lembar '{title}' hanya berisi judul kolom; tidak ada baris data di bawahnya.", 2)]
        return []
    except Exception:  # noqa: BLE001 - any failure to read the sheet means a broken file
        return [Problem("Lembar data rusak dan tidak dapat dibaca. " + SAVE_AS_XLSX)]
    finally:
        book.close()


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def _check_dimension(max_row: int | None, max_column: int | None, title: str) -> list[Problem]:
    if (max_row or 0) > MAX_ROWS or (max_column or 0) > MAX_COLUMNS:
        size = f"{format_number(max_row or 0, 0)} baris × {format_number(max_column or 0, 0)} kolom"
        return [
            Problem(
                f"Lembar '{title}' terlalu besar ({size}; batas {format_number(MAX_ROWS, 0)} baris dan "
                f"{MAX_COLUMNS} kolom). Hapus baris dan kolom kosong di bawah dan di kanan tabel "
                "(pilih, klik kanan → Delete), lalu simpan ulang, atau bagi data menjadi beberapa berkas."
            )
        ]
    return []


class _Scan:
    def __init__(self):
        self.formulas: list[tuple[int, int, str]] = []  # (row, column, formula) of the first MAX_LISTED
        self.formula_count = 0
        self.merged: list[str] = []
        self.max_row = 0
        self.max_column = 0
        self.rows = 0  # <row> elements seen
        self.wide_row: int | None = None  # a row with more than MAX_COLUMNS cells (the scan stops there)
        self.big_row: int | None = None  # a row of more than MAX_ROW_BYTES of XML
        self.disordered_row: int | None = None  # a row number not above the one before
        self.needs_full_scan = False
        self._row_number = 0  # the quick scan's row in progress (it may span pieces of the sheet)
        self._row_cells = 0
        self._row_bytes = 0

    @property
    def stopped(self) -> bool:
        return (
            self.wide_row is not None
            or self.big_row is not None
            or self.disordered_row is not None
            or self.max_row > MAX_ROWS
            or self.max_column > MAX_COLUMNS
            or self.rows > MAX_ROWS
        )


def _shape_problems(scan: _Scan, title: str) -> list[Problem]:
    """Rows and cells beyond what reading may hold: refused before any row is parsed."""
    resave = (
        "Berkas ini tidak wajar. Salin tabel data (judul kolom dan baris data saja) ke buku kerja baru, "
        "lalu simpan sebagai .xlsx."
    )
    if scan.wide_row is not None:
        return [
            Problem(
                f"Baris {scan.wide_row} lembar '{title}' berisi lebih dari {MAX_COLUMNS} sel (batas "
                f"{MAX_COLUMNS} kolom). " + resave,
                scan.wide_row,
            )
        ]
    if scan.big_row is not None:
        return [
            Problem(
                f"Baris {scan.big_row} lembar '{title}' terlalu besar (lebih dari {_mb(MAX_ROW_BYTES)} MB). " + resave,
                scan.big_row,
            )
        ]
    if scan.disordered_row is not None:
        return [
            Problem(
                f"Lembar '{title}' rusak: baris {scan.disordered_row} muncul lagi atau tidak "
                "berurutan (urutan baris tidak wajar). " + resave,
                scan.disordered_row,
            )
        ]
    if scan.rows > MAX_ROWS:
        return _check_dimension(scan.rows, scan.max_column, title)
    return _check_dimension(scan.max_row, scan.max_column, title)


# The quick scan reads sheets whose elements carry no namespace prefix (as Excel and openpyxl
# write them); the patterns start with a literal so the regex engine can skip ahead fast.
_ROOT = re.compile(rb"<worksheet[\s>]")
_FORMULA_TAG = re.compile(rb"<f[\s/>]")
_ROW_TAG = re.compile(rb"<row[\s/>]")
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_CELL_TAG = re.compile(rb"<c[\s/>]")
_CELL_REF_FIRST = re.compile(rb'<c r="')
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,})\d')  # columns AA and beyond: only max_column > 26 matters
_CELL_START = b'<c r="'
_MERGE = re.compile(rb'<mergeCell\b[^>]*?\sref="([^"]*)"')


def _scan_sheet_quick(archive: zipfile.ZipFile, path: str) -> _Scan:
    """Regular expressions over the streamed sheet XML: fast, and enough for a sheet without
    formulas whose rows and cells carry their address first (as Excel and openpyxl write them).
    Anything else asks for the exact scan."""
    scan = _Scan()
    tail = b""
    first = True
    with archive.open(path) as source:
        while True:
            chunk = source.read(MB)
            text = tail + chunk
            cut = text.rfind(b">") + 1 if chunk else len(text)  # never split a tag between chunks
            text, tail = text[:cut], text[cut:]
            if first and not _ROOT.search(text):
                scan.needs_full_scan = True  # prefixed element names, or no worksheet at the start
                return scan
            first = False
            if (
                len(tail) > MB
                or _FORMULA_TAG.search(text)
                or len(_CELL_TAG.findall(text)) != len(_CELL_REF_FIRST.findall(text))
            ):
                scan.needs_full_scan = True
                return scan
            numbers = [int(n) for n in _ROW_NUMBER.findall(text)]
            if len(numbers) != len(_ROW_TAG.findall(text)):
                scan.needs_full_scan = True  # a row without its number first
                return scan
            _count_row_cells(scan, text, numbers)
            if scan.stopped:
                return scan
            wide = [_column_number(m.decode()) for m in _WIDE_CELL.findall(text)]
            scan.max_row = max([scan.max_row, *numbers])
            scan.max_column = max([scan.max_column, *wide])
            scan.merged += [m.decode("utf-8", "replace") for m in _MERGE.findall(text)]
            if scan.stopped or not chunk:
                return scan


def _count_row_cells(scan: _Scan, text: bytes, numbers: list[int]) -> None:
    """Cells and bytes of each row in this piece of the sheet (a row may go on from the piece
    before), and that row numbers only go up. Only byte counts: no cell is parsed."""
    pieces = _ROW_TAG.split(text)
    # pieces[0] continues the row open before this piece (if any); each further piece opens a row
    scan._row_cells += pieces[0].count(_CELL_START)
    scan._row_bytes += len(pieces[0])
    last = scan._row_number
    for number, piece in zip(numbers, pieces[1:]):
        if number <= last:
            scan.disordered_row = number
            return
        last = number
        scan.rows += 1
        scan._row_cells = piece.count(_CELL_START)
        scan._row_bytes = len(piece)
        scan._row_number = number
        _judge_row(scan)
        if scan.stopped:
            return
    _judge_row(scan)


def _judge_row(scan: _Scan) -> None:
    if scan._row_number == 0:
        return  # before the first row
    if scan._row_cells > MAX_COLUMNS:
        scan.wide_row = scan._row_number
    elif scan._row_bytes > MAX_ROW_BYTES:
        scan.big_row = scan._row_number


def _scan_sheet(archive: zipfile.ZipFile, path: str) -> _Scan:
    """Parse the sheet XML element by element (slower, exact); stop once past the limits."""
    scan = _Scan()
    row_number = 0
    with archive.open(path) as source:
        sheet_data = None
        column = cells = 0
        for event, elem in iterparse(source, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == _NS + "sheetData":
                    sheet_data = elem
                elif tag == _NS + "row":
                    r = elem.get("r")
                    number = int(r) if r and r.isdigit() and len(r) < 10 else row_number + 1
                    if number <= row_number:
                        scan.disordered_row = number
                        break
                    row_number = number
                    scan.rows += 1
                    column = cells = 0
                continue
            if tag == _NS + "c":
                match = _CELL_REF.fullmatch(elem.get("r") or "")
                column = _column_number(match.group(1)) if match else column + 1
                scan.max_column = max(scan.max_column, column)
                cells += 1
                if cells > MAX_COLUMNS:
                    scan.wide_row = row_number
                    break
                formula = elem.find(_NS + "f")
                if formula is not None:
                    scan.formula_count += 1
                    if len(scan.formulas) < MAX_LISTED:
                        scan.formulas.append((row_number, column, formula.text or ""))
                elem.clear()  # the cell is done with; its row keeps only an empty element
            elif tag == _NS + "row":
                scan.max_row = max(scan.max_row, row_number)
                if sheet_data is not None:
                    sheet_data.clear()  # rows are done with: keep memory flat
                if scan.stopped:
                    break
            elif tag == _NS + "mergeCell":
                scan.merged.append(elem.get("ref") or "")
    return scan


def _sheet_problems(scan: _Scan, headers: dict[int, str], title: str) -> list[Problem]:
    problems = _check_dimension(scan.max_row, scan.max_column, title)
    if problems:
        return problems
    for ref in scan.merged[:MAX_LISTED]:
        rows = [int(n) for n in re.findall(r"\d+", ref)]
        if rows and min(rows) == 1:
            problems.append(
                Problem(
                    f"Baris judul (baris 1) berisi sel gabungan ({ref}). Pisahkan sel gabungan "
                    "(Merge & Center → Unmerge Cells) dan tulis satu nama kolom di setiap sel.",
                    1,
                    None,
                    ref,
                )
            )
        else:
            problems.append(
                Problem(
                    f"Sel gabungan {ref}: hanya sel pertama yang berisi nilai. Pisahkan sel "
                    "gabungan (Unmerge Cells) dan isi setiap sel.",
                    min(rows) if rows else None,
                    None,
                    ref,
                )
            )
    if len(scan.merged) > MAX_LISTED:
        problems.append(
            Problem(
                f"Seluruhnya {format_number(len(scan.merged), 0)} sel gabungan; "
                f"{MAX_LISTED} yang pertama ditampilkan. Pisahkan semuanya."
            )
        )
    for row, column, formula in scan.formulas:
        address = f"{_column_letters(column)}{row}"
        problems.append(
            Problem(
                f"Sel {address} berisi rumus; {_PASTE_VALUES}.",
                row,
                headers.get(column, _column_letters(column)),
                "=" + formula[:100],
            )
        )
    if scan.formula_count > len(scan.formulas):
        problems.append(
            Problem(
                f"Seluruhnya {format_number(scan.formula_count, 0)} sel berisi rumus; "
                f"{len(scan.formulas)} yang pertama ditampilkan. Pilih seluruh lembar lalu "
                f"{_PASTE_VALUES}."
            )
        )
    return problems
