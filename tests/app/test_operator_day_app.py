"""An operator's day and the verifier's (AppTest): the operator's own-scope template, two cells
changed, the preview lists exactly those two changes, the submission waits in "Kiriman saya"; the
verifier sees the same two changes, approves, and the data hold them."""

import hashlib
import io

import pytest
from openpyxl import load_workbook

import ui.downloads
from account_helpers import ensure_accounts
from apptest_helpers import LEBAK_OPERATOR, VERIFIER, button, open_app, open_page
from spm_core.auth import User
from spm_core.catalog import load_catalog
from spm_core.intake.validation import validate_file
from spm_core.store import current_data, open_store
from spm_core.store.versions import submit

HEADER = (
    "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia,"
    "anggaran_alokasi,anggaran_realisasi,biaya_satuan\n"
)


@pytest.fixture
def lebak_real_data(db):
    """Official (not simulated) values for Lebak 2025 triwulan I, two public-works services."""
    engine = open_store(db)
    ensure_accounts(engine, LEBAK_OPERATOR, VERIFIER)
    lines = ["2025,1,36.02,KK-PU-01,1000,500,10,8,5000000,,25000", "2025,1,36.02,KK-PU-02,2000,1500,4,4,,,"]
    data = validate_file((HEADER + "\n".join(lines) + "\n").encode(), load_catalog(), "resmi.csv").data
    submit(engine, data, VERIFIER)
    return engine


@pytest.fixture
def offered_files(monkeypatch):
    """label → (build, args) of every download button drawn (the file is built when asked for)."""
    seen = {}
    original = ui.downloads.file_button

    def spy(label, build, *args, **options):
        seen[label] = (build, args)
        return original(label, build, *args, **options)

    monkeypatch.setattr(ui.downloads, "file_button", spy)
    return seen


def dataframe_with(at, column):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def filled_template(template: bytes) -> bytes:
    """Lebak's template with two cells changed: KK-PU-01 terlayani 500 → 600, KK-PU-02 mutu tersedia 4 → 3."""
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


EXPECTED = [["Terlayani", "500", "600"], ["Mutu tersedia", "4", "3"]]


