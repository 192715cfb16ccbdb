"""The one-period summary behind the overview cards, the map and the ranked table."""

import math

import pandas as pd
import pytest

from spm_core.intake.validation import validate_frame
from spm_core.scoring import score_all
from spm_core.summary import Selection, recap, recap_change, region_summary

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


def clean(rows, catalog):
    frame = pd.DataFrame([[str(v) for v in row] for row in rows], columns=HEADER)
    frame.index = frame.index + 2
    result = validate_frame(frame, catalog)
    assert result.ok, [p.line() for p in result.errors]
    return result.data


@pytest.fixture
def scores(catalog, rules):
    rows = [
        # 2023: Pandeglang 0.8 × 50 + 0.2 × 100 = 60; Lebak 0.8 × 100 + 0.2 × 100 = 100
        (2023, "", "36.01", "KK-PEND-01", 100, 50, 1, 1),
        (2023, "", "36.02", "KK-PEND-01", 100, 100, 1, 1),
        # 2024: Pandeglang 0.8 × 75 + 0.2 × 100 = 80 (PEND); KES 0.8 × 100 + 0.2 × 50 = 90
        (2024, "", "36.01", "KK-PEND-01", 100, 75, 1, 1),
        (2024, "", "36.01", "KK-KES-01", 10, 10, 2, 1),
        # 2024: Lebak 0.8 × 90 + 0.2 × 100 = 92 (PEND only)
        (2024, "", "36.02", "KK-PEND-01", 100, 90, 1, 1),
        # 2024: the province 0.8 × 50 + 0.2 × 100 = 60
        (2024, "", "36", "PROV-PEND-01", 10, 5, 1, 1),
    ]
    return score_all(clean(rows, catalog), catalog, rules)


def test_every_region_of_the_catalog_is_listed_even_without_data(scores, catalog):
    summary = region_summary(scores, catalog, Selection(2024))
    assert summary["kode_wilayah"].tolist() == [
        "36",
        "36.01",
        "36.02",
        "36.03",
        "36.04",
        "36.71",
        "36.72",
        "36.73",
        "36.74",
    ]
    assert summary["ada_data"].tolist() == [True, True, True] + [False] * 6


def test_region_rows_carry_score_category_change_and_rank(scores, catalog):
    summary = region_summary(scores, catalog, Selection(2024)).set_index("kode_wilayah")
    # Pandeglang = mean of sectors (80 + 90) / 2 = 85; a year earlier 60 → +25
    assert summary.loc["36.01", "nilai_bulat"] == 85.0
    assert summary.loc["36.01", "kategori"] == "Tuntas Madya"
    assert summary.loc["36.01", "perubahan"] == 25.0
    # Lebak 92 (rank 1), Pandeglang 85 (rank 2); the province is not ranked
    assert summary.loc["36.02", "peringkat"] == 1
    assert summary.loc["36.01", "peringkat"] == 2
    assert pd.isna(summary.loc["36", "peringkat"])
    # Lebak 92 − 100 = −8
    assert summary.loc["36.02", "perubahan"] == -8.0


def test_completeness_of_a_region_that_sent_nothing_is_zero(scores, catalog):
    summary = region_summary(scores, catalog, Selection(2024)).set_index("kode_wilayah")
    assert summary.loc["36.03", "keterisian"] == 0.0
    # Pandeglang sent 2 of its 29 services: 2 / 29 × 100 = 6.896…
    assert summary.loc["36.01", "keterisian"] == pytest.approx(200 / 29)


def test_a_sector_selection_uses_the_sector_scores(scores, catalog):
    summary = region_summary(scores, catalog, Selection(2024, 0, "KES")).set_index("kode_wilayah")
    assert summary.loc["36.01", "nilai_bulat"] == 90.0
    assert pd.isna(summary.loc["36.02", "nilai_bulat"])  # Lebak reported no health service
    # Pandeglang sent 1 of the 12 health services: 100 / 12 = 8.33…
    assert summary.loc["36.01", "keterisian"] == pytest.approx(100 / 12)


