"""Every finding builder (the one-line sentence above a chart, a slide or a report section), each
tested on data where the number its label names differs from the total: a number shown beside a
name must be that name's own.

The builders: trends.trend_finding, trends.heatmap_finding, trends.spread_finding,
trends.ranking_finding, trends.rank_finding, trends.profile_finding,
trends.profile_services_finding, gaps.budget_finding, gaps.need_finding, deck.weakest_services
(the "terendah di" lines of the sector slides, PowerPoint and PDF), deck.closing_points, and the
on-track line of the deck (deck.on_track_line)."""

from datetime import date

import pandas as pd
import pytest

from spm_core import gaps, trends
from spm_core.intake.validation import validate_frame
from spm_core.report import deck as d
from spm_core.report.deck_html import slide_html
from spm_core.scoring import score_all
from spm_core.summary import Selection, region_summary

HEADER = [
    "tahun",
    "triwulan",
    "kode_wilayah",
    "kode_layanan",
    "harus_dilayani",
    "terlayani",
    "mutu_dibutuhkan",
    "mutu_tersedia",
]

ROWS = [
    # 2024 (quality always complete: nilai = 0.8 × persen_penerima + 0.2 × 100)
    (2024, "", "36.01", "KK-PEND-01", 100, 40, 1, 1),  # 0.8 × 40 + 20 = 52
    (2024, "", "36.02", "KK-PEND-01", 100, 80, 1, 1),  # 84
    (2024, "", "36.02", "KK-PU-01", 1000, 300, 1, 1),  # 0.8 × 30 + 20 = 44 → Lebak (84 + 44) / 2 = 64
    (2024, "", "36.03", "KK-PEND-01", 100, 85, 1, 1),  # 88
    # 2025
    (2025, "", "36.01", "KK-PEND-01", 100, 50, 1, 1),  # 60, unserved 50  (+8 from 52)
    (2025, "", "36.02", "KK-PEND-01", 100, 80, 1, 1),  # 84, unserved 20
    (2025, "", "36.02", "KK-PU-01", 1000, 400, 1, 1),  # 52, unserved 600 → Lebak (84 + 52) / 2 = 68 (+4)
    (2025, "", "36.03", "KK-PEND-01", 100, 90, 1, 1),  # 92, unserved 10  (+4 from 88)
]


@pytest.fixture(scope="module")
def scores(catalog, rules):
    frame = pd.DataFrame([[str(v) for v in row] for row in ROWS], columns=HEADER)
    frame.index = frame.index + 2
    result = validate_frame(frame, catalog)
    assert result.ok, [p.line() for p in result.errors]
    return score_all(result.data, catalog, rules)


def test_trend_finding_gives_the_top_riser_its_own_change(scores, catalog, rules):
    trend = trends.annual_trend(scores, catalog, 2024, 2025, ["36.01", "36.02", "36.03"])
    # Pandeglang 52 → 60 = +8 (not the 8 + 4 + 4 = 16 of all three)
    assert trends.trend_finding(trends.change_over_span(trend, rules)) == (
        "Kabupaten Pandeglang naik paling banyak: 8,00 poin sejak 2024 (3 dari 3 wilayah naik)"
    )


def test_heatmap_finding_counts_only_the_regions_where_that_sector_is_lowest(scores, catalog):
    matrix = trends.sector_matrix(scores, catalog, 2025, 0)
    # lowest sector: Pandeglang PEND (its only one), Lebak PU (52 < 84), Tangerang PEND → PEND in 2 of 3
    assert trends.heatmap_finding(matrix, 2025, 0) == "Pendidikan terendah di 2 dari 3 kab/kota (2025)"


def test_spread_finding_gives_the_weakest_sectors_own_mean_and_gap(scores, catalog):
    spread = trends.sector_spread(trends.sector_matrix(scores, catalog, 2025, 0))
    # PU: only Lebak 52 → mean 52, gap 0 (PEND: (60 + 84 + 92) / 3 = 78,67, gap 32)
    assert (
        trends.spread_finding(spread) == "Pekerjaan Umum paling lemah: rerata 52,00, selisih 0,00 poin antar kab/kota"
    )


def test_ranking_finding_gives_the_best_and_worst_their_own_scores(scores, catalog):
    summary = region_summary(scores, catalog, Selection(2025, 0, "PEND"))
    # PEND: Tangerang 92, Lebak 84, Pandeglang 60 (Lebak's region score 68 is not used)
    assert trends.ranking_finding(summary, "Pendidikan") == (
        "Pendidikan: Kabupaten Tangerang tertinggi (92,00), Kabupaten Pandeglang terendah (60,00)"
    )


def test_rank_finding_gives_the_climber_its_own_steps():
    ranks = pd.DataFrame(
        [
            [2019, "a", "A", 3, 1.0],
            [2021, "a", "A", 1, 1.0],
            [2019, "b", "B", 1, 1.0],
            [2021, "b", "B", 2, 1.0],
            [2019, "c", "C", 2, 1.0],
            [2021, "c", "C", 3, 1.0],
        ],
        columns=["tahun", "kode_wilayah", "nama_wilayah", "peringkat", "nilai_bulat"],
    )
    # A: 3 → 1 = up 2 (B and C each fall 1; nothing adds them up)
    assert trends.rank_finding(trends.rank_moves(ranks)) == "A naik 2 peringkat sejak 2019 (dari 3 ke 1)"


def test_profile_finding_gives_the_lowest_sector_its_own_unserved(scores, catalog):
    sectors = trends.profile_sectors(scores, catalog, "36.02", 2025, 0)
    # PU: 1000 − 400 = 600 (Lebak in all: 600 + 20 = 620)
    assert trends.profile_finding(sectors, "Kabupaten Lebak") == (
        "Pekerjaan Umum terendah di Kabupaten Lebak: 52,00 (Belum Tuntas); 600 orang belum terlayani di bidang ini"
    )


