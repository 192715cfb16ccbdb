"""The one gate every uploaded file goes through: its safety check, reading and validation run in
a separate worker process with a memory limit and a timeout, and only a bounded number of those
workers run at once.

A file that costs far more than its size (a zip bomb, a row of millions of cells, a CSV of
400,000 junk rows) can then at worst use up its own worker: the worker is stopped and the file
refused with a message, while the app server's memory and time stay untouched. The page
*Impor data*, the stage file on *Tahapan* and the command line's ``validate``, ``score`` and
``import`` all come here.

- Workers are forked from a small server process that has already imported pandas and openpyxl
  (``multiprocessing``'s *forkserver*), so a check starts in milliseconds, never from the app
  server itself (which holds sessions, caches and threads).
- Each worker limits its own address space so that its resident memory cannot grow past
  ``CHECK_MEMORY_BYTES`` (512 MB); a worker that goes over it, or runs longer than
  ``CHECK_TIMEOUT_SECONDS``, is stopped and the file refused.
- A process-wide semaphore lets at most ``check_slots()`` checks run at once (the number of
  CPUs, fewer when memory is short); the others wait their turn (``on_wait`` lets a page say
  so) for at most ``QUEUE_TIMEOUT_SECONDS``.

Run ``python -m spm_core.intake.gate`` to see the limits in force.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.spawn as mp_spawn
import os
import resource
import threading
import time
from dataclasses import dataclass, field

import pandas as pd

from ..gaps import read_stage_table
from .filesafety import check_upload
from .problems import ERROR, MAX_LISTED_PROBLEMS, WARNING, InputFileError, Problem, ProblemsFound, limit_problems
from .reading import read_table
from .validation import ValidationResult, validate_file

MB = 1024 * 1024
CHECK_MEMORY_BYTES = 512 * MB  # resident memory a checking worker may reach
CHECK_TIMEOUT_SECONDS = 60.0  # wall clock for one check (a national .xlsx of 150,000 rows takes ~20 s)
QUEUE_TIMEOUT_SECONDS = 120.0  # how long a file waits for a free slot before the server says it is busy

KIND_DATA = "data"  # an SPM data file (page Impor data, command line)
KIND_STAGES = "tahapan"  # a stage-status file (page Tahapan)

WAITING_MESSAGE = "Menunggu giliran pemeriksaan berkas …"


@dataclass
class CheckedFile(ProblemsFound):
    """What the gate says about a file: the clean table (None when refused) and the problems
    (at most MAX_LISTED_PROBLEMS, then one line counting the rest), with the full counts."""

    data: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)
    total_errors: int = 0
    total_warnings: int = 0
    seconds: float = 0.0  # wall time of the check, waiting for a slot not included
    worker_peak_bytes: int | None = None  # the worker's peak resident memory, when it finished
    cleared: pd.DataFrame | None = None  # optional cells written "-" (baris, kolom): see validation

    @property
    def ok(self) -> bool:  # also needs the table (None when the gate refused the file)
        return self.data is not None and not self.errors


def _refused(message: str, seconds: float = 0.0) -> CheckedFile:
    return CheckedFile(None, [Problem(message)], 1, 0, seconds)


# --- what runs inside the worker -------------------------------------------------------------------


def check_in_process(
    content: bytes, filename: str, catalog, kind: str = KIND_DATA, user=None, tahun: int | None = None
) -> CheckedFile:
    """Safety check, reading and validation of one file, in the calling process. The gate runs
    this in a worker; tests and trusted files may call it directly."""
    problems = check_upload(content, filename)
    if problems:
        return CheckedFile(None, problems, sum(p.is_error for p in problems), sum(not p.is_error for p in problems))
    if kind == KIND_STAGES:
        try:
            clean, problems = read_stage_table(read_table(content, filename), catalog, tahun)
        except InputFileError as exc:
            clean, problems = None, exc.problems
        errors = sum(p.is_error for p in problems)
        return CheckedFile(None if errors else clean, limit_problems(problems), errors, len(problems) - errors)
    first_checks = None
    if user is not None:
        from ..auth import scope_problems  # here: the command line's validate needs no SQLAlchemy

        def first_checks(rows):  # rows outside the account's scope are listed before any other problem
            return scope_problems(user, rows, catalog)

    result = validate_file(content, catalog, filename, first_checks)
    checked = CheckedFile(
        result.data, result.problems, result.error_count, result.warning_count, cleared=result.cleared
    )
    if result.ok and user is not None:
        from ..auth import scope_problems

        scope = scope_problems(user, result.data, catalog)
        if scope:
            # Scope problems are why the file is refused: they come first, then the warnings.
            warnings = [p for p in result.problems if not p.is_error]
            checked = CheckedFile(
                None,
                limit_problems(scope + warnings, len(scope), result.warning_count),
                len(scope),
                result.warning_count,
            )
    return checked


def _status_kb(field_name: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    return 0


def _limit_own_memory(budget: int) -> None:
    """Let this process's resident memory reach at most ``budget``: the address space may grow
    by what the budget leaves above the memory already resident (new memory is never resident
    without first being mapped)."""
    try:
        size = _status_kb("VmSize") * 1024
        resident = _status_kb("VmRSS") * 1024
    except OSError:  # no /proc: a plain limit on the whole address space
        size, resident = 0, 0
    limit = size + max(budget - resident, 64 * MB)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker(connection, content: bytes, filename: str, catalog, kind: str, user, tahun, budget: int) -> None:
    try:
        _limit_own_memory(budget)
        checked = check_in_process(content, filename, catalog, kind, user, tahun)
    except MemoryError:
        checked = None
    except Exception as exc:  # noqa: BLE001 - a bug or an unforeseen file: refuse it, never crash the page
        checked = _refused(
            f"Berkas tidak dapat diperiksa ({type(exc).__name__}). Simpan ulang sebagai .xlsx atau "
            "CSV lalu unggah lagi; bila tetap gagal, hubungi admin."
        )
    checked_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        connection.send(("memori", checked_peak) if checked is None else (checked, checked_peak))
    except MemoryError:
        connection.send(("memori", checked_peak))
    connection.close()


# --- the gate in the calling process ---------------------------------------------------------------


def check_slots() -> int:
    """How many checks may run at once: one per CPU, and no more than the memory can carry."""
    cpus = os.cpu_count() or 1
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        by_memory = max(1, available // (2 * CHECK_MEMORY_BYTES))  # keep half for everything else
    except (ValueError, OSError, AttributeError):
        by_memory = cpus
    return max(1, min(cpus, by_memory))


_slots = threading.BoundedSemaphore(check_slots())
_context_lock = threading.Lock()
_context = None


def fork_workers_directly() -> None:
    """For a one-shot, single-threaded program (the command line): fork each worker straight
    from this process instead of starting a fork server (which would import pandas once more).
    A server with threads (Streamlit) must keep the fork server."""
    global _context
    with _context_lock:
        if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
            _context = multiprocessing.get_context("fork")


def _mp_context():
    global _context
    with _context_lock:
        if _context is None:
            methods = multiprocessing.get_all_start_methods()
            _context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                # The worker needs only these modules, never the caller's main script: inside a
                # Streamlit run, ``__main__`` is the page script itself (see _start_without_main).
                _context.set_forkserver_preload(
                    [
                        "spm_core.intake.gate",
                        "spm_core.intake.validation",
                        "spm_core.intake.filesafety",
                        "spm_core.gaps",
                        "spm_core.auth",
                        "openpyxl",
                    ]
                )
        return _context


_start_lock = threading.Lock()


def _start_without_main(process) -> None:
    """Start a worker without telling it to run the caller's ``__main__`` first. multiprocessing
    hands a new process the main module to re-run (so objects defined there unpickle); inside a
    Streamlit script run ``__main__`` is the running page script (app.py), which must never run in a
    worker. The worker's target lives in this module, so it needs no main."""
    with _start_lock:
        original = mp_spawn.get_preparation_data

        def preparation_data(name):
            data = original(name)
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
            return data

        mp_spawn.get_preparation_data = preparation_data
        try:
            process.start()
        finally:
            mp_spawn.get_preparation_data = original


