"""Gaps, budget need, the target calculator, reporting deadlines and the stage file (spm_core.gaps).

A small hand-made sector used throughout (rules: 0.8 × recipients + 0.2 × quality, cap 100 %),
Kabupaten Lebak (36.02), Pendidikan, 2025 annual:

- A = KK-PEND-01: must serve 1.000, served 800, quality 10 of 10, unit cost Rp1.000.000 in the row
  → recipients 80 %, score 0.8 × 80 + 0.2 × 100 = 84
- B = KK-PEND-02: must serve 200, served 100, quality 5 of 10, no cost in the row
  → recipients 50 %, score 0.8 × 50 + 0.2 × 50 = 50
- C = KK-PEND-03: must serve 0 (no target) → no score
Sector score = (84 + 50) / 2 = 67.
"""

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from spm_core import gaps
from spm_core.scoring import service_scores

LEBAK, PANDEGLANG = "36.02", "36.01"
A, B, C = "KK-PEND-01", "KK-PEND-02", "KK-PEND-03"
NAN = np.nan


def data(rows):
    frame = pd.DataFrame(
        rows,
        columns=[
            "tahun",
            "triwulan",
            "kode_wilayah",
            "kode_layanan",
            "harus_dilayani",
            "terlayani",
            "mutu_dibutuhkan",
            "mutu_tersedia",
            "anggaran_alokasi",
            "anggaran_realisasi",
            "biaya_satuan",
        ],
    )
    for column in ("mutu_dibutuhkan", "mutu_tersedia", "anggaran_alokasi", "anggaran_realisasi", "biaya_satuan"):
        frame[column] = frame[column].astype("float64")
    return frame


LEBAK_ROWS = [
    (2025, 0, LEBAK, A, 1000, 800, 10, 10, 500_000_000, 450_000_000, 1_000_000),
    (2025, 0, LEBAK, B, 200, 100, 10, 5, 100_000_000, 50_000_000, NAN),
    (2025, 0, LEBAK, C, 0, 0, 1, 1, NAN, NAN, NAN),
]
PANDEGLANG_ROWS = [
    (2025, 0, PANDEGLANG, A, 500, 400, 10, 10, NAN, NAN, NAN),
    (2025, 0, PANDEGLANG, B, 100, 100, 10, 10, NAN, NAN, NAN),
]
UNIT_COSTS = pd.DataFrame(
    [
        {"kode_layanan": B, "kode_wilayah": LEBAK, "biaya_satuan": 4_000_000.0, "sumber": "SSH Lebak 2025"},
        {"kode_layanan": B, "kode_wilayah": None, "biaya_satuan": 9_000_000.0, "sumber": "SSH Provinsi 2025"},
    ]
)


@pytest.fixture
def services(catalog, rules):
    return service_scores(data(LEBAK_ROWS + PANDEGLANG_ROWS), catalog, rules)


@pytest.fixture
def table(services, catalog, rules):
    return gaps.gap_table(services, catalog, rules, 2025, 0, UNIT_COSTS).set_index(["kode_wilayah", "kode_layanan"])


def lebak_pend(table):
    return table.loc[LEBAK].reset_index().assign(kode_wilayah=LEBAK)


# --- gap table and unit costs ----------------------------------------------------------------------


def test_budget_need_is_unserved_people_times_the_unit_cost_of_the_row(table):
    row = table.loc[(LEBAK, A)]
    assert row["belum_terlayani"] == 200  # 1.000 − 800
    assert row["kebutuhan_anggaran"] == 200_000_000  # 200 × Rp1.000.000
    assert row["sumber_biaya"] == "baris data"


def test_a_regions_own_unit_cost_is_used_before_the_cost_for_every_region(table):
    row = table.loc[(LEBAK, B)]
    assert row["biaya_satuan"] == 4_000_000
    assert row["kebutuhan_anggaran"] == 400_000_000  # 100 unserved × Rp4.000.000
    assert row["sumber_biaya"] == "tabel biaya satuan (sumber SSH Lebak 2025)"


def test_the_cost_for_every_region_applies_where_a_region_has_none_of_its_own(table):
    row = table.loc[(PANDEGLANG, B)]
    assert row["biaya_satuan"] == 9_000_000
    assert row["sumber_biaya"] == "tabel biaya satuan (sumber SSH Provinsi 2025)"
    assert row["kebutuhan_anggaran"] == 0  # everyone served: 0 × Rp9.000.000


