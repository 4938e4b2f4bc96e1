"""Do the working tree's figures and published files equal those of an earlier commit, byte for byte?

A change that should only make the figures faster (issue 25) must leave every file of an edition
as it was. This runs the same editions twice, with the library of `--base` (a temporary git
worktree put first on PYTHONPATH) and with the working tree's, each with an empty cache, and
compares every file they wrote: `run` editions (their folder, `intern/` included; `monitor.html`
without its build time, the manifests without timings and hashes) and `kpis` files.

    .venv/bin/python tools/same_bytes.py --base 96c78f6 [--data data/demo] [--national DIR --gemeente GM0344]

Prints one line per differing file and exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SDMONITOR = str(Path(sys.executable).with_name("sdmonitor"))
# An edition's build time: the report's colophon and the manifest.
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T][\d:.+]+|om \d{2}:\d{2}")
_VOLATILE = ("timings_seconds", "created_at", "outputs", "packages")


def editions(data: str, national: str | None, gemeente: str) -> list[list[str]]:
    """The commands whose outputs are compared (`{out}`: the output folder of one library)."""
    out = [["run", "--data", data, "--gemeente", g, "--periode", "2026-02", "--out", "{out}/reports"]
           for g in ("wijchen", "druten")]
    out += [["kpis", "--data", data, "--gemeente", g, "--periode", "2025-12", "--out", f"{{out}}/kpis-{g}.csv"]
            for g in ("wijchen", "druten")]
    if national:
        out.append(["kpis", "--data", national, "--gemeente", gemeente, "--periode", "2026-02",
                    "--out", f"{{out}}/kpis-{gemeente}.csv"])
    return out


def build(lib: Path, out: Path, commands: list[list[str]]) -> None:
    env = {**os.environ, "PYTHONPATH": str(lib), "SDMONITOR_CACHE": str(out / "cache")}
    for command in commands:
        done = subprocess.run([SDMONITOR, *(part.replace("{out}", str(out)) for part in command)], env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:  # the progress lines only when something failed
            sys.exit(f"{' '.join(command)} ({lib}): exit {done.returncode}\n{done.stderr}")


def same(a: Path, b: Path) -> bool:
    if a.name == "manifest.json":
        one, two = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
        return {k: v for k, v in one.items() if k not in _VOLATILE} == {k: v for k, v in two.items()
                                                                          if k not in _VOLATILE}
    if a.suffix == ".html":
        return _TIME.sub("", a.read_text(encoding="utf-8")) == _TIME.sub("", b.read_text(encoding="utf-8"))
    return filecmp.cmp(a, b, shallow=False)


def files(root: Path) -> set[str]:
    """The compared files under `root` (relative): not the cache, and not the executed notebooks
    (they hold run times; their output is in `monitor.html`)."""
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
            and p.relative_to(root).parts[0] != "cache" and p.suffix != ".ipynb"}


def compare(base: Path, new: Path) -> list[str]:
    """The files (relative) that differ or exist on one side only."""
    a, b = files(base), files(new)
    return sorted((a ^ b) | {f for f in a & b if not same(base / f, new / f)})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="the commit to compare with")
    ap.add_argument("--data", default=str(ROOT / "data" / "demo"))
    ap.add_argument("--national", help="a national input folder (`sdmonitor demo-data --scale national`)")
    ap.add_argument("--gemeente", default="GM0344", help="the national municipality to compare")
    args = ap.parse_args()
    commands = editions(args.data, args.national, args.gemeente)
    with tempfile.TemporaryDirectory(prefix="sdmonitor-same-bytes-") as tmp:
        worktree = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(worktree), args.base],
                       check=True)
        try:
            build(worktree / "lib", Path(tmp) / "old", commands)
            build(ROOT / "lib", Path(tmp) / "new", commands)
            differ = compare(Path(tmp) / "old", Path(tmp) / "new")
            count = len(files(Path(tmp) / "new"))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=False)
    for name in differ:
        print(f"verschilt: {name}")
    print(f"{count} bestanden vergeleken met {args.base}: {'gelijk' if not differ else f'{len(differ)} verschillen'}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
