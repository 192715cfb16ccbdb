"""A login that lasts, inside the app: a run whose browser sends a valid session cookie is logged
in as the session's account (read anew each run: one more query), and is logged out at its next
run once the session ends (logout elsewhere, deactivation). AppTest cannot send cookies, so the
cookie the browser would send is set through ``ui.session.session_cookie``; the cookie's round
trip through ``POST /masuk`` is tested over HTTP (tests/test_login_routes.py) and in the browser."""

import pytest
from sqlalchemy import event

import ui.session
import ui.state
from apptest_helpers import html_text, new_app
from spm_core.auth import add_user, set_active
from spm_core.store import open_store
from spm_core.store.sessions import end_sessions_of_cookie, start_session

PASSWORD = "sandi-verifikator-biro"


@pytest.fixture
def biro_cookie(db, monkeypatch):
    """A session of the verifier ``biro`` and the cookie its browser sends."""
    engine = open_store(db)
    add_user(engine, "biro", PASSWORD, "verifikator")
    cookie = start_session(engine, "biro")
    monkeypatch.setattr(ui.session, "session_cookie", lambda: cookie)
    yield engine, cookie
    engine.dispose()


def sidebar_texts(at) -> str:
    return " ".join(t.value for t in at.sidebar.text)


def test_a_run_with_the_session_cookie_is_logged_in(biro_cookie):
    at = new_app().run()
    assert not at.exception
    assert "biro · Verifikator (Biro)" in sidebar_texts(at)
    assert 'action="/keluar"' in html_text(at)  # logout posts to /keluar (every session ends)


def next_run(at):
    """The session's next run through app.py (AppTest reruns only the page script once
    st.navigation has run; a browser's every run starts in app.py): a new AppTest carrying over
    the session state."""
    state = {
        key: at.session_state[key]
        for key in (ui.session.USER_KEY, ui.session.SESSION_HASH_KEY, ui.session.DEAD_COOKIE_KEY)
        if key in at.session_state
    }
    return new_app(session_state=state)


def test_a_logout_elsewhere_logs_the_run_out_at_its_next_run(biro_cookie):
    engine, cookie = biro_cookie
    at = new_app().run()
    assert "biro" in sidebar_texts(at)
    end_sessions_of_cookie(engine, cookie)  # "Keluar" in another tab
    at = next_run(at).run()
    assert not at.exception
    assert "biro" not in sidebar_texts(at)
    assert ui.session.USER_KEY not in at.session_state
    assert 'action="/masuk"' in html_text(at)


def test_a_deactivated_account_is_logged_out_at_its_next_run(biro_cookie):
    engine, _ = biro_cookie
    at = new_app().run()
    set_active(engine, "biro", False)
    at = next_run(at).run()
    assert "biro" not in sidebar_texts(at)
    assert ui.session.USER_KEY not in at.session_state


def count_statements(at) -> list[str]:
    statements = []

    def count(conn, cursor, statement, *args):
        if statement.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):  # SQLite's explicit BEGIN
            statements.append(statement)

    app_engine = ui.state.get_engine()
    event.listen(app_engine, "before_cursor_execute", count)
    try:
        at.run()
    finally:
        event.remove(app_engine, "before_cursor_execute", count)
    assert not at.exception
    return statements


def test_a_warm_logged_in_run_makes_two_queries(biro_cookie):
    at = new_app().run()
    at = next_run(at)
    # the run's context + the session and its account
    assert len(count_statements(at)) == 2


def test_a_dead_cookie_is_looked_up_once(biro_cookie):
    engine, cookie = biro_cookie
    at = new_app().run()
    end_sessions_of_cookie(engine, cookie)
    at = next_run(at)
    assert len(count_statements(at)) == 2  # finds the session gone
    at = next_run(at)
    assert len(count_statements(at)) == 1  # the dead cookie is not looked up again
