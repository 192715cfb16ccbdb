"""Trends, sector comparison, ranks and the region profile (spm_core.trends), on small tables
written out by hand."""

import math

import pandas as pd
import pytest

from spm_core import trends
from spm_core.scoring import Scores

NAN = float("nan")


def _frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


def _scores(wilayah=None, bidang=None, layanan=None, keterisian_bidang=None):
    empty = pd.DataFrame()
    w_cols = [
        "tahun",
        "triwulan",
        "kode_wilayah",
        "nilai",
        "nilai_bulat",
        "kategori",
        "peringkat",
        "tingkat",
        "belum_terlayani",
        "kebutuhan_anggaran",
        "jumlah_layanan",
        "jumlah_dinilai",
    ]
    return Scores(
        layanan=layanan if layanan is not None else empty,
        bidang=bidang if bidang is not None else empty,
        wilayah=_frame(wilayah or [], w_cols) if not isinstance(wilayah, pd.DataFrame) else wilayah,
        rekap=empty,
        keterisian_wilayah=empty,
        keterisian_bidang=keterisian_bidang if keterisian_bidang is not None else empty,
    )


def _region_row(year, code, value, category, rank=pd.NA, quarter=0):
    level = "provinsi" if code == "36" else "kabkota"
    return [year, quarter, code, value, value, category, rank, level, 0.0, NAN, 29, 29]


REGION_ROWS = [
    _region_row(2019, "36", 60.25, "Tuntas Muda"),
    _region_row(2021, "36", 70.94, "Tuntas Pratama"),
    _region_row(2019, "36.01", 48.68, "Belum Tuntas", 2),
    _region_row(2020, "36.01", 56.00, "Belum Tuntas", 2),
    _region_row(2021, "36.01", 61.98, "Tuntas Muda", 2),
    _region_row(2019, "36.02", 47.68, "Belum Tuntas", 3),
    _region_row(2021, "36.02", NAN, None, pd.NA),
    _region_row(2019, "36.71", 66.62, "Tuntas Muda", 1),
    _region_row(2021, "36.71", 64.00, "Tuntas Muda", 1),
    _region_row(2021, "36.71", 99.00, "Tuntas Utama", 1, quarter=2),  # a quarter: never in a trend
]


@pytest.fixture
def region_scores():
    return _scores(wilayah=REGION_ROWS)


# --- annual trend -----------------------------------------------------------------------------


def test_trend_keeps_annual_rows_of_the_chosen_regions_in_catalog_order(region_scores, catalog):
    trend = trends.annual_trend(region_scores, catalog, 2019, 2021, ["36.71", "36.01"])
    assert list(zip(trend["kode_wilayah"], trend["tahun"], trend["nilai_bulat"])) == [
        ("36.01", 2019, 48.68),
        ("36.01", 2020, 56.00),
        ("36.01", 2021, 61.98),
        ("36.71", 2019, 66.62),
        ("36.71", 2021, 64.00),  # not the 99.00 of 2021 triwulan II
    ]
    assert trend["nama_wilayah"].iloc[0] == "Kabupaten Pandeglang"


def test_trend_leaves_out_years_outside_the_span_and_rows_without_a_score(region_scores, catalog):
    trend = trends.annual_trend(region_scores, catalog, 2020, 2021, ["36.01", "36.02"])
    # 36.02 has 2019 (outside the span) and a 2021 row without a score: nothing left of it
    assert trend["kode_wilayah"].tolist() == ["36.01", "36.01"]


def test_trend_of_a_sector_reads_the_sector_rows(catalog):
    bidang = _frame(
        [[2019, 0, "36.01", "KES", 70.0, 70.0, "Tuntas Pratama"], [2019, 0, "36.01", "PU", 50.0, 50.0, "Belum Tuntas"]],
        ["tahun", "triwulan", "kode_wilayah", "kode_bidang", "nilai", "nilai_bulat", "kategori"],
    )
    trend = trends.annual_trend(_scores(bidang=bidang), catalog, 2019, 2019, ["36.01"], bidang="PU")
    assert trend["nilai_bulat"].tolist() == [50.0]


