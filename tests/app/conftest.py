"""AppTest runs the app in this process: point it at a database of its own, never var/.

Every database here is a copy of the session's migrated SQLite template holding the simulated
data (tests/conftest.py), so no test pays for migrations and loading the data."""

import shutil

import pytest


@pytest.fixture(autouse=True, scope="session")
def app_database(tmp_path_factory, simulated_sqlite_template):
    """One SQLite database for the read-only page tests of the session; tests that write use
    ``db`` (a database of their own)."""
    path = tmp_path_factory.mktemp("app-db") / "spm.sqlite3"
    shutil.copy(simulated_sqlite_template, path)
    patch = pytest.MonkeyPatch()
    patch.setenv("SPM_DATABASE_URL", f"sqlite:///{path}")
    yield path
    patch.undo()


@pytest.fixture
def db(simulated_sqlite_url, monkeypatch) -> str:
    """A database of this test's own, with the simulated data (a new file, so a new URL: nothing
    Streamlit caches per URL carries over); the app is pointed at it. Returns its URL."""
    monkeypatch.setenv("SPM_DATABASE_URL", simulated_sqlite_url)
    return simulated_sqlite_url
