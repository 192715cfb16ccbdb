"""Finding boundary files, selecting features by region code, simplifying once for the screen."""

import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box, mapping

from spm_core.geo import (
    GEO_DIR_ENV, NATIONAL_FILE, candidate_files, feature_collection, find_boundary_file, geo_dirs, label_point,
    load_boundaries,
)

SHARED_GEO = Path(__file__).resolve().parents[2] / "shared" / "geo"
BANTEN = ("36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74")


def write_geojson(path: Path, squares: dict[str, tuple[float, float]]) -> Path:
    """A FeatureCollection of 1° squares keyed by kode (lower-left corner given)."""
    features = [{"type": "Feature", "properties": {"kode": k, "nama": f"Wilayah {k}"},
                 "geometry": mapping(box(x, y, x + 1, y + 1))} for k, (x, y) in squares.items()]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_the_configured_folder_is_searched_first_then_the_repo_then_shared(tmp_path):
    dirs = geo_dirs({GEO_DIR_ENV: str(tmp_path)}, repo_root=Path("/repo"))
    assert dirs == [tmp_path, Path("/repo/geo"), Path("/shared/geo")]


def test_without_the_setting_the_repo_geo_folder_comes_first():
    assert geo_dirs({}, repo_root=Path("/repo")) == [Path("/repo/geo"), Path("/shared/geo")]


def test_a_simplified_province_file_is_preferred_to_full_detail_and_national(tmp_path):
    for name in (NATIONAL_FILE, "banten_kabkota.geojson", "banten_kabkota_simplified.geojson", "notes.geojson"):
        (tmp_path / name).write_text("{}")
    assert [p.name for p in candidate_files(tmp_path)] == [
        "banten_kabkota_simplified.geojson", "banten_kabkota.geojson", NATIONAL_FILE]


def test_features_are_selected_by_the_codes_of_the_region_list_in_its_order(tmp_path):
    write_geojson(tmp_path / "x_kabkota_simplified.geojson",
                  {"11.01": (0, 0), "36.02": (1, 0), "36.01": (2, 0)})
    found = load_boundaries(("36.01", "36.02"), dirs=(str(tmp_path),), tolerance=0)
    assert found.kode == ("36.01", "36.02")  # 11.01 belongs to no region in the list
    assert found.nama == ("Wilayah 36.01", "Wilayah 36.02")
    assert found.missing == ()


def test_the_national_file_is_used_when_the_province_file_lacks_a_region(tmp_path):
    write_geojson(tmp_path / "x_kabkota_simplified.geojson", {"52.01": (0, 0)})
    write_geojson(tmp_path / NATIONAL_FILE, {"52.01": (0, 0), "52.02": (1, 0), "36.01": (5, 5)})
    path, _ = find_boundary_file(["52.01", "52.02"], [tmp_path])
    assert path.name == NATIONAL_FILE


def test_a_file_holding_only_some_regions_is_used_and_says_which_are_missing(tmp_path):
    write_geojson(tmp_path / "x_kabkota.geojson", {"36.01": (0, 0)})
    found = load_boundaries(("36.01", "36.99"), dirs=(str(tmp_path),), tolerance=0)
    assert found.kode == ("36.01",)
    assert found.missing == ("36.99",)


def test_no_boundary_file_gives_none_so_the_page_can_fall_back(tmp_path):
    assert load_boundaries(BANTEN, dirs=(str(tmp_path / "nothing-here"),)) is None
    write_geojson(tmp_path / "x_kabkota.geojson", {"11.01": (0, 0)})
    assert load_boundaries(BANTEN, dirs=(str(tmp_path),)) is None  # a file, but none of our regions


def test_feature_collection_carries_the_code_and_extra_properties(tmp_path):
    write_geojson(tmp_path / "x_kabkota.geojson", {"36.01": (0, 0)})
    found = load_boundaries(("36.01",), dirs=(str(tmp_path),), tolerance=0)
    data = feature_collection(found, {"36.01": {"warna": "#123456"}})
    assert data["features"][0]["properties"] == {"kode": "36.01", "warna": "#123456"}


def test_label_point_lies_inside_the_largest_part():
    shape = shapely.MultiPolygon([box(0, 0, 0.1, 0.1), box(10, 10, 12, 11)])
    lon, lat = label_point(shape)
    assert 10 < lon < 12 and 10 < lat < 11


@pytest.mark.skipif(not SHARED_GEO.is_dir(), reason="shared boundary files not present")
def test_banten_shapes_stay_a_gap_free_coverage_after_simplifying_and_are_small():
    found = load_boundaries(BANTEN, dirs=(str(SHARED_GEO),))
    assert found.path.name == "banten_kabkota_simplified.geojson"
    assert found.kode == BANTEN and found.missing == ()
    assert all(g.is_valid and not g.is_empty for g in found.geometries)
    assert shapely.coverage_is_valid(list(found.geometries))
    size = len(json.dumps(feature_collection(found), separators=(",", ":")))
    assert size < 60_000  # the file itself is 64 KB; the screen needs less
