"""Page models: what each Dasbor page shows, as a pure function of (scores, catalog, rules, the
selection and the page's own choices). Tables, findings and figures are computed here once; the
app caches each model by (data generation, selection, choices) and every viewer of the same view
reuses it. A model is never changed after it is made (the pages only read it).

Nothing here knows Streamlit; the tests call these functions directly."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from . import gaps, trends
from .catalog import LEVEL_LABELS, Catalog
from .formatting import format_count, format_percent, format_period, format_quarter, format_time_wib, format_wib
from .rules import Rules
from .scoring import Scores
from .store.versions import KIND_LABELS, STATUS_APPROVED
from .summary import (
    Selection,
    kabkota_only,
    on_track_note,
    province_only,
    recap,
    recap_change,
    region_summary,
    with_on_track,
)
from .visuals import figures
from .visuals.colors import region_line_colors
from .visuals.maps import ranked_table
from .visuals.tables import gap_screen_table, summary_table


def scope_label(catalog: Catalog, bidang: str | None) -> str:
    return catalog.sector_names[bidang] if bidang else "Semua bidang"


# --- the "as of" chooser -------------------------------------------------------------------------


def version_choices(history: pd.DataFrame) -> dict[int, str]:
    """The sidebar's "Data per versi" options: 0 = the newest, then every approved version
    (``v7 · 02-12-2026 · Impor``, the day in WIB); empty when fewer than two versions are approved (nothing to choose)."""
    approved = history[history["status"] == STATUS_APPROVED]
    if len(approved) < 2:
        return {}
    labels = {0: "Terbaru"}
    for row in approved.itertuples(index=False):
        labels[int(row.id)] = (
            f"v{row.id} · {format_wib(row.dibuat_pada, '%d-%m-%Y')} · {KIND_LABELS.get(row.jenis, row.jenis)}"
        )
    return labels


# --- Ringkasan ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewView:
    has_data: bool
    now: dict  # recap of the period
    change: dict  # recap change from a year before
    kabkota: pd.DataFrame  # the kab/kota rows, best first (with ``sesuai_jalur``)
    table: pd.DataFrame  # the overview table in the cards' order (also the download)
    province: pd.Series | None = None  # the province's own row (with ``sesuai_jalur``)
    note: str | None = None  # what a quarter's numbers mean (None: annual)

    @cached_property
    def weakest(self) -> pd.Series | None:
        """The kab/kota with the lowest score (the last ranked), or None."""
        scored = self.kabkota[self.kabkota["nilai_bulat"].notna()]
        return scored.iloc[-1] if len(scored) else None


def overview_view(scores: Scores, catalog: Catalog, rules: Rules, sel: Selection) -> OverviewView:
    summary = region_summary(scores, catalog, sel)
    if not summary["ada_data"].any():
        return OverviewView(False, {}, {}, summary.iloc[0:0], summary.iloc[0:0])
    now = recap(summary, catalog, rules)
    before = recap(region_summary(scores, catalog, replace(sel, tahun=sel.tahun - 1)), catalog, rules)
    summary = with_on_track(summary, scores, rules, sel)
    kabkota = kabkota_only(summary).sort_values(["peringkat", "kode_wilayah"], na_position="last")
    own = province_only(summary)
    return OverviewView(
        True,
        now,
        recap_change(now, before),
        kabkota,
        summary_table(summary),
        own.iloc[0] if len(own) else None,
        on_track_note(rules, sel.triwulan),
    )


# --- Peta capaian ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapView:
    summary: pd.DataFrame  # every region for the map's selection (sector and service)
    kabkota: pd.DataFrame
    missing: list[str]  # kab/kota without data (drawn grey)
    province_now: dict  # the province's own recap (its services, this sector)
    province_change: dict
    kabkota_now: dict  # the kab/kota recap for the map's selection
    kabkota_change: dict
    table: pd.DataFrame  # the ranked table (also the download)
    note: str | None = None  # what a quarter's numbers mean (None: annual)

    @property
    def has_data(self) -> bool:
        return bool(self.kabkota["ada_data"].any())


def map_view(scores: Scores, catalog: Catalog, rules: Rules, sel: Selection) -> MapView:
    """``sel.layanan``: one service of the chosen sector, or None for the sector (or every sector)."""
    summary = with_on_track(region_summary(scores, catalog, sel), scores, rules, sel)
    kabkota = kabkota_only(summary)
    province_sel = replace(sel, layanan=None)
    province_now = recap(region_summary(scores, catalog, province_sel), catalog, rules)
    province_before = recap(region_summary(scores, catalog, replace(province_sel, tahun=sel.tahun - 1)), catalog, rules)
    now = recap(summary, catalog, rules)
    before = recap(region_summary(scores, catalog, replace(sel, tahun=sel.tahun - 1)), catalog, rules)
    return MapView(
        summary,
        kabkota,
        kabkota.loc[~kabkota["ada_data"], "nama_wilayah"].tolist(),
        province_now,
        recap_change(province_now, province_before),
        now,
        recap_change(now, before),
        ranked_table(summary, catalog.regions.kabkota),
        on_track_note(rules, sel.triwulan),
    )


# --- Tren tahunan ------------------------------------------------------------------------------------


def trend_scope(catalog: Catalog, bidang: str | None, layanan: str | None) -> str:
    if layanan:
        return f"{catalog.sector_short_names[bidang]} · {catalog.service_short_names[layanan]}"
    return scope_label(catalog, bidang)


def trend_service_labels(catalog: Catalog, bidang: str) -> dict[str, str]:
    """The services of a sector as the trend page offers them (code → label)."""
    services = catalog.services[catalog.services["kode_bidang"] == bidang]
    return {
        code: f"{catalog.service_short_names[code]} ({LEVEL_LABELS[catalog.service_level[code]]})"
        for code in services["kode_layanan"]
    }


@dataclass(frozen=True)
class TrendView:
    figure: go.Figure | None  # None: no annual score in the span for the chosen regions
    table: pd.DataFrame  # the chart's data (download)
    national: pd.DataFrame  # the real national average in the span (may be empty)
    change: pd.DataFrame  # the change table
    highlight: str | None = None  # the region drawn strong (the others grey)


def trend_view(
    scores: Scores,
    catalog: Catalog,
    rules: Rules,
    national_average: pd.DataFrame,
    start: int,
    end: int,
    regions: tuple[str, ...],
    bidang: str | None,
    layanan: str | None,
    bands: bool,
    highlight: str | None = None,
) -> TrendView:
    """``highlight``: the region to draw strong; None (or one not in the chart): the weakest
    kab/kota in the last year."""
    trend = trends.annual_trend(scores, catalog, start, end, list(regions), bidang=bidang, layanan=layanan)
    if trend.empty:
        return TrendView(None, trend, trend, trend)
    if highlight not in set(trend["kode_wilayah"]):
        highlight = trends.weakest_in_trend(trend)
    national = trends.national_reference(national_average, start, end)
    change = trends.change_over_span(trend, rules)
    fig = figures.trend_figure(
        trend,
        rules,
        region_line_colors(catalog),
        trends.trend_finding(change),
        national,
        bands=bands,
        highlight=highlight,
    )
    return TrendView(fig, trends.trend_table(trend, national), national, trends.change_table(change), highlight)


# --- Perbandingan sektor -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonView:
    has_data: bool
    heatmap: go.Figure | None
    heatmap_table: pd.DataFrame
    bar: go.Figure | None  # the chosen sector (or the region score) across regions; None: no score
    bar_table: pd.DataFrame
    spread: go.Figure | None  # None: no kab/kota sector score
    spread_table: pd.DataFrame


def comparison_view(
    scores: Scores, catalog: Catalog, rules: Rules, sel: Selection, sort_by: str | None
) -> ComparisonView:
    """``sort_by``: a sector code to order the kab/kota by, or None for their region score."""
    matrix = trends.sector_matrix(scores, catalog, sel.tahun, sel.triwulan)
    empty = matrix.iloc[0:0]
    if matrix["nilai_bulat"].isna().all():
        return ComparisonView(False, None, empty, None, empty, None, empty)
    totals = region_summary(scores, catalog, Selection(sel.tahun, sel.triwulan))
    order = trends.region_order(matrix, totals, sort_by)
    heatmap = figures.heatmap_figure(matrix, order, rules, trends.heatmap_finding(matrix, sel.tahun, sel.triwulan))
    summary = region_summary(scores, catalog, Selection(sel.tahun, sel.triwulan, sel.bidang))
    bar, bar_table = None, empty
    if not summary["nilai_bulat"].isna().all():
        short_scope = catalog.sector_short_names[sel.bidang] if sel.bidang else "Nilai wilayah"
        bar = figures.region_bar_figure(summary, rules, trends.ranking_finding(summary, short_scope))
        bar_table = summary[["kode_wilayah", "nama_wilayah", "nilai_bulat", "kategori", "perubahan"]].rename(
            columns={
                "kode_wilayah": "Kode",
                "nama_wilayah": "Wilayah",
                "nilai_bulat": "Nilai",
                "kategori": "Kategori",
                "perubahan": "Perubahan (poin)",
            }
        )
    spread = trends.sector_spread(matrix)
    spread_fig = None if spread.empty else figures.spread_figure(spread, rules, trends.spread_finding(spread))
    return ComparisonView(
        True,
        heatmap,
        trends.matrix_table(matrix, order),
        bar,
        bar_table,
        spread_fig,
        trends.spread_table(spread) if not spread.empty else empty,
    )


# --- Peringkat ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingView:
    figure: go.Figure | None  # None: no rank in the span
    table: pd.DataFrame
    moves: pd.DataFrame


def ranking_view(
    scores: Scores, catalog: Catalog, start: int, end: int, regions: tuple[str, ...], bidang: str | None
) -> RankingView:
    ranks = trends.rank_trend(scores, catalog, start, end, list(regions), bidang=bidang)
    if ranks.empty:
        return RankingView(None, ranks, ranks)
    moves = trends.rank_moves(ranks)
    fig = figures.bump_figure(ranks, region_line_colors(catalog), trends.rank_finding(moves))
    return RankingView(fig, trends.rank_table(ranks), trends.moves_table(moves))


# --- Profil wilayah ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileView:
    row: pd.Series  # the region's line of the period summary
    facts: pd.DataFrame
    sector_figure: go.Figure | None
    sector_table: pd.DataFrame
    service_figure: go.Figure | None
    service_table: pd.DataFrame

    @property
    def has_data(self) -> bool:
        return bool(self.row["ada_data"])

    @property
    def rank(self) -> int | None:
        return None if pd.isna(self.row["peringkat"]) else int(self.row["peringkat"])


def profile_view(scores: Scores, catalog: Catalog, rules: Rules, kode: str, tahun: int, triwulan: int) -> ProfileView:
    summary = region_summary(scores, catalog, Selection(tahun, triwulan))
    row = summary[summary["kode_wilayah"] == kode].iloc[0]
    if not row["ada_data"]:
        empty = summary.iloc[0:0]
        return ProfileView(row, empty, None, empty, None, empty)
    name = catalog.regions.names[kode]
    sectors = trends.profile_sectors(scores, catalog, kode, tahun, triwulan)
    services = trends.profile_services(scores, catalog, kode, tahun, triwulan)
    return ProfileView(
        row,
        trends.profile_facts(scores, kode, tahun, triwulan),
        figures.profile_sector_figure(sectors, rules, trends.profile_finding(sectors, name)),
        trends.profile_sector_table(sectors),
        figures.profile_service_figure(services, rules, trends.profile_services_finding(services, name)),
        trends.profile_service_table(services),
    )


# --- Kesenjangan dan kebutuhan -----------------------------------------------------------------------


@dataclass(frozen=True)
class GapsView:
    gaps: pd.DataFrame  # every region × service row of the period (empty: no data)
    by_service: pd.DataFrame
    need_figure: go.Figure | None  # None: no budget need can be computed
    by_region: pd.DataFrame
    budget_figure: go.Figure | None
    cost_usage: dict[str, int]  # rows by where their unit cost comes from

    @property
    def has_data(self) -> bool:
        return not self.gaps.empty

    @cached_property
    def region_codes(self) -> frozenset[str]:
        """The regions that have gap rows in the period."""
        return frozenset(self.gaps["kode_wilayah"])


def gaps_view(scores: Scores, catalog: Catalog, rules: Rules, sel: Selection, unit_costs: pd.DataFrame) -> GapsView:
    table = gaps.gap_table(scores.layanan, catalog, rules, sel.tahun, sel.triwulan, unit_costs, bidang=sel.bidang)
    if table.empty:
        return GapsView(table, table, None, table, None, {})
    by_service = gaps.budget_by_service(table)
    need = None
    if by_service["kebutuhan_anggaran"].fillna(0).gt(0).any():
        need = figures.need_treemap_figure(by_service, catalog.service_short_names, gaps.need_finding(by_service))
    by_region = gaps.budget_by_region(table)
    usage = (
        table["sumber_biaya"]
        .map(lambda s: s if s in (gaps.SOURCE_ROW, gaps.SOURCE_NONE) else gaps.SOURCE_TABLE)
        .value_counts()
    )
    return GapsView(
        table,
        by_service,
        need,
        by_region,
        figures.budget_region_figure(by_region, gaps.budget_finding(by_region)),
        {k: int(v) for k, v in usage.items()},
    )


def gap_rows(view: GapsView, region: str | None, sort_by: str) -> pd.DataFrame:
    """The gap table of one region (None: all), sorted."""
    table = view.gaps if region is None else view.gaps[view.gaps["kode_wilayah"] == region]
    return gaps.sort_gaps(table, sort_by)


@dataclass(frozen=True)
class GapTotals:
    belum_terlayani: float  # people not yet served
    kebutuhan_anggaran: float  # budget need of the rows that have a unit cost; NaN: none has ("tidak terhitung")
    kebutuhan_lengkap: bool  # every row with people not yet served has a unit cost (else a lower bound)
    tanpa_biaya: int  # rows with people not yet served but no unit cost


def gap_totals(table: pd.DataFrame) -> GapTotals:
    """The figures above a gap table (``gap_rows``)."""
    with_gap = table[table["belum_terlayani"] > 0]
    need, complete = gaps.known_need(table)
    return GapTotals(table["belum_terlayani"].sum(), need, complete, int(with_gap["biaya_satuan"].isna().sum()))


def lowest_region(scores: Scores, tahun: int, triwulan: int, bidang: str) -> str | None:
    """The region with the lowest score on a sector in the period (the calculator's first choice)."""
    rows = scores.bidang[
        (scores.bidang["tahun"] == tahun)
        & (scores.bidang["triwulan"] == triwulan)
        & (scores.bidang["kode_bidang"] == bidang)
    ].dropna(subset=["nilai"])
    return str(rows.loc[rows["nilai"].idxmin(), "kode_wilayah"]) if len(rows) else None


def target_plan(view: GapsView, rules: Rules, region: str, bidang: str, target, order: str) -> gaps.TargetPlan:
    rows = view.gaps[(view.gaps["kode_wilayah"] == region) & (view.gaps["kode_bidang"] == bidang)]
    return gaps.target_plan(rows, rules, target, order)


# the unit-cost tables' columns, in order
UNIT_COST_COLUMNS = [
    "kode_layanan",
    "nama_layanan",
    "nama_wilayah",
    "biaya_satuan",
    "sumber",
    "catatan",
    "pengguna",
    "dibuat_pada",
]
UNIT_COST_HISTORY_COLUMNS = [
    "dibuat_pada",
    "pengguna",
    "kode_layanan",
    "kode_wilayah",
    "biaya_satuan",
    "sumber",
    "catatan",
]


@dataclass(frozen=True)
class UnitCostTables:
    """The unit-cost tables as listed: the current costs with names and times (for the downloads)
    and on screen, and the history of changes on screen (a withdrawn cost reads "dicabut"); None
    where nothing is stored."""

    current: pd.DataFrame | None
    current_on_screen: pd.DataFrame | None
    history_on_screen: pd.DataFrame | None


def unit_cost_tables(costs: pd.DataFrame, history: pd.DataFrame, catalog: Catalog) -> UnitCostTables:
    """``costs``: ``planning.current_unit_costs``; ``history``: ``planning.unit_cost_history``. A cost
    for every region reads "Semua wilayah" (history: "semua"); times in WIB."""
    current = shown = history_shown = None
    if not costs.empty:
        current = costs.assign(
            nama_layanan=costs["kode_layanan"].map(catalog.service_names),
            nama_wilayah=costs["kode_wilayah"].map(catalog.regions.names).fillna("Semua wilayah"),
            dibuat_pada=costs["dibuat_pada"].map(format_time_wib),
        )[UNIT_COST_COLUMNS]
        shown = gap_screen_table(current, UNIT_COST_COLUMNS)
    if not history.empty:
        listed = history.assign(
            dibuat_pada=history["dibuat_pada"].map(format_time_wib),
            kode_wilayah=history["kode_wilayah"].fillna("semua"),
        )
        history_shown = gap_screen_table(listed, UNIT_COST_HISTORY_COLUMNS)
        history_shown["Biaya satuan"] = history_shown["Biaya satuan"].where(
            history["biaya_satuan"].notna().to_numpy(), "dicabut"
        )
    return UnitCostTables(current, shown, history_shown)


# --- Tahapan dan pelaporan ---------------------------------------------------------------------------


def stage_table(stages: pd.DataFrame, plans: pd.DataFrame, catalog: Catalog, sectors: tuple[str, ...]) -> pd.DataFrame:
    """Region × sector with the status of each of the four stages and whether the action plan is
    adopted ("ya"/"tidak")."""
    matrix = gaps.stage_matrix(stages, catalog)
    matrix = matrix[matrix["kode_bidang"].isin(sectors)]
    if len(plans):
        plans = plans.assign(rencana_aksi=plans["ditetapkan"].map({True: "ya", False: "tidak"}))
        matrix = matrix.merge(
            plans[["kode_wilayah", "kode_bidang", "rencana_aksi"]], on=["kode_wilayah", "kode_bidang"], how="left"
        )
    else:
        matrix = matrix.assign(rencana_aksi=None)
    return matrix.assign(rencana_aksi=matrix["rencana_aksi"].fillna("tidak"))


STAGE_DETAIL_COLUMNS = ["wilayah", "bidang", "tahap", "status", "tanggal", "catatan", "pengguna"]


def stage_details(stages: pd.DataFrame, catalog: Catalog, sectors: tuple[str, ...]) -> pd.DataFrame:
    """The stored stage statuses (``planning.current_stages``) of the chosen sectors with region and
    sector names, as the page lists their dates and notes; ``stages`` itself when nothing is stored."""
    if stages.empty:
        return stages
    chosen = stages[stages["kode_bidang"].isin(sectors)]
    return chosen.assign(
        wilayah=chosen["kode_wilayah"].map(catalog.regions.names),
        bidang=chosen["kode_bidang"].map(catalog.sector_names),
    )[STAGE_DETAIL_COLUMNS]


def reporting_report(
    scores: Scores, catalog: Catalog, submissions: pd.DataFrame, tahun: int, today: date
) -> pd.DataFrame:
    """Per region and quarter of a year: deadline, first submission, lateness, status,
    completeness and the sectors still missing."""
    first = gaps.first_submissions(submissions)
    quarters = [q for q in scores.quarters(tahun) if q] or [1, 2, 3, 4]
    report = gaps.reporting_timeliness(first, scores.keterisian_wilayah, [(tahun, q) for q in quarters], catalog, today)
    missing = gaps.missing_sectors(scores.keterisian_bidang, catalog)
    missing = missing.assign(tahun=missing["tahun"].astype("int64"), triwulan=missing["triwulan"].astype("int64"))
    return report.merge(missing, on=["kode_wilayah", "tahun", "triwulan"], how="left")


# the problems table's columns on screen, in order
PROBLEM_HEADERS = {
    "nomor": "No.",
    "wilayah": "Wilayah",
    "bidang": "Bidang",
    "periode": "Periode",
    "permasalahan": "Permasalahan",
    "solusi": "Solusi",
    "tindak_lanjut": "Tindak lanjut",
    "penanggung_jawab": "Penanggung jawab",
    "tenggat": "Tenggat",
    "status": "Status",
    "lewat_tenggat": "Lewat tenggat",
}


@dataclass(frozen=True)
class ProblemsView:
    table: pd.DataFrame  # the screen's columns (PROBLEM_HEADERS)
    total: int
    unfinished: int  # status other than "selesai"
    overdue: int  # unfinished and past its deadline


def problems_view(items: pd.DataFrame, catalog: Catalog, today: date) -> ProblemsView:
    """The problems of a year (``planning.current_problems``, not empty) as the page lists them:
    region and sector names, the period, and "ya" where an unfinished problem is past its
    deadline (``tenggat`` before ``today``)."""
    unfinished = items["status"] != "selesai"
    overdue = unfinished & items["tenggat"].notna() & (items["tenggat"] < today.isoformat())
    view = items.assign(
        wilayah=items["kode_wilayah"].map(catalog.regions.names),
        bidang=items["kode_bidang"].map(catalog.sector_short_names),
        periode=[format_period(y, q) for y, q in zip(items["tahun"], items["triwulan"])],
        lewat_tenggat=overdue.map({True: "ya", False: ""}),
    )
    table = view.rename(columns=PROBLEM_HEADERS)[list(PROBLEM_HEADERS.values())]
    return ProblemsView(table, len(items), int(unfinished.sum()), int(overdue.sum()))


def reporting_status_grid(report: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """A ``reporting_report`` as region (catalog order) × quarter: each cell the reporting status;
    columns Wilayah, Triwulan I, …"""
    pivot = report.pivot(index="nama_wilayah", columns="triwulan", values="status_laporan")
    pivot = pivot.reindex([catalog.regions.names[c] for c in catalog.regions.names])
    pivot.columns = [format_quarter(q) for q in pivot.columns]
    return pivot.reset_index().rename(columns={"nama_wilayah": "Wilayah"})


# the reporting detail table's columns on screen, in order
REPORTING_HEADERS = {
    "nama_wilayah": "Wilayah",
    "periode": "Periode",
    "tenggat": "Tenggat",
    "pertama_dikirim": "Pertama dikirim",
    "hari_terlambat": "Hari terlambat",
    "status_laporan": "Status",
    "keterisian": "Keterisian",
    "yang_kurang": "Yang belum lengkap (lengkap dari diharapkan)",
}


def reporting_table(report: pd.DataFrame) -> pd.DataFrame:
    """A ``reporting_report`` for the screen: dates as DD-MM-YYYY, numbers as Indonesian text,
    "–" where there is none."""
    view = report.assign(
        periode=[format_period(y, q) for y, q in zip(report["tahun"], report["triwulan"])],
        tenggat=report["tenggat"].map(lambda d: f"{d:%d-%m-%Y}"),
        pertama_dikirim=report["pertama_dikirim"].map(lambda d: f"{d:%d-%m-%Y}" if d else "–"),
        keterisian=[format_percent(v) for v in report["keterisian"]],
        hari_terlambat=[format_count(v) if pd.notna(v) else "–" for v in report["hari_terlambat"]],
        yang_kurang=report["yang_kurang"].fillna(""),
    )
    return view.rename(columns=REPORTING_HEADERS)[list(REPORTING_HEADERS.values())]
