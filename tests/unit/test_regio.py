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
