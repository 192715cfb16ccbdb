"""The meeting deck (``deck.Deck``) as an editable PowerPoint file (python-pptx).

16:9, white background, black type, nothing under 14 pt (body 18–24 pt). Bar charts are native
PowerPoint charts (editable, their numbers in the chart's own sheet); the region × sector matrix
is a native table with the category written in every cell; the map is a picture drawn by
``static_maps``. Every slide carries its numbers in the notes, and the "data simulasi" notice
when the data is simulated.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from ..catalog import LEVEL_KABKOTA, LEVEL_PROVINCE, short_name
from ..dataset import SIMULATED_NOTICE
from ..formatting import format_change, format_cost_short, format_count, format_number, format_percent, format_score
from ..rules import Rules
from ..visuals.colors import NO_DATA_COLOR, NO_DATA_TEXT, category_color, text_color_on
from ..visuals.geo import PRINT, map_attribution
from . import deck as d
from .deck_html import PATTERN_WORDS

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BLACK = RGBColor(0x11, 0x11, 0x11)
GREY = RGBColor(0x33, 0x33, 0x33)
AMBER_BG, AMBER_FG = RGBColor(0xFF, 0xF3, 0xCD), RGBColor(0x5C, 0x44, 0x00)
FONT = "Arial"


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _text_on(hex_color: str) -> RGBColor:
    return _rgb(text_color_on(hex_color))


def _textbox(
    slide,
    left,
    top,
    width,
    height,
    lines,
    size=20,
    bold=False,
    color=BLACK,
    align=PP_ALIGN.LEFT,
    anchor=MSO_ANCHOR.TOP,
    fill=None,
):
    """A text box; ``lines``: a string or a list of strings or (text, size, bold) tuples."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.08)
    if fill is not None:
        box.fill.solid()
        box.fill.fore_color.rgb = fill
    for i, line in enumerate([lines] if isinstance(lines, str) else lines):
        text, line_size, line_bold = (line, size, bold) if isinstance(line, str) else line
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.name = Pt(line_size), line_bold, FONT
        run.font.color.rgb = color
    return box


def _frame(prs, deck: d.Deck, slide_spec: d.Slide, number: int):
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    title_size = 34 if len(slide_spec.title) <= 48 else 26  # a long sector name stays on one line
    _textbox(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.8), slide_spec.title, size=title_size, bold=True)
    if slide_spec.subtitle:
        _textbox(slide, MARGIN, Inches(1.05), WIDTH - 2 * MARGIN, Inches(0.5), slide_spec.subtitle, size=20, color=GREY)
    footer_top = HEIGHT - Inches(0.55)
    _textbox(slide, MARGIN, footer_top, Inches(6.5), Inches(0.4), f"{deck.rapat} · {deck.periode}", size=14, color=GREY)
    _textbox(
        slide,
        WIDTH - MARGIN - Inches(0.8),
        footer_top,
        Inches(0.8),
        Inches(0.4),
        f"{number}",
        size=14,
        color=GREY,
        align=PP_ALIGN.RIGHT,
    )
    if deck.simulated:
        _textbox(
            slide,
            Inches(7.0),
            footer_top - Inches(0.05),
            Inches(4.9),
            Inches(0.45),
            f"⚠ {SIMULATED_NOTICE}",
            size=16,
            bold=True,
            color=AMBER_FG,
            fill=AMBER_BG,
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.MIDDLE,
        )
    slide.notes_slide.notes_text_frame.text = slide_spec.notes
    return slide


def _signed(value) -> str:
    """A change as a label: "+1,25", "−0,50", "0,00"."""
    if value is None or value == 0:
        return format_number(0)
    return ("+" if value > 0 else "−") + format_number(abs(value))


