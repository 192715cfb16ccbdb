"""The data the dashboard shows: the embedded simulated dataset by default, or a file named by
``SPM_DATA_FILE``; and the real reference series (national averages) with their source."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from .catalog import DATA_DIR

SIMULATED_FILE = DATA_DIR / "simulasi" / "spm_simulasi.csv"
NATIONAL_AVERAGE_FILE = DATA_DIR / "referensi" / "rata_rata_nasional.csv"
SIMULATED_NOTICE = "Data simulasi — bukan data resmi"


def data_file() -> Path:
    return Path(os.environ.get("SPM_DATA_FILE") or SIMULATED_FILE)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def is_simulated_file(path: str | Path) -> bool:
    """The built-in file is simulated; any other file is taken as real unless it lives in the
    simulated data folder."""
    return Path(path).resolve().parent == SIMULATED_FILE.parent


def national_average() -> pd.DataFrame:
    """The real national average SPM achievement per year (tahun, nilai, keterangan, sumber)."""
    frame = pd.read_csv(NATIONAL_AVERAGE_FILE, encoding="utf-8")
    frame["tahun"] = frame["tahun"].astype("int64")
    return frame
