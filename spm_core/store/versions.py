"""Versions of the data: every import, approval, rollback and removal is a version; nothing stored
is ever overwritten.

A version keeps the rows of its file. The data the dashboard shows "as of" version V is, for each
key (tahun, triwulan, kode_wilayah, kode_layanan), the row of the newest *approved* version up to
V; a row marked ``dihapus`` removes the key. A rollback or the removal of the simulated data is a
new version that writes the restored values (or removals), so the history stays complete.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select, update

from ..intake.validation import CLEAN_COLUMNS, COUNT_COLUMNS, KEY_COLUMNS, MONEY_COLUMNS, with_clean_dtypes
from .accounts import NEED_ADMIN, NEED_ANY, NEED_EDITOR, AccountError, SystemActor, checked_actor, submitter_fields
from .engine import now, write_transaction
from .schema import activity, conflict_choices, data_rows, settings, versions

VALUE_COLUMNS = [*COUNT_COLUMNS, *MONEY_COLUMNS]
STATUS_PENDING, STATUS_APPROVED, STATUS_REJECTED = "menunggu", "disetujui", "ditolak"
STATUS_APPLIED = "diterapkan"  # an approved submission: its approval is a new version (menjadi_versi)
STATUS_WITHDRAWN = "ditarik"  # withdrawn by its sender while waiting
STATUS_RETURNED = "dikembalikan"  # returned by the verifier for correction (with a note)
KIND_IMPORT, KIND_DEMO, KIND_ROLLBACK, KIND_REMOVE_SIMULATED = "impor", "demo", "pemulihan", "hapus_simulasi"
KIND_APPROVAL = "persetujuan"
STATUS_LABELS = {
    STATUS_PENDING: "Menunggu persetujuan",
    STATUS_APPROVED: "Disetujui",
    STATUS_REJECTED: "Ditolak",
    STATUS_APPLIED: "Disetujui (menjadi versi baru)",
    STATUS_WITHDRAWN: "Ditarik pengirim",
    STATUS_RETURNED: "Dikembalikan untuk perbaikan",
}
KIND_LABELS = {
    KIND_IMPORT: "Impor",
    KIND_DEMO: "Data simulasi awal",
    KIND_ROLLBACK: "Pemulihan",
    KIND_REMOVE_SIMULATED: "Penghapusan data simulasi",
    KIND_APPROVAL: "Persetujuan kiriman",
}
MAKER_LABELS = {"operator": "Operator", "verifikator": "Verifikator (Biro)", "admin": "Admin", "sistem": "Sistem"}
CHOICE_NEWER, CHOICE_SUBMITTED = "terbaru", "kiriman"
SYSTEM = SystemActor("sistem")


class StoreError(ValueError):
    """An operation the store refuses, with a message in Bahasa Indonesia; nothing was changed."""


@dataclass(frozen=True)
class Diff:
    """What an incoming table changes against the stored state."""

    new: pd.DataFrame  # keys not stored yet
    changed: pd.DataFrame  # keys stored with other values: <column>_lama beside <column>
    unchanged: int

    @property
    def summary(self) -> dict[str, int]:
        return {"baru": len(self.new), "berubah": len(self.changed), "sama": self.unchanged}


# --- reading the state ---------------------------------------------------------------------------


def _rows_query(as_of: int | None, include_version: int | None):
    approved = versions.c.status == STATUS_APPROVED
    if include_version is not None:
        approved = approved | (versions.c.id == include_version)
    query = (
        select(
            data_rows.c.versi_id,
            *(data_rows.c[c] for c in KEY_COLUMNS + VALUE_COLUMNS),
            data_rows.c.simulasi,
            data_rows.c.dihapus,
        )
        .join(versions, versions.c.id == data_rows.c.versi_id)
        .where(approved)
        .order_by(data_rows.c.versi_id, data_rows.c.id)
    )
    if as_of is not None:
        query = query.where(data_rows.c.versi_id <= as_of)
    return query


def state(connection: Connection, as_of: int | None = None, include_version: int | None = None) -> pd.DataFrame:
    """The stored data as of a version (default: the newest), one row per key, with the
    ``versi_id`` each row comes from and whether it is ``simulasi``."""
    result = connection.execute(_rows_query(as_of, include_version))
    frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    if frame.empty:
        return frame.drop(columns=["dihapus"])
    frame = frame.drop_duplicates(KEY_COLUMNS, keep="last")
    frame = frame[~frame["dihapus"].astype(bool)].drop(columns=["dihapus"])
    for column in VALUE_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["simulasi"] = frame["simulasi"].astype(bool)
    return frame.sort_values(KEY_COLUMNS).reset_index(drop=True)


def as_clean_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Stored rows in the shape validation produces (so scoring takes them as they are)."""
    out = with_clean_dtypes(frame.copy())
    return out[[c for c in CLEAN_COLUMNS if c != "baris"] + ["simulasi", "versi_id"]]


