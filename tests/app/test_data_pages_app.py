"""The data-management pages with AppTest: a good import end to end (file → approval → database
→ scores on the overview page), refusals, history and rollback, admin. Each test uses a
database of its own."""

from apptest_helpers import (
    ADMIN,
    LEBAK_OPERATOR,
    VERIFIER,
    button,
    html_text,
    open_app,
    open_page,
    open_page_file,
)
from spm_core.store import current_data, open_store
from spm_core.store.backup import content_checksum

HEADER = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
# Lebak's 2025 PAUD: everyone served, full quality → 0.8 × 100 + 0.2 × 100 = 100
LEBAK_FILE = (HEADER + "2025,,36.02,KK-PEND-01,5000,5000,10,10\n").encode()


def overview_score(region: str) -> float:
    table = open_app().dataframe[0].value.set_index("Kode")
    shown = table.loc[region, "Nilai"]  # Indonesian format on screen: "85,77"
    return float(shown.replace(".", "").replace(",", "."))


def upload(at, name: str, content: bytes):
    at.file_uploader(key="berkas_impor").upload(name, content, "text/csv")
    return at.run()


def test_viewers_see_the_template_but_must_log_in_to_import(db):
    at = open_page("impor")
    assert not at.exception
    assert any("Masuk terlebih dahulu" in i.value for i in at.info)
    assert not at.file_uploader


def test_the_uploader_has_an_indonesian_label_and_names_its_size_limit(db):
    at = open_page("impor", user=LEBAK_OPERATOR)
    uploader = at.file_uploader(key="berkas_impor")
    assert uploader.label == "Berkas CSV atau Excel (.xlsx)"
    assert uploader.help == "Seret berkas ke sini atau klik untuk memilih; maks. 20 MB."


def test_the_admin_sees_accounts_with_indonesian_headers_and_no_none(db):
    at = open_page("admin", user=ADMIN)
    assert not at.exception
    accounts = at.dataframe[0].value
    assert list(accounts.columns) == [
        "Nama pengguna",
        "Peran",
        "Wilayah",
        "Bidang",
        "Aktif",
        "Wajib ganti kata sandi",
        "Dibuat (WIB)",
    ]
    shown = accounts.astype(str).to_numpy().ravel().tolist()
    assert "None" not in shown and "nan" not in shown
    assert accounts["Dibuat (WIB)"].str.endswith(" WIB").all()


def test_an_operator_file_goes_through_approval_into_the_overview(db):
    before = overview_score("36.02")
    at = upload(open_page("impor", user=LEBAK_OPERATOR), "lebak_2025.csv", LEBAK_FILE)
    assert not at.exception
    assert [m.value for m in at.metric] == ["0", "1", "0"]  # new, changed, unchanged
    button(at, "Kirim untuk persetujuan").click().run()
    assert any("menunggu persetujuan" in s.value for s in at.success)
    assert overview_score("36.02") == before  # not counted yet

    approve = open_page("persetujuan", user=VERIFIER)
    assert not approve.exception
    button(approve, "Setujui").click().run()
    assert any("disetujui" in s.value for s in approve.success)
    assert overview_score("36.02") > before


def test_a_file_outside_the_operators_region_is_refused_and_nothing_is_stored(db):
    engine = open_store(db)
    page = open_page("impor", user=LEBAK_OPERATOR)  # (the test's account is made in the database here)
    before = content_checksum(engine)
    content = (HEADER + "2025,,36.01,KK-PEND-01,10,5,1,1\n").encode()
    at = upload(page, "pandeglang.csv", content)
    assert any("belum dapat diimpor" in e.value for e in at.error)
    problems = at.table[0].value  # a table that wraps its text (messages readable in full)
    assert problems["Kolom"].tolist() == ["kode_wilayah"]
    assert problems[["Wilayah", "Layanan"]].values.tolist() == [["Kabupaten Pandeglang", "KK-PEND-01"]]
    assert not [b for b in at.button if b.label == "Kirim untuk persetujuan"]
    assert content_checksum(engine) == before


def test_a_verifier_import_counts_at_once_and_can_be_rolled_back(db):
    before = overview_score("36.02")
    at = upload(open_page("impor", user=VERIFIER), "lebak_2025.csv", LEBAK_FILE)
    button(at, "Simpan sebagai versi baru (langsung berlaku)").click().run()
    assert overview_score("36.02") > before

    history = open_page("riwayat", user=VERIFIER)
    assert not history.exception
    assert len(history.dataframe[0].value) == 2
    history.selectbox(key="pulihkan_ke").select(1).run()
    history.text_input[0].input("angka salah ketik").run()
    history.checkbox[0].check().run()
    button(history, "Pulihkan").click().run()
    assert any("dipulihkan" in s.value for s in history.success)
    assert overview_score("36.02") == before
    assert len(current_data(open_store(db)).data) == 2699


def test_the_approval_page_is_closed_to_operators(db):
    at = open_page_file("persetujuan", user=LEBAK_OPERATOR)  # the navigation does not offer it
    assert any("verifikator" in w.value for w in at.warning)


def test_the_admin_removes_the_simulated_data_and_the_dashboard_says_there_is_none(db):
    admin = open_page("admin", user=ADMIN)
    assert not admin.exception
    admin.checkbox[0].check().run()
    button(admin, "Hapus data simulasi").click().run()
    assert any("dihapus" in s.value for s in admin.success)
    at = open_app()
    assert any("Belum ada data" in i.value for i in at.info)


def test_the_history_marks_the_simulated_version_and_formats_its_numbers(db):
    at = open_page("riwayat")
    assert not at.exception
    assert "Data simulasi — bukan data resmi" in html_text(at)
    versions = at.dataframe[0].value
    # the simulated version holds 2699 rows: "2.699", and an empty note "–", never "None"
    assert versions["Baris"].tolist() == ["2.699"]
    assert "None" not in versions.astype(str).to_numpy().ravel().tolist()
    rows = at.dataframe[1].value
    # PROV-PEND-01 in 2019 must serve 672,055 people: shown with a thousands dot, under the file's header
    assert "672.055" in rows["Harus dilayani"].tolist()
    assert "harus_dilayani" not in rows.columns and "Periode" in rows.columns
