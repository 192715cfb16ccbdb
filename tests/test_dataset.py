"""The embedded simulated dataset and the real reference series."""

import pandas as pd

from spm_core.dataset import SIMULATED_FILE, is_simulated_file, national_average
from spm_core.intake.validation import validate_file


def test_the_simulated_file_is_what_its_seeded_script_makes():
    import importlib.util

    script = SIMULATED_FILE.parent / "make_simulated_data.py"
    spec = importlib.util.spec_from_file_location("make_simulated_data", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.make_dataset()
    columns = pd.read_csv(SIMULATED_FILE, nrows=0).columns
    dtypes = {c: str if c in ("kode_wilayah", "kode_layanan") else "Int64" for c in columns}
    shipped = pd.read_csv(SIMULATED_FILE, dtype=dtypes)
    pd.testing.assert_frame_equal(made.reset_index(drop=True), shipped, check_dtype=False)


def test_the_simulated_data_covers_every_region_and_service_for_2019_to_2025(catalog):
    result = validate_file(SIMULATED_FILE, catalog)
    assert result.ok
    data = result.data
    annual = data[data["triwulan"] == 0]
    assert sorted(annual["tahun"].unique()) == list(range(2019, 2026))
    # 8 kab/kota × 29 services + the province × 14 services = 246 rows a year
    assert annual.groupby("tahun").size().tolist() == [246] * 7
    quarterly = data[data["triwulan"] > 0]
    assert sorted(quarterly["tahun"].unique()) == [2025]
    assert sorted(quarterly["triwulan"].unique()) == [1, 2, 3, 4]


def test_the_simulated_file_is_marked_as_simulated():
    assert is_simulated_file(SIMULATED_FILE)


def test_a_file_outside_the_simulated_folder_is_not_marked_simulated(tmp_path):
    assert not is_simulated_file(tmp_path / "resmi.csv")


def test_the_national_average_is_the_published_series_with_its_source():
    series = national_average()
    assert dict(zip(series["tahun"], series["nilai"])) == {
        2019: 52.53,
        2020: 62.45,
        2021: 69.71,
        2022: 76.94,
        2023: 83.29,
    }
    assert series["sumber"].str.len().gt(0).all()
