"""B8 (issue 25): the figures of every municipality of the national data in one pass
(`sdmonitor kpis --gemeente ALL`), beside one DuckDB scan of all lines (count and sum of `bedrag`
per gemeente) and beside the figures of a sample computed one by one in one process (as before
issue 25), extrapolated to all. Run by hand; prints the measurements and ratios of this one run.

    .venv/bin/python benchmarks/b8_all_figures.py [--lines 10000000] [--workers 2] [--one-by-one 12]

Goal: all ~342 municipalities' figures ≤ 2 min, one pass. The input cache is warm (filled by the
first row) and the edition cache emptied before the pass, so every figure is computed.
`--one-by-one 0` leaves the comparison out.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _measure import (
    SDMONITOR,
    figures_computed,
    machine,
    measure,
    national_arguments,
    national_codes,
    national_folder,
    spread,
    table,
)

SCAN = ("import duckdb; duckdb.sql(\"SELECT gemeente, count(*), sum(bedrag) FROM read_parquet('{p}') "
        "GROUP BY gemeente\").fetchall()")
# The figures of a sample one by one in one process, each from its own scoped read (before issue 25).
ONE_BY_ONE = """
import sys
from sdmonitor.ingest.dataset import load_dataset
from sdmonitor.figures.kpis import compute_kpis
from sdmonitor.parameters import resolve_gemeente
from sdmonitor.periods import Periode
folder, codes = sys.argv[1], sys.argv[2].split(",")
for code in codes:
    g = resolve_gemeente(code)
    compute_kpis(load_dataset(folder, gemeente=g.code), g, Periode.parse(sys.argv[3]), None)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    national_arguments(ap)
    ap.add_argument("--one-by-one", type=int, default=12, help="sample computed one by one (0: none)")
    args = ap.parse_args()
    folder = national_folder(args)
    parquet = folder / "declaraties.parquet"
    codes = national_codes(folder)
    sample = spread(codes, args.one_by_one) if args.one_by_one else []
    with tempfile.TemporaryDirectory(prefix="sdmonitor-b8-") as tmp:
        cache = f"{tmp}/cache"
        env = {"SDMONITOR_CACHE": cache}
        fill = measure([SDMONITOR, "kpis", "--data", str(folder), "--gemeente", codes[0], "--periode", args.periode,
                        "--out", f"{tmp}/eerste.csv"], env)  # validates and fills the input cache
        scan = measure([sys.executable, "-c", SCAN.format(p=parquet)])
        out = Path(tmp) / "alle"
        every = measure(figures_computed([SDMONITOR, "kpis", "--data", str(folder), "--gemeente", "ALL", "--periode",
                                          args.periode, "--out", str(out), "--workers", str(args.workers)], cache), env)
        written = sum(1 for p in out.glob("GM*/kpis.csv"))
        one = measure(figures_computed([sys.executable, "-c", ONE_BY_ONE, str(folder), ",".join(sample),
                                        args.periode], cache), env) if sample else None
    rows = [
        ("kpis eerste gemeente (valideren + invoercache vullen)", *fill, ""),
        ("DuckDB-scan van alle regels: count+sum per gemeente", *scan, "1,0×"),
        (f"kpis --gemeente ALL, --workers {args.workers} ({written} van {len(codes)} geschreven)", *every,
         f"{every[0] / scan[0]:.0f}× DuckDB-scan; {every[0] / 60:.1f} min (doel ≤ 2 min)"),
    ]
    if one is not None:
        per = one[0] / len(sample)
        rows.append((f"{len(sample)} gemeenten één voor één (één proces)", *one,
                     f"{per:.1f} s per gemeente → {len(codes)} ≈ {per * len(codes) / 60:.1f} min; "
                     f"ALL {per * len(codes) / every[0]:.1f}× sneller"))
    print(f"B8 — cijfers van alle {len(codes)} gemeenten, {folder.name}; {machine()}")
    print(table(rows))


if __name__ == "__main__":
    main()
