"""Scoring: per service → sector → region, the province recap, year-on-year change,
completeness and ranks. Every expected number is worked out by hand in its comment."""

import math

import pandas as pd
import pytest

from spm_core.intake.validation import CLEAN_COLUMNS
from spm_core.rules import load_rules
from spm_core.scoring import (
    REGION_KEY,
    SERVICE_KEY,
    completeness,
    province_recap,
    rank_kabkota,
    region_scores,
    score_all,
    sector_scores,
    service_scores,
    year_on_year,
)

NAN = float("nan")


def row(wilayah, layanan, harus, terlayani, dibutuhkan=10, tersedia=10, tahun=2025, triwulan=0, biaya=NAN):
    """One clean row as validation produces it."""
    return {
        "baris": 2,
        "tahun": tahun,
        "triwulan": triwulan,
        "kode_wilayah": wilayah,
        "kode_layanan": layanan,
        "harus_dilayani": harus,
        "terlayani": terlayani,
        "mutu_dibutuhkan": float(dibutuhkan),
        "mutu_tersedia": float(tersedia),
        "anggaran_alokasi": NAN,
        "anggaran_realisasi": NAN,
        "biaya_satuan": float(biaya),
    }


def data(*rows):
    frame = pd.DataFrame(list(rows), columns=CLEAN_COLUMNS)
    frame["baris"] = range(2, 2 + len(frame))
    return frame.astype({"tahun": "int64", "triwulan": "int64", "harus_dilayani": "int64", "terlayani": "int64"})


def one_service(catalog, rules, *args, **kwargs):
    return service_scores(data(row(*args, **kwargs)), catalog, rules).iloc[0]


def scored_regions(catalog, rules, frame):
    services = service_scores(frame, catalog, rules)
    return region_scores(services, sector_scores(services, rules), catalog, rules)


def region_value(regions, wilayah, column="nilai", tahun=2025, triwulan=0):
    hit = regions[
        (regions["kode_wilayah"] == wilayah) & (regions["tahun"] == tahun) & (regions["triwulan"] == triwulan)
    ]
    assert len(hit) == 1
    return hit.iloc[0][column]


@pytest.fixture
def custom_rules(tmp_path):
    """The default rules with other aggregations and service weights."""

    def make(bidang="rerata_layanan", wilayah="rerata_bidang", weights=""):
        text = (
            "[bobot]\npenerima = 0.8\nmutu = 0.2\n[batas]\npersen_maksimum = 100.0\ndesimal = 2\n"
            f'[agregasi]\nbidang = "{bidang}"\nwilayah = "{wilayah}"\n[bobot_layanan]\n{weights}\n'
            '[[kategori.tingkat]]\nlabel = "Tuntas Madya"\nmin = 80.0\n'
            '[[kategori.tingkat]]\nlabel = "Belum Tuntas"\nmin = 0.0\n'
        )
        path = tmp_path / "aturan.toml"
        path.write_text(text, encoding="utf-8")
        return load_rules(path)

    return make


# --- one service ------------------------------------------------------------------------------


def test_service_score_is_80_percent_recipients_and_20_percent_quality(catalog, rules):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 100, 75, 10, 10)
    assert s["persen_penerima"] == 75.0  # 75 / 100 × 100
    assert s["persen_mutu"] == 100.0  # 10 / 10 × 100
    assert s["nilai"] == pytest.approx(80.0)  # 0.8 × 75.0 + 0.2 × 100.0 = 80.0
    assert s["status"] == "dinilai"


def test_quality_counts_for_a_fifth_of_the_score(catalog, rules):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 100, 100, 10, 5)
    assert s["persen_mutu"] == 50.0  # 5 / 10 × 100
    assert s["nilai"] == pytest.approx(90.0)  # 0.8 × 100.0 + 0.2 × 50.0 = 90.0


def test_served_above_target_is_capped_at_100_percent(catalog, rules):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 100, 120, 10, 5)
    assert s["persen_penerima"] == 100.0  # min(120 / 100, 1) × 100
    assert s["nilai"] == pytest.approx(90.0)  # 0.8 × 100.0 + 0.2 × 50.0 = 90.0


