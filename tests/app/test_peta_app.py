"""The map page (pages/peta.py) run through app.py with Streamlit's AppTest (no browser: the folium
map itself is an unknown element here; the browser tests check its drawing)."""

from pathlib import Path

import pandas as pd
import pytest

from apptest_helpers import html_text, info_text, open_page, score_cards
from spm_core.visuals import geo
from ui import memo

SIMULATED = Path(__file__).resolve().parents[2] / "data" / "simulasi" / "spm_simulasi.csv"
SHARED_FILTERS = ("tahun", "triwulan", "bidang")


def open_map(query: dict | None = None):
    """The map page for a selection given as its URL query parameters, set as widget state
    (AppTest's switch_page starts from a clean URL, and a URL holds the options' labels): the
    shared filters before the first run, the page's own choices after the switch."""
    query = query or {}
    shared = {key: int(value) if value.isdigit() else value for key, value in query.items() if key in SHARED_FILTERS}
    own = {key: value for key, value in query.items() if key not in SHARED_FILTERS}
    return open_page("peta", session_state=shared, page_state=own)


def test_the_map_page_shows_the_map_cards_table_and_simulated_notice():
    at = open_map()
    assert at.title[0].value == "Peta capaian SPM 2025"
    assert "Data simulasi — bukan data resmi" in html_text(at)
    assert len(at.get("component_instance")) == 1  # the folium map (streamlit-folium component)
    assert any("Batas wilayah: cahyadsn/wilayah_boundaries (MIT)" in c.value for c in at.caption)
    cards = score_cards(at)
    assert len(cards) == 2  # the province's own score and the kab/kota recap
    table = at.dataframe[0].value
    assert len(table) == 8
    assert table["Peringkat"].tolist() == [str(rank) for rank in range(1, 9)]


def test_a_sector_with_missing_data_names_the_region_and_ranks_it_last():
    at = open_map({"tahun": "2025", "triwulan": "4", "bidang": "SOS"})
    assert at.title[0].value == "Peta capaian SPM 2025 triwulan IV"
    assert "Kabupaten Lebak" in info_text(at)
    table = at.dataframe[0].value
    assert table.iloc[-1]["Wilayah"] == "Kabupaten Lebak"
    assert table.iloc[-1]["Kategori"] == "Tidak ada data"


def test_the_service_selector_lists_the_kabkota_services_of_the_chosen_sector(catalog):
    at = open_map({"bidang": "KES"})
    selector = at.selectbox(key="layanan")
    expected = catalog.services_for("kabkota", "KES")["kode_layanan"].tolist()
    assert selector.options[1:] == [catalog.service_short_names[c] for c in expected]
    selector.set_value(expected[0]).run()
    assert not at.exception
    assert catalog.service_names[expected[0]] in " ".join(m.value for m in at.markdown)
    assert len(at.dataframe[0].value) == 8


def test_without_a_sector_the_service_selector_is_disabled():
    at = open_map()
    assert at.selectbox(key="layanan").disabled


def test_the_tile_map_mode_shows_one_tile_per_kabkota():
    at = open_map({"mode": "petak"})
    assert html_text(at).count('class="spm-tile"') == 8
    assert not at.get("component_instance")  # no folium map


def test_colouring_by_score_runs_without_error():
    at = open_map({"warna": "nilai", "bidang": "PU"})
    assert len(at.dataframe[0].value) == 8


def test_choosing_a_region_opens_its_profile_page():
    at = open_map()
    at.selectbox(key="peta_profil").select("36.02").run()
    assert not at.exception
    assert at.title[0].value == "Profil wilayah"
    assert at.query_params["wilayah"] == "36.02"  # the URL says which region is shown


def test_the_profile_opened_from_the_map_keeps_the_chosen_year():
    at = open_map({"tahun": "2023"})
    at.selectbox(key="peta_profil").select("36.02").run()
    assert not at.exception
    assert at.title[0].value == "Profil wilayah"
    assert at.selectbox(key="wilayah").value == "36.02"
    assert "Nilai SPM 2023" in html_text(at)  # (the URL side of it is checked in the browser test)


@pytest.fixture
def no_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(geo, "geo_dirs", lambda *a, **k: [tmp_path])
    geo.load_boundaries.cache_clear()
    memo.clear_all()
    yield
    geo.load_boundaries.cache_clear()
    memo.clear_all()


def test_without_boundary_files_the_page_says_so_and_shows_the_tile_map(no_boundaries):
    at = open_map()
    assert any("Berkas batas wilayah tidak ditemukan" in w.value for w in at.warning)
    assert html_text(at).count('class="spm-tile"') == 8


@pytest.fixture
def data_without_kabkota_2025(tmp_path, monkeypatch):
    """2024 complete, 2025 with the province's own rows only, in a database of its own."""
    data = pd.read_csv(SIMULATED, dtype=str, keep_default_na=False)
    keep = (data["tahun"] == "2024") | (
        (data["tahun"] == "2025") & (data["kode_wilayah"] == "36") & (data["triwulan"] == "")
    )
    path = tmp_path / "sebagian.csv"
    data[keep].to_csv(path, index=False)
    monkeypatch.setenv("SPM_DATA_FILE", str(path))
    monkeypatch.setenv("SPM_DATABASE_URL", f"sqlite:///{tmp_path / 'sebagian.sqlite3'}")
    yield path


def test_a_year_without_kabkota_data_gives_a_message_not_an_error(data_without_kabkota_2025):
    at = open_map({"tahun": "2025"})
    assert "Belum ada data kabupaten/kota untuk 2025" in info_text(at)
    assert not at.dataframe


def test_in_a_quarter_the_on_track_column_follows_the_category_on_screen():
    at = open_map({"triwulan": "1"})
    grid = at.dataframe[0]
    # the simulated data hold no 2024 triwulan I: the change column (dashes only) is left out on screen
    assert list(grid.proto.column_order) == [
        "Peringkat",
        "Wilayah",
        "Nilai",
        "Kategori",
        "Sesuai jalur",
        "Keterisian (%)",
    ]
    assert set(grid.value["Sesuai jalur"]) <= {"ya", "belum"}


def test_in_a_year_the_table_shows_the_change_and_no_on_track_column():
    grid = open_map().dataframe[0]
    assert list(grid.proto.column_order) == [
        "Peringkat",
        "Wilayah",
        "Nilai",
        "Kategori",
        "Perubahan (poin)",
        "Keterisian (%)",
    ]
