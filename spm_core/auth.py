"""Users, roles and passwords, as a provincial office works.

- *operator*: belongs to one kab/kota (``kode_wilayah``) or one sector office (``kode_bidang``)
  and may submit data only for it; a submission waits for a verifier.
- *verifikator* (the Biro): approves or rejects submissions, may import directly and roll back.
- *admin*: everything, plus users and settings.

Passwords are stored as Argon2id hashes (argon2-cffi), never in clear, and are hashed or checked
outside the write lock and outside any open transaction (at most ``CONCURRENT_CHECKS`` at once per
process). Wrong passwords are counted per account *and client* (a browser and its address) in
the database, so every worker sees them: after ``FREE_ATTEMPTS`` wrong passwords in a row that
client is locked out of that account for a time that doubles with each further failure (up to
``MAX_LOCK``). Another client is not locked out: while the account is being guessed at, a client
without failures waits at most ``ACCOUNT_DELAY`` before its password is checked. The viewer
password is limited the same way (per client).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, insert, select, update

from .catalog import Catalog
from .intake.problems import Problem
from .store.accounts import (
    NEED_ADMIN,
    AccountError,
    SystemActor,
    _aware,
    checked_actor,
    keyed_hash,
    log_key,
    masked_name,
    prune_login_log,
)
from .store.engine import now, write_transaction
from .store.schema import login_failures, users
from .store.sessions import end_account_sessions, renew_login_time
from .store.versions import log

ROLE_OPERATOR, ROLE_VERIFIER, ROLE_ADMIN = "operator", "verifikator", "admin"
ROLES = (ROLE_OPERATOR, ROLE_VERIFIER, ROLE_ADMIN)
ROLE_LABELS = {ROLE_OPERATOR: "Operator", ROLE_VERIFIER: "Verifikator (Biro)", ROLE_ADMIN: "Admin"}
MIN_PASSWORD = 10
FREE_ATTEMPTS = 3
FIRST_LOCK = timedelta(seconds=5)
MAX_LOCK = timedelta(minutes=15)
ACCOUNT_DELAY = 2.0  # seconds a client without failures waits while its account is being guessed at
ATTACK_WINDOW = timedelta(minutes=15)
CONCURRENT_CHECKS = 2
VIEWER_ACCOUNT = "*penonton*"  # the failure counters of the viewer password

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("bukan-sandi-siapa-pun")  # verify against it when the user is unknown
_checks = threading.BoundedSemaphore(CONCURRENT_CHECKS)


class AuthError(ValueError):
    """Login or user management refused, with a message in Bahasa Indonesia."""


@dataclass(frozen=True)
class User:
    nama: str
    peran: str
    kode_wilayah: str | None = None
    kode_bidang: str | None = None
    masuk_pada: datetime | None = None  # when this session logged in (a later password change ends it)
    wajib_ganti_sandi: bool = False  # after an admin's reset: choose a new password first
    via: str | None = None  # "cli:<login>" when the command line acts as this account

    @property
    def can_approve(self) -> bool:
        return self.peran in (ROLE_VERIFIER, ROLE_ADMIN)

    @property
    def can_rollback(self) -> bool:
        return self.peran in (ROLE_VERIFIER, ROLE_ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.peran == ROLE_ADMIN

    @property
    def imports_are_approved(self) -> bool:
        """A verifier's or an admin's import counts at once; an operator's waits."""
        return self.peran in (ROLE_VERIFIER, ROLE_ADMIN)

    @property
    def recorded_name(self) -> str:
        return f"{self.via} as {self.nama}" if self.via else self.nama

    def scope_text(self, catalog: Catalog) -> str:
        parts = []
        if self.kode_wilayah:
            parts.append(catalog.regions.names.get(self.kode_wilayah, self.kode_wilayah))
        if self.kode_bidang:
            parts.append(catalog.sector_names.get(self.kode_bidang, self.kode_bidang))
        return ", ".join(parts) if parts else "semua wilayah dan bidang"


def _hash(password: str) -> str:
    with _checks:
        return _hasher.hash(password)


def _verify(password_hash: str | None, password: str) -> bool:
    with _checks:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    return _hash(password)


def _user_of(row, at: datetime | None = None) -> User:
    return User(
        row.nama,
        row.peran,
        row.kode_wilayah,
        row.kode_bidang,
        masuk_pada=at,
        wajib_ganti_sandi=bool(row.wajib_ganti_sandi),
    )


