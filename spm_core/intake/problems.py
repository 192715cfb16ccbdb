"""A problem found in an input file, located the way a clerk finds it in Excel or an editor."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

ERROR = "galat"
WARNING = "peringatan"
MAX_LISTED_PROBLEMS = 1000  # problems listed one by one; the rest are counted in one last line


@dataclass(frozen=True)
class Problem:
    pesan: str  # what is wrong and what to do, in Bahasa Indonesia
    baris: int | None = None  # row as seen in Excel / a text editor (header = row 1)
    kolom: str | None = None  # the column's header name
    nilai: str | None = None  # the value found
    tingkat: str = ERROR  # ERROR stops the file, WARNING does not
    wilayah: str | None = None  # the row's region as a person reads it (name), when known
    layanan: str | None = None  # the row's service code, when known

    @property
    def is_error(self) -> bool:
        return self.tingkat == ERROR

    def line(self) -> str:
        """``baris N, kolom X: message`` (or ``kolom X: message`` for a whole-file problem)."""
        where = []
        if self.baris is not None:
            where.append(f"baris {self.baris}")
        if self.kolom:
            where.append(f"kolom {self.kolom}")
        prefix = ", ".join(where)
        label = "" if self.is_error else "peringatan: "
        found = f' (isi sel: "{self.nilai}")' if self.nilai and self.nilai not in self.pesan else ""
        text = f"{label}{self.pesan}{found}"
        return f"{prefix}: {text}" if prefix else text


def limit_problems(
    problems: list[Problem], errors: int | None = None, warnings: int | None = None, limit: int = MAX_LISTED_PROBLEMS
) -> list[Problem]:
    """The first ``limit`` problems (in the order given), and when some are left off one last
    line "… dan N masalah lain" with the full count. ``errors``/``warnings``: how many were
    found in all, when more were found than ``problems`` holds (default: those in the list).
    The last line is an error whenever an error is left off, so a file never passes on it."""
    found_errors = sum(p.is_error for p in problems) if errors is None else errors
    found_warnings = sum(not p.is_error for p in problems) if warnings is None else warnings
    listed = problems[:limit]
    listed_errors = sum(p.is_error for p in listed)
    left_errors = found_errors - listed_errors
    left_warnings = found_warnings - (len(listed) - listed_errors)
    if left_errors + left_warnings <= 0:
        return listed
    parts = [f"{_count(left_errors)} galat"] if left_errors else []
    parts += [f"{_count(left_warnings)} peringatan"] if left_warnings else []
    summary = (
        f"… dan {_count(left_errors + left_warnings)} masalah lain ({' dan '.join(parts)}) tidak ditampilkan; "
        f"seluruhnya {_count(found_errors)} galat dan {_count(found_warnings)} peringatan. Perbaiki yang "
        "tercantum (biasanya kesalahan yang sama berulang di setiap baris), lalu unggah lagi."
    )
    return [*listed, Problem(summary, tingkat=ERROR if left_errors else WARNING)]


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problems as a table (for a page or a downloadable error report)."""
    columns = ["baris", "kolom", "tingkat", "pesan", "nilai"]
    if not problems:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame([asdict(p) for p in problems])[columns]
    frame["baris"] = frame["baris"].astype("Int64")
    return frame


class ProblemsFound:
    """``errors``, ``warnings`` and ``ok`` of a result that carries its ``problems`` (a
    ``validation.ValidationResult``, a ``gate.CheckedFile``)."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


class InputFileError(Exception):
    """The file cannot be read at all; carries the problems that say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.line() for p in problems))
        self.problems = problems
