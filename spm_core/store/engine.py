"""Connecting to the database (SQLite file by default, PostgreSQL by URL), running migrations,
and the lock that serialises writers."""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text, update

from .schema import generation

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE = ROOT / "var" / "spm.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(explicit: str | None = None) -> str:
    """``explicit``, else ``SPM_DATABASE_URL``, else the embedded SQLite file ``var/spm.sqlite3``."""
    url = explicit or os.environ.get("SPM_DATABASE_URL")
    if url:
        return url
    DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE}"


def normalize_url(url: str) -> str:
    """``postgresql://`` → the psycopg 3 driver SQLAlchemy needs to name explicitly."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def make_engine(url: str | None = None) -> Engine:
    url = normalize_url(database_url(url))
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # transactions are begun explicitly below
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # A writer takes the lock up front (BEGIN IMMEDIATE): two writers queue instead of one
            # failing halfway; readers never wait for it (WAL).
            write = connection.get_execution_options().get("spm_write")
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect().execution_options(spm_write=True) as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(365001)"))  # one migrator at a time
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def write_transaction(engine: Engine, changes_view: bool = True):
    """A transaction that holds the store's write lock until it ends, so imports, approvals and
    rollbacks never interleave (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).

    With ``changes_view`` (the default: anything written may change what a page shows) the data
    generation is raised in the same transaction, so it is raised exactly when the change commits
    and every process keyed by it sees the change on its next run. Only writes that no page shows
    (a login's failure counter) pass False."""
    with engine.connect().execution_options(spm_write=True) as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(365002)"))
        if changes_view:
            connection.execute(update(generation).where(generation.c.id == 1).values(nomor=generation.c.nomor + 1))
        yield connection


def now() -> datetime:
    return datetime.now(UTC)
