"""Shared helpers of the issue-12 benchmarks: run a command, report wall time and peak memory.

Every measurement is a fresh process under `/usr/bin/time` (GNU time): its wall seconds and the
peak resident memory of the process and the children it waited for. Medians of `repeat` runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
SDMONITOR = str(VENV_BIN / "sdmonitor")
WORK = Path(os.environ.get("SDMONITOR_BENCH_DIR", Path(tempfile.gettempdir()) / "sdmonitor-bench"))


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(seconds, peak MB) of one run of `cmd`; raises when it fails."""
    full = ["/usr/bin/time", "-f", "@@ %e %M", *cmd]
    r = subprocess.run(full, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if r.returncode != 0:
        raise SystemExit(f"mislukt ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    line = [x for x in r.stderr.splitlines() if x.startswith("@@ ")][-1].split()
    return float(line[1]), float(line[2]) / 1024


def median(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    return median_range(cmd, repeat, env)[:2]


def median_range(cmd: list[str], repeat: int,
                 env: dict[str, str] | None = None) -> tuple[float, float, float, float]:
    """(median seconds, peak MB, fastest, slowest) of `repeat` runs: where a run now and then
    stalls (the floor's kernels), the median alone hides how far apart the runs are."""
    runs = [measure(cmd, env) for _ in range(repeat)]
    seconds = [r[0] for r in runs]
    return statistics.median(seconds), max(r[1] for r in runs), min(seconds), max(seconds)


def figures_computed(cmd: list[str], cache: str) -> list[str]:
    """`cmd` run with the edition cache of `cache` emptied first: the figures are computed, not
    taken from an earlier run of the same edition (the input cache stays warm)."""
    return ["sh", "-c", f'rm -rf "{cache}/edities" && exec "$@"', "sh", *cmd]


def national(lines: int, seed: int = 2026) -> Path:
    """The national demo folder with `lines` lines (generated once under WORK)."""
    folder = WORK / f"national-{lines}"
    if not (folder / "declaraties.parquet").is_file():
        subprocess.run([SDMONITOR, "demo-data", "--scale", "national", "--lines", str(lines),
                        "--seed", str(seed), "--out", str(folder)], check=True)
    return folder


def national_arguments(ap: argparse.ArgumentParser) -> None:
    """The options of a benchmark over the national data: its size or an existing folder, the
    periode, the worker processes."""
    ap.add_argument("--lines", type=int, default=10_000_000)
    ap.add_argument("--data", default=None, help="a national folder to use instead of generating one")
    ap.add_argument("--periode", default="2026-02")
    ap.add_argument("--workers", type=int, default=2)


def national_folder(args: argparse.Namespace) -> Path:
    """The folder `national_arguments` chose: `--data`, else the generated one of `--lines`."""
    return Path(args.data) if args.data else national(args.lines)


def spread(codes: list[str], n: int) -> list[str]:
    """`n` codes spread evenly over the list (all of them when n is 0)."""
    return codes[:: max(len(codes) // n, 1)][:n] if n else list(codes)


def national_codes(folder: Path) -> list[str]:
    """The CBS codes with declaraties in a national folder (read in a subprocess: the benchmark's
    own process stays free of pyarrow for the memory it measures)."""
    code = ("import pyarrow.parquet as pq, pyarrow.compute as pc; "
            f"t = pq.read_table({str(folder / 'declaraties.parquet')!r}, columns=['gemeente']); "
            "print(','.join(sorted(set(pc.unique(pc.cast(t['gemeente'], 'string')).to_pylist()))))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip().split(",")


def machine() -> str:
    cpus = os.cpu_count()
    try:
        mem = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1]
        mem_gb = f"{int(mem) / 1024 ** 2:.0f} GB"
    except (OSError, StopIteration):
        mem_gb = "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{cpus} cores, {mem_gb} RAM, load {load:.1f}, Python {sys.version.split()[0]}"


def table(rows: list[tuple[str, float, float, str]]) -> str:
    out = [f"{'meting':58} {'s':>8} {'piek MB':>8}  verhouding"]
    out += [f"{name:58} {s:8.2f} {mb:8.0f}  {ratio}" for name, s, mb, ratio in rows]
    return "\n".join(out)
