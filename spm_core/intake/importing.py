"""Importing a file, the same way from the page and from the command line: check the file is
safe, validate it, check the user may send it (all three in a worker process, through
``gate.check_file``), show what it would change (rows and scores), and only then store it as a
new version in one transaction. A failed check stores nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from ..auth import User, scope_problems
from ..catalog import Catalog
from ..rules import Rules
from ..scoring import REGION_KEY, score_all
from ..store.versions import KEY_COLUMNS, Diff, as_clean_table, diff, state, submit
from .changes import field_changes, resolve_blanks
from .gate import KIND_DATA, check_file
from .problems import Problem
from .validation import with_clean_dtypes


@dataclass
class ImportCheck:
    filename: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    data: pd.DataFrame | None = None
    changes: Diff | None = None
    score_changes: pd.DataFrame | None = None  # region scores before → after, where they move
    total_errors: int = 0  # every error found (the list stops at MAX_LISTED_PROBLEMS, then counts)
    total_warnings: int = 0
    fields: pd.DataFrame | None = None  # every changed field, old → new (see changes.field_changes)

    @property
    def clearings(self) -> pd.DataFrame:
        """The changed fields whose stored value the file clears (``-``): each needs a tick."""
        if self.fields is None or self.fields.empty:
            return pd.DataFrame(columns=[] if self.fields is None else self.fields.columns)
        return self.fields[self.fields["dikosongkan"].astype(bool)].reset_index(drop=True)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def error_count(self) -> int:
        return self.total_errors or len(self.errors)

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.errors


def _merged(stored: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """The stored state with the incoming rows laid over it (what the data would be)."""
    columns = [c for c in incoming.columns if c != "baris"]
    both = pd.concat(
        [stored.drop(columns=["simulasi", "versi_id"], errors="ignore"), incoming[columns]], ignore_index=True
    )
    for column in ("kode_wilayah", "kode_layanan"):
        both[column] = both[column].astype(str)
    both = both.drop_duplicates(KEY_COLUMNS, keep="last")
    return with_clean_dtypes(both.reset_index(drop=True))


def score_changes(stored: pd.DataFrame, incoming: pd.DataFrame, catalog: Catalog, rules: Rules) -> pd.DataFrame:
    """Region scores of the periods the file touches, before and after it, where they differ."""
    touched = incoming[["tahun", "triwulan", "kode_wilayah"]].astype({"kode_wilayah": str}).drop_duplicates()
    after = score_all(_merged(stored, incoming), catalog, rules, with_context=False).wilayah
    columns = [*REGION_KEY, "nilai_bulat", "kategori"]
    after = after[columns].astype({"kode_wilayah": str})
    if stored.empty:
        before = pd.DataFrame(columns=columns)
    else:
        before = score_all(stored, catalog, rules, with_context=False).wilayah[columns].astype({"kode_wilayah": str})
    table = touched.merge(before, on=REGION_KEY, how="left").merge(
        after, on=REGION_KEY, how="left", suffixes=("_lama", "_baru")
    )
    table["selisih"] = (table["nilai_bulat_baru"] - table["nilai_bulat_lama"]).round(6)
    moved = table["nilai_bulat_lama"].fillna(-1) != table["nilai_bulat_baru"].fillna(-1)
    table["nama_wilayah"] = table["kode_wilayah"].map(catalog.regions.names)
    return table[moved].sort_values(REGION_KEY).reset_index(drop=True)


def check_import(
    engine: Engine, catalog: Catalog, rules: Rules, content: bytes, filename: str, user: User | None, on_wait=None
) -> ImportCheck:
    """Every check an import goes through, without storing anything. The file itself is checked,
    read and validated (with the user's scope) in a worker process; ``on_wait()`` is called if it
    has to wait for its turn."""
    check = ImportCheck(filename, hashlib.sha256(content).hexdigest())
    result = check_file(content, filename, catalog, KIND_DATA, user, on_wait=on_wait)
    check.problems = result.problems
    check.total_errors, check.total_warnings = result.total_errors, result.total_warnings
    if not result.ok:
        return check
    with engine.connect() as connection:
        stored = state(connection)
    stored_clean = as_clean_table(stored) if not stored.empty else stored
    # a blank optional cell keeps the stored value; "-" clears it (see changes.resolve_blanks)
    check.data = resolve_blanks(stored, result.data, result.cleared)
    check.changes = diff(stored, check.data)
    check.fields = field_changes(stored, check.data)
    check.score_changes = score_changes(stored_clean, check.data, catalog, rules)
    return check


def commit_import(engine: Engine, check: ImportCheck, actor, catalog: Catalog, note: str | None = None) -> dict:
    """Store a checked file as a new version: approved now (a verifier, an admin, the server) or
    waiting for a verifier (an operator). The account and its scope are checked again inside the
    commit's transaction (the check above ran at upload)."""
    if not check.ok:
        raise ValueError("Berkas belum lolos pemeriksaan; tidak ada yang disimpan.")
    return submit(
        engine,
        check.data,
        actor,
        filename=check.filename,
        sha256=check.sha256,
        note=note,
        scope_check=lambda who, data: scope_problems(who, data, catalog),
    )
