"""The map page in a real browser at projector sizes: eight region shapes, labels, legend, nothing
fetched from outside localhost (Leaflet is served by the app), and the tile map."""

import re

import pytest
from playwright.sync_api import expect

from page_bar import nav_link, wait_for_bar

from .conftest import PROJECTOR_SIZES, screenshot, wait_for_app

MAP_FRAME = 'iframe[src*="streamlit_folium"]'


def open_map_page(app_url, open_page, size, query=""):
    """The map page. The front door is opened first: on a freshly started server, Streamlit runs a
    page opened by its own URL without app.py (its old pages/ folder mode), so the shared filters
    would be missing."""
    page, requests = open_page(app_url, size)
    wait_for_app(page)
    # app.py has run (its st.navigation lists the page by title) before the page is opened by URL
    wait_for_bar(page)
    page.goto(f"{app_url}/peta{query}", wait_until="domcontentloaded")
    wait_for_app(page)
    return page, requests


def map_frame(page):
    page.wait_for_selector(MAP_FRAME, timeout=60_000)  # generous: a busy 2-core machine
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive").nth(7).wait_for(timeout=60_000)
    wait_for_app(page)
    page.wait_for_timeout(800)  # a last rerun (URL-bound widgets) may redraw the map frame once
    frame.locator("path.leaflet-interactive").nth(7).wait_for(timeout=60_000)
    return frame


def wait_for_map_to_settle(page):
    """No Leaflet zoom or pan animation running in the map frame, and its fonts loaded."""
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function(
        "() => document.fonts.status === 'loaded' && !document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim')",
        timeout=15_000,
    )


@pytest.mark.parametrize("size_name", list(PROJECTOR_SIZES))
def test_the_map_draws_eight_regions_with_labels_and_legend_offline(app_url, open_page, size_name):
    page, requests = open_map_page(app_url, open_page, PROJECTOR_SIZES[size_name])
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() == 8
    assert frame.locator(".spm-lbl").count() == 8
    legend = frame.locator(".spm-lg")
    expect(legend).to_be_visible(timeout=15_000)
    assert frame.locator(".spm-lg-item").count() == 7  # six categories + "Tidak ada data"
    assert "Tuntas Paripurna" in legend.inner_text() and "Tidak ada data" in legend.inner_text()
    for name in ("Kota Tangerang", "Kota Tangerang Selatan", "Kota Serang", "Kota Cilegon"):
        expect(frame.get_by_text(name, exact=True)).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Data simulasi — bukan data resmi").filter(visible=True).first).to_be_visible(
        timeout=15_000
    )
    expect(page.get_by_text("Batas wilayah: cahyadsn/wilayah_boundaries (MIT)")).to_be_visible(timeout=15_000)
    wait_for_map_to_settle(page)  # labels in their final place before the picture
    screenshot(page, f"peta_{size_name}")
    leaflet = [u for u in requests.urls if u.endswith("/leaflet.js")]
    assert leaflet and all(re.match(r"http://127\.0\.0\.1:\d+/component/", u) for u in leaflet)
    assert requests.outside() == []


def test_hovering_a_region_shows_its_tooltip(app_url, open_page):
    page, _ = open_map_page(app_url, open_page, PROJECTOR_SIZES["1920x1080"])
    frame = map_frame(page)
    frame.locator("path.leaflet-interactive").nth(1).hover(force=True)  # Kabupaten Lebak (catalog order)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    text = tooltip.inner_text()
    assert "Kabupaten Lebak" in text
    for word in ("Nilai", "Kategori", "Perubahan", "Peringkat", "dari 8", "Keterisian"):
        assert word in text


def test_clicking_a_region_opens_its_profile_with_the_region_and_year_in_the_url(app_url, open_page):
    page, _ = open_map_page(app_url, open_page, PROJECTOR_SIZES["1920x1080"], query="?tahun=2024")
    frame = map_frame(page)
    # Under load the map's component may not be listening yet when the shapes appear, and the
    # switch to the profile can take a while: wait, and click again only while still on the map.
    profile = re.compile(r"/profil\?(?=.*tahun=2024)(?=.*wilayah=36\.02)")
    frame.locator("path.leaflet-interactive").nth(1).click(force=True, timeout=60_000)  # Kabupaten Lebak
    for attempt in range(3):
        try:
            page.wait_for_url(profile, timeout=20_000, wait_until="commit")
            break
        except Exception:
            if attempt == 2:
                raise
            if page.locator(MAP_FRAME).count():
                map_frame(page).locator("path.leaflet-interactive").nth(1).click(force=True)
    wait_for_app(page)
    page.get_by_role("heading", name="Profil wilayah").wait_for(timeout=30_000)
    assert page.get_by_role("combobox", name="Wilayah").input_value() == "Kabupaten Lebak"
    assert page.get_by_role("combobox", name="Tahun").input_value() == "2024"
    assert "Nilai SPM 2024" in page.locator('[data-testid="stMain"]').inner_text()


def test_coming_back_to_the_map_after_two_clicks_stays_on_the_map(app_url, open_page):
    """A region chosen before must not be chosen again by itself when the map is opened anew."""
    page, _ = open_map_page(app_url, open_page, PROJECTOR_SIZES["1920x1080"])
    for visit in range(2):
        if visit:
            nav_link(page, "Peta capaian").click()
        map_frame(page).locator("path.leaflet-interactive").nth(1).click(force=True, timeout=60_000)
        page.wait_for_url(re.compile(r"/profil\?.*wilayah=36\.02"), timeout=30_000, wait_until="commit")
        wait_for_app(page)
    nav_link(page, "Peta capaian").click()
    frame = map_frame(page)
    page.wait_for_timeout(3_000)  # long enough for a repeated choice to switch pages again
    wait_for_app(page)
    assert "/peta" in page.url and frame.locator("path.leaflet-interactive").count() == 8


def test_a_profile_link_with_a_name_variant_opens_the_region_and_the_url_keeps_its_code_and_year(app_url, open_page):
    page, _ = open_page(app_url, PROJECTOR_SIZES["1280x720"])
    wait_for_app(page)
    wait_for_bar(page)
    page.goto(f"{app_url}/profil?wilayah=Tangsel&tahun=2023", wait_until="domcontentloaded")
    page.wait_for_url(re.compile(r"/profil\?(?=.*wilayah=36\.74)(?=.*tahun=2023)"), timeout=30_000)
    wait_for_app(page)
    assert page.get_by_role("combobox", name="Wilayah").input_value() == "Kota Tangerang Selatan"
    assert page.get_by_role("combobox", name="Tahun").input_value() == "2023"
    page.get_by_text("Nilai SPM 2023").wait_for(timeout=30_000)


@pytest.mark.parametrize("size_name", list(PROJECTOR_SIZES))
def test_the_tile_map_shows_eight_readable_tiles(app_url, open_page, size_name):
    page, requests = open_map_page(app_url, open_page, PROJECTOR_SIZES[size_name])
    page.locator('[data-testid="stSidebar"]').get_by_text("Peta petak").click()
    page.wait_for_selector(".spm-tile", timeout=30_000)
    wait_for_app(page)
    tiles = page.locator(".spm-tile")
    assert tiles.count() == 8
    for name in ("Kota Tangerang", "Kota Tangerang Selatan", "Kota Serang", "Kota Cilegon"):
        expect(page.locator(".spm-tile-name", has_text=re.compile(f"^{name}$"))).to_be_visible(timeout=15_000)
    assert page.locator(".spm-tile-legend .spm-lg-item").count() == 7
    assert "mode=" in page.url
    screenshot(page, f"peta_petak_{size_name}")
    assert requests.outside() == []
