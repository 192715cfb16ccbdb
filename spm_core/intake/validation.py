"""File → clean table, or the list of problems a clerk can act on (row, column, message).

Errors stop the file; warnings (served above target, quality above requirement, unknown
columns) do not. Checks are vectorised: a national file of 150,000 rows validates in well under
a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..catalog import LEVEL_LABELS, Catalog
from .problems import (
    ERROR,
    MAX_LISTED_PROBLEMS,
    WARNING,
    InputFileError,
    Problem,
    ProblemsFound,
    limit_problems,
    problems_frame,
)
from .ranges import ValueRange, load_ranges
from .reading import read_table

ANNUAL = 0  # triwulan value of an annual row (blank in files)
YEAR_MIN, YEAR_MAX = load_ranges()["tahun"].minimum, load_ranges()["tahun"].maksimum

KEY_COLUMNS = ["tahun", "triwulan", "kode_wilayah", "kode_layanan"]
COUNT_COLUMNS = ["harus_dilayani", "terlayani", "mutu_dibutuhkan", "mutu_tersedia"]
REQUIRED_COUNTS = ["harus_dilayani", "terlayani"]
MONEY_COLUMNS = ["anggaran_alokasi", "anggaran_realisasi", "biaya_satuan"]
REQUIRED_COLUMNS = ["tahun", "kode_layanan", *COUNT_COLUMNS]
INFO_COLUMNS = ["nama_layanan", "keterangan"]  # shown to people (e.g. in the template); accepted, not read
OPTIONAL_VALUE_COLUMNS = ["mutu_dibutuhkan", "mutu_tersedia", *MONEY_COLUMNS]
# An optional cell holding only this clears the stored value (blank keeps it, see importing).
CLEAR_MARKS = ("-", "–", "—")
KNOWN_COLUMNS = [*KEY_COLUMNS, "nama_wilayah", *COUNT_COLUMNS, *MONEY_COLUMNS, *INFO_COLUMNS]
CLEAN_COLUMNS = ["baris", *KEY_COLUMNS, *COUNT_COLUMNS, *MONEY_COLUMNS]

_DOT_THOUSANDS = r"\d{1,3}(?:\.\d{3})+"
_COMMA_THOUSANDS = r"\d{1,3}(?:,\d{3})+"
# A whole number: plain digits or with thousands separators, optionally with a zero decimal part
# in the other notation ("1.234,00", "1,234.0", "12,00").
_WHOLE = rf"(?:\d+|{_DOT_THOUSANDS})(?:,0{{1,2}})?|(?:\d+|{_COMMA_THOUSANDS})(?:\.0{{1,2}})?"
_ROMAN_QUARTERS = {"I": "1", "II": "2", "III": "3", "IV": "4"}


@dataclass
class ValidationResult(ProblemsFound):
    data: pd.DataFrame | None  # the clean table, None when there is an error
    problems: list[Problem] = field(default_factory=list)  # at most MAX_LISTED_PROBLEMS, then a count
    total_errors: int | None = None  # every error found, listed or not (None: all are listed)
    total_warnings: int | None = None
    # Optional cells written "-" (clear the stored value): columns baris, kolom. Blank optional
    # cells are NaN in ``data`` like cleared ones; only an import against stored data tells them apart.
    cleared: pd.DataFrame | None = None

    @property
    def error_count(self) -> int:
        return len(self.errors) if self.total_errors is None else self.total_errors

    @property
    def warning_count(self) -> int:
        return len(self.warnings) if self.total_warnings is None else self.total_warnings

    def problems_table(self) -> pd.DataFrame:
        return problems_frame(self.problems)


class _Collector:
    """Gathers problems from vectorised checks: one message per failing row. Every problem is
    counted, but each check keeps only its first ``limit`` rows: after sorting by row, the first
    ``limit`` of all the kept ones are exactly the first ``limit`` problems of the file."""

    def __init__(self, limit: int = MAX_LISTED_PROBLEMS):
        self.problems: list[Problem] = []
        self.limit = limit
        self.found = {ERROR: 0, WARNING: 0}

    def file(self, column: str | None, message: str, level: str = ERROR):
        self.problems.append(Problem(message, None, column, None, level))
        self.found[level] += 1

    def rows(self, mask: pd.Series, column: str, message, values: pd.Series | None = None, level: str = ERROR):
        """Add a problem for each row where ``mask`` holds. ``message`` is text, a Series of texts
        by row, or a function of the row number (index) giving text."""
        if not mask.any():
            return
        hits = mask[mask].index
        self.found[level] += len(hits)
        hits = hits[: self.limit]
        shown = values.loc[hits] if values is not None else pd.Series([None] * len(hits), index=hits)
        for row, value in zip(hits, shown):
            if callable(message):
                text = message(row)
            elif isinstance(message, pd.Series):
                text = message[row]
            else:
                text = message
            self.problems.append(Problem(text, int(row), column, None if value is None else _shown(value), level))

    def result(self, data: pd.DataFrame | None) -> ValidationResult:
        problems = sorted(self.problems, key=lambda p: (p.baris or 0, 0 if p.is_error else 1))
        listed = limit_problems(problems, self.found[ERROR], self.found[WARNING], self.limit)
        return ValidationResult(None if self.found[ERROR] else data, listed, self.found[ERROR], self.found[WARNING])


def _shown(value) -> str:
    """A cell's text as a problem shows it: at most 60 characters."""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def parse_whole_numbers(
    text: pd.Series, value_range: ValueRange | None = None, range_message: str | None = None
) -> tuple[pd.Series, pd.Series]:
    """Whole numbers from text with the usual thousands separators ("1.234.567", "1,234,567").

    With ``value_range``, a number outside it is a problem too, decided on the digits of the
    text before any conversion (a 40-digit cell never becomes a number).
    Returns (values as float with NaN for blank, bad or out of range; problem message per row
    or None)."""
    s = text.str.strip().str.replace("\u00a0", "", regex=False)
    values = pd.Series(np.nan, index=s.index, dtype="float64")
    message = pd.Series(None, index=s.index, dtype=object)
    plain = s.str.isdigit() & (s.str.len() <= 15)  # the common case, parsed without regex
    try:
        values[plain] = s[plain].astype("int64").astype("float64")
    except (ValueError, TypeError):  # digits outside 0-9 (e.g. "²"): take the careful path
        plain[:] = False
    rest = s[~plain & (s != "")]
    if len(rest):
        whole = rest.str.fullmatch(_WHOLE)
        negative = rest.str.fullmatch(r"-\s*[\d.,]*\d")
        fraction = rest.str.fullmatch(r"[\d.,]*\d[.,]\d+") & ~whole
        digits = rest[whole].str.replace(r"[.,]0{1,2}$", "", regex=True).str.replace(r"[.,]", "", regex=True)
        # Only digit strings of at most 16 significant digits are converted (they fit an int64, and
        # 10^15, the largest rupiah amount, is one); longer ones are refused below, never converted.
        significant = digits.str.lstrip("0").str.len()
        short = digits[significant <= 16]
        values[short.index] = pd.to_numeric(short, errors="coerce").astype("float64")
        message[rest.index[~whole]] = "Bukan angka yang sah; isi bilangan bulat tanpa satuan, misalnya 1234 atau 1.234"
        message[rest.index[fraction]] = "Harus bilangan bulat (tanpa pecahan/desimal)"
        message[rest.index[negative]] = "Tidak boleh negatif"
        if value_range is not None:
            too_long = digits.index[significant > len(str(value_range.maksimum))]
            message[too_long] = range_message or value_range.message()
        elif (significant > 16).any():
            message[digits.index[significant > 16]] = "Angka terlalu besar"
    if value_range is not None:
        outside = values.notna() & ((values < value_range.minimum) | (values > value_range.maksimum))
        message[outside] = range_message or value_range.message()
        values[outside] = np.nan
    return values, message