def _admin(connection, by) -> str:
    try:
        return checked_actor(connection, by, NEED_ADMIN).recorded_name
    except AccountError as exc:
        raise AuthError(str(exc)) from exc


def add_user(
    engine: Engine,
    name: str,
    password: str,
    role: str,
    *,
    kode_wilayah: str | None = None,
    kode_bidang: str | None = None,
    by=SystemActor("sistem"),
) -> User:
    name = name.strip()
    if not name:
        raise AuthError("Nama pengguna wajib diisi.")
    if role not in ROLES:
        raise AuthError(f"Peran harus salah satu dari: {', '.join(ROLES)}.")
    if role == ROLE_OPERATOR and not (kode_wilayah or kode_bidang):
        raise AuthError("Operator harus terikat pada satu wilayah atau satu bidang.")
    password_hash = hash_password(password)  # outside the lock
    with write_transaction(engine) as connection:
        who = _admin(connection, by)
        if connection.execute(select(users.c.id).where(users.c.nama == name)).first():
            raise AuthError(f"Pengguna '{name}' sudah ada; gunakan atur ulang kata sandi.")
        connection.execute(
            insert(users).values(
                nama=name,
                hash_sandi=password_hash,
                peran=role,
                kode_wilayah=kode_wilayah or None,
                kode_bidang=kode_bidang or None,
                aktif=True,
                gagal_berturut=0,
                dibuat_pada=now(),
                wajib_ganti_sandi=False,
            )
        )
        log(connection, who, "tambah_pengguna", f"{name} ({role})")
    return User(name, role, kode_wilayah or None, kode_bidang or None)


def reset_password(engine: Engine, name: str, password: str, by=SystemActor("sistem")) -> None:
    """A new password chosen by an admin: the account's open sessions end, the user must choose a
    password of their own at the next login, and a deactivated account stays deactivated."""
    password_hash = hash_password(password)
    with write_transaction(engine) as connection:
        who = _admin(connection, by)
        done = connection.execute(
            update(users)
            .where(users.c.nama == name)
            .values(
                hash_sandi=password_hash,
                gagal_berturut=0,
                terkunci_sampai=None,
                sandi_diubah_pada=now(),
                wajib_ganti_sandi=True,
            )
        )
        if not done.rowcount:
            raise AuthError(f"Pengguna '{name}' tidak ada.")
        connection.execute(delete(login_failures).where(login_failures.c.akun == keyed_hash(log_key(connection), name)))
        end_account_sessions(connection, name)  # every browser of the account logs in again
        log(connection, who, "atur_ulang_sandi", name)


def change_password(engine: Engine, user: User, old: str, new: str, session: str | None = None) -> User:
    """The user chooses a new password (the old one must be right); returns the session's user,
    logged in anew. Every other session of the account ends; the stored session ``session`` (its
    token hash) that made the change stays logged in."""
    if new == old:
        raise AuthError("Kata sandi baru harus berbeda dari yang lama.")
    new_hash = hash_password(new)
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.nama == user.nama)).first()
    if row is None or not row.aktif or not _verify(row.hash_sandi, old):
        raise AuthError("Kata sandi lama salah.")
    with write_transaction(engine, changes_view=False) as connection:
        moment = now()
        done = connection.execute(
            update(users)
            .where(users.c.nama == user.nama, users.c.aktif, users.c.hash_sandi == row.hash_sandi)
            .values(hash_sandi=new_hash, sandi_diubah_pada=moment, wajib_ganti_sandi=False)
        )
        if not done.rowcount:
            raise AuthError("Akun berubah sementara itu; masuk lagi.")
        end_account_sessions(connection, user.nama, keep=session)
        if session:
            renew_login_time(connection, session, moment)
        log(connection, user.nama, "ganti_sandi", "")
    return replace(user, masuk_pada=moment, wajib_ganti_sandi=False)


def set_active(engine: Engine, name: str, active: bool, by=SystemActor("sistem")) -> None:
    with write_transaction(engine) as connection:
        who = _admin(connection, by)
        if not active and getattr(by, "nama", None) == name and not isinstance(by, SystemActor):
            raise AuthError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
        done = connection.execute(update(users).where(users.c.nama == name).values(aktif=active))
        if not done.rowcount:
            raise AuthError(f"Pengguna '{name}' tidak ada.")
        if not active:
            end_account_sessions(connection, name)
        log(connection, who, "aktifkan_pengguna" if active else "nonaktifkan_pengguna", name)