def test_a_service_selection_lists_only_regions_of_its_level(scores, catalog):
    summary = region_summary(scores, catalog, Selection(2024, 0, "PEND", "PROV-PEND-01"))
    assert summary["kode_wilayah"].tolist() == ["36"]
    assert summary.loc[0, "nilai_bulat"] == 60.0


def test_a_year_without_data_gives_rows_without_scores(scores, catalog):
    summary = region_summary(scores, catalog, Selection(2030))
    assert not summary["ada_data"].any()
    assert summary["nilai"].isna().all()


def test_recap_shows_the_province_beside_the_kabkota_means(scores, catalog, rules):
    figures = recap(region_summary(scores, catalog, Selection(2024)), catalog, rules)
    assert figures["nilai_provinsi_bulat"] == 60.0
    # plain mean (85 + 92) / 2 = 88.5
    assert figures["nilai_kabkota_rerata_bulat"] == 88.5
    # by population: (85 × 1,400,000 + 92 × 1,490,000) / 2,890,000 = 88.6089…
    assert figures["nilai_kabkota_tertimbang_bulat"] == 88.61
    assert figures["jumlah_kabkota_dinilai"] == 2


def test_recap_change_compares_rounded_figures(scores, catalog, rules):
    now = recap(region_summary(scores, catalog, Selection(2024)), catalog, rules)
    before = recap(region_summary(scores, catalog, Selection(2023)), catalog, rules)
    change = recap_change(now, before)
    # kab/kota mean 2023: (60 + 100) / 2 = 80 → 88.5 − 80 = +8.5; no province score in 2023
    assert change["nilai_kabkota_rerata"] == 8.5
    assert math.isnan(change["nilai_provinsi"])


def test_recap_of_an_empty_period_has_no_scores(scores, catalog, rules):
    figures = recap(region_summary(scores, catalog, Selection(2030)), catalog, rules)
    assert math.isnan(figures["nilai_provinsi_bulat"])
    assert figures["jumlah_kabkota_dinilai"] == 0


# --- on track within the year (rules: [sesuai_jalur], default q/4 of the year's target) -----------


@pytest.fixture
def quarter_scores(catalog, rules):
    rows = [
        # triwulan I, cumulative against the year's target:
        # Pandeglang: PEND 30/100 = 30 %, KES 10/100 = 10 % → mean 20 % < 25 % (off track)
        (2025, 1, "36.01", "KK-PEND-01", 100, 30, 1, 1),
        (2025, 1, "36.01", "KK-KES-01", 100, 10, 1, 1),
        # Lebak: PEND 25/100 = 25 % → 25 % ≥ 25 % (on track, the bound itself counts)
        (2025, 1, "36.02", "KK-PEND-01", 100, 25, 1, 1),
        # Kota Serang: a service without a target (0) is left out: PEND 40/80 = 50 % → on track
        (2025, 1, "36.73", "KK-PEND-01", 80, 40, 1, 1),
        (2025, 1, "36.73", "KK-KES-01", 0, 0, 0, 0),
        # triwulan II, Lebak: 45/100 = 45 % < 2/4 = 50 % (off track)
        (2025, 2, "36.02", "KK-PEND-01", 100, 45, 1, 1),
        # annual 2025, Lebak
        (2025, "", "36.02", "KK-PEND-01", 100, 80, 1, 1),
    ]
    return score_all(clean(rows, catalog), catalog, rules)


def test_on_track_in_quarter_one_needs_a_quarter_of_the_years_target(quarter_scores, rules):
    from spm_core.summary import on_track

    track = on_track(quarter_scores, rules, Selection(2025, 1)).set_index("kode_wilayah")
    assert track.loc["36.01", "persen_penerima_kumulatif"] == pytest.approx(20.0)  # (30 + 10) / 2
    assert track.loc["36.01", "target_jalur"] == 25.0
    assert bool(track.loc["36.01", "sesuai_jalur"]) is False
    assert bool(track.loc["36.02", "sesuai_jalur"]) is True  # 25 % ≥ 25 %
    assert track.loc["36.73", "persen_penerima_kumulatif"] == pytest.approx(50.0)  # the no-target service left out
    assert bool(track.loc["36.73", "sesuai_jalur"]) is True


