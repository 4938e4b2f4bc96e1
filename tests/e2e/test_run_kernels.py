"""`sdmonitor run` on the pool of shared kernels, through the command line: a failing cell, a
kernel that dies, SIGTERM in the middle of the chapters, and no state from one chapter in the next.

Tiny input (the bad-input corpus' base files) and tiny chapter notebooks, so each run costs a
kernel start or two. Every kernel a run starts carries a marker in its environment, so the test
can see whether one outlived the run (an orphan ipykernel).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from report_checks import ROOT

pytestmark = pytest.mark.e2e

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "bad_input"))
from make_corpus import base_files  # noqa: E402

PERIODE = "2025-03"
PARAMS = ('gemeente: str = "wijchen"\nperiode: str = "2026-02"\npeildatum: str = ""\n'
          'data: str = ""\nfigures: str = ""')
v4 = nbformat.v4


def _chapter(folder: Path, filename: str, *cells: str) -> None:
    nb = v4.new_notebook(cells=[v4.new_markdown_cell(f"# {filename[3:-6].capitalize()}"),
                                v4.new_code_cell(PARAMS, metadata={"tags": ["parameters"]}),
                                *[v4.new_code_cell(c) for c in cells]],
                         metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                  "language": "python"}})
    nbformat.write(nb, str(folder / filename))


@pytest.fixture
def setup(tmp_path):
    data = tmp_path / "data"
    for rel, content in base_files().items():
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        (data / rel).write_bytes(content)
    params = tmp_path / "parameters"
    params.mkdir()
    (params / "wijchen.yaml").write_text("cbs_code: GM0296\nnaam: Wijchen\n", encoding="utf-8")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _chapter(notebooks, "07_verantwoording.ipynb", "from IPython.display import HTML\nHTML('<p>Verantwoording</p>')")
    marker = uuid.uuid4().hex
    env = {"SDMONITOR_PARAMETERS": str(params), "SDMONITOR_NOTEBOOKS": str(notebooks), "SDMONITOR_TEST_MARK": marker}
    return data, notebooks, tmp_path / "reports", env


def _command(data: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "sdmonitor.run.cli", "run", "--data", str(data), "--gemeente", "wijchen",
            "--periode", PERIODE, "--out", str(out)]


def _run(data: Path, out: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(_command(data, out), capture_output=True, text=True, env={**os.environ, **env},
                          cwd=ROOT, timeout=300)


def _kernels_with(marker: str) -> list[int]:
    """Living processes (not zombies) whose environment carries `marker`: the run's kernels."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if f"SDMONITOR_TEST_MARK={marker}".encode() not in (proc / "environ").read_bytes().split(b"\0"):
                continue
            state = (proc / "stat").read_text().split(")")[1].split()[0]
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if state != "Z" and b"ipykernel" in cmdline:
            found.append(int(proc.name))
    return found


def _no_kernels_left(marker: str) -> bool:
    deadline = time.time() + 10
    while time.time() < deadline:
        if not _kernels_with(marker):
            return True
        time.sleep(0.2)
    return False


def _nothing_published(out: Path) -> bool:
    return not out.exists() or not any(p for p in out.rglob("*") if p.is_file())


def test_failing_cell_on_a_shared_kernel(setup):
    data, notebooks, out, env = setup
    _chapter(notebooks, "00_inleiding.ipynb", "x = 1")
    _chapter(notebooks, "02_jeugd.ipynb", "y = 2", "raise RuntimeError('kapot hoofdstuk')")
    r = _run(data, out, {**env, "SDMONITOR_KERNELS": "2"})
    assert r.returncode == 4, r.stderr
    # title, parameters, y = 2, raise: cel 4; parameters [1], injected [2], y [3], raise [4]
    assert ("hoofdstuk 'jeugd' (02_jeugd.ipynb) faalde in cel 4 (`raise RuntimeError('kapot hoofdstuk')`) "
            "(uitvoering [4]): RuntimeError: kapot hoofdstuk") in r.stderr
    assert "Traceback" not in r.stderr
    assert _nothing_published(out) and _no_kernels_left(env["SDMONITOR_TEST_MARK"])


def test_a_dying_kernel_is_reported_and_does_not_hang(setup):
    data, notebooks, out, env = setup
    _chapter(notebooks, "00_inleiding.ipynb", "import os\nos._exit(1)")
    started = time.time()
    r = _run(data, out, env)
    assert r.returncode == 4, r.stderr
    assert "hoofdstuk 'inleiding' (00_inleiding.ipynb) kon niet worden uitgevoerd: de kernel stopte onverwacht" \
        in r.stderr and "Traceback" not in r.stderr
    assert time.time() - started < 120
    assert _nothing_published(out) and _no_kernels_left(env["SDMONITOR_TEST_MARK"])


def _sigterm_when(proc: subprocess.Popen, ready, settle: float) -> tuple[str, float]:
    """Send SIGTERM once `ready()` holds (and `settle` seconds more); (stderr, seconds it took to
    stop). The process is killed if it outlives the test."""
    try:
        deadline = time.time() + 180
        while time.time() < deadline and not ready():
            time.sleep(0.2)
        assert ready(), "the kernels never started"
        time.sleep(settle)
        started = time.time()
        proc.send_signal(signal.SIGTERM)
        _stdout, stderr = proc.communicate(timeout=60)
        return stderr, time.time() - started
    finally:
        if proc.poll() is None:
            proc.kill()


