"""Backup and restore of the whole database in one file (gzip'd JSON lines, the same for SQLite
and PostgreSQL), and a checksum of the database contents (tests compare it before and after an
operation that must change nothing)."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, delete, func, insert, select, text

from .engine import write_transaction
from .schema import TABLES, settings, versions

FORMAT = "spm-banten-backup/1"

# Test hook: called with the table just written, between the tables of a backup (a test commits a
# change there to check that the backup is one snapshot). None in the app.
between_tables = None


def _plain(value):
    if isinstance(value, datetime):
        return {"$waktu": value.isoformat()}
    return value


def _restored(value):
    if isinstance(value, dict) and "$waktu" in value:
        return datetime.fromisoformat(value["$waktu"])
    return value


def backup(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write every table to one file; returns the row count per table. Every table is read in ONE
    read-only transaction (PostgreSQL: REPEATABLE READ, so all reads see the snapshot of the first;
    SQLite: one read transaction in WAL mode), so a write that commits meanwhile is either wholly in
    the backup or not at all."""
    counts = {}
    with engine.connect() as connection, gzip.open(path, "wt", encoding="utf-8") as out:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        transaction = connection.begin()
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        out.write(json.dumps({"format": FORMAT, "revisi_skema": revision}) + "\n")
        for table in TABLES:
            result = connection.execute(select(table).order_by(*table.primary_key.columns))
            counts[table.name] = 0
            for row in result.mappings():
                out.write(
                    json.dumps(
                        {"tabel": table.name, "baris": {k: _plain(v) for k, v in row.items()}}, ensure_ascii=False
                    )
                    + "\n"
                )
                counts[table.name] += 1
            if between_tables is not None:
                between_tables(table.name)
        transaction.rollback()  # read only: nothing to keep
    return counts


def restore(engine: Engine, path: str | Path) -> dict[str, int]:
    """Read a backup into an EMPTY database (schema already migrated); refuses a database that
    holds data, so nothing stored is ever overwritten."""
    by_name = {t.name: t for t in TABLES}
    with gzip.open(path, "rt", encoding="utf-8") as source:
        header = json.loads(source.readline() or "{}")
        if header.get("format") != FORMAT:
            raise ValueError("Berkas ini bukan cadangan dasbor SPM (format tidak dikenal).")
        batches: dict[str, list[dict]] = {t.name: [] for t in TABLES}
        for line in source:
            record = json.loads(line)
            batches[record["tabel"]].append({k: _restored(v) for k, v in record["baris"].items()})
    with write_transaction(engine) as connection:
        if connection.execute(select(func.count()).select_from(versions)).scalar():
            raise ValueError("Basis data tujuan sudah berisi data; pulihkan cadangan ke basis data kosong.")
        if batches[settings.name]:  # the migration made the login log's key: the backup's replaces it
            connection.execute(
                delete(settings).where(settings.c.kunci.in_([r["kunci"] for r in batches[settings.name]]))
            )
        for table in TABLES:
            if batches[table.name]:
                connection.execute(insert(by_name[table.name]), batches[table.name])
        if engine.dialect.name == "postgresql":
            for table in TABLES:
                key = list(table.primary_key.columns)[0]
                if key.autoincrement is True or key.type.python_type is int:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key.name}'), "
                            f"COALESCE((SELECT MAX({key.name}) FROM {table.name}), 0) + 1, false)"
                        )
                    )
    return {name: len(rows) for name, rows in batches.items()}


def _comparable(value):
    """Times in UTC without zone (SQLite keeps them naive, PostgreSQL aware), the rest as is."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    return value


def content_checksum(engine: Engine) -> str:
    """SHA-256 over every row of every table, in key order (the same for the same contents in
    SQLite and PostgreSQL)."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in TABLES:
            for row in connection.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr((table.name, tuple(_comparable(v) for v in row))).encode("utf-8"))
    return digest.hexdigest()
