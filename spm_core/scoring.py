"""Scores per service → sector → region, categories, year-on-year change, completeness.

Every function takes a DataFrame and returns a new one; the rules come from ``rules.Rules``.
Scores are kept unrounded (``nilai``) for every mean; ``nilai_bulat`` is the half-up rounded
value a person reads, and ``kategori`` is the category of that rounded value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

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
    """Add ``nilai_bulat`` (rounded half-up) and ``kategori`` (of the rounded value), in place."""
    frame["nilai_bulat"] = rules.round_score(frame["nilai"].to_numpy())
    frame["kategori"] = rules.categorize(frame["nilai_bulat"].to_numpy())
    return frame


def _map_values(values: pd.Series, mapping: dict, default=None) -> pd.Categorical:
    """``values.map(mapping)`` as a categorical, computed over the distinct values only (fast
    for long code columns)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values)
    mapped = [mapping.get(u, default) for u in uniques]
    categories = sorted({m for m in mapped if m is not None})
    position = {c: i for i, c in enumerate(categories)}
    lookup = np.array([position.get(m, -1) for m in mapped] + [-1], dtype="int64")
    return pd.Categorical.from_codes(lookup[codes], categories=categories)


def _key_codes(column: pd.Series) -> tuple[np.ndarray, object, int]:
    """Dense integer codes of a key column, in sorted order of its values, without hashing
    where the dtype allows: (codes, function code → values, number of codes)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        if not categories.is_monotonic_increasing:
            column = column.cat.reorder_categories(sorted(categories))
            categories = column.cat.categories
        dtype = column.dtype
        return (
            column.cat.codes.to_numpy(dtype="int64"),
            lambda codes: pd.Categorical.from_codes(codes, dtype=dtype),
            len(categories),
        )
    if pd.api.types.is_integer_dtype(column.dtype) and len(column):
        values = column.to_numpy(dtype="int64")
        low = int(values.min())
        return values - low, lambda codes: codes + low, int(values.max()) - low + 1
    codes, uniques = pd.factorize(column, sort=True)
    return codes.astype("int64"), lambda c: np.asarray(uniques)[c], max(len(uniques), 1)


class _Groups:
    """Group ids for key columns, with the groups in sorted key order: a numpy-only groupby for
    sums, counts and means (national files have 150,000 rows; this is several times faster than
    DataFrame.groupby on them)."""

    DENSE_LIMIT = 20_000_000  # above this many possible key combinations, sort instead

    def __init__(self, frame: pd.DataFrame, keys: list[str]):
        codes, decoders, dims = zip(*(_key_codes(frame[k]) for k in keys))
        combined = np.ravel_multi_index(codes, dims) if len(frame) else np.zeros(0, dtype="int64")
        total = int(np.prod(dims))
        if total <= self.DENSE_LIMIT:
            present = np.bincount(combined, minlength=total) > 0
            position = np.cumsum(present) - 1
            self.ids = position[combined]
            uniques = np.flatnonzero(present)
        else:
            uniques, self.ids = np.unique(combined, return_inverse=True)
        self.size = len(uniques)
        parts = np.unravel_index(uniques, dims)
        self.keys = {k: decode(part) for k, decode, part in zip(keys, decoders, parts)}

    def sum(self, values) -> np.ndarray:
        return np.bincount(self.ids, weights=np.asarray(values, dtype="float64"), minlength=self.size)

    def count(self, mask) -> np.ndarray:
        return np.bincount(self.ids, weights=np.asarray(mask, dtype="float64"), minlength=self.size).astype("int64")

    def sum_or_nan(self, values) -> np.ndarray:
        """Sum skipping NaN; NaN for a group where every value is NaN."""
        values = np.asarray(values, dtype="float64")
        present = ~np.isnan(values)
        total = self.sum(np.where(present, values, 0.0))
        return np.where(self.count(present) > 0, total, np.nan)

    def mean_or_nan(self, values, weights=None) -> np.ndarray:
        values = np.asarray(values, dtype="float64")
        present = ~np.isnan(values)
        w = np.ones(len(values)) if weights is None else np.asarray(weights, dtype="float64")
        w = np.where(present, w, 0.0)
        total_w = self.sum(w)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total_w > 0, self.sum(np.where(present, values * w, 0.0)) / total_w, np.nan)


def _percent(numerator: np.ndarray, denominator: np.ndarray, cap: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.minimum(numerator / denominator * 100.0, cap)


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
    target = data["harus_dilayani"].to_numpy(dtype="float64")
    served = data["terlayani"].to_numpy(dtype="float64")
    need_q = data["mutu_dibutuhkan"].to_numpy(dtype="float64")
    have_q = data["mutu_tersedia"].to_numpy(dtype="float64")

    no_target = target == 0
    recipients = _percent(served, target, cap)
    recipients[no_target] = np.nan
    quality = _percent(have_q, need_q, cap)
    quality[need_q == 0] = 100.0
    quality[np.isnan(need_q) | np.isnan(have_q)] = np.nan
    score = rules.bobot_penerima * recipients + rules.bobot_mutu * quality
    status = pd.Categorical.from_codes(
        np.where(no_target, 1, np.where(np.isnan(quality), 2, 0)),
        categories=[STATUS_SCORED, STATUS_NO_TARGET, STATUS_INCOMPLETE],
    )
    unserved = np.maximum(target - served, 0.0)

    out = pd.DataFrame(
        {
            **{column: data[column] for column in data.columns},
            "kode_bidang": _map_values(data["kode_layanan"], catalog.service_sector),
            "tingkat": _map_values(data["kode_wilayah"], catalog.regions.levels),
            "persen_penerima": recipients,
            "persen_mutu": quality,
            "nilai": score,
            "status": status,
            "belum_terlayani": unserved,
            "kebutuhan_anggaran": unserved * data["biaya_satuan"].to_numpy(dtype="float64"),
        },
        index=data.index,
        copy=False,
    )
    return with_categories(out, rules)


def sector_scores(services: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Sector score per region × period: the mean of its service scores (skipping services
    without a score), or the weighted mean when the rules say so."""
    groups = _Groups(services, SECTOR_KEY)
    weights = None
    if rules.agregasi_bidang == "rerata_tertimbang":
        weights = np.asarray(_map_values(services["kode_layanan"], rules.bobot_layanan, 1.0), dtype="float64")
    score = services["nilai"].to_numpy()
    out = pd.DataFrame(
        {
            **groups.keys,
            "nilai": groups.mean_or_nan(score, weights),
            "jumlah_layanan": np.bincount(groups.ids, minlength=groups.size),
            "jumlah_dinilai": groups.count(~np.isnan(score)),
            "belum_terlayani": groups.sum(services["belum_terlayani"]),
            "kebutuhan_anggaran": groups.sum_or_nan(services["kebutuhan_anggaran"]),
        }
    )
    return with_categories(out, rules)