def test_a_cost_in_the_data_row_wins_over_the_unit_cost_table(services, catalog, rules):
    costs = pd.DataFrame([{"kode_layanan": A, "kode_wilayah": None, "biaya_satuan": 7.0, "sumber": "x"}])
    table = gaps.gap_table(services, catalog, rules, 2025, 0, costs).set_index(["kode_wilayah", "kode_layanan"])
    assert table.loc[(LEBAK, A), "biaya_satuan"] == 1_000_000  # the row's own cost
    assert table.loc[(PANDEGLANG, A), "biaya_satuan"] == 7  # no cost in the row → the table


def test_without_any_unit_cost_the_need_is_unknown_and_says_so(table):
    row = table.loc[(PANDEGLANG, A)]
    assert row["belum_terlayani"] == 100  # 500 − 400
    assert np.isnan(row["kebutuhan_anggaran"])
    assert row["sumber_biaya"] == "tidak ada"


def test_nobody_unserved_needs_nothing_even_without_a_unit_cost(services, catalog, rules):
    table = gaps.gap_table(services, catalog, rules, 2025, 0, None).set_index(["kode_wilayah", "kode_layanan"])
    assert table.loc[(LEBAK, C), "kebutuhan_anggaran"] == 0  # no target: 0 unserved, no cost anywhere
    assert table.loc[(PANDEGLANG, B), "kebutuhan_anggaran"] == 0  # 100 of 100 served, no cost anywhere
    assert np.isnan(table.loc[(PANDEGLANG, A), "kebutuhan_anggaran"])  # 100 unserved, no cost: not known


def test_the_known_need_of_rows_that_all_have_a_cost_is_complete(table):
    # Lebak: A 200 jt + B 400 jt + C 0 (nobody unserved)
    assert gaps.known_need(lebak_pend(table)) == (600_000_000, True)


def test_the_known_need_is_a_lower_bound_when_some_unserved_rows_have_no_cost(services, catalog, rules):
    rows = gaps.gap_table(services, catalog, rules, 2025, 0, None)
    # Lebak A 200 jt known; Lebak B (100 unserved) and Pandeglang A (100 unserved) have no cost
    assert gaps.known_need(rows) == (200_000_000, False)


def test_a_need_with_no_known_cost_at_all_is_not_known_rather_than_zero(services, catalog, rules):
    rows = gaps.gap_table(services, catalog, rules, 2025, 0, None, wilayah=PANDEGLANG)
    need, complete = gaps.known_need(rows)  # A: 100 unserved without a cost; B: nobody unserved
    assert np.isnan(need) and not complete


def test_a_plan_whose_steps_have_no_unit_cost_has_an_unknown_cost_not_zero(services, catalog, rules):
    rows = gaps.gap_table(services, catalog, rules, 2025, 0, None, wilayah=PANDEGLANG)
    # Pandeglang: A 0,8 × 80 + 0,2 × 100 = 84, B 100 → sector 92; to 100, A's 100 unserved are served
    plan = gaps.target_plan(rows, rules, 100.0)
    assert plan.tambahan_orang == 100
    assert np.isnan(plan.biaya) and not plan.biaya_lengkap


def test_the_screen_table_says_tidak_terhitung_for_an_unknown_cost_and_keeps_rp0_for_a_known_zero(
    services, catalog, rules
):
    from spm_core.visuals.tables import gap_screen_table

    rows = gaps.gap_table(services, catalog, rules, 2025, 0, None, wilayah=PANDEGLANG)
    shown = gap_screen_table(rows, ["kode_layanan", "biaya_satuan", "kebutuhan_anggaran", "anggaran_alokasi"])
    assert shown.values.tolist() == [
        [A, "tidak terhitung", "tidak terhitung", "–"],  # budget not reported: –
        [B, "tidak terhitung", "Rp0", "–"],
    ]


