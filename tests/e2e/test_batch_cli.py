"""`sdmonitor batch`: three municipalities, one of them broken -> two reports, one failure, exit 4.

The third municipality is Wijchen's data under another name whose chapter list includes a
chapter that raises (a copy of the broken fixture chapter added to a copy of the notebooks).
"""

from __future__ import annotations

import shutil

import pytest
from conftest import short_parameters
from report_checks import BROKEN, ROOT, demo_data, sdmonitor

pytestmark = pytest.mark.e2e
PERIODE = "2026-02"


def test_batch_with_one_broken_municipality(tmp_path):
    data = demo_data(tmp_path)
    # Two chapters each (the jeugd chapter's progress is checked): the batch is under test, not
    # every chapter, which the run tests build.
    params = short_parameters(tmp_path / "parameters", ("inleiding", "jeugd"))
    (params / "kapotdorp.yaml").write_text(
        "cbs_code: GM0296\nnaam: Kapotdorp\nhoofdstukken: [inleiding, kapot]\n", encoding="utf-8")
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    shutil.copy(BROKEN / "02_jeugd.ipynb", notebooks / "08_kapot.ipynb")
    out = tmp_path / "reports"

    r = sdmonitor("batch", "--data", str(data), "--periode", PERIODE, "--gemeenten", "wijchen,druten,kapotdorp",
                  "--workers", "2", "--out", str(out),
                  env={"SDMONITOR_PARAMETERS": str(params), "SDMONITOR_NOTEBOOKS": str(notebooks)})

    assert r.returncode == 4, r.stderr
    rows = [line.split(None, 2) for line in r.stdout.strip().splitlines()]
    assert rows[0][:2] == ["gemeente", "status"]
    assert [(row[0], row[1]) for row in rows[1:]] == [("Wijchen", "ok"), ("Druten", "ok"), ("Kapotdorp", "mislukt")]
    assert "kapot" in rows[3][2]
    assert (out / "wijchen" / PERIODE / "monitor.html").is_file()
    assert (out / "druten" / PERIODE / "monitor.html").is_file()
    assert not (out / "kapotdorp" / PERIODE).exists()
    assert "Traceback" not in r.stderr
    # progress from the worker processes: plain lines per chapter (stderr is not a terminal here)
    assert "] Druten: hoofdstuk jeugd (stap " in r.stderr and "] Kapotdorp: mislukt na" in r.stderr
    (log,) = (out / "logs").glob(f"batch-{PERIODE}-*.log")
    assert "Wijchen: klaar in" in log.read_text(encoding="utf-8")
