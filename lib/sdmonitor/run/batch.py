"""`sdmonitor batch`: `run` for many municipalities, in this process, in worker processes
(`--workers N`) or on a dask.distributed cluster (`--executor dask`, `--scheduler tcp://…`), with
progress per municipality and a summary table. The input is validated (and cached) once, before
any municipality runs; one failing municipality never stops the others.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import multiprocessing
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sdmonitor import config, termination
from sdmonitor.errors import SdmonitorError, UsageError
from sdmonitor.ingest.dataset import Dataset, load_dataset
from sdmonitor.parameters import parameter_files, resolve_gemeente
from sdmonitor.periods import Periode, check_peildatum, parse_peildatum
from sdmonitor.run import batch_workers, kernels, runner
from sdmonitor.run.progress import forward_progress, seconds_text, summary_table


@dataclass(frozen=True)
class BatchResult:
    gemeente: str
    status: str  # "ok" or "mislukt"
    seconds: float
    message: str
    exit_code: int


def _run_one(task: dict[str, Any]) -> BatchResult:
    # Runs in a worker process (or in process): never raises, so one municipality cannot stop others.
    # Progress goes to `progress` (in process) or `progress_queue` (from a worker process).
    task = dict(task)
    batch_workers.maybe_die(task["gemeente"])
    worker = task.pop("reuse_kernels", False)  # a worker process of this batch's pool
    if worker:
        task["pool"] = _process_kernels(task.get("notebooks_dir"), task.get("kernel_count"))
    queue, report = task.pop("progress_queue", None), task.pop("progress", None)
    if queue is not None:
        task["progress"] = lambda msg, g=task["gemeente"]: queue.put((g, msg))
    elif report is not None:
        task["progress"] = lambda msg, g=task["gemeente"]: report.event(g, msg)
    started = time.perf_counter()
    try:
        folder = runner.run(runner.RunRequest(**task))
        return BatchResult(task["gemeente"], "ok", time.perf_counter() - started, str(folder), 0)
    except SdmonitorError as exc:
        return BatchResult(task["gemeente"], "mislukt", time.perf_counter() - started, str(exc), exc.exit_code)
    except Exception as exc:
        return BatchResult(task["gemeente"], "mislukt", time.perf_counter() - started,
                           f"onverwachte fout: {type(exc).__name__}: {exc}", 1)
    finally:
        if worker:
            _freeze_once()


_FROZEN = {"done": False}


def _freeze_once() -> None:
    """After a worker's first monitor, what is alive (the imports, the kernels' clients, the caches)
    stays for the worker's life, and a full collection walked all of it after every later monitor
    (≈ 0,08 of a monitor's ≈ 1,7 worker CPU-s on the national data). Frozen once, collections walk
    what the later monitors make; that stays collectable."""
    if not _FROZEN["done"]:
        _FROZEN["done"] = True
        gc.collect()
        gc.freeze()


_KERNELS: kernels.KernelPool | None = None


def _process_kernels(notebooks_dir: str | None, kernel_count: int | None) -> kernels.KernelPool:
    """This worker process's chapter kernels, started by its first municipality and kept for the
    next ones (no kernel start and import per monitor); stopped when the process ends."""
    global _KERNELS
    if _KERNELS is None:
        from multiprocessing import util

        nb_dir = Path(notebooks_dir).resolve() if notebooks_dir else config.notebooks_dir()
        _KERNELS = kernels.KernelPool(kernels.pool_size(None, kernel_count), nb_dir)  # started by the run
        # A worker of ProcessPoolExecutor ends with os._exit: multiprocessing's finalizers run, atexit does not.
        util.Finalize(None, _KERNELS.close, exitpriority=100)
        atexit.register(_KERNELS.close)
    return _KERNELS


def _display_name(text: str) -> str:
    """The municipality's name for the batch summary; the text itself when its settings are broken
    (that municipality then fails with the reason, the others run)."""
    try:
        return resolve_gemeente(text).naam
    except UsageError:
        return text


def largest_first(tasks: list[dict[str, Any]], sizes: dict[str, int]) -> list[dict[str, Any]]:
    """The tasks with the most declaration lines first (`sizes`: lines per gemeente code), so that
    several workers end together instead of one finishing a large municipality alone; ties and
    unknown sizes keep their order."""
    def lines(task: dict[str, Any]) -> int:
        code = _first_code([task["gemeente"]])
        return sizes.get(code, 0) if code else 0

    return sorted(tasks, key=lambda task: -lines(task))


def _refuse_duplicates(chosen: list[str]) -> None:
    """Names resolved first: `wijchen,GM0296,Wijchen` is one municipality three times, which would
    run it three times into the same folder. Usage error naming them (exit 2)."""
    by_file: dict[str, list[str]] = {}  # the parameters file (slug, the report folder) -> texts
    for text in chosen:
        try:
            g = resolve_gemeente(text)
            key = f"{g.naam}, {g.code}"
        except SdmonitorError:
            key = text.strip().lower()  # its own run reports the problem; still no double
        by_file.setdefault(key, []).append(text)
    doubles = [f"{', '.join(texts)} (alle {key})" for key, texts in by_file.items() if len(texts) > 1]
    if doubles:
        raise UsageError("--gemeenten noemt een gemeente meer dan eens: " + "; ".join(doubles))


def _first_code(chosen: list[str]) -> str | None:
    for text in chosen:
        try:
            return resolve_gemeente(text).code
        except UsageError:
            continue
    return None


def _require_dask() -> None:
    """Usage error (exit 2) before any work when dask.distributed is not installed."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        raise UsageError("--executor dask vraagt het pakket 'dask.distributed', dat niet is geïnstalleerd; "
                         "installeer het (pip install 'dask[distributed]') of gebruik --executor local") from None


