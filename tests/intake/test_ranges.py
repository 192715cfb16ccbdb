"""The ranges of the numeric columns: a data file beside the catalog, read by spm_core.intake.ranges."""

import pytest

from spm_core.catalog import CatalogError
from spm_core.intake.ranges import DEFAULT_RANGES_FILE, load_ranges
from spm_core.intake.validation import COUNT_COLUMNS, MONEY_COLUMNS


def test_every_numeric_column_of_the_schema_has_a_range():
    ranges = load_ranges()
    assert set(COUNT_COLUMNS + MONEY_COLUMNS + ["tahun"]) <= set(ranges)


def test_counts_run_to_a_billion_and_rupiah_to_10_to_the_15():
    ranges = load_ranges()
    assert (ranges["harus_dilayani"].minimum, ranges["harus_dilayani"].maksimum) == (0, 1_000_000_000)
    assert (ranges["biaya_satuan"].minimum, ranges["biaya_satuan"].maksimum) == (0, 10**15)
    assert ranges["harus_dilayani"].text == "0–1.000.000.000"
    assert ranges["tahun"].text == "2000–2100"


def test_the_file_says_it_is_dashboard_policy_and_has_a_version():
    text = DEFAULT_RANGES_FILE.read_text(encoding="utf-8")
    assert "versi = " in text
    assert "Kebijakan dasbor" in text


def test_a_digit_string_is_judged_on_its_length_before_any_number_is_built():
    count = load_ranges()["terlayani"]
    assert count.holds_digits("0001000000000")  # leading zeros do not count
    assert not count.holds_digits("9" * 10_000)


def test_a_range_file_with_a_missing_bound_is_refused(tmp_path):
    path = tmp_path / "rentang.toml"
    path.write_text('versi = 1\n[kolom.terlayani]\njenis = "jumlah"\nminimum = 0\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="terlayani"):
        load_ranges(path)
