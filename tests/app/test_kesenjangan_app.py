"""The gaps page (pages/kesenjangan.py) and the stages/reporting page (pages/tahapan.py) through
app.py with AppTest, for viewers and editors. Tests that write use a database of their own."""

from io import StringIO

import pandas as pd
from streamlit.testing.v1 import AppTest

from apptest_helpers import (
    LEBAK_OPERATOR,
    VERIFIER,
    button,
    button_labels,
    download_labels,
    figure_cards,
    html_blocks,
    html_text,
    open_page,
)
from spm_core.store import open_store
from spm_core.store.planning import current_problems, current_stages, current_unit_costs


def gap_table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


# --- kesenjangan ------------------------------------------------------------------------------------


def test_viewers_see_the_gap_table_with_the_simulated_notice_and_no_edit_form():
    at = open_page("kesenjangan")
    assert at.title[0].value == "Kesenjangan dan kebutuhan 2025"
    assert "Data simulasi — bukan data resmi" in html_text(at)
    table = gap_table(at)
    assert len(table) == 14 + 8 * 29  # every region × service of 2025
    assert {"Belum terlayani", "Kebutuhan anggaran", "Sumber biaya", "Poin hilang dari nilai bidang"} <= set(table)
    assert set(table["Sumber biaya"]) == {"baris data", "tidak ada"}  # no unit-cost table yet
    assert "Simpan biaya satuan" not in button_labels(at)
    assert any("Verifikator atau admin dapat mengubah biaya satuan" in c.value for c in at.caption)


def test_the_gap_table_sorted_by_budget_need_starts_with_the_largest_need():
    at = open_page("kesenjangan")
    at.selectbox(key="kesenjangan_urut").set_value("kebutuhan_anggaran").run()
    needs = [
        int(v.removeprefix("Rp").replace(".", ""))
        for v in gap_table(at)["Kebutuhan anggaran"]
        if v != "tidak terhitung"
    ]
    assert needs == sorted(needs, reverse=True)


def test_the_gap_table_filters_one_region_and_one_sector():
    at = open_page("kesenjangan", session_state={"bidang": "PEND"})
    at.selectbox(key="kesenjangan_wilayah").set_value("36.02").run()
    table = gap_table(at)
    assert set(table["Wilayah"]) == {"Kabupaten Lebak"}
    assert len(table) == 3  # PAUD, pendidikan dasar, kesetaraan
    assert download_labels(at)  # CSV and Excel of the table


def test_an_operator_cannot_edit_unit_costs():
    at = open_page("kesenjangan", user=LEBAK_OPERATOR)
    assert "Simpan biaya satuan" not in button_labels(at)


def test_an_editor_records_a_unit_cost_and_the_gap_table_uses_it(db):
    at = open_page("kesenjangan", user=VERIFIER)
    at.selectbox(key="kesenjangan_wilayah").set_value("36.01").run()
    at.selectbox[[s.label for s in at.selectbox].index("Layanan")].set_value("KK-TRANTIB-01")
    at.number_input[0].set_value(2_000_000)
    at.text_input[0].set_value("SSH Kabupaten 2025 (contoh)")
    button(at, "Simpan biaya satuan").click().run()
    assert not at.exception, at.exception
    with open_store(db).connect() as connection:
        costs = current_unit_costs(connection)
    assert costs[["kode_layanan", "biaya_satuan", "sumber", "pengguna"]].values.tolist() == [
        ["KK-TRANTIB-01", 2_000_000.0, "SSH Kabupaten 2025 (contoh)", "biro"]
    ]
    table = gap_table(at).set_index("Layanan")
    row = table.loc[table.index.str.startswith("Pelayanan ketenteraman")].iloc[0]
    # Pandeglang 2025: must serve 306, served 261 → 45 unserved × Rp2.000.000 = Rp90.000.000
    assert row["Sumber biaya"] == "tabel biaya satuan (sumber SSH Kabupaten 2025 (contoh))"
    assert row["Kebutuhan anggaran"] == "Rp90.000.000"


def test_a_unit_cost_without_a_source_is_refused_with_a_message(db):
    at = open_page("kesenjangan", user=VERIFIER)
    at.number_input[0].set_value(1_000)
    button(at, "Simpan biaya satuan").click().run()
    assert any("Sumber biaya satuan wajib diisi" in e.value for e in at.error)
    with open_store(db).connect() as connection:
        assert current_unit_costs(connection).empty


