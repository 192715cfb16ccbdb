"""A viewer's page run costs the database one query (the run's context: data generation, newest
version, viewer password); everything else comes from caches keyed by that generation."""

import pytest
from sqlalchemy import event

import ui.state
from apptest_helpers import open_page

DASBOR = [
    "ringkasan",
    "peta",
    "tren",
    "perbandingan",
    "peringkat",
    "profil",
    "kesenjangan",
    "tahapan",
    "presentasi",
    "ekspor",
    "riwayat",
]


@pytest.mark.parametrize("page", DASBOR)
def test_a_warm_page_run_makes_one_query(page):
    at = open_page(page)
    at.run()  # every cache of this view is warm now
    engine = ui.state.get_engine()
    statements = []

    def count(conn, cursor, statement, *args):
        if statement.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):  # SQLite's explicit BEGIN
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        at.run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert not at.exception
    assert len(statements) == 1, statements
