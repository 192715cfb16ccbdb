"""The coordination-meeting deck as data: which slides, in which order, with which numbers.

``build_deck`` turns the scores of one period into a list of ``Slide`` specifications (kind,
title, data, speaker notes). The Streamlit presentation page, the PowerPoint builder and the
governor's PDF report all render from that same list, so they show the same numbers, and the
deck follows the data: the weakest services, the movers and the closing points are chosen by
the rule functions below (their sizes are parameters), never written into a page.

Everything here is pure: Scores + catalog + rules + selection in, plain Python data out (numbers
stay numbers; the renderers format them with ``formatting``). Nothing knows Banten.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from .. import trends
from ..catalog import LEVEL_KABKOTA, LEVEL_LABELS, LEVEL_PROVINCE, Catalog
from ..formatting import (
    format_change,
    format_cost,
    format_count,
    format_percent,
    format_period,
    format_rupiah_short,
    format_score,
)
from ..gaps import resolve_unit_costs
from ..rules import Rules
from ..scoring import Scores
from ..summary import (
    Selection,
    kabkota_only,
    on_track_line,
    province_only,
    recap,
    recap_change,
    region_summary,
    with_on_track,
)

KIND_TITLE = "judul"
KIND_HEADLINE = "skor_utama"
KIND_MAP = "peta"
KIND_MOVERS = "pergerakan"
KIND_HEATMAP = "matriks_bidang"
KIND_SECTOR = "bidang"
KIND_COMPLETENESS = "keterisian"
KIND_CLOSING = "penutup"
KINDS = (KIND_TITLE, KIND_HEADLINE, KIND_MAP, KIND_MOVERS, KIND_HEATMAP, KIND_SECTOR, KIND_COMPLETENESS, KIND_CLOSING)

DEFAULT_MEETING = "Rapat Koordinasi Penerapan SPM"
DEFAULT_MOVERS = 3
DEFAULT_WEAKEST = 3

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


class DeckError(ValueError):
    """No deck can be made (e.g. no data for the period); the message is for the user."""


@dataclass(frozen=True)
class Slide:
    kind: str  # one of KINDS
    title: str
    subtitle: str = ""
    data: dict = field(default_factory=dict)
    notes: str = ""  # the slide's numbers as plain text (PowerPoint notes, presenter view)


@dataclass(frozen=True)
class Deck:
    """The slides of one coordination meeting. Domain words in Indonesian (as ``Selection``'s
    ``tahun``/``triwulan``), software words in English."""

    slides: tuple[Slide, ...]
    rapat: str  # the meeting's name
    tanggal_rapat: str  # "12 Maret 2026"
    periode: str  # "2025 triwulan III"
    tahun: int
    triwulan: int
    provinsi: str  # "Provinsi Banten"
    simulated: bool
    data_label: str

    def __len__(self) -> int:
        return len(self.slides)

    def titles(self) -> list[str]:
        return [s.title for s in self.slides]

    def of_kind(self, kind: str) -> list[Slide]:
        return [s for s in self.slides if s.kind == kind]


# ------------------------------------------------------------------------------------- helpers


def format_date(day: date) -> str:
    """``date(2026, 3, 12)`` → ``"12 Maret 2026"``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _num(value) -> float | None:
    """A plain float, or None for a missing value (NaN, pd.NA, None)."""
    if value is None or value is pd.NA:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _region_row(row) -> dict:
    return {
        "kode": str(row["kode_wilayah"]),
        "nama": str(row["nama_wilayah"]),
        "tingkat": str(row["tingkat"]),
        "nilai": _num(row["nilai_bulat"]),
        "kategori": _text(row["kategori"]),
        "nilai_sebelumnya": _num(row["nilai_sebelumnya"]),
        "perubahan": _num(row["perubahan"]),
        "peringkat": None if pd.isna(row["peringkat"]) else int(row["peringkat"]),
        "keterisian": _num(row["keterisian"]),
    }


def _score_text(value, category) -> str:
    return f"{format_score(value)} ({category})" if category else format_score(value)


# ------------------------------------------------------------------------------------- rules


