"""Every table download, built as the browser would get it (the button's callable), opened the
way a person opens it: the CSV with Indonesian conventions (';' between fields, decimal comma),
the .xlsx with openpyxl. Headers as on screen (no snake_case), numbers as numbers with formats,
file names with the period written by period_file_part (never "_0")."""

import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from apptest_helpers import VERIFIER, open_page
from spm_core.report.export import (
    people_csv_bytes,
    people_excel_bytes,
    people_table,
    to_csv_bytes,
)
from ui import downloads

PAGES = {  # page → (session state, user)
    "ringkasan": ({}, None),
    "peta": ({}, None),
    "tren": ({"bidang": "PU"}, None),
    "perbandingan": ({}, None),
    "peringkat": ({}, None),
    "profil": ({}, None),
    "kesenjangan": ({}, None),
    "tahapan": ({}, VERIFIER),
    "riwayat": ({}, None),
}
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
FORMATS = {"#,##0", "0.00", "0"}


def offered_files(monkeypatch, page: str) -> dict[str, tuple]:
    """file name → (build, args) of every download the page offers."""
    files = {}
    original = downloads.file_button

    def record(label, build, *args, file_name, **options):
        files[file_name] = (build, args)
        return original(label, build, *args, file_name=file_name, **options)

    monkeypatch.setattr(downloads, "file_button", record)
    state, user = PAGES[page]
    open_page(page, session_state=state, user=user)
    return files


@pytest.mark.parametrize("page", list(PAGES))
def test_each_table_is_offered_as_excel_and_csv_for_indonesian_excel(monkeypatch, page):
    files = offered_files(monkeypatch, page)
    people = {
        name: (build, args) for name, (build, args) in files.items() if build in (people_csv_bytes, people_excel_bytes)
    }
    assert people, files
    stems = {name.rsplit(".", 1)[0] for name in people}
    for stem in stems:  # every table: both files
        assert {f"{stem}.xlsx", f"{stem}.csv"} <= set(people), stem
        assert not re.search(r"_0$", stem), stem  # period_file_part: "2025", "2025_tw1"
    for name, (build, args) in people.items():
        data = build(*args)
        if name.endswith(".csv"):
            check_indonesian_csv(name, data, args[0])
        else:
            check_xlsx(name, data)


def check_indonesian_csv(name: str, data: bytes, frame: pd.DataFrame) -> None:
    assert data.startswith(b"\xef\xbb\xbf"), name
    text = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    numbers = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    shown = people_table(frame)  # what the file should hold
    assert list(text.columns) == list(shown.columns), name  # the columns split on ";"
    assert not [c for c in text.columns if SNAKE.match(str(c))], (name, list(text.columns))
    for column in shown.columns:
        if pd.api.types.is_numeric_dtype(shown[column]):
            # a number as Indonesian Excel reads it: "72524", "62,46" (never "72524.0", "62.459664")
            values = text[column][text[column] != ""]
            assert values.str.fullmatch(r"-?\d+(,\d\d)?").all(), (name, column, values.head().tolist())
            assert pd.api.types.is_numeric_dtype(numbers[column]) or values.empty, (name, column)


def check_xlsx(name: str, data: bytes) -> None:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    assert not [h for h in header if SNAKE.match(str(h))], (name, header)
    for row in rows[1:50]:
        for title, cell in zip(header, row):
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                assert cell.number_format in FORMATS, (name, title, cell.number_format)
                if cell.number_format == "#,##0":
                    assert float(cell.value).is_integer(), (name, title, cell.value)  # people and rupiah whole
                if cell.number_format == "0.00":
                    assert round(cell.value, 2) == cell.value, (name, title, cell.value)  # 2 decimals


