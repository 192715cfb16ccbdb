"""What the presentation and export pages share: the meeting's name and date (kept in the
session), and the deck of the chosen period built once from the shown data (cached)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from spm_core.deck import DEFAULT_MEETING, Deck, build_deck
from spm_core.static_maps import deck_map_png
from spm_core.summary import Selection
from ui.state import configured_database_url, get_catalog, get_dataset, get_engine, get_rules, get_scores, shown_version

MEETING_KEY = "rapat_nama"
DATE_KEY = "rapat_tanggal"


def meeting() -> tuple[str, date]:
    return st.session_state.get(MEETING_KEY, DEFAULT_MEETING), st.session_state.get(DATE_KEY, date.today())


def meeting_inputs() -> tuple[str, date]:
    """Name and date of the meeting; kept in the session (not only in the widgets) so they survive
    pages that do not draw the inputs."""
    name, day = meeting()

    def keep():
        st.session_state[MEETING_KEY] = st.session_state["_w_rapat_nama"]
        st.session_state[DATE_KEY] = st.session_state["_w_rapat_tanggal"]

    columns = st.columns([3, 1])
    columns[0].text_input("Nama rapat", value=name, key="_w_rapat_nama", on_change=keep, max_chars=120)
    columns[1].date_input("Tanggal rapat", value=day, key="_w_rapat_tanggal", on_change=keep, format="DD/MM/YYYY")
    return meeting()


def unit_costs() -> pd.DataFrame | None:
    """The unit costs of the planning store (None where the store has none, or no such table)."""
    try:
        from spm_core.store.planning import current_unit_costs

        with get_engine().connect() as connection:
            table = current_unit_costs(connection)
        return table if len(table) else None
    except Exception:  # noqa: BLE001 - an older database without the planning tables
        return None


def problems(tahun: int) -> pd.DataFrame | None:
    """The problems and follow-ups recorded for a year (None where there are none)."""
    try:
        from spm_core.store.planning import current_problems

        with get_engine().connect() as connection:
            table = current_problems(connection, tahun)
        return table if len(table) else None
    except Exception:  # noqa: BLE001 - an older database without the planning tables
        return None


@st.cache_data(show_spinner=False, ttl=120, max_entries=16)
def _deck(url: str, version: int | None, tahun: int, triwulan: int, name: str, day: date) -> Deck:
    dataset = get_dataset()
    return build_deck(get_scores(), get_catalog(), get_rules(), Selection(tahun, triwulan),
                      simulated=dataset.simulated, data_label=dataset.label, meeting=name, meeting_date=day,
                      unit_costs=unit_costs())


def current_deck(sel: Selection) -> Deck:
    """The deck of the selected period for the shown data version (DeckError when no data)."""
    name, day = meeting()
    return _deck(configured_database_url(), shown_version(), sel.tahun, sel.triwulan, name, day)


@st.cache_data(show_spinner=False, max_entries=16)
def deck_or_stop(sel: Selection) -> Deck:
    """The deck of the selection, or a notice and a stop when the period has no data."""
    from spm_core.deck import DeckError

    try:
        return current_deck(sel)
    except DeckError as error:
        st.info(f"{error} Pilih periode lain di bilah samping.")
        st.stop()


def _map_png(regions: tuple, simulated: bool, wide: bool) -> bytes | None:
    rows = [dict(zip(("kode", "nama", "nilai", "kategori"), r)) for r in regions]
    return deck_map_png(rows, get_catalog().regions.kabkota, get_rules(), simulated=simulated, wide=wide)


def deck_map(deck: Deck, wide: bool = False) -> bytes | None:
    """The map picture of the deck's map slide (cached by the numbers it shows); ``wide``: the
    slide version, else the print version."""
    slides = deck.of_kind("peta")
    if not slides:
        return None
    regions = tuple((r["kode"], r["nama"], r["nilai"], r["kategori"]) for r in slides[0].data["wilayah"])
    return _map_png(regions, deck.simulated, wide)
