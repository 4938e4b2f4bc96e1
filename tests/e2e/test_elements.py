"""Issue 10 acceptance: every element the chapter notebooks call is data first.

The list of calls is read from the notebooks' code cells (so it cannot drift from what the report
shows), evaluated in the namespace of the notebook's own setup cell against the figures of the demo
run, and each element's `.data` is checked against the report the run printed: every (row, column,
text) of a table or chart element is a cell of a table in `monitor.html`, every text block of a
text element is visible text of `monitor.html`.

The chapters get an EMPTY data folder: every element must come from `intern/kpis.csv` and what the
runner wrote beside it (`hoofdstuk-invoer.json`, `kpi-overzicht.csv`), never from raw data.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sdmonitor import config
from sdmonitor.parameters import resolve_gemeente
from sdmonitor.publish.element import Element, ElementGroup, GridElement
from sdmonitor.run.runner import chapters_for

pytestmark = pytest.mark.e2e

CALL = re.compile(r"^\s*[mcw]\.\w+\(.*\)\s*$", re.S)


class ReportGrids(HTMLParser):
    """Every printed table cell of the report as (row header, column header, text), and all text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.triples: set[tuple[str, str, str]] = set()
        self.text: list[str] = []
        self._cols: list[str] = []
        self._row: list[str] = []
        self._cell: list[str] | None = None
        self._section = ""
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            if self._section == "thead":
                self._cols = self._row[1:]
            elif self._section == "tbody" and self._row:
                for kolom, tekst in zip(self._cols, self._row[1:]):
                    self.triples.add((self._row[0], kolom, tekst))
        elif tag == "table":
            self._section, self._cols = "", []

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def notebook_calls(path: Path) -> tuple[str, list[str]]:
    """The setup cell and the element calls of a chapter notebook; any other code cell fails."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    setup, calls = "", []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        if "parameters" in tags:
            continue
        if "sd-setup" in tags:
            setup = source
        else:
            assert CALL.match(source), f"{path.name}: code cell is not one element call: {source!r}"
            calls.append(source.strip())
    assert setup, f"{path.name}: no setup cell"
    return setup, calls


def elements(folder: Path, gemeente: str, empty_data: Path) -> list[tuple[str, str, Element]]:
    """(notebook, call, element) of every element call of the gemeente's chapters."""
    params = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["parameters"]
    out = []
    for _, path in chapters_for(resolve_gemeente(gemeente), config.notebooks_dir()):
        setup, calls = notebook_calls(path)
        namespace = {"gemeente": params["gemeente"], "periode": params["periode"],
                     "peildatum": params["peildatum"], "data": str(empty_data),
                     "figures": str(folder / "intern" / "kpis.csv")}
        exec(setup, namespace)  # the notebook's own imports and open_monitor(...)
        for call in calls:
            out.append((path.name, call, eval(call, namespace)))
    return out


@pytest.fixture(scope="module", params=["wijchen", "druten"])
def edition(request, reports, tmp_path_factory):
    """The elements and the printed report of one demo edition (Wijchen; Druten has the Wmo groups
    and the commentary-free sections), from the session's demo runs."""
    result, folder = reports[request.param]
    assert result.returncode == 0, result.stderr
    empty = tmp_path_factory.mktemp("leeg")
    page = ReportGrids((folder / "monitor.html").read_text(encoding="utf-8"))
    return elements(folder, request.param, empty), page


def test_every_chapter_call_is_an_element_whose_data_the_report_prints(edition):
    found, page = edition
    report_text = _squash("".join(page.text))
    grids = texts = empty = 0
    for notebook, call, el in found:
        where = f"{notebook}: {call}"
        assert isinstance(el, Element), where
        assert el._repr_html_() == el.html, where
        data = el.data
        assert isinstance(data, pd.DataFrame), where
        if not el.html:
            # Nothing printed for this gemeente (a section its parameters do not ask for).
            assert data.empty, where
            empty += 1
            continue
        assert not data.empty, where
        if isinstance(el, (GridElement, ElementGroup)):
            grids += 1
            missing = [t for t in zip(data["rij"], data["kolom"], data["tekst"]) if t not in page.triples]
            assert not missing, f"{where}: not printed in monitor.html: {missing[:3]}"
            # Charts carry their Figure; tables do not.
            assert len(getattr(el, "figures", [el.figure] if el.figure is not None else [])) \
                == el.html.count("<figure"), where
            assert all(isinstance(f, Figure) for f in getattr(el, "figures", [el.figure]) if f is not None), where
        else:
            # A pure text element (findings, commentary, a notice): its data is its text blocks.
            texts += 1
            assert list(data.columns) == ["tekst"], where
            for block in data["tekst"]:
                assert _squash(block) in report_text, f"{where}: text not in monitor.html: {block[:80]}"
    # The demo report is mostly charts and tables; a run where they all became text is broken.
    assert grids >= 40 and texts >= 5, (grids, texts, empty)


def test_suppressed_values_stay_out_of_data(edition):
    found, _ = edition
    hidden = 0
    for notebook, call, el in found:
        if isinstance(el, (GridElement, ElementGroup)) and len(el.data):
            data = el.data
            assert data.loc[data["onderdrukt"], "waarde"].isna().all(), f"{notebook}: {call}"
            hidden += int(data["onderdrukt"].sum())
    # The demo editions have small numbers (Veilig Thuis, verwijzers): the rule must have hidden some.
    assert hidden > 0


def test_exact_values_refused_in_a_publication_run(edition, monkeypatch):
    found, _ = edition
    grid = next(el for _, _, el in found if isinstance(el, GridElement) and len(el.data))
    monkeypatch.setenv("SDMONITOR_PUBLICATIE", "1")
    with pytest.raises(RuntimeError, match="publicatie"):
        grid.exact()