def test_the_gap_table_files_hold_whole_people_and_rupiah_and_two_decimal_scores(monkeypatch):
    files = offered_files(monkeypatch, "kesenjangan")
    build, args = files["kesenjangan_2025.csv"]
    table = pd.read_csv(io.BytesIO(build(*args)), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(table.columns[:6]) == ["Periode", "Kode", "Wilayah", "Kode bidang", "Bidang", "Kode layanan"]
    assert set(table["Periode"]) == {2025}  # the annual period is written "2025"
    assert pd.api.types.is_integer_dtype(table["Harus dilayani"])
    assert pd.api.types.is_integer_dtype(table["Belum terlayani"])
    assert pd.api.types.is_float_dtype(table["Nilai"])
    assert (table["Nilai"].dropna() == table["Nilai"].dropna().round(2)).all()
    sheet = load_workbook(io.BytesIO(files["kesenjangan_2025.xlsx"][0](*files["kesenjangan_2025.xlsx"][1])))
    header = [c.value for c in next(sheet.worksheets[0].iter_rows(max_row=1))]
    assert {"Belum terlayani", "Kebutuhan anggaran", "% penerima", "Poin hilang dari nilai bidang"} <= set(header)


def test_riwayat_also_offers_the_machine_csv_of_the_version_rows(monkeypatch):
    files = offered_files(monkeypatch, "riwayat")
    build, args = files["versi_1_mesin.csv"]
    assert build is to_csv_bytes
    assert build(*args).decode("utf-8-sig").splitlines()[0].startswith("tahun,triwulan,kode_wilayah,kode_layanan")


def test_the_problem_report_of_a_refused_upload_opens_in_indonesian_excel(monkeypatch):
    files = {}
    original = downloads.file_button

    def record(label, build, *args, file_name, **options):
        files[file_name] = (build, args)
        return original(label, build, *args, file_name=file_name, **options)

    monkeypatch.setattr(downloads, "file_button", record)
    at = open_page("impor", user=VERIFIER)
    header = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
    at.file_uploader(key="berkas_impor").upload(
        "buruk.csv", (header + "2025,,36.02,KK-PEND-01,-5,5,1,1\n").encode(), "text/csv"
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    build, args = files["masalah_buruk.csv.csv"]
    assert build is people_csv_bytes
    data = build(*args)
    check_indonesian_csv("masalah_buruk.csv.csv", data, args[0])
    table = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(table.columns) == ["Baris", "Wilayah", "Layanan", "Kolom", "Jenis", "Pesan", "Isi sel"]
    first = table.iloc[0]
    assert first["Baris"] == 2 and pd.api.types.is_integer_dtype(table["Baris"])  # header = row 1
    assert first["Kolom"] == "harus_dilayani" and "Kabupaten Lebak" in first["Wilayah"]
    build, args = files["masalah_buruk.csv.xlsx"]
    check_xlsx("masalah_buruk.csv.xlsx", build(*args))
    sheet = load_workbook(io.BytesIO(build(*args))).worksheets[0]
    assert [c.value for c in sheet[1]] == list(table.columns)
    assert sheet["A2"].value == 2 and sheet["A2"].number_format in FORMATS


def test_the_unit_cost_table_opens_in_indonesian_excel_once_a_cost_is_recorded(db, monkeypatch):
    from account_helpers import ensure_accounts
    from spm_core.auth import find_user
    from spm_core.store import open_store
    from spm_core.store.planning import set_unit_cost

    engine = open_store(db)
    ensure_accounts(engine, VERIFIER)
    set_unit_cost(engine, find_user(engine, VERIFIER.nama), "KK-PU-01", 1_250_000, "SSH Provinsi 2025 (uji)")
    files = {}
    original = downloads.file_button

    def record(label, build, *args, file_name, **options):
        files[file_name] = (build, args)
        return original(label, build, *args, file_name=file_name, **options)

    monkeypatch.setattr(downloads, "file_button", record)
    open_page("kesenjangan")
    build, args = files["biaya_satuan.csv"]
    data = build(*args)
    check_indonesian_csv("biaya_satuan.csv", data, args[0])
    table = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert table[["Kode layanan", "Biaya satuan", "Sumber"]].values.tolist() == [
        ["KK-PU-01", 1_250_000, "SSH Provinsi 2025 (uji)"]
    ]
    build, args = files["biaya_satuan.xlsx"]
    check_xlsx("biaya_satuan.xlsx", build(*args))
    sheet = load_workbook(io.BytesIO(build(*args))).worksheets[0]
    header = [c.value for c in sheet[1]]
    cost = sheet.cell(row=2, column=header.index("Biaya satuan") + 1)
    assert cost.value == 1_250_000 and cost.number_format == "#,##0"


def test_the_meeting_files_name_their_quarter_as_every_other_download(monkeypatch):
    # period_file_part(2025, 1) = "2025_tw1" (never "_t1")
    monkeypatch.setitem(PAGES, "ekspor", ({"triwulan": 1}, None))
    files = offered_files(monkeypatch, "ekspor")  # (the overview ran first: its files are listed too)
    assert {name for name in files if name.startswith("spm_")} == {
        "spm_2025_tw1.pptx",
        "spm_2025_tw1_laporan_gubernur.pdf",
        "spm_2025_tw1.xlsx",
    }
