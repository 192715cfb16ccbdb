"""The meeting files (PowerPoint, PDF, Excel) are built when asked for, once per (data, period,
meeting): fifty viewers asking for the same PDF at once share one build, and a change of the data
or of the meeting's name makes a new one."""

import threading
from datetime import date

import pytest

import ui.rapat
from spm_core.store import open_store
from spm_core.store.context import run_context
from ui.state import DataKey


@pytest.fixture
def counted_builds(monkeypatch):
    calls = []
    real = ui.rapat.build_report

    def build_report(deck, *args, **kwargs):
        calls.append(deck.rapat)
        return real(deck, *args, **kwargs)

    monkeypatch.setattr(ui.rapat, "build_report", build_report)
    ui.rapat.meeting_file.clear()
    return calls


def data_key(url: str) -> DataKey:
    with open_store(url).connect() as connection:
        context = run_context(connection)
    return DataKey(url, context.generation, context.latest_version)


def test_many_viewers_asking_for_the_same_pdf_share_one_build(db, counted_builds):
    key = data_key(db)
    files, start = [], threading.Barrier(8)

    def ask():
        start.wait()
        files.append(ui.rapat.meeting_file("pdf", key, 2025, 0, "Rapat koordinasi SPM", date(2026, 12, 2)))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(files) == 8 and all(f.startswith(b"%PDF") for f in files)
    assert counted_builds == ["Rapat koordinasi SPM"]


def test_another_meeting_name_or_a_new_generation_is_a_new_file(db, counted_builds):
    key = data_key(db)
    ui.rapat.meeting_file("pdf", key, 2025, 0, "Rapat A", date(2026, 12, 2))
    ui.rapat.meeting_file("pdf", key, 2025, 0, "Rapat B", date(2026, 12, 2))
    ui.rapat.meeting_file(
        "pdf", DataKey(key.url, key.generation + 1, key.version), 2025, 0, "Rapat A", date(2026, 12, 2)
    )
    assert counted_builds == ["Rapat A", "Rapat B", "Rapat A"]
