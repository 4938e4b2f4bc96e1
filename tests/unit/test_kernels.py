"""The pool of shared chapter kernels (`run.kernels`): size, order, reset between chapters, and
its failure modes — a failing cell, a kernel that dies, an interrupted run. Real kernels, tiny
notebooks (one kernel start each test, ~2 s)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import nbformat
import pytest

from sdmonitor.errors import ChapterError, UsageError
from sdmonitor.run import kernels, papermill_engine, runner

v4 = nbformat.v4
PARAMS = 'gemeente: str = "wijchen"'


def chapter(folder: Path, name: str, *cells: str) -> Path:
    nb = v4.new_notebook(cells=[v4.new_markdown_cell(f"# {name}"),
                                v4.new_code_cell(PARAMS, metadata={"tags": ["parameters"]}),
                                *[v4.new_code_cell(c) for c in cells]],
                         metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                  "language": "python"}})
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    return path


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead too: its state in /proc is Z
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] != "Z"
    except OSError:
        return False


def run_chapters(tmp_path: Path, size: int, chapters: list[tuple[str, Path]]):
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    with kernels.KernelPool(size, tmp_path) as pool:
        executed, seconds = runner.execute_chapters(pool, chapters, {"gemeente": "GM0296"}, out, tmp_path,
                                                    lambda msg: None)
        pids = pool.pids
    return executed, seconds, pids


# --- size ----------------------------------------------------------------------------------------

def test_pool_size(monkeypatch):
    monkeypatch.delenv(kernels.KERNELS_ENV, raising=False)
    monkeypatch.setattr(kernels, "default_size", lambda: 2)
    assert kernels.pool_size(9) == 2
    assert kernels.pool_size(1) == 1            # never more kernels than chapters
    assert kernels.pool_size(9, requested=1) == 1
    monkeypatch.setenv(kernels.KERNELS_ENV, "3")
    assert kernels.pool_size(9) == 3
    assert kernels.pool_size(9, requested=1) == 1  # batch's explicit 1 wins over the environment
    for bad in ("0", "twee", "-1"):
        monkeypatch.setenv(kernels.KERNELS_ENV, bad)
        with pytest.raises(UsageError, match=kernels.KERNELS_ENV):
            kernels.pool_size(9)


def test_default_size_is_one_per_core_up_to_two(monkeypatch):
    monkeypatch.setattr(kernels.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert kernels.default_size() == 2
    monkeypatch.setattr(kernels.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert kernels.default_size() == 1


def test_kernel_environment_marks_the_run(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/elders")
    env = kernels.kernel_environment()
    assert env[kernels.IN_RUN_ENV] == "1" and env["MPLBACKEND"] == "Agg" and env["SDMONITOR_PUBLICATIE"] == "1"
    assert env["PYTHONPATH"].endswith(os.pathsep + "/elders")
    assert kernels.IN_RUN_ENV not in os.environ  # only the kernels get it


# --- one kernel, several chapters ----------------------------------------------------------------

def test_no_state_leaks_from_one_chapter_into_the_next(tmp_path):
    first = chapter(tmp_path, "01_eerste",
                    "x = 41\nimport os, matplotlib\nos.environ['SD_LEK'] = '1'\nos.chdir('/')\n"
                    "matplotlib.rcParams['lines.linewidth'] = 9\nimport matplotlib.pyplot as plt\nplt.figure()",
                    "x + 1")
    second = chapter(tmp_path, "02_tweede",
                     "import os, matplotlib, matplotlib.pyplot as plt\n"
                     "assert 'x' not in dir(), 'x van het vorige hoofdstuk'\n"
                     "assert 'SD_LEK' not in os.environ\n"
                     f"assert os.getcwd() == {str(tmp_path)!r}, os.getcwd()\n"
                     "assert matplotlib.rcParams['lines.linewidth'] != 9\n"
                     "assert plt.get_fignums() == []\n"
                     "import sys; assert 'sdmonitor.workbook.monitor' in sys.modules  # warmed up, still loaded")
    executed, seconds, pids = run_chapters(tmp_path, 1, [("eerste", first), ("tweede", second)])
    assert len(pids) == 1  # both chapters ran in the same kernel
    assert [n for n, _ in executed] == ["eerste", "tweede"] and set(seconds) == {"hoofdstuk.eerste",
                                                                                  "hoofdstuk.tweede"}
    # each notebook is numbered from [1], as in a kernel of its own (parameters, injected, cells)
    for _, path in executed:
        nb = nbformat.read(str(path), as_version=4)
        assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3, 4][:sum(
            c.cell_type == "code" for c in nb.cells)]
    out = nbformat.read(str(executed[0][1]), as_version=4).cells[-1].outputs
    assert out[0]["data"]["text/plain"] == "42"
    time.sleep(0.2)
    assert not any(alive(p) for p in pids)  # closing the pool stopped the kernel


def test_a_chapter_whose_first_messages_were_lost_runs_again_on_a_reset_kernel(tmp_path, monkeypatch):
    real = papermill_engine.unannounced_cells
    checks = []

    def lost_once(nb):
        checks.append(nb)
        return [1] if len(checks) == 1 else real(nb)

    monkeypatch.setattr(papermill_engine, "unannounced_cells", lost_once)
    source = chapter(tmp_path, "01_tel", "runs = globals().get('runs', 0) + 1\nruns")
    executed, _, pids = run_chapters(tmp_path, 1, [("tel", source)])
    assert len(checks) == 2 and len(pids) == 1
    out = nbformat.read(str(executed[0][1]), as_version=4).cells[-1]
    assert out.outputs[0]["data"]["text/plain"] == "1"  # the second run did not see the first one's state
    assert out.execution_count == 3


def test_a_chapter_that_loses_its_messages_twice_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(papermill_engine, "unannounced_cells", lambda nb: [1])
    source = chapter(tmp_path, "01_stil", "1 + 1")
    with pytest.raises(papermill_engine.OutputLost, match="hoofdstuk 'stil'.*cel 2 .*onvolledig"):
        run_chapters(tmp_path, 1, [("stil", source)])


def test_a_chapter_is_written_when_done_not_after_every_cell(tmp_path, monkeypatch):
    # papermill's own manager writes the notebook before and after every cell; the runner reads it
    # once the chapter is done. Every cell's output is still there, the first one's too (the
    # kernel client is ready before IOPub delivers, not after it fell quiet).
    import papermill.engines

    writes = []
    real = papermill.engines.write_ipynb
    monkeypatch.setattr(papermill.engines, "write_ipynb", lambda nb, path: (writes.append(path), real(nb, path)))
    source = chapter(tmp_path, "01_zes", *(f"print({i})" for i in range(6)))
    executed, _, _ = run_chapters(tmp_path, 1, [("zes", source)])
    assert len(writes) == 2  # start and end; before and after every cell too, it was 20
    cells = nbformat.read(str(executed[0][1]), as_version=4).cells[-6:]
    assert [c.outputs[0]["text"] for c in cells] == [f"{i}\n" for i in range(6)]


def test_chapters_run_concurrently_and_come_back_in_order(tmp_path):
    slow = chapter(tmp_path, "01_traag", "import time; time.sleep(3)")
    quick = [chapter(tmp_path, f"0{i}_snel{i}", "1") for i in range(2, 5)]
    started = time.perf_counter()
    executed, _, pids = run_chapters(tmp_path, 2, [("traag", slow)] + [(f"snel{i}", p) for i, p in
                                                                       zip(range(2, 5), quick)])
    assert len(pids) == 2
    assert [n for n, _ in executed] == ["traag", "snel2", "snel3", "snel4"]
    assert all(p.is_file() for _, p in executed)
    # the three quick chapters ran on the other kernel while the slow one slept (serial: > 3 s + 3 starts)
    assert time.perf_counter() - started < 30


# --- failure modes -------------------------------------------------------------------------------

def test_failing_cell_reports_the_chapter_cell_and_count(tmp_path):
    bad = chapter(tmp_path, "01_kapot", "a = 1", "raise RuntimeError('kapot hoofdstuk')")
    with pytest.raises(ChapterError) as info:
        run_chapters(tmp_path, 1, [("kapot", bad)])
    # cells: title, parameters, a = 1, raise -> cel 4; executions: parameters [1], injected [2], a [3], raise [4]
    assert "hoofdstuk 'kapot' (01_kapot.ipynb) faalde in cel 4 (`raise RuntimeError('kapot hoofdstuk')`)" \
        in str(info.value)
    assert "(uitvoering [4]): RuntimeError: kapot hoofdstuk" in str(info.value)
    assert info.value.exit_code == 4


def test_first_failing_chapter_in_order_is_reported(tmp_path):
    # chapter 1 fails after 3 s; chapter 2 (other kernel) fails at once; chapter 3 is never run.
    early = chapter(tmp_path, "01_eerst", "import time; time.sleep(3)", "raise ValueError('eerste')")
    later = chapter(tmp_path, "02_later", "raise ValueError('tweede')")
    never = chapter(tmp_path, "03_nooit", "open('nooit-gedraaid', 'w').close()")
    with pytest.raises(ChapterError, match="eerste"):
        run_chapters(tmp_path, 2, [("eerst", early), ("later", later), ("nooit", never)])
    assert not (tmp_path / "nooit-gedraaid").exists()


def test_a_kernel_that_dies_fails_its_chapter_without_hanging(tmp_path):
    dies = chapter(tmp_path, "01_sterft", "import os; os._exit(1)")
    started = time.perf_counter()
    with pytest.raises(ChapterError, match="de kernel stopte onverwacht"):
        run_chapters(tmp_path, 1, [("sterft", dies)])
    assert time.perf_counter() - started < 60


def test_ctrl_c_in_the_runner_kills_every_kernel(tmp_path):
    import _thread
    import threading

    sleepers = [chapter(tmp_path, f"0{i}_slaap", "import time; time.sleep(600)") for i in (1, 2)]
    out = tmp_path / "out"
    out.mkdir()
    pool = kernels.KernelPool(2, tmp_path)
    pool.start()
    def press_ctrl_c() -> None:
        # Once both chapters run (papermill writes the output notebook when it starts one): Ctrl-C.
        # SIGTERM reaches the runner as a KeyboardInterrupt too (cli.Terminated).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not all((out / f"0{i}_slaap.ipynb").exists() for i in (1, 2)):
            time.sleep(0.1)
        time.sleep(1)
        _thread.interrupt_main()

    # interrupt_main does nothing while SIGINT is ignored, as it is in a process started in the
    # background by a shell without job control (`make test &`): Python's own handler for this test.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Thread(target=press_ctrl_c, daemon=True)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            runner.execute_chapters(pool, [(f"slaap{i}", p) for i, p in enumerate(sleepers)], {}, out, tmp_path,
                                    lambda msg: None)
        pids = pool.pids
        assert len(pids) == 2 and all(alive(p) for p in pids)
    finally:
        signal.signal(signal.SIGINT, previous)
        started = time.perf_counter()
        pool.close()
    assert time.perf_counter() - started < 20  # the sleeping chapters are not waited for
    time.sleep(0.2)
    assert not any(alive(p) for p in pids)


def test_interrupt_in_a_chapter_is_not_held_up_by_the_others(tmp_path):
    # An interrupt raised while a chapter runs (the runner's test stand-in) ends the run at once,
    # although an earlier chapter is still busy.
    sleeper = chapter(tmp_path, "01_slaap", "import time; time.sleep(600)")
    out = tmp_path / "out"
    out.mkdir()

    def execute(job, km):
        if job.index == 1:
            time.sleep(3)
            raise KeyboardInterrupt
        return runner.execute_chapter(job.name, job.source, job.target, {}, tmp_path, km=km)

    started = time.perf_counter()
    with kernels.KernelPool(2, tmp_path) as pool:
        with pytest.raises(KeyboardInterrupt):
            pool.run([kernels.Job(0, "slaap", sleeper, out / "a.ipynb"), kernels.Job(1, "stop", sleeper,
                                                                                    out / "b.ipynb")], execute)
        pids = pool.pids
    assert time.perf_counter() - started < 60
    time.sleep(0.2)
    assert not any(alive(p) for p in pids)


def test_one_pool_serves_run_after_run_also_after_a_failure(tmp_path):
    # batch keeps a pool per process: a failed run (its later chapter's kernel killed) must not
    # leave the next run short of kernels, and nothing of the first run may reach the second.
    fails = chapter(tmp_path, "01_faalt", "import time; time.sleep(2)", "raise ValueError('eerste run')")
    sleeps = chapter(tmp_path, "02_slaapt", "import time; time.sleep(600)")
    fine = [chapter(tmp_path, f"0{i}_goed{i}", "assert 'geheim' not in dir()", "geheim = 1") for i in (3, 4, 5)]
    out = tmp_path / "out"
    out.mkdir()

    def run(chapters):
        return runner.execute_chapters(pool, chapters, {}, out, tmp_path, lambda msg: None)

    with kernels.KernelPool(2, tmp_path) as pool:
        with pytest.raises(ChapterError, match="eerste run"):
            run([("faalt", fails), ("slaapt", sleeps)])
        first = set(pool.pids)
        executed, _ = run([(f"goed{i}", p) for i, p in zip((3, 4, 5), fine)])
        second = set(pool.pids)
    assert [n for n, _ in executed] == ["goed3", "goed4", "goed5"]
    assert len(second) == 2 and len(first & second) == 1  # the killed kernel was replaced, the other kept
    time.sleep(0.2)
    assert not any(alive(p) for p in first | second)



def test_a_kernel_killed_between_runs_hands_the_next_chapter_to_a_live_one(tmp_path):
    # After a run a kernel is reset only when its next chapter comes (a finished run closes its pool
    # at once). A kernel that died in between is found by that reset, and the chapter goes to the
    # other kernel instead of failing on the dead one.
    waits = chapter(tmp_path, "01_wacht", "import os, time\nwhile not os.path.exists('b.pid'): time.sleep(0.05)",
                    "geheim = 1")
    # The kernel that finishes first waits first for the next chapter: this one's.
    writes = chapter(tmp_path, "02_schrijft", "import os\nopen('b.pid', 'w').write(str(os.getpgid(0)))",
                     "geheim = 1")
    checks = chapter(tmp_path, "03_kijkt", "assert 'geheim' not in dir()")
    out = tmp_path / "out"
    out.mkdir()

    def run(chapters):
        return runner.execute_chapters(pool, chapters, {}, out, tmp_path, lambda msg: None)

    with kernels.KernelPool(2, tmp_path) as pool:
        run([("wacht", waits), ("schrijft", writes)])
        killed = int((tmp_path / "b.pid").read_text())
        assert killed in pool.pids
        os.killpg(killed, signal.SIGKILL)
        executed, _ = run([("kijkt", checks)])
    assert [n for n, _ in executed] == ["kijkt"]
