"""The trend, sector comparison, rank and region profile pages run with Streamlit's AppTest (no
browser): each page draws its charts, and empty selections get a message, not an exception."""

from pathlib import Path

import pandas as pd
import pytest

from apptest_helpers import chart_title, charts, html_text, info_text, open_page

SIMULATED = Path(__file__).resolve().parents[2] / "data" / "simulasi" / "spm_simulasi.csv"


@pytest.fixture
def small_data(tmp_path, monkeypatch):
    """The app on little data: Pandeglang and Lebak, education only, 2023 and 2024 annual, loaded
    as the first data of a database of its own (SPM_DATA_FILE)."""
    data = pd.read_csv(SIMULATED, dtype=str, keep_default_na=False)
    rows = data[
        data["tahun"].isin(["2023", "2024"])
        & (data["triwulan"] == "")
        & data["kode_wilayah"].isin(["36.01", "36.02"])
        & data["kode_layanan"].str.startswith("KK-PEND")
    ]
    path = tmp_path / "kecil.csv"
    rows.to_csv(path, index=False)
    monkeypatch.setenv("SPM_DATA_FILE", str(path))
    monkeypatch.setenv("SPM_DATABASE_URL", f"sqlite:///{tmp_path / 'kecil.sqlite3'}")


# --- Tren tahunan -------------------------------------------------------------------------------------


def test_trend_page_draws_all_nine_regions_and_the_national_line():
    at = open_page("tren")
    spec = charts(at)[0]
    names = [trace["name"] for trace in spec["data"]]
    assert len(names) == 10  # province + 8 kab/kota + national average
    assert names[-1] == "Rata-rata capaian SPM nasional (data resmi)"
    assert "naik paling banyak" in chart_title(spec)
    assert spec["layout"]["separators"] == ",."


def test_trend_page_says_the_data_is_simulated_and_cites_the_national_source():
    at = open_page("tren")
    assert "Data simulasi — bukan data resmi" in html_text(at)
    assert any("Sumber: Wakil Menteri Dalam Negeri" in c.value for c in at.caption)


def test_trend_page_shows_the_change_over_the_span_in_a_table():
    at = open_page("tren")
    table = at.dataframe[0].value
    assert len(table) == 9
    assert "Perubahan (poin)" in table.columns


def test_trend_page_without_regions_asks_for_one():
    at = open_page("tren")
    at.multiselect(key="wilayah_pilih").set_value([]).run()
    assert not at.exception
    assert "Pilih minimal satu wilayah" in info_text(at)
    assert charts(at) == []


def test_trend_page_for_a_sector_without_data_says_so(small_data):
    at = open_page("tren", session_state={"bidang": "PU"})
    assert not at.exception
    assert "Tidak ada nilai tahunan Pekerjaan Umum" in info_text(at)


def test_trend_page_offers_the_services_of_the_chosen_sector_and_draws_one():
    at = open_page("tren", session_state={"bidang": "PU"})
    at.selectbox(key="layanan").set_value("KK-PU-01").run()
    assert not at.exception
    names = [trace["name"] for trace in charts(at)[0]["data"]]
    assert "Provinsi Banten" not in names  # a kab/kota service: the province has no row
    assert len(names) == 9  # 8 kab/kota + national


# --- Perbandingan sektor ---------------------------------------------------------------------------------


def test_comparison_page_draws_heatmap_bars_and_spread_with_findings():
    at = open_page("perbandingan")
    specs = charts(at)
    assert len(specs) == 3
    assert chart_title(specs[0]).endswith("kab/kota (2025)")
    assert specs[0]["data"][0]["type"] == "heatmap"
    assert "paling lemah" in chart_title(specs[2])


def test_comparison_bar_chart_follows_the_sidebar_sector():
    at = open_page("perbandingan", session_state={"bidang": "KES"})
    assert chart_title(charts(at)[1]).startswith("Kesehatan:")


def test_comparison_heatmap_can_be_sorted_by_a_sector():
    at = open_page("perbandingan")
    at.selectbox(key="urut").set_value("PU").run()
    assert not at.exception
    rows = charts(at)[0]["data"][0]["y"]
    assert rows[0] == "Provinsi Banten" and len(rows) == 9


def test_comparison_page_for_a_sector_without_data_says_so(small_data):
    at = open_page("perbandingan", session_state={"bidang": "PU"})
    assert not at.exception
    assert "Belum ada nilai Pekerjaan Umum" in info_text(at)
    assert len(charts(at)) == 2  # heatmap and spread still drawn from the education scores


# --- Peringkat --------------------------------------------------------------------------------------


def test_rank_page_draws_eight_kabkota_and_the_moves_table():
    at = open_page("peringkat")
    spec = charts(at)[0]
    assert len(spec["data"]) == 8
    assert len(at.dataframe[0].value) == 8


def test_rank_page_without_kabkota_asks_for_one():
    at = open_page("peringkat")
    at.multiselect(key="kabkota_pilih").set_value([]).run()
    assert not at.exception
    assert "Pilih minimal satu" in info_text(at)


def test_rank_page_for_a_sector_without_data_says_so(small_data):
    at = open_page("peringkat", session_state={"bidang": "SOS"})
    assert "Tidak ada peringkat Sosial" in info_text(at)


# --- Profil wilayah -----------------------------------------------------------------------------------


def test_profile_opens_on_the_region_given_by_code_in_the_url():
    at = open_page("profil", query={"wilayah": "36.03"})
    assert at.selectbox(key="wilayah").value == "36.03"
    assert "Kabupaten Tangerang" in chart_title(charts(at)[0])
    assert at.query_params["wilayah"] == "36.03"


def test_profile_accepts_a_region_name_variant_in_the_url():
    at = open_page("profil", query={"wilayah": "Tangsel"})
    assert at.selectbox(key="wilayah").value == "36.74"
    assert at.query_params["wilayah"] == "36.74"  # the address bar ends up with the code


def test_choosing_another_region_on_the_profile_puts_its_code_in_the_url():
    at = open_page("profil", query={"wilayah": "36.03"})
    at.selectbox(key="wilayah").select("36.72").run()
    assert at.selectbox(key="wilayah").value == "36.72"
    assert at.query_params["wilayah"] == "36.72"
    assert "Kota Cilegon" in chart_title(charts(at)[0])


def test_an_unknown_region_in_the_url_is_named_in_a_warning():
    at = open_page("profil", query={"wilayah": "Atlantis"})
    assert any("Atlantis" in w.value for w in at.warning)


def test_profile_shows_every_sector_and_every_service_of_the_region():
    at = open_page("profil", query={"wilayah": "36.02"})
    sectors, services = charts(at)
    assert len(sectors["data"][0]["y"]) == 6
    assert len(services["data"][0]["y"]) == 29
    tables = [d.value for d in at.dataframe]
    assert "Kebutuhan anggaran (Rp)" in tables[1].columns and "Belum terlayani (orang)" in tables[1].columns


def test_profile_of_a_region_without_data_for_the_period_says_so(small_data):
    at = open_page("profil", query={"wilayah": "36.71"})
    assert "Belum ada data Kota Tangerang" in info_text(at)
    assert charts(at) == []
