"""B3 (issue 12): `batch` of 12 municipalities from the national data, `--workers 2` against 1.
Goal ≥ 1,8×. Run by hand (long: 24 full monitors):

    .venv/bin/python benchmarks/b3_batch_workers.py [--lines 10000000] [--count 12]

Municipalities without a parameters file get the default report (INTERFACE: a CBS code is enough).
The cache is warmed first, so both runs read the same cached input.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

from _measure import SDMONITOR, figures_computed, machine, measure, national, table


def measure_cpu(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall s, peak MB, CPU s = user + system of the process and its children) of one run: on
    cores shared with other work the CPU seconds show whether a second worker costs extra work,
    or only waits for a core."""
    import os

    r = subprocess.run(["/usr/bin/time", "-f", "@@ %e %M %U %S", *cmd], capture_output=True, text=True,
                       env={**os.environ, **env})
    if r.returncode != 0:
        raise SystemExit(f"mislukt ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    wall, peak, user, system = [x for x in r.stderr.splitlines() if x.startswith("@@ ")][-1].split()[1:]
    return float(wall), float(peak) / 1024, float(user) + float(system)

CODES = ("import pyarrow.parquet as pq, pyarrow.compute as pc; "
         "t = pq.read_table('{p}', columns=['gemeente']); "
         "print(','.join(sorted(set(pc.unique(pc.cast(t['gemeente'], 'string')).to_pylist()))[:{n}]))")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lines", type=int, default=10_000_000)
    ap.add_argument("--count", type=int, default=12)
    args = ap.parse_args()
    folder = national(args.lines)
    codes = subprocess.run([sys.executable, "-c", CODES.format(p=folder / "declaraties.parquet", n=args.count)],
                           capture_output=True, text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="sdmonitor-b3-") as tmp:
        env = {"SDMONITOR_CACHE": f"{tmp}/cache"}
        first = codes.split(",")[0]
        measure([SDMONITOR, "kpis", "--data", str(folder), "--gemeente", first, "--periode", "2026-02",
                 "--out", f"{tmp}/warm.csv"], env)  # warms the cache
        result = {}
        # "1 worker, 1 kernel": one monitor at a time on one core, the scale-out baseline. A plain
        # `--workers 1` runs the chapters of each monitor on two kernels side by side already.
        for label, workers, kernels in (("1x1", 1, "1"), ("1", 1, ""), ("2", 2, "")):
            run_env = {**env, "SDMONITOR_KERNELS": kernels} if kernels else env
            # Figures computed in every run: the edition cache (filled by the run before) emptied first.
            result[label] = measure_cpu(figures_computed([
                SDMONITOR, "batch", "--data", str(folder), "--periode", "2026-02", "--gemeenten", codes,
                "--workers", str(workers), "--quiet", "--out", f"{tmp}/w{label}"], f"{tmp}/cache"), run_env)
    print(f"B3 — batch van {args.count} gemeenten uit {args.lines:,} regels; {machine()}")
    (w0, m0, c0), (w1, m1, c1), (w2, m2, c2) = result["1x1"], result["1"], result["2"]
    print(table([("batch --workers 1, SDMONITOR_KERNELS=1 (één kern)", w0, m0, f"1,0×; CPU {c0:.0f} s"),
                 ("batch --workers 1 (hoofdstukken op 2 kernels)", w1, m1, f"{w0 / w1:.2f}×; CPU {c1:.0f} s"),
                 ("batch --workers 2", w2, m2, f"{w0 / w2:.2f}× (doel ≥ 1,8×), {w1 / w2:.2f}× t.o.v. --workers 1; "
                                               f"CPU {c2:.0f} s")]))
    print(f"per monitor: {w0 / args.count:.1f} s (1 worker, 1 kernel), {w1 / args.count:.1f} s (1 worker), "
          f"{w2 / args.count:.1f} s (2 workers); cores busy on average {c0 / w0:.2f}, {c1 / w1:.2f} resp. "
          f"{c2 / w2:.2f} of {os.cpu_count()}")

if __name__ == "__main__":
    main()
