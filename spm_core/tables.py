"""Tables for people: the summary with Indonesian column headers, ready to show or download."""

from __future__ import annotations

import pandas as pd

SUMMARY_HEADERS = {
    "peringkat": "Peringkat",
    "kode_wilayah": "Kode",
    "nama_wilayah": "Wilayah",
    "nilai_bulat": "Nilai",
    "kategori": "Kategori",
    "nilai_sebelumnya": "Nilai tahun lalu",
    "perubahan": "Perubahan (poin)",
    "keterisian": "Keterisian (%)",
}


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The region summary as a table with Indonesian headers (numbers stay numbers, so a
    spreadsheet can sort them; the page formats them)."""
    table = summary[list(SUMMARY_HEADERS)].rename(columns=SUMMARY_HEADERS)
    table["Keterisian (%)"] = table["Keterisian (%)"].round(1)
    return table
