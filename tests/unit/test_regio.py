"""hoofdstuk_regio with statuses (issue 19): own values carry their status, worked by hand."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.monitor import Monitor

P = Periode(2026, 2)
G = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", regio="Rijk van Nijmegen",
             regio_gemeenten=("GM0268", "GM0296"))
COLS = ["indicator", "periode", "dimensie", "waarde", "eenheid", "status"]


class WithBenchmark:
    peildatum = date(2026, 3, 10)
    tables = {"benchmark": pd.DataFrame({
        "gebied": ["GM0268", "NL01"], "indicator": ["jeugd.pct_in_zorg"] * 2, "periode": ["2025"] * 2,
        "dimensie": ["", ""], "waarde": [9.0, 10.5]})}

    def has(self, name):
        return name in self.tables


def own_row(html: str) -> str:
    start = html.index('<th scope="row">Wijchen</th>')
    return html[start:html.index("</tr>", start)]


@pytest.mark.parametrize(("status", "waarde", "expected"), [
    ("definitief", 13.3, ">13,3%</td>"),
    ("voorlopig", 13.3, ">13,3% (voorlopig)</td>"),
    # the old table printed 0 where bevolking had no year; now: no data, never 0
    ("geen_gegevens", 0.0, ">geen gegevens</td>"),
    # a part year is not set beside the other areas' full years
    ("deelperiode", 6.1, ">deel van het jaar, niet vergelijkbaar</td>"),
])
def test_own_value_with_its_status(status, waarde, expected):
    rows = pd.DataFrame([("jeugd.pct_in_zorg", "2025", "", waarde, "procent", status),
                         ("jeugd.clienten", "2025", "", 1301.0, "aantal", "definitief")], columns=COLS)
    html = Monitor(G, P, rows, Path("/x"), date(2026, 3, 10), WithBenchmark(), {}).figuren_regio().html
    assert own_row(html).endswith(expected)
    if status in ("geen_gegevens", "deelperiode"):
        assert "6,1" not in html and ">0,0%" not in html


class CbsOnly(WithBenchmark):
    # As `sdmonitor import cbs` writes them: the CBS Wmo rate under its own name, for the gemeente,
    # another municipality of the region and the Netherlands.
    tables = {"benchmark": pd.DataFrame({
        "gebied": ["GM0296", "GM0268", "NL01"], "indicator": ["wmo.cbs_clienten_per_1000"] * 3,
        "periode": ["2024"] * 3, "dimensie": [""] * 3, "waarde": [49.8, 61.2, 57.6]})}


def test_cbs_figures_are_labelled_as_cbs_and_not_mixed_with_own_figures():
    # The own wmo.clienten_per_1000 (declarations) is 20,0; the CBS rate of Wijchen is 49,8 and must be
    # the one shown beside the other areas' CBS rates, under the CBS label.
    rows = pd.DataFrame([("wmo.clienten_per_1000", "2024", "", 20.0, "aantal", "definitief")], columns=COLS)
    html = Monitor(G, P, rows, Path("/x"), date(2026, 3, 10), CbsOnly(), {}).figuren_regio().html
    assert "Wmo-cliënten per 1.000 inwoners (CBS), 2024" in html
    assert own_row(html).endswith(">49,8</td>") and "20,0" not in html
