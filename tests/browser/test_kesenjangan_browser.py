"""The gaps page in a real browser at 1280×720 (the smaller projector size): title, simulated
notice, the gap table and the tabs, nothing fetched from outside localhost; screenshots kept for a
human to look at."""

from playwright.sync_api import expect

from page_bar import nav_link, wait_for_bar

from .conftest import PROJECTOR_SIZES, screenshot, scroll_by_wheel, wait_for_app


def open_by_menu(app_url, open_page, size, title: str):
    """The front door first, then the page through its link in the page bar, so app.py runs
    (and sets the shared filters) whatever state a freshly started server is in."""
    page, requests = open_page(app_url, size)
    wait_for_app(page, timeout=60_000)
    try:
        wait_for_bar(page, timeout=90_000)  # a freshly started server loads and scores the data first
        link = nav_link(page, title)
    except Exception:
        screenshot(page, "kesenjangan_gagal_menu")
        raise
    link.click()
    wait_for_app(page, timeout=60_000)
    # the page's first table: a data grid (gaps) or the coloured stage table (stages)
    expect(page.locator('[data-testid="stDataFrame"], .spm-table').first).to_be_visible(timeout=60_000)
    return page, requests


def open_gaps_page(app_url, open_page, size):
    page, requests = open_by_menu(app_url, open_page, size, "Kesenjangan dan kebutuhan")
    page.get_by_role("heading", name="Kesenjangan dan kebutuhan 2025").wait_for(timeout=30_000)
    page.locator(".spm-figure-value").first.wait_for(timeout=30_000)
    return page, requests


def test_the_gaps_page_shows_its_table_and_the_simulated_notice_at_1280(app_url, open_page):
    page, requests = open_gaps_page(app_url, open_page, PROJECTOR_SIZES["1280x720"])
    expect(page.get_by_role("heading", name="Kesenjangan dan kebutuhan 2025")).to_be_visible(timeout=15_000)
    expect(page.locator(".spm-simulasi").first).to_be_visible(timeout=15_000)
    expect(page.get_by_role("tab", name="Kalkulator target")).to_be_visible(timeout=15_000)
    assert page.locator(".spm-figure-value").first.inner_text().replace(".", "").isdigit()
    screenshot(page, "kesenjangan_tabel_1280x720")
    assert requests.outside() == []


def test_the_budget_tab_draws_the_treemap_and_region_bars_at_1280(app_url, open_page):
    page, requests = open_gaps_page(app_url, open_page, PROJECTOR_SIZES["1280x720"])
    page.get_by_role("tab", name="Ke mana anggaran").click()
    page.wait_for_selector(".js-plotly-plot .treemap", timeout=30_000)
    assert page.locator(".js-plotly-plot").count() >= 2
    screenshot(page, "kesenjangan_anggaran_1280x720")
    page.get_by_role("heading", name="Cukupkah anggaran untuk menutup kesenjangan?").scroll_into_view_if_needed()
    scroll_by_wheel(page, 300)
    screenshot(page, "kesenjangan_anggaran_wilayah_1280x720")
    assert requests.outside() == []


def test_the_target_calculator_at_1280(app_url, open_page):
    page, _ = open_gaps_page(app_url, open_page, PROJECTOR_SIZES["1280x720"])
    page.get_by_role("tab", name="Kalkulator target").click()
    page.get_by_text("Nilai bidang sekarang").first.wait_for(timeout=30_000)
    screenshot(page, "kesenjangan_target_1280x720")
    # the plan's cost column comes right after the people, beside the pinned service name
    plan = page.locator('[data-testid="stTabPanel"]:visible [data-testid="stDataFrame"]').last
    header = plan.locator('[role="columnheader"]')
    expect(header.first).to_be_attached(timeout=30_000)
    headers = [h.strip() for h in header.all_inner_texts()]
    assert headers[:4] == ["Layanan", "#", "Tambahan penerima", "Biaya"], headers


def test_the_stages_page_matrix_at_1280(app_url, open_page):
    page, requests = open_by_menu(app_url, open_page, PROJECTOR_SIZES["1280x720"], "Tahapan dan pelaporan")
    expect(page.get_by_role("heading", name="Tahapan penerapan dan pelaporan 2025")).to_be_visible(timeout=15_000)
    screenshot(page, "tahapan_1280x720")
    page.get_by_role("tab", name="Ketepatan dan keterisian laporan").click()
    page.get_by_text("Tenggat laporan triwulan").wait_for(timeout=30_000)
    screenshot(page, "tahapan_laporan_1280x720")
    assert requests.outside() == []


def gap_table_at(app_url, open_page, size, name: str):
    """The gap table's tab at ``size``, scrolled to the table; screenshot ``name``."""
    page, _ = open_page(f"{app_url}/kesenjangan", size)  # by URL: the page bar's menus are not links
    wait_for_app(page, timeout=90_000)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=90_000)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    screenshot(page, name)
    return page, grid


def test_the_gap_tables_key_columns_are_in_view_at_1280_and_1920(app_url, open_page):
    # The grid draws on a canvas; its accessible table names the columns in their order: the
    # names (pinned), then "Belum terlayani" and "Kebutuhan anggaran", in view without scrolling.
    for size in ("1280x720", "1920x1080"):
        page, grid = gap_table_at(app_url, open_page, PROJECTOR_SIZES[size], f"kesenjangan_kolom_{size}")
        header = grid.locator('[role="columnheader"]')
        expect(header.first).to_be_attached(timeout=30_000)  # the accessible table (glide-data-grid)
        headers = [h.strip() for h in header.all_inner_texts()]
        assert headers[:4] == ["Wilayah", "Layanan", "Belum terlayani", "Kebutuhan anggaran"], headers
        page.close()


def test_a_shared_link_opens_lebak_on_the_calculator_tab(app_url, open_page):
    page, _ = open_page(
        f"{app_url}/kesenjangan?kesenjangan_wilayah=Kabupaten+Lebak&tab=Kalkulator+target"
        "&target_wilayah=Kabupaten+Lebak",
        PROJECTOR_SIZES["1280x720"],
    )
    wait_for_app(page, timeout=90_000)
    page.get_by_text("Nilai bidang sekarang").first.wait_for(timeout=90_000)
    expect(page.get_by_role("tab", name="Kalkulator target")).to_have_attribute("aria-selected", "true")
    assert "kesenjangan_wilayah=Kabupaten+Lebak" in page.url
    screenshot(page, "kesenjangan_tautan_lebak_1280x720")