def latest_version(connection: Connection) -> int | None:
    """The id of the newest approved version (what the dashboard shows by default)."""
    return connection.execute(select(func.max(versions.c.id)).where(versions.c.status == STATUS_APPROVED)).scalar()


def history(connection: Connection) -> pd.DataFrame:
    result = connection.execute(select(versions).order_by(versions.c.id.desc()))
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def version(connection: Connection, version_id: int) -> dict:
    row = connection.execute(select(versions).where(versions.c.id == version_id)).mappings().first()
    if row is None:
        raise StoreError(f"Versi {version_id} tidak ada.")
    return dict(row)


def version_rows(connection: Connection, version_id: int) -> pd.DataFrame:
    result = connection.execute(
        select(*(data_rows.c[c] for c in KEY_COLUMNS + VALUE_COLUMNS), data_rows.c.dihapus)
        .where(data_rows.c.versi_id == version_id)
        .order_by(data_rows.c.id)
    )
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


# --- comparing ---------------------------------------------------------------------------------


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    a = pd.to_numeric(a, errors="coerce").astype("float64")
    b = pd.to_numeric(b, errors="coerce").astype("float64")
    return (a == b) | (a.isna() & b.isna())


def diff(stored: pd.DataFrame, incoming: pd.DataFrame) -> Diff:
    """New, changed and unchanged rows of ``incoming`` (a clean table) against ``stored``."""
    incoming = incoming[KEY_COLUMNS + VALUE_COLUMNS].copy()
    incoming["kode_wilayah"] = incoming["kode_wilayah"].astype(str)
    incoming["kode_layanan"] = incoming["kode_layanan"].astype(str)
    if stored.empty:
        return Diff(incoming.reset_index(drop=True), incoming.iloc[0:0], 0)
    old = stored[KEY_COLUMNS + VALUE_COLUMNS].copy()
    old["kode_wilayah"] = old["kode_wilayah"].astype(str)
    old["kode_layanan"] = old["kode_layanan"].astype(str)
    merged = incoming.merge(old, on=KEY_COLUMNS, how="left", suffixes=("", "_lama"), indicator=True)
    is_new = merged["_merge"] == "left_only"
    same = pd.Series(True, index=merged.index)
    for column in VALUE_COLUMNS:
        same &= _same(merged[column], merged[column + "_lama"])
    changed = merged[~is_new & ~same].drop(columns="_merge")
    return Diff(
        merged.loc[is_new, KEY_COLUMNS + VALUE_COLUMNS].reset_index(drop=True),
        changed.reset_index(drop=True),
        int((~is_new & same).sum()),
    )


# --- writing -----------------------------------------------------------------------------------


def _db_value(value):
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    return int(value)


def _insert_rows(connection: Connection, version_id: int, frame: pd.DataFrame, simulated, removed: bool = False):
    if frame.empty:
        return
    simulated = np.broadcast_to(np.asarray(simulated, dtype=bool), (len(frame),))
    records = []
    for flag, row in zip(simulated, frame[KEY_COLUMNS + VALUE_COLUMNS].itertuples(index=False)):
        record = dict(zip(KEY_COLUMNS + VALUE_COLUMNS, row))
        record = {k: (str(v) if k in ("kode_wilayah", "kode_layanan") else _db_value(v)) for k, v in record.items()}
        record.update(versi_id=version_id, simulasi=bool(flag), dihapus=removed)
        records.append(record)
    connection.execute(insert(data_rows), records)


def log(connection: Connection, user: str | None, action: str, detail: str = "") -> None:
    connection.execute(insert(activity).values(waktu=now(), pengguna=user, aksi=action, keterangan=detail))


def _new_version(connection: Connection, **values) -> int:
    values.setdefault("dibuat_pada", now())
    return connection.execute(insert(versions).values(**values).returning(versions.c.id)).scalar_one()


