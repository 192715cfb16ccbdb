"""Shared fixtures for the spm_core tests: the built-in catalog and rules, loaded once; databases
(SQLite copied from a template built once per session, PostgreSQL when configured); the command
line run in this process."""

import io
import shutil
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

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


# --- SQLite templates: migrate (and load the simulated data) once per session, copy per test ------


def _build_sqlite_template(path: Path, with_simulated_data: bool) -> Path:
    """A migrated SQLite file at ``path`` (with the built-in simulated data as version 1 when
    asked), checkpointed so that the one file holds everything and can be copied as it is."""
    from spm_core.store import initialize, open_store

    engine = open_store(f"sqlite:///{path}")
    if with_simulated_data:
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("SPM_DATA_FILE", raising=False)  # the built-in simulated data, whatever the test sets
            from spm_core.catalog import load_catalog

            assert initialize(engine, load_catalog()) == 1
    engine.dispose()
    with sqlite3.connect(path) as connection:  # fold the WAL into the file: the copy needs no -wal file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


@pytest.fixture(scope="session")
def empty_sqlite_template(tmp_path_factory) -> Path:
    """A migrated, empty SQLite database, built once per session (copy it, never open it)."""
    return _build_sqlite_template(tmp_path_factory.mktemp("template-empty") / "spm.sqlite3", False)


@pytest.fixture(scope="session")
def simulated_sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite database holding the simulated data as version 1 (what the app and the
    command line load into an empty database), built once per session (copy it, never open it)."""
    return _build_sqlite_template(tmp_path_factory.mktemp("template-simulated") / "spm.sqlite3", True)


def copy_sqlite_template(template: Path, destination: Path) -> str:
    """A copy of ``template`` at ``destination``; returns its URL. A new file is a new URL, so
    nothing Streamlit caches per URL (engines, data) carries over from another test."""
    shutil.copy(template, destination)
    return f"sqlite:///{destination}"


def _sqlite_path(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


@pytest.fixture
def store(db_url, empty_sqlite_template):
    """An engine on a fresh, migrated, empty database (SQLite: a copy of the empty template)."""
    from spm_core.store import open_store

    path = _sqlite_path(db_url)
    if path is not None:
        copy_sqlite_template(empty_sqlite_template, path)
    engine = open_store(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def simulated_db_url(db_url, simulated_sqlite_template, catalog) -> str:
    """``db_url`` migrated and holding the simulated data as version 1: on SQLite a copy of the
    session's template, on PostgreSQL loaded here."""
    from spm_core.store import initialize, open_store

    path = _sqlite_path(db_url)
    if path is not None:
        return copy_sqlite_template(simulated_sqlite_template, path)
    engine = open_store(db_url)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SPM_DATA_FILE", raising=False)
        assert initialize(engine, catalog) == 1
    engine.dispose()
    return db_url


@pytest.fixture
def simulated_store(simulated_db_url):
    """An engine on a database holding the simulated data as version 1 (see ``simulated_db_url``)."""
    from spm_core.store import open_store

    engine = open_store(simulated_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def simulated_sqlite_url(tmp_path, simulated_sqlite_template) -> str:
    """A SQLite database of this test's own holding the simulated data as version 1: a copy of
    the session's template in ``tmp_path`` (SQLite only; for both back ends use ``simulated_db_url``)."""
    return copy_sqlite_template(simulated_sqlite_template, tmp_path / "spm.sqlite3")


# --- the command line, run in this process ----------------------------------------------------------


@dataclass(frozen=True)
class CliResult:
    """What ``python -m spm_core ARGS`` gave: its exit code and everything it printed."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """``cli(*args, stdin=None)`` runs ``python -m spm_core ARGS`` in this process through
    ``spm_core.__main__.main(argv)`` and returns a CliResult (bad usage: argparse's exit code 2).
    ``stdin`` is what the command reads (``--password-stdin``). The engines a database command
    opens are disposed after it, as the end of the process would. Two tests run the real program
    in a subprocess (marked ``subprocess``); every other command line test uses this."""
    from spm_core import cli_store
    from spm_core.__main__ import main

    engines = []
    open_store = cli_store.open_store

    def tracked_open_store(url=None):
        engine = open_store(url)
        engines.append(engine)
        return engine

    monkeypatch.setattr(cli_store, "open_store", tracked_open_store)

    def run(*args, stdin: str | None = None) -> CliResult:
        capsys.readouterr()  # whatever the test printed before is not the command's
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        try:
            returncode = main([str(arg) for arg in args])
        except SystemExit as exc:  # argparse: bad usage, or --help
            returncode = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
        finally:
            while engines:
                engines.pop().dispose()
        printed = capsys.readouterr()
        return CliResult(returncode, printed.out, printed.err)

    return run

