"""Users, roles and passwords, as a provincial office works.

- *operator*: belongs to one kab/kota (``kode_wilayah``) or one sector office (``kode_bidang``)
  and may submit data only for it; a submission waits for a verifier.
- *verifikator* (the Biro): approves or rejects submissions, may import directly and roll back.
- *admin*: everything, plus users and settings.

Passwords are stored as Argon2id hashes (argon2-cffi), never in clear. After
``FREE_ATTEMPTS`` wrong passwords in a row an account is locked for a time that doubles with each
further failure (up to ``MAX_LOCK``): guessing is slowed down without locking anyone out for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, insert, select, update

from .catalog import Catalog
from .problems import Problem
from .store.engine import now, write_transaction
from .store.schema import users
from .store.versions import log

ROLE_OPERATOR, ROLE_VERIFIER, ROLE_ADMIN = "operator", "verifikator", "admin"
ROLES = (ROLE_OPERATOR, ROLE_VERIFIER, ROLE_ADMIN)
ROLE_LABELS = {ROLE_OPERATOR: "Operator", ROLE_VERIFIER: "Verifikator (Biro)", ROLE_ADMIN: "Admin"}
MIN_PASSWORD = 10
FREE_ATTEMPTS = 3
FIRST_LOCK = timedelta(seconds=5)
MAX_LOCK = timedelta(minutes=15)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("bukan-sandi-siapa-pun")  # verify against it when the user is unknown


class AuthError(ValueError):
    """Login or user management refused, with a message in Bahasa Indonesia."""


@dataclass(frozen=True)
class User:
    nama: str
    peran: str
    kode_wilayah: str | None = None
    kode_bidang: str | None = None

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

    def scope_text(self, catalog: Catalog) -> str:
        parts = []
        if self.kode_wilayah:
            parts.append(catalog.regions.names.get(self.kode_wilayah, self.kode_wilayah))
        if self.kode_bidang:
            parts.append(catalog.sector_names.get(self.kode_bidang, self.kode_bidang))
        return ", ".join(parts) if parts else "semua wilayah dan bidang"


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    return _hasher.hash(password)


def _user_of(row) -> User:
    return User(row.nama, row.peran, row.kode_wilayah, row.kode_bidang)


def add_user(engine: Engine, name: str, password: str, role: str, *, kode_wilayah: str | None = None,
             kode_bidang: str | None = None, by: str = "sistem") -> User:
    name = name.strip()
    if not name:
        raise AuthError("Nama pengguna wajib diisi.")
    if role not in ROLES:
        raise AuthError(f"Peran harus salah satu dari: {', '.join(ROLES)}.")
    if role == ROLE_OPERATOR and not (kode_wilayah or kode_bidang):
        raise AuthError("Operator harus terikat pada satu wilayah atau satu bidang.")
    password_hash = hash_password(password)
    with write_transaction(engine) as connection:
        if connection.execute(select(users.c.id).where(users.c.nama == name)).first():
            raise AuthError(f"Pengguna '{name}' sudah ada; gunakan atur ulang kata sandi.")
        connection.execute(insert(users).values(
            nama=name, hash_sandi=password_hash, peran=role, kode_wilayah=kode_wilayah or None,
            kode_bidang=kode_bidang or None, aktif=True, gagal_berturut=0, dibuat_pada=now()))
        log(connection, by, "tambah_pengguna", f"{name} ({role})")
    return User(name, role, kode_wilayah or None, kode_bidang or None)


def reset_password(engine: Engine, name: str, password: str, by: str = "sistem") -> None:
    password_hash = hash_password(password)
    with write_transaction(engine) as connection:
        done = connection.execute(update(users).where(users.c.nama == name).values(
            hash_sandi=password_hash, gagal_berturut=0, terkunci_sampai=None, aktif=True))
        if not done.rowcount:
            raise AuthError(f"Pengguna '{name}' tidak ada.")
        log(connection, by, "atur_ulang_sandi", name)


def set_active(engine: Engine, name: str, active: bool, by: str) -> None:
    with write_transaction(engine) as connection:
        done = connection.execute(update(users).where(users.c.nama == name).values(aktif=active))
        if not done.rowcount:
            raise AuthError(f"Pengguna '{name}' tidak ada.")
        log(connection, by, "aktifkan_pengguna" if active else "nonaktifkan_pengguna", name)


def list_users(engine: Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        result = connection.execute(
            select(users.c.nama, users.c.peran, users.c.kode_wilayah, users.c.kode_bidang, users.c.aktif,
                   users.c.gagal_berturut, users.c.dibuat_pada).order_by(users.c.nama))
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def find_user(engine: Engine, name: str) -> User | None:
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.nama == name, users.c.aktif)).first()
    return _user_of(row) if row else None


def _lock_for(failures: int) -> timedelta:
    extra = failures - FREE_ATTEMPTS
    return min(FIRST_LOCK * (2 ** max(extra, 0)), MAX_LOCK)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)  # SQLite hands back naive UTC times
    return moment


def login(engine: Engine, name: str, password: str, at: datetime | None = None) -> User:
    """The user, when the password is right and the account is neither locked nor inactive.
    Every wrong password is counted; from the FREE_ATTEMPTS-th on the account is locked for a
    growing time. (The failure is recorded in its own committed transaction before the refusal
    is raised.)"""
    at = at or now()
    refusal = None
    with write_transaction(engine, changes_view=False) as connection:
        row = connection.execute(select(users).where(users.c.nama == name.strip())).first()
        if row is None or not row.aktif:
            try:
                _hasher.verify(_DUMMY_HASH, password)  # same cost as a real check
            except VerificationError:
                pass
            log(connection, name, "masuk_gagal", "pengguna tidak dikenal atau nonaktif")
            refusal = "Nama pengguna atau kata sandi salah."
        elif (locked_until := _aware(row.terkunci_sampai)) and locked_until > at:
            seconds = int((locked_until - at).total_seconds()) + 1
            log(connection, row.nama, "masuk_ditahan", f"terkunci {seconds} detik lagi")
            refusal = f"Terlalu banyak percobaan yang salah. Coba lagi dalam {seconds} detik."
        else:
            try:
                _hasher.verify(row.hash_sandi, password)
            except (VerificationError, InvalidHashError):
                failures = row.gagal_berturut + 1
                lock = at + _lock_for(failures) if failures >= FREE_ATTEMPTS else None
                connection.execute(update(users).where(users.c.id == row.id).values(
                    gagal_berturut=failures, terkunci_sampai=lock))
                log(connection, row.nama, "masuk_gagal", f"percobaan salah ke-{failures}")
                refusal = "Nama pengguna atau kata sandi salah."
            else:
                values = {"gagal_berturut": 0, "terkunci_sampai": None}
                if _hasher.check_needs_rehash(row.hash_sandi):
                    values["hash_sandi"] = _hasher.hash(password)
                connection.execute(update(users).where(users.c.id == row.id).values(**values))
                log(connection, row.nama, "masuk", "")
    if refusal:
        raise AuthError(refusal)
    return _user_of(row)


def check_password(password_hash: str | None, password: str) -> bool:
    """For the optional viewer password (a hash kept in the settings)."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


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
            problems.append(Problem(f"Akun Anda hanya boleh mengirim data {name}; baris ini untuk "
                                    f"{catalog.regions.names.get(region, region)}.", int(row), "kode_wilayah", region))
    if user.kode_bidang:
        name = catalog.sector_names.get(user.kode_bidang, user.kode_bidang)
        outside = sectors != user.kode_bidang
        for row, code in zip(rows[outside], data.loc[outside, "kode_layanan"].astype(str)):
            problems.append(Problem(f"Akun Anda hanya boleh mengirim data bidang {name}; layanan {code} "
                                    "bukan bidang itu.", int(row), "kode_layanan", code))
    return sorted(problems, key=lambda p: p.baris or 0)
