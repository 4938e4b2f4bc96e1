"""B9 (issue 25, item 4): CPU seconds per chapter notebook of `run` Wijchen, and the chapter phase's
critical path on the runner's two kernels, for this library and optionally a reference library.

CPU seconds (not wall) of the chapter code executed in one process after the kernel's warm-up, in
the order the runner hands chapters to its kernels: on a shared, loaded machine the wall time of
a chapter measures the other sessions, its CPU time measures the chapter. The critical path is
modelled as the runner schedules: two kernels, each taking the next chapter in that order. Run by
hand (the reference library e.g. a checkout of main):

    .venv/bin/python benchmarks/b9_chapters.py [--repeat 3] [--ref /path/to/other/lib]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import SDMONITOR, WORK, machine


def _code(notebook: str) -> list[str]:
    """The code cells of a notebook (its JSON read directly: nbformat is not what is measured)."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c["cell_type"] == "code"]


def _worker(notebooks: list[str], gemeente: str, figures: str, peildatum: str, data: str) -> None:
    """Execute the chapters' code cells here (an expression cell rendered as the notebook shows it)."""
    os.environ.update(SDMONITOR_PUBLICATIE="1", SDMONITOR_IN_RUN="1", MPLBACKEND="Agg")
    cells = {nb: _code(nb) for nb in notebooks}
    started = time.process_time()
    from sdmonitor.run import kernel_side

    kernel_side.warm_up()
    out: dict[str, float] = {"warm_up": time.process_time() - started}
    for nb in notebooks:
        ns: dict = {"gemeente": gemeente, "periode": "2026-02", "peildatum": peildatum, "data": data,
                    "figures": figures}
        started = time.process_time()
        for source in cells[nb][1:]:  # the first cell holds the parameters
            try:
                code = compile(source, nb, "eval")
            except SyntaxError:
                exec(compile(source, nb, "exec"), ns)
                continue
            value = eval(code, ns)
            if hasattr(value, "_repr_html_"):
                value._repr_html_()
        out[Path(nb).stem.split("_", 1)[1]] = time.process_time() - started
    print(json.dumps(out))


def _critical_path(seconds: list[float], kernels: int = 2) -> float:
    """The chapter phase when `kernels` kernels each take the next chapter in this order."""
    lanes = [0.0] * kernels
    for s in seconds:
        lanes[lanes.index(min(lanes))] += s
    return max(lanes)


def _measure(libs: dict[str, str], args: list[str], repeat: int) -> dict[str, dict[str, float]]:
    """Median CPU seconds per chapter for each library; the libraries take turns, so a change in
    the machine's load during the measurement falls on both."""
    runs: dict[str, list[dict[str, float]]] = {who: [] for who in libs}
    for _ in range(repeat):
        for who, lib in libs.items():
            env = {**os.environ, "PYTHONPATH": lib}
            done = subprocess.run([sys.executable, __file__, "--worker", *args], env=env, check=True,
                                  capture_output=True, text=True)
            runs[who].append(json.loads(done.stdout.splitlines()[-1]))
    return {who: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for who, rs in runs.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--gemeente", default="wijchen")
    ap.add_argument("--ref", help="the lib folder of a reference checkout (e.g. main's lib/)")
    args = ap.parse_args()
    demo = WORK / "demo"
    if not (demo / "declaraties.csv").is_file():
        subprocess.run([SDMONITOR, "demo-data", "--out", str(demo)], check=True)
    from sdmonitor import config
    from sdmonitor.parameters import resolve_gemeente
    from sdmonitor.run.runner import chapters_for

    chapters = chapters_for(resolve_gemeente(args.gemeente), config.notebooks_dir())
    order = [str(path) for _, path in sorted(chapters, key=lambda c: -len(_code(str(c[1]))))]  # the runner's order
    lib = str(Path(config.PACKAGE_DIR).parent)
    with tempfile.TemporaryDirectory(prefix="sdmonitor-b8-") as tmp:
        env = {**os.environ, "SDMONITOR_CACHE": f"{tmp}/cache"}
        subprocess.run([SDMONITOR, "run", "--data", str(demo), "--gemeente", args.gemeente, "--periode", "2026-02",
                        "--out", f"{tmp}/reports"], env=env, check=True, capture_output=True)
        edition = next(Path(tmp, "reports").glob("*/2026-02"))
        peildatum = json.loads((edition / "manifest.json").read_text())["parameters"]["peildatum"]
        worker = [json.dumps(order), args.gemeente, str(edition / "intern" / "kpis.csv"), peildatum, str(demo)]
        results = _measure({"deze": lib, **({"ref": args.ref} if args.ref else {})}, worker, args.repeat)
    names = [Path(p).stem.split("_", 1)[1] for p in order]
    print(f"B9 — CPU-seconden per hoofdstuk, run {args.gemeente} (demo); mediaan van {args.repeat}; {machine()}")
    print(f"{'hoofdstuk':24} {'deze':>8} {'ref':>8}  verhouding")
    rows = [*names, "som", "kritiek pad (2 kernels)"]
    for name in rows:
        values = {}
        for who, r in results.items():
            per = [r[n] for n in names]
            values[who] = sum(per) if name == "som" else _critical_path(per) if name.startswith("kritiek") else r[name]
        ref = values.get("ref")
        ratio = f"{values['deze'] / ref:.2f}×" if ref else ""
        print(f"{name:24} {values['deze']:8.2f} {ref if ref is not None else float('nan'):8.2f}  {ratio}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(json.loads(sys.argv[2]), *sys.argv[3:7])
    else:
        main()
