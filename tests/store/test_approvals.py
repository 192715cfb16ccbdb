"""Approvals as new versions (history never changes once shown), conflicts chosen per row, who sees
which versions, and a backup that is one snapshot. SQLite, and PostgreSQL when configured."""

import pandas as pd
import pytest
from sqlalchemy import select

from account_helpers import ensure_accounts
from spm_core.auth import User, reset_password, set_active
from spm_core.intake.importing import check_import, commit_import
from spm_core.intake.validation import validate_file
from spm_core.store import backup as backup_module
from spm_core.store import current_data, open_store
from spm_core.store import versions as v
from spm_core.store.accounts import SystemActor
from spm_core.store.backup import backup, content_checksum, restore
from spm_core.store.schema import conflict_choices

HEADER = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
KEY_A = (2024, 0, "36.02", "KK-PEND-01")
KEY_B = (2024, 0, "36.02", "KK-PEND-02")
BIRO = User("biro", "verifikator")
LEBAK = User("op-lebak", "operator", kode_wilayah="36.02")
SERANG = User("op-serang", "operator", kode_wilayah="36.04")


def table(catalog, *lines):
    result = validate_file((HEADER + "\n".join(lines) + "\n").encode(), catalog, "data.csv")
    assert result.ok, [p.line() for p in result.errors]
    return result.data


def served(engine, as_of=None):
    data = current_data(engine, as_of).data
    return {
        (r.tahun, r.triwulan, str(r.kode_wilayah), str(r.kode_layanan)): r.terlayani
        for r in data.itertuples(index=False)
    }


@pytest.fixture
def accounts(store):
    ensure_accounts(store, BIRO, LEBAK, SERANG)
    return store


def late_approval_setup(store, catalog):
    """v1 (approved): A=50, B=60. v2 (Lebak, waiting): A=70, B=75. v3 (approved, newer): A=90."""
    v.submit(
        store,
        table(catalog, "2024,,36.02,KK-PEND-01,100,50,1,1", "2024,,36.02,KK-PEND-02,100,60,1,1"),
        SystemActor("sistem"),
        approved=True,
    )
    pending = v.submit(
        store, table(catalog, "2024,,36.02,KK-PEND-01,100,70,1,1", "2024,,36.02,KK-PEND-02,100,75,1,1"), LEBAK
    )
    v.submit(store, table(catalog, "2024,,36.02,KK-PEND-01,100,90,1,1"), SystemActor("sistem"), approved=True)
    return pending["id"]


def test_a_late_approval_is_a_new_version_and_the_versions_shown_before_never_change(accounts, catalog):
    pending = late_approval_setup(accounts, catalog)
    before = {version: served(accounts, version) for version in (1, 3)}
    new = v.decide(accounts, pending, BIRO, approve=True)
    assert new["id"] == 4 and new["jenis"] == v.KIND_APPROVAL and new["dari_kiriman"] == pending
    assert {version: served(accounts, version) for version in (1, 3)} == before  # history unchanged
    with accounts.connect() as connection:
        submission = v.version(connection, pending)
    assert (submission["status"], submission["menjadi_versi"]) == (v.STATUS_APPLIED, 4)


def test_by_default_the_newer_value_is_kept_where_a_later_version_changed_the_row(accounts, catalog):
    pending = late_approval_setup(accounts, catalog)
    with accounts.connect() as connection:
        plan = v.approval_plan(connection, pending)
    row = plan.conflicts.iloc[0]
    # A: stored 50 at the submission's base (v1), 90 now (v3), 70 submitted; B: nobody changed it since
    assert (plan.base, plan.latest, len(plan.conflicts), len(plan.write)) == (1, 3, 1, 1)
    assert (row["terlayani_tersimpan"], row["terlayani_terbaru"], row["terlayani"]) == (50, 90, 70)
    v.decide(accounts, pending, BIRO, approve=True)
    assert served(accounts)[KEY_A] == 90  # kept the newer value
    assert served(accounts)[KEY_B] == 75  # taken from the submission


