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
from .formatting import ROMAN_QUARTERS, format_percent
from .rules import Rules
from .scoring import Scores, province_recap, rank_kabkota

SUMMARY_COLUMNS = [
    "kode_wilayah",
    "nama_wilayah",
    "tingkat",
    "tahun",
    "triwulan",
    "nilai",
    "nilai_bulat",
    "kategori",
    "nilai_sebelumnya",
    "kategori_sebelumnya",
    "perubahan",
    "peringkat",
    "keterisian",
    "ada_data",
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
            table[["kode_wilayah", "keterisian"]], on="kode_wilayah", how="left"
        )
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
            "nilai_provinsi": np.nan,
            "nilai_provinsi_bulat": np.nan,
            "kategori_provinsi": None,
            "nilai_kabkota_rerata": np.nan,
            "nilai_kabkota_rerata_bulat": np.nan,
            "kategori_kabkota_rerata": None,
            "nilai_kabkota_tertimbang": np.nan,
            "nilai_kabkota_tertimbang_bulat": np.nan,
            "kategori_kabkota_tertimbang": None,
            "jumlah_kabkota_dinilai": 0,
            **completeness,
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


ON_TRACK_COLUMNS = ["kode_wilayah", "persen_penerima_kumulatif", "target_jalur", "sesuai_jalur"]


def on_track(scores: Scores, rules: Rules, sel: Selection) -> pd.DataFrame:
    """Whether each region is on track within the year (dashboard policy in the rules file,
    ``[sesuai_jalur]``). Quarterly figures are cumulative and measured against the year's target,
    so in quarter q a region is on track when the mean share of people served over its services
    in the selection (``persen_penerima``: terlayani / harus_dilayani, capped; services without a
    target left out) reaches ``rules.on_track_target(q)`` percent (default q/4 × 100).

    One row per region with a share: ``persen_penerima_kumulatif``, ``target_jalur`` and
    ``sesuai_jalur`` (bool). Empty for an annual period (the year's own score says it all)."""
    target = rules.on_track_target(sel.triwulan)
    frame = scores.layanan
    if target is None or frame.empty:
        return pd.DataFrame(columns=ON_TRACK_COLUMNS)
    rows = frame[(frame["tahun"] == sel.tahun) & (frame["triwulan"] == sel.triwulan)]
    if sel.layanan:
        rows = rows[rows["kode_layanan"] == sel.layanan]
    elif sel.bidang:
        rows = rows[rows["kode_bidang"] == sel.bidang]
    rows = rows[rows["persen_penerima"].notna()]
    share = rows.groupby("kode_wilayah", sort=False)["persen_penerima"].mean()
    out = pd.DataFrame({"kode_wilayah": share.index.astype(str), "persen_penerima_kumulatif": share.to_numpy()})
    out["target_jalur"] = float(target)
    # compared on the share rounded as shown (1 decimal), so "25,0 %" is on track against 25 %
    out["sesuai_jalur"] = np.round(out["persen_penerima_kumulatif"].to_numpy() + 1e-9, 1) >= target
    return out[ON_TRACK_COLUMNS].reset_index(drop=True)


def on_track_count(summary: pd.DataFrame) -> tuple[int, int]:
    """(kab/kota on track, kab/kota judged) of a summary that carries ``sesuai_jalur``."""
    judged = kabkota_only(summary)["sesuai_jalur"].dropna()
    return int(judged.astype(bool).sum()), int(len(judged))


def with_on_track(summary: pd.DataFrame, scores: Scores, rules: Rules, sel: Selection) -> pd.DataFrame:
    """The summary with ``persen_penerima_kumulatif``, ``target_jalur`` and ``sesuai_jalur``
    (True/False, None where not judged: an annual period or a region without a share)."""
    track = on_track(scores, rules, sel)
    out = summary.merge(track, on="kode_wilayah", how="left")
    out["sesuai_jalur"] = out["sesuai_jalur"].astype(object).where(out["sesuai_jalur"].notna(), None)
    return out


def on_track_note(rules: Rules, triwulan: int) -> str | None:
    """What a quarter's numbers mean, for the screen (None for an annual period)."""
    target = rules.on_track_target(triwulan)
    if target is None:
        return None
    return (
        f"Angka triwulan {ROMAN_QUARTERS[int(triwulan)]} bersifat kumulatif sampai akhir triwulan dan dinilai terhadap "
        f"sasaran setahun, sehingga di awal tahun kategorinya masih rendah. “Sesuai jalur” = rerata capaian "
        f"penerima layanan ≥ {format_percent(target, 0)} sasaran setahun ({rules.kepastian.get('sesuai_jalur', '')})."
    )


def on_track_line(summary: pd.DataFrame, rules: Rules, triwulan: int) -> str | None:
    """One line for the deck: how many kab/kota are on track in the quarter, and which are not
    (a summary that carries ``sesuai_jalur``); None for an annual period or when none is judged."""
    target = rules.on_track_target(triwulan)
    on, judged = on_track_count(summary) if "sesuai_jalur" in summary else (0, 0)
    if target is None or not judged:
        return None
    kk = kabkota_only(summary)
    behind = [str(n) for n, s in zip(kk["nama_wilayah"], kk["sesuai_jalur"]) if s is False or s is np.False_]
    text = (
        f"Sesuai jalur triwulan {ROMAN_QUARTERS[int(triwulan)]} (capaian penerima ≥ {format_percent(target, 0)} "
        f"sasaran setahun): {on} dari {judged} kab/kota"
    )
    return text + (f"; belum: {', '.join(behind)}." if behind else ".")
