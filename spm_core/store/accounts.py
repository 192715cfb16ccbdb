"""Who acts on the store, checked on the server inside the write transaction of every privileged
action: the account must exist, be active, have the role and scope the session believes, and its
password must not have been changed (or reset) since the session logged in. A bare user name is
never trusted: a write is made by a ``User`` (a logged-in account, checked here) or by a
``SystemActor`` (the server itself: the first load, the command line without ``--user``).

Also here: the keyed hash used for login names and clients, and the login log's bound."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, select

from .schema import activity, settings, users

LOG_KEY_SETTING = "kunci_log_masuk"
LOGIN_LOG_DAYS = 90
LOGIN_ACTIONS = (
    "masuk",
    "masuk_gagal",
    "masuk_ditahan",
    "masuk_dikunci",
    "sandi_penonton_gagal",
    "sandi_penonton_dikunci",
)

NEED_ANY, NEED_EDITOR, NEED_ADMIN = "akun", "editor", "admin"


class AccountError(ValueError):
    """The session's account may not do this (any more); nothing was changed. Message in Indonesian."""


@dataclass(frozen=True)
class SystemActor:
    """The server itself (the first load, a scheduled load, the command line without ``--user``):
    whoever can run code on the server. Recorded under ``nama`` (``sistem``, ``cli:<login>``)."""

    nama: str
    peran: str = "sistem"
    kode_wilayah: str | None = None
    kode_bidang: str | None = None

    can_approve = True
    can_rollback = True
    is_admin = True
    imports_are_approved = True

    @property
    def recorded_name(self) -> str:
        return self.nama


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC times
    return moment


def checked_actor(connection: Connection, actor, need: str = NEED_ANY):
    """``actor`` as the database knows it now (the same object for a SystemActor), or
    AccountError. Call it inside the write transaction of the action it permits."""
    if isinstance(actor, SystemActor):
        return actor
    if isinstance(actor, str) or not hasattr(actor, "peran"):
        raise TypeError("A store action needs a User or a SystemActor, never a bare name.")
    row = connection.execute(select(users).where(users.c.nama == actor.nama)).first()
    expired = "Sesi Anda tidak berlaku lagi (akun diubah, dinonaktifkan atau kata sandinya diatur ulang). Masuk lagi."
    if row is None or not row.aktif:
        raise AccountError(expired)
    if (row.peran, row.kode_wilayah or None, row.kode_bidang or None) != (
        actor.peran,
        actor.kode_wilayah or None,
        actor.kode_bidang or None,
    ):
        raise AccountError(expired)
    changed = _aware(row.sandi_diubah_pada)
    logged_in = _aware(getattr(actor, "masuk_pada", None))
    if changed is not None and (logged_in is None or changed > logged_in):
        raise AccountError(expired)
    if row.wajib_ganti_sandi:
        raise AccountError("Ganti kata sandi Anda terlebih dahulu.")
    if need == NEED_EDITOR and not actor.can_approve:
        raise AccountError("Hanya verifikator atau admin yang boleh melakukan ini.")
    if need == NEED_ADMIN and not actor.is_admin:
        raise AccountError("Hanya admin yang boleh melakukan ini.")
    return actor


def recorded_name(actor) -> str:
    """The name a version or the log records for ``actor`` (``cli:root as biro`` for the command
    line acting as an account)."""
    return actor.recorded_name


def submitter_fields(actor) -> dict:
    """The role and scope recorded on a version beside its maker's name."""
    return {
        "peran_pengirim": actor.peran,
        "wilayah_pengirim": actor.kode_wilayah or None,
        "bidang_pengirim": actor.kode_bidang or None,
    }


# --- keyed hashes for the login log and the failure counters ---------------------------------------


def log_key(connection: Connection) -> bytes:
    value = connection.execute(select(settings.c.nilai).where(settings.c.kunci == LOG_KEY_SETTING)).scalar()
    return (value or "spm-banten").encode()


def keyed_hash(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:32]


def masked_name(key: bytes, name: str) -> str:
    """What the log keeps of a name typed at a failed login that is not an account: its first three
    characters and a keyed hash (the same name gives the same hash; the rest cannot be read back)."""
    return f"{name[:3]}…#{keyed_hash(key, name)[:12]}"


def prune_login_log(connection: Connection, at: datetime) -> None:
    """The login log keeps LOGIN_LOG_DAYS days."""
    connection.execute(
        delete(activity).where(
            activity.c.aksi.in_(LOGIN_ACTIONS), activity.c.waktu < at - timedelta(days=LOGIN_LOG_DAYS)
        )
    )