def region_scores(services: pd.DataFrame, sectors: pd.DataFrame, catalog: Catalog, rules: Rules) -> pd.DataFrame:
    """Region score per period: the mean of its sector scores (default), or of all its service
    scores, as the rules say; sectors or services without a score are skipped. Counts and totals
    add up the sector rows (every service row belongs to exactly one sector row)."""
    groups = _Groups(sectors, REGION_KEY)
    if rules.agregasi_wilayah == "rerata_bidang":
        nilai = groups.mean_or_nan(sectors["nilai"].to_numpy())
    else:
        by_service = _Groups(services, REGION_KEY)  # same keys, same order
        nilai = by_service.mean_or_nan(services["nilai"].to_numpy())
    out = pd.DataFrame(
        {
            **groups.keys,
            "nilai": nilai,
            "jumlah_layanan": groups.sum(sectors["jumlah_layanan"]).astype("int64"),
            "jumlah_dinilai": groups.sum(sectors["jumlah_dinilai"]).astype("int64"),
            "belum_terlayani": groups.sum(sectors["belum_terlayani"]),
            "kebutuhan_anggaran": groups.sum_or_nan(sectors["kebutuhan_anggaran"]),
        }
    )
    out["tingkat"] = _map_values(out["kode_wilayah"], catalog.regions.levels)
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
        rows.append(
            {
                "tahun": year,
                "triwulan": quarter,
                "nilai_provinsi": own.iloc[0] if len(own) else np.nan,
                "nilai_kabkota_rerata": kk["nilai"].mean() if len(kk) else np.nan,
                "nilai_kabkota_tertimbang": weighted,
                "jumlah_kabkota_dinilai": len(kk),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "tahun",
            "triwulan",
            "nilai_provinsi",
            "nilai_kabkota_rerata",
            "nilai_kabkota_tertimbang",
            "jumlah_kabkota_dinilai",
        ],
    )
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
    out = (
        merged.groupby(key, sort=True)
        .agg(
            jumlah_diharapkan=("kode_layanan", "size"),
            jumlah_ada=("_ada", "sum"),
            jumlah_lengkap=("_lengkap", "sum"),
        )
        .reset_index()
    )
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

    @cached_property
    def years(self) -> list[int]:
        return sorted(self.wilayah["tahun"].unique().tolist())

    @cached_property
    def _quarters(self) -> dict[int, list[int]]:
        periods = self.wilayah[["tahun", "triwulan"]].drop_duplicates()
        return {int(year): sorted(int(q) for q in group["triwulan"]) for year, group in periods.groupby("tahun")}

    def quarters(self, year: int) -> list[int]:
        """The periods with scores in ``year`` (0 = annual); a copy the caller may change."""
        return list(self._quarters.get(int(year), []))


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
