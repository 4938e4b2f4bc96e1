"""B6 (issue 21): what the sound input identity costs. Both caches key an input folder by the
content hash (BLAKE2b) of every file (`cache_io.folder_identity`), no longer by size and mtime.
This measures that hashing on the national data (~10 M declaration lines, ~340 municipalities)
against one DuckDB scan of the same declaration files (the least any command on them does), with
the files in the page cache (a warm-up read first), and prints the ratio. Run by hand:

    sdmonitor demo-data --scale national --out /tmp/nat
    .venv/bin/python benchmarks/b6_input_identity.py --data /tmp/nat [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from sdmonitor import cache_io


def _hash_seconds(folder: Path) -> float:
    cache_io._MEMO.clear()  # every byte hashed again, as a new process does
    t0 = time.perf_counter()
    cache_io.folder_identity(folder)
    return time.perf_counter() - t0


def _scan_seconds(folder: Path) -> float:
    import duckdb

    parquet = sorted(str(p) for p in folder.rglob("declaraties*.parquet"))
    csv = sorted(str(p) for p in folder.rglob("declaraties*.csv"))
    source = f"read_parquet({parquet!r})" if parquet else f"read_csv({csv!r})"
    con = duckdb.connect()
    try:
        t0 = time.perf_counter()
        con.sql(f"SELECT gemeente, count(*), sum(bedrag) FROM {source} GROUP BY gemeente").fetchall()
        return time.perf_counter() - t0
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, required=True, help="invoermap (landelijke demodata)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = cache_io.input_files(args.data)
    size = sum(p.stat().st_size for p in files)
    for p in files:  # warm-up: both measurements read from the page cache
        p.read_bytes()
    hashing = statistics.median(_hash_seconds(args.data) for _ in range(args.repeat))
    scan = statistics.median(_scan_seconds(args.data) for _ in range(args.repeat))
    print(f"invoer: {len(files)} bestanden, {size / 1e6:,.0f} MB")
    print(f"inhoudshash (BLAKE2b) van alle bestanden: {hashing:.3f} s ({size / 1e6 / hashing:,.0f} MB/s)")
    print(f"één DuckDB-scan van declaraties:          {scan:.3f} s")
    print(f"verhouding hash / scan:                   {hashing / scan:.2f}")


if __name__ == "__main__":
    main()
