"""The why beside the bouwsteen charts: the generated explanation, the analyst's duiding of the
group, and a declared data break in the chart and its note (Monitor-level, hand-built rows)."""

from datetime import date
from pathlib import Path
from typing import ClassVar

import pandas as pd

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.monitor import Monitor

P = Periode(2026, 2)
SPLIT = {"wet": "jeugd", "bouwsteen": "Dagbehandeling", "datum": "2025-01",
         "tekst": "Dagbehandeling is opgesplitst in vier producten."}
AVAN = {"indicator": "wmo.avan_pashouders", "datum": "2025-12", "tekst": "Opschoonactie van de AVAN-passen."}
GEMEENTE = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", raw={"databreuken": [SPLIT, AVAN]})


class FakeSelection:
    tables: ClassVar[dict] = {"avan_passen": pd.DataFrame()}
    peildatum = date(2026, 3, 10)

    def has(self, name):
        return name in self.tables


def monitor(rows, commentary=None):
    figures = pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"])
    return Monitor(GEMEENTE, P, figures, Path("/x"), date(2026, 3, 10), FakeSelection(), commentary or {})


DAGBEHANDELING = [
    ("jeugd.volume", "2024", "Dagbehandeling", 20_000.0, "uur", "definitief"),
    ("jeugd.volume", "2025", "Dagbehandeling", 16_000.0, "uur", "definitief"),
    ("jeugd.clienten", "2024", "Dagbehandeling", 54.0, "aantal", "definitief"),
    ("jeugd.clienten", "2025", "Dagbehandeling", 47.0, "aantal", "definitief"),
    ("jeugd.prijs_per_eenheid", "2024", "Dagbehandeling", 50.0, "euro", "definitief"),
    ("jeugd.prijs_per_eenheid", "2025", "Dagbehandeling", 55.0, "euro", "definitief"),
    ("jeugd.kosten_bouwsteen", "2025", "Dagbehandeling", 880_000.0, "euro", "definitief"),
    ("jeugd.kostenverschil", "2025", "Dagbehandeling", -120_000.0, "euro", "definitief"),
    ("jeugd.kostenverschil_prijs", "2025", "Dagbehandeling", 80_000.0, "euro", "definitief"),
    ("jeugd.kostenverschil_volume", "2025", "Dagbehandeling", -200_000.0, "euro", "definitief"),
    ("jeugd.kostenverschil_mix", "2025", "Dagbehandeling", 0.0, "euro", "definitief"),
]


def test_bouwsteen_chart_with_explanation_break_and_duiding():
    m = monitor(DAGBEHANDELING, {"duiding": {"dagbehandeling": "Meer uitstroom dan instroom."}})
    el = m.figuur_bouwsteen("jeugd", "dagbehandeling")
    html = el.html
    # 54 -> 47 jeugdigen (−7, −13 %: a daling), 20.000 -> 16.000 uren (−20 %), € 50 -> € 55 per uur (+10 %).
    assert ("De kosten van Dagbehandeling daalden in 2025 met € 120k, vooral doordat er minder jeugdigen (47 tegen 54 "
            "een jaar eerder) waren en dus minder uren (−20%); de prijs per uur steeg met 10%.") in html
    # The comparison 2024 -> 2025 crosses the break of January 2025: said beside it and under the chart.
    assert "Let op: de reeks heeft een breuk in januari 2025 (zie de noot bij de figuur)." in html
    assert ("Breuk in de reeks Dagbehandeling in januari 2025 (gestreepte lijn). Dagbehandeling is opgesplitst in "
            "vier producten.") in html
    # The generated text first, then the analyst's duiding of the group, marked as the analyst's.
    assert html.index("sd-uitleg") < html.index("Meer uitstroom dan instroom.")
    # The marker is drawn in the Dagbehandeling panel, before the bar of 2025 (years 2023..2026: x = 1.5).
    ax = next(a for a in el.figure.axes if a.get_title() == "Dagbehandeling")
    assert [t.get_text() for t in ax.texts] == ["breuk jan 2025"]


def test_no_explanation_without_cost_figures():
    rows = [r for r in DAGBEHANDELING if not r[0].startswith("jeugd.kostenverschil")]
    html = monitor(rows).figuur_bouwsteen("jeugd", "dagbehandeling").html
    assert "sd-uitleg" not in html and "Wat bewoog" not in html


def test_avan_chart_notes_its_break():
    rows = [("wmo.avan_pashouders", f"2025-{m:02d}", "", v, "aantal", "definitief")
            for m, v in ((10, 1500.0), (11, 1505.0), (12, 1200.0))]
    html = monitor(rows).figuur_avan().html
    assert ("Breuk in de reeks AVAN-pashouders in december 2025 (gestreepte lijn). "
            "Opschoonactie van de AVAN-passen.") in html


def test_an_explanation_the_check_does_not_bear_out_is_left_out(monkeypatch):
    from sdmonitor.publish import uitleg

    monkeypatch.setattr(uitleg, "zinnen", lambda *a, **k: ["De kosten van Dagbehandeling stegen in 2025 met € 120k."])
    html = monitor(DAGBEHANDELING).figuur_bouwsteen("jeugd", "dagbehandeling").html
    # The figures show a fall of € 120k: the sentence is not printed; the workbook shows the warning.
    assert "Wat bewoog" not in html and "sd-tekstcontrole" in html and "de cijfers tonen geen stijging" in html
