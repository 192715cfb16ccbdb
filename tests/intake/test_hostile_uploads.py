"""Every file of the hostile corpus (tests/hostile_files.py, generated here, never committed) is
answered through the gate within 10 s, refused with a clear message naming row and column where
there is one (or accepted correctly), by a worker that stays under 512 MB."""

import time

import pytest

from spm_core.intake.gate import CHECK_MEMORY_BYTES, check_file
from tests.hostile_files import corpus

FILES = corpus()


@pytest.mark.parametrize("hostile", FILES, ids=[h.name for h in FILES])
def test_a_hostile_file_is_answered_within_bounds(catalog, hostile):
    start = time.perf_counter()
    checked = check_file(hostile.content, hostile.filename, catalog, hostile.kind, tahun=2025)
    assert time.perf_counter() - start < 10
    if checked.worker_peak_bytes is not None:
        assert checked.worker_peak_bytes < CHECK_MEMORY_BYTES
    if not hostile.refused:
        assert checked.ok, [p.line() for p in checked.problems]
        assert len(checked.data) == hostile.rows
        return
    assert not checked.ok and checked.errors
    first = checked.errors[0]
    assert hostile.says in first.pesan, first.line()
    if hostile.where:
        row, column = hostile.where
        assert first.baris == row, first.line()
        if column:
            assert first.kolom == column, first.line()
    assert len(checked.problems) <= 1001


def test_a_junk_file_lists_a_bounded_number_of_problems_with_the_full_count(catalog):
    hostile = next(h for h in FILES if h.filename == "sampah.csv")
    checked = check_file(hostile.content, hostile.filename, catalog)
    assert len(checked.problems) == 1001
    # 200,000 rows × 7 problems: year, region, service, 4 counts
    assert checked.total_errors == 1_400_000
    assert "seluruhnya 1.400.000 galat" in checked.problems[-1].pesan


@pytest.mark.parametrize("command", ["validate", "import"])
def test_the_command_line_refuses_a_40_digit_count_without_a_traceback(cli, tmp_path, command):
    hostile = next(h for h in FILES if h.filename == "angka40.csv")
    path = tmp_path / hostile.filename
    path.write_bytes(hostile.content)
    extra = ["--database", f"sqlite:///{tmp_path / 'spm.sqlite3'}"] if command == "import" else []
    result = cli(command, path, *extra)  # in this process: an exception would fail the test itself
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "baris 2, kolom mutu_tersedia: Di luar rentang jumlah" in result.stderr