def ranked_kabkota(summary: pd.DataFrame) -> list[dict]:
    """The kab/kota of a summary, best first (regions without a score last, in catalog order)."""
    kk = kabkota_only(summary).copy()
    kk["_urut"] = range(len(kk))
    kk = kk.sort_values(["peringkat", "_urut"], na_position="last")
    return [_region_row(r) for _, r in kk.iterrows()]


def movers(summary: pd.DataFrame, n: int = DEFAULT_MOVERS) -> dict:
    """The ``n`` kab/kota whose score rose most and the ``n`` that rose least (or fell most)
    against the same period a year earlier, and ``semua``: every kab/kota with a change, largest
    rise first. Regions without a change are left out; a region is never in both short lists.
    ``pembanding`` is False when no region has a change to compare."""
    rows = [r for r in ranked_kabkota(summary) if r["perubahan"] is not None]
    every = sorted(rows, key=lambda r: (-r["perubahan"], r["kode"]))
    up = every[:n]
    chosen = {r["kode"] for r in up}
    down = [r for r in sorted(rows, key=lambda r: (r["perubahan"], r["kode"])) if r["kode"] not in chosen][:n]
    return {"naik": up, "turun": down, "semua": every, "pembanding": bool(rows)}


def weakest_services(
    scores: Scores,
    catalog: Catalog,
    sel: Selection,
    bidang: str,
    n: int = DEFAULT_WEAKEST,
    unit_costs: pd.DataFrame | None = None,
) -> list[dict]:
    """The ``n`` services of a sector with the lowest mean score over the regions that report
    them in the period (province services over the province, kab/kota services over the kab/kota).
    Each with its level, mean score and category, the region where it is lowest with that region's
    own score and unserved people (``nilai_terendah``, ``belum_terlayani_terendah``), and the
    unserved people and budget need (known part) summed over every region (``belum_terlayani``,
    ``kebutuhan_anggaran``): a number shown beside "terendah di X" must be X's own."""
    rows = _sector_services(scores, sel, bidang, unit_costs)
    scored = rows[rows["nilai"].notna()]
    if scored.empty:
        return []
    out = []
    for kode, group in scored.groupby("kode_layanan", sort=True):
        lowest = group.sort_values(["nilai", "kode_wilayah"]).iloc[0]
        everyone = rows[rows["kode_layanan"] == kode]
        out.append(
            {
                "kode": str(kode),
                "nama": catalog.service_short_names.get(kode, str(kode)),
                "nama_lengkap": catalog.service_names.get(kode, str(kode)),
                "tingkat": catalog.service_level.get(kode, ""),
                "nilai_rerata": float(group["nilai"].mean()),
                "jumlah_wilayah": int(len(group)),
                "wilayah_terendah": catalog.regions.names.get(lowest["kode_wilayah"], str(lowest["kode_wilayah"])),
                "nilai_terendah": _num(lowest["nilai_bulat"]),
                "belum_terlayani_terendah": float(lowest["belum_terlayani"]),
                "belum_terlayani": float(everyone["belum_terlayani"].sum()),
                "kebutuhan_anggaran": _num(everyone["kebutuhan_anggaran"].sum(min_count=1)),
            }
        )
    out.sort(key=lambda r: (r["nilai_rerata"], r["kode"]))
    return out[:n]


def _sector_services(scores: Scores, sel: Selection, bidang: str, unit_costs: pd.DataFrame | None) -> pd.DataFrame:
    frame = scores.layanan
    rows = frame[
        (frame["tahun"] == sel.tahun)
        & (frame["triwulan"] == sel.triwulan)
        & (frame["kode_bidang"].astype(str) == bidang)
    ].copy()
    rows["kode_wilayah"] = rows["kode_wilayah"].astype(str)
    rows["kode_layanan"] = rows["kode_layanan"].astype(str)
    if unit_costs is not None and len(unit_costs):
        rows = resolve_unit_costs(rows, unit_costs)
    return rows


