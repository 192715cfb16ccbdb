"""The page models: each view is a function of the scores and the choices, computed once and
shared by every viewer; these tests check what each one holds on hand-made data."""

from datetime import date

import pandas as pd
import pytest

from spm_core import views
from spm_core.intake.validation import validate_frame
from spm_core.scoring import score_all
from spm_core.summary import Selection

HEADER = [
    "tahun",
    "triwulan",
    "kode_wilayah",
    "kode_layanan",
    "harus_dilayani",
    "terlayani",
    "mutu_dibutuhkan",
    "mutu_tersedia",
    "biaya_satuan",
]
NO_COSTS = pd.DataFrame(columns=["kode_layanan", "kode_wilayah", "biaya_satuan", "sumber"])


@pytest.fixture
def scores(catalog, rules):
    rows = [
        # 2023: Pandeglang 0.8 × 50 + 0.2 × 100 = 60; Lebak 0.8 × 100 + 0.2 × 100 = 100
        (2023, "", "36.01", "KK-PEND-01", 100, 50, 1, 1, ""),
        (2023, "", "36.02", "KK-PEND-01", 100, 100, 1, 1, ""),
        # 2024: Pandeglang 0.8 × 75 + 0.2 × 100 = 80; 25 unserved × Rp1.000 = Rp25.000
        (2024, "", "36.01", "KK-PEND-01", 100, 75, 1, 1, 1000),
        # 2024: Lebak 0.8 × 90 + 0.2 × 100 = 92; 10 unserved, no unit cost
        (2024, "", "36.02", "KK-PEND-01", 100, 90, 1, 1, ""),
        # 2024: the province 0.8 × 50 + 0.2 × 100 = 60
        (2024, "", "36", "PROV-PEND-01", 10, 5, 1, 1, ""),
    ]
    frame = pd.DataFrame([[str(v) for v in row] for row in rows], columns=HEADER)
    frame.index = frame.index + 2
    result = validate_frame(frame, catalog)
    assert result.ok, [p.line() for p in result.errors]
    return score_all(result.data, catalog, rules)


def test_the_overview_lists_the_kabkota_best_first_with_the_recap(scores, catalog, rules):
    view = views.overview_view(scores, catalog, rules, Selection(2024))
    assert view.has_data
    assert view.kabkota["kode_wilayah"].tolist()[:2] == ["36.02", "36.01"]  # 92 before 80
    assert view.now["nilai_provinsi_bulat"] == 60.0
    # kab/kota mean (92 + 80) / 2 = 86; a year earlier (100 + 60) / 2 = 80 → +6
    assert view.now["nilai_kabkota_rerata_bulat"] == 86.0
    assert view.change["nilai_kabkota_rerata"] == 6.0


def test_a_period_without_data_gives_an_empty_overview(scores, catalog, rules):
    assert not views.overview_view(scores, catalog, rules, Selection(2020)).has_data


def test_the_map_model_names_the_kabkota_without_data_and_ranks_the_rest(scores, catalog, rules):
    view = views.map_view(scores, catalog, rules, Selection(2024))
    assert view.has_data
    assert len(view.missing) == 6  # 8 kab/kota, 2 with data
    assert "Kabupaten Serang" in view.missing
    ranked = view.table.set_index("Kode")
    assert ranked.loc["36.02", "Peringkat"] == 1 and ranked.loc["36.01", "Peringkat"] == 2


def test_the_trend_model_has_a_figure_only_when_there_is_a_score(scores, catalog, rules):
    national = pd.DataFrame(columns=["tahun", "nilai", "keterangan", "sumber"])
    view = views.trend_view(scores, catalog, rules, national, 2023, 2024, ("36.01",), None, None, False)
    assert view.figure is not None
    # Pandeglang 60 → 80: +20 over the span
    assert view.change.iloc[0]["Perubahan (poin)"] == 20.0
    empty = views.trend_view(scores, catalog, rules, national, 2023, 2024, ("36.71",), None, None, False)
    assert empty.figure is None


