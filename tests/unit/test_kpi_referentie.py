"""What stands beside a KPI value (issue 22 §2): its definition, the previous value and a norm or
reference, worked out by hand on a tiny figure table."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from sdmonitor.figures import kpi_overzicht as ko
from sdmonitor.figures import kpi_referentie as kr
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.publish import kpi_publiek
from sdmonitor.publish.suppression import Published
from sdmonitor.registry import registry
from sdmonitor.workbook.monitor import Monitor

PERIODE = Periode(2026, 2)
TABLES = ["meldingen", "klachten_bezwaren", "tevredenheid", "begroting", "bevolking", "toewijzingen", "benchmark"]


def _figures(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])


FIGS = _figures(
    ("toegang.wachtlijst", "2025-02", "", 30.0, "aantal"),
    ("toegang.wachtlijst", "2026-01", "", 50.0, "aantal"),
    ("toegang.wachtlijst", "2026-02", "", 42.0, "aantal"),
    ("toegang.wachttijd_mediaan", "2024", "", 30.0, "dagen"),
    ("toegang.wachttijd_mediaan", "2025", "", 23.0, "dagen"),
    ("toegang.wachttijd_aantal", "2024", "", 100.0, "aantal"),  # the medians are about 100 meldingen
    ("toegang.wachttijd_aantal", "2025", "", 100.0, "aantal"),
    ("klachten.aantal", "2024", "", 3.0, "aantal"),  # a small number: hidden as "<5"
    ("klachten.aantal", "2025", "", 12.0, "aantal"),
    # KPI 23: spend to date 2026 = 3,4 mln of 20 mln; a year earlier Jan+Feb 1,5 + 1,7 mln of 19,2 mln.
    ("jeugd.kosten_verwacht", "2026", "", 3_400_000.0, "euro"),
    ("jeugd.kosten_verwacht", "2025-01", "", 1_500_000.0, "euro"),
    ("jeugd.kosten_verwacht", "2025-02", "", 1_700_000.0, "euro"),
    ("jeugd.begroting", "2026", "", 20_000_000.0, "euro"),
    ("jeugd.begroting", "2025", "", 19_200_000.0, "euro"),
    ("jeugd.kosten_per_inwoner", "2025", "", 451.0, "euro"),
)


class Sel:
    periode = PERIODE
    tables = {"benchmark": pd.DataFrame([
        {"gebied": "NL01", "indicator": "jeugd.kosten_per_inwoner", "periode": "2025", "dimensie": "", "waarde": 341.0},
        {"gebied": "NL01", "indicator": "jeugd.kosten_per_inwoner", "periode": "2024", "dimensie": "",
         "waarde": 330.0}])}

    def has(self, name):
        return name in TABLES


@pytest.fixture(scope="module")
def overview() -> pd.DataFrame:
    return ko.kpi_overzicht(FIGS, Sel(), PERIODE)


def _row(overview: pd.DataFrame, kpi: str) -> pd.Series:
    return overview.loc[overview["kpi"] == kpi].iloc[0]


def test_previous_period():
    assert [kr.vorige_periode(p) for p in ("2025", "2026-02", "")] == ["2024", "2025-02", ""]


def test_previous_value_is_the_year_before_or_the_month_a_year_earlier(overview):
    r = _row(overview, "wachttijd ST")
    assert (r["vorige_periode"], r["vorige_waarde"]) == ("2024", 30.0)
    r = _row(overview, "wachtlijst ST")
    assert (r["vorige_periode"], r["vorige_waarde"]) == ("2025-02", 30.0)  # not January 2026


def test_budget_kpi_has_the_pro_rata_reference_and_last_years_same_months(overview):
    r = _row(overview, "uitnutting begroting (Jeugd)")
    assert r["waarde"] == pytest.approx(17.0)  # 3,4 / 20 mln
    assert r["referentie_waarde"] == pytest.approx(100 * 2 / 12)  # 16,7 %: two of twelve months
    assert r["referentie"] == "naar rato van 2 van de 12 maanden"
    assert (r["vorige_periode"], r["vorige_waarde"]) == ("2025", pytest.approx(100 * 3.2 / 19.2))  # 16,7 %


def test_norm_and_national_reference(overview):
    r = _row(overview, "wachttijd ST")
    assert r["referentie_waarde"] == 42.0 and "6 weken" in r["referentie"]
    r = _row(overview, "gemiddelde kosten per inwoner (Jeugd)")
    assert (r["referentie"], r["referentie_waarde"]) == ("Nederland 2025", 341.0)
    assert math.isnan(_row(overview, "aantal vragen toegang")["referentie_waarde"])  # no norm: none invented


def test_definition_comes_from_the_registry(overview):
    r = _row(overview, "wachtlijst ST")
    assert r["definitie"] == " ".join(registry()["toegang.wachtlijst"].definitie.split())
    calculation = next(e for e in ko.load_catalogue() if e["nummer"] == 23)
    assert _row(overview, "uitnutting begroting (Jeugd)")["definitie"] == " ".join(calculation["definitie"].split())


def test_published_previous_value_follows_the_small_numbers_rule(overview):
    published = kpi_publiek.published_kpi_overzicht(overview, Published(FIGS))
    text = dict(zip(published["kpi"], published["vorige_tekst"]))
    assert text["klachten, bezwaar en beroep (klachten)"] == "<5"
    assert text["wachttijd ST"] == "30 dagen"
    assert text["aantal vragen screeners"] == "–"  # no source, no previous value
    ref = dict(zip(published["kpi"], published["referentie"]))
    assert ref["uitnutting begroting (Jeugd)"] == "naar rato van 2 van de 12 maanden: 16,7%"
    assert ref["gemiddelde kosten per inwoner (Jeugd)"] == "Nederland 2025: € 341"


def test_kpi_table_prints_definition_previous_value_and_reference(overview):
    g = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", raw={"kpi_set": "wijchen"})
    m = Monitor(g, PERIODE, FIGS, Path("/x"), date(2026, 3, 10), Sel(), {}, overview)
    data = m.tabel_kpis().data
    cell = dict(zip(zip(data["rij"], data["kolom"]), data["tekst"]))
    assert cell[("23a", "Waarde")] == "17,0%"
    assert cell[("23a", "Norm of referentie")] == "naar rato van 2 van de 12 maanden: 16,7%"
    assert cell[("23a", "Vorige waarde")] == "16,7% (t/m feb 2025)"
    assert cell[("1", "Vorige waarde")] == "30 (feb 2025)"
    assert cell[("2", "KPI en definitie")].startswith("wachttijd ST: Mediaan")


def test_catalogue_rejects_an_unknown_reference():
    entries = ko.load_catalogue()
    bad = [dict(e) for e in entries]
    bad[0]["referentie"] = "gevoel"
    with pytest.raises(ValueError, match="onbekende referentie"):
        ko.validate_catalogue(bad)
