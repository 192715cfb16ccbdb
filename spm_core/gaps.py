"""What it takes to close the gaps: the second and third stages of Permendagri 59/2021
(penghitungan kebutuhan, penyusunan rencana pemenuhan) made concrete for planners.

- ``resolve_unit_costs``: the unit cost (biaya satuan) each row uses and where it comes from — a
  cost given in the data row wins over the unit-cost table; a region's own entry in the table wins
  over the table's entry for every region.
- ``gap_table``: one row per region × service for a period: unserved people, budget need
  (``belum_terlayani × biaya_satuan``), budget allocated and spent, and the points lost.
- ``budget_by_service`` / ``budget_by_region``: where the money goes, and whether the allocation
  covers the need.
- ``target_plan``: how many more people a region must serve in one sector (and at what cost) for
  the sector score to reach a target, cheapest first.
- ``reporting_deadline`` / ``reporting_timeliness``: quarterly report deadlines against the date a
  region's rows were first stored.
- ``read_stage_table``: a stage-status file (CSV/xlsx) → clean rows or problems (row, column).

Every function is pure: DataFrames in, DataFrames out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from .catalog import Catalog
from .formatting import format_percent, format_rupiah_short
from .intake.problems import Problem
from .intake.ranges import load_ranges
from .rules import Rules

# --- unit costs ------------------------------------------------------------------------------------

SOURCE_ROW = "baris data"
SOURCE_NONE = "tidak ada"
SOURCE_TABLE = "tabel biaya satuan"


def table_source_label(source: str | None) -> str:
    """``"tabel biaya satuan (sumber …)"`` as the page shows it."""
    source = (source or "").strip()
    return f"{SOURCE_TABLE} (sumber {source})" if source else SOURCE_TABLE


def resolve_unit_costs(rows: pd.DataFrame, unit_costs: pd.DataFrame | None) -> pd.DataFrame:
    """``rows`` (scored service rows: kode_wilayah, kode_layanan, belum_terlayani, biaya_satuan)
    with the unit cost actually used and where it comes from:

    - ``biaya_satuan_data``: the cost given in the data row (NaN when none);
    - ``biaya_satuan``: the row's cost, else the table's entry for this region and service, else
      the table's entry for the service in every region (``kode_wilayah`` blank), else NaN;
    - ``sumber_biaya``: "baris data" / "tabel biaya satuan (sumber …)" / "tidak ada";
    - ``kebutuhan_anggaran`` = belum_terlayani × biaya_satuan; 0 when nobody is unserved (whatever
      the cost), NaN when people are unserved and there is no cost ("tidak terhitung", never 0).
    """
    out = rows.copy()
    region = out["kode_wilayah"].astype(str).to_numpy()
    service = out["kode_layanan"].astype(str).to_numpy()
    own = (
        pd.to_numeric(out["biaya_satuan"], errors="coerce").astype("float64").to_numpy()
        if "biaya_satuan" in out.columns
        else np.full(len(out), np.nan)
    )
    by_region: dict[tuple[str, str], tuple[float, str]] = {}
    general: dict[str, tuple[float, str]] = {}
    if unit_costs is not None and len(unit_costs):
        for row in unit_costs.itertuples(index=False):
            cost = row.biaya_satuan
            if cost is None or pd.isna(cost):
                continue
            where = row.kode_wilayah
            entry = (float(cost), table_source_label(row.sumber if isinstance(row.sumber, str) else ""))
            if where is None or (isinstance(where, float) and math.isnan(where)) or str(where).strip() == "":
                general[str(row.kode_layanan)] = entry
            else:
                by_region[(str(where), str(row.kode_layanan))] = entry
    used = np.full(len(out), np.nan)
    source = np.empty(len(out), dtype=object)
    for i, (r, s, cost) in enumerate(zip(region, service, own)):
        if not np.isnan(cost):
            used[i], source[i] = cost, SOURCE_ROW
        elif (r, s) in by_region:
            used[i], source[i] = by_region[(r, s)]
        elif s in general:
            used[i], source[i] = general[s]
        else:
            source[i] = SOURCE_NONE
    out["biaya_satuan_data"] = own
    out["biaya_satuan"] = used
    out["sumber_biaya"] = source
    unserved = out["belum_terlayani"].to_numpy(dtype="float64")
    out["kebutuhan_anggaran"] = np.where(unserved == 0, 0.0, unserved * used)
    return out


def known_need(gaps: pd.DataFrame) -> tuple[float, bool]:
    """The budget need of ``gaps`` rows as far as it is known, and whether it is complete:
    (sum of the known needs, True) when every row with unserved people has a unit cost; (that sum,
    False) — a lower bound — when some have none; (NaN, False) when no row with unserved people
    has a cost ("tidak terhitung", never Rp0). Nobody unserved at all: (0, True)."""
    unserved = gaps[pd.to_numeric(gaps["belum_terlayani"], errors="coerce").fillna(0) > 0]
    need = pd.to_numeric(unserved["kebutuhan_anggaran"], errors="coerce")
    complete = bool(need.notna().all())
    if need.notna().any() or complete:
        return float(need.sum()), complete
    return np.nan, False


# --- the gap table ---------------------------------------------------------------------------------

SORT_KEYS = {
    "belum_terlayani": "Penerima belum terlayani",
    "kebutuhan_anggaran": "Kebutuhan anggaran",
    "poin_hilang_bidang": "Poin yang hilang dari nilai bidang",
}

GAP_COLUMNS = [
    "tahun",
    "triwulan",
    "kode_wilayah",
    "nama_wilayah",
    "kode_bidang",
    "nama_bidang",
    "kode_layanan",
    "nama_layanan",
    "harus_dilayani",
    "terlayani",
    "belum_terlayani",
    "persen_penerima",
    "persen_mutu",
    "nilai",
    "kategori",
    "status",
    "poin_hilang",
    "poin_hilang_bidang",
    "biaya_satuan",
    "sumber_biaya",
    "kebutuhan_anggaran",
    "anggaran_alokasi",
    "anggaran_realisasi",
]


def service_weights(services: pd.DataFrame, rules: Rules) -> np.ndarray:
    """The weight of each service in its sector's score: 1 for a plain mean, the rules'
    ``bobot_layanan`` (default 1) for a weighted one."""
    if rules.agregasi_bidang == "rerata_tertimbang":
        return np.array([rules.bobot_layanan.get(str(s), 1.0) for s in services["kode_layanan"]], dtype="float64")
    return np.ones(len(services), dtype="float64")


def gap_table(
    services: pd.DataFrame,
    catalog: Catalog,
    rules: Rules,
    tahun: int,
    triwulan: int = 0,
    unit_costs: pd.DataFrame | None = None,
    bidang: str | None = None,
    wilayah: str | None = None,
) -> pd.DataFrame:
    """One row per region × service of a period (``Scores.layanan`` rows), with:

    - ``belum_terlayani``, the unit cost used (see ``resolve_unit_costs``) and
      ``kebutuhan_anggaran`` = belum_terlayani × biaya_satuan;
    - ``poin_hilang`` = 100 − the service score: the points the service itself is below 100;
    - ``poin_hilang_bidang`` = poin_hilang × the service's share of its sector score (1 / number of
      scored services for a plain mean): how many points the sector score would rise if this
      service alone reached 100 — what the service pulls its sector down by. NaN for a service
      without a score (no target, or quality not reported).
    """
    mask = (services["tahun"] == tahun) & (services["triwulan"] == triwulan)
    if bidang:
        mask &= services["kode_bidang"].astype(str) == bidang
    if wilayah:
        mask &= services["kode_wilayah"].astype(str) == wilayah
    rows = services.loc[mask].copy()
    for column in ("kode_wilayah", "kode_layanan", "kode_bidang", "kategori", "status"):
        if column in rows.columns:
            rows[column] = rows[column].astype(object)
    for column in ("anggaran_alokasi", "anggaran_realisasi", "biaya_satuan"):
        if column not in rows.columns:
            rows[column] = np.nan
    rows = resolve_unit_costs(rows, unit_costs)
    score = rows["nilai"].to_numpy(dtype="float64")
    rows["poin_hilang"] = np.maximum(100.0 - score, 0.0)
    weights = np.where(np.isnan(score), 0.0, service_weights(rows, rules))
    sector_total = (
        pd.Series(weights, index=rows.index)
        .groupby([rows["kode_wilayah"], rows["kode_bidang"]])
        .transform("sum")
        .to_numpy(dtype="float64")
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(sector_total > 0, weights / sector_total, np.nan)
    rows["poin_hilang_bidang"] = rows["poin_hilang"].to_numpy() * share
    rows["nama_wilayah"] = rows["kode_wilayah"].map(catalog.regions.names)
    rows["nama_bidang"] = rows["kode_bidang"].map(catalog.sector_names)
    rows["nama_layanan"] = rows["kode_layanan"].map(catalog.service_names)
    order = {code: i for i, code in enumerate(catalog.regions.table["kode_wilayah"])}
    rows["_urut"] = rows["kode_wilayah"].map(order)
    rows = rows.sort_values(["_urut", "kode_layanan"]).drop(columns="_urut")
    return rows[GAP_COLUMNS].reset_index(drop=True)


def sort_gaps(gaps: pd.DataFrame, by: str) -> pd.DataFrame:
    """The gap table, largest first by one of ``SORT_KEYS`` (rows without a value last)."""
    if by not in SORT_KEYS:
        raise ValueError(f"urutan tidak dikenal: {by}")
    return gaps.sort_values(
        [by, "kode_wilayah", "kode_layanan"], ascending=[False, True, True], na_position="last", kind="stable"
    ).reset_index(drop=True)


def _sum_or_nan(values: pd.Series) -> float:
    return float(values.sum(min_count=1)) if values.notna().any() else np.nan


def budget_by_service(gaps: pd.DataFrame) -> pd.DataFrame:
    """Budget need per sector and service over the regions in ``gaps``: need (known part), unserved
    people, and how many region rows with unserved people have no unit cost (their need is not in
    the total)."""
    frame = gaps.assign(_tanpa_biaya=(gaps["belum_terlayani"] > 0) & gaps["biaya_satuan"].isna())
    out = (
        frame.groupby(["kode_bidang", "nama_bidang", "kode_layanan", "nama_layanan"], sort=True)
        .agg(
            belum_terlayani=("belum_terlayani", "sum"),
            kebutuhan_anggaran=("kebutuhan_anggaran", _sum_or_nan),
            anggaran_alokasi=("anggaran_alokasi", _sum_or_nan),
            jumlah_tanpa_biaya=("_tanpa_biaya", "sum"),
        )
        .reset_index()
    )
    out["jumlah_tanpa_biaya"] = out["jumlah_tanpa_biaya"].astype("int64")
    return out


STATUS_ENOUGH = "cukup"
STATUS_SHORT = "kurang"
STATUS_UNKNOWN = "tidak dapat dinilai"


def budget_by_region(gaps: pd.DataFrame) -> pd.DataFrame:
    """Per region: budget need against allocation and spending — "is the budget enough to close
    the gap?".

    - ``kebutuhan_anggaran``: the need of the rows with a unit cost (a lower bound when
      ``jumlah_tanpa_biaya`` > 0);
    - ``selisih`` = anggaran_alokasi − kebutuhan_anggaran (negative: the allocation falls short);
    - ``persen_realisasi`` = anggaran_realisasi / anggaran_alokasi × 100;
    - ``status_anggaran``: "cukup" when the allocation covers the known need, "kurang" when it does
      not, "tidak dapat dinilai" without an allocation or a need.
    """
    frame = gaps.assign(_tanpa_biaya=(gaps["belum_terlayani"] > 0) & gaps["biaya_satuan"].isna())
    out = (
        frame.groupby(["kode_wilayah", "nama_wilayah"], sort=False)
        .agg(
            belum_terlayani=("belum_terlayani", "sum"),
            kebutuhan_anggaran=("kebutuhan_anggaran", _sum_or_nan),
            anggaran_alokasi=("anggaran_alokasi", _sum_or_nan),
            anggaran_realisasi=("anggaran_realisasi", _sum_or_nan),
            jumlah_tanpa_biaya=("_tanpa_biaya", "sum"),
        )
        .reset_index()
    )
    out["jumlah_tanpa_biaya"] = out["jumlah_tanpa_biaya"].astype("int64")
    out["selisih"] = out["anggaran_alokasi"] - out["kebutuhan_anggaran"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["persen_realisasi"] = np.where(
            out["anggaran_alokasi"] > 0, out["anggaran_realisasi"] / out["anggaran_alokasi"] * 100.0, np.nan
        )
    out["status_anggaran"] = np.where(
        out["selisih"].isna(), STATUS_UNKNOWN, np.where(out["selisih"] >= 0, STATUS_ENOUGH, STATUS_SHORT)
    )
    return out


# --- the target calculator -------------------------------------------------------------------------

ORDER_COST = "biaya"
ORDER_PEOPLE = "orang"
TARGET_ALL_SERVED = "semua"  # every unserved person served (100 % recipients), whatever the score

PLAN_COLUMNS = [
    "urutan",
    "kode_layanan",
    "nama_layanan",
    "belum_terlayani",
    "tambahan_terlayani",
    "persen_penerima",
    "persen_penerima_baru",
    "nilai",
    "nilai_baru",
    "biaya_satuan",
    "sumber_biaya",
    "biaya",
    "orang_per_poin",
    "biaya_per_poin",
]


@dataclass(frozen=True)
class TargetPlan:
    """What a region must do in one sector to reach a target sector score."""

    nilai_sekarang: float  # the sector score now (unrounded); NaN when no service has a score
    target: float  # the target sector score (100 for "everyone served")
    nilai_maksimum: float  # the best sector score reachable by serving every unserved person
    nilai_akhir: float  # the sector score after the plan
    sudah_tercapai: bool  # the rounded score already reaches the target: nothing to do
    dapat_dicapai: bool  # recipients alone can reach the target (quality as reported)
    langkah: pd.DataFrame  # one row per service to lift, in the order to lift them (PLAN_COLUMNS)
    tambahan_orang: int
    biaya: float  # the cost of the steps with a unit cost; NaN when no step has one ("tidak terhitung")
    biaya_lengkap: bool  # every step has a unit cost (else ``biaya`` is a lower bound)
    layanan_tanpa_nilai: list[str] = field(default_factory=list)  # codes that cannot count (no score)


def _empty_plan_steps() -> pd.DataFrame:
    return pd.DataFrame(columns=PLAN_COLUMNS)


def target_plan(gaps: pd.DataFrame, rules: Rules, target: float | str, order: str = ORDER_COST) -> TargetPlan:
    """The cheapest way (by recipients alone) for one region's sector to reach ``target``.

    ``gaps``: the gap-table rows of one region, one sector, one period (``gap_table``).
    ``target``: a sector score (e.g. a category's lower bound from ``rules.kategori``), or
    ``TARGET_ALL_SERVED`` to serve every unserved person.

    How it works. The sector score is the (weighted) mean of its service scores; a service's score
    is ``bobot_penerima × persen_penerima + bobot_mutu × persen_mutu``, and serving one more
    person raises ``persen_penerima`` by 100 / harus_dilayani, up to 100 % (quality stays as
    reported). So each service raises the sector score in a straight line, by
    ``w / W × bobot_penerima × 100 / harus_dilayani`` points per person, until everyone is served.
    Lifting first the service with the lowest cost per sector point (``order="biaya"``; services
    without a unit cost come after those with one) or the fewest people per point
    (``order="orang"``) is then the cheapest (fewest-people) way — as in a fractional knapsack,
    greedy by ratio is optimal for straight-line gains; only rounding up to whole people can add a
    little. The target counts as reached when the unrounded sector score is at least the target.
    When even serving everyone leaves the score below the target, the plan serves everyone and
    ``dapat_dicapai`` is False: the reported quality caps the score.
    """
    if order not in (ORDER_COST, ORDER_PEOPLE):
        raise ValueError(f"urutan tidak dikenal: {order}")
    bp, bm = rules.bobot_penerima, rules.bobot_mutu
    ceiling = min(100.0, rules.persen_maksimum)
    rows = gaps.reset_index(drop=True)
    scored = rows[rows["nilai"].notna()].copy()
    without_score = rows.loc[rows["nilai"].isna() & (rows["harus_dilayani"] > 0), "kode_layanan"].astype(str).tolist()
    all_served = isinstance(target, str)
    if isinstance(target, str) and target != TARGET_ALL_SERVED:
        raise ValueError(f"target tidak dikenal: {target}")
    target_value = 100.0 if all_served else float(target)
    if scored.empty:
        return TargetPlan(
            np.nan, target_value, np.nan, np.nan, False, False, _empty_plan_steps(), 0, 0.0, True, without_score
        )

    weights = service_weights(scored, rules)
    total_weight = weights.sum()
    score = scored["nilai"].to_numpy(dtype="float64")
    current = float((weights * score).sum() / total_weight)
    target_served = scored["harus_dilayani"].to_numpy(dtype="float64")
    served = scored["terlayani"].to_numpy(dtype="float64")
    recipients = scored["persen_penerima"].to_numpy(dtype="float64")
    quality = scored["persen_mutu"].to_numpy(dtype="float64")
    unserved = scored["belum_terlayani"].to_numpy(dtype="float64")
    cost = scored["biaya_satuan"].to_numpy(dtype="float64")

    headroom = np.where(unserved > 0, bp * np.maximum(ceiling - recipients, 0.0), 0.0)  # service points
    best = float((weights * (score + headroom)).sum() / total_weight)
    people_per_point = target_served / (bp * 100.0) * total_weight / weights  # per sector point
    cost_per_point = cost * people_per_point

    if all_served:
        done = bool(unserved.sum() == 0)
        reachable = True
    else:
        done = bool(rules.round_score([current])[0] >= target_value)
        reachable = best >= target_value - 1e-9
    if done:
        return TargetPlan(
            current, target_value, best, current, True, True, _empty_plan_steps(), 0, 0.0, True, without_score
        )

    if order == ORDER_COST:
        keys = sorted(
            range(len(scored)),
            key=lambda i: (
                np.isnan(cost[i]),
                0 if np.isnan(cost[i]) else cost_per_point[i],
                people_per_point[i],
                str(scored["kode_layanan"].iloc[i]),
            ),
        )
    else:
        keys = sorted(range(len(scored)), key=lambda i: (people_per_point[i], str(scored["kode_layanan"].iloc[i])))

    remaining = np.inf if (all_served or not reachable) else (target_value - current) * total_weight
    steps = []
    new_score = score.copy()
    for i in keys:
        if remaining <= 1e-9:
            break
        if headroom[i] <= 0:
            continue
        take = min(headroom[i] * weights[i], remaining)  # weighted service points
        people = (
            unserved[i]
            if math.isinf(remaining)
            else min(math.ceil(take / weights[i] * target_served[i] / (bp * 100.0) - 1e-9), unserved[i])
        )
        new_recipients = min((served[i] + people) / target_served[i] * 100.0, rules.persen_maksimum)
        new_score[i] = bp * new_recipients + bm * quality[i]
        remaining -= weights[i] * (new_score[i] - score[i])
        steps.append(
            {
                "urutan": len(steps) + 1,
                "kode_layanan": str(scored["kode_layanan"].iloc[i]),
                "nama_layanan": scored["nama_layanan"].iloc[i] if "nama_layanan" in scored.columns else None,
                "belum_terlayani": unserved[i],
                "tambahan_terlayani": float(people),
                "persen_penerima": recipients[i],
                "persen_penerima_baru": new_recipients,
                "nilai": score[i],
                "nilai_baru": new_score[i],
                "biaya_satuan": cost[i],
                "sumber_biaya": scored["sumber_biaya"].iloc[i] if "sumber_biaya" in scored.columns else None,
                "biaya": people * cost[i],
                "orang_per_poin": people_per_point[i],
                "biaya_per_poin": cost_per_point[i],
            }
        )
    plan = pd.DataFrame(steps, columns=PLAN_COLUMNS)
    final = float((weights * new_score).sum() / total_weight)
    known = plan["biaya"].notna()
    return TargetPlan(
        nilai_sekarang=current,
        target=target_value,
        nilai_maksimum=best,
        nilai_akhir=final,
        sudah_tercapai=False,
        dapat_dicapai=reachable,
        langkah=plan,
        tambahan_orang=int(plan["tambahan_terlayani"].sum()),
        biaya=float(plan.loc[known, "biaya"].sum()) if known.any() or plan.empty else np.nan,
        biaya_lengkap=bool(known.all()),
        layanan_tanpa_nilai=without_score,
    )


def target_choices(rules: Rules) -> dict:
    """Targets a planner can pick: every category above the lowest (its lower bound, from the
    rules), and everyone served. Key → label."""
    choices = {}
    for category in rules.kategori:
        if category.min > 0:
            choices[category.min] = f"{category.label} (nilai ≥ {category.min:g})".replace(".", ",")
    choices[TARGET_ALL_SERVED] = "Semua penerima terlayani (100 %)"
    return choices


# --- reporting deadlines ---------------------------------------------------------------------------

# Quarterly e-SPM reports are due on the 20th of the month after the quarter; Q4 (and the annual
# report, which this dashboard treats like Q4) on 20 January of the next year.
DEADLINE_DAY = 20
DEADLINE_MONTH = {1: 4, 2: 7, 3: 10, 4: 1, 0: 1}

TIMELINESS_ON_TIME = "tepat waktu"
TIMELINESS_LATE = "terlambat"
TIMELINESS_MISSING = "belum dikirim"
TIMELINESS_MISSING_LATE = "belum dikirim (lewat tenggat)"
TIMELINESS_INITIAL = "data awal"  # loaded at install time: its date says nothing
# Cell colours of the status tables (stages, action plan, problems, reporting); the status is always
# written in the cell too, never shown by colour alone.
STATUS_COLORS = {
    "belum": "#f4c7c3",
    "proses": "#fce8b2",
    "selesai": "#b7e1cd",
    "terbuka": "#f4c7c3",
    "ya": "#b7e1cd",
    "tidak": "#f4c7c3",
    TIMELINESS_ON_TIME: "#b7e1cd",
    TIMELINESS_LATE: "#fce8b2",
    TIMELINESS_MISSING_LATE: "#f4c7c3",
    TIMELINESS_INITIAL: "#e0e0e0",
    TIMELINESS_MISSING: "#ffffff",
}
KIND_INITIAL = "demo"  # versions.KIND_DEMO (not imported: spm_core.gaps stays free of the store)


def reporting_deadline(tahun: int, triwulan: int) -> date:
    """The report deadline of a period: Q1 → 20 April, Q2 → 20 July, Q3 → 20 October of the
    year; Q4 and the annual report → 20 January of the next year."""
    month = DEADLINE_MONTH[int(triwulan)]
    year = int(tahun) + (1 if int(triwulan) in (0, 4) else 0)
    return date(year, month, DEADLINE_DAY)


def _as_date(value) -> date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    return value


def first_submissions(submissions: pd.DataFrame) -> pd.DataFrame:
    """Per region × period, the first stored version holding its rows: ``submissions`` has one row
    per (versi_id, dibuat_pada, jenis, tahun, triwulan, kode_wilayah, jumlah_baris) of the approved
    versions; returns kode_wilayah, tahun, triwulan, pertama_dikirim, versi_pertama, jenis_pertama."""
    columns = ["kode_wilayah", "tahun", "triwulan", "pertama_dikirim", "versi_pertama", "jenis_pertama"]
    if submissions.empty:
        return pd.DataFrame(columns=columns)
    ordered = submissions.sort_values(["versi_id"])
    first = ordered.drop_duplicates(["kode_wilayah", "tahun", "triwulan"], keep="first")
    out = first.rename(
        columns={"dibuat_pada": "pertama_dikirim", "versi_id": "versi_pertama", "jenis": "jenis_pertama"}
    )
    out["kode_wilayah"] = out["kode_wilayah"].astype(str)
    return out[columns].reset_index(drop=True)


def reporting_timeliness(
    first: pd.DataFrame, completeness: pd.DataFrame, periods: list[tuple[int, int]], catalog: Catalog, today: date
) -> pd.DataFrame:
    """Every region × period: its deadline, the date its rows were first stored, days late, a
    status ("tepat waktu", "terlambat", "belum dikirim", "belum dikirim (lewat tenggat)") and its
    completeness (``Scores.keterisian_wilayah``). Rows first stored by the initial load (the
    simulated demo data, loaded at install time) get "data awal", not judged: their date
    is when the app was installed, not when anyone reported."""
    regions = catalog.regions.table[["kode_wilayah", "nama_wilayah"]]
    grid = pd.DataFrame(periods, columns=["tahun", "triwulan"]).merge(regions, how="cross")
    firsts = first.copy()
    if len(firsts):
        firsts["tahun"] = firsts["tahun"].astype("int64")
        firsts["triwulan"] = firsts["triwulan"].astype("int64")
    out = grid.merge(firsts, on=["kode_wilayah", "tahun", "triwulan"], how="left")
    complete = completeness[
        ["kode_wilayah", "tahun", "triwulan", "jumlah_diharapkan", "jumlah_lengkap", "keterisian"]
    ].copy()
    complete["kode_wilayah"] = complete["kode_wilayah"].astype(str)
    out = out.merge(complete, on=["kode_wilayah", "tahun", "triwulan"], how="left")
    out["keterisian"] = out["keterisian"].fillna(0.0)
    deadlines, late_days, status = [], [], []
    for row in out.itertuples(index=False):
        deadline = reporting_deadline(row.tahun, row.triwulan)
        sent = _as_date(row.pertama_dikirim)
        deadlines.append(deadline)
        if sent is None:
            late = (today - deadline).days if today > deadline else None
            late_days.append(late)
            status.append(TIMELINESS_MISSING_LATE if late else TIMELINESS_MISSING)
        elif row.jenis_pertama == KIND_INITIAL:
            late_days.append(None)
            status.append(TIMELINESS_INITIAL)
        else:
            late = (sent - deadline).days
            late_days.append(max(late, 0))
            status.append(TIMELINESS_LATE if late > 0 else TIMELINESS_ON_TIME)
    out["tenggat"] = deadlines
    out["pertama_dikirim"] = [_as_date(v) for v in out["pertama_dikirim"]]
    out["hari_terlambat"] = pd.array(late_days, dtype="Int64")
    out["status_laporan"] = status
    return out[
        [
            "tahun",
            "triwulan",
            "kode_wilayah",
            "nama_wilayah",
            "tenggat",
            "pertama_dikirim",
            "hari_terlambat",
            "status_laporan",
            "versi_pertama",
            "jenis_pertama",
            "jumlah_diharapkan",
            "jumlah_lengkap",
            "keterisian",
        ]
    ]


def missing_sectors(completeness_by_sector: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Per region × period, the sectors not fully reported: "Sosial (3 dari 5)"-style text
    (reported complete of expected), for the "what is missing" column."""
    frame = completeness_by_sector[
        completeness_by_sector["jumlah_lengkap"] < completeness_by_sector["jumlah_diharapkan"]
    ]
    texts = {}
    for row in frame.itertuples(index=False):
        key = (str(row.kode_wilayah), int(row.tahun), int(row.triwulan))
        name = catalog.sector_short_names.get(str(row.kode_bidang), str(row.kode_bidang))
        texts.setdefault(key, []).append(f"{name} ({row.jumlah_lengkap} dari {row.jumlah_diharapkan})")
    return pd.DataFrame(
        [
            {"kode_wilayah": k[0], "tahun": k[1], "triwulan": k[2], "yang_kurang": "; ".join(v)}
            for k, v in texts.items()
        ],
        columns=["kode_wilayah", "tahun", "triwulan", "yang_kurang"],
    )


# --- the four stages -------------------------------------------------------------------------------

STAGES = {
    1: "Pengumpulan data",
    2: "Penghitungan kebutuhan pemenuhan",
    3: "Penyusunan rencana pemenuhan",
    4: "Pelaksanaan pemenuhan",
}
STAGE_STATUSES = ("belum", "proses", "selesai")
STAGE_FILE_COLUMNS = ["kode_wilayah", "kode_bidang", "tahap", "status", "tanggal", "catatan"]
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


def parse_date(text: str) -> date | None:
    """``2025-04-20``, ``20-04-2025``, ``20/04/2025`` or ``20.04.2025`` → a date; None if not one
    (Excel's ``2025-04-20 00:00:00`` is accepted too)."""
    text = str(text).strip()
    if text.endswith(" 00:00:00"):
        text = text.removesuffix(" 00:00:00")
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _sector_code(text: str, catalog: Catalog) -> str | None:
    text = str(text).strip()
    if text.upper() in set(catalog.sector_codes):
        return text.upper()
    folded = " ".join(text.lower().split())
    for code, name in catalog.sector_names.items():
        if folded in (name.lower(), catalog.sector_short_names.get(code, "").lower()):
            return code
    return None


def _whole_in_range(text: str, value_range) -> int | None:
    """A whole number ("3", "3.0" as Excel gives it) within ``value_range``, judged on the text
    before any conversion; None otherwise."""
    match = re.fullmatch(r"(\d+)(?:\.0+)?", text)
    if not match or not value_range.holds_digits(match.group(1)):
        return None
    return int(match.group(1).lstrip("0") or "0")


def read_stage_table(frame: pd.DataFrame, catalog: Catalog, tahun: int) -> tuple[pd.DataFrame, list[Problem]]:
    """A stage-status table as ``reading.read_table`` gives it (text cells, Excel row numbers as
    index) → (clean rows: tahun, kode_wilayah, kode_bidang, tahap, status, tanggal, catatan;
    problems). Any error means no row should be stored. ``tahun`` applies to rows without a
    ``tahun`` column."""
    problems: list[Problem] = []
    ranges = load_ranges()
    missing = [c for c in STAGE_FILE_COLUMNS if c not in frame.columns and c not in ("tanggal", "catatan")]
    if missing:
        return pd.DataFrame(columns=["tahun", *STAGE_FILE_COLUMNS]), [
            Problem(
                f"Kolom wajib tidak ada: {', '.join(missing)}. Kolom yang dipakai: {', '.join(STAGE_FILE_COLUMNS)}.",
                kolom=", ".join(missing),
            )
        ]
    clean = []
    seen: dict[tuple, int] = {}
    for number, row in frame.iterrows():
        ok = True
        region_text = str(row["kode_wilayah"]).strip()
        match = catalog.regions.match(region_text)
        if match.kode is None:
            ok = False
            message = (
                f"Wilayah tidak jelas: cocok dengan {', '.join(match.candidates)}; tulis kodenya."
                if match.ambiguous
                else "Wilayah tidak dikenal; tulis kode Kemendagri, mis. 36.02."
            )
            problems.append(Problem(message, baris=int(number), kolom="kode_wilayah", nilai=region_text))
        sector_text = str(row["kode_bidang"]).strip()
        sector = _sector_code(sector_text, catalog)
        if sector is None:
            ok = False
            problems.append(
                Problem(
                    f"Bidang tidak dikenal; gunakan salah satu kode: {', '.join(catalog.sector_codes)}.",
                    baris=int(number),
                    kolom="kode_bidang",
                    nilai=sector_text,
                )
            )
        stage_text = str(row["tahap"]).strip()
        stage = _whole_in_range(stage_text, ranges["tahap"])
        if stage is None:
            ok = False
            problems.append(Problem("Tahap harus 1, 2, 3 atau 4.", baris=int(number), kolom="tahap", nilai=stage_text))
        status_text = str(row["status"]).strip()
        status = status_text.lower()
        if status not in STAGE_STATUSES:
            ok = False
            problems.append(
                Problem(
                    f"Status harus salah satu dari: {', '.join(STAGE_STATUSES)}.",
                    baris=int(number),
                    kolom="status",
                    nilai=status_text,
                )
            )
        date_text = str(row.get("tanggal", "") or "").strip()
        when = None
        if date_text:
            when = parse_date(date_text)
            if when is None:
                ok = False
                problems.append(
                    Problem(
                        "Tanggal tidak terbaca; tulis TTTT-BB-HH (mis. 2025-04-20) atau HH/BB/TTTT.",
                        baris=int(number),
                        kolom="tanggal",
                        nilai=date_text,
                    )
                )
        year = tahun
        if "tahun" in frame.columns and str(row["tahun"]).strip():
            year = _whole_in_range(str(row["tahun"]).strip(), ranges["tahun"])
            if year is None:
                ok = False
                problems.append(
                    Problem(
                        f"Tahun harus bilangan bulat {ranges['tahun'].text}, mis. 2025.",
                        baris=int(number),
                        kolom="tahun",
                        nilai=str(row["tahun"])[:50],
                    )
                )
        if not ok:
            continue
        key = (year, match.kode, sector, stage)
        if key in seen:
            problems.append(
                Problem(
                    f"Wilayah, bidang dan tahap yang sama sudah ada di baris {seen[key]}.",
                    baris=int(number),
                    kolom="tahap",
                    nilai=stage_text,
                )
            )
            continue
        seen[key] = int(number)
        note = str(row.get("catatan", "") or "").strip()
        clean.append(
            {
                "tahun": year,
                "kode_wilayah": match.kode,
                "kode_bidang": sector,
                "tahap": stage,
                "status": status,
                "tanggal": when,
                "catatan": note or None,
            }
        )
    return pd.DataFrame(clean, columns=["tahun", *STAGE_FILE_COLUMNS]), problems


def stage_matrix(stages: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Every region × sector × stage with its current status ("belum" where nothing is recorded):
    rows = region × sector, columns ``tahap_1`` … ``tahap_4`` plus ``tanggal_N``/``catatan_N``."""
    grid = catalog.regions.table[["kode_wilayah", "nama_wilayah"]].merge(
        catalog.sectors[["kode_bidang", "nama_singkat"]], how="cross"
    )
    for stage in STAGES:
        part = (
            stages[stages["tahap"] == stage][["kode_wilayah", "kode_bidang", "status", "tanggal", "catatan"]]
            if len(stages)
            else pd.DataFrame(columns=["kode_wilayah", "kode_bidang", "status", "tanggal", "catatan"])
        )
        part = part.rename(
            columns={"status": f"tahap_{stage}", "tanggal": f"tanggal_{stage}", "catatan": f"catatan_{stage}"}
        )
        grid = grid.merge(part, on=["kode_wilayah", "kode_bidang"], how="left")
        grid[f"tahap_{stage}"] = grid[f"tahap_{stage}"].fillna("belum")
    return grid


def budget_finding(by_region: pd.DataFrame) -> str:
    """The finding of the budget-vs-need chart, e.g. "Alokasi di bawah kebutuhan di 9 dari 9
    wilayah; kekurangan terbesar: Kabupaten Tangerang (Rp401,0 miliar)"."""
    judged = by_region[by_region["status_anggaran"] != STATUS_UNKNOWN]
    if judged.empty:
        return "Kecukupan anggaran belum dapat dinilai (tidak ada kebutuhan dengan biaya satuan)"
    short = judged[judged["status_anggaran"] == STATUS_SHORT]
    if short.empty:
        return f"Alokasi menutup kebutuhan yang diketahui di {len(judged)} dari {len(judged)} wilayah"
    worst = short.loc[short["selisih"].idxmin()]
    return (
        f"Alokasi di bawah kebutuhan di {len(short)} dari {len(judged)} wilayah; kekurangan terbesar: "
        f"{worst['nama_wilayah']} ({format_rupiah_short(-worst['selisih'])})"
    )


def need_finding(by_service: pd.DataFrame) -> str:
    """The finding of the need treemap: the sector that needs the most, and its share."""
    known = by_service[by_service["kebutuhan_anggaran"].fillna(0) > 0]
    if known.empty:
        return "Belum ada kebutuhan anggaran yang dapat dihitung"
    per_sector = known.groupby("nama_bidang")["kebutuhan_anggaran"].sum().sort_values(ascending=False)
    total = per_sector.sum()
    return (
        f"{per_sector.index[0]} butuh {format_rupiah_short(per_sector.iloc[0])} "
        f"({format_percent(per_sector.iloc[0] / total * 100, 0)} dari {format_rupiah_short(total)})"
    )
