"""The deck's slide rules: which slides, in which order, and which numbers they carry."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from spm_core.dataset import SIMULATED_FILE
from spm_core.intake.validation import validate_file
from spm_core.report import deck as d
from spm_core.report.deck_html import CSS, slide_html
from spm_core.scoring import score_all
from spm_core.summary import Selection, region_summary


@pytest.fixture(scope="module")
def scores(catalog, rules):
    return score_all(validate_file(SIMULATED_FILE, catalog).data, catalog, rules)


@pytest.fixture(scope="module")
def deck(scores, catalog, rules):
    return d.build_deck(
        scores,
        catalog,
        rules,
        Selection(2025, 0),
        simulated=True,
        data_label="Data simulasi",
        meeting="Rakor SPM",
        meeting_date=date(2026, 3, 12),
    )


def test_the_deck_has_title_headline_map_movers_matrix_six_sectors_completeness_and_closing(deck):
    kinds = [s.kind for s in deck.slides]
    # 5 opening slides + one per sector (6 in the catalog) + completeness + closing = 13
    assert kinds == ["judul", "skor_utama", "peta", "pergerakan", "matriks_bidang"] + ["bidang"] * 6 + [
        "keterisian",
        "penutup",
    ]
    assert deck.titles()[0] == "Rakor SPM"
    assert deck.tanggal_rapat == "12 Maret 2026"


def test_a_sector_filter_in_the_selection_is_ignored(scores, catalog, rules, deck):
    other = d.build_deck(
        scores,
        catalog,
        rules,
        Selection(2025, 0, bidang="KES"),
        simulated=True,
        meeting="Rakor SPM",
        meeting_date=date(2026, 3, 12),
    )
    assert other.titles() == deck.titles()


def test_headline_numbers_are_the_summary_numbers(deck, scores, catalog):
    summary = region_summary(scores, catalog, Selection(2025, 0)).set_index("kode_wilayah")
    data = deck.of_kind("skor_utama")[0].data
    assert data["provinsi"]["nilai"] == summary.loc["36", "nilai_bulat"]
    best = data["kabkota"][0]
    assert best["peringkat"] == 1
    assert best["nilai"] == summary.loc[summary["tingkat"] == "kabkota", "nilai_bulat"].max()


def test_movers_take_the_largest_and_smallest_changes_without_overlap():
    summary = pd.DataFrame(
        {
            "kode_wilayah": list("abcde"),
            "nama_wilayah": list("ABCDE"),
            "tingkat": ["kabkota"] * 5,
            "nilai_bulat": [80.0, 70.0, 60.0, 50.0, 40.0],
            "kategori": ["x"] * 5,
            "nilai_sebelumnya": [70.0, 71.0, 50.0, 50.0, np.nan],
            "perubahan": [10.0, -1.0, 10.0, 0.0, np.nan],
            "peringkat": [1, 2, 3, 4, 5],
            "keterisian": [100.0] * 5,
        }
    )
    moves = d.movers(summary, n=2)
    # changes: a +10, c +10 (tie: by code), d 0, b −1; e has no change and is left out
    assert [r["kode"] for r in moves["naik"]] == ["a", "c"]
    assert [r["kode"] for r in moves["turun"]] == ["b", "d"]
    assert [r["kode"] for r in moves["semua"]] == ["a", "c", "d", "b"]  # every change, largest rise first


def test_the_movers_slide_draws_a_bar_for_every_kabkota_with_a_change_and_says_a_fall_in_words(rules):
    from spm_core.report.deck_html import slide_html as html_of

    rows = [
        {"kode": k, "nama": n, "nilai": v, "nilai_sebelumnya": p, "perubahan": v - p}
        for k, n, v, p in (("a", "Kota A", 80.0, 70.0), ("b", "Kab. B", 60.0, 65.0))
    ]
    spec = d.Slide(
        d.KIND_MOVERS,
        "Perubahan terbesar",
        "",
        {"naik": rows[:1], "turun": rows[1:], "semua": rows, "pembanding": True, "pembanding_periode": "2024"},
    )
    deck = d.Deck((spec,), "Rapat", "1 Desember 2026", "2025", 2025, 0, "Provinsi", False, "")
    html = html_of(deck, 0, rules)
    assert html.count('class="spm-row"') == 2
    assert "▲ +10,00 · 70,00 → 80,00" in html and "▼ −5,00 · 65,00 → 60,00" in html
    assert "width:100.00%" in html and "width:50.00%" in html  # |−5| against the largest change, 10


def test_a_quarter_without_the_year_before_has_no_movers(scores, catalog, rules):
    deck = d.build_deck(scores, catalog, rules, Selection(2025, 3), simulated=True)
    moves = deck.of_kind("pergerakan")[0].data
    assert moves["pembanding"] is False and moves["naik"] == []


def test_weakest_services_are_the_lowest_means_and_their_number_is_a_parameter(scores, catalog):
    sel = Selection(2025, 0)
    weakest = d.weakest_services(scores, catalog, sel, "KES", n=2)
    assert len(weakest) == 2
    rows = scores.layanan[
        (scores.layanan["tahun"] == 2025) & (scores.layanan["triwulan"] == 0) & (scores.layanan["kode_bidang"] == "KES")
    ]
    means = rows.groupby("kode_layanan", observed=True)["nilai"].mean().sort_values()
    assert [w["kode"] for w in weakest] == list(means.index[:2])
    assert weakest[0]["nilai_rerata"] <= weakest[1]["nilai_rerata"]


def test_sector_slide_carries_unserved_people_and_budget_need(deck, scores):
    slide = next(s for s in deck.of_kind("bidang") if s.data["kode_bidang"] == "PEND")
    rows = scores.layanan[
        (scores.layanan["tahun"] == 2025)
        & (scores.layanan["triwulan"] == 0)
        & (scores.layanan["kode_bidang"] == "PEND")
    ]
    assert slide.data["belum_terlayani"] == rows["belum_terlayani"].sum()
    assert slide.data["kebutuhan_anggaran"] == pytest.approx(rows["kebutuhan_anggaran"].sum())
    assert len(slide.data["layanan_terlemah"]) == 3
    assert "Belum terlayani" in slide.notes


def test_sector_ranking_lists_the_kabkota_best_first_and_those_without_a_score_last():
    matrix = {
        "bidang": [{"kode": "PEND", "nama": "Pendidikan"}, {"kode": "KES", "nama": "Kesehatan"}],
        "baris": [
            {
                "kode": "36",
                "nama": "Provinsi",
                "tingkat": "provinsi",
                "sel": [{"nilai": 99.0, "kategori": "Tuntas Utama"}, {"nilai": 50.0, "kategori": "Belum Tuntas"}],
            },
            {
                "kode": "36.01",
                "nama": "A",
                "tingkat": "kabkota",
                "sel": [{"nilai": 70.0, "kategori": "Tuntas Pratama"}, {"nilai": None, "kategori": None}],
            },
            {
                "kode": "36.02",
                "nama": "B",
                "tingkat": "kabkota",
                "sel": [{"nilai": None, "kategori": None}, {"nilai": 80.0, "kategori": "Tuntas Madya"}],
            },
            {
                "kode": "36.03",
                "nama": "C",
                "tingkat": "kabkota",
                "sel": [{"nilai": 85.5, "kategori": "Tuntas Madya"}, {"nilai": 60.0, "kategori": "Tuntas Muda"}],
            },
        ],
    }
    # PEND: C 85.5 > A 70.0, B has none (last); the province is not a kab/kota
    assert [(r["kode"], r["nilai"]) for r in d.sector_ranking(matrix, "PEND")] == [
        ("36.03", 85.5),
        ("36.01", 70.0),
        ("36.02", None),
    ]
    assert [r["kode"] for r in d.sector_ranking(matrix, "KES")] == ["36.02", "36.03", "36.01"]


def test_sector_slide_ranks_every_kabkota_by_its_sector_score(deck, scores, catalog, rules):
    slide = next(s for s in deck.of_kind("bidang") if s.data["kode_bidang"] == "KES")
    ranking = slide.data["kabkota"]
    rows = scores.bidang[
        (scores.bidang["tahun"] == 2025)
        & (scores.bidang["triwulan"] == 0)
        & (scores.bidang["kode_bidang"] == "KES")
        & scores.bidang["kode_wilayah"].isin(catalog.regions.kabkota)
    ]
    expected = dict(zip(rows["kode_wilayah"].astype(str), rows["nilai_bulat"]))
    assert {r["kode"]: r["nilai"] for r in ranking} == expected and len(ranking) == 8
    assert [r["nilai"] for r in ranking] == sorted(expected.values(), reverse=True)
    assert "Per kab/kota: " + ranking[0]["nama"] in slide.notes
    html = slide_html(deck, deck.slides.index(slide), rules)
    assert "Nilai bidang per kab/kota" in html and html.count('class="spm-row"') == 8


def test_every_slide_has_notes(deck):
    assert all(s.notes.strip() for s in deck.slides)


def test_a_period_without_data_raises_a_deck_error(scores, catalog, rules):
    with pytest.raises(d.DeckError, match="Belum ada data"):
        d.build_deck(scores, catalog, rules, Selection(2030, 0), simulated=False)


def test_the_deck_follows_new_data(scores, catalog, rules):
    # One more year of data (2025 copied as 2026 with every service fully served) gives a deck whose
    # headline is 100 for every region, without any code change.
    data = validate_file(SIMULATED_FILE, catalog).data
    new = data[(data["tahun"] == 2025) & (data["triwulan"] == 0)].copy()
    new["tahun"] = 2026
    new["terlayani"] = new["harus_dilayani"]
    new["mutu_tersedia"] = new["mutu_dibutuhkan"]
    more = score_all(pd.concat([data, new], ignore_index=True), catalog, rules)
    deck = d.build_deck(more, catalog, rules, Selection(2026, 0), simulated=True)
    headline = deck.of_kind("skor_utama")[0].data
    assert headline["provinsi"]["nilai"] == 100.0
    assert all(r["nilai"] == 100.0 and r["kategori"] == "Tuntas Paripurna" for r in headline["kabkota"])


def test_slide_html_escapes_text_and_says_data_is_simulated(deck, rules):
    from dataclasses import replace

    evil = replace(deck, rapat="<script>alert(1)</script>")
    html = slide_html(evil, 1, rules)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Data simulasi — bukan data resmi" in html
    real = replace(deck, simulated=False)
    assert "Data simulasi" not in slide_html(real, 1, rules)


def test_slide_html_renders_every_slide(deck, rules):
    for i in range(len(deck)):
        html = slide_html(deck, i, rules, map_png=b"\x89PNG")
        assert f'data-slide="{i + 1}"' in html


def test_the_map_slide_has_an_html_legend_with_every_category_and_its_pattern_in_words(deck, rules):
    html = slide_html(deck, 2, rules, map_png=b"\x89PNG")
    assert "Kategori capaian" in html and "Tidak ada data" in html
    for label, _ in rules.category_ranges():
        assert f"<b>{label}</b>" in html
    assert "arsir miring /" in html and "bertitik" in html


def test_a_sector_whose_budget_need_is_not_known_reads_tidak_terhitung_on_the_slide(deck, rules):
    from dataclasses import replace

    slide = next(s for s in deck.of_kind("bidang") if s.data["kode_bidang"] == "PEND")
    unknown = replace(slide, data={**slide.data, "kebutuhan_anggaran": None})  # no unit cost anywhere
    html = slide_html(d.Deck((unknown,), "Rapat", "1 Desember 2026", "2025", 2025, 0, "Provinsi", False, ""), 0, rules)
    assert "tidak terhitung" in html and "Rp0" not in html


def test_the_map_legend_never_breaks_a_pattern_name_from_its_stroke(deck, rules):
    # at 1920 × 1080 "arsir miring /" broke before "/", leaving the stroke alone on a line
    html = slide_html(deck, 2, rules, map_png=b"\x89PNG")
    assert '<span class="spm-nowrap">arsir miring /</span>' in html
    assert '<span class="spm-nowrap">arsir miring \\</span>' in html
    assert ".spm-nowrap {white-space:nowrap;}" in CSS


def test_a_sector_name_too_long_for_one_title_line_puts_its_short_name_in_the_title():
    # "Bidang Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat": 64 characters > 45
    long_name = "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat"
    assert d.sector_title(long_name, "Trantibum Linmas", 3) == (
        "Bidang Trantibum Linmas",
        f"{long_name} · 3 layanan dengan nilai terendah",
    )
    # "Bidang Perumahan Rakyat": 23 characters, one line
    assert d.sector_title("Perumahan Rakyat", "Perumahan", 3) == (
        "Bidang Perumahan Rakyat",
        "3 layanan dengan nilai terendah · kesenjangan dan kebutuhan anggaran",
    )


def test_every_sector_slide_title_fits_one_line(deck):
    titles = [s.title for s in deck.of_kind("bidang")]
    assert "Bidang Trantibum Linmas" in titles
    assert all(len(t) <= d.MAX_TITLE_CHARS for t in titles), titles


def test_a_headline_card_without_a_comparison_shows_no_lone_dash(scores, catalog, rules):
    # the simulated data hold no 2024 triwulan I, so 2025 triwulan I has no change to show
    quarter = d.build_deck(
        scores,
        catalog,
        rules,
        Selection(2025, 1),
        simulated=True,
        data_label="Data simulasi",
        meeting="Rakor SPM",
        meeting_date=date(2026, 3, 12),
    )
    html = slide_html(quarter, 1, rules)
    assert 'class="spm-up"' not in html
    annual = slide_html(
        d.build_deck(
            scores,
            catalog,
            rules,
            Selection(2025, 0),
            simulated=True,
            data_label="Data simulasi",
            meeting="Rakor SPM",
            meeting_date=date(2026, 3, 12),
        ),
        1,
        rules,
    )
    assert '<span class="spm-up">▲ +0,75</span>' in annual  # the province: 87,38 − 86,63 = +0,75
