"""The database commands of the command line: import, history, approve, rollback, users, backup
and restore — same rules as the pages. Run in this process through main(argv) (the ``cli``
fixture); one test runs the real program."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADER = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"


def run_program(*args, stdin=None):
    """``python -m spm_core ARGS`` as its own process, from the repository."""
    return subprocess.run(
        [sys.executable, "-m", "spm_core", *map(str, args)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture
def url(simulated_db_url):
    """A database already holding the simulated data as version 1 (SQLite: a copy of the
    session's template), as the command line leaves it after its first command."""
    return simulated_db_url


def write(tmp_path, name, *lines):
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_validates_then_commits_a_version(cli, db_url, tmp_path):
    url = db_url  # a fresh, empty database: the command loads the simulated data first
    good = write(tmp_path, "baik.csv", "2026,,36.02,KK-PEND-01,100,50,1,1")
    result = cli("import", good, "--database", url)
    assert result.returncode == 0, result.stderr
    # the simulated data is version 1; this import is version 2, approved (a system load)
    assert "Versi 2 disimpan (disetujui): 1 baris baru, 0 berubah, 0 sama." in result.stderr
    history = cli("history", "--database", url)
    lines = history.stdout.splitlines()
    assert lines[0].startswith("versi\twaktu\tjenis\tstatus\tpengguna\tberkas")
    assert lines[1].split("\t")[0:4] == ["2", lines[1].split("\t")[1], "Impor", "Disetujui"]
    assert lines[1].split("\t")[5] == "baik.csv"


def test_a_bad_file_prints_its_problems_and_stores_nothing(cli, url, tmp_path):
    bad = write(tmp_path, "buruk.csv", "2026,,36.02,KK-PEND-01,-5,50,1,1")
    result = cli("import", bad, "--database", url)
    assert result.returncode == 1
    assert "baris 2, kolom harus_dilayani: Tidak boleh negatif" in result.stderr
    assert "tidak ada yang disimpan" in result.stderr
    assert len(cli("history", "--database", url).stdout.splitlines()) == 2  # header + the simulated data


def test_an_operators_import_waits_for_a_verifier(cli, url, tmp_path):
    assert (
        cli(
            "user",
            "add",
            "op-lebak",
            "--role",
            "operator",
            "--region",
            "36.02",
            "--password-stdin",
            "--database",
            url,
            stdin="sandi-operator-lebak\n",
        ).returncode
        == 0
    )
    assert (
        cli(
            "user",
            "add",
            "biro",
            "--role",
            "verifikator",
            "--password-stdin",
            "--database",
            url,
            stdin="sandi-verifikator-biro\n",
        ).returncode
        == 0
    )
    good = write(tmp_path, "lebak.csv", "2026,,36.02,KK-PEND-01,100,50,1,1")
    result = cli("import", good, "--user", "op-lebak", "--database", url)
    assert "menunggu persetujuan verifikator" in result.stderr
    refused = cli("approve", "2", "--user", "op-lebak", "--database", url)
    assert refused.returncode == 1 and "Hanya verifikator" in refused.stderr
    approved = cli("approve", "2", "--user", "biro", "--note", "ok", "--database", url)
    assert approved.returncode == 0 and "Versi 2 disetujui sebagai versi 3" in approved.stderr


def test_an_operator_outside_its_region_is_refused(cli, url, tmp_path):
    cli(
        "user",
        "add",
        "op-lebak",
        "--role",
        "operator",
        "--region",
        "36.02",
        "--password-stdin",
        "--database",
        url,
        stdin="sandi-operator-lebak\n",
    )
    other = write(tmp_path, "pandeglang.csv", "2026,,36.01,KK-PEND-01,100,50,1,1")
    result = cli("import", other, "--user", "op-lebak", "--database", url)
    assert result.returncode == 1
    assert "baris 2, kolom kode_wilayah: Akun Anda hanya boleh mengirim data Kabupaten Lebak" in result.stderr


def test_rollback_restores_an_earlier_version(cli, url, tmp_path):
    cli("import", write(tmp_path, "a.csv", "2026,,36.02,KK-PEND-01,100,50,1,1"), "--database", url)
    cli("import", write(tmp_path, "b.csv", "2026,,36.02,KK-PEND-01,100,90,1,1"), "--database", url)
    result = cli("rollback", "2", "--database", url)
    assert result.returncode == 0 and "Versi 4 dibuat" in result.stderr
    assert "Pemulihan" in cli("history", "--database", url).stdout


def test_backup_and_restore_round_trip(cli, url, tmp_path):
    cli("import", write(tmp_path, "a.csv", "2026,,36.02,KK-PEND-01,100,50,1,1"), "--database", url)
    backup_file = tmp_path / "cadangan.jsonl.gz"
    assert cli("backup", backup_file, "--database", url).returncode == 0
    target = f"sqlite:///{tmp_path / 'pulih.sqlite3'}"
    restored = cli("restore", backup_file, "--database", target)
    assert restored.returncode == 0, restored.stderr
    assert cli("history", "--database", target).stdout == cli("history", "--database", url).stdout
    again = cli("restore", backup_file, "--database", target)
    assert again.returncode == 1 and "sudah berisi data" in again.stderr


def test_unknown_user_is_refused(cli, url, tmp_path):
    result = cli(
        "import", write(tmp_path, "a.csv", "2026,,36.02,KK-PEND-01,100,50,1,1"), "--user", "siapa", "--database", url
    )
    assert result.returncode == 1 and "tidak dikenal" in result.stderr


def test_acting_as_an_account_records_who_ran_the_command(cli, url, tmp_path):
    import getpass

    from spm_core.store import open_store
    from spm_core.store.versions import history

    cli(
        "user",
        "add",
        "biro",
        "--role",
        "verifikator",
        "--password-stdin",
        "--database",
        url,
        stdin="sandi-verifikator-biro\n",
    )
    result = cli(
        "import", write(tmp_path, "a.csv", "2026,,36.02,KK-PEND-01,100,50,1,1"), "--user", "biro", "--database", url
    )
    assert result.returncode == 0, result.stderr
    engine = open_store(url)
    with engine.connect() as connection:
        newest = history(connection).iloc[0]
    engine.dispose()
    assert newest["pengguna"] == f"cli:{getpass.getuser()} as biro"  # nobody proved to be biro


def test_the_history_gives_times_in_wib():
    from datetime import UTC, datetime

    from spm_core.cli_store import _wib

    # stored 02:05 UTC (SQLite: naive) → 09:05 WIB; an aware 20:30 UTC → 03:30 WIB the next day
    assert _wib(datetime(2026, 3, 12, 2, 5)) == "2026-03-12 09:05:00 WIB"
    assert _wib(datetime(2026, 3, 12, 20, 30, tzinfo=UTC)) == "2026-03-13 03:30:00 WIB"


@pytest.mark.subprocess
def test_the_program_imports_into_a_database_and_lists_its_history(simulated_sqlite_url, tmp_path):
    url = simulated_sqlite_url
    good = write(tmp_path, "baik.csv", "2026,,36.02,KK-PEND-01,100,50,1,1")
    result = run_program("import", good, "--database", url)
    assert result.returncode == 0, result.stderr
    assert "Versi 2 disimpan (disetujui): 1 baris baru, 0 berubah, 0 sama." in result.stderr
    assert result.stdout == ""
    history = run_program("history", "--database", url)
    assert history.returncode == 0, history.stderr
    assert [line.split("\t")[0] for line in history.stdout.splitlines()] == ["versi", "2", "1"]
