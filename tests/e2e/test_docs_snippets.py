"""Every ```python block of the README and docs/ runs, from the folder a user runs it in.

The README's snippets are run from the project root, the notebook-facing docs (docs/analist.md)
from `notebooks/`, where `make lab` starts JupyterLab. They run in a copy of the project's layout
(`parameters/` linked, `data/demo` the demo data, `SDMONITOR_HOME` pointing there), one Python
process per document with the blocks in order in one namespace, as the cells of one notebook.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from report_checks import ROOT

pytestmark = pytest.mark.e2e

# document -> the folder (relative to the project) a user runs its snippets in
DOCS = {"README.md": ".", "docs/analist.md": "notebooks"}
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
_DRIVER = """
import sys, traceback
import matplotlib
matplotlib.use("Agg")
namespace = {"__name__": "__main__"}
for n, block in enumerate(BLOCKS, 1):
    try:
        exec(compile(block, f"{DOC} blok {n}", "exec"), namespace)
    except Exception:
        traceback.print_exc()
        sys.exit(f"{DOC}: blok {n} faalt:\\n{block}")
    print(f"blok {n} ok", flush=True)
"""


def blocks(doc: str) -> list[str]:
    return _BLOCK.findall((ROOT / doc).read_text(encoding="utf-8"))


def code_lines(block: str) -> list[str]:
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_every_document_with_python_is_run_here():
    found = {p.relative_to(ROOT).as_posix() for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
             if blocks(p.relative_to(ROOT).as_posix())}
    assert found == set(DOCS)


def test_the_five_analyst_tasks_are_five_lines_or_less():
    tasks = blocks("docs/analist.md")
    assert len(tasks) == 5
    assert [len(code_lines(b)) for b in tasks if len(code_lines(b)) > 5] == []


@pytest.fixture(scope="module")
def project(tmp_path_factory, demo_data) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "parameters").symlink_to(ROOT / "parameters", target_is_directory=True)
    (root / "data").mkdir()
    (root / "data" / "demo").symlink_to(demo_data, target_is_directory=True)
    (root / "notebooks").mkdir()
    return root


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_snippets_run_from_the_users_folder(doc, project):
    cwd = project / DOCS[doc]
    script = f"BLOCKS = {blocks(doc)!r}\nDOC = {doc!r}\n{_DRIVER}"
    env = {**os.environ, "SDMONITOR_HOME": str(project), "MPLBACKEND": "Agg",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "lib"), os.environ.get("PYTHONPATH", "")])}
    r = subprocess.run([sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                       timeout=900, check=False)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    assert r.stdout.count(" ok") == len(blocks(doc))
    written = {"README.md": ["memo.png"], "docs/analist.md": ["jeugd-in-zorg.png", "verblijf-jeugd.xlsx"]}[doc]
    for name in written:  # written where the user is, not somewhere else
        assert (cwd / name).stat().st_size > 1000, name