def _bar_chart(
    slide,
    left,
    top,
    width,
    height,
    labels,
    values,
    colors,
    number_format="0.00",
    font_size=16,
    axis_max=None,
    label_text=format_score,
):
    """A native horizontal bar chart (first label on top) with one colour per bar and the value
    written at each bar. The value labels are text written here (``label_text``: "94,48"), not a
    number format: PowerPoint would format numbers with the viewer's own separators ("94.48")."""
    data = CategoryChartData(number_format=number_format)
    data.categories = list(reversed(labels))
    data.add_series("Nilai", list(reversed([0.0 if v is None else v for v in values])))
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data).chart
    chart.has_legend = False
    chart.has_title = False
    chart.font.size, chart.font.name = Pt(font_size), FONT
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.has_data_labels = True
    labels_ = plot.data_labels
    labels_.number_format, labels_.number_format_is_linked = number_format, False
    labels_.position = XL_LABEL_POSITION.OUTSIDE_END
    labels_.font.size, labels_.font.bold = Pt(font_size), True
    series = plot.series[0]
    for i, value in enumerate(reversed(list(values))):
        label = series.points[i].data_label
        label.has_text_frame = True
        label.text_frame.text = label_text(value) if value is not None else "–"
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        for run in label.text_frame.paragraphs[0].runs:
            run.font.size, run.font.bold = Pt(font_size), True
    for i, color in enumerate(reversed(colors)):
        point = series.points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(color)
        point.format.line.color.rgb = BLACK
    value_axis = chart.value_axis
    if axis_max is not None:
        value_axis.maximum_scale = axis_max
        value_axis.minimum_scale = 0
    value_axis.has_major_gridlines = False
    value_axis.tick_labels.font.size = Pt(font_size - 2)
    chart.category_axis.tick_labels.font.size = Pt(font_size)
    # Every bar keeps its name: without this a viewer may print only every other label when space is short.
    axis = chart.category_axis._element
    skip = OxmlElement("c:tickLblSkip")
    skip.set("val", "1")
    after = axis.find(qn("c:noMultiLvlLbl"))
    if after is not None:
        after.addprevious(skip)
    else:
        axis.append(skip)
    return chart


def _card(slide, left, top, width, height, title, sub, value, category, change, rules: Rules):
    color = category_color(rules, category)
    band = slide.shapes.add_shape(1, left, top, Inches(0.18), height)  # 1 = rectangle
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(color)
    band.line.color.rgb = BLACK
    _textbox(
        slide,
        left + Inches(0.25),
        top,
        width - Inches(0.25),
        height,
        [
            (title, 18, True),
            (sub, 14, False),
            (format_score(value), 36, True),
            ((category or "Tidak ada nilai") + ("" if change is None else f" · {format_change(change)}"), 18, True),
        ],
    )


def _title_slide(prs, deck: d.Deck, spec: d.Slide, number: int):
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = spec.data
    _textbox(
        slide,
        MARGIN,
        Inches(1.6),
        WIDTH - 2 * MARGIN,
        Inches(4),
        [
            (data["rapat"], 44, True),
            (data["provinsi"], 30, False),
            (f"Evaluasi penerapan SPM {data['periode']}", 28, False),
            (data["tanggal"], 24, False),
        ],
    )
    if deck.simulated:
        _textbox(
            slide,
            MARGIN,
            Inches(5.8),
            Inches(6),
            Inches(0.6),
            f"⚠ {SIMULATED_NOTICE}",
            size=22,
            bold=True,
            color=AMBER_FG,
            fill=AMBER_BG,
            anchor=MSO_ANCHOR.MIDDLE,
        )
    slide.notes_slide.notes_text_frame.text = spec.notes


def _headline_slide(slide, spec: d.Slide, rules: Rules):
    data = spec.data
    top, card_w, card_h = Inches(1.6), Inches(4.0), Inches(1.65)
    own = data["provinsi"]
    cards = []
    if own:
        cards.append((own["nama"], "Nilai provinsi", own["nilai"], own["kategori"], own["perubahan"]))
    cards += [(r["label"], r["sub"], r["nilai"], r["kategori"], r["perubahan"]) for r in data["rekap"]]
    for i, card in enumerate(cards[:3]):
        _card(slide, MARGIN, top + i * (card_h + Inches(0.15)), card_w, card_h, *card, rules=rules)
    rows = data["kabkota"]
    chart_w = WIDTH - 2 * MARGIN - card_w - Inches(0.3)
    if data.get("jalur"):  # a quarter: on track for the year's target; three lines end above the footer
        _textbox(
            slide, MARGIN + card_w + Inches(0.3), Inches(5.95), chart_w, Inches(0.9), data["jalur"], size=13, bold=True
        )
    _bar_chart(
        slide,
        MARGIN + card_w + Inches(0.3),
        Inches(1.6),
        chart_w,
        Inches(4.3) if data.get("jalur") else Inches(5.2),
        [f"{r['peringkat'] or '–'}. {short_name(r['nama'])} · {r['kategori'] or NO_DATA_TEXT}" for r in rows],
        [r["nilai"] for r in rows],
        [category_color(rules, r["kategori"]) for r in rows],
        axis_max=100,
    )