def test_points_lost_are_the_distance_to_100_and_the_share_pulled_from_the_sector(table):
    assert table.loc[(LEBAK, A), "poin_hilang"] == pytest.approx(16.0)  # 100 − 84
    assert table.loc[(LEBAK, B), "poin_hilang"] == pytest.approx(50.0)  # 100 − 50
    # two scored services in the sector (C has no target): each pulls the mean down by its loss / 2
    assert table.loc[(LEBAK, A), "poin_hilang_bidang"] == pytest.approx(8.0)  # 16 / 2
    assert table.loc[(LEBAK, B), "poin_hilang_bidang"] == pytest.approx(25.0)  # 50 / 2


def test_a_service_with_no_one_to_serve_has_no_gap_and_no_points_lost(table):
    row = table.loc[(LEBAK, C)]
    assert row["belum_terlayani"] == 0
    assert np.isnan(row["poin_hilang"])  # no score, so no points to lose
    assert np.isnan(row["poin_hilang_bidang"])


def test_sorting_by_budget_need_puts_the_largest_first_and_unknown_needs_last(services, catalog, rules):
    table = gaps.gap_table(services, catalog, rules, 2025, 0, UNIT_COSTS)
    ordered = gaps.sort_gaps(table, "kebutuhan_anggaran")
    # Lebak B 400 jt, Lebak A 200 jt, then 0 (Lebak C and Pandeglang B: nobody unserved), unknown last
    assert list(zip(ordered["kode_wilayah"], ordered["kode_layanan"]))[:2] == [(LEBAK, B), (LEBAK, A)]
    assert np.isnan(ordered["kebutuhan_anggaran"].iloc[-1])


def test_the_gap_table_filters_by_sector_and_region(services, catalog, rules):
    table = gaps.gap_table(services, catalog, rules, 2025, 0, None, bidang="PEND", wilayah=PANDEGLANG)
    assert table["kode_layanan"].tolist() == [A, B]
    assert gaps.gap_table(services, catalog, rules, 2025, 0, None, bidang="KES").empty


def test_budget_by_region_compares_the_known_need_with_the_allocation(services, catalog, rules):
    table = gaps.gap_table(services, catalog, rules, 2025, 0, UNIT_COSTS)
    regions = gaps.budget_by_region(table).set_index("kode_wilayah")
    lebak = regions.loc[LEBAK]
    assert lebak["kebutuhan_anggaran"] == 600_000_000  # 200 jt (A) + 400 jt (B)
    assert lebak["anggaran_alokasi"] == 600_000_000  # 500 jt + 100 jt
    assert lebak["selisih"] == 0  # 600 jt − 600 jt: just enough
    assert lebak["status_anggaran"] == "cukup"
    assert lebak["persen_realisasi"] == pytest.approx(500 / 600 * 100)  # (450 jt + 50 jt) / 600 jt
    pandeglang = regions.loc[PANDEGLANG]
    assert pandeglang["jumlah_tanpa_biaya"] == 1  # A has 100 unserved and no cost
    assert pandeglang["status_anggaran"] == "tidak dapat dinilai"  # no allocation reported


def test_budget_by_service_sums_the_regions_and_counts_rows_without_a_cost(services, catalog, rules):
    table = gaps.gap_table(services, catalog, rules, 2025, 0, UNIT_COSTS)
    by_service = gaps.budget_by_service(table).set_index("kode_layanan")
    assert by_service.loc[A, "kebutuhan_anggaran"] == 200_000_000  # Lebak only; Pandeglang's is unknown
    assert by_service.loc[A, "belum_terlayani"] == 300  # 200 + 100
    assert by_service.loc[A, "jumlah_tanpa_biaya"] == 1


# --- target calculator -----------------------------------------------------------------------------


def test_the_cheapest_service_per_point_is_lifted_first_to_reach_tuntas_pratama(table, rules):
    plan = gaps.target_plan(lebak_pend(table), rules, 70.0)
    assert plan.nilai_sekarang == pytest.approx(67.0)  # (84 + 50) / 2
    # cost per sector point: A 1.000 / (0.8 × 100) × 2 = 25 people × Rp1 jt = Rp25 jt;
    #                        B 200 / 80 × 2 = 5 people × Rp4 jt = Rp20 jt → B first
    # 3 sector points = 6 service points of B = 6 × 200 / 80 = 15 people
    assert plan.langkah["kode_layanan"].tolist() == [B]
    assert plan.tambahan_orang == 15
    assert plan.biaya == 60_000_000  # 15 × Rp4.000.000
    assert plan.nilai_akhir == pytest.approx(70.0)  # B: 0.8 × 57,5 + 0.2 × 50 = 56 → (84 + 56) / 2
    assert plan.dapat_dicapai and not plan.sudah_tercapai