def sector_gap(scores: Scores, sel: Selection, bidang: str, unit_costs: pd.DataFrame | None = None) -> dict:
    """Unserved people and budget need of a sector over every region in the period; the budget
    need counts only rows with a unit cost (``jumlah_tanpa_biaya`` rows with unserved people have
    none)."""
    rows = _sector_services(scores, sel, bidang, unit_costs)
    no_cost = (rows["belum_terlayani"] > 0) & rows["kebutuhan_anggaran"].isna()
    return {
        "belum_terlayani": float(rows["belum_terlayani"].sum()),
        "kebutuhan_anggaran": _num(rows["kebutuhan_anggaran"].sum(min_count=1)),
        "jumlah_tanpa_biaya": int(no_cost.sum()),
    }


def sector_matrix_rows(scores: Scores, catalog: Catalog, sel: Selection) -> dict:
    """``trends.sector_matrix`` of the period as the slides' nested rows: every region of the
    catalog (province first), every sector, with the rounded score and category (None where
    there is none)."""
    matrix = trends.sector_matrix(scores, catalog, sel.tahun, sel.triwulan)
    sectors = [{"kode": k, "nama": catalog.sector_short_names.get(k, k)} for k in catalog.sector_codes]
    rows = []
    for kode, cells in matrix.groupby("kode_wilayah", sort=False):
        first = cells.iloc[0]
        rows.append(
            {
                "kode": kode,
                "nama": first["nama_wilayah"],
                "tingkat": first["tingkat"],
                "sel": [
                    {"nilai": _num(c.nilai_bulat), "kategori": _text(c.kategori)} for c in cells.itertuples(index=False)
                ],
            }
        )
    return {"bidang": sectors, "baris": rows}


def sector_means(matrix: dict) -> list[dict]:
    """Per sector: the plain mean of the kab/kota sector scores in ``sector_matrix_rows``, and the
    province's own sector score."""
    out = []
    for i, sector in enumerate(matrix["bidang"]):
        kk = [r["sel"][i]["nilai"] for r in matrix["baris"] if r["tingkat"] == LEVEL_KABKOTA]
        kk = [v for v in kk if v is not None]
        own = [r["sel"][i]["nilai"] for r in matrix["baris"] if r["tingkat"] == LEVEL_PROVINCE]
        out.append(
            {**sector, "rerata_kabkota": float(np.mean(kk)) if kk else None, "provinsi": own[0] if own else None}
        )
    return out


def sector_ranking(matrix: dict, kode_bidang: str) -> list[dict]:
    """The kab/kota of ``sector_matrix_rows`` on one sector, best score first (regions without a
    score last, in catalog order): kode, nama, nilai (rounded) and kategori."""
    i = [s["kode"] for s in matrix["bidang"]].index(kode_bidang)
    rows = [
        {"kode": r["kode"], "nama": r["nama"], **r["sel"][i]} for r in matrix["baris"] if r["tingkat"] == LEVEL_KABKOTA
    ]
    return sorted(rows, key=lambda r: (r["nilai"] is None, -(r["nilai"] or 0.0)))


def completeness_rows(summary: pd.DataFrame, scores: Scores, sel: Selection) -> list[dict]:
    """Reporting completeness per region of the period (province first): percent complete and the
    complete / expected counts."""
    table = scores.keterisian_wilayah
    table = table[(table["tahun"] == sel.tahun) & (table["triwulan"] == sel.triwulan)].set_index("kode_wilayah")
    out = []
    for _, row in summary.iterrows():
        kode = str(row["kode_wilayah"])
        counts = table.loc[kode] if kode in table.index else None
        out.append(
            {
                "kode": kode,
                "nama": str(row["nama_wilayah"]),
                "tingkat": str(row["tingkat"]),
                "keterisian": _num(row["keterisian"]) or 0.0,
                "jumlah_lengkap": None if counts is None else int(counts["jumlah_lengkap"]),
                "jumlah_diharapkan": None if counts is None else int(counts["jumlah_diharapkan"]),
            }
        )
    return out


