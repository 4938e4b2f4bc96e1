"""Two editions into one OUT: 2026-01 (peildatum 2026-02-10), then 2026-02 (peildatum 2026-03-10).
The second finds the first by itself and writes `wijzigingen.csv` and the chapter; 2025 kosten
are revised by the late declarations that came in between."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import short_parameters
from report_checks import demo_data, sdmonitor

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return demo_data(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def editions(data, tmp_path_factory):
    # The comparison is the figures' and the inleiding's (its "Wat is er veranderd" section): the
    # other chapters are left out (`short_parameters`), they have their own tests.
    out = tmp_path_factory.mktemp("reports")
    env = {"SDMONITOR_PARAMETERS": str(short_parameters(tmp_path_factory.mktemp("wijzigingen") / "parameters"))}
    first = sdmonitor("run", "--data", str(data), "--gemeente", "wijchen", "--periode", "2026-01",
                      "--peildatum", "2026-02-10", "--out", str(out), env=env)
    assert first.returncode == 0, first.stderr
    second = sdmonitor("run", "--data", str(data), "--gemeente", "wijchen", "--periode", "2026-02",
                       "--peildatum", "2026-03-10", "--out", str(out), env=env)
    assert second.returncode == 0, second.stderr
    return out / "wijchen" / "2026-01", out / "wijchen" / "2026-02"


def read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_first_edition_has_nothing_to_compare_with(editions):
    first, _ = editions
    assert not (first / "wijzigingen.csv").exists()
    assert "Er is geen eerdere editie van deze monitor om mee te vergelijken." in (first / "monitor.html").read_text(
        encoding="utf-8")


def test_second_edition_lists_the_revised_2025_kosten(editions):
    first, second = editions
    rows = read(second / "intern" / "wijzigingen-exact.csv")
    assert list(rows[0].keys()) == ["indicator", "periode", "dimensie", "waarde_vorige", "waarde", "verschil"]
    def num(text):
        return None if text == "" else float(text)  # empty: no figure (geen_gegevens)

    old = {(r["indicator"], r["periode"], r["dimensie"]): num(r["waarde"]) for r in read(first / "intern" / "kpis.csv")}
    new = {(r["indicator"], r["periode"], r["dimensie"]): num(r["waarde"])
           for r in read(second / "intern" / "kpis.csv")}
    changed = {(r["indicator"], r["periode"], r["dimensie"]) for r in rows}
    # Exactly the figures present in both editions whose value differs (a figure that appears counts).
    assert changed == {k for k in old.keys() & new.keys() if old[k] != new[k]}
    for r in rows:
        key = (r["indicator"], r["periode"], r["dimensie"])
        assert num(r["waarde_vorige"]) == old[key] and num(r["waarde"]) == new[key]
        if old[key] is not None and new[key] is not None:
            assert float(r["verschil"]) == pytest.approx(new[key] - old[key])
    revised = {r["indicator"]: float(r["verschil"]) for r in rows if r["periode"] == "2025" and r["dimensie"] == ""}
    # Late declarations between 10 February and 10 March raise what 2025 cost.
    assert revised["jeugd.kosten"] > 0 and revised["wmo.kosten"] > 0
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["vorige"] == "2026-01"  # the edition, not a path


def test_published_changes_compare_published_values(editions):
    first, second = editions
    rows = read(second / "wijzigingen.csv")
    assert list(rows[0].keys()) == ["indicator", "periode", "dimensie", "waarde_vorige", "waarde", "verschil",
                                    "status"]
    old = {(r["indicator"], r["periode"], r["dimensie"]): r for r in read(first / "cijfers.csv")}
    new = {(r["indicator"], r["periode"], r["dimensie"]): r for r in read(second / "cijfers.csv")}
    for r in rows:
        key = (r["indicator"], r["periode"], r["dimensie"])
        # each side is the published value of its edition; a hidden side is empty, and so is verschil
        assert r["waarde_vorige"] == old[key]["waarde"] and r["waarde"] == new[key]["waarde"]
        assert (r["verschil"] == "") == (r["waarde_vorige"] == "" or r["waarde"] == "")
    changed = {(r["indicator"], r["periode"], r["dimensie"]) for r in rows}
    expected = {k for k in old.keys() & new.keys() if old[k]["waarde"] != new[k]["waarde"]
                and (old[k]["waarde"] == "" or new[k]["waarde"] == ""
                     or float(old[k]["waarde"]) != float(new[k]["waarde"]))}
    assert changed == expected


def test_second_edition_has_the_chapter(editions):
    _, second = editions
    page = (second / "monitor.html").read_text(encoding="utf-8")
    assert "Wat is er veranderd sinds de vorige editie?" in page
    assert "Bijgestelde cijfers over afgesloten jaren" in page
    assert "Kosten Jeugd 2025" in page
    assert "door late declaraties over maanden die toen al voorbij waren" in page


def test_explicit_vorige_without_figures_is_a_usage_error(editions, tmp_path):
    _, second = editions
    r = sdmonitor("run", "--data", "data/demo", "--gemeente", "wijchen", "--periode", "2026-02",
                  "--out", str(tmp_path), "--vorige", str(tmp_path / "nergens"))
    assert r.returncode == 2 and "--vorige" in r.stderr


def test_edition_diff_has_the_rows_of_wijzigingen_csv(editions, data):
    # The notebook's `Edition.diff` and the run's published wijzigingen.csv: the same rows.
    import pandas as pd

    import sdmonitor
    from sdmonitor.publish.cijfers import WIJZIGINGEN_COLUMNS
    from sdmonitor.safe_output import from_spreadsheet_text

    _, second = editions
    vorige = sdmonitor.open_edition("wijchen", "2026-01", "2026-02-10", data)
    diff = sdmonitor.open_edition("wijchen", "2026-02", "2026-03-10", data).diff(vorige)
    written = pd.read_csv(second / "wijzigingen.csv", dtype={c: str for c in ("indicator", "periode", "dimensie",
                                                                              "status")},
                          keep_default_na=False, na_values={c: [""] for c in ("waarde_vorige", "waarde", "verschil")})
    for column in ("indicator", "periode", "dimensie", "status"):
        written[column] = written[column].map(from_spreadsheet_text)
    assert len(diff) > 0
    pd.testing.assert_frame_equal(diff[WIJZIGINGEN_COLUMNS].reset_index(drop=True),
                                  written[WIJZIGINGEN_COLUMNS].astype({c: "float64" for c in
                                                                       ("waarde_vorige", "waarde", "verschil")}),
                                  check_dtype=False)
