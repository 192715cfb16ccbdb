"""Figures (spm_core.visuals.figures): the numbers drawn are the numbers given, the finding is the title,
thresholds and category colours come from the rules, Indonesian number format, projector fonts."""

import pandas as pd

from spm_core.visuals import figures
from spm_core.visuals.colors import NO_DATA_COLOR, REFERENCE_COLOR

NAN = float("nan")


def _trend():
    return pd.DataFrame(
        {
            "tahun": [2019, 2020, 2019, 2020],
            "kode_wilayah": ["36", "36", "36.01", "36.01"],
            "nama_wilayah": ["Provinsi Banten", "Provinsi Banten", "Kabupaten Pandeglang", "Kabupaten Pandeglang"],
            "tingkat": ["provinsi", "provinsi", "kabkota", "kabkota"],
            "nilai": [60.249, 63.771, 48.68, 56.0],
            "nilai_bulat": [60.25, 63.77, 48.68, 56.00],
            "kategori": ["Tuntas Muda", "Tuntas Muda", "Belum Tuntas", "Belum Tuntas"],
        }
    )


NATIONAL = pd.DataFrame(
    {
        "tahun": [2019, 2020],
        "nilai": [52.53, 62.45],
        "keterangan": ["Rata-rata capaian SPM nasional"] * 2,
        "sumber": ["Wamendagri"] * 2,
    }
)
COLORS = {"36": "#111111", "36.01": "#332288"}


def _title(fig):
    return fig.layout.title.text.replace("<br>", " ")


def test_trend_lines_carry_the_rounded_scores_of_each_region(rules):
    fig = figures.trend_figure(_trend(), rules, COLORS, "Judul")
    lines = {t.name: t for t in fig.data}
    assert list(lines["Provinsi Banten"].y) == [60.25, 63.77]
    assert list(lines["Kabupaten Pandeglang"].y) == [48.68, 56.00]
    assert list(lines["Kabupaten Pandeglang"].x) == [2019, 2020]


def test_each_region_line_has_its_fixed_colour_and_the_province_is_thicker(rules):
    fig = figures.trend_figure(_trend(), rules, COLORS, "Judul")
    lines = {t.name: t for t in fig.data}
    assert lines["Kabupaten Pandeglang"].line.color == "#332288"
    assert lines["Provinsi Banten"].line.width > lines["Kabupaten Pandeglang"].line.width


def test_the_national_average_is_a_dashed_labelled_reference_line(rules):
    fig = figures.trend_figure(_trend(), rules, COLORS, "Judul", national=NATIONAL)
    reference = fig.data[-1]
    assert reference.name == "Rata-rata capaian SPM nasional (data resmi)"
    assert list(reference.y) == [52.53, 62.45]
    assert reference.line.dash == "dash" and reference.line.color == REFERENCE_COLOR


def test_category_bands_are_drawn_only_when_asked(rules):
    plain = figures.trend_figure(_trend(), rules, COLORS, "Judul")
    banded = figures.trend_figure(_trend(), rules, COLORS, "Judul", bands=True)
    assert len(plain.layout.shapes) == 0
    # y range 40–103 (lowest 48.68 − 5 → 40): bands Belum Tuntas (<60), Muda, Pratama, Madya, Utama, Paripurna
    colors = [s.fillcolor for s in banded.layout.shapes]
    assert rules.category_colors["Tuntas Muda"] in colors and rules.category_colors["Belum Tuntas"] in colors
    assert {a.text for a in banded.layout.annotations} >= {"Tuntas Muda", "Tuntas Utama"}


def test_every_figure_uses_indonesian_separators_and_projector_fonts(rules):
    fig = figures.trend_figure(_trend(), rules, COLORS, "Judul")
    assert fig.layout.separators == ",."
    assert fig.layout.font.size >= 14
    assert fig.layout.xaxis.tickfont.size >= 14 and fig.layout.legend.font.size >= 14
    assert fig.layout.yaxis.title.text == "Nilai capaian SPM (0–100)"
    assert fig.layout.xaxis.title.text == "Tahun"


def test_a_long_title_is_wrapped_into_lines():
    assert figures.wrap("satu dua tiga empat", 9) == "satu dua<br>tiga<br>empat"


def test_the_finding_is_the_title(rules):
    fig = figures.trend_figure(_trend(), rules, COLORS, "Kabupaten Pandeglang naik 7,32 poin sejak 2019")
    assert _title(fig) == "Kabupaten Pandeglang naik 7,32 poin sejak 2019"


