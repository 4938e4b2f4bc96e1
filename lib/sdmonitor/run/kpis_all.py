"""Every municipality's figures in one pass (issue 25): `sdmonitor kpis --gemeente ALL`, and the
first step of `sdmonitor batch`.

The input's lines are read once (`split.read_split`: one DuckDB read of the validated-input cache,
ordered by gemeente, cut into one slice per municipality), then the figure tables are computed
from those slices by a pool of worker processes forked *after* the read, so the slices are shared,
not copied or sent. Each municipality's figures are computed exactly as `sdmonitor kpis --gemeente
<code>` computes them (`edition_figures`, the one place for that), written to
`<out>/<CBS-code>/kpis.csv` (with `--out`) and stored in the edition cache, so a following `run`
or `batch` of that municipality takes its figures from there. An edition already in the edition
cache is copied, not computed (as the single form does).

One municipality that fails (unknown periode for it, a broken parameters file, an unexpected
error) fails alone, with its reason; the others are written. Its folder then holds no
`kpis.csv` (an older one of sdmonitor is removed: the folder never shows last time's figures as
this pass's).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdmonitor import termination
from sdmonitor.errors import SdmonitorError, UsageError
from sdmonitor.parameters import CODE_PATTERN
from sdmonitor.periods import Periode

if TYPE_CHECKING:
    import pandas as pd

    from sdmonitor.ingest.dataset import Dataset
    from sdmonitor.ingest.split import Split
    from sdmonitor.parameters import Gemeente

ALL = "ALL"  # `--gemeente ALL`: every municipality with declaraties in the input
WORKERS = 2  # processes computing figures side by side (this machine has 2 cores)


@dataclass(frozen=True)
class Outcome:
    """One municipality of a pass: `cijfers` figures written or stored, or why it failed."""

    gemeente: str  # as asked: a CBS code (ALL) or the text given to `batch`
    ok: bool
    cijfers: int = 0
    message: str = ""
    exit_code: int = 0
    from_cache: bool = False


def edition_figures(dataset: Dataset, gemeente: Gemeente, periode: Periode, peildatum: date | None,
                    lanes: int = 1) -> tuple[pd.DataFrame, pd.DataFrame | None, date]:
    """(figure table, the input's benchmark rows, the peildatum used) of one edition, as `sdmonitor
    kpis` computes them; `InvalidDataError` when the data holds nothing to report for it. `lanes`:
    see `figure_table` (a pass's workers use 1: the pass already keeps every core busy)."""
    from sdmonitor.figures.kpis import figure_table
    from sdmonitor.ingest.selection import check_edition, default_peildatum, select
    from sdmonitor.workbook.edition_inputs import benchmark_rows

    check_edition(dataset, gemeente, periode, peildatum or default_peildatum(dataset, periode))
    selection = select(dataset, gemeente, periode, peildatum)
    return figure_table(selection, lanes), benchmark_rows(dataset), selection.peildatum


@dataclass(frozen=True)
class Pass:
    """What every job of one pass shares (inherited by the forked workers)."""

    folder: Path
    periode: Periode
    peildatum: date | None
    out: Path | None
    force: bool
    keep: int


_SPLIT: Split | None = None  # set in the parent before the workers fork: they share its memory
_PASS: Pass | None = None


def target_of(out: Path, code: str) -> Path:
    """Where a municipality's figures go: `<out>/<CBS-code>/kpis.csv`."""
    return out / code.upper() / "kpis.csv"


def _failed(text: str, exc: BaseException) -> Outcome:
    if isinstance(exc, SdmonitorError):
        return Outcome(text, False, message=str(exc), exit_code=exc.exit_code)
    return Outcome(text, False, message=f"onverwachte fout: {type(exc).__name__}: {exc}", exit_code=1)


def _drop_stale(target: Path, job: Pass) -> None:
    """A failed municipality's older kpis.csv of sdmonitor goes (never one that is not ours)."""
    from sdmonitor.safe_output import check_figures_target

    try:
        check_figures_target(target, job.folder, force=False)
        target.unlink(missing_ok=True)
    except (UsageError, OSError):
        pass


def _compute(text: str) -> Outcome:
    """One municipality's figures from the shared slices (in a worker, or in process). Never
    raises: one municipality cannot stop the others."""
    from sdmonitor.parameters import resolve_gemeente
    from sdmonitor.workbook import edition_cache

    assert _SPLIT is not None and _PASS is not None
    job = _PASS
    target = None
    try:
        gemeente = resolve_gemeente(text)
        if job.out is not None:
            target = target_of(job.out, gemeente.code)
        table, bench, peildatum = edition_figures(_SPLIT.dataset(gemeente.code), gemeente, job.periode, job.peildatum)
        written = None
        if target is not None:
            from sdmonitor.figures.kpis import write_kpis_csv

            written = write_kpis_csv(table, target)
        edition_cache.store(edition_cache.edition_key(gemeente, job.periode, job.peildatum, job.folder),
                            table, bench, peildatum, keep=job.keep, csv=written)
        return Outcome(text, True, cijfers=len(table))
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        if target is not None:
            _drop_stale(target, job)
        return _failed(text, exc)


def _from_cache(text: str, job: Pass) -> tuple[str | None, Outcome | None]:
    """(code, None) when the municipality must be computed; (code or None, outcome) when its
    figures came from the edition cache or it failed before any data is read."""
    from sdmonitor.parameters import resolve_gemeente
    from sdmonitor.safe_output import check_figures_target
    from sdmonitor.workbook import edition_cache

    target = None
    try:
        gemeente = resolve_gemeente(text)
        key = edition_cache.edition_key(gemeente, job.periode, job.peildatum, job.folder)
        if job.out is None:
            return (gemeente.code, Outcome(text, True, from_cache=True)) if edition_cache.has(key) \
                else (gemeente.code, None)
        target = target_of(job.out, gemeente.code)
        check_figures_target(target, job.folder, force=job.force)  # not over a file that is not ours
        written = edition_cache.copy_figures(key, target)
        return gemeente.code, None if written is None else Outcome(text, True, cijfers=written, from_cache=True)
    except SdmonitorError as exc:
        if job.out is not None and target is None and CODE_PATTERN.fullmatch(text.strip().upper()):
            _drop_stale(target_of(job.out, text.strip()), job)  # its own settings are broken
        return None, _failed(text, exc)


def compute_all(folder: str | Path, periode: Periode, peildatum: date | None = None,
                gemeenten: list[str] | None = None, out: str | Path | None = None, workers: int = WORKERS,
                force: bool = False, done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """The figures of `gemeenten` (CBS codes or names; None: every municipality with declaraties)
    in one pass: written to `<out>/<code>/kpis.csv` when `out` is given, and always stored in the
    edition cache. One outcome per municipality, in the order asked (None: by code); `done` is
    called as each one finishes. Raises `InvalidDataError` (exit 3) for invalid input, before
    anything is written."""
    global _SPLIT, _PASS
    from sdmonitor.cache_io import cache_root
    from sdmonitor.ingest.split import municipalities, read_split
    from sdmonitor.workbook import edition_cache

    if workers < 1:
        raise UsageError("--workers moet 1 of meer zijn")
    folder = Path(folder).resolve()
    split = None
    if gemeenten is None:
        if cache_root() is None:  # no cache: the whole dataset is validated once and shared
            split = read_split(folder)
            texts = split.gemeenten()
        else:
            texts = municipalities(folder)
    else:
        texts = list(gemeenten)
    job = Pass(folder, periode, peildatum, None if out is None else Path(out), force,
               keep=edition_cache.KEEP + len(texts))
    report = done or (lambda outcome: None)
    outcomes: dict[str, Outcome] = {}
    pending: dict[str, str] = {}  # text -> code
    for text in texts:
        code, outcome = _from_cache(text, job)
        if outcome is None and code is not None:
            pending[text] = code
        elif outcome is not None:
            outcomes[text] = outcome
            report(outcome)
    if pending:
        if split is None:
            split = read_split(folder, sorted(set(pending.values())))
        sizes = split.sizes()
        order = sorted(pending, key=lambda t: -sizes.get(pending[t], 0))  # the largest first: end together
        _SPLIT, _PASS = split, job
        import sdmonitor.figures.kpis  # noqa: F401  imported once, before the fork: shared by the workers
        try:
            for outcome in _run(order, workers):
                outcomes[outcome.gemeente] = outcome
                report(outcome)
        finally:
            _SPLIT, _PASS = None, None
    return [outcomes[t] for t in texts]


def _worker_signals() -> None:
    """A forked worker inherits the command's SIGTERM handler (`cli`: raise, to clean up), which the
    executor would catch as a failed task and then go on with the next one. A worker just stops on
    SIGTERM (the parent stops them on Ctrl-C or SIGTERM) and leaves Ctrl-C to the parent."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(texts: list[str], workers: int):
    """`_compute` of each text: in process for one worker or one municipality, else on forked
    workers (fork, after the read: the slices are shared). A lost worker fails its municipalities
    with that reason, not the pass."""
    if workers == 1 or len(texts) == 1:
        for text in texts:
            termination.check()  # a SIGTERM whose exception was lost: no next municipality
            yield _compute(text)
        return
    pool = ProcessPoolExecutor(max_workers=min(workers, len(texts)), mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_signals)
    try:
        with termination.deferred():  # the workers fork here: a SIGTERM in their hooks would be dropped
            futures = {pool.submit(_compute, text): text for text in texts}
        for future in as_completed(futures):
            termination.check()
            try:
                yield future.result()
            except BrokenProcessPool:
                yield Outcome(futures[future], False, message="werkproces afgebroken (geheugen?); probeer deze "
                              "gemeente opnieuw met sdmonitor kpis --gemeente <code>", exit_code=1)
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        raise
    else:
        pool.shutdown(wait=True)


def exit_code(outcomes: list[Outcome]) -> int:
    """0 when every municipality succeeded, else 4 (as `batch`): some failed, the others are written."""
    return 0 if all(o.ok for o in outcomes) else 4


def kpis_all_cli(args: Any) -> int:
    """`sdmonitor kpis --gemeente ALL --out DIR` (called by cli.py)."""
    from sdmonitor.periods import check_peildatum, parse_peildatum
    from sdmonitor.safe_output import check_figures_target, check_output_location

    periode = Periode.parse(args.periode)
    peildatum = parse_peildatum(args.peildatum)
    check_peildatum(periode, peildatum)
    out = Path(args.out)
    check_output_location(out, folder=True)  # a file: "geef een map op", exit 2
    folder = Path(args.data)
    if not folder.is_dir():
        raise UsageError(f"datamap '{folder}' bestaat niet of is geen map")
    check_figures_target(out, folder, force=args.force)  # never inside the input folder
    started = time.perf_counter()

    def said(outcome: Outcome) -> None:
        if not outcome.ok:
            print(f"sdmonitor: {outcome.gemeente}: {outcome.message}", file=sys.stderr, flush=True)

    outcomes = compute_all(folder, periode, peildatum, out=out, force=args.force, done=said,
                           workers=WORKERS if args.workers is None else args.workers)
    good = [o for o in outcomes if o.ok]
    cached = sum(o.from_cache for o in good)
    print(f"{len(good)} van {len(outcomes)} gemeenten: {sum(o.cijfers for o in good)} cijfers geschreven naar "
          f"{out}{os.sep}<CBS-code>{os.sep}kpis.csv in {time.perf_counter() - started:.1f} s"
          + (f" ({cached} uit de editiecache)" if cached else ""))
    failed = [o for o in outcomes if not o.ok]
    if failed:
        print(f"sdmonitor: {len(failed)} van {len(outcomes)} gemeente(n) mislukt: "
              + ", ".join(o.gemeente for o in failed), file=sys.stderr)
    return exit_code(outcomes)


__all__ = ["ALL", "WORKERS", "Outcome", "compute_all", "edition_figures", "exit_code", "kpis_all_cli", "target_of"]
