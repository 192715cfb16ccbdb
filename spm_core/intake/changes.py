"""What an import or an approval changes, field by field, in the dashboard's own words.

Two rules of a filled template meet here:

- a blank optional cell (quality, budget, unit cost) **keeps** the stored value; ``-`` clears it
  (``resolve_blanks``). A stored row that is simulated data keeps nothing: its simulated numbers
  are replaced, and a blank stays "not reported";
- every changed field is listed old → new (``field_changes``); a stored value that becomes
  empty (a *clearing*) is marked, so a page can list clearings apart and ask for a tick.
"""

from __future__ import annotations

import pandas as pd

from ..catalog import Catalog
from ..formatting import format_change, format_count, format_period, format_rupiah, format_score
from .validation import COUNT_COLUMNS, KEY_COLUMNS, MONEY_COLUMNS, OPTIONAL_VALUE_COLUMNS

VALUE_COLUMNS = [*COUNT_COLUMNS, *MONEY_COLUMNS]
FIELD_LABELS = {
    "harus_dilayani": "Harus dilayani",
    "terlayani": "Terlayani",
    "mutu_dibutuhkan": "Mutu dibutuhkan",
    "mutu_tersedia": "Mutu tersedia",
    "anggaran_alokasi": "Anggaran dialokasikan",
    "anggaran_realisasi": "Anggaran terealisasi",
    "biaya_satuan": "Biaya satuan",
}
EMPTY = "–"
CHANGE_COLUMNS = [*KEY_COLUMNS, "kolom", "lama", "baru", "dikosongkan", "simulasi"]


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in ("kode_wilayah", "kode_layanan"):
        out[column] = out[column].astype(str)
    for column in ("tahun", "triwulan"):
        out[column] = pd.to_numeric(out[column]).astype("int64")
    return out


def format_field(column: str, value) -> str:
    """A field's value as the dashboard shows it: ``1.234``, ``Rp1.500.000``, ``–`` when empty."""
    return (format_rupiah if column in MONEY_COLUMNS else format_count)(value, EMPTY)


def resolve_blanks(stored: pd.DataFrame, data: pd.DataFrame, cleared: pd.DataFrame | None) -> pd.DataFrame:
    """``data`` (a clean table) with each blank optional cell filled from the stored row of its key,
    unless the cell was written ``-`` (listed in ``cleared`` by baris and kolom) or the stored row
    is simulated. Returns a new table of the same shape."""
    out = data.copy()
    if stored is None or stored.empty or out.empty:
        return out
    columns = [*KEY_COLUMNS, *OPTIONAL_VALUE_COLUMNS, "simulasi"]
    old = _keyed(stored.reindex(columns=columns))
    old["simulasi"] = old["simulasi"].fillna(False).astype(bool)
    keys = _keyed(out[KEY_COLUMNS].astype({"kode_wilayah": str, "kode_layanan": str}))
    merged = keys.merge(old, on=KEY_COLUMNS, how="left")
    merged.index = out.index
    real = ~merged["simulasi"].fillna(True).astype(bool)
    marked = set()
    if cleared is not None and len(cleared):
        marked = {(int(b), str(k)) for b, k in zip(cleared["baris"], cleared["kolom"])}
    rows = out["baris"] if "baris" in out.columns else pd.Series([None] * len(out), index=out.index)
    for column in OPTIONAL_VALUE_COLUMNS:
        kept = out[column].isna() & real & merged[column].notna()
        if marked:
            kept &= pd.Series(
                [(int(b), column) not in marked if b is not None else True for b in rows], index=out.index
            )
        out.loc[kept, column] = merged.loc[kept, column].astype("float64")
    return out


def field_changes(stored: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """One line per field of ``rows`` that differs from ``stored`` (the current data): key,
    ``kolom``, ``lama``, ``baru`` (NaN when empty), ``dikosongkan`` (a stored value becomes empty)
    and ``simulasi`` (the stored value was simulated data). A new key lists its filled fields."""
    if rows is None or rows.empty:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    new = _keyed(rows[KEY_COLUMNS + VALUE_COLUMNS])
    if stored is None or stored.empty:
        old = pd.DataFrame(columns=KEY_COLUMNS + VALUE_COLUMNS + ["simulasi"])
    else:
        old = stored.reindex(columns=KEY_COLUMNS + VALUE_COLUMNS + ["simulasi"])
    old = _keyed(old)
    merged = new.merge(old, on=KEY_COLUMNS, how="left", suffixes=("", "_lama"))
    simulated = merged["simulasi"].fillna(False).astype(bool)
    parts = []
    for column in VALUE_COLUMNS:
        before = pd.to_numeric(merged[column + "_lama"], errors="coerce").astype("float64")
        after = pd.to_numeric(merged[column], errors="coerce").astype("float64")
        moved = ~((before == after) | (before.isna() & after.isna()))
        if not moved.any():
            continue
        part = merged.loc[moved, KEY_COLUMNS].copy()
        part["kolom"] = column
        part["lama"] = before[moved]
        part["baru"] = after[moved]
        part["dikosongkan"] = before[moved].notna() & after[moved].isna() & ~simulated[moved]
        part["simulasi"] = simulated[moved]
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    order = {c: i for i, c in enumerate(VALUE_COLUMNS)}
    out = pd.concat(parts, ignore_index=True)
    out["_urutan"] = out["kolom"].map(order)
    return out.sort_values([*KEY_COLUMNS, "_urutan"]).drop(columns="_urutan").reset_index(drop=True)


def change_table(changes: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """The change list for a screen: Periode, Wilayah (name and code), Layanan (code and name),
    Isian, Lama, Baru, in the dashboard's labels and number format."""
    names = catalog.regions.names
    services = catalog.service_short_names
    rows = []
    for r in changes.itertuples(index=False):
        old = format_field(r.kolom, r.lama) + (" (simulasi)" if r.simulasi and pd.notna(r.lama) else "")
        rows.append(
            {
                "Periode": format_period(int(r.tahun), int(r.triwulan)),
                "Wilayah": f"{names.get(str(r.kode_wilayah), r.kode_wilayah)} ({r.kode_wilayah})",
                "Layanan": f"{r.kode_layanan} · {services[str(r.kode_layanan)]}"
                if str(r.kode_layanan) in services
                else str(r.kode_layanan),
                "Isian": FIELD_LABELS[r.kolom],
                "Lama": old,
                "Baru": format_field(r.kolom, r.baru),
            }
        )
    return pd.DataFrame(rows, columns=["Periode", "Wilayah", "Layanan", "Isian", "Lama", "Baru"])


def score_change_table(moves: pd.DataFrame) -> pd.DataFrame:
    """The region scores an import or an approval moves (``importing.score_changes``) for a screen:
    Periode, Wilayah, the old and new score and category ("–" for none), and the change."""
    return pd.DataFrame(
        {
            "Periode": [format_period(int(y), int(q)) for y, q in zip(moves["tahun"], moves["triwulan"])],
            "Wilayah": moves["nama_wilayah"],
            "Nilai lama": moves["nilai_bulat_lama"].map(format_score),
            "Kategori lama": moves["kategori_lama"].fillna("–"),
            "Nilai baru": moves["nilai_bulat_baru"].map(format_score),
            "Kategori baru": moves["kategori_baru"].fillna("–"),
            "Perubahan": moves["selisih"].map(format_change),
        }
    )