def _check_counts(frame: pd.DataFrame, out: _Collector, cleared: list) -> pd.DataFrame:
    parsed = {}
    ranges = load_ranges()
    for column in COUNT_COLUMNS + MONEY_COLUMNS:
        if column not in frame.columns:
            parsed[column] = pd.Series(np.nan, index=frame.index)
            continue
        text = frame[column]
        if column in OPTIONAL_VALUE_COLUMNS:
            marked = text.str.strip().isin(CLEAR_MARKS)
            cleared.extend((int(row), column) for row in marked[marked].index)
            text = text.where(~marked, "")
        values, message = parse_whole_numbers(text, ranges[column])
        bad = message.notna()
        if bad.any():
            for text in message[bad].unique():
                out.rows(bad & (message == text), column, text, frame[column])
        if column in REQUIRED_COUNTS:
            out.rows(
                frame[column].str.strip() == "", column, "Wajib diisi (boleh 0, tidak boleh kosong)", frame[column]
            )
        parsed[column] = values
    return pd.DataFrame(parsed, index=frame.index)


def _check_period(frame: pd.DataFrame, out: _Collector) -> tuple[pd.Series, pd.Series]:
    year_text = frame["tahun"].str.strip()
    years = load_ranges()["tahun"]
    outside = f"Tahun di luar rentang {years.text}"
    year, message = parse_whole_numbers(year_text, years, outside)
    out.rows(year_text == "", "tahun", "Tahun wajib diisi", year_text)
    out.rows(message.notna() & (message != outside), "tahun", "Tahun harus berupa angka, misalnya 2025", year_text)
    out.rows(message == outside, "tahun", outside, year_text)
    if "triwulan" in frame.columns:
        q_text = frame["triwulan"].str.strip()
        normalized = q_text.str.upper().str.replace(r"^(TW|TRIWULAN|Q)\s*", "", regex=True)
        normalized = normalized.replace(_ROMAN_QUARTERS)
        quarter = pd.to_numeric(normalized.where(normalized.str.fullmatch(r"\d+")), errors="coerce")
        bad = (q_text != "") & ~quarter.between(1, 4)
        out.rows(bad, "triwulan", "Triwulan harus 1, 2, 3 atau 4 (kosong untuk data tahunan)", q_text)
        quarter = quarter.where(q_text != "", ANNUAL)
    else:
        quarter = pd.Series(ANNUAL, index=frame.index, dtype="float64")
    return year, quarter


