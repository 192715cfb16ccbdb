"""Make the simulated demonstration dataset ``spm_simulasi.csv`` (seeded: same file every run).

    python data/simulasi/make_simulated_data.py

Targets (harus_dilayani) come from each region's registered population (data/katalog/wilayah.csv,
Dukcapil end-2023, grown back and forward at 1.2 % a year) times a plausible share per service
(SERVICE_SHARES below). Achievements follow a trend that starts near the national average of 2019
and rises to about 2025, with a level per region, an offset per sector and noise. None of the
numbers is a measurement: every screen that shows them says "Data simulasi — bukan data resmi".
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from spm_core.catalog import LEVEL_KABKOTA, LEVEL_PROVINCE, load_catalog  # noqa: E402

SEED = 20251123
YEARS = range(2019, 2026)
QUARTER_YEAR = 2025
POPULATION_YEAR = 2023
GROWTH = 0.012
OUTPUT = HERE / "spm_simulasi.csv"

# Share of the population entitled to each service (recipients per PP 2/2018), rough and plausible.
SERVICE_SHARES = {
    "KK-PEND-01": 0.034,
    "KK-PEND-02": 0.155,
    "KK-PEND-03": 0.006,
    "KK-KES-01": 0.020,
    "KK-KES-02": 0.019,
    "KK-KES-03": 0.018,
    "KK-KES-04": 0.085,
    "KK-KES-05": 0.155,
    "KK-KES-06": 0.660,
    "KK-KES-07": 0.090,
    "KK-KES-08": 0.090,
    "KK-KES-09": 0.015,
    "KK-KES-10": 0.0007,
    "KK-KES-11": 0.009,
    "KK-KES-12": 0.012,
    "KK-PU-01": 0.25,
    "KK-PU-02": 0.30,
    "KK-PERKIM-01": 0.00004,
    "KK-PERKIM-02": 0.00002,
    "KK-TRANTIB-01": 0.0002,
    "KK-TRANTIB-02": 0.30,
    "KK-TRANTIB-03": 0.30,
    "KK-TRANTIB-04": 0.0004,
    "KK-TRANTIB-05": 0.00004,
    "KK-SOS-01": 0.0003,
    "KK-SOS-02": 0.0005,
    "KK-SOS-03": 0.0004,
    "KK-SOS-04": 0.0001,
    "KK-SOS-05": 0.0004,
    "PROV-PEND-01": 0.053,
    "PROV-PEND-02": 0.0012,
    "PROV-KES-01": 0.0008,
    "PROV-KES-02": 0.0003,
    "PROV-PU-01": 0.025,
    "PROV-PU-02": 0.010,
    "PROV-PERKIM-01": 0.00002,
    "PROV-PERKIM-02": 0.00001,
    "PROV-TRANTIB-01": 0.00005,
    "PROV-SOS-01": 0.00003,
    "PROV-SOS-02": 0.00004,
    "PROV-SOS-03": 0.00003,
    "PROV-SOS-04": 0.00002,
    "PROV-SOS-05": 0.00003,
}
# Services whose target is often zero in a year (no disaster, no relocation): "tanpa sasaran".
SOMETIMES_NONE = {"KK-PERKIM-01": 0.25, "KK-PERKIM-02": 0.55, "PROV-PERKIM-02": 0.4, "PROV-KES-02": 0.3}
# Rp per person not yet served, for the services where a unit cost is commonly set.
UNIT_COSTS = {
    "KK-PEND-01": 1_800_000,
    "KK-PEND-02": 3_200_000,
    "KK-PEND-03": 2_100_000,
    "KK-KES-01": 650_000,
    "KK-KES-02": 1_400_000,
    "KK-KES-03": 350_000,
    "KK-KES-04": 250_000,
    "KK-KES-05": 60_000,
    "KK-KES-06": 90_000,
    "KK-KES-07": 110_000,
    "KK-KES-08": 180_000,
    "KK-KES-09": 420_000,
    "KK-KES-10": 900_000,
    "KK-KES-11": 320_000,
    "KK-KES-12": 150_000,
    "KK-PU-01": 1_250_000,
    "KK-PU-02": 1_600_000,
    "KK-PERKIM-01": 55_000_000,
    "KK-PERKIM-02": 75_000_000,
    "KK-SOS-01": 2_400_000,
    "KK-SOS-02": 2_000_000,
    "KK-SOS-03": 2_200_000,
    "KK-SOS-04": 1_500_000,
    "PROV-PEND-01": 4_100_000,
    "PROV-PEND-02": 6_500_000,
    "PROV-PU-01": 1_900_000,
    "PROV-PERKIM-01": 60_000_000,
    "PROV-SOS-01": 9_000_000,
    "PROV-SOS-02": 8_000_000,
    "PROV-SOS-03": 8_500_000,
    "PROV-SOS-04": 7_000_000,
}
# Level of each region (achievement ratio around 2025) and of each sector (offset).
REGION_LEVEL = {
    "36": 0.90,
    "36.01": 0.80,
    "36.02": 0.78,
    "36.03": 0.87,
    "36.04": 0.83,
    "36.71": 0.985,
    "36.72": 0.91,
    "36.73": 0.85,
    "36.74": 0.96,
}
SECTOR_OFFSET = {"PEND": 0.03, "KES": -0.02, "PU": -0.09, "PERKIM": 0.0, "TRANTIB": 0.01, "SOS": -0.04}
START_GAP = 0.30  # how far below its 2025 level a region starts in 2019
CUMULATIVE_QUARTER_SHARE = {1: 0.27, 2: 0.52, 3: 0.76, 4: 1.0}


def _rows(catalog, rng) -> list[dict]:
    regions = catalog.regions.table
    services = catalog.services
    rows = []
    for region in regions.itertuples(index=False):
        level = region.tingkat
        for service in services[services["tingkat"] == level].itertuples(index=False):
            code = service.kode_layanan
            sector = service.kode_bidang
            region_noise = rng.normal(0, 0.035)
            quality_need = int(rng.integers(8, 60))
            for year in YEARS:
                population = region.penduduk * (1 + GROWTH) ** (year - POPULATION_YEAR)
                if rng.random() < SOMETIMES_NONE.get(code, 0.0):
                    target = 0
                else:
                    target = int(round(population * SERVICE_SHARES[code] * rng.uniform(0.9, 1.1)))
                progress = (year - YEARS.start) / (YEARS.stop - 1 - YEARS.start)
                ratio = REGION_LEVEL[region.kode_wilayah] + SECTOR_OFFSET[sector] + region_noise
                ratio -= START_GAP * (1 - progress) ** 1.3
                ratio += rng.normal(0, 0.03)
                ratio = float(np.clip(ratio, 0.25, 1.04))
                q_ratio = float(np.clip(ratio + rng.normal(0.03, 0.06), 0.3, 1.05))
                served = int(round(target * ratio))
                q_have = int(round(quality_need * q_ratio))
                # Early years: quality not always reported (incomplete rows), as in real e-SPM files.
                quality_missing = rng.random() < (0.10 if year <= 2020 else 0.02)
                unit_cost = UNIT_COSTS.get(code)
                unserved = max(target - served, 0)
                allocation = None
                spent = None
                if unit_cost:
                    allocation = int(round(unserved * unit_cost * rng.uniform(0.3, 0.9), -6))
                    spent = int(round(allocation * rng.uniform(0.7, 0.97), -6))
                base = {
                    "tahun": year,
                    "kode_wilayah": region.kode_wilayah,
                    "kode_layanan": code,
                    "harus_dilayani": target,
                    "mutu_dibutuhkan": None if quality_missing else quality_need,
                    "mutu_tersedia": None if quality_missing else q_have,
                    "biaya_satuan": unit_cost,
                }
                rows.append(
                    {
                        **base,
                        "triwulan": None,
                        "terlayani": served,
                        "anggaran_alokasi": allocation,
                        "anggaran_realisasi": spent,
                    }
                )
                if year == QUARTER_YEAR:
                    for quarter, share in CUMULATIVE_QUARTER_SHARE.items():
                        late = region.kode_wilayah == "36.02" and quarter == 4 and sector in ("SOS", "PU")
                        if late:
                            continue  # Lebak has not reported these sectors for Q4 yet
                        rows.append(
                            {
                                **base,
                                "triwulan": quarter,
                                "terlayani": int(round(served * share)) if quarter < 4 else served,
                                "anggaran_alokasi": allocation,
                                "anggaran_realisasi": None if spent is None else int(round(spent * share, -6)),
                            }
                        )
    return rows


COLUMNS = [
    "tahun",
    "triwulan",
    "kode_wilayah",
    "kode_layanan",
    "harus_dilayani",
    "terlayani",
    "mutu_dibutuhkan",
    "mutu_tersedia",
    "anggaran_alokasi",
    "anggaran_realisasi",
    "biaya_satuan",
]


def make_dataset(seed: int = SEED) -> pd.DataFrame:
    catalog = load_catalog()
    assert set(SERVICE_SHARES) == set(catalog.services["kode_layanan"]), "shares must cover the catalog"
    assert {LEVEL_PROVINCE, LEVEL_KABKOTA} == set(catalog.regions.table["tingkat"])
    frame = pd.DataFrame(_rows(catalog, np.random.default_rng(seed)), columns=COLUMNS)
    for column in COLUMNS:
        if column not in ("kode_wilayah", "kode_layanan"):
            frame[column] = frame[column].astype("Int64")
    return frame.sort_values(["tahun", "triwulan", "kode_wilayah", "kode_layanan"], na_position="first")


if __name__ == "__main__":
    data = make_dataset()
    data.to_csv(OUTPUT, index=False)
    print(f"{len(data)} rows written to {OUTPUT.relative_to(HERE.parent.parent)}")
