"""The page models of spm_core.views, cached for every viewer by (data key, selection, the page's
own choices). The arguments are plain values; nothing here reads the session."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from spm_core import gaps, views
from spm_core.dataset import national_average
from spm_core.geo import load_boundaries
from spm_core.maps import ChoroplethSpec, choropleth_spec, load_label_positions, tile_map_html
from spm_core.summary import Selection
from spm_core.tables import BUDGET_TABLE_COLUMNS, GAP_TABLE_COLUMNS, gap_screen_table
from ui.charts import formatted
from ui.components import status_table_html
from ui.state import DataKey, data_key, get_catalog, get_rules, get_scores, read_store

ENTRIES = 128  # per page: generations × selections × choices that stay warm
MAP_TABLE_FORMATS = {"Peringkat": "jumlah", "Nilai": "nilai", "Perubahan (poin)": "perubahan", "Keterisian (%)": "persen"}


@st.cache_resource(show_spinner=False)
def _national_average():
    return national_average()


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _overview(key: DataKey, sel: Selection) -> views.OverviewView:
    return views.overview_view(get_scores(key), get_catalog(), get_rules(), sel)


def overview(sel: Selection) -> views.OverviewView:
    return _overview(data_key(), sel)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _map(key: DataKey, sel: Selection) -> views.MapView:
    return views.map_view(get_scores(key), get_catalog(), get_rules(), sel)


def map_model(sel: Selection) -> views.MapView:
    return _map(data_key(), sel)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _map_table_on_screen(key: DataKey, sel: Selection) -> pd.DataFrame:
    return formatted(_map(key, sel).table.drop(columns=["Kode"]), MAP_TABLE_FORMATS)


def map_table_on_screen(sel: Selection) -> pd.DataFrame:
    """The map's ranked table with its numbers as Indonesian text (made once per view)."""
    return _map_table_on_screen(data_key(), sel)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _trend(key: DataKey, start: int, end: int, regions: tuple, bidang, layanan, bands: bool, highlight
           ) -> views.TrendView:
    return views.trend_view(get_scores(key), get_catalog(), get_rules(), _national_average(), start, end, regions,
                            bidang, layanan, bands, highlight)


def trend(start: int, end: int, regions, bidang, layanan, bands: bool, highlight=None) -> views.TrendView:
    return _trend(data_key(), start, end, tuple(regions), bidang, layanan, bool(bands), highlight)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _comparison(key: DataKey, sel: Selection, sort_by) -> views.ComparisonView:
    return views.comparison_view(get_scores(key), get_catalog(), get_rules(), sel, sort_by)


def comparison(sel: Selection, sort_by) -> views.ComparisonView:
    return _comparison(data_key(), sel, sort_by)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _ranking(key: DataKey, start: int, end: int, regions: tuple, bidang) -> views.RankingView:
    return views.ranking_view(get_scores(key), get_catalog(), start, end, regions, bidang)


def ranking(start: int, end: int, regions, bidang) -> views.RankingView:
    return _ranking(data_key(), start, end, tuple(regions), bidang)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _profile(key: DataKey, kode: str, tahun: int, triwulan: int) -> views.ProfileView:
    return views.profile_view(get_scores(key), get_catalog(), get_rules(), kode, tahun, triwulan)


def profile(kode: str, tahun: int, triwulan: int) -> views.ProfileView:
    return _profile(data_key(), kode, tahun, triwulan)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _gaps(key: DataKey, sel: Selection) -> views.GapsView:
    return views.gaps_view(get_scores(key), get_catalog(), get_rules(), sel, read_store("unit_costs", key=key))


def gaps_model(sel: Selection) -> views.GapsView:
    return _gaps(data_key(), sel)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _target_plan(key: DataKey, sel: Selection, region: str, bidang: str, target, order: str):
    return views.target_plan(_gaps(key, sel), get_rules(), region, bidang, target, order)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _gap_rows(key: DataKey, sel: Selection, region, sort_by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = views.gap_rows(_gaps(key, sel), region, sort_by)
    return rows, gap_screen_table(rows, GAP_TABLE_COLUMNS)


def gap_rows(sel: Selection, region, sort_by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The gap rows of one region (None: all), sorted, and the same rows formatted for the screen."""
    return _gap_rows(data_key(), sel, region, sort_by)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _budget_on_screen(key: DataKey, sel: Selection) -> pd.DataFrame:
    return gap_screen_table(_gaps(key, sel).by_region, BUDGET_TABLE_COLUMNS)


def budget_on_screen(sel: Selection) -> pd.DataFrame:
    return _budget_on_screen(data_key(), sel)


def target_plan(sel: Selection, region: str, bidang: str, target, order: str):
    return _target_plan(data_key(), sel, region, bidang, target, order)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _stage_table(key: DataKey, tahun: int, sectors: tuple) -> pd.DataFrame:
    return views.stage_table(read_store("stages", tahun, key=key), read_store("action_plans", tahun, key=key),
                             get_catalog(), sectors)


def stage_table(tahun: int, sectors) -> pd.DataFrame:
    return _stage_table(data_key(), tahun, tuple(sectors))


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _stage_table_html(key: DataKey, tahun: int, sectors: tuple) -> str:
    matrix = _stage_table(key, tahun, sectors)
    stages = [f"{k}. {v}" for k, v in gaps.STAGES.items()]
    shown = matrix.rename(columns={"nama_wilayah": "Wilayah", "nama_singkat": "Bidang", "rencana_aksi": "Rencana aksi",
                                   **{f"tahap_{k}": f"{k}. {v}" for k, v in gaps.STAGES.items()}})
    return status_table_html(shown[["Wilayah", "Bidang", *stages, "Rencana aksi"]], [*stages, "Rencana aksi"],
                             gaps.STATUS_COLORS)


def stage_table_html(tahun: int, sectors) -> str:
    """The region × sector stage matrix as a coloured table, built once per view."""
    return _stage_table_html(data_key(), tahun, tuple(sectors))


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _reporting(key: DataKey, tahun: int, today: date) -> pd.DataFrame:
    return views.reporting_report(get_scores(key), get_catalog(), read_store("submissions", key=key), tahun, today)


def reporting(tahun: int) -> pd.DataFrame:
    return _reporting(data_key(), tahun, date.today())


@st.cache_resource(show_spinner=False)
def boundaries_for(codes: tuple[str, ...]):
    return load_boundaries(codes)


@st.cache_resource(show_spinner=False)
def _label_positions():
    return load_label_positions()


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _choropleth(key: DataKey, sel: Selection, mode: str) -> ChoroplethSpec:
    boundaries = boundaries_for(tuple(get_catalog().regions.kabkota))
    return choropleth_spec(_map(key, sel).summary, boundaries, get_rules(), mode, _label_positions())


def choropleth(sel: Selection, mode: str) -> ChoroplethSpec:
    """The map's regions, labels and legend for the selection (the map object is made per viewer)."""
    return _choropleth(data_key(), sel, mode)


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)
def _tile_map(key: DataKey, sel: Selection, mode: str) -> str:
    return tile_map_html(_map(key, sel).summary, get_catalog().regions.kabkota, get_rules(), mode)


def tile_map(sel: Selection, mode: str) -> str:
    return _tile_map(data_key(), sel, mode)
