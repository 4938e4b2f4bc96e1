"""Every figure shows its status, on data with the gaps real data has (`tests/gap_data.py`): the
meldingen start in July 2023 and miss March 2025, and no source delivers PGB. No 0 may stand for
absent data in `cijfers.csv`, in the report's numbers, or in what the explorer shows."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest
from report_checks import Page, sdmonitor

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from gap_data import make_gap_data

PERIODE = "2026-02"


@pytest.fixture(scope="module")
def gap_report(data, tmp_path_factory):
    folder = make_gap_data(Path(data), tmp_path_factory.mktemp("gaps") / "data")
    out = tmp_path_factory.mktemp("gap-out")
    r = sdmonitor("run", "--data", str(folder), "--gemeente", "wijchen", "--periode", PERIODE, "--out", str(out))
    assert r.returncode == 0, r.stderr
    return folder, out / "wijchen" / PERIODE


def _cijfers(report: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    with open(report / "cijfers.csv", encoding="utf-8") as fh:
        return {(r["indicator"], r["periode"], r["dimensie"]): r for r in csv.DictReader(fh)}


@pytest.mark.parametrize(("key", "status"), [
    (("toegang.meldingen", "2023-03", ""), "geen_gegevens"),    # before the source starts
    (("toegang.meldingen", "2025-03", ""), "geen_gegevens"),    # the missing month
    (("toegang.wachtlijst", "2025-04", ""), "geen_gegevens"),   # open on 1 April needs March
    (("jeugd.pgb_aandeel", "2025", ""), "geen_gegevens"),       # no source delivers PGB
    (("wmo.kosten", "2025", "PGB"), "geen_gegevens"),
    (("toegang.meldingen", "2023", ""), "deelperiode"),         # the source starts in July
    (("toegang.meldingen", "2025", ""), "deelperiode"),         # a month of the year is missing
    (("toegang.meldingen", "2026", ""), "deelperiode"),         # t/m februari
    (("smw.aantal", "2025", "PO/groep"), "deelperiode"),        # school year 2025-2026 to date
])
def test_cijfers_csv_carries_the_status_and_no_zero_for_absent_data(gap_report, key, status):
    row = _cijfers(gap_report[1])[key]
    assert row["status"] == status
    if status == "geen_gegevens":
        assert row["waarde"] == "" and row["tekst"] == "geen gegevens"


def test_no_absent_figure_is_printed_as_a_number(gap_report):
    rows = _cijfers(gap_report[1])
    page = (gap_report[1] / "monitor.html").read_text(encoding="utf-8")
    absent = 0
    for attrs, text in Page(page).cells:
        key = (attrs["data-indicator"], attrs.get("data-periode", ""), attrs.get("data-dimensie", ""))
        row = rows.get(key)
        if row is not None and row["status"] == "geen_gegevens":
            absent += 1
            assert text.replace("\xa0", " ").strip() == "geen gegevens", (key, text)
    assert absent > 0, "the report prints the absent months and years"
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("\xa0", " ")
    assert "van 0 naar" not in plain
    assert "PGB Jeugd zit niet in de aangeleverde gegevens" in plain
    assert re.search(r"PGB[^.]{0,80}\b0,0 ?%", plain) is None


def test_the_explorer_shows_no_zero_for_absent_data(gap_report):
    from sdmonitor.workbook.edition import open_edition

    edition = open_edition("wijchen", PERIODE, data=str(gap_report[0]))
    series = edition.series("toegang.meldingen")
    march = series[series["periode"] == "2025-03"]
    assert len(march) and march["waarde"].isna().all() and (march["tekst"] == "geen gegevens").all()
    assert (march["status"] == "geen_gegevens").all()
