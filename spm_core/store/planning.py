"""Planning records kept beside the data: unit costs, the four stages of applying SPM, the action
plan, and problems with their follow-ups — plus when each region's rows were first stored (for
reporting timeliness).

Like the data, every record is append-only: a change is a new row with who and when, the current
value of a key is its newest row, and nothing is ever overwritten. Only editors (verifikator,
admin) may write; every write is one transaction under the store's write lock and is logged.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select

from ..auth import User
from ..gaps import STAGE_STATUSES, STAGES
from .accounts import NEED_ANY, NEED_EDITOR
from .engine import now, write_transaction
from .schema import action_plans, data_rows, problems, stages, unit_costs, versions
from .versions import KIND_APPROVAL, KIND_DEMO, KIND_IMPORT, STATUS_APPROVED, StoreError, _check, log

PROBLEM_STATUSES = ("terbuka", "proses", "selesai")
PROBLEM_FIELDS = ("permasalahan", "solusi", "tindak_lanjut", "penanggung_jawab", "tenggat", "status")


def _require_editor(user: User, what: str) -> None:
    if user is None or not user.can_approve:
        raise StoreError(f"Hanya verifikator atau admin yang dapat mengubah {what}.")


def _require_reporter(user: User, kode_wilayah: str, kode_bidang: str) -> None:
    """Problems are reported by the region or office they belong to (an operator, within its own
    region or sector) or by the Biro (verifikator/admin)."""
    if user is None:
        raise StoreError("Masuk terlebih dahulu untuk mencatat permasalahan.")
    if user.can_approve:
        return
    if (user.kode_wilayah and user.kode_wilayah != kode_wilayah) or (
        user.kode_bidang and user.kode_bidang != kode_bidang
    ):
        raise StoreError("Akun Anda hanya dapat mencatat permasalahan untuk wilayah atau bidang Anda sendiri.")


def _iso(value) -> str | None:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise StoreError(f"Tanggal {text!r} tidak terbaca (tulis TTTT-BB-HH).") from exc


def _frame(connection: Connection, query) -> pd.DataFrame:
    result = connection.execute(query)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _newest(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The newest row (highest id) of each key."""
    if frame.empty:
        return frame
    return frame.sort_values("id").drop_duplicates(key, keep="last").sort_values(key).reset_index(drop=True)


# --- unit costs -----------------------------------------------------------------------------------


def unit_cost_history(connection: Connection) -> pd.DataFrame:
    """Every unit-cost row ever written, newest first."""
    return _frame(connection, select(unit_costs).order_by(unit_costs.c.id.desc()))


