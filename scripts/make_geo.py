"""Make the repository's geo/ folder from the shared boundary folder (default ``../shared/geo``).

    .venv/bin/python scripts/make_geo.py [--source ../shared/geo] [--target geo]

Copies, unchanged, the province's kab/kota boundaries simplified for the screen and in full
detail for print, and the licence text of their source; then writes ``sumber.toml`` (source,
licence, the attribution line shown under every map, how the files were made, and each file's
size and SHA-256). It checks first that both files hold exactly the kab/kota of the region list
(``data/katalog/wilayah.csv``) as a valid coverage. Running it again gives the same bytes
(``tests/visuals/test_geo.py`` checks that geo/ is what this script makes).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402

from spm_core.catalog import load_catalog  # noqa: E402
from spm_core.visuals.geo import SOURCE_FILE  # noqa: E402

SHARED = ROOT.parent / "shared" / "geo"
SCREEN_FILE = "banten_kabkota_simplified.geojson"
PRINT_FILE = "banten_kabkota.geojson"
LICENCE_FILE = "LICENSE-wilayah_boundaries.txt"

SOURCE_TEXT = """\
# Where the boundary files of this folder come from. Written by scripts/make_geo.py; do not edit
# by hand. The app shows `atribusi` under every map (screen, slides, PDF, Excel).

atribusi = "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), kode Kepmendagri 2025; diolah."

[sumber]
repositori = "https://github.com/cahyadsn/wilayah_boundaries"
commit = "3c5a796"
tanggal = "2026-08-20"
isi = "poligon desa/kelurahan Banten (db/kel/36/*.sql); nama kab/kota dari db/kab/wilayah_boundaries_kab_36.sql"
kode_wilayah = "Kepmendagri No 300.2.2-2430 Tahun 2025"

[lisensi]
nama = "MIT"
hak_cipta = "Copyright (c) 2024 Cahya DSN"
berkas = "{licence}"

[pengolahan]
# The steps, in full, are in ../shared/geo/README.md ("How these files were made").
langkah = [
  "cincin [lat, lng] sumber dibalik menjadi [lon, lat]; desa dibersihkan menjadi coverage tanpa celah/tumpang tindih (shapely coverage_clean, celah < 0,0003°)",
  "desa digabung menjadi kecamatan, kecamatan menjadi kab/kota; titik dibulatkan pada grid 0,000001° (berkas cetak)",
  "berkas layar: pulau < 0,05 km² dibuang, coverage_simplify (Visvalingam-Whyatt, toleransi 0,0017°), grid 0,00001°",
  "kedua berkas disalin apa adanya dari ../shared/geo oleh scripts/make_geo.py",
]

{files}"""

FILE_TEXT = """\
[[berkas]]
nama = "{name}"
untuk = "{purpose}"
fitur = {features}
titik = {vertices}
ukuran_byte = {size}
sha256 = "{sha256}"
"""


def check(path: Path, codes: list[str]) -> gpd.GeoDataFrame:
    """The file read as a GeoDataFrame, after checking it holds exactly these codes as a coverage."""
    shapes = gpd.read_file(path, engine="pyogrio")
    if sorted(shapes["kode"].astype(str)) != sorted(codes):
        raise SystemExit(f"{path}: kode {sorted(shapes['kode'])} are not the kab/kota of the region list {codes}")
    if not (shapes.is_valid.all() and shapes.is_valid_coverage()):
        raise SystemExit(f"{path}: invalid shapes or not a clean coverage")
    return shapes


def make_geo(source: Path = SHARED, target: Path = ROOT / "geo") -> list[Path]:
    """Copy the files into ``target`` and write its ``sumber.toml``; returns the paths written."""
    codes = list(load_catalog().regions.kabkota)
    target.mkdir(parents=True, exist_ok=True)
    written, entries = [], []
    for name, purpose in ((SCREEN_FILE, "layar (peta di aplikasi)"), (PRINT_FILE, "cetak (gambar slide dan PDF)")):
        shapes = check(source / name, codes)
        data = (source / name).read_bytes()
        (target / name).write_bytes(data)
        written.append(target / name)
        entries.append(
            FILE_TEXT.format(
                name=name,
                purpose=purpose,
                features=len(shapes),
                vertices=int(shapes.count_coordinates().sum()),
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    shutil.copyfile(source / LICENCE_FILE, target / LICENCE_FILE)
    written.append(target / LICENCE_FILE)
    text = SOURCE_TEXT.format(licence=LICENCE_FILE, files="\n".join(entries))
    (target / SOURCE_FILE).write_text(text, encoding="utf-8", newline="\n")
    written.append(target / SOURCE_FILE)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SHARED)
    parser.add_argument("--target", type=Path, default=ROOT / "geo")
    args = parser.parse_args(argv)
    for path in make_geo(args.source, args.target):
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
