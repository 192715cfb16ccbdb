"""Tables for people: Indonesian headers, the overview's order, numbers as text on the screen."""

import pandas as pd

from spm_core.tables import gap_screen_table, summary_table


def test_the_summary_puts_the_province_first_then_kabkota_by_rank_and_unscored_last():
    summary = pd.DataFrame({
        "tingkat": ["kabkota", "kabkota", "provinsi", "kabkota"],
        "peringkat": [2, None, None, 1],
        "kode_wilayah": ["36.01", "36.02", "36", "36.03"],
        "nama_wilayah": ["Kabupaten Pandeglang", "Kabupaten Lebak", "Provinsi Banten", "Kabupaten Tangerang"],
        "nilai_bulat": [70.0, None, 90.0, 80.0],
        "kategori": ["Tuntas Pratama", None, "Tuntas Utama", "Tuntas Madya"],
        "nilai_sebelumnya": [None] * 4,
        "perubahan": [None] * 4,
        "keterisian": [99.96, 50.0, 100.0, 12.34],
    })
    table = summary_table(summary)
    assert list(table["Kode"]) == ["36", "36.03", "36.01", "36.02"]
    assert list(table.columns[:5]) == ["Peringkat", "Kode", "Wilayah", "Nilai", "Kategori"]
    assert list(table["Keterisian (%)"]) == [100.0, 12.3, 100.0, 50.0]  # to one decimal: 99.96 → 100.0
    assert "Sesuai jalur" not in table  # a year: nothing judged on track


def test_the_gap_table_shows_numbers_as_indonesian_text_and_a_dash_for_nothing():
    frame = pd.DataFrame({"nama_wilayah": ["Kabupaten Lebak", None], "belum_terlayani": [1234567, 0],
                          "biaya_satuan": [2500000.0, float("nan")]})
    table = gap_screen_table(frame, ["nama_wilayah", "belum_terlayani", "biaya_satuan"])
    assert table.to_dict("list") == {"Wilayah": ["Kabupaten Lebak", "–"], "Belum terlayani": ["1.234.567", "0"],
                                     "Biaya satuan": ["Rp2.500.000", "–"]}
