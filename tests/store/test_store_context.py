"""The run's context: one query gives the data generation, the newest approved version and the
viewer password; every write that can change a page raises the generation, a login does not."""

import pytest
from sqlalchemy import event

from spm_core.auth import AuthError, add_user, login
from spm_core.store.accounts import SystemActor
from spm_core.store.context import VIEWER_PASSWORD_SETTING, run_context
from spm_core.store.versions import set_setting


def context(store):
    with store.connect() as connection:
        return run_context(connection)


def test_a_new_database_starts_at_generation_one_with_no_version(store):
    assert context(store).generation == 1
    assert context(store).latest_version is None
    assert context(store).viewer_password_hash is None


def test_the_context_is_read_in_a_single_statement(store):
    statements = []
    event.listen(store, "before_cursor_execute", lambda *args: statements.append(args[2]))
    context(store)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_a_setting_raises_the_generation_and_is_read_back(store):
    set_setting(store, VIEWER_PASSWORD_SETTING, "hash", SystemActor("admin"))
    assert context(store).generation == 2
    assert context(store).viewer_password_hash == "hash"


def test_a_login_leaves_the_generation_alone(store):
    add_user(store, "biro", "kata-sandi-panjang", "verifikator")
    before = context(store).generation
    login(store, "biro", "kata-sandi-panjang")
    with pytest.raises(AuthError):
        login(store, "biro", "salah-sandi-panjang")
    assert context(store).generation == before
