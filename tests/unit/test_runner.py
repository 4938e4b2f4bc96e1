"""Runner: chapter selection, atomic replacement, failures leave the earlier report untouched.

The figure steps (`prepare`, `write_figures`) and data loading are replaced by stand-ins, so
these tests exercise only the runner's own job: papermill, the temp folder and the swap.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from sdmonitor import termination
from sdmonitor.errors import ChapterError, InvalidDataError, UsageError
from sdmonitor.ingest.dataset import Dataset
from sdmonitor.parameters import Gemeente
from sdmonitor.privacy import PrivacyError
from sdmonitor.run import runner

BROKEN = Path(__file__).parents[1] / "fixtures" / "broken_chapter"
PARAMS = ('gemeente: str = "wijchen"\nperiode: str = "2026-02"\npeildatum: str = ""\n'
          'data: str = ""\nfigures: str = ""')
WIJCHEN = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", hoofdstukken=("inleiding", "jeugd"))
v4 = nbformat.v4


def write_chapter(folder: Path, filename: str, title: str, html: str) -> None:
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell(f"# {title}"),
        v4.new_code_cell(PARAMS, metadata={"tags": ["parameters"]}),
        v4.new_code_cell(f"from IPython.display import HTML\nHTML({html!r})"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, str(folder / filename))


@pytest.fixture
def good_notebooks(tmp_path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    write_chapter(folder, "00_inleiding.ipynb", "Inleiding", "<p>Welkom</p>")
    write_chapter(folder, "02_jeugd.ipynb", "Jeugd",
                  '<figure class="sd-figure"><img src="data:image/png;base64,iVBORw0KGgo=" alt="Staafdiagram">'
                  '<figcaption><span class="sd-fig-no"></span>Cliënten</figcaption></figure>')
    write_chapter(folder, "07_verantwoording.ipynb", "Verantwoording", "<p>Aansluiting</p>")
    return folder


@pytest.fixture
def stand_ins(monkeypatch, tmp_path):
    """Fake data and figures; records the parameters the notebooks received."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "declaraties.csv").write_text("client_id\np3fa9c1\n", encoding="utf-8")
    dataset = Dataset(tables={"declaraties": pd.DataFrame({"client_id": ["p3fa9c1"], "aanbieder": ["12345678"]})})
    monkeypatch.setattr(runner, "load_dataset", lambda path, gemeente=None: dataset)
    monkeypatch.setattr(runner, "prepare", lambda ds, g, p, peil, *_, **__: runner.Prepared(
        figures=pd.DataFrame(), peildatum=peil or date(2026, 3, 10)))

    def write_figures(prepared, ds, periode, folder, **_):
        (runner.private_dir(folder) / "kpis.csv").write_text("indicator,periode,dimensie,waarde,eenheid\n",
                                                             encoding="utf-8")
        return ["intern/kpis.csv"]

    monkeypatch.setattr(runner, "write_figures", write_figures)
    return data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_chapters_in_parameter_order_with_verantwoording_last(good_notebooks):
    g = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", hoofdstukken=("jeugd", "inleiding"))
    assert [n for n, _ in runner.chapters_for(g, good_notebooks)] == ["jeugd", "inleiding", "verantwoording"]
    # a municipality without a chapter list gets every chapter, in file order
    bare = Gemeente(code="GM1234", naam="GM1234", slug="gm1234")
    assert [n for n, _ in runner.chapters_for(bare, good_notebooks)] == ["inleiding", "jeugd", "verantwoording"]


def test_missing_chapter_is_a_usage_error(good_notebooks):
    g = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", hoofdstukken=("wmo",))
    with pytest.raises(UsageError, match="wmo"):
        runner.chapters_for(g, good_notebooks)


def test_report_folder_uses_lowercase_name(tmp_path):
    from sdmonitor.periods import Periode
    assert runner.report_folder(tmp_path, WIJCHEN, Periode(2026, 2)) == tmp_path / "wijchen" / "2026-02"


