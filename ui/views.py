"""The page models of spm_core.views, cached for every viewer by (data key, selection, the page's
own choices). The arguments are plain values; nothing here reads the session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from spm_core import gaps, views
from spm_core.dataset import national_average
from spm_core.summary import Selection
from spm_core.visuals.geo import load_boundaries
from spm_core.visuals.maps import ChoroplethSpec, choropleth_spec, load_label_positions, tile_map_html
from spm_core.visuals.tables import (
    BUDGET_TABLE_COLUMNS,
    GAP_TABLE_COLUMNS,
    ON_TRACK_HEADER,
    TARGET_TABLE_COLUMNS,
    gap_screen_table,
)
from ui.charts import formatted
from ui.components import card_grid_html, profile_link, score_card_html, status_table_html
from ui.memo import shared
from ui.state import DataKey, data_key, get_catalog, get_rules, get_scores, read_store

ENTRIES = 128  # per page: generations × selections × choices that stay warm
MAP_TABLE_FORMATS = {
    "Peringkat": "jumlah",
    "Nilai": "nilai",
    "Perubahan (poin)": "perubahan",
    "Keterisian (%)": "persen",
}


@shared()
def _national_average():
    return national_average()


@shared(max_entries=ENTRIES)
def _overview(key: DataKey, sel: Selection) -> views.OverviewView:
    return views.overview_view(get_scores(key), get_catalog(), get_rules(), sel)


def overview(sel: Selection) -> views.OverviewView:
    return _overview(data_key(), sel)


@dataclass(frozen=True)
class OverviewCards:
    """The overview's score cards as HTML, each set one block of cards four to a row: the first row
    (province, weakest kab/kota, the two kab/kota recaps; an empty place where there is no weakest)
    and the kab/kota cards, best first."""

    top: str
    kabkota: str


@shared(max_entries=ENTRIES)
def _overview_cards(key: DataKey, sel: Selection) -> OverviewCards:
    view, rules, catalog = _overview(key, sel), get_rules(), get_catalog()
    now, change, own, weakest = view.now, view.change, view.province, view.weakest
    province = catalog.regions.names[catalog.regions.province]
    counted = now["jumlah_kabkota_dinilai"]
    top = (
        score_card_html(
            province,
            "Nilai provinsi (14 layanan provinsi)",
            now["nilai_provinsi_bulat"],
            now["kategori_provinsi"],
            change["nilai_provinsi"],
            now["keterisian_provinsi"],
            rules,
            on_track=None if own is None else own["sesuai_jalur"],
        ),
        None
        if weakest is None
        else score_card_html(
            weakest["nama_wilayah"],
            f"Terendah dari {counted} kab/kota · buka profil",
            weakest["nilai_bulat"],
            weakest["kategori"],
            weakest["perubahan"],
            weakest["keterisian"],
            rules,
            rank=weakest["peringkat"],
            on_track=weakest["sesuai_jalur"],
            link=profile_link(weakest["kode_wilayah"], sel.tahun, sel.triwulan, sel.bidang),
        ),
        score_card_html(
            "Rekap kabupaten/kota",
            f"Rerata {counted} kab/kota",
            now["nilai_kabkota_rerata_bulat"],
            now["kategori_kabkota_rerata"],
            change["nilai_kabkota_rerata"],
            now["keterisian_kabkota"],
            rules,
        ),
        score_card_html(
            "Rekap kabupaten/kota",
            "Rerata tertimbang jumlah penduduk",
            now["nilai_kabkota_tertimbang_bulat"],
            now["kategori_kabkota_tertimbang"],
            change["nilai_kabkota_tertimbang"],
            now["keterisian_kabkota"],
            rules,
        ),
    )
    cards = [
        score_card_html(
            row.nama_wilayah,
            row.kode_wilayah,
            row.nilai_bulat,
            row.kategori,
            row.perubahan,
            row.keterisian,
            rules,
            rank=row.peringkat,
            on_track=row.sesuai_jalur,
            link=profile_link(row.kode_wilayah, sel.tahun, sel.triwulan, sel.bidang),
        )
        for row in view.kabkota.itertuples(index=False)
    ]
    return OverviewCards(card_grid_html(top), card_grid_html(cards))


def overview_cards(sel: Selection) -> OverviewCards:
    """The overview's score cards, made once per (data, selection); only for a selection with data."""
    return _overview_cards(data_key(), sel)


