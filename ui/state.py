"""Cached access to the catalog, rules, database, data and scores.

Every page run starts with ONE query (``spm_core.store.context.run_context``: the data generation,
the newest approved version and the viewer password), made by ``app.py``. Everything read or
computed from the data is cached by (database, generation, version): the generation is raised in
the same transaction as every change that alters what a page shows, so a cached value is never
stale, on this process or on any other process on the same database. No cached function reads
``st.session_state`` or a widget: whatever depends on the viewer is passed in as an argument."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from streamlit.runtime.scriptrunner import get_script_run_ctx

from spm_core import load_catalog, load_rules
from spm_core.scoring import Scores, score_all
from spm_core.store import StoredData, current_data, database_url, initialize, open_store
from spm_core.store.context import RunContext, run_context
from spm_core.store.planning import (
    current_action_plans,
    current_problems,
    current_stages,
    current_unit_costs,
    submissions,
    unit_cost_history,
)
from spm_core.store.versions import history, version_rows, visible_history
from ui.memo import shared

VERSION_KEY = "versi"  # the "as of" version chosen in the sidebar (None = newest)
CONTEXT_KEY = "_konteks_jalan"  # this run's RunContext, read once by app.py


@shared()
def get_catalog():
    return load_catalog()


@shared()
def get_rules():
    return load_rules()


def configured_database_url() -> str:
    """``SPM_DATABASE_URL``, else the Streamlit secret ``database_url``, else the SQLite file."""
    if os.environ.get("SPM_DATABASE_URL"):
        return database_url()
    try:
        secret = st.secrets.get("database_url")
    except Exception:  # noqa: BLE001 - no secrets file at all is the normal case
        secret = None
    return database_url(secret)


@shared(spinner="Menyiapkan basis data …")
def _engine_for(url: str) -> Engine:
    engine = open_store(url)
    initialize(engine, get_catalog())  # the simulated data, only into an empty database
    return engine


def get_engine() -> Engine:
    return _engine_for(configured_database_url())


# --- the run's context and the data key ----------------------------------------------------------


def _this_run():
    """An object that is new in every script run and the same throughout one run (Streamlit gives
    each run a fresh cursor table); kept in the session beside the context, so it is never freed
    and its identity never reused while it marks the context."""
    ctx = get_script_run_ctx()
    return ctx.cursors if ctx is not None else None


def load_run_context() -> RunContext:
    """Read this run's context (one SELECT) and keep it for the rest of the run; app.py calls it
    first thing in every run."""
    with get_engine().connect() as connection:
        context = run_context(connection)
    st.session_state[CONTEXT_KEY] = (_this_run(), context)
    return context


def current_context() -> RunContext:
    """This run's context: read by app.py at the start of the run, or read now when this run did
    not go through app.py (a page run alone, as AppTest reruns a page)."""
    stored = st.session_state.get(CONTEXT_KEY)
    marker = _this_run()
    if stored is not None and marker is not None and stored[0] is marker:
        return stored[1]
    return load_run_context()


@dataclass(frozen=True)
class DataKey:
    """What every cached value depends on: the database, its data generation and the version
    shown ("as of"; the newest approved one by default)."""

    url: str
    generation: int
    version: int | None


def data_key() -> DataKey:
    context = current_context()
    chosen = st.session_state.get(VERSION_KEY)
    version = int(chosen) if chosen else context.latest_version
    return DataKey(configured_database_url(), context.generation, version)


# --- data and scores -------------------------------------------------------------------------------


@shared(max_entries=8, spinner="Memuat data …")
def _data_for(url: str, generation: int, version: int | None) -> StoredData:
    return current_data(_engine_for(url), as_of=version)


@shared(max_entries=8, spinner="Menghitung nilai …")
def _scores_for(url: str, generation: int, version: int | None) -> Scores:
    return score_all(_data_for(url, generation, version).data, get_catalog(), get_rules())


def get_dataset(key: DataKey | None = None) -> StoredData:
    key = key or data_key()
    return _data_for(key.url, key.generation, key.version)


def get_scores(key: DataKey | None = None) -> Scores:
    key = key or data_key()
    return _scores_for(key.url, key.generation, key.version)


# --- other stored tables, read once per generation -------------------------------------------------

READERS = {
    "history": history,
    "unit_costs": current_unit_costs,
    "unit_cost_history": unit_cost_history,
    "stages": current_stages,
    "action_plans": current_action_plans,
    "problems": current_problems,
    "submissions": submissions,
    "version_rows": version_rows,
    "visible_history": visible_history,  # called with (role, kode_wilayah, kode_bidang): who looks is in the key
}


@st.cache_data(show_spinner=False, max_entries=64)
def _read(url: str, generation: int, reader: str, args: tuple) -> pd.DataFrame:
    with _engine_for(url).connect() as connection:
        return READERS[reader](connection, *args)


def read_store(reader: str, *args, key: DataKey | None = None) -> pd.DataFrame:
    """A table of the store (``READERS``) as of this run's generation; a copy the caller may change."""
    key = key or data_key()
    return _read(key.url, key.generation, reader, tuple(args))


def after_write() -> None:
    """Re-read the run's context after this session changed the data, so the rest of the run and
    any rerun of the page alone (a widget callback, ``st.rerun``) are keyed by the new generation."""
    load_run_context()


def pending_submissions() -> int:
    """How many submissions wait for a verifier (the sidebar tells those who can decide)."""
    table = read_store("history")
    return 0 if table.empty else int((table["status"] == "menunggu").sum())
