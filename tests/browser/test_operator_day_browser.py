"""An operator's day and the verifier's, in a real browser (issue 14, "Done when").

The Lebak operator logs in, downloads the own-scope template for 2025 triwulan I, fills two cells
with openpyxl, uploads it: the preview lists exactly those two changes; the submission then waits
in "Kiriman saya", also after a reload. The Biro's verifier logs in (another browser), sees the
same two changes, reloads (still logged in), approves, and the overview shows Lebak's new score.

The database holds only official data: Lebak 2025 T1, two public-works services, so the scores are
worked out by hand below."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from page_bar import nav_link

from .conftest import running_app, screenshot, wait_for_app

PASSWORDS = {"op-lebak": "sandi-operator-lebak", "biro": "sandi-verifikator-biro"}
HEADER = (
    "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia,"
    "anggaran_alokasi,anggaran_realisasi,biaya_satuan\n"
)
OFFICIAL = ["2025,1,36.02,KK-PU-01,1000,500,10,8,5000000,,25000", "2025,1,36.02,KK-PU-02,2000,1500,4,4,,,"]
# Lebak's score = the PU sector's = mean of its two service scores (0,8 × % penerima + 0,2 × % mutu):
#   before: KK-PU-01 0,8 × 50 + 0,2 × 80 = 56; KK-PU-02 0,8 × 75 + 0,2 × 100 = 80; (56 + 80) / 2 = 68,00
#   after (terlayani 500 → 600, mutu tersedia 4 → 3):
#           KK-PU-01 0,8 × 60 + 0,2 × 80 = 64; KK-PU-02 0,8 × 75 + 0,2 × 75 = 75;  (64 + 75) / 2 = 69,50
SCORE_BEFORE, SCORE_AFTER = "68,00", "69,50"
CHANGES = [("KK-PU-01", "Terlayani", "500", "600"), ("KK-PU-02", "Mutu tersedia", "4", "3")]


@pytest.fixture
def app_with_official_lebak(chromium_executable, tmp_path):
    from spm_core.auth import add_user
    from spm_core.catalog import load_catalog
    from spm_core.intake.validation import validate_file
    from spm_core.store import open_store
    from spm_core.store.versions import submit

    engine = open_store(f"sqlite:///{tmp_path / 'spm.sqlite3'}")
    add_user(engine, "op-lebak", PASSWORDS["op-lebak"], "operator", kode_wilayah="36.02")
    verifier = add_user(engine, "biro", PASSWORDS["biro"], "verifikator")
    data = validate_file((HEADER + "\n".join(OFFICIAL) + "\n").encode(), load_catalog(), "resmi.csv").data
    submit(engine, data, verifier)  # a verifier's import counts at once; the database is no longer empty,
    engine.dispose()  # so the app loads no simulated data on its first start
    with running_app(tmp_path) as url:
        yield url


def log_in(page, name):
    wait_for_app(page)
    field = page.get_by_label("Nama pengguna")
    for _ in range(3):  # a rerun still under way may close the login expander again
        if not field.is_visible():
            page.get_by_text("Masuk (operator, verifikator, admin)").click()
        try:
            expect(field).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            wait_for_app(page)
    field.fill(name)
    page.get_by_label("Kata sandi").fill(PASSWORDS[name])
    page.get_by_label("Kata sandi").press("Enter")  # a plain HTML form posted to /masuk
    logged_in(page, name)


def logged_in(page, name):
    expect(page.get_by_role("button", name="Keluar")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stSidebar"]').get_by_text(name, exact=False).first).to_be_visible()
    wait_for_app(page)


def go(page, title, heading):
    nav_link(page, title).click()
    expect(page.locator("h1", has_text=heading)).to_be_visible(timeout=30_000)
    wait_for_app(page)


def choose(page, label, option):
    """Pick ``option`` in the main area's selectbox ``label`` (the sidebar has one of the same name)."""
    page.locator('[data-testid="stMain"]').get_by_label(label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def grid_rows(table) -> list[list[str]]:
    """The cells of a data grid (st.dataframe) as its accessible table exposes them."""
    rows = table.locator('[role="row"]')
    expect(rows.nth(1)).to_be_attached(timeout=15_000)
    return [
        [c.strip() for c in r.locator('[role="gridcell"], [role="columnheader"]').all_inner_texts()] for r in rows.all()
    ]


def changes_listed(page, heading) -> list[tuple[str, str, str, str]]:
    """(service code, field, old, new) of each row of the change table under ``heading``."""
    block = page.locator('[data-testid="stElementContainer"]', has_text=heading)
    expect(block.first).to_be_visible(timeout=30_000)
    table = page.locator(
        f'[data-testid="stElementContainer"]:has-text("{heading}") ~ '
        '[data-testid="stElementContainer"] [data-testid="stDataFrame"]'
    ).first
    rows = grid_rows(table)
    header = rows[0]
    out = []
    for row in rows[1:]:
        cells = dict(zip(header, row))
        out.append((cells["Layanan"].split(" ")[0], cells["Isian"], cells["Lama"], cells["Baru"]))
    return sorted(out)


def lebak_score(page) -> str:
    card = page.locator(".spm-card", has_text="Kabupaten Lebak").last
    return card.locator(".spm-card-score").inner_text()


def filled(template: bytes) -> bytes:
    """The template with two cells changed: KK-PU-01 terlayani 500 → 600, KK-PU-02 mutu tersedia 4 → 3."""
    book = load_workbook(io.BytesIO(template))
    sheet = book["data"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        service = row[header.index("kode_layanan")].value
        if service == "KK-PU-01":
            row[header.index("terlayani")].value = 600
        if service == "KK-PU-02":
            row[header.index("mutu_tersedia")].value = 3
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_operator_sends_two_cells_the_verifier_approves_and_the_overview_shows_them(
    app_with_official_lebak, browser, tmp_path
):
    from spm_core.catalog import load_catalog

    url = app_with_official_lebak
    operator_context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    verifier_context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        # --- the operator ---------------------------------------------------------------------------
        page = operator_context.new_page()
        page.goto(url + "/", wait_until="domcontentloaded")
        wait_for_app(page)
        expect(page.locator(".spm-card", has_text="Kabupaten Lebak").last.locator(".spm-card-score")).to_have_text(
            SCORE_BEFORE, timeout=30_000
        )
        log_in(page, "op-lebak")
        go(page, "Impor data", "Impor data")
        main = page.locator('[data-testid="stMain"]')
        expect(main.get_by_label("Tingkat")).to_have_count(0)  # no level or region to choose
        year = main.get_by_label("Tahun")
        year.fill("2025")
        year.press("Enter")
        wait_for_app(page)
        choose(page, "Periode", "Triwulan I")
        expect(main.get_by_text("Batas penyampaian: 20 April 2025.")).to_be_visible()
        with page.expect_download(timeout=30_000) as download:
            main.get_by_role("button", name="Unduh templat (.xlsx)").click()
        template = tmp_path / "templat.xlsx"
        download.value.save_as(template)
        sheet = load_workbook(template)["data"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert {r[2] for r in rows} == {"36.02"}  # Lebak's rows only
        assert len(rows) == len(load_catalog().services_for("kabkota")) == 29
        upload = tmp_path / "lebak_tw1.xlsx"
        upload.write_bytes(filled(template.read_bytes()))
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        expect(main.get_by_text("Isian yang berubah (2; nilai lama → nilai baru)")).to_be_visible(timeout=60_000)
        wait_for_app(page)
        assert changes_listed(page, "Isian yang berubah") == CHANGES
        screenshot(page, "hari_operator_pratinjau_1280x720")
        main.get_by_role("button", name="Kirim untuk persetujuan").click()
        expect(main.get_by_text("menunggu persetujuan verifikator")).to_be_visible(timeout=30_000)
        wait_for_app(page)
        withdraw = main.get_by_role("button", name="Tarik kiriman versi 2")  # offered only while it waits
        expect(withdraw).to_be_visible(timeout=30_000)
        assert {"2", "lebak_tw1.xlsx", "Menunggu persetujuan"} <= set(_kiriman_row(page))

        page.reload()  # the login lasts: still the operator, the submission still waits
        wait_for_app(page)
        logged_in(page, "op-lebak")
        expect(page.locator("h1", has_text="Impor data")).to_be_visible()
        expect(withdraw).to_be_visible(timeout=30_000)
        assert {"2", "lebak_tw1.xlsx", "Menunggu persetujuan"} <= set(_kiriman_row(page))
        screenshot(page, "hari_operator_kiriman_saya_1280x720")

        # --- the verifier (another browser: its own cookies) -----------------------------------------
        page = verifier_context.new_page()
        page.goto(url + "/", wait_until="domcontentloaded")
        log_in(page, "biro")
        expect(page.get_by_text("1 menunggu persetujuan")).to_be_visible()
        go(page, "Persetujuan", "Persetujuan kiriman data")
        expect(page.get_by_text("Isian yang akan berubah bila disetujui (2;")).to_be_visible(timeout=30_000)
        assert changes_listed(page, "Isian yang akan berubah bila disetujui") == CHANGES
        page.reload()
        wait_for_app(page)
        logged_in(page, "biro")
        expect(page.get_by_text("Isian yang akan berubah bila disetujui (2;")).to_be_visible(timeout=30_000)
        screenshot(page, "hari_verifikator_persetujuan_1280x720")
        page.get_by_role("button", name="Setujui").click()
        expect(page.get_by_text("disetujui dan kini dihitung")).to_be_visible(timeout=30_000)
        wait_for_app(page)

        go(page, "Ringkasan", "Capaian SPM")
        expect(page.locator(".spm-card", has_text="Kabupaten Lebak").last.locator(".spm-card-score")).to_have_text(
            SCORE_AFTER, timeout=30_000
        )
        screenshot(page, "hari_verifikator_ringkasan_1280x720")
    finally:
        operator_context.close()
        verifier_context.close()


def _kiriman_row(page) -> list[str]:
    """The first row of "Kiriman saya" (its data grid sits under the heading)."""
    table = page.locator(
        '[data-testid="stElementContainer"]:has([data-testid="stHeading"]:has-text("Kiriman saya")) ~ '
        '[data-testid="stElementContainer"] [data-testid="stDataFrame"]'
    ).first
    rows = grid_rows(table)
    return rows[1]
