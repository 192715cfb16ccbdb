"""The gate: every upload is checked, read and validated in a worker process with a memory limit
and a timeout, at most check_slots() at once; whatever the file does, the caller gets an answer."""

import threading
import time

import pytest

from spm_core.intake import gate
from spm_core.intake.gate import KIND_STAGES, WAITING_MESSAGE, check_file

HEADER = b"tahun,kode_wilayah,kode_layanan,harus_dilayani,terlayani,mutu_dibutuhkan,mutu_tersedia\n"
GOOD = HEADER + b"2025,36.02,KK-PEND-01,100,80,10,5\n"


def test_a_good_file_comes_back_as_a_clean_table_with_the_workers_peak_memory(catalog):
    checked = check_file(GOOD, "laporan.csv", catalog)
    assert checked.ok and checked.problems == []
    assert checked.data["harus_dilayani"].tolist() == [100]
    assert 0 < checked.worker_peak_bytes < gate.CHECK_MEMORY_BYTES


def test_a_huge_number_is_refused_in_the_worker_with_row_and_column(catalog):
    checked = check_file(GOOD.replace(b"100,80", b"9999999999999999999999999,80"), "laporan.csv", catalog)
    assert not checked.ok
    assert [(p.baris, p.kolom) for p in checked.errors] == [(2, "harus_dilayani")]


def test_a_file_that_needs_more_memory_than_the_budget_is_refused_and_the_caller_goes_on(catalog):
    big = HEADER + b"2025,36.02,KK-PEND-01,100,80,10,5\n" * 150_000  # ~5 MB, ~200 MB to validate
    checked = check_file(big, "besar.csv", catalog, memory_bytes=150 * gate.MB)
    assert not checked.ok
    assert "lebih dari 150 MB memori" in checked.problems[0].pesan


def test_a_check_that_runs_past_the_timeout_is_stopped_and_refused(catalog):
    start = time.perf_counter()
    checked = check_file(GOOD, "laporan.csv", catalog, timeout=0.001)
    assert time.perf_counter() - start < 10
    assert not checked.ok and "dihentikan setelah" in checked.problems[0].pesan


def test_a_stage_file_goes_through_the_same_gate(catalog):
    stage = b"kode_wilayah,kode_bidang,tahap,status,tanggal,catatan\n36.02,PEND,1,selesai,2025-03-31,\n"
    checked = check_file(stage, "tahapan.csv", catalog, KIND_STAGES, tahun=2025)
    assert checked.ok and checked.data["tahap"].tolist() == [1]
    refused = check_file(b"PK\x03\x04" + b"\x00" * 100, "tahapan.csv", catalog, KIND_STAGES, tahun=2025)
    assert not refused.ok and "Excel/zip" in refused.problems[0].pesan


def test_a_file_waits_for_a_free_slot_and_says_so(catalog, monkeypatch):
    monkeypatch.setattr(gate, "_slots", threading.BoundedSemaphore(1))
    gate._slots.acquire()  # another upload is being checked
    said = []

    def free_the_slot_later():
        time.sleep(0.3)
        gate._slots.release()

    threading.Thread(target=free_the_slot_later).start()
    checked = check_file(GOOD, "laporan.csv", catalog, on_wait=lambda: said.append(WAITING_MESSAGE))
    assert said == ["Menunggu giliran pemeriksaan berkas …"]
    assert checked.ok


def test_no_more_checks_run_at_once_than_the_machine_can_carry():
    import os

    assert 1 <= gate.check_slots() <= (os.cpu_count() or 1)


STAGE = b"kode_wilayah,kode_bidang,tahap,status\n36.02,PEND,1,selesai\n"


@pytest.mark.parametrize("kind, content", [("data", GOOD), ("tahapan", STAGE)])
def test_an_unforeseen_failure_in_the_worker_is_a_refusal_not_a_crash(kind, content):
    checked = check_file(content, "laporan.csv", None, kind, tahun=2025)  # no catalog: the worker fails
    assert not checked.ok and checked.problems[0].pesan.startswith("Berkas tidak dapat diperiksa")