def _dask_client(scheduler: str | None, workers: int = 1):
    _require_dask()
    from dask.distributed import Client

    if scheduler:
        return Client(scheduler)
    # No cluster given: a LocalCluster on this machine (closed with the client), a worker process
    # per --workers, one task at a time each (a run starts its own kernels).
    return Client(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)


def batch(data: str | Path, periode: str, gemeenten: list[str] | None = None, peildatum: str | None = None,
          out: str | Path | None = None, workers: int = 1, executor: str = "local", scheduler: str | None = None,
          notebooks_dir: str | Path | None = None, quiet: bool = False,
          stream: Any | None = None) -> list[BatchResult]:
    """`run` for several municipalities (default: every `parameters/*.yaml`); returns one result each.

    Progress per municipality and chapter goes to `stream` (stderr; bars on a terminal, lines
    elsewhere, nothing with `quiet`) and always to a log file under `OUT/logs/` (see `progress`)."""
    if workers < 1:
        raise UsageError("--workers moet 1 of meer zijn")
    check_peildatum(Periode.parse(periode), parse_peildatum(peildatum))  # exit 2 once, before any municipality
    # Names, not loaded settings: a broken parameters file fails its own municipality only.
    chosen = list(gemeenten) if gemeenten else [p.stem for p in parameter_files()]
    if not chosen:
        raise UsageError("geen gemeenten gevonden in parameters/")
    _refuse_duplicates(chosen)
    if executor == "dask":
        _require_dask()
    data_dir = Path(data).resolve()
    out_dir = Path(out).resolve() if out else config.reports_dir()
    # Invalid data: exit 3 once, before any municipality runs. With the cache (`store`) the input
    # is validated and cached once here, scoped to the first municipality, and every run reads
    # its own municipality from the cache; without it the whole dataset is shared as before.
    dataset: Dataset | None = load_dataset(data_dir, gemeente=_first_code(chosen))
    scope = getattr(dataset, "scope", None)
    sizes = dict(scope.gemeenten) if scope is not None else {}
    if scope is not None:
        dataset = None
    # Every municipality's figures first, in one pass over the input (`kpis_all`: one read, forked
    # workers), into the edition cache; each run below then takes its figures from there. Before
    # any thread or kernel is started (the pass forks). Its failures are left to the runs, which
    # report them with their reasons.
    figures_pass = _figures_pass(data_dir, periode, peildatum, chosen, workers)
    client = _dask_client(scheduler, workers) if executor == "dask" else None
    # Several monitors side by side: one chapter kernel each, so N workers keep N cores busy
    # instead of 2N kernels fighting over them; one monitor at a time keeps its default pool.
    kernel_count = 1 if workers > 1 else None
    tasks = [dict(data=str(data_dir), gemeente=_display_name(g), periode=periode, peildatum=peildatum, out=str(out_dir),
                  notebooks_dir=str(notebooks_dir) if notebooks_dir else None, kernel_count=kernel_count)
             for g in chosen]
    reporter = _batch_progress(chosen, notebooks_dir, out_dir, periode, quiet, stream)
    if figures_pass:
        reporter.log(figures_pass)
    try:
        results = _execute(largest_first(tasks, sizes) if workers > 1 else tasks, dataset, workers, client, reporter)
        position = {t["gemeente"]: i for i, t in enumerate(tasks)}
        results = sorted(results, key=lambda r: position.get(r.gemeente, len(tasks)))  # the order asked
        reporter.log(summary_table(results))
    finally:
        reporter.close()
    return results