def test_profile_services_finding_gives_the_lowest_service_its_own_score(scores, catalog):
    services = trends.profile_services(scores, catalog, "36.02", 2025, 0)
    text = trends.profile_services_finding(services, "Kabupaten Lebak")
    # the service's 52,00, not Lebak's region score 68,00; 2 of the 29 kab/kota services scored
    assert text.startswith("Layanan terendah: ")
    assert "52,00" in text and "68,00" not in text
    assert text.endswith("2 dari 29 layanan dinilai")


def test_budget_finding_gives_the_worst_region_its_own_shortfall():
    by_region = pd.DataFrame(
        {
            "nama_wilayah": ["Kabupaten Lebak", "Kabupaten Pandeglang", "Kota Serang"],
            "status_anggaran": [gaps.STATUS_SHORT, gaps.STATUS_SHORT, gaps.STATUS_ENOUGH],
            "selisih": [-2_500_000_000_000.0, -400_000_000.0, 10.0],
        }
    )
    # Lebak's own −Rp2,5 triliun (all shortfalls together: Rp2.500,4 miliar)
    assert gaps.budget_finding(by_region) == (
        "Alokasi di bawah kebutuhan di 2 dari 3 wilayah; kekurangan terbesar: Kabupaten Lebak (Rp2,5 triliun)"
    )


def test_need_finding_gives_the_top_sector_its_own_need_and_the_total_apart():
    by_service = pd.DataFrame(
        {
            "nama_bidang": ["Pendidikan", "Pendidikan", "Kesehatan"],
            "kebutuhan_anggaran": [1_000_000_000.0, 500_000_000.0, 500_000_000.0],
        }
    )
    # Pendidikan 1,5 of 2,0 miliar = 75 %
    assert gaps.need_finding(by_service) == "Pendidikan butuh Rp1,5 miliar (75 % dari Rp2,0 miliar)"


def test_weakest_service_gives_the_lowest_region_its_own_unserved_beside_the_total(scores, catalog, rules):
    weakest = d.weakest_services(scores, catalog, Selection(2025, 0), "PEND", n=1)[0]
    assert weakest["wilayah_terendah"] == "Kabupaten Pandeglang"
    assert weakest["nilai_terendah"] == 60.0
    assert weakest["belum_terlayani_terendah"] == 50.0  # Pandeglang's own 100 − 50
    assert weakest["belum_terlayani"] == 80.0  # every region: 50 + 20 + 10


def test_the_sector_slide_shows_the_lowest_regions_own_unserved_under_terendah_di(scores, catalog, rules):
    deck = d.build_deck(scores, catalog, rules, Selection(2025, 0), simulated=True, meeting_date=date(2026, 3, 12))
    pend = next(s for s in deck.of_kind(d.KIND_SECTOR) if s.data["kode_bidang"] == "PEND")
    html = slide_html(deck, deck.slides.index(pend), rules)
    assert "Terendah di (nilai · belum terlayani)" in html and "Belum terlayani, semua wilayah" in html
    assert "<b>60,00</b> · 50 orang</td><td>80</td>" in html
    assert "50 orang belum terlayani di sana; semua wilayah 80" in pend.notes


def test_closing_points_give_the_highest_and_lowest_their_own_scores(scores, catalog, rules):
    deck = d.build_deck(
        scores, catalog, rules, Selection(2025, 0), simulated=True, meeting_date=date(2026, 3, 12), n_movers=1
    )
    points = deck.of_kind(d.KIND_CLOSING)[0].data["poin"]
    # kab/kota mean (60 + 68 + 92) / 3 = 73,33; highest Tangerang 92, lowest Pandeglang 60
    assert (
        "Rerata 3 kabupaten/kota 73,33 (Tuntas Pratama); tertinggi Kabupaten Tangerang (92,00), "
        "terendah Kabupaten Pandeglang (60,00)."
    ) in points
    # Pandeglang +8 is the largest rise; Lebak and Tangerang +4: the smaller code first
    assert "Kenaikan terbesar: Kabupaten Pandeglang (▲ +8,00); terkecil: Kabupaten Lebak (▲ +4,00)." in points


def test_a_quarter_deck_says_how_many_kabkota_are_on_track_on_the_headline_and_closing(catalog, rules):
    rows = [
        # triwulan I: Pandeglang 20/100 = 20 % < 25 % (behind); Lebak 30/100 = 30 % ≥ 25 %
        (2025, 1, "36.01", "KK-PEND-01", 100, 20, 1, 1),
        (2025, 1, "36.02", "KK-PEND-01", 100, 30, 1, 1),
    ]
    frame = pd.DataFrame([[str(v) for v in row] for row in rows], columns=HEADER)
    frame.index = frame.index + 2
    quarter = score_all(validate_frame(frame, catalog).data, catalog, rules)
    deck = d.build_deck(quarter, catalog, rules, Selection(2025, 1), simulated=True, meeting_date=date(2026, 3, 12))
    line = (
        "Sesuai jalur triwulan I (capaian penerima ≥ 25 % sasaran setahun): 1 dari 2 kab/kota; "
        "belum: Kabupaten Pandeglang."
    )
    headline = deck.of_kind(d.KIND_HEADLINE)[0]
    assert headline.data["jalur"] == line and line in headline.notes
    assert line in slide_html(deck, deck.slides.index(headline), rules)
    assert line in deck.of_kind(d.KIND_CLOSING)[0].data["poin"]
