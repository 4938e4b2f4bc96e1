"""Time the figure pipeline on a data folder (run by hand; prints seconds and ratios, asserts nothing).

    .venv/bin/python benchmarks/kpis_timing.py --data data/demo --gemeente wijchen --periode 2026-02
    .venv/bin/python benchmarks/kpis_timing.py --data nat --gemeente GM0296 --families --repeat 3

`--families` also times each figure family (`kpis.FAMILIES`, in `figure_table`'s order, on one fresh
selection per repeat, so a family that first builds a shared memo such as the netted cells pays
for it) and prints the median of `--repeat` runs per family, slowest first.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from sdmonitor.figures.kpis import FAMILIES, figure_table
from sdmonitor.figures.rows import combine
from sdmonitor.figures.status import apply_status
from sdmonitor.ingest.dataset import load_dataset
from sdmonitor.ingest.selection import select
from sdmonitor.parameters import resolve_gemeente
from sdmonitor.periods import Periode


def family_seconds(dataset, gemeente, periode: Periode) -> dict[str, float]:
    """Seconds per figure family (and the status step) on one fresh selection."""
    sel = select(dataset, gemeente, periode)
    out, parts = {}, []
    for family in FAMILIES:
        t = time.perf_counter()
        parts.append(family.figure_rows(sel))
        out[family.__name__.rsplit(".", 1)[-1]] = time.perf_counter() - t
    t = time.perf_counter()
    apply_status(combine(parts), sel)
    out["(combine + status)"] = time.perf_counter() - t
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="data/demo")
    ap.add_argument("--gemeente", default="wijchen")
    ap.add_argument("--periode", default="2026-02")
    ap.add_argument("--families", action="store_true", help="time each figure family too")
    ap.add_argument("--repeat", type=int, default=1, help="runs of the figures (medians printed)")
    args = ap.parse_args()
    gemeente, periode = resolve_gemeente(args.gemeente), Periode.parse(args.periode)

    t0 = time.perf_counter()
    dataset = load_dataset(Path(args.data))
    t1 = time.perf_counter()
    sel = select(dataset, gemeente, periode)
    t2 = time.perf_counter()
    kpis_runs: list[float] = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        table = figure_table(select(dataset, gemeente, periode) if kpis_runs else sel)
        kpis_runs.append(time.perf_counter() - t)
    t3 = t2 + statistics.median(kpis_runs)

    lines = len(dataset["declaraties"])
    print(f"declaratieregels: {lines:,}  cijfers: {len(table):,}")
    print(f"laden + valideren : {t1 - t0:6.2f} s  ({lines / (t1 - t0):,.0f} regels/s)")
    print(f"selectie          : {t2 - t1:6.2f} s")
    print(f"cijfers (kpis)    : {t3 - t2:6.2f} s  ({len(sel.lines) / (t3 - t2):,.0f} regels van de gemeente/s)"
          f"  mediaan van {len(kpis_runs)}")
    print(f"totaal            : {t3 - t0:6.2f} s  (kpis-aandeel {100 * (t3 - t2) / (t3 - t0):.0f}%)")
    if args.families:
        runs = [family_seconds(dataset, gemeente, periode) for _ in range(args.repeat)]
        medians = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
        total = sum(medians.values())
        print(f"per familie (mediaan van {len(runs)}, som {total:.2f} s):")
        for name, seconds in sorted(medians.items(), key=lambda item: -item[1]):
            print(f"  {name:22s} {seconds:6.2f} s  {100 * seconds / total:4.0f}%")


if __name__ == "__main__":
    main()