def test_the_profile_model_of_a_region_without_data_has_no_figures(scores, catalog, rules):
    assert views.profile_view(scores, catalog, rules, "36.02", 2024, 0).rank == 1
    empty = views.profile_view(scores, catalog, rules, "36.71", 2024, 0)
    assert not empty.has_data and empty.sector_figure is None


def test_the_gaps_model_counts_unserved_people_and_the_known_cost(scores, catalog, rules):
    view = views.gaps_view(scores, catalog, rules, Selection(2024), NO_COSTS)
    pandeglang = views.gap_rows(view, "36.01", "belum_terlayani")
    assert pandeglang["belum_terlayani"].sum() == 25
    assert pandeglang["kebutuhan_anggaran"].sum() == 25_000  # 25 × Rp1.000
    lebak = views.gap_rows(view, "36.02", "belum_terlayani")
    assert lebak["belum_terlayani"].sum() == 10 and lebak["kebutuhan_anggaran"].isna().all()


def test_the_calculator_starts_at_the_region_lowest_on_the_sector(scores):
    assert views.lowest_region(scores, 2024, 0, "PEND") == "36"  # the province's 60 is lowest
    assert views.lowest_region(scores, 2019, 0, "PEND") is None


def test_a_stage_table_without_action_plans_says_not_adopted(catalog):
    stages = pd.DataFrame(
        columns=[
            "tahun",
            "kode_wilayah",
            "kode_bidang",
            "tahap",
            "status",
            "tanggal",
            "catatan",
            "pengguna",
            "dibuat_pada",
        ]
    )
    plans = pd.DataFrame(columns=["kode_wilayah", "kode_bidang", "ditetapkan"])
    table = views.stage_table(stages, plans, catalog, ("PEND",))
    assert set(table["kode_bidang"]) == {"PEND"}
    assert set(table["rencana_aksi"]) == {"tidak"}


def test_the_overview_table_follows_the_cards_province_first_then_kabkota_by_rank(scores, catalog, rules):
    view = views.overview_view(scores, catalog, rules, Selection(2024))
    # the province, then Lebak (92, rank 1), Pandeglang (80, rank 2), then the six without data
    assert view.table["Kode"].tolist()[:3] == ["36", "36.02", "36.01"]
    assert view.weakest["nama_wilayah"] == "Kabupaten Pandeglang"  # the lowest scored kab/kota
    assert "Sesuai jalur" not in view.table  # an annual period is not judged
    assert view.note is None


def test_a_quarter_adds_the_on_track_column_to_the_overview_and_the_map(catalog, rules):
    rows = [
        # triwulan I: Pandeglang 20/100 = 20 % < 25 % (belum); Lebak 30/100 = 30 % ≥ 25 % (ya)
        (2025, 1, "36.01", "KK-PEND-01", 100, 20, 1, 1, ""),
        (2025, 1, "36.02", "KK-PEND-01", 100, 30, 1, 1, ""),
    ]
    frame = pd.DataFrame([[str(v) for v in row] for row in rows], columns=HEADER)
    frame.index = frame.index + 2
    quarter = score_all(validate_frame(frame, catalog).data, catalog, rules)
    overview = views.overview_view(quarter, catalog, rules, Selection(2025, 1))
    on_track = dict(zip(overview.table["Kode"], overview.table["Sesuai jalur"]))
    assert on_track["36.01"] == "belum" and on_track["36.02"] == "ya" and pd.isna(on_track["36"])
    assert "kumulatif" in overview.note
    ranked = views.map_view(quarter, catalog, rules, Selection(2025, 1)).table.set_index("Kode")
    assert ranked.loc["36.01", "Sesuai jalur"] == "belum" and ranked.loc["36.02", "Sesuai jalur"] == "ya"


def test_the_version_choices_list_only_approved_versions_after_the_newest():
    history = pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "status": ["disetujui", "disetujui", "menunggu", "disetujui"],
            "jenis": ["demo", "impor", "impor", "pemulihan"],
            # stored in UTC; 2026-04-09 18:00 UTC is 10-04-2026 01:00 WIB
            "dibuat_pada": pd.to_datetime(
                ["2026-01-05 08:00", "2026-03-01 09:30", "2026-03-02 10:00", "2026-04-09 18:00"]
            ),
        }
    )
    assert views.version_choices(history) == {
        0: "Terbaru",
        1: "v1 · 05-01-2026 · Data simulasi awal",
        2: "v2 · 01-03-2026 · Impor",
        4: "v4 · 10-04-2026 · Pemulihan",
    }


