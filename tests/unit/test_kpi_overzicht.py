"""The KPI overview: values picked from a hand-built figure table, or "niet beschikbaar" and why."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sdmonitor.figures import kpi_overzicht as ko
from sdmonitor.periods import Periode

PERIODE = Periode(2026, 2)  # yearly KPIs show 2025 (jaarbeeld), monthly ones 2026-02
ALL_TABLES = ["meldingen", "klachten_bezwaren", "tevredenheid", "begroting", "bevolking", "toewijzingen"]


def figures(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])


FIGURES = figures(
    ("toegang.wachtlijst", "2026-01", "", 50.0, "aantal"),
    ("toegang.wachtlijst", "2026-02", "", 42.0, "aantal"),
    ("toegang.wachttijd_mediaan", "2025", "", 23.0, "dagen"),
    ("toegang.wachttijd_mediaan", "2026", "", 99.0, "dagen"),  # year-to-date: not the jaarbeeld
    ("toegang.uitkomst", "2025", "informatie-advies", 30.0, "aantal"),
    ("toegang.uitkomst", "2025", "vrij-toegankelijk", 10.0, "aantal"),
    ("toegang.uitkomst", "2025", "maatwerk", 50.0, "aantal"),
    ("toegang.uitkomst", "2025", "geen", 10.0, "aantal"),
    ("jeugd.verwijzer", "2025", "01", 120.0, "aantal"),
    ("jeugd.verwijzer", "2025", "02", 200.0, "aantal"),
    ("jeugd.verwijzer", "2025", "04", 80.0, "aantal"),
    ("jeugd.clienten", "2025", "", 1301.0, "aantal"),
    ("jeugd.clienten", "2025", "Pleegzorg", 40.0, "aantal"),
    ("wmo.clienten", "2025", "", 2100.0, "aantal"),
    ("jeugd.prognose", "2026", "", 20_300_000.0, "euro"),
    ("jeugd.kosten_verwacht", "2026", "", 3_500_000.0, "euro"),
    ("wmo.kosten_verwacht", "2026", "", 1_400_000.0, "euro"),
    ("toegang.doorlooptijd_maatwerk_mediaan", "2025", "jeugd", 41.0, "dagen"),
    ("toegang.doorlooptijd_maatwerk_mediaan", "2025", "wmo", 35.0, "dagen"),
    ("jeugd.begroting", "2026", "", 20_000_000.0, "euro"),
    ("wmo.prognose", "2026", "", 9_000_000.0, "euro"),
    ("wmo.begroting", "2026", "Huishoudelijke hulp", 4_000_000.0, "euro"),
    ("wmo.begroting", "2026", "Begeleiding", 6_000_000.0, "euro"),
    ("tevredenheid.waarde", "2023", "ouders/tevreden-zorgverlener", 84.0, "procent"),
    ("tevredenheid.waarde", "2024", "ouders/tevreden-zorgverlener", 89.0, "procent"),
    ("jeugd.recidive", "2024", "", 12.5, "procent"),
)


def row(overview: pd.DataFrame, kpi: str) -> pd.Series:
    hit = overview.loc[overview["kpi"] == kpi]
    assert len(hit) == 1, kpi
    return hit.iloc[0]


@pytest.fixture(scope="module")
def overview() -> pd.DataFrame:
    return ko.kpi_overzicht(FIGURES, ALL_TABLES, PERIODE)


def test_columns_and_every_kpi_number_present(overview):
    assert list(overview.columns) == ["nummer", "doel", "kpi", "waarde", "eenheid", "periode", "status", "toelichting",
                                      "indicator", "dimensie", "definitie", "vorige_periode", "vorige_waarde",
                                      "vorige_status", "referentie", "referentie_waarde", "referentie_eenheid"]
    assert sorted(overview["nummer"].unique()) == list(range(1, 26))
    assert overview["kpi"].is_unique  # 17 and 18 share a seed name; the specificatie tells them apart


def test_monthly_kpi_uses_the_periode_month(overview):
    r = row(overview, "wachtlijst ST")
    assert (r["waarde"], r["periode"], r["eenheid"]) == (42.0, "2026-02", "aantal")


def test_yearly_kpi_uses_the_last_complete_year(overview):
    r = row(overview, "wachttijd ST")
    assert (r["waarde"], r["periode"]) == (23.0, "2025")
    assert row(overview, "aantal unieke klanten (Jeugd)")["waarde"] == 1301.0  # total, not Pleegzorg


def test_december_periode_shows_its_own_year():
    assert ko.reference_periode("jaar", Periode(2025, 12)) == "2025"
    assert ko.reference_periode("jaar", Periode(2026, 2)) == "2025"


def test_shares_of_uitkomst_and_verwijzer(overview):
    # uitkomst 2025: 30 + 10 + 50 + 10 = 100 closed meldingen with a known outcome
    assert row(overview, "effectiviteit toegang")["waarde"] == pytest.approx(40.0)  # (30 + 10) / 100
    assert row(overview, "individuele voorzieningen")["waarde"] == pytest.approx(50.0)  # 50 / 100
    assert row(overview, "oplossing hulpvraag (maatwerkvoorziening)")["waarde"] == 50.0
    # verwijzers 2025: 120 + 200 + 80 = 400; via gemeente (01) 120 / 400 = 30%
    assert row(overview, "verwijsgedrag Jeugdhulp")["waarde"] == pytest.approx(30.0)


def test_uitnutting_begroting_is_spend_to_date_against_the_budget(overview):
    # jeugd: expected cost of Jan-Feb 2026 3.5 mln / budget 20.0 mln = 17.5% (not the prognose's 101.5%)
    assert row(overview, "uitnutting begroting (Jeugd)")["waarde"] == pytest.approx(17.5)
    # wmo: no total budget row, so the posts are summed: 4 + 6 = 10 mln; 1.4 / 10 = 14%
    assert row(overview, "uitnutting begroting (Wmo)")["waarde"] == pytest.approx(14.0)
    # together: (3.5 + 1.4) / (20.0 + 10.0) = 4.9 / 30 = 16.333...%
    r = row(overview, "uitnutting begroting (Jeugd en Wmo samen)")
    assert r["waarde"] == pytest.approx(100 * 4.9 / 30.0) and r["periode"] == "2026"


def test_doorlooptijd_maatwerk_per_wet(overview):
    assert row(overview, "doorlooptijd maatwerk (Jeugd)")["waarde"] == 41.0
    assert row(overview, "doorlooptijd maatwerk (Wmo)")["waarde"] == 35.0


def test_survey_kpi_takes_the_latest_measurement_and_its_unit(overview):
    r = row(overview, "cliënttevredenheid over de zorgverlener (ouders/verzorgers)")
    assert (r["waarde"], r["periode"], r["eenheid"]) == (89.0, "2024", "procent")
    assert row(overview, "recidieven (Jeugd)")["periode"] == "2024"


def test_missing_table_is_named():
    tables = [t for t in ALL_TABLES if t != "toewijzingen"]
    overview = ko.kpi_overzicht(FIGURES, tables, PERIODE)
    r = row(overview, "recidieven (Jeugd)")
    assert math.isnan(r["waarde"])
    assert r["toelichting"] == "niet beschikbaar: de bron ‘Toewijzingen en stopberichten (iJw/iWmo)’ is niet aangeleverd"


def test_missing_figure_and_missing_source_say_niet_beschikbaar(overview):
    r = row(overview, "aantal unieke klanten (Wmo)")
    assert r["waarde"] == 2100.0
    r = row(overview, "doorlooptijd ST")  # table present, but no figure for 2025
    assert math.isnan(r["waarde"]) and r["toelichting"] == "niet beschikbaar: geen cijfer voor 2025"
    r = row(overview, "aantal vragen screeners")  # no source in the contract at all
    assert r["toelichting"].startswith("niet beschikbaar: ")


def test_selection_like_object_is_accepted():
    class Sel:
        def has(self, table):
            return table == "meldingen"

    overview = ko.kpi_overzicht(FIGURES, Sel(), "2026-02")
    assert row(overview, "wachtlijst ST")["waarde"] == 42.0
    assert row(overview, "gemiddelde kosten per inwoner (Jeugd)")["toelichting"] == (
        "niet beschikbaar: de bron ‘CBS, bevolking op 1 januari’ is niet aangeleverd")


def test_csv_is_exact_and_leaves_unavailable_values_empty(overview, tmp_path):
    path = tmp_path / "kpi-overzicht.csv"
    ko.write_kpi_overzicht_csv(overview, path)
    back = pd.read_csv(path, dtype={"periode": "str"}, keep_default_na=False)
    assert list(back.columns) == ko.COLUMNS
    wachtlijst = back.loc[back["kpi"] == "wachtlijst ST"].iloc[0]
    assert wachtlijst["waarde"] == "42" and wachtlijst["periode"] == "2026-02"
    samen = back.loc[back["kpi"] == "uitnutting begroting (Jeugd en Wmo samen)"].iloc[0]
    assert float(samen["waarde"]) == 100.0 * (3_500_000.0 + 1_400_000.0) / (20_000_000.0 + 10_000_000.0)  # full precision survives the round trip
    assert back.loc[back["kpi"] == "aantal vragen screeners", "waarde"].iloc[0] == ""


def test_every_value_names_the_figure_it_comes_from(overview):
    # KPI 1 (wachtlijst ST) is the figure toegang.wachtlijst of the periode month, total (dimensie empty);
    # KPI 23 (uitnutting begroting) is a calculation: no single source figure.
    wachtlijst = row(overview, "wachtlijst ST")
    assert (wachtlijst["indicator"], wachtlijst["dimensie"]) == ("toegang.wachtlijst", "")
    calculated = overview.loc[overview["kpi"].str.startswith("uitnutting begroting")]
    assert (calculated["indicator"] == "").all()


def test_csv_reads_back_to_the_same_overview(overview, tmp_path):
    path = tmp_path / "kpi-overzicht.csv"
    ko.write_kpi_overzicht_csv(overview, path)
    back = ko.read_kpi_overzicht_csv(path)
    pd.testing.assert_frame_equal(back, overview[ko.COLUMNS].reset_index(drop=True), check_dtype=False)


# --- status (issue 19) ---------------------------------------------------------------------------

def test_status_column_and_geen_gegevens_in_the_exact_and_published_overview(tmp_path):
    from sdmonitor.publish import kpi_publiek
    from sdmonitor.publish.suppression import Published

    figs = pd.DataFrame([
        # the wachtlijst of the periode month: meldingen do not cover it (the old table said 0)
        ("toegang.wachtlijst", "2026-02", "", float("nan"), "aantal", "geen_gegevens"),
        ("jeugd.clienten", "2025", "", 1301.0, "aantal", "voorlopig"),
        ("wmo.clienten", "2025", "", 2100.0, "aantal", "definitief"),
        ("jeugd.kosten_verwacht", "2026", "", 3_500_000.0, "euro", "deelperiode"),
        ("jeugd.kosten_verwacht", "2026", "PGB", float("nan"), "euro", "geen_gegevens"),
        ("jeugd.begroting", "2026", "", 20_000_000.0, "euro", "definitief"),
    ], columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"])
    overview = ko.kpi_overzicht(figs, ALL_TABLES, PERIODE)
    assert list(overview.columns) == ko.COLUMNS and "status" in ko.COLUMNS
    w = row(overview, "wachtlijst ST")
    assert math.isnan(w["waarde"]) and w["status"] == "geen_gegevens"
    assert w["toelichting"] == "geen gegevens over 2026-02: de bron dekt deze periode niet"
    assert row(overview, "aantal unieke klanten (Jeugd)")["status"] == "voorlopig"
    # KPI 23 reads the year to date (deelperiode); the PGB post without data does not void it
    assert row(overview, "uitnutting begroting (Jeugd)")["status"] == "deelperiode"
    assert row(overview, "aantal vragen screeners")["status"] == "geen_gegevens"

    published = kpi_publiek.published_kpi_overzicht(overview, Published(figs))
    assert list(published.columns) == kpi_publiek.COLUMNS and "status" in kpi_publiek.COLUMNS
    text = dict(zip(published["kpi"], published["tekst"]))
    assert text["wachtlijst ST"] == "geen gegevens"  # not 0, not blank
    assert text["aantal unieke klanten (Jeugd)"] == "1.301 (voorlopig)"
    assert text["aantal unieke klanten (Wmo)"] == "2.100"
    assert text["uitnutting begroting (Jeugd)"] == "17,5% (deel van het jaar)"  # 3,5 / 20 mln
    path = tmp_path / "kpi-overzicht.csv"
    kpi_publiek.write_published_kpi_overzicht(published, path)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back.loc[back["kpi"] == "wachtlijst ST", ["waarde", "status", "tekst"]].iloc[0].tolist() == [
        "", "geen_gegevens", "geen gegevens"]