def check_file(
    content: bytes,
    filename: str,
    catalog,
    kind: str = KIND_DATA,
    user=None,
    tahun: int | None = None,
    on_wait=None,
    timeout: float = CHECK_TIMEOUT_SECONDS,
    memory_bytes: int = CHECK_MEMORY_BYTES,
) -> CheckedFile:
    """Check, read and validate an uploaded file in a worker process (see the module doc).

    ``kind`` is KIND_DATA (a data file; with ``user``, the operator's scope is checked too) or
    KIND_STAGES (a stage file of year ``tahun``). ``on_wait()`` is called once when the file
    has to wait for a free slot."""
    if not _slots.acquire(blocking=False):
        if on_wait is not None:
            on_wait()
        if not _slots.acquire(timeout=QUEUE_TIMEOUT_SECONDS):
            return _refused("Server sedang sibuk memeriksa berkas lain. Tunggu beberapa menit lalu unggah lagi.")
    try:
        return _run_worker(content, filename, catalog, kind, user, tahun, timeout, memory_bytes)
    finally:
        _slots.release()


def _run_worker(content, filename, catalog, kind, user, tahun, timeout, memory_bytes) -> CheckedFile:
    context = _mp_context()
    receiver, sender = context.Pipe(duplex=False)
    start = time.perf_counter()
    process = context.Process(
        target=_worker, args=(sender, content, filename, catalog, kind, user, tahun, memory_bytes), daemon=True
    )
    _start_without_main(process)
    sender.close()  # the worker holds the only sending end: its death ends the wait below
    answer = None
    try:
        if receiver.poll(timeout):
            answer = receiver.recv()
    except (EOFError, OSError):
        answer = None  # the worker died without answering (killed for its memory, or crashed)
    finally:
        receiver.close()
        if answer is None and process.is_alive():
            process.kill()
        process.join(5)
    seconds = time.perf_counter() - start
    if answer is None:
        if seconds >= timeout:
            return _refused(
                f"Pemeriksaan berkas dihentikan setelah {timeout:g} detik: berkas ini terlalu berat untuk "
                "diperiksa. Bagi data menjadi beberapa berkas yang lebih kecil, atau simpan ulang sebagai "
                "CSV.",
                seconds,
            )
        return _memory_refusal(memory_bytes, seconds)
    checked, peak = answer
    if checked == "memori":
        refusal = _memory_refusal(memory_bytes, seconds)
        refusal.worker_peak_bytes = peak
        return refusal
    checked.seconds = seconds
    checked.worker_peak_bytes = peak
    return checked


