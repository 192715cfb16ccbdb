"""Shared fixtures for the spm_core tests: the built-in catalog and rules, loaded once."""

import pytest

from spm_core.catalog import load_catalog
from spm_core.rules import DEFAULT_RULES_FILE, load_rules


@pytest.fixture(scope="session")
def catalog():
    """The built-in Banten catalog (data/katalog)."""
    return load_catalog()


@pytest.fixture(scope="session")
def rules():
    """The built-in rules file (data/aturan/aturan_spm.toml), whatever SPM_RULES_FILE says."""
    return load_rules(DEFAULT_RULES_FILE)