def test_run_writes_report_and_replaces_atomically(tmp_path, good_notebooks, stand_ins):
    out = tmp_path / "reports"
    folder = runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=out, notebooks_dir=good_notebooks))
    assert folder == (out / "wijchen" / "2026-02").resolve()
    assert sorted(p.name for p in folder.iterdir()) == ["intern", "manifest.json", "monitor.html"]
    assert sorted(p.name for p in (folder / "intern").iterdir()) == ["kpis.csv", "notebooks", "tekstcontrole.csv"]
    assert sorted(p.name for p in (folder / "intern" / "notebooks").iterdir()) == [
        "00_inleiding.ipynb", "02_jeugd.ipynb", "07_verantwoording.ipynb"]
    # intern/ is the user's only, whatever the umask; the published top is readable by colleagues
    modes = {p.relative_to(folder).as_posix(): p.stat().st_mode & 0o777 for p in (folder / "intern").rglob("*")}
    assert (folder / "intern").stat().st_mode & 0o777 == 0o700
    assert all(m == (0o700 if (folder / k).is_dir() else 0o600) for k, m in modes.items()), modes
    assert (folder / "monitor.html").stat().st_mode & 0o044
    page = (folder / "monitor.html").read_text(encoding="utf-8")
    assert "3. Verantwoording" in page and '<span class="sd-fig-no">Figuur 1. </span>' in page
    # the notebooks got all five parameters, peildatum resolved and figures pointing at the run's kpis.csv
    executed = nbformat.read(str(folder / "intern" / "notebooks" / "02_jeugd.ipynb"), as_version=4)
    injected = next(c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'peildatum = "2026-03-10"' in injected.source and "intern/kpis.csv" in injected.source
    # a second run replaces the first; nothing else is left next to it
    runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=out, notebooks_dir=good_notebooks))
    assert [p.name for p in (out / "wijchen").iterdir()] == ["2026-02"]


def test_failing_chapter_leaves_earlier_report_byte_identical(tmp_path, good_notebooks, stand_ins):
    out = tmp_path / "reports"
    folder = runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=out, notebooks_dir=good_notebooks))
    before = snapshot(folder)
    with pytest.raises(ChapterError) as info:
        runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=out, notebooks_dir=BROKEN))
    message = str(info.value)
    # the raise is the 4th cell of 02_jeugd.ipynb (title, parameters, heading, raise)
    assert "jeugd" in message and "cel 4" in message and "RuntimeError: kapot hoofdstuk" in message
    assert info.value.exit_code == 4
    assert snapshot(folder) == before
    assert [p.name for p in (out / "wijchen").iterdir()] == ["2026-02"]  # temp folder removed


def test_privacy_hit_blocks_publication(tmp_path, good_notebooks, stand_ins):
    write_chapter(good_notebooks, "02_jeugd.ipynb", "Jeugd", "<p>cliënt p3fa9c1</p>")
    out = tmp_path / "reports"
    with pytest.raises(PrivacyError):
        runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=out, notebooks_dir=good_notebooks))
    assert not (out / "wijchen").exists()  # nothing left behind, not even the folder the run made


def test_interrupt_leaves_no_partial_report(tmp_path, good_notebooks, stand_ins, monkeypatch):
    out = tmp_path / "reports"
    folder = runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=out, notebooks_dir=good_notebooks))
    before = snapshot(folder)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "execute_chapter", interrupted)
    with pytest.raises(KeyboardInterrupt):
        runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=out, notebooks_dir=good_notebooks))
    assert snapshot(folder) == before
    assert [p.name for p in (out / "wijchen").iterdir()] == ["2026-02"]


