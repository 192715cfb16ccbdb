"""The presentation and export pages, run with Streamlit's AppTest (no browser)."""

from apptest_helpers import button, download_labels, html_text, open_page


def test_the_set_up_lists_the_thirteen_slides():
    app = open_page("presentasi")
    assert app.title[0].value == "Mode presentasi"
    assert any("13. Ringkasan dan tindak lanjut" in m.value for m in app.markdown)
    assert "Data simulasi — bukan data resmi" in html_text(app)


def test_starting_shows_slide_one_and_next_moves_on():
    app = open_page("presentasi")
    button(app, "Mulai presentasi").click().run()
    assert not app.exception
    assert 'data-slide="1"' in html_text(app)
    app.button(key="spm-next").click().run()
    assert 'data-slide="2"' in html_text(app)
    assert "Data simulasi — bukan data resmi" in html_text(app)
    app.button(key="spm-prev").click().run()
    assert 'data-slide="1"' in html_text(app)


def test_every_slide_renders_without_an_exception():
    app = open_page("presentasi")
    for number in range(1, 14):
        app.query_params["slide"] = str(number)
        app.run()
        assert not app.exception, number
        assert f'data-slide="{number}"' in html_text(app)


def test_the_export_page_offers_three_files_built_when_clicked():
    app = open_page("ekspor")
    assert not app.exception
    assert not app.button  # nothing to build first: each file is built when its button is clicked
    assert download_labels(app) == [
        "Unduh bahan rapat (PowerPoint)",
        "Unduh laporan gubernur (PDF)",
        "Unduh rekap (Excel)",
    ]
