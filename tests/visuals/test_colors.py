"""The palette: region line colours (fixed, in catalog order, the province dark and apart), the
category colours with the no-data grey, and the text colour on a coloured background."""

import pandas as pd

from spm_core.catalog import Regions, load_catalog
from spm_core.visuals.colors import (
    DARK_TEXT,
    KABKOTA_PALETTE,
    LIGHT_TEXT,
    NO_DATA_COLOR,
    PROVINCE_COLOR,
    category_color,
    region_line_colors,
    text_color_on,
)


def test_every_banten_region_gets_a_colour_and_all_differ(catalog):
    colors = region_line_colors(catalog)
    # 1 province + 8 kab/kota
    assert len(colors) == 9
    assert len(set(colors.values())) == 9


def test_the_province_is_dark_and_the_kabkota_follow_the_palette_in_catalog_order(catalog):
    colors = region_line_colors(catalog)
    assert colors["36"] == PROVINCE_COLOR
    assert colors["36.01"] == KABKOTA_PALETTE[0]  # Pandeglang, first kab/kota in wilayah.csv
    assert colors["36.74"] == KABKOTA_PALETTE[7]  # Tangerang Selatan, eighth


def test_a_region_keeps_its_colour_whatever_else_is_listed():
    table = pd.DataFrame(
        {
            "kode_wilayah": ["11", "11.01", "11.02"],
            "nama_wilayah": ["Provinsi A", "Kab B", "Kab C"],
            "tingkat": ["provinsi", "kabkota", "kabkota"],
            "alias": "",
            "penduduk": float("nan"),
            "sumber": "",
        }
    )
    colors = region_line_colors(load_catalog(Regions(table)))
    assert colors == {"11": PROVINCE_COLOR, "11.01": KABKOTA_PALETTE[0], "11.02": KABKOTA_PALETTE[1]}


def test_more_kabkota_than_colours_reuse_the_palette_from_the_start():
    codes = [f"11.{i:02d}" for i in range(1, 12)]
    table = pd.DataFrame(
        {
            "kode_wilayah": codes,
            "nama_wilayah": codes,
            "tingkat": "kabkota",
            "alias": "",
            "penduduk": float("nan"),
            "sumber": "",
        }
    )
    colors = region_line_colors(load_catalog(Regions(table)))
    # 9 colours in the palette: the 10th kab/kota gets the 1st colour again
    assert colors["11.10"] == KABKOTA_PALETTE[0]


def test_palette_colours_are_distinct_hex_codes():
    assert len(set(KABKOTA_PALETTE)) == len(KABKOTA_PALETTE)
    assert all(len(c) == 7 and c.startswith("#") for c in KABKOTA_PALETTE)


def test_dark_text_on_a_light_background():
    # #ffff00: 0.299 × 255 + 0.587 × 255 + 0.114 × 0 = 225.165 > 150
    assert text_color_on("#ffff00") == DARK_TEXT == "#111111"


def test_white_text_on_a_dark_background():
    # #1a4f8b: 0.299 × 26 + 0.587 × 79 + 0.114 × 139 = 7.774 + 46.373 + 15.846 = 69.993
    assert text_color_on("#1a4f8b") == LIGHT_TEXT == "#ffffff"


def test_a_brightness_of_exactly_150_takes_white_text():
    # #969696: (0.299 + 0.587 + 0.114) × 150 = 150, not above 150; #979797: 151
    assert text_color_on("#969696") == LIGHT_TEXT
    assert text_color_on("#979797") == DARK_TEXT


def test_the_no_data_grey_takes_dark_text():
    # #9e9e9e: 1.0 × 158 = 158 > 150
    assert text_color_on(NO_DATA_COLOR) == DARK_TEXT


def test_a_category_takes_its_colour_from_the_rules_file(rules):
    assert category_color(rules, "Tuntas Utama") == "#1a9850"  # [[kategori.tingkat]] warna in aturan_spm.toml


def test_no_category_or_an_unknown_one_is_the_no_data_grey(rules):
    for category in (None, float("nan"), "", "Tuntas Sekali"):
        assert category_color(rules, category) == NO_DATA_COLOR == "#9e9e9e"
