"""Logins that last across reloads, tabs and workers: a session per browser login, in the database.

The browser holds a cookie ``<token>.<signature>``: a random token (256 bits) and an HMAC of it
under the key ``kunci_sesi`` (made by migration 0005, shared by every worker through the
database). Only the token's SHA-256 is stored. A session ends

- ``SESSION_LIFETIME`` (10 hours) after the login, or after ``IDLE_LIMIT`` (2 hours) unused;
- when the user logs out (every session of the account ends: "keluar di semua perangkat");
- when the account is deactivated or its password changed or reset (the session's login time is
  then older than ``sandi_diubah_pada``).

Looking a session up is one SELECT (the session, its account and the signing key); its last-use
time is written at most once every ``TOUCH_EVERY``, so most runs write nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, delete, insert, literal, select, update

from .accounts import _aware
from .engine import now, write_transaction
from .schema import sessions, settings, users
from .versions import log

SESSION_COOKIE = "spm_sesi"
SESSION_KEY_SETTING = "kunci_sesi"
SESSION_LIFETIME = timedelta(hours=10)
IDLE_LIMIT = timedelta(hours=2)
TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class SessionAccount:
    """The account of a valid session, as the database knows it now."""

    nama: str
    peran: str
    kode_wilayah: str | None
    kode_bidang: str | None
    wajib_ganti_sandi: bool
    masuk_pada: datetime  # the session's login time (checked against later password changes)
    token_hash: str
    needs_touch: bool  # its last use is older than TOUCH_EVERY: record this use


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _signature(key: str, token: str) -> str:
    mac = hmac.new(key.encode(), token.encode("ascii", "replace"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def _session_key(connection: Connection) -> str:
    value = connection.execute(select(settings.c.nilai).where(settings.c.kunci == SESSION_KEY_SETTING)).scalar()
    if not value:
        raise RuntimeError("The session key (setting kunci_sesi) is missing: run the migrations.")
    return value


def _split(cookie: str | None) -> tuple[str, str] | None:
    if not cookie or len(cookie) > 200 or cookie.count(".") != 1:
        return None
    token, signature = cookie.split(".")
    return (token, signature) if token and signature else None


def start_session(engine: Engine, name: str, at: datetime | None = None) -> str:
    """A new session of the (active) account ``name``, whose password was just checked; returns the
    cookie value. Expired sessions are cleared in the same short transaction (it changes nothing a
    page shows, so the data generation stays)."""
    at = at or now()
    token = secrets.token_urlsafe(32)
    with write_transaction(engine, changes_view=False) as connection:
        user_id = connection.execute(select(users.c.id).where(users.c.nama == name, users.c.aktif)).scalar()
        if user_id is None:
            raise LookupError(name)
        connection.execute(
            insert(sessions).values(
                hash_token=token_hash(token),
                pengguna_id=user_id,
                masuk_pada=at,
                aktif_terakhir=at,
                berakhir_pada=at + SESSION_LIFETIME,
            )
        )
        connection.execute(
            delete(sessions).where((sessions.c.berakhir_pada < at) | (sessions.c.aktif_terakhir < at - IDLE_LIMIT))
        )
        key = _session_key(connection)
    return f"{token}.{_signature(key, token)}"


def session_account(connection: Connection, cookie: str | None, at: datetime | None = None) -> SessionAccount | None:
    """The account of the session named by ``cookie`` when the cookie is well signed and the session
    is still valid (not expired, not idle too long, account active, password unchanged since the
    login); else None. One SELECT; nothing is written."""
    parts = _split(cookie)
    if parts is None:
        return None
    token, signature = parts
    at = at or now()
    hashed = token_hash(token)
    key = select(settings.c.nilai).where(settings.c.kunci == literal(SESSION_KEY_SETTING)).scalar_subquery()
    row = connection.execute(
        select(
            sessions.c.masuk_pada,
            sessions.c.aktif_terakhir,
            sessions.c.berakhir_pada,
            users.c.nama,
            users.c.peran,
            users.c.kode_wilayah,
            users.c.kode_bidang,
            users.c.aktif,
            users.c.sandi_diubah_pada,
            users.c.wajib_ganti_sandi,
            key.label("kunci"),
        )
        .select_from(sessions.join(users, users.c.id == sessions.c.pengguna_id))
        .where(sessions.c.hash_token == hashed)
    ).first()
    if row is None or not row.kunci or not hmac.compare_digest(signature, _signature(row.kunci, token)):
        return None
    logged_in, last_used = _aware(row.masuk_pada), _aware(row.aktif_terakhir)
    changed = _aware(row.sandi_diubah_pada)
    if (
        not row.aktif
        or at >= _aware(row.berakhir_pada)
        or at - last_used >= IDLE_LIMIT
        or (changed is not None and changed > logged_in)
    ):
        return None
    return SessionAccount(
        row.nama,
        row.peran,
        row.kode_wilayah or None,
        row.kode_bidang or None,
        bool(row.wajib_ganti_sandi),
        logged_in,
        hashed,
        at - last_used >= TOUCH_EVERY,
    )


def touch_session(engine: Engine, hashed: str, at: datetime | None = None) -> None:
    """Record a use of the session (the idle limit counts from it)."""
    at = at or now()
    with engine.connect() as connection, connection.begin():
        connection.execute(
            update(sessions)
            .where(sessions.c.hash_token == hashed, sessions.c.aktif_terakhir < at)
            .values(aktif_terakhir=at)
        )


def end_account_sessions(connection: Connection, name: str, keep: str | None = None) -> int:
    """End every session of the account ``name`` (all its browsers), except the one whose token hash
    is ``keep``; call it inside the transaction of the change that ends them. Returns how many."""
    condition = sessions.c.pengguna_id.in_(select(users.c.id).where(users.c.nama == name))
    if keep:
        condition = condition & (sessions.c.hash_token != keep)
    return connection.execute(delete(sessions).where(condition)).rowcount


def end_sessions_of_cookie(engine: Engine, cookie: str | None) -> str | None:
    """Logout: every session of the account the (valid or expired) cookie belongs to ends; returns
    the account's name (None when the cookie names no session)."""
    parts = _split(cookie)
    if parts is None:
        return None
    with write_transaction(engine, changes_view=False) as connection:
        name = connection.execute(
            select(users.c.nama)
            .select_from(sessions.join(users, users.c.id == sessions.c.pengguna_id))
            .where(sessions.c.hash_token == token_hash(parts[0]))
        ).scalar()
        if name is None:
            return None
        key = _session_key(connection)
        if not hmac.compare_digest(parts[1], _signature(key, parts[0])):
            return None
        ended = end_account_sessions(connection, name)
        log(connection, name, "keluar", f"{ended} sesi diakhiri")
    return name