def current_unit_costs(connection: Connection) -> pd.DataFrame:
    """The unit costs in force: per service (and region, blank = every region) the newest entry,
    without withdrawn ones. Columns: kode_layanan, kode_wilayah, biaya_satuan, sumber, catatan,
    pengguna, dibuat_pada."""
    frame = _frame(connection, select(unit_costs).order_by(unit_costs.c.id))
    columns = ["kode_layanan", "kode_wilayah", "biaya_satuan", "sumber", "catatan", "pengguna", "dibuat_pada"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["_wilayah"] = frame["kode_wilayah"].fillna("")
    frame = _newest(frame, ["kode_layanan", "_wilayah"])
    frame = frame[frame["biaya_satuan"].notna()]
    frame["biaya_satuan"] = frame["biaya_satuan"].astype("float64")
    return frame[columns].reset_index(drop=True)


def set_unit_cost(
    engine: Engine,
    user: User,
    kode_layanan: str,
    biaya_satuan: float | None,
    sumber: str,
    kode_wilayah: str | None = None,
    catatan: str | None = None,
) -> None:
    """Record a unit cost (rupiah per person served) for a service, for one region or (blank) for
    every region; ``biaya_satuan`` None withdraws the entry. The source is required."""
    _require_editor(user, "biaya satuan")
    sumber = (sumber or "").strip()
    if not sumber:
        raise StoreError("Sumber biaya satuan wajib diisi (mis. standar harga satuan daerah, tahun).")
    if biaya_satuan is not None and (pd.isna(biaya_satuan) or biaya_satuan <= 0):
        raise StoreError("Biaya satuan harus lebih dari nol (rupiah per penerima).")
    with write_transaction(engine) as connection:
        user = _check(connection, user, NEED_EDITOR)
        connection.execute(
            insert(unit_costs).values(
                kode_layanan=kode_layanan,
                kode_wilayah=kode_wilayah or None,
                biaya_satuan=None if biaya_satuan is None else round(biaya_satuan),
                sumber=sumber,
                catatan=(catatan or "").strip() or None,
                pengguna=user.recorded_name,
                dibuat_pada=now(),
            )
        )
        what = "cabut" if biaya_satuan is None else f"Rp{round(biaya_satuan)}"
        log(connection, user.recorded_name, "biaya_satuan", f"{kode_layanan} {kode_wilayah or 'semua wilayah'}: {what}")


# --- the four stages and the action plan -----------------------------------------------------------


def _check_stage(tahap: int, status: str) -> None:
    if int(tahap) not in STAGES:
        raise StoreError("Tahap harus 1, 2, 3 atau 4.")
    if status not in STAGE_STATUSES:
        raise StoreError(f"Status harus salah satu dari: {', '.join(STAGE_STATUSES)}.")


def current_stages(connection: Connection, tahun: int) -> pd.DataFrame:
    """The newest status of each region × sector × stage of a year."""
    frame = _frame(connection, select(stages).where(stages.c.tahun == tahun))
    return _newest(frame, ["kode_wilayah", "kode_bidang", "tahap"])


def set_stage(
    engine: Engine,
    user: User,
    tahun: int,
    kode_wilayah: str,
    kode_bidang: str,
    tahap: int,
    status: str,
    tanggal=None,
    catatan: str | None = None,
) -> None:
    _require_editor(user, "status tahapan")
    _check_stage(tahap, status)
    with write_transaction(engine) as connection:
        user = _check(connection, user, NEED_EDITOR)
        connection.execute(
            insert(stages).values(
                tahun=int(tahun),
                kode_wilayah=kode_wilayah,
                kode_bidang=kode_bidang,
                tahap=int(tahap),
                status=status,
                tanggal=_iso(tanggal),
                catatan=(catatan or "").strip() or None,
                pengguna=user.recorded_name,
                dibuat_pada=now(),
            )
        )
        log(connection, user.recorded_name, "tahapan", f"{tahun} {kode_wilayah} {kode_bidang} tahap {tahap}: {status}")


def import_stages(engine: Engine, user: User, rows: pd.DataFrame, filename: str | None = None) -> int:
    """Store the clean rows of a stage file (``gaps.read_stage_table``) in one transaction."""
    _require_editor(user, "status tahapan")
    if rows.empty:
        raise StoreError("Berkas tidak berisi baris tahapan.")
    moment = now()
    records = []
    for row in rows.itertuples(index=False):
        _check_stage(row.tahap, row.status)
        records.append(
            {
                "tahun": int(row.tahun),
                "kode_wilayah": row.kode_wilayah,
                "kode_bidang": row.kode_bidang,
                "tahap": int(row.tahap),
                "status": row.status,
                "tanggal": _iso(row.tanggal),
                "catatan": row.catatan if isinstance(row.catatan, str) and row.catatan else None,
                "pengguna": user.recorded_name,
                "dibuat_pada": moment,
            }
        )
    with write_transaction(engine) as connection:
        user = _check(connection, user, NEED_EDITOR)
        connection.execute(insert(stages), records)
        log(connection, user.recorded_name, "impor_tahapan", f"{filename or '-'} ({len(records)} baris)")
    return len(records)


def current_action_plans(connection: Connection, tahun: int) -> pd.DataFrame:
    frame = _frame(connection, select(action_plans).where(action_plans.c.tahun == tahun))
    return _newest(frame, ["kode_wilayah", "kode_bidang"])


def set_action_plan(
    engine: Engine,
    user: User,
    tahun: int,
    kode_wilayah: str,
    kode_bidang: str,
    ditetapkan: bool,
    tanggal=None,
    catatan: str | None = None,
) -> None:
    _require_editor(user, "rencana aksi")
    with write_transaction(engine) as connection:
        user = _check(connection, user, NEED_EDITOR)
        connection.execute(
            insert(action_plans).values(
                tahun=int(tahun),
                kode_wilayah=kode_wilayah,
                kode_bidang=kode_bidang,
                ditetapkan=bool(ditetapkan),
                tanggal=_iso(tanggal),
                catatan=(catatan or "").strip() or None,
                pengguna=user.recorded_name,
                dibuat_pada=now(),
            )
        )
        log(
            connection,
            user.recorded_name,
            "rencana_aksi",
            f"{tahun} {kode_wilayah} {kode_bidang}: {'ditetapkan' if ditetapkan else 'belum ditetapkan'}",
        )


# --- problems and follow-ups -----------------------------------------------------------------------


def add_problem(
    engine: Engine,
    user: User,
    *,
    tahun: int,
    triwulan: int,
    kode_wilayah: str,
    kode_bidang: str,
    permasalahan: str,
    solusi: str | None = None,
    tindak_lanjut: str | None = None,
    penanggung_jawab: str | None = None,
    tenggat=None,
    status: str = "terbuka",
) -> int:
    """A new problem (with its solution and follow-up); returns its number. An operator may report
    one for its own region or sector; the follow-ups agreed in meetings are the Biro's
    (``update_problem``)."""
    _require_reporter(user, kode_wilayah, kode_bidang)
    if not (permasalahan or "").strip():
        raise StoreError("Uraian permasalahan wajib diisi.")
    if status not in PROBLEM_STATUSES:
        raise StoreError(f"Status harus salah satu dari: {', '.join(PROBLEM_STATUSES)}.")
    with write_transaction(engine) as connection:
        user = _check(connection, user, NEED_ANY)
        number = (connection.execute(select(func.max(problems.c.nomor))).scalar() or 0) + 1
        connection.execute(
            insert(problems).values(
                nomor=number,
                tahun=int(tahun),
                triwulan=int(triwulan),
                kode_wilayah=kode_wilayah,
                kode_bidang=kode_bidang,
                permasalahan=permasalahan.strip(),
                solusi=(solusi or "").strip() or None,
                tindak_lanjut=(tindak_lanjut or "").strip() or None,
                penanggung_jawab=(penanggung_jawab or "").strip() or None,
                tenggat=_iso(tenggat),
                status=status,
                pengguna=user.recorded_name,
                dibuat_pada=now(),
            )
        )
        log(
            connection,
            user.recorded_name,
            "permasalahan",
            f"no. {number} {tahun}/{triwulan} {kode_wilayah} {kode_bidang}",
        )
    return number


def update_problem(engine: Engine, user: User, nomor: int, **changes) -> None:
    """A new version of problem ``nomor``: its newest row with ``changes`` (any of
    PROBLEM_FIELDS) applied."""
    _require_editor(user, "permasalahan dan tindak lanjut")
    unknown = set(changes) - set(PROBLEM_FIELDS)
    if unknown:
        raise StoreError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}")
    if "status" in changes and changes["status"] not in PROBLEM_STATUSES:
        raise StoreError(f"Status harus salah satu dari: {', '.join(PROBLEM_STATUSES)}.")
    with write_transaction(engine) as connection:
        user = _check(connection, user, NEED_EDITOR)
        latest = (
            connection.execute(
                select(problems).where(problems.c.nomor == nomor).order_by(problems.c.id.desc()).limit(1)
            )
            .mappings()
            .first()
        )
        if latest is None:
            raise StoreError(f"Permasalahan no. {nomor} tidak ada.")
        record = {k: v for k, v in latest.items() if k != "id"}
        for key, value in changes.items():
            record[key] = (
                _iso(value)
                if key == "tenggat"
                else ((value or "").strip() or None if isinstance(value, str) or value is None else value)
            )
        if not record["permasalahan"]:
            raise StoreError("Uraian permasalahan wajib diisi.")
        record.update(pengguna=user.recorded_name, dibuat_pada=now())
        connection.execute(insert(problems).values(**record))
        log(connection, user.recorded_name, "tindak_lanjut", f"no. {nomor}: {', '.join(sorted(changes))}")


