"""The presentation in a real browser at projector sizes: every slide stepped through with the
arrow keys and the buttons, a screenshot of each kept for a human to look at."""

import pytest
from playwright.sync_api import expect

from .conftest import PROJECTOR_SIZES, screenshot, wait_for_app

SLIDES = 13


def open_presentation(app_url, open_page, size):
    page, requests = open_page(app_url, size)
    wait_for_app(page)
    page.wait_for_selector(".spm-card", timeout=60_000)  # the overview ran: st.navigation is set up
    page.goto(f"{app_url}/presentasi?slide=1", wait_until="domcontentloaded")
    page.wait_for_selector('.spm-slide[data-slide="1"]', timeout=60_000)
    wait_for_app(page)
    return page, requests


def smallest_font_px(page) -> float:
    return page.evaluate("""() => {
        let least = 1e9;
        for (const el of document.querySelectorAll('.spm-slide *')) {
            const hasText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            if (!hasText || el.getClientRects().length === 0) continue;
            least = Math.min(least, parseFloat(getComputedStyle(el).fontSize));
        }
        return least;
    }""")


@pytest.mark.parametrize("size_name", list(PROJECTOR_SIZES))
def test_stepping_through_every_slide_with_the_arrow_keys(app_url, open_page, size_name):
    width, height = PROJECTOR_SIZES[size_name]
    page, requests = open_presentation(app_url, open_page, (width, height))
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    for number in range(1, SLIDES + 1):
        slide = page.locator(f'.spm-slide[data-slide="{number}"]')
        slide.wait_for(timeout=30_000)
        wait_for_app(page)
        page.wait_for_function(  # every picture of the slide (the map) decoded, so it is painted
            """n => [...document.querySelectorAll(`.spm-slide[data-slide="${n}"] img`)]
                       .every(img => img.complete && img.naturalWidth > 0)""",
            arg=number,
            timeout=30_000,
        )
        box = slide.bounding_box()
        assert box["y"] + box["height"] <= height and box["x"] + box["width"] <= width
        assert abs(box["width"] / box["height"] - 16 / 9) < 0.02
        for button in page.locator(".st-key-spm-nav button").all():  # the buttons under the slide, whole
            edge = button.bounding_box()
            assert edge["y"] + edge["height"] <= height, (number, edge)
        expect(slide.locator(".spm-sim")).to_be_visible(timeout=15_000)
        assert "Data simulasi — bukan data resmi" in slide.locator(".spm-sim").inner_text()
        assert smallest_font_px(page) >= (18 if width == 1280 else 26), number
        screenshot(page, f"presentasi_{size_name}_{number:02d}")
        if number < SLIDES:
            page.locator("body").press("ArrowRight")
    page.locator("body").press("ArrowLeft")
    page.locator(f'.spm-slide[data-slide="{SLIDES - 1}"]').wait_for(timeout=30_000)
    assert requests.outside() == []


def test_the_buttons_step_and_leave(app_url, open_page):
    page, _ = open_presentation(app_url, open_page, PROJECTOR_SIZES["1280x720"])
    page.get_by_role("button", name="Berikutnya ▶").click()
    page.locator('.spm-slide[data-slide="2"]').wait_for(timeout=30_000)
    page.get_by_role("button", name="◀ Sebelumnya").click()
    page.locator('.spm-slide[data-slide="1"]').wait_for(timeout=30_000)
    page.get_by_role("button", name="Keluar").click()
    page.get_by_role("button", name="Mulai presentasi").wait_for(timeout=30_000)


def test_space_home_end_and_three_quick_presses(app_url, open_page):
    page, _ = open_presentation(app_url, open_page, PROJECTOR_SIZES["1280x720"])
    body = page.locator("body")
    body.press(" ")  # Space = next
    expect(page.locator('.spm-slide[data-slide="2"]')).to_be_visible(timeout=30_000)
    wait_for_app(page)
    for _ in range(3):  # three quick presses: counted in the browser, the final slide sent once
        body.press("ArrowRight")
    expect(page.locator('.spm-slide[data-slide="5"]')).to_be_visible(timeout=30_000)
    wait_for_app(page)
    body.press("End")
    expect(page.locator(f'.spm-slide[data-slide="{SLIDES}"]')).to_be_visible(timeout=30_000)
    wait_for_app(page)
    body.press("Home")
    expect(page.locator('.spm-slide[data-slide="1"]')).to_be_visible(timeout=30_000)
    assert "slide=1" in page.url


def test_full_screen_button_and_escape_outside_full_screen_leaves(app_url, open_page):
    page, _ = open_presentation(app_url, open_page, PROJECTOR_SIZES["1280x720"])
    button = page.locator(".spm-slide [data-spm-fullscreen]")
    expect(button).to_have_text("Layar penuh")
    button.click()
    page.wait_for_function("() => document.fullscreenElement !== null", timeout=10_000)
    expect(button).to_have_text("Keluar layar penuh")
    button.click()
    page.wait_for_function("() => document.fullscreenElement === null", timeout=10_000)
    expect(button).to_have_text("Layar penuh")
    page.wait_for_function("() => Date.now() - (document._spmFsLeft || 0) > 700", timeout=10_000)
    page.locator("body").press("Escape")  # not in full screen: Esc leaves the presentation
    expect(page.get_by_role("button", name="Mulai presentasi")).to_be_visible(timeout=30_000)


@pytest.mark.parametrize("size_name", list(PROJECTOR_SIZES))
def test_the_slide_title_scales_with_the_slide(app_url, open_page, size_name):
    width, _ = PROJECTOR_SIZES[size_name]
    page, _ = open_presentation(app_url, open_page, PROJECTOR_SIZES[size_name])
    page.locator("body").press("ArrowRight")
    title = page.locator('.spm-slide[data-slide="2"] h1')
    expect(title).to_be_visible(timeout=30_000)
    inner = page.locator('.spm-slide[data-slide="2"]').evaluate(  # the container's content box (cqw's base)
        "el => { const s = getComputedStyle(el); "
        "return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }"
    )
    size = float(title.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert abs(size - 0.035 * inner) < 1.0, (size, inner)  # 3.5 cqw: ~56 px at 1920 × 1080, not a fixed 37 px
    screenshot(page, f"presentasi_titel_{size_name}")
