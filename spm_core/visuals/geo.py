"""Region boundaries for the maps, as GeoDataFrames (geopandas, files read with pyogrio).

The boundaries travel with the app: the repository's ``geo/`` folder holds the kab/kota of the
province for the screen (``*_kabkota_simplified.geojson``) and for print (``*_kabkota.geojson``),
the licence of their source and ``sumber.toml`` (source, licence, the attribution line shown under
every map, how the files were made); ``scripts/make_geo.py`` regenerates them. ``SPM_GEO_DIR``
names another folder, searched first. In a folder, the file made for the purpose is preferred (the
simplified one for the screen, the detailed one for print), then the other, then the national
``indonesia_kabkota.geojson``; the first file that holds every region of the list wins (otherwise
the one that holds the most). Features are selected by ``kode`` (never by names). Nothing here
knows Banten.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

REPO_ROOT = Path(__file__).resolve().parents[2]
GEO_DIR_ENV = "SPM_GEO_DIR"
NATIONAL_FILE = "indonesia_kabkota.geojson"
SOURCE_FILE = "sumber.toml"  # beside the boundary files: source, licence, attribution line
SCREEN, PRINT = "screen", "print"

# What the screen needs: a whole province on a projector is ~400–800 px per degree, so 0.003°
# (≈ 330 m, one to two pixels) is about the finest detail anyone can see, and 4 decimals (≈ 11 m) are
# more than enough precision for the coordinates sent to the browser. Print keeps the file's detail.
SCREEN_TOLERANCE = 0.003
SCREEN_GRID = 1e-4


@dataclass(frozen=True)
class Boundaries:
    """The regions found in one boundary file and where they come from."""

    shapes: gpd.GeoDataFrame  # index ``kode`` in the order of the region list; ``nama``, geometry (EPSG:4326)
    path: Path
    attribution: str  # the line shown under every map drawn from these shapes
    missing: tuple[str, ...]  # codes of the region list that the file does not hold


def geo_dirs(env: dict | None = None, repo_root: Path = REPO_ROOT) -> list[Path]:
    """The folders searched for boundary files, in order: SPM_GEO_DIR (if set), the repo's geo/."""
    env = os.environ if env is None else env
    configured = [Path(env[GEO_DIR_ENV]).expanduser()] if env.get(GEO_DIR_ENV) else []
    return [*configured, repo_root / "geo"]


def candidate_files(folder: Path, purpose: str = SCREEN) -> list[Path]:
    """Boundary files of one folder in order of preference for the purpose (screen or print)."""
    if not folder.is_dir():
        return []
    simplified = sorted(folder.glob("*kabkota_simplified.geojson"))
    detailed = sorted(p for p in folder.glob("*kabkota.geojson") if p.name != NATIONAL_FILE)
    national = [folder / NATIONAL_FILE] if (folder / NATIONAL_FILE).is_file() else []
    return [*simplified, *detailed, *national] if purpose == SCREEN else [*detailed, *simplified, *national]


def _codes_in(path: Path) -> set[str]:
    """The ``kode`` values of a boundary file (its attribute table only; unreadable file: none)."""
    try:
        table = pyogrio.read_dataframe(path, columns=["kode"], read_geometry=False)
    except (OSError, RuntimeError, ValueError):
        return set()
    return set(table["kode"].dropna().astype(str)) if "kode" in table else set()


def find_boundary_file(codes, dirs: list[Path] | None = None, purpose: str = SCREEN) -> Path | None:
    """The first file (in the order of ``geo_dirs`` and ``candidate_files``) holding every code;
    otherwise the file holding the most codes; None when no file holds any."""
    codes = list(codes)
    best, best_found = None, 0
    for folder in geo_dirs() if dirs is None else dirs:
        for path in candidate_files(Path(folder), purpose):
            found = len(set(codes) & _codes_in(path))
            if codes and found == len(codes):
                return path
            if found > best_found:
                best, best_found = path, found
    return best


