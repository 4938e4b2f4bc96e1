"""B7 (issue 20): `sdmonitor import istandaard` on one year of a mid-size municipality, zipped.
Run by hand (prints wall seconds, peak memory and ratios; asserts only that every line arrived):

    .venv/bin/python benchmarks/b7_import.py [--regels 60000] [--jaar 2024] [--repeat 1]

The demo declaraties of GM0296 for one year are the base (48.042 lines in 2024, of which the
lines a 323 can carry are kept); to reach the size of a mid-size municipality (≥ 50.000 lines)
clients are copied under new ids until `--regels` lines. They are written as iJw/iWmo 3.2
messages (`demo_berichten.messages`: a 301 per client and aanbieder, the 315s with a verwijzer,
a 323 per aanbieder and declaration date) into one zip archive, filed in folders as a mailbox
export would (`uitgaand/` for the 301s, `inkomend/<maand>/` for the 315s and 323s). Measured,
each in a fresh process under GNU time into an empty folder: the import of the zip with one and
with two workers, and of the same messages as loose files (the zip's price). Peak memory is the
process's own maximum RSS (a worker's is not added: each is a fork of the main process).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
from _measure import WORK, machine, median, table

from sdmonitor.imports import demo_berichten

KEY = "benchmark-sleutel-7Qx#pL-2026"


def _lines(data: Path, gemeente: str, jaar: int, regels: int) -> pd.DataFrame:
    d = pd.read_csv(data / "declaraties.csv", dtype=str, keep_default_na=False)
    d = d[(d["gemeente"] == gemeente) & (d["periode_begin"].str[:4] == str(jaar))]
    d = d[demo_berichten.representable(d)]
    clients = sorted(d["client_id"].unique())
    parts, total, copy = [d], len(d), 1
    while total < regels:  # a bigger municipality: the same care for more clients
        for start in range(0, len(clients), 50):
            chosen = d[d["client_id"].isin(clients[start:start + 50])].copy()
            chosen["client_id"] = chosen["client_id"] + f"-k{copy}"
            parts.append(chosen)
            total += len(chosen)
            if total >= regels:
                break
        copy += 1
    return pd.concat(parts, ignore_index=True)


def _folder(name: str) -> str:
    """Where a mailbox export files a message: outgoing 301s apart, incoming per month."""
    number, _, kind = name.rpartition("-")
    return "uitgaand" if kind == "301.xml" else f"inkomend/{int(number.split('-')[0]) % 12 + 1:02d}"


def _count(path: Path) -> int:
    files = [path] if path.is_file() else sorted(path.glob("*.csv"))
    total = 0
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            total += sum(1 for _ in csv.DictReader(fh))
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("data/demo"))
    ap.add_argument("--gemeente", default="GM0296")
    ap.add_argument("--jaar", type=int, default=2024)
    ap.add_argument("--regels", type=int, default=60_000, help="declaratieregels (minstens 50.000 voor B7)")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()

    work = WORK / "b7"
    shutil.rmtree(work, ignore_errors=True)
    loose = work / "los"
    loose.mkdir(parents=True)
    d = _lines(args.data, args.gemeente, args.jaar, args.regels)
    t0 = time.perf_counter()
    archive = work / f"berichten-{args.gemeente}-{args.jaar}.zip"
    n = 0
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for name, message in demo_berichten.messages(d):
            member = f"{_folder(name)}/{name}"
            z.writestr(member, message)
            (loose / name).write_bytes(message)
            n += 1
    made = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in loose.iterdir()) / 1e6
    print(f"B7 — import van één jaar: {args.gemeente} {args.jaar}, {len(d):,} declaratieregels "
          f"({d['client_id'].nunique():,} cliënten), {n:,} berichten; {machine()}")
    print(f"zip {archive.stat().st_size / 1e6:,.1f} MB (uitgepakt {size:,.1f} MB), gemaakt in {made:.0f} s")

    env = {"SDMONITOR_PSEUDONYM_KEY": KEY}
    base = [sys.executable, "-m", "sdmonitor.run.cli", "import", "istandaard", "--stil"]
    rows, seconds = [], {}
    for label, source, workers in (("zip, --workers 1", archive, 1), ("losse bestanden, --workers 1", loose, 1),
                                   ("zip, --workers 2", archive, 2)):
        out = work / f"uit-{len(rows)}"
        # Each repeat into an empty folder (a second import into the same folder skips everything).
        cmd = ["sh", "-c", f'rm -rf "{out}" && exec "$@"', "sh", *base, "--workers", str(workers),
               "--out", str(out), str(source)]
        s, mb = median(cmd, args.repeat, env)
        got = _count(out / "declaraties.csv")
        if got != len(d):
            raise SystemExit(f"{label}: {got} regels geïmporteerd, {len(d)} verwacht")
        seconds[label] = s
        rows.append((label, s, mb, f"{len(d) / s:,.0f} regels/s, {n / s:,.0f} berichten/s"))
    rows[1] = (*rows[1][:3], rows[1][3] + f"; zip {seconds['zip, --workers 1'] / seconds[rows[1][0]]:.2f}× deze tijd")
    rows[2] = (*rows[2][:3], rows[2][3] + f"; {seconds['zip, --workers 1'] / seconds[rows[2][0]]:.2f}× sneller dan 1 worker")
    print(table(rows))
    print(f"alle {len(d):,} regels kwamen aan in elke import; werkmap {work} (os.cpu_count() = {os.cpu_count()})")


if __name__ == "__main__":
    main()
