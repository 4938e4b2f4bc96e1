"""The report elements about uncertainty (OnzekerheidMixin via Monitor) on hand-built figures."""

from datetime import date
from pathlib import Path

import pandas as pd

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.monitor import Monitor

P = Periode(2026, 2)
G = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", drempel_kleine_aantallen=5)


class FakeSelection:
    peildatum = date(2026, 3, 10)

    def __init__(self, tables=None):
        self.tables = tables or {}

    def has(self, name):
        return name in self.tables


def monitor(rows, tables=None, figures_path=None):
    columns = ["indicator", "periode", "dimensie", "waarde", "eenheid"]
    frame = pd.DataFrame(rows, columns=columns + (["status"] if rows and len(rows[0]) == 6 else []))
    m = Monitor(G, P, frame, Path("/nonexistent"), date(2026, 3, 10), FakeSelection(tables), {})
    m.figures_path = figures_path
    return m


def test_voorlopig_months_and_years_from_compleetheid():
    # A table without statuses (an old kpis.csv): the nowcast thresholds decide.
    # Months: 0,995 is at or above the 0,99 threshold (final); 0,94 and 0,61 are below (voorlopig).
    # Years (threshold 0,99): jeugd 2025 kosten 99 of 100 expected -> final; wmo 90 of 100 -> voorlopig.
    m = monitor([("jeugd.compleetheid", "2025-12", "", 0.995, "fractie"),
                 ("jeugd.compleetheid", "2026-01", "", 0.94, "fractie"),
                 ("jeugd.compleetheid", "2026-02", "", 0.61, "fractie"),
                 ("jeugd.kosten", "2025", "", 99.0, "euro"), ("jeugd.kosten_verwacht", "2025", "", 100.0, "euro"),
                 ("wmo.kosten", "2025", "", 90.0, "euro"), ("wmo.kosten_verwacht", "2025", "", 100.0, "euro")])
    assert m.voorlopige_maanden("jeugd") == ["2026-01", "2026-02"]
    assert not m.jaar_voorlopig("jeugd", 2025) and m.jaar_voorlopig("wmo", 2025)
    assert m.jaar_compleetheid("wmo", 2025) == 0.9


def test_voorlopig_months_and_years_follow_the_status_column():
    # One rule: the figure table's status, not a second threshold. 2025-12 has compleetheid 0,61
    # but its client count is definitief; 2026-01 has 0,999 but its clients are voorlopig; 2025's
    # kosten are 99 of 100 (the old threshold says final) but the status says voorlopig.
    rows = [("jeugd.compleetheid", "2025-12", "", 0.61, "fractie", "definitief"),
            ("jeugd.compleetheid", "2026-01", "", 0.999, "fractie", "definitief"),
            ("jeugd.clienten", "2025-12", "", 900.0, "aantal", "definitief"),
            ("jeugd.clienten", "2026-01", "", 850.0, "aantal", "voorlopig"),
            ("jeugd.clienten", "2026-02", "", 650.0, "aantal", "deelperiode"),
            ("jeugd.kosten", "2025", "", 99.0, "euro", "voorlopig"),
            ("jeugd.kosten_verwacht", "2025", "", 100.0, "euro", "voorlopig")]
    frame = pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"])
    m = Monitor(G, P, frame, Path("/nonexistent"), date(2026, 3, 10), FakeSelection(), {})
    assert m.voorlopige_maanden("jeugd") == ["2026-01"]
    assert m.jaar_voorlopig("jeugd", 2025)


def test_clients_per_month_marks_voorlopig_and_shows_expected_values():
    rows = [("jeugd.clienten", f"2026-0{k}", "", v, "aantal", "voorlopig") for k, v in ((1, 857.0), (2, 656.0))]
    rows += [("jeugd.compleetheid", "2026-01", "", 0.81, "fractie", "voorlopig"),
             ("jeugd.compleetheid", "2026-02", "", 0.61, "fractie", "voorlopig"),
             ("jeugd.clienten_verwacht", "2026-01", "", 1049.3, "aantal", "voorlopig"),
             ("jeugd.clienten_verwacht", "2026-02", "", 1048.6, "aantal", "voorlopig")]
    html = monitor(rows).figuur_clienten_per_maand("jeugd").html
    assert "Voorlopig (januari 2026 t/m februari 2026)" in html
    assert "2026 verwacht (voorlopig)" in html and "1.049*" in html and ">857*<" in html


def test_source_without_rows_for_a_year_says_geen_gegevens_never_0():
    vt = pd.DataFrame({"gemeente": "GM0296", "jaar": [2023, 2024, 2025], "kwartaal": 1, "soort": "melding",
                       "aantal": [145, 164, 159]})
    rows = [("veilig_thuis.aantal", str(j), "melding", v, "aantal", s)
            for j, v, s in ((2023, 145.0, "definitief"), (2024, 164.0, "definitief"), (2025, 159.0, "definitief"),
                            (2026, float("nan"), "geen_gegevens"))]
    html = monitor(rows, {"veilig_thuis": vt}).figuur_veilig_thuis(["melding"]).html
    assert 'data-periode="2026" data-dimensie="melding">geen gegevens<' in html
    assert 'data-periode="2026" data-dimensie="melding">0<' not in html