class AccountRefused(StoreError):
    """The session's account may not do this (any more): deactivated, role or scope changed,
    password reset since login, or a new password still to be chosen."""


def _check(connection: Connection, actor, need: str):
    """The actor as the database knows it now (see accounts.checked_actor), as a StoreError."""
    try:
        return checked_actor(connection, actor, need)
    except AccountError as exc:
        raise AccountRefused(str(exc)) from exc


def submit(
    engine: Engine,
    data: pd.DataFrame,
    actor,
    *,
    approved: bool | None = None,
    filename: str | None = None,
    sha256: str | None = None,
    simulated: bool = False,
    kind: str = KIND_IMPORT,
    note: str | None = None,
    scope_check=None,
) -> dict:
    """Store a validated table as a new version, in one transaction under the write lock: approved
    at once (a verifier, an admin, a system load) or waiting for a verifier (an operator). The
    account is checked in the transaction, and ``scope_check(actor, data)`` (problems outside the
    account's own region or sector) is run again there: a scope changed since the file was checked
    refuses it. Returns the version record."""
    if isinstance(actor, str):  # a load by server-side code (a script, a benchmark): no account involved
        actor = SystemActor(actor)
    with write_transaction(engine) as connection:
        actor = _check(connection, actor, NEED_ANY)
        if scope_check is not None:
            problems = scope_check(actor, data)
            if problems:
                raise StoreError(
                    f"Akun Anda tidak lagi boleh mengirim {len(problems)} baris berkas ini "
                    f"({problems[0].pesan}); tidak ada yang disimpan."
                )
        approved = actor.imports_are_approved if approved is None else (approved and actor.imports_are_approved)
        who = actor.recorded_name
        changes = diff(state(connection), data)
        version_id = _new_version(
            connection,
            jenis=kind,
            status=STATUS_APPROVED if approved else STATUS_PENDING,
            nama_berkas=filename,
            sha256=sha256,
            pengguna=who,
            jumlah_baris=len(data),
            jumlah_baru=len(changes.new),
            jumlah_berubah=len(changes.changed),
            jumlah_sama=changes.unchanged,
            catatan=note,
            **submitter_fields(actor),
            **(
                {"diputuskan_oleh": who, "diputuskan_pada": now(), "catatan_keputusan": "disetujui saat impor"}
                if approved
                else {}
            ),
        )
        _insert_rows(connection, version_id, data, simulated)
        log(connection, who, "impor", f"versi {version_id}: {filename or '-'} ({len(data)} baris)")
        return version(connection, version_id)


@dataclass(frozen=True)
class ApprovalPlan:
    """What approving a waiting submission would do, on top of the current data.

    ``base``: the newest approved version when it was submitted; ``latest``: the newest now.
    ``write``: submitted rows no later version touched that differ from the current data (they
    count when approved). ``conflicts``: submitted rows whose key a later version changed, with
    ``<column>_tersimpan`` (as at ``base``), ``<column>_terbaru`` (now) and ``<column>``
    (submitted); per row the verifier keeps the newer value (default) or takes the submitted one.
    ``unchanged``: submitted rows equal to the current data."""

    submission: int
    base: int | None
    latest: int | None
    write: pd.DataFrame
    conflicts: pd.DataFrame
    unchanged: int
    new_keys: int  # rows of ``write`` whose key is not in the current data

    def rows_to_write(self, take_submitted=()) -> pd.DataFrame:
        """``write`` plus the conflicting rows whose key (tahun, triwulan, kode_wilayah,
        kode_layanan) is in ``take_submitted``."""
        chosen = {tuple(k) for k in take_submitted}
        keys = list(
            self.conflicts[KEY_COLUMNS]
            .astype({"kode_wilayah": str, "kode_layanan": str})
            .itertuples(index=False, name=None)
        )
        mask = pd.Series([k in chosen for k in keys], index=self.conflicts.index, dtype=bool)
        taken = self.conflicts.loc[mask, KEY_COLUMNS + VALUE_COLUMNS]
        return pd.concat([self.write[KEY_COLUMNS + VALUE_COLUMNS], taken], ignore_index=True)


