"""Data management in a real browser: an operator logs in and uploads a file, a verifier approves
it, and the overview shows the new score."""

import re

import pytest
from playwright.sync_api import expect

from page_bar import nav_link

from .conftest import running_app, screenshot, wait_for_app

HEADER = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
PASSWORDS = {"op-lebak": "sandi-operator-lebak", "biro": "sandi-verifikator-biro"}


@pytest.fixture
def app_with_users(chromium_executable, tmp_path):
    from spm_core.auth import add_user
    from spm_core.catalog import load_catalog
    from spm_core.store import initialize, open_store

    engine = open_store(f"sqlite:///{tmp_path / 'spm.sqlite3'}")
    initialize(engine, load_catalog())
    add_user(engine, "op-lebak", PASSWORDS["op-lebak"], "operator", kode_wilayah="36.02")
    add_user(engine, "biro", PASSWORDS["biro"], "verifikator")
    engine.dispose()
    with running_app(tmp_path) as url:
        yield url


def log_in(page, name):
    wait_for_app(page)
    page.get_by_text("Masuk (operator, verifikator, admin)").click()
    user_field = page.get_by_label("Nama pengguna")
    expect(user_field).to_be_editable(timeout=10_000)
    wait_for_app(page)  # a run still going would draw the form anew and empty it
    user_field.fill(name)
    password_field = page.get_by_label("Kata sandi")
    password_field.fill(PASSWORDS[name])
    expect(user_field).to_have_value(name)  # the form holds both values when it is submitted
    expect(password_field).to_have_value(PASSWORDS[name])
    password_field.press("Enter")  # Enter submits a Streamlit form
    try:
        page.wait_for_selector("text=Keluar", timeout=30_000)
    except Exception:
        screenshot(page, "masuk_gagal")
        raise
    wait_for_app(page)


def go(page, title, heading=None):
    nav_link(page, title).click()
    page.wait_for_selector(f"h1:has-text('{heading or title}')", timeout=30_000)
    wait_for_app(page)


def lebak_score(page) -> str:
    card = page.locator(".spm-card", has_text="Kabupaten Lebak").last  # its own card (it may also be the weakest)
    return card.locator(".spm-card-score").inner_text()


def test_an_operator_upload_is_approved_and_reaches_the_overview(app_with_users, open_page, tmp_path):
    page, requests = open_page(app_with_users, (1280, 720))
    wait_for_app(page)
    page.wait_for_selector(".spm-card", timeout=30_000)
    before = lebak_score(page)

    log_in(page, "op-lebak")
    go(page, "Impor data")
    upload = tmp_path / "lebak_2025.csv"
    upload.write_text(HEADER + "2025,,36.02,KK-PEND-01,5000,5000,10,10\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    page.wait_for_selector("text=Baris berubah", timeout=30_000)
    wait_for_app(page)
    screenshot(page, "impor_pratinjau_1280x720")
    page.get_by_role("button", name="Kirim untuk persetujuan").click()
    page.wait_for_selector("text=sudah tersimpan sebagai versi", timeout=30_000)

    page.get_by_role("button", name="Keluar").click()
    wait_for_app(page)
    log_in(page, "biro")
    go(page, "Persetujuan")
    screenshot(page, "persetujuan_1280x720")
    page.get_by_role("button", name="Setujui").click()
    page.wait_for_selector("text=disetujui dan kini dihitung", timeout=30_000)

    go(page, "Ringkasan", "Capaian SPM")
    page.wait_for_selector(".spm-card", timeout=30_000)
    after = lebak_score(page)
    as_number = lambda text: float(text.replace(".", "").replace(",", "."))  # noqa: E731
    assert as_number(after) > as_number(before)
    assert re.fullmatch(r"\d{2},\d{2}", after)
    assert requests.outside() == []
