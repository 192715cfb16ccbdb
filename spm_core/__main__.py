"""Command line for analysts, scheduled loads and administrators.

    python -m spm_core validate FILE [--regions FILE] [--rules FILE]
    python -m spm_core score FILE --level layanan|bidang|wilayah [--format csv|json]
                                  [--regions FILE] [--rules FILE]
    python -m spm_core import FILE [--database URL] [--user NAME] [--note TEXT]
    python -m spm_core history [--database URL]
    python -m spm_core rollback VERSION [--database URL] [--user NAME]
    python -m spm_core approve|reject VERSION --user NAME [--note TEXT] [--database URL]
    python -m spm_core remove-simulated [--user NAME] [--database URL]
    python -m spm_core user add NAME --role operator|verifikator|admin [--region KODE] [--sector KODE]
    python -m spm_core user reset NAME            (password from the terminal or --password-stdin)
    python -m spm_core backup FILE | restore FILE [--database URL]

Problems and warnings go to stderr (``baris N, kolom X: message``); stdout carries only the
table. Exit 0 on success, 1 when the file has an error or the operation is refused (nothing is
changed then), 2 for bad usage. Without ``--database`` the app's database is used
(``SPM_DATABASE_URL``, else ``var/spm.sqlite3``). Without ``--user``, an import or rollback is a
system load by whoever runs the command on the server (recorded as ``cli:<login>``); with
``--user`` the named account's role applies (an operator's import waits for a verifier).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from .catalog import CatalogError, load_catalog
from .intake.gate import as_validation_result, check_file, fork_workers_directly
from .intake.problems import Problem
from .intake.validation import ValidationResult
from .rules import RulesError, load_rules
from .scoring import score_all

LEVEL_COLUMNS = {
    "layanan": ["kode_layanan", "persen_penerima", "persen_mutu", "belum_terlayani"],
    "bidang": ["bidang"],
    "wilayah": [],
}
TWO_DECIMALS = {"persen_penerima", "persen_mutu", "nilai"}
WHOLE = {"tahun", "triwulan", "belum_terlayani"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m spm_core", description="Validasi dan penilaian data SPM.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("file", metavar="FILE", help="berkas data .csv atau .xlsx")
        p.add_argument(
            "--regions",
            metavar="FILE",
            help="daftar wilayah CSV (kode_wilayah,nama_wilayah,tingkat[,alias]) pengganti daftar Banten",
        )
        p.add_argument(
            "--rules", metavar="FILE", help="berkas aturan penilaian .toml (bawaan: data/aturan/aturan_spm.toml)"
        )

    common(sub.add_parser("validate", help="periksa berkas; exit 0 bila tanpa galat"))
    score = sub.add_parser("score", help="nilai per layanan, bidang atau wilayah")
    common(score)
    score.add_argument("--level", required=True, choices=list(LEVEL_COLUMNS))
    score.add_argument("--format", default="csv", choices=["csv", "json"])

    def db(p):
        p.add_argument("--database", metavar="URL", help="basis data (bawaan: SPM_DATABASE_URL atau var/spm.sqlite3)")
        return p

    imp = db(sub.add_parser("import", help="periksa lalu simpan berkas sebagai versi baru"))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--user", metavar="NAME")
    imp.add_argument("--note", metavar="TEXT")
    db(sub.add_parser("history", help="daftar versi data"))
    rb = db(sub.add_parser("rollback", help="pulihkan data seperti pada suatu versi (sebagai versi baru)"))
    rb.add_argument("version", type=int, metavar="VERSION")
    rb.add_argument("--user", metavar="NAME")
    rb.add_argument("--note", metavar="TEXT", default="")
    for name in ("approve", "reject"):
        d = db(sub.add_parser(name, help="setujui" if name == "approve" else "tolak"))
        d.add_argument("version", type=int, metavar="VERSION")
        d.add_argument("--user", metavar="NAME", required=True)
        d.add_argument("--note", metavar="TEXT", default="")
    rs = db(sub.add_parser("remove-simulated", help="hapus data simulasi dari tampilan (tetap di riwayat)"))
    rs.add_argument("--user", metavar="NAME")
    user = sub.add_parser("user", help="kelola pengguna")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = db(user_sub.add_parser("add", help="tambah pengguna"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=["operator", "verifikator", "admin"])
    add.add_argument("--region", metavar="KODE", help="wilayah operator, misalnya 36.02")
    add.add_argument("--sector", metavar="KODE", help="bidang operator, misalnya KES")
    add.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari stdin")
    reset = db(user_sub.add_parser("reset", help="atur ulang kata sandi (dan buka kunci)"))
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--password-stdin", action="store_true")
    bk = db(sub.add_parser("backup", help="tulis seluruh basis data ke satu berkas"))
    bk.add_argument("file", metavar="FILE")
    rt = db(sub.add_parser("restore", help="baca cadangan ke basis data kosong"))
    rt.add_argument("file", metavar="FILE")
    return parser


def _report(problems, stream) -> None:
    for problem in problems:
        print(problem.line(), file=stream)


def scored_table(scores, level: str, rules) -> pd.DataFrame:
    """The scored table of one level with the command line's columns; numbers rounded as shown
    (half-up, the rules' decimals), NaN where there is none."""
    frame = {"layanan": scores.layanan, "bidang": scores.bidang, "wilayah": scores.wilayah}[level]
    frame = frame.rename(columns={"kode_bidang": "bidang"})
    out = frame[["tahun", "triwulan", "kode_wilayah", *LEVEL_COLUMNS[level], "nilai_bulat", "kategori"]]
    out = out.rename(columns={"nilai_bulat": "nilai"}).copy()
    for column in ("persen_penerima", "persen_mutu"):
        if column in out.columns:
            out[column] = rules.round_score(out[column].to_numpy())
    keys = ["tahun", "triwulan", "kode_wilayah", *LEVEL_COLUMNS[level][:1]]
    return out.sort_values(keys).reset_index(drop=True)


def _csv_cell(column: str, value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if column == "triwulan" and value == 0:
        return ""
    if column in TWO_DECIMALS:
        return f"{value:.2f}"
    if column in WHOLE:
        return str(int(value))
    return str(value)


def _json_value(column: str, value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if column == "triwulan" and value == 0:
        return None
    if column in TWO_DECIMALS:
        return float(value)
    if column in WHOLE:
        return int(value)
    return str(value)


def write_table(table: pd.DataFrame, fmt: str, stream) -> None:
    columns = list(table.columns)
    rows = table.itertuples(index=False, name=None)
    if fmt == "json":
        json.dump(
            [{c: _json_value(c, v) for c, v in zip(columns, row)} for row in rows], stream, ensure_ascii=False, indent=1
        )
        stream.write("\n")
        return
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(c, v) for c, v in zip(columns, row)])


def _validated(path: Path, catalog) -> ValidationResult:
    """The file checked, read and validated through the same gate as an upload (a worker process
    with a memory limit and a timeout)."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        return ValidationResult(None, [Problem(f"Berkas tidak dapat dibaca: {path} ({exc.strerror or exc})")])
    return as_validation_result(check_file(content, path.name, catalog))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if __name__ == "__main__":  # the command line itself, not a test calling main()
        fork_workers_directly()
    if args.command not in ("validate", "score"):
        from .cli_store import run_store_command  # the database commands need SQLAlchemy

        return run_store_command(args)
    try:
        catalog = load_catalog(args.regions)
        rules = load_rules(args.rules)
    except (CatalogError, RulesError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    result = _validated(Path(args.file), catalog)
    _report(result.problems, sys.stderr)
    if not result.ok:
        print(
            f"{result.error_count} galat, {result.warning_count} peringatan: berkas tidak dapat dipakai.",
            file=sys.stderr,
        )
        return 1
    if args.command == "validate":
        print(f"Berkas valid: {len(result.data)} baris, {result.warning_count} peringatan.", file=sys.stderr)
        return 0
    scores = score_all(result.data, catalog, rules, with_context=False)
    write_table(scored_table(scores, args.level, rules), args.format, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
