"""Inventory of every page: its download buttons (by label) and the URL query parameters it
reads or writes. A download that disappears, or a link parameter that changes name, breaks
someone's workflow or bookmark: this test says so. It checks labels and keys, never the bytes,
so a download that is built when clicked (``st.download_button(data=callable)``) counts the same.

URL parameters = keys of the widgets drawn with ``bind="query-params"`` plus the parameters the
page writes itself (``st.query_params[...] = ...``: ``wilayah`` on the profile, ``slide`` in the
presentation)."""

import pytest

from apptest_helpers import (
    ADMIN,
    VERIFIER,
    bound_query_keys,
    button,
    button_labels,
    download_labels,
    open_app,
    page_path,
)
from spm_core.catalog import load_catalog
from spm_core.intake.validation import validate_file
from spm_core.store import open_store
from spm_core.store.versions import submit

# Shared by every page (app.py's sidebar). "versi" (data as of a version) joins them once the
# database holds two approved versions: see the last test.
APP_QUERY_KEYS = ["bidang", "tahun", "triwulan"]

HEADER = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
BAD_FILE = (HEADER + "2025,,36.02,KK-PEND-01,-5,5,1,1\n").encode()  # a negative target: refused, with a report


def upload_bad_file(at):
    at.file_uploader(key="berkas_impor").upload("buruk.csv", BAD_FILE, "text/csv")
    at.run()


# view → (page, who opens it, session state set before the first run, what is done on the page:
# a button label, clicked only when the page shows it, or a function of the AppTest)
VIEWS = {
    "ringkasan": ("ringkasan", None, {}, None),
    "peta": ("peta", None, {}, None),
    "tren": ("tren", None, {"bidang": "PU"}, None),  # a sector chosen: the service selector appears too
    "perbandingan": ("perbandingan", None, {}, None),
    "peringkat": ("peringkat", None, {}, None),
    "profil": ("profil", None, {}, None),
    "kesenjangan": ("kesenjangan", None, {}, None),
    "tahapan": ("tahapan", None, {}, None),
    "tahapan, verifikator": ("tahapan", VERIFIER, {}, None),  # editors get the example stage file
    "presentasi": ("presentasi", None, {}, "Mulai presentasi"),
    "ekspor": ("ekspor", None, {}, "Buat berkas ekspor"),  # if the files must be built first
    "impor": ("impor", None, {}, None),
    "impor, berkas ditolak": ("impor", VERIFIER, {}, upload_bad_file),
    "riwayat": ("riwayat", None, {}, None),
    "persetujuan": ("persetujuan", VERIFIER, {}, None),
    "admin": ("admin", ADMIN, {}, "Buat cadangan"),  # if the backup must be made first
}

# Every table offers Excel and "CSV (Excel Indonesia)" (";" and decimal commas, the screen's
# headers); the machine CSV only for the version rows in Riwayat (and the stage-file example).
TABLE = ["Unduh CSV (Excel Indonesia)", "Unduh Excel"]


def tables(n: int) -> list[str]:
    """The sorted labels of ``n`` tables' downloads."""
    return sorted(TABLE * n)


DOWNLOADS = {
    "ringkasan": tables(1),
    "peta": tables(1),
    "tren": tables(1),
    "perbandingan": tables(3),
    "peringkat": tables(1),
    "profil": tables(2),
    "kesenjangan": tables(5),  # gap table, the two charts' data, budget table, target plan
    "tahapan": tables(2),
    "tahapan, verifikator": [*tables(2), "Unduh contoh berkas"],
    "presentasi": [],
    "ekspor": ["Unduh bahan rapat (PowerPoint)", "Unduh laporan gubernur (PDF)", "Unduh rekap (Excel)"],
    "impor": ["Unduh templat (.xlsx)"],
    "impor, berkas ditolak": ["Unduh laporan masalah (CSV)", "Unduh laporan masalah (Excel)", "Unduh templat (.xlsx)"],
    "riwayat": sorted([*TABLE, "Unduh CSV mesin"]),
    "persetujuan": [],
    "admin": ["Unduh cadangan"],
}

# Every view choice is in the URL: region, tab, the calculator's target and order, the highlighted
# trend line, the version whose rows are shown. Free text, passwords, uploads and decisions are not.
QUERY_KEYS = {
    "ringkasan": [],
    "peta": ["layanan", "mode", "warna"],
    "tren": ["layanan", "pita", "rentang", "tren_sorot", "wilayah_pilih"],
    "perbandingan": ["urut"],
    "peringkat": ["kabkota_pilih", "rentang"],
    "profil": ["wilayah"],
    "kesenjangan": [
        "kesenjangan_urut",
        "kesenjangan_wilayah",
        "tab",
        "target_bidang",
        "target_nilai",
        "target_urut",
        "target_wilayah",
    ],
    "tahapan": ["tab"],
    "tahapan, verifikator": ["tab"],
    "presentasi": ["slide"],
    "ekspor": [],
    "impor": [],
    "impor, berkas ditolak": [],
    "riwayat": ["lihat_versi"],
    "persetujuan": [],
    "admin": [],
}


def test_the_inventory_covers_every_page_of_the_navigation():
    pages = {view[0] for view in VIEWS.values()}
    assert pages == {
        "ringkasan",
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
        "persetujuan",
        "admin",
    }
    assert set(VIEWS) == set(DOWNLOADS) == set(QUERY_KEYS)


def test_the_shared_filters_are_kept_in_the_url():
    assert sorted(bound_query_keys(open_app())) == APP_QUERY_KEYS


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_page_offers_its_downloads_and_url_parameters(view):
    page, user, state, action = VIEWS[view]
    at = open_app(session_state=state, user=user)
    shared = bound_query_keys(at)  # app.py's own, in case a page run shows them too
    at.switch_page(page_path(page)).run()
    assert not at.exception, [e.value for e in at.exception]
    keys = bound_query_keys(at) | set(at.query_params)
    if callable(action):
        action(at)
    elif action in button_labels(at):
        button(at, action).click().run()
    assert not at.exception, [e.value for e in at.exception]
    keys |= bound_query_keys(at) | set(at.query_params)
    assert sorted(download_labels(at)) == DOWNLOADS[view]
    assert sorted(keys - shared) == QUERY_KEYS[view]


def test_the_version_choice_is_kept_in_the_url_once_there_are_two_approved_versions(db):
    data = validate_file((HEADER + "2025,,36.02,KK-PEND-01,10,5,1,1\n").encode(), load_catalog(), "baik.csv").data
    engine = open_store(db)
    submit(engine, data, "biro", approved=True)  # version 2, next to the simulated data (version 1)
    engine.dispose()
    assert sorted(bound_query_keys(open_app())) == sorted([*APP_QUERY_KEYS, "versi"])
