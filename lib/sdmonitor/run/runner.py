"""`sdmonitor run`: figures, chapter notebooks (papermill), report, manifest.

A run builds everything in a temporary folder next to its target (same filesystem, so the final
move is a rename) and only replaces `OUT/<gemeente>/<periode>/` when every step succeeded,
including the privacy scan. Any failure — an exception, Ctrl-C or SIGTERM — removes the temporary
folder and leaves an earlier report exactly as it was; leftovers of a run killed outright are
removed by the next run (`safe_output.clean_stale_temp`).

One pass per edition: the runner validates the input once and computes everything a chapter
shows (`intern/`: `kpis.csv`, `kpi-overzicht.csv`, `hoofdstuk-invoer.json`, the exact changes)
before the notebooks, with the published `cijfers.csv`, `kpi-overzicht.csv` and `wijzigingen.csv`
at the top (INTERFACE §4: the top is publishable as it is; `intern/` is the user's only, 0700 and
0600, and is not part of the publication scan). Chapters read only the internal files, never the
input folder (`kernels.IN_RUN_ENV`), so a file that changes during the run cannot mix two versions
into one report; manifest.json hashes exactly the bytes that were parsed. The chapters run on a
small pool of shared kernels (`kernels`), started while the figures are computed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from sdmonitor import config, termination
from sdmonitor.edition_folder import FIGURES, intern_dir, make_private
from sdmonitor.errors import ChapterError, SdmonitorError, UsageError
from sdmonitor.ingest import store
from sdmonitor.ingest.dataset import Dataset, load_dataset
from sdmonitor.parameters import Gemeente, analyst_commentary, chapter_names, resolve_gemeente
from sdmonitor.periods import Periode, check_peildatum, parse_peildatum
from sdmonitor.run import kernels, papermill_engine, tekstcontrole_run
from sdmonitor.run.edition_files import private_dir, write_changes, write_figures
from sdmonitor.safe_output import check_output_location, clean_stale_temp, contained, output_error, temp_prefix

KERNEL = kernels.KERNEL


@dataclass
class Prepared:
    """Figures computed once by the runner, before any notebook runs."""

    figures: pd.DataFrame
    peildatum: date
    selection: Any | None = None
    from_cache: bool = False


# --- steps -----------------------------------------------------------------------------------


def prepare(dataset: Dataset, gemeente: Gemeente, periode: Periode, peildatum: date | None,
            folder: Path | None = None, lanes: int = 1) -> Prepared:
    """One selection (peildatum, reconciliation) and the figure table computed from it, in
    `lanes` processes (`kpis.figure_table`).

    With the input `folder`, the figures of an unchanged edition come from the edition cache
    (`edition_cache`: the same entry `sdmonitor kpis` and `open_edition` use; its key holds every
    input file, the parameters and the library); the selection is always made, the chapters and
    the reconciliation need it."""
    from sdmonitor.figures.kpis import figure_table
    from sdmonitor.ingest.selection import check_edition, default_peildatum, select
    from sdmonitor.workbook import edition_cache
    from sdmonitor.workbook.edition import benchmark_rows

    check_edition(dataset, gemeente, periode, peildatum or default_peildatum(dataset, periode))
    selection = select(dataset, gemeente, periode, peildatum)
    key = edition_cache.edition_key(gemeente, periode, peildatum, folder) if folder is not None else None
    stored = edition_cache.load(key) if key is not None else None
    if stored is not None and stored[2] == selection.peildatum:
        return Prepared(figures=stored[0], peildatum=selection.peildatum, selection=selection, from_cache=True)
    figures = figure_table(selection, lanes)
    if key is not None:
        edition_cache.store(key, figures, benchmark_rows(dataset), selection.peildatum)
    return Prepared(figures=figures, peildatum=selection.peildatum, selection=selection)


def chapters_for(gemeente: Gemeente, notebooks_dir: Path) -> list[tuple[str, Path]]:
    """The chapter notebooks of this municipality, in order, `verantwoording` always last."""
    available = {}
    for path in sorted(Path(notebooks_dir).glob("[0-9][0-9]_*.ipynb")):
        available[path.stem.split("_", 1)[1]] = path
    if not available:
        raise UsageError(f"geen hoofdstuknotebooks (NN_naam.ipynb) gevonden in '{notebooks_dir}'")
    names = chapter_names(gemeente, list(available))
    missing = [n for n in names if n not in available]
    if missing:
        raise UsageError(
            f"hoofdstuk(ken) {', '.join(missing)} van gemeente {gemeente.naam} ontbreken in '{notebooks_dir}' "
            f"(beschikbaar: {', '.join(available)})")
    return [(n, available[n]) for n in names]


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
    except Exception:
        return f"cel met index {fallback_index}"
    return f"cel {position} (`{first}`)"


def execute_chapter(name: str, source: Path, target: Path, parameters: dict[str, str], cwd: Path,
                    km: Any = None) -> float:
    """Run one chapter with papermill, in a kernel of its own started in `cwd`, or on the running
    kernel `km` (`kernels.KernelPool`); returns seconds. Failures become `ChapterError`."""
    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    # On a shared kernel papermill must not chdir: the process's folder is shared by its threads.
    engine = {"engine_name": papermill_engine.ENGINE, "km": km} if km is not None else {"cwd": str(cwd)}
    started = time.perf_counter()
    try:
        executed = papermill.execute_notebook(str(source), str(target), parameters=parameters, kernel_name=KERNEL,
                                              progress_bar=False, log_output=False, **engine)
    except PapermillExecutionError as exc:
        raise ChapterError(
            f"hoofdstuk '{name}' ({source.name}) faalde in {_failing_cell(source, target, exc.cell_index)}"
            f" (uitvoering [{exc.exec_count}]): {exc.ename}: {exc.evalue}") from None
    except (KeyboardInterrupt, SdmonitorError):
        raise
    except DeadKernelError:
        raise ChapterError(f"hoofdstuk '{name}' ({source.name}) kon niet worden uitgevoerd: de kernel stopte "
                           "onverwacht tijdens het hoofdstuk (geheugen op, of het proces werd beëindigd)") from None
    except Exception as exc:
        raise ChapterError(f"hoofdstuk '{name}' ({source.name}) kon niet worden uitgevoerd: "
                           f"{type(exc).__name__}: {exc}") from None
    lost = papermill_engine.unannounced_cells(executed)
    if lost:  # a cell's output may be missing: the report would be incomplete without a word
        raise papermill_engine.OutputLost(f"hoofdstuk '{name}' ({source.name}): de kernel meldde cel {lost[0] + 1} "
                                          "van het uitgevoerde notebook niet; de uitvoer is onvolledig")
    return time.perf_counter() - started


def execute_chapters(pool: kernels.KernelPool, chapters: list[tuple[str, Path]], parameters: dict[str, str],
                     folder: Path, cwd: Path, say: Callable[[str], None]) -> tuple[list[tuple[str, Path]],
                                                                                   dict[str, float]]:
    """Every chapter on the pool's kernels; returns the executed notebooks in chapter order and
    the seconds per chapter (`hoofdstuk.<naam>`). The first failing chapter's error is raised."""
    jobs = [kernels.Job(i, name, source, folder / source.name) for i, (name, source) in enumerate(chapters)]
    # Longest first (a chapter's code cells stand for its time: Jeugd and Wmo draw most charts), so
    # the kernels finish together; the outputs keep chapter order (index).
    jobs.sort(key=lambda job: -_code_cells(job.source))
    with papermill_engine.quiet_papermill():
        seconds = pool.run(jobs, lambda job, km: execute_chapter(job.name, job.source, job.target, parameters,
                                                                 cwd, km=km),
                           on_start=lambda job: say(f"hoofdstuk {job.name} ..."))
    jobs.sort(key=lambda job: job.index)
    return [(job.name, job.target) for job in jobs], {f"hoofdstuk.{job.name}": seconds[job.name] for job in jobs}