def _match_regions(frame: pd.DataFrame, catalog: Catalog, out: _Collector) -> pd.Series:
    regions = catalog.regions
    names = regions.names
    code_col = frame["kode_wilayah"].str.strip() if "kode_wilayah" in frame.columns else None
    name_col = frame["nama_wilayah"].str.strip() if "nama_wilayah" in frame.columns else None
    result = pd.Series(None, index=frame.index, dtype=object)

    if code_col is not None:
        lookup = regions.match_many(v for v in code_col.unique() if v)
        by_code = code_col.map(lambda v: lookup[v].kode if v else None)
        unknown = (code_col != "") & by_code.isna()
        out.rows(
            unknown,
            "kode_wilayah",
            lambda r: _unknown_region_message(lookup[code_col[r]], code_col[r], catalog),
            code_col,
        )
        result = by_code
    if name_col is not None:
        lookup = regions.match_many(v for v in name_col.unique() if v)
        by_name = name_col.map(lambda v: lookup[v].kode if v else None)
        candidates = name_col.map(lambda v: lookup[v].candidates if v else ())
        has_code = result.notna()
        # A name that is ambiguous on its own is fine when the code picks one of its candidates.
        ambiguous = (name_col != "") & by_name.isna() & candidates.map(len).gt(1)
        ambiguous_ok = (
            ambiguous & has_code & pd.Series([c in cand for c, cand in zip(result, candidates)], index=frame.index)
        )
        unknown = (name_col != "") & by_name.isna() & ~(ambiguous & has_code)
        if code_col is not None:
            unknown &= ~(code_col != "") | has_code  # a bad code was reported already
        out.rows(
            unknown,
            "nama_wilayah",
            lambda r: _unknown_region_message(lookup[name_col[r]], name_col[r], catalog),
            name_col,
        )
        disagree = has_code & by_name.notna() & (by_name != result)
        out.rows(
            disagree,
            "nama_wilayah",
            lambda r: (
                f"Kode wilayah {result[r]} ({names[result[r]]}) tidak cocok dengan nama "
                f"'{name_col[r]}' ({names[by_name[r]]}). Perbaiki salah satunya."
            ),
            name_col,
        )
        ambiguous_other = ambiguous & has_code & ~ambiguous_ok
        out.rows(
            ambiguous_other,
            "nama_wilayah",
            lambda r: (
                f"Kode wilayah {result[r]} ({names[result[r]]}) tidak cocok dengan nama "
                f"'{name_col[r]}' (bisa {' atau '.join(names[c] for c in candidates[r])}). "
                "Perbaiki salah satunya."
            ),
            name_col,
        )
        result = result.where(has_code, by_name)
    neither = pd.Series(True, index=frame.index)
    if code_col is not None:
        neither &= code_col == ""
    if name_col is not None:
        neither &= name_col == ""
    out.rows(
        neither,
        "kode_wilayah" if code_col is not None else "nama_wilayah",
        "Wilayah kosong: isi kode_wilayah (misalnya 36.03) atau nama_wilayah",
    )
    return result


