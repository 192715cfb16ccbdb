"""One slide of the deck (``deck.Slide``) as HTML for the presentation page.

High contrast for a washed-out projector: black on white, thick borders, every coloured mark
also carries its category in words and a pattern (hatch) of its own. The slide is a 16:9 box
whose type is sized in container units (``cqw``, 1 % of the slide's width): the smallest text is
1.75 cqw, i.e. about 18.5 px on a 1280 × 720 screen and 27 px at 1920 × 1080. Every text from data
is escaped.
"""

from __future__ import annotations

import base64
from html import escape

from ..catalog import LEVEL_LABELS, short_name
from ..dataset import SIMULATED_NOTICE
from ..formatting import format_change, format_cost_short, format_count, format_percent, format_score
from ..rules import Rules
from ..visuals.colors import LIGHT_TEXT, NO_DATA_COLOR, NO_DATA_TEXT, category_color, text_color_on
from ..visuals.geo import PRINT, map_attribution
from . import deck as d

CSS = """
<style>
.spm-slide {box-sizing:border-box; width:min(calc(100vw - 24px), calc((100vh - 92px) * 16 / 9));
  aspect-ratio:16/9; margin:0 auto; container-type:inline-size; background:#fff; color:#000;
  border:3px solid #000; border-radius:6px; padding:1.6cqw 2.6cqw 1cqw 2.6cqw; display:flex; flex-direction:column;
  overflow:hidden; font-family:"Source Sans Pro", Arial, sans-serif; font-size:2.1cqw; line-height:1.2;}
.spm-slide * {box-sizing:border-box;}
.spm-slide h1 {font-size:3.5cqw !important; font-weight:800; margin:0; padding:0 !important; line-height:1.1;
  color:#000;}
.spm-fs-btn {font:inherit; font-size:1.75cqw; font-weight:700; background:#fff; color:#000; border:2px solid #000;
  border-radius:4px; padding:0 0.8cqw; cursor:pointer;}
.spm-fs-btn:focus-visible {outline:3px solid #1a4f8b; outline-offset:2px;}
.spm-slide .spm-sub {font-size:1.9cqw; color:#222; margin:0.3cqw 0 1cqw 0;}
.spm-slide main {flex:1; min-height:0; display:flex; gap:2cqw;}
.spm-slide footer {display:flex; justify-content:space-between; align-items:center; gap:1cqw;
  font-size:1.75cqw; color:#222; border-top:2px solid #000; padding-top:0.5cqw;}
.spm-slide .spm-sim {background:#fff3cd; color:#4a3700; border:2px solid #b38600; border-radius:4px;
  padding:0 0.8cqw; font-weight:800;}
.spm-col {display:flex; flex-direction:column; gap:1cqw; min-width:0;}
.spm-big {font-size:4.2cqw; font-weight:800; line-height:1;}
.spm-box {border:2px solid #000; border-left-width:1.2cqw; border-radius:4px; padding:0.6cqw 1cqw;}
.spm-box .spm-lbl {font-size:1.8cqw; font-weight:700;}
.spm-box .spm-small {font-size:1.75cqw;}
.spm-badge {display:inline-block; border:2px solid #000; border-radius:4px; padding:0 0.6cqw; font-weight:800;
  font-size:1.8cqw;}
.spm-rows {display:flex; flex-direction:column; gap:0.45cqw; flex:1;}
.spm-row {display:grid; grid-template-columns:24cqw 1fr; align-items:center; gap:1cqw; font-size:1.8cqw;}
.spm-track {position:relative; height:2.7cqw; border:2px solid #000; background:#fff;}
.spm-bar {position:absolute; left:0; top:0; bottom:0; border-right:2px solid #000;}
.spm-bar-text {position:absolute; left:0.6cqw; top:50%; transform:translateY(-50%); font-weight:800;
  background:#fff; border:1px solid #000; padding:0 0.4cqw; white-space:nowrap; font-size:1.75cqw;}
.spm-table {border-collapse:collapse; width:100%; font-size:1.8cqw;}
.spm-table th {background:#000; color:#fff; text-align:left; padding:0.3cqw 0.5cqw; font-weight:800;}
.spm-table td {border:2px solid #000; padding:0.2cqw 0.5cqw; vertical-align:middle;}
.spm-heat td.spm-cell {text-align:center; font-weight:700; line-height:1.05; font-size:1.75cqw;}
.spm-heat th {text-align:center; font-size:1.75cqw; line-height:1.05;}
.spm-points {font-size:2.3cqw; margin:0; padding-left:3cqw;}
.spm-points li {margin-bottom:0.9cqw;}
.spm-title-slide {justify-content:center;}
.spm-title-slide .spm-rapat {font-size:5cqw; font-weight:800; line-height:1.1;}
.spm-title-slide .spm-line {font-size:2.8cqw; margin-top:1cqw;}
.spm-map {display:flex; flex-direction:column; align-items:center; width:100%; min-height:0;}
.spm-map img {flex:1; min-height:0; max-width:100%; object-fit:contain; border:1px solid #000;}
.spm-attr {font-size:1.75cqw; color:#000; align-self:flex-start;}
.spm-map-row {display:flex; gap:1.5cqw; flex:1; min-height:0; width:100%; align-items:center;}
.spm-map-row img {flex:1; min-width:0; max-height:100%; border:0;}
.spm-legend {width:24.5cqw; flex:none; display:flex; flex-direction:column; gap:0.55cqw; font-size:1.75cqw;
  line-height:1.15;}
.spm-legend .spm-lbl {font-size:1.9cqw; font-weight:800;}
.spm-key {display:flex; align-items:center; gap:0.7cqw;}
.spm-nowrap {white-space:nowrap;}
.spm-swatch {flex:none; width:3.2cqw; height:2.3cqw; border:2px solid #000;}
.spm-up {font-weight:800;}
.spm-track-line {font-size:1.8cqw; font-weight:700; border:2px dashed #000; border-radius:4px; padding:0.3cqw 0.8cqw;}
.spm-strip {display:flex; justify-content:space-between; gap:2cqw; border-bottom:2px solid #000; padding-bottom:0.6cqw;}
.spm-ranking .spm-lbl {font-size:1.9cqw; font-weight:800;}
.spm-ranking .spm-rows {gap:0.4cqw;}
.spm-ranking .spm-row {grid-template-columns:14.5cqw 1fr; gap:0.6cqw;}
.spm-ranking .spm-track {height:2.5cqw;}
.spm-ranking.spm-wide .spm-row {grid-template-columns:22cqw 1fr;}
</style>
"""

