"""Every number fresh, every session its own: the caches are process-wide (two AppTest sessions
here share them as two viewers of one server do), keyed by the data generation, and never carry
one session's choices into another's view."""

import pandas as pd
import pytest
from sqlalchemy import select

from apptest_helpers import html_text, open_page
from spm_core import load_catalog, load_rules, score_all
from spm_core.formatting import format_score
from spm_core.store import current_data, open_store
from spm_core.store.accounts import SystemActor
from spm_core.store.context import run_context
from spm_core.store.schema import generation
from spm_core.store.versions import decide, state, submit
from spm_core.summary import Selection, region_summary

LEBAK, PANDEGLANG = "36.02", "36.01"


def _shown_scores(url: str) -> dict[str, str]:
    """What an uncached read of the database says the 2025 annual region scores are, as shown."""
    catalog = load_catalog()
    summary = region_summary(
        score_all(current_data(open_store(url)).data, catalog, load_rules()), catalog, Selection(2025, 0)
    )
    return {row.kode_wilayah: format_score(row.nilai_bulat) for row in summary.itertuples()}


def _submission(url: str, region: str, served_share: float) -> pd.DataFrame:
    """The stored 2025 annual rows of a region with ``terlayani`` set to a share of the target."""
    with open_store(url).connect() as connection:
        rows = state(connection)
    rows = rows[(rows["tahun"] == 2025) & (rows["triwulan"] == 0) & (rows["kode_wilayah"] == region)].copy()
    rows["terlayani"] = (rows["harus_dilayani"] * served_share).round()
    return rows


def _overview_scores(at) -> dict[str, str]:
    table = at.dataframe[0].value
    return dict(zip(table["Kode"], table["Nilai"]))


def test_every_write_raises_the_generation_in_its_own_transaction(db):
    engine = open_store(db)
    with engine.connect() as connection:
        before = run_context(connection).generation
    pending = submit(engine, _submission(db, LEBAK, 0.5), SystemActor("op-lebak"), approved=False)
    with engine.connect() as connection:
        assert run_context(connection).generation == before + 1
    with pytest.raises(Exception):  # noqa: B017 - a refused change (deciding twice) rolls the raise back too
        decide(engine, pending["id"], SystemActor("biro"), approve=True)
        decide(engine, pending["id"], SystemActor("biro"), approve=True)
    with engine.connect() as connection:
        assert connection.execute(select(generation.c.nomor)).scalar() == before + 2


def test_a_late_approval_reaches_every_cached_page_on_its_next_run(db):
    engine = open_store(db)
    viewer = open_page("ringkasan")  # warms the caches with the data as it is
    assert _overview_scores(viewer) == _shown_scores(db)
    older = submit(engine, _submission(db, LEBAK, 0.4), SystemActor("op-lebak"), approved=False)
    newer = submit(engine, _submission(db, PANDEGLANG, 0.4), SystemActor("op-pandeglang"), approved=False)

    decide(engine, newer["id"], SystemActor("biro"), approve=True)
    expected = _shown_scores(db)
    assert _overview_scores(viewer.run()) == expected
    lebak_before = expected[LEBAK]

    # The older submission approved after the newer one: the newest approved version number stays
    # the same, the data do not.
    decide(engine, older["id"], SystemActor("biro"), approve=True)
    expected = _shown_scores(db)
    assert _overview_scores(viewer.run()) == expected
    assert expected[LEBAK] != lebak_before  # (Lebak served 40 %: its score fell)

    profile = open_page("profil", query={"wilayah": LEBAK})
    assert f'spm-card-score">{expected[LEBAK]}<' in html_text(profile)
    peta = open_page("peta")
    table = peta.dataframe[0].value
    assert dict(zip(table["Wilayah"], table["Nilai"]))["Kabupaten Lebak"] == expected[LEBAK]


def test_one_sessions_meeting_name_never_reaches_another_sessions_deck():
    first = open_page("presentasi")
    first.text_input(key="_w_rapat_nama").input("Rapat Khusus Sesi Pertama").run()
    assert not first.exception
    assert "Rapat Khusus Sesi Pertama" in " ".join(m.value for m in first.markdown)

    second = open_page("presentasi")
    assert "Rapat Khusus Sesi Pertama" not in " ".join(m.value for m in second.markdown)
    assert "Rapat Khusus Sesi Pertama" not in html_text(second)