def test_quality_above_requirement_is_capped_at_100_percent(catalog, rules):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 100, 50, 10, 30)
    assert s["persen_mutu"] == 100.0  # min(30 / 10, 1) × 100
    assert s["nilai"] == pytest.approx(60.0)  # 0.8 × 50.0 + 0.2 × 100.0 = 60.0


def test_nothing_required_for_quality_counts_as_full_quality(catalog, rules):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 100, 50, 0, 0)
    assert s["persen_mutu"] == 100.0
    assert s["nilai"] == pytest.approx(60.0)  # 0.8 × 50.0 + 0.2 × 100.0 = 60.0


@pytest.mark.parametrize("dibutuhkan, tersedia", [(NAN, NAN), (10, NAN), (NAN, 10)])
def test_blank_quality_leaves_the_service_unscored_and_incomplete(catalog, rules, dibutuhkan, tersedia):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 100, 75, dibutuhkan, tersedia)
    assert s["persen_penerima"] == 75.0
    assert math.isnan(s["persen_mutu"])
    assert math.isnan(s["nilai"])
    assert s["status"] == "tidak lengkap"
    assert pd.isna(s["kategori"])


def test_zero_target_leaves_the_service_unscored_without_target(catalog, rules):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 0, 0, 10, 10)
    assert math.isnan(s["persen_penerima"])
    assert math.isnan(s["nilai"])
    assert s["status"] == "tanpa sasaran"
    assert pd.isna(s["kategori"])


def test_unserved_is_target_minus_served(catalog, rules):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 100, 75)
    assert s["belum_terlayani"] == 25.0  # 100 − 75


def test_unserved_is_never_negative(catalog, rules):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 100, 120)
    assert s["belum_terlayani"] == 0.0  # max(100 − 120, 0)


def test_budget_need_is_unserved_times_unit_cost(catalog, rules):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 100, 75, biaya=250_000)
    assert s["kebutuhan_anggaran"] == 6_250_000.0  # (100 − 75) × 250.000


def test_budget_need_is_unknown_without_unit_cost(catalog, rules):
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 100, 75)
    assert math.isnan(s["kebutuhan_anggaran"])


def test_service_rows_carry_their_sector_and_level(catalog, rules):
    s = one_service(catalog, rules, "36", "PROV-SOS-05", 10, 10)
    assert (s["kode_bidang"], s["tingkat"]) == ("SOS", "provinsi")


def test_a_score_of_89_995_is_rounded_up_and_categorised_on_the_rounded_value(catalog, rules):
    # 139990 / 160000 × 100 = 87.49375; 0.8 × 87.49375 + 0.2 × 100.0 = 69.995 + 20 = 89.995
    s = one_service(catalog, rules, "36.01", "KK-PEND-01", 160_000, 139_990, 10, 10)
    assert s["nilai"] == pytest.approx(89.995)
    assert s["nilai_bulat"] == 90.0
    assert s["kategori"] == "Tuntas Utama"


def test_the_input_table_is_not_changed(catalog, rules):
    frame = data(row("36.01", "KK-PEND-01", 100, 75))
    before = frame.copy()
    service_scores(frame, catalog, rules)
    pd.testing.assert_frame_equal(frame, before)


# --- sectors ----------------------------------------------------------------------------------


def test_sector_score_is_the_mean_of_its_service_scores(catalog, rules):
    services = service_scores(
        data(
            row("36.01", "KK-KES-01", 100, 75, 10, 10),  # 0.8 × 75 + 0.2 × 100 = 80
            row("36.01", "KK-KES-02", 100, 100, 10, 5),  # 0.8 × 100 + 0.2 × 50 = 90
        ),
        catalog,
        rules,
    )
    sector = sector_scores(services, rules).iloc[0]
    assert sector["kode_bidang"] == "KES"
    assert sector["nilai"] == pytest.approx(85.0)  # (80 + 90) / 2


