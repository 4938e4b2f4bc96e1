"""The repository holds no link to, and no path of, one particular machine.

Rules (over the files git tracks):
- no symbolic link (git mode 120000): it points at a place on the machine that committed it;
- no absolute path below a machine's own roots (user homes, mounted work folders, macOS and
  Windows user folders), nor the checkout's own absolute path. Such a path starts a "word": at the
  start of a line or after a space, quote, bracket, `=`, `:` or backtick — so a URL's path
  (`https://host/home/...`) is not one. /tmp and made-up paths in tests (`/nonexistent`, `/uit`)
  name no machine and are fine.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The roots, without their slashes here, so this file does not match its own rule.
MACHINE_ROOTS = ["work", "home", "Users", "root", "mnt", "media", "srv", "opt", "private", "var/folders"]
_START = r"(?:^|(?<=[\s\"'`(\[{=:,]))"
MACHINE_PATH = re.compile(_START + "/(?:" + "|".join(re.escape(r) for r in MACHINE_ROOTS) + r")/[\w.-]")
WINDOWS_PATH = re.compile(_START + r"[A-Za-z]:\\(?:Users|Documents and Settings)\\", re.IGNORECASE)


def _git(*args: str) -> str:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def _tracked_text_files() -> list[Path]:
    files = []
    for name in _git("ls-files", "-z").split("\0"):
        path = ROOT / name
        if not name or not path.is_file() or path.is_symlink():
            continue
        head = path.read_bytes()[:8192]
        if b"\0" not in head:  # binary files (images, spreadsheets) hold no readable path
            files.append(path)
    return files


def offending_lines(text: str, checkout: Path = ROOT) -> list[str]:
    """The lines of `text` that name an absolute path of one machine."""
    own = str(checkout)
    return [line.strip() for line in text.splitlines()
            if MACHINE_PATH.search(line) or WINDOWS_PATH.search(line) or own in line]


def test_no_committed_symlinks():
    links = [line.split("\t", 1)[1] for line in _git("ls-files", "-s").splitlines() if line.startswith("120000 ")]
    assert links == []


def test_no_absolute_paths_of_one_machine_in_tracked_files():
    found = {}
    for path in _tracked_text_files():
        lines = offending_lines(path.read_text(encoding="utf-8", errors="replace"))
        if lines:
            found[str(path.relative_to(ROOT))] = lines[:3]
    assert found == {}


@pytest.mark.parametrize("line", [
    'DEMO = Path("/' 'work/main/data/demo")',
    "cd /" "home/anna/sdmonitor && make test",
    "open /" "Users/anna/monitor.html",
    "C:" r"\Users\anna\data",
    "sdmonitor run --data /checkout/data/demo",
])
def test_the_rule_finds_machine_paths(line):
    assert offending_lines(line, checkout=Path("/checkout")) == [line]


@pytest.mark.parametrize("line", [
    "https://github.com/" "home/user/repo",      # a URL's path
    'Path("/tmp/x")', 'Path("/nonexistent")',    # temporary and made-up paths in tests
    "lib/sdmonitor/data/house_style.yaml",        # relative paths
    "see docs" "/home.md",                        # a relative path whose folder is called home
])
def test_the_rule_leaves_other_paths_alone(line):
    assert offending_lines(line, checkout=Path("/checkout")) == []
