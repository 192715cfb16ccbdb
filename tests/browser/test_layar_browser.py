"""The screen in a meeting: the year selector within reach on every page at 1280 × 720, print media
without the sidebar and Streamlit's chrome, and the overview, map and profile at phone width."""

import time

import pytest
from playwright.sync_api import expect

from .conftest import screenshot, wait_for_app

PAGES = [
    "",
    "peta",
    "tren",
    "perbandingan",
    "peringkat",
    "profil",
    "kesenjangan",
    "tahapan",
    "presentasi",
    "ekspor",
    "impor",
    "riwayat",
]


def open_app_page(app_url, open_page, path, size):
    page, requests = open_page(f"{app_url}/{path}", size)
    wait_for_app(page, timeout=60_000)
    return page, requests


@pytest.mark.parametrize("path", PAGES)
def test_the_year_selector_is_in_view_at_1280x720(app_url, open_page, path):
    page, _ = open_app_page(app_url, open_page, path, (1280, 720))
    year = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Tahun").first
    expect(year).to_be_in_viewport(ratio=1.0, timeout=60_000)
    box = year.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 720
    assert page.title().endswith("· SPM Banten") and page.title() != "SPM Banten"  # the tab names the page
    expect(page.locator('[data-testid="stSidebar"] .spm-app-name')).to_contain_text("SPM Banten")
    screenshot(page, f"layar_1280x720_{path or 'ringkasan'}")


def test_print_media_hides_the_sidebar_and_shows_the_period_and_notice(app_url, open_page):
    page, _ = open_app_page(app_url, open_page, "", (1280, 720))
    expect(page.locator(".spm-card").first).to_be_visible(timeout=60_000)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('header[data-testid="stHeader"]')).to_be_hidden()
    footer = page.locator(".spm-print-footer")
    expect(footer).to_be_visible()
    expect(footer).to_contain_text("Periode 2025")
    expect(footer).to_contain_text("Data simulasi")
    screenshot(page, "layar_cetak_ringkasan")


def test_the_print_version_draws_tables_as_plain_tables(app_url, open_page):
    page, _ = open_app_page(app_url, open_page, "", (1280, 720))
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=60_000)
    switch = page.locator('[data-testid="stSidebar"]').get_by_role("switch", name="Versi cetak")
    switch.locator("xpath=ancestor::label").click()
    expect(switch).to_be_checked()
    expect(page.locator("table.spm-table").first).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)


@pytest.mark.parametrize("path, marker", [("", ".spm-card"), ("peta", ".spm-card"), ("profil", ".spm-card")])
def test_phone_width_shows_the_page_without_sideways_scrolling(app_url, open_page, path, marker):
    page, _ = open_app_page(app_url, open_page, path, (390, 844))
    expect(page.locator(marker).first).to_be_visible(timeout=60_000)
    expect(page.locator("h1").first).to_be_in_viewport()
    overflow = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(document.documentElement.scrollWidth, main ? main.scrollWidth : 0);
    }""")
    assert overflow <= 390 + 1, overflow
    card = page.locator(marker).first.bounding_box()
    assert card["x"] >= 0 and card["x"] + card["width"] <= 390 + 1
    screenshot(page, f"layar_ponsel_{path or 'ringkasan'}")


def test_streamlits_english_main_menu_and_the_grids_own_csv_download_are_hidden(app_url, open_page):
    page, _ = open_app_page(app_url, open_page, "", (1280, 720))
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible(timeout=60_000)
    grid.scroll_into_view_if_needed()
    grid.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    expect(toolbar.get_by_role("button", name="Search")).to_be_visible()  # the toolbar is drawn (stays English)
    expect(toolbar.locator('button[aria-label="Download as CSV"]')).to_be_hidden()  # ours: Excel, CSV Indonesia
    expect(page.locator('[data-testid="stMainMenu"]')).to_be_hidden()


def test_at_phone_width_the_map_fits_banten_with_every_label_inside_the_map(app_url, open_page):
    # the desktop margins (200 px right for the legend) left Banten ~100 px wide under 8 labels at
    # 390 px; NarrowFit fits it again with narrow margins and the labels shrink
    page, _ = open_app_page(app_url, open_page, "peta", (390, 844))
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    expect(frame.locator(".spm-lbl")).to_have_count(8, timeout=60_000)
    map_frame = page.locator('iframe[title="streamlit_folium.st_folium"]')

    def measured():
        width = map_frame.bounding_box()["width"]
        boxes = frame.locator(".spm-lbl").evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })"
        )
        shapes = frame.locator("path.leaflet-interactive").evaluate_all(
            "els => { let l = 1e9, r = -1e9; for (const e of els) { const b = e.getBoundingClientRect();"
            " l = Math.min(l, b.left); r = Math.max(r, b.right); } return r - l; }"
        )
        return width, boxes, shapes

    def fitted(width, boxes, shapes):
        inside = all(left >= 0 and right <= width + 1 for left, right in boxes)
        return inside and shapes >= 0.5 * width  # Banten itself, not a speck under its labels

    # The frame settles its width and the map refits after the labels first appear: poll until it
    # has (or the deadline), then judge the last measurement.
    deadline = time.monotonic() + 30
    width, boxes, shapes = measured()
    while not fitted(width, boxes, shapes) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        width, boxes, shapes = measured()
    assert all(left >= 0 and right <= width + 1 for left, right in boxes), (width, boxes)
    assert shapes >= 0.5 * width, (shapes, width)
    screenshot(page, "layar_ponsel_peta_peta")
