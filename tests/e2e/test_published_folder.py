"""The edition folder of `sdmonitor run` (INTERFACE §4): only publishable files at the top,
everything exact in `intern/` (the user's only), no exact hidden small number in a published file,
and a manifest that names no folder or input file. Reads the session's demo reports (conftest.py)."""

from __future__ import annotations

import csv
import json
import math
import os

import pytest
from conftest import pdf_wanted

from sdmonitor.figures.kpis import read_kpis_csv
from sdmonitor.publish.suppression import Published
from sdmonitor.registry import registry

pytestmark = pytest.mark.e2e
GEMEENTEN = ("wijchen", "druten")


@pytest.fixture(params=GEMEENTEN)
def folder(request, reports):
    r, path = reports[request.param]
    assert r.returncode == 0, r.stderr
    return path


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_top_level_holds_exactly_the_publishable_files(folder):
    expected = {"monitor.html", "cijfers.csv", "kpi-overzicht.csv", "manifest.json", "intern"}
    if pdf_wanted():
        expected.add("monitor.pdf")
    # wijzigingen.csv only with an earlier edition: these are the first of their gemeente
    assert {p.name for p in folder.iterdir()} == expected
    assert {p.name for p in (folder / "intern").iterdir()} >= {"kpis.csv", "kpi-overzicht.csv",
                                                                "hoofdstuk-invoer.json", "notebooks"}
    with open(folder / "cijfers.csv", encoding="utf-8") as fh:
        assert fh.readline() == "indicator,periode,dimensie,waarde,eenheid,status,tekst\n"


def test_intern_is_readable_by_the_user_only(folder):
    intern = folder / "intern"
    assert intern.stat().st_mode & 0o777 == 0o700
    for root, dirs, files in os.walk(intern):
        for name in dirs:
            assert os.stat(os.path.join(root, name)).st_mode & 0o777 == 0o700, name
        for name in files:
            assert os.stat(os.path.join(root, name)).st_mode & 0o777 == 0o600, name
    for path in folder.iterdir():
        if path.is_file():
            assert path.stat().st_mode & 0o004, path.name  # published: readable by colleagues


def test_no_exact_hidden_small_number_at_the_top(folder):
    gemeente = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["parameters"]["gemeente"]
    from sdmonitor.parameters import resolve_gemeente

    drempel = resolve_gemeente(gemeente).drempel_kleine_aantallen
    exact = read_kpis_csv(folder / "intern" / "kpis.csv")
    frame = Published(exact, drempel).frame
    small = frame[frame["verborgen"] & frame["waarde"].gt(0) & frame["waarde"].lt(drempel)]
    assert len(small), "the demo has hidden small counts"
    # Internal figures (the registry's `intern`, e.g. per aanbieder for the explorer) are not at the top at all.
    intern = {r.indicator for r in small.itertuples(index=False) if registry()[r.indicator].intern}
    assert not intern & {r["indicator"] for r in _rows(folder / "cijfers.csv")}
    small = small[~small["indicator"].isin(intern)]
    published = {(r["indicator"], r["periode"], r["dimensie"]): r for r in _rows(folder / "cijfers.csv")}
    for r in small.itertuples(index=False):
        row = published[(r.indicator, r.periode, r.dimensie)]
        assert row["waarde"] == "", row
        assert row["tekst"] in (f"<{drempel}", "x"), row
        value = str(int(r.waarde)) if float(r.waarde).is_integer() else repr(float(r.waarde))
        assert value not in (row["waarde"], row["tekst"])
    # and every figure that is published carries its exact value (nothing else changed)
    for r in frame[~frame["verborgen"] & frame["waarde"].notna()].head(500).itertuples(index=False):
        row = published.get((r.indicator, r.periode, r.dimensie))
        if row is not None and row["waarde"]:
            assert math.isclose(float(row["waarde"]), float(r.waarde), rel_tol=1e-12)


def test_manifest_names_no_folder_or_input_file(folder, data):
    text = (folder / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert str(data) not in text and str(folder) not in text and "/" not in json.dumps(manifest["parameters"])
    names = json.dumps([manifest["inputs"], manifest["parameters"]])
    assert not any(ext in names for ext in (".csv", ".parquet", ".xlsx"))
    assert "data" not in manifest["parameters"] and "figures" not in manifest["parameters"]
    assert "reconciliation" not in manifest  # exact counts: in intern/hoofdstuk-invoer.json
    assert "declaraties" in manifest["inputs"] and all(isinstance(v, list) for v in manifest["inputs"].values())
    assert set(manifest["outputs"]) <= {p.name for p in folder.iterdir() if p.is_file()}


def test_kpi_overzicht_is_as_printed(folder):
    if "bijlage_kpi" not in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["parameters"][
            "hoofdstukken"]:
        pytest.skip("this gemeente's report has no KPI appendix")
    page = (folder / "monitor.html").read_text(encoding="utf-8")
    for r in _rows(folder / "kpi-overzicht.csv"):
        assert f">{r['tekst']}<" in page.replace("&lt;", "<"), r  # the printed cell text
        if r["tekst"] in ("x",) or r["tekst"].startswith("<"):
            assert r["waarde"] == "", r