def test_the_operator_sends_two_changed_cells_and_the_verifier_approves_exactly_those(lebak_real_data, offered_files):
    at = open_page("impor", user=LEBAK_OPERATOR, page_state={"templat_tahun": 2025, "templat_periode": 1})
    build, args = offered_files["Unduh templat (.xlsx)"]
    template = build(*args)
    rows = list(load_workbook(io.BytesIO(template))["data"].iter_rows(min_row=2, values_only=True))
    assert {r[2] for r in rows} == {"36.02"}  # Lebak's rows only
    assert len(rows) == len(load_catalog().services_for("kabkota"))

    at.file_uploader(key="berkas_impor").upload(
        "lebak_tw1.xlsx", filled_template(template), ui.downloads.XLSX_MIME
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    changes = dataframe_with(at, "Isian")
    assert changes[["Isian", "Lama", "Baru"]].values.tolist() == EXPECTED
    assert set(changes["Wilayah"]) == {"Kabupaten Lebak (36.02)"}
    button(at, "Kirim untuk persetujuan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    mine = dataframe_with(at, "Catatan verifikator")
    assert mine["Status"].tolist() == ["Menunggu persetujuan"]

    at = open_app(user=VERIFIER)
    assert any(link.proto.label == "1 menunggu persetujuan" for link in at.get("page_link"))
    at = open_page("persetujuan", user=VERIFIER)
    approval = dataframe_with(at, "Isian")
    assert approval[["Isian", "Lama", "Baru"]].values.tolist() == EXPECTED
    button(at, "Setujui").click().run()
    assert any("disetujui dan kini dihitung" in s.value for s in at.success)
    data = current_data(lebak_real_data).data
    lebak = data[(data["kode_wilayah"].astype(str) == "36.02") & (data["tahun"] == 2025) & (data["triwulan"] == 1)]
    pu = lebak.set_index(lebak["kode_layanan"].astype(str))
    assert pu.loc["KK-PU-01", "terlayani"] == 600 and pu.loc["KK-PU-02", "mutu_tersedia"] == 3
    assert pu.loc["KK-PU-01", "biaya_satuan"] == 25_000  # left blank in the file: kept, not cleared


def test_a_returned_submission_shows_the_note_and_offers_a_correction_template(lebak_real_data):
    from spm_core.store.versions import decide

    data = validate_file((HEADER + "2025,1,36.02,KK-PU-01,1000,700,,,,,\n").encode(), load_catalog(), "b.csv").data
    record = submit(lebak_real_data, data, LEBAK_OPERATOR)
    decide(lebak_real_data, record["id"], VERIFIER, approve=False, note="cek lagi sasaran", return_for_correction=True)
    at = open_page("impor", user=LEBAK_OPERATOR)
    mine = dataframe_with(at, "Catatan verifikator")
    assert mine[["Status", "Catatan verifikator"]].values.tolist() == [
        ["Dikembalikan untuk perbaikan", "cek lagi sasaran"]
    ]
    assert f"Unduh templat perbaikan versi {record['id']}" in [d.label for d in at.get("download_button")]


def test_a_pending_submission_can_be_withdrawn_from_kiriman_saya(lebak_real_data):
    data = validate_file((HEADER + "2025,1,36.02,KK-PU-01,1000,700,,,,,\n").encode(), load_catalog(), "b.csv").data
    record = submit(lebak_real_data, data, LEBAK_OPERATOR)
    at = open_page("impor", user=LEBAK_OPERATOR)
    button(at, f"Tarik kiriman versi {record['id']}").click().run()
    assert dataframe_with(at, "Catatan verifikator")["Status"].tolist() == ["Ditarik pengirim"]
    at = open_page("persetujuan", user=VERIFIER)
    assert any("Tidak ada kiriman yang menunggu" in s.value for s in at.success)


def test_a_cleared_value_is_listed_apart_and_the_submission_waits_for_its_tick(lebak_real_data):
    content = (HEADER + "2025,1,36.02,KK-PU-01,1000,500,10,8,5000000,,-\n").encode()
    at = open_page("impor", user=LEBAK_OPERATOR)
    at.file_uploader(key="berkas_impor").upload("hapus_biaya.csv", content, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Nilai tersimpan yang dikosongkan** (1" in " ".join(m.value for m in at.markdown)
    assert button(at, "Kirim untuk persetujuan").disabled  # the clearing is not ticked yet
    key = "kosongkan_" + hashlib.sha256(content).hexdigest()[:12]
    at.session_state[key] = {"edited_rows": {0: {"Kosongkan": True}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not button(at, "Kirim untuk persetujuan").disabled


HEALTH_OPERATOR = User("op-dinkes", "operator", kode_bidang="KES")


def test_a_sector_operator_gets_a_template_of_its_sector_for_every_kab_kota_and_no_region_choice(db, offered_files):
    at = open_page("impor", user=HEALTH_OPERATOR, page_state={"templat_tahun": 2025, "templat_periode": 1})
    sector = next(t for t in at.text_input if t.label == "Bidang")
    assert sector.value == "Kesehatan" and sector.disabled  # its own sector, not a choice
    assert "Wilayah" not in [s.label for s in at.selectbox]  # every region of the level is in its scope
    assert "Bidang" not in [s.label for s in at.selectbox]
    # a sector office reports its sector at both levels (auth.scope_problems checks only the sector)
    level = next(s for s in at.selectbox if s.label == "Tingkat")
    assert level.value == "kabkota" and level.options == ["Kabupaten/kota", "Provinsi"]
    build, args = offered_files["Unduh templat (.xlsx)"]
    rows = list(load_workbook(io.BytesIO(build(*args)))["data"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 8 * 12  # 8 kab/kota × the 12 kab/kota health services
    assert {r[2] for r in rows} == {"36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74"}
    assert {r[4][:6] for r in rows} == {"KK-KES"}
    level.set_value("provinsi").run()
    build, args = offered_files["Unduh templat (.xlsx)"]
    rows = list(load_workbook(io.BytesIO(build(*args)))["data"].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[4]) for r in rows] == [("36", "PROV-KES-01"), ("36", "PROV-KES-02")]  # the province's 2
