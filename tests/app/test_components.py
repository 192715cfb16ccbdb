"""ui.components: the HTML blocks pages draw (cards), escaped and laid out as asked."""

import lxml.html

from ui.components import card_grid_html, figure_card_html


def test_a_figure_card_escapes_every_text_and_puts_the_hint_on_hover():
    card = figure_card_html("<b>Biaya</b>", "Rp1,5 juta", 'a "catatan" & <i>', hint="<script>x</script>")
    node = lxml.html.fromstring(card)
    assert node.find_class("spm-figure-label")[0].text_content() == "<b>Biaya</b>"
    assert node.find_class("spm-figure-value")[0].text_content() == "Rp1,5 juta"
    assert node.find_class("spm-figure-note")[0].text_content() == 'a "catatan" & <i>'
    assert node.get("title") == "<script>x</script>"
    assert "<script>" not in card and "<b>" not in card


def test_a_figure_card_without_note_or_hint_has_neither():
    node = lxml.html.fromstring(figure_card_html("Tambahan penerima", "1.000"))
    assert node.find_class("spm-figure-note") == []
    assert node.get("title") is None


def test_a_card_grid_keeps_the_cards_in_order_with_their_widths():
    grid = lxml.html.fromstring(card_grid_html(["<div>a</div>", None, "<div>c</div>"], per_row=3, widths=(1, 1.7, 1)))
    assert grid.get("class") == "spm-card-grid spm-card-grid-3 spm-card-grid-w"
    assert grid.get("style") == "--spm-cols:minmax(0, 1fr) minmax(0, 1.7fr) minmax(0, 1fr)"
    assert [cell.text_content() for cell in grid] == ["a", "", "c"]  # None keeps its place, empty


def test_a_card_grid_without_widths_has_equal_columns():
    grid = lxml.html.fromstring(card_grid_html(["<div>a</div>", "<div>b</div>"], per_row=2))
    assert grid.get("class") == "spm-card-grid spm-card-grid-2"
    assert grid.get("style") is None
