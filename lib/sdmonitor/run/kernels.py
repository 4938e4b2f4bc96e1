"""Chapter notebooks in a small pool of persistent kernels, for `sdmonitor run`.

A fresh kernel per chapter costs ~2 s (start, import pandas/matplotlib/sdmonitor) — most of a
chapter. The pool starts `size` kernels once (`SDMONITOR_KERNELS`, default one per core up to 2),
warms them up (`kernel_side.warm_up`) while the runner still computes the figures, and runs the
chapters on them concurrently: each kernel takes the next chapter in order. Every chapter is still
a papermill run (parameters injected, executed notebook written, `PapermillExecutionError`), on
the pool's kernel instead of its own (`papermill_engine.ENGINE`). Between two chapters a kernel is reset
(`kernel_side.reset`: namespace, counter, environment, figures), so a chapter sees what it would
see in a kernel of its own and its notebook is numbered from [1]; the runner merges the outputs
in chapter order, so the report does not depend on which kernel ran what.

Failure modes: a chapter that fails stops the run; the chapters before it in order still finish
(the error reported is the first failing chapter's, as in a serial run) and those after it are
skipped, their kernels killed. A kernel that dies fails its chapter (nbclient notices within a
second). Ctrl-C or SIGTERM in the runner (a `KeyboardInterrupt` in the main thread) kills every
kernel's process group before anything else, so no ipykernel outlives the run.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sdmonitor import config
from sdmonitor.errors import ChapterError, UsageError
from sdmonitor.run.papermill_engine import OutputLost, register_engine

KERNEL = "python3"
KERNELS_ENV = "SDMONITOR_KERNELS"
# Set in every chapter kernel: the chapter gets its data from the runner, never from the input
# folder (`MonitorBasis.selection` refuses), so a file changed during a run cannot reach a report.
IN_RUN_ENV = "SDMONITOR_IN_RUN"
START_TIMEOUT = 120.0  # start + imports, on a busy machine
RESET_TIMEOUT = 60.0
JOIN_TIMEOUT = 15.0
_SIDE = "__import__('sdmonitor.run.kernel_side', fromlist=['x'])"
WARM_UP_CODE = f"{_SIDE}.warm_up()"
RESET_CODE = f"{_SIDE}.reset(get_ipython())"
_SKIPPED = "overgeslagen"


def default_size() -> int:
    """One kernel per core this process may use, at most 2 (`SDMONITOR_KERNELS` overrides)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(2, cores))


def pool_size(chapters: int | None, requested: int | None = None) -> int:
    """Kernels for `chapters` chapters (None: a pool for many runs): `requested`, else
    `SDMONITOR_KERNELS`, else `default_size`; never more than there are chapters. A malformed
    `SDMONITOR_KERNELS` is a usage error."""
    if requested is None:
        text = os.environ.get(KERNELS_ENV, "").strip()
        if text:
            try:
                requested = int(text)
            except ValueError:
                requested = 0
            if requested < 1:
                raise UsageError(f"{KERNELS_ENV} moet een geheel getal van 1 of meer zijn, niet '{text}'")
        else:
            requested = default_size()
    if requested < 1:
        raise UsageError("het aantal kernels moet 1 of meer zijn")
    return max(1, requested if chapters is None else min(requested, chapters))