def test_the_target_calculator_plans_the_services_to_lift_for_a_region_below_target():
    at = open_page("kesenjangan")
    at.selectbox(key="target_wilayah").set_value("36.01")
    at.selectbox(key="target_bidang").set_value("TRANTIB")
    at.selectbox(key="target_nilai").set_value(100.0).run()
    assert not at.exception
    metrics = figure_cards(at)
    assert metrics["Tambahan penerima"] != "0"
    assert metrics["Perkiraan biaya"] == "tidak terhitung"  # trantibum services carry no unit cost: not Rp0
    plan = at.dataframe[-1].value
    assert "Tambahan penerima" in plan.columns and len(plan) >= 1


# --- tahapan ---------------------------------------------------------------------------------------


def stage_matrix(at) -> pd.DataFrame:
    """The stage matrix the page drew (a coloured HTML table)."""
    table = next(h for h in html_blocks(at) if "1. Pengumpulan data" in h and "<table" in h)
    return pd.read_html(StringIO(table), flavor="lxml")[0]


def test_viewers_see_the_stage_matrix_and_the_honest_note_on_simulated_dates():
    at = open_page("tahapan")
    assert at.title[0].value == "Tahapan penerapan dan pelaporan 2025"
    assert "Data simulasi — bukan data resmi" in html_text(at)
    matrix = stage_matrix(at)
    assert len(matrix) == 9 * 6  # province + 8 kab/kota, six sectors
    assert set(matrix["1. Pengumpulan data"]) == {"belum"}
    assert any("bukan tanggal pelaporan sebenarnya" in w.value for w in at.warning)
    assert "Simpan status tahap" not in button_labels(at)
    report = at.dataframe[-1].value
    lebak_q4 = report[(report["Wilayah"] == "Kabupaten Lebak") & (report["Periode"] == "2025 triwulan IV")].iloc[0]
    assert "Sosial" in lebak_q4["Yang belum lengkap (lengkap dari diharapkan)"]  # Lebak has not sent its Q4 social rows


def test_an_editor_sets_a_stage_and_the_matrix_shows_it(db):
    at = open_page("tahapan", user=VERIFIER)
    at.selectbox[[s.label for s in at.selectbox].index("Wilayah")].set_value("36.02")
    at.selectbox[[s.label for s in at.selectbox].index("Status")].set_value("selesai")
    button(at, "Simpan status tahap").click().run()
    assert not at.exception, at.exception
    matrix = stage_matrix(at).set_index(["Wilayah", "Bidang"])
    assert matrix.loc[("Kabupaten Lebak", "Pendidikan"), "1. Pengumpulan data"] == "selesai"
    with open_store(db).connect() as connection:
        assert current_stages(connection, 2025)["pengguna"].tolist() == ["biro"]


def test_a_bad_stage_file_is_refused_with_row_and_column_and_nothing_is_stored(db):
    at = open_page("tahapan", user=VERIFIER)
    content = b"kode_wilayah,kode_bidang,tahap,status,tanggal,catatan\n36.02,PEND,7,selesai,2025-03-31,\n"
    at.file_uploader(key="berkas_tahapan").upload("tahapan.csv", content, "text/csv")
    at.run()
    assert any("masalah" in e.value for e in at.error)
    problems = next(d.value for d in at.dataframe if "Kolom" in d.value.columns)
    assert problems[["Baris", "Kolom"]].values.tolist() == [[2, "tahap"]]
    with open_store(db).connect() as connection:
        assert current_stages(connection, 2025).empty


def test_an_editor_records_a_problem_and_its_follow_up(db):
    at = open_page("tahapan", user=VERIFIER)
    at.text_area[0].set_value("Data sasaran belum dipadankan dengan Dukcapil")
    at.text_input[[t.label for t in at.text_input].index("Penanggung jawab")].set_value("Dinas Sosial")
    button(at, "Simpan permasalahan").click().run()
    assert not at.exception, at.exception
    with open_store(db).connect() as connection:
        items = current_problems(connection, 2025)
    assert items[["nomor", "permasalahan", "penanggung_jawab", "status"]].values.tolist() == [
        [1, "Data sasaran belum dipadankan dengan Dukcapil", "Dinas Sosial", "terbuka"]
    ]
    shown = next(d.value for d in at.dataframe if "Permasalahan" in d.value.columns)
    assert shown["Permasalahan"].tolist() == ["Data sasaran belum dipadankan dengan Dukcapil"]