def attribution_of(folder: Path) -> str:
    """The attribution line of a boundary folder's ``sumber.toml``; a plain notice without one."""
    try:
        line = tomllib.loads((folder / SOURCE_FILE).read_text(encoding="utf-8")).get("atribusi")
    except (OSError, ValueError):
        line = None
    return str(line) if line else f"Batas wilayah: {folder.name}/ (sumber tidak tercatat, lihat geo/README.md)."


def simplify_for_screen(
    shapes: gpd.GeoSeries, tolerance: float = SCREEN_TOLERANCE, grid: float = SCREEN_GRID
) -> gpd.GeoSeries:
    """Simplify all shapes at once as a coverage (neighbours keep one shared border, no gaps open),
    then snap coordinates to a grid so fewer digits go to the browser."""
    shapes = shapes.make_valid()
    if tolerance > 0:
        if shapes.is_valid_coverage():
            shapes = shapes.simplify_coverage(tolerance)
        else:  # e.g. the coarse national file, whose neighbours overlap: simplify one by one
            shapes = shapes.simplify(tolerance, preserve_topology=True)
    return shapes.set_precision(grid) if grid else shapes


@lru_cache(maxsize=8)
def load_boundaries(
    codes: tuple[str, ...], dirs: tuple[str, ...] | None = None, purpose: str = SCREEN, tolerance: float | None = None
) -> Boundaries | None:
    """The shapes of the given region codes (cached: read once per process and argument set); for
    the screen simplified to ``tolerance`` (default ``SCREEN_TOLERANCE``), for print as in the file.
    None when no boundary file holds any of the codes."""
    path = find_boundary_file(codes, None if dirs is None else [Path(d) for d in dirs], purpose)
    if path is None:
        return None
    shapes = gpd.read_file(path, engine="pyogrio")
    if shapes.crs is not None and not shapes.crs.equals("EPSG:4326"):
        shapes = shapes.to_crs("EPSG:4326")
    shapes["kode"] = shapes["kode"].astype(str)
    if "nama" not in shapes:
        shapes["nama"] = shapes["kode"]
    shapes = shapes.drop_duplicates("kode").set_index("kode")
    present = [c for c in codes if c in shapes.index]
    shapes = shapes.loc[present, ["nama", "geometry"]]
    if tolerance is None:
        tolerance = SCREEN_TOLERANCE if purpose == SCREEN else 0.0
    shapes["geometry"] = simplify_for_screen(shapes.geometry, tolerance, SCREEN_GRID if tolerance else 0.0)
    return Boundaries(
        shapes=shapes,
        path=path,
        attribution=attribution_of(path.parent),
        missing=tuple(c for c in codes if c not in shapes.index),
    )


def map_attribution(codes, purpose: str = SCREEN) -> str:
    """The attribution line of the boundaries the maps of these region codes are drawn from
    (empty when there are none)."""
    found = load_boundaries(tuple(codes), purpose=purpose)
    return found.attribution if found is not None else ""


def label_points(shapes: gpd.GeoSeries) -> gpd.GeoSeries:
    """A good place for each shape's label: the centre of the largest circle inside its largest
    part (the pole of inaccessibility), rounded to 4 decimals; same index as ``shapes``."""
    parts = shapes.explode(index_parts=False)
    area = pd.Series(shapely.area(parts.to_numpy()), index=parts.index)  # degrees², compared within a shape
    largest = parts[area.groupby(level=0).transform("max") == area]
    largest = largest[~largest.index.duplicated()]
    centres = largest.maximum_inscribed_circle(tolerance=0.001).get_coordinates().groupby(level=0).first()
    centres = centres.reindex(shapes.index).round(4)
    return gpd.GeoSeries(gpd.points_from_xy(centres["x"], centres["y"]), index=shapes.index, crs=shapes.crs)


def shapes_of(kode, nama, geometries, *, path: str = "test.geojson", attribution: str = "", missing=()) -> Boundaries:
    """Boundaries from plain lists (tests, other sources): codes, names and shapely geometries."""
    frame = gpd.GeoDataFrame(
        {"nama": list(nama)}, geometry=list(geometries), crs="EPSG:4326", index=pd.Index(list(kode), name="kode")
    )
    return Boundaries(shapes=frame, path=Path(path), attribution=attribution, missing=tuple(missing))