def test_zero_target_is_left_out_of_the_average(catalog, rules):
    services = service_scores(
        data(
            row("36.01", "KK-KES-01", 100, 75, 10, 10),  # 80
            row("36.01", "KK-KES-02", 100, 100, 10, 5),  # 90
            row("36.01", "KK-KES-03", 0, 0, 10, 10),  # tanpa sasaran: not 100, not 0
        ),
        catalog,
        rules,
    )
    sector = sector_scores(services, rules).iloc[0]
    assert sector["nilai"] == pytest.approx(85.0)  # (80 + 90) / 2, KES-03 skipped
    assert (sector["jumlah_layanan"], sector["jumlah_dinilai"]) == (3, 2)


def test_incomplete_service_is_left_out_of_the_average(catalog, rules):
    services = service_scores(
        data(
            row("36.01", "KK-KES-01", 100, 75, 10, 10),  # 80
            row("36.01", "KK-KES-02", 100, 10, NAN, NAN),  # no quality: no score
        ),
        catalog,
        rules,
    )
    assert sector_scores(services, rules).iloc[0]["nilai"] == pytest.approx(80.0)  # 80 / 1


def test_a_sector_without_any_scored_service_has_no_score(catalog, rules):
    services = service_scores(data(row("36.01", "KK-KES-03", 0, 0)), catalog, rules)
    sector = sector_scores(services, rules).iloc[0]
    assert math.isnan(sector["nilai"])
    assert pd.isna(sector["kategori"])


def test_sector_mean_uses_unrounded_service_scores(catalog, rules):
    services = service_scores(
        data(
            # 30003 / 40000 × 100 = 75.0075; 0.8 × 75.0075 + 0.2 × 100 = 80.006 (shown 80,01)
            row("36.01", "KK-KES-01", 40_000, 30_003, 10, 10),
            row("36.01", "KK-KES-02", 100, 75, 10, 10),  # 0.8 × 75 + 0.2 × 100 = 80.000
        ),
        catalog,
        rules,
    )
    sector = sector_scores(services, rules).iloc[0]
    # (80.006 + 80.000) / 2 = 80.003 → 80.00; rounding first would give (80.01 + 80.00) / 2 = 80.005 → 80.01
    assert sector["nilai"] == pytest.approx(80.003)
    assert sector["nilai_bulat"] == 80.0


def test_sector_totals_unserved_and_budget_need(catalog, rules):
    services = service_scores(
        data(
            row("36.01", "KK-KES-01", 100, 75, biaya=1_000),  # 25 unserved × 1.000 = 25.000
            row("36.01", "KK-KES-02", 100, 90),  # 10 unserved, no unit cost
        ),
        catalog,
        rules,
    )
    sector = sector_scores(services, rules).iloc[0]
    assert sector["belum_terlayani"] == 35.0  # 25 + 10
    assert sector["kebutuhan_anggaran"] == 25_000.0  # only the service with a unit cost


def test_sector_budget_need_is_unknown_when_no_service_has_a_unit_cost(catalog, rules):
    services = service_scores(data(row("36.01", "KK-KES-01", 100, 75)), catalog, rules)
    assert math.isnan(sector_scores(services, rules).iloc[0]["kebutuhan_anggaran"])


def test_weighted_sector_aggregation_uses_the_service_weights(catalog, custom_rules):
    rules = custom_rules(bidang="rerata_tertimbang", weights='"KK-KES-01" = 3.0')
    services = service_scores(
        data(
            row("36.01", "KK-KES-01", 100, 75, 10, 10),  # 80, weight 3
            row("36.01", "KK-KES-02", 100, 100, 10, 5),  # 90, weight 1 (default)
        ),
        catalog,
        rules,
    )
    # (3 × 80 + 1 × 90) / (3 + 1) = 330 / 4 = 82.5
    assert sector_scores(services, rules).iloc[0]["nilai"] == pytest.approx(82.5)


# --- regions ----------------------------------------------------------------------------------

UNEVEN_SECTORS = (
    row("36.01", "KK-PEND-01", 100, 50, 10, 10),  # PEND alone: 0.8 × 50 + 0.2 × 100 = 60
    row("36.01", "KK-KES-01", 100, 100, 10, 5),  # KES: 0.8 × 100 + 0.2 × 50 = 90
    row("36.01", "KK-KES-02", 100, 100, 10, 5),  # 90
    row("36.01", "KK-KES-03", 100, 100, 10, 5),  # 90
)


