"""Regions, sectors and service types, loaded from the data files in ``data/katalog``.

The catalog is data: another province's region list can replace Banten's
(``load_regions(path)``), and nothing here knows Banten's names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CATALOG_DIR = DATA_DIR / "katalog"

LEVEL_PROVINCE = "provinsi"
LEVEL_KABKOTA = "kabkota"
LEVELS = (LEVEL_PROVINCE, LEVEL_KABKOTA)
LEVEL_LABELS = {LEVEL_PROVINCE: "provinsi", LEVEL_KABKOTA: "kabupaten/kota"}


def short_name(name: str) -> str:
    """A region's name as labels and slides show it: ``Kabupaten Pandeglang`` → ``Kab. Pandeglang``
    (kota and province names stay as they are)."""
    name = str(name)
    return "Kab. " + name[len("Kabupaten ") :] if name.startswith("Kabupaten ") else name


# The words that open an Indonesian region name, folded to one canonical word each.
_PREFIXES = {
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "pemkab": "kabupaten",
    "kota": "kota",
    "kotamadya": "kota",
    "kot": "kota",
    "pemkot": "kota",
    "provinsi": "provinsi",
    "propinsi": "provinsi",
    "prov": "provinsi",
    "pemprov": "provinsi",
}


_PREFIX_WORD = r"^(" + "|".join(sorted(_PREFIXES, key=len, reverse=True)) + r")(?= |$)"


class CatalogError(ValueError):
    """A catalog or region file that cannot be used, with a message in Bahasa Indonesia."""


def normalize_name(text: str) -> str:
    """Fold a region name to a comparable key: lower case, punctuation to spaces, prefix words
    ("Kab.", "Pemkot", ...) to one canonical word."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = re.sub(r"[^0-9a-z]+", " ", text).split()
    if text and text[0] in _PREFIXES:
        text[0] = _PREFIXES[text[0]]
    return " ".join(text)


def _bare(key: str) -> str:
    """A normalized name without its prefix word ("kabupaten tangerang" -> "tangerang")."""
    words = key.split()
    if len(words) > 1 and words[0] in set(_PREFIXES.values()):
        return " ".join(words[1:])
    return key


def normalize_code(text: str) -> str | None:
    """Kemendagri code in its dotted form ("3603", "36.03", " 36 03 " -> "36.03"); None if the
    text is not a code."""
    digits = re.sub(r"[\s.]", "", str(text))
    if not digits.isdigit() or len(digits) not in (2, 4, 6, 10):
        return None
    parts = [digits[:2], digits[2:4], digits[4:6], digits[6:]]
    return ".".join(p for p in parts if p)


@dataclass(frozen=True)
class RegionMatch:
    """The outcome of looking up a region by code or name."""

    kode: str | None
    candidates: tuple[str, ...] = ()  # for an ambiguous name: every region it could be

    @property
    def ambiguous(self) -> bool:
        return self.kode is None and len(self.candidates) > 1


_NO_MATCH = RegionMatch(None)