def test_reaching_tuntas_utama_fills_the_cheaper_service_then_the_next(table, rules):
    plan = gaps.target_plan(lebak_pend(table), rules, 90.0)
    # 23 sector points = 46 service points; B gives at most 0.8 × (100 − 50) = 40 (100 people, Rp400 jt),
    # then A 6 service points = 6 × 1.000 / 80 = 75 people (Rp75 jt)
    assert plan.langkah["kode_layanan"].tolist() == [B, A]
    assert plan.langkah["tambahan_terlayani"].tolist() == [100, 75]
    assert plan.tambahan_orang == 175
    assert plan.biaya == 475_000_000
    assert plan.nilai_akhir == pytest.approx(90.0)  # A 0.8 × 87,5 + 20 = 90, B 80 + 10 = 90


def test_a_target_quality_caps_is_reported_as_unreachable_with_the_best_score(table, rules):
    plan = gaps.target_plan(lebak_pend(table), rules, 100.0)
    # everyone served: A 0.8 × 100 + 0.2 × 100 = 100, B 0.8 × 100 + 0.2 × 50 = 90 → best (100 + 90) / 2 = 95
    assert not plan.dapat_dicapai
    assert plan.nilai_maksimum == pytest.approx(95.0)
    assert plan.nilai_akhir == pytest.approx(95.0)
    assert plan.tambahan_orang == 300  # 200 + 100: the plan serves everyone it can
    assert plan.biaya == 600_000_000  # 200 × Rp1 jt + 100 × Rp4 jt


def test_a_target_already_reached_needs_nothing(table, rules):
    plan = gaps.target_plan(lebak_pend(table), rules, 60.0)  # Tuntas Muda; the sector has 67
    assert plan.sudah_tercapai
    assert plan.tambahan_orang == 0 and plan.biaya == 0 and plan.langkah.empty


def test_a_sector_already_at_100_percent_needs_no_one_more(services, catalog, rules):
    full = gaps.gap_table(services, catalog, rules, 2025, 0, None, wilayah=PANDEGLANG, bidang="PEND")
    full = full[full["kode_layanan"] == B]  # 100 of 100 served, quality 10 of 10 → score 100
    plan = gaps.target_plan(full, rules, gaps.TARGET_ALL_SERVED)
    assert plan.sudah_tercapai and plan.tambahan_orang == 0
    plan = gaps.target_plan(full, rules, 100.0)
    assert plan.sudah_tercapai and plan.nilai_sekarang == pytest.approx(100.0)


def test_services_without_a_unit_cost_come_after_those_with_one_and_the_cost_is_a_lower_bound(table, rules):
    rows = lebak_pend(table)
    rows.loc[rows["kode_layanan"] == B, "biaya_satuan"] = NAN
    plan = gaps.target_plan(rows, rules, 90.0)
    # A has a cost (Rp25 jt per point) so it goes first: its 16 points of headroom give
    # 0.8 × 20 = 16 service points (200 people, Rp200 jt); then B (no cost): 46 − 16 = 30 service
    # points = 30 × 200 / 80 = 75 people
    assert plan.langkah["kode_layanan"].tolist() == [A, B]
    assert plan.langkah["tambahan_terlayani"].tolist() == [200, 75]
    assert plan.biaya == 200_000_000
    assert not plan.biaya_lengkap


def test_ordering_by_people_lifts_the_service_with_the_fewest_people_per_point_first(table, rules):
    rows = lebak_pend(table)
    rows.loc[rows["kode_layanan"] == B, "biaya_satuan"] = 100_000_000  # B now costly per point
    plan = gaps.target_plan(rows, rules, 70.0, order=gaps.ORDER_PEOPLE)
    assert plan.langkah["kode_layanan"].tolist() == [B]  # 5 people per point against A's 25
    assert plan.tambahan_orang == 15


def test_a_service_with_no_target_is_left_out_of_the_sector_score_and_the_plan(table, rules):
    plan = gaps.target_plan(lebak_pend(table), rules, 90.0)
    assert C not in plan.langkah["kode_layanan"].tolist()
    assert plan.layanan_tanpa_nilai == []  # C has no one to serve, so nothing is missing