def test_region_score_is_the_mean_of_sector_scores_not_of_services(catalog, rules):
    regions = scored_regions(catalog, rules, data(*UNEVEN_SECTORS))
    # sectors: PEND 60, KES (90 + 90 + 90) / 3 = 90 → (60 + 90) / 2 = 75
    # (the mean of the 4 services would be (60 + 90 + 90 + 90) / 4 = 82.5)
    assert region_value(regions, "36.01") == pytest.approx(75.0)
    assert region_value(regions, "36.01", "kategori") == "Tuntas Pratama"


def test_region_score_can_be_the_mean_of_services_by_rule(catalog, custom_rules):
    rules = custom_rules(wilayah="rerata_layanan")
    regions = scored_regions(catalog, rules, data(*UNEVEN_SECTORS))
    assert region_value(regions, "36.01") == pytest.approx(82.5)  # (60 + 90 + 90 + 90) / 4


def test_region_mean_uses_unrounded_sector_scores(catalog, rules):
    regions = scored_regions(
        catalog,
        rules,
        data(
            row("36.01", "KK-PEND-01", 40_000, 30_003, 10, 10),  # PEND 80.006 (shown 80,01)
            row("36.01", "KK-KES-01", 100, 75, 10, 10),  # KES 80.000
        ),
    )
    # (80.006 + 80.000) / 2 = 80.003 → 80.00; rounding sectors first: (80.01 + 80.00) / 2 = 80.005 → 80.01
    assert region_value(regions, "36.01", "nilai_bulat") == 80.0


def test_region_counts_services_and_scored_services(catalog, rules):
    regions = scored_regions(catalog, rules, data(*UNEVEN_SECTORS, row("36.01", "KK-KES-04", 0, 0)))
    assert region_value(regions, "36.01", "jumlah_layanan") == 5
    assert region_value(regions, "36.01", "jumlah_dinilai") == 4


def test_the_province_is_scored_apart_from_its_kabkota(catalog, rules):
    regions = scored_regions(
        catalog,
        rules,
        data(
            row("36", "PROV-PEND-01", 100, 100, 10, 10),  # 100
            row("36.01", "KK-PEND-01", 100, 50, 10, 10),  # 60
        ),
    )
    assert region_value(regions, "36") == pytest.approx(100.0)
    assert region_value(regions, "36", "tingkat") == "provinsi"
    assert region_value(regions, "36.01") == pytest.approx(60.0)
    assert region_value(regions, "36.01", "tingkat") == "kabkota"


def test_each_period_is_scored_on_its_own(catalog, rules):
    regions = scored_regions(
        catalog,
        rules,
        data(
            row("36.01", "KK-PEND-01", 100, 50, 10, 10, triwulan=1),  # 60
            row("36.01", "KK-PEND-01", 100, 75, 10, 10, triwulan=2),  # 80
        ),
    )
    assert region_value(regions, "36.01", triwulan=1) == pytest.approx(60.0)
    assert region_value(regions, "36.01", triwulan=2) == pytest.approx(80.0)


# --- the province recap -----------------------------------------------------------------------


def recap_of(catalog, rules, *rows):
    return province_recap(scored_regions(catalog, rules, data(*rows)), catalog, rules).iloc[0]


def test_recap_shows_the_province_beside_the_plain_and_weighted_kabkota_means(catalog, rules):
    recap = recap_of(
        catalog,
        rules,
        row("36", "PROV-PEND-01", 100, 100, 10, 5),  # 0.8 × 100 + 0.2 × 50 = 90
        row("36.01", "KK-PEND-01", 100, 75, 10, 10),  # Pandeglang, 1.400.000 people: 80
        row("36.02", "KK-PEND-01", 100, 50, 10, 10),  # Lebak, 1.490.000 people: 60
    )
    assert recap["nilai_provinsi"] == pytest.approx(90.0)
    assert recap["nilai_kabkota_rerata"] == pytest.approx(70.0)  # (80 + 60) / 2
    # (1.400.000 × 80 + 1.490.000 × 60) / 2.890.000 = 201.400.000 / 2.890.000 = 69.68858…
    assert recap["nilai_kabkota_tertimbang"] == pytest.approx(69.688581, abs=1e-6)
    assert recap["nilai_kabkota_tertimbang_bulat"] == 69.69
    assert recap["jumlah_kabkota_dinilai"] == 2


