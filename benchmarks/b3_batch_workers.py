"""B3 (issue 12): `batch` of 12 municipalities from the national data, `--workers 2` against 1.
Goal ≥ 1,8×. Run by hand (long: 24 full monitors):

    .venv/bin/python benchmarks/b3_batch_workers.py [--lines 10000000] [--count 12]

Municipalities without a parameters file get the default report (INTERFACE: a CBS code is enough).
The cache is warmed first, so both runs read the same cached input.
"""

from __future__ import annotations

import argparse
import sys
import tempfile

from _measure import SDMONITOR, machine, measure, national, table

CODES = ("import pyarrow.parquet as pq, pyarrow.compute as pc; "
         "t = pq.read_table('{p}', columns=['gemeente']); "
         "print(','.join(sorted(set(pc.unique(pc.cast(t['gemeente'], 'string')).to_pylist()))[:{n}]))")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lines", type=int, default=10_000_000)
    ap.add_argument("--count", type=int, default=12)
    args = ap.parse_args()
    import subprocess

    folder = national(args.lines)
    codes = subprocess.run([sys.executable, "-c", CODES.format(p=folder / "declaraties.parquet", n=args.count)],
                           capture_output=True, text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="sdmonitor-b3-") as tmp:
        env = {"SDMONITOR_CACHE": f"{tmp}/cache"}
        first = codes.split(",")[0]
        measure([SDMONITOR, "kpis", "--data", str(folder), "--gemeente", first, "--periode", "2026-02",
                 "--out", f"{tmp}/warm.csv"], env)  # warms the cache
        result = {}
        for workers in (1, 2):
            result[workers] = measure([SDMONITOR, "batch", "--data", str(folder), "--periode", "2026-02",
                                       "--gemeenten", codes, "--workers", str(workers), "--quiet",
                                       "--out", f"{tmp}/w{workers}"], env)
    print(f"B3 — batch van {args.count} gemeenten uit {args.lines:,} regels; {machine()}")
    print(table([("batch --workers 1", *result[1], "1,0×"),
                 ("batch --workers 2", *result[2], f"{result[1][0] / result[2][0]:.2f}× sneller (doel ≥ 1,8×)")]))


if __name__ == "__main__":
    main()
