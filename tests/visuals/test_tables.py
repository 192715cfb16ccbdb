"""Tables for people: Indonesian headers, the overview's order, numbers as text on the screen, the admin's
account list with nothing raw."""

from datetime import datetime

import pandas as pd

from spm_core.visuals.tables import USER_HEADERS, gap_screen_table, summary_table, users_table

ROLES = {"operator": "Operator", "admin": "Admin"}
REGIONS = {"36.02": "Kabupaten Lebak"}
SECTORS = {"PU": "Pekerjaan Umum"}


def accounts() -> pd.DataFrame:
    # as auth.list_users gives them: codes, booleans, a naive UTC time (SQLite)
    return pd.DataFrame(
        {
            "nama": ["admin", "op_lebak"],
            "peran": ["admin", "operator"],
            "kode_wilayah": [None, "36.02"],
            "kode_bidang": [None, "PU"],
            "aktif": [True, False],
            "wajib_ganti_sandi": [False, True],
            "dibuat_pada": [datetime(2026, 3, 12, 2, 5), datetime(2026, 3, 12, 20, 30)],
        }
    )


def test_the_account_list_has_indonesian_headers_and_no_raw_column_names():
    table = users_table(accounts(), ROLES, REGIONS, SECTORS)
    assert list(table.columns) == USER_HEADERS
    assert "dibuat_pada" not in table.columns and "wajib_ganti_sandi" not in table.columns


def test_an_account_without_region_or_sector_shows_a_dash_not_none():
    table = users_table(accounts(), ROLES, REGIONS, SECTORS)
    assert table.loc[0, ["Peran", "Wilayah", "Bidang", "Aktif", "Wajib ganti kata sandi"]].tolist() == [
        "Admin",
        "–",
        "–",
        "ya",
        "tidak",
    ]
    assert table.loc[1, ["Peran", "Wilayah", "Bidang", "Aktif", "Wajib ganti kata sandi"]].tolist() == [
        "Operator",
        "Kabupaten Lebak",
        "Pekerjaan Umum",
        "tidak",
        "ya",
    ]
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()


def test_the_creation_time_is_shown_in_wib():
    table = users_table(accounts(), ROLES, REGIONS, SECTORS)
    # 02:05 UTC + 7 h = 09:05 WIB; 20:30 UTC + 7 h = 03:30 WIB on the next day
    assert table["Dibuat (WIB)"].tolist() == ["12-03-2026 09:05 WIB", "13-03-2026 03:30 WIB"]


def test_the_summary_puts_the_province_first_then_kabkota_by_rank_and_unscored_last():
    summary = pd.DataFrame(
        {
            "tingkat": ["kabkota", "kabkota", "provinsi", "kabkota"],
            "peringkat": [2, None, None, 1],
            "kode_wilayah": ["36.01", "36.02", "36", "36.03"],
            "nama_wilayah": ["Kabupaten Pandeglang", "Kabupaten Lebak", "Provinsi Banten", "Kabupaten Tangerang"],
            "nilai_bulat": [70.0, None, 90.0, 80.0],
            "kategori": ["Tuntas Pratama", None, "Tuntas Utama", "Tuntas Madya"],
            "nilai_sebelumnya": [None] * 4,
            "perubahan": [None] * 4,
            "keterisian": [99.96, 50.0, 100.0, 12.34],
        }
    )
    table = summary_table(summary)
    assert list(table["Kode"]) == ["36", "36.03", "36.01", "36.02"]
    assert list(table.columns[:5]) == ["Peringkat", "Kode", "Wilayah", "Nilai", "Kategori"]
    assert list(table["Keterisian (%)"]) == [100.0, 12.3, 100.0, 50.0]  # to one decimal: 99.96 → 100.0
    assert "Sesuai jalur" not in table  # a year: nothing judged on track


def test_the_gap_table_shows_numbers_as_indonesian_text_a_dash_for_no_name_and_an_unknown_cost_as_such():
    frame = pd.DataFrame(
        {
            "nama_wilayah": ["Kabupaten Lebak", None],
            "belum_terlayani": [1234567, 0],
            "biaya_satuan": [2500000.0, float("nan")],
        }
    )
    table = gap_screen_table(frame, ["nama_wilayah", "belum_terlayani", "biaya_satuan"])
    assert table.to_dict("list") == {
        "Wilayah": ["Kabupaten Lebak", "–"],
        "Belum terlayani": ["1.234.567", "0"],
        "Biaya satuan": ["Rp2.500.000", "tidak terhitung"],  # a cost not known is never Rp0 or blank
    }
