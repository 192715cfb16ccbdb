"""The database: SQLite by default, PostgreSQL when ``SPM_DATABASE_URL`` says so; one schema made
by migrations; every change of the data a version (see ``versions``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, select

from ..catalog import Catalog
from ..dataset import SIMULATED_NOTICE, data_file, file_sha256, is_simulated_file
from ..formatting import format_count
from ..intake.validation import validate_file
from .engine import database_url, make_engine, upgrade
from .schema import versions as versions_table
from .versions import (
    STATUS_APPROVED,
    STATUS_PENDING,
    STATUS_REJECTED,
    Diff,
    StoreError,
    as_clean_table,
    latest_version,
    load_demo_if_empty,
    state,
)


def open_store(url: str | None = None) -> Engine:
    """An engine on the database with its schema migrated to the newest version."""
    engine = make_engine(url)
    upgrade(engine)
    return engine


def initialize(engine: Engine, catalog: Catalog) -> int | None:
    """Load the starting data into an EMPTY database: the built-in simulated dataset (marked
    simulated), or the file named by ``SPM_DATA_FILE``. Returns the new version id, or None
    when the database already had data."""
    with engine.connect() as connection:
        if connection.execute(select(func.count()).select_from(versions_table)).scalar():
            return None  # not empty: nothing to check or load (load_demo_if_empty checks again under the lock)
    path = data_file()
    result = validate_file(path, catalog)
    if not result.ok:
        raise StoreError("Data awal tidak valid: " + "; ".join(p.line() for p in result.errors[:10]))
    return load_demo_if_empty(engine, result.data, path.name, file_sha256(path), is_simulated_file(path))


@dataclass(frozen=True)
class StoredData:
    data: pd.DataFrame  # clean table (as validation gives it) + simulasi, versi_id
    version: int | None  # the version it is as of
    simulated_rows: int

    @property
    def all_simulated(self) -> bool:
        return len(self.data) > 0 and self.simulated_rows == len(self.data)

    @property
    def simulated(self) -> bool:
        """Any simulated row in what is shown: the screen must say so."""
        return self.simulated_rows > 0

    @property
    def label(self) -> str:
        if self.all_simulated:
            return SIMULATED_NOTICE
        if self.simulated:
            return f"Sebagian data simulasi ({format_count(self.simulated_rows)} baris) — bukan data resmi"
        return f"Data per versi {self.version}" if self.version else "Belum ada data"


def current_data(engine: Engine, as_of: int | None = None) -> StoredData:
    with engine.connect() as connection:
        version = as_of if as_of is not None else latest_version(connection)
        frame = state(connection, as_of=version)
    return StoredData(as_clean_table(frame), version, int(frame["simulasi"].sum()) if len(frame) else 0)


__all__ = [
    "STATUS_APPROVED",
    "STATUS_PENDING",
    "STATUS_REJECTED",
    "Diff",
    "StoreError",
    "StoredData",
    "current_data",
    "database_url",
    "initialize",
    "open_store",
]
