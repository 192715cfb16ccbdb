"""Benchmark (not a test): import time and database size.

    .venv/bin/python scripts/benchmark_import.py [--postgresql URL]

1. A full year of Banten's quarterly data (8 kab/kota × 29 + the province × 14 = 246 rows × 4
   quarters = 984 rows), as the page and the command line import it (checks, diff, score
   changes, commit).
2. A national-scale file (514 kab/kota × 29 services × 4 quarters = 59,624 rows) with the national
   region list.
Each into a fresh SQLite file (and PostgreSQL when a URL is given); prints wall times and sizes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark_scoring import national_regions, synthetic_file  # noqa: E402
from spm_core.catalog import load_catalog  # noqa: E402
from spm_core.intake.importing import check_import, commit_import  # noqa: E402
from spm_core.rules import load_rules  # noqa: E402
from spm_core.store import open_store  # noqa: E402
from spm_core.store.accounts import SystemActor  # noqa: E402
from spm_core.store.engine import normalize_url  # noqa: E402


def banten_year_file(catalog) -> bytes:
    rows = []
    for region, level in catalog.regions.levels.items():
        for code in catalog.services_for(level)["kode_layanan"]:
            for quarter in (1, 2, 3, 4):
                rows.append((2026, quarter, region, code, 1000, 250 * quarter, 10, 8))
    frame = pd.DataFrame(
        rows,
        columns=[
            "tahun",
            "triwulan",
            "kode_wilayah",
            "kode_layanan",
            "harus_dilayani",
            "terlayani",
            "mutu_dibutuhkan",
            "mutu_tersedia",
        ],
    )
    return frame.to_csv(index=False).encode()


def national_file(regions: pd.DataFrame, services: list[str]) -> bytes:
    frames = []
    for quarter in (1, 2, 3, 4):
        frame = synthetic_file(regions, services, range(2026, 2027), seed=quarter)
        frame["triwulan"] = quarter
        frames.append(frame)
    return pd.concat(frames).to_csv(index=False).encode()


def timed_import(url: str, catalog, rules, content: bytes, name: str) -> tuple[float, float, int]:
    engine = open_store(url)
    start = time.perf_counter()
    check = check_import(engine, catalog, rules, content, name, None)
    checked = time.perf_counter()
    assert check.ok, [p.line() for p in check.errors[:5]]
    commit_import(engine, check, SystemActor("benchmark"), catalog)
    done = time.perf_counter()
    engine.dispose()
    return checked - start, done - checked, len(check.data)


def database_size(url: str, path: Path | None) -> str:
    if path is not None:
        return f"{path.stat().st_size / 1e6:.1f} MB (SQLite file)"
    engine = create_engine(normalize_url(url))
    with engine.connect() as connection:
        size = connection.execute(
            text(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
            )
        ).scalar()
    engine.dispose()
    return f"{float(size or 0) / 1e6:.1f} MB (PostgreSQL tables with indexes)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--postgresql", metavar="URL", help="also measure on this PostgreSQL database (a schema is made)"
    )
    args = parser.parse_args()
    rules = load_rules()
    banten = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        regions = national_regions()
        regions.to_csv(tmp / "wilayah.csv", index=False)
        national = load_catalog(tmp / "wilayah.csv")
        cases = [
            ("Banten, 1 year × 4 quarters", banten, banten_year_file(banten)),
            (
                "national, 514 × 29 × 4 quarters",
                national,
                national_file(regions, national.services_for("kabkota")["kode_layanan"].tolist()),
            ),
        ]
        targets = [("SQLite", lambda i: (f"sqlite:///{tmp / f'b{i}.sqlite3'}", tmp / f"b{i}.sqlite3"))]
        if args.postgresql:

            def pg(i):
                schema = f"bench_{uuid.uuid4().hex[:8]}"
                engine = create_engine(normalize_url(args.postgresql))
                with engine.begin() as connection:
                    connection.execute(text(f"CREATE SCHEMA {schema}"))
                engine.dispose()
                sep = "&" if "?" in args.postgresql else "?"
                return f"{args.postgresql}{sep}options=-csearch_path%3D{schema}", None

            targets.append(("PostgreSQL", pg))
        for i, (label, catalog, content) in enumerate(cases):
            for db_label, make in targets:
                url, path = make(i)
                check_s, commit_s, rows = timed_import(url, catalog, rules, content, "bench.csv")
                print(
                    f"{label:34s} {db_label:10s}: {rows:6d} rows, {len(content) / 1e6:5.1f} MB file: "
                    f"check {check_s:6.2f} s + commit {commit_s:6.2f} s = {check_s + commit_s:6.2f} s; "
                    f"database {database_size(url, path)}"
                )


if __name__ == "__main__":
    main()
