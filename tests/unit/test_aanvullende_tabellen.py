"""Figures from the optional seed tables (meerzorg, vrij_toegankelijk_aanbod, avan_passen)."""

from figure_builders import WIJCHEN, absent, dataset, line, periode, typed, value

from sdmonitor.figures import aanvullende_tabellen as at
from sdmonitor.ingest.selection import select
from sdmonitor.publish.suppression import Published

P = periode("2026-02")
LINES = [line("a", "2025-03", 1, 10)]


def _table(cols, records):
    return typed([dict(zip(cols, r)) for r in records], cols)


MEERZORG = _table(["gemeente", "jaar", "soort", "uren", "clienten"], [
    ("GM0296", 2025, "bij verblijf", 5200.0, 11), ("GM0296", 2025, "bij EF", 1900.0, 4),
    ("GM0296", 2026, "bij verblijf", 800.0, None), ("GM0296", 2021, "bij verblijf", 99.0, 9),  # before Y-3
    ("GM0225", 2025, "bij verblijf", 7.0, 7)])  # another gemeente
AANBOD = _table(["gemeente", "jaar", "doelgroep", "aanbod", "omschrijving", "aanbieder", "deelnemers"], [
    ("GM0296", 2025, "Jeugd", "Sova", "training", "W", 38), ("GM0296", 2025, "Jeugd", "Kies", "groep", "W", 3),
    ("GM0296", 2025, "Ouderen", "Inloop", "koffie", "W", None)])
AVAN = _table(["gemeente", "maand", "pashouders", "gebruikers"], [
    ("GM0296", "2026-01", 1300, 220), ("GM0296", "2026-02", 1304, 3), ("GM0296", "2026-03", 1, 1)])  # after P


def test_meerzorg_hours_per_soort_and_clients_as_given():
    table = at.figure_rows(select(dataset(LINES, meerzorg=MEERZORG), WIJCHEN, P))
    assert value(table, "jeugd.meerzorg_uren", "2025", "bij verblijf") == 5200
    assert value(table, "jeugd.meerzorg_uren", "2026", "bij verblijf") == 800
    assert value(table, "jeugd.meerzorg_clienten", "2025", "bij EF") == 4
    assert absent(table, "jeugd.meerzorg_clienten", "2026", "bij verblijf")  # not delivered: no number
    assert absent(table, "jeugd.meerzorg_uren", "2021", "bij verblijf")
    assert absent(table, "jeugd.meerzorg_uren", "2025", "")  # no total (it would reveal a hidden soort)


def test_meerzorg_hours_of_fewer_than_five_clients_are_hidden():
    pub = Published(at.figure_rows(select(dataset(LINES, meerzorg=MEERZORG), WIJCHEN, P)))
    # 4 clients: their hours are hidden with the sign for "not published" (hours are no count of persons)
    assert pub.get("jeugd.meerzorg_uren", "2025", "bij EF").tekst == "x"
    assert pub.get("jeugd.meerzorg_uren", "2025", "bij verblijf").tekst == "5.200"
    assert pub.get("jeugd.meerzorg_uren", "2026", "bij verblijf").tekst == "800"  # clients unknown: as delivered


def test_vrij_toegankelijk_participants_per_offer_only_where_given():
    table = at.figure_rows(select(dataset(LINES, vrij_toegankelijk_aanbod=AANBOD), WIJCHEN, P))
    assert value(table, "toegang.vrij_toegankelijk_deelnemers", "2025", "Jeugd: Sova") == 38
    assert absent(table, "toegang.vrij_toegankelijk_deelnemers", "2025", "Ouderen: Inloop")
    assert Published(table).get("toegang.vrij_toegankelijk_deelnemers", "2025", "Jeugd: Kies").tekst == "<5"


def test_avan_per_month_of_the_report():
    table = at.figure_rows(select(dataset(LINES, avan_passen=AVAN), WIJCHEN, P))
    assert value(table, "wmo.avan_pashouders", "2026-02") == 1304
    assert value(table, "wmo.avan_gebruikers", "2026-01") == 220
    assert absent(table, "wmo.avan_pashouders", "2026-03")  # after the periode


def test_without_the_tables_no_rows():
    assert at.figure_rows(select(dataset(LINES), WIJCHEN, P)).empty


REGIONAAL = _table(["gebied", "jaar", "voorziening", "kenmerk", "aantal"], [
    ("GM0296", 2025, "beschermd-wonen", "clienten", 35), ("regio", 2025, "beschermd-wonen", "clienten", 848),
    ("GM0225", 2025, "beschermd-wonen", "clienten", 9),  # another gemeente of the region
    ("GM0296", 2025, "maatschappelijke-opvang", "meldingen", 4)])


def test_regional_provisions_own_and_region_as_separate_indicators():
    table = at.figure_rows(select(dataset(LINES, regionale_voorzieningen=REGIONAAL), WIJCHEN, P))
    assert value(table, "beschermd_wonen.clienten", "2025") == 35
    assert value(table, "beschermd_wonen.clienten_regio", "2025") == 848
    assert len(table[table["indicator"].str.startswith("beschermd_wonen")]) == 2  # GM0225's 9 is not Wijchen's
    # 4 meldingen: a count of persons below 5
    assert Published(table).get("maatschappelijke_opvang.meldingen", "2025").tekst == "<5"
