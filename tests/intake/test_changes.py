"""An operator's working day: blank rows ignored, a blank optional cell keeps the stored value and
``-`` clears it, every changed field listed old → new, scope problems first with region and service,
and a submission withdrawn or returned for correction. SQLite, and PostgreSQL when configured."""

import pandas as pd
import pytest

from account_helpers import ensure_accounts
from spm_core.auth import User
from spm_core.intake.changes import change_table, field_changes, resolve_blanks, score_change_table
from spm_core.intake.gate import check_in_process
from spm_core.intake.importing import check_import, commit_import
from spm_core.intake.validation import validate_file
from spm_core.store import versions as v
from spm_core.store.accounts import SystemActor

HEADER = (
    "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia,"
    "anggaran_alokasi,anggaran_realisasi,biaya_satuan\n"
)
BIRO = User("biro", "verifikator")
LEBAK = User("op-lebak", "operator", kode_wilayah="36.02")
KEY = [2025, 1, "36.02", "KK-PU-01"]


def csv(*lines) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


def stored(*rows, simulated=False):
    columns = [
        "tahun",
        "triwulan",
        "kode_wilayah",
        "kode_layanan",
        "harus_dilayani",
        "terlayani",
        "mutu_dibutuhkan",
        "mutu_tersedia",
        "anggaran_alokasi",
        "anggaran_realisasi",
        "biaya_satuan",
    ]
    frame = pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(columns[4:], "float64"))
    frame["simulasi"] = simulated
    return frame


# --- validation: blank rows, "-" ------------------------------------------------------------------------


def test_rows_left_completely_blank_are_ignored_with_one_summary_line(catalog):
    result = validate_file(
        csv("2025,1,36.02,KK-PU-01,100,50,,,,,", "2025,1,36.01,KK-PU-01,,,,,,,", "2025,1,36.03,KK-PU-01,,,,,,,"),
        catalog,
        "x.csv",
    )
    assert result.ok and len(result.data) == 1
    assert [p.pesan for p in result.problems] == ["2 baris tanpa isian diabaikan (baris 3–4)."]


def test_a_dash_in_an_optional_cell_is_blank_in_the_data_and_listed_as_cleared(catalog):
    result = validate_file(csv("2025,1,36.02,KK-PU-01,100,50,-,,,,-"), catalog, "x.csv")
    assert result.ok and result.problems == []
    assert pd.isna(result.data.loc[0, "mutu_dibutuhkan"]) and pd.isna(result.data.loc[0, "biaya_satuan"])
    assert sorted(map(tuple, result.cleared.itertuples(index=False))) == [(2, "biaya_satuan"), (2, "mutu_dibutuhkan")]


def test_a_dash_in_a_required_count_is_still_an_error(catalog):
    result = validate_file(csv("2025,1,36.02,KK-PU-01,-,50,,,,,"), catalog, "x.csv")
    assert not result.ok


def test_scope_problems_come_first_and_each_problem_names_region_and_service(catalog):
    # row 2: another region (scope) and no target; row 3: Lebak without a target
    checked = check_in_process(
        csv("2025,1,36.01,KK-PU-01,,50,,,,,", "2025,1,36.02,KK-PU-02,,50,,,,,"), "x.csv", catalog, user=LEBAK
    )
    first = checked.problems[0]
    assert first.pesan.startswith("Akun Anda hanya boleh mengirim data Kabupaten Lebak") and first.baris == 2
    assert (first.wilayah, first.layanan) == ("Kabupaten Pandeglang", "KK-PU-01")
    assert [(p.baris, p.wilayah, p.layanan) for p in checked.problems[1:]] == [
        (2, "Kabupaten Pandeglang", "KK-PU-01"),
        (3, "Kabupaten Lebak", "KK-PU-02"),
    ]


# --- blank keeps, "-" clears ------------------------------------------------------------------------------