def test_on_track_in_quarter_two_needs_half_of_the_years_target(quarter_scores, rules):
    from spm_core.summary import on_track

    track = on_track(quarter_scores, rules, Selection(2025, 2)).set_index("kode_wilayah")
    assert list(track.index) == ["36.02"]
    assert track.loc["36.02", "target_jalur"] == 50.0
    assert bool(track.loc["36.02", "sesuai_jalur"]) is False  # 45 % < 50 %


def test_on_track_follows_the_chosen_sector(quarter_scores, rules):
    from spm_core.summary import on_track

    # Pandeglang on KES alone: 10 % < 25 %; on PEND alone: 30 % ≥ 25 %
    kes = on_track(quarter_scores, rules, Selection(2025, 1, "KES")).set_index("kode_wilayah")
    pend = on_track(quarter_scores, rules, Selection(2025, 1, "PEND")).set_index("kode_wilayah")
    assert bool(kes.loc["36.01", "sesuai_jalur"]) is False
    assert bool(pend.loc["36.01", "sesuai_jalur"]) is True


def test_an_annual_period_is_not_judged_on_track(quarter_scores, rules, catalog):
    from spm_core.summary import on_track, with_on_track

    assert on_track(quarter_scores, rules, Selection(2025, 0)).empty
    summary = with_on_track(
        region_summary(quarter_scores, catalog, Selection(2025, 0)), quarter_scores, rules, Selection(2025, 0)
    )
    assert summary["sesuai_jalur"].isna().all()


def test_on_track_count_counts_kabkota_judged(quarter_scores, rules, catalog):
    from spm_core.summary import on_track_count, with_on_track

    sel = Selection(2025, 1)
    summary = with_on_track(region_summary(quarter_scores, catalog, sel), quarter_scores, rules, sel)
    assert on_track_count(summary) == (2, 3)  # Lebak and Kota Serang of the three with data


def test_the_on_track_share_per_quarter_is_a_setting_of_the_rules_file(tmp_path):
    from spm_core.rules import DEFAULT_RULES_FILE, load_rules

    text = DEFAULT_RULES_FILE.read_text(encoding="utf-8").replace(
        "persen_per_triwulan = [25.0, 50.0, 75.0, 100.0]", "persen_per_triwulan = [20.0, 45.0, 70.0, 100.0]"
    )
    path = tmp_path / "aturan.toml"
    path.write_text(text, encoding="utf-8")
    rules = load_rules(path)
    assert [rules.on_track_target(q) for q in (0, 1, 2, 3, 4)] == [None, 20.0, 45.0, 70.0, 100.0]
    assert "kebijakan dasbor" in rules.kepastian["sesuai_jalur"]


def test_on_track_line_counts_and_names_the_regions_behind(quarter_scores, rules, catalog):
    from spm_core.summary import on_track_line, with_on_track

    sel = Selection(2025, 1)
    summary = with_on_track(region_summary(quarter_scores, catalog, sel), quarter_scores, rules, sel)
    assert on_track_line(summary, rules, 1) == (
        "Sesuai jalur triwulan I (capaian penerima ≥ 25 % sasaran setahun): 2 dari 3 kab/kota; "
        "belum: Kabupaten Pandeglang."
    )
    assert on_track_line(summary, rules, 0) is None


def test_on_track_note_explains_cumulative_quarters_only_for_a_quarter(rules):
    from spm_core.summary import on_track_note

    assert on_track_note(rules, 0) is None
    note = on_track_note(rules, 2)
    assert "kumulatif" in note and "≥ 50 % sasaran setahun" in note and "kebijakan dasbor" in note