def _memory_refusal(memory_bytes: int, seconds: float) -> CheckedFile:
    return _refused(
        f"Berkas ini memerlukan lebih dari {memory_bytes // MB} MB memori untuk diperiksa dan ditolak. "
        "Berkas yang wajar jauh lebih ringan: simpan ulang tabel data saja (tanpa lembar atau kolom lain) "
        "sebagai .xlsx atau CSV, atau bagi menjadi beberapa berkas.",
        seconds,
    )


def as_validation_result(checked: CheckedFile):
    """The gate's answer in the shape of ``validation.validate_file``'s."""
    return ValidationResult(
        checked.data if checked.ok else None,
        checked.problems,
        checked.total_errors,
        checked.total_warnings,
        checked.cleared,
    )


__all__ = [
    "CheckedFile",
    "check_file",
    "fork_workers_directly",
    "check_in_process",
    "check_slots",
    "as_validation_result",
    "KIND_DATA",
    "KIND_STAGES",
    "WAITING_MESSAGE",
    "CHECK_MEMORY_BYTES",
    "CHECK_TIMEOUT_SECONDS",
    "MAX_LISTED_PROBLEMS",
    "ERROR",
    "WARNING",
]

if __name__ == "__main__":
    print(
        f"Batas pemeriksaan berkas: {CHECK_MEMORY_BYTES // MB} MB memori, {CHECK_TIMEOUT_SECONDS:.0f} detik, "
        f"{check_slots()} berkas sekaligus."
    )