def test_an_operator_reports_a_problem_of_its_own_region_but_records_no_follow_up(db):
    at = open_page("tahapan", user=LEBAK_OPERATOR)
    assert at.selectbox(key="pm_wilayah").options == ["Kabupaten Lebak"]
    assert not [b for b in at.button if b.label == "Simpan pembaruan"]
    at.text_area[0].set_value("Pendataan penyandang disabilitas belum selesai")
    button(at, "Simpan permasalahan").click().run()
    assert not at.exception, at.exception
    with open_store(db).connect() as connection:
        items = current_problems(connection, 2025)
    assert items[["kode_wilayah", "permasalahan", "pengguna"]].values.tolist() == [
        ["36.02", "Pendataan penyandang disabilitas belum selesai", "op-lebak"]
    ]


def test_a_shared_link_keeps_the_region_the_sort_the_tab_and_the_calculators_target():
    # the values are what the choices show (the URL holds the label of the choice)
    at = open_page(
        "kesenjangan",
        query={
            "kesenjangan_wilayah": "Kabupaten Lebak",
            "tab": "Kalkulator target",
            "target_wilayah": "Kabupaten Lebak",
            "target_bidang": "Pendidikan",
        },
    )
    assert at.selectbox(key="kesenjangan_wilayah").value == "36.02"
    assert set(gap_table(at)["Wilayah"]) == {"Kabupaten Lebak"}
    assert at.selectbox(key="target_wilayah").value == "36.02"
    assert at.selectbox(key="target_bidang").value == "PEND"
    assert at.session_state["tab"] == "Kalkulator target"
    assert at.query_params["kesenjangan_wilayah"] == "Kabupaten Lebak"


def test_a_link_with_an_unknown_region_falls_back_to_all_regions():
    at = open_page("kesenjangan", query={"kesenjangan_wilayah": "Atlantis"})
    assert at.selectbox(key="kesenjangan_wilayah").value == "semua"


def test_the_gap_tables_show_the_key_columns_first_beside_the_names():
    at = open_page("kesenjangan")
    assert list(gap_table(at).columns[:4]) == ["Wilayah", "Layanan", "Belum terlayani", "Kebutuhan anggaran"]
    at.selectbox(key="target_wilayah").set_value("36.01")
    at.selectbox(key="target_bidang").set_value("PEND")
    at.selectbox(key="target_nilai").set_value(100.0).run()
    plan = at.dataframe[-1].value
    assert list(plan.columns[:4]) == ["Urutan", "Layanan", "Tambahan penerima", "Biaya"]  # cost in view


# --- a cost that is not known is "tidak terhitung", never Rp0 ---------------------------------------

COST_HEADER = (
    "tahun,triwulan,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia,"
    "anggaran_alokasi,anggaran_realisasi,biaya_satuan\n"
)


def lebak_pu_without_costs(db):
    """Official Lebak 2025 T1 public-works rows with unserved people and no unit cost anywhere:
    KK-PU-01 1.000 − 500 = 500 unserved, KK-PU-02 2.000 − 1.500 = 500 unserved."""
    from account_helpers import ensure_accounts
    from spm_core.catalog import load_catalog
    from spm_core.intake.validation import validate_file
    from spm_core.store.versions import submit

    engine = open_store(db)
    ensure_accounts(engine, VERIFIER)
    content = COST_HEADER + "2025,1,36.02,KK-PU-01,1000,500,10,8,,,\n2025,1,36.02,KK-PU-02,2000,1500,4,4,,,\n"
    submit(engine, validate_file(content.encode(), load_catalog(), "resmi.csv").data, VERIFIER)
    return engine


LEBAK_PU_T1 = {"tahun": 2025, "triwulan": 1, "bidang": "PU"}


