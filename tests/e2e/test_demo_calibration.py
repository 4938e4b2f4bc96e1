"""`sdmonitor kpis` on the demo data reproduces the figures printed in the seed monitors.

The expected values are the seeds' own numbers (000 = Wijchen jaarbeeld 2025 t/m februari 2026,
003 = Druten 2024 t/m maart 2025): the demo data was calibrated to tell their story.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from cli_fork import run_cli


def _kpis(data: Path, out: Path, gemeente: str, periode: str) -> dict[tuple[str, str, str], float]:
    result = run_cli(["kpis", "--data", str(data), "--gemeente", gemeente, "--periode", periode, "--out", str(out)])
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8") as fh:
        return {(r["indicator"], r["periode"], r["dimensie"]): float(r["waarde"]) for r in csv.DictReader(fh)
                if r["waarde"] != ""}  # geen_gegevens rows have no value


@pytest.fixture(scope="module")
def wijchen(demo_data, tmp_path_factory):
    return _kpis(demo_data, tmp_path_factory.mktemp("k") / "kpis.csv", "wijchen", "2026-02")


@pytest.fixture(scope="module")
def druten(demo_data, tmp_path_factory):
    return _kpis(demo_data, tmp_path_factory.mktemp("k") / "kpis.csv", "druten", "2025-03")


def test_wijchen_youth_in_care(wijchen):
    # seed 000 §3.2: "In 2025 ging het in Wijchen om 1.301 jongeren die jeugdzorg ontvingen, dit is 13,3%."
    assert wijchen[("jeugd.clienten", "2025", "")] == pytest.approx(1301, rel=0.01)
    assert wijchen[("jeugd.pct_in_zorg", "2025", "")] == pytest.approx(13.3, abs=0.15)
    # seed 000 §3.5: "in 2026 tot en met februari 950 unieke jeugdigen" (the issue asks for ~950)
    assert wijchen[("jeugd.clienten", "2026", "")] == pytest.approx(950, rel=0.05)


def test_wijchen_pgb_shares(wijchen):
    # seed 000 §3.2: PGB 3% in 2023, 2% in 2024 and 2025; §4.1: Wmo PGB 5% in 2025
    assert wijchen[("jeugd.pgb_aandeel", "2023", "")] == pytest.approx(0.03, abs=0.005)
    assert wijchen[("jeugd.pgb_aandeel", "2024", "")] == pytest.approx(0.02, abs=0.005)
    assert wijchen[("jeugd.pgb_aandeel", "2025", "")] == pytest.approx(0.02, abs=0.005)
    assert wijchen[("wmo.pgb_aandeel", "2025", "")] == pytest.approx(0.05, abs=0.005)


def test_wijchen_klachten_and_bezwaren(wijchen):
    # seed 000 §2.4: twaalf klachten in 2025, elf informeel; 22 bezwaren, elf wmo, zes gehandicaptenparkeren
    assert wijchen[("klachten.aantal", "2025", "")] == 12
    assert wijchen[("klachten.aantal", "2025", "informeel")] == 11
    assert wijchen[("bezwaren.aantal", "2025", "")] == 22
    assert wijchen[("bezwaren.aantal", "2025", "wmo")] == 11
    assert wijchen[("bezwaren.aantal", "2025", "gehandicaptenparkeren")] == 6


def test_druten_jeugd_kosten_2024_per_begrotingspost(druten):
    # seed 003 §3.4 realisatie 2024 (x € 1.000), its lines summed into the contract's begrotingsposten
    expected = {
        "Dagbehandeling": 527,
        "Verblijf": 1130 + 90,                    # verblijf + LTA
        "Ambulant": 740 + 608,                    # begeleiding + behandeling ambulant
        "GGZ zorg": 1538,
        "Bescherming/reclassering": 308 + 61 + 2, # jeugdbescherming + jeugdreclassering + preventief justitieel
        "PGB": 101,
        "Overig": 16 + 24 + 9,                    # persoonlijke verzorging + vervoer + crisis
    }
    for post, k_euro in expected.items():
        assert druten[("jeugd.kosten", "2024", post)] / 1000 == pytest.approx(k_euro, rel=0.01), post
    assert druten[("jeugd.kosten", "2024", "")] / 1000 == pytest.approx(5154, rel=0.01)
