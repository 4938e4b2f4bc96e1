"""A municipality's own section titles (parameters `titels`)."""

import dataclasses

import nbformat
import pytest

from sdmonitor import config
from sdmonitor.errors import UsageError
from sdmonitor.parameters import Gemeente, resolve_gemeente
from sdmonitor.publish import titels
from sdmonitor.publish.report import merge_notebooks

G = Gemeente(code="GM0225", naam="Druten", slug="druten")


def test_headings_get_the_own_text_with_the_same_number_and_anchor():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Toegang\n\n## Meldingen\n\n## Wachtlijst")])
    merged, toc, _ = merge_notebooks([("toegang", nb)], {"Wachtlijst": "Wachtlijsten"})
    # 1. Toegang; 1.1 Meldingen; 1.2 Wachtlijst -> its own text, still 1.2
    assert [(s.nummer, s.tekst, s.id) for s in toc[0].secties] == [("1.1", "Meldingen", "paragraaf-1-1"),
                                                                    ("1.2", "Wachtlijsten", "paragraaf-1-2")]
    assert '<span class="sd-nr">1.2</span> Wachtlijsten</h2>' in merged.cells[0].source


def test_titels_must_map_text_to_text():
    assert titels.eigen_titels(G) == {}
    with pytest.raises(UsageError, match="titels"):
        titels.eigen_titels(dataclasses.replace(G, raw={"titels": ["Wachtlijst"]}))
    with pytest.raises(UsageError, match="titels"):
        titels.eigen_titels(dataclasses.replace(G, raw={"titels": {"Wachtlijst": ""}}))


@pytest.mark.parametrize("naam", ["druten", "wijchen"])
def test_shipped_titels_name_headings_that_exist(naam):
    known = {h for nb in config.notebooks_dir().glob("*.ipynb") for h in titels.headings(nb)}
    eigen = titels.eigen_titels(resolve_gemeente(naam))
    assert set(eigen) <= known, set(eigen) - known
