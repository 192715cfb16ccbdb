"""The presentation and export pages, run with Streamlit's AppTest (no browser)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def _html(at) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_the_set_up_lists_the_thirteen_slides(app):
    app.switch_page("pages/presentasi.py").run()
    assert not app.exception
    assert app.title[0].value == "Mode presentasi"
    assert any("13. Ringkasan dan tindak lanjut" in m.value for m in app.markdown)
    assert "Data simulasi — bukan data resmi" in _html(app)


def test_starting_shows_slide_one_and_next_moves_on(app):
    app.switch_page("pages/presentasi.py").run()
    next(b for b in app.button if b.label == "Mulai presentasi").click().run()
    assert not app.exception
    assert 'data-slide="1"' in _html(app)
    app.button(key="spm-next").click().run()
    assert 'data-slide="2"' in _html(app)
    assert "Data simulasi — bukan data resmi" in _html(app)
    app.button(key="spm-prev").click().run()
    assert 'data-slide="1"' in _html(app)


def test_every_slide_renders_without_an_exception(app):
    app.switch_page("pages/presentasi.py").run()
    for number in range(1, 14):
        app.query_params["slide"] = str(number)
        app.run()
        assert not app.exception, number
        assert f'data-slide="{number}"' in _html(app)


def test_the_export_page_offers_three_files_built_when_clicked(app):
    app.switch_page("pages/ekspor.py").run()
    assert not app.exception
    assert not app.button  # nothing to build first: each file is built when its button is clicked
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Unduh bahan rapat (PowerPoint)", "Unduh laporan gubernur (PDF)", "Unduh rekap (Excel)"]