def test_one_approved_version_gives_nothing_to_choose():
    history = pd.DataFrame(
        {
            "id": [1, 2],
            "status": ["disetujui", "ditolak"],
            "jenis": ["demo", "impor"],
            "dibuat_pada": pd.to_datetime(["2026-01-05", "2026-01-06"]),
        }
    )
    assert views.version_choices(history) == {}


def _problems(**columns):
    base = {
        "nomor": [1, 2, 3],
        "tahun": 2025,
        "triwulan": [1, 2, 2],
        "kode_wilayah": ["36.02", "36.02", "36"],
        "kode_bidang": "PEND",
        "permasalahan": ["a", "b", "c"],
        "solusi": None,
        "tindak_lanjut": None,
        "penanggung_jawab": None,
        "tenggat": ["2025-06-30", "2025-06-30", None],
        "status": ["terbuka", "selesai", "proses"],
    }
    return pd.DataFrame({**base, **columns})


def test_an_unfinished_problem_past_its_deadline_is_overdue(catalog):
    listed = views.problems_view(_problems(), catalog, date(2025, 7, 1))
    # no. 1: open, due 30-06 < 01-07 → overdue; no. 2: done; no. 3: no deadline
    assert (listed.total, listed.unfinished, listed.overdue) == (3, 2, 1)
    assert listed.table["Lewat tenggat"].tolist() == ["ya", "", ""]


def test_a_problem_due_today_is_not_yet_overdue(catalog):
    assert views.problems_view(_problems(), catalog, date(2025, 6, 30)).overdue == 0


def test_the_problems_table_names_region_sector_and_period(catalog):
    table = views.problems_view(_problems(), catalog, date(2025, 7, 1)).table
    assert list(table.columns) == [
        "No.",
        "Wilayah",
        "Bidang",
        "Periode",
        "Permasalahan",
        "Solusi",
        "Tindak lanjut",
        "Penanggung jawab",
        "Tenggat",
        "Status",
        "Lewat tenggat",
    ]
    assert table.iloc[0][["Wilayah", "Bidang", "Periode"]].tolist() == [
        "Kabupaten Lebak",
        "Pendidikan",
        "2025 triwulan I",
    ]


def test_the_reporting_grid_lists_every_region_in_catalog_order_by_quarter(catalog):
    report = pd.DataFrame(
        {
            "nama_wilayah": ["Kabupaten Lebak", "Provinsi Banten", "Kabupaten Lebak"],
            "triwulan": [1, 1, 2],
            "status_laporan": ["tepat waktu", "terlambat", "belum"],
        }
    )
    grid = views.reporting_status_grid(report, catalog)
    assert list(grid.columns) == ["Wilayah", "Triwulan I", "Triwulan II"]
    assert grid["Wilayah"].tolist()[:3] == ["Provinsi Banten", "Kabupaten Pandeglang", "Kabupaten Lebak"]
    assert len(grid) == 9  # the province and the 8 kab/kota, reported or not
    assert grid.iloc[2][["Triwulan I", "Triwulan II"]].tolist() == ["tepat waktu", "belum"]


def test_the_reporting_table_writes_dates_and_dashes_for_what_is_missing():
    report = pd.DataFrame(
        {
            "nama_wilayah": ["Kabupaten Lebak"],
            "tahun": [2025],
            "triwulan": [1],
            "tenggat": [date(2025, 4, 10)],
            "pertama_dikirim": [None],
            "hari_terlambat": [float("nan")],
            "status_laporan": ["belum"],
            "keterisian": [62.5],
            "yang_kurang": [None],
        }
    )
    row = views.reporting_table(report).iloc[0]
    assert row.tolist() == ["Kabupaten Lebak", "2025 triwulan I", "10-04-2025", "–", "–", "belum", "62,5 %", ""]