def test_recap_categories_follow_the_rounded_means(catalog, rules):
    recap = recap_of(
        catalog,
        rules,
        row("36.01", "KK-PEND-01", 100, 75, 10, 10),  # 80
        row("36.02", "KK-PEND-01", 100, 50, 10, 10),  # 60
    )
    assert recap["kategori_kabkota_rerata"] == "Tuntas Pratama"  # 70.00
    assert recap["kategori_kabkota_tertimbang"] == "Tuntas Muda"  # 69.69


def test_recap_skips_kabkota_without_a_score(catalog, rules):
    recap = recap_of(
        catalog,
        rules,
        row("36.01", "KK-PEND-01", 100, 75, 10, 10),  # 80
        row("36.02", "KK-PEND-01", 0, 0),  # no target: no score
    )
    assert recap["nilai_kabkota_rerata"] == pytest.approx(80.0)
    assert recap["nilai_kabkota_tertimbang"] == pytest.approx(80.0)
    assert recap["jumlah_kabkota_dinilai"] == 1


def test_recap_without_a_province_row_has_no_province_score(catalog, rules):
    recap = recap_of(catalog, rules, row("36.01", "KK-PEND-01", 100, 75, 10, 10))
    assert math.isnan(recap["nilai_provinsi"])
    assert pd.isna(recap["kategori_provinsi"])


# --- year on year -----------------------------------------------------------------------------


def yoy_services(catalog, rules, *rows):
    return year_on_year(service_scores(data(*rows), catalog, rules), SERVICE_KEY)


