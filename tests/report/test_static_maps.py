"""The map pictures of the slides and the PDF report: their size, every region filled with its
category's colour (sampled in the slide picture around the region's label point), and the legend."""

from collections import Counter

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex

from spm_core.report.static_maps import deck_map_figure, deck_map_png
from spm_core.visuals.geo import PRINT, label_points, load_boundaries

BANTEN = ("36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74")
# One region per category (colours as written in data/aturan/aturan_spm.toml), two without data.
REGIONS = [
    {"kode": "36.01", "nama": "Kabupaten Pandeglang", "nilai": 55.0, "kategori": "Belum Tuntas"},
    {"kode": "36.02", "nama": "Kabupaten Lebak", "nilai": 61.0, "kategori": "Tuntas Muda"},
    {"kode": "36.03", "nama": "Kabupaten Tangerang", "nilai": 72.0, "kategori": "Tuntas Pratama"},
    {"kode": "36.04", "nama": "Kabupaten Serang", "nilai": 85.0, "kategori": "Tuntas Madya"},
    {"kode": "36.71", "nama": "Kota Tangerang", "nilai": 95.0, "kategori": "Tuntas Utama"},
    {"kode": "36.72", "nama": "Kota Cilegon", "nilai": 100.0, "kategori": "Tuntas Paripurna"},
    {"kode": "36.73", "nama": "Kota Serang", "nilai": None, "kategori": None},
    {"kode": "36.74", "nama": "Kota Tangerang Selatan", "nilai": None, "kategori": None},
]
EXPECTED_FILL = {
    "36.01": "#c51b2c",
    "36.02": "#fc8d59",
    "36.03": "#fee08b",
    "36.04": "#91cf60",
    "36.71": "#1a9850",
    "36.72": "#00543a",
    "36.73": "#9e9e9e",
    "36.74": "#9e9e9e",  # no data: grey
}


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def most_common_colour_around(pixels: np.ndarray, x: float, y: float, inner: int = 5, outer: int = 10) -> str:
    """The commonest colour in a ring around (x, y), pixels from the top left: the fill, whatever the
    label's dot, its leader line or the thin hatch lines cover."""
    rows, cols = np.ogrid[: pixels.shape[0], : pixels.shape[1]]
    distance = np.hypot(cols - x, rows - y)
    ring = pixels[(distance >= inner) & (distance <= outer)]
    ((rgb, _),) = Counter(map(tuple, ring)).most_common(1)
    return "#" + "".join(f"{int(v):02x}" for v in rgb)


def test_the_pictures_keep_their_size(rules):
    assert png_size(deck_map_png(REGIONS, BANTEN, rules, simulated=True, wide=True)) == (1200, 690)
    assert png_size(deck_map_png(REGIONS, BANTEN, rules, simulated=True)) == (1920, 1080)


def test_every_region_of_the_slide_map_is_filled_with_its_category_colour_at_its_label_point(rules):
    fig = deck_map_figure(REGIONS, BANTEN, rules, simulated=True, wide=True)
    fig.set_dpi(150)  # as the slide picture is saved
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[:, :, :3]
    assert pixels.shape == (690, 1200, 3)
    points = label_points(load_boundaries(BANTEN, purpose=PRINT).shapes.geometry)
    to_pixels = fig.axes[0].transData
    found = {}
    for kode, point in points.items():
        x, y = to_pixels.transform((point.x, point.y))
        found[kode] = most_common_colour_around(pixels, x, pixels.shape[0] - y)
    assert found == EXPECTED_FILL


def test_the_print_map_legend_lists_every_category_with_its_range_colour_and_hatch_then_no_data(rules):
    fig = deck_map_figure(REGIONS, BANTEN, rules, simulated=True)
    legend = fig.legends[0]
    assert legend.get_title().get_text() == "Kategori capaian"
    entries = [
        (text.get_text(), to_hex(handle.get_facecolor()), handle.get_hatch())
        for text, handle in zip(legend.get_texts(), legend.legend_handles)
    ]
    assert entries == [
        ("Tuntas Paripurna (100)", "#00543a", ""),
        ("Tuntas Utama (90 – <100)", "#1a9850", ".."),
        ("Tuntas Madya (80 – <90)", "#91cf60", "//"),
        ("Tuntas Pratama (70 – <80)", "#fee08b", "\\\\"),
        ("Tuntas Muda (60 – <70)", "#fc8d59", "xx"),
        ("Belum Tuntas (< 60)", "#c51b2c", "++"),
        ("Tidak ada data", "#9e9e9e", None),
    ]


def test_every_region_is_labelled_with_its_name_and_score(rules):
    fig = deck_map_figure(REGIONS, BANTEN, rules, simulated=True, wide=True)
    texts = {t.get_text().replace("\n", " ") for t in fig.axes[0].texts}
    for expected in ("Kab. Pandeglang 55,00", "Kota Cilegon 100,00", "Kota Serang –", "Kota Tangerang Selatan –"):
        assert expected in texts


def test_without_boundaries_there_is_no_picture(rules, tmp_path, monkeypatch):
    monkeypatch.setenv("SPM_GEO_DIR", str(tmp_path))
    assert deck_map_png(REGIONS, ("52.01",), rules, simulated=True) is None


@pytest.fixture(autouse=True)
def _fresh_boundaries():
    load_boundaries.cache_clear()
    yield
    load_boundaries.cache_clear()


def test_the_print_map_leaves_the_attribution_to_the_report_and_keeps_the_notice(rules):
    """The governor's report prints the boundaries' attribution as text under the picture: the
    print picture does not draw it a second time; the simulated-data notice stays in the picture."""
    texts = [t.get_text() for t in deck_map_figure(REGIONS, BANTEN, rules, simulated=True).texts]
    assert not any("Batas wilayah" in text for text in texts)
    assert any("Data simulasi" in text for text in texts)