def test_national_reference_is_cut_to_the_span():
    national = pd.DataFrame(
        {
            "tahun": [2019, 2020, 2021],
            "nilai": [52.53, 62.45, 69.71],
            "keterangan": "Rata-rata nasional",
            "sumber": "Wamendagri",
        }
    )
    assert trends.national_reference(national, 2020, 2025)["nilai"].tolist() == [62.45, 69.71]


def test_trend_table_adds_the_national_rows_with_their_source(region_scores, catalog):
    trend = trends.annual_trend(region_scores, catalog, 2019, 2019, ["36.01"])
    national = pd.DataFrame(
        {"tahun": [2019], "nilai": [52.53], "keterangan": ["Rata-rata nasional"], "sumber": ["Wamendagri"]}
    )
    table = trends.trend_table(trend, national)
    assert table["Nilai"].tolist() == [48.68, 52.53]
    assert table["Sumber"].tolist() == ["", "Wamendagri"]


# --- change over the span --------------------------------------------------------------------------


def test_change_runs_from_the_first_to_the_last_scored_year(region_scores, catalog, rules):
    trend = trends.annual_trend(region_scores, catalog, 2019, 2021, ["36.01"])
    row = trends.change_over_span(trend, rules).iloc[0]
    assert (row["tahun_awal"], row["tahun_akhir"]) == (2019, 2021)
    assert row["perubahan"] == pytest.approx(13.30)  # 61.98 − 48.68
    assert row["langkah_kategori"] == 1  # Belum Tuntas → Tuntas Muda


def test_a_category_drop_counts_negative_steps(rules):
    trend = _frame(
        [
            [2019, "36.01", "A", "kabkota", 91.0, 91.0, "Tuntas Utama"],
            [2020, "36.01", "A", "kabkota", 75.0, 75.0, "Tuntas Pratama"],
        ],
        trends.TREND_COLUMNS,
    )
    row = trends.change_over_span(trend, rules).iloc[0]
    assert row["perubahan"] == pytest.approx(-16.0)  # 75 − 91
    assert row["langkah_kategori"] == -2  # Utama → Madya → Pratama


def test_category_move_text_names_both_categories_and_the_steps():
    assert trends.category_move_text("Belum Tuntas", "Tuntas Muda", 1) == "Belum Tuntas → Tuntas Muda (naik 1)"
    assert trends.category_move_text("Tuntas Madya", "Tuntas Madya", 0) == "tetap Tuntas Madya"


def test_trend_finding_names_the_region_that_rose_most(region_scores, catalog, rules):
    trend = trends.annual_trend(region_scores, catalog, 2019, 2021, ["36", "36.01", "36.71"])
    change = trends.change_over_span(trend, rules)
    # 36: 70.94 − 60.25 = +10.69; 36.01: +13.30; 36.71: 64.00 − 66.62 = −2.62 → 2 of 3 rose
    assert (
        trends.trend_finding(change)
        == "Kabupaten Pandeglang naik paling banyak: 13,30 poin sejak 2019 (2 dari 3 wilayah naik)"
    )


def test_trend_finding_for_one_region_says_up_or_down(region_scores, catalog, rules):
    trend = trends.annual_trend(region_scores, catalog, 2019, 2021, ["36.71"])
    assert trends.trend_finding(trends.change_over_span(trend, rules)) == "Kota Tangerang turun 2,62 poin sejak 2019"


def test_trend_finding_without_data_says_so(rules):
    empty = trends.change_over_span(pd.DataFrame(columns=trends.TREND_COLUMNS), rules)
    assert trends.trend_finding(empty) == "Tidak ada nilai tahunan untuk pilihan ini"


# --- sector comparison -------------------------------------------------------------------------

BIDANG_COLUMNS = ["tahun", "triwulan", "kode_wilayah", "kode_bidang", "nilai", "nilai_bulat", "kategori"]


