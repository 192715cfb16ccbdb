"""A problem found in an input file, located the way a clerk finds it in Excel or an editor."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

ERROR = "galat"
WARNING = "peringatan"


@dataclass(frozen=True)
class Problem:
    pesan: str  # what is wrong and what to do, in Bahasa Indonesia
    baris: int | None = None  # row as seen in Excel / a text editor (header = row 1)
    kolom: str | None = None  # the column's header name
    nilai: str | None = None  # the value found
    tingkat: str = ERROR  # ERROR stops the file, WARNING does not

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


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problems as a table (for a page or a downloadable error report)."""
    columns = ["baris", "kolom", "tingkat", "pesan", "nilai"]
    if not problems:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame([asdict(p) for p in problems])[columns]
    frame["baris"] = frame["baris"].astype("Int64")
    return frame


class InputFileError(Exception):
    """The file cannot be read at all; carries the problems that say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.line() for p in problems))
        self.problems = problems
