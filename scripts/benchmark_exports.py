"""Time the exports on the built-in data: deck (slide rules), map pictures, PowerPoint, PDF, Excel.

    .venv/bin/python scripts/benchmark_exports.py [--tahun 2025] [--triwulan 0] [--repeat 3]

Prints the best of ``--repeat`` runs of each step, in seconds (scoring is done once, before).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from spm_core import load_catalog, load_rules, score_all
from spm_core.dataset import SIMULATED_NOTICE, data_file, is_simulated_file
from spm_core.intake.validation import validate_file
from spm_core.report.deck import build_deck
from spm_core.report.excel_recap import build_workbook
from spm_core.report.pdf_report import build_report
from spm_core.report.pptx_export import build_pptx
from spm_core.report.static_maps import deck_map_png
from spm_core.summary import Selection


def best(repeat: int, step):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tahun", type=int, default=2025)
    parser.add_argument("--triwulan", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    catalog, rules = load_catalog(), load_rules()
    path = data_file()
    scores = score_all(validate_file(path, catalog).data, catalog, rules)
    simulated = is_simulated_file(path)
    label = SIMULATED_NOTICE if simulated else f"Data: {path.name}"
    sel = Selection(args.tahun, args.triwulan)
    rows = {}
    rows["deck"], deck = best(
        args.repeat, lambda: build_deck(scores, catalog, rules, sel, simulated=simulated, data_label=label)
    )
    regions = deck.of_kind("peta")[0].data["wilayah"]
    rows["peta (slide)"], wide = best(
        args.repeat, lambda: deck_map_png(regions, catalog.regions.kabkota, rules, simulated=simulated, wide=True)
    )
    rows["peta (cetak)"], printed = best(
        args.repeat, lambda: deck_map_png(regions, catalog.regions.kabkota, rules, simulated=simulated)
    )
    rows["pptx"], pptx = best(args.repeat, lambda: build_pptx(deck, rules, wide))
    rows["pdf"], pdf = best(args.repeat, lambda: build_report(deck, scores, catalog, rules, map_png=printed))
    rows["xlsx"], xlsx = best(
        args.repeat, lambda: build_workbook(scores, catalog, rules, args.tahun, args.triwulan, simulated=simulated)
    )
    sizes = {"pptx": len(pptx), "pdf": len(pdf), "xlsx": len(xlsx)}
    print(f"periode {args.tahun}/{args.triwulan}, {len(deck)} slide, terbaik dari {args.repeat}")
    for name, seconds in rows.items():
        size = f"  {sizes[name] / 1024:7.0f} KB" if name in sizes else ""
        print(f"{name:14s} {seconds:6.3f} s{size}")
    total = rows["deck"] + rows["peta (slide)"] + rows["peta (cetak)"] + rows["pptx"] + rows["pdf"] + rows["xlsx"]
    print(f"{'semua':14s} {total:6.3f} s")


if __name__ == "__main__":
    main()