def list_users(engine: Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        result = connection.execute(
            select(
                users.c.nama,
                users.c.peran,
                users.c.kode_wilayah,
                users.c.kode_bidang,
                users.c.aktif,
                users.c.wajib_ganti_sandi,
                users.c.dibuat_pada,
            ).order_by(users.c.nama)
        )
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def find_user(engine: Engine, name: str) -> User | None:
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.nama == name, users.c.aktif)).first()
    return _user_of(row, now()) if row else None


def _lock_for(failures: int) -> timedelta:
    extra = failures - FREE_ATTEMPTS
    return min(FIRST_LOCK * (2 ** max(extra, 0)), MAX_LOCK)


@dataclass(frozen=True)
class _Attempt:
    key: bytes
    account: str  # keyed hash of the name
    client: str  # keyed hash of the client
    failures: int  # this client's failures on this account
    locked_until: datetime | None
    others_failing: bool  # other clients failed on this account lately


def _attempt(connection, name: str, client: str, at: datetime) -> _Attempt:
    key = log_key(connection)
    account, client_hash = keyed_hash(key, name), keyed_hash(key, client)
    mine = connection.execute(
        select(login_failures).where(login_failures.c.akun == account, login_failures.c.klien == client_hash)
    ).first()
    others = connection.execute(
        select(func.coalesce(func.sum(login_failures.c.jumlah), 0)).where(
            login_failures.c.akun == account,
            login_failures.c.klien != client_hash,
            login_failures.c.terakhir > at - ATTACK_WINDOW,
        )
    ).scalar()
    return _Attempt(
        key,
        account,
        client_hash,
        mine.jumlah if mine else 0,
        _aware(mine.terkunci_sampai) if mine else None,
        int(others or 0) >= FREE_ATTEMPTS,
    )


def _record_failure(connection, attempt: _Attempt, at: datetime) -> datetime | None:
    """Count one more failure of this client on this account (in the database, every worker sees
    it); returns the lock's end when it now locks."""
    row = connection.execute(
        select(login_failures).where(login_failures.c.akun == attempt.account, login_failures.c.klien == attempt.client)
    ).first()
    failures = (row.jumlah if row else 0) + 1
    lock = at + _lock_for(failures) if failures >= FREE_ATTEMPTS else None
    if row:
        connection.execute(
            update(login_failures)
            .where(login_failures.c.id == row.id)
            .values(jumlah=failures, terkunci_sampai=lock, terakhir=at)
        )
    else:
        connection.execute(
            insert(login_failures).values(
                akun=attempt.account, klien=attempt.client, jumlah=failures, terkunci_sampai=lock, terakhir=at
            )
        )
    connection.execute(delete(login_failures).where(login_failures.c.terakhir < at - timedelta(days=1)))
    prune_login_log(connection, at)
    return lock


def _locked_message(locked_until: datetime, at: datetime) -> str:
    seconds = int((locked_until - at).total_seconds()) + 1
    return f"Terlalu banyak percobaan yang salah. Coba lagi dalam {seconds} detik."