# --- heatmap -------------------------------------------------------------------------------------


def _matrix():
    return pd.DataFrame(
        {
            "kode_wilayah": ["36.01", "36.01", "36.02", "36.02"],
            "nama_wilayah": ["Kabupaten Pandeglang"] * 2 + ["Kabupaten Lebak"] * 2,
            "tingkat": ["kabkota"] * 4,
            "kode_bidang": ["PEND", "PU"] * 2,
            "nama_bidang": ["Pendidikan", "Pekerjaan Umum"] * 2,
            "nilai": [81.76, 72.09, 78.58, NAN],
            "nilai_bulat": [81.76, 72.09, 78.58, NAN],
            "kategori": ["Tuntas Madya", "Tuntas Pratama", "Tuntas Pratama", None],
        }
    )


def test_heatmap_cells_print_the_scores_in_indonesian_format_in_the_given_row_order(rules):
    fig = figures.heatmap_figure(_matrix(), ["36.02", "36.01"], rules, "Judul")
    heat = fig.data[0]
    assert list(heat.y) == ["Kabupaten Lebak", "Kabupaten Pandeglang"]
    assert [list(row) for row in heat.text] == [["78,58", "–"], ["81,76", "72,09"]]


def test_heatmap_cells_are_coloured_by_their_category(rules):
    fig = figures.heatmap_figure(_matrix(), ["36.01", "36.02"], rules, "Judul")
    heat = fig.data[0]
    labels = rules.category_labels  # highest first: index 2 = Tuntas Madya, 3 = Tuntas Pratama
    assert heat.z[0][0] == labels.index("Tuntas Madya")
    assert heat.z[0][1] == labels.index("Tuntas Pratama")
    assert pd.isna(heat.z[1][1])  # no score: a gap, drawn grey
    # the colour scale maps index i to the colour of category i
    scale = {round(stop, 6): color for stop, color in heat.colorscale}
    n = len(labels)
    assert scale[round(labels.index("Tuntas Madya") / n, 6)] == rules.category_colors["Tuntas Madya"]


def test_heatmap_legend_lists_every_category_with_its_range(rules):
    fig = figures.heatmap_figure(_matrix(), ["36.01", "36.02"], rules, "Judul")
    names = [t.name for t in fig.data[1:]]
    assert names == [f"{label} ({text})" for label, text in rules.category_ranges()]


# --- bars with thresholds ---------------------------------------------------------------------------


def _summary():
    return pd.DataFrame(
        {
            "kode_wilayah": ["36", "36.01", "36.02"],
            "nama_wilayah": ["Provinsi Banten", "Kabupaten Pandeglang", "Kabupaten Lebak"],
            "tingkat": ["provinsi", "kabkota", "kabkota"],
            "nilai_bulat": [76.24, 72.09, NAN],
            "kategori": ["Tuntas Pratama", "Tuntas Pratama", None],
            "perubahan": [1.5, -0.25, NAN],
        }
    )


def test_region_bars_are_sorted_high_to_low_with_missing_last(rules):
    bar = figures.region_bar_figure(_summary(), rules, "Judul").data[0]
    assert list(bar.y) == ["Provinsi Banten", "Kabupaten Pandeglang", "Kabupaten Lebak"]
    assert list(bar.x) == [76.24, 72.09, 0]
    assert list(bar.text) == ["76,24", "72,09", "tidak ada nilai"]


def test_bars_take_the_colour_of_their_category(rules):
    bar = figures.region_bar_figure(_summary(), rules, "Judul").data[0]
    assert list(bar.marker.color) == [rules.category_colors["Tuntas Pratama"]] * 2 + [NO_DATA_COLOR]


def test_bar_chart_draws_a_line_at_every_category_bound_above_zero(rules):
    fig = figures.region_bar_figure(_summary(), rules, "Judul")
    lines = sorted(s.x0 for s in fig.layout.shapes if s.type == "line")
    assert lines == [60.0, 70.0, 80.0, 90.0, 100.0]  # lower bounds in aturan_spm.toml, 0 left out
    assert {a.text for a in fig.layout.annotations} == {"60", "70", "80", "90", "100"}


# --- spread -------------------------------------------------------------------------------------------


