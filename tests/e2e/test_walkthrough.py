"""Issue 20: the README's walk-through goes from a zipped archive to a monitor in commands only.

The test runs the README's own code block (the `sh` block after `<!-- walkthrough -->`) as it is
written, in an empty folder that sees the repository's `lib/` (the block is run from the
repository root), with `sdmonitor` and `python` standing for this environment's.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def walkthrough() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- walkthrough -->\s*```sh\n(.*?)```", text, re.DOTALL)
    assert match, "README.md has no walk-through block"
    return match.group(1)


def test_the_block_is_commands_only():
    """No step asks for a hand edit: every line is a command (comments after it are fine)."""
    lines = [line for line in walkthrough().splitlines() if line.strip()]
    first = {line.split()[0] for line in lines}
    assert first <= {"export", "python", "mkdir", "cp", "sdmonitor", "grep"}, first
    assert any("import istandaard" in line and ".zip" in line for line in lines)
    assert lines[-1].startswith("sdmonitor run ")


def test_the_walkthrough_builds_a_monitor(tmp_path):
    (tmp_path / "lib").symlink_to(ROOT / "lib")
    script = "\n".join([
        "set -euo pipefail",
        f'python() {{ "{sys.executable}" "$@"; }}',
        f'sdmonitor() {{ "{sys.executable}" -m sdmonitor.run.cli "$@"; }}',
        walkthrough(),
    ])
    env = {k: v for k, v in os.environ.items() if k != "SDMONITOR_PSEUDONYM_KEY"}
    env.update(SDMONITOR_CACHE="off", SDMONITOR_PARAMETERS=str(ROOT / "parameters"))
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env,
                          check=False, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "de invoer voldoet aan het contract" in done.stdout
    assert re.search(r"^jeugd\.kosten,2026,,790(\.0)?,", done.stdout, re.MULTILINE), done.stdout[-2000:]
    html = (tmp_path / "rapporten/gm0384/2026-04/monitor.html").read_text(encoding="utf-8")
    # The Jeugd chapter's Doorlooptijden section (request and start stages need 315s and 305s).
    assert "Doorlooptijden Jeugd" in html
    # Nothing was unpacked: the import read the zip itself.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archief.zip", "kpis.csv", "lib", "mijn-data", "rapporten"]