def _sector_rows():
    rows = []
    values = {  # kab/kota × sector, 2025 annual
        "36.01": {"PEND": 81.76, "KES": 79.04, "PU": 72.09},
        "36.02": {"PEND": 78.58, "KES": 77.48, "PU": 64.37},
        "36.71": {"PEND": 100.0, "KES": 98.39, "PU": 99.00},
    }
    for code, by_sector in values.items():
        for sector, value in by_sector.items():
            rows.append([2025, 0, code, sector, value, value, None])
    rows.append([2025, 0, "36", "PU", 76.24, 76.24, "Tuntas Pratama"])
    return _frame(rows, BIDANG_COLUMNS)


@pytest.fixture
def matrix(catalog, rules):
    bidang = _sector_rows()
    bidang["kategori"] = rules.categorize(bidang["nilai_bulat"].to_numpy())
    return trends.sector_matrix(_scores(bidang=bidang), catalog, 2025, 0)


def test_matrix_holds_every_region_and_sector_even_without_a_score(matrix):
    assert len(matrix) == 54  # 9 regions × 6 sectors
    assert math.isnan(matrix.query("kode_wilayah == '36.03' and kode_bidang == 'PEND'")["nilai_bulat"].iloc[0])
    assert matrix.query("kode_wilayah == '36.02' and kode_bidang == 'PU'")["nilai_bulat"].iloc[0] == 64.37


def test_rows_are_the_province_then_kabkota_by_total_score_missing_last(matrix):
    totals = pd.DataFrame({"kode_wilayah": ["36", "36.01", "36.02", "36.71"], "nilai_bulat": [87.0, 78.7, 75.7, 94.5]})
    order = trends.region_order(matrix, totals)
    assert order[:4] == ["36", "36.71", "36.01", "36.02"]
    # the five kab/kota without a total follow in catalog order
    assert order[4:] == ["36.03", "36.04", "36.72", "36.73", "36.74"]


def test_rows_can_follow_one_sector(matrix):
    order = trends.region_order(matrix, pd.DataFrame(columns=["kode_wilayah", "nilai_bulat"]), by_sector="PU")
    assert order[:4] == ["36", "36.71", "36.01", "36.02"]  # PU: 99.00 > 72.09 > 64.37


def test_heatmap_finding_counts_where_each_sector_is_lowest(matrix):
    # PU is lowest in 36.01 (72.09) and 36.02 (64.37); KES in 36.71 (98.39 < 99.00 < 100)
    assert trends.heatmap_finding(matrix, 2025, 0) == "Pekerjaan Umum terendah di 2 dari 3 kab/kota (2025)"


def test_spread_gives_the_mean_the_extremes_and_the_gap_per_sector(matrix):
    spread = trends.sector_spread(matrix).set_index("kode_bidang")
    pu = spread.loc["PU"]
    assert pu["rerata"] == pytest.approx(78.486667, abs=1e-6)  # (72.09 + 64.37 + 99.00) / 3
    assert (pu["terendah_nama"], pu["terendah_nilai"]) == ("Kabupaten Lebak", 64.37)
    assert (pu["tertinggi_nama"], pu["tertinggi_nilai"]) == ("Kota Tangerang", 99.00)
    assert pu["selisih"] == pytest.approx(34.63)  # 99.00 − 64.37


def test_the_weakest_sector_has_the_lowest_mean_and_comes_first(matrix):
    spread = trends.sector_spread(matrix)
    # KES (79.04 + 77.48 + 98.39) / 3 = 84.97; PEND 86.78; PU 78.49 → PU weakest
    assert spread["kode_bidang"].tolist() == ["PU", "KES", "PEND"]
    assert spread["terlemah"].tolist() == [True, False, False]


def test_spread_finding_states_the_weakest_sector(matrix):
    assert trends.spread_finding(trends.sector_spread(matrix)) == (
        "Pekerjaan Umum paling lemah: rerata 78,49, selisih 34,63 poin antar kab/kota"
    )


