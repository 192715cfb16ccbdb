"""The app and its overview page, run with Streamlit's AppTest (no browser)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app():
    return AppTest.from_file(APP, default_timeout=60)


def test_the_app_starts_on_the_overview_without_an_exception(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Capaian SPM 2025"


def test_the_overview_says_the_data_is_simulated(app):
    app.run()
    html = " ".join(str(h.proto) for h in app.get("html"))
    assert "Data simulasi — bukan data resmi" in html


def test_the_overview_shows_the_province_recap_and_eight_kabkota(app):
    app.run()
    html = [str(h.proto) for h in app.get("html")]
    cards = [h for h in html if "spm-card-score" in h and "<style>" not in h]
    assert len(cards) == 3 + 8
    table = app.dataframe[0].value
    assert len(table) == 9
    assert set(table["Wilayah"]) >= {"Provinsi Banten", "Kota Cilegon", "Kabupaten Lebak"}


def test_another_year_is_shown_when_chosen(app):
    app.session_state["tahun"] = 2019
    app.run()
    assert not app.exception
    assert app.title[0].value == "Capaian SPM 2019"
    assert "Belum ada data" not in " ".join(i.value for i in app.info)


def test_a_sector_with_a_missing_region_still_renders(app):
    # (AppTest reruns only the page script after a widget change in a st.navigation app, so the
    # shared sidebar filters are set before the first run.)
    app.session_state["triwulan"] = 4
    app.session_state["bidang"] = "SOS"
    app.run()
    assert not app.exception
    table = app.dataframe[0].value.set_index("Kode")
    assert table.loc["36.02", "Nilai"] == "–"  # Lebak has not reported social services for Q4


def test_a_year_with_annual_data_only_offers_no_quarters(app):
    app.session_state["tahun"] = 2019
    app.run()
    assert app.selectbox(key="triwulan").options == ["Tahunan"]
    assert not app.exception


def test_the_table_shows_numbers_in_indonesian_format(app):
    app.run()
    table = app.dataframe[0].value.set_index("Kode")
    assert table.loc["36.71", "Nilai"] == "94,48"
    assert table.loc["36.71", "Perubahan (poin)"] == "▲ +2,52"
    assert table.loc["36.71", "Keterisian (%)"] == "96,6 %"