def kernel_environment() -> dict[str, str]:
    """The chapter kernels' environment: this process's, plus headless matplotlib, publication mode
    (`element.exact` refuses unsuppressed values), the run marker (`IN_RUN_ENV`), and the same
    sdmonitor the runner imported on PYTHONPATH (also when not installed editable)."""
    env = dict(os.environ)
    env.update(MPLBACKEND="Agg", SDMONITOR_PUBLICATIE="1", **{IN_RUN_ENV: "1"})
    lib = str(config.PACKAGE_DIR.parent)
    env["PYTHONPATH"] = os.pathsep.join([lib] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


@dataclass(frozen=True)
class Job:
    """One chapter: its position in the report, name, source notebook and executed notebook."""

    index: int
    name: str
    source: Path
    target: Path
    run: int = 0  # which `KernelPool.run` it belongs to (a pool may serve many runs)


class _Lane:
    """One kernel and the thread that feeds it chapters."""

    def __init__(self, pool: KernelPool, number: int) -> None:
        self.pool = pool
        self.km: Any = None
        self.pgid: int | None = None
        self.running: tuple[int, int] | None = None  # (run, index) of the chapter on this kernel
        self.dead = False
        self.killed = False
        self.error: BaseException | None = None
        self.dirty = False  # a chapter ran since the last reset (`_serve`)
        self.thread = threading.Thread(target=self._main, name=f"sdmonitor-kernel-{number}", daemon=True)

    # --- in the lane's thread ------------------------------------------------------------

    def _main(self) -> None:
        try:
            self._start()
            self._serve()
        except BaseException as exc:
            self.error = exc
        finally:
            self._stop()
            self.dead = True
            self.pool._wake()

    def _start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        from sdmonitor.run import kernel_client

        self.km = AsyncKernelManager(kernel_name=self.pool.kernel_name, client_class=kernel_client.CLASS_NAME)
        # No IPython history: a chapter's cells are in its executed notebook; the shared sqlite
        # file would only be written (and locked) by every kernel of every run on the machine.
        run_sync(self.km.start_kernel)(cwd=str(self.pool.cwd), env=self.pool.env, stderr=self.pool.stderr,
                                       extra_arguments=["--HistoryManager.enabled=False"])
        with self.pool._lock:
            self.pgid = self.km.provisioner.pgid or self.km.provisioner.pid
            closing = self.pool._closing
        if closing:  # the pool was closed while this kernel started: it must not outlive it
            self.kill()
            raise KeyboardInterrupt
        run_sync(self._silently)(WARM_UP_CODE, START_TIMEOUT)

    def _serve(self) -> None:
        pool = self.pool
        while True:
            job = pool._jobs.get()
            if job is None:
                return
            if not pool._wanted(job):
                pool._record(job, _SKIPPED)
                continue
            if self.dirty:
                self._reset(job)
            with pool._lock:
                self.running = (job.run, job.index)
            try:
                if pool._on_start is not None:
                    pool._on_start(job)
                result: Any = pool._execute(job, self.km)
            except OutputLost:
                result = self._again(job)
            except BaseException as exc:
                result = exc
            with pool._lock:
                self.running = None
            pool._record(job, result)
            self.dirty = True
            # Reset now while chapters are waiting; with none queued, only when the next one comes:
            # a run whose last chapter is done closes the pool at once, and a kernel killed in the
            # middle of a reset takes seconds to notice.
            if not pool._jobs.empty():
                self._reset(None)

    def _again(self, job: Job) -> Any:
        """The chapter once more, on this kernel reset for it: its first run lost messages on the
        way (`OutputLost`), which says nothing about the chapter. What this run gives stands,
        also a second `OutputLost` (then the chapter fails, its output cannot be trusted)."""
        try:
            self._reset(None)
            return self.pool._execute(job, self.km)
        except BaseException as exc:
            return exc

    def _reset(self, job: Job | None) -> None:
        """Reset the kernel's state for the next chapter. A kernel that is gone raises, which ends
        the lane; `job`, already taken from the queue, goes back to it for another kernel."""
        from jupyter_core.utils import run_sync

        try:
            run_sync(self._silently)(RESET_CODE, RESET_TIMEOUT)
        except BaseException:
            if job is not None:
                self.pool._jobs.put(job)
            raise
        self.dirty = False

    async def _silently(self, code: str, timeout: float) -> None:
        """Run `code` without output or history (the execution counter does not move)."""
        kc = self.km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=timeout)
            msg_id = kc.execute(code, silent=True, store_history=False, allow_stdin=False)
            deadline = time.monotonic() + timeout
            while True:
                if not await self.km.is_alive():
                    raise RuntimeError("de kernel is gestopt")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"de kernel antwoordde niet binnen {timeout:.0f} s")
                try:
                    reply = await kc.get_shell_msg(timeout=1)
                except queue.Empty:
                    continue
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        finally:
            kc.stop_channels()
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")

    def _stop(self) -> None:
        if self.km is None:
            return
        from jupyter_core.utils import run_sync

        try:
            run_sync(self.km.shutdown_kernel)(now=True)  # also removes its connection file
        except Exception:
            self.kill()
            try:
                run_sync(self.km.cleanup_resources)()
            except Exception:
                pass

    # --- from any thread -----------------------------------------------------------------

    def kill(self) -> None:
        """SIGKILL the kernel's process group (the kernel runs in a session of its own)."""
        with self.pool._lock:
            pgid = self.pgid
            self.killed = True
        if pgid is None:
            return
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class KernelPool:
    """`size` kernels started on `__enter__`, killed on `close`/`__exit__` (also on Ctrl-C).

    `run(jobs, execute)` runs every job, `execute(job, km)` on a free kernel, and returns
    {job name: execute's result} or raises the first failing chapter's exception. A pool serves
    any number of runs one after another (`batch`: one pool per worker process); a kernel lost in
    one run (killed after a failure, died) is replaced before the next."""

    def __init__(self, size: int, cwd: Path, env: dict[str, str] | None = None,
                 kernel_name: str = KERNEL, quiet: bool | None = None) -> None:
        self.size = size
        self.cwd = Path(cwd)
        self.env = env if env is not None else kernel_environment()
        self.kernel_name = kernel_name
        quiet = not os.environ.get("SDMONITOR_DEBUG") if quiet is None else quiet
        # ipykernel's TCP warning and zmq shutdown tracebacks are noise; cell errors reach us
        # through papermill. SDMONITOR_DEBUG=1 keeps them.
        self.stderr = subprocess.DEVNULL if quiet else None
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._results: dict[int, Any] = {}
        self._stop_at: int | None = None
        self._run = 0
        self._closing = False
        self._lanes: list[_Lane] = []
        self._execute: Callable[[Job, Any], Any] = lambda job, km: None
        self._on_start: Callable[[Job], None] | None = None

    def __enter__(self) -> KernelPool:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def start(self) -> None:
        """Start the kernels (in the background: they start and import while the caller works);
        a second call does nothing."""
        if self._lanes or self._closing:
            return
        register_engine()
        self._lanes = [_Lane(self, n) for n in range(self.size)]
        for lane in self._lanes:
            lane.thread.start()

    def _revive(self) -> None:
        """Replace lanes whose kernel is gone (or going: killed after a failure) by fresh ones."""
        for n, lane in enumerate(self._lanes):
            if lane.dead or lane.killed:
                lane.thread.join(timeout=JOIN_TIMEOUT)
                self._lanes[n] = _Lane(self, n)
                self._lanes[n].thread.start()

    @property
    def pids(self) -> list[int]:
        """Process (group) ids of the kernels started so far."""
        with self._lock:
            return [lane.pgid for lane in self._lanes if lane.pgid is not None]

    def run(self, jobs: list[Job], execute: Callable[[Job, Any], Any],
            on_start: Callable[[Job], None] | None = None) -> dict[str, Any]:
        """Run `jobs` (in `index` order, concurrently on the pool's kernels); see the class."""
        with self._lock:
            if self._closing:
                raise RuntimeError("kernelpool is al gesloten")
            self._run += 1
            self._results, self._stop_at = {}, None
            self._execute, self._on_start = execute, on_start
        self._revive()
        jobs = [replace(job, run=self._run) for job in jobs]
        for job in jobs:
            self._jobs.put(job)
        with self._changed:
            while not self._settled(jobs):
                self._changed.wait(timeout=0.5)  # a timeout: Ctrl-C is seen in the main thread
            results = dict(self._results)
            stop_at = self._stop_at
        interrupted = [r for r in results.values() if isinstance(r, BaseException) and not isinstance(r, Exception)]
        if interrupted:  # Ctrl-C seen by a lane: no chapter is waited for
            raise interrupted[0]
        failures = {i: r for i, r in results.items() if isinstance(r, BaseException)
                    and (stop_at is None or i <= stop_at)}
        if failures:
            raise failures[min(failures)]
        missing = [job for job in jobs if job.index not in results]
        if missing:  # every kernel is gone before these chapters ran
            reason = next((lane.error for lane in self._lanes if lane.error is not None), None)
            raise ChapterError(f"hoofdstuk '{missing[0].name}' ({missing[0].source.name}) kon niet worden "
                               f"uitgevoerd: geen werkende kernel"
                               + (f" ({type(reason).__name__}: {reason})" if reason else ""))
        return {job.name: results[job.index] for job in jobs}

    def close(self) -> None:
        """Kill every kernel and end the lanes (idempotent). Killing first: a lane may be in the
        middle of a chapter, and a run that stops must not wait for it."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
        for lane in self._lanes:
            lane.kill()
            self._jobs.put(None)
        deadline = time.monotonic() + JOIN_TIMEOUT
        for lane in self._lanes:
            lane.thread.join(timeout=max(0.1, deadline - time.monotonic()))

    # --- called by the lanes -------------------------------------------------------------

    def _wake(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def _wanted(self, job: Job) -> bool:
        with self._lock:
            return (job.run == self._run and not self._closing
                    and (self._stop_at is None or job.index < self._stop_at))

    def _record(self, job: Job, result: Any) -> None:
        doomed = []
        with self._changed:
            if job.run != self._run:
                return  # a chapter of an earlier run, killed after that run failed
            self._results[job.index] = result
            failed = isinstance(result, BaseException) and (self._stop_at is None or job.index < self._stop_at)
            if failed:
                # The chapters after this one will not be published: stop them now.
                self._stop_at = job.index
                doomed = [lane for lane in self._lanes if lane.running is not None
                          and lane.running[0] == job.run and lane.running[1] > job.index]
            self._changed.notify_all()
        for lane in doomed:
            lane.kill()

    def _settled(self, jobs: list[Job]) -> bool:
        # Called with the lock held.
        if any(isinstance(r, BaseException) and not isinstance(r, Exception) for r in self._results.values()):
            return True
        wanted = [j for j in jobs if self._stop_at is None or j.index <= self._stop_at]
        if all(j.index in self._results for j in wanted):
            return True
        return all(lane.dead for lane in self._lanes)