def _code_cells(path: Path) -> int:
    try:
        return sum(cell.cell_type == "code" for cell in nbformat.read(str(path), as_version=4).cells)
    except Exception:
        return 0


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


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed run created, deepest first, where they are still empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (another run wrote there) or gone: leave it and its parents


def report_folder(out: Path, gemeente: Gemeente, periode: Periode) -> Path:
    """`OUT/<gemeente-name-lowercase>/<periode>/` (INTERFACE §4); the name is made a safe folder
    name and the result is checked to lie inside OUT."""
    return contained(Path(out) / gemeente.folder_name / str(periode), Path(out))


# --- run -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunRequest:
    """One edition to build: the options of `sdmonitor run`, and what `batch` shares between runs.

    `kernel_count`: kernels running chapters side by side (default `kernels.pool_size`: one per
    core up to 2, or `SDMONITOR_KERNELS`); `batch` with several workers asks for 1 each.
    `pool`: running kernels to use (started in `notebooks_dir`; `batch` keeps one per process
    across its municipalities), else the run starts and stops its own.
    `dataset`: the validated input when the caller has it already (`batch`), else read from `data`.

    `vorige`: an earlier edition's folder to compare with (default: the latest earlier periode of
    the gemeente under OUT), old layout or new; the comparison is written as `wijzigingen.csv`
    (published values) and `intern/wijzigingen-exact.csv`.

    `tekstcontrole`: `waarschuwen` or `streng` (default: the parameters' `tekstcontrole`, else
    waarschuwen): the analyst's text checked against the figures (`run.tekstcontrole_run`)."""

    data: str | Path
    gemeente: str | Gemeente
    periode: str | Periode
    peildatum: str | date | None = None
    out: str | Path | None = None
    pdf: bool = False
    notebooks_dir: str | Path | None = None
    vorige: str | Path | None = None
    kernel_count: int | None = None
    dataset: Dataset | None = None
    pool: kernels.KernelPool | None = None
    progress: Callable[[str], None] | None = None
    tekstcontrole: str | None = None


