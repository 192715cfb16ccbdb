"""The PowerPoint deck, opened again with python-pptx: slide count, titles, native charts, notes."""

import io
from datetime import date

import pytest
from pptx import Presentation

from spm_core.dataset import SIMULATED_FILE
from spm_core.formatting import format_score
from spm_core.intake.validation import validate_file
from spm_core.report.deck import build_deck
from spm_core.report.pptx_export import build_pptx
from spm_core.report.static_maps import deck_map_png
from spm_core.scoring import score_all
from spm_core.summary import Selection


@pytest.fixture(scope="module")
def deck(catalog, rules):
    scores = score_all(validate_file(SIMULATED_FILE, catalog).data, catalog, rules)
    return build_deck(
        scores,
        catalog,
        rules,
        Selection(2025, 0),
        simulated=True,
        data_label="Data simulasi",
        meeting="Rakor SPM",
        meeting_date=date(2026, 3, 12),
    )


@pytest.fixture(scope="module")
def pptx_bytes(deck, catalog, rules):
    png = deck_map_png(
        deck.of_kind("peta")[0].data["wilayah"], catalog.regions.kabkota, rules, simulated=True, wide=True
    )
    return build_pptx(deck, rules, png)


@pytest.fixture(scope="module")
def prs(pptx_bytes):
    return Presentation(io.BytesIO(pptx_bytes))


def _texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_the_file_has_one_16_9_slide_per_deck_slide(prs, deck):
    assert len(prs.slides) == len(deck) == 13
    assert round(prs.slide_width / prs.slide_height, 2) == round(16 / 9, 2)


def test_slide_titles_are_the_deck_titles(prs, deck):
    for slide, spec in zip(prs.slides, deck.slides):
        assert spec.title in _texts(slide)


def test_every_slide_says_the_data_is_simulated(prs):
    assert all("Data simulasi — bukan data resmi" in _texts(slide) for slide in prs.slides)


def test_notes_hold_the_slides_numbers(prs, deck):
    headline = deck.of_kind("skor_utama")[0].data
    notes = prs.slides[1].notes_slide.notes_text_frame.text
    assert format_score(headline["provinsi"]["nilai"]) in notes  # e.g. "87,38"
    assert all(slide.notes_slide.notes_text_frame.text.strip() for slide in prs.slides)


def test_the_headline_chart_is_a_native_chart_with_the_kabkota_scores(prs, deck):
    charts = [s.chart for s in prs.slides[1].shapes if s.has_chart]
    assert len(charts) == 1
    values = list(charts[0].plots[0].series[0].values)
    expected = [r["nilai"] for r in deck.of_kind("skor_utama")[0].data["kabkota"]]
    assert sorted(values) == sorted(expected) and len(values) == 8


def test_the_map_slide_has_a_picture_and_the_boundary_attribution(prs):
    slide = prs.slides[2]
    assert any(shape.shape_type == 13 for shape in slide.shapes)  # 13 = picture
    assert "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), kode Kepmendagri 2025; diolah." in _texts(slide)


def test_the_sector_matrix_is_a_native_table_with_categories_in_words(prs):
    tables = [s.table for s in prs.slides[4].shapes if s.has_table]
    assert len(tables) == 1
    table = tables[0]
    assert len(table.rows) == 10 and len(table.columns) == 7  # 9 regions + header, 6 sectors + name
    text = " ".join(table.cell(i, j).text for i in range(1, 10) for j in range(1, 7))
    assert "Madya" in text or "Utama" in text


def test_the_map_slide_has_a_legend_of_every_category_with_its_pattern_in_words(prs, rules):
    text = _texts(prs.slides[2])
    assert "Kategori capaian" in text
    for label, rng in rules.category_ranges():
        assert f"{label} ({rng})" in text
    assert "arsir miring /" in text and "Tidak ada data" in text


def test_a_sector_slide_has_native_charts_of_its_weakest_services_and_of_every_kabkota(prs, deck):
    spec = deck.of_kind("bidang")[0]
    slide = prs.slides[deck.slides.index(spec)]
    charts = [s.chart for s in slide.shapes if s.has_chart]
    assert len(charts) == 2
    weakest, ranking = sorted((list(c.plots[0].series[0].values) for c in charts), key=len)
    assert weakest == list(reversed([w["nilai_rerata"] for w in spec.data["layanan_terlemah"]]))
    assert ranking == list(reversed([r["nilai"] for r in spec.data["kabkota"]]))  # first label on top
    assert "Nilai bidang per kab/kota" in _texts(slide)


