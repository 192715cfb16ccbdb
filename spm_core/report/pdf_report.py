"""The governor's report as a PDF (reportlab): the province's own SPM and the recap of its
kab/kota for one period.

Built from the same ``deck.Deck`` as the slides (summary, map, per-region and per-sector
tables, movers, weakest services and budget need, completeness, closing points), plus the
province's own service table and the problems and follow-ups recorded in the planning store.
A4 portrait; the "data simulasi" notice in the header of every page when it applies; the
boundary attribution under the map. The font is DejaVu Sans from matplotlib's own data folder
(a dependency, not a file in this repository), so ▲ ▼ ≥ and Indonesian text print everywhere.
"""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

import matplotlib
import pandas as pd
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..catalog import LEVEL_LABELS, Catalog, short_name
from ..dataset import SIMULATED_NOTICE
from ..formatting import format_change, format_cost, format_count, format_percent, format_score
from ..rules import Rules
from ..scoring import Scores
from ..visuals.colors import NO_DATA_TEXT, category_color, text_color_on
from ..visuals.geo import PRINT, map_attribution
from . import deck as d

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
NO_PROBLEMS = "Belum ada catatan permasalahan untuk periode ini."
REPORT_TITLE = "Laporan Penerapan Standar Pelayanan Minimal"


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=20, leading=25, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=17, spaceAfter=4),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18, spaceBefore=10, spaceAfter=6
        ),
        "notice": ParagraphStyle(
            "notice",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            textColor=colors.HexColor("#5c4400"),
            backColor=colors.HexColor("#fff3cd"),
            borderColor=colors.HexColor("#e0a800"),
            borderWidth=1,
            borderPadding=4,
        ),
    }


def _p(text, style) -> Paragraph:
    """A paragraph of plain text (escaped: text from data never becomes markup)."""
    return Paragraph(escape(str(text)), style)


def _head_style(head: ParagraphStyle, text: str, width: float) -> ParagraphStyle:
    """The header style for one header cell: wraps only at spaces, never inside a word; the type
    is made smaller (down to 6.5 pt) when the cell's longest word would not fit its width."""
    room = width - 12  # the table's 6 pt cell padding on each side
    longest = max((pdfmetrics.stringWidth(word, head.fontName, head.fontSize) for word in text.split()), default=0)
    size = head.fontSize if longest <= room else max(6.5, head.fontSize * room / longest)
    return ParagraphStyle("head_fit", parent=head, fontSize=size, leading=size * 1.2, splitLongWords=0)


def service_names(services: list[dict]) -> list[str]:
    """The short names of a sector's weakest services, each with its level ("provinsi",
    "kabupaten/kota") where two share a name: "Rumah korban bencana" is a kab/kota service and a
    province service, and the report listed it twice without saying which."""
    counts = pd.Series([s["nama"] for s in services]).value_counts()
    return [
        f"{s['nama']} {LEVEL_LABELS.get(s['tingkat'], s['tingkat'])}" if counts[s["nama"]] > 1 else s["nama"]
        for s in services
    ]


