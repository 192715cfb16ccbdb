"""Benchmark (not a test): run the hostile upload corpus (tests/hostile_files.py) through the gate
the app uses (spm_core.intake.gate.check_file) and report, per file: the answer, wall time, the checking
worker's peak memory, and how much the calling process (standing in for the app server) grew.

    .venv/bin/python scripts/benchmark_hostile.py [--repeat N]

Bounds (the issue "Berkas masuk yang aman"): every file answered within 10 s, the worker under
512 MB, the server's own memory grown by less than 50 MB over the whole corpus. Exit 1 when a
bound is broken.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spm_core import load_catalog  # noqa: E402
from spm_core.intake.gate import CHECK_MEMORY_BYTES, check_file  # noqa: E402
from tests.hostile_files import corpus  # noqa: E402

MB = 1024 * 1024


def rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=1, help="run the corpus this many times (growth is measured over all of them)"
    )
    args = parser.parse_args()
    catalog = load_catalog()
    files = corpus()  # generated before the baseline: the server holds the upload's bytes anyway
    check_file(b"tahun\n2025\n", "pemanasan.csv", catalog)  # start the fork server outside the figures
    gc.collect()
    baseline = rss()
    failures = 0
    print(f"{'file':44} {'size':>9} {'answer':>8} {'time s':>7} {'worker MB':>10} {'server +MB':>10}  message")
    for _ in range(args.repeat):
        for hostile in files:
            before = rss()
            start = time.perf_counter()
            checked = check_file(hostile.content, hostile.filename, catalog, hostile.kind, tahun=2025)
            seconds = time.perf_counter() - start
            answer = "accepted" if checked.ok else "refused"
            checked.data = None  # the server drops a refused (or shown) table; measure what stays
            gc.collect()
            grown = (rss() - before) / MB
            peak = checked.worker_peak_bytes / MB if checked.worker_peak_bytes else float("nan")
            right = answer == ("refused" if hostile.refused else "accepted")
            bad = not right or seconds >= 10 or (checked.worker_peak_bytes or 0) >= CHECK_MEMORY_BYTES
            failures += bad
            message = checked.problems[0].line()[:70] if checked.problems else ""
            print(
                f"{hostile.name[:44]:44} {len(hostile.content) / 1024:7.0f}KB {answer:>8} {seconds:7.2f} "
                f"{peak:10.0f} {grown:10.1f}  {'!! ' if bad else ''}{message}"
            )
    total = (rss() - baseline) / MB
    print(
        f"\nserver RSS: {baseline / MB:.0f} MB before, {rss() / MB:.0f} MB after ({total:+.1f} MB over "
        f"{args.repeat * len(files)} checks)"
    )
    if total >= 50:
        failures += 1
        print("!! the server grew by 50 MB or more")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