# Pattern per category position (best first), drawn over the fill in a colour that reads on it.
_PATTERNS = (
    "none",
    "radial-gradient({c} 22%, transparent 24%) 0 0/0.9cqw 0.9cqw",
    "repeating-linear-gradient(45deg, {c} 0 0.18cqw, transparent 0.18cqw 0.8cqw)",
    "repeating-linear-gradient(-45deg, {c} 0 0.18cqw, transparent 0.18cqw 0.8cqw)",
    "repeating-linear-gradient(45deg, {c} 0 0.16cqw, transparent 0.16cqw 0.8cqw), "
    "repeating-linear-gradient(-45deg, {c} 0 0.16cqw, transparent 0.16cqw 0.8cqw)",
    "repeating-linear-gradient(0deg, {c} 0 0.16cqw, transparent 0.16cqw 0.7cqw), "
    "repeating-linear-gradient(90deg, {c} 0 0.16cqw, transparent 0.16cqw 0.7cqw)",
)


BLUE_FILL = "background:#1a4f8b;"
RED_HATCH_FILL = (
    "background:repeating-linear-gradient(45deg, rgba(255,255,255,.6) 0 0.18cqw, transparent 0.18cqw 0.8cqw), #b2182b;"
)


def _fill(rules: Rules, category) -> str:
    """CSS background of a category: its colour with its pattern."""
    color = category_color(rules, category)
    labels = rules.category_labels
    pattern = _PATTERNS[labels.index(category) % len(_PATTERNS)] if category in labels else "none"
    ink = "rgba(255,255,255,.6)" if text_color_on(color) == LIGHT_TEXT else "rgba(0,0,0,.5)"
    layer = pattern.format(c=ink)
    return f"background:{layer}, {color};" if layer != "none" else f"background:{color};"


def _badge(rules: Rules, category) -> str:
    color = category_color(rules, category)
    return (
        f'<span class="spm-badge" style="background:{color};color:{text_color_on(color)}">'
        f"{escape(category or NO_DATA_TEXT)}</span>"
    )


def _bar_row(label: str, value, width_pct: float, text: str, fill_css: str) -> str:
    width_pct = max(0.0, min(width_pct, 100.0))
    return (
        f'<div class="spm-row"><div>{escape(label)}</div><div class="spm-track">'
        f'<div class="spm-bar" style="width:{width_pct:.2f}%;{fill_css}"></div>'
        f'<span class="spm-bar-text">{escape(text)}</span></div></div>'
    )