def _values(frame: pd.DataFrame, suffix: str) -> pd.DataFrame:
    if frame.empty:
        frame = pd.DataFrame(columns=KEY_COLUMNS + VALUE_COLUMNS)
    out = frame[KEY_COLUMNS + VALUE_COLUMNS].copy()
    out["kode_wilayah"] = out["kode_wilayah"].astype(str)
    out["kode_layanan"] = out["kode_layanan"].astype(str)
    out["tahun"] = pd.to_numeric(out["tahun"]).astype("int64")
    out["triwulan"] = pd.to_numeric(out["triwulan"]).astype("int64")
    out[suffix] = True
    return out.rename(columns={c: c + suffix for c in VALUE_COLUMNS})


def approval_plan(connection: Connection, submission_id: int) -> ApprovalPlan:
    """What approving ``submission_id`` would write now (see ApprovalPlan)."""
    version(connection, submission_id)  # refuses an unknown version
    base = connection.execute(
        select(func.max(versions.c.id)).where(versions.c.status == STATUS_APPROVED, versions.c.id < submission_id)
    ).scalar()
    latest = latest_version(connection)
    rows = version_rows(connection, submission_id)
    incoming = _values(rows[~rows["dihapus"].astype(bool)] if len(rows) else rows, "")
    incoming = incoming.drop(columns=[""])
    at_base = _values(state(connection, as_of=base) if base is not None else pd.DataFrame(), "_tersimpan")
    current = _values(state(connection), "_terbaru")
    merged = incoming.merge(at_base, on=KEY_COLUMNS, how="left").merge(current, on=KEY_COLUMNS, how="left")
    in_base = merged["_tersimpan"].eq(True)
    in_now = merged["_terbaru"].eq(True)
    later_same = in_base == in_now
    submitted_same = in_now.copy()
    for column in VALUE_COLUMNS:
        later_same &= ~in_base | _same(merged[column + "_tersimpan"], merged[column + "_terbaru"])
        submitted_same &= _same(merged[column], merged[column + "_terbaru"])
    conflict = ~later_same & ~submitted_same
    write = merged[later_same & ~submitted_same]
    return ApprovalPlan(
        submission_id,
        base,
        latest,
        write[KEY_COLUMNS + VALUE_COLUMNS].reset_index(drop=True),
        merged[conflict].drop(columns=["_tersimpan", "_terbaru"]).reset_index(drop=True),
        int(submitted_same.sum()),
        int((~in_now[later_same & ~submitted_same]).sum()),
    )


def decide(
    engine: Engine,
    version_id: int,
    actor,
    approve: bool,
    note: str = "",
    take_submitted=(),
    expected_latest: int | None | bool = False,
    return_for_correction: bool = False,
) -> dict:
    """Approve or reject a waiting submission (only a waiting one), in one transaction under the
    write lock, after checking the verifier's account.

    Approving makes a NEW approved version on top of the current data (history already shown never
    changes): the submitted rows no later version touched, and of the rows a later version changed
    (``ApprovalPlan.conflicts``) only those whose key is in ``take_submitted`` (the rest keep the
    newer value); every conflict's choice is recorded with the version. ``expected_latest`` (the
    newest version the verifier's page was computed on) refuses the approval when the data moved
    since. Not approving rejects, or with ``return_for_correction`` returns the submission to its
    sender for correction ("dikembalikan"); both need a note. Returns the new version (approval) or
    the submission (rejection, return)."""
    with write_transaction(engine) as connection:
        actor = _check(connection, actor, NEED_EDITOR)
        who = actor.recorded_name
        record = version(connection, version_id)
        if record["status"] != STATUS_PENDING:
            raise StoreError(
                f"Versi {version_id} tidak menunggu persetujuan (status: "
                f"{STATUS_LABELS.get(record['status'], record['status'])})."
            )
        if not approve:
            if not (note or "").strip():
                raise StoreError("Tulis catatan untuk pengirim: apa yang harus diperbaiki atau mengapa ditolak.")
            status, action = (STATUS_RETURNED, "kembalikan") if return_for_correction else (STATUS_REJECTED, "tolak")
            connection.execute(
                update(versions)
                .where(versions.c.id == version_id)
                .values(status=status, diputuskan_oleh=who, diputuskan_pada=now(), catatan_keputusan=note)
            )
            log(connection, who, action, f"versi {version_id}: {note}")
            return version(connection, version_id)
        plan = approval_plan(connection, version_id)
        if expected_latest is not False and plan.latest != expected_latest:
            raise StoreError("Data berubah sejak halaman ini dibuka (ada versi baru); tinjau kiriman ini lagi.")
        to_write = plan.rows_to_write(take_submitted)
        taken = len(to_write) - len(plan.write)
        new_id = _new_version(
            connection,
            jenis=KIND_APPROVAL,
            status=STATUS_APPROVED,
            nama_berkas=record["nama_berkas"],
            sha256=record["sha256"],
            pengguna=who,
            jumlah_baris=record["jumlah_baris"],
            jumlah_baru=plan.new_keys,
            jumlah_berubah=len(to_write) - plan.new_keys,
            jumlah_sama=plan.unchanged + len(plan.conflicts) - taken,
            catatan=f"Persetujuan kiriman versi {version_id}",
            dari_kiriman=version_id,
            diputuskan_oleh=who,
            diputuskan_pada=now(),
            catatan_keputusan=note,
            **submitter_fields(actor),
        )
        _insert_rows(connection, new_id, to_write, False)
        chosen = {tuple(k) for k in take_submitted}
        choices = [
            {
                "versi_id": new_id,
                "kiriman_id": version_id,
                "tahun": int(r.tahun),
                "triwulan": int(r.triwulan),
                "kode_wilayah": str(r.kode_wilayah),
                "kode_layanan": str(r.kode_layanan),
                "pilihan": CHOICE_SUBMITTED
                if (int(r.tahun), int(r.triwulan), str(r.kode_wilayah), str(r.kode_layanan)) in chosen
                else CHOICE_NEWER,
            }
            for r in plan.conflicts.itertuples(index=False)
        ]
        if choices:
            connection.execute(insert(conflict_choices), choices)
        connection.execute(
            update(versions)
            .where(versions.c.id == version_id)
            .values(
                status=STATUS_APPLIED,
                menjadi_versi=new_id,
                diputuskan_oleh=who,
                diputuskan_pada=now(),
                catatan_keputusan=note,
            )
        )
        log(
            connection,
            who,
            "setujui",
            f"versi {version_id} → versi {new_id}: {len(to_write)} baris berlaku, "
            f"{len(plan.conflicts) - taken} baris tetap nilai yang lebih baru. {note}".strip(),
        )
        return version(connection, new_id)


