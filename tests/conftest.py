"""Shared fixtures for the spm_core tests: the built-in catalog and rules, loaded once."""

import pytest

from spm_core.catalog import load_catalog
from spm_core.rules import DEFAULT_RULES_FILE, load_rules


@pytest.fixture(scope="session")
def catalog():
    """The built-in Banten catalog (data/katalog)."""
    return load_catalog()


@pytest.fixture(scope="session")
def rules():
    """The built-in rules file (data/aturan/aturan_spm.toml), whatever SPM_RULES_FILE says."""
    return load_rules(DEFAULT_RULES_FILE)


# --- databases: SQLite always, PostgreSQL when SPM_TEST_DATABASE_URL is set ---------------------

import os  # noqa: E402
import uuid  # noqa: E402

POSTGRES_URL = os.environ.get("SPM_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database URL: a SQLite file, and (when SPM_TEST_DATABASE_URL is set) a
    schema of its own in the PostgreSQL test database, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'spm.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip("SPM_TEST_DATABASE_URL is not set: PostgreSQL storage tests skipped")
    from sqlalchemy import create_engine, text

    from spm_core.store.engine import normalize_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def store(db_url):
    """An engine on a fresh, migrated, empty database."""
    from spm_core.store import open_store

    engine = open_store(db_url)
    yield engine
    engine.dispose()