def test_a_blank_optional_cell_keeps_the_stored_value_and_a_dash_clears_it():
    old = stored(KEY + [100, 50, 10, 8, 5_000_000, 4_000_000, 25_000])
    data = stored(KEY + [100, 60, None, None, None, None, None]).drop(columns="simulasi")
    data.insert(0, "baris", 2)
    cleared = pd.DataFrame([(2, "biaya_satuan")], columns=["baris", "kolom"])
    out = resolve_blanks(old, data, cleared)
    row = out.iloc[0]
    assert (row["mutu_dibutuhkan"], row["mutu_tersedia"], row["anggaran_alokasi"], row["anggaran_realisasi"]) == (
        10,
        8,
        5_000_000,
        4_000_000,
    )
    assert pd.isna(row["biaya_satuan"]) and row["terlayani"] == 60


def test_a_blank_cell_keeps_nothing_from_simulated_data():
    old = stored(KEY + [100, 50, 10, 8, 5_000_000, None, 25_000], simulated=True)
    data = stored(KEY + [100, 60, None, None, None, None, None]).drop(columns="simulasi")
    out = resolve_blanks(old, data, None)
    assert out.iloc[0][["mutu_dibutuhkan", "anggaran_alokasi", "biaya_satuan"]].isna().all()


# --- the change list --------------------------------------------------------------------------------------


def test_the_change_list_has_one_line_per_changed_field_and_marks_clearings():
    old = stored(KEY + [100, 50, 10, 8, 5_000_000, None, 25_000])
    new = stored(KEY + [100, 60, 10, 8, 5_000_000, 1_000_000, None]).drop(columns="simulasi")
    changes = field_changes(old, new)
    # terlayani 50 → 60, anggaran_realisasi – → 1.000.000, biaya_satuan 25.000 → – (a clearing)
    assert list(changes["kolom"]) == ["terlayani", "anggaran_realisasi", "biaya_satuan"]
    assert list(changes["dikosongkan"]) == [False, False, True]


def test_the_change_table_uses_the_dashboards_labels_and_number_format(catalog):
    old = stored(KEY + [1_234, 50, None, None, None, None, 25_000])
    new = stored(KEY + [1_234, 1_500, None, None, None, None, None]).drop(columns="simulasi")
    table = change_table(field_changes(old, new), catalog)
    assert table[["Wilayah", "Isian", "Lama", "Baru"]].values.tolist() == [
        ["Kabupaten Lebak (36.02)", "Terlayani", "50", "1.500"],
        ["Kabupaten Lebak (36.02)", "Biaya satuan", "Rp25.000", "–"],
    ]
    assert table["Periode"].iloc[0] == "2025 Triwulan I" or table["Periode"].iloc[0].startswith("2025")
    assert table["Layanan"].iloc[0].startswith("KK-PU-01 · ")


def test_a_new_row_lists_its_filled_fields_from_empty():
    new = stored(KEY + [100, 60, None, None, None, None, None]).drop(columns="simulasi")
    changes = field_changes(stored(), new)
    assert changes[["kolom", "baru"]].values.tolist() == [["harus_dilayani", 100.0], ["terlayani", 60.0]]
    assert changes["lama"].isna().all() and not changes["dikosongkan"].any()


# --- an import through the store: blank keeps, "-" clears, withdraw, return ---------------------------------


@pytest.fixture
def accounts(store):
    ensure_accounts(store, BIRO, LEBAK)
    v.submit(
        store,
        validate_file(csv("2025,1,36.02,KK-PU-01,100,50,10,8,5000000,,25000"), _catalog(), "a.csv").data,
        SystemActor("sistem"),
        approved=True,
    )
    return store


def _catalog():
    from spm_core.catalog import load_catalog

    return load_catalog()


def test_an_import_with_blank_optional_cells_changes_only_what_was_filled(accounts, catalog, rules):
    check = check_import(accounts, catalog, rules, csv("2025,1,36.02,KK-PU-01,100,60,,,,,"), "b.csv", LEBAK)
    assert check.ok
    assert list(check.fields["kolom"]) == ["terlayani"] and check.clearings.empty


