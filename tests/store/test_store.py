"""The database: migrations, versions, approval, rollback, removal of simulated data, racing
imports, backup and restore. Runs on SQLite, and on PostgreSQL when SPM_TEST_DATABASE_URL is set."""

import threading

import pandas as pd
import pytest
from sqlalchemy import inspect, select

from spm_core.intake.validation import validate_file
from spm_core.store import StoredData, current_data, initialize, open_store
from spm_core.store import versions as v
from spm_core.store.accounts import SystemActor
from spm_core.store.backup import backup, content_checksum, restore
from spm_core.store.schema import data_rows

HEADER = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"


def table(catalog, *lines):
    result = validate_file((HEADER + "\n".join(lines) + "\n").encode(), catalog, "data.csv")
    assert result.ok, [p.line() for p in result.errors]
    return result.data


def served(engine, as_of=None):
    """{(tahun, triwulan, kode_wilayah, kode_layanan): terlayani} of the data as of a version."""
    data = current_data(engine, as_of).data
    return {
        (r.tahun, r.triwulan, str(r.kode_wilayah), str(r.kode_layanan)): r.terlayani
        for r in data.itertuples(index=False)
    }


def test_migrations_create_every_table_and_can_run_twice(db_url):
    engine = open_store(db_url)
    open_store(db_url)  # a second start changes nothing
    names = set(inspect(engine).get_table_names())
    assert {"pengguna", "versi", "baris_data", "pengaturan", "log_aktivitas", "alembic_version"} <= names


def test_demo_data_is_loaded_only_into_an_empty_database_and_marked_simulated(store, catalog):
    assert initialize(store, catalog) == 1
    assert initialize(store, catalog) is None
    data = current_data(store)
    # 246 annual rows a year × 7 years + 2025's quarterly rows (1,008 of 4 × 246: Lebak's Q4 PU and
    # SOS rows are missing) = the 2,699 rows of the simulated file
    assert len(data.data) == 2699
    assert data.all_simulated