def test_the_gap_totals_count_people_need_and_rows_without_a_cost():
    table = pd.DataFrame(
        {
            "belum_terlayani": [200, 100, 0],
            "kebutuhan_anggaran": [200_000_000, float("nan"), 0],
            "biaya_satuan": [1_000_000, float("nan"), float("nan")],
        }
    )
    totals = views.gap_totals(table)
    assert totals.belum_terlayani == 300  # 200 + 100 + 0
    assert totals.kebutuhan_anggaran == 200_000_000  # the row without a unit cost adds nothing
    assert totals.kebutuhan_lengkap is False  # so 200 million is a lower bound
    assert totals.tanpa_biaya == 1  # the third row has no cost but nobody left to serve


def test_the_gap_totals_say_tidak_terhitung_when_no_row_with_a_gap_has_a_cost():
    table = pd.DataFrame(
        {
            "belum_terlayani": [50, 0],
            "kebutuhan_anggaran": [float("nan"), float("nan")],
            "biaya_satuan": [float("nan"), float("nan")],
        }
    )
    totals = views.gap_totals(table)
    assert pd.isna(totals.kebutuhan_anggaran) and totals.kebutuhan_lengkap is False  # not Rp0


def test_stage_details_name_the_region_and_sector_of_the_chosen_sectors_only(catalog):
    stages = pd.DataFrame(
        {
            "tahun": [2025, 2025],
            "kode_wilayah": ["36.02", "36.01"],
            "kode_bidang": ["PEND", "KES"],
            "tahap": [1, 2],
            "status": ["selesai", "proses"],
            "tanggal": ["2025-03-31", None],
            "catatan": ["SK 12", ""],
            "pengguna": ["biro", "biro"],
            "dibuat_pada": ["2025-04-01 02:00", "2025-04-02 02:00"],
        }
    )
    details = views.stage_details(stages, catalog, ("PEND",))
    assert details.to_dict("records") == [
        {
            "wilayah": "Kabupaten Lebak",
            "bidang": "Pendidikan",
            "tahap": 1,
            "status": "selesai",
            "tanggal": "2025-03-31",
            "catatan": "SK 12",
            "pengguna": "biro",
        }
    ]
    assert views.stage_details(stages.iloc[0:0], catalog, ("PEND",)).empty


def test_unit_cost_tables_name_every_region_time_in_wib_and_say_withdrawn(catalog):
    costs = pd.DataFrame(
        {
            "kode_layanan": ["KK-PEND-01", "KK-PEND-01"],
            "kode_wilayah": [None, "36.02"],
            "biaya_satuan": [150000.0, 175000.0],
            "sumber": ["SHS 2025", "SHS Lebak 2025"],
            "catatan": ["", ""],
            "pengguna": ["biro", "biro"],
            "dibuat_pada": ["2026-03-12 02:05", "2026-03-12 03:00"],
        }
    )
    # newest first: the all-region cost restated, and Lebak's withdrawn
    history = costs.assign(biaya_satuan=[150000.0, None], dibuat_pada=["2026-03-13 01:00", "2026-03-12 03:00"])
    tables = views.unit_cost_tables(costs, history, catalog)
    assert tables.current["nama_wilayah"].tolist() == ["Semua wilayah", "Kabupaten Lebak"]
    assert tables.current["nama_layanan"].tolist() == ["Pendidikan anak usia dini"] * 2
    assert tables.current["biaya_satuan"].tolist() == [150000.0, 175000.0]  # the downloads keep the numbers
    assert tables.current_on_screen["Biaya satuan"].tolist() == ["Rp150.000", "Rp175.000"]
    assert tables.current_on_screen["Dicatat pada"].tolist() == ["12-03-2026 09:05 WIB", "12-03-2026 10:00 WIB"]
    assert tables.history_on_screen["Biaya satuan"].tolist() == ["Rp150.000", "dicabut"]
    assert tables.history_on_screen["Kode"].tolist() == ["semua", "36.02"]
    empty = views.unit_cost_tables(costs.iloc[0:0], history.iloc[0:0], catalog)
    assert empty == views.UnitCostTables(None, None, None)