def renew_login_time(connection: Connection, hashed: str, at: datetime) -> None:
    """The session that changed its own password stays logged in: its login time becomes the change's."""
    connection.execute(update(sessions).where(sessions.c.hash_token == hashed).values(masuk_pada=at))


# --- the viewer password's pass ----------------------------------------------------------------------
#
# The optional viewer password is one shared password, not an account: there is nobody to log out
# "everywhere" and no session to end one by one. Passing it gives the browser a pass that lasts like
# a login (VIEWER_LIFETIME), held in the HTTP-only cookie ``spm_penonton``:
# ``<random token>.<expiry, unix seconds>.<HMAC>``, the HMAC under the same key as the login
# cookies (``kunci_sesi``) over the token, the expiry AND the current viewer password's hash. So
# nothing is stored per viewer (fifty people at a meeting write nothing), every worker can check a
# pass, and changing or clearing the viewer password ends every pass at once.

VIEWER_COOKIE = "spm_penonton"
VIEWER_LIFETIME = SESSION_LIFETIME


def _viewer_signature(key: str, token: str, expires: int, password_hash: str) -> str:
    return _signature(key, f"penonton|{token}|{expires}|{password_hash}")


def viewer_pass(connection: Connection, password_hash: str, at: datetime | None = None) -> str:
    """A new pass (the cookie value) for a browser that has just given the viewer password whose
    hash is ``password_hash``."""
    at = at or now()
    token = secrets.token_urlsafe(24)
    expires = int((at + VIEWER_LIFETIME).timestamp())
    return f"{token}.{expires}.{_viewer_signature(_session_key(connection), token, expires, password_hash)}"


def viewer_pass_expiry(
    connection: Connection, cookie: str | None, password_hash: str | None, at: datetime | None = None
) -> datetime | None:
    """When the pass ``cookie`` ends, if it is well signed for the viewer password ``password_hash``
    and has not ended yet; else None. One SELECT (the signing key); nothing is written."""
    if not cookie or not password_hash or len(cookie) > 200 or cookie.count(".") != 2:
        return None
    token, expires, signature = cookie.split(".")
    if not token or not expires.isdigit() or len(expires) > 12:
        return None
    key = connection.execute(select(settings.c.nilai).where(settings.c.kunci == SESSION_KEY_SETTING)).scalar()
    if not key or not hmac.compare_digest(signature, _viewer_signature(key, token, int(expires), password_hash)):
        return None
    ends = datetime.fromtimestamp(int(expires), tz=UTC)
    return ends if (at or now()) < ends else None
