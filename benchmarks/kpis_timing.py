"""Time the figure pipeline on a data folder (run by hand; prints seconds and ratios, asserts nothing).

    .venv/bin/python benchmarks/kpis_timing.py --data data/demo --gemeente wijchen --periode 2026-02
    .venv/bin/python benchmarks/kpis_timing.py --data <national> --gemeente GM0296 --repeat 3

Phases (loading, selection, figures) and, within the figures, the seconds of each figure family
(each module's `figure_rows` as `figure_table` calls it, the status rule last). With `--repeat N`
the figures are computed N times, each on a fresh selection (nothing memoised carries over), and
the medians are printed; the dataset is loaded once.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sdmonitor.figures import kpis
from sdmonitor.figures.kpis import figure_table
from sdmonitor.ingest.dataset import load_dataset
from sdmonitor.ingest.selection import select
from sdmonitor.parameters import resolve_gemeente
from sdmonitor.periods import Periode

SECONDS: dict[str, float] = defaultdict(float)
CPU: dict[str, float] = defaultdict(float)


def _timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            SECONDS[name] += time.perf_counter() - start
            CPU[name] += time.process_time() - cpu
    return wrapper


def _instrument() -> list[str]:
    """Wrap every family's `figure_rows` (as `kpis` imported it) and the status rule in a timer."""
    families = []
    for name, module in sorted(vars(kpis).items()):
        if hasattr(module, "figure_rows") and getattr(module, "__name__", "").startswith("sdmonitor.figures."):
            module.figure_rows = _timed(name, module.figure_rows)
            families.append(name)
    kpis.apply_status = _timed("status", kpis.apply_status)
    return [*families, "status"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="data/demo")
    ap.add_argument("--gemeente", default="wijchen")
    ap.add_argument("--periode", default="2026-02")
    ap.add_argument("--repeat", type=int, default=1, help="figures computed this many times (medians)")
    args = ap.parse_args()

    families = _instrument()
    t0 = time.perf_counter()
    dataset = load_dataset(Path(args.data))
    t1 = time.perf_counter()
    gemeente, periode = resolve_gemeente(args.gemeente), Periode.parse(args.periode)
    select_s, figures_s, per_family, per_family_cpu = [], [], defaultdict(list), defaultdict(list)
    for _ in range(max(args.repeat, 1)):
        SECONDS.clear()
        CPU.clear()
        s0 = time.perf_counter()
        sel = select(dataset, gemeente, periode)
        s1 = time.perf_counter()
        table = figure_table(sel)
        s2 = time.perf_counter()
        select_s.append(s1 - s0)
        figures_s.append(s2 - s1)
        for name in families:
            per_family[name].append(SECONDS.get(name, 0.0))
            per_family_cpu[name].append(CPU.get(name, 0.0))
    load = t1 - t0
    selection, figures = statistics.median(select_s), statistics.median(figures_s)

    lines = len(dataset["declaraties"])
    runs = f", mediaan van {len(figures_s)}" if len(figures_s) > 1 else ""
    print(f"declaratieregels: {lines:,}  cijfers: {len(table):,}{runs}")
    print(f"laden + valideren : {load:6.2f} s  ({lines / load:,.0f} regels/s)")
    print(f"selectie          : {selection:6.2f} s")
    print(f"cijfers (kpis)    : {figures:6.2f} s  ({len(sel.lines) / figures:,.0f} regels van de gemeente/s)")
    print(f"totaal            : {load + selection + figures:6.2f} s  "
          f"(kpis-aandeel {100 * figures / (load + selection + figures):.0f}%)")
    # CPU seconds of this process beside the wall clock: on a shared, loaded machine the CPU time
    # says more about the code than the wall time.
    print("per familie (mediaan: wand-s, aandeel van de cijfers, cpu-s; per run wand-s):")
    medians = {name: statistics.median(values) for name, values in per_family.items()}
    for name, seconds in sorted(medians.items(), key=lambda item: -item[1]):
        cpu = statistics.median(per_family_cpu[name])
        runs_text = " ".join(f"{v:.2f}" for v in per_family[name]) if len(figures_s) > 1 else ""
        print(f"  {name:22} {seconds:6.2f}  {100 * seconds / figures:3.0f}%  {cpu:6.2f}  {runs_text}")


if __name__ == "__main__":
    main()
