"""Tests for sdmonitor.figures.wijzigingen: comparing two editions' figures."""

from __future__ import annotations

import pandas as pd
import pytest

from sdmonitor.errors import UsageError
from sdmonitor.figures import wijzigingen as w
from sdmonitor.periods import Periode


def figures(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])


def test_only_figures_present_in_both_whose_value_changed():
    old = figures([("jeugd.kosten", "2025", "", 100.0, "euro"),       # revised: 100 -> 130
                   ("jeugd.kosten", "2024", "", 50.0, "euro"),        # unchanged
                   ("jeugd.kosten", "2025", "PGB", 10.0, "euro"),     # only in the old edition
                   ("wmo.clienten", "2025-12", "", 7.0, "aantal")])   # 7 -> 5 (a credit)
    new = figures([("jeugd.kosten", "2025", "", 130.0, "euro"),
                   ("jeugd.kosten", "2024", "", 50.0 + 1e-12, "euro"),  # float noise: unchanged
                   ("wmo.clienten", "2025-12", "", 5.0, "aantal"),
                   ("wmo.clienten", "2026-01", "", 9.0, "aantal")])   # new period: not in both
    out = w.compare(old, new)
    assert list(out.columns) == w.COLUMNS
    assert out.values.tolist() == [["jeugd.kosten", "2025", "", 100.0, 130.0, 30.0],
                                   ["wmo.clienten", "2025-12", "", 7.0, 5.0, -2.0]]


def test_written_file_has_exactly_the_contract_columns(tmp_path):
    table = pd.DataFrame([["jeugd.kosten", "2025", "", 100.0, 130.5, 30.5]], columns=w.COLUMNS)
    w.write_wijzigingen(table, tmp_path / "wijzigingen.csv")
    assert (tmp_path / "wijzigingen.csv").read_text(encoding="utf-8") == (
        "indicator,periode,dimensie,waarde_vorige,waarde,verschil\njeugd.kosten,2025,,100,130.5,30.5\n")


def test_previous_edition_is_the_latest_earlier_periode_with_figures(tmp_path):
    for name in ("2025-11", "2025-12", "2026-02", "2026-03"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "kpis.csv").write_text("indicator\n")
    (tmp_path / "2026-01").mkdir()  # no kpis.csv: a failed or foreign folder, skipped
    (tmp_path / ".2026-01.tmp-x").mkdir()
    assert w.previous_edition(tmp_path, Periode(2026, 2)).name == "2025-12"
    assert w.previous_edition(tmp_path, Periode(2025, 11)) is None
    assert w.previous_edition(tmp_path / "nergens", Periode(2026, 2)) is None


def test_explicit_vorige_must_be_an_edition(tmp_path):
    with pytest.raises(UsageError):
        w.resolve_vorige(tmp_path, tmp_path, Periode(2026, 2))
    (tmp_path / "kpis.csv").write_text("indicator\n")
    assert w.resolve_vorige(str(tmp_path), tmp_path / "x", Periode(2026, 2)) == tmp_path


def test_prognose_change_split_into_causes():
    # Prognose up 50: the months already past then (Jan) now expected 20 higher (late
    # declarations), the rest (February realised, rest of the year re-estimated) 30.
    # Begroting up 100 -> afwijking = +100 - 50 = +50.
    table = pd.DataFrame([["jeugd.prognose", "2026", "", 1000.0, 1050.0, 50.0],
                          ["jeugd.kosten_verwacht", "2026-01", "", 80.0, 100.0, 20.0],
                          ["jeugd.kosten_verwacht", "2026", "", 80.0, 190.0, 110.0],
                          ["jeugd.begroting", "2026", "", 900.0, 1000.0, 100.0],
                          ["jeugd.afwijking", "2026", "", -100.0, -50.0, 50.0]], columns=w.COLUMNS)
    got = w.prognose_change(table, "jeugd", "2026")
    assert got == {"prognose": 50.0, "laat": 20.0, "nieuw": 30.0, "begroting": 100.0, "afwijking": 50.0}
    assert w.prognose_change(table, "wmo", "2026") is None
    assert w.earlier_periode(table) == "2026-01"


def test_largest_moves_are_closed_years_by_relative_change():
    table = pd.DataFrame([["jeugd.kosten", "2025", "", 100.0, 110.0, 10.0],         # +10 %
                          ["wmo.kosten", "2025", "", 100.0, 101.0, 1.0],            # +1 %
                          ["jeugd.clienten", "2025", "", 50.0, 40.0, -10.0],        # -20 %
                          ["jeugd.kosten_verwacht", "2025", "", 50.0, 10.0, -40.0],  # derived: not news
                          ["jeugd.kosten", "2026", "", 50.0, 100.0, 50.0]],          # current year
                         columns=w.COLUMNS)
    got = w.largest_moves(table, "2026", n=2)
    assert got["indicator"].tolist() == ["jeugd.clienten", "jeugd.kosten"]
    assert got["relatief"].tolist() == pytest.approx([-0.2, 0.1])


def _edition(folder, gemeente="GM0296", periode="2026-01", drempel=5):
    import json

    (folder / "intern").mkdir(parents=True)
    (folder / "intern" / "kpis.csv").write_text("indicator,periode,dimensie,waarde,eenheid,status\n")
    params = {"gemeente": gemeente, "gemeente_naam": "Druten" if gemeente == "GM0225" else "Wijchen",
              "periode": periode, "drempel": drempel}
    (folder / "manifest.json").write_text(json.dumps({"parameters": params}))
    return folder


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({"gemeente": "GM0225"}, "het is een editie van Druten (GM0225), niet van GM0296"),
    ({"periode": "2026-02"}, "de periode 2026-02 ligt niet vóór 2026-02"),
    ({"drempel": 10}, "de drempel voor kleine aantallen was 10, nu 5"),
])
def test_vorige_of_another_gemeente_periode_or_threshold_is_refused(tmp_path, kwargs, reason):
    folder = _edition(tmp_path / "vorige", **kwargs)
    with pytest.raises(UsageError) as refused:
        w.resolve_vorige(folder, tmp_path / "wijchen", Periode.parse("2026-02"), "GM0296", 5)
    assert reason in str(refused.value)


def test_vorige_of_the_same_gemeente_and_an_earlier_periode_is_taken(tmp_path):
    folder = _edition(tmp_path / "wijchen" / "2026-01")
    assert w.resolve_vorige(folder, tmp_path / "wijchen", Periode.parse("2026-02"), "GM0296", 5) == folder
    # the default lookup checks the same way
    assert w.resolve_vorige(None, tmp_path / "wijchen", Periode.parse("2026-02"), "GM0296", 5) == folder
