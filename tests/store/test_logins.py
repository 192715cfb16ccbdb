"""Logins that cannot be abused: the password is checked outside the write lock, failures are
counted per account and client (so nobody can lock an account out for everyone), the viewer
password is limited too, resets do not re-activate, failed names are not logged verbatim, and the
login log is bounded."""

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from spm_core import auth
from spm_core.auth import (
    AuthError,
    add_user,
    change_password,
    check_viewer_password,
    hash_password,
    login,
    reset_password,
    set_active,
)
from spm_core.store.accounts import SystemActor
from spm_core.store.engine import now
from spm_core.store.schema import activity, users
from spm_core.store.versions import audit_log

PASSWORD = "rahasia-biro-2025"
WRONG = "salah-sekali-123"


def lock_out(store, client, at):
    for _ in range(auth.FREE_ATTEMPTS):
        with pytest.raises(AuthError):
            login(store, "biro", WRONG, at=at, client=client, sleep=lambda s: None)


def test_the_password_is_checked_while_no_write_lock_is_held(store, monkeypatch):
    if store.dialect.name != "sqlite":
        pytest.skip("the lock is observed through a second SQLite connection")
    add_user(store, "biro", PASSWORD, "verifikator")
    path = store.url.database
    held = []
    original = auth._verify

    def verify_and_try_the_lock(*args):
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once when another writer holds the lock
            other.execute("ROLLBACK")
            held.append(False)
        except sqlite3.OperationalError:
            held.append(True)
        finally:
            other.close()
        return original(*args)

    monkeypatch.setattr(auth, "_verify", verify_and_try_the_lock)
    login(store, "biro", PASSWORD)
    assert held == [False]


def test_failures_from_one_client_do_not_lock_out_another(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    start = now()
    lock_out(store, "penebak|203.0.113.9", start)
    with pytest.raises(AuthError, match="Coba lagi dalam"):
        login(store, "biro", PASSWORD, at=start, client="penebak|203.0.113.9", sleep=lambda s: None)
    waited = []
    user = login(store, "biro", PASSWORD, at=start, client="biro-kantor|10.0.0.5", sleep=waited.append)
    assert user.nama == "biro"
    assert waited == [auth.ACCOUNT_DELAY] and auth.ACCOUNT_DELAY <= 2  # slowed, at most 2 s, never refused


def test_the_failures_are_counted_in_the_database_for_every_worker(store, db_url):
    from spm_core.store import open_store

    add_user(store, "biro", PASSWORD, "verifikator")
    start = now()
    lock_out(store, "klien", start)
    other_worker = open_store(db_url)
    with pytest.raises(AuthError, match="Coba lagi dalam"):
        login(other_worker, "biro", PASSWORD, at=start, client="klien")
    other_worker.dispose()


def test_lock_outs_appear_in_the_audit_log(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    lock_out(store, "klien", now())
    with store.connect() as connection:
        audit = audit_log(connection)
    assert "masuk_dikunci" in audit["aksi"].tolist()


def test_the_viewer_password_has_an_attempt_limit(store):
    password_hash = hash_password("sandi-penonton-2025")
    start = now()
    for _ in range(auth.FREE_ATTEMPTS):
        assert not check_viewer_password(store, password_hash, "tebakan-salah", "klien", at=start)
    with pytest.raises(AuthError, match="Coba lagi dalam"):
        check_viewer_password(store, password_hash, "sandi-penonton-2025", "klien", at=start)
    assert check_viewer_password(store, password_hash, "sandi-penonton-2025", "lain", at=start)


def test_a_failed_name_is_logged_as_three_characters_and_a_keyed_hash(store):
    with pytest.raises(AuthError):
        login(store, "rahasia-yang-salah-ketik", WRONG)
    with store.connect() as connection:
        logged = connection.execute(select(activity.c.pengguna).where(activity.c.aksi == "masuk_gagal")).scalar()
    assert logged.startswith("rah…#") and "rahasia-yang" not in logged


def test_the_login_log_keeps_ninety_days(store):
    with store.begin() as connection:
        connection.execute(
            insert(activity).values(waktu=now() - timedelta(days=91), pengguna="lama", aksi="masuk_gagal")
        )
        connection.execute(
            insert(activity).values(waktu=now() - timedelta(days=10), pengguna="baru", aksi="masuk_gagal")
        )
    with pytest.raises(AuthError):
        login(store, "siapa", WRONG)
    with store.connect() as connection:
        names = connection.execute(select(activity.c.pengguna).where(activity.c.aksi == "masuk_gagal")).scalars().all()
    assert "lama" not in names and "baru" in names


def test_a_reset_does_not_reactivate_and_asks_for_a_new_password(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    set_active(store, "biro", False)
    reset_password(store, "biro", "sandi-dari-admin-1")
    with store.connect() as connection:
        assert (
            connection.execute(select(users.c.aktif)).scalar() is False
            or not connection.execute(select(users.c.aktif)).scalar()
        )
    with pytest.raises(AuthError):
        login(store, "biro", "sandi-dari-admin-1")  # still deactivated
    set_active(store, "biro", True)
    user = login(store, "biro", "sandi-dari-admin-1")
    assert user.wajib_ganti_sandi
    changed = change_password(store, user, "sandi-dari-admin-1", "sandi-pilihan-sendiri")
    assert not changed.wajib_ganti_sandi
    assert not login(store, "biro", "sandi-pilihan-sendiri").wajib_ganti_sandi


def test_only_an_admin_account_manages_users(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    session = login(store, "biro", PASSWORD)
    with pytest.raises(AuthError, match="Hanya admin"):
        set_active(store, "biro", False, by=session)
    with pytest.raises(TypeError):
        set_active(store, "biro", False, by="admin")  # a bare name proves nothing
    set_active(store, "biro", False, by=SystemActor("cli:root"))
