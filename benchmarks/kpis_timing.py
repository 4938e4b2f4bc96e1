"""Time the figure pipeline on a data folder (run by hand; prints seconds and ratios, asserts nothing).

    .venv/bin/python benchmarks/kpis_timing.py --data data/demo --gemeente wijchen --periode 2026-02
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sdmonitor.figures.kpis import figure_table
from sdmonitor.ingest.dataset import load_dataset
from sdmonitor.ingest.selection import select
from sdmonitor.parameters import resolve_gemeente
from sdmonitor.periods import Periode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="data/demo")
    ap.add_argument("--gemeente", default="wijchen")
    ap.add_argument("--periode", default="2026-02")
    args = ap.parse_args()

    t0 = time.perf_counter()
    dataset = load_dataset(Path(args.data))
    t1 = time.perf_counter()
    sel = select(dataset, resolve_gemeente(args.gemeente), Periode.parse(args.periode))
    t2 = time.perf_counter()
    table = figure_table(sel)
    t3 = time.perf_counter()

    lines = len(dataset["declaraties"])
    print(f"declaratieregels: {lines:,}  cijfers: {len(table):,}")
    print(f"laden + valideren : {t1 - t0:6.2f} s  ({lines / (t1 - t0):,.0f} regels/s)")
    print(f"selectie          : {t2 - t1:6.2f} s")
    print(f"cijfers (kpis)    : {t3 - t2:6.2f} s  ({len(sel.lines) / (t3 - t2):,.0f} regels van de gemeente/s)")
    print(f"totaal            : {t3 - t0:6.2f} s  (kpis-aandeel {100 * (t3 - t2) / (t3 - t0):.0f}%)")


if __name__ == "__main__":
    main()