def _title(spec: d.Slide) -> str:
    data = spec.data
    return (
        f'<main class="spm-col spm-title-slide"><div class="spm-rapat">{escape(data["rapat"])}</div>'
        f'<div class="spm-line">{escape(data["provinsi"])}</div>'
        f'<div class="spm-line">Evaluasi penerapan SPM {escape(data["periode"])}</div>'
        f'<div class="spm-line">{escape(data["tanggal"])}</div></main>'
    )


def _card(rules: Rules, title: str, sub: str, value, category, change) -> str:
    color = category_color(rules, category)
    # no period a year before (e.g. the first quarter ever reported): no change, and no lone "–"
    up = "" if change is None else f' <span class="spm-up">{escape(format_change(change))}</span>'
    return (
        f'<div class="spm-box" style="border-left-color:{color}"><div class="spm-lbl">{escape(title)}</div>'
        f'<div class="spm-small">{escape(sub)}</div><div class="spm-big">{format_score(value)}</div>'
        f"<div>{_badge(rules, category)}{up}</div></div>"
    )


def _headline(spec: d.Slide, rules: Rules) -> str:
    data = spec.data
    cards = []
    own = data["provinsi"]
    if own:
        cards.append(_card(rules, own["nama"], "Nilai provinsi", own["nilai"], own["kategori"], own["perubahan"]))
    cards += [_card(rules, r["label"], r["sub"], r["nilai"], r["kategori"], r["perubahan"]) for r in data["rekap"]]
    rows = "".join(
        _bar_row(
            f"{r['peringkat'] or '–'}. {short_name(r['nama'])}",
            r["nilai"],
            r["nilai"] or 0,
            f"{format_score(r['nilai'])} · {r['kategori'] or NO_DATA_TEXT}",
            _fill(rules, r["kategori"]),
        )
        for r in data["kabkota"]
    )
    track = f'<div class="spm-track-line">{escape(data["jalur"])}</div>' if data.get("jalur") else ""
    return (
        f'<main><div class="spm-col" style="width:31%;gap:0.7cqw">{"".join(cards)}</div>'
        f'<div class="spm-col" style="flex:1;gap:0.6cqw"><div class="spm-rows">{rows}</div>{track}</div></main>'
    )


# The map picture's hatch per category position (static_maps.HATCHES) in words.
PATTERN_WORDS = (
    "polos",
    "bertitik",
    "arsir miring /",
    "arsir miring \\",
    "arsir silang",
    "kotak-kotak",
    "lingkaran",
    "garis mendatar",
)


def map_legend_html(rules: Rules) -> str:
    """The category legend of the slide map: colour swatch with its pattern, the category and its
    range, and the pattern in words (the colour is never the only key)."""
    keys = []
    for i, (label, text) in enumerate(rules.category_ranges()):
        pattern = PATTERN_WORDS[i % len(PATTERN_WORDS)]
        keys.append(
            f'<div class="spm-key"><span class="spm-swatch" style="{_fill(rules, label)}"></span>'
            f"<span><b>{escape(label)}</b><br>({escape(text)}) · "
            f'<span class="spm-nowrap">{escape(pattern)}</span></span></div>'
        )
    keys.append(
        f'<div class="spm-key"><span class="spm-swatch" style="background:{NO_DATA_COLOR}"></span>'
        f"<span><b>{escape(NO_DATA_TEXT)}</b><br>abu-abu polos</span></div>"
    )
    return f'<div class="spm-legend"><div class="spm-lbl">Kategori capaian</div>{"".join(keys)}</div>'


def _map(spec: d.Slide, map_png: bytes | None, rules: Rules) -> str:
    if not map_png:
        body = (
            "<p>Berkas batas wilayah tidak ditemukan: peta tidak dapat digambar. "
            "Nilai per wilayah ada pada slide sebelumnya.</p>"
        )
    else:
        encoded = base64.b64encode(map_png).decode("ascii")
        body = (
            f'<div class="spm-map-row"><img alt="Peta kategori capaian SPM kabupaten/kota" '
            f'src="data:image/png;base64,{encoded}">{map_legend_html(rules)}</div>'
        )
    attribution = map_attribution([r["kode"] for r in spec.data["wilayah"]], PRINT)
    return f'<main><div class="spm-map">{body}<div class="spm-attr">{escape(attribution)}</div></div></main>'


