"""Accuracy of the prognosis on the demo data: an earlier edition against the year's real total.

Periode 2025-02 on peildatum 2025-03-10 (January and February still being declared, ten months
to come) must land within 3 % of what 2025 really came to in the full data, and closer than the
uncorrected run-rate (declared so far x 12 / 2).
"""

from __future__ import annotations

from datetime import date

import pytest

demo = pytest.importorskip("sdmonitor.demo")
if not hasattr(demo, "write_demo_data"):
    pytest.skip("demo generator not available yet", allow_module_level=True)

from sdmonitor import prognose  # noqa: E402
from sdmonitor.dataset import load_dataset  # noqa: E402
from sdmonitor.parameters import Gemeente  # noqa: E402
from sdmonitor.periods import Periode  # noqa: E402
from sdmonitor.selection import select  # noqa: E402

pytestmark = pytest.mark.e2e

PERIODE = Periode(2025, 2)
PEILDATUM = date(2025, 3, 10)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    demo.write_demo_data(folder)
    return load_dataset(folder)


@pytest.mark.xfail(strict=False, reason=(
    "the demo's 2025 'werkelijk' is cut at 2026-03-10 and still misses ~5 % of late declarations "
    "(measured on 2024), and the demo has year-level steps (wmo 2024 +13 %, jeugd GM0225 2025 +14 %) "
    "that February data cannot show; see docs/prognose.md, Accuracy"))
def test_prognosis_within_three_percent_and_better_than_naive(dataset):
    decl = dataset["declaraties"]
    for code in sorted(decl["gemeente"].unique()):
        sel = select(dataset, Gemeente(code=code, naam=code, slug=code.lower()), PERIODE, PEILDATUM)
        own = decl[(decl["gemeente"] == code) & (decl["periode_begin"].dt.year == 2025)]
        truth = float(own["bedrag"].sum())
        forecast = float(prognose.forecast(sel.lines, ["wet"], PERIODE, PEILDATUM)["prognose"].sum())
        naive = prognose.naive_run_rate(sel.lines, PERIODE, PEILDATUM)
        error = abs(forecast - truth) / truth
        assert error < 0.03, f"{code}: prognose {forecast:,.0f} vs werkelijk {truth:,.0f} ({100 * error:.1f} %)"
        assert error < abs(naive - truth) / truth, f"{code}: not better than the naive run-rate"