def _unknown_region_message(match, value: str, catalog: Catalog) -> str:
    names = catalog.regions.names
    if match.ambiguous:
        options = " atau ".join(f"{names[c]} ({c})" for c in match.candidates)
        return f"Nama wilayah '{value}' ambigu: bisa {options}. Tulis nama lengkap atau kode wilayah."
    return (
        f"Wilayah '{value}' tidak dikenal. Gunakan kode Kemendagri (misalnya "
        f"{next(iter(names))}) atau nama dari daftar wilayah."
    )


def _check_services(frame: pd.DataFrame, region: pd.Series, catalog: Catalog, out: _Collector) -> pd.Series:
    text = frame["kode_layanan"].str.strip()
    code = text.str.upper().str.replace(r"\s+", "", regex=True)
    levels = catalog.service_level
    out.rows(text == "", "kode_layanan", "Kode layanan wajib diisi, misalnya KK-KES-01", text)
    unknown = (text != "") & ~code.isin(levels.keys())
    out.rows(
        unknown,
        "kode_layanan",
        "Kode layanan tidak dikenal; lihat daftar jenis layanan (misalnya KK-PEND-01 atau PROV-KES-02)",
        text,
    )
    service_level = code.map(levels)
    region_level = region.map(catalog.regions.levels)
    wrong = service_level.notna() & region_level.notna() & (service_level != region_level)
    names = catalog.regions.names
    out.rows(
        wrong,
        "kode_layanan",
        lambda r: (
            f"Layanan {code[r]} adalah layanan tingkat {LEVEL_LABELS[service_level[r]]}, "
            f"tidak berlaku untuk {names[region[r]]} (tingkat {LEVEL_LABELS[region_level[r]]})"
        ),
        text,
    )
    return code.where(~unknown & (text != ""))