def _movers(spec: d.Slide) -> str:
    data = spec.data
    if not data["pembanding"]:
        return f"<main><p>Belum ada data pembanding untuk {escape(data['pembanding_periode'])}.</p></main>"

    def table(rows, heading):
        body = "".join(
            f"<tr><td>{escape(short_name(r['nama']))}</td><td>{format_score(r['nilai_sebelumnya'])}</td>"
            f"<td>{format_score(r['nilai'])}</td><td><b>{escape(format_change(r['perubahan']))}</b></td></tr>"
            for r in rows
        )
        return (
            f'<div class="spm-col" style="flex:1"><div class="spm-lbl" style="font-weight:800">{escape(heading)}'
            f'</div><table class="spm-table"><tr><th>Wilayah</th><th>Lalu</th><th>Kini</th><th>Ubah</th></tr>'
            f"{body}</table></div>"
        )

    # Every kab/kota: bar length = size of the change against the largest one; a fall is red and
    # hatched, and the arrow and sign say the direction in words too.
    every = data.get("semua", [])
    largest = max((abs(r["perubahan"]) for r in every), default=0) or 1
    bars = "".join(
        _bar_row(
            short_name(r["nama"]),
            r["perubahan"],
            abs(r["perubahan"]) / largest * 100,
            f"{format_change(r['perubahan'])} · {format_score(r['nilai_sebelumnya'])} → {format_score(r['nilai'])}",
            BLUE_FILL if r["perubahan"] >= 0 else RED_HATCH_FILL,
        )
        for r in every
    )
    ranking = (
        f'<div class="spm-col spm-ranking spm-wide"><div class="spm-lbl">Perubahan semua kab/kota (poin)</div>'
        f'<div class="spm-rows">{bars}</div></div>'
        if bars
        else ""
    )
    return (
        f'<main class="spm-col" style="gap:1.2cqw"><div style="display:flex;gap:2cqw">'
        f"{table(data['naik'], 'Naik paling banyak')}{table(data['turun'], 'Naik paling sedikit / turun')}</div>"
        f"{ranking}</main>"
    )


def _heatmap(spec: d.Slide, rules: Rules) -> str:
    data = spec.data
    head = "".join(f"<th>{escape(s['nama'])}</th>" for s in data["bidang"])
    body = []
    for row in data["baris"]:
        cells = []
        for cell in row["sel"]:
            category = cell["kategori"]
            color = category_color(rules, category)
            text = (
                f"{format_score(cell['nilai'])} {escape(category.removeprefix('Tuntas '))}"
                if category
                else escape(NO_DATA_TEXT)
            )
            cells.append(f'<td class="spm-cell" style="background:{color};color:{text_color_on(color)}">{text}</td>')
        body.append(f"<tr><td><b>{escape(short_name(row['nama']))}</b></td>{''.join(cells)}</tr>")
    return (
        f'<main><table class="spm-table spm-heat"><tr><th style="text-align:left">Wilayah</th>{head}</tr>'
        f"{''.join(body)}</table></main>"
    )


def _sector(spec: d.Slide, rules: Rules) -> str:
    """Key figures in a strip on top; below, the weakest services (left) and every kab/kota's
    score in the sector (right), so the slide answers both "what" and "who"."""
    data = spec.data
    figures = [
        ("Nilai bidang provinsi", format_score(data["provinsi"]), data["kategori_provinsi"]),
        ("Rerata kab/kota", format_score(data["rerata_kabkota"]), data["kategori_kabkota"]),
        ("Belum terlayani", f"{format_count(data['belum_terlayani'])} orang", None),
        ("Kebutuhan anggaran", format_cost_short(data["kebutuhan_anggaran"]), None),  # exact in the notes
    ]
    boxes = "".join(
        f'<div><div class="spm-small" style="font-size:1.8cqw">{escape(label)}</div>'
        f'<div><span style="font-size:2.6cqw;font-weight:800">{escape(value)}</span> '
        f"{_badge(rules, category) if category else ''}</div></div>"
        for label, value, category in figures
    )
    rows = "".join(
        f"<tr><td>{escape(w['nama'])}<br><span style='font-size:1.75cqw'>"
        f"{escape(LEVEL_LABELS.get(w['tingkat'], w['tingkat']))}</span></td>"
        f"<td><b>{format_score(w['nilai_rerata'])}</b><br>{_badge(rules, rules.category_of(w['nilai_rerata']))}</td>"
        f"<td>{escape(short_name(w['wilayah_terendah']))}<br><b>{format_score(w['nilai_terendah'])}</b> · "
        f"{format_count(w['belum_terlayani_terendah'])} orang</td>"
        f"<td>{format_count(w['belum_terlayani'])}</td></tr>"
        for w in data["layanan_terlemah"]
    )
    table = (
        f'<table class="spm-table"><tr><th>Layanan terlemah</th><th>Rerata</th>'
        f"<th>Terendah di (nilai · belum terlayani)</th><th>Belum terlayani, semua wilayah</th></tr>{rows}</table>"
        if rows
        else "<p>Belum ada layanan yang dinilai.</p>"
    )
    note = (
        f'<div style="font-size:1.75cqw">{data["jumlah_tanpa_biaya"]} baris tanpa biaya satuan tidak masuk '
        f"kebutuhan anggaran.</div>"
        if data["jumlah_tanpa_biaya"]
        else ""
    )
    ranking = "".join(
        _bar_row(
            short_name(r["nama"]),
            r["nilai"],
            r["nilai"] or 0,
            f"{format_score(r['nilai'])} · {r['kategori'] or NO_DATA_TEXT}",
            _fill(rules, r["kategori"]),
        )
        for r in data.get("kabkota", [])
    )
    if ranking:
        ranking = (
            f'<div class="spm-col spm-ranking" style="flex:1"><div class="spm-lbl">Nilai bidang per kab/kota'
            f'</div><div class="spm-rows">{ranking}</div></div>'
        )
    return (
        f'<main class="spm-col" style="gap:1.2cqw"><div class="spm-strip">{boxes}</div>'
        f'<div style="display:flex;gap:2cqw;flex:1;min-height:0">'
        f'<div class="spm-col" style="flex:1.25">{table}{note}</div>{ranking}</div></main>'
    )


