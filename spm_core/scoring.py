"""Scores per service → sector → region, categories, year-on-year change, completeness.

Every function takes a DataFrame and returns a new one; the rules come from ``rules.Rules``.
Scores are kept unrounded (``nilai``) for every mean; ``nilai_bulat`` is the half-up rounded
value a person reads, and ``kategori`` is the category of that rounded value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalog import LEVEL_KABKOTA, LEVEL_PROVINCE, Catalog
from .rules import Rules

PERIOD = ["tahun", "triwulan"]
SERVICE_KEY = [*PERIOD, "kode_wilayah", "kode_layanan"]
SECTOR_KEY = [*PERIOD, "kode_wilayah", "kode_bidang"]
REGION_KEY = [*PERIOD, "kode_wilayah"]

STATUS_SCORED = "dinilai"
STATUS_NO_TARGET = "tanpa sasaran"
STATUS_INCOMPLETE = "tidak lengkap"


def with_categories(frame: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Add ``nilai_bulat`` (rounded half-up) and ``kategori`` (of the rounded value)."""
    out = frame.copy()
    out["nilai_bulat"] = rules.round_score(out["nilai"].to_numpy())
    out["kategori"] = rules.categorize(out["nilai_bulat"].to_numpy())
    return out


def _capped_percent(numerator: pd.Series, denominator: pd.Series, cap: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = numerator.to_numpy(dtype="float64") / denominator.to_numpy(dtype="float64") * 100.0
    return np.minimum(ratio, cap)


def service_scores(data: pd.DataFrame, catalog: Catalog, rules: Rules) -> pd.DataFrame:
    """One row per region × service × period with:

    - ``persen_penerima`` = min(terlayani / harus_dilayani, cap) × 100 (NaN when harus_dilayani = 0)
    - ``persen_mutu`` = min(mutu_tersedia / mutu_dibutuhkan, cap) × 100; 100 when
      mutu_dibutuhkan = 0; NaN when quality is not reported
    - ``nilai`` = bobot_penerima × persen_penerima + bobot_mutu × persen_mutu, NaN without a
      target (``status`` "tanpa sasaran") or without quality (``status`` "tidak lengkap")
    - ``belum_terlayani`` = max(harus_dilayani − terlayani, 0); ``kebutuhan_anggaran`` =
      belum_terlayani × biaya_satuan where a unit cost is given
    """
    cap = rules.persen_maksimum
    out = data.copy()
    out["kode_bidang"] = out["kode_layanan"].map(catalog.service_sector)
    out["tingkat"] = out["kode_wilayah"].map(catalog.regions.levels)
    target = out["harus_dilayani"].astype("float64")
    served = out["terlayani"].astype("float64")
    need_q = out["mutu_dibutuhkan"].astype("float64")
    have_q = out["mutu_tersedia"].astype("float64")

    no_target = (target == 0).to_numpy()
    recipients = _capped_percent(served, target, cap)
    recipients[no_target] = np.nan
    quality = _capped_percent(have_q, need_q, cap)
    quality[(need_q == 0).to_numpy()] = 100.0
    quality[(need_q.isna() | have_q.isna()).to_numpy()] = np.nan

    out["persen_penerima"] = recipients
    out["persen_mutu"] = quality
    out["nilai"] = rules.bobot_penerima * recipients + rules.bobot_mutu * quality
    out["status"] = np.where(no_target, STATUS_NO_TARGET, np.where(np.isnan(quality), STATUS_INCOMPLETE, STATUS_SCORED))
    out["belum_terlayani"] = np.maximum(target - served, 0.0)
    out["kebutuhan_anggaran"] = out["belum_terlayani"] * out["biaya_satuan"].astype("float64")
    return with_categories(out, rules)


def sector_scores(services: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Sector score per region × period: the mean of its service scores (skipping services
    without a score), or the weighted mean when the rules say so."""
    frame = services[[*SECTOR_KEY, "kode_layanan", "nilai", "belum_terlayani", "kebutuhan_anggaran"]].copy()
    if rules.agregasi_bidang == "rerata_tertimbang":
        weight = frame["kode_layanan"].map(rules.bobot_layanan).fillna(1.0)
    else:
        weight = pd.Series(1.0, index=frame.index)
    scored = frame["nilai"].notna()
    frame["_w"] = weight.where(scored, 0.0)
    frame["_wx"] = (frame["nilai"] * weight).where(scored, 0.0)
    frame["_dinilai"] = scored.astype("int64")
    grouped = frame.groupby(SECTOR_KEY, sort=True, observed=True)
    out = grouped.agg(
        _w=("_w", "sum"),
        _wx=("_wx", "sum"),
        jumlah_layanan=("kode_layanan", "size"),
        jumlah_dinilai=("_dinilai", "sum"),
        belum_terlayani=("belum_terlayani", "sum"),
        kebutuhan_anggaran=("kebutuhan_anggaran", "sum"),
        _ada_biaya=("kebutuhan_anggaran", "count"),
    ).reset_index()
    out["kebutuhan_anggaran"] = out["kebutuhan_anggaran"].where(out.pop("_ada_biaya") > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["nilai"] = np.where(out["_w"] > 0, out["_wx"] / out["_w"], np.nan)
    out = out.drop(columns=["_w", "_wx"])
    return with_categories(out, rules)


def region_scores(services: pd.DataFrame, sectors: pd.DataFrame, catalog: Catalog, rules: Rules) -> pd.DataFrame:
    """Region score per period: the mean of its sector scores (default), or of all its service
    scores, as the rules say; sectors or services without a score are skipped."""
    source = sectors if rules.agregasi_wilayah == "rerata_bidang" else services
    grouped = source.groupby(REGION_KEY, sort=True, observed=True)
    out = grouped.agg(nilai=("nilai", "mean")).reset_index()
    counts = services.groupby(REGION_KEY, sort=True, observed=True).agg(
        jumlah_layanan=("kode_layanan", "size"),
        jumlah_dinilai=("nilai", "count"),
        belum_terlayani=("belum_terlayani", "sum"),
        kebutuhan_anggaran=("kebutuhan_anggaran", "sum"),
        _ada_biaya=("kebutuhan_anggaran", "count"),
    ).reset_index()
    counts["kebutuhan_anggaran"] = counts["kebutuhan_anggaran"].where(counts.pop("_ada_biaya") > 0)
    out = out.merge(counts, on=REGION_KEY, how="left")
    out["tingkat"] = out["kode_wilayah"].map(catalog.regions.levels)
    return with_categories(out, rules)


def rank_kabkota(regions: pd.DataFrame) -> pd.Series:
    """Rank (1 = best) of each kab/kota within its period by rounded score; province rows and
    rows without a score get no rank."""
    kabkota = (regions["tingkat"] == LEVEL_KABKOTA) & regions["nilai_bulat"].notna()
    ranks = regions[kabkota].groupby(PERIOD)["nilai_bulat"].rank(ascending=False, method="min")
    return ranks.reindex(regions.index).astype("Int64")


def province_recap(regions: pd.DataFrame, catalog: Catalog, rules: Rules) -> pd.DataFrame:
    """Per period: the province's own score, and beside it the recap of its kab/kota: their plain
    mean, and the population-weighted mean over the kab/kota whose population is known."""
    population = catalog.regions.population
    province = catalog.regions.province
    rows = []
    for (year, quarter), group in regions.groupby(PERIOD, sort=True):
        kk = group[(group["tingkat"] == LEVEL_KABKOTA) & group["nilai"].notna()]
        own = group.loc[group["kode_wilayah"] == province, "nilai"]
        weights = kk["kode_wilayah"].map(population)
        known = weights.notna()
        weighted = (kk.loc[known, "nilai"] * weights[known]).sum() / weights[known].sum() if known.any() else np.nan
        rows.append({
            "tahun": year,
            "triwulan": quarter,
            "nilai_provinsi": own.iloc[0] if len(own) else np.nan,
            "nilai_kabkota_rerata": kk["nilai"].mean() if len(kk) else np.nan,
            "nilai_kabkota_tertimbang": weighted,
            "jumlah_kabkota_dinilai": len(kk),
        })
    out = pd.DataFrame(rows, columns=["tahun", "triwulan", "nilai_provinsi", "nilai_kabkota_rerata",
                                      "nilai_kabkota_tertimbang", "jumlah_kabkota_dinilai"])
    for column in ("nilai_provinsi", "nilai_kabkota_rerata", "nilai_kabkota_tertimbang"):
        out[column + "_bulat"] = rules.round_score(out[column].to_numpy())
        out["kategori_" + column.removeprefix("nilai_")] = rules.categorize(out[column + "_bulat"].to_numpy())
    return out


def year_on_year(scores: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Add the same row one year earlier (same quarter, or annual against annual):
    ``nilai_sebelumnya``, ``kategori_sebelumnya`` and ``perubahan`` = rounded score − rounded
    previous score (so the change agrees with the two numbers shown)."""
    previous = scores[[*key, "nilai_bulat", "kategori"]].copy()
    previous["tahun"] = previous["tahun"] + 1
    previous = previous.rename(columns={"nilai_bulat": "nilai_sebelumnya", "kategori": "kategori_sebelumnya"})
    out = scores.merge(previous, on=key, how="left")
    out["perubahan"] = np.round(out["nilai_bulat"] - out["nilai_sebelumnya"], 6)
    return out


def completeness(data: pd.DataFrame, catalog: Catalog, by_sector: bool = False) -> pd.DataFrame:
    """Reporting completeness per region (and sector) × period present in the data: the share of
    the expected region × service rows that are present and complete (targets and quality
    reported; a row with no one to serve counts as complete)."""
    expected = catalog.expected_rows()
    periods = data[PERIOD].drop_duplicates()
    grid = periods.merge(expected, how="cross")
    present = data[[*SERVICE_KEY, "harus_dilayani", "mutu_dibutuhkan", "mutu_tersedia"]].copy()
    present["_ada"] = 1
    present["_lengkap"] = (
        (present["harus_dilayani"] == 0) | (present["mutu_dibutuhkan"].notna() & present["mutu_tersedia"].notna())
    ).astype("int64")
    merged = grid.merge(present[[*SERVICE_KEY, "_ada", "_lengkap"]], on=SERVICE_KEY, how="left")
    key = SECTOR_KEY if by_sector else REGION_KEY
    out = merged.groupby(key, sort=True).agg(
        jumlah_diharapkan=("kode_layanan", "size"),
        jumlah_ada=("_ada", "sum"),
        jumlah_lengkap=("_lengkap", "sum"),
    ).reset_index()
    out["jumlah_ada"] = out["jumlah_ada"].astype("int64")
    out["jumlah_lengkap"] = out["jumlah_lengkap"].astype("int64")
    out["keterisian"] = out["jumlah_lengkap"] / out["jumlah_diharapkan"] * 100.0
    return out


@dataclass
class Scores:
    """Every scored table the pages and the command line use, computed once."""

    layanan: pd.DataFrame
    bidang: pd.DataFrame
    wilayah: pd.DataFrame
    rekap: pd.DataFrame
    keterisian_wilayah: pd.DataFrame
    keterisian_bidang: pd.DataFrame

    @property
    def years(self) -> list[int]:
        return sorted(self.wilayah["tahun"].unique().tolist())

    def quarters(self, year: int) -> list[int]:
        return sorted(self.wilayah.loc[self.wilayah["tahun"] == year, "triwulan"].unique().tolist())


def score_all(data: pd.DataFrame, catalog: Catalog, rules: Rules, with_context: bool = True) -> Scores:
    """Score every level; with ``with_context`` also year-on-year change, ranks and completeness."""
    services = service_scores(data, catalog, rules)
    sectors = sector_scores(services, rules)
    regions = region_scores(services, sectors, catalog, rules)
    if not with_context:
        return Scores(services, sectors, regions, pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    services = year_on_year(services, SERVICE_KEY)
    sectors = year_on_year(sectors, SECTOR_KEY)
    regions = year_on_year(regions, REGION_KEY)
    regions["peringkat"] = rank_kabkota(regions)
    by_region = completeness(data, catalog)
    by_sector = completeness(data, catalog, by_sector=True)
    regions = regions.merge(by_region[[*REGION_KEY, "keterisian"]], on=REGION_KEY, how="left")
    sectors = sectors.merge(by_sector[[*SECTOR_KEY, "keterisian"]], on=SECTOR_KEY, how="left")
    return Scores(
        layanan=services,
        bidang=sectors,
        wilayah=regions,
        rekap=province_recap(regions, catalog, rules),
        keterisian_wilayah=by_region,
        keterisian_bidang=by_sector,
    )


__all__ = [
    "LEVEL_PROVINCE",
    "LEVEL_KABKOTA",
    "Scores",
    "score_all",
    "service_scores",
    "sector_scores",
    "region_scores",
    "province_recap",
    "year_on_year",
    "completeness",
    "rank_kabkota",
    "with_categories",
]