def _own_scope(table: pd.DataFrame, kode_wilayah: str | None, kode_bidang: str | None) -> pd.Series:
    return (table["wilayah_pengirim"].fillna("") == (kode_wilayah or "")) & (
        table["bidang_pengirim"].fillna("") == (kode_bidang or "")
    )


def withdraw(engine: Engine, version_id: int, actor) -> dict:
    """Its sender's office withdraws a submission still waiting (status "ditarik"); nothing of it
    ever counts. Only a submission of the account's own region/sector, checked in the transaction."""
    with write_transaction(engine) as connection:
        actor = _check(connection, actor, NEED_ANY)
        record = version(connection, version_id)
        own = (record.get("wilayah_pengirim") or "") == (getattr(actor, "kode_wilayah", None) or "") and (
            record.get("bidang_pengirim") or ""
        ) == (getattr(actor, "kode_bidang", None) or "")
        if not own or record["jenis"] != KIND_IMPORT:
            raise StoreError(f"Versi {version_id} bukan kiriman wilayah/bidang Anda.")
        if record["status"] != STATUS_PENDING:
            raise StoreError(
                f"Versi {version_id} tidak lagi menunggu persetujuan (status: "
                f"{STATUS_LABELS.get(record['status'], record['status'])}); tidak dapat ditarik."
            )
        connection.execute(
            update(versions)
            .where(versions.c.id == version_id)
            .values(
                status=STATUS_WITHDRAWN,
                diputuskan_oleh=actor.recorded_name,
                diputuskan_pada=now(),
                catatan_keputusan="ditarik pengirim",
            )
        )
        log(connection, actor.recorded_name, "tarik", f"versi {version_id}")
        return version(connection, version_id)


def own_submissions(table: pd.DataFrame, kode_wilayah: str | None, kode_bidang: str | None) -> pd.DataFrame:
    """Of a ``history`` table, the operators' submissions of one region/sector office."""
    if table.empty:
        return table
    mine = (
        _own_scope(table, kode_wilayah, kode_bidang)
        & (table["jenis"] == KIND_IMPORT)
        & (table["peran_pengirim"].fillna("") == "operator")
    )
    return table[mine].reset_index(drop=True)