def _completeness(spec: d.Slide) -> str:
    rows = []
    for c in spec.data["wilayah"]:
        full = c["keterisian"] >= 100
        fill = BLUE_FILL if full else RED_HATCH_FILL
        text = f"{format_percent(c['keterisian'])} ({c['jumlah_lengkap']}/{c['jumlah_diharapkan']} baris)"
        text += "" if full else " · belum lengkap"
        rows.append(_bar_row(short_name(c["nama"]), c["keterisian"], c["keterisian"], text, fill))
    return f'<main><div class="spm-rows" style="flex:1">{"".join(rows)}</div></main>'


def _closing(spec: d.Slide) -> str:
    items = "".join(f"<li>{escape(p)}</li>" for p in spec.data["poin"]) or "<li>Belum ada ringkasan.</li>"
    return f'<main><ul class="spm-points">{items}</ul></main>'


FULLSCREEN_LABEL = "Layar penuh"  # no symbol: the projector fonts lack ⛶


def slide_html(
    deck: d.Deck, index: int, rules: Rules, map_png: bytes | None = None, fullscreen_button: bool = False
) -> str:
    """Slide ``index`` (0-based) of the deck as one HTML block (CSS not included: ``CSS``).
    ``fullscreen_button``: a "Layar penuh" button in the footer (the presentation page wires it to
    the browser's Fullscreen API)."""
    spec = deck.slides[index]
    if spec.kind == d.KIND_TITLE:
        body = _title(spec)
    elif spec.kind == d.KIND_HEADLINE:
        body = _headline(spec, rules)
    elif spec.kind == d.KIND_MAP:
        body = _map(spec, map_png, rules)
    elif spec.kind == d.KIND_MOVERS:
        body = _movers(spec)
    elif spec.kind == d.KIND_HEATMAP:
        body = _heatmap(spec, rules)
    elif spec.kind == d.KIND_SECTOR:
        body = _sector(spec, rules)
    elif spec.kind == d.KIND_COMPLETENESS:
        body = _completeness(spec)
    else:
        body = _closing(spec)
    header = (
        ""
        if spec.kind == d.KIND_TITLE
        else (f"<header><h1>{escape(spec.title)}</h1><div class='spm-sub'>{escape(spec.subtitle)}</div></header>")
    )
    notice = f'<span class="spm-sim" role="note">⚠ {escape(SIMULATED_NOTICE)}</span>' if deck.simulated else ""
    button = (
        f'<button type="button" class="spm-fs-btn" data-spm-fullscreen="1">{FULLSCREEN_LABEL}</button>'
        if fullscreen_button
        else ""
    )
    footer = (
        f"<footer><span>{escape(deck.rapat)} · {escape(deck.periode)}</span>{notice}{button}"
        f'<span class="spm-count">{index + 1} / {len(deck)}</span></footer>'
    )
    return (
        f'<section class="spm-slide spm-kind-{spec.kind}" data-slide="{index + 1}" data-total="{len(deck)}" '
        f'aria-label="{escape(spec.title)}">{header}{body}{footer}</section>'
    )
