"""A login that lasts, in a real browser: log in through the sidebar form (POST /masuk sets the
HTTP-only session cookie), reload, open a second tab: still logged in; log out: every tab of the
account is logged out at its next load."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import running_app, screenshot, wait_for_app

PASSWORD = "sandi-verifikator-biro"


@pytest.fixture
def app_with_verifier(chromium_executable, tmp_path):
    from spm_core.auth import add_user
    from spm_core.catalog import load_catalog
    from spm_core.store import initialize, open_store

    engine = open_store(f"sqlite:///{tmp_path / 'spm.sqlite3'}")
    initialize(engine, load_catalog())
    add_user(engine, "biro", PASSWORD, "verifikator")
    engine.dispose()
    with running_app(tmp_path) as url:
        yield url


def log_in(page, password=PASSWORD):
    wait_for_app(page)
    name = page.get_by_label("Nama pengguna")
    for _ in range(3):  # a rerun still under way (a fresh server's first page) may close the expander again
        if not name.is_visible():
            page.get_by_text("Masuk (operator, verifikator, admin)").click()
        try:
            expect(name).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            wait_for_app(page)
    name.fill("biro")
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_label("Kata sandi").press("Enter")  # a plain HTML form: Enter posts it to /masuk


def logged_in(page):
    expect(page.get_by_role("button", name="Keluar")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("biro · Verifikator (Biro)")).to_be_visible()


def test_a_login_lasts_across_a_reload_and_a_new_tab(app_with_verifier, open_page):
    page, _ = open_page(app_with_verifier + "/peta", (1280, 720))
    log_in(page)
    logged_in(page)
    assert page.url.endswith("/peta")  # back on the page the form was sent from
    cookie = next(c for c in page.context.cookies() if c["name"] == "spm_sesi")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert "sandi" not in page.url and PASSWORD not in page.url

    page.reload()
    wait_for_app(page)
    logged_in(page)
    screenshot(page, "masuk_setelah_muat_ulang")

    second = page.context.new_page()
    second.goto(app_with_verifier + "/", wait_until="domcontentloaded")
    wait_for_app(second)
    logged_in(second)

    # logout ends every session of the account: the other tab is logged out at its next load
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_text("Masuk (operator, verifikator, admin)")).to_be_visible(timeout=30_000)
    second.reload()
    wait_for_app(second)
    expect(second.get_by_text("Masuk (operator, verifikator, admin)")).to_be_visible(timeout=30_000)
    expect(second.get_by_role("button", name="Keluar")).to_have_count(0)


def test_a_wrong_password_says_so_without_logging_in(app_with_verifier, open_page):
    page, _ = open_page(app_with_verifier + "/", (1280, 720))
    log_in(page, "bukan-sandinya-123")
    expect(page.get_by_text("Nama pengguna atau kata sandi salah.")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    assert "masuk=gagal" not in page.url  # the message parameter is taken out of the URL
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)
    screenshot(page, "masuk_salah")


VIEWER_PASSWORD = "sandi-penonton-rapat-2025"


@pytest.fixture
def app_with_viewer_password(chromium_executable, tmp_path):
    from spm_core.auth import add_user, hash_password
    from spm_core.catalog import load_catalog
    from spm_core.store import initialize, open_store
    from spm_core.store.context import VIEWER_PASSWORD_SETTING
    from spm_core.store.versions import set_setting

    engine = open_store(f"sqlite:///{tmp_path / 'spm.sqlite3'}")
    initialize(engine, load_catalog())
    admin = add_user(engine, "admin", PASSWORD, "admin")
    set_setting(engine, VIEWER_PASSWORD_SETTING, hash_password(VIEWER_PASSWORD), admin)
    engine.dispose()
    with running_app(tmp_path) as url:
        yield url


def give_viewer_password(page, password):
    field = page.get_by_label("Kata sandi untuk melihat dasbor")
    expect(field).to_be_visible(timeout=60_000)
    field.fill(password)
    field.press("Enter")  # a plain HTML form posted to /lihat


def test_the_viewer_password_lasts_across_a_reload_and_a_new_tab(app_with_viewer_password, open_page):
    page, _ = open_page(app_with_viewer_password + "/peta", (1280, 720))
    wait_for_app(page)
    give_viewer_password(page, "bukan-sandinya-123")
    expect(page.get_by_text("Kata sandi salah.")).to_be_visible(timeout=30_000)
    give_viewer_password(page, VIEWER_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("^Peta capaian"))).to_be_visible(timeout=60_000)
    assert page.url.endswith("/peta")
    cookie = next(c for c in page.context.cookies() if c["name"] == "spm_penonton")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert VIEWER_PASSWORD not in page.url

    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=re.compile("^Peta capaian"))).to_be_visible(timeout=60_000)
    expect(page.get_by_label("Kata sandi untuk melihat dasbor")).to_have_count(0)
    screenshot(page, "penonton_setelah_muat_ulang")

    second = page.context.new_page()
    second.goto(app_with_viewer_password + "/", wait_until="domcontentloaded")
    wait_for_app(second)
    expect(second.locator(".spm-card").first).to_be_visible(timeout=60_000)
    expect(second.get_by_label("Kata sandi untuk melihat dasbor")).to_have_count(0)
