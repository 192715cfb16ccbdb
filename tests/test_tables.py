"""Tables for people: the admin's account list in Indonesian, nothing raw on screen."""

from datetime import datetime

import pandas as pd

from spm_core.tables import USER_HEADERS, users_table

ROLES = {"operator": "Operator", "admin": "Admin"}
REGIONS = {"36.02": "Kabupaten Lebak"}
SECTORS = {"PU": "Pekerjaan Umum"}


def accounts() -> pd.DataFrame:
    # as auth.list_users gives them: codes, booleans, a naive UTC time (SQLite)
    return pd.DataFrame({
        "nama": ["admin", "op_lebak"],
        "peran": ["admin", "operator"],
        "kode_wilayah": [None, "36.02"],
        "kode_bidang": [None, "PU"],
        "aktif": [True, False],
        "wajib_ganti_sandi": [False, True],
        "dibuat_pada": [datetime(2026, 3, 12, 2, 5), datetime(2026, 3, 12, 20, 30)],
    })


def test_the_account_list_has_indonesian_headers_and_no_raw_column_names():
    table = users_table(accounts(), ROLES, REGIONS, SECTORS)
    assert list(table.columns) == USER_HEADERS
    assert "dibuat_pada" not in table.columns and "wajib_ganti_sandi" not in table.columns


def test_an_account_without_region_or_sector_shows_a_dash_not_none():
    table = users_table(accounts(), ROLES, REGIONS, SECTORS)
    assert table.loc[0, ["Peran", "Wilayah", "Bidang", "Aktif", "Wajib ganti kata sandi"]].tolist() == [
        "Admin", "–", "–", "ya", "tidak"]
    assert table.loc[1, ["Peran", "Wilayah", "Bidang", "Aktif", "Wajib ganti kata sandi"]].tolist() == [
        "Operator", "Kabupaten Lebak", "Pekerjaan Umum", "tidak", "ya"]
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()


def test_the_creation_time_is_shown_in_wib():
    table = users_table(accounts(), ROLES, REGIONS, SECTORS)
    # 02:05 UTC + 7 h = 09:05 WIB; 20:30 UTC + 7 h = 03:30 WIB on the next day
    assert table["Dibuat (WIB)"].tolist() == ["12-03-2026 09:05 WIB", "13-03-2026 03:30 WIB"]