def test_a_sector_without_any_score_gives_an_empty_plan(table, rules):
    rows = lebak_pend(table)
    rows = rows[rows["kode_layanan"] == C]
    plan = gaps.target_plan(rows, rules, 90.0)
    assert np.isnan(plan.nilai_sekarang) and plan.langkah.empty and not plan.dapat_dicapai


def test_target_choices_come_from_the_rules_category_bounds(rules):
    choices = gaps.target_choices(rules)
    assert choices[90.0] == "Tuntas Utama (nilai ≥ 90)"
    assert choices[100.0] == "Tuntas Paripurna (nilai ≥ 100)"
    assert 0.0 not in choices  # the lowest category is no target
    assert gaps.TARGET_ALL_SERVED in choices


# --- reporting deadlines and timeliness ------------------------------------------------------------


@pytest.mark.parametrize(
    "quarter, expected",
    [
        (1, date(2025, 4, 20)),
        (2, date(2025, 7, 20)),
        (3, date(2025, 10, 20)),
        (4, date(2026, 1, 20)),
        (0, date(2026, 1, 20)),
    ],
)
def test_report_deadlines_are_the_20th_after_the_quarter_and_january_for_q4(quarter, expected):
    assert gaps.reporting_deadline(2025, quarter) == expected


def test_a_region_is_late_by_the_days_between_deadline_and_its_first_submission(catalog):
    submissions = pd.DataFrame(
        [
            {
                "versi_id": 3,
                "dibuat_pada": datetime(2025, 4, 22, 9),
                "jenis": "impor",
                "tahun": 2025,
                "triwulan": 1,
                "kode_wilayah": LEBAK,
                "jumlah_baris": 29,
            },
            {
                "versi_id": 2,
                "dibuat_pada": datetime(2025, 4, 20, 23),
                "jenis": "impor",
                "tahun": 2025,
                "triwulan": 1,
                "kode_wilayah": PANDEGLANG,
                "jumlah_baris": 29,
            },
            {
                "versi_id": 5,
                "dibuat_pada": datetime(2025, 5, 1),
                "jenis": "impor",
                "tahun": 2025,
                "triwulan": 1,
                "kode_wilayah": PANDEGLANG,
                "jumlah_baris": 3,
            },  # a later correction does not move the date
        ]
    )
    first = gaps.first_submissions(submissions)
    completeness = pd.DataFrame(
        columns=["kode_wilayah", "tahun", "triwulan", "jumlah_diharapkan", "jumlah_lengkap", "keterisian"]
    )
    out = gaps.reporting_timeliness(first, completeness, [(2025, 1)], catalog, today=date(2025, 6, 1))
    out = out.set_index("kode_wilayah")
    assert out.loc[LEBAK, "status_laporan"] == "terlambat"
    assert out.loc[LEBAK, "hari_terlambat"] == 2  # 22 April − 20 April
    assert out.loc[PANDEGLANG, "status_laporan"] == "tepat waktu"  # on the deadline day itself
    assert out.loc[PANDEGLANG, "pertama_dikirim"] == date(2025, 4, 20)
    assert out.loc["36.03", "status_laporan"] == "belum dikirim (lewat tenggat)"
    assert out.loc["36.03", "hari_terlambat"] == 42  # 1 June − 20 April = 10 + 31 + 1
    assert out.loc["36.03", "keterisian"] == 0


def test_a_report_not_sent_before_its_deadline_is_not_late_yet(catalog):
    empty = pd.DataFrame(
        columns=["kode_wilayah", "tahun", "triwulan", "jumlah_diharapkan", "jumlah_lengkap", "keterisian"]
    )
    out = gaps.reporting_timeliness(
        gaps.first_submissions(pd.DataFrame()), empty, [(2025, 2)], catalog, today=date(2025, 7, 20)
    )
    assert set(out["status_laporan"]) == {"belum dikirim"}
    assert out["hari_terlambat"].isna().all()


