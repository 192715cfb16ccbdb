"""What the presentation and export pages share: the meeting's name and date (kept in the
session), the deck of the chosen period, and the meeting files (PowerPoint, PDF, Excel).

The deck and the files are cached by (data key, period, meeting name and date): every argument is
passed in, nothing is read from the session inside a cached function, so one session's meeting
name never reaches another's files, and a change of the data (a new generation) builds them anew.
Streamlit runs at most one computation of the same cached value at a time, so fifty viewers asking
for the same PDF share one build."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from spm_core.report.deck import DEFAULT_MEETING, Deck, DeckError, build_deck
from spm_core.report.excel_recap import build_workbook
from spm_core.report.pdf_report import build_report
from spm_core.report.pptx_export import build_pptx
from spm_core.report.static_maps import deck_map_png
from spm_core.summary import Selection
from ui.state import DataKey, data_key, get_catalog, get_dataset, get_rules, get_scores, read_store

MEETING_KEY = "rapat_nama"
DATE_KEY = "rapat_tanggal"
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def _optional(table: pd.DataFrame) -> pd.DataFrame | None:
    return table if len(table) else None


@st.cache_resource(show_spinner=False, max_entries=16)
def _deck(key: DataKey, tahun: int, triwulan: int, name: str, day: date) -> Deck:
    dataset = get_dataset(key)
    return build_deck(
        get_scores(key),
        get_catalog(),
        get_rules(),
        Selection(tahun, triwulan),
        simulated=dataset.simulated,
        data_label=dataset.label,
        meeting=name,
        meeting_date=day,
        unit_costs=_optional(read_store("unit_costs", key=key)),
    )


def current_deck(sel: Selection) -> Deck:
    """The deck of the selected period for the shown data (DeckError when the period has no data)."""
    name, day = meeting()
    return _deck(data_key(), sel.tahun, sel.triwulan, name, day)


def deck_or_stop(sel: Selection) -> Deck:
    """The deck of the selection, or a notice and a stop when the period has no data."""
    try:
        return current_deck(sel)
    except DeckError as error:
        st.info(f"{error} Pilih periode lain di bilah samping.")
        st.stop()


@st.cache_resource(show_spinner=False, max_entries=32)
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


@st.cache_resource(show_spinner=False, max_entries=24)
def meeting_file(kind: str, key: DataKey, tahun: int, triwulan: int, name: str, day: date) -> bytes:
    """A meeting file ("pptx", "pdf" or "xlsx") built from the deck of these arguments. Runs when a
    download button is clicked, outside the page's session: everything comes in as arguments."""
    deck = _deck(key, tahun, triwulan, name, day)
    rules = get_rules()
    if kind == "pptx":
        return build_pptx(deck, rules, deck_map(deck, wide=True))
    scores, catalog, dataset = get_scores(key), get_catalog(), get_dataset(key)
    if kind == "pdf":
        return build_report(
            deck,
            scores,
            catalog,
            rules,
            map_png=deck_map(deck),
            problems=_optional(read_store("problems", tahun, key=key)),
            data_source=dataset.label,
        )
    if kind == "xlsx":
        return build_workbook(
            scores, catalog, rules, tahun, triwulan, simulated=dataset.simulated, data_label=dataset.label
        )
    raise ValueError(f"unknown meeting file kind: {kind}")