def test_sigterm_during_the_chapters_stops_every_kernel(setup):
    import os

    data, notebooks, out, env = setup
    _chapter(notebooks, "00_inleiding.ipynb", "import time\ntime.sleep(600)")
    _chapter(notebooks, "02_jeugd.ipynb", "import time\ntime.sleep(600)")
    proc = subprocess.Popen(_command(data, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **env, "SDMONITOR_KERNELS": "2"}, cwd=ROOT)
    # both kernels started and both chapters running (papermill writes the notebook when it starts)
    stderr, _seconds = _sigterm_when(proc, lambda: len(_kernels_with(env["SDMONITOR_TEST_MARK"])) == 2
                                     and len(list(out.rglob("notebooks/0*.ipynb"))) == 2, settle=1)
    assert proc.returncode == 143, stderr
    assert "afgebroken" in stderr and "Traceback" not in stderr
    assert _nothing_published(out) and _no_kernels_left(env["SDMONITOR_TEST_MARK"])


def test_no_chapter_sees_the_state_of_the_one_before(setup):
    data, notebooks, out, env = setup
    _chapter(notebooks, "00_inleiding.ipynb", "geheim = 42\nimport os\nos.environ['SD_LEK'] = 'ja'")
    _chapter(notebooks, "02_jeugd.ipynb", "import os\nassert 'geheim' not in dir()\nassert 'SD_LEK' not in os.environ",
             "from IPython.display import HTML\nHTML('<p>Jeugd</p>')")
    r = _run(data, out, {**env, "SDMONITOR_KERNELS": "1"})  # one kernel: jeugd runs right after inleiding
    assert r.returncode == 0, r.stderr
    folder = out / "wijchen" / PERIODE
    executed = nbformat.read(str(folder / "intern" / "notebooks" / "02_jeugd.ipynb"), as_version=4)
    assert [c.execution_count for c in executed.cells if c.cell_type == "code"] == [1, 2, 3, 4]
    timings = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["timings_seconds"]
    assert {"hoofdstuk.inleiding", "hoofdstuk.jeugd", "hoofdstuk.verantwoording"} <= set(timings)
    assert _no_kernels_left(env["SDMONITOR_TEST_MARK"])


def test_batch_keeps_its_kernels_across_municipalities_also_after_a_failure(setup, tmp_path):
    import os

    data, notebooks, out, env = setup
    params = Path(env["SDMONITOR_PARAMETERS"])
    (params / "kapotdorp.yaml").write_text("cbs_code: GM0296\nnaam: Kapotdorp\nhoofdstukken: [inleiding, kapot]\n",
                                           encoding="utf-8")
    _chapter(notebooks, "00_inleiding.ipynb", "import os\nprint(os.getpid())")
    _chapter(notebooks, "08_kapot.ipynb", "raise RuntimeError('kapot hoofdstuk')")
    (params / "wijchen.yaml").write_text("cbs_code: GM0296\nnaam: Wijchen\nhoofdstukken: [inleiding]\n",
                                         encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "sdmonitor.run.cli", "batch", "--data", str(data), "--periode", PERIODE,
                        "--gemeenten", "kapotdorp,wijchen", "--workers", "1", "--out", str(out)],
                       capture_output=True, text=True, env={**os.environ, **env, "SDMONITOR_KERNELS": "2"}, cwd=ROOT,
                       timeout=300)
    assert r.returncode == 4, r.stderr
    rows = [line.split(None, 2) for line in r.stdout.strip().splitlines()]
    assert [(row[0], row[1]) for row in rows[1:]] == [("Kapotdorp", "mislukt"), ("Wijchen", "ok")]
    assert "kapot hoofdstuk" in rows[1][2] and "Traceback" not in r.stderr
    assert (out / "wijchen" / PERIODE / "monitor.html").is_file() and not (out / "kapotdorp" / PERIODE).exists()
    assert _no_kernels_left(env["SDMONITOR_TEST_MARK"])


def test_sigterm_stops_a_batch_with_workers_and_their_kernels(setup):
    import os

    data, notebooks, out, env = setup
    _chapter(notebooks, "00_inleiding.ipynb", "import time\ntime.sleep(600)")
    params = Path(env["SDMONITOR_PARAMETERS"])
    (params / "druten.yaml").write_text("cbs_code: GM0296\nnaam: Druten\n", encoding="utf-8")
    (params / "beuningen.yaml").write_text("cbs_code: GM0296\nnaam: Beuningen\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "sdmonitor.run.cli", "batch", "--data", str(data), "--periode", PERIODE,
           "--gemeenten", "wijchen,druten,beuningen", "--workers", "2", "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **env}, cwd=ROOT)
    stderr, seconds = _sigterm_when(proc, lambda: len(_kernels_with(env["SDMONITOR_TEST_MARK"])) >= 2, settle=2)
    assert proc.returncode == 143, stderr
    assert seconds < 30  # the third municipality is not started, the sleeping ones not awaited
    assert not (out / "wijchen" / PERIODE).exists() and not (out / "beuningen" / PERIODE).exists()
    assert _no_kernels_left(env["SDMONITOR_TEST_MARK"])
