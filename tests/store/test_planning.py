"""Planning records in the store (spm_core.store.planning): append-only with history, editors only,
in backups — on SQLite, and on PostgreSQL when SPM_TEST_DATABASE_URL is set."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

from spm_core import gaps
from spm_core.auth import User
from spm_core.store import open_store, planning
from spm_core.store.accounts import SystemActor
from spm_core.store.backup import backup, content_checksum, restore
from spm_core.store.schema import activity, problems, stages, unit_costs
from spm_core.store.versions import StoreError, load_demo_if_empty, submit

BIRO = User("biro", "verifikator")
ADMIN = User("admin", "admin")
LEBAK_OPERATOR = User("op-lebak", "operator", kode_wilayah="36.02")


@pytest.fixture(autouse=True)
def accounts(request):
    """The accounts above exist in the test's database (every write checks its account there)."""
    from account_helpers import ensure_accounts

    for name in ("store", "simulated_store"):
        if name in request.fixturenames:
            ensure_accounts(request.getfixturevalue(name), BIRO, ADMIN, LEBAK_OPERATOR)


def test_a_unit_cost_change_is_a_new_row_and_the_newest_is_in_force(store):
    planning.set_unit_cost(store, BIRO, "KK-PEND-01", 1_000_000, "SSH 2024")
    planning.set_unit_cost(store, ADMIN, "KK-PEND-01", 1_200_000, "SSH 2025", catatan="naik")
    with store.connect() as connection:
        current = planning.current_unit_costs(connection)
        history = planning.unit_cost_history(connection)
    assert current[["kode_layanan", "biaya_satuan", "sumber", "pengguna"]].values.tolist() == [
        ["KK-PEND-01", 1_200_000.0, "SSH 2025", "admin"]
    ]
    assert history["biaya_satuan"].tolist() == [1_200_000, 1_000_000]  # newest first, nothing overwritten


def test_a_regions_unit_cost_is_kept_beside_the_cost_for_every_region(store):
    planning.set_unit_cost(store, BIRO, "KK-PEND-01", 1_000_000, "SSH Provinsi")
    planning.set_unit_cost(store, BIRO, "KK-PEND-01", 1_500_000, "SSH Lebak", kode_wilayah="36.02")
    with store.connect() as connection:
        current = planning.current_unit_costs(connection)
    assert sorted(current["biaya_satuan"].tolist()) == [1_000_000, 1_500_000]


def test_a_withdrawn_unit_cost_is_no_longer_in_force_but_stays_in_history(store):
    planning.set_unit_cost(store, BIRO, "KK-PEND-01", 1_000_000, "SSH 2024")
    planning.set_unit_cost(store, BIRO, "KK-PEND-01", None, "salah input")
    with store.connect() as connection:
        assert planning.current_unit_costs(connection).empty
        assert len(planning.unit_cost_history(connection)) == 2


def test_a_unit_cost_needs_a_source_and_a_positive_amount(store):
    with pytest.raises(StoreError, match="Sumber"):
        planning.set_unit_cost(store, BIRO, "KK-PEND-01", 1_000_000, " ")
    with pytest.raises(StoreError, match="lebih dari nol"):
        planning.set_unit_cost(store, BIRO, "KK-PEND-01", 0, "SSH")
    with store.connect() as connection:
        assert connection.execute(select(func.count()).select_from(unit_costs)).scalar() == 0


def test_an_operator_cannot_change_unit_costs_stages_or_follow_ups(store):
    with pytest.raises(StoreError, match="verifikator atau admin"):
        planning.set_unit_cost(store, LEBAK_OPERATOR, "KK-PEND-01", 1_000_000, "SSH")
    with pytest.raises(StoreError, match="verifikator atau admin"):
        planning.set_stage(store, LEBAK_OPERATOR, 2025, "36.02", "PEND", 1, "selesai")
    number = planning.add_problem(
        store,
        LEBAK_OPERATOR,
        tahun=2025,
        triwulan=1,
        kode_wilayah="36.02",
        kode_bidang="PEND",
        permasalahan="Data sasaran belum lengkap",
    )
    with pytest.raises(StoreError, match="verifikator atau admin"):
        planning.update_problem(store, LEBAK_OPERATOR, number, status="selesai")


