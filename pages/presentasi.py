"""Mode presentasi: the meeting deck full screen, one slide at a time.

Without ``?slide=N`` the page shows the set-up (meeting name and date, the slide list, a start
button); with it, the sidebar and Streamlit's chrome are hidden and slide N is shown with
previous/next buttons. The arrow keys (and Page Up/Down) click those buttons: a few lines of
our own JavaScript in a hidden ``st.iframe``, nothing third-party. The slide number
lives in the URL, so a link opens the same slide.
"""

from __future__ import annotations

import streamlit as st

from spm_core.deck import DeckError
from spm_core.deck_html import CSS as SLIDE_CSS
from spm_core.deck_html import slide_html
from ui.components import data_notice
from ui.filters import current_selection
from ui.rapat import current_deck, deck_map, deck_or_stop, meeting_inputs
from ui.state import get_dataset, get_rules
from ui.bootstrap import ensure_app_entrypoint

ensure_app_entrypoint()

SLIDE_PARAM = "slide"

PRESENTING_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stSidebarNav"] {display:none !important;}
[data-testid="stMainBlockContainer"], .block-container {padding:8px 12px 0 12px !important; max-width:100% !important;}
[data-testid="stAppViewContainer"] {background:#ffffff;}
.st-key-spm-nav {width:min(calc(100vw - 24px), calc((100vh - 84px) * 16 / 9)); margin:0 auto;}
.st-key-spm-nav button {min-height:44px; border:2px solid #000 !important; color:#000 !important;
  background:#fff !important;}
.st-key-spm-nav button p {font-size:20px !important; font-weight:700;}
.st-key-spm-nav [data-testid="stMarkdownContainer"] p {font-size:20px; font-weight:700; text-align:center;
  margin:8px 0 0 0;}
iframe[title="st.iframe"], [data-testid="stIFrame"] {display:none;}
</style>
"""

# Our own few lines: arrow keys click the previous/next buttons of the parent page. The handler is
# replaced on every run (never stacked) and does nothing when no slide is on screen.
KEYS_JS = """
<script>
(function () {
  const doc = window.parent.document;
  if (doc._spmDeckKeys) doc.removeEventListener('keydown', doc._spmDeckKeys);
  const keys = {ArrowRight: 'spm-next', PageDown: 'spm-next', ArrowLeft: 'spm-prev', PageUp: 'spm-prev'};
  doc._spmDeckKeys = function (event) {
    const tag = event.target && event.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    const which = keys[event.key];
    if (!which || !doc.querySelector('.spm-slide')) return;
    const button = doc.querySelector('.st-key-' + which + ' button');
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  };
  doc.addEventListener('keydown', doc._spmDeckKeys);
})();
</script>
"""


def _go(number: int | None) -> None:
    if number is None:
        st.query_params.pop(SLIDE_PARAM, None)
    else:
        st.query_params[SLIDE_PARAM] = str(number)


rules, dataset = get_rules(), get_dataset()
sel = current_selection()
requested = st.query_params.get(SLIDE_PARAM)

if requested is None:
    st.title("Mode presentasi")
    st.markdown("Bahan rapat koordinasi untuk periode yang dipilih di bilah samping, layar penuh 16:9. "
                "Pindah slide dengan tombol atau tombol panah ← →; **Keluar** kembali ke halaman ini.")
    data_notice(dataset.label, dataset.simulated)
    meeting_inputs()
    deck = deck_or_stop(sel)
    st.subheader(f"{len(deck)} slide · {deck.period}")
    st.markdown("\n".join(f"{i}. {title}" for i, title in enumerate(deck.titles(), 1)))
    st.button("Mulai presentasi", type="primary", icon=":material/slideshow:", on_click=_go, args=(1,))
    st.stop()

try:
    deck = current_deck(sel)
except DeckError as error:
    st.info(f"{error} Pilih periode lain.")
    st.button("Keluar", on_click=_go, args=(None,))
    st.stop()

try:
    number = min(max(int(requested), 1), len(deck))
except ValueError:
    number = 1
st.html(PRESENTING_CSS + SLIDE_CSS)
spec = deck.slides[number - 1]
st.html(slide_html(deck, number - 1, rules, deck_map(deck, wide=True) if spec.kind == "peta" else None))
with st.container(key="spm-nav"):
    left, middle, right, leave = st.columns([3, 2, 3, 2])
    left.button("◀ Sebelumnya", key="spm-prev", on_click=_go, args=(number - 1,), disabled=number <= 1,
                width="stretch")
    middle.markdown(f"{number} / {len(deck)}")
    right.button("Berikutnya ▶", key="spm-next", on_click=_go, args=(number + 1,), disabled=number >= len(deck),
                 width="stretch")
    leave.button("Keluar", key="spm-exit", on_click=_go, args=(None,), width="stretch")
st.iframe(KEYS_JS, height=1)  # our own script only (no data in it)