@shared(max_entries=ENTRIES)
def _version_choices(url: str, generation: int) -> dict[int, str]:
    return views.version_choices(read_store("history", key=DataKey(url, generation, None)))


def version_choices() -> dict[int, str]:
    """The "as of" chooser's options (0 = the newest), made once per data generation."""
    key = data_key()
    return _version_choices(key.url, key.generation)


@shared(max_entries=ENTRIES)
def _map(key: DataKey, sel: Selection) -> views.MapView:
    return views.map_view(get_scores(key), get_catalog(), get_rules(), sel)


def map_model(sel: Selection) -> views.MapView:
    return _map(data_key(), sel)


@shared(max_entries=ENTRIES)
def _map_cards(key: DataKey, sel: Selection) -> str:
    model, catalog, rules = _map(key, sel), get_catalog(), get_rules()
    province = catalog.regions.province
    own = score_card_html(
        catalog.regions.names.get(province, "Provinsi"),
        "Layanan provinsi" + ("" if not sel.bidang else f", {catalog.sector_short_names[sel.bidang]}"),
        model.province_now["nilai_provinsi_bulat"],
        model.province_now["kategori_provinsi"],
        model.province_change["nilai_provinsi"],
        model.province_now["keterisian_provinsi"],
        rules,
    )
    recap = score_card_html(
        "Rekap kab/kota",
        f"Rerata {model.kabkota_now['jumlah_kabkota_dinilai']} kab/kota",
        model.kabkota_now["nilai_kabkota_rerata_bulat"],
        model.kabkota_now["kategori_kabkota_rerata"],
        model.kabkota_change["nilai_kabkota_rerata"],
        model.kabkota_now["keterisian_kabkota"],
        rules,
    )
    return card_grid_html([own, recap], per_row=2)


def map_cards(sel: Selection) -> str:
    """The map page's two cards (the province's own score, the kab/kota recap) as one HTML block.
    ``sel.layanan`` is the map's service; the province card is always of the whole sector."""
    return _map_cards(data_key(), sel)


@shared(max_entries=ENTRIES)
def _map_table_on_screen(key: DataKey, sel: Selection) -> tuple[pd.DataFrame, list[str]]:
    on_screen = formatted(_map(key, sel).table.drop(columns=["Kode"]), MAP_TABLE_FORMATS)
    # In a quarter "Sesuai jalur" follows the category: as the last column it sat beyond the table's
    # right edge beside the map at 1920 × 1080 (only "Se" showed). A change column of dashes only (no
    # period a year before) is left out on screen (the download keeps it).
    no_change = on_screen["Perubahan (poin)"].eq("–").all()
    order = [
        c
        for c in ("Peringkat", "Wilayah", "Nilai", "Kategori", ON_TRACK_HEADER, "Perubahan (poin)", "Keterisian (%)")
        if c in on_screen.columns and not (no_change and c == "Perubahan (poin)")
    ]
    return on_screen, order


def map_table_on_screen(sel: Selection) -> tuple[pd.DataFrame, list[str]]:
    """The map's ranked table with its numbers as Indonesian text and the columns shown, in their
    order (made once per view)."""
    return _map_table_on_screen(data_key(), sel)


@shared(max_entries=ENTRIES)
def _trend(
    key: DataKey, start: int, end: int, regions: tuple, bidang, layanan, bands: bool, highlight
) -> views.TrendView:
    return views.trend_view(
        get_scores(key),
        get_catalog(),
        get_rules(),
        _national_average(),
        start,
        end,
        regions,
        bidang,
        layanan,
        bands,
        highlight,
    )


def trend(start: int, end: int, regions, bidang, layanan, bands: bool, highlight=None) -> views.TrendView:
    return _trend(data_key(), start, end, tuple(regions), bidang, layanan, bool(bands), highlight)


@shared(max_entries=ENTRIES)
def _comparison(key: DataKey, sel: Selection, sort_by) -> views.ComparisonView:
    return views.comparison_view(get_scores(key), get_catalog(), get_rules(), sel, sort_by)


def comparison(sel: Selection, sort_by) -> views.ComparisonView:
    return _comparison(data_key(), sel, sort_by)


