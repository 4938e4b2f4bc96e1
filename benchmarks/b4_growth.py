"""B4 (issue 12): `kpis` for one municipality at 1 M, 3 M and 10 M national lines. Time and memory
should grow with the municipality's own lines, not with the national total. Run by hand:

    .venv/bin/python benchmarks/b4_growth.py [--sizes 1000000,3000000,10000000] [--gemeente GM0296]

Per size: the municipality's own lines, the warm-cache kpis (median of --repeat) and the cold
first run (validate all + write the cache, once per input: the heavy tables checked in DuckDB and
copied into the cache, `ingest/cold.py`), with its growth against the smallest size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile

from _measure import SDMONITOR, figures_computed, machine, measure, median, national, table

OWN = ("import duckdb; print(duckdb.sql(\"SELECT count(*) FROM read_parquet('{p}') "
       "WHERE gemeente = '{g}'\").fetchall()[0][0])")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000000,3000000,10000000")
    ap.add_argument("--gemeente", default="GM0296")
    ap.add_argument("--periode", default="2026-02")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import subprocess

    rows, first, first_cold = [], None, None
    for size in [int(s) for s in args.sizes.split(",")]:
        folder = national(size)
        own = int(subprocess.run([sys.executable, "-c", OWN.format(p=folder / "declaraties.parquet", g=args.gemeente)],
                                 capture_output=True, text=True, check=True).stdout)
        with tempfile.TemporaryDirectory(prefix="sdmonitor-b4-cache-") as cache:
            kpis = [SDMONITOR, "kpis", "--data", str(folder), "--gemeente", args.gemeente, "--periode",
                    args.periode, "--out", f"{cache}/kpis.csv"]
            cold = measure(kpis, {"SDMONITOR_CACHE": cache})
            # Input cache warm, figures computed (the edition cache emptied before each run).
            warm = median(figures_computed(kpis, cache), args.repeat, {"SDMONITOR_CACHE": cache})
        first = first or (size, own, warm)
        first_cold = first_cold or cold
        rows.append((f"{size:>11,} regels ({own:,} van {args.gemeente}) warm", *warm,
                     f"tijd {warm[0] / first[2][0]:.2f}×, regels totaal {size / first[0]:.0f}×, "
                     f"eigen {own / first[1]:.1f}×"))
        rows.append((f"{size:>11,} regels koud (valideren + cache)", *cold,
                     f"tijd {cold[0] / first_cold[0]:.2f}×, geheugen {cold[1] / first_cold[1]:.2f}×, "
                     f"{cold[0] / warm[0]:.1f}× warm"))
    print(f"B4 — groei met het landelijke totaal, {args.gemeente}; {machine()}")
    print(table(rows))


if __name__ == "__main__":
    main()
