"""Who sees what, approvals that say what they do, text from outside shown as plain text, and
errors as a short Indonesian message (AppTest)."""

from account_helpers import ensure_accounts
from apptest_helpers import VERIFIER, button, open_page
from spm_core.auth import User
from spm_core.catalog import load_catalog
from spm_core.intake.validation import validate_file
from spm_core.store import current_data, open_store
from spm_core.store.accounts import SystemActor
from spm_core.store.versions import submit

HEADER = "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
LEBAK = User("op-lebak", "operator", kode_wilayah="36.02")


def rows(*lines):
    return validate_file((HEADER + "\n".join(lines) + "\n").encode(), load_catalog(), "x.csv").data


def pending_and_newer(db):
    """v2: Lebak's submission (waiting) with a note holding a link; v3: a newer approved version
    that changes one of its rows."""
    engine = open_store(db)
    ensure_accounts(engine, LEBAK, VERIFIER)
    submit(
        engine,
        rows("2025,,36.02,KK-PEND-01,5000,4000,10,10", "2025,,36.02,KK-PEND-02,100,90,1,1"),
        LEBAK,
        note="lihat [klik](http://contoh.invalid)",
    )
    submit(engine, rows("2025,,36.02,KK-PEND-01,5000,4500,10,10"), SystemActor("sistem"), approved=True)
    return engine


def test_a_viewer_sees_neither_waiting_submissions_nor_account_names(db):
    pending_and_newer(db)
    at = open_page("riwayat")
    shown = at.dataframe[0].value
    assert sorted(shown["Versi"]) == [1, 3]
    assert "op-lebak" not in shown["Pengguna"].tolist()
    assert "Waktu (WIB)" in shown.columns


def test_the_verifier_sees_the_conflict_and_the_newer_value_is_kept_by_default(db):
    engine = pending_and_newer(db)
    at = open_page("persetujuan", user=VERIFIER)
    assert [m.value for m in at.metric] == ["2", "1", "1", "0"]  # rows, will count, keep newer, already equal
    assert any(t.value == "lihat [klik](http://contoh.invalid)" for t in at.text)  # the note as plain text
    button(at, "Setujui").click().run()
    assert any("disetujui dan kini dihitung di dasbor sebagai versi 4" in s.value for s in at.success)
    data = current_data(engine).data
    lebak = data[(data["kode_wilayah"].astype(str) == "36.02") & (data["tahun"] == 2025) & (data["triwulan"] == 0)]
    served = dict(zip(lebak["kode_layanan"].astype(str), lebak["terlayani"]))
    assert served["KK-PEND-01"] == 4500 and served["KK-PEND-02"] == 90


def test_a_link_in_a_url_parameter_is_shown_as_plain_text():
    at = open_page("profil", query={"wilayah": "[klik](http://contoh.invalid)\n\n# judul"})
    warning = " ".join(w.value for w in at.warning)
    assert "tidak dikenal" in warning
    assert "[klik](http" not in warning and "\n" not in warning


def test_an_error_on_a_page_is_a_short_indonesian_message_without_a_traceback(monkeypatch):
    import ui.views

    def broken(*args, **kwargs):
        raise RuntimeError("rahasia internal")

    monkeypatch.setattr(ui.views, "overview", broken)  # the default page, run through app.py
    from apptest_helpers import new_app

    at = new_app().run()
    assert not at.exception
    messages = [e.value for e in at.error]
    assert any("terjadi kesalahan" in m for m in messages)
    assert not any("rahasia internal" in m or "Traceback" in m for m in messages)