def test_an_operator_reports_problems_only_for_its_own_region(store):
    with pytest.raises(StoreError, match="wilayah atau bidang Anda sendiri"):
        planning.add_problem(
            store, LEBAK_OPERATOR, tahun=2025, triwulan=1, kode_wilayah="36.01", kode_bidang="PEND", permasalahan="x"
        )
    with store.connect() as connection:
        assert planning.current_problems(connection, 2025).empty


def test_every_planning_change_is_logged_with_who_did_it(store):
    planning.set_unit_cost(store, BIRO, "KK-PEND-01", 1_000_000, "SSH 2024")
    planning.set_stage(store, BIRO, 2025, "36.02", "PEND", 1, "selesai", date(2025, 3, 31))
    with store.connect() as connection:
        rows = connection.execute(select(activity.c.pengguna, activity.c.aksi).order_by(activity.c.id)).all()
    rows = [tuple(r) for r in rows if r.aksi != "tambah_pengguna"]  # the accounts made by the fixture
    assert rows == [("biro", "biaya_satuan"), ("biro", "tahapan")]


def test_the_newest_stage_status_is_current_and_dates_are_kept(store):
    planning.set_stage(store, BIRO, 2025, "36.02", "PEND", 1, "proses", None, "mulai")
    planning.set_stage(store, BIRO, 2025, "36.02", "PEND", 1, "selesai", date(2025, 3, 31), "Dapodik")
    planning.set_stage(store, BIRO, 2024, "36.02", "PEND", 1, "belum")
    with store.connect() as connection:
        current = planning.current_stages(connection, 2025)
        kept = connection.execute(select(func.count()).select_from(stages).where(stages.c.tahun == 2025)).scalar()
        assert kept == 2  # both records of 2025 stay; the newest is current
    assert current[["tahap", "status", "tanggal", "catatan"]].values.tolist() == [
        [1, "selesai", "2025-03-31", "Dapodik"]
    ]


def test_a_stage_outside_1_to_4_or_an_unknown_status_is_refused(store):
    with pytest.raises(StoreError, match="Tahap"):
        planning.set_stage(store, BIRO, 2025, "36.02", "PEND", 5, "selesai")
    with pytest.raises(StoreError, match="Status"):
        planning.set_stage(store, BIRO, 2025, "36.02", "PEND", 1, "sudah")


def test_an_imported_stage_file_is_stored_in_one_go(store, catalog):
    frame = pd.DataFrame(
        [["36.02", "PEND", "1", "selesai", "2025-03-31", "ok"], ["36", "SOS", "3", "proses", "", ""]],
        columns=gaps.STAGE_FILE_COLUMNS,
        index=[2, 3],
    )
    clean, problems = gaps.read_stage_table(frame, catalog, 2025)
    assert problems == []
    assert planning.import_stages(store, BIRO, clean, "tahapan.csv") == 2
    with store.connect() as connection:
        current = planning.current_stages(connection, 2025)
    assert sorted(zip(current["kode_wilayah"], current["tahap"], current["status"])) == [
        ("36", 3, "proses"),
        ("36.02", 1, "selesai"),
    ]


def test_the_action_plan_status_is_the_newest_record(store):
    planning.set_action_plan(store, BIRO, 2025, "36.02", "PEND", False)
    planning.set_action_plan(store, BIRO, 2025, "36.02", "PEND", True, "2025-06-01", "Perbup 12/2025")
    with store.connect() as connection:
        plans = planning.current_action_plans(connection, 2025)
    assert plans[["ditetapkan", "tanggal", "catatan"]].values.tolist() == [[True, "2025-06-01", "Perbup 12/2025"]]


