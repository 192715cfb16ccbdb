"""Catalog: regions, sectors and service types from data/katalog, and region-name matching."""

import pytest

from spm_core.catalog import CatalogError, load_catalog, load_regions, short_name

KABKOTA_SERVICES = (
    [f"KK-PEND-{i:02d}" for i in range(1, 4)]
    + [f"KK-KES-{i:02d}" for i in range(1, 13)]
    + ["KK-PU-01", "KK-PU-02", "KK-PERKIM-01", "KK-PERKIM-02"]
    + [f"KK-TRANTIB-{i:02d}" for i in range(1, 6)]
    + [f"KK-SOS-{i:02d}" for i in range(1, 6)]
)
PROVINCE_SERVICES = (
    ["PROV-PEND-01", "PROV-PEND-02", "PROV-KES-01", "PROV-KES-02", "PROV-PU-01", "PROV-PU-02"]
    + ["PROV-PERKIM-01", "PROV-PERKIM-02", "PROV-TRANTIB-01"]
    + [f"PROV-SOS-{i:02d}" for i in range(1, 6)]
)


# --- the built-in catalog -------------------------------------------------------------------


def test_banten_has_the_province_and_eight_kabkota(catalog):
    assert sorted(catalog.regions.names) == [
        "36",
        "36.01",
        "36.02",
        "36.03",
        "36.04",
        "36.71",
        "36.72",
        "36.73",
        "36.74",
    ]


def test_the_province_is_36_and_the_others_are_kabkota(catalog):
    assert catalog.regions.province == "36"
    assert catalog.regions.kabkota == ["36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74"]


def test_there_are_six_sectors_in_regulation_order(catalog):
    assert catalog.sector_codes == ["PEND", "KES", "PU", "PERKIM", "TRANTIB", "SOS"]


def test_kabkota_have_exactly_the_29_services_of_pp_2_2018(catalog):
    codes = catalog.services_for("kabkota")["kode_layanan"].tolist()
    assert len(KABKOTA_SERVICES) == 29  # 3 + 12 + 2 + 2 + 5 + 5
    assert sorted(codes) == sorted(KABKOTA_SERVICES)


def test_the_province_has_exactly_the_14_services_of_pp_2_2018(catalog):
    codes = catalog.services_for("provinsi")["kode_layanan"].tolist()
    assert len(PROVINCE_SERVICES) == 14  # 2 + 2 + 2 + 2 + 1 + 5
    assert sorted(codes) == sorted(PROVINCE_SERVICES)


def test_service_codes_are_unique(catalog):
    assert catalog.services["kode_layanan"].is_unique


def test_each_service_belongs_to_the_sector_in_its_code(catalog):
    for code, sector in catalog.service_sector.items():
        assert code.split("-")[1] == sector, code


def test_services_for_a_sector_lists_only_that_sector(catalog):
    codes = catalog.services_for("kabkota", "KES")["kode_layanan"].tolist()
    assert codes == [f"KK-KES-{i:02d}" for i in range(1, 13)]


@pytest.mark.parametrize("table", ["regions", "sectors", "services"])
def test_every_catalog_row_names_its_source(catalog, table):
    frame = catalog.regions.table if table == "regions" else getattr(catalog, table)
    assert len(frame) > 0
    assert (frame["sumber"].str.strip() != "").all()


def test_population_is_read_as_a_number(catalog):
    # wilayah.csv: 36.01 Pandeglang 1400000, 36.02 Lebak 1490000
    assert catalog.regions.population["36.01"] == 1_400_000.0
    assert catalog.regions.population["36.02"] == 1_490_000.0


def test_expected_rows_are_29_per_kabkota_and_14_for_the_province(catalog):
    expected = catalog.expected_rows()
    # 8 kab/kota × 29 + 1 province × 14 = 232 + 14 = 246
    assert len(expected) == 246
    per_region = expected.groupby("kode_wilayah").size()
    assert per_region["36"] == 14
    assert per_region["36.74"] == 29


# --- matching region names and codes ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("Kab. Tangerang", "36.03"),
        ("KABUPATEN TANGERANG", "36.03"),
        ("Kab Tangerang", "36.03"),
        ("  kabupaten   tangerang ", "36.03"),
        ("Kota Tangerang", "36.71"),
        ("Tangerang Selatan", "36.74"),
        ("Tangsel", "36.74"),
        ("Kota Tangsel", "36.74"),
        ("Banten", "36"),
        ("Provinsi Banten", "36"),
        ("Lebak", "36.02"),
    ],
)
def test_a_region_name_in_any_usual_spelling_matches_its_code(catalog, text, code):
    match = catalog.regions.match(text)
    assert match.kode == code
    assert not match.ambiguous


@pytest.mark.parametrize("text", ["3603", "36.03", " 36 03 "])
def test_a_region_code_with_or_without_dots_matches(catalog, text):
    assert catalog.regions.match(text).kode == "36.03"


def test_the_province_code_matches_the_province(catalog):
    assert catalog.regions.match("36").kode == "36"


@pytest.mark.parametrize(
    "text, candidates",
    [("Tangerang", ("36.03", "36.71")), ("Serang", ("36.04", "36.73"))],
)
def test_a_bare_name_shared_by_a_kabupaten_and_a_kota_is_ambiguous(catalog, text, candidates):
    match = catalog.regions.match(text)
    assert match.kode is None
    assert match.ambiguous
    assert match.candidates == candidates


@pytest.mark.parametrize("text", ["Bogor", "Kabupaten Bogor", "", "xyz"])
def test_an_unknown_name_gives_no_match(catalog, text):
    match = catalog.regions.match(text)
    assert match.kode is None
    assert not match.ambiguous