def test_spread_draws_the_lowest_and_highest_region_of_each_sector(rules):
    spread = pd.DataFrame(
        {
            "kode_bidang": ["PU", "PEND"],
            "nama_bidang": ["Pekerjaan Umum", "Pendidikan"],
            "jumlah_wilayah": [2, 2],
            "rerata": [68.23, 80.17],
            "terendah_kode": ["36.02", "36.02"],
            "terendah_nama": ["Lebak", "Lebak"],
            "terendah_nilai": [64.37, 78.58],
            "terendah_kategori": ["Tuntas Muda", "Tuntas Pratama"],
            "tertinggi_kode": ["36.01", "36.01"],
            "tertinggi_nama": ["Pandeglang", "Pandeglang"],
            "tertinggi_nilai": [72.09, 81.76],
            "tertinggi_kategori": ["Tuntas Pratama", "Tuntas Madya"],
            "selisih": [7.72, 3.18],
            "terlemah": [True, False],
        }
    )
    fig = figures.spread_figure(spread, rules, "Judul")
    by_name = {t.name: t for t in fig.data if t.name}
    assert list(by_name["Terendah"].x) == [64.37, 78.58]
    assert list(by_name["Tertinggi"].x) == [72.09, 81.76]
    assert list(by_name["Rerata kab/kota"].x) == [68.23, 80.17]
    assert list(by_name["Terendah"].text) == ["Lebak 64,37", "Lebak 78,58"]
    # the weakest sector's connecting line is the thick dark one
    assert fig.data[0].line.width > fig.data[1].line.width
    assert fig.layout.yaxis.ticktext[0] == "<b>Pekerjaan Umum</b>"


# --- bump ---------------------------------------------------------------------------------------------


def test_bump_chart_puts_rank_one_on_top_and_draws_each_regions_ranks(rules):
    ranks = pd.DataFrame(
        {
            "tahun": [2019, 2020, 2019, 2020],
            "kode_wilayah": ["36.01", "36.01", "36.02", "36.02"],
            "nama_wilayah": ["A", "A", "B", "B"],
            "peringkat": [1, 2, 2, 1],
            "nilai_bulat": [70.0, 71.0, 69.0, 72.0],
        }
    )
    fig = figures.bump_figure(ranks, {"36.01": "#332288", "36.02": "#CC6677"}, "Judul")
    assert [list(t.y) for t in fig.data] == [[1, 2], [2, 1]]
    assert fig.data[1].line.color == "#CC6677"
    low, high = fig.layout.yaxis.range
    assert low > high  # reversed: rank 1 at the top
    assert fig.layout.yaxis.dtick == 1


# --- profile ------------------------------------------------------------------------------------------


def test_profile_service_bars_show_the_status_of_unscored_services(rules):
    services = pd.DataFrame(
        {
            "nama_bidang": ["Pendidikan", "Pendidikan"],
            "nama_layanan": ["PAUD", "Kesetaraan"],
            "nilai_bulat": [91.5, NAN],
            "kategori": ["Tuntas Utama", None],
            "status": ["dinilai", "tanpa sasaran"],
            "belum_terlayani": [10.0, 0.0],
        }
    )
    bar = figures.profile_service_figure(services, rules, "Judul").data[0]
    assert list(bar.y) == ["Pendidikan · PAUD", "Pendidikan · Kesetaraan"]
    assert list(bar.text) == ["91,50", "tanpa sasaran"]


def test_download_config_shows_the_modebar_and_saves_a_png_with_a_safe_name():
    config = figures.download_config("tren spm 2019/2025")
    assert config["displayModeBar"] is True
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "tren_spm_2019_2025", "scale": 2}


def test_a_highlighted_region_is_strong_with_an_end_label_and_the_others_grey(rules):
    fig = figures.trend_figure(_trend(), rules, COLORS, "Judul", national=NATIONAL, highlight="36.01")
    lines = {t.name: t for t in fig.data}
    assert lines["Kabupaten Pandeglang"].line.color == figures.HIGHLIGHT_COLOR
    assert lines["Provinsi Banten"].line.color == figures.MUTED_COLOR
    assert lines["Provinsi Banten"].showlegend is False
    labels = [a.text for a in fig.layout.annotations]
    # the highlighted region's last score (56,00) and the national average's (2020: 62,45) at the end
    assert "<b>Kabupaten Pandeglang</b> 56,00" in labels
    assert "Rata-rata nasional 2020: 62,45" in labels
