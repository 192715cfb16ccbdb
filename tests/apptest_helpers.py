"""What the AppTest tests (tests/app/) share: opening the app or one of its pages, logged in or
not, and reading what a run drew (html, messages, buttons, downloads, charts, URL parameters).

AppTest runs app.py in this process. Two things it does differently from a browser:
- after ``switch_page`` (and after a widget change on a page) it reruns only the page script, so
  the shared sidebar filters of app.py (``tahun``, ``triwulan``, ``bidang``) are set in
  ``session_state`` before the first run;
- it runs no JavaScript: folium maps are an unknown element, plotly charts only their spec.
"""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from spm_core.auth import User

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60  # seconds per run: the first run on a database scores every year

USER_KEY = "_pengguna"  # where ui/session.py keeps the logged-in user
VERIFIER = User("biro", "verifikator")
ADMIN = User("admin", "admin")
LEBAK_OPERATOR = User("op-lebak", "operator", kode_wilayah="36.02")


def page_path(page: str) -> str:
    """``"tren"``, ``"tren.py"`` or ``"pages/tren.py"`` → ``"pages/tren.py"`` (what switch_page takes)."""
    name = page.removeprefix("pages/")
    return f"pages/{name if name.endswith('.py') else name + '.py'}"


def new_app(query: dict | None = None, session_state: dict | None = None, user: User | None = None) -> AppTest:
    """app.py, not run yet: URL query parameters, session state and the logged-in user set."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if user is not None:
        log_in(at, user)
    for key, value in (session_state or {}).items():
        at.session_state[key] = value
    return at


def open_app(query: dict | None = None, session_state: dict | None = None, user: User | None = None) -> AppTest:
    """app.py run once: the default page (Ringkasan), without an exception."""
    at = new_app(query, session_state, user).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not page_errors(at)
    return at


def open_page(
    page: str,
    query: dict | None = None,
    session_state: dict | None = None,
    user: User | None = None,
    page_state: dict | None = None,
) -> AppTest:
    """app.py run once, then ``page`` run, without an exception.

    ``query`` and ``session_state`` are set before the first run (the shared sidebar filters must
    be: a page switch reruns only the page); ``page_state`` sets the page's own widgets after the
    switch, just before the page runs."""
    at = open_app(query, session_state, user)
    at.switch_page(page_path(page))
    for key, value in (page_state or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not page_errors(at)
    return at


def log_in(at: AppTest, user: User) -> AppTest:
    """The session is logged in as ``user`` (as the sidebar login leaves it); its account exists in
    the app's database (every privileged action checks it there)."""
    import os
    from dataclasses import replace
    from datetime import datetime

    from account_helpers import ensure_accounts
    from spm_core.store import open_store

    engine = open_store(os.environ["SPM_DATABASE_URL"])
    ensure_accounts(engine, user)
    engine.dispose()
    at.session_state[USER_KEY] = replace(user, masuk_pada=datetime.now(UTC))
    return at


def page_errors(at: AppTest) -> list[str]:
    """The short messages ui/errors.py shows instead of a traceback (a page raised)."""
    return [e.value for e in at.error if "terjadi kesalahan saat menampilkan" in e.value]


# --- reading what a run drew --------------------------------------------------------------------------


def html_blocks(at: AppTest) -> list[str]:
    """The body of every ``st.html`` / unsafe-html block."""
    return [h.proto.body for h in at.get("html")]


def html_text(at: AppTest) -> str:
    return " ".join(html_blocks(at))


def score_cards(at: AppTest) -> list[str]:
    """The score cards in page order, each as its own HTML (cards come in grid blocks,
    ``ui.components.card_grid_html``)."""
    import lxml.html

    cards = []
    for block in html_blocks(at):
        if "spm-card-grid" in block and "<style>" not in block:
            cards += [lxml.html.tostring(cell, encoding=str) for cell in lxml.html.fromstring(block)]
    return [card for card in cards if "spm-card-score" in card]


def figure_cards(at: AppTest) -> dict[str, str]:
    """The figure cards (``ui.components.figure_card_html``) on the page: label → value as shown."""
    import lxml.html

    figures = {}
    for block in html_blocks(at):
        if "spm-figure" in block and "<style>" not in block:
            for card in lxml.html.fromstring(block).find_class("spm-figure"):
                label = card.find_class("spm-figure-label")[0].text_content()
                figures[label] = card.find_class("spm-figure-value")[0].text_content()
    return figures


def info_text(at: AppTest) -> str:
    return " ".join(i.value for i in at.info)


def button(at: AppTest, label: str):
    """The button labelled ``label`` (StopIteration when there is none)."""
    return next(b for b in at.button if b.label == label)


def button_labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def download_labels(at: AppTest) -> list[str]:
    """The labels of the download buttons, in page order."""
    return [d.label for d in at.get("download_button")]


def charts(at: AppTest) -> list[dict]:
    """The plotly figures drawn, as their JSON specs."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart_title(spec: dict) -> str:
    return spec["layout"]["title"]["text"].replace("<br>", " ")


def elements(at: AppTest) -> list:
    """Every element of the last run (main area and sidebar), blocks walked through."""
    found, stack = [], [at._tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Block):
            stack.extend(reversed(list(node.children.values())))
        else:
            found.append(node)
    return found


def bound_query_keys(at: AppTest) -> set[str]:
    """The keys of the widgets (and tabs) drawn with ``bind="query-params"`` (each is kept in the URL)."""
    keys = set()
    stack = [at._tree]
    while stack:  # tabs are blocks: their key is on the tab container
        node = stack.pop()
        if isinstance(node, Block):
            stack.extend(node.children.values())
            tabs = getattr(getattr(node, "proto", None), "tab_container", None)
            if getattr(tabs, "query_param_key", ""):
                keys.add(tabs.query_param_key)
    for element in elements(at):
        proto = getattr(element, "proto", None)
        key = getattr(proto, "query_param_key", "") if proto is not None else ""
        if key:
            keys.add(key)
    return keys


def open_page_file(page: str, user: User | None = None) -> AppTest:
    """One page file run on its own, without app.py: for a page the navigation would not offer
    this user (its own guard is what is tested)."""
    at = AppTest.from_file(str(ROOT / page_path(page)), default_timeout=TIMEOUT)
    if user is not None:
        log_in(at, user)
    return at.run()
