"""B5 (issue 12): the whole country on one machine: figures (`kpis`) for every municipality of the
national data, full reports (`batch`) for a sample, extrapolated to all. Goal: all ~340 monitors
within one hour on a 2-core machine. Run by hand:

    .venv/bin/python benchmarks/b5_country.py [--lines 10000000] [--sample 12] [--workers 2] [--kpis-sample N]

`--kpis-sample N` computes the figures of N municipalities (spread over the list) instead of all,
and extrapolates that part too (for a short session; the default is every municipality).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time

from _measure import SDMONITOR, machine, measure, national, table

CODES = ("import pyarrow.parquet as pq, pyarrow.compute as pc; "
         "t = pq.read_table('{p}', columns=['gemeente']); "
         "print(','.join(sorted(set(pc.unique(pc.cast(t['gemeente'], 'string')).to_pylist()))))")
# Figures for every municipality in one process: the cache is read once per municipality (DuckDB).
ALL_KPIS = """
import sys, time
from sdmonitor.ingest.dataset import load_dataset
from sdmonitor.figures.kpis import compute_kpis
from sdmonitor.parameters import resolve_gemeente
from sdmonitor.periods import Periode
folder, codes = sys.argv[1], sys.argv[2].split(",")
for code in codes:
    g = resolve_gemeente(code)
    compute_kpis(load_dataset(folder, gemeente=g.code), g, Periode.parse("2026-02"), None)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lines", type=int, default=10_000_000)
    ap.add_argument("--sample", type=int, default=12)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kpis-sample", type=int, default=0, help="figures for this many municipalities (0: all)")
    args = ap.parse_args()
    folder = national(args.lines)
    codes = subprocess.run([sys.executable, "-c", CODES.format(p=folder / "declaraties.parquet")],
                           capture_output=True, text=True, check=True).stdout.strip().split(",")
    sample = codes[:: max(len(codes) // args.sample, 1)][: args.sample]
    n_kpis = args.kpis_sample or len(codes)
    kpis_codes = codes[:: max(len(codes) // n_kpis, 1)][:n_kpis]
    with tempfile.TemporaryDirectory(prefix="sdmonitor-b5-") as tmp:
        env = {"SDMONITOR_CACHE": f"{tmp}/cache"}
        cold = measure([SDMONITOR, "validate", "--data", str(folder)])
        started = time.perf_counter()
        fill = measure([SDMONITOR, "kpis", "--data", str(folder), "--gemeente", kpis_codes[0], "--periode",
                        "2026-02", "--out", f"{tmp}/eerste.csv"], env)  # validates and fills the cache
        figures = measure([sys.executable, "-c", ALL_KPIS, str(folder), ",".join(kpis_codes)], env)
        reports = measure([SDMONITOR, "batch", "--data", str(folder), "--periode", "2026-02", "--gemeenten",
                           ",".join(sample), "--workers", str(args.workers), "--quiet", "--out", f"{tmp}/r"], env)
        total = time.perf_counter() - started
    per_report = reports[0] / len(sample)
    per_kpis = figures[0] / len(kpis_codes)
    print(f"B5 — het hele land: {len(codes)} gemeenten, {args.lines:,} regels; {machine()}")
    print(table([
        ("validate (hele invoer)", *cold, ""),
        ("kpis eerste gemeente (valideren + cache vullen)", *fill, ""),
        (f"kpis voor {len(kpis_codes)} van {len(codes)} gemeenten (één proces)", *figures,
         f"{per_kpis:.1f} s per gemeente"),
        (f"batch van {len(sample)} gemeenten, --workers {args.workers}", *reports,
         f"{per_report:.1f} s per monitor"),
    ]))
    print(f"Geëxtrapoleerd: {len(codes)} monitors ≈ {per_report * len(codes) / 60:.0f} min (doel ≤ 60 min); "
          f"cijfers alleen: {len(codes)} × {per_kpis:.1f} s ≈ {per_kpis * len(codes) / 60:.0f} min; "
          f"gemeten in deze run: {total / 60:.1f} min")


if __name__ == "__main__":
    main()