def test_a_budget_need_without_any_unit_cost_reads_tidak_terhitung_never_rp0(db):
    lebak_pu_without_costs(db)
    at = open_page("kesenjangan", session_state=LEBAK_PU_T1)
    at.selectbox(key="kesenjangan_wilayah").set_value("36.02").run()
    metrics = figure_cards(at)
    assert metrics["Belum terlayani"] == "1.000"  # 500 + 500
    assert metrics["Kebutuhan anggaran"] == "tidak terhitung"
    table = gap_table(at)
    assert table[["Belum terlayani", "Biaya satuan", "Kebutuhan anggaran"]].values.tolist() == [
        ["500", "tidak terhitung", "tidak terhitung"],
        ["500", "tidak terhitung", "tidak terhitung"],
    ]


def test_the_calculators_cost_without_any_unit_cost_reads_tidak_terhitung(db):
    lebak_pu_without_costs(db)
    at = open_page("kesenjangan", session_state=LEBAK_PU_T1)
    at.selectbox(key="target_wilayah").set_value("36.02")
    at.selectbox(key="target_nilai").set_value(100.0).run()
    metrics = figure_cards(at)
    # score now: (0,8 × 50 + 0,2 × 80 + 0,8 × 75 + 0,2 × 100) / 2 = (56 + 80) / 2 = 68,00
    assert metrics["Nilai bidang sekarang"] == "68,00"
    assert metrics["Tambahan penerima"] == "1.000"  # everyone: 500 + 500
    assert metrics["Perkiraan biaya"] == "tidak terhitung"
    plan = at.dataframe[-1].value
    assert set(plan["Biaya"]) == {"tidak terhitung"}


def test_a_need_known_only_in_part_is_marked_as_a_lower_bound(db):
    from spm_core.auth import find_user
    from spm_core.store.planning import set_unit_cost

    engine = lebak_pu_without_costs(db)

    set_unit_cost(engine, find_user(engine, VERIFIER.nama), "KK-PU-01", 20_000, "SSH Lebak 2025 (uji)", "36.02")
    at = open_page("kesenjangan", session_state=LEBAK_PU_T1)
    at.selectbox(key="kesenjangan_wilayah").set_value("36.02").run()
    metrics = figure_cards(at)
    assert metrics["Kebutuhan anggaran (batas bawah)"] == "Rp10,0 juta"  # 500 × Rp20.000; KK-PU-02 unknown
    needs = dict(zip(gap_table(at)["Layanan"].str[:6], gap_table(at)["Kebutuhan anggaran"]))
    assert sorted(needs.values()) == ["Rp10.000.000", "tidak terhitung"]


def test_the_gap_files_leave_an_unknown_need_blank_not_zero(db, monkeypatch):
    import io

    from openpyxl import load_workbook

    from ui import downloads

    lebak_pu_without_costs(db)
    files = {}
    original = downloads.file_button

    def record(label, build, *args, file_name, **options):
        files[file_name] = (build, args)
        return original(label, build, *args, file_name=file_name, **options)

    monkeypatch.setattr(downloads, "file_button", record)
    at = open_page("kesenjangan", session_state=LEBAK_PU_T1)
    at.selectbox(key="kesenjangan_wilayah").set_value("36.02").run()
    build, args = files["kesenjangan_2025_tw1_36.02.csv"]
    table = pd.read_csv(
        io.BytesIO(build(*args)),
        sep=";",
        decimal=",",
        encoding="utf-8-sig",
        dtype={"Kebutuhan anggaran": str},
        keep_default_na=False,
    )
    assert table["Kebutuhan anggaran"].tolist() == ["", ""]
    assert table["Belum terlayani"].tolist() == [500, 500]
    build, args = files["kesenjangan_2025_tw1_36.02.xlsx"]
    sheet = load_workbook(io.BytesIO(build(*args))).worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("Kebutuhan anggaran")
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == [None, None]


def test_a_withdrawn_unit_cost_reads_dicabut_in_the_history_not_tidak_terhitung(db):
    from spm_core.auth import find_user
    from spm_core.store.planning import set_unit_cost

    engine = lebak_pu_without_costs(db)
    verifier = find_user(engine, VERIFIER.nama)
    set_unit_cost(engine, verifier, "KK-PU-01", 20_000, "SSH Lebak 2025 (uji)", "36.02")
    set_unit_cost(engine, verifier, "KK-PU-01", None, "SSH Lebak 2025 (uji, dicabut)", "36.02")
    at = open_page("kesenjangan")
    history = next(d.value for d in at.dataframe if "Dicatat pada" in d.value.columns)
    assert sorted(history["Biaya satuan"]) == ["Rp20.000", "dicabut"]