def test_the_verifier_can_take_the_submitted_value_and_the_choice_is_recorded(accounts, catalog):
    pending = late_approval_setup(accounts, catalog)
    new = v.decide(accounts, pending, BIRO, approve=True, take_submitted=[KEY_A])
    assert served(accounts)[KEY_A] == 70
    with accounts.connect() as connection:
        choices = connection.execute(
            select(conflict_choices.c.kode_layanan, conflict_choices.c.pilihan).where(
                conflict_choices.c.versi_id == new["id"]
            )
        ).all()
    assert [tuple(c) for c in choices] == [("KK-PEND-01", v.CHOICE_SUBMITTED)]


def test_an_approval_computed_on_older_data_is_refused(accounts, catalog):
    pending = late_approval_setup(accounts, catalog)
    with pytest.raises(v.StoreError, match="Data berubah"):
        v.decide(accounts, pending, BIRO, approve=True, expected_latest=1)


def test_viewers_see_only_approved_versions_with_role_labels(accounts, catalog):
    pending = late_approval_setup(accounts, catalog)
    v.submit(accounts, table(catalog, "2024,,36.04,KK-PEND-01,10,5,1,1"), SERANG)
    with accounts.connect() as connection:
        viewer = v.visible_history(connection)
        lebak = v.visible_history(connection, "operator", "36.02", None)
        biro = v.visible_history(connection, "verifikator")
    assert sorted(viewer["id"]) == [1, 3]
    assert set(viewer["pengguna"]) == {"Sistem"}
    assert sorted(lebak["id"]) == sorted([1, 3, pending])  # its own scope's submission, not Serang's
    assert lebak.loc[lebak["id"] == pending, "pengguna"].item() == "op-lebak"
    assert sorted(biro["id"]) == [1, 2, 3, 4]


def test_a_deactivated_or_reset_account_can_no_longer_act(accounts, catalog):
    pending = late_approval_setup(accounts, catalog)
    session = BIRO.__class__(BIRO.nama, BIRO.peran, masuk_pada=pd.Timestamp.now(tz="UTC").to_pydatetime())
    reset_password(accounts, "biro", "sandi-baru-biro-2025")
    with pytest.raises(v.AccountRefused):
        v.decide(accounts, pending, session, approve=True)
    set_active(accounts, "op-lebak", False)
    with pytest.raises(v.AccountRefused):
        v.submit(accounts, table(catalog, "2024,,36.02,KK-PEND-01,100,1,1,1"), LEBAK)


def test_a_bare_name_is_never_trusted_as_an_account(accounts, catalog):
    pending = late_approval_setup(accounts, catalog)
    with pytest.raises(TypeError):
        v.decide(accounts, pending, "biro", approve=True)


def test_the_operators_scope_is_checked_again_at_commit(accounts, catalog, rules):
    # A file checked for the verifier (no scope) and committed by Lebak's operator: refused inside
    # the commit's transaction, nothing stored.
    content = (HEADER + "2024,,36.01,KK-PEND-01,10,5,1,1\n").encode()
    check = check_import(accounts, catalog, rules, content, "pandeglang.csv", BIRO)
    before = content_checksum(accounts)
    with pytest.raises(v.StoreError, match="tidak lagi boleh"):
        commit_import(accounts, check, LEBAK, catalog)
    assert content_checksum(accounts) == before


def test_a_backup_is_one_snapshot_even_when_an_import_commits_between_two_tables(
    store, catalog, db_url, tmp_path, monkeypatch
):
    v.submit(store, table(catalog, "2024,,36.02,KK-PEND-01,100,50,1,1"), SystemActor("sistem"), approved=True)
    other = open_store(db_url)

    def commit_an_import(table_name):
        if table_name == "versi":  # after the versions were read, before their rows are
            v.submit(other, table(catalog, "2024,,36.02,KK-PEND-01,100,80,1,1"), SystemActor("sistem"), approved=True)

    monkeypatch.setattr(backup_module, "between_tables", commit_an_import)
    path = tmp_path / "cadangan.jsonl.gz"
    counts = backup(store, path)
    assert counts["versi"] == 1 and counts["baris_data"] == 1  # neither the version nor its row
    assert len(current_data(store).data) == 1 and served(store)[KEY_A] == 80  # the import did commit
    other.dispose()
    target = open_store(f"sqlite:///{tmp_path / 'pulih.sqlite3'}")  # the backup format is the same for both
    restore(target, path)
    assert served(target) == {KEY_A: 50}  # the state before the import, whole
