"""The range every numeric column of a data file must fall in, read from
``data/katalog/rentang_angka.toml`` (dashboard policy, not regulation: see that file).

A cell is checked on its text, before any conversion: a whole number written with more digits
than the column's largest value is out of range however it would convert, so a 25- or
40-digit cell can neither wrap around in a 64-bit integer nor overflow.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..catalog import CATALOG_DIR, CatalogError
from ..formatting import format_number

DEFAULT_RANGES_FILE = CATALOG_DIR / "rentang_angka.toml"


@dataclass(frozen=True)
class ValueRange:
    kolom: str
    jenis: str  # "jumlah", "rupiah", "tahun", "tahap"
    minimum: int
    maksimum: int

    @property
    def text(self) -> str:
        """The range as a person reads it: "0–1.000.000.000" (a year: "2000–2100")."""
        if self.jenis in ("tahun", "tahap"):
            return f"{self.minimum}–{self.maksimum}"
        return f"{format_number(self.minimum, 0)}–{format_number(self.maksimum, 0)}"

    def holds_digits(self, digits: str) -> bool:
        """Whether a plain digit string (no sign, no separators) is within the range; decided on
        the text's length first, so no huge number is ever built."""
        digits = digits.lstrip("0") or "0"
        if len(digits) > len(str(self.maksimum)):
            return False
        return self.minimum <= int(digits) <= self.maksimum

    def message(self) -> str:
        what = {"jumlah": "jumlah", "rupiah": "nilai rupiah", "tahun": "tahun", "tahap": "tahap"}.get(
            self.jenis, self.jenis
        )
        return (
            f"Di luar rentang {what} yang diterima ({self.text}); periksa isi sel, "
            "mungkin salah ketik atau angka tergabung."
        )


@lru_cache(maxsize=4)
def load_ranges(path: str | Path | None = None) -> dict[str, ValueRange]:
    """Column name → its range, from the ranges file (default ``data/katalog/rentang_angka.toml``)."""
    path = Path(path) if path else DEFAULT_RANGES_FILE
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise CatalogError(f"Berkas rentang angka tidak ditemukan: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"Berkas rentang angka {path.name} rusak: {exc}") from exc
    ranges = {}
    for column, spec in data.get("kolom", {}).items():
        low, high = spec.get("minimum"), spec.get("maksimum")
        if not (isinstance(low, int) and isinstance(high, int) and 0 <= low <= high):
            raise CatalogError(
                f"Berkas rentang angka {path.name}: kolom {column} perlu minimum dan maksimum "
                "bilangan bulat, 0 ≤ minimum ≤ maksimum."
            )
        ranges[column] = ValueRange(column, str(spec.get("jenis", "jumlah")), low, high)
    return ranges
