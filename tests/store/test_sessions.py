"""Logins that last (spm_core/store/sessions.py): a session survives reloads and workers (it is in
the database), and ends 10 hours after the login, after 2 hours idle, on logout (every browser of
the account), on deactivation and on a password change or reset."""

from datetime import timedelta

from sqlalchemy import func, select

from spm_core.auth import add_user, change_password, login, reset_password, set_active
from spm_core.store.engine import now
from spm_core.store.schema import sessions
from spm_core.store.sessions import end_sessions_of_cookie, session_account, start_session, token_hash, touch_session

PASSWORD = "rahasia-biro-2025"


def account(store, cookie, at=None):
    with store.connect() as connection:
        return session_account(connection, cookie, at)


def test_a_new_session_names_its_account_with_role_and_scope(store):
    add_user(store, "op-lebak", PASSWORD, "operator", kode_wilayah="36.02")
    cookie = start_session(store, "op-lebak")
    found = account(store, cookie)
    assert (found.nama, found.peran, found.kode_wilayah, found.kode_bidang) == ("op-lebak", "operator", "36.02", None)


def test_only_the_hash_of_the_token_is_stored(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    cookie = start_session(store, "biro")
    token = cookie.split(".")[0]
    with store.connect() as connection:
        stored = connection.execute(select(sessions.c.hash_token)).scalars().all()
    assert stored == [token_hash(token)]
    assert token not in stored[0]


def test_a_cookie_with_a_wrong_signature_or_no_signature_names_nobody(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    token = start_session(store, "biro").split(".")[0]
    assert account(store, f"{token}.AAAA") is None
    assert account(store, token) is None
    assert account(store, "") is None
    assert account(store, None) is None


def test_a_session_ends_ten_hours_after_the_login_even_when_used(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    start = now()
    cookie = start_session(store, "biro", at=start)
    for hours in range(1, 10):  # used every hour: never idle
        touch_session(store, token_hash(cookie.split(".")[0]), at=start + timedelta(hours=hours))
    assert account(store, cookie, start + timedelta(hours=9, minutes=59)) is not None
    assert account(store, cookie, start + timedelta(hours=10)) is None


def test_a_session_ends_after_two_hours_idle(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    start = now()
    cookie = start_session(store, "biro", at=start)
    assert account(store, cookie, start + timedelta(hours=1, minutes=59)) is not None
    assert account(store, cookie, start + timedelta(hours=2)) is None


def test_a_use_moves_the_idle_limit(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    start = now()
    cookie = start_session(store, "biro", at=start)
    found = account(store, cookie, start + timedelta(hours=1, minutes=30))
    assert found.needs_touch  # last use 90 minutes ago ≥ 5 minutes: the run records its use
    touch_session(store, found.token_hash, at=start + timedelta(hours=1, minutes=30))
    # 1:30 + 2:00 = 3:30 is the new idle limit
    assert account(store, cookie, start + timedelta(hours=3, minutes=29)) is not None
    assert account(store, cookie, start + timedelta(hours=3, minutes=30)) is None


def test_a_use_within_five_minutes_of_the_last_writes_nothing(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    start = now()
    cookie = start_session(store, "biro", at=start)
    assert not account(store, cookie, start + timedelta(minutes=4)).needs_touch
    assert account(store, cookie, start + timedelta(minutes=5)).needs_touch


def test_logout_ends_every_session_of_the_account_and_no_other(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    add_user(store, "admin", PASSWORD, "admin")
    laptop, phone = start_session(store, "biro"), start_session(store, "biro")
    other = start_session(store, "admin")
    assert end_sessions_of_cookie(store, laptop) == "biro"
    assert account(store, laptop) is None
    assert account(store, phone) is None
    assert account(store, other) is not None


def test_logout_with_a_forged_cookie_ends_nothing(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    cookie = start_session(store, "biro")
    assert end_sessions_of_cookie(store, cookie.split(".")[0] + ".AAAA") is None
    assert account(store, cookie) is not None


def test_deactivation_ends_the_sessions(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    cookie = start_session(store, "biro")
    set_active(store, "biro", False)
    assert account(store, cookie) is None
    set_active(store, "biro", True)  # re-activating does not bring an old session back
    assert account(store, cookie) is None


def test_a_password_reset_ends_the_sessions(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    cookie = start_session(store, "biro")
    reset_password(store, "biro", "sandi-baru-dari-admin")
    assert account(store, cookie) is None


def test_a_password_change_ends_the_other_sessions_but_not_the_one_that_made_it(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    user = login(store, "biro", PASSWORD)
    mine, other = start_session(store, "biro", at=user.masuk_pada), start_session(store, "biro")
    mine_hash = token_hash(mine.split(".")[0])
    renewed = change_password(store, user, PASSWORD, "sandi-baru-saya-2025", session=mine_hash)
    assert account(store, other) is None
    kept = account(store, mine)
    assert kept is not None and kept.masuk_pada == renewed.masuk_pada


def test_a_session_ended_by_a_password_change_elsewhere_stays_ended(store):
    # the session row stays until it expires, but its login is older than the password change
    add_user(store, "biro", PASSWORD, "verifikator")
    user = login(store, "biro", PASSWORD)
    cookie = start_session(store, "biro", at=user.masuk_pada)
    change_password(store, user, PASSWORD, "sandi-baru-saya-2025")  # from the command line, say
    assert account(store, cookie) is None


def test_a_login_clears_expired_sessions(store):
    add_user(store, "biro", PASSWORD, "verifikator")
    start = now()
    start_session(store, "biro", at=start - timedelta(hours=11))
    start_session(store, "biro", at=start)
    with store.connect() as connection:
        assert connection.execute(select(func.count()).select_from(sessions)).scalar() == 1


# --- the viewer password's pass ----------------------------------------------------------------------


def viewer_pass_ends(store, cookie, password_hash, at=None):
    from spm_core.store.sessions import viewer_pass_expiry

    with store.connect() as connection:
        return viewer_pass_expiry(connection, cookie, password_hash, at)


def new_viewer_pass(store, password_hash, at=None):
    from spm_core.store.sessions import viewer_pass

    with store.connect() as connection:
        return viewer_pass(connection, password_hash, at)


def test_a_viewer_pass_lasts_ten_hours_and_stores_nothing(store):
    start = now().replace(microsecond=0)
    cookie = new_viewer_pass(store, "hash-A", start)
    assert viewer_pass_ends(store, cookie, "hash-A", start + timedelta(hours=9, minutes=59)) == start + timedelta(
        hours=10
    )
    assert viewer_pass_ends(store, cookie, "hash-A", start + timedelta(hours=10)) is None
    with store.connect() as connection:
        assert connection.execute(select(func.count()).select_from(sessions)).scalar() == 0


def test_a_new_viewer_password_ends_every_viewer_pass(store):
    cookie = new_viewer_pass(store, "hash-A")
    assert viewer_pass_ends(store, cookie, "hash-A") is not None
    assert viewer_pass_ends(store, cookie, "hash-B") is None  # the admin set another viewer password
    assert viewer_pass_ends(store, cookie, None) is None


def test_a_forged_or_altered_viewer_pass_is_refused(store):
    cookie = new_viewer_pass(store, "hash-A")
    token, expires, signature = cookie.split(".")
    later = str(int(expires) + 86_400)  # a day longer, same signature
    assert viewer_pass_ends(store, f"{token}.{later}.{signature}", "hash-A") is None
    assert viewer_pass_ends(store, f"x{token}.{expires}.{signature}", "hash-A") is None
    assert viewer_pass_ends(store, f"{token}.{expires}", "hash-A") is None
    assert viewer_pass_ends(store, "", "hash-A") is None
    assert cookie != new_viewer_pass(store, "hash-A")  # a random token each time