def _table(
    rows: list[list],
    widths: list[float],
    style: dict,
    fills: list[tuple[int, int, str]] = (),
    header_fill: str = "#1f2d3d",
) -> Table:
    """A table with a dark header row; ``fills``: (column, row, #colour) cell backgrounds (the
    cell's text turns white on a dark fill)."""
    fill_of = {(column, row): fill for column, row, fill in fills}
    head = ParagraphStyle("head", parent=style["cell"], fontName=FONT_BOLD, textColor=colors.white)
    cells = []
    for i, row in enumerate(rows):
        out = []
        for j, value in enumerate(row):
            if i == 0:
                cell_style = _head_style(head, value, widths[j]) if isinstance(value, str) else head
            elif (j, i) in fill_of:
                cell_style = ParagraphStyle(
                    "filled", parent=style["cell"], textColor=colors.HexColor(text_color_on(fill_of[(j, i)]))
                )
            else:
                cell_style = style["cell"]
            out.append(value if isinstance(value, Paragraph) else _p(value, cell_style))
        cells.append(out)
    table = Table(cells, colWidths=widths, repeatRows=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(header_fill)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for (column, row), fill in fill_of.items():
        commands.append(("BACKGROUND", (column, row), (column, row), colors.HexColor(fill)))
    table.setStyle(TableStyle(commands))
    return table


def province_services(scores: Scores, catalog: Catalog, tahun: int, triwulan: int) -> pd.DataFrame:
    """The province's own service rows of the period, in catalog order."""
    frame = scores.layanan
    own = frame[
        (frame["tahun"] == tahun)
        & (frame["triwulan"] == triwulan)
        & (frame["kode_wilayah"].astype(str) == str(catalog.regions.province))
    ].copy()
    order = {k: i for i, k in enumerate(catalog.services["kode_layanan"])}
    own["_urut"] = own["kode_layanan"].astype(str).map(order)
    return own.sort_values("_urut").drop(columns="_urut").reset_index(drop=True)


def problems_for_period(problems: pd.DataFrame | None, tahun: int, triwulan: int) -> pd.DataFrame | None:
    """The problems of the report's period (``current_problems`` rows); None if none."""
    if problems is None or problems.empty:
        return None
    rows = problems[(problems["tahun"] == tahun) & (problems["triwulan"] == triwulan)]
    return rows if len(rows) else None


def _page_decoration(deck: d.Deck, width: float):
    """What every page carries: the title line, the page number and, for simulated data, the notice."""

    def page(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(colors.HexColor("#333333"))
        canvas.drawString(1.8 * cm, A4[1] - 1.2 * cm, f"{REPORT_TITLE} · {deck.provinsi} · {deck.periode}")
        canvas.drawRightString(A4[0] - 1.8 * cm, 1.0 * cm, f"Halaman {document.page}")
        if deck.simulated:
            canvas.setFillColor(colors.HexColor("#fff3cd"))
            canvas.setStrokeColor(colors.HexColor("#e0a800"))
            canvas.rect(1.8 * cm, A4[1] - 2.0 * cm, width, 0.6 * cm, fill=1, stroke=1)
            canvas.setFillColor(colors.HexColor("#5c4400"))
            canvas.setFont(FONT_BOLD, 10)
            canvas.drawString(2.0 * cm, A4[1] - 1.8 * cm, f"⚠ {SIMULATED_NOTICE}")
        canvas.restoreState()

    return page


def _cover(deck: d.Deck, st: dict) -> list:
    story = [
        _p(REPORT_TITLE, st["title"]),
        _p(f"{deck.provinsi} — SPM provinsi dan rekap kabupaten/kota · periode {deck.periode}", st["subtitle"]),
        _p(f"Disusun untuk {deck.rapat}, {deck.tanggal_rapat}.", st["body"]),
        Spacer(1, 6),
    ]
    if deck.simulated:
        story += [
            _p(
                f"⚠ {SIMULATED_NOTICE}. Angka dalam laporan ini tidak boleh dikutip sebagai capaian resmi.",
                st["notice"],
            ),
            Spacer(1, 8),
        ]
    return story


def _summary(headline: dict, closing_points: list[str], rules: Rules, st: dict, width: float) -> list:
    """1. The province's score and the kab/kota recap, then the closing slide's points."""
    story = []
    story.append(_p("1. Ringkasan", st["h1"]))
    rows = [["", "Nilai", "Kategori", "Perubahan (poin)"]]
    fills = []
    cards = []
    if headline["provinsi"]:
        own = headline["provinsi"]
        cards.append((f"{own['nama']} (SPM provinsi)", own["nilai"], own["kategori"], own["perubahan"]))
    cards += [(f"{r['label']}: {r['sub']}", r["nilai"], r["kategori"], r["perubahan"]) for r in headline["rekap"]]
    for i, (label, value, category, change) in enumerate(cards, 1):
        rows.append([label, format_score(value), category or "Tidak ada nilai", format_change(change)])
        fills.append((2, i, category_color(rules, category)))
    story.append(_table(rows, [width * 0.46, width * 0.14, width * 0.2, width * 0.2], st, fills))
    story.append(Spacer(1, 6))
    for point in closing_points:
        story.append(_p(f"• {point}", st["body"]))
    return story


def _map(map_png: bytes | None, catalog: Catalog, st: dict, width: float) -> list:
    """2. The kab/kota map picture with its attribution (or why there is none)."""
    story = []
    story.append(_p("2. Peta capaian kabupaten/kota", st["h1"]))
    if map_png:
        image = Image(io.BytesIO(map_png), width=width, height=width * 9 / 16)
        story.append(KeepTogether([image, _p(map_attribution(catalog.regions.kabkota, PRINT), st["small"])]))
    else:
        story.append(
            _p(
                "Berkas batas wilayah tidak ditemukan: peta tidak dapat digambar; nilai per wilayah ada pada "
                "tabel berikut.",
                st["body"],
            )
        )
    return story


def _regions(headline: dict, rules: Rules, st: dict, width: float) -> list:
    """3. Every region's score, category, change and completeness."""
    story = []
    story.append(_p("3. Nilai per wilayah", st["h1"]))
    rows = [["Peringkat", "Wilayah", "Nilai", "Kategori", "Tahun lalu", "Perubahan", "Keterisian"]]
    fills = []
    region_rows = ([headline["provinsi"]] if headline["provinsi"] else []) + headline["kabkota"]
    for i, r in enumerate(region_rows, 1):
        rows.append(
            [
                str(r["peringkat"]) if r["peringkat"] else "–",
                r["nama"],
                format_score(r["nilai"]),
                r["kategori"] or NO_DATA_TEXT,
                format_score(r["nilai_sebelumnya"]),
                format_change(r["perubahan"]),
                format_percent(r["keterisian"]),
            ]
        )
        fills.append((3, i, category_color(rules, r["kategori"])))
    story.append(_table(rows, [w * width for w in (0.12, 0.25, 0.1, 0.16, 0.11, 0.13, 0.13)], st, fills))
    story.append(
        _p(
            "Peringkat hanya untuk kabupaten/kota. Perubahan = nilai dibulatkan dikurangi nilai periode yang "
            "sama tahun sebelumnya.",
            st["small"],
        )
    )
    return story


def _categories(headline: dict, rules: Rules, st: dict, width: float) -> list:
    """4. How many kab/kota fall in each category, and which."""
    story = []
    story.append(_p("4. Sebaran kategori kabupaten/kota", st["h1"]))
    counts = pd.Series([r["kategori"] for r in headline["kabkota"] if r["kategori"]]).value_counts()
    rows = [["Kategori", "Rentang nilai", "Jumlah kab/kota", "Kabupaten/kota"]]
    fills = []
    for i, (label, text) in enumerate(rules.category_ranges(), 1):
        names = ", ".join(short_name(r["nama"]) for r in headline["kabkota"] if r["kategori"] == label)
        rows.append([label, text, str(int(counts.get(label, 0))), names or "–"])
        fills.append((0, i, category_color(rules, label)))
    story.append(_table(rows, [width * 0.2, width * 0.16, width * 0.14, width * 0.5], st, fills))
    story.append(_p(f"Skema kategori: {rules.source_text('kategori')}", st["small"]))
    return story


def _sectors(matrix: dict, rules: Rules, st: dict, width: float) -> list:
    """5. Region × sector scores."""
    story = []
    story.append(_p("5. Nilai per bidang", st["h1"]))
    rows = [["Wilayah", *[s["nama"] for s in matrix["bidang"]]]]
    fills = []
    for i, row in enumerate(matrix["baris"], 1):
        cells = [short_name(row["nama"])]
        for j, cell in enumerate(row["sel"], 1):
            cells.append(
                f"{format_score(cell['nilai'])} {cell['kategori'].removeprefix('Tuntas ')}"
                if cell["kategori"]
                else NO_DATA_TEXT
            )
            fills.append((j, i, category_color(rules, cell["kategori"])))
        rows.append(cells)
    first = width * 0.18
    story.append(_table(rows, [first] + [(width - first) / len(matrix["bidang"])] * len(matrix["bidang"]), st, fills))
    return story


def _changes(moves: dict, st: dict, width: float) -> list:
    """6. The largest rises and falls against the year before."""
    story = []
    heading = _p("6. Perubahan dibanding tahun sebelumnya", st["h1"])
    if moves["pembanding"]:
        rows = [["", "Wilayah", "Tahun lalu", "Sekarang", "Perubahan"]]
        for group, label in (("naik", "Kenaikan terbesar"), ("turun", "Kenaikan terkecil / penurunan")):
            for r in moves[group]:
                rows.append(
                    [
                        label,
                        r["nama"],
                        format_score(r["nilai_sebelumnya"]),
                        format_score(r["nilai"]),
                        format_change(r["perubahan"]),
                    ]
                )
        story.append(
            KeepTogether(
                [heading, _table(rows, [width * 0.28, width * 0.3, width * 0.14, width * 0.14, width * 0.14], st)]
            )
        )
    else:
        story += [heading, _p(f"Belum ada data pembanding untuk {moves['pembanding_periode']}.", st["body"])]
    return story


def _province(deck: d.Deck, scores: Scores, catalog: Catalog, rules: Rules, st: dict, width: float) -> list:
    """7. The province's own services."""
    story = []
    story.append(_p("7. SPM provinsi per jenis layanan", st["h1"]))
    own = province_services(scores, catalog, deck.tahun, deck.triwulan)
    if own.empty:
        story.append(_p("Provinsi belum melaporkan layanan untuk periode ini.", st["body"]))
    else:
        rows = [["Bidang", "Layanan", "Harus dilayani", "Terlayani", "Penerima", "Mutu", "Nilai", "Kategori"]]
        fills = []
        for i, r in enumerate(own.itertuples(index=False), 1):
            category = r.kategori if isinstance(r.kategori, str) else None
            rows.append(
                [
                    catalog.sector_short_names.get(r.kode_bidang, r.kode_bidang),
                    catalog.service_short_names.get(r.kode_layanan, r.kode_layanan),
                    format_count(r.harus_dilayani),
                    format_count(r.terlayani),
                    format_percent(r.persen_penerima),
                    format_percent(r.persen_mutu),
                    format_score(r.nilai_bulat),
                    category or r.status,
                ]
            )
            fills.append((7, i, category_color(rules, category)))
        story.append(_table(rows, [w * width for w in (0.13, 0.21, 0.11, 0.12, 0.12, 0.10, 0.08, 0.13)], st, fills))
    return story


def _weakest_and_need(sector_slides: list[d.Slide], st: dict, width: float) -> list:
    """8. Per sector: the weakest services and the budget need."""
    story = []
    story.append(_p("8. Layanan terlemah dan kebutuhan anggaran per bidang", st["h1"]))
    rows = [["Bidang", "Layanan terlemah (rerata; terendah di)", "Belum terlayani", "Kebutuhan anggaran"]]
    for slide in sector_slides:
        data = slide.data
        weakest = (
            "; ".join(
                f"{name} ({format_score(w['nilai_rerata'])}; {short_name(w['wilayah_terendah'])} "
                f"{format_score(w['nilai_terendah'])})"
                for name, w in zip(service_names(data["layanan_terlemah"]), data["layanan_terlemah"])
            )
            or "–"
        )
        need = format_cost(data["kebutuhan_anggaran"])
        if data["jumlah_tanpa_biaya"]:
            need += f" ({format_count(data['jumlah_tanpa_biaya'])} baris tanpa biaya satuan)"
        rows.append([data["nama_singkat"], weakest or "–", format_count(data["belum_terlayani"]), need])
    story.append(_table(rows, [width * 0.15, width * 0.47, width * 0.14, width * 0.24], st))
    story.append(
        _p(
            "Kebutuhan anggaran = penerima belum terlayani × biaya satuan; baris tanpa biaya satuan tidak terhitung.",
            st["small"],
        )
    )
    return story


def _completeness(regions: list[dict], st: dict, width: float) -> list:
    """9. Reporting completeness per region."""
    story = []
    story.append(_p("9. Keterisian laporan", st["h1"]))
    rows = [["Wilayah", "Baris lengkap", "Baris diharapkan", "Keterisian"]]
    for c in regions:
        rows.append(
            [
                c["nama"],
                format_count(c["jumlah_lengkap"]),
                format_count(c["jumlah_diharapkan"]),
                format_percent(c["keterisian"]),
            ]
        )
    story.append(_table(rows, [width * 0.4, width * 0.2, width * 0.2, width * 0.2], st))
    return story


def _problems(problems: pd.DataFrame | None, deck: d.Deck, catalog: Catalog, st: dict, width: float) -> list:
    """10. The period's problems and follow-ups."""
    story = []
    story.append(_p("10. Permasalahan dan tindak lanjut", st["h1"]))
    found = problems_for_period(problems, deck.tahun, deck.triwulan)
    if found is None:
        story.append(_p(NO_PROBLEMS, st["body"]))
    else:
        rows = [["No.", "Wilayah", "Bidang", "Permasalahan", "Solusi / tindak lanjut", "Penanggung jawab", "Status"]]
        for r in found.itertuples(index=False):
            follow = " / ".join(t for t in (r.solusi, r.tindak_lanjut) if isinstance(t, str) and t) or "–"
            rows.append(
                [
                    str(r.nomor),
                    catalog.regions.names.get(r.kode_wilayah, r.kode_wilayah),
                    catalog.sector_short_names.get(r.kode_bidang, r.kode_bidang),
                    r.permasalahan,
                    follow,
                    r.penanggung_jawab or "–",
                    r.status,
                ]
            )
        story.append(_table(rows, [w * width for w in (0.06, 0.15, 0.12, 0.25, 0.22, 0.12, 0.08)], st))
    return story


def _sources(deck: d.Deck, rules: Rules, catalog: Catalog, data_source: str, st: dict) -> list:
    """11. Where the data, the rules and the boundaries come from."""
    story = []
    story.append(_p("11. Sumber data dan aturan", st["h1"]))
    for line in [
        f"Data: {data_source or deck.data_label}.",
        f"Aturan penilaian versi {rules.versi}: {rules.source_text('bobot')}",
        f"Agregasi: {rules.source_text('agregasi')}",
        f"Kategori: {rules.source_text('kategori')}",
        map_attribution(catalog.regions.kabkota, PRINT),
    ]:
        story.append(_p(line, st["body"]))
    return story


def build_report(
    deck: d.Deck,
    scores: Scores,
    catalog: Catalog,
    rules: Rules,
    *,
    map_png: bytes | None = None,
    problems: pd.DataFrame | None = None,
    data_source: str = "",
) -> bytes:
    """The report as PDF bytes, one section after the other. ``problems``: the planning store's
    current problems (any period; those of the report's period are listed); ``data_source``: a
    line on where the data come from."""
    _register_fonts()
    st = _styles()
    buffer = io.BytesIO()
    width = A4[0] - 3.6 * cm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=2.4 * cm,
        bottomMargin=1.8 * cm,
        title=f"{REPORT_TITLE} — {deck.provinsi} {deck.periode}",
        author=deck.provinsi,
        subject="Laporan gubernur: SPM provinsi dan rekap kabupaten/kota",
    )
    slides = {kind: deck.of_kind(kind) for kind in d.KINDS}
    headline = slides[d.KIND_HEADLINE][0].data
    story = [
        *_cover(deck, st),
        *_summary(headline, slides[d.KIND_CLOSING][0].data["poin"], rules, st, width),
        *_map(map_png, catalog, st, width),
        *_regions(headline, rules, st, width),
        *_categories(headline, rules, st, width),
        *_sectors(slides[d.KIND_HEATMAP][0].data, rules, st, width),
        *_changes(slides[d.KIND_MOVERS][0].data, st, width),
        *_province(deck, scores, catalog, rules, st, width),
        *_weakest_and_need(slides[d.KIND_SECTOR], st, width),
        *_completeness(slides[d.KIND_COMPLETENESS][0].data["wilayah"], st, width),
        *_problems(problems, deck, catalog, st, width),
        *_sources(deck, rules, catalog, data_source, st),
    ]
    page = _page_decoration(deck, width)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()