@dataclass(frozen=True)
class _Checked:
    """A request with its options resolved and checked, before the data is read."""

    gemeente: Gemeente
    periode: Periode
    peildatum: date | None
    titels: dict[str, str]
    controle: str
    notebooks_dir: Path
    chapters: list[tuple[str, Path]]
    kernel_count: int
    data_dir: Path
    out_root: Path


def _check(request: RunRequest) -> _Checked:
    """Every usage error (exit 2) that can be found before the data is read, in this order."""
    from sdmonitor.publish import titels

    g = request.gemeente if isinstance(request.gemeente, Gemeente) else resolve_gemeente(request.gemeente)
    eigen_titels = titels.eigen_titels(g)  # a malformed `titels` stops the run before any chapter
    p = request.periode if isinstance(request.periode, Periode) else Periode.parse(request.periode)
    analyst_commentary(g, str(p))  # a broken commentary file (exit 2, file and line) stops the run before any chapter
    controle = tekstcontrole_run.mode(g, request.tekstcontrole)
    peildatum = request.peildatum
    wanted_peildatum = peildatum if isinstance(peildatum, date) or peildatum is None else parse_peildatum(peildatum)
    check_peildatum(p, wanted_peildatum)  # --periode after --peildatum: exit 2 before the data is read
    nb_dir = Path(request.notebooks_dir).resolve() if request.notebooks_dir else config.notebooks_dir()
    chapters = chapters_for(g, nb_dir)
    size = kernels.pool_size(len(chapters), request.kernel_count)  # a malformed SDMONITOR_KERNELS: exit 2 here
    out_root = Path(request.out) if request.out else config.reports_dir()
    check_output_location(out_root, folder=True)
    return _Checked(g, p, wanted_peildatum, eigen_titels, controle, nb_dir, chapters, size,
                    Path(request.data).resolve(), out_root)