def conflict_choices_of(connection: Connection, version_id: int) -> pd.DataFrame:
    """The verifier's choice per conflicting row recorded with an approval version."""
    result = connection.execute(
        select(conflict_choices).where(conflict_choices.c.versi_id == version_id).order_by(conflict_choices.c.id)
    )
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def visible_history(
    connection: Connection, role: str | None = None, kode_wilayah: str | None = None, kode_bidang: str | None = None
) -> pd.DataFrame:
    """The versions a person may see, newest first. A viewer (``role`` None): approved versions, with
    the maker's role instead of an account name. An operator: those, plus every submission of its own
    scope (with names). A verifier or admin: everything."""
    table = history(connection)
    if role in ("verifikator", "admin"):
        return table
    own = pd.Series(False, index=table.index)
    if role == "operator":
        own = (table["wilayah_pengirim"].fillna("") == (kode_wilayah or "")) & (
            table["bidang_pengirim"].fillna("") == (kode_bidang or "")
        )
    shown = table[(table["status"] == STATUS_APPROVED) | own].copy()
    hidden = ~own.loc[shown.index]
    labels = shown["peran_pengirim"].map(MAKER_LABELS).fillna("Sistem")
    shown.loc[hidden, "pengguna"] = labels[hidden]
    shown.loc[hidden, "diputuskan_oleh"] = None
    return shown.reset_index(drop=True)


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """Key, values and the simulated flag, with codes as plain text (for merging)."""
    out = frame.reindex(columns=KEY_COLUMNS + VALUE_COLUMNS + ["simulasi"]).copy()
    for column in ("kode_wilayah", "kode_layanan"):
        out[column] = out[column].astype(str)
    out["simulasi"] = out["simulasi"].fillna(False).astype(bool)
    return out


