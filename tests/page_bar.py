"""The app's page bar in a real browser: since the page list moved to the top of the page
(``st.navigation(position="top")``), each section ("Dasbor", "Rapat koordinasi", "Pengelolaan
data") is a dropdown, so a link is clicked after opening its section."""

from __future__ import annotations

BAR = '[data-testid="stTopNav"]'
LINK = '[data-testid="stTopNavLink"], [data-testid="stTopNavDropdownLink"]'
SECTION = '[data-testid="stTopNavSection"]'


def wait_for_bar(page, timeout: float = 60_000) -> None:
    """app.py has run: its page bar is drawn."""
    page.locator(BAR).first.wait_for(timeout=timeout)


def nav_link(page, title: str):
    """The visible page-bar link to ``title``, its section opened when it sits in a dropdown."""
    from playwright.sync_api import expect

    wait_for_bar(page)
    link = page.locator(LINK).filter(has_text=title).first
    if link.is_visible():
        return link
    for section in page.locator(SECTION).all():
        section.click()
        try:
            expect(link).to_be_visible(timeout=3_000)
            return link
        except AssertionError:
            page.keyboard.press("Escape")
    raise AssertionError(f"the page bar has no link to {title!r}")


def nav_titles(page) -> list[str]:
    """Every page title the bar offers, section by section."""
    from playwright.sync_api import expect

    wait_for_bar(page)
    titles = [t.strip() for t in page.locator('[data-testid="stTopNavLink"]').all_inner_texts()]
    for section in page.locator(SECTION).all():
        section.click()
        links = page.locator('[data-testid="stTopNavDropdownLink"]').filter(visible=True)
        expect(links.first).to_be_visible(timeout=5_000)
        titles += [t.strip().split("\n")[-1] for t in links.all_inner_texts()]
        page.keyboard.press("Escape")
        expect(links).to_have_count(0, timeout=5_000)
    return titles
