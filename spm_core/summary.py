"""One period, one selection (all sectors, a sector, or a service): every region's score with its
category, change from a year before, rank among the kab/kota and reporting completeness.

This is the table behind the overview cards, the map's colours and tooltips, and the ranked table
beside the map, so all of them show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalog import LEVEL_KABKOTA, LEVEL_PROVINCE, Catalog
from .rules import Rules
from .scoring import Scores, province_recap, rank_kabkota

SUMMARY_COLUMNS = [
    "kode_wilayah", "nama_wilayah", "tingkat", "tahun", "triwulan", "nilai", "nilai_bulat", "kategori",
    "nilai_sebelumnya", "kategori_sebelumnya", "perubahan", "peringkat", "keterisian", "ada_data",
]


@dataclass(frozen=True)
class Selection:
    """What the filters chose: a period, and optionally a sector or one service."""

    tahun: int
    triwulan: int = 0
    bidang: str | None = None
    layanan: str | None = None

    def level(self) -> str:
        if self.layanan:
            return "layanan"
        return "bidang" if self.bidang else "wilayah"


def _rows_of_level(scores: Scores, sel: Selection) -> pd.DataFrame:
    if sel.layanan:
        return scores.layanan[scores.layanan["kode_layanan"] == sel.layanan]
    if sel.bidang:
        return scores.bidang[scores.bidang["kode_bidang"] == sel.bidang]
    return scores.wilayah


def region_summary(scores: Scores, catalog: Catalog, sel: Selection) -> pd.DataFrame:
    """Every region of the catalog (with or without data) for the selection, in catalog order.

    ``keterisian`` is the region's (or the region-sector's) reporting completeness; for one
    service it is 100 when the row is reported complete, else 0."""
    frame = _rows_of_level(scores, sel)
    period = frame[(frame["tahun"] == sel.tahun) & (frame["triwulan"] == sel.triwulan)].copy()
    if sel.layanan:
        period["keterisian"] = (period["status"] != "tidak lengkap").astype("float64") * 100.0
    regions = catalog.regions.table[["kode_wilayah", "nama_wilayah", "tingkat"]]
    if sel.layanan:
        # A service applies to one level only: the other level's regions get no row at all.
        regions = regions[regions["tingkat"] == catalog.service_level.get(sel.layanan)]
    out = regions.merge(period.drop(columns=["tingkat"], errors="ignore"), on="kode_wilayah", how="left")
    out["tahun"] = sel.tahun
    out["triwulan"] = sel.triwulan
    out["ada_data"] = out["kode_wilayah"].isin(period["kode_wilayah"])
    if not sel.layanan:
        # Completeness from the full grid, so a region that sent nothing shows 0 %, not a blank.
        table = scores.keterisian_bidang if sel.bidang else scores.keterisian_wilayah
        table = table[(table["tahun"] == sel.tahun) & (table["triwulan"] == sel.triwulan)]
        if sel.bidang:
            table = table[table["kode_bidang"] == sel.bidang]
        out = out.drop(columns=["keterisian"], errors="ignore").merge(
            table[["kode_wilayah", "keterisian"]], on="kode_wilayah", how="left")
    out["peringkat"] = rank_kabkota(out)
    for column in SUMMARY_COLUMNS:
        if column not in out.columns:
            out[column] = np.nan
    return out[SUMMARY_COLUMNS].reset_index(drop=True)


def recap(summary: pd.DataFrame, catalog: Catalog, rules: Rules) -> dict:
    """The province's own score and the recap of its kab/kota (plain and population-weighted) for
    a summary of one period."""
    table = province_recap(summary[summary["nilai"].notna()], catalog, rules)
    completeness = {
        "keterisian_provinsi": province_only(summary)["keterisian"].mean(),
        "keterisian_kabkota": kabkota_only(summary)["keterisian"].mean(),
    }
    if table.empty:
        return {
            "nilai_provinsi": np.nan, "nilai_provinsi_bulat": np.nan, "kategori_provinsi": None,
            "nilai_kabkota_rerata": np.nan, "nilai_kabkota_rerata_bulat": np.nan, "kategori_kabkota_rerata": None,
            "nilai_kabkota_tertimbang": np.nan, "nilai_kabkota_tertimbang_bulat": np.nan,
            "kategori_kabkota_tertimbang": None, "jumlah_kabkota_dinilai": 0, **completeness,
        }
    return {**table.iloc[0].to_dict(), **completeness}


def recap_change(current: dict, previous: dict) -> dict:
    """Change of each recap figure against the same period a year earlier (rounded − rounded)."""
    keys = ("nilai_provinsi_bulat", "nilai_kabkota_rerata_bulat", "nilai_kabkota_tertimbang_bulat")
    return {k.removesuffix("_bulat"): round(current[k] - previous[k], 6) for k in keys}


def kabkota_only(summary: pd.DataFrame) -> pd.DataFrame:
    return summary[summary["tingkat"] == LEVEL_KABKOTA]


def province_only(summary: pd.DataFrame) -> pd.DataFrame:
    return summary[summary["tingkat"] == LEVEL_PROVINCE]
