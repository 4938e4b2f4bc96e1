"""B5 (issues 12 and 25): every monitor of the country on one machine, measured in full: `batch` of
every municipality of the national data (its figures in one pass first, then the chapters per
municipality). Goal (issue 25): all 342 monitors ≤ 30 min on a 2-core machine. Run by hand:

    .venv/bin/python benchmarks/b5_country.py [--lines 10000000] [--workers 2] [--sample N] [--data DIR]

The whole country takes half an hour or more. `--sample N` runs N municipalities (spread over the
list) instead of all, for a short session: that row is then a sample, and the line under the table
says so (an extrapolation, not the measurement the goal asks for).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _measure import SDMONITOR, machine, measure, national_arguments, national_codes, national_folder, spread, table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    national_arguments(ap)
    ap.add_argument("--sample", type=int, default=0, help="run this many municipalities (0: every one)")
    args = ap.parse_args()
    folder = national_folder(args)
    codes = national_codes(folder)
    chosen = spread(codes, args.sample)
    with tempfile.TemporaryDirectory(prefix="sdmonitor-b5-") as tmp:
        env = {"SDMONITOR_CACHE": f"{tmp}/cache"}
        cold = measure([SDMONITOR, "validate", "--data", str(folder)])
        fill = measure([SDMONITOR, "kpis", "--data", str(folder), "--gemeente", chosen[0], "--periode",
                        args.periode, "--out", f"{tmp}/eerste.csv"], env)  # validates and fills the input cache
        reports = measure([SDMONITOR, "batch", "--data", str(folder), "--periode", args.periode, "--gemeenten",
                           ",".join(chosen), "--workers", str(args.workers), "--quiet", "--out", f"{tmp}/r"], env)
        written = sum(1 for p in Path(tmp, "r").glob(f"*/{args.periode}/monitor.html"))
    per = reports[0] / len(chosen)
    print(f"B5 — het hele land: {len(codes)} gemeenten, {folder.name}; {machine()}")
    print(table([
        ("validate (hele invoer)", *cold, ""),
        ("kpis eerste gemeente (valideren + invoercache vullen)", *fill, ""),
        (f"batch van {len(chosen)} van {len(codes)} gemeenten, --workers {args.workers}", *reports,
         f"{reports[0] / 60:.1f} min, {per:.1f} s per monitor, {written} monitors geschreven"),
    ]))
    if len(chosen) == len(codes):
        print(f"Gemeten: alle {len(codes)} monitors in {reports[0] / 60:.1f} min (doel ≤ 30 min)")
    else:
        print(f"Steekproef van {len(chosen)}: {len(codes)} monitors ≈ {per * len(codes) / 60:.0f} min "
              "(geëxtrapoleerd; het doel vraagt de volledige meting zonder --sample)")


if __name__ == "__main__":
    main()
