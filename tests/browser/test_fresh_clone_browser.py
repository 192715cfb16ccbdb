"""A fresh clone with nothing beside it: the committed tree (``git archive HEAD``) unpacked in a
temporary folder where no ``../shared`` exists, its app started from there, draws the eight
region shapes from the boundaries that travel in its own geo/ folder."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile

import pytest
from playwright.sync_api import expect

from .conftest import PROJECTOR_SIZES, ROOT, running_app, screenshot
from .test_peta_browser import map_frame, open_map_page


@pytest.fixture(scope="module")
def fresh_clone_url(chromium_executable, tmp_path_factory):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to archive")
    base = tmp_path_factory.mktemp("fresh_clone")
    tree = base / "checkout" / "spm-banten"
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    assert not (tree.parent / "shared").exists()
    with running_app(base, tree, without=("SPM_GEO_DIR", "PYTHONPATH")) as url:  # this venv; the copy's code
        yield url


def test_a_fresh_clone_without_shared_files_draws_the_eight_regions(fresh_clone_url, open_page):
    page, requests = open_map_page(fresh_clone_url, open_page, PROJECTOR_SIZES["1920x1080"])
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() == 8
    expect(page.get_by_text("Batas wilayah: cahyadsn/wilayah_boundaries (MIT)")).to_be_visible(timeout=15_000)
    assert page.get_by_text("Berkas batas wilayah tidak ditemukan").count() == 0
    screenshot(page, "peta_fresh_clone_1920x1080")
    assert requests.outside() == []
