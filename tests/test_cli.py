"""The command line: `python -m spm_core validate|score` on good and bad files, run in this
process through main(argv) (the ``cli`` fixture); one test runs the real program."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

HEADER = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
GOOD = HEADER + (
    "2024,,36.01,KK-PEND-01,1000,750,10,10\n"  # 0.8 × 75 + 0.2 × 100 = 80.00
    "2024,,36.01,KK-PEND-02,200,200,10,5\n"  # 0.8 × 100 + 0.2 × 50 = 90.00
    "2024,,36.01,KK-KES-01,100,50,4,4\n"  # 0.8 × 50 + 0.2 × 100 = 60.00
    "2024,,36.01,KK-KES-02,0,0,4,4\n"  # no target: no score
    "2024,2,36,PROV-PEND-01,300,330,0,0\n"  # capped: 0.8 × 100 + 0.2 × 100 = 100.00
)


def run_program(*args):
    """``python -m spm_core ARGS`` as its own process, from the repository."""
    return subprocess.run(
        [sys.executable, "-m", "spm_core", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "baik.csv"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_validate_accepts_a_good_file_and_prints_warnings_on_stderr(cli, good_file):
    result = cli("validate", good_file)
    assert result.returncode == 0
    assert result.stdout == ""
    # row 6 serves 330 of 300 → a warning, not an error
    assert "baris 6, kolom terlayani: peringatan:" in result.stderr


def test_validate_rejects_a_bad_file_with_one_line_per_problem(cli, tmp_path):
    path = tmp_path / "buruk.csv"
    path.write_text(
        HEADER + "2024,,Tangerang,KK-PEND-01,10,5,1,1\n2024,,36.02,KK-XXX-99,10,5.5,1,1\n", encoding="utf-8"
    )
    result = cli("validate", path)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("baris")]
    assert lines[0].startswith("baris 2, kolom kode_wilayah: Nama wilayah 'Tangerang' ambigu") or lines[0].startswith(
        "baris 2, kolom kode_wilayah: Wilayah 'Tangerang'"
    )
    assert any(line.startswith("baris 3, kolom kode_layanan: Kode layanan tidak dikenal") for line in lines)
    assert any(line.startswith("baris 3, kolom terlayani: Harus bilangan bulat") for line in lines)
    assert len(lines) == 3


def test_a_missing_column_is_reported_without_a_row(cli, tmp_path):
    path = tmp_path / "kurang.csv"
    path.write_text(
        "tahun,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan\n2024,36.01,KK-PEND-01,1,1,1\n",
        encoding="utf-8",
    )
    result = cli("validate", path)
    assert result.returncode == 1
    assert "kolom mutu_tersedia: Kolom wajib tidak ada" in result.stderr.splitlines()[0]


def test_score_by_service_prints_only_the_table_with_two_decimals(cli, good_file):
    result = cli("score", good_file, "--level", "layanan")
    assert result.returncode == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "tahun",
        "triwulan",
        "kode_wilayah",
        "kode_layanan",
        "persen_penerima",
        "persen_mutu",
        "belum_terlayani",
        "nilai",
        "kategori",
    ]
    by_service = {r[3]: r for r in rows[1:]}
    assert by_service["KK-PEND-01"] == [
        "2024",
        "",
        "36.01",
        "KK-PEND-01",
        "75.00",
        "100.00",
        "250",
        "80.00",
        "Tuntas Madya",
    ]
    assert by_service["KK-KES-02"][4:] == ["", "100.00", "0", "", ""]  # no target: no score, no category
    assert by_service["PROV-PEND-01"][:2] == ["2024", "2"]
    assert by_service["PROV-PEND-01"][7:] == ["100.00", "Tuntas Paripurna"]


def test_score_by_sector_gives_the_mean_of_scored_services(cli, good_file):
    result = cli("score", good_file, "--level", "bidang")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["tahun", "triwulan", "kode_wilayah", "bidang", "nilai", "kategori"]
    sectors = {(r["kode_wilayah"], r["bidang"]): r for r in rows}
    # PEND: (80 + 90) / 2 = 85.00; KES: only KK-KES-01 scored = 60.00
    assert sectors[("36.01", "PEND")]["nilai"] == "85.00"
    assert sectors[("36.01", "KES")]["nilai"] == "60.00"
    assert sectors[("36.01", "KES")]["kategori"] == "Tuntas Muda"


def test_score_by_region_as_json_uses_numbers_and_nulls(cli, good_file):
    result = cli("score", good_file, "--level", "wilayah", "--format", "json")
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    lebak = [r for r in rows if r["kode_wilayah"] == "36.01"][0]
    # region = mean of sectors: (85 + 60) / 2 = 72.50
    assert lebak == {
        "tahun": 2024,
        "triwulan": None,
        "kode_wilayah": "36.01",
        "nilai": 72.5,
        "kategori": "Tuntas Pratama",
    }
    province = [r for r in rows if r["kode_wilayah"] == "36"][0]
    assert province["triwulan"] == 2 and province["nilai"] == 100.0


def test_score_refuses_a_file_with_errors_with_the_same_messages(cli, tmp_path):
    path = tmp_path / "buruk.csv"
    path.write_text(HEADER + "2024,,36.01,KK-PEND-01,-1,5,1,1\n", encoding="utf-8")
    validate, score = cli("validate", path), cli("score", path, "--level", "wilayah")
    assert score.returncode == 1 and score.stdout == ""
    assert score.stderr == validate.stderr
    assert "baris 2, kolom harus_dilayani: Tidak boleh negatif" in score.stderr


def test_another_province_is_scored_with_its_own_region_list(cli, tmp_path):
    regions = tmp_path / "jabar.csv"
    regions.write_text(
        "kode_wilayah,nama_wilayah,tingkat,alias\n32,Provinsi Jawa Barat,provinsi,Jabar\n"
        "32.73,Kota Bandung,kabkota,Bandung Kota;Kodya Bandung\n32.04,Kabupaten Bandung,kabkota,\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.csv"
    data.write_text(
        "tahun,nama_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
        "2024,Kodya Bandung,KK-PEND-01,100,90,1,1\n",
        encoding="utf-8",
    )
    result = cli("score", data, "--level", "wilayah", "--regions", regions)
    assert result.returncode == 0, result.stderr
    # 0.8 × 90 + 0.2 × 100 = 92.00
    assert result.stdout.splitlines()[1] == "2024,,32.73,92.00,Tuntas Utama"
    banten = cli("validate", data)
    assert banten.returncode == 1 and "Wilayah 'Kodya Bandung' tidak dikenal" in banten.stderr


def test_an_unreadable_region_list_is_an_error(cli, tmp_path, good_file):
    regions = tmp_path / "wilayah.csv"
    regions.write_text("kode,nama\n36,Banten\n", encoding="utf-8")
    result = cli("validate", good_file, "--regions", regions)
    assert result.returncode == 1
    assert "kolom wajib tidak ada" in result.stderr


def test_bad_usage_exits_2(cli, good_file):
    assert cli("score", good_file).returncode == 2  # --level is required


@pytest.mark.subprocess
def test_the_program_scores_a_file_with_the_table_on_stdout_and_warnings_on_stderr(good_file):
    result = run_program("score", good_file, "--level", "wilayah")
    assert result.returncode == 0, result.stderr
    # region = mean of sectors: (85 + 60) / 2 = 72.50
    assert "2024,,36.01,72.50,Tuntas Pratama" in result.stdout.splitlines()
    assert "baris 6, kolom terlayani: peringatan:" in result.stderr