def login(
    engine: Engine, name: str, password: str, at: datetime | None = None, client: str = "", sleep=time.sleep
) -> User:
    """The user, when the password is right and the account is active and this client is not
    locked out of it. The password is checked outside any transaction and outside the write lock;
    the outcome is then recorded in one short transaction that does not change the data generation."""
    at = at or now()
    name = name.strip()
    with engine.connect() as connection:
        attempt = _attempt(connection, name, client, at)
        row = connection.execute(select(users).where(users.c.nama == name)).first()
    if attempt.locked_until and attempt.locked_until > at:
        with write_transaction(engine, changes_view=False) as connection:
            log(
                connection,
                row.nama if row else masked_name(attempt.key, name),
                "masuk_ditahan",
                f"klien #{attempt.client[:8]}",
            )
        raise AuthError(_locked_message(attempt.locked_until, at))
    if attempt.others_failing and not attempt.failures:
        sleep(ACCOUNT_DELAY)  # someone else is guessing at this account: slow, but never locked out
    known = row is not None and row.aktif
    right = _verify(row.hash_sandi if known else None, password)
    new_hash = _hash(password) if right and _hasher.check_needs_rehash(row.hash_sandi) else None
    with write_transaction(engine, changes_view=False) as connection:
        if not right:
            lock = _record_failure(connection, attempt, at)
            who = row.nama if row is not None else masked_name(attempt.key, name)
            log(
                connection,
                who,
                "masuk_gagal",
                "pengguna tidak dikenal atau nonaktif"
                if not known
                else f"percobaan salah ke-{attempt.failures + 1} dari klien #{attempt.client[:8]}",
            )
            if lock:
                log(
                    connection, who, "masuk_dikunci", f"klien #{attempt.client[:8]} sampai {lock:%Y-%m-%d %H:%M:%S} UTC"
                )
        else:
            connection.execute(
                delete(login_failures).where(
                    login_failures.c.akun == attempt.account, login_failures.c.klien == attempt.client
                )
            )
            if new_hash:
                connection.execute(
                    update(users)
                    .where(users.c.id == row.id, users.c.hash_sandi == row.hash_sandi)
                    .values(hash_sandi=new_hash)
                )
            log(connection, row.nama, "masuk", f"klien #{attempt.client[:8]}")
    if not right:
        raise AuthError("Nama pengguna atau kata sandi salah.")
    return _user_of(row, at)


def check_password(password_hash: str | None, password: str) -> bool:
    """A password against a hash (no counting; see ``check_viewer_password``)."""
    if not password_hash:
        return False
    return _verify(password_hash, password)


def check_viewer_password(
    engine: Engine, password_hash: str | None, password: str, client: str = "", at: datetime | None = None
) -> bool:
    """The viewer password, limited like a login: per client, FREE_ATTEMPTS wrong ones, then a
    growing lock (AuthError says how long)."""
    at = at or now()
    with engine.connect() as connection:
        attempt = _attempt(connection, VIEWER_ACCOUNT, client, at)
    if attempt.locked_until and attempt.locked_until > at:
        raise AuthError(_locked_message(attempt.locked_until, at))
    right = check_password(password_hash, password)
    if not right:
        with write_transaction(engine, changes_view=False) as connection:
            lock = _record_failure(connection, attempt, at)
            log(connection, None, "sandi_penonton_gagal", f"klien #{attempt.client[:8]}")
            if lock:
                log(connection, None, "sandi_penonton_dikunci", f"klien #{attempt.client[:8]}")
    elif attempt.failures:
        with write_transaction(engine, changes_view=False) as connection:
            connection.execute(
                delete(login_failures).where(
                    login_failures.c.akun == attempt.account, login_failures.c.klien == attempt.client
                )
            )
    return right


def scope_problems(user: User, data: pd.DataFrame, catalog: Catalog) -> list[Problem]:
    """Rows outside an operator's own region or sector, one problem per row (nothing is stored
    when there is any)."""
    if user.peran != ROLE_OPERATOR:
        return []
    problems = []
    sectors = data["kode_layanan"].astype(str).map(catalog.service_sector)
    regions = data["kode_wilayah"].astype(str)
    rows = data["baris"] if "baris" in data.columns else pd.Series(range(2, len(data) + 2), index=data.index)
    if user.kode_wilayah:
        name = catalog.regions.names.get(user.kode_wilayah, user.kode_wilayah)
        for row, region in zip(rows[regions != user.kode_wilayah], regions[regions != user.kode_wilayah]):
            problems.append(
                Problem(
                    f"Akun Anda hanya boleh mengirim data {name}; baris ini untuk "
                    f"{catalog.regions.names.get(region, region)}.",
                    int(row),
                    "kode_wilayah",
                    region,
                )
            )
    if user.kode_bidang:
        name = catalog.sector_names.get(user.kode_bidang, user.kode_bidang)
        outside = sectors != user.kode_bidang
        for row, code in zip(rows[outside], data.loc[outside, "kode_layanan"].astype(str)):
            problems.append(
                Problem(
                    f"Akun Anda hanya boleh mengirim data bidang {name}; layanan {code} bukan bidang itu.",
                    int(row),
                    "kode_layanan",
                    code,
                )
            )
    return sorted(problems, key=lambda p: p.baris or 0)
