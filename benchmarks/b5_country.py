"""B5 (issues 12 and 25): every monitor of the country on one machine, measured in full: `batch` of
every municipality of the national data (its figures in one pass first, then the chapters per
municipality). Goal (issue 25): all 342 monitors ≤ 30 min on a 2-core machine. Run by hand:

    .venv/bin/python benchmarks/b5_country.py [--lines 10000000] [--workers 2] [--sample N] [--data DIR]

The whole country takes half an hour or more. `--sample N` runs N municipalities (spread over the
list) instead of all, for a short session: that row is then a sample, and the line under the table
says so (an extrapolation, not the measurement the goal asks for).
"""

from __future__ import annotations

import argparse
import re
import tempfile
from datetime import datetime
from pathlib import Path

from _measure import (
    SDMONITOR,
    WORK,
    machine,
    measure,
    national_arguments,
    national_codes,
    national_folder,
    spread,
    table,
)


def batch_phases(logs: Path) -> str:
    """Where the batch's time went, from its log (kept as WORK/b5-batch.log): the figures pass, then
    each monitor's wall seconds from its figures step to its report, by quarter of the run (a cost
    that grows with the number of monitors done shows as a rising quarter)."""
    found = sorted(logs.glob("batch-*.log"))
    if not found:
        return ""
    text = found[-1].read_text(encoding="utf-8")
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "b5-batch.log").write_text(text, encoding="utf-8")
    started: dict[str, datetime] = {}
    done: list[tuple[datetime, float]] = []
    for line in text.splitlines():
        m = re.match(r"(\d\d:\d\d:\d\d) \[\d+/\d+\] (\S+): (\S+)", line)
        if not m:
            continue
        when = datetime.strptime(m.group(1), "%H:%M:%S")
        if m.group(3) == "cijfers":
            started[m.group(2)] = when
        elif m.group(3) == "rapport" and m.group(2) in started:
            done.append((when, (when - started[m.group(2)]).total_seconds() % 86400))
    done.sort()
    quarters = [done[len(done) * q // 4:len(done) * (q + 1) // 4] for q in range(4)]
    means = ", ".join(f"{sum(d for _, d in part) / len(part):.1f}" for part in quarters if part)
    return (f"batchlog ({WORK / 'b5-batch.log'}): {text.splitlines()[0]}; per monitor van cijfers tot rapport, "
            f"gemiddeld per kwart van de run: {means} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    national_arguments(ap)
    ap.add_argument("--sample", type=int, default=0, help="run this many municipalities (0: every one)")
    args = ap.parse_args()
    folder = national_folder(args)
    codes = national_codes(folder)
    chosen = spread(codes, args.sample)
    with tempfile.TemporaryDirectory(prefix="sdmonitor-b5-") as tmp:
        env = {"SDMONITOR_CACHE": f"{tmp}/cache"}
        cold = measure([SDMONITOR, "validate", "--data", str(folder)])
        fill = measure([SDMONITOR, "kpis", "--data", str(folder), "--gemeente", chosen[0], "--periode",
                        args.periode, "--out", f"{tmp}/eerste.csv"], env)  # validates and fills the input cache
        reports = measure([SDMONITOR, "batch", "--data", str(folder), "--periode", args.periode, "--gemeenten",
                           ",".join(chosen), "--workers", str(args.workers), "--quiet", "--out", f"{tmp}/r"], env)
        written = sum(1 for p in Path(tmp, "r").glob(f"*/{args.periode}/monitor.html"))
        phases = batch_phases(Path(tmp, "r", "logs"))
    per = reports[0] / len(chosen)
    print(f"B5 — het hele land: {len(codes)} gemeenten, {folder.name}; {machine()}")
    print(table([
        ("validate (hele invoer)", *cold, ""),
        ("kpis eerste gemeente (valideren + invoercache vullen)", *fill, ""),
        (f"batch van {len(chosen)} van {len(codes)} gemeenten, --workers {args.workers}", *reports,
         f"{reports[0] / 60:.1f} min, {per:.1f} s per monitor, {written} monitors geschreven"),
    ]))
    if phases:
        print(phases)
    if len(chosen) == len(codes):
        print(f"Gemeten: alle {len(codes)} monitors in {reports[0] / 60:.1f} min (doel ≤ 30 min)")
    else:
        print(f"Steekproef van {len(chosen)}: {len(codes)} monitors ≈ {per * len(codes) / 60:.0f} min "
              "(geëxtrapoleerd; het doel vraagt de volledige meting zonder --sample)")


if __name__ == "__main__":
    main()