def test_a_follow_up_update_is_a_new_version_of_the_same_problem(store):
    first = planning.add_problem(
        store,
        BIRO,
        tahun=2025,
        triwulan=1,
        kode_wilayah="36.02",
        kode_bidang="KES",
        permasalahan="Data sasaran hipertensi belum dari Dukcapil",
        solusi="Padankan NIK",
        penanggung_jawab="Dinkes Lebak",
        tenggat=date(2025, 6, 30),
    )
    second = planning.add_problem(
        store, BIRO, tahun=2025, triwulan=1, kode_wilayah="36.01", kode_bidang="KES", permasalahan="Kekurangan tenaga"
    )
    planning.update_problem(store, ADMIN, first, status="selesai", tindak_lanjut="NIK dipadankan")
    with store.connect() as connection:
        current = planning.current_problems(connection, 2025).set_index("nomor")
        history = (
            connection.execute(select(problems.c.status).where(problems.c.nomor == first).order_by(problems.c.id))
            .scalars()
            .all()
        )
    assert (first, second) == (1, 2)
    assert current.loc[first, "status"] == "selesai"
    assert current.loc[first, "solusi"] == "Padankan NIK"  # unchanged fields carried over
    assert current.loc[first, "pengguna"] == "admin"
    assert history == ["terbuka", "selesai"]


def test_updating_a_problem_that_does_not_exist_is_refused(store):
    with pytest.raises(StoreError, match="tidak ada"):
        planning.update_problem(store, BIRO, 99, status="selesai")


def test_submissions_give_the_first_version_holding_a_regions_rows(store, catalog):
    def rows(region, served):
        return pd.DataFrame(
            [
                {
                    "tahun": 2025,
                    "triwulan": 1,
                    "kode_wilayah": region,
                    "kode_layanan": "KK-PEND-01",
                    "harus_dilayani": 10,
                    "terlayani": served,
                    "mutu_dibutuhkan": 1,
                    "mutu_tersedia": 1,
                    "anggaran_alokasi": None,
                    "anggaran_realisasi": None,
                    "biaya_satuan": None,
                }
            ]
        )

    load_demo_if_empty(store, rows("36.02", 5), "demo.csv", "x", True)
    submit(store, rows("36.02", 6), BIRO, approved=True)
    submit(store, rows("36.01", 6), SystemActor("op"), approved=False)  # waiting: not counted
    with store.connect() as connection:
        first = gaps.first_submissions(planning.submissions(connection))
    assert first[["kode_wilayah", "versi_pertama", "jenis_pertama"]].values.tolist() == [["36.02", 1, "demo"]]


def test_planning_tables_are_in_the_backup_and_restore(store, tmp_path, db_url):
    planning.set_unit_cost(store, BIRO, "KK-PEND-01", 1_000_000, "SSH 2024")
    planning.set_stage(store, BIRO, 2025, "36.02", "PEND", 1, "selesai", date(2025, 3, 31))
    planning.set_action_plan(store, BIRO, 2025, "36.02", "PEND", True)
    planning.add_problem(store, BIRO, tahun=2025, triwulan=1, kode_wilayah="36.02", kode_bidang="KES", permasalahan="x")
    load_demo_if_empty(
        store,
        pd.DataFrame(
            columns=[
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
        ),
        "kosong.csv",
        "x",
        False,
    )  # restore needs a version row to refuse non-empty targets
    counts = backup(store, tmp_path / "cadangan.jsonl.gz")
    assert {counts[t] for t in ("biaya_satuan", "tahapan", "rencana_aksi", "permasalahan")} == {1}
    target = open_store(f"sqlite:///{tmp_path / 'pulih.sqlite3'}")
    restore(target, tmp_path / "cadangan.jsonl.gz")
    assert content_checksum(target) == content_checksum(store)
    target.dispose()
