"""Cached access to the catalog, rules, database, data and scores. Scores are computed once per
(database, version) and reused by every page and session."""

from __future__ import annotations

import os

import streamlit as st
from sqlalchemy import Engine

from spm_core import load_catalog, load_rules
from spm_core.scoring import Scores, score_all
from spm_core.store import StoredData, current_data, database_url, initialize, open_store
from spm_core.store.versions import latest_version

VERSION_KEY = "versi"  # the "as of" version chosen in the sidebar (None = newest)


@st.cache_resource(show_spinner=False)
def get_catalog():
    return load_catalog()


@st.cache_resource(show_spinner=False)
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


@st.cache_resource(show_spinner="Menyiapkan basis data …")
def _engine_for(url: str) -> Engine:
    engine = open_store(url)
    initialize(engine, get_catalog())  # the simulated data, only into an empty database
    return engine


def get_engine() -> Engine:
    return _engine_for(configured_database_url())


@st.cache_resource(show_spinner="Memuat data …", max_entries=8)
def _data_for(url: str, version: int | None) -> StoredData:
    return current_data(_engine_for(url), as_of=version)


@st.cache_resource(show_spinner="Menghitung nilai …", max_entries=8)
def _scores_for(url: str, version: int | None) -> Scores:
    return score_all(_data_for(url, version).data, get_catalog(), get_rules())


def shown_version() -> int | None:
    """The version the dashboard shows: the one chosen in the sidebar, else the newest approved."""
    chosen = st.session_state.get(VERSION_KEY)
    if chosen:
        return int(chosen)
    with get_engine().connect() as connection:
        return latest_version(connection)


def get_dataset() -> StoredData:
    return _data_for(configured_database_url(), shown_version())


def get_scores() -> Scores:
    return _scores_for(configured_database_url(), shown_version())
