"""Rules: weights, rounding, categories and the rules file that holds them."""

import math

import pandas as pd
import pytest

from spm_core.rules import RulesError, load_rules

TWENTY_POINT = """
versi = "uji-20"

[bobot]
penerima = 0.7
mutu = 0.3

[batas]
persen_maksimum = 100.0
desimal = 1

[agregasi]
bidang = "rerata_layanan"
wilayah = "rerata_layanan"

[kategori]
sumber = "skema 20 poin (uji)"

[[kategori.tingkat]]
label = "Sangat Baik"
min = 80.0

[[kategori.tingkat]]
label = "Baik"
min = 60.0

[[kategori.tingkat]]
label = "Cukup"
min = 40.0

[[kategori.tingkat]]
label = "Kurang"
min = 20.0

[[kategori.tingkat]]
label = "Sangat Kurang"
min = 0.0
"""


def write(tmp_path, text, name="aturan.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the default file -------------------------------------------------------------------------


def test_the_default_rules_file_loads_without_a_path(monkeypatch):
    monkeypatch.delenv("SPM_RULES_FILE", raising=False)
    rules = load_rules()
    assert rules.versi == "2026.1"


def test_recipients_weigh_80_percent_and_quality_20_percent(rules):
    assert rules.bobot_penerima == 0.8
    assert rules.bobot_mutu == 0.2


def test_over_achievement_is_capped_at_100_percent_and_scores_have_two_decimals(rules):
    assert rules.persen_maksimum == 100.0
    assert rules.desimal == 2


def test_default_aggregation_is_mean_of_services_then_mean_of_sectors(rules):
    assert rules.agregasi_bidang == "rerata_layanan"
    assert rules.agregasi_wilayah == "rerata_bidang"


def test_the_default_scheme_has_six_categories_best_first(rules):
    assert rules.category_labels == [
        "Tuntas Paripurna",
        "Tuntas Utama",
        "Tuntas Madya",
        "Tuntas Pratama",
        "Tuntas Muda",
        "Belum Tuntas",
    ]


def test_every_category_has_a_colour(rules):
    assert set(rules.category_colors) == set(rules.category_labels)
    assert all(c.startswith("#") for c in rules.category_colors.values())


def test_every_rules_section_names_its_source(rules):
    assert set(rules.sumber) == {"bobot", "batas", "agregasi", "kategori", "sesuai_jalur"}
    assert set(rules.kepastian) == set(rules.sumber)
    assert all(text.strip() for text in rules.sumber.values())


# --- rounding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "score, rounded",
    [
        (89.995, 90.0),  # 89.995 is 89.99499… in binary; the decimal a person reads rounds up
        (89.994, 89.99),
        (79.995, 80.0),
        (0.005, 0.01),
        (1.005, 1.01),
        (99.999, 100.0),
        (80.0, 80.0),
    ],
)
def test_round_score_rounds_half_up_on_the_decimal_a_person_reads(rules, score, rounded):
    assert rules.round_score([score])[0] == rounded


def test_round_score_keeps_nan(rules):
    assert math.isnan(rules.round_score([float("nan")])[0])


# --- categories -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rounded, category",
    [
        (100.0, "Tuntas Paripurna"),
        (99.99, "Tuntas Utama"),
        (90.0, "Tuntas Utama"),
        (89.99, "Tuntas Madya"),
        (80.0, "Tuntas Madya"),
        (79.99, "Tuntas Pratama"),
        (70.0, "Tuntas Pratama"),
        (60.0, "Tuntas Muda"),
        (59.99, "Belum Tuntas"),
        (0.0, "Belum Tuntas"),
    ],
)
def test_categories_have_inclusive_lower_bounds(rules, rounded, category):
    assert rules.categorize([rounded])[0] == category


def test_a_missing_score_has_no_category(rules):
    labels = list(rules.categorize([float("nan"), 80.0]))
    assert pd.isna(labels[0])
    assert labels[1] == "Tuntas Madya"


def test_category_of_rounds_before_categorizing(rules):
    # 99.999 → 100.00, shown as 100,00, so it must be Paripurna, not Utama
    assert rules.category_of(99.999) == "Tuntas Paripurna"
    # 89.995 → 90.00
    assert rules.category_of(89.995) == "Tuntas Utama"
    # 89.994 → 89.99
    assert rules.category_of(89.994) == "Tuntas Madya"


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_category_of_a_missing_score_is_none(rules, missing):
    assert rules.category_of(missing) is None


def test_category_ranges_give_a_legend_text_per_category(rules):
    assert rules.category_ranges() == [
        ("Tuntas Paripurna", "100"),
        ("Tuntas Utama", "90 – <100"),
        ("Tuntas Madya", "80 – <90"),
        ("Tuntas Pratama", "70 – <80"),
        ("Tuntas Muda", "60 – <70"),
        ("Belum Tuntas", "< 60"),
    ]