def test_matrix_without_scores_gives_an_empty_spread_and_says_so(catalog):
    empty = trends.sector_matrix(_scores(bidang=_frame([], BIDANG_COLUMNS)), catalog, 2030, 0)
    assert trends.sector_spread(empty).empty
    assert trends.heatmap_finding(empty, 2030, 0) == "Belum ada nilai bidang kab/kota untuk 2030"


def test_ranking_finding_names_best_and_worst_kabkota():
    summary = pd.DataFrame(
        {
            "kode_wilayah": ["36", "36.01", "36.02"],
            "nama_wilayah": ["Provinsi", "A", "B"],
            "tingkat": ["provinsi", "kabkota", "kabkota"],
            "nilai_bulat": [99.0, 70.5, 80.25],
        }
    )
    assert trends.ranking_finding(summary, "Kesehatan") == "Kesehatan: B tertinggi (80,25), A terendah (70,50)"


# --- ranks -------------------------------------------------------------------------------------


def test_ranks_are_among_kabkota_and_ties_share_the_better_rank(catalog):
    rows = [
        _region_row(2019, "36", 99.0, "x"),
        _region_row(2019, "36.01", 70.0, "x"),
        _region_row(2019, "36.02", 80.0, "x"),
        _region_row(2019, "36.03", 80.0, "x"),
    ]
    ranks = trends.rank_trend(_scores(wilayah=rows), catalog, 2019, 2019)
    assert dict(zip(ranks["kode_wilayah"], ranks["peringkat"])) == {"36.01": 3, "36.02": 1, "36.03": 1}


def test_ranks_by_sector_use_the_sector_scores(catalog):
    bidang = _frame(
        [
            [2019, 0, "36.01", "KES", 90.0, 90.0, "x"],
            [2019, 0, "36.02", "KES", 60.0, 60.0, "x"],
            [2019, 0, "36.01", "PU", 10.0, 10.0, "x"],
            [2019, 0, "36.02", "PU", 20.0, 20.0, "x"],
        ],
        BIDANG_COLUMNS,
    )
    scores = _scores(wilayah=REGION_ROWS[:1], bidang=bidang)
    ranks = trends.rank_trend(scores, catalog, 2019, 2019, bidang="PU")
    assert dict(zip(ranks["kode_wilayah"], ranks["peringkat"])) == {"36.01": 2, "36.02": 1}


def _ranks(rows):
    return _frame(rows, ["tahun", "kode_wilayah", "nama_wilayah", "peringkat", "nilai_bulat"])


def test_moves_count_places_up_from_first_to_last_year():
    ranks = _ranks(
        [[2019, "a", "A", 3, 1.0], [2020, "a", "A", 1, 1.0], [2019, "b", "B", 1, 1.0], [2020, "b", "B", 3, 1.0]]
    )
    moves = trends.rank_moves(ranks)
    assert dict(zip(moves["kode_wilayah"], moves["naik"])) == {"a": 2, "b": -2}  # 3 − 1, 1 − 3


def test_rank_finding_names_the_biggest_climber():
    ranks = _ranks(
        [
            [2019, "a", "Kota Serang", 5, 1.0],
            [2023, "a", "Kota Serang", 2, 1.0],
            [2019, "b", "B", 2, 1.0],
            [2023, "b", "B", 5, 1.0],
        ]
    )
    assert trends.rank_finding(trends.rank_moves(ranks)) == "Kota Serang naik 3 peringkat sejak 2019 (dari 5 ke 2)"


def test_rank_finding_mentions_swaps_that_did_not_last():
    ranks = _ranks(
        [
            [2019, "a", "A", 1, 1.0],
            [2020, "a", "A", 2, 1.0],
            [2021, "a", "A", 1, 1.0],
            [2019, "b", "B", 2, 1.0],
            [2020, "b", "B", 1, 1.0],
            [2021, "b", "B", 2, 1.0],
        ]
    )
    assert trends.rank_finding(trends.rank_moves(ranks)) == (
        "Peringkat 2021 sama dengan 2019; 2 kab/kota sempat bertukar tempat di antaranya"
    )