# The map picture's hatch per category position (static_maps.HATCHES) as a PowerPoint pattern.
_PATTERNS = (
    None,
    MSO_PATTERN.PERCENT_25,
    MSO_PATTERN.WIDE_UPWARD_DIAGONAL,
    MSO_PATTERN.WIDE_DOWNWARD_DIAGONAL,
    MSO_PATTERN.DIAGONAL_CROSS,
    MSO_PATTERN.LARGE_GRID,
    MSO_PATTERN.DOTTED_DIAMOND,
    MSO_PATTERN.NARROW_HORIZONTAL,
)
LEGEND_W = Inches(3.7)


def _map_legend(slide, rules: Rules, left, top, width, height):
    """The map's category legend as native shapes: a swatch in the category's colour and pattern,
    the category with its range and the pattern in words."""
    _textbox(slide, left, top, width, Inches(0.45), "Kategori capaian", size=18, bold=True)
    keys = [
        (
            label,
            f"{label} ({text})",
            PATTERN_WORDS[i % len(PATTERN_WORDS)],
            category_color(rules, label),
            _PATTERNS[i % len(_PATTERNS)],
        )
        for i, (label, text) in enumerate(rules.category_ranges())
    ]
    keys.append((None, NO_DATA_TEXT, "abu-abu polos", NO_DATA_COLOR, None))
    step = min(Inches(0.62), int((height - Inches(0.5)) / len(keys)))
    for i, (_, name, words, color, pattern) in enumerate(keys):
        y = top + Inches(0.5) + i * step
        swatch = slide.shapes.add_shape(1, left, y + Inches(0.06), Inches(0.5), Inches(0.36))  # 1 = rectangle
        if pattern is None:
            swatch.fill.solid()
            swatch.fill.fore_color.rgb = _rgb(color)
        else:
            swatch.fill.patterned()
            swatch.fill.pattern = pattern
            swatch.fill.fore_color.rgb = _text_on(color)
            swatch.fill.back_color.rgb = _rgb(color)
        swatch.line.color.rgb = BLACK
        _textbox(slide, left + Inches(0.58), y, width - Inches(0.58), step, [(name, 14, True), (words, 14, False)])


def _map_slide(slide, spec: d.Slide, map_png: bytes | None, rules: Rules):
    if map_png:
        picture = slide.shapes.add_picture(io.BytesIO(map_png), MARGIN, Inches(1.5))
        room = WIDTH - 2 * MARGIN - LEGEND_W - Inches(0.2)
        scale = min(room / picture.width, Inches(4.85) / picture.height)
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
        _map_legend(slide, rules, MARGIN + picture.width + Inches(0.2), Inches(1.5), LEGEND_W, Inches(4.85))
    else:
        _textbox(
            slide,
            MARGIN,
            Inches(2.5),
            WIDTH - 2 * MARGIN,
            Inches(1),
            "Berkas batas wilayah tidak ditemukan: "
            "peta tidak dapat digambar. Lihat nilai per wilayah pada slide sebelumnya.",
            size=24,
        )
    attribution = map_attribution([r["kode"] for r in spec.data["wilayah"]], PRINT)
    _textbox(slide, MARGIN, Inches(6.38), WIDTH - 2 * MARGIN, Inches(0.35), attribution, size=14, color=GREY)


def _movers_slide(slide, spec: d.Slide, rules: Rules):
    data = spec.data
    if not data["pembanding"]:
        _textbox(
            slide,
            MARGIN,
            Inches(2.5),
            WIDTH - 2 * MARGIN,
            Inches(1),
            f"Belum ada data pembanding untuk {data['pembanding_periode']}.",
            size=28,
        )
        return
    # one chart of both short lists, largest change on top (the two lists one after the other read
    # as an unordered 6,75 … 1,29, 2,52, 2,66)
    rows = sorted(data["naik"] + data["turun"], key=lambda r: -(r["perubahan"] or 0))
    labels = [
        f"{short_name(r['nama'])}: {format_score(r['nilai_sebelumnya'])} → {format_score(r['nilai'])}" for r in rows
    ]
    colors = ["#1a6fb0" if (r["perubahan"] or 0) >= 0 else "#b2182b" for r in rows]
    chart = _bar_chart(
        slide,
        MARGIN,
        Inches(1.6),
        WIDTH - 2 * MARGIN,
        Inches(5.1),
        labels,
        [r["perubahan"] for r in rows],
        colors,
        number_format="+0.00;-0.00;0.00",
        font_size=18,
        label_text=_signed,
    )
    chart.has_title = False


