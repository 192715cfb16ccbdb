"""Numbers as people in Indonesia read them on screen: 1.234,5 (files for machines keep a dot)."""

from __future__ import annotations

import datetime as _dt
import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd


def _missing(value) -> bool:
    # pd.NA (e.g. the rank of the province in an Int64 column) is missing too
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def format_number(value, decimals: int = 2, missing: str = "–") -> str:
    """``1234.5`` → ``"1.234,50"`` (decimals=2); ``None``/NaN → ``missing``. Rounds half-up on
    the decimal a person reads (89.995 → "90,00"), like the scores' own rounding."""
    if _missing(value):
        return missing
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,00"
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_count(value, missing: str = "–") -> str:
    """A whole number with thousands dots: ``1234567`` → ``"1.234.567"``."""
    return format_number(value, 0, missing)


def format_score(value, missing: str = "–") -> str:
    """A score as shown everywhere: two decimals, ``80`` → ``"80,00"``."""
    return format_number(value, 2, missing)


def format_change(value, missing: str = "–") -> str:
    """A change in points with its arrow and sign: ``▲ +1,25``, ``▼ −0,50``, ``► 0,00``."""
    if _missing(value):
        return missing
    if value > 0:
        return f"▲ +{format_number(value)}"
    if value < 0:
        return f"▼ −{format_number(-value)}"
    return f"► {format_number(0)}"


UNKNOWN_COST = "tidak terhitung"  # a cost without a known unit cost: never shown as Rp0


def format_cost(value) -> str:
    """A budget need or a cost: rupiah, or "tidak terhitung" when it is not known (no unit cost)."""
    return format_rupiah(value, missing=UNKNOWN_COST)


def format_cost_short(value) -> str:
    """``format_cost`` for a headline or a metric (``"Rp57,1 miliar"``)."""
    return format_rupiah_short(value, missing=UNKNOWN_COST)


def format_rupiah(value, missing: str = "–") -> str:
    """``1500000000`` → ``"Rp1.500.000.000"``; a shortfall ``-96900`` → ``"−Rp96.900"``."""
    if _missing(value):
        return missing
    text = format_count(abs(value))
    return ("−Rp" if value < 0 and text != "0" else "Rp") + text


_MAGNITUDES = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"))


def format_rupiah_short(value, missing: str = "–") -> str:
    """Large amounts for a headline or a metric: ``57108700000`` → ``"Rp57,1 miliar"``,
    ``1.25e12`` → ``"Rp1,3 triliun"``; below a million the full amount."""
    if _missing(value):
        return missing
    for size, word in _MAGNITUDES:
        if abs(value) >= size:
            sign = "−" if value < 0 else ""
            return f"{sign}Rp{format_number(abs(value) / size, 1)} {word}"
    return format_rupiah(value)


def format_percent(value, decimals: int = 1, missing: str = "–") -> str:
    if _missing(value):
        return missing
    return f"{format_number(value, decimals)} %"


ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def format_period(year: int, quarter: int) -> str:
    """The one way a period is written for people: ``(2025, 0)`` → ``"2025"``; ``(2025, 3)`` →
    ``"2025 triwulan III"``."""
    return f"{year}" if not quarter else f"{year} triwulan {ROMAN_QUARTERS[int(quarter)]}"


def format_quarter(quarter: int) -> str:
    """A period choice without its year: ``0`` → ``"Tahunan"``, ``1`` → ``"Triwulan I"``."""
    return "Tahunan" if not quarter else f"Triwulan {ROMAN_QUARTERS[int(quarter)]}"


def period_file_part(year: int, quarter: int) -> str:
    """The period in a file name: ``(2025, 0)`` → ``"2025"``; ``(2025, 1)`` → ``"2025_tw1"``."""
    return f"{int(year)}" if not quarter else f"{int(year)}_tw{int(quarter)}"


WIB = _dt.timezone(_dt.timedelta(hours=7), "WIB")


def format_wib(moment, fmt: str = "%d-%m-%Y %H:%M", missing: str = "") -> str:
    """A moment as WIB text in ``fmt`` (a naive time is taken as UTC, as the database stores it):
    ``2026-03-12 02:05`` → ``"12-03-2026 09:05"``; ``missing`` for none."""
    if _missing(moment) or moment is pd.NaT:
        return missing
    stamp = pd.Timestamp(moment)
    if pd.isna(stamp):
        return missing
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert(WIB).strftime(fmt)


def format_time_wib(moment, missing: str = "–") -> str:
    """A moment as Banten reads the clock: ``2026-03-12 02:05 UTC`` → ``"12-03-2026 09:05 WIB"``
    (a naive time is taken as UTC, as the database stores it)."""
    text = format_wib(moment)
    return text + " WIB" if text else missing
