"""The governor's report, read back with pypdf and (where poppler is installed) drawn to PNG."""

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from spm_core.dataset import SIMULATED_FILE
from spm_core.formatting import format_score
from spm_core.intake.validation import validate_file
from spm_core.report.deck import build_deck
from spm_core.report.pdf_report import NO_PROBLEMS, build_report
from spm_core.report.static_maps import deck_map_png
from spm_core.scoring import score_all
from spm_core.summary import Selection

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "exports"


@pytest.fixture(scope="module")
def scores(catalog, rules):
    return score_all(validate_file(SIMULATED_FILE, catalog).data, catalog, rules)


@pytest.fixture(scope="module")
def deck(scores, catalog, rules):
    return build_deck(
        scores,
        catalog,
        rules,
        Selection(2025, 0),
        simulated=True,
        data_label="Data simulasi",
        meeting="Rakor SPM",
        meeting_date=date(2026, 3, 12),
    )


@pytest.fixture(scope="module")
def pdf(deck, scores, catalog, rules):
    png = deck_map_png(deck.of_kind("peta")[0].data["wilayah"], catalog.regions.kabkota, rules, simulated=True)
    return build_report(deck, scores, catalog, rules, map_png=png, problems=None, data_source="Data simulasi")


@pytest.fixture(scope="module")
def pages(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text() for page in reader.pages]


def test_the_report_has_a_few_pages_each_saying_the_data_is_simulated(pages):
    assert 3 <= len(pages) <= 6
    assert all("Data simulasi — bukan data resmi" in text for text in pages)


def test_the_report_has_every_section(pages):
    text = "\n".join(pages)
    for heading in (
        "1. Ringkasan",
        "2. Peta capaian kabupaten/kota",
        "3. Nilai per wilayah",
        "4. Sebaran kategori",
        "5. Nilai per bidang",
        "6. Perubahan",
        "7. SPM provinsi per jenis layanan",
        "8. Layanan terlemah",
        "9. Keterisian laporan",
        "10. Permasalahan dan tindak lanjut",
        "11. Sumber data dan aturan",
    ):
        assert heading in text


def test_the_report_shows_the_core_numbers(pages, deck):
    text = "\n".join(pages)
    headline = deck.of_kind("skor_utama")[0].data
    assert format_score(headline["provinsi"]["nilai"]) in text
    for row in headline["kabkota"]:
        assert format_score(row["nilai"]) in text


def test_the_map_has_the_boundary_attribution_under_it(pages):
    assert "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), kode Kepmendagri 2025; diolah." in "\n".join(pages)


def test_without_problems_the_report_says_so(pages):
    assert NO_PROBLEMS in "\n".join(pages)


def test_recorded_problems_are_listed_escaped(deck, scores, catalog, rules):
    problems = pd.DataFrame(
        [
            {
                "nomor": 1,
                "tahun": 2025,
                "triwulan": 0,
                "kode_wilayah": "36.02",
                "kode_bidang": "KES",
                "permasalahan": "Data <b>puskesmas</b> terlambat",
                "solusi": "Pendampingan",
                "tindak_lanjut": None,
                "penanggung_jawab": "Dinkes",
                "status": "proses",
            }
        ]
    )
    pdf = build_report(deck, scores, catalog, rules, problems=problems)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "<b>puskesmas</b>" in text  # shown as typed, never as markup
    assert "Pendampingan" in text
    assert NO_PROBLEMS not in text


def test_the_report_renders_to_png(pdf):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: the PDF is not drawn to PNG")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "laporan_gubernur.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / "laporan_gubernur.pdf"), str(ARTIFACTS / "laporan_gubernur")],
        check=True,
        timeout=60,
    )
    assert sorted(ARTIFACTS.glob("laporan_gubernur-*.png"))


def test_every_table_header_is_printed_at_the_full_header_size(deck, scores, catalog, rules, monkeypatch):
    # the header style shrinks a word that does not fit its column; looked at, a shrunk "Peringkat"
    # beside full-size "Wilayah" reads as a mistake: the columns are wide enough for every header
    from spm_core.report import pdf_report

    sizes = {}
    original = pdf_report._head_style

    def record(head, text, width):
        style = original(head, text, width)
        sizes[text] = min(style.fontSize, sizes.get(text, style.fontSize))
        return style

    monkeypatch.setattr(pdf_report, "_head_style", record)
    build_report(deck, scores, catalog, rules, map_png=None, problems=None, data_source="Data simulasi")
    assert sizes and {text: size for text, size in sizes.items() if size < 8.5} == {}


def test_two_weakest_services_sharing_a_name_say_their_level():
    from spm_core.report.pdf_report import service_names

    services = [
        {"nama": "Rumah korban bencana", "tingkat": "kabkota"},
        {"nama": "Rumah korban bencana", "tingkat": "provinsi"},
        {"nama": "Relokasi program", "tingkat": "kabkota"},
    ]
    assert service_names(services) == [
        "Rumah korban bencana kabupaten/kota",
        "Rumah korban bencana provinsi",
        "Relokasi program",
    ]


def test_the_report_names_the_level_of_the_twice_named_housing_service(pages):
    text = " ".join(" ".join(pages).split())
    assert "Rumah korban bencana kabupaten/kota (84,90" in text and "Rumah korban bencana provinsi (91,17" in text
