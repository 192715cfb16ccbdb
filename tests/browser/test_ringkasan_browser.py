"""The overview page in a real browser at projector sizes."""

import pytest
from playwright.sync_api import expect

from page_bar import nav_titles

from .conftest import PROJECTOR_SIZES, screenshot, wait_for_app


@pytest.mark.parametrize("size_name", list(PROJECTOR_SIZES))
def test_overview_shows_the_province_and_eight_kabkota_cards(app_url, open_page, size_name):
    page, requests = open_page(app_url, PROJECTOR_SIZES[size_name])
    wait_for_app(page)
    page.wait_for_selector(".spm-card", timeout=30_000)
    # 3 headline cards (province, plain recap, weighted recap) + 8 kab/kota
    # the province, the weakest kab/kota, the two kab/kota recaps, then the eight kab/kota
    expect(page.locator(".spm-card")).to_have_count(4 + 8, timeout=30_000)
    expect(page.get_by_text("Data simulasi — bukan data resmi").filter(visible=True).first).to_be_visible(
        timeout=15_000
    )
    expect(page.locator(".spm-legend-item")).to_have_count(6, timeout=15_000)
    screenshot(page, f"ringkasan_{size_name}")
    assert requests.outside() == []


def test_navigation_lists_each_page_once(app_url, open_page):
    page, _ = open_page(app_url)
    wait_for_app(page)
    texts = nav_titles(page)
    assert "Riwayat data" in texts
    assert len(texts) == len(set(texts)), texts
    assert "Ringkasan" in texts


def test_a_deep_link_opened_first_on_a_fresh_server_goes_through_the_app(chromium_executable, open_page, tmp_path):
    # Streamlit runs a pages/ file on its own until app.py has run once; the pages guard that.
    from .conftest import running_app

    with running_app(tmp_path) as url:
        page, _ = open_page(f"{url}/riwayat")
        wait_for_app(page)
        page.wait_for_selector("h1", timeout=30_000)
        assert page.locator("h1").first.inner_text() == "Riwayat data"
        texts = nav_titles(page)
        assert "Ringkasan" in texts and "riwayat" not in texts  # titles from app.py, not file names
