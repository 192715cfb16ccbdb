"""The data the dashboard shows: the embedded simulated dataset by default, or a file named by
``SPM_DATA_FILE``; and the real reference series (national averages) with their source."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .catalog import DATA_DIR, Catalog
from .problems import InputFileError
from .validation import validate_file

SIMULATED_FILE = DATA_DIR / "simulasi" / "spm_simulasi.csv"
NATIONAL_AVERAGE_FILE = DATA_DIR / "referensi" / "rata_rata_nasional.csv"
SIMULATED_NOTICE = "Data simulasi — bukan data resmi"


@dataclass(frozen=True)
class Dataset:
    data: pd.DataFrame  # the clean, validated table
    path: Path
    sha256: str
    simulated: bool
    warnings: int

    @property
    def label(self) -> str:
        return SIMULATED_NOTICE if self.simulated else f"Data: {self.path.name}"


def data_file() -> Path:
    return Path(os.environ.get("SPM_DATA_FILE") or SIMULATED_FILE)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_dataset(catalog: Catalog, path: str | Path | None = None) -> Dataset:
    """Validate and load the data file; raises InputFileError (with the problems) if it has errors.

    The built-in file is simulated; any other file is taken as real unless it lives in the
    simulated data folder."""
    path = Path(path) if path else data_file()
    result = validate_file(path, catalog)
    if not result.ok:
        raise InputFileError(result.errors)
    simulated = path.resolve().parent == SIMULATED_FILE.parent
    return Dataset(result.data, path, file_sha256(path), simulated, len(result.warnings))


def national_average() -> pd.DataFrame:
    """The real national average SPM achievement per year (tahun, nilai, keterangan, sumber)."""
    frame = pd.read_csv(NATIONAL_AVERAGE_FILE, encoding="utf-8")
    frame["tahun"] = frame["tahun"].astype("int64")
    return frame