@dataclass
class Regions:
    """The region list in use: one province and its kab/kota (or any list of that shape)."""

    table: pd.DataFrame  # kode_wilayah, nama_wilayah, tingkat, alias, penduduk, sumber

    @cached_property
    def names(self) -> dict[str, str]:
        return dict(zip(self.table["kode_wilayah"], self.table["nama_wilayah"]))

    @cached_property
    def levels(self) -> dict[str, str]:
        return dict(zip(self.table["kode_wilayah"], self.table["tingkat"]))

    @cached_property
    def population(self) -> dict[str, float]:
        pop = self.table.set_index("kode_wilayah")["penduduk"]
        return {k: float(v) for k, v in pop.items() if pd.notna(v)}

    @cached_property
    def province(self) -> str | None:
        codes = self.table.loc[self.table["tingkat"] == LEVEL_PROVINCE, "kode_wilayah"]
        return codes.iloc[0] if len(codes) else None

    @cached_property
    def _kabkota(self) -> tuple[str, ...]:
        return tuple(self.table.loc[self.table["tingkat"] == LEVEL_KABKOTA, "kode_wilayah"])

    @property
    def kabkota(self) -> list[str]:
        """The kab/kota codes in table order (a new list: the caller may change it)."""
        return list(self._kabkota)

    @cached_property
    def _name_index(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for row in self.table.itertuples(index=False):
            variants = [row.nama_wilayah, *_split_aliases(row.alias)]
            for variant in variants:
                key = normalize_name(variant)
                for k in {key, _bare(key)}:
                    if k:
                        index.setdefault(k, set()).add(row.kode_wilayah)
        return index

    def match_code(self, text: str) -> str | None:
        code = normalize_code(text)
        return code if code in self.names else None

    def match_many(self, values) -> dict[str, RegionMatch]:
        """``match`` for many values at once: the names are folded with vectorised string
        operations, and only values that could match are looked at one by one, so a file of
        200,000 distinct junk values costs a fraction of a second instead of several."""
        texts = pd.Series(list(dict.fromkeys(values)), dtype=object).astype(str)
        if texts.empty:
            return {}
        maybe_code = texts.str.replace(r"[\s.]", "", regex=True).str.isdigit()
        keys = (
            texts.str.normalize("NFKC")
            .str.lower()
            .str.replace(r"[^0-9a-z]+", " ", regex=True)
            .str.strip()
            .str.replace(_PREFIX_WORD, lambda m: _PREFIXES[m.group(1)], regex=True)
        )
        maybe = (maybe_code | keys.isin(self._name_index.keys())).to_numpy(dtype=bool)
        texts = texts.tolist()
        found = dict.fromkeys(texts, _NO_MATCH)
        for index in maybe.nonzero()[0]:
            found[texts[index]] = self.match(texts[index])
        return found

    def match(self, text: str) -> RegionMatch:
        """Find a region by code ("36.03", "3603") or by any known name variant.

        A name that fits more than one region ("Tangerang") is ambiguous: no code, and the
        candidates are returned so the message can name them."""
        code = self.match_code(text)
        if code:
            return RegionMatch(code)
        key = normalize_name(text)
        # Only the whole key is looked up: "Kabupaten Tangsel" must not fall back to "tangsel".
        found = self._name_index.get(key)
        if not found:
            return RegionMatch(None)
        if len(found) > 1:
            return RegionMatch(None, tuple(sorted(found)))
        return RegionMatch(next(iter(found)))


@dataclass
class Catalog:
    """Sectors and service types (PP 2/2018) with the region list in use."""

    regions: Regions
    sectors: pd.DataFrame  # kode_bidang, nama_bidang, nama_singkat, opd_provinsi, ...
    services: pd.DataFrame  # kode_layanan, tingkat, kode_bidang, nama_layanan, nama_singkat, ...
    extra: dict = field(default_factory=dict)

    @cached_property
    def service_level(self) -> dict[str, str]:
        return dict(zip(self.services["kode_layanan"], self.services["tingkat"]))

    @cached_property
    def service_sector(self) -> dict[str, str]:
        return dict(zip(self.services["kode_layanan"], self.services["kode_bidang"]))

    @cached_property
    def service_names(self) -> dict[str, str]:
        return dict(zip(self.services["kode_layanan"], self.services["nama_layanan"]))

    @cached_property
    def service_short_names(self) -> dict[str, str]:
        return dict(zip(self.services["kode_layanan"], self.services["nama_singkat"]))

    @cached_property
    def sector_names(self) -> dict[str, str]:
        return dict(zip(self.sectors["kode_bidang"], self.sectors["nama_bidang"]))

    @cached_property
    def sector_short_names(self) -> dict[str, str]:
        return dict(zip(self.sectors["kode_bidang"], self.sectors["nama_singkat"]))

    @cached_property
    def _sector_codes(self) -> tuple[str, ...]:
        return tuple(self.sectors["kode_bidang"])

    @property
    def sector_codes(self) -> list[str]:
        """The sector codes in table order (a new list: the caller may change it)."""
        return list(self._sector_codes)

    def services_for(self, level: str, sector: str | None = None) -> pd.DataFrame:
        mask = self.services["tingkat"] == level
        if sector:
            mask &= self.services["kode_bidang"] == sector
        return self.services[mask]

    def expected_rows(self) -> pd.DataFrame:
        """Every region × service pair a complete report holds (kode_wilayah, kode_layanan,
        kode_bidang)."""
        regions = self.regions.table[["kode_wilayah", "tingkat"]]
        services = self.services[["kode_layanan", "kode_bidang", "tingkat"]]
        return regions.merge(services, on="tingkat")[["kode_wilayah", "kode_layanan", "kode_bidang"]]


def _split_aliases(value) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [a.strip() for a in str(value).split(";") if a.strip()]


def _population(text: str) -> float:
    """A population figure: plain ("1410000", "1410000.0") or with thousands separators
    ("1.410.000", "1,410,000"); NaN when blank or unreadable."""
    text = str(text).strip()
    if re.fullmatch(r"\d{1,3}([.,])\d{3}(\1\d{3})*", text):
        text = re.sub(r"[.,]", "", text)
    try:
        return float(text)
    except ValueError:
        return float("nan")


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise CatalogError(f"Berkas katalog tidak ditemukan: {path}") from exc


def load_regions(path: str | Path | None = None) -> Regions:
    """Read a region list (CSV: kode_wilayah, nama_wilayah, tingkat; optional alias, penduduk,
    sumber). Without a path, the built-in list of Banten."""
    path = Path(path) if path else CATALOG_DIR / "wilayah.csv"
    table = _read_csv(path)
    table.columns = [c.strip().lower() for c in table.columns]
    missing = [c for c in ("kode_wilayah", "nama_wilayah", "tingkat") if c not in table.columns]
    if missing:
        raise CatalogError(f"Daftar wilayah {path.name}: kolom wajib tidak ada: {', '.join(missing)}")
    for column in ("alias", "penduduk", "sumber"):
        if column not in table.columns:
            table[column] = ""
    table = table.apply(lambda s: s.str.strip())
    problems = []
    codes = []
    for i, row in enumerate(table.itertuples(index=False), start=2):
        code = normalize_code(row.kode_wilayah)
        if code is None:
            problems.append(f"baris {i}: kode_wilayah {row.kode_wilayah!r} bukan kode Kemendagri")
        if row.tingkat not in LEVELS:
            problems.append(f"baris {i}: tingkat {row.tingkat!r} harus 'provinsi' atau 'kabkota'")
        codes.append(code)
    table["kode_wilayah"] = codes
    duplicated = table["kode_wilayah"].duplicated() & table["kode_wilayah"].notna()
    for code in table.loc[duplicated, "kode_wilayah"]:
        problems.append(f"kode_wilayah {code} muncul lebih dari sekali")
    if problems:
        raise CatalogError(f"Daftar wilayah {path.name} tidak dapat dipakai: " + "; ".join(problems))
    table["penduduk"] = table["penduduk"].map(_population)
    return Regions(table.reset_index(drop=True))


def load_catalog(regions: Regions | str | Path | None = None) -> Catalog:
    """The built-in sectors and services with the given region list (default: Banten)."""
    if not isinstance(regions, Regions):
        regions = load_regions(regions)
    sectors = _read_csv(CATALOG_DIR / "bidang.csv")
    services = _read_csv(CATALOG_DIR / "layanan.csv")
    return Catalog(regions=regions, sectors=sectors, services=services)