def _figures_pass(data_dir: Path, periode: str, peildatum: str | None, chosen: list[str], workers: int) -> str:
    """The figures of every chosen municipality in one pass into the edition cache; a line for the
    log ('' with the edition cache off: the runs then compute their own figures)."""
    from sdmonitor.run import kpis_all
    from sdmonitor.workbook import edition_cache

    if edition_cache.cache_dir() is None:
        return ""
    started = time.perf_counter()
    try:
        outcomes = kpis_all.compute_all(data_dir, Periode.parse(periode), parse_peildatum(peildatum),
                                        gemeenten=chosen, workers=max(workers, kpis_all.WORKERS))
    except SdmonitorError as exc:  # each run computes its own figures then, and says what is wrong
        return f"cijfers niet vooraf berekend: {exc}"
    good = sum(o.ok for o in outcomes)
    cached = sum(o.ok and o.from_cache for o in outcomes)
    return (f"cijfers van {good} van {len(outcomes)} gemeenten in één doorgang ({cached} al in de editiecache): "
            f"{seconds_text(time.perf_counter() - started)}")


def _batch_progress(chosen: list[str], notebooks_dir: str | Path | None, out_dir: Path, periode: str,
                    quiet: bool, stream: Any | None) -> Any:
    from sdmonitor.run.progress import BatchProgress, log_path

    nb_dir = Path(notebooks_dir).resolve() if notebooks_dir else config.notebooks_dir()
    names = [_display_name(text) for text in chosen]
    steps = {}
    for text, name in zip(chosen, names):
        try:
            steps[name] = len(runner.chapters_for(resolve_gemeente(text), nb_dir)) + 2  # cijfers + chapters + rapport
        except SdmonitorError:
            steps[name] = 0  # the run itself reports the problem
    log_file = log_path(out_dir, periode)
    reporter = BatchProgress(names, steps, stream=stream, quiet=quiet, log_file=log_file)
    if not quiet:
        print(f"sdmonitor: logboek van deze batch: {log_file}", file=reporter.stream, flush=True)
    return reporter


