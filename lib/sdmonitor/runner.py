"""`sdmonitor run` and `sdmonitor batch`: figures, chapter notebooks (papermill), report, manifest.

A run builds everything in a temporary folder next to its target (same filesystem, so the final
move is a rename) and only replaces `OUT/<gemeente>/<periode>/` when every step succeeded,
including the privacy scan. Any failure — an exception, Ctrl-C or SIGTERM — removes the temporary
folder and leaves an earlier report exactly as it was; leftovers of a run killed outright are
removed by the next run (`safe_output.clean_stale_temp`).

Every chapter reads the same data: the runner validates the input once, writes that `Dataset`
as a snapshot in a private temporary folder and points the kernels at it (`SDMONITOR_SNAPSHOT`),
so a file that changes during the run cannot mix two versions into one report; manifest.json
hashes exactly the bytes that were parsed.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterator

import nbformat
import pandas as pd

from . import config
from .dataset import Dataset, load_dataset, snapshot_environment
from .errors import ChapterError, SdmonitorError, UsageError
from .parameters import Gemeente, parameter_files, resolve_gemeente
from .periods import Periode, parse_peildatum
from .progress import forward_progress, summary_table
from .safe_output import check_output_location, clean_stale_temp, contained, output_error, temp_prefix

ALWAYS_LAST = "verantwoording"
KERNEL = "python3"


@dataclass
class Prepared:
    """Figures computed once by the runner, before any notebook runs."""

    figures: pd.DataFrame
    peildatum: date
    selection: Any | None = None


@dataclass(frozen=True)
class BatchResult:
    gemeente: str
    status: str  # "ok" or "mislukt"
    seconds: float
    message: str
    exit_code: int


# --- steps -----------------------------------------------------------------------------------


def prepare(dataset: Dataset, gemeente: Gemeente, periode: Periode, peildatum: date | None) -> Prepared:
    """One selection (peildatum, reconciliation) and the figure table computed from it."""
    from .kpis import figure_table
    from .selection import check_edition, default_peildatum, select

    check_edition(dataset, gemeente, periode, peildatum or default_peildatum(dataset, periode))
    selection = select(dataset, gemeente, periode, peildatum)
    return Prepared(figures=figure_table(selection), peildatum=selection.peildatum, selection=selection)


def write_figures(prepared: Prepared, dataset: Dataset, periode: Periode, folder: Path) -> list[str]:
    """`kpis.csv` and `kpi-overzicht.csv`. Returns the file names written."""
    from .kpi_overzicht import kpi_overzicht, write_kpi_overzicht_csv
    from .kpis import write_kpis_csv

    write_kpis_csv(prepared.figures, folder / "kpis.csv")
    write_kpi_overzicht_csv(kpi_overzicht(prepared.figures, prepared.selection, periode),
                            folder / "kpi-overzicht.csv")
    return ["kpis.csv", "kpi-overzicht.csv"]


KPI_BIJLAGE = "bijlage_kpi"


def chapters_for(gemeente: Gemeente, notebooks_dir: Path) -> list[tuple[str, Path]]:
    """The chapter notebooks of this municipality, in order, `verantwoording` always last."""
    available = {}
    for path in sorted(Path(notebooks_dir).glob("[0-9][0-9]_*.ipynb")):
        available[path.stem.split("_", 1)[1]] = path
    if not available:
        raise UsageError(f"geen hoofdstuknotebooks (NN_naam.ipynb) gevonden in '{notebooks_dir}'")
    names = list(gemeente.hoofdstukken) or [n for n in available if n != ALWAYS_LAST]
    names = [n for n in names if n != ALWAYS_LAST] + [ALWAYS_LAST]
    if not gemeente.raw.get("kpi_set"):
        # The KPI appendix is a council's own set of KPIs: only for a municipality that names one.
        names = [n for n in names if n != KPI_BIJLAGE]
    missing = [n for n in names if n not in available]
    if missing:
        raise UsageError(
            f"hoofdstuk(ken) {', '.join(missing)} van gemeente {gemeente.naam} ontbreken in '{notebooks_dir}' "
            f"(beschikbaar: {', '.join(available)})")
    return [(n, available[n]) for n in names]


@contextmanager
def _kernel_environment() -> Iterator[None]:
    # The kernel inherits this process's environment: headless matplotlib, and the same
    # sdmonitor the runner imported (even when not installed editable).
    saved = {k: os.environ.get(k) for k in ("MPLBACKEND", "PYTHONPATH")}
    # papermill warns about every parameter it cannot parse for --help-notebook; the runner
    # passes exactly the contract's five, so those warnings are noise for the user.
    pm_logger = logging.getLogger("papermill")
    pm_level = pm_logger.level
    pm_logger.setLevel(logging.ERROR)
    os.environ["MPLBACKEND"] = "Agg"
    lib = str(config.PACKAGE_DIR.parent)
    os.environ["PYTHONPATH"] = os.pathsep.join([lib] + ([saved["PYTHONPATH"]] if saved["PYTHONPATH"] else []))
    try:
        yield
    finally:
        pm_logger.setLevel(pm_level)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def _quiet_kernels() -> Iterator[None]:
    """Send fd 2 to /dev/null while kernels run (they inherit it): ipykernel's TCP warning and
    zmq shutdown tracebacks are noise, and cell errors reach us through papermill anyway.
    `SDMONITOR_DEBUG=1` keeps them."""
    if os.environ.get("SDMONITOR_DEBUG"):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _failing_cell(source: Path, executed: Path, fallback_index: int) -> str:
    """'cel 4 (`raise ...`)': the failing cell's 1-based position in the chapter's own notebook.

    papermill's `cell_index` counts the cells it inserted (parameters, error banners), so the
    cell is found by its id in the executed notebook and looked up in the source notebook.
    """
    try:
        ran = nbformat.read(str(executed), as_version=4)
        failed = next(c for c in ran.cells if any(o.get("output_type") == "error" for o in c.get("outputs", [])))
        original = nbformat.read(str(source), as_version=4)
        position = next(i for i, c in enumerate(original.cells) if c.get("id") == failed.get("id")) + 1
        first = failed.source.strip().splitlines()[0][:80]
    except Exception:  # noqa: BLE001 - only decorates the message
        return f"cel met index {fallback_index}"
    return f"cel {position} (`{first}`)"


def execute_chapter(name: str, source: Path, target: Path, parameters: dict[str, str], cwd: Path) -> float:
    """Run one chapter with papermill; returns seconds. Failures become `ChapterError`."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(source), str(target), parameters=parameters, kernel_name=KERNEL, cwd=str(cwd),
            progress_bar=False, log_output=False,
        )
    except PapermillExecutionError as exc:
        raise ChapterError(
            f"hoofdstuk '{name}' ({source.name}) faalde in {_failing_cell(source, target, exc.cell_index)}"
            f" (uitvoering [{exc.exec_count}]): {exc.ename}: {exc.evalue}") from None
    except (KeyboardInterrupt, SdmonitorError):
        raise
    except Exception as exc:  # noqa: BLE001 - kernel died, notebook unreadable, ...
        raise ChapterError(f"hoofdstuk '{name}' ({source.name}) kon niet worden uitgevoerd: "
                           f"{type(exc).__name__}: {exc}") from None
    return time.perf_counter() - started


