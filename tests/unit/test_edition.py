"""The query API (`sdmonitor.open_edition`): figures, series, compare, indicators, the cache.

Two kinds of input: a hand-made figure table (Edition built directly, for the query logic) and a
tiny input folder on disk (for open_edition: the figures are those of `sdmonitor kpis`, cached).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import sdmonitor
from sdmonitor.errors import InvalidDataError, UsageError
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook import edition as ed_mod
from sdmonitor.workbook.edition import Edition, open_edition

GM, DRUTEN = "GM0296", "GM0225"
WIJCHEN = Gemeente(code=GM, naam="Wijchen", slug="wijchen", regio_gemeenten=(GM, DRUTEN, "GM0209"))
P = Periode(2026, 2)


def figures(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"]).astype(
        {"indicator": "str", "periode": "str", "dimensie": "str", "waarde": "float64", "eenheid": "str"})


FIGS = figures([
    ("jeugd.clienten", "2025", "", 40, "aantal"),
    ("jeugd.clienten", "2025", "Pleegzorg", 3, "aantal"),        # 3 < drempel 5: published "<5"
    ("jeugd.clienten", "2026", "", 20, "aantal"),
    ("jeugd.clienten", "2025-12", "", 30, "aantal"),
    ("jeugd.clienten", "2026-01", "", 25, "aantal"),
    ("jeugd.clienten", "2026-02", "", 12, "aantal"),
    # compleetheid: 2025-12 complete, 2026-01 0,90 and 2026-02 0,50 are below 0,95 -> voorlopig
    ("jeugd.compleetheid", "2025-12", "", 1.0, "fractie"),
    ("jeugd.compleetheid", "2026-01", "", 0.90, "fractie"),
    ("jeugd.compleetheid", "2026-02", "", 0.50, "fractie"),
    # a year is voorlopig below 99 % declared: 2025 990/1000 = 0,99 is not, 2026 100/200 = 0,5 is
    ("jeugd.kosten", "2025", "", 990.0, "euro"),
    ("jeugd.kosten", "2026", "", 100.0, "euro"),
    ("jeugd.kosten_verwacht", "2025", "", 1000.0, "euro"),
    ("jeugd.kosten_verwacht", "2026", "", 200.0, "euro"),
    ("jeugd.begroting", "2026", "", 1200.0, "euro"),
    ("jeugd.pct_in_zorg", "2025", "", 12.5, "procent"),
    ("toegang.meldingen", "2025", "", 7, "aantal"),
])
BENCH = pd.DataFrame({
    "gebied": ["NL01", "NL01", DRUTEN, "GM9999", GM],
    "indicator": ["jeugd.pct_in_zorg"] * 5,
    "periode": ["2024", "2025", "2025", "2025", "2025"],
    "dimensie": [""] * 5,
    "waarde": [10.0, 10.5, 11.0, 99.0, 77.0],
})


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test its own disk cache (never the user's ~/.cache)."""
    monkeypatch.setenv("SDMONITOR_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def edition() -> Edition:
    return Edition(WIJCHEN, P, date(2026, 3, 10), Path("."), FIGS, BENCH)


def test_series_total_per_maand_with_voorlopig_marks(edition):
    s = edition.series("jeugd.clienten", dimensie="", per="maand")
    assert list(s["periode"]) == ["2025-12", "2026-01", "2026-02"]
    assert list(s["waarde"]) == [30, 25, 12]
    assert list(s["voorlopig"]) == [False, True, True]
    assert list(s.columns) == ed_mod.SERIES_COLUMNS


def test_series_years_and_small_numbers(edition):
    # Published by default: the hidden 3 is not beside its "<5" (it was before issue 19).
    s = edition.series("jeugd.clienten", years=[2025], per="jaar")
    assert list(zip(s["dimensie"], s["tekst"], s["onderdrukt"])) == [("", "40", False), ("Pleegzorg", "<5", True)]
    assert s["waarde"].iloc[0] == 40.0 and pd.isna(s["waarde"].iloc[1])
    # exact only when asked
    assert edition.series("jeugd.clienten", years=[2025], per="jaar", exact=True)["waarde"].tolist() == [40.0, 3.0]


STATUS_FIGS = pd.DataFrame([
    ("toegang.meldingen", "2023", "", float("nan"), "aantal", "geen_gegevens"),
    ("toegang.meldingen", "2024", "", 1541.0, "aantal", "definitief"),
    ("toegang.meldingen", "2025", "", 1349.0, "aantal", "deelperiode"),
    ("jeugd.clienten", "2025", "", 1301.0, "aantal", "voorlopig"),
    ("jeugd.clienten", "2024", "", 1400.0, "aantal", "definitief"),
    # compleetheid 1,0: the old threshold rule would call 2025 final; the status says voorlopig
    ("jeugd.kosten", "2025", "", 1000.0, "euro", "voorlopig"),
    ("jeugd.kosten_verwacht", "2025", "", 1000.0, "euro", "voorlopig"),
], columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"])


def test_series_published_with_status_and_no_value_where_no_data():
    ed = Edition(WIJCHEN, P, date(2026, 3, 10), Path("."), STATUS_FIGS, None)
    s = ed.series("toegang.meldingen")
    assert list(s.columns) == ed_mod.SERIES_COLUMNS
    assert list(zip(s["periode"], s["status"], s["tekst"])) == [
        ("2023", "geen_gegevens", "geen gegevens"), ("2024", "definitief", "1.541"), ("2025", "deelperiode", "1.349")]
    assert pd.isna(s["waarde"].iloc[0])  # never 0 for absent data
    assert dict(zip(ed.series("jeugd.clienten")["periode"], ed.series("jeugd.clienten")["voorlopig"])) == {
        "2024": False, "2025": True}
    assert ed.voorlopig("jeugd.kosten", "2025")
    c = ed.compare("toegang.meldingen")
    assert list(c["status"]) == ["geen_gegevens", "definitief", "deelperiode"] and pd.isna(c["waarde"].iloc[0])


def test_exact_values_are_refused_during_a_publication_run(monkeypatch):
    from sdmonitor.publish.element import ExactNotAllowed

    ed = Edition(WIJCHEN, P, date(2026, 3, 10), Path("."), FIGS, BENCH)
    assert ed.exact()["waarde"].notna().all()
    monkeypatch.setenv("SDMONITOR_IN_RUN", "1")
    for call in (ed.exact, lambda: ed.series("jeugd.clienten", exact=True),
                 lambda: ed.compare("jeugd.clienten", exact=True)):
        with pytest.raises(ExactNotAllowed):
            call()
    assert ed.series("jeugd.clienten", years=[2025], per="jaar")["tekst"].tolist() == ["40", "<5"]  # published: fine


def test_year_voorlopig_follows_the_report_rule(edition):
    s = edition.series("jeugd.kosten", dimensie="")
    assert dict(zip(s["periode"], s["voorlopig"])) == {"2025": False, "2026": True}
    # A budget is no count of declarations: never voorlopig.
    assert not edition.series("jeugd.begroting")["voorlopig"].any()
    assert edition.voorlopige_maanden("jeugd") == ["2026-01", "2026-02"]


def test_series_unknown_indicator_is_empty_and_bad_per_is_an_error(edition):
    assert edition.series("bestaat.niet").empty
    with pytest.raises(ValueError):
        edition.series("jeugd.clienten", per="week")


def test_compare_own_then_region_then_nl_from_benchmark(edition):
    c = edition.compare("jeugd.pct_in_zorg", years=[2025])
    # Own from the figures (77 in the benchmark is ignored), Druten from the benchmark, GM9999 is
    # not in the region, GM0209 has no row; NL last.
    assert list(zip(c["gebied"], c["bron"], c["waarde"])) == [
        (GM, "figuren", 12.5), (DRUTEN, "benchmark", 11.0), ("NL01", "benchmark", 10.5)]
    assert list(c["tekst"]) == ["12,5%", "11,0%", "10,5%"]
    assert list(c["naam"])[-1] == "Nederland"


def test_compare_without_benchmark_rows(edition):
    c = edition.compare("toegang.meldingen")
    assert list(zip(c["gebied"], c["periode"], c["waarde"])) == [(GM, "2025", 7.0)]
    assert edition.compare("bestaat.niet", benchmark=False).empty


def test_indicators_catalogue(edition):
    cat = edition.indicators().set_index("indicator")
    assert cat.at["jeugd.clienten", "naam"] == "Unieke cliënten met geleverde zorg Jeugd"
    assert cat.at["jeugd.clienten", "periodes"] == "jaar, maand"
    assert cat.at["jeugd.clienten", "periodiciteit"] == "jaar, maand"  # from the registry
    assert cat.at["jeugd.clienten", "dimensies"] == ["", "Pleegzorg"]
    assert cat.at["jeugd.pct_in_zorg", "benchmark"]
    # Every indicator has its definition from the registry, also one no KPI reads
    assert cat.at["jeugd.clienten", "omschrijving"].startswith("Aantal verschillende cliënten met ten minste één")
    assert cat.at["jeugd.compleetheid", "omschrijving"].startswith("Verwacht aandeel (0–1)")
    assert cat.at["toegang.meldingen", "eenheid"] == "aantal"


# --- open_edition on a tiny input folder ----------------------------------------------------

DECL = """\
gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,zorgvorm,periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op
GM0296,jeugd,a,2012,45A01,45,12345678,02,ZIN,2025-01-01,2025-01-31,10,04,100,2025-02-10
GM0296,jeugd,b,2013,45A01,45,12345678,02,ZIN,2025-01-01,2025-01-31,5,04,50,2025-02-10
GM0296,jeugd,a,2012,45A01,45,12345678,02,ZIN,2026-01-01,2026-01-31,10,04,120,2026-02-10
GM0225,jeugd,c,2014,45A01,45,12345678,02,ZIN,2025-01-01,2025-01-31,2,04,30,2025-02-10
"""
PRODUCTEN = """wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid
jeugd,45A01,Begeleiding,Reguliere begeleiding,Ambulant,04
"""


@pytest.fixture
def folder(tmp_path) -> Path:
    ed_mod.clear_cache()
    data = tmp_path / "data"
    data.mkdir()
    (data / "declaraties.csv").write_text(DECL, encoding="utf-8")
    (data / "producten.csv").write_text(PRODUCTEN, encoding="utf-8")
    yield data
    ed_mod.clear_cache()


def value(ed: Edition, indicator: str, periode: str, dimensie: str = "") -> float:
    s = ed.series(indicator, dimensie=dimensie, exact=True)  # the by-hand values are small
    return float(s.loc[s["periode"] == periode, "waarde"].iloc[0])


def test_open_edition_figures_are_those_of_sdmonitor_kpis(folder):
    from sdmonitor.figures.kpis import compute_kpis
    from sdmonitor.ingest.dataset import load_dataset

    ed = sdmonitor.open_edition(WIJCHEN, "2026-02", "2026-03-10", folder)
    pd.testing.assert_frame_equal(ed.figures, compute_kpis(load_dataset(folder), WIJCHEN, P, date(2026, 3, 10)))
    # By hand: 2025 clients a and b = 2, bedrag 100 + 50 = 150; 2026 client a = 1, bedrag 120.
    assert value(ed, "jeugd.clienten", "2025") == 2
    assert value(ed, "jeugd.kosten", "2025") == 150
    assert value(ed, "jeugd.clienten", "2026") == 1
    assert value(ed, "jeugd.kosten", "2026") == 120
    assert ed.peildatum == date(2026, 3, 10)


def test_open_edition_is_cached_until_an_input_file_changes(folder):
    first = open_edition(WIJCHEN, "2026-02", None, folder)
    assert open_edition(WIJCHEN, "2026-02", None, folder) is first
    assert first.peildatum == date(2026, 2, 10)  # default: the latest ingediend_op
    assert open_edition(WIJCHEN, "2026-02", "2026-03-10", folder) is not first  # another peildatum
    path = folder / "declaraties.csv"
    path.write_text(DECL + "GM0296,jeugd,d,2015,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,1,04,7,2025-04-10\n",
                    encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    changed = open_edition(WIJCHEN, "2026-02", None, folder)
    assert changed is not first
    assert value(changed, "jeugd.clienten", "2025") == 3  # a, b and the new d


def test_a_new_process_reads_the_edition_from_the_disk_cache(folder, private_cache, monkeypatch):
    first = open_edition(WIJCHEN, "2026-02", None, folder)
    entries = [p for p in (private_cache / "edities").iterdir() if p.is_dir()]  # beside each: its .lock
    assert len(entries) == 1 and (entries[0].stat().st_mode & 0o777) == 0o700
    ed_mod.clear_cache()  # as a new kernel: nothing in memory

    def no_loading(*args):
        raise AssertionError("the data folder was read again")

    monkeypatch.setattr(ed_mod, "_dataset", no_loading)
    again = open_edition(WIJCHEN, "2026-02", None, folder)
    assert again is not first
    pd.testing.assert_frame_equal(again.figures, first.figures)
    assert again.peildatum == first.peildatum == date(2026, 2, 10)
    assert again.benchmark is None  # the folder has no benchmark table
    with pytest.raises(AssertionError):  # cache=False computes
        open_edition(WIJCHEN, "2026-02", "2026-03-10", folder, cache=False)


def test_disk_cache_keeps_benchmark_rows_exactly(folder):
    (folder / "benchmark.csv").write_text("gebied,indicator,periode,dimensie,waarde\n"
                                          "NL01,jeugd.pct_in_zorg,2025,,10.55\n", encoding="utf-8")
    first = open_edition(WIJCHEN, "2026-02", None, folder)
    ed_mod.clear_cache()
    again = open_edition(WIJCHEN, "2026-02", None, folder)
    assert again is not first
    pd.testing.assert_frame_equal(again.benchmark, first.benchmark)
    assert list(again.benchmark.itertuples(index=False)) == [("NL01", "jeugd.pct_in_zorg", "2025", "", 10.55)]


def test_compare_opens_the_other_gemeente_from_the_same_folder(folder):
    druten = Gemeente(code=DRUTEN, naam="Druten", slug="druten")
    ed = open_edition(WIJCHEN, "2026-02", "2026-03-10", folder)
    c = ed.compare("jeugd.clienten", gemeenten=[druten], years=[2025], benchmark=False, exact=True)
    c = c[c["periode"] == "2025"]
    # Wijchen a, b = 2; Druten c = 1 (exact: published they are both "<5")
    assert list(zip(c["naam"], c["waarde"])) == [("Wijchen", 2.0), ("Druten", 1.0)]


def test_open_edition_errors_like_sdmonitor_kpis(folder, tmp_path):
    with pytest.raises(UsageError):
        open_edition(WIJCHEN, "2026-13", None, folder)
    with pytest.raises(UsageError):
        open_edition(WIJCHEN, "2026-02", None, tmp_path / "bestaat-niet")
    nowhere = Gemeente(code="GM0001", naam="Nergens", slug="nergens")
    with pytest.raises(InvalidDataError):  # an edition without data for the gemeente: as `kpis` (exit 3)
        open_edition(nowhere, "2026-02", None, folder)


def test_package_exports_open_edition_lazily():
    assert sdmonitor.open_edition is open_edition
    with pytest.raises(AttributeError):
        sdmonitor.bestaat_niet  # noqa: B018


def test_edition_cache_follows_the_project_cache_setting(monkeypatch, tmp_path):
    from sdmonitor.workbook import edition_cache

    monkeypatch.setenv("SDMONITOR_CACHE", str(tmp_path / "c"))
    assert edition_cache.cache_dir() == (tmp_path / "c" / "edities").resolve()
    # off: nothing written, nothing read (and no folder named "off")
    monkeypatch.setenv("SDMONITOR_CACHE", "off")
    monkeypatch.chdir(tmp_path)
    assert edition_cache.cache_dir() is None
    figures = pd.DataFrame({"indicator": ["x.aantal"], "periode": ["2025"], "dimensie": [""], "waarde": [1.0],
                            "eenheid": ["aantal"]})
    edition_cache.store(("k",), figures, None, date(2026, 3, 10))
    assert edition_cache.load(("k",)) is None
    assert not (tmp_path / "off").exists()