def current_problems(connection: Connection, tahun: int | None = None) -> pd.DataFrame:
    """The newest version of every problem (of a year), by number."""
    query = select(problems)
    if tahun is not None:
        query = query.where(problems.c.tahun == tahun)
    return _newest(_frame(connection, query), ["nomor"])


# --- when data were first stored -------------------------------------------------------------------


def submissions(connection: Connection) -> pd.DataFrame:
    """Per approved import (or initial load) version and region × period: the version, its
    ``dibuat_pada`` (when it was submitted), its kind and how many rows it holds (removals not
    counted; rollbacks and removals of simulated data are not submissions). The input of
    ``gaps.first_submissions``."""
    query = (
        select(
            versions.c.id.label("versi_id"),
            versions.c.dibuat_pada,
            versions.c.jenis,
            data_rows.c.tahun,
            data_rows.c.triwulan,
            data_rows.c.kode_wilayah,
            func.count().label("jumlah_baris"),
        )
        .join(versions, versions.c.id == data_rows.c.versi_id)
        .where(
            versions.c.status == STATUS_APPROVED,
            versions.c.jenis.in_([KIND_IMPORT, KIND_DEMO, KIND_APPROVAL]),
            data_rows.c.dihapus.is_(False),
        )
        .group_by(
            versions.c.id,
            versions.c.dibuat_pada,
            versions.c.jenis,
            data_rows.c.tahun,
            data_rows.c.triwulan,
            data_rows.c.kode_wilayah,
        )
        .order_by(versions.c.id)
    )
    return _frame(connection, query)