def pick(frame, tahun, triwulan):
    hit = frame[(frame["tahun"] == tahun) & (frame["triwulan"] == triwulan)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_an_annual_score_is_compared_with_the_annual_score_a_year_earlier(catalog, rules):
    frame = yoy_services(
        catalog,
        rules,
        row("36.01", "KK-PEND-01", 100, 70, tahun=2024),  # 0.8 × 70 + 20 = 76
        row("36.01", "KK-PEND-01", 100, 75, tahun=2025),  # 0.8 × 75 + 20 = 80
    )
    now = pick(frame, 2025, 0)
    assert now["nilai_sebelumnya"] == 76.0
    assert now["kategori_sebelumnya"] == "Tuntas Pratama"
    assert now["perubahan"] == pytest.approx(4.0)  # 80.00 − 76.00


def test_a_quarter_is_compared_with_the_same_quarter_a_year_earlier(catalog, rules):
    frame = yoy_services(
        catalog,
        rules,
        row("36.01", "KK-PEND-01", 100, 75, tahun=2024, triwulan=2),  # 80
        row("36.01", "KK-PEND-01", 100, 50, tahun=2024, triwulan=3),  # 60
        row("36.01", "KK-PEND-01", 100, 100, tahun=2024, triwulan=0),  # 100
        row("36.01", "KK-PEND-01", 100, 100, tahun=2025, triwulan=3),  # 100
    )
    now = pick(frame, 2025, 3)
    assert now["nilai_sebelumnya"] == 60.0  # 2024 triwulan III, not II and not the annual row
    assert now["perubahan"] == pytest.approx(40.0)  # 100.00 − 60.00


def test_an_annual_score_is_not_compared_with_a_quarter(catalog, rules):
    frame = yoy_services(
        catalog,
        rules,
        row("36.01", "KK-PEND-01", 100, 75, tahun=2024, triwulan=4),
        row("36.01", "KK-PEND-01", 100, 75, tahun=2025, triwulan=0),
    )
    now = pick(frame, 2025, 0)
    assert math.isnan(now["nilai_sebelumnya"])
    assert math.isnan(now["perubahan"])


def test_the_change_is_between_the_two_rounded_scores_shown(catalog, rules):
    frame = yoy_services(
        catalog,
        rules,
        # 15001 / 20000 × 100 = 75.005; 0.8 × 75.005 + 20 = 80.004 → 80.00
        row("36.01", "KK-PEND-01", 20_000, 15_001, tahun=2024),
        # 30003 / 40000 × 100 = 75.0075; 0.8 × 75.0075 + 20 = 80.006 → 80.01
        row("36.01", "KK-PEND-01", 40_000, 30_003, tahun=2025),
    )
    # 80.01 − 80.00 = 0.01 (the unrounded change would be 0.002, shown as 0,00)
    assert pick(frame, 2025, 0)["perubahan"] == pytest.approx(0.01, abs=1e-9)


def test_a_drop_is_a_negative_change(catalog, rules):
    frame = yoy_services(
        catalog,
        rules,
        row("36.01", "KK-PEND-01", 100, 75, tahun=2024),  # 80
        row("36.01", "KK-PEND-01", 100, 50, tahun=2025),  # 60
    )
    assert pick(frame, 2025, 0)["perubahan"] == pytest.approx(-20.0)  # 60.00 − 80.00


def test_the_first_year_has_no_previous_score(catalog, rules):
    frame = yoy_services(catalog, rules, row("36.01", "KK-PEND-01", 100, 75, tahun=2024))
    assert math.isnan(pick(frame, 2024, 0)["nilai_sebelumnya"])


def test_a_year_two_years_back_is_not_the_previous_year(catalog, rules):
    frame = yoy_services(
        catalog,
        rules,
        row("36.01", "KK-PEND-01", 100, 75, tahun=2023),
        row("36.01", "KK-PEND-01", 100, 75, tahun=2025),
    )
    assert math.isnan(pick(frame, 2025, 0)["nilai_sebelumnya"])


# --- completeness -----------------------------------------------------------------------------


def test_completeness_expects_29_rows_per_kabkota_and_14_for_the_province(catalog):
    frame = completeness(data(row("36.01", "KK-PEND-01", 100, 75)), catalog)
    expected = dict(zip(frame["kode_wilayah"], frame["jumlah_diharapkan"]))
    assert expected["36"] == 14
    assert expected["36.01"] == 29
    assert expected["36.74"] == 29
    assert len(frame) == 9  # every region, for the one period in the data


def test_completeness_counts_present_and_complete_rows(catalog):
    frame = completeness(
        data(
            row("36.01", "KK-PEND-01", 100, 75, 10, 10),  # present, complete
            row("36.01", "KK-PEND-02", 100, 75, NAN, NAN),  # present, quality missing
            row("36.01", "KK-PEND-03", 0, 0, NAN, NAN),  # present, nobody to serve: complete
        ),
        catalog,
    )
    region = frame[frame["kode_wilayah"] == "36.01"].iloc[0]
    assert (region["jumlah_ada"], region["jumlah_lengkap"]) == (3, 2)
    assert region["keterisian"] == pytest.approx(200 / 29)  # 2 / 29 × 100 = 6.896…


def test_a_region_without_rows_has_nothing_present(catalog):
    frame = completeness(data(row("36.01", "KK-PEND-01", 100, 75)), catalog)
    lebak = frame[frame["kode_wilayah"] == "36.02"].iloc[0]
    assert (lebak["jumlah_ada"], lebak["jumlah_lengkap"], lebak["keterisian"]) == (0, 0, 0.0)


def test_completeness_by_sector_expects_each_sectors_services(catalog):
    frame = completeness(
        data(
            row("36.01", "KK-KES-01", 100, 75),
            row("36.01", "KK-KES-02", 100, 75),
            row("36.01", "KK-KES-03", 100, 75),
        ),
        catalog,
        by_sector=True,
    )
    kes = frame[(frame["kode_wilayah"] == "36.01") & (frame["kode_bidang"] == "KES")].iloc[0]
    assert kes["jumlah_diharapkan"] == 12
    assert kes["keterisian"] == pytest.approx(25.0)  # 3 / 12 × 100


def test_completeness_is_per_period_in_the_data(catalog):
    frame = completeness(
        data(
            row("36.01", "KK-PEND-01", 100, 75, tahun=2025, triwulan=1),
            row("36.01", "KK-PEND-02", 100, 75, tahun=2025, triwulan=2),
            row("36.01", "KK-PEND-03", 100, 75, tahun=2025, triwulan=2),
        ),
        catalog,
    )
    pandeglang = frame[frame["kode_wilayah"] == "36.01"].set_index("triwulan")["jumlah_ada"]
    assert pandeglang.to_dict() == {1: 1, 2: 2}


# --- ranks ------------------------------------------------------------------------------------


def test_kabkota_are_ranked_best_first_and_ties_share_a_rank(catalog, rules):
    regions = scored_regions(
        catalog,
        rules,
        data(
            row("36", "PROV-PEND-01", 100, 100),  # 100, but the province is not ranked
            row("36.01", "KK-PEND-01", 100, 75),  # 80
            row("36.02", "KK-PEND-01", 100, 100, 10, 5),  # 90
            row("36.03", "KK-PEND-01", 100, 75),  # 80
            row("36.04", "KK-PEND-01", 100, 50),  # 60
        ),
    )
    ranks = dict(zip(regions["kode_wilayah"], rank_kabkota(regions)))
    assert ranks["36.02"] == 1
    assert ranks["36.01"] == 2
    assert ranks["36.03"] == 2
    assert ranks["36.04"] == 4  # two share rank 2, so the next is 4
    assert ranks["36"] is pd.NA


def test_scores_that_read_the_same_share_a_rank(catalog, rules):
    regions = scored_regions(
        catalog,
        rules,
        data(
            row("36.01", "KK-PEND-01", 20_000, 15_001),  # 80.004 → 80.00
            row("36.02", "KK-PEND-01", 100, 75),  # 80.000 → 80.00
        ),
    )
    assert rank_kabkota(regions).tolist() == [1, 1]


def test_a_kabkota_without_a_score_is_not_ranked(catalog, rules):
    regions = scored_regions(
        catalog,
        rules,
        data(
            row("36.01", "KK-PEND-01", 100, 75),
            row("36.02", "KK-PEND-01", 0, 0),
        ),
    )
    ranks = dict(zip(regions["kode_wilayah"], rank_kabkota(regions)))
    assert ranks["36.01"] == 1
    assert ranks["36.02"] is pd.NA


def test_ranks_are_per_period(catalog, rules):
    regions = scored_regions(
        catalog,
        rules,
        data(
            row("36.01", "KK-PEND-01", 100, 75, tahun=2024),  # 80: 2nd in 2024
            row("36.02", "KK-PEND-01", 100, 100, tahun=2024),  # 100: 1st in 2024
            row("36.01", "KK-PEND-01", 100, 50, tahun=2025),  # alone in 2025: 1st
        ),
    )
    ranks = rank_kabkota(regions)
    assert [(r.tahun, r.kode_wilayah, ranks[i]) for i, r in regions.iterrows()] == [
        (2024, "36.01", 2),
        (2024, "36.02", 1),
        (2025, "36.01", 1),
    ]


# --- everything at once ----------------------------------------------------------------------


def test_score_all_adds_change_rank_completeness_and_recap(catalog, rules):
    scores = score_all(
        data(
            row("36.01", "KK-PEND-01", 100, 70, tahun=2024),  # 76
            row("36.01", "KK-PEND-01", 100, 75, tahun=2025),  # 80
            row("36.02", "KK-PEND-01", 100, 50, tahun=2025),  # 60
        ),
        catalog,
        rules,
    )
    pandeglang = scores.wilayah.set_index(REGION_KEY).loc[(2025, 0, "36.01")]
    assert pandeglang["nilai_bulat"] == 80.0
    assert pandeglang["perubahan"] == pytest.approx(4.0)  # 80.00 − 76.00
    assert pandeglang["peringkat"] == 1
    assert pandeglang["keterisian"] == pytest.approx(100 / 29)  # 1 of 29 rows
    assert scores.rekap["nilai_kabkota_rerata"].tolist() == pytest.approx([76.0, 70.0])  # 2025: (80 + 60) / 2
    assert scores.years == [2024, 2025]
    assert scores.quarters(2025) == [0]


def test_score_all_without_context_skips_the_extras(catalog, rules):
    scores = score_all(data(row("36.01", "KK-PEND-01", 100, 75)), catalog, rules, with_context=False)
    assert scores.wilayah["nilai"].tolist() == pytest.approx([80.0])
    assert "peringkat" not in scores.wilayah.columns
    assert scores.rekap.empty