def _execute(tasks: list[dict[str, Any]], dataset: Dataset | None, workers: int, client: Any,
             reporter: Any) -> list[BatchResult]:
    def finished(r: BatchResult) -> BatchResult:
        reporter.done(r.gemeente, r.status == "ok", r.seconds, r.message)
        return r

    if client is not None:
        return _execute_dask(tasks, client, finished)
    if workers == 1:
        # One pool of chapter kernels for every municipality: started once, warm for the next.
        nb_dir = Path(tasks[0]["notebooks_dir"]).resolve() if tasks and tasks[0]["notebooks_dir"] \
            else config.notebooks_dir()
        pool = kernels.KernelPool(kernels.pool_size(None), nb_dir)  # started by the first run
        try:
            return [finished(_run_one({**t, "dataset": dataset, "progress": reporter, "pool": pool})) for t in tasks]
        finally:
            pool.close()
    results: dict[str, BatchResult] = {}
    # Worker processes send their progress through a manager queue; a thread passes it on.
    manager = multiprocessing.get_context("spawn").Manager()
    queue = manager.Queue()
    reader = threading.Thread(target=forward_progress, args=(queue, reporter), daemon=True)
    reader.start()
    try:
        # spawn: a fresh interpreter per worker, no forked zmq/kernel state from the parent.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as executor:
            futures = {executor.submit(_run_one, {**t, "progress_queue": queue, "reuse_kernels": True}): t["gemeente"]
                       for t in tasks}
            lost = []
            try:
                for future in as_completed(futures):
                    termination.check()  # a SIGTERM whose exception was lost: stop the workers below
                    name = futures[future]
                    try:
                        result = future.result()
                    except BrokenProcessPool:  # a worker died: retried below, on a fresh worker
                        lost.append(name)
                        continue
                    except Exception as exc:
                        result = BatchResult(name, "mislukt", 0.0, f"werkproces afgebroken: {exc}", 1)
                    queue.put((None, result))
                    results[name] = result
            except KeyboardInterrupt:
                _stop_workers(executor)
                raise
        retry = [{**t, "progress_queue": queue, "reuse_kernels": True} for t in tasks if t["gemeente"] in lost]
        for task in retry:
            queue.put((task["gemeente"], "werkproces verloren; opnieuw gestart op een nieuw werkproces"))
        for result in batch_workers.retry_lost(_run_one, retry, workers, _lost):
            queue.put((None, result))
            results[result.gemeente] = result
    finally:
        queue.put(None)
        reader.join(timeout=10)
        manager.shutdown()
    return [results[t["gemeente"]] for t in tasks]


def _lost(gemeente: str, message: str) -> BatchResult:
    return BatchResult(gemeente, "mislukt", 0.0, message, 1)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Ctrl-C / SIGTERM: no municipality is waited for. The waiting ones are cancelled and the
    worker processes stopped; their chapter kernels end with them (ipykernel leaves when its
    parent process is gone)."""
    # Taken before `shutdown`, which forgets the worker processes (`_processes = None`).
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def _execute_dask(tasks: list[dict[str, Any]], client: Any,
                  finished: Callable[[BatchResult], BatchResult]) -> list[BatchResult]:
    """Each municipality's run as one dask task; progress as each one finishes. Every worker reads
    the same input folder and cache (`store`), so the folder must be reachable under the same
    path on every worker (a shared disk); the reports are written where `--out` points."""
    from dask.distributed import as_completed as dask_completed

    futures = client.map(_run_one, tasks, pure=False, key=[f"sdmonitor-{t['gemeente']}" for t in tasks])
    name_of = {f.key: t["gemeente"] for f, t in zip(futures, tasks)}
    results: dict[str, BatchResult] = {}
    try:
        for future in dask_completed(futures):
            try:
                result = future.result()
            except Exception as exc:
                result = BatchResult(name_of[future.key], "mislukt", 0.0, f"dask-taak afgebroken: {exc}", 1)
            results[result.gemeente] = finished(result)
    finally:
        client.close()
    return [results[t["gemeente"]] for t in tasks]


def batch_cli(args: argparse.Namespace) -> int:
    """`sdmonitor batch` (called by cli.py): exit 0 if every municipality succeeded, else 4."""
    gemeenten = [g.strip() for g in args.gemeenten.split(",") if g.strip()] if args.gemeenten else None
    quiet = bool(getattr(args, "quiet", False))
    results = batch(args.data, args.periode, gemeenten=gemeenten, peildatum=getattr(args, "peildatum", None),
                    out=getattr(args, "out", None), workers=args.workers, executor=args.executor,
                    scheduler=args.scheduler, quiet=quiet)
    if not quiet:
        print(summary_table(results))
    failed = [r for r in results if r.status != "ok"]
    if failed:
        print(f"sdmonitor: {len(failed)} van {len(results)} gemeente(n) mislukt: "
              + ", ".join(r.gemeente for r in failed), file=sys.stderr)
        return 4
    return 0