def closing_points(
    headline: dict, moves: dict, means: list[dict], gaps: list[dict], completeness: list[dict], previous_year: int
) -> list[str]:
    """The closing summary: one sentence each on the province, the kab/kota, the movers, the
    weakest sector, the budget need and reporting completeness — only those the data supports."""
    points = []
    own = headline["provinsi"]
    if own and own["nilai"] is not None:
        change = (
            f", {format_change(own['perubahan'])} poin dari {previous_year}" if own["perubahan"] is not None else ""
        )
        points.append(f"{own['nama']}: nilai {_score_text(own['nilai'], own['kategori'])}{change}.")
    ranked = [r for r in headline["kabkota"] if r["nilai"] is not None]
    mean = headline["rekap"][0]
    if ranked:
        points.append(
            f"Rerata {len(ranked)} kabupaten/kota {_score_text(mean['nilai'], mean['kategori'])}; "
            f"tertinggi {ranked[0]['nama']} ({format_score(ranked[0]['nilai'])}), "
            f"terendah {ranked[-1]['nama']} ({format_score(ranked[-1]['nilai'])})."
        )
    if moves["naik"]:
        best, worst = moves["naik"][0], (moves["turun"] or [None])[0]
        text = f"Kenaikan terbesar: {best['nama']} ({format_change(best['perubahan'])})"
        if worst is not None:
            text += f"; terkecil: {worst['nama']} ({format_change(worst['perubahan'])})"
        points.append(text + ".")
    scored = [m for m in means if m["rerata_kabkota"] is not None]
    if scored:
        weakest = min(scored, key=lambda m: (m["rerata_kabkota"], m["kode"]))
        points.append(
            f"Bidang dengan rerata kab/kota terendah: {weakest['nama']} ({format_score(weakest['rerata_kabkota'])})."
        )
    need = [g["kebutuhan_anggaran"] for g in gaps if g["kebutuhan_anggaran"] is not None]
    unserved = sum(g["belum_terlayani"] for g in gaps)
    if unserved:
        text = f"Penerima belum terlayani: {format_count(unserved)} orang"
        if need:
            text += f"; kebutuhan anggaran yang terhitung {format_rupiah_short(sum(need))}"
        points.append(text + ".")
    if headline.get("jalur"):
        points.append(headline["jalur"])
    short = [c for c in completeness if c["keterisian"] < 100.0]
    if short:
        names = ", ".join(f"{c['nama']} ({format_percent(c['keterisian'])})" for c in short)
        points.append(f"Laporan belum lengkap: {names}.")
    elif completeness:
        points.append("Semua wilayah melaporkan lengkap (keterisian 100 %).")
    return points


# ------------------------------------------------------------------------------------- the deck


def _headline(summary: pd.DataFrame, catalog: Catalog, rules: Rules, scores: Scores, sel: Selection) -> dict:
    now = recap(summary, catalog, rules)
    before = recap(region_summary(scores, catalog, Selection(sel.tahun - 1, sel.triwulan)), catalog, rules)
    change = recap_change(now, before)
    own = province_only(summary)
    province = _region_row(own.iloc[0]) if len(own) else None
    if province is not None:
        province["perubahan"] = _num(change["nilai_provinsi"])
    count = int(now["jumlah_kabkota_dinilai"])
    return {
        "provinsi": province,
        "rekap": [
            {
                "label": "Rekap kabupaten/kota",
                "sub": f"Rerata {count} kab/kota",
                "nilai": _num(now["nilai_kabkota_rerata_bulat"]),
                "kategori": _text(now["kategori_kabkota_rerata"]),
                "perubahan": _num(change["nilai_kabkota_rerata"]),
            },
            {
                "label": "Rekap kabupaten/kota",
                "sub": "Rerata tertimbang jumlah penduduk",
                "nilai": _num(now["nilai_kabkota_tertimbang_bulat"]),
                "kategori": _text(now["kategori_kabkota_tertimbang"]),
                "perubahan": _num(change["nilai_kabkota_tertimbang"]),
            },
        ],
        "keterisian_kabkota": _num(now["keterisian_kabkota"]),
        "kabkota": ranked_kabkota(summary),
        # a quarter: how many kab/kota are on track for the year's target (None: annual)
        "jalur": on_track_line(with_on_track(summary, scores, rules, sel), rules, sel.triwulan),
    }


