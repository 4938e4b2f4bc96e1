"""hoofdstuk-invoer.json: what the chapters need beyond kpis.csv, written once by the runner."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from sdmonitor.parameters import resolve_gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook import hoofdstuk_invoer
from sdmonitor.workbook.monitor import Monitor

WIJCHEN = resolve_gemeente("wijchen")
P = Periode.parse("2026-02")
OTHER = "GM9999"  # not in Wijchen's region: its benchmark rows are not needed


def selection() -> SimpleNamespace:
    regio = [g for g in WIJCHEN.regio_gemeenten if g != WIJCHEN.code][0]
    bench = pd.DataFrame({
        "gebied": [WIJCHEN.code, regio, "NL01", OTHER],
        "indicator": ["jeugd.pct_in_zorg"] * 4,
        "periode": [2025, 2025, 2025, 2025],
        "dimensie": [None, None, None, None],
        "waarde": [11.5, 12.25, 10.0, 99.0],
    })
    vt = pd.DataFrame({"gemeente": [WIJCHEN.code, WIJCHEN.code, OTHER], "jaar": [2023, 2025, 2024]})
    recon = pd.DataFrame({"tabel": ["declaraties", "declaraties"], "reden": ["gelezen", "gebruikt"],
                          "rijen": [10, 8]})
    tables = {"benchmark": bench, "veilig_thuis": vt}
    return SimpleNamespace(gemeente=WIJCHEN, tables=tables, reconciliation=recon, has=lambda n: n in tables)


def test_round_trip_keeps_only_what_the_chapters_use(tmp_path):
    assert hoofdstuk_invoer.write(selection(), tmp_path) == [hoofdstuk_invoer.FILE]
    back = hoofdstuk_invoer.read(tmp_path / hoofdstuk_invoer.FILE)
    assert back.tabellen == {"benchmark", "veilig_thuis"}
    # Wijchen's own rows only: 2023 and 2025 (GM9999's 2024 is not Wijchen's).
    assert back.jaren == {"veilig_thuis": ["2023", "2025"]}
    # Own, region and NL; the municipality outside the region is left out.
    assert sorted(back.benchmark["waarde"]) == [10.0, 11.5, 12.25]
    assert set(back.benchmark["periode"]) == {"2025"} and set(back.benchmark["dimensie"]) == {""}
    assert list(back.verantwoording["rijen"]) == [10, 8]


def test_the_offer_table_travels_for_the_own_gemeente_only(tmp_path):
    sel = selection()
    # `omschrijving` and `aanbieder` are optional columns: absent here, empty after the round trip.
    sel.tables["vrij_toegankelijk_aanbod"] = pd.DataFrame({
        "gemeente": [WIJCHEN.code, OTHER], "jaar": [2025, 2025], "doelgroep": ["Jeugd", "Jeugd"],
        "aanbod": ["Sova-training", "Elders"]})
    hoofdstuk_invoer.write(sel, tmp_path)
    back = hoofdstuk_invoer.read(tmp_path / hoofdstuk_invoer.FILE).vrij_toegankelijk_aanbod
    assert list(back["aanbod"]) == ["Sova-training"]
    assert list(back["jaar"]) == [2025]
    assert back[["omschrijving", "aanbieder"]].isna().all().all()


class NoSelection:
    """A selection that must not be needed: the chapters read hoofdstuk-invoer.json."""

    peildatum = date(2026, 3, 10)

    @property
    def tables(self):
        raise AssertionError("the data folder was read")

    def has(self, name):
        raise AssertionError("the data folder was read")


def test_monitor_reads_the_runner_file_instead_of_the_data(tmp_path):
    hoofdstuk_invoer.write(selection(), tmp_path)
    figures = pd.DataFrame(columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    m = Monitor(WIJCHEN, P, figures, Path("/nonexistent"), date(2026, 3, 10), NoSelection(), {})
    m.figures_path = tmp_path / "kpis.csv"
    assert m.benchmark_value("NL01", "jeugd.pct_in_zorg", "2025") == 10.0
    # Years 2023..2026 of the periode; the source has 2023 and 2025.
    assert m.jaren_zonder_gegevens("veilig_thuis") == ["2024", "2026"]
    assert m.jaren_zonder_gegevens("klachten_bezwaren") == []  # table absent: nothing to say
    assert not m.has_table("toewijzingen")


def test_without_the_file_the_selection_is_used(tmp_path):
    figures = pd.DataFrame(columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    m = Monitor(WIJCHEN, P, figures, Path("/nonexistent"), date(2026, 3, 10), NoSelection(), {})
    with pytest.raises(AssertionError, match="data folder"):
        m.has_table("benchmark")