def test_a_sigterm_lost_during_the_chapters_still_stops_the_run_before_it_publishes(tmp_path, good_notebooks,
                                                                                    stand_ins, monkeypatch,
                                                                                    lost_sigterm):
    # A SIGTERM whose exception Python dropped (in a `__del__`, a weakref callback) must not let the
    # run publish as if it was never asked to stop.
    chapter = runner.execute_chapter

    def sigterm_lost(*args, **kwargs):
        seconds = chapter(*args, **kwargs)
        lost_sigterm()
        return seconds

    monkeypatch.setattr(runner, "execute_chapter", sigterm_lost)
    out = tmp_path / "reports"
    with pytest.raises(termination.Terminated):
        runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=out, notebooks_dir=good_notebooks))
    assert not out.exists()  # nothing published, no temp folder or empty husk left


def test_invalid_data_writes_nothing(tmp_path, good_notebooks, stand_ins, monkeypatch):
    def invalid(path, gemeente=None):
        raise InvalidDataError("declaraties: kolom bedrag ontbreekt")

    monkeypatch.setattr(runner, "load_dataset", invalid)
    with pytest.raises(InvalidDataError):
        runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=tmp_path / "reports",
                                     notebooks_dir=good_notebooks))
    assert not (tmp_path / "reports").exists()


@pytest.fixture
def order(monkeypatch) -> list[str]:
    """Records when the run's own kernels start ("kernels") and when its input is read ("read")."""
    seen: list[str] = []
    real_enter = runner.kernels.KernelPool.__enter__

    def enter(pool):
        seen.append("kernels")
        return real_enter(pool)

    monkeypatch.setattr(runner.kernels.KernelPool, "__enter__", enter)
    return seen


def test_an_input_not_validated_before_that_is_refused_starts_no_kernel(tmp_path, good_notebooks, stand_ins,
                                                                         monkeypatch, order):
    def invalid(path, gemeente=None):
        order.append("read")
        raise InvalidDataError("declaraties: kolom bedrag ontbreekt")

    monkeypatch.setattr(runner.store, "validated", lambda folder: False)
    monkeypatch.setattr(runner, "load_dataset", invalid)
    with pytest.raises(InvalidDataError):
        runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=tmp_path / "reports",
                                     notebooks_dir=good_notebooks))
    assert order == ["read"]


@pytest.mark.parametrize(("validated_before", "expected"), [(True, ["kernels", "read"]), (False, ["read", "kernels"])])
def test_kernels_start_while_a_validated_input_is_read_else_once_it_is_valid(tmp_path, good_notebooks, stand_ins,
                                                                            monkeypatch, order, validated_before,
                                                                            expected):
    dataset = runner.load_dataset(stand_ins)  # the stand-in's dataset

    def read(path, gemeente=None):
        order.append("read")
        return dataset

    monkeypatch.setattr(runner.store, "validated", lambda folder: validated_before)
    monkeypatch.setattr(runner, "load_dataset", read)
    runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=tmp_path / "reports", notebooks_dir=good_notebooks))
    assert order == expected
    assert (tmp_path / "reports" / "wijchen" / "2026-02" / "monitor.html").is_file()


def test_pdf_without_chromium_writes_html_and_exits_2(tmp_path, good_notebooks, stand_ins, monkeypatch):
    from sdmonitor.publish import pdf

    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    monkeypatch.delenv(pdf.CHROMIUM_ENV, raising=False)
    with pytest.raises(UsageError, match="apt-get install chromium") as info:
        runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=tmp_path / "reports", pdf=True,
                                     notebooks_dir=good_notebooks))
    assert info.value.exit_code == 2
    folder = tmp_path / "reports" / "wijchen" / "2026-02"
    assert (folder / "monitor.html").is_file() and not (folder / "monitor.pdf").exists()


