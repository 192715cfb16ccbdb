"""Finding boundary files, selecting features by region code, simplifying once for the screen, the
attribution beside the files, and the repository's geo/ folder being what scripts/make_geo.py makes."""

import importlib.util
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box, mapping

from spm_core.visuals.geo import (
    GEO_DIR_ENV,
    NATIONAL_FILE,
    PRINT,
    REPO_ROOT,
    SCREEN,
    candidate_files,
    find_boundary_file,
    geo_dirs,
    label_points,
    load_boundaries,
    map_attribution,
    shapes_of,
)

SHARED_GEO = REPO_ROOT.parent / "shared" / "geo"
REPO_GEO = REPO_ROOT / "geo"
BANTEN = ("36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74")
ATTRIBUTION = "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), kode Kepmendagri 2025; diolah."


def write_geojson(path: Path, squares: dict[str, tuple[float, float]]) -> Path:
    """A FeatureCollection of 1° squares keyed by kode (lower-left corner given)."""
    features = [
        {
            "type": "Feature",
            "properties": {"kode": k, "nama": f"Wilayah {k}"},
            "geometry": mapping(box(x, y, x + 1, y + 1)),
        }
        for k, (x, y) in squares.items()
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_the_configured_folder_is_searched_first_then_the_repo():
    assert geo_dirs({GEO_DIR_ENV: "/srv/batas"}, repo_root=Path("/repo")) == [Path("/srv/batas"), Path("/repo/geo")]


def test_without_the_setting_only_the_repo_geo_folder_is_searched():
    assert geo_dirs({}, repo_root=Path("/repo")) == [Path("/repo/geo")]


def test_the_screen_prefers_the_simplified_file_and_print_the_detailed_one(tmp_path):
    for name in (NATIONAL_FILE, "banten_kabkota.geojson", "banten_kabkota_simplified.geojson", "notes.geojson"):
        (tmp_path / name).write_text("{}")
    assert [p.name for p in candidate_files(tmp_path, SCREEN)] == [
        "banten_kabkota_simplified.geojson",
        "banten_kabkota.geojson",
        NATIONAL_FILE,
    ]
    assert [p.name for p in candidate_files(tmp_path, PRINT)] == [
        "banten_kabkota.geojson",
        "banten_kabkota_simplified.geojson",
        NATIONAL_FILE,
    ]


def test_features_are_selected_by_the_codes_of_the_region_list_in_its_order(tmp_path):
    write_geojson(tmp_path / "x_kabkota_simplified.geojson", {"11.01": (0, 0), "36.02": (1, 0), "36.01": (2, 0)})
    found = load_boundaries(("36.01", "36.02"), dirs=(str(tmp_path),), tolerance=0)
    assert list(found.shapes.index) == ["36.01", "36.02"]  # 11.01 belongs to no region in the list
    assert list(found.shapes["nama"]) == ["Wilayah 36.01", "Wilayah 36.02"]
    assert found.shapes.crs == "EPSG:4326"
    assert found.missing == ()


def test_the_national_file_is_used_when_the_province_file_lacks_a_region(tmp_path):
    write_geojson(tmp_path / "x_kabkota_simplified.geojson", {"52.01": (0, 0)})
    write_geojson(tmp_path / NATIONAL_FILE, {"52.01": (0, 0), "52.02": (1, 0), "36.01": (5, 5)})
    assert find_boundary_file(["52.01", "52.02"], [tmp_path]).name == NATIONAL_FILE


def test_a_file_holding_only_some_regions_is_used_and_says_which_are_missing(tmp_path):
    write_geojson(tmp_path / "x_kabkota.geojson", {"36.01": (0, 0)})
    found = load_boundaries(("36.01", "36.99"), dirs=(str(tmp_path),), tolerance=0)
    assert list(found.shapes.index) == ["36.01"]
    assert found.missing == ("36.99",)


def test_no_boundary_file_gives_none_so_the_page_can_fall_back(tmp_path):
    assert load_boundaries(BANTEN, dirs=(str(tmp_path / "nothing-here"),)) is None
    write_geojson(tmp_path / "x_kabkota.geojson", {"11.01": (0, 0)})
    assert load_boundaries(BANTEN, dirs=(str(tmp_path),)) is None  # a file, but none of our regions
    (tmp_path / "y_kabkota.geojson").write_text("not json")
    assert load_boundaries(BANTEN, dirs=(str(tmp_path),)) is None  # an unreadable file is passed over


def test_the_attribution_comes_from_the_source_file_beside_the_boundaries(tmp_path):
    write_geojson(tmp_path / "x_kabkota.geojson", {"36.01": (0, 0)})
    (tmp_path / "sumber.toml").write_text('atribusi = "Batas wilayah: BIG 2024."\n', encoding="utf-8")
    assert load_boundaries(("36.01",), dirs=(str(tmp_path),)).attribution == "Batas wilayah: BIG 2024."


def test_boundaries_without_a_source_file_say_their_source_is_not_recorded(tmp_path):
    folder = tmp_path / "batas"
    folder.mkdir()
    write_geojson(folder / "x_kabkota.geojson", {"36.01": (0, 0)})
    found = load_boundaries(("36.01",), dirs=(str(folder),))
    assert found.attribution == "Batas wilayah: batas/ (sumber tidak tercatat, lihat geo/README.md)."


def test_the_label_point_lies_inside_the_largest_part():
    shapes = shapes_of(["a"], ["A"], [shapely.MultiPolygon([box(0, 0, 0.1, 0.1), box(10, 10, 12, 11)])]).shapes
    point = label_points(shapes.geometry)["a"]
    assert 10.5 <= point.x <= 11.5 and point.y == 10.5  # 0.5 from every side of the 2 × 1 box it can be


def test_the_app_finds_the_banten_boundaries_in_its_own_geo_folder(monkeypatch):
    monkeypatch.delenv(GEO_DIR_ENV, raising=False)
    screen, printed = load_boundaries(BANTEN), load_boundaries(BANTEN, purpose=PRINT)
    assert screen.path == REPO_GEO / "banten_kabkota_simplified.geojson"
    assert printed.path == REPO_GEO / "banten_kabkota.geojson"
    assert tuple(screen.shapes.index) == BANTEN and screen.missing == ()
    assert map_attribution(BANTEN) == map_attribution(BANTEN, PRINT) == ATTRIBUTION


def test_banten_shapes_stay_a_gap_free_coverage_after_simplifying_and_are_small():
    found = load_boundaries(BANTEN, dirs=(str(REPO_GEO),))
    assert (found.shapes.is_valid & ~found.shapes.is_empty).all()
    assert found.shapes.is_valid_coverage()
    assert len(found.shapes.to_json(drop_id=True)) < 60_000  # the file itself is 64 KB; the screen needs less


def test_the_print_shapes_keep_the_full_detail_of_the_file():
    found = load_boundaries(BANTEN, dirs=(str(REPO_GEO),), purpose=PRINT)
    assert int(found.shapes.count_coordinates().sum()) == 19_155  # as listed in geo/sumber.toml


def test_the_geo_folder_holds_the_two_kabkota_files_the_licence_and_the_source_and_nothing_else():
    names = sorted(p.name for p in REPO_GEO.iterdir())
    assert names == [
        "LICENSE-wilayah_boundaries.txt",
        "README.md",
        "banten_kabkota.geojson",
        "banten_kabkota_simplified.geojson",
        "sumber.toml",
    ]
    sizes = {p.name: p.stat().st_size for p in REPO_GEO.iterdir()}
    assert sizes["banten_kabkota_simplified.geojson"] < 100_000 and sizes["banten_kabkota.geojson"] < 500_000


@pytest.mark.skipif(not SHARED_GEO.is_dir(), reason=f"{SHARED_GEO} not present: cannot remake geo/ from it")
def test_make_geo_reproduces_the_geo_folder_from_the_shared_files(tmp_path):
    spec = importlib.util.spec_from_file_location("make_geo", REPO_ROOT / "scripts" / "make_geo.py")
    make_geo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_geo)
    written = make_geo.make_geo(SHARED_GEO, tmp_path)
    assert sorted(p.name for p in written) == [
        "LICENSE-wilayah_boundaries.txt",
        "banten_kabkota.geojson",
        "banten_kabkota_simplified.geojson",
        "sumber.toml",
    ]
    for path in written:
        assert path.read_bytes() == (REPO_GEO / path.name).read_bytes(), f"geo/{path.name} differs: run make_geo.py"
