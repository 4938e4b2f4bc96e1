"""hoofdstuk_financien with statuses (issue 19): a voorlopig year's budget difference is taken on the
expected final amount, a PGB post without data reads "geen gegevens", worked by hand."""

import dataclasses
from datetime import date
from pathlib import Path

import pandas as pd

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.monitor import Monitor

P = Periode(2026, 2)
G = dataclasses.replace(Gemeente(code="GM0225", naam="Druten", slug="druten", drempel_kleine_aantallen=5),
                        secties={"realisatie_vs_begroting": True})
NAN = float("nan")


class FakeSelection:
    tables: dict = {}
    peildatum = date(2026, 3, 10)

    def has(self, name):
        return name in self.tables


def monitor(rows):
    figs = pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"])
    return Monitor(G, P, figs, Path("/nonexistent"), date(2026, 3, 10), FakeSelection(), {})


def cell(element, rij, kolom_start):
    d = element.data
    hit = d[(d["rij"] == rij) & d["kolom"].str.startswith(kolom_start)]
    assert len(hit) == 1, (rij, kolom_start, d[["rij", "kolom", "tekst"]].to_string())
    return hit["tekst"].iloc[0]


ROWS = [
    # 2025 is voorlopig: 9,0 mln declared, 9,5 mln expected once all declarations are in.
    ("jeugd.kosten", "2025", "", 9_000_000.0, "euro", "voorlopig"),
    ("jeugd.kosten", "2025", "Verblijf", 3_000_000.0, "euro", "voorlopig"),
    ("jeugd.kosten", "2025", "PGB", NAN, "euro", "geen_gegevens"),
    ("jeugd.kosten_verwacht", "2025", "", 9_500_000.0, "euro", "voorlopig"),
    ("jeugd.kosten_verwacht", "2025", "Verblijf", 3_200_000.0, "euro", "voorlopig"),
    ("jeugd.kosten_verwacht", "2025", "PGB", NAN, "euro", "geen_gegevens"),
    ("jeugd.begroting", "2025", "", 9_800_000.0, "euro", "definitief"),
    ("jeugd.begroting", "2025", "Verblijf", 3_100_000.0, "euro", "definitief"),
    ("jeugd.begroting", "2025", "PGB", 400_000.0, "euro", "definitief"),
]


def test_voorlopig_year_difference_on_the_expected_final_amount():
    t = monitor(ROWS).tabel_realisatie_vs_begroting("jeugd")
    # Verblijf: 3.100 - 3.200 = -100 (before: 3.100 - 3.000 = +100 on incomplete declarations)
    assert cell(t, "Verblijf", "Verschil 2025 (verwacht)") == "−100"
    # Totaal: (9.800 - 400 PGB without data) - 9.500 = -100 (before: 9.800 - 9.000 = +800)
    assert cell(t, "Totaal", "Verschil 2025 (verwacht)") == "−100"
    assert cell(t, "Totaal", "Verwacht eindbedrag") == "9.500*"  # the voorlopig mark of the status rule
    assert "verwacht" in t.html and "nog niet alle declaraties zijn binnen" in t.html
    assert "het verschil in het totaal is berekend zonder het begrote PGB (€ 400k)" in t.html


def test_pgb_post_without_data_is_geen_gegevens_not_a_full_underspend():
    t = monitor(ROWS).tabel_realisatie_vs_begroting("jeugd")
    assert cell(t, "PGB", "Realisatie") == "geen gegevens"
    assert cell(t, "PGB", "Verschil") == "geen gegevens"  # not +400 (the whole PGB budget)


def test_definitief_year_difference_on_the_realisatie():
    rows = [(i, p, d, v, e, "definitief" if s != "geen_gegevens" else s) for i, p, d, v, e, s in ROWS
            if i != "jeugd.kosten_verwacht"]
    t = monitor(rows).tabel_realisatie_vs_begroting("jeugd")
    assert cell(t, "Verblijf", "Verschil 2025") == "100"  # 3.100 - 3.000
    assert "Verwacht eindbedrag 2025" not in set(t.data["kolom"])


def test_betaalbaarheid_pgb_without_data():
    t = monitor([
        ("jeugd.prognose", "2026", "", 9_000_000.0, "euro", "voorlopig"),
        ("jeugd.prognose", "2026", "PGB", NAN, "euro", "geen_gegevens"),
        ("jeugd.begroting", "2026", "", 9_400_000.0, "euro", "definitief"),
        ("jeugd.begroting", "2026", "PGB", 381_000.0, "euro", "definitief"),
        ("jeugd.afwijking", "2026", "", 400_000.0, "euro", "voorlopig"),
        ("jeugd.afwijking", "2026", "PGB", NAN, "euro", "geen_gegevens"),
    ]).tabel_betaalbaarheid("jeugd")
    assert cell(t, "PGB", "Prognose") == "geen gegevens" and cell(t, "PGB", "Afwijking 2026") == "geen gegevens"
    # 400k - 381k = 19k voordeel without the PGB budget
    assert "zonder PGB is de afwijking € 19k (voordeel)" in t.html


def test_begrotingsregels_of_a_voorlopig_year_on_the_expected_final_amount():
    # Declared 4.000 of an expected 5.000 (ratio 1,25); budget 4.800. Before: 4.800 - 4.000 = +800
    # voordeel; on the expected final amount: 4.800 - 5.000 = -200. Regel A: 2.000 x 1,25 = 2.500
    # against 2.400 -> -100.
    t = monitor([
        ("jeugd.kosten", "2025", "", 4_000_000.0, "euro", "voorlopig"),
        ("jeugd.kosten_verwacht", "2025", "", 5_000_000.0, "euro", "voorlopig"),
        ("jeugd.kosten_regel", "2025", "", 4_000_000.0, "euro", "voorlopig"),
        ("jeugd.kosten_regel", "2025", "A", 2_000_000.0, "euro", "voorlopig"),
        ("jeugd.kosten_regel", "2025", "B", 2_000_000.0, "euro", "voorlopig"),
        ("jeugd.begroting_regel", "2025", "", 4_800_000.0, "euro", "definitief"),
        ("jeugd.begroting_regel", "2025", "A", 2_400_000.0, "euro", "definitief"),
        ("jeugd.begroting_regel", "2025", "B", 2_400_000.0, "euro", "definitief"),
    ]).tabel_realisatie_vs_begroting("jeugd")
    assert cell(t, "Totaal kosten", "Verschil 2025 (verwacht)") == "−200"
    assert cell(t, "A", "Verschil 2025 (verwacht)") == "−100"
    assert cell(t, "Totaal kosten", "Verwacht eindbedrag") == "5.000"
