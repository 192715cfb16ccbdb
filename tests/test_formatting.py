"""Formatting: numbers as people in Indonesia read them (1.234,5), and periods in words."""

import numpy as np
import pandas as pd
import pytest

from spm_core.formatting import (
    format_change,
    format_count,
    format_number,
    format_percent,
    format_period,
    format_rupiah,
    format_score,
)


def test_format_number_uses_dots_for_thousands_and_a_comma_for_decimals():
    assert format_number(1234.5, 1) == "1.234,5"


def test_format_number_shows_two_decimals_by_default():
    assert format_number(1234.5) == "1.234,50"


def test_format_number_handles_millions_and_negative_numbers():
    assert format_number(-1234567.891, 2) == "-1.234.567,89"


def test_format_score_shows_two_decimals():
    assert format_score(80) == "80,00"
    assert format_score(99.95) == "99,95"


def test_format_count_shows_a_whole_number_with_thousands_dots():
    assert format_count(1234567) == "1.234.567"
    assert format_count(999) == "999"


def test_format_count_accepts_numpy_numbers():
    assert format_count(np.int64(1490000)) == "1.490.000"
    assert format_count(np.float64(1400000.0)) == "1.400.000"


def test_format_rupiah_prefixes_rp_to_the_whole_amount():
    assert format_rupiah(1_500_000_000) == "Rp1.500.000.000"


def test_format_percent_adds_a_spaced_percent_sign():
    assert format_percent(87.26) == "87,3 %"  # one decimal by default


def test_format_change_shows_a_rise_with_plus_and_an_up_arrow():
    assert format_change(1.25) == "▲ +1,25"


def test_format_change_shows_a_fall_with_a_minus_sign_and_a_down_arrow():
    assert format_change(-0.5) == "▼ −0,50"  # U+2212 minus, not a hyphen


def test_format_change_shows_no_change_with_a_side_arrow():
    assert format_change(0.0) == "► 0,00"


def test_format_period_of_an_annual_row_is_the_year():
    assert format_period(2025, 0) == "2025"


@pytest.mark.parametrize(
    "quarter, text",
    [(1, "2025 triwulan I"), (2, "2025 triwulan II"), (3, "2025 triwulan III"), (4, "2025 triwulan IV")],
)
def test_format_period_names_the_quarter_in_roman_numerals(quarter, text):
    assert format_period(2025, quarter) == text


def test_format_period_accepts_numpy_integers_from_a_table():
    assert format_period(np.int64(2025), np.int64(3)) == "2025 triwulan III"


@pytest.mark.parametrize(
    "function", [format_number, format_score, format_count, format_change, format_rupiah, format_percent]
)
@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA], ids=["None", "nan", "np.nan", "pd.NA"])
def test_a_missing_value_is_shown_as_a_dash(function, missing):
    assert function(missing) == "–"


def test_the_missing_text_can_be_chosen():
    assert format_score(None, missing="belum ada") == "belum ada"


def test_a_negative_amount_of_money_puts_the_minus_before_rp():
    # a budget shortfall of 96,900 rupiah
    assert format_rupiah(-96900) == "−Rp96.900"


def test_a_large_amount_is_shortened_for_a_headline():
    from spm_core.formatting import format_rupiah_short

    # 57,108,700,000 = 57.1087 miliar → one decimal: "57,1"
    assert format_rupiah_short(57_108_700_000) == "Rp57,1 miliar"
    # 1,250,000,000,000 = 1.25 triliun → half-up to one decimal: "1,3"
    assert format_rupiah_short(1_250_000_000_000) == "Rp1,3 triliun"
    assert format_rupiah_short(750_000) == "Rp750.000"
    assert format_rupiah_short(-2_500_000) == "−Rp2,5 juta"


def test_format_quarter_names_the_choice_without_its_year():
    from spm_core.formatting import format_quarter

    assert [format_quarter(q) for q in (0, 1, 4)] == ["Tahunan", "Triwulan I", "Triwulan IV"]


def test_period_file_part_is_the_year_or_the_year_and_tw_quarter():
    from spm_core.formatting import period_file_part

    assert period_file_part(2025, 0) == "2025"
    assert period_file_part(np.int64(2025), np.int64(1)) == "2025_tw1"


def test_format_time_wib_is_seven_hours_after_utc():
    import datetime as dt

    from spm_core.formatting import format_time_wib

    # 02:05 UTC + 7 h = 09:05 WIB; 20:30 UTC + 7 h = 03:30 WIB the next day
    assert format_time_wib(dt.datetime(2026, 3, 12, 2, 5)) == "12-03-2026 09:05 WIB"
    assert format_time_wib(dt.datetime(2026, 3, 12, 20, 30, tzinfo=dt.UTC)) == "13-03-2026 03:30 WIB"
    assert format_time_wib(None) == "–"


def test_a_cost_that_is_not_known_reads_tidak_terhitung_and_a_known_zero_reads_rp0():
    from spm_core.formatting import format_cost, format_cost_short

    assert format_cost(float("nan")) == "tidak terhitung"
    assert format_cost(None) == "tidak terhitung"
    assert format_cost(0) == "Rp0"  # nobody unserved: a known zero
    assert format_cost(12_500_000) == "Rp12.500.000"
    assert format_cost_short(float("nan")) == "tidak terhitung"
    assert format_cost_short(57_108_700_000) == "Rp57,1 miliar"  # 57,1087 miliar to one decimal