# --- region profile ------------------------------------------------------------------------------


def _profile_scores():
    bidang = _frame(
        [
            [2025, 0, "36.02", "PEND", 78.58, 78.58, "Tuntas Pratama", 1.2, 500.0, 1_000_000.0, 3, 3],
            [2025, 0, "36.02", "PU", 64.37, 64.37, "Tuntas Muda", -0.5, 1500.0, NAN, 2, 2],
        ],
        [*BIDANG_COLUMNS, "perubahan", "belum_terlayani", "kebutuhan_anggaran", "jumlah_layanan", "jumlah_dinilai"],
    )
    completeness = _frame(
        [[2025, 0, "36.02", "PEND", 100.0], [2025, 0, "36.02", "KES", 50.0]],
        ["tahun", "triwulan", "kode_wilayah", "kode_bidang", "keterisian"],
    )
    layanan = _frame(
        [[2025, 0, "36.02", "KK-PU-01", "PU", 64.0, 64.0, "Tuntas Muda", "dinilai", 1000.0]],
        [
            "tahun",
            "triwulan",
            "kode_wilayah",
            "kode_layanan",
            "kode_bidang",
            "nilai",
            "nilai_bulat",
            "kategori",
            "status",
            "belum_terlayani",
        ],
    )
    return _scores(bidang=bidang, layanan=layanan, keterisian_bidang=completeness)


def test_profile_lists_every_sector_marking_those_without_data(catalog):
    sectors = trends.profile_sectors(_profile_scores(), catalog, "36.02", 2025, 0).set_index("kode_bidang")
    assert list(sectors.index) == ["PEND", "KES", "PU", "PERKIM", "TRANTIB", "SOS"]
    assert sectors.loc["PU", "nilai_bulat"] == 64.37
    assert sectors.loc["PEND", "kebutuhan_anggaran"] == 1_000_000.0
    assert bool(sectors.loc["KES", "ada_data"]) is False
    assert sectors.loc["KES", "keterisian"] == 50.0  # from the completeness grid, not from a score row


def test_profile_lists_every_service_of_the_regions_level(catalog):
    services = trends.profile_services(_profile_scores(), catalog, "36.02", 2025, 0)
    assert len(services) == 29  # kab/kota services in layanan.csv
    statuses = dict(zip(services["kode_layanan"], services["status"]))
    assert statuses["KK-PU-01"] == "dinilai"
    assert statuses["KK-PU-02"] == "tidak dilaporkan"


def test_profile_finding_names_the_lowest_sector_and_its_own_unserved_not_the_regions_total(catalog):
    sectors = trends.profile_sectors(_profile_scores(), catalog, "36.02", 2025, 0)
    # PU's own 1.500, not the region's 500 + 1.500 = 2.000
    assert trends.profile_finding(sectors, "Kabupaten Lebak") == (
        "Pekerjaan Umum terendah di Kabupaten Lebak: 64,37 (Tuntas Muda); 1.500 orang belum terlayani di bidang ini"
    )


def test_profile_for_a_period_without_data_has_no_score_and_says_so(catalog):
    sectors = trends.profile_sectors(_profile_scores(), catalog, "36.02", 2030, 0)
    assert sectors["nilai_bulat"].isna().all()
    assert (
        trends.profile_finding(sectors, "Kabupaten Lebak")
        == "Belum ada nilai bidang untuk Kabupaten Lebak pada periode ini"
    )


def test_the_trend_highlights_the_weakest_kabkota_of_the_last_year_by_default(region_scores, catalog):
    trend = trends.annual_trend(region_scores, catalog, 2019, 2021, ["36", "36.01", "36.02", "36.71"])
    # 2021: Pandeglang 61,98, Kota Tangerang 64,00, Lebak no score; the province (70,94) is not a kab/kota
    assert trends.weakest_in_trend(trend) == "36.01"
