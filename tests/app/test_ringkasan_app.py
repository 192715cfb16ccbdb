"""The app and its overview page, run with Streamlit's AppTest (no browser)."""

from apptest_helpers import html_text, info_text, open_app, score_cards


def test_the_app_starts_on_the_overview_without_an_exception():
    app = open_app()
    assert not app.exception
    assert app.title[0].value == "Capaian SPM 2025"


def test_the_overview_says_the_data_is_simulated():
    app = open_app()
    assert "Data simulasi — bukan data resmi" in html_text(app)


def test_the_overview_shows_the_province_recap_and_eight_kabkota():
    app = open_app()
    cards = score_cards(app)
    # the province, the weakest kab/kota and the two recaps on the first row, then the eight kab/kota
    assert len(cards) == 4 + 8
    assert sum('href="profil?wilayah=' in h for h in cards) == 1 + 8  # kab/kota cards open the profile
    table = app.dataframe[0].value
    assert len(table) == 9
    assert set(table["Wilayah"]) >= {"Provinsi Banten", "Kota Cilegon", "Kabupaten Lebak"}
    assert "None" not in table.astype(str).to_numpy()  # the province has no rank: "–"
    assert table["Wilayah"].iloc[0] == "Provinsi Banten"
    assert table["Peringkat"].tolist()[1:4] == ["1", "2", "3"]  # the cards' order


def test_a_quarter_says_its_numbers_are_cumulative_and_shows_who_is_on_track():
    app = open_app(session_state={"triwulan": 1})
    assert not app.exception
    assert "kumulatif" in info_text(app)
    cards = score_cards(app)
    assert len(cards) == 4 + 8
    assert all("jalur" in h for h in cards[4:])  # every kab/kota card carries its on-track badge
    assert "Sesuai jalur" in app.dataframe[0].value.columns


def test_another_year_is_shown_when_chosen():
    app = open_app(session_state={"tahun": 2019})
    assert not app.exception
    assert app.title[0].value == "Capaian SPM 2019"
    assert "Belum ada data" not in info_text(app)


def test_a_sector_with_a_missing_region_still_renders():
    # (AppTest reruns only the page script after a widget change in a st.navigation app, so the
    # shared sidebar filters are set before the first run.)
    app = open_app(session_state={"triwulan": 4, "bidang": "SOS"})
    assert not app.exception
    table = app.dataframe[0].value.set_index("Kode")
    assert table.loc["36.02", "Nilai"] == "–"  # Lebak has not reported social services for Q4


def test_a_year_with_annual_data_only_offers_no_quarters():
    app = open_app(session_state={"tahun": 2019})
    assert app.selectbox(key="triwulan").options == ["Tahunan"]
    assert not app.exception


def test_the_table_shows_numbers_in_indonesian_format():
    app = open_app()
    table = app.dataframe[0].value.set_index("Kode")
    assert table.loc["36.71", "Nilai"] == "94,48"
    assert table.loc["36.71", "Perubahan (poin)"] == "▲ +2,52"
    assert table.loc["36.71", "Keterisian (%)"] == "96,6 %"