def test_an_approved_import_counts_at_once(store, catalog):
    v.submit(store, table(catalog, "2024,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("biro"), approved=True)
    assert served(store) == {(2024, 0, "36.01", "KK-PEND-01"): 50}


def test_a_waiting_submission_counts_only_once_approved(store, catalog):
    record = v.submit(store, table(catalog, "2024,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("op"), approved=False)
    assert record["status"] == "menunggu"
    assert served(store) == {}
    v.decide(store, record["id"], SystemActor("biro"), approve=True, note="sesuai")
    assert served(store) == {(2024, 0, "36.01", "KK-PEND-01"): 50}


def test_a_rejected_submission_never_counts(store, catalog):
    record = v.submit(store, table(catalog, "2024,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("op"), approved=False)
    decided = v.decide(store, record["id"], SystemActor("biro"), approve=False, note="angka tidak wajar")
    assert decided["status"] == "ditolak" and decided["catatan_keputusan"] == "angka tidak wajar"
    assert served(store) == {}


def test_only_a_waiting_version_can_be_decided(store, catalog):
    record = v.submit(store, table(catalog, "2024,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("biro"), approved=True)
    with pytest.raises(v.StoreError, match="tidak menunggu"):
        v.decide(store, record["id"], SystemActor("biro"), approve=False)


def test_an_import_counts_new_changed_and_unchanged_rows(store, catalog):
    v.submit(
        store,
        table(catalog, "2024,,36.01,KK-PEND-01,100,50,1,1", "2024,,36.01,KK-PEND-02,100,60,1,1"),
        SystemActor("biro"),
        approved=True,
    )
    record = v.submit(
        store,
        table(
            catalog,
            "2024,,36.01,KK-PEND-01,100,55,1,1",  # changed
            "2024,,36.01,KK-PEND-02,100,60,1,1",  # unchanged
            "2024,,36.02,KK-PEND-01,10,5,1,1",
        ),  # new
        SystemActor("biro"),
        approved=True,
    )
    assert (record["jumlah_baru"], record["jumlah_berubah"], record["jumlah_sama"]) == (1, 1, 1)


def test_previous_values_stay_retrievable_after_a_change(store, catalog):
    first = v.submit(store, table(catalog, "2024,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("biro"), approved=True)
    v.submit(store, table(catalog, "2024,,36.01,KK-PEND-01,100,80,1,1"), SystemActor("biro"), approved=True)
    assert served(store) == {(2024, 0, "36.01", "KK-PEND-01"): 80}
    assert served(store, as_of=first["id"]) == {(2024, 0, "36.01", "KK-PEND-01"): 50}
    with store.connect() as connection:
        assert v.version_rows(connection, first["id"])["terlayani"].tolist() == [50]


def test_rollback_restores_a_version_as_a_new_version(store, catalog):
    first = v.submit(store, table(catalog, "2024,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("biro"), approved=True)
    v.submit(
        store,
        table(catalog, "2024,,36.01,KK-PEND-01,100,80,1,1", "2024,,36.02,KK-PEND-01,10,5,1,1"),
        SystemActor("biro"),
        approved=True,
    )
    restored = v.rollback(store, first["id"], SystemActor("biro"))
    assert restored["jenis"] == "pemulihan" and restored["dipulihkan_ke"] == first["id"]
    # 36.01 back to 50; 36.02 did not exist at version 1, so it is removed again
    assert served(store) == {(2024, 0, "36.01", "KK-PEND-01"): 50}
    with store.connect() as connection:
        assert len(v.history(connection)) == 3  # nothing was deleted from the history


def test_rollback_to_a_version_that_was_never_approved_is_refused(store, catalog):
    record = v.submit(store, table(catalog, "2024,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("op"), approved=False)
    before = content_checksum(store)
    with pytest.raises(v.StoreError, match="dipulihkan"):
        v.rollback(store, record["id"], SystemActor("biro"))
    assert content_checksum(store) == before


def test_removing_the_simulated_data_keeps_it_in_the_history(simulated_store, catalog):
    demo = 1  # the simulated data is version 1
    v.submit(simulated_store, table(catalog, "2026,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("biro"), approved=True)
    v.remove_simulated(simulated_store, SystemActor("admin"))
    now = current_data(simulated_store)
    assert served(simulated_store) == {(2026, 0, "36.01", "KK-PEND-01"): 50}
    assert now.simulated_rows == 0
    assert len(current_data(simulated_store, as_of=demo).data) == 2699
    with pytest.raises(v.StoreError, match="Tidak ada data simulasi"):
        v.remove_simulated(simulated_store, SystemActor("admin"))


def test_a_real_row_replacing_a_simulated_one_is_not_removed_with_the_simulated_data(simulated_store, catalog):
    v.submit(simulated_store, table(catalog, "2025,,36.01,KK-PEND-01,100,42,1,1"), SystemActor("biro"), approved=True)
    v.remove_simulated(simulated_store, SystemActor("admin"))
    assert served(simulated_store) == {(2025, 0, "36.01", "KK-PEND-01"): 42}


def test_two_imports_racing_both_complete_and_never_mix(store, catalog):
    first = table(
        catalog, *(f"2024,,36.01,{code},100,10,1,1" for code in catalog.services_for("kabkota")["kode_layanan"])
    )
    second = table(
        catalog, *(f"2024,,36.01,{code},100,90,1,1" for code in catalog.services_for("kabkota")["kode_layanan"])
    )
    records, errors = [], []

    def send(data):
        try:
            records.append(v.submit(store, data, SystemActor("biro"), approved=True))
        except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(d,)) for d in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(records) == 2
    with store.connect() as connection:
        for record in records:
            # each version holds exactly its own file's 29 rows, with one value throughout
            rows = v.version_rows(connection, record["id"])
            assert len(rows) == 29 and rows["terlayani"].nunique() == 1
        # the later version wins every key: the data is all of one file, never a mix of both
        winner = v.version_rows(connection, max(r["id"] for r in records))["terlayani"].iloc[0]
    assert set(served(store).values()) == {winner}


def test_a_backup_restores_into_an_empty_database_with_the_same_contents(simulated_store, catalog, db_url, tmp_path):
    v.submit(simulated_store, table(catalog, "2026,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("biro"), approved=False)
    path = tmp_path / "cadangan.jsonl.gz"
    counts = backup(simulated_store, path)
    assert counts["baris_data"] == 2700
    other = open_store(f"sqlite:///{tmp_path / 'pulih.sqlite3'}")
    restore(other, path)
    assert content_checksum(other) == content_checksum(simulated_store)
    # ids continue after the restored ones
    record = v.submit(other, table(catalog, "2027,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("biro"), approved=True)
    assert record["id"] == 3


def test_a_backup_is_not_restored_over_existing_data(simulated_store, tmp_path):
    path = tmp_path / "cadangan.jsonl.gz"
    backup(simulated_store, path)
    before = content_checksum(simulated_store)
    with pytest.raises(ValueError, match="sudah berisi data"):
        restore(simulated_store, path)
    assert content_checksum(simulated_store) == before


def test_a_removed_key_is_stored_as_a_marked_row_not_deleted(store, catalog):
    v.submit(store, table(catalog, "2024,,36.01,KK-PEND-01,100,50,1,1"), SystemActor("biro"), approved=True)
    v.submit(store, table(catalog, "2024,,36.02,KK-PEND-01,100,50,1,1"), SystemActor("biro"), approved=True)
    v.rollback(store, 1, SystemActor("biro"))
    with store.connect() as connection:
        rows = pd.DataFrame(connection.execute(select(data_rows.c.kode_wilayah, data_rows.c.dihapus)).fetchall())
    assert len(rows) == 3 and rows["dihapus"].sum() == 1


def test_the_data_label_writes_the_count_of_simulated_rows_with_a_thousands_dot():
    # 2695 simulated rows of 3000 shown: partly simulated, the count as a person reads it
    stored = StoredData(pd.DataFrame({"tahun": range(3000)}), 7, 2695)
    assert stored.label == "Sebagian data simulasi (2.695 baris) — bukan data resmi"
