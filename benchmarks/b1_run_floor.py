"""B1 (issue 12): `run` Wijchen on the demo data against the floor: papermill executing the same
number of trivial notebooks (a parameters cell and one print) in one process, plus nbconvert of
the results. Goal ≤ 1,5×. Run by hand:

    .venv/bin/python benchmarks/b1_run_floor.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import SDMONITOR, WORK, figures_computed, machine, median, median_range, table

FLOOR = """
import sys, papermill as pm, nbformat, nbconvert
from pathlib import Path
n, folder = int(sys.argv[1]), Path(sys.argv[2])
for i in range(n):
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell("gemeente = 'GM0296'"); p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_markdown_cell("Hoofdstuk"), nbformat.v4.new_code_cell("print(gemeente)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    src, dst = folder / f"{i}.ipynb", folder / f"{i}.out.ipynb"
    nbformat.write(nb, src)
    pm.execute_notebook(str(src), str(dst), parameters={"gemeente": "GM0296"}, progress_bar=False, log_output=False)
    nbconvert.HTMLExporter().from_filename(str(dst))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--gemeente", default="wijchen")
    args = ap.parse_args()
    demo = WORK / "demo"
    if not (demo / "declaraties.csv").is_file():
        subprocess.run([SDMONITOR, "demo-data", "--out", str(demo)], check=True)
    from sdmonitor import config
    from sdmonitor.parameters import resolve_gemeente
    from sdmonitor.run.runner import chapters_for

    n = len(chapters_for(resolve_gemeente(args.gemeente), config.notebooks_dir()))
    with tempfile.TemporaryDirectory(prefix="sdmonitor-b1-") as tmp:
        env = {"SDMONITOR_CACHE": f"{tmp}/cache"}
        median([SDMONITOR, "kpis", "--data", str(demo), "--gemeente", args.gemeente, "--periode", "2026-02",
                "--out", f"{tmp}/warm.csv"], 1, env)  # fills the caches: the runs below read the input warm
        run_args = [SDMONITOR, "run", "--data", str(demo), "--gemeente", args.gemeente, "--periode", "2026-02",
                    "--out", f"{tmp}/reports"]
        # Figures computed: the edition cache (figures of an unchanged edition) emptied before each run.
        computed = median_range(figures_computed(run_args, f"{tmp}/cache"), args.repeat, env)
        median([SDMONITOR, "kpis", "--data", str(demo), "--gemeente", args.gemeente, "--periode", "2026-02",
                "--out", f"{tmp}/warm.csv"], 1, env)
        run = median_range(run_args, args.repeat, env)  # an unchanged edition: figures from the edition cache
        Path(f"{tmp}/floor").mkdir()
        floor = median_range([sys.executable, "-c", FLOOR, str(n), f"{tmp}/floor"], args.repeat)
    print(f"B1 — run {args.gemeente} (demo, {n} hoofdstukken) tegen {n} lege notebooks; {machine()}")
    print(table([(f"{n} lege notebooks (papermill + nbconvert, één proces)", *floor[:2], "1,0×"),
                 (f"sdmonitor run {args.gemeente}, cijfers berekend", *computed[:2],
                  f"{computed[0] / floor[0]:.1f}× (doel ≤ 1,5×)"),
                 (f"sdmonitor run {args.gemeente}, ongewijzigde editie (cijfers uit cache)", *run[:2],
                  f"{run[0] / floor[0]:.1f}× (doel ≤ 1,2×, issue 25)")]))
    # A floor run now and then waits about 3 s on one of its kernels (jupyter_client), so the
    # medians of three can be far apart from one session to the next: the spread beside them.
    print(f"spreiding over {args.repeat} runs (snelste–traagste): lege notebooks {floor[2]:.2f}–{floor[3]:.2f} s, "
          f"berekend {computed[2]:.2f}–{computed[3]:.2f} s, uit cache {run[2]:.2f}–{run[3]:.2f} s; snelste tegen "
          f"snelste: {computed[2] / floor[2]:.1f}× en {run[2] / floor[2]:.1f}×")


if __name__ == "__main__":
    main()