@shared(max_entries=ENTRIES)
def _ranking(key: DataKey, start: int, end: int, regions: tuple, bidang) -> views.RankingView:
    return views.ranking_view(get_scores(key), get_catalog(), start, end, regions, bidang)


def ranking(start: int, end: int, regions, bidang) -> views.RankingView:
    return _ranking(data_key(), start, end, tuple(regions), bidang)


@shared(max_entries=ENTRIES)
def _profile(key: DataKey, kode: str, tahun: int, triwulan: int) -> views.ProfileView:
    return views.profile_view(get_scores(key), get_catalog(), get_rules(), kode, tahun, triwulan)


def profile(kode: str, tahun: int, triwulan: int) -> views.ProfileView:
    return _profile(data_key(), kode, tahun, triwulan)


@shared(max_entries=ENTRIES)
def _gaps(key: DataKey, sel: Selection) -> views.GapsView:
    return views.gaps_view(get_scores(key), get_catalog(), get_rules(), sel, read_store("unit_costs", key=key))


def gaps_model(sel: Selection) -> views.GapsView:
    return _gaps(data_key(), sel)


@shared(max_entries=ENTRIES)
def _target_plan(key: DataKey, sel: Selection, region: str, bidang: str, target, order: str):
    return views.target_plan(_gaps(key, sel), get_rules(), region, bidang, target, order)


@shared(max_entries=ENTRIES)
def _gap_rows(key: DataKey, sel: Selection, region, sort_by: str) -> tuple[pd.DataFrame, pd.DataFrame, views.GapTotals]:
    rows = views.gap_rows(_gaps(key, sel), region, sort_by)
    return rows, gap_screen_table(rows, GAP_TABLE_COLUMNS), views.gap_totals(rows)


def gap_rows(sel: Selection, region, sort_by: str) -> tuple[pd.DataFrame, pd.DataFrame, views.GapTotals]:
    """The gap rows of one region (None: all), sorted; the same rows formatted for the screen; the
    figures above the table."""
    return _gap_rows(data_key(), sel, region, sort_by)


@shared(max_entries=ENTRIES)
def _lowest_region(key: DataKey, tahun: int, triwulan: int, bidang: str) -> str | None:
    return views.lowest_region(get_scores(key), tahun, triwulan, bidang)


def lowest_region(tahun: int, triwulan: int, bidang: str) -> str | None:
    """The region lowest on a sector in the period (the calculator's first choice)."""
    return _lowest_region(data_key(), tahun, triwulan, bidang)


@shared(max_entries=ENTRIES)
def _budget_on_screen(key: DataKey, sel: Selection) -> pd.DataFrame:
    return gap_screen_table(_gaps(key, sel).by_region, BUDGET_TABLE_COLUMNS)


def budget_on_screen(sel: Selection) -> pd.DataFrame:
    return _budget_on_screen(data_key(), sel)


def target_plan(sel: Selection, region: str, bidang: str, target, order: str):
    return _target_plan(data_key(), sel, region, bidang, target, order)


@shared(max_entries=ENTRIES)
def _target_steps_on_screen(key: DataKey, sel: Selection, region: str, bidang: str, target, order: str):
    return gap_screen_table(_target_plan(key, sel, region, bidang, target, order).langkah, TARGET_TABLE_COLUMNS)


def target_steps_on_screen(sel: Selection, region: str, bidang: str, target, order: str) -> pd.DataFrame:
    """The target plan's steps as the calculator shows them."""
    return _target_steps_on_screen(data_key(), sel, region, bidang, target, order)


@shared(max_entries=ENTRIES)
def _unit_cost_tables(key: DataKey) -> views.UnitCostTables:
    return views.unit_cost_tables(
        read_store("unit_costs", key=key), read_store("unit_cost_history", key=key), get_catalog()
    )


def unit_cost_tables() -> views.UnitCostTables:
    """The unit-cost tables, made once per data generation."""
    return _unit_cost_tables(data_key())


@shared(max_entries=ENTRIES)
def _stage_table(key: DataKey, tahun: int, sectors: tuple) -> pd.DataFrame:
    return views.stage_table(
        read_store("stages", tahun, key=key), read_store("action_plans", tahun, key=key), get_catalog(), sectors
    )


def stage_table(tahun: int, sectors) -> pd.DataFrame:
    return _stage_table(data_key(), tahun, tuple(sectors))


