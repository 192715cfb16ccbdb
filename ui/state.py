"""Cached loading of the catalog, rules, data and scores (computed once per data version)."""

from __future__ import annotations

import streamlit as st

from spm_core import load_catalog, load_rules
from spm_core.dataset import Dataset, data_file, file_sha256, load_dataset
from spm_core.scoring import Scores, score_all


@st.cache_resource(show_spinner=False)
def get_catalog():
    return load_catalog()


@st.cache_resource(show_spinner=False)
def get_rules():
    return load_rules()


@st.cache_resource(show_spinner="Memuat data …")
def _dataset_for(path: str, sha256: str) -> Dataset:
    return load_dataset(get_catalog(), path)


@st.cache_resource(show_spinner="Menghitung nilai …")
def _scores_for(path: str, sha256: str) -> Scores:
    return score_all(_dataset_for(path, sha256).data, get_catalog(), get_rules())


def _current_key() -> tuple[str, str]:
    path = data_file()
    return str(path), file_sha256(path)


def get_dataset() -> Dataset:
    return _dataset_for(*_current_key())


def get_scores() -> Scores:
    """Scores of the current data file, keyed by its SHA-256 so a new file is scored anew."""
    return _scores_for(*_current_key())