def test_missing_sectors_name_what_is_not_fully_reported(catalog):
    by_sector = pd.DataFrame(
        [
            {
                "tahun": 2025,
                "triwulan": 4,
                "kode_wilayah": LEBAK,
                "kode_bidang": "SOS",
                "jumlah_diharapkan": 5,
                "jumlah_ada": 0,
                "jumlah_lengkap": 0,
                "keterisian": 0.0,
            },
            {
                "tahun": 2025,
                "triwulan": 4,
                "kode_wilayah": LEBAK,
                "kode_bidang": "PEND",
                "jumlah_diharapkan": 3,
                "jumlah_ada": 3,
                "jumlah_lengkap": 3,
                "keterisian": 100.0,
            },
        ]
    )
    out = gaps.missing_sectors(by_sector, catalog)
    assert out["yang_kurang"].tolist() == ["Sosial (0 dari 5)"]


# --- the stage file --------------------------------------------------------------------------------


def stage_frame(rows):
    frame = pd.DataFrame(rows, columns=gaps.STAGE_FILE_COLUMNS).astype(str)
    frame.index = pd.RangeIndex(2, 2 + len(frame))  # Excel row numbers, as reading.read_table gives
    return frame


def test_a_good_stage_file_gives_clean_rows_with_codes_and_dates(catalog):
    clean, problems = gaps.read_stage_table(
        stage_frame(
            [
                ["36.02", "PEND", "1", "selesai", "2025-03-31", "Data sasaran dari Dapodik"],
                ["Kab. Serang", "Kesehatan", "2", "Proses", "15/05/2025", ""],
            ]
        ),
        catalog,
        2025,
    )
    assert problems == []
    assert clean["kode_wilayah"].tolist() == ["36.02", "36.04"]
    assert clean["kode_bidang"].tolist() == ["PEND", "KES"]
    assert clean["status"].tolist() == ["selesai", "proses"]
    assert clean["tanggal"].tolist() == [date(2025, 3, 31), date(2025, 5, 15)]
    assert clean["tahun"].tolist() == [2025, 2025]


def test_a_bad_stage_file_names_each_row_and_column(catalog):
    clean, problems = gaps.read_stage_table(
        stage_frame(
            [
                ["Tangerang", "PEND", "5", "sudah", "31-31-2025", ""],
                ["36.02", "XYZ", "1", "belum", "", ""],
                ["36.02", "PEND", "1", "belum", "", ""],
                ["36.02", "PEND", "1", "selesai", "", ""],
            ]
        ),
        catalog,
        2025,
    )
    where = {(p.baris, p.kolom) for p in problems}
    assert where == {
        (2, "kode_wilayah"),
        (2, "tahap"),
        (2, "status"),
        (2, "tanggal"),
        (3, "kode_bidang"),
        (5, "tahap"),
    }  # row 5 repeats row 4's region, sector and stage
    assert "36.03" in next(p.pesan for p in problems if p.kolom == "kode_wilayah")  # the candidates are named
    assert len(clean) == 1


def test_a_stage_file_without_required_columns_is_refused(catalog):
    frame = pd.DataFrame({"kode_wilayah": ["36.02"]}, index=[2])
    clean, problems = gaps.read_stage_table(frame, catalog, 2025)
    assert clean.empty and problems[0].kolom == "kode_bidang, tahap, status"


def test_the_stage_matrix_shows_belum_where_nothing_is_recorded(catalog):
    stages = pd.DataFrame(
        [
            {
                "kode_wilayah": LEBAK,
                "kode_bidang": "PEND",
                "tahap": 1,
                "status": "selesai",
                "tanggal": "2025-03-31",
                "catatan": None,
            }
        ]
    )
    matrix = gaps.stage_matrix(stages, catalog).set_index(["kode_wilayah", "kode_bidang"])
    assert len(matrix) == 9 * 6  # province + 8 kab/kota, six sectors
    assert matrix.loc[(LEBAK, "PEND"), "tahap_1"] == "selesai"
    assert matrix.loc[(LEBAK, "PEND"), "tahap_2"] == "belum"
    assert matrix.loc[(PANDEGLANG, "PEND"), "tahap_1"] == "belum"


