"""The commentary check in a run and in the workbook: the file in intern/, the summary lines,
strict mode (exit 4), and the warning box beside the analyst's text (never in a publication)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from sdmonitor.errors import TekstcontroleError, UsageError
from sdmonitor.figures.kpis import write_kpis_csv
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.publish.element import PUBLICATIE_ENV
from sdmonitor.publish.suppression import Published, write_onderdrukking
from sdmonitor.run import tekstcontrole_run as tr
from sdmonitor.workbook.monitor import Monitor

P = Periode(2026, 2)
G = Gemeente(code="GM0001", naam="Testdorp", slug="testdorp")
FIGS = pd.DataFrame([("jeugd.clienten", "2024", "", 1200.0, "aantal", "definitief"),
                     ("jeugd.clienten", "2025", "", 1080.0, "aantal", "definitief")],  # −10 %
                    columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"])
FOUT = "Het aantal jeugdigen met zorg is in 2025 stabiel gebleven."


@pytest.fixture
def edition(tmp_path, monkeypatch) -> Path:
    """An edition folder as the runner leaves it before the chapters, and the analyst's text."""
    params = tmp_path / "parameters"
    (params / "testdorp").mkdir(parents=True)
    (params / "testdorp" / "2026-02.yaml").write_text(f"duiding:\n  jeugd: {FOUT}\n", encoding="utf-8")
    monkeypatch.setenv("SDMONITOR_PARAMETERS", str(params))
    folder = tmp_path / "editie"
    (folder / "intern").mkdir(parents=True)
    write_kpis_csv(FIGS, folder / "intern" / "kpis.csv")
    write_onderdrukking(Published(FIGS), folder / "intern" / "onderdrukking.csv")
    return folder


def test_warnings_go_to_intern_and_the_summary(edition):
    found = tr.check_edition(edition, G, P)
    assert [w.sectie for w in found] == ["jeugd"]
    table = pd.read_csv(edition / "intern" / "tekstcontrole.csv", dtype=str)
    assert table["bewering"].tolist() == ["stabiel"] and "−10,0%" in table["uitleg"].iloc[0]
    lines = tr.summary(edition)
    assert lines[0].startswith("Tekstcontrole: 1 waarschuwing(en)") and "jeugd: \"stabiel\"" in lines[1]


def test_strict_mode_stops_with_exit_4(edition):
    found = tr.check_edition(edition, G, P)
    tr.enforce(found, tr.WAARSCHUWEN)  # warns only
    with pytest.raises(TekstcontroleError) as exc:
        tr.enforce(found, tr.STRENG)
    assert exc.value.exit_code == 4 and "stabiel" in str(exc.value)
    tr.enforce([], tr.STRENG)  # nothing wrong: nothing stops


def test_mode_from_command_line_over_parameters():
    streng = Gemeente(code="GM0001", naam="T", slug="t", raw={"tekstcontrole": "streng"})
    assert tr.mode(G) == tr.WAARSCHUWEN and tr.mode(streng) == tr.STRENG
    assert tr.mode(streng, "waarschuwen") == tr.WAARSCHUWEN
    with pytest.raises(UsageError):
        tr.mode(Gemeente(code="GM0001", naam="T", slug="t", raw={"tekstcontrole": "soms"}))


class NoSelection:
    tables: dict = {}  # noqa: RUF012 - a stand-in, never mutated
    peildatum = date(2026, 3, 10)

    def has(self, name):
        return False


def test_the_analyst_sees_the_box_beside_the_text_the_publication_does_not(monkeypatch):
    m = Monitor(G, P, FIGS, Path("/x"), date(2026, 3, 10), NoSelection(), {"duiding": {"jeugd": FOUT}})
    monkeypatch.delenv(PUBLICATIE_ENV, raising=False)
    assert "sd-tekstcontrole" in m.duiding("jeugd").html and "sd-tekstcontrole" in m.bevindingen("jeugd").html
    monkeypatch.setenv(PUBLICATIE_ENV, "1")
    assert "sd-tekstcontrole" not in m.duiding("jeugd").html
    assert FOUT in m.duiding("jeugd").html  # the text itself is published as written
