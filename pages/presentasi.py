"""Mode presentasi: the meeting deck full screen, one slide at a time.

Without ``?slide=N`` the page shows the set-up (meeting name and date, the slide list, a start
button); with it, the sidebar and Streamlit's chrome are hidden and slide N is shown with
previous/next buttons. The arrow keys (and Page Up/Down) click those buttons: a few lines of
our own JavaScript in a hidden ``st.iframe``, nothing third-party. The slide number
lives in the URL, so a link opens the same slide.
"""

from __future__ import annotations

import streamlit as st

from spm_core.report.deck import DeckError
from spm_core.report.deck_html import CSS as SLIDE_CSS
from spm_core.report.deck_html import FULLSCREEN_LABEL, slide_html
from ui.bootstrap import ensure_app_entrypoint
from ui.components import data_notice
from ui.filters import current_selection
from ui.rapat import current_deck, deck_map, deck_or_stop, meeting_inputs
from ui.state import get_dataset, get_rules

ensure_app_entrypoint()

SLIDE_PARAM = "slide"
GOTO_KEY = "spm-goto"  # the hidden field the key handler types the final slide number into

PRESENTING_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stSidebarNav"] {display:none !important;}
[data-testid="stMainBlockContainer"], .block-container {padding:8px 12px 0 12px !important; max-width:100% !important;}
[data-testid="stAppViewContainer"] {background:#ffffff;}
.st-key-spm-nav {width:min(calc(100vw - 24px), calc((100vh - 92px) * 16 / 9)); margin:0 auto;}
.st-key-spm-nav button {min-height:44px; border:2px solid #000 !important; color:#000 !important;
  background:#fff !important;}
.st-key-spm-nav button p {font-size:20px !important; font-weight:700;}
.st-key-spm-nav [data-testid="stMarkdownContainer"] p {font-size:20px; font-weight:700; text-align:center;
  margin:8px 0 0 0;}
iframe[title="st.iframe"], [data-testid="stIFrame"], .st-key-spm-goto {display:none;}
</style>
"""

# Our own few lines (no third-party code), bound to the parent page and replaced on every run:
# - keys: → PageDown Space = next, ← PageUp = previous, Home = first, End = last. Presses are counted
#   in the browser (the slide counter follows at once) and only the final slide number is sent, once,
#   300 ms after the last press, through a hidden text field: three quick presses move three slides.
# - Esc outside full screen leaves the presentation; in full screen the browser itself takes Esc to
#   leave full screen (the presentation stays).
# - the "Layar penuh" button in the slide's footer toggles the browser's full screen (Fullscreen API).
KEYS_JS = (
    """
<script>
(function () {
  const win = window.parent, doc = win.document;
  for (const [type, name] of [['keydown', '_spmDeckKeys'], ['click', '_spmDeckClick'],
                              ['fullscreenchange', '_spmDeckFs']]) {
    if (doc[name]) doc.removeEventListener(type, doc[name]);
  }
  const STEP = {ArrowRight: 1, PageDown: 1, ' ': 1, Spacebar: 1, ArrowLeft: -1, PageUp: -1};
  function shown() {
    const slide = doc.querySelector('.spm-slide[data-slide]');
    return slide ? [parseInt(slide.dataset.slide, 10), parseInt(slide.dataset.total, 10)] : null;
  }
  function send(number) {
    const input = doc.querySelector('.st-key-spm-goto input');
    if (!input) return;
    const setValue = Object.getOwnPropertyDescriptor(win.HTMLInputElement.prototype, 'value').set;
    setValue.call(input, number + ':' + Date.now());
    input.dispatchEvent(new win.Event('input', {bubbles: true}));
    input.dispatchEvent(new win.KeyboardEvent('keydown', {key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true}));
  }
  doc._spmDeckKeys = function (event) {
    const tag = event.target && event.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || event.altKey || event.ctrlKey || event.metaKey) return;
    const now = shown();
    if (!now) return;
    const [slide, total] = now;
    if (event.key === 'Escape') {
      if (!doc.fullscreenElement && Date.now() - (doc._spmFsLeft || 0) > 600) {
        const leave = doc.querySelector('.st-key-spm-exit button');
        if (leave) { event.preventDefault(); leave.click(); }
      }
      return;
    }
    const base = doc._spmPending ? doc._spmPending.target : slide;
    let target;
    if (event.key in STEP) target = base + STEP[event.key];
    else if (event.key === 'Home') target = 1;
    else if (event.key === 'End') target = total;
    else return;
    event.preventDefault();
    target = Math.min(Math.max(target, 1), total);
    if (doc._spmPending) clearTimeout(doc._spmPending.timer);
    const counter = doc.querySelector('.spm-slide .spm-count');
    if (counter) counter.textContent = target + ' / ' + total;
    doc._spmPending = {target: target, timer: setTimeout(function () {
      const pending = doc._spmPending;
      doc._spmPending = null;
      const current = shown();
      if (pending && current && pending.target !== current[0]) send(pending.target);
    }, 300)};
  };
  doc._spmDeckClick = function (event) {
    const button = event.target.closest && event.target.closest('[data-spm-fullscreen]');
    if (!button) return;
    if (doc.fullscreenElement) doc.exitFullscreen();
    else doc.documentElement.requestFullscreen().catch(function () {});
  };
  doc._spmDeckFs = function () {
    if (!doc.fullscreenElement) doc._spmFsLeft = Date.now();
    for (const b of doc.querySelectorAll('[data-spm-fullscreen]')) {
      b.textContent = doc.fullscreenElement ? 'Keluar layar penuh' : '"""
    + FULLSCREEN_LABEL
    + """';
    }
  };
  doc.addEventListener('keydown', doc._spmDeckKeys);
  doc.addEventListener('click', doc._spmDeckClick);
  doc.addEventListener('fullscreenchange', doc._spmDeckFs);
})();
</script>
"""
)


def _go_typed() -> None:
    """The slide the browser's key handler sent ("N:timestamp")."""
    typed = str(st.session_state.get(GOTO_KEY) or "").split(":")[0]
    if typed.isdigit():
        _go(int(typed))


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
    st.markdown(
        "Bahan rapat koordinasi untuk periode yang dipilih di bilah samping, layar penuh 16:9. "
        "Pindah slide dengan tombol, panah ← →, Spasi, Home/End; **Layar penuh** di kaki slide; Esc atau "
        "**Keluar** kembali ke halaman ini."
    )
    data_notice(dataset.label, dataset.simulated)
    meeting_inputs()
    deck = deck_or_stop(sel)
    st.subheader(f"{len(deck)} slide · {deck.periode}")
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
st.html(
    slide_html(
        deck, number - 1, rules, deck_map(deck, wide=True) if spec.kind == "peta" else None, fullscreen_button=True
    )
)
with st.container(key="spm-nav"):
    left, middle, right, leave = st.columns([3, 2, 3, 2])
    left.button("◀ Sebelumnya", key="spm-prev", on_click=_go, args=(number - 1,), disabled=number <= 1, width="stretch")
    middle.markdown(f"{number} / {len(deck)}")
    right.button(
        "Berikutnya ▶", key="spm-next", on_click=_go, args=(number + 1,), disabled=number >= len(deck), width="stretch"
    )
    leave.button("Keluar", key="spm-exit", on_click=_go, args=(None,), width="stretch")
st.text_input("Ke slide", key=GOTO_KEY, on_change=_go_typed, label_visibility="collapsed")
st.iframe(KEYS_JS, height=1)  # our own script only (no data in it)