def _check_duplicates(clean: pd.DataFrame, out: _Collector):
    keyed = clean.dropna(subset=KEY_COLUMNS)
    dup = keyed.duplicated(subset=KEY_COLUMNS, keep=False)
    if not dup.any():
        return
    first_row = keyed[dup].reset_index().groupby(KEY_COLUMNS)["index"].transform("min")
    first_row.index = keyed[dup].index
    later = first_row[first_row != first_row.index.to_series()]
    out.rows(
        pd.Series(True, index=later.index),
        "kode_layanan",
        lambda r: (
            f"Duplikat: tahun, triwulan, wilayah dan layanan yang sama sudah ada di baris "
            f"{int(first_row[r])}. Hapus salah satu."
        ),
        clean.loc[later.index, "kode_layanan"],
    )


def _check_warnings(counts: pd.DataFrame, out: _Collector):
    def whole(column: str, mask: pd.Series) -> pd.Series:
        return counts.loc[mask, column].astype("int64").astype(str)

    over = counts["terlayani"] > counts["harus_dilayani"]
    served = whole("terlayani", over)
    out.rows(
        over,
        "terlayani",
        "Terlayani ("
        + served
        + ") melebihi harus dilayani ("
        + whole("harus_dilayani", over)
        + "); capaian dihitung 100 %",
        served,
        level=WARNING,
    )
    over_q = counts["mutu_tersedia"] > counts["mutu_dibutuhkan"]
    available = whole("mutu_tersedia", over_q)
    out.rows(
        over_q,
        "mutu_tersedia",
        "Mutu tersedia ("
        + available
        + ") melebihi mutu dibutuhkan ("
        + whole("mutu_dibutuhkan", over_q)
        + "); mutu dihitung 100 %",
        available,
        level=WARNING,
    )


def with_clean_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """The column types of a clean table, wherever it comes from (a file, the database, a merge):
    whole numbers for year, quarter and the two required counts; categorical codes (they repeat
    across many rows, which makes grouping and joining fast). Changes ``frame`` and returns it."""
    for column in ("tahun", "triwulan", "harus_dilayani", "terlayani"):
        frame[column] = frame[column].astype("int64")
    for column in ("kode_wilayah", "kode_layanan"):
        frame[column] = frame[column].astype(str).astype("category")
    return frame


def blank_rows(frame: pd.DataFrame) -> pd.Series:
    """Rows whose value cells (counts, quality, money) are all blank: a template row nobody filled."""
    present = [c for c in COUNT_COLUMNS + MONEY_COLUMNS if c in frame.columns]
    blank = pd.Series(True, index=frame.index)
    for column in present:
        blank &= frame[column].astype(str).str.strip() == ""
    return blank


def _row_ranges(rows) -> str:
    """``5–12, 20, 31–40`` (consecutive rows joined), at most ten ranges, then ``…``."""
    rows = sorted(int(r) for r in rows)
    ranges: list[list[int]] = []
    for row in rows:
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in ranges[:10]]
    return ", ".join(parts) + (", …" if len(ranges) > 10 else "")


def _located(problems: list[Problem], frame: pd.DataFrame, region: pd.Series | None, catalog: Catalog) -> list[Problem]:
    """Each row's problem with its region (name) and service code beside the row number."""
    names = catalog.regions.names
    out = []
    for p in problems:
        if p.baris is None or p.baris not in frame.index or p.wilayah or p.layanan:
            out.append(p)
            continue
        code = region.get(p.baris) if region is not None else None
        if isinstance(code, str) and code in names:
            where = names[code]
        else:
            raw = [str(frame.at[p.baris, c]).strip() for c in ("nama_wilayah", "kode_wilayah") if c in frame.columns]
            where = next((r for r in raw if r), None)
        service = str(frame.at[p.baris, "kode_layanan"]).strip().upper() if "kode_layanan" in frame.columns else ""
        out.append(replace(p, wilayah=where, layanan=service or None))
    return out