def test_pdf_is_printed_into_the_report_folder_and_listed_in_the_manifest(tmp_path, good_notebooks, stand_ins,
                                                                          monkeypatch):
    import json

    from sdmonitor.publish import pdf

    printed = []

    def fake_write_pdf(page, target, chromium):
        from pypdf import PdfWriter

        # A real (blank) PDF: the identifier scan reads every published file, the PDF included.
        printed.append((chromium, "Verantwoording" in page))
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        with open(target, "wb") as handle:
            writer.write(handle)
        return 1

    monkeypatch.setattr(pdf, "find_chromium", lambda: "/usr/bin/stand-in-chromium")
    monkeypatch.setattr(pdf, "write_pdf", fake_write_pdf)
    folder = runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=tmp_path / "reports", pdf=True,
                        notebooks_dir=good_notebooks))
    assert printed == [("/usr/bin/stand-in-chromium", True)]
    assert (folder / "monitor.pdf").read_bytes().startswith(b"%PDF-")
    assert "monitor.pdf" in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def test_failed_pdf_print_leaves_earlier_report_untouched(tmp_path, good_notebooks, stand_ins, monkeypatch):
    from sdmonitor.publish import pdf

    out = tmp_path / "reports"
    folder = runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=out, notebooks_dir=good_notebooks))
    before = snapshot(folder)

    def broken(page, target, chromium):
        raise pdf.PdfError("Chromium maakte geen PDF")

    monkeypatch.setattr(pdf, "find_chromium", lambda: "/usr/bin/stand-in-chromium")
    monkeypatch.setattr(pdf, "write_pdf", broken)
    with pytest.raises(pdf.PdfError) as info:
        runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=out, pdf=True, notebooks_dir=good_notebooks))
    assert info.value.exit_code == 4
    assert snapshot(folder) == before


def test_report_folder_never_leaves_out(tmp_path):
    # issue 9 §10: a name from parameters is text, not a path
    from sdmonitor.periods import Periode

    for naam, folder in [("../../x", "x"), ("..", "gm0296"), ("/tmp/a", "tmp-a")]:
        g = Gemeente(code="GM0296", naam=naam, slug="wijchen")
        target = runner.report_folder(tmp_path, g, Periode(2026, 2))
        assert target == (tmp_path / folder / "2026-02").resolve()


def test_kpi_appendix_only_for_a_municipality_with_a_kpi_set(tmp_path):
    for name in ("00_inleiding", "06_bijlage_kpi", "07_verantwoording"):
        (tmp_path / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    listed = ("inleiding", "bijlage_kpi")
    without = Gemeente(code="GM0225", naam="Druten", slug="druten", hoofdstukken=listed)
    assert [n for n, _ in runner.chapters_for(without, tmp_path)] == ["inleiding", "verantwoording"]
    with_set = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", hoofdstukken=listed, raw={"kpi_set": "wijchen"})
    assert [n for n, _ in runner.chapters_for(with_set, tmp_path)] == ["inleiding", "bijlage_kpi", "verantwoording"]


def test_the_runner_does_not_compile_jsonschemas_iri_grammars():
    # rfc3987_syntax compiles ~40 grammars when jsonschema is imported (seconds per run); the
    # runner's process goes without it and notebooks are still read and validated.
    import subprocess
    import sys

    code = ("import sys, sdmonitor.run.runner, papermill, nbformat; "
            "nbformat.validate(nbformat.v4.new_notebook()); "
            "print(sys.modules.get('rfc3987_syntax') is None, 'jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]


def test_the_figures_get_as_many_lanes_as_the_run_has_kernels(tmp_path, good_notebooks, stand_ins, monkeypatch):
    # `batch` with several workers gives each run one kernel: its figures then take one core too
    from sdmonitor.figures import kpis

    asked = []
    monkeypatch.setattr(kpis, "command_lanes", lambda: 2)
    monkeypatch.setattr(runner, "prepare", lambda ds, g, p, peil, folder=None, lanes=1: asked.append(lanes) or
                        runner.Prepared(figures=pd.DataFrame(), peildatum=date(2026, 3, 10)))
    for count in (1, 2):
        runner.run(runner.RunRequest(stand_ins, WIJCHEN, "2026-02", out=tmp_path / "reports",
                                     notebooks_dir=good_notebooks, kernel_count=count))
    assert asked == [1, 2]