def _replace_atomically(temp: Path, target: Path) -> None:
    # rename(2) cannot swap two directories, so the old folder is renamed aside first and only
    # deleted once the new one is in place; if the second rename fails the old one goes back.
    old = None
    if target.exists():
        old = target.with_name(temp_prefix(target.name).replace(".tmp-", ".oud-") + "x")
        os.rename(target, old)
    try:
        os.rename(temp, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def report_folder(out: Path, gemeente: Gemeente, periode: Periode) -> Path:
    """`OUT/<gemeente-name-lowercase>/<periode>/` (INTERFACE §4); the name is made a safe folder
    name and the result is checked to lie inside OUT."""
    return contained(Path(out) / gemeente.folder_name / str(periode), Path(out))


# --- run -------------------------------------------------------------------------------------


def run(data: str | Path, gemeente: str | Gemeente, periode: str | Periode, peildatum: str | date | None = None,
        out: str | Path | None = None, pdf: bool = False, notebooks_dir: str | Path | None = None,
        dataset: Dataset | None = None, progress: Callable[[str], None] | None = None,
        vorige: str | Path | None = None) -> Path:
    """Build one edition of the monitor and return its folder. See the module docstring.

    `vorige`: an earlier edition's folder to compare with (default: the latest earlier periode of
    the gemeente under OUT); the comparison is written as `wijzigingen.csv`."""
    from . import manifest, privacy, report
    from . import pdf as pdf_print

    # Without Chromium the HTML is still built and published; the missing PDF is reported (exit 2) after.
    chromium = pdf_print.find_chromium() if pdf else None
    say = progress or (lambda _msg: None)
    g = gemeente if isinstance(gemeente, Gemeente) else resolve_gemeente(gemeente)
    p = periode if isinstance(periode, Periode) else Periode.parse(periode)
    wanted_peildatum = peildatum if isinstance(peildatum, date) or peildatum is None else parse_peildatum(peildatum)
    nb_dir = Path(notebooks_dir).resolve() if notebooks_dir else config.notebooks_dir()
    chapters = chapters_for(g, nb_dir)
    data_dir = Path(data).resolve()
    out_root = Path(out) if out else config.reports_dir()
    check_output_location(out_root, folder=True)
    if dataset is None:
        dataset = load_dataset(data_dir, gemeente=g.code)  # invalid data stops here, before anything is written
    started = time.perf_counter()
    say("cijfers ...")
    prepared = prepare(dataset, g, p, wanted_peildatum)  # an edition without data: exit 3, nothing written
    timings: dict[str, float] = {"cijfers": time.perf_counter() - started}
    target = report_folder(out_root, g, p)
    from .wijzigingen import resolve_vorige, write_edition_changes

    vorige_dir = resolve_vorige(vorige, target.parent, p)

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temp(target.parent)
        temp = Path(tempfile.mkdtemp(prefix=temp_prefix(str(p)), dir=target.parent))
        # mkdtemp makes the folder private (0700); a published report is read by colleagues too.
        temp.chmod(0o755)
    except OSError as exc:
        raise output_error(target.parent, exc) from None
    try:
        t0 = time.perf_counter()
        written = write_figures(prepared, dataset, p, temp)
        written += write_edition_changes(vorige_dir, prepared.figures, temp)  # before the chapters read it
        timings["cijfers"] += time.perf_counter() - t0

        (temp / "notebooks").mkdir()
        parameters = {
            "gemeente": g.code, "periode": str(p), "peildatum": prepared.peildatum.isoformat(),
            "data": str(data_dir), "figures": str(temp / "kpis.csv"),
        }
        executed = []
        with _kernel_environment(), snapshot_environment(dataset):
            for name, source in chapters:
                say(f"hoofdstuk {name} ...")
                dst = temp / "notebooks" / source.name
                with _quiet_kernels():
                    timings[f"hoofdstuk.{name}"] = execute_chapter(name, source, dst, parameters, nb_dir)
                executed.append((name, dst))

        say("rapport ...")
        t0 = time.perf_counter()
        generated_at = datetime.now().astimezone()
        meta = report.ReportMeta(gemeente=g.naam, periode=p, peildatum=prepared.peildatum,
                                 generated_at=generated_at, drempel=g.drempel_kleine_aantallen)
        page = report.build_html(executed, meta)
        (temp / "monitor.html").write_text(page, encoding="utf-8")
        timings["rapport"] = time.perf_counter() - t0
        if chromium:
            say("PDF ...")
            t0 = time.perf_counter()
            pdf_print.write_pdf(page, temp / "monitor.pdf", chromium)
            written.append("monitor.pdf")
            timings["pdf"] = time.perf_counter() - t0
        privacy.assert_clean(temp, dataset)  # after the PDF: every published file is scanned
        timings["totaal"] = time.perf_counter() - started

        reconciliation = getattr(prepared.selection, "reconciliation", None)
        outputs = {f: manifest.sha256_file(temp / f) for f in ["monitor.html", *written]}
        doc = manifest.build_manifest(
            parameters={**parameters, "figures": "kpis.csv", "gemeente_naam": g.naam,
                        "hoofdstukken": [n for n, _ in chapters],
                        "vorige": str(vorige_dir) if vorige_dir else None,
                        "peildatum_opgegeven": wanted_peildatum.isoformat() if wanted_peildatum else None},
            peildatum=prepared.peildatum, data=data_dir, timings=timings,
            reconciliation=reconciliation, outputs=outputs, created_at=generated_at,
            inputs=dataset.hashes or None,
        )
        manifest.write_manifest(doc, temp / "manifest.json")
        _replace_atomically(temp, target)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise output_error(target, exc) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    if pdf and not chromium:
        pdf_print.require_chromium()
    return target


def run_cli(args: argparse.Namespace) -> int:
    """`sdmonitor run` (called by cli.py)."""
    folder = run(args.data, args.gemeente, args.periode, peildatum=args.peildatum, out=args.out,
                 pdf=bool(getattr(args, "pdf", False)), vorige=getattr(args, "vorige", None),
                 progress=lambda msg: print(f"sdmonitor: {msg}", file=sys.stderr))
    print(f"Monitor geschreven naar {folder}")
    return 0


# --- batch -----------------------------------------------------------------------------------


def _run_one(task: dict[str, Any]) -> BatchResult:
    # Runs in a worker process (or in process): never raises, so one municipality cannot stop others.
    # Progress goes to `progress` (in process) or `progress_queue` (from a worker process).
    task = dict(task)
    queue, report = task.pop("progress_queue", None), task.pop("progress", None)
    if queue is not None:
        task["progress"] = lambda msg, g=task["gemeente"]: queue.put((g, msg))
    elif report is not None:
        task["progress"] = lambda msg, g=task["gemeente"]: report.event(g, msg)
    started = time.perf_counter()
    try:
        folder = run(**task)
        return BatchResult(task["gemeente"], "ok", time.perf_counter() - started, str(folder), 0)
    except SdmonitorError as exc:
        return BatchResult(task["gemeente"], "mislukt", time.perf_counter() - started, str(exc), exc.exit_code)
    except Exception as exc:  # noqa: BLE001
        return BatchResult(task["gemeente"], "mislukt", time.perf_counter() - started,
                           f"onverwachte fout: {type(exc).__name__}: {exc}", 1)


def _display_name(text: str) -> str:
    """The municipality's name for the batch summary; the text itself when its settings are broken
    (that municipality then fails with the reason, the others run)."""
    try:
        return resolve_gemeente(text).naam
    except UsageError:
        return text


def _first_code(chosen: list[str]) -> str | None:
    for text in chosen:
        try:
            return resolve_gemeente(text).code
        except UsageError:
            continue
    return None


def _dask_client(scheduler: str | None, workers: int = 1):
    try:
        from dask.distributed import Client
    except ImportError:
        raise UsageError("--executor dask vraagt het pakket 'dask.distributed', dat niet is geïnstalleerd; "
                         "installeer het (pip install 'dask[distributed]') of gebruik --executor local") from None
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
    Periode.parse(periode)
    parse_peildatum(peildatum)
    # Names, not loaded settings: a broken parameters file fails its own municipality only.
    chosen = list(gemeenten) if gemeenten else [p.stem for p in parameter_files()]
    if not chosen:
        raise UsageError("geen gemeenten gevonden in parameters/")
    client = _dask_client(scheduler, workers) if executor == "dask" else None
    data_dir = Path(data).resolve()
    out_dir = Path(out).resolve() if out else config.reports_dir()
    # Invalid data: exit 3 once, before any municipality runs. With the cache (`store`) the input
    # is validated and cached once here, scoped to the first municipality, and every run reads
    # its own municipality from the cache; without it the whole dataset is shared as before.
    dataset = load_dataset(data_dir, gemeente=_first_code(chosen))
    if getattr(dataset, "scope", None) is not None:
        dataset = None
    tasks = [dict(data=str(data_dir), gemeente=_display_name(g), periode=periode, peildatum=peildatum, out=str(out_dir),
                  notebooks_dir=str(notebooks_dir) if notebooks_dir else None) for g in chosen]
    reporter = _batch_progress(chosen, notebooks_dir, out_dir, periode, quiet, stream)
    try:
        results = _execute(tasks, dataset, workers, client, reporter)
        reporter.log(summary_table(results))
    finally:
        reporter.close()
    return results


def _batch_progress(chosen: list[str], notebooks_dir: str | Path | None, out_dir: Path, periode: str,
                    quiet: bool, stream: Any | None) -> Any:
    from .progress import BatchProgress, log_path

    nb_dir = Path(notebooks_dir).resolve() if notebooks_dir else config.notebooks_dir()
    names = [_display_name(text) for text in chosen]
    steps = {}
    for text, name in zip(chosen, names):
        try:
            steps[name] = len(chapters_for(resolve_gemeente(text), nb_dir)) + 2  # cijfers + chapters + rapport
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
        return [finished(_run_one({**t, "dataset": dataset, "progress": reporter})) for t in tasks]
    results: dict[str, BatchResult] = {}
    # Worker processes send their progress through a manager queue; a thread passes it on.
    manager = multiprocessing.get_context("spawn").Manager()
    queue = manager.Queue()
    reader = threading.Thread(target=forward_progress, args=(queue, reporter), daemon=True)
    reader.start()
    try:
        # spawn: a fresh interpreter per worker, no forked zmq/kernel state from the parent.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {pool.submit(_run_one, {**t, "progress_queue": queue}): t["gemeente"] for t in tasks}
            for future in as_completed(futures):
                name = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - a crashed worker process
                    result = BatchResult(name, "mislukt", 0.0, f"werkproces afgebroken: {exc}", 1)
                queue.put((None, result))
                results[name] = result
    finally:
        queue.put(None)
        reader.join(timeout=10)
        manager.shutdown()
    return [results[t["gemeente"]] for t in tasks]


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
            except Exception as exc:  # noqa: BLE001 - a worker lost or killed
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