def validate_frame(frame: pd.DataFrame, catalog: Catalog, first_checks=None) -> ValidationResult:
    """Check a table of text cells (from ``read_table``) against the schema and the catalog.

    Rows whose value cells are all blank are left out (one warning line says which). An optional
    cell holding ``-`` is blank in the data and listed in ``cleared``. ``first_checks(rows)``
    (e.g. the account's scope), given the rows whose region and service are known (columns baris,
    kode_wilayah, kode_layanan), returns errors listed before every other problem."""
    out = _Collector()
    columns = list(frame.columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    for column in missing:
        out.file(column, "Kolom wajib tidak ada. Tambahkan kolom ini di baris judul (baris 1).")
    if "kode_wilayah" not in columns and "nama_wilayah" not in columns:
        out.file("kode_wilayah", "Kolom wilayah tidak ada: tambahkan kolom kode_wilayah atau nama_wilayah.")
    for column in columns:
        if column in KNOWN_COLUMNS:
            continue
        if (column == "" or column.startswith("unnamed:")) and (frame[column].str.strip() == "").all():
            continue  # an empty column left over from a spreadsheet
        out.file(column, "Kolom tidak dikenal, diabaikan.", WARNING)
    if out.found[ERROR]:
        return out.result(None)
    if len(frame) == 0:
        out.file(None, "Berkas tidak berisi baris data di bawah judul kolom.")
        return out.result(None)

    frame = frame.astype(str)
    blank = blank_rows(frame)
    if blank.any():
        out.file(
            None,
            f"{_count_text(int(blank.sum()))} baris tanpa isian diabaikan (baris {_row_ranges(blank[blank].index)}).",
            WARNING,
        )
        frame = frame[~blank]
        if len(frame) == 0:
            out.file(None, "Semua baris kosong: isi angka di sel berwarna kuning, lalu unggah lagi.")
            return out.result(None)
    year, quarter = _check_period(frame, out)
    region = _match_regions(frame, catalog, out)
    service = _check_services(frame, region, catalog, out)
    cleared: list = []
    counts = _check_counts(frame, out, cleared)
    first: list[Problem] = []
    if first_checks is not None:
        known = pd.DataFrame(
            {
                "baris": frame.index.astype("int64"),
                "kode_wilayah": region.to_numpy(),
                "kode_layanan": service.to_numpy(),
            },
            index=frame.index,
        ).dropna()
        if len(known):
            first = list(first_checks(known))

    clean = counts.copy()
    clean.insert(0, "kode_layanan", service)
    clean.insert(0, "kode_wilayah", region)
    clean.insert(0, "triwulan", quarter)
    clean.insert(0, "tahun", year)
    _check_duplicates(clean, out)
    _check_warnings(counts, out)

    if first:
        # e.g. rows outside the account's scope: the reason the file is refused comes first
        out.found[ERROR] += len(first)
        listed = sorted(out.problems, key=lambda p: (p.baris or 0, 0 if p.is_error else 1))
        out.problems = [*first, *listed]
        result = ValidationResult(
            None,
            limit_problems(
                _located(out.problems, frame, region, catalog), out.found[ERROR], out.found[WARNING], out.limit
            ),
            out.found[ERROR],
            out.found[WARNING],
        )
        return result
    if out.found[ERROR]:
        result = out.result(None)
        result.problems = _located(result.problems, frame, region, catalog)
        return result
    clean.insert(0, "baris", clean.index.astype("int64"))
    result = out.result(with_clean_dtypes(clean)[CLEAN_COLUMNS].reset_index(drop=True))
    result.problems = _located(result.problems, frame, region, catalog)
    result.cleared = pd.DataFrame(cleared, columns=["baris", "kolom"])
    return result


def _count_text(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def validate_file(
    source: str | Path | bytes, catalog: Catalog, filename: str | None = None, first_checks=None
) -> ValidationResult:
    """Read and validate a CSV/.xlsx file (path, or bytes with its name)."""
    try:
        frame = read_table(source, filename)
    except InputFileError as exc:
        return ValidationResult(None, exc.problems)
    return validate_frame(frame, catalog, first_checks)
