"""Tables for people: the summary with Indonesian column headers, ready to show or download."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..formatting import format_cost, format_count, format_percent, format_rupiah, format_score, format_time_wib

SUMMARY_HEADERS = {
    "peringkat": "Peringkat",
    "kode_wilayah": "Kode",
    "nama_wilayah": "Wilayah",
    "nilai_bulat": "Nilai",
    "kategori": "Kategori",
    "nilai_sebelumnya": "Nilai tahun lalu",
    "perubahan": "Perubahan (poin)",
    "keterisian": "Keterisian (%)",
}


ON_TRACK_HEADER = "Sesuai jalur"


def on_track_text(value) -> str | None:
    """``True`` → "ya", ``False`` → "belum", not judged → None."""
    if value is True or value is np.True_:
        return "ya"
    if value is False or value is np.False_:
        return "belum"
    return None


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The region summary as a table with Indonesian headers (numbers stay numbers, so a
    spreadsheet can sort them; the page formats them), in the order of the overview's cards: the
    province first, then the kab/kota by rank (those without a score last, in catalog order). With
    ``sesuai_jalur`` judged (a quarter), a "Sesuai jalur" column ("ya"/"belum")."""
    order = summary.assign(_provinsi=summary["tingkat"] != "provinsi", _urut=range(len(summary)))
    order = order.sort_values(["_provinsi", "peringkat", "_urut"], na_position="last")
    table = order[list(SUMMARY_HEADERS)].rename(columns=SUMMARY_HEADERS).reset_index(drop=True)
    table["Keterisian (%)"] = table["Keterisian (%)"].round(1)
    if "sesuai_jalur" in order and order["sesuai_jalur"].notna().any():
        table[ON_TRACK_HEADER] = [on_track_text(v) for v in order["sesuai_jalur"]]
    return table


# --- Kesenjangan dan kebutuhan -------------------------------------------------------------------

GAP_FORMATS = {
    "harus_dilayani": format_count,
    "terlayani": format_count,
    "belum_terlayani": format_count,
    "tambahan_terlayani": format_count,
    "persen_penerima": format_percent,
    "persen_penerima_baru": format_percent,
    "persen_mutu": format_percent,
    "persen_realisasi": format_percent,
    "nilai": format_score,
    "nilai_baru": format_score,
    "poin_hilang": format_score,
    "poin_hilang_bidang": format_score,
    # a cost that is not known (no unit cost) reads "tidak terhitung", never Rp0; a budget not
    # reported stays "–"
    "biaya_satuan": format_cost,
    "kebutuhan_anggaran": format_cost,
    "anggaran_alokasi": format_rupiah,
    "anggaran_realisasi": format_rupiah,
    "selisih": format_cost,
    "biaya": format_cost,
    "biaya_per_poin": format_cost,
    "orang_per_poin": format_count,
    "jumlah_tanpa_biaya": format_count,
}
GAP_HEADERS = {
    "kode_wilayah": "Kode",
    "nama_wilayah": "Wilayah",
    "nama_bidang": "Bidang",
    "kode_layanan": "Kode layanan",
    "nama_layanan": "Layanan",
    "harus_dilayani": "Harus dilayani",
    "terlayani": "Terlayani",
    "belum_terlayani": "Belum terlayani",
    "persen_penerima": "% penerima",
    "persen_mutu": "% mutu",
    "nilai": "Nilai",
    "kategori": "Kategori",
    "poin_hilang": "Poin di bawah 100",
    "poin_hilang_bidang": "Poin hilang dari nilai bidang",
    "biaya_satuan": "Biaya satuan",
    "sumber_biaya": "Sumber biaya",
    "kebutuhan_anggaran": "Kebutuhan anggaran",
    "anggaran_alokasi": "Anggaran dialokasikan",
    "anggaran_realisasi": "Anggaran terealisasi",
    "selisih": "Alokasi − kebutuhan",
    "persen_realisasi": "% realisasi",
    "status_anggaran": "Cukup?",
    "jumlah_tanpa_biaya": "Layanan tanpa biaya satuan",
    "urutan": "Urutan",
    "tambahan_terlayani": "Tambahan penerima",
    "persen_penerima_baru": "% penerima sesudah",
    "nilai_baru": "Nilai sesudah",
    "biaya": "Biaya",
    "orang_per_poin": "Orang per poin bidang",
    "biaya_per_poin": "Biaya per poin bidang",
    "dibuat_pada": "Dicatat pada",
    "pengguna": "Oleh",
    "sumber": "Sumber",
    "catatan": "Catatan",
    "status": "Status",
}


def gap_screen_table(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """The columns of a gaps-and-needs table for the screen: numbers as Indonesian text,
    Indonesian headers (downloads keep the numbers)."""
    columns = list(columns)
    out = frame[columns].copy()
    for column in columns:
        if column in GAP_FORMATS:
            out[column] = [GAP_FORMATS[column](v) for v in out[column]]
        elif not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype(object).where(out[column].notna(), "–")
    return out.rename(columns=GAP_HEADERS)


# key columns first (who is not served and what it costs), so they are in view at 1280 px beside
# the pinned names; the rest follows for reading across
GAP_TABLE_COLUMNS = (
    "nama_wilayah",
    "nama_layanan",
    "belum_terlayani",
    "kebutuhan_anggaran",
    "nilai",
    "biaya_satuan",
    "harus_dilayani",
    "terlayani",
    "persen_penerima",
    "poin_hilang",
    "poin_hilang_bidang",
    "sumber_biaya",
    "anggaran_alokasi",
    "anggaran_realisasi",
    "nama_bidang",
)
TARGET_TABLE_COLUMNS = (
    "urutan",
    "nama_layanan",
    "tambahan_terlayani",
    "biaya",
    "nilai",
    "nilai_baru",
    "biaya_per_poin",
    "biaya_satuan",
    "belum_terlayani",
    "persen_penerima",
    "persen_penerima_baru",
    "orang_per_poin",
)
BUDGET_TABLE_COLUMNS = (
    "nama_wilayah",
    "belum_terlayani",
    "kebutuhan_anggaran",
    "anggaran_alokasi",
    "anggaran_realisasi",
    "selisih",
    "persen_realisasi",
    "status_anggaran",
    "jumlah_tanpa_biaya",
)


# --- Admin -----------------------------------------------------------------------------------------

USER_HEADERS = ["Nama pengguna", "Peran", "Wilayah", "Bidang", "Aktif", "Wajib ganti kata sandi", "Dibuat (WIB)"]


def users_table(users: pd.DataFrame, role_labels: dict, region_names: dict, sector_names: dict) -> pd.DataFrame:
    """The accounts (``auth.list_users``) as the admin reads them: Indonesian headers, the role's
    label, region and sector by name ("–" when the account has none), yes/no as "ya"/"tidak", the
    creation time in WIB."""

    def named(code, names):
        return "–" if code is None or pd.isna(code) else names.get(code, code)

    def yes_no(value):
        return "ya" if bool(value) else "tidak"

    return pd.DataFrame(
        {
            "Nama pengguna": users["nama"].astype(str),
            "Peran": [role_labels.get(r, r) for r in users["peran"]],
            "Wilayah": [named(c, region_names) for c in users["kode_wilayah"]],
            "Bidang": [named(c, sector_names) for c in users["kode_bidang"]],
            "Aktif": [yes_no(v) for v in users["aktif"]],
            "Wajib ganti kata sandi": [yes_no(v) for v in users["wajib_ganti_sandi"]],
            "Dibuat (WIB)": [format_time_wib(t) for t in users["dibuat_pada"]],
        },
        columns=USER_HEADERS,
    )
