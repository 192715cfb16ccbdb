"""One colour per region, the same on every chart.

The palette is fixed and colour-blind safe (Paul Tol's "muted" scheme); colours are handed out in
catalog order, so a region keeps its colour whatever is selected. The province gets a dark colour
of its own so it stands apart from its kab/kota. Category colours come from the rules file
(``rules.category_colors``), never from here.
"""

from __future__ import annotations

from ..catalog import LEVEL_PROVINCE, Catalog
from ..rules import Rules

# Paul Tol, "muted" qualitative scheme (https://personal.sron.nl/~pault/), distinguishable with
# the common forms of colour blindness. Order chosen so neighbours in the catalog differ strongly.
KABKOTA_PALETTE = (
    "#332288",  # indigo
    "#CC6677",  # rose
    "#117733",  # green
    "#DDAA33",  # ochre (darker than Tol's sand so it reads on white)
    "#88CCEE",  # cyan
    "#882255",  # wine
    "#44AA99",  # teal
    "#AA4499",  # purple
    "#999933",  # olive
)
PROVINCE_COLOR = "#111111"
# The real national average (a reference, not a region): grey, drawn dashed.
REFERENCE_COLOR = "#6b6b6b"


def region_line_colors(catalog: Catalog) -> dict[str, str]:
    """``kode_wilayah`` → the region's own fixed ``#rrggbb`` for its line on the trend and rank
    charts, for every region of the catalog, in catalog order: the province dark, the kab/kota
    through the palette (repeating if there are more than 9). Not its score: a map's fill by score
    or category is ``maps.region_fill_colors``."""
    colors: dict[str, str] = {}
    position = 0
    for code, level in zip(catalog.regions.table["kode_wilayah"], catalog.regions.table["tingkat"]):
        if level == LEVEL_PROVINCE:
            colors[code] = PROVINCE_COLOR
        else:
            colors[code] = KABKOTA_PALETTE[position % len(KABKOTA_PALETTE)]
            position += 1
    return colors


# Regions without a score, on every map, chart, card and table (screen, slides, PDF): one mid grey
# (no category is grey), dark enough that such a region never looks blank on a white page or slide.
NO_DATA_COLOR = "#9e9e9e"
NO_DATA_TEXT = "Tidak ada data"  # its words in every legend


def category_color(rules: Rules, category) -> str:
    """The colour of a category from the rules file; ``NO_DATA_COLOR`` for no category (None,
    NaN, empty) or one the rules do not know."""
    if not isinstance(category, str) or not category:
        return NO_DATA_COLOR
    return rules.category_colors.get(category, NO_DATA_COLOR)


# Text (and hatch lines) on a coloured background: the near-black of the theme's text, or white.
DARK_TEXT = "#111111"
LIGHT_TEXT = "#ffffff"


def text_color_on(background: str) -> str:
    """``DARK_TEXT`` or ``LIGHT_TEXT``, whichever reads better on the given #rrggbb colour (its
    perceived brightness 0.299 R + 0.587 G + 0.114 B above 150: dark text). The one rule for the
    screen, the slides, the PDF and the Excel recap."""
    value = background.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return DARK_TEXT if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else LIGHT_TEXT
