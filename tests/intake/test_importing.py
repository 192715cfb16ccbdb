"""Importing end to end, as the page and the command line do it: file → checks → version →
approval → the data the dashboard scores. A refused file changes nothing in the database."""

import io
import zipfile

import pytest

from spm_core.auth import User
from spm_core.intake.importing import check_import, commit_import
from spm_core.scoring import score_all
from spm_core.store import current_data
from spm_core.store.backup import content_checksum
from spm_core.store.versions import decide

HEADER = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
BIRO = User("biro", "verifikator")
LEBAK = User("op-lebak", "operator", kode_wilayah="36.02")


def csv(*lines) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def lebak_2025(data):
    """Lebak's annual 2025 region score, rounded, from the stored data."""
    rows = score_all(data, *_context()).wilayah
    row = rows[(rows["tahun"] == 2025) & (rows["triwulan"] == 0) & (rows["kode_wilayah"] == "36.02")]
    return float(row["nilai_bulat"].iloc[0])


_CONTEXT = {}


def _context():
    return _CONTEXT["catalog"], _CONTEXT["rules"]


@pytest.fixture(autouse=True)
def _remember(catalog, rules):
    _CONTEXT.update(catalog=catalog, rules=rules)


@pytest.fixture
def simulated_store(simulated_store):
    """The simulated database with the accounts of BIRO and LEBAK (every write checks its account)."""
    from account_helpers import ensure_accounts

    ensure_accounts(simulated_store, BIRO, LEBAK)
    return simulated_store


def test_a_good_operator_file_goes_through_approval_into_the_scores(simulated_store, catalog, rules):
    before = lebak_2025(current_data(simulated_store).data)
    # Lebak sends PAUD for 2025 with everyone served and full quality: 0.8 × 100 + 0.2 × 100 = 100
    content = csv("2025,,36.02,KK-PEND-01,5000,5000,10,10")
    check = check_import(simulated_store, catalog, rules, content, "lebak_2025.csv", LEBAK)
    assert check.ok and check.changes.summary == {"baru": 0, "berubah": 1, "sama": 0}
    assert check.score_changes["kode_wilayah"].tolist() == ["36.02"]
    record = commit_import(simulated_store, check, LEBAK, catalog)
    assert record["status"] == "menunggu"
    assert lebak_2025(current_data(simulated_store).data) == before  # not counted before approval
    decide(simulated_store, record["id"], BIRO, approve=True, note="cocok dengan laporan")
    after = lebak_2025(current_data(simulated_store).data)
    assert after > before
    assert after == check.score_changes["nilai_bulat_baru"].iloc[0]


def test_an_operator_is_refused_outside_its_own_region_and_nothing_changes(simulated_store, catalog, rules):
    before = content_checksum(simulated_store)
    check = check_import(simulated_store, catalog, rules, csv("2025,,36.01,KK-PEND-01,10,5,1,1"), "x.csv", LEBAK)
    assert not check.ok
    assert [(p.baris, p.kolom) for p in check.errors] == [(2, "kode_wilayah")]
    with pytest.raises(ValueError):
        commit_import(simulated_store, check, LEBAK, catalog)
    assert content_checksum(simulated_store) == before


def _xlsx_with(member: str, payload: bytes) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "data"
    book.active.append(HEADER.strip().split(","))
    book.active.append([2025, None, "36.02", "KK-PEND-01", 10, 5, 1, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(member, payload)
    return out.getvalue()


def _formula_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "data"
    book.active.append(HEADER.strip().split(","))
    book.active.append([2025, None, "36.02", "KK-PEND-01", 10, "=2+3", 1, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _merged_header_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(HEADER.strip().split(","))
    sheet.append([2025, None, "36.02", "KK-PEND-01", 10, 5, 1, 1])
    sheet.merge_cells("E1:F1")  # "harus_dilayani" and "terlayani" under one merged heading
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _empty_sheet_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "data"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("data.exe", b"MZ\x90\x00"),
        ("data.csv", b"PK\x03\x04not really a csv"),
        ("data.xlsx", b"%PDF-1.7 not a workbook"),
        ("macro.xlsx", "macros"),
        ("links.xlsx", "external"),
        ("formula.xlsx", "formula"),
        ("merged.xlsx", "merged"),
        ("kosong.xlsx", "empty sheet"),
        ("bomb.xlsx", "bomb"),
        ("big.csv", "big"),
        ("empty.csv", b""),
        ("script.csv", csv("2025,,<script>alert(1)</script>,KK-PEND-01,10,5,1,1")),
    ],
)
def test_hostile_and_broken_files_are_refused_and_change_nothing(simulated_store, catalog, rules, name, content):
    builders = {
        "macros": lambda: _xlsx_with("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro"),
        "external": lambda: _xlsx_with("xl/externalLinks/externalLink1.xml", b"<externalLink/>"),
        "formula": _formula_xlsx,
        "merged": _merged_header_xlsx,
        "empty sheet": _empty_sheet_xlsx,
        "bomb": _zip_bomb,
        "big": lambda: HEADER.encode() + b"2025,,36.02,KK-PEND-01,10,5,1,1\n" * 1_700_000,  # ~54 MB
    }
    content = builders[content]() if isinstance(content, str) else content
    before = content_checksum(simulated_store)
    check = check_import(simulated_store, catalog, rules, content, name, BIRO)
    assert not check.ok
    assert check.errors and all(p.pesan for p in check.errors)
    assert content_checksum(simulated_store) == before
