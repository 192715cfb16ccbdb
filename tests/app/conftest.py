"""AppTest runs the app in this process: point it at a database of its own, never var/."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def app_database(tmp_path_factory):
    """One SQLite database for the read-only page tests of the session (the simulated data is
    loaded into it on first start); tests that write set their own SPM_DATABASE_URL."""
    path = tmp_path_factory.mktemp("app-db") / "spm.sqlite3"
    patch = pytest.MonkeyPatch()
    patch.setenv("SPM_DATABASE_URL", f"sqlite:///{path}")
    yield path
    patch.undo()