def _matrix_slide(slide, spec: d.Slide, rules: Rules):
    data = spec.data
    sectors, rows = data["bidang"], data["baris"]
    n_rows, n_cols = len(rows) + 1, len(sectors) + 1
    height = Inches(5.1)
    table = slide.shapes.add_table(n_rows, n_cols, MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, height).table
    table.columns[0].width = Inches(3.2)
    rest = int((WIDTH - 2 * MARGIN - Inches(3.2)) / len(sectors))
    for j in range(1, n_cols):
        table.columns[j].width = Emu(rest)

    def put(cell, lines, fill="#ffffff", bold=False, size=14):
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(fill)
        cell.margin_left = cell.margin_right = Inches(0.05)
        cell.margin_top = cell.margin_bottom = Inches(0.02)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame = cell.text_frame
        for k, text in enumerate(lines):
            paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER if fill != "#ffffff" or k else PP_ALIGN.LEFT
            run = paragraph.add_run()
            run.text = text
            run.font.size, run.font.bold, run.font.name = Pt(size), bold or k == 0, FONT
            run.font.color.rgb = _text_on(fill)

    put(table.cell(0, 0), ["Wilayah"], fill="#1f2d3d", size=16)
    for j, sector in enumerate(sectors, 1):
        put(table.cell(0, j), [sector["nama"]], fill="#1f2d3d", size=15)
    for i, row in enumerate(rows, 1):
        put(table.cell(i, 0), [short_name(row["nama"])], size=16)
        for j, cell in enumerate(row["sel"], 1):
            category = cell["kategori"]
            put(
                table.cell(i, j),
                [format_score(cell["nilai"]), (category or NO_DATA_TEXT).removeprefix("Tuntas ")],
                fill=category_color(rules, category),
                size=14,
            )


LEVEL_SHORT = {LEVEL_PROVINCE: "provinsi", LEVEL_KABKOTA: "kab/kota"}  # a chart label's level