def _restore_rows(target: pd.DataFrame, current: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows to write, rows to remove) that turn the ``current`` state into ``target``; both
    carry their ``simulasi`` flag."""
    merged = _keyed(target).merge(_keyed(current), on=KEY_COLUMNS, how="outer", suffixes=("", "_kini"), indicator=True)
    same = merged["simulasi"] == merged["simulasi_kini"]
    for column in VALUE_COLUMNS:
        same &= _same(merged[column], merged[column + "_kini"])
    write = merged[(merged["_merge"] == "left_only") | ((merged["_merge"] == "both") & ~same)]
    removed = merged[merged["_merge"] == "right_only"]
    removed = removed[KEY_COLUMNS + [c + "_kini" for c in VALUE_COLUMNS + ["simulasi"]]]
    removed.columns = KEY_COLUMNS + VALUE_COLUMNS + ["simulasi"]
    return write[KEY_COLUMNS + VALUE_COLUMNS + ["simulasi"]], removed


def rollback(engine: Engine, target_version: int, actor, note: str = "") -> dict:
    """A new approved version that restores the data as it was at ``target_version``."""
    with write_transaction(engine) as connection:
        actor = _check(connection, actor, NEED_EDITOR)
        user = actor.recorded_name
        record = version(connection, target_version)
        if record["status"] != STATUS_APPROVED:
            raise StoreError(
                f"Versi {target_version} belum/tidak disetujui; hanya versi yang disetujui dapat dipulihkan."
            )
        target = state(connection, as_of=target_version)
        current = state(connection)
        to_write, removed = _restore_rows(target, current)
        version_id = _new_version(
            connection,
            jenis=KIND_ROLLBACK,
            status=STATUS_APPROVED,
            pengguna=user,
            jumlah_baris=len(target),
            jumlah_baru=0,
            jumlah_berubah=len(to_write) + len(removed),
            jumlah_sama=max(len(target) - len(to_write), 0),
            catatan=note or f"Pemulihan ke versi {target_version}",
            dipulihkan_ke=target_version,
            diputuskan_oleh=user,
            diputuskan_pada=now(),
            catatan_keputusan="pemulihan",
            **submitter_fields(actor),
        )
        _insert_rows(connection, version_id, to_write, to_write["simulasi"].to_numpy(dtype=bool))
        _insert_rows(connection, version_id, removed, removed["simulasi"].to_numpy(dtype=bool), removed=True)
        log(connection, user, "pemulihan", f"versi {version_id} memulihkan versi {target_version}")
        return version(connection, version_id)


def remove_simulated(engine: Engine, actor) -> dict:
    """A new approved version that removes every simulated row from the current data (they stay
    in the history)."""
    with write_transaction(engine) as connection:
        actor = _check(connection, actor, NEED_ADMIN)
        user = actor.recorded_name
        current = state(connection)
        simulated = current[current["simulasi"]] if not current.empty else current
        if simulated.empty:
            raise StoreError("Tidak ada data simulasi yang tersisa.")
        version_id = _new_version(
            connection,
            jenis=KIND_REMOVE_SIMULATED,
            status=STATUS_APPROVED,
            pengguna=user,
            jumlah_baris=len(simulated),
            jumlah_baru=0,
            jumlah_berubah=len(simulated),
            jumlah_sama=len(current) - len(simulated),
            catatan="Data simulasi dihapus dari tampilan",
            diputuskan_oleh=user,
            diputuskan_pada=now(),
            catatan_keputusan="hapus data simulasi",
            **submitter_fields(actor),
        )
        _insert_rows(connection, version_id, simulated, True, removed=True)
        log(connection, user, "hapus_simulasi", f"versi {version_id}: {len(simulated)} baris")
        return version(connection, version_id)


def load_demo_if_empty(engine: Engine, data: pd.DataFrame, filename: str, sha256: str, simulated: bool) -> int | None:
    """Load the demonstration data as the first version, only into an empty database (checked
    under the write lock, so two app instances starting together load it once)."""
    with write_transaction(engine) as connection:
        if connection.execute(select(func.count()).select_from(versions)).scalar():
            return None
        version_id = _new_version(
            connection,
            jenis=KIND_DEMO,
            status=STATUS_APPROVED,
            nama_berkas=filename,
            sha256=sha256,
            pengguna="sistem",
            jumlah_baris=len(data),
            jumlah_baru=len(data),
            jumlah_berubah=0,
            jumlah_sama=0,
            catatan="Data awal" + (" (simulasi — bukan data resmi)" if simulated else ""),
            diputuskan_oleh="sistem",
            diputuskan_pada=now(),
            catatan_keputusan="data awal",
            **submitter_fields(SYSTEM),
        )
        _insert_rows(connection, version_id, data, simulated)
        log(connection, "sistem", "data_awal", f"versi {version_id}: {filename}")
        return version_id


# --- settings ----------------------------------------------------------------------------------


def set_setting(engine: Engine, key: str, value: str | None, actor) -> None:
    with write_transaction(engine) as connection:
        user = _check(connection, actor, NEED_ADMIN).recorded_name
        exists = connection.execute(select(settings.c.kunci).where(settings.c.kunci == key)).first()
        values = {"nilai": value, "diubah_oleh": user, "diubah_pada": now()}
        if exists:
            connection.execute(update(settings).where(settings.c.kunci == key).values(**values))
        else:
            connection.execute(insert(settings).values(kunci=key, **values))
        log(connection, user, "pengaturan", key)


# --- the audit log (admins) --------------------------------------------------------------------

AUDIT_ACTIONS = {
    "masuk": "Masuk",
    "masuk_gagal": "Gagal masuk",
    "masuk_ditahan": "Masuk ditahan (terkunci)",
    "masuk_dikunci": "Penguncian",
    "sandi_penonton_gagal": "Kata sandi penonton salah",
    "sandi_penonton_dikunci": "Penguncian kata sandi penonton",
    "ganti_sandi": "Ganti kata sandi",
    "atur_ulang_sandi": "Atur ulang kata sandi",
    "tambah_pengguna": "Tambah pengguna",
    "aktifkan_pengguna": "Aktifkan pengguna",
    "nonaktifkan_pengguna": "Nonaktifkan pengguna",
    "setujui": "Persetujuan",
    "tolak": "Penolakan",
    "kembalikan": "Dikembalikan untuk perbaikan",
    "tarik": "Kiriman ditarik",
    "pemulihan": "Pemulihan",
    "hapus_simulasi": "Hapus data simulasi",
    "pengaturan": "Pengaturan",
    "impor": "Impor",
}


def audit_log(connection: Connection, limit: int = 500) -> pd.DataFrame:
    """The newest ``limit`` entries of the activity log that an admin audits (AUDIT_ACTIONS, and
    everything done from the command line), newest first: waktu (UTC), pengguna, aksi, keterangan."""
    query = (
        select(activity.c.waktu, activity.c.pengguna, activity.c.aksi, activity.c.keterangan)
        .where(activity.c.aksi.in_(list(AUDIT_ACTIONS)) | activity.c.pengguna.like("cli:%"))
        .order_by(activity.c.id.desc())
        .limit(limit)
    )
    result = connection.execute(query)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))
