"""Scoring rules (weights, cap, aggregation, category scheme) loaded from a TOML data file.

The default file is ``data/aturan/aturan_spm.toml``; ``SPM_RULES_FILE`` or an explicit path
replaces it. Nothing in the code repeats the numbers in that file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .catalog import DATA_DIR

DEFAULT_RULES_FILE = DATA_DIR / "aturan" / "aturan_spm.toml"

SECTOR_AGGREGATIONS = ("rerata_layanan", "rerata_tertimbang")
REGION_AGGREGATIONS = ("rerata_bidang", "rerata_layanan")


class RulesError(ValueError):
    """A rules file that cannot be used."""


@dataclass(frozen=True)
class Category:
    label: str
    min: float
    warna: str


@dataclass(frozen=True)
class Rules:
    versi: str
    bobot_penerima: float
    bobot_mutu: float
    persen_maksimum: float
    desimal: int
    agregasi_bidang: str
    agregasi_wilayah: str
    bobot_layanan: dict[str, float]
    kategori: tuple[Category, ...]  # highest lower bound first
    sumber: dict[str, str]
    kepastian: dict[str, str] = field(default_factory=dict)  # section → how certain, in plain Indonesian
    persen_sesuai_jalur: tuple[float, ...] = (25.0, 50.0, 75.0, 100.0)  # quarter q → percent of the year's target

    def source_text(self, key: str) -> str:
        """A rule's source with its certainty, for people: "Kebijakan dasbor: … (belum ditetapkan
        resmi; dapat diubah di berkas aturan)"."""
        source, certainty = self.sumber.get(key, ""), self.kepastian.get(key, "")
        return f"{source} ({certainty})" if source and certainty else source or certainty

    def on_track_target(self, triwulan: int) -> float | None:
        """The share of the year's target (percent) a region should have served by the end of
        quarter ``triwulan``; None for an annual period."""
        if not triwulan:
            return None
        return self.persen_sesuai_jalur[int(triwulan) - 1]

    @property
    def category_labels(self) -> list[str]:
        return [c.label for c in self.kategori]

    @property
    def category_colors(self) -> dict[str, str]:
        return {c.label: c.warna for c in self.kategori}

    def category_ranges(self) -> list[tuple[str, str]]:
        """(label, range text) for a legend, e.g. ("Tuntas Utama", "90 – <100")."""
        out = []
        upper = None
        for cat in self.kategori:
            lo = _fmt_bound(cat.min)
            if upper is None:
                text = f"≥ {lo}" if cat.min < self.persen_maksimum else lo
            elif cat is self.kategori[-1] and cat.min <= 0:
                text = f"< {_fmt_bound(upper)}"
            else:
                text = f"{lo} – <{_fmt_bound(upper)}"
            out.append((cat.label, text))
            upper = cat.min
        return out

    def round_score(self, values):
        """Round half-up to ``desimal`` places (vectorised; float noise such as 89.99499999…
        from 89.995 is removed first, so the decimal a person reads is the one rounded)."""
        scale = 10.0**self.desimal
        scaled = np.round(np.asarray(values, dtype="float64") * scale, 6)
        return np.floor(scaled + 0.5) / scale

    def categorize(self, rounded_scores) -> pd.Categorical:
        """Category label for each (already rounded) score, as a categorical ordered best first;
        missing where the score is missing. Lower bounds are inclusive; a score below every
        bound gets the lowest category."""
        scores = np.asarray(rounded_scores, dtype="float64")
        codes = np.zeros(scores.shape, dtype="int64")  # position in self.kategori (best first)
        for category in self.kategori[:-1]:
            codes += scores < category.min
        codes[np.isnan(scores)] = -1
        return pd.Categorical.from_codes(codes, categories=self.category_labels)

    def category_of(self, score: float | None) -> str | None:
        if score is None or pd.isna(score):
            return None
        rounded = float(self.round_score([score])[0])
        if np.isnan(rounded):
            return None
        # ``categorize`` for one score, without building a Categorical (a page asks this per card)
        return self.category_labels[sum(rounded < category.min for category in self.kategori[:-1])]


def _fmt_bound(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def load_rules(path: str | Path | None = None) -> Rules:
    path = Path(path or os.environ.get("SPM_RULES_FILE") or DEFAULT_RULES_FILE)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RulesError(f"Berkas aturan tidak ditemukan: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"Berkas aturan {path.name} tidak dapat dibaca: {exc}") from exc
    try:
        bobot, batas, agregasi = raw["bobot"], raw["batas"], raw["agregasi"]
        levels = raw["kategori"]["tingkat"]
        kategori = tuple(
            sorted(
                (Category(str(c["label"]), float(c["min"]), str(c.get("warna", "#888888"))) for c in levels),
                key=lambda c: -c.min,
            )
        )
        rules = Rules(
            versi=str(raw.get("versi", "")),
            bobot_penerima=float(bobot["penerima"]),
            bobot_mutu=float(bobot["mutu"]),
            persen_maksimum=float(batas.get("persen_maksimum", 100.0)),
            desimal=int(batas.get("desimal", 2)),
            agregasi_bidang=str(agregasi.get("bidang", "rerata_layanan")),
            agregasi_wilayah=str(agregasi.get("wilayah", "rerata_bidang")),
            bobot_layanan={str(k): float(v) for k, v in raw.get("bobot_layanan", {}).items()},
            kategori=kategori,
            sumber={
                key: str(section.get("sumber", ""))
                for key, section in raw.items()
                if isinstance(section, dict) and "sumber" in section
            },
            kepastian={
                key: str(section["kepastian"])
                for key, section in raw.items()
                if isinstance(section, dict) and "kepastian" in section
            },
            persen_sesuai_jalur=tuple(
                float(v) for v in raw.get("sesuai_jalur", {}).get("persen_per_triwulan", (25.0, 50.0, 75.0, 100.0))
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RulesError(f"Berkas aturan {path.name} tidak lengkap atau salah: {exc}") from exc
    if abs(rules.bobot_penerima + rules.bobot_mutu - 1.0) > 1e-9:
        raise RulesError(f"Berkas aturan {path.name}: bobot penerima + mutu harus 1")
    if rules.agregasi_bidang not in SECTOR_AGGREGATIONS:
        raise RulesError(f"agregasi.bidang harus salah satu dari {SECTOR_AGGREGATIONS}")
    if rules.agregasi_wilayah not in REGION_AGGREGATIONS:
        raise RulesError(f"agregasi.wilayah harus salah satu dari {REGION_AGGREGATIONS}")
    if len(rules.persen_sesuai_jalur) != 4:
        raise RulesError(f"Berkas aturan {path.name}: sesuai_jalur.persen_per_triwulan harus berisi 4 angka")
    if not rules.kategori:
        raise RulesError(f"Berkas aturan {path.name}: skema kategori kosong")
    return rules
