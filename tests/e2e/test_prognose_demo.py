"""The prognosis on the demo data: its accuracy against the simulated truth, and the seed's
expected afwijking 2026 that the demo edition must show.

One demo set (seed 2026) is generated with its truth and written once for the whole module.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

demo = pytest.importorskip("sdmonitor.demo")

from sdmonitor.figures import prognose  # noqa: E402
from sdmonitor.ingest.dataset import load_dataset  # noqa: E402
from sdmonitor.ingest.selection import select  # noqa: E402
from sdmonitor.parameters import Gemeente  # noqa: E402
from sdmonitor.periods import Periode  # noqa: E402

pytestmark = pytest.mark.e2e

PERIODE = Periode(2025, 2)
PEILDATUM = date(2025, 3, 10)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    tables = demo.generate(2026, with_truth=True)
    demo.write_tables(folder, tables)
    return folder, tables["_truth"]


@pytest.fixture(scope="module")
def errors(generated) -> dict[tuple[str, str], tuple[float, float]]:
    """(gemeente, wet or 'totaal') -> (prognose error, naive run-rate error), fractions of the
    simulated, fully declared 2025 total, for the edition periode 2025-02 / peildatum 2025-03-10."""
    folder, truth = generated
    dataset = load_dataset(folder)
    out = {}
    for code in sorted(truth["gemeente"].unique()):
        sel = select(dataset, Gemeente(code=code, naam=code, slug=code.lower()), PERIODE, PEILDATUM)
        true = truth[(truth["gemeente"] == code) & (truth["jaar"] == 2025)].groupby("wet")["bedrag"].sum()
        forecast = prognose.forecast(sel.lines, ["wet"], PERIODE, PEILDATUM).set_index("wet")["prognose"]
        naive = {wet: prognose.naive_run_rate(sel.lines[sel.lines["wet"] == wet], PERIODE, PEILDATUM)
                 for wet in true.index}
        for wet in true.index:
            out[(code, wet)] = ((forecast[wet] - true[wet]) / true[wet], (naive[wet] - true[wet]) / true[wet])
        total = true.sum()
        out[(code, "totaal")] = ((forecast.sum() - total) / total, (sum(naive.values()) - total) / total)
    return out


def test_prognosis_per_gemeente_within_three_percent_and_better_than_naive(errors):
    for (code, wet), (error, naive) in errors.items():
        if wet != "totaal":
            continue
        assert abs(error) < 0.03, f"{code}: prognose {100 * error:+.1f} % van de werkelijke 2025"
        assert abs(error) < abs(naive), f"{code}: niet beter dan de naïeve run-rate ({100 * naive:+.1f} %)"


def test_prognosis_per_wet_within_five_percent_and_better_than_naive(errors):
    # Per wet the small gemeente (Druten, a few very expensive youths) is noisier: 5 %, not 3 %.
    for (code, wet), (error, naive) in errors.items():
        assert abs(error) < 0.05, f"{code} {wet}: prognose {100 * error:+.1f} %"
        assert abs(error) < abs(naive), f"{code} {wet}: niet beter dan de naïeve run-rate"


def _kpis(folder: Path, out: Path) -> dict[tuple[str, str], float]:
    exe = Path(sys.executable).with_name("sdmonitor")
    done = subprocess.run([str(exe), "kpis", "--data", str(folder), "--gemeente", "wijchen", "--periode", "2026-02",
                           "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8") as fh:
        return {(r["indicator"], r["dimensie"]): float(r["waarde"]) for r in csv.DictReader(fh)
                if r["periode"] == "2026" and r["waarde"] != ""}


def test_demo_edition_shows_the_seeds_expected_afwijking(generated, tmp_path):
    folder, _truth = generated
    figures = _kpis(folder, tmp_path / "kpis.csv")
    # Calibration: seed 000 §3.5 and §4.5, afwijking 2026 (begroting - prognose) x € 1.000, rounded.
    jeugd = {"Dagbehandeling": 19, "Verblijf": -544, "Ambulant": 123, "GGZ zorg": -4,
             "Bescherming/reclassering": 88, "PGB": 0, "Overig": 18, "": -299}
    wmo = {"Huishoudelijke hulp": 351, "Dagbesteding": -20, "Begeleiding": 0, "Hulpmiddelen": 0,
           "Woonvoorzieningen": 0, "PGB": 0, "Overig": 0, "": 331}
    for wet, expected in (("jeugd", jeugd), ("wmo", wmo)):
        got = {post: round(figures[(f"{wet}.afwijking", post)] / 1000) for post in expected}
        assert got == expected, wet
        # and the afwijking is what the reader sees: begroting - prognose
        assert figures[(f"{wet}.afwijking", "")] == pytest.approx(
            figures[(f"{wet}.begroting", "")] - figures[(f"{wet}.prognose", "")])
