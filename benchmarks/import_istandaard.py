"""Import speed and memory of `sdmonitor import istandaard` on a generated year of messages
(run by hand; prints messages/second and peak memory, asserts nothing).

    .venv/bin/python benchmarks/import_istandaard.py --data data/demo --gemeente GM0296 --jaar 2025 [--workers N]

The demo declaraties of one municipality and year are written as iJw/iWmo 3.2 messages: one 323
per client, provider and declaration date (the shape of a large delivery), plus the 301s and
315s that carry geboortejaar and verwijzer. The import runs as a child process twice, on a
quarter of the messages and on all of them, so the peak memory of both can be compared. The parse
streams; the message chain (imports/keten.py) then holds every record of the folder at once, so
memory grows with the number of declaration lines (a few hundred bytes each), not with the XML.

Measured 2026-11 on the shared 2-core development machine (GM0296, 2025: 44,456 lines, 47,944
messages, 94 MB): 11,986 messages in 14.6 s (822/s) and 47,944 in 69.2 s (693/s), peak memory
289 MB for both (most of it the imported libraries). With `--workers 2`: 786/s and 917/s (the
peak shown is the main process; each worker is a fork of it). The peak RSS of the child includes the
Python/pandas start-up; the import itself adds little.

With the message chain (2026-12, same data, same shared machine under load from other jobs):
11,986 messages in 25.0 s (479/s), 47,944 in 111.2 s (431/s); peak memory 267 MB and 308 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from sdmonitor.imports import demo_berichten


def _import(files: list[Path], out: Path, listing: Path, workers: int) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one import of `files` in a fresh child process."""
    folder = listing.parent / f"batch-{len(files)}"
    folder.mkdir()
    for f in files:  # hard links: the batch folder holds exactly these messages
        os.link(f, folder / f.name)
    env = {**os.environ, "SDMONITOR_PSEUDONYM_KEY": os.environ.get("SDMONITOR_PSEUDONYM_KEY", "benchmark-sleutel-7Qx#pL")}
    t0 = time.perf_counter()
    code = (
        "import resource, sys; from sdmonitor.run.cli import main; rc = main(sys.argv[1:]); "
        "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(rc)"
    )
    r = subprocess.run([sys.executable, "-c", code, "import", "istandaard", "--stil", "--workers", str(workers),
                        "--out", str(out), str(folder)],
                       capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"import mislukt ({r.returncode}): {r.stdout[-2000:]} {r.stderr[-2000:]}")
    peak_kb = int(r.stderr.split("PEAK")[-1].split()[0])
    return seconds, peak_kb / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="data/demo")
    ap.add_argument("--gemeente", default="GM0296")
    ap.add_argument("--jaar", type=int, default=2025)
    ap.add_argument("--workers", type=int, default=1, help="processen voor het lezen (import --workers)")
    args = ap.parse_args()

    d = pd.read_csv(Path(args.data) / "declaraties.csv", dtype=str, keep_default_na=False)
    d = d[(d["gemeente"] == args.gemeente) & (d["periode_begin"].str[:4] == str(args.jaar))]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        msgs = tmp / "berichten"
        msgs.mkdir()
        t0 = time.perf_counter()
        files = []
        for name, message in demo_berichten.messages(d, per_client=True):
            path = msgs / name
            path.write_bytes(message)
            files.append(path)
        made = time.perf_counter() - t0
        size = sum(f.stat().st_size for f in files) / 1e6
        print(f"{args.gemeente} {args.jaar}: {len(d):,} declaratieregels -> {len(files):,} berichten "
              f"({size:,.0f} MB), gemaakt in {made:.0f} s")
        for part in (files[: len(files) // 4], files):
            seconds, peak = _import(part, tmp / f"out-{len(part)}", msgs, args.workers)
            print(f"import van {len(part):>6,} berichten: {seconds:6.1f} s = {len(part) / seconds:6,.0f} berichten/s, "
                  f"piekgeheugen {peak:,.0f} MB")


if __name__ == "__main__":
    main()
