"""Users, roles and passwords: hashed at rest, right and wrong logins, slowing down guessing,
operators limited to their own region or sector."""

from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from spm_core import auth
from spm_core.auth import AuthError, add_user, login, reset_password, scope_problems, set_active
from spm_core.store.accounts import SystemActor
from spm_core.store.engine import now
from spm_core.store.schema import login_failures, users

PASSWORD = "rahasia-biro-2025"


def test_a_password_is_stored_as_an_argon2_hash_never_in_clear(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    with store.connect() as connection:
        stored = connection.execute(select(users.c.hash_sandi)).scalar()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_the_right_password_logs_in_with_the_role(store):
    add_user(store, "lebak", PASSWORD, "operator", kode_wilayah="36.02")
    user = login(store, "lebak", PASSWORD)
    assert (user.nama, user.peran, user.kode_wilayah) == ("lebak", "operator", "36.02")
    assert not user.can_approve and not user.imports_are_approved


def test_a_wrong_password_is_refused_with_the_same_message_as_an_unknown_user(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    with pytest.raises(AuthError) as wrong:
        login(store, "biro", "salah-sekali-123")
    with pytest.raises(AuthError) as unknown:
        login(store, "siapa", PASSWORD)
    assert str(wrong.value) == str(unknown.value) == "Nama pengguna atau kata sandi salah."


def test_repeated_wrong_passwords_lock_the_account_for_a_growing_time(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    start = now()
    for _ in range(auth.FREE_ATTEMPTS):  # 3 wrong: the third one locks for 5 s
        with pytest.raises(AuthError):
            login(store, "biro", "salah-sekali-123", at=start)
    with pytest.raises(AuthError, match="Coba lagi dalam"):
        login(store, "biro", PASSWORD, at=start + timedelta(seconds=4))  # even the right one waits
    assert login(store, "biro", PASSWORD, at=start + timedelta(seconds=6)).nama == "biro"


def test_the_lock_doubles_with_each_further_failure_up_to_a_limit():
    # 3rd failure: 5 s; 4th: 10 s; 5th: 20 s; …; never more than 15 minutes
    assert auth._lock_for(3) == timedelta(seconds=5)
    assert auth._lock_for(4) == timedelta(seconds=10)
    assert auth._lock_for(5) == timedelta(seconds=20)
    assert auth._lock_for(30) == timedelta(minutes=15)


def test_a_successful_login_clears_the_failures(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    with pytest.raises(AuthError):
        login(store, "biro", "salah-sekali-123")
    login(store, "biro", PASSWORD)
    with store.connect() as connection:
        assert connection.execute(select(login_failures)).first() is None


def test_a_deactivated_user_cannot_log_in(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    set_active(store, "biro", False, by=SystemActor("admin"))
    with pytest.raises(AuthError):
        login(store, "biro", PASSWORD)


def test_a_reset_password_replaces_the_old_one_and_unlocks(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    reset_password(store, "biro", "sandi-baru-yang-panjang")
    with pytest.raises(AuthError):
        login(store, "biro", PASSWORD)
    assert login(store, "biro", "sandi-baru-yang-panjang").nama == "biro"


def test_a_short_password_is_refused(store):
    with pytest.raises(AuthError, match="minimal 10"):
        add_user(store, "biro", "pendek", "verifikator")


def test_an_operator_must_belong_to_a_region_or_sector(store):
    with pytest.raises(AuthError, match="wilayah atau satu bidang"):
        add_user(store, "op", PASSWORD, "operator")


def test_a_name_can_be_added_only_once(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    with pytest.raises(AuthError, match="sudah ada"):
        add_user(store, "biro", PASSWORD, "admin")


def _rows(*rows):
    return pd.DataFrame(rows, columns=["baris", "kode_wilayah", "kode_layanan"])


def test_a_region_operator_may_send_only_its_own_region(catalog):
    lebak = auth.User("lebak", "operator", kode_wilayah="36.02")
    problems = scope_problems(lebak, _rows((2, "36.02", "KK-PEND-01"), (3, "36.01", "KK-PEND-01")), catalog)
    assert [(p.baris, p.kolom) for p in problems] == [(3, "kode_wilayah")]
    assert "Kabupaten Lebak" in problems[0].pesan and "Kabupaten Pandeglang" in problems[0].pesan


def test_a_sector_operator_may_send_only_its_own_sector(catalog):
    dinkes = auth.User("dinkes", "operator", kode_bidang="KES")
    problems = scope_problems(dinkes, _rows((2, "36.02", "KK-KES-01"), (3, "36.02", "KK-PEND-01")), catalog)
    assert [(p.baris, p.kolom) for p in problems] == [(3, "kode_layanan")]


def test_a_verifier_may_send_any_region_and_sector(catalog):
    biro = auth.User("biro", "verifikator")
    assert scope_problems(biro, _rows((2, "36.02", "KK-KES-01"), (3, "36", "PROV-PEND-01")), catalog) == []
