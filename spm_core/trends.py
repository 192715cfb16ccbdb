"""Trends, sector comparison, ranks and the region profile: the numbers behind those pages and
the one-line findings their chart titles state.

Every function takes the scored tables (``scoring.Scores``) or a frame made here and returns a
new frame or a string. Scores shown are the rounded ``nilai_bulat`` (what a person reads) and
changes are rounded − rounded, as in ``scoring.year_on_year``. Trends use annual rows
(``triwulan`` 0) only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalog import LEVEL_KABKOTA, LEVEL_PROVINCE, Catalog
from .formatting import format_cost, format_count, format_period, format_score
from .rules import Rules
from .scoring import STATUS_SCORED, Scores, rank_kabkota

ANNUAL = 0
STATUS_NOT_REPORTED = "tidak dilaporkan"

TREND_COLUMNS = ["tahun", "kode_wilayah", "nama_wilayah", "tingkat", "nilai", "nilai_bulat", "kategori"]


# ---------------------------------------------------------------------------------------------
# Trend per year
# ---------------------------------------------------------------------------------------------


def annual_years(scores: Scores) -> list[int]:
    """The years that have annual rows (triwulan 0), oldest first."""
    return [year for year in scores.years if ANNUAL in scores.quarters(year)]


def level_rows(scores: Scores, bidang: str | None = None, layanan: str | None = None) -> pd.DataFrame:
    """The scored rows of one level: a service (``layanan``), else a sector (``bidang``), else
    the region totals."""
    if layanan:
        return scores.layanan[scores.layanan["kode_layanan"] == layanan]
    if bidang:
        return scores.bidang[scores.bidang["kode_bidang"] == bidang]
    return scores.wilayah


def annual_trend(
    scores: Scores,
    catalog: Catalog,
    start: int,
    end: int,
    regions: list[str],
    bidang: str | None = None,
    layanan: str | None = None,
) -> pd.DataFrame:
    """Annual score per year (``start``..``end`` inclusive) of the chosen regions, in catalog
    order then year; rows without a score are left out."""
    rows = level_rows(scores, bidang, layanan)
    rows = rows[
        (rows["triwulan"] == ANNUAL)
        & rows["tahun"].between(start, end)
        & rows["kode_wilayah"].isin(regions)
        & rows["nilai"].notna()
    ]
    order = {code: i for i, code in enumerate(catalog.regions.table["kode_wilayah"])}
    out = rows.assign(
        nama_wilayah=rows["kode_wilayah"].map(catalog.regions.names),
        tingkat=rows["kode_wilayah"].map(catalog.regions.levels),
        _urut=rows["kode_wilayah"].map(order),
    ).sort_values(["_urut", "tahun"])
    return out[TREND_COLUMNS].reset_index(drop=True)


def national_reference(national: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """The real national average series within the year span (tahun, nilai, keterangan, sumber)."""
    return national[national["tahun"].between(start, end)].sort_values("tahun").reset_index(drop=True)


def _category_rank(rules: Rules) -> dict[str, int]:
    """0 for the lowest category, counting up: a step up the scheme is +1."""
    labels = rules.category_labels  # highest first
    return {label: len(labels) - 1 - i for i, label in enumerate(labels)}


def change_over_span(trend: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Per region in the trend: its first and last scored year in the span, both scores and
    categories, ``perubahan`` (points, last − first, rounded values) and ``langkah_kategori``
    (how many categories up, negative = down)."""
    columns = [
        "kode_wilayah",
        "nama_wilayah",
        "tahun_awal",
        "nilai_awal",
        "kategori_awal",
        "tahun_akhir",
        "nilai_akhir",
        "kategori_akhir",
        "perubahan",
        "langkah_kategori",
    ]
    if trend.empty:
        return pd.DataFrame(columns=columns)
    rank = _category_rank(rules)
    rows = []
    for code, group in trend.groupby("kode_wilayah", sort=False):
        first, last = group.iloc[0], group.iloc[-1]
        rows.append(
            {
                "kode_wilayah": code,
                "nama_wilayah": first["nama_wilayah"],
                "tahun_awal": int(first["tahun"]),
                "nilai_awal": first["nilai_bulat"],
                "kategori_awal": first["kategori"],
                "tahun_akhir": int(last["tahun"]),
                "nilai_akhir": last["nilai_bulat"],
                "kategori_akhir": last["kategori"],
                "perubahan": round(float(last["nilai_bulat"] - first["nilai_bulat"]), 6),
                "langkah_kategori": rank[last["kategori"]] - rank[first["kategori"]],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def category_move_text(before: str, after: str, steps: int) -> str:
    """ "Belum Tuntas → Tuntas Muda (naik 1)", or "tetap Tuntas Madya"."""
    if steps == 0:
        return f"tetap {after}"
    word = "naik" if steps > 0 else "turun"
    return f"{before} → {after} ({word} {abs(steps)})"


def _points(value: float) -> str:
    return f"{format_score(abs(value))} poin"


def trend_finding(change: pd.DataFrame) -> str:
    """One line that says what the trend shows: the region that rose most (or the single
    region's change)."""
    if change.empty:
        return "Tidak ada nilai tahunan untuk pilihan ini"
    if len(change) == 1:
        row = change.iloc[0]
        if row["tahun_awal"] == row["tahun_akhir"]:
            return f"{row['nama_wilayah']}: hanya ada nilai {row['tahun_awal']} ({format_score(row['nilai_akhir'])})"
        if row["perubahan"] == 0:
            return f"{row['nama_wilayah']} tidak berubah sejak {row['tahun_awal']}"
        word = "naik" if row["perubahan"] > 0 else "turun"
        return f"{row['nama_wilayah']} {word} {_points(row['perubahan'])} sejak {row['tahun_awal']}"
    spanning = change[change["tahun_awal"] < change["tahun_akhir"]]
    if spanning.empty:
        return "Hanya ada nilai untuk satu tahun; pilih rentang tahun yang lebih panjang"
    best = spanning.sort_values(["perubahan", "kode_wilayah"], ascending=[False, True]).iloc[0]
    if best["perubahan"] > 0:
        rising = int((spanning["perubahan"] > 0).sum())
        return (
            f"{best['nama_wilayah']} naik paling banyak: {_points(best['perubahan'])} sejak "
            f"{best['tahun_awal']} ({rising} dari {len(spanning)} wilayah naik)"
        )
    worst = spanning.sort_values(["perubahan", "kode_wilayah"]).iloc[0]
    if worst["perubahan"] == 0:
        return f"Tidak ada wilayah yang berubah sejak {worst['tahun_awal']}"
    return f"Tidak ada wilayah yang naik; {worst['nama_wilayah']} turun {_points(worst['perubahan'])} sejak {worst['tahun_awal']}"


def weakest_in_trend(trend: pd.DataFrame) -> str | None:
    """The region the trend chart highlights by default: the kab/kota (else any region) with the
    lowest score in the last year of the span; ties go to the first code."""
    if trend.empty:
        return None
    last = trend[trend["tahun"] == trend["tahun"].max()].dropna(subset=["nilai_bulat"])
    kk = last[last["tingkat"] == LEVEL_KABKOTA]
    pool = kk if len(kk) else last
    if pool.empty:
        return None
    return str(pool.sort_values(["nilai_bulat", "kode_wilayah"]).iloc[0]["kode_wilayah"])


def change_table(change: pd.DataFrame) -> pd.DataFrame:
    """The change over the span with Indonesian headers (numbers stay numbers)."""
    return pd.DataFrame(
        {
            "Wilayah": change["nama_wilayah"],
            "Dari tahun": change["tahun_awal"],
            "Nilai awal": change["nilai_awal"],
            "Sampai tahun": change["tahun_akhir"],
            "Nilai akhir": change["nilai_akhir"],
            "Perubahan (poin)": change["perubahan"],
            "Kategori": [
                category_move_text(a, b, s)
                for a, b, s in zip(change["kategori_awal"], change["kategori_akhir"], change["langkah_kategori"])
            ],
        }
    )


def trend_table(trend: pd.DataFrame, national: pd.DataFrame | None = None) -> pd.DataFrame:
    """The data of the trend chart, one row per region × year, with the national reference rows
    (and their source) when given."""
    out = pd.DataFrame(
        {
            "Tahun": trend["tahun"],
            "Kode": trend["kode_wilayah"],
            "Wilayah": trend["nama_wilayah"],
            "Nilai": trend["nilai_bulat"],
            "Kategori": trend["kategori"],
            "Sumber": "",
        }
    )
    if national is not None and not national.empty:
        reference = pd.DataFrame(
            {
                "Tahun": national["tahun"],
                "Kode": "",
                "Wilayah": national["keterangan"],
                "Nilai": national["nilai"],
                "Kategori": "",
                "Sumber": national["sumber"],
            }
        )
        out = pd.concat([out, reference], ignore_index=True)
    return out


# ---------------------------------------------------------------------------------------------
# Sector comparison
# ---------------------------------------------------------------------------------------------

MATRIX_COLUMNS = [
    "kode_wilayah",
    "nama_wilayah",
    "tingkat",
    "kode_bidang",
    "nama_bidang",
    "nilai",
    "nilai_bulat",
    "kategori",
]


def sector_matrix(scores: Scores, catalog: Catalog, tahun: int, triwulan: int) -> pd.DataFrame:
    """Every region × sector of the catalog for one period (score NaN where there is none), in
    catalog order; ``nama_bidang`` is the sector's short name."""
    period = scores.bidang[(scores.bidang["tahun"] == tahun) & (scores.bidang["triwulan"] == triwulan)]
    regions = catalog.regions.table[["kode_wilayah", "nama_wilayah", "tingkat"]]
    sectors = pd.DataFrame({"kode_bidang": catalog.sector_codes})
    grid = regions.merge(sectors, how="cross")
    grid["nama_bidang"] = grid["kode_bidang"].map(catalog.sector_short_names)
    out = grid.merge(
        period[["kode_wilayah", "kode_bidang", "nilai", "nilai_bulat", "kategori"]],
        on=["kode_wilayah", "kode_bidang"],
        how="left",
    )
    return out[MATRIX_COLUMNS]


def region_order(matrix: pd.DataFrame, region_totals: pd.DataFrame, by_sector: str | None = None) -> list[str]:
    """Rows of the heatmap: the province first, then the kab/kota from the highest score down —
    their overall score (``region_totals``: kode_wilayah, nilai_bulat), or one sector's score.
    Regions without a score go last, in catalog order."""
    codes = matrix.drop_duplicates("kode_wilayah")[["kode_wilayah", "tingkat"]].reset_index(drop=True)
    codes["_katalog"] = range(len(codes))
    if by_sector:
        values = matrix[matrix["kode_bidang"] == by_sector].set_index("kode_wilayah")["nilai_bulat"]
    else:
        values = region_totals.set_index("kode_wilayah")["nilai_bulat"]
    codes["_nilai"] = codes["kode_wilayah"].map(values).astype("float64")
    codes["_provinsi"] = (codes["tingkat"] != LEVEL_PROVINCE).astype(int)
    codes = codes.sort_values(["_provinsi", "_nilai", "_katalog"], ascending=[True, False, True], na_position="last")
    return codes["kode_wilayah"].tolist()


def lowest_sector_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """How many kab/kota have each sector as their lowest-scoring one (kode_bidang, nama_bidang,
    jumlah_wilayah, dari), most first. A tie counts for every tied sector."""
    kk = matrix[(matrix["tingkat"] == LEVEL_KABKOTA) & matrix["nilai_bulat"].notna()]
    if kk.empty:
        return pd.DataFrame(columns=["kode_bidang", "nama_bidang", "jumlah_wilayah", "dari"])
    lowest = kk[kk["nilai_bulat"] == kk.groupby("kode_wilayah")["nilai_bulat"].transform("min")]
    counts = lowest.groupby(["kode_bidang", "nama_bidang"], sort=False).size().rename("jumlah_wilayah").reset_index()
    counts["dari"] = kk["kode_wilayah"].nunique()
    order = {code: i for i, code in enumerate(matrix["kode_bidang"].drop_duplicates())}
    counts["_urut"] = counts["kode_bidang"].map(order)
    counts = counts.sort_values(["jumlah_wilayah", "_urut"], ascending=[False, True]).drop(columns="_urut")
    return counts.reset_index(drop=True)


def heatmap_finding(matrix: pd.DataFrame, tahun: int, triwulan: int) -> str:
    """ "Pekerjaan Umum terendah di 7 dari 8 kab/kota (2025)"."""
    counts = lowest_sector_counts(matrix)
    period = format_period(tahun, triwulan)
    if counts.empty:
        return f"Belum ada nilai bidang kab/kota untuk {period}"
    top = counts.iloc[0]
    return f"{top['nama_bidang']} terendah di {top['jumlah_wilayah']} dari {top['dari']} kab/kota ({period})"


SPREAD_COLUMNS = [
    "kode_bidang",
    "nama_bidang",
    "jumlah_wilayah",
    "rerata",
    "terendah_kode",
    "terendah_nama",
    "terendah_nilai",
    "terendah_kategori",
    "tertinggi_kode",
    "tertinggi_nama",
    "tertinggi_nilai",
    "tertinggi_kategori",
    "selisih",
    "terlemah",
]


def sector_spread(matrix: pd.DataFrame) -> pd.DataFrame:
    """Per sector, over the kab/kota with a score: the mean of their rounded scores (``rerata``),
    the lowest and the highest region, and ``selisih`` = highest − lowest. Sorted weakest (lowest
    mean) first; ``terlemah`` marks that sector."""
    kk = matrix[(matrix["tingkat"] == LEVEL_KABKOTA) & matrix["nilai_bulat"].notna()]
    rows = []
    for code, group in kk.groupby("kode_bidang", sort=False):
        low = group.sort_values(["nilai_bulat", "kode_wilayah"], ascending=[True, True]).iloc[0]
        high = group.sort_values(["nilai_bulat", "kode_wilayah"], ascending=[False, True]).iloc[0]
        rows.append(
            {
                "kode_bidang": code,
                "nama_bidang": group["nama_bidang"].iloc[0],
                "jumlah_wilayah": len(group),
                "rerata": float(group["nilai_bulat"].mean()),
                "terendah_kode": low["kode_wilayah"],
                "terendah_nama": low["nama_wilayah"],
                "terendah_nilai": low["nilai_bulat"],
                "terendah_kategori": low["kategori"],
                "tertinggi_kode": high["kode_wilayah"],
                "tertinggi_nama": high["nama_wilayah"],
                "tertinggi_nilai": high["nilai_bulat"],
                "tertinggi_kategori": high["kategori"],
                "selisih": round(float(high["nilai_bulat"] - low["nilai_bulat"]), 6),
            }
        )
    out = pd.DataFrame(rows, columns=SPREAD_COLUMNS[:-1])
    out = out.sort_values(["rerata", "kode_bidang"]).reset_index(drop=True)
    out["terlemah"] = out.index == 0
    return out


def spread_finding(spread: pd.DataFrame) -> str:
    """ "Pekerjaan Umum paling lemah: rerata 77,40, selisih 21,00 poin antar kab/kota"."""
    if spread.empty:
        return "Belum ada nilai bidang kab/kota untuk dibandingkan"
    weakest = spread.iloc[0]
    return (
        f"{weakest['nama_bidang']} paling lemah: rerata {format_score(weakest['rerata'])}, "
        f"selisih {_points(weakest['selisih'])} antar kab/kota"
    )


def spread_table(spread: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Bidang": spread["nama_bidang"],
            "Jumlah kab/kota": spread["jumlah_wilayah"],
            "Rerata": spread["rerata"].round(2),
            "Terendah": spread["terendah_nama"],
            "Nilai terendah": spread["terendah_nilai"],
            "Tertinggi": spread["tertinggi_nama"],
            "Nilai tertinggi": spread["tertinggi_nilai"],
            "Selisih (poin)": spread["selisih"],
        }
    )


def matrix_table(matrix: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """The heatmap as a table: one row per region (in ``order``), one column per sector."""
    wide = matrix.pivot(index="kode_wilayah", columns="nama_bidang", values="nilai_bulat")
    wide = wide.reindex(index=order, columns=list(matrix["nama_bidang"].drop_duplicates()))
    names = matrix.drop_duplicates("kode_wilayah").set_index("kode_wilayah")["nama_wilayah"]
    wide.insert(0, "Wilayah", names.reindex(order).to_numpy())
    wide.index.name = "Kode"
    return wide.reset_index()


def ranking_finding(summary: pd.DataFrame, scope: str) -> str:
    """For the one-sector bar chart (a ``summary.region_summary`` frame): the best and the worst
    kab/kota."""
    kk = summary[(summary["tingkat"] == LEVEL_KABKOTA) & summary["nilai_bulat"].notna()]
    if kk.empty:
        return f"Belum ada nilai {scope} untuk periode ini"
    best = kk.sort_values(["nilai_bulat", "kode_wilayah"], ascending=[False, True]).iloc[0]
    worst = kk.sort_values(["nilai_bulat", "kode_wilayah"], ascending=[True, True]).iloc[0]
    if len(kk) == 1:
        return f"{scope}: hanya {best['nama_wilayah']} yang bernilai ({format_score(best['nilai_bulat'])})"
    return (
        f"{scope}: {best['nama_wilayah']} tertinggi ({format_score(best['nilai_bulat'])}), "
        f"{worst['nama_wilayah']} terendah ({format_score(worst['nilai_bulat'])})"
    )


# ---------------------------------------------------------------------------------------------
# Ranks
# ---------------------------------------------------------------------------------------------


def rank_trend(
    scores: Scores, catalog: Catalog, start: int, end: int, regions: list[str] | None = None, bidang: str | None = None
) -> pd.DataFrame:
    """The annual rank of each kab/kota (1 = best, ``scoring.rank_kabkota``: by rounded score,
    ties share the better rank) per year of the span, by the region total or by one sector's
    score: tahun, kode_wilayah, nama_wilayah, peringkat, nilai_bulat; only ranked rows.
    ``regions`` filters the rows shown, not the field ranked against."""
    rows = level_rows(scores, bidang)
    rows = rows[(rows["triwulan"] == ANNUAL) & rows["tahun"].between(start, end)].copy()
    rows["tingkat"] = rows["kode_wilayah"].map(catalog.regions.levels)
    rows["peringkat"] = rank_kabkota(rows.reset_index(drop=True)).to_numpy()
    rows = rows[rows["peringkat"].notna()]
    if regions is not None:
        rows = rows[rows["kode_wilayah"].isin(regions)]
    order = {code: i for i, code in enumerate(catalog.regions.table["kode_wilayah"])}
    out = rows.assign(
        nama_wilayah=rows["kode_wilayah"].map(catalog.regions.names), _urut=rows["kode_wilayah"].map(order)
    ).sort_values(["_urut", "tahun"])
    out = out[["tahun", "kode_wilayah", "nama_wilayah", "peringkat", "nilai_bulat"]].reset_index(drop=True)
    out["peringkat"] = out["peringkat"].astype("int64")
    return out


def rank_moves(ranks: pd.DataFrame) -> pd.DataFrame:
    """Per region: rank in its first and last year of the span, ``naik`` = places moved up
    (first rank − last rank; negative = down) and ``sempat_berubah`` (its rank differed in some
    year of the span, even if it ended where it began). Most risen first."""
    columns = [
        "kode_wilayah",
        "nama_wilayah",
        "tahun_awal",
        "peringkat_awal",
        "tahun_akhir",
        "peringkat_akhir",
        "naik",
        "sempat_berubah",
    ]
    if ranks.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for code, group in ranks.groupby("kode_wilayah", sort=False):
        first, last = group.iloc[0], group.iloc[-1]
        rows.append(
            {
                "kode_wilayah": code,
                "nama_wilayah": first["nama_wilayah"],
                "tahun_awal": int(first["tahun"]),
                "peringkat_awal": int(first["peringkat"]),
                "tahun_akhir": int(last["tahun"]),
                "peringkat_akhir": int(last["peringkat"]),
                "naik": int(first["peringkat"] - last["peringkat"]),
                "sempat_berubah": bool(group["peringkat"].nunique() > 1),
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["naik", "peringkat_akhir"], ascending=[False, True]).reset_index(drop=True)


def rank_finding(moves: pd.DataFrame) -> str:
    """ "Kota Serang naik 3 peringkat sejak 2019 (dari 5 ke 2)", or that nothing moved."""
    if moves.empty:
        return "Tidak ada peringkat kab/kota untuk pilihan ini"
    spanning = moves[moves["tahun_awal"] < moves["tahun_akhir"]]
    if spanning.empty:
        return "Peringkat hanya ada untuk satu tahun; pilih rentang tahun yang lebih panjang"
    best = spanning.iloc[0]
    if best["naik"] > 0:
        return (
            f"{best['nama_wilayah']} naik {best['naik']} peringkat sejak {best['tahun_awal']} "
            f"(dari {best['peringkat_awal']} ke {best['peringkat_akhir']})"
        )
    worst = spanning.iloc[-1]
    if worst["naik"] < 0:
        return (
            f"Tidak ada yang naik; {worst['nama_wilayah']} turun {-worst['naik']} peringkat sejak {worst['tahun_awal']}"
        )
    wandered = int(spanning["sempat_berubah"].sum())
    if wandered:
        return (
            f"Peringkat {best['tahun_akhir']} sama dengan {best['tahun_awal']}; "
            f"{wandered} kab/kota sempat bertukar tempat di antaranya"
        )
    return f"Urutan peringkat tidak berubah sejak {best['tahun_awal']}"


def moves_table(moves: pd.DataFrame) -> pd.DataFrame:
    def text(steps: int) -> str:
        if steps > 0:
            return f"▲ naik {steps}"
        if steps < 0:
            return f"▼ turun {-steps}"
        return "► tetap"

    def detail(steps: int, wandered: bool) -> str:
        return text(steps) + (" (sempat berubah)" if steps == 0 and wandered else "")

    return pd.DataFrame(
        {
            "Wilayah": moves["nama_wilayah"],
            "Dari tahun": moves["tahun_awal"],
            "Peringkat awal": moves["peringkat_awal"],
            "Sampai tahun": moves["tahun_akhir"],
            "Peringkat akhir": moves["peringkat_akhir"],
            "Pergerakan": [detail(s, w) for s, w in zip(moves["naik"], moves["sempat_berubah"])],
        }
    )


def rank_table(ranks: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Tahun": ranks["tahun"],
            "Kode": ranks["kode_wilayah"],
            "Wilayah": ranks["nama_wilayah"],
            "Peringkat": ranks["peringkat"],
            "Nilai": ranks["nilai_bulat"],
        }
    )


# ---------------------------------------------------------------------------------------------
# Region profile
# ---------------------------------------------------------------------------------------------

PROFILE_SECTOR_COLUMNS = [
    "kode_bidang",
    "nama_bidang",
    "nilai",
    "nilai_bulat",
    "kategori",
    "nilai_sebelumnya",
    "perubahan",
    "belum_terlayani",
    "kebutuhan_anggaran",
    "keterisian",
    "jumlah_layanan",
    "jumlah_dinilai",
    "ada_data",
]


def profile_sectors(scores: Scores, catalog: Catalog, kode: str, tahun: int, triwulan: int) -> pd.DataFrame:
    """Every sector of the catalog for one region and period: score, category, change from a year
    before, unserved people, budget need (NaN without unit costs), completeness; ``ada_data``
    False where the region sent nothing for the sector."""
    rows = scores.bidang[
        (scores.bidang["kode_wilayah"] == kode)
        & (scores.bidang["tahun"] == tahun)
        & (scores.bidang["triwulan"] == triwulan)
    ]
    out = pd.DataFrame({"kode_bidang": catalog.sector_codes})
    out["nama_bidang"] = out["kode_bidang"].map(catalog.sector_short_names)
    out = out.merge(rows.drop(columns=["tahun", "triwulan", "kode_wilayah"]), on="kode_bidang", how="left")
    out["ada_data"] = out["kode_bidang"].isin(rows["kode_bidang"])
    completeness = scores.keterisian_bidang
    completeness = completeness[
        (completeness["kode_wilayah"] == kode)
        & (completeness["tahun"] == tahun)
        & (completeness["triwulan"] == triwulan)
    ]
    out = out.drop(columns=["keterisian"], errors="ignore").merge(
        completeness[["kode_bidang", "keterisian"]], on="kode_bidang", how="left"
    )
    for column in PROFILE_SECTOR_COLUMNS:
        if column not in out.columns:
            out[column] = np.nan
    return out[PROFILE_SECTOR_COLUMNS]


PROFILE_SERVICE_COLUMNS = [
    "kode_layanan",
    "kode_bidang",
    "nama_bidang",
    "nama_layanan",
    "harus_dilayani",
    "terlayani",
    "nilai",
    "nilai_bulat",
    "kategori",
    "nilai_sebelumnya",
    "perubahan",
    "belum_terlayani",
    "kebutuhan_anggaran",
    "status",
]


def profile_services(scores: Scores, catalog: Catalog, kode: str, tahun: int, triwulan: int) -> pd.DataFrame:
    """Every service type of the region's level for one period, in catalog order, with its
    score, change, unserved people, budget need and ``status`` (dinilai, tanpa sasaran, tidak
    lengkap, or tidak dilaporkan when the row is missing)."""
    level = catalog.regions.levels.get(kode)
    services = catalog.services[catalog.services["tingkat"] == level][["kode_layanan", "kode_bidang"]].copy()
    services["nama_bidang"] = services["kode_bidang"].map(catalog.sector_short_names)
    services["nama_layanan"] = services["kode_layanan"].map(catalog.service_short_names)
    rows = scores.layanan[
        (scores.layanan["kode_wilayah"] == kode)
        & (scores.layanan["tahun"] == tahun)
        & (scores.layanan["triwulan"] == triwulan)
    ]
    out = services.merge(rows.drop(columns=["kode_bidang"], errors="ignore"), on="kode_layanan", how="left")
    if "status" in out:
        status = out["status"].astype(object)
        out["status"] = status.where(status.notna(), STATUS_NOT_REPORTED)
    else:
        out["status"] = STATUS_NOT_REPORTED
    for column in PROFILE_SERVICE_COLUMNS:
        if column not in out.columns:
            out[column] = np.nan
    return out[PROFILE_SERVICE_COLUMNS].reset_index(drop=True)


def profile_facts(scores: Scores, kode: str, tahun: int, triwulan: int) -> pd.DataFrame:
    """The region's totals for one period as a two-column table for the screen: unserved people,
    budget need (services with a unit cost only), and how many services were scored."""
    rows = scores.wilayah[
        (scores.wilayah["kode_wilayah"] == kode)
        & (scores.wilayah["tahun"] == tahun)
        & (scores.wilayah["triwulan"] == triwulan)
    ]
    if rows.empty:
        return pd.DataFrame(columns=["Ringkasan", "Nilai"])
    row = rows.iloc[0]
    return pd.DataFrame(
        {
            "Ringkasan": [
                "Belum terlayani (orang)",
                "Kebutuhan anggaran (layanan dengan biaya satuan)",
                "Layanan dinilai",
            ],
            "Nilai": [
                format_count(row["belum_terlayani"]),
                format_cost(row["kebutuhan_anggaran"]),
                f"{int(row['jumlah_dinilai'])} dari {int(row['jumlah_layanan'])}",
            ],
        }
    )


def profile_finding(sectors: pd.DataFrame, region_name: str) -> str:
    """ "Pekerjaan Umum terendah di Kabupaten Lebak: 64,37 (Belum Tuntas); 300.301 orang belum
    terlayani di bidang ini": the unserved people are the named sector's own, never the region's
    total over every sector."""
    scored = sectors[sectors["nilai_bulat"].notna()]
    if scored.empty:
        return f"Belum ada nilai bidang untuk {region_name} pada periode ini"
    low = scored.sort_values("nilai_bulat", kind="stable").iloc[0]
    text = f"{low['nama_bidang']} terendah di {region_name}: {format_score(low['nilai_bulat'])} ({low['kategori']})"
    unserved = low["belum_terlayani"]
    if pd.notna(unserved) and unserved > 0:
        text += f"; {format_count(unserved)} orang belum terlayani di bidang ini"
    return text


def profile_services_finding(services: pd.DataFrame, region_name: str) -> str:
    """ "3 dari 29 layanan Belum Tuntas"-style line for the service chart."""
    scored = services[services["status"] == STATUS_SCORED]
    if scored.empty:
        return f"Belum ada nilai layanan untuk {region_name} pada periode ini"
    low = scored.sort_values("nilai_bulat", kind="stable").iloc[0]
    return (
        f"Layanan terendah: {low['nama_layanan']} ({low['nama_bidang']}), "
        f"{format_score(low['nilai_bulat'])} — {len(scored)} dari {len(services)} layanan dinilai"
    )


def profile_sector_table(sectors: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Bidang": sectors["nama_bidang"],
            "Nilai": sectors["nilai_bulat"],
            "Kategori": sectors["kategori"],
            "Perubahan (poin)": sectors["perubahan"],
            "Belum terlayani (orang)": sectors["belum_terlayani"],
            "Kebutuhan anggaran (Rp)": sectors["kebutuhan_anggaran"],
            "Keterisian (%)": sectors["keterisian"].round(1),
            "Layanan dinilai": sectors["jumlah_dinilai"],
            "Jumlah layanan": sectors["jumlah_layanan"],
        }
    )


def profile_service_table(services: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Bidang": services["nama_bidang"],
            "Layanan": services["nama_layanan"],
            "Nilai": services["nilai_bulat"],
            "Kategori": services["kategori"],
            "Perubahan (poin)": services["perubahan"],
            "Harus dilayani": services["harus_dilayani"],
            "Terlayani": services["terlayani"],
            "Belum terlayani (orang)": services["belum_terlayani"],
            "Kebutuhan anggaran (Rp)": services["kebutuhan_anggaran"],
            "Status": services["status"],
        }
    )