def test_rows_from_the_initial_load_are_not_judged_on_their_install_date(catalog):
    submissions = pd.DataFrame(
        [
            {
                "versi_id": 1,
                "dibuat_pada": datetime(2026, 3, 1),
                "jenis": "demo",
                "tahun": 2025,
                "triwulan": 1,
                "kode_wilayah": LEBAK,
                "jumlah_baris": 29,
            }
        ]
    )
    empty = pd.DataFrame(
        columns=["kode_wilayah", "tahun", "triwulan", "jumlah_diharapkan", "jumlah_lengkap", "keterisian"]
    )
    out = gaps.reporting_timeliness(
        gaps.first_submissions(submissions), empty, [(2025, 1)], catalog, today=date(2026, 3, 2)
    ).set_index("kode_wilayah")
    assert out.loc[LEBAK, "status_laporan"] == "data awal"
    assert pd.isna(out.loc[LEBAK, "hari_terlambat"])  # not "315 days late"


def _budget_rows(*rows):
    import pandas as pd

    frame = pd.DataFrame(
        rows, columns=["nama_wilayah", "kebutuhan_anggaran", "anggaran_alokasi", "selisih", "status_anggaran"]
    )
    frame["anggaran_realisasi"] = frame["anggaran_alokasi"]
    return frame


def test_the_budget_finding_names_how_many_regions_fall_short_and_the_largest_gap():
    by_region = _budget_rows(
        ("Kabupaten Lebak", 5e9, 2e9, -3e9, gaps.STATUS_SHORT),  # 2 − 5 = −3 miliar
        ("Kota Cilegon", 1e9, 0.5e9, -0.5e9, gaps.STATUS_SHORT),
        ("Kota Serang", 1e9, 2e9, 1e9, gaps.STATUS_ENOUGH),
        ("Kota Tangerang", None, None, None, gaps.STATUS_UNKNOWN),  # not judged
    )
    assert gaps.budget_finding(by_region) == (
        "Alokasi di bawah kebutuhan di 2 dari 3 wilayah; kekurangan terbesar: Kabupaten Lebak (Rp3,0 miliar)"
    )


def test_the_budget_finding_says_when_every_judged_region_is_covered():
    by_region = _budget_rows(("Kota Serang", 1e9, 2e9, 1e9, gaps.STATUS_ENOUGH))
    assert gaps.budget_finding(by_region) == "Alokasi menutup kebutuhan yang diketahui di 1 dari 1 wilayah"


def test_the_need_finding_names_the_sector_that_needs_most_and_its_share():
    import pandas as pd

    by_service = pd.DataFrame(
        {
            "nama_bidang": ["Kesehatan", "Kesehatan", "Pendidikan"],
            "kebutuhan_anggaran": [2e9, 1e9, 1e9],  # Kesehatan 3 of 4 miliar = 75 %
        }
    )
    assert gaps.need_finding(by_service) == "Kesehatan butuh Rp3,0 miliar (75 % dari Rp4,0 miliar)"


def test_the_budget_chart_carries_need_allocation_and_spending_in_billions():
    from spm_core.visuals.figures import budget_region_figure

    by_region = _budget_rows(("Kabupaten Lebak", 5e9, 2e9, -3e9, gaps.STATUS_SHORT))
    figure = budget_region_figure(by_region, "judul temuan")
    assert [trace.name for trace in figure.data] == [
        "Kebutuhan anggaran",
        "Anggaran dialokasikan",
        "Anggaran terealisasi",
    ]
    assert list(figure.data[0].y) == [5.0] and list(figure.data[1].y) == [2.0]  # 5e9 / 1e9, 2e9 / 1e9
    assert "judul temuan" in figure.layout.title.text


@pytest.mark.parametrize("year", ["1e400", "9" * 40, "1999", "2101"])
def test_a_stage_year_outside_the_ranges_file_is_an_error_not_a_crash(catalog, year):
    frame = stage_frame([["36.02", "PEND", "1", "selesai", "", ""]])
    frame["tahun"] = year
    clean, problems = gaps.read_stage_table(frame, catalog, 2025)
    assert [(p.baris, p.kolom) for p in problems] == [(2, "tahun")]
    assert clean.empty


@pytest.mark.parametrize("stage", ["1e400", "9" * 40, "0", "1.5"])
def test_a_stage_number_outside_1_to_4_is_an_error_not_a_crash(catalog, stage):
    clean, problems = gaps.read_stage_table(stage_frame([["36.02", "PEND", stage, "selesai", "", ""]]), catalog, 2025)
    assert [(p.baris, p.kolom) for p in problems] == [(2, "tahap")]
