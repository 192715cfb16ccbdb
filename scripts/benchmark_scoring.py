"""Benchmark (not a test): score a national-scale synthetic file and compare with the time pandas
takes just to read it.

    .venv/bin/python scripts/benchmark_scoring.py [--years 10] [--repeat 5]

The file has every kab/kota of Indonesia (514, codes and names from the national boundary file
when it is found, else generated) × the 29 kab/kota services × 10 years, annual rows; the region
list is passed the way the command line takes it (``--regions``). Prints median wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spm_core.catalog import load_catalog  # noqa: E402
from spm_core.intake.validation import validate_file  # noqa: E402
from spm_core.rules import load_rules  # noqa: E402
from spm_core.scoring import region_scores, score_all, sector_scores, service_scores  # noqa: E402

NATIONAL_GEOJSON = ROOT.parent / "shared" / "geo" / "indonesia_kabkota.geojson"


def national_regions() -> pd.DataFrame:
    if NATIONAL_GEOJSON.exists():
        features = json.loads(NATIONAL_GEOJSON.read_text(encoding="utf-8"))["features"]
        rows = [(f["properties"]["kode"], f["properties"]["nama"]) for f in features]
    else:
        rows = [(f"{11 + i // 20:02d}.{1 + i % 20:02d}", f"Kabupaten Sintetis {i + 1}") for i in range(514)]
    table = pd.DataFrame(rows, columns=["kode_wilayah", "nama_wilayah"])
    table["tingkat"] = "kabkota"
    return table


def synthetic_file(regions: pd.DataFrame, services: list[str], years: range, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    grid = pd.MultiIndex.from_product(
        [years, regions["kode_wilayah"], services], names=["tahun", "kode_wilayah", "kode_layanan"]
    ).to_frame(index=False)
    n = len(grid)
    target = rng.integers(0, 200_000, n)
    grid["triwulan"] = ""
    grid["harus_dilayani"] = target
    grid["terlayani"] = (target * rng.uniform(0.3, 1.05, n)).astype("int64")
    need = rng.integers(0, 60, n)
    grid["mutu_dibutuhkan"] = need
    grid["mutu_tersedia"] = (need * rng.uniform(0.3, 1.05, n)).astype("int64")
    grid["biaya_satuan"] = rng.integers(50_000, 5_000_000, n)
    return grid[
        [
            "tahun",
            "triwulan",
            "kode_wilayah",
            "kode_layanan",
            "harus_dilayani",
            "terlayani",
            "mutu_dibutuhkan",
            "mutu_tersedia",
            "biaya_satuan",
        ]
    ]


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        regions = national_regions()
        regions_file = tmp / "wilayah_nasional.csv"
        regions.to_csv(regions_file, index=False)
        catalog = load_catalog(regions_file)
        rules = load_rules()
        services = catalog.services_for("kabkota")["kode_layanan"].tolist()
        data_file = tmp / "nasional.csv"
        synthetic_file(regions, services, range(2016, 2016 + args.years)).to_csv(data_file, index=False)
        size_mb = data_file.stat().st_size / 1e6

        t_read, raw = timed(lambda: pd.read_csv(data_file), args.repeat)
        t_validate, result = timed(lambda: validate_file(data_file, catalog), args.repeat)
        assert result.ok, result.errors[:5]
        data = result.data

        def three_levels():
            s = service_scores(data, catalog, rules)
            b = sector_scores(s, rules)
            return s, b, region_scores(s, b, catalog, rules)

        t_score, (s, b, w) = timed(three_levels, args.repeat)
        t_context, _ = timed(lambda: score_all(data, catalog, rules), max(1, args.repeat // 2))
        cli = [
            sys.executable,
            "-m",
            "spm_core",
            "score",
            str(data_file),
            "--level",
            "wilayah",
            "--regions",
            str(regions_file),
        ]
        t_cli, _ = timed(
            lambda: subprocess.run(
                cli, cwd=ROOT, capture_output=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
            ),
            1,
        )

    print(
        f"file: {len(raw):,} rows ({len(regions)} kab/kota × {len(services)} services × {args.years} years), "
        f"{size_mb:.1f} MB CSV"
    )
    print(f"pandas.read_csv alone           : {t_read * 1000:8.1f} ms")
    print(f"read + validate (spm_core)      : {t_validate * 1000:8.1f} ms")
    print(
        f"score 3 levels (service/sector/region): {t_score * 1000:8.1f} ms -> {len(s):,} / {len(b):,} / {len(w):,} rows"
    )
    print(f"score_all with change, ranks, completeness: {t_context * 1000:8.1f} ms")
    print(f"CLI 'score --level wilayah' end to end (1 run, incl. interpreter start): {t_cli * 1000:8.1f} ms")
    print(f"scoring / reading ratio: {t_score / t_read:.2f}")


if __name__ == "__main__":
    main()