def _sector_slide(slide, spec: d.Slide, rules: Rules):
    """As on screen: key figures in a strip on top; the weakest services (left) and every
    kab/kota's score in the sector (right) below."""
    data = spec.data
    figures = [
        ("Nilai bidang provinsi", f"{format_score(data['provinsi'])}", data["kategori_provinsi"]),
        ("Rerata kab/kota", f"{format_score(data['rerata_kabkota'])}", data["kategori_kabkota"]),
        ("Belum terlayani", f"{format_count(data['belum_terlayani'])} orang", None),
        ("Kebutuhan anggaran", format_cost_short(data["kebutuhan_anggaran"]), None),  # exact in the notes
    ]
    inner = WIDTH - 2 * MARGIN
    for i, (label, value, category) in enumerate(figures):
        lines = [(label, 16, False), (value, 26, True)]
        if category:
            lines.append((category, 16, True))
        _textbox(slide, MARGIN + i * (inner // 4), Inches(1.45), inner // 4, Inches(1.15), lines)
    top, bottom = Inches(2.7), Inches(6.9)  # bottom: above the footer (HEIGHT − 0.6 in)
    left_w = Inches(6.4)
    right_left = MARGIN + left_w + Inches(0.3)
    right_w = WIDTH - MARGIN - right_left
    ranking = data.get("kabkota", [])
    if ranking:
        _textbox(slide, right_left, top, right_w, Inches(0.4), "Nilai bidang per kab/kota", size=18, bold=True)
        _bar_chart(
            slide,
            right_left,
            top + Inches(0.4),
            right_w,
            Inches(3.8) - Inches(0.4),
            [f"{short_name(r['nama'])} · {(r['kategori'] or NO_DATA_TEXT).removeprefix('Tuntas ')}" for r in ranking],
            [r["nilai"] for r in ranking],
            [category_color(rules, r["kategori"]) for r in ranking],
            axis_max=100,
            font_size=13,
        )
    weakest = data["layanan_terlemah"]
    note = (
        [
            (
                (
                    f"{format_count(data['jumlah_tanpa_biaya'])} baris tanpa biaya satuan tidak masuk kebutuhan "
                    "anggaran."
                ),
                12,
                False,
            )
        ]
        if data["jumlah_tanpa_biaya"]
        else []
    )
    if not weakest:
        _textbox(slide, MARGIN, top, left_w, bottom - top, [("Belum ada layanan yang dinilai.", 24, False), *note])
        return
    _textbox(slide, MARGIN, top, left_w, Inches(0.4), f"{len(weakest)} layanan terlemah (rerata)", size=18, bold=True)
    # Category labels short enough for two lines each (LibreOffice and PowerPoint drop a label that
    # would overlap its neighbour): the service, its level and the category without "Tuntas".
    labels = [
        (
            f"{w['nama']} ({LEVEL_SHORT.get(w['tingkat'], w['tingkat'])}) · "
            f"{rules.category_of(w['nilai_rerata']).removeprefix('Tuntas ')}"
        )
        for w in weakest
    ]
    _bar_chart(
        slide,
        MARGIN,
        top + Inches(0.4),
        left_w,
        Inches(2.0),
        labels,
        [w["nilai_rerata"] for w in weakest],
        [category_color(rules, rules.category_of(w["nilai_rerata"])) for w in weakest],
        axis_max=100,
        font_size=13,
    )
    # The lowest region of each service, then the note on unit costs, in one box: they flow
    # together and end above the footer (two boxes overlapped when the lines ran long).
    lines = [
        (
            (
                f"{w['nama']}: terendah {short_name(w['wilayah_terendah'])} {format_score(w['nilai_terendah'])} "
                f"({format_count(w['belum_terlayani_terendah'])} orang belum terlayani); semua wilayah "
                f"{format_count(w['belum_terlayani'])} orang"
            ),
            13,
            False,
        )
        for w in weakest
    ]
    _textbox(slide, MARGIN, top + Inches(2.45), left_w, bottom - top - Inches(2.45), lines + note)


def _completeness_slide(slide, spec: d.Slide, rules: Rules):
    rows = spec.data["wilayah"]
    labels = [f"{short_name(r['nama'])} ({r['jumlah_lengkap']}/{r['jumlah_diharapkan']} baris)" for r in rows]
    colors = ["#1a6fb0" if r["keterisian"] >= 100 else "#b2182b" for r in rows]
    _bar_chart(
        slide,
        MARGIN,
        Inches(1.6),
        WIDTH - 2 * MARGIN,
        Inches(5.0),
        labels,
        [r["keterisian"] for r in rows],
        colors,
        number_format='0.0" %"',
        axis_max=100,
        font_size=16,
        label_text=format_percent,
    )


def _closing_slide(slide, spec: d.Slide):
    points = spec.data["poin"] or ["Belum ada ringkasan."]
    _textbox(slide, MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, Inches(5.0), [(f"• {p}", 22, False) for p in points])


def build_pptx(deck: d.Deck, rules: Rules, map_png: bytes | None = None) -> bytes:
    """The deck as .pptx bytes; ``map_png`` is the map picture (None: a note instead)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{deck.rapat} — {deck.periode}"
    prs.core_properties.subject = "Evaluasi penerapan SPM"
    for number, spec in enumerate(deck.slides, 1):
        if spec.kind == d.KIND_TITLE:
            _title_slide(prs, deck, spec, number)
            continue
        slide = _frame(prs, deck, spec, number)
        if spec.kind == d.KIND_HEADLINE:
            _headline_slide(slide, spec, rules)
        elif spec.kind == d.KIND_MAP:
            _map_slide(slide, spec, map_png, rules)
        elif spec.kind == d.KIND_MOVERS:
            _movers_slide(slide, spec, rules)
        elif spec.kind == d.KIND_HEATMAP:
            _matrix_slide(slide, spec, rules)
        elif spec.kind == d.KIND_SECTOR:
            _sector_slide(slide, spec, rules)
        elif spec.kind == d.KIND_COMPLETENESS:
            _completeness_slide(slide, spec, rules)
        elif spec.kind == d.KIND_CLOSING:
            _closing_slide(slide, spec)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


__all__ = ["build_pptx"]