def test_a_code_of_another_province_gives_no_match(catalog):
    assert catalog.regions.match("32.01").kode is None


def test_kabupaten_tangsel_does_not_match_the_kota(catalog):
    # "Tangsel" is an alias of the kota; with "Kabupaten" in front it names no region
    assert catalog.regions.match("Kabupaten Tangsel").kode is None


# --- another region list ----------------------------------------------------------------------

JABAR = (
    "kode_wilayah,nama_wilayah,tingkat,alias,penduduk\n"
    "32,Provinsi Jawa Barat,provinsi,Jabar;Jawa Barat,49.860.000\n"
    "32.01,Kabupaten Bogor,kabkota,Bogor;Kab Bogor,5.560.000\n"
    "32.73,Kota Bandung,kabkota,Bandung;Kota Bandung,2.570.000\n"
)


@pytest.fixture
def jabar(tmp_path):
    path = tmp_path / "wilayah_jabar.csv"
    path.write_text(JABAR, encoding="utf-8")
    return load_regions(path)


def test_a_custom_region_file_replaces_the_list(jabar):
    assert sorted(jabar.names) == ["32", "32.01", "32.73"]
    assert jabar.province == "32"
    assert jabar.kabkota == ["32.01", "32.73"]


def test_a_custom_region_file_reads_its_aliases(jabar):
    assert jabar.match("Jabar").kode == "32"
    assert jabar.match("Bandung").kode == "32.73"
    assert jabar.match("Kab. Bogor").kode == "32.01"


def test_a_custom_region_file_forgets_banten(jabar):
    assert jabar.match("Tangerang").kode is None
    assert not jabar.match("Tangerang").ambiguous
    assert jabar.match("36.03").kode is None


def test_a_custom_region_file_reads_population_with_thousands_dots(jabar):
    assert jabar.population["32.73"] == 2_570_000.0


def test_a_catalog_with_custom_regions_expects_their_rows(jabar):
    catalog = load_catalog(jabar)
    # 2 kab/kota × 29 + 1 province × 14 = 58 + 14 = 72
    assert len(catalog.expected_rows()) == 72


def test_a_region_file_without_alias_penduduk_or_sumber_is_accepted(tmp_path):
    path = tmp_path / "wilayah.csv"
    path.write_text("kode_wilayah,nama_wilayah,tingkat\n32,Provinsi Jawa Barat,provinsi\n", encoding="utf-8")
    regions = load_regions(path)
    assert regions.names == {"32": "Provinsi Jawa Barat"}
    assert regions.population == {}


@pytest.mark.parametrize(
    "text, message",
    [
        ("kode_wilayah,nama_wilayah\n32,Provinsi Jawa Barat\n", "tingkat"),
        ("kode_wilayah,nama_wilayah,tingkat\n32,Provinsi Jawa Barat,propinsi\n", "tingkat"),
        ("kode_wilayah,nama_wilayah,tingkat\n32.01,Kabupaten Bogor,kabkota\n3201,Kab Bogor,kabkota\n", "32.01"),
        ("kode_wilayah,nama_wilayah,tingkat\nabc,Kabupaten Bogor,kabkota\n", "abc"),
    ],
    ids=["missing-column", "bad-tingkat", "duplicate-code", "bad-code"],
)
def test_a_bad_region_file_raises_catalog_error(tmp_path, text, message):
    path = tmp_path / "wilayah.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=message):
        load_regions(path)


def test_a_missing_region_file_raises_catalog_error(tmp_path):
    with pytest.raises(CatalogError, match="tidak ditemukan"):
        load_regions(tmp_path / "tidak_ada.csv")


@pytest.mark.parametrize("written", ["49860000", "49860000.0", "49.860.000", "49,860,000"])
def test_population_is_read_the_way_spreadsheets_write_it(tmp_path, written):
    path = tmp_path / "wilayah.csv"
    path.write_text(
        f'kode_wilayah,nama_wilayah,tingkat,penduduk\n32,Provinsi Jawa Barat,provinsi,"{written}"\n', encoding="utf-8"
    )
    assert load_regions(path).population == {"32": 49_860_000.0}


SPELLINGS = [
    "Kab. Tangerang",
    "KABUPATEN TANGERANG",
    "  kabupaten   tangerang ",
    "Kota Tangsel",
    "Tangsel",
    "Banten",
    "Pemprov Banten",
    "Lebak",
    "3603",
    "36.03",
    " 36 03 ",
    "36",
    "Tangerang",
    "Serang",
    "Bogor",
    "32.01",
    "",
    "xyz",
    "Kabupaten Tangsel",
    "ＫＡＢ．ＬＥＢＡＫ",
    "٣٦",
    "kab-lebak",
    "Kota",
]


def test_matching_many_values_at_once_agrees_with_matching_each(catalog):
    assert catalog.regions.match_many(SPELLINGS) == {text: catalog.regions.match(text) for text in SPELLINGS}


def test_200000_distinct_unknown_values_are_matched_within_a_second(catalog):
    import time

    values = [f"x{i}" for i in range(200_000)]
    start = time.perf_counter()
    found = catalog.regions.match_many(values)
    assert time.perf_counter() - start < 1.5
    assert all(match.kode is None for match in found.values())


def test_a_kabupaten_name_is_shortened_to_kab():
    assert short_name("Kabupaten Pandeglang") == "Kab. Pandeglang"


def test_kota_and_province_names_stay_as_they_are():
    assert short_name("Kota Tangerang Selatan") == "Kota Tangerang Selatan"
    assert short_name("Provinsi Banten") == "Provinsi Banten"
