"""The database commands of ``python -m spm_core`` (import, history, rollback, approve/reject,
remove-simulated, user, backup, restore). Same rules as the pages."""

from __future__ import annotations

import getpass
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

from .auth import AuthError, add_user, find_user, reset_password
from .catalog import load_catalog
from .formatting import WIB, format_count
from .intake.importing import check_import, commit_import
from .rules import load_rules
from .store import StoreError, initialize, open_store
from .store import versions as store_versions
from .store.accounts import SystemActor
from .store.backup import backup, restore
from .store.versions import KIND_LABELS, STATUS_LABELS


def _err(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _system_user() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except OSError:
        return "cli"


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise AuthError("Tidak ada terminal untuk menanyakan kata sandi; gunakan --password-stdin.")
    first = getpass.getpass("Kata sandi baru: ")
    if first != getpass.getpass("Ulangi kata sandi: "):
        raise AuthError("Kedua kata sandi tidak sama.")
    return first


def _acting_user(engine, name: str | None):
    """(actor, User or None). Without ``--user``: the server itself (``cli:<login>``). With it, the
    named account's role and scope apply, but nobody proved to be that person: whoever can run the
    command on the server can. The version and the log therefore record ``cli:<login> as NAME``."""
    if not name:
        actor = SystemActor(_system_user())
        return actor, None
    user = find_user(engine, name)
    if user is None:
        raise AuthError(f"Pengguna '{name}' tidak dikenal atau nonaktif.")
    user = replace(user, via=_system_user())
    return user, user


def run_store_command(args) -> int:
    try:
        engine = open_store(args.database)
        command = args.command
        if command == "restore":
            counts = restore(engine, args.file)
            print(f"Cadangan dipulihkan: {counts}", file=sys.stderr)
            return 0
        catalog = load_catalog()
        initialize(engine, catalog)
        if command == "import":
            return _import(engine, catalog, args)
        if command == "history":
            return _history(engine)
        if command == "rollback":
            name, user = _acting_user(engine, args.user)
            if user is not None and not user.can_rollback:
                return _err("Hanya verifikator atau admin yang boleh memulihkan versi.")
            record = store_versions.rollback(engine, args.version, name, args.note)
            print(f"Versi {record['id']} dibuat: data dipulihkan seperti pada versi {args.version}.", file=sys.stderr)
            return 0
        if command in ("approve", "reject"):
            name, user = _acting_user(engine, args.user)
            if not user.can_approve:
                return _err("Hanya verifikator atau admin yang boleh menyetujui atau menolak.")
            record = store_versions.decide(engine, args.version, name, command == "approve", args.note)
            if command == "approve":
                print(
                    f"Versi {args.version} disetujui sebagai versi {record['id']} (di atas data terkini; baris "
                    "yang sudah diubah versi lebih baru tetap bernilai terbaru).",
                    file=sys.stderr,
                )
            else:
                print(f"Versi {record['id']}: {STATUS_LABELS[record['status']]}.", file=sys.stderr)
            return 0
        if command == "remove-simulated":
            name, user = _acting_user(engine, args.user)
            if user is not None and not user.is_admin:
                return _err("Hanya admin yang boleh menghapus data simulasi.")
            record = store_versions.remove_simulated(engine, name)
            print(
                f"Versi {record['id']}: {record['jumlah_baris']} baris simulasi dihapus dari tampilan "
                "(tetap tersimpan di riwayat).",
                file=sys.stderr,
            )
            return 0
        if command == "user":
            if args.user_command == "add":
                if args.region and args.region not in catalog.regions.names:
                    return _err(f"Wilayah {args.region} tidak ada di daftar wilayah.")
                if args.sector and args.sector not in catalog.sector_names:
                    return _err(f"Bidang {args.sector} tidak dikenal.")
                add_user(
                    engine,
                    args.name,
                    _password(args),
                    args.role,
                    kode_wilayah=args.region,
                    kode_bidang=args.sector,
                    by=SystemActor(_system_user()),
                )
                print(f"Pengguna {args.name} ({args.role}) ditambahkan.", file=sys.stderr)
            else:
                reset_password(engine, args.name, _password(args), by=SystemActor(_system_user()))
                print(f"Kata sandi {args.name} diatur ulang.", file=sys.stderr)
            return 0
        if command == "backup":
            counts = backup(engine, Path(args.file))
            print(f"Cadangan ditulis ke {args.file}: {counts}", file=sys.stderr)
            return 0
    except (AuthError, StoreError, ValueError, OSError) as exc:
        return _err(str(exc))
    return _err(f"Perintah tidak dikenal: {args.command}")


def _import(engine, catalog, args) -> int:
    name, user = _acting_user(engine, args.user)
    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        return _err(f"Berkas tidak dapat dibaca: {exc}")
    check = check_import(engine, catalog, load_rules(), content, path.name, user)
    for problem in check.problems:
        print(problem.line(), file=sys.stderr)
    if not check.ok:
        return _err(f"{format_count(check.error_count)} galat: tidak ada yang disimpan.")
    record = commit_import(engine, check, name, catalog, args.note)
    summary = check.changes.summary
    state = "disetujui" if record["status"] == "disetujui" else "menunggu persetujuan verifikator"
    print(
        f"Versi {record['id']} disimpan ({state}): {format_count(summary['baru'])} baris baru, "
        f"{format_count(summary['berubah'])} berubah, {format_count(summary['sama'])} sama.",
        file=sys.stderr,
    )
    return 0


def _wib(moment) -> str:
    """A stored time (naive = UTC) as Banten's clock, sortable: "2026-03-12 09:05:00 WIB"."""
    stamp = pd.Timestamp(moment)
    return (
        (stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp).tz_convert(WIB).strftime("%Y-%m-%d %H:%M:%S WIB")
    )


def _history(engine) -> int:
    with engine.connect() as connection:
        table = store_versions.history(connection)
    print("versi\twaktu\tjenis\tstatus\tpengguna\tberkas\tbaris\tbaru\tberubah\tsama\tsha256")
    for row in table.itertuples(index=False):
        print(
            "\t".join(
                str(v)
                for v in (
                    row.id,
                    _wib(row.dibuat_pada),
                    KIND_LABELS.get(row.jenis, row.jenis),
                    STATUS_LABELS.get(row.status, row.status),
                    row.pengguna,
                    row.nama_berkas or "",
                    row.jumlah_baris,
                    row.jumlah_baru,
                    row.jumlah_berubah,
                    row.jumlah_sama,
                    row.sha256 or "",
                )
            )
        )
    return 0