# --- a custom rules file ----------------------------------------------------------------------


def test_a_custom_rules_file_replaces_weights_and_aggregation(tmp_path):
    rules = load_rules(write(tmp_path, TWENTY_POINT))
    assert (rules.bobot_penerima, rules.bobot_mutu) == (0.7, 0.3)
    assert rules.agregasi_wilayah == "rerata_layanan"


def test_a_custom_category_scheme_changes_the_category(tmp_path):
    rules = load_rules(write(tmp_path, TWENTY_POINT))
    # 69 is "Tuntas Muda" in the default scheme; in the 20-point scheme 60 ≤ 69 < 80
    assert rules.category_of(69.0) == "Baik"
    # desimal = 1: 19.9 stays 19.9, below 20
    assert rules.category_of(19.9) == "Sangat Kurang"


def test_a_custom_number_of_decimals_changes_rounding(tmp_path):
    rules = load_rules(write(tmp_path, TWENTY_POINT))
    # desimal = 1: 79.95 → 80.0, so "Sangat Baik"
    assert rules.round_score([79.95])[0] == 80.0
    assert rules.category_of(79.95) == "Sangat Baik"


def test_a_custom_scheme_gives_its_own_legend(tmp_path):
    rules = load_rules(write(tmp_path, TWENTY_POINT))
    assert rules.category_ranges() == [
        ("Sangat Baik", "≥ 80"),
        ("Baik", "60 – <80"),
        ("Cukup", "40 – <60"),
        ("Kurang", "20 – <40"),
        ("Sangat Kurang", "< 20"),
    ]


def test_categories_are_sorted_whatever_their_order_in_the_file(tmp_path):
    # "Istimewa" (95) is written last, below "Sangat Kurang" (0)
    text = TWENTY_POINT + '\n[[kategori.tingkat]]\nlabel = "Istimewa"\nmin = 95.0\n'
    rules = load_rules(write(tmp_path, text))
    assert rules.category_labels[0] == "Istimewa"
    assert rules.category_of(96.0) == "Istimewa"


def test_the_rules_file_can_be_chosen_by_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("SPM_RULES_FILE", str(write(tmp_path, TWENTY_POINT)))
    assert load_rules().versi == "uji-20"


# --- invalid rules files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        ("penerima = 0.7", "penerima = 0.9"),  # 0.9 + 0.3 = 1.2, not 1
        ('wilayah = "rerata_layanan"', 'wilayah = "median"'),
        ('bidang = "rerata_layanan"', 'bidang = "maksimum"'),
        ("[bobot]\npenerima = 0.7\nmutu = 0.3\n", ""),  # no [bobot] section
        ("min = 80.0", 'min = "delapan puluh"'),
        ("[agregasi]", "[agregasi\n"),  # not TOML
    ],
    ids=[
        "weights-not-1",
        "unknown-region-aggregation",
        "unknown-sector-aggregation",
        "missing-section",
        "bad-bound",
        "broken-toml",
    ],
)
def test_an_invalid_rules_file_raises_rules_error(tmp_path, old, new):
    assert old in TWENTY_POINT
    with pytest.raises(RulesError):
        load_rules(write(tmp_path, TWENTY_POINT.replace(old, new)))


def test_a_rules_file_without_categories_raises_rules_error(tmp_path):
    text = TWENTY_POINT.split("[[kategori.tingkat]]")[0] + "tingkat = []\n"
    with pytest.raises(RulesError, match="kategori"):
        load_rules(write(tmp_path, text))


def test_a_missing_rules_file_raises_rules_error(tmp_path):
    with pytest.raises(RulesError, match="tidak ditemukan"):
        load_rules(tmp_path / "tidak_ada.toml")


def test_each_rule_says_how_certain_it_is_in_plain_words_without_drafting_tags():
    from spm_core.rules import load_rules

    rules = load_rules()
    for key in ("bobot", "batas", "agregasi", "kategori", "sesuai_jalur"):
        text = rules.source_text(key)
        assert "[" not in text and "likely" not in text and "open" not in text, text
        assert rules.kepastian[key] in text
    assert rules.source_text("batas") == (
        "Kebijakan dasbor: capaian di atas sasaran dibatasi 100 % "
        "(belum ditetapkan resmi; dapat diubah di berkas aturan)"
    )


def test_category_of_one_score_agrees_with_categorize_everywhere(rules):
    """The scalar path gives what ``categorize`` gives, at every bound and between them."""
    scores = [-5.0, 0.0, 150.0] + [round(x * 0.005, 3) for x in range(20_001)]  # 0 to 100 in steps of 0.005
    expected = rules.categorize(rules.round_score(scores))
    assert [rules.category_of(s) for s in scores] == list(expected)
