"""B2 (issue 12): `kpis` for one municipality out of the national data, against one DuckDB scan
(count and sum of `bedrag`) of the same Parquet and against naive pandas (read everything, filter,
group). Run by hand; prints the measurements and ratios of this one run.

    .venv/bin/python benchmarks/b2_one_municipality.py [--lines 10000000] [--gemeente GM0296] [--repeat 3]

Goals: warm kpis ≤ 3× the DuckDB scan, peak memory ≤ 1 GB, ≥ 5× faster than naive pandas; the
first run (cold cache: validate everything once and write the cache) is reported separately.
"""

from __future__ import annotations

import argparse
import sys
import tempfile

from _measure import SDMONITOR, figures_computed, machine, measure, median, national, table

DUCKDB = ("import duckdb,sys,time; t=time.perf_counter(); "
          "r=duckdb.sql(\"SELECT count(*), sum(bedrag) FROM read_parquet('{p}') WHERE gemeente = '{g}'\").fetchall(); "
          "print(r, f'query {{time.perf_counter()-t:.3f}} s', file=sys.stderr)")
NAIVE = ("import pandas as pd; d=pd.read_parquet('{p}'); d=d[d['gemeente']=='{g}']; "
         "print(d.groupby(pd.to_datetime(d['periode_begin']).dt.year)['bedrag'].agg(['count','sum']))")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lines", type=int, default=10_000_000)
    ap.add_argument("--gemeente", default="GM0296")
    ap.add_argument("--periode", default="2026-02")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    folder = national(args.lines)
    parquet = folder / "declaraties.parquet"
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="sdmonitor-b2-cache-") as cache:
        env = {"SDMONITOR_CACHE": cache}
        out = f"{cache}/kpis.csv"
        kpis = [SDMONITOR, "kpis", "--data", str(folder), "--gemeente", args.gemeente, "--periode", args.periode,
                "--out", out]
        cold = measure(kpis, env)
        # Input cache warm, figures computed: the edition cache emptied before each run.
        warm = median(figures_computed(kpis, cache), args.repeat, env)
        edition = median(kpis, args.repeat, env)  # an unchanged edition: its kpis.csv from the edition cache
        off = measure(kpis, {"SDMONITOR_CACHE": "off"})
    scan = median([py, "-c", DUCKDB.format(p=parquet, g=args.gemeente)], args.repeat)
    naive = median([py, "-c", NAIVE.format(p=parquet, g=args.gemeente)], args.repeat)
    print(f"B2 — {args.lines:,} landelijke regels, {args.gemeente}, periode {args.periode}; {machine()}")
    print(table([
        ("DuckDB-scan count+sum(bedrag) (proces incl. opstart)", *scan, "1,0×"),
        ("kpis, warme invoercache, cijfers berekend (mediaan)", *warm, f"{warm[0] / scan[0]:.1f}× DuckDB-scan"),
        ("kpis, ongewijzigde editie (editiecache, mediaan)", *edition, f"{edition[0] / scan[0]:.1f}× DuckDB-scan"),
        ("kpis, koude cache (eerste keer: valideren + cache)", *cold,
         f"{cold[0] / scan[0]:.1f}× DuckDB-scan, {cold[0] / warm[0]:.1f}× warm"),
        ("kpis zonder cache (SDMONITOR_CACHE=off)", *off, f"{off[0] / warm[0]:.1f}× warm"),
        ("naïef pandas: alles lezen + filter + groupby", *naive,
         f"kpis {naive[0] / warm[0]:.1f}× (berekend) en {naive[0] / edition[0]:.1f}× (editiecache) sneller"),
    ]))


if __name__ == "__main__":
    main()
