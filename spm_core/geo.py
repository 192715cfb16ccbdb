"""Region boundaries for the maps: find the boundary folder, pick a file that covers the region
list in use, select its features by ``kode`` and simplify them once for the screen.

Boundary files are not part of the repository. They are looked for, in this order, in
``SPM_GEO_DIR`` (if set), the repository's ``geo/`` folder and ``../shared/geo/`` beside the
repository. In each folder the province's own simplified kab/kota file is preferred
(``*_kabkota_simplified.geojson``), then a full-detail kab/kota file (``*_kabkota.geojson``),
then the national file ``indonesia_kabkota.geojson``; the first file that holds every region of
the list wins (otherwise the one that holds the most). Features are joined on ``kode`` (never on
names). Nothing here knows Banten.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

REPO_ROOT = Path(__file__).resolve().parent.parent
GEO_DIR_ENV = "SPM_GEO_DIR"
NATIONAL_FILE = "indonesia_kabkota.geojson"
ATTRIBUTION = "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), kode Kepmendagri 2025; diolah."

# What the screen needs: a whole province on a projector is ~400–800 px per degree, so 0.003°
# (≈ 330 m, one to two pixels) is about the finest detail anyone can see, and 4 decimals (≈ 11 m) are
# more than enough precision for the coordinates sent to the browser.
SCREEN_TOLERANCE = 0.003
SCREEN_GRID = 1e-4


@dataclass(frozen=True)
class Boundaries:
    """The shapes of the regions found in one boundary file (in the order of the region list)."""

    path: Path
    kode: tuple[str, ...]
    nama: tuple[str, ...]
    geometries: tuple  # shapely geometries, EPSG:4326 (lon, lat), simplified for the screen
    missing: tuple[str, ...]  # codes of the region list that the file does not hold

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of all shapes."""
        return tuple(shapely.total_bounds(list(self.geometries)).tolist())

    def geometry_of(self, kode: str):
        return self.geometries[self.kode.index(kode)]


def geo_dirs(env: dict | None = None, repo_root: Path = REPO_ROOT) -> list[Path]:
    """The folders searched for boundary files, in order: SPM_GEO_DIR, repo geo/, ../shared/geo."""
    env = os.environ if env is None else env
    dirs = []
    if env.get(GEO_DIR_ENV):
        dirs.append(Path(env[GEO_DIR_ENV]).expanduser())
    dirs += [repo_root / "geo", repo_root.parent / "shared" / "geo"]
    return dirs


def candidate_files(folder: Path) -> list[Path]:
    """Boundary files of one folder in order of preference (simplified province files first)."""
    if not folder.is_dir():
        return []
    simplified = sorted(folder.glob("*kabkota_simplified.geojson"))
    detailed = sorted(p for p in folder.glob("*kabkota.geojson") if p.name != NATIONAL_FILE)
    national = [folder / NATIONAL_FILE] if (folder / NATIONAL_FILE).is_file() else []
    return [*simplified, *detailed, *national]


def _read_features(path: Path) -> dict[str, dict]:
    """kode → feature of a GeoJSON file (features without a kode are skipped)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for feature in data.get("features", []) if isinstance(data, dict) else []:
        props = feature.get("properties") or {}
        if props.get("kode") and feature.get("geometry"):
            out[str(props["kode"])] = feature
    return out


def find_boundary_file(codes, dirs: list[Path] | None = None) -> tuple[Path, dict[str, dict]] | None:
    """The first file (in the order of ``geo_dirs`` and ``candidate_files``) holding every code;
    otherwise the file holding the most codes; None when no file holds any."""
    codes = list(codes)
    best = None
    for folder in geo_dirs() if dirs is None else dirs:
        for path in candidate_files(Path(folder)):
            features = _read_features(path)
            found = sum(code in features for code in codes)
            if found == len(codes) and codes:
                return path, features
            if found and (best is None or found > best[0]):
                best = (found, path, features)
    return None if best is None else (best[1], best[2])


def simplify_for_screen(geometries: list, tolerance: float = SCREEN_TOLERANCE, grid: float = SCREEN_GRID) -> list:
    """Simplify all shapes at once (a clean coverage stays gap-free: neighbours keep one shared
    border), then snap coordinates to a grid so fewer digits go to the browser."""
    geometries = [shapely.make_valid(g) if not g.is_valid else g for g in geometries]
    if tolerance > 0:
        if shapely.coverage_is_valid(geometries):
            geometries = list(shapely.coverage_simplify(geometries, tolerance))
        else:  # e.g. the coarse national file, whose neighbours overlap: simplify one by one
            geometries = [shapely.simplify(g, tolerance, preserve_topology=True) for g in geometries]
    if grid:
        geometries = [shapely.set_precision(g, grid) for g in geometries]
    return geometries


@lru_cache(maxsize=8)
def load_boundaries(codes: tuple[str, ...], dirs: tuple[str, ...] | None = None,
                    tolerance: float = SCREEN_TOLERANCE) -> Boundaries | None:
    """Shapes of the given region codes, simplified for the screen (cached: done once per
    process and argument set). None when no boundary file holds any of the codes."""
    found = find_boundary_file(codes, None if dirs is None else [Path(d) for d in dirs])
    if found is None:
        return None
    path, features = found
    present = [c for c in codes if c in features]
    geometries = simplify_for_screen([shape(features[c]["geometry"]) for c in present], tolerance)
    names = [str(features[c]["properties"].get("nama", c)) for c in present]
    return Boundaries(path=path, kode=tuple(present), nama=tuple(names), geometries=tuple(geometries),
                      missing=tuple(c for c in codes if c not in features))


def label_point(geometry) -> tuple[float, float]:
    """(lon, lat) of a good place for a label: the pole of inaccessibility of the largest part."""
    parts = list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]
    largest = max(parts, key=lambda g: g.area)
    point = polylabel(largest, tolerance=0.001)
    return round(point.x, 4), round(point.y, 4)


def feature_collection(boundaries: Boundaries, properties: dict[str, dict] | None = None) -> dict:
    """GeoJSON FeatureCollection of the shapes with ``kode`` and any extra properties per code."""
    properties = properties or {}
    features = []
    for kode, geometry in zip(boundaries.kode, boundaries.geometries):
        features.append({"type": "Feature", "properties": {"kode": kode, **properties.get(kode, {})},
                         "geometry": mapping(geometry)})
    return {"type": "FeatureCollection", "features": features}