def test_an_import_with_a_dash_lists_the_clearing(accounts, catalog, rules):
    check = check_import(accounts, catalog, rules, csv("2025,1,36.02,KK-PU-01,100,50,,,,,-"), "b.csv", LEBAK)
    assert list(check.clearings["kolom"]) == ["biaya_satuan"] and check.clearings["lama"].iloc[0] == 25_000


def test_a_pending_submission_can_be_withdrawn_and_then_never_counts(accounts, catalog, rules):
    check = check_import(accounts, catalog, rules, csv("2025,1,36.02,KK-PU-01,100,60,,,,,"), "b.csv", LEBAK)
    record = commit_import(accounts, check, LEBAK, catalog)
    withdrawn = v.withdraw(accounts, record["id"], LEBAK)
    assert withdrawn["status"] == "ditarik"
    with accounts.connect() as connection:
        table = v.history(connection)
    assert not (table["status"] == v.STATUS_PENDING).any()
    mine = v.own_submissions(table, "36.02", None)
    assert list(mine["status"]) == ["ditarik"]
    with pytest.raises(v.StoreError, match="tidak menunggu"):
        v.decide(accounts, record["id"], BIRO, approve=True)


def test_a_submission_returned_for_correction_keeps_the_note_and_can_no_longer_be_withdrawn(accounts, catalog, rules):
    check = check_import(accounts, catalog, rules, csv("2025,1,36.02,KK-PU-01,100,60,,,,,"), "b.csv", LEBAK)
    record = commit_import(accounts, check, LEBAK, catalog)
    returned = v.decide(accounts, record["id"], BIRO, approve=False, note="sasaran keliru", return_for_correction=True)
    assert (returned["status"], returned["catatan_keputusan"]) == ("dikembalikan", "sasaran keliru")
    with pytest.raises(v.StoreError, match="tidak lagi menunggu"):
        v.withdraw(accounts, record["id"], LEBAK)


def test_rejecting_or_returning_needs_a_note(accounts, catalog, rules):
    check = check_import(accounts, catalog, rules, csv("2025,1,36.02,KK-PU-01,100,60,,,,,"), "b.csv", LEBAK)
    record = commit_import(accounts, check, LEBAK, catalog)
    with pytest.raises(v.StoreError, match="catatan"):
        v.decide(accounts, record["id"], BIRO, approve=False, note=" ", return_for_correction=True)


def test_another_office_cannot_withdraw_a_submission(accounts, catalog, rules):
    serang = User("op-serang", "operator", kode_wilayah="36.04")
    ensure_accounts(accounts, serang)
    check = check_import(accounts, catalog, rules, csv("2025,1,36.02,KK-PU-01,100,60,,,,,"), "b.csv", LEBAK)
    record = commit_import(accounts, check, LEBAK, catalog)
    with pytest.raises(v.StoreError, match="bukan kiriman"):
        v.withdraw(accounts, record["id"], serang)


def test_the_score_moves_are_listed_with_period_scores_categories_and_change():
    moves = pd.DataFrame(
        {
            "tahun": [2025, 2025],
            "triwulan": [1, 0],
            "nama_wilayah": ["Kabupaten Lebak", "Kota Serang"],
            "nilai_bulat_lama": [69.5, float("nan")],
            "kategori_lama": ["Tuntas Muda", None],
            "nilai_bulat_baru": [71.25, 80.0],
            "kategori_baru": ["Tuntas Pratama", "Tuntas Madya"],
            "selisih": [1.75, float("nan")],
        }
    )  # 71,25 − 69,50 = 1,75; nothing before: no change
    table = score_change_table(moves)
    assert list(table.columns) == [
        "Periode",
        "Wilayah",
        "Nilai lama",
        "Kategori lama",
        "Nilai baru",
        "Kategori baru",
        "Perubahan",
    ]
    assert table.iloc[0].tolist() == [
        "2025 triwulan I",
        "Kabupaten Lebak",
        "69,50",
        "Tuntas Muda",
        "71,25",
        "Tuntas Pratama",
        "▲ +1,75",
    ]
    assert table.iloc[1][["Periode", "Nilai lama", "Kategori lama"]].tolist() == ["2025", "–", "–"]