def _lines(rows: list[dict], fmt) -> str:
    return "\n".join(fmt(r) for r in rows)


MAX_TITLE_CHARS = 45  # a slide title longer than this wraps to a second line at 3.5 cqw


def sector_title(name: str, short_name: str, n_weakest: int) -> tuple[str, str]:
    """(title, subtitle) of a sector slide. A sector name too long for one title line ("Ketenteraman,
    Ketertiban Umum, dan Pelindungan Masyarakat") gives its short name to the title and its full name
    to the subtitle: a two-line title pushed the slide's last line into its footer."""
    detail = f"{n_weakest} layanan dengan nilai terendah"
    if len(f"Bidang {name}") <= MAX_TITLE_CHARS:
        return f"Bidang {name}", f"{detail} · kesenjangan dan kebutuhan anggaran"
    return f"Bidang {short_name}", f"{name} · {detail}"


def build_deck(
    scores: Scores,
    catalog: Catalog,
    rules: Rules,
    sel: Selection,
    *,
    simulated: bool,
    data_label: str = "",
    meeting: str = DEFAULT_MEETING,
    meeting_date: date | None = None,
    n_movers: int = DEFAULT_MOVERS,
    n_weakest: int = DEFAULT_WEAKEST,
    unit_costs: pd.DataFrame | None = None,
) -> Deck:
    """The slides of a coordination meeting on one period (``sel.tahun``, ``sel.triwulan``; a
    sector chosen in ``sel`` is ignored: the deck covers every sector). Raises DeckError when the
    period has no data."""
    sel = Selection(sel.tahun, sel.triwulan)
    summary = region_summary(scores, catalog, sel)
    period = format_period(sel.tahun, sel.triwulan)
    if not summary["ada_data"].any():
        raise DeckError(f"Belum ada data untuk {period}.")
    meeting = (meeting or "").strip() or DEFAULT_MEETING
    day = format_date(meeting_date or date.today())
    province_code = catalog.regions.province
    province = catalog.regions.names.get(province_code, "Provinsi") if province_code else "Provinsi"
    previous = format_period(sel.tahun - 1, sel.triwulan)
    slides: list[Slide] = []

    slides.append(
        Slide(
            KIND_TITLE,
            meeting,
            f"Evaluasi penerapan SPM {period}",
            {
                "rapat": meeting,
                "tanggal": day,
                "periode": period,
                "provinsi": province,
            },
            notes=f"{meeting}\n{province}\nPeriode {period}\nTanggal {day}\n{data_label}",
        )
    )

    headline = _headline(summary, catalog, rules, scores, sel)
    own = headline["provinsi"]
    notes = []
    if own:
        notes.append(
            f"{own['nama']}: {_score_text(own['nilai'], own['kategori'])}, perubahan "
            f"{format_change(own['perubahan'])}, keterisian {format_percent(own['keterisian'])}"
        )
    notes += [
        f"{r['label']} ({r['sub']}): {_score_text(r['nilai'], r['kategori'])}, perubahan "
        f"{format_change(r['perubahan'])}"
        for r in headline["rekap"]
    ]
    notes.append(
        _lines(
            headline["kabkota"],
            lambda r: (
                f"{r['peringkat'] or '-'}. {r['nama']}: "
                f"{_score_text(r['nilai'], r['kategori'])}, {format_change(r['perubahan'])}"
            ),
        )
    )
    if headline["jalur"]:
        notes.append(headline["jalur"])
    slides.append(
        Slide(
            KIND_HEADLINE,
            f"Nilai SPM {period}",
            f"{province} dan kabupaten/kota · nilai 0–100",
            headline,
            notes="\n".join(notes),
        )
    )

    slides.append(
        Slide(
            KIND_MAP,
            f"Peta capaian kabupaten/kota {period}",
            "Kategori capaian SPM per kab/kota",
            {"wilayah": headline["kabkota"]},
            notes=_lines(headline["kabkota"], lambda r: f"{r['nama']}: {_score_text(r['nilai'], r['kategori'])}"),
        )
    )

    moves = movers(summary, n_movers)
    move_notes = (
        _lines(
            moves["naik"] + moves["turun"],
            lambda r: (
                f"{r['nama']}: {format_score(r['nilai_sebelumnya'])}"
                f" → {format_score(r['nilai'])} ({format_change(r['perubahan'])})"
            ),
        )
        if moves["pembanding"]
        else f"Belum ada data pembanding untuk {previous}."
    )
    slides.append(
        Slide(
            KIND_MOVERS,
            "Perubahan terbesar",
            f"Dibanding {previous} · poin nilai",
            {**moves, "pembanding_periode": previous},
            notes=move_notes,
        )
    )

    matrix = sector_matrix_rows(scores, catalog, sel)
    means = sector_means(matrix)
    slides.append(
        Slide(
            KIND_HEATMAP,
            f"Nilai per bidang {period}",
            "Wilayah × bidang · nilai dan kategori",
            matrix,
            notes=_lines(
                matrix["baris"],
                lambda r: (
                    r["nama"]
                    + ": "
                    + "; ".join(f"{s['nama']} {format_score(c['nilai'])}" for s, c in zip(matrix["bidang"], r["sel"]))
                ),
            ),
        )
    )

    gaps = []
    for mean in means:
        kode = mean["kode"]
        weakest = weakest_services(scores, catalog, sel, kode, n_weakest, unit_costs)
        gap = sector_gap(scores, sel, kode, unit_costs)
        gaps.append(gap)
        data = {
            "kode_bidang": kode,
            "nama": catalog.sector_names.get(kode, kode),
            "nama_singkat": mean["nama"],
            "provinsi": mean["provinsi"],
            "kategori_provinsi": rules.category_of(mean["provinsi"]),
            "rerata_kabkota": mean["rerata_kabkota"],
            "kategori_kabkota": rules.category_of(mean["rerata_kabkota"]),
            "layanan_terlemah": weakest,
            "jumlah_terlemah": n_weakest,
            "kabkota": sector_ranking(matrix, kode),
            **gap,
        }
        note = [
            f"Nilai bidang provinsi: {format_score(mean['provinsi'])}",
            f"Rerata kab/kota: {format_score(mean['rerata_kabkota'])}",
            f"Belum terlayani: {format_count(gap['belum_terlayani'])} orang",
            f"Kebutuhan anggaran (terhitung): {format_cost(gap['kebutuhan_anggaran'])}",
        ]
        note += [
            f"{i}. {w['nama']} ({LEVEL_LABELS.get(w['tingkat'], w['tingkat'])}): rerata "
            f"{format_score(w['nilai_rerata'])}, terendah {w['wilayah_terendah']} {format_score(w['nilai_terendah'])} "
            f"({format_count(w['belum_terlayani_terendah'])} orang belum terlayani di sana; semua wilayah "
            f"{format_count(w['belum_terlayani'])})"
            for i, w in enumerate(weakest, 1)
        ]
        note.append("Per kab/kota: " + "; ".join(f"{r['nama']} {format_score(r['nilai'])}" for r in data["kabkota"]))
        slides.append(
            Slide(
                KIND_SECTOR, *sector_title(data["nama"], data["nama_singkat"], n_weakest), data, notes="\n".join(note)
            )
        )

    completeness = completeness_rows(summary, scores, sel)
    slides.append(
        Slide(
            KIND_COMPLETENESS,
            f"Keterisian laporan {period}",
            "Baris laporan lengkap dari yang diharapkan, per wilayah",
            {"wilayah": completeness},
            notes=_lines(
                completeness,
                lambda c: (
                    f"{c['nama']}: {format_percent(c['keterisian'])} "
                    f"({c['jumlah_lengkap']} dari {c['jumlah_diharapkan']} baris)"
                ),
            ),
        )
    )

    points = closing_points(headline, moves, means, gaps, completeness, sel.tahun - 1)
    slides.append(
        Slide(
            KIND_CLOSING,
            "Ringkasan dan tindak lanjut",
            f"{meeting} · {period}",
            {"poin": points},
            notes="\n".join(points),
        )
    )

    return Deck(tuple(slides), meeting, day, period, sel.tahun, sel.triwulan, province, simulated, data_label)
