"""`sdmonitor run` on the demo data for Wijchen and Druten, and a broken chapter.

The two runs are slow (every chapter is a kernel), so they happen once per session (fixtures
`data` and `reports` in conftest.py, shared with the browser test) and every check reads the same
reports.
"""

from __future__ import annotations

import csv
import re
import shutil

import pytest
from report_checks import BROKEN, Page, numbers, printed_matches, sdmonitor

from sdmonitor.ingest.dataset import load_dataset
from sdmonitor.parameters import resolve_gemeente
from sdmonitor.privacy import scan_report

pytestmark = pytest.mark.e2e
PERIODE = "2026-02"
GEMEENTEN = ("wijchen", "druten")


@pytest.fixture(params=GEMEENTEN)
def report(request, reports):
    r, folder = reports[request.param]
    assert r.returncode == 0, r.stderr
    return request.param, folder, (folder / "monitor.html").read_text(encoding="utf-8")


def test_report_folder_contents(report):
    _, folder, _ = report
    for name in ("monitor.html", "cijfers.csv", "kpi-overzicht.csv", "manifest.json", "intern/kpis.csv",
                 "intern/kpi-overzicht.csv", "intern/hoofdstuk-invoer.json"):
        assert (folder / name).is_file(), name
    assert any((folder / "intern" / "notebooks").glob("*.ipynb"))
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no temp folders left


def test_every_chapter_heading_numbered(report):
    import nbformat

    from sdmonitor import config
    name, folder, page = report
    g = resolve_gemeente(name)
    chapters = [c for c in g.hoofdstukken if c != "verantwoording"] + ["verantwoording"]
    titles = []
    for chapter in chapters:
        nb = nbformat.read(str(next(config.notebooks_dir().glob(f"[0-9][0-9]_{chapter}.ipynb"))), as_version=4)
        first = next(line for c in nb.cells if c.cell_type == "markdown"
                     for line in c.source.splitlines() if line.startswith("# "))
        titles.append(first[2:].strip())
    assert Page(page).h1 == [f"{i}. {t}" for i, t in enumerate(titles, start=1)]
    if name == "druten":
        assert "veilig_thuis" not in g.hoofdstukken


def test_figures_and_tables_numbered_without_gaps(report):
    _, _, page = report
    figs = numbers(page, "fig")
    assert figs and figs == list(range(1, len(figs) + 1))
    tabs = numbers(page, "tab")
    assert tabs == list(range(1, len(tabs) + 1))
    assert '<span class="sd-fig-no"></span>' not in page and '<span class="sd-tab-no"></span>' not in page


def test_every_image_has_alt_text_and_is_embedded(report):
    _, _, page = report
    imgs = Page(page).imgs
    assert imgs
    for img in imgs:
        assert (img.get("alt") or "").strip()
        assert img["src"].startswith("data:image/")


def test_no_code_no_network_small(report):
    _, folder, page = report
    parsed = Page(page)
    assert parsed.pre == 0
    assert "jp-InputArea-editor" not in page and "In&nbsp;[" not in page
    assert "<script" not in page and not re.search(r'<link[^>]+href="(https?:)?//', page)
    assert '<html lang="nl">' in page
    assert (folder / "monitor.html").stat().st_size < 5 * 1024 * 1024


def test_no_identifiers_published(report, data):
    _, folder, _ = report
    assert scan_report(folder, load_dataset(data)) == []


def test_printed_numbers_equal_kpis_csv(report):
    _, folder, page = report
    with open(folder / "intern" / "kpis.csv", encoding="utf-8") as fh:
        figures = {(r["indicator"], r["periode"], r["dimensie"]): r for r in csv.DictReader(fh)}
    cells = Page(page).cells
    assert cells, "geen enkel getal met data-indicator in het rapport"
    wrong = []
    for attrs, text in cells:
        key = (attrs["data-indicator"], attrs.get("data-periode", ""), attrs.get("data-dimensie", ""))
        row = figures.get(key)
        if row is None:
            wrong.append((key, text, "niet in kpis.csv"))
        elif row["waarde"] == "":
            if text.replace("\xa0", " ").strip() != "geen gegevens":  # no figure is never printed as a number
                wrong.append((key, text, "geen gegevens"))
        elif not printed_matches(text, float(row["waarde"]), row["eenheid"]):
            wrong.append((key, text, row["waarde"]))
    assert wrong == []


def test_broken_chapter_exits_4_and_keeps_earlier_report(reports, data, tmp_path):
    r, good = reports["wijchen"]
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    earlier = out / "wijchen" / PERIODE
    shutil.copytree(good, earlier)
    before = {p.relative_to(earlier): p.read_bytes() for p in earlier.rglob("*") if p.is_file()}
    r = sdmonitor("run", "--data", str(data), "--gemeente", "wijchen", "--periode", PERIODE, "--out", str(out),
                  env={"SDMONITOR_NOTEBOOKS": str(BROKEN)})
    assert r.returncode == 4
    assert "jeugd" in r.stderr and "kapot hoofdstuk" in r.stderr and "Traceback" not in r.stderr
    after = {p.relative_to(earlier): p.read_bytes() for p in earlier.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in (out / "wijchen").iterdir()] == [PERIODE]


def test_failed_run_into_a_new_out_leaves_no_empty_folders(data, tmp_path):
    out = tmp_path / "nieuw" / "rapporten"
    r = sdmonitor("run", "--data", str(data), "--gemeente", "wijchen", "--periode", PERIODE, "--out", str(out),
                  env={"SDMONITOR_NOTEBOOKS": str(BROKEN)})
    assert r.returncode == 4, r.stderr
    assert not (out / "wijchen").exists()  # before: an empty OUT/wijchen/ stayed behind