def test_chart_value_labels_are_text_in_indonesian_format_in_the_files_xml(pptx_bytes, deck):
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(pptx_bytes)) as archive:
        charts = [
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("ppt/charts/chart") and n.endswith(".xml")
        ]
    headline = deck.slides[1].data["kabkota"]
    xml = "".join(charts)
    # every kab/kota score of the headline chart is written as text ("87,38"), a comma decimal
    for region in headline:
        if region["nilai"] is not None:
            assert f"<a:t>{format_score(region['nilai'])}</a:t>" in xml
    label_texts = re.findall(r"<c:dLbl>.*?<a:t>([^<]*)</a:t>", xml, flags=re.S)
    assert label_texts and not any(re.fullmatch(r"[+−-]?\d+\.\d+( %)?", t) for t in label_texts)


def test_the_movers_chart_lists_every_change_largest_on_top(prs, deck):
    spec = deck.of_kind("pergerakan")[0]
    chart = next(s.chart for s in prs.slides[deck.slides.index(spec)].shapes if s.has_chart)
    values = list(reversed(chart.plots[0].series[0].values))  # first category is drawn at the bottom
    # simulated 2025 vs 2024: +6,75 +4,32 +3,56 (largest) and +1,29 +2,52 +2,66 (smallest), one ranking
    assert values == sorted(values, reverse=True)
    assert len(values) == len(spec.data["naik"]) + len(spec.data["turun"])


def test_a_sector_slide_keeps_its_text_above_the_footer_in_one_box(prs, deck):
    from pptx.util import Inches

    footer_top = Inches(7.5) - Inches(0.55)
    for spec in deck.of_kind("bidang"):
        slide = prs.slides[deck.slides.index(spec)]
        boxes = [s for s in slide.shapes if s.has_text_frame and "orang belum terlayani)" in s.text_frame.text]
        assert len(boxes) == 1, spec.title  # the lowest regions and the unit-cost note flow together
        box = boxes[0]
        assert box.top + box.height <= footer_top - Inches(0.05), spec.title  # above the footer's notice
        if spec.data["jumlah_tanpa_biaya"]:
            assert "baris tanpa biaya satuan" in box.text_frame.text


def test_the_weakest_service_labels_are_short_enough_for_two_lines(prs, deck):
    spec = deck.of_kind("bidang")[4]  # Trantibum Linmas: its middle label was dropped by LibreOffice
    slide = prs.slides[deck.slides.index(spec)]
    weakest = min((s.chart for s in slide.shapes if s.has_chart), key=lambda c: len(c.plots[0].categories))
    labels = list(weakest.plots[0].categories)
    assert "Trantibum (kab/kota) · Madya" in labels
    assert all(len(label) <= 60 for label in labels), labels


@pytest.fixture(scope="module")
def quarter_prs(catalog, rules):
    scores = score_all(validate_file(SIMULATED_FILE, catalog).data, catalog, rules)
    quarter = build_deck(
        scores,
        catalog,
        rules,
        Selection(2025, 1),
        simulated=True,
        data_label="Data simulasi",
        meeting="Rakor SPM",
        meeting_date=date(2026, 3, 12),
    )
    return quarter, Presentation(io.BytesIO(build_pptx(quarter, rules, None)))


def test_a_card_without_a_comparison_shows_no_dangling_dash(quarter_prs):
    quarter, prs = quarter_prs
    slide = prs.slides[quarter.slides.index(quarter.of_kind("skor_utama")[0])]
    # the simulated data have no 2024 triwulan I: no change, so no "· –" after the category
    assert "Belum Tuntas · –" not in _texts(slide)
    assert "\nBelum Tuntas\n" in _texts(slide) + "\n"


def test_the_on_track_line_ends_above_the_footer_notice(quarter_prs):
    from pptx.util import Inches

    quarter, prs = quarter_prs
    slide = prs.slides[quarter.slides.index(quarter.of_kind("skor_utama")[0])]
    box = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("Sesuai jalur"))
    # the notice starts at 7,5 − 0,55 − 0,05 = 6,9 in; a box ending right there let three lines at
    # 14 pt touch the notice when rendered, so the box ends 0,05 in before it
    assert box.top + box.height <= Inches(6.85)