def test_chart_with_every_breakdown_hidden_becomes_one_sentence_with_the_totals():
    rows = [("klachten.aantal", str(j), d, v, "aantal") for j in (2023, 2024, 2025) for d, v in (("informeel", 3.0),
                                                                                                ("formeel", 4.0))]
    rows += [("klachten.aantal", str(j), "", 7.0, "aantal") for j in (2023, 2024, 2025)]
    html = monitor(rows).figuur_klachten().html
    assert "<img" not in html
    # 7 = 3 + 4 with both parts "<5" would tell that each is 3 or 4: the audit hides the totals
    # too, and the sentence does not call 7 a small number.
    assert "minder dan 5" not in html
    assert "De aantallen tonen we niet: ze zijn klein, of een klein aantal zou eruit af te leiden zijn." in html


def test_no_earlier_edition_is_one_line():
    html = monitor([]).wijzigingen_sinds_vorige().html
    assert "Er is geen eerdere editie van deze monitor om mee te vergelijken." in html


def test_changes_chapter_from_wijzigingen_csv(tmp_path):
    (tmp_path / "wijzigingen.csv").write_text(
        "indicator,periode,dimensie,waarde_vorige,waarde,verschil\n"
        "jeugd.clienten,2025,,1299,1301,2\n"
        "jeugd.kosten,2025,,18436106,18722446,286340\n"
        "jeugd.kosten_verwacht,2026-01,,1500000,1490000,-10000\n"
        "jeugd.prognose,2026,,20685039,20673543,-11496\n"
        "jeugd.afwijking,2026,,-310296,-298800,11496\n", encoding="utf-8")
    rows = [("jeugd.prognose", "2026", "", 20673543.0, "euro"), ("jeugd.kosten", "2025", "", 18722446.0, "euro"),
            ("jeugd.clienten", "2025", "", 1301.0, "aantal")]
    html = monitor(rows, figures_path=tmp_path / "kpis.csv").wijzigingen_sinds_vorige().html
    assert "(t/m januari 2026)" in html
    # the difference of two published counts is shown, not suppressed as a small number
    assert "+2" in html and "+€ 286k" in html
    # prognose -11.496 = -10.000 late declarations - 1.496 the rest
    assert "De prognose Jeugd 2026 is € 11k lager dan in de vorige editie: € 10k lager door late declaraties" in html
    assert "is daardoor € 11k gunstiger" in html


def test_backtest_section_and_uncalibrated_notice():
    rows = [("jeugd.backtest_prognose", "2024", "", 100.0, "euro"),
            ("jeugd.backtest_werkelijk", "2024", "", 104.0, "euro"),
            ("jeugd.backtest_laag", "2024", "", 95.0, "euro"), ("jeugd.backtest_hoog", "2024", "", 110.0, "euro"),
            ("jeugd.prognose_dekking", "2026", "", 0.75, "fractie"),
            ("jeugd.prognose_kalibratie", "2026", "", 24.0, "aantal")]
    html = monitor(rows).tabel_betrouwbaarheid_prognose("jeugd").html
    # error (100 - 104) / 104 = -3,8 %; 104 lies in 95 .. 110
    assert "\u22123,8%" in html and ">ja<" in html
    # one year, its outcome inside; 0,75 of the month-ends: 8 of 10 (halves up), in plain Dutch
    assert "In het vorige afgesloten jaar lag de uitkomst binnen de marge" in html
    assert "in ongeveer 8 van de 10 gevallen binnen de marge" in html
    assert "toetsmoment" not in html and "geijkt" not in html
    assert "nog geen afgesloten jaren" in monitor([]).tabel_betrouwbaarheid_prognose("wmo").html


def test_the_report_says_where_a_product_succession_was_applied():
    text = "jeugd: DB opgevolgd door U1, U2 per 2025-01, volume omgerekend (1 oude eenheid = 4 nieuwe) " \
           "(afgeleid uit de declaraties)"
    m = monitor([("jeugd.productopvolging", "2025", text, 4.0, "cijfer")])
    assert m.opvolging_tekst("jeugd") == (
        "De prognose, het interval en de vergelijking per bouwsteen met eerdere jaren tellen de historie van "
        "opgevolgde producten mee bij hun opvolger: DB opgevolgd door U1, U2 per 2025-01, volume omgerekend "
        "(1 oude eenheid = 4 nieuwe) (afgeleid uit de declaraties).")
    # Without a succession nothing is said.
    assert m.opvolging_tekst("wmo") == ""