@shared(max_entries=ENTRIES)
def _stage_table_html(key: DataKey, tahun: int, sectors: tuple) -> str:
    matrix = _stage_table(key, tahun, sectors)
    stages = [f"{k}. {v}" for k, v in gaps.STAGES.items()]
    shown = matrix.rename(
        columns={
            "nama_wilayah": "Wilayah",
            "nama_singkat": "Bidang",
            "rencana_aksi": "Rencana aksi",
            **{f"tahap_{k}": f"{k}. {v}" for k, v in gaps.STAGES.items()},
        }
    )
    return status_table_html(
        shown[["Wilayah", "Bidang", *stages, "Rencana aksi"]], [*stages, "Rencana aksi"], gaps.STATUS_COLORS
    )


def stage_table_html(tahun: int, sectors) -> str:
    """The region × sector stage matrix as a coloured table, built once per view."""
    return _stage_table_html(data_key(), tahun, tuple(sectors))


@shared(max_entries=ENTRIES)
def _reporting(key: DataKey, tahun: int, today: date) -> pd.DataFrame:
    return views.reporting_report(get_scores(key), get_catalog(), read_store("submissions", key=key), tahun, today)


def reporting(tahun: int) -> pd.DataFrame:
    return _reporting(data_key(), tahun, date.today())


@dataclass(frozen=True)
class ReportingScreen:
    """The reporting tab as shown: the region × quarter status grid (coloured HTML, like the stage
    matrix) and the detail table."""

    grid_html: str
    table: pd.DataFrame


@shared(max_entries=ENTRIES)
def _reporting_screen(key: DataKey, tahun: int, today: date) -> ReportingScreen:
    report = _reporting(key, tahun, today)
    grid = views.reporting_status_grid(report, get_catalog())
    return ReportingScreen(
        status_table_html(grid, list(grid.columns[1:]), gaps.STATUS_COLORS), views.reporting_table(report)
    )


def reporting_screen(tahun: int) -> ReportingScreen:
    return _reporting_screen(data_key(), tahun, date.today())


@dataclass(frozen=True)
class ProblemsScreen:
    """The problems of a year in the chosen sectors: the stored rows (for the downloads; empty when
    none) and the list as shown (None when none)."""

    items: pd.DataFrame
    listed: views.ProblemsView | None


@shared(max_entries=ENTRIES)
def _problems_screen(key: DataKey, tahun: int, sectors: tuple, today: date) -> ProblemsScreen:
    items = read_store("problems", tahun, key=key)
    if len(items):
        items = items[items["kode_bidang"].isin(sectors)]
    return ProblemsScreen(items, None if items.empty else views.problems_view(items, get_catalog(), today))


def problems_screen(tahun: int, sectors) -> ProblemsScreen:
    return _problems_screen(data_key(), tahun, tuple(sectors), date.today())


@shared(max_entries=ENTRIES)
def _stage_details(key: DataKey, tahun: int, sectors: tuple) -> pd.DataFrame:
    return views.stage_details(read_store("stages", tahun, key=key), get_catalog(), sectors)


def stage_details(tahun: int, sectors) -> pd.DataFrame:
    """The stored stage statuses of the year in the chosen sectors, with names (empty: none stored)."""
    return _stage_details(data_key(), tahun, tuple(sectors))


@shared()
def boundaries_for(codes: tuple[str, ...]):
    return load_boundaries(codes)


@shared()
def _label_positions():
    return load_label_positions()


@shared(max_entries=ENTRIES)
def _choropleth(key: DataKey, sel: Selection, mode: str) -> ChoroplethSpec:
    boundaries = boundaries_for(tuple(get_catalog().regions.kabkota))
    return choropleth_spec(_map(key, sel).summary, boundaries, get_rules(), mode, _label_positions())


def choropleth(sel: Selection, mode: str) -> ChoroplethSpec:
    """The map's regions, labels and legend for the selection (the map object is made per viewer)."""
    return _choropleth(data_key(), sel, mode)


@shared(max_entries=ENTRIES)
def _tile_map(key: DataKey, sel: Selection, mode: str) -> str:
    return tile_map_html(_map(key, sel).summary, get_catalog().regions.kabkota, get_rules(), mode)


def tile_map(sel: Selection, mode: str) -> str:
    return _tile_map(data_key(), sel, mode)