def _manifest_parameters(checked: _Checked, prepared: Prepared, vorige_dir: Path | None) -> dict[str, Any]:
    """The edition's parameters for manifest.json; they name no folder (the data folder's path may
    name a person or a client)."""
    g = checked.gemeente
    return {"gemeente": g.code, "periode": str(checked.periode), "peildatum": prepared.peildatum.isoformat(),
            "gemeente_naam": g.naam, "drempel": g.drempel_kleine_aantallen,
            "hoofdstukken": [n for n, _ in checked.chapters],
            "vorige": vorige_dir.name if vorige_dir else None,
            "peildatum_opgegeven": checked.peildatum.isoformat() if checked.peildatum else None,
            "cijfers_uit_cache": prepared.from_cache}


def run(request: RunRequest) -> Path:
    """Build one edition of the monitor and return its folder. See the module docstring."""
    from sdmonitor import privacy
    from sdmonitor.publish import cijfers, report
    from sdmonitor.publish import pdf as pdf_print
    from sdmonitor.run import manifest

    pdf = request.pdf
    # Without Chromium the HTML is still built and published; the missing PDF is reported (exit 2) after.
    chromium = pdf_print.find_chromium() if pdf else None
    say = request.progress or (lambda _msg: None)
    checked = _check(request)
    g, p, wanted_peildatum, eigen_titels = checked.gemeente, checked.periode, checked.peildatum, checked.titels
    nb_dir, chapters, size, controle = checked.notebooks_dir, checked.chapters, checked.kernel_count, checked.controle
    data_dir, out_root = checked.data_dir, checked.out_root
    # The kernels start and import while the input is read and the figures are computed (an
    # unchanged edition is ready before its kernels otherwise); closing the pool (also on an error,
    # Ctrl-C or SIGTERM) kills every one of them. An input not validated before may be refused:
    # its kernels start once it is valid (they still warm up while the figures are computed), so a
    # refused input costs no kernel start.
    own_pool = request.pool is None
    if request.pool is not None:
        request.pool.start()  # a shared pool starts with its first run (nothing when it already runs)
    known_valid = request.dataset is not None or store.validated(data_dir)
    with ExitStack() as stack:
        def own_kernels() -> kernels.KernelPool:
            return stack.enter_context(kernels.KernelPool(size, nb_dir))

        pool = request.pool if request.pool is not None else own_kernels() if known_valid else None
        # invalid data stops here, before anything is written
        dataset = request.dataset if request.dataset is not None else load_dataset(data_dir, gemeente=g.code)
        pool = pool if pool is not None else own_kernels()
        started = time.perf_counter()
        say("cijfers ...")
        # no data for the edition: exit 3, nothing written
        # The run's share of the cores: as many lanes as it has kernels (`batch` with several
        # workers gives each one kernel), at most what this process may use.
        from sdmonitor.figures.kpis import command_lanes

        lanes = min(command_lanes(), size)
        prepared = prepare(dataset, g, p, wanted_peildatum, data_dir, lanes=lanes)
        timings: dict[str, float] = {"cijfers": time.perf_counter() - started}
        target = report_folder(out_root, g, p)
        from sdmonitor.figures.wijzigingen import resolve_vorige

        vorige_dir = resolve_vorige(request.vorige, target.parent, p, g.code, g.drempel_kleine_aantallen)
        drempel = g.drempel_kleine_aantallen

        # Folders this run creates (OUT, OUT/<gemeente>) go again when it fails: no empty husk.
        created = [d for d in (target.parent, *target.parent.parents) if not d.exists()]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            clean_stale_temp(target.parent)
            temp = Path(tempfile.mkdtemp(prefix=temp_prefix(str(p)), dir=target.parent))
            # mkdtemp makes the folder private (0700); a published report is read by colleagues too
            # (what is not for them goes into intern/, 0700 from the start).
            temp.chmod(0o755)
        except OSError as exc:
            raise output_error(target.parent, exc) from None
        try:
            t0 = time.perf_counter()
            # The earlier edition's published figures, read once: the audit counts them as known,
            # and `wijzigingen.csv` compares with them.
            vorige = cijfers.previous_cijfers(vorige_dir, drempel) if vorige_dir is not None else None
            written = write_figures(prepared, dataset, p, temp, drempel=drempel, vorige=vorige, lanes=lanes)
            written += write_changes(vorige_dir, prepared.figures, temp, vorige)  # before the chapters read it
            # The analyst's text against the figures, before any chapter: strict mode stops here.
            tekstcontrole_run.enforce(tekstcontrole_run.check_edition(temp, g, p), controle)
            written.append(f"intern/{tekstcontrole_run.FILE}")
            timings["cijfers"] += time.perf_counter() - t0

            notebooks_out = private_dir(temp) / "notebooks"
            notebooks_out.mkdir()
            parameters = {
                "gemeente": g.code, "periode": str(p), "peildatum": prepared.peildatum.isoformat(),
                "data": str(data_dir), "figures": str(intern_dir(temp) / FIGURES),
            }
            t0 = time.perf_counter()
            termination.check()  # a SIGTERM whose exception was lost on the way stops the run here
            executed, seconds = execute_chapters(pool, chapters, parameters, notebooks_out, nb_dir, say)
            timings.update(seconds)
            timings["hoofdstukken"] = time.perf_counter() - t0  # wall time: chapters run side by side
            if own_pool:
                pool.close()  # the kernels' memory is free before the report is built

            say("rapport ...")
            t0 = time.perf_counter()
            generated_at = datetime.now().astimezone()
            meta = report.ReportMeta(gemeente=g.naam, periode=p, peildatum=prepared.peildatum,
                                     generated_at=generated_at, drempel=drempel, titels=eigen_titels,
                                     peildatum_standaard=wanted_peildatum is None)
            page = report.build_html(executed, meta)
            (temp / "monitor.html").write_text(page, encoding="utf-8")
            timings["rapport"] = time.perf_counter() - t0
            if chromium:
                say("PDF ...")
                t0 = time.perf_counter()
                pdf_print.write_pdf(page, temp / "monitor.pdf", chromium)
                written.append("monitor.pdf")
                timings["pdf"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            privacy.assert_clean(temp, dataset)  # after the PDF: every published file is scanned
            timings["privacycontrole"] = time.perf_counter() - t0
            timings["totaal"] = time.perf_counter() - started

            # Only published files are listed (and hashed): the manifest is published itself.
            published = ["monitor.html", *(f for f in written if "/" not in f)]
            outputs = {f: manifest.sha256_file(temp / f) for f in published}
            doc = manifest.build_manifest(
                parameters=_manifest_parameters(checked, prepared, vorige_dir), peildatum=prepared.peildatum,
                data=data_dir, timings=timings, reconciliation=None, outputs=outputs, created_at=generated_at,
                inputs=dataset.hashes or None,
            )
            manifest.write_manifest(doc, temp / "manifest.json")
            privacy.assert_clean(temp, dataset, names=["manifest.json"])
            # Last, so every file written into intern/ (notebooks included) is the user's only.
            make_private(intern_dir(temp))
            termination.check()  # ... and at the latest here: nothing is published after a SIGTERM
            _replace_atomically(temp, target)
        except OSError as exc:
            shutil.rmtree(temp, ignore_errors=True)
            _remove_empty(created)
            raise output_error(target, exc) from None
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            _remove_empty(created)
            raise
    if pdf and not chromium:
        pdf_print.require_chromium()
    return target


def run_cli(args: argparse.Namespace) -> int:
    """`sdmonitor run` (called by cli.py)."""
    folder = run(RunRequest(args.data, args.gemeente, args.periode, peildatum=args.peildatum, out=args.out,
                            pdf=bool(getattr(args, "pdf", False)), vorige=getattr(args, "vorige", None),
                            progress=lambda msg: print(f"sdmonitor: {msg}", file=sys.stderr),
                            tekstcontrole=getattr(args, "tekstcontrole", None)))
    print(f"Monitor geschreven naar {folder}")
    for line in tekstcontrole_run.summary(folder):
        print(line)
    return 0
