"""The message in a figure's alt text: latest value, direction, provisional year — hand-worked."""

from __future__ import annotations

import pandas as pd

from sdmonitor.periods import Periode
from sdmonitor.publish import alttext
from sdmonitor.publish.suppression import Published

P = Periode(2026, 2)


def published(rows) -> Published:
    return Published(pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"]))


def cells(pub: Published, indicator: str, periodes: list[str], rij, kolom) -> pd.DataFrame:
    rows = pub.select(indicator, periodes)
    return pd.DataFrame({"rij": rij, "kolom": kolom, "tekst": rows["tekst"], "indicator": rows["indicator"],
                         "periode": rows["periode"], "dimensie": rows["dimensie"]})


def test_monthly_series_compares_with_the_same_month_a_year_earlier():
    # wachtlijst Jeugd: 38 in februari 2025 -> 84 in februari 2026: +46 persons (> 5) and +121 % (> 5 %): higher
    pub = published([("toegang.wachtlijst", "2025-02", "jeugd", 38.0, "aantal"),
                     ("toegang.wachtlijst", "2026-01", "jeugd", 69.0, "aantal"),
                     ("toegang.wachtlijst", "2026-02", "jeugd", 84.0, "aantal")])
    c = cells(pub, "toegang.wachtlijst", ["2025-02", "2026-01", "2026-02"],
              ["februari 2025", "januari 2026", "februari 2026"], ["Jeugd"] * 3)
    assert alttext.message(c, pub, P) == (
        "Laatste cijfers: Jeugd: 84 in februari 2026, hoger dan februari 2025 (38).")


def test_yearly_series_running_year_is_provisional_and_small_changes_read_equal():
    # clients 1.301 (2025) vs 1.290 (2024): +11 persons but +0,85 % (not > 5 %): about equal;
    # the latest year is 2026 (t/m februari), so the sentence compares 2026 with 2025 and says provisional
    pub = published([("jeugd.clienten", "2024", "", 1290.0, "aantal"),
                     ("jeugd.clienten", "2025", "", 1301.0, "aantal"),
                     ("jeugd.clienten", "2026", "", 700.0, "aantal")])
    c = cells(pub, "jeugd.clienten", ["2024", "2025"], ["2024", "2025"], ["Jeugdigen"] * 2)
    assert alttext.message(c, pub, P) == (
        "Laatste cijfers: Jeugdigen: 1.301 in 2025, ongeveer gelijk aan 2024 (1.290).")
    # with the running year 2026 (t/m februari) in the figure: 700 is not compared with a full year;
    # the last complete year is described and the running year follows as provisional
    c = cells(pub, "jeugd.clienten", ["2024", "2025", "2026"], ["2024", "2025", "2026 t/m feb"], ["Jeugdigen"] * 3)
    assert alttext.message(c, pub, P) == (
        "Laatste cijfers: Jeugdigen: 1.301 in 2025, ongeveer gelijk aan 2024 (1.290); 2026 t/m februari: 700. "
        "Het cijfer over 2026 gaat alleen over januari t/m februari en is voorlopig.")


def test_bouwsteen_rows_name_the_series_and_only_the_first_indicator_is_described():
    # rows "Pleegzorg 2024/2025" with kolom "Realisatie"; the prognose cell is a second indicator
    pub = published([("jeugd.volume", "2024", "Pleegzorg", 100.0, "etmaal"),
                     ("jeugd.volume", "2025", "Pleegzorg", 150.0, "etmaal"),
                     ("jeugd.prognose_volume", "2025", "Pleegzorg", 160.0, "etmaal"),
                     ("jeugd.volume", "2024", "GGZ", 0.0, "etmaal"), ("jeugd.volume", "2025", "GGZ", 0.0, "etmaal")])
    rows = pd.concat([pub.select("jeugd.volume"), pub.select("jeugd.prognose_volume")], ignore_index=True)
    c = pd.DataFrame({"rij": rows["dimensie"] + " " + rows["periode"],
                      "kolom": ["Realisatie"] * 4 + ["Prognose"], "tekst": rows["tekst"],
                      "indicator": rows["indicator"], "periode": rows["periode"], "dimensie": rows["dimensie"]})
    # 100 -> 150 etmaal: +50 %, not a count of persons, so the relative rule: higher; GGZ all zero: left out
    assert alttext.message(c, pub, P) == "Laatste cijfers: Pleegzorg: 150 in 2025, hoger dan 2024 (100)."


def test_small_numbers_are_spoken_and_never_compared():
    pub = published([("klachten.aantal", "2024", "", 12.0, "aantal"), ("klachten.aantal", "2025", "", 3.0, "aantal")])
    c = cells(pub, "klachten.aantal", ["2024", "2025"], ["2024", "2025"], ["Klachten"] * 2)
    assert alttext.message(c, pub, P) == "Laatste cijfers: Klachten: minder dan 5 in 2025."


def test_shares_use_the_relative_rule_and_cells_without_source_give_nothing():
    # 10,0% -> 13,3%: +33 % relative: higher (the persons threshold does not apply to a share)
    # (the share is only published next to enough clients: the small-numbers rule per person)
    pub = published([("jeugd.pct_in_zorg", "2024", "", 0.100, "fractie"),
                     ("jeugd.pct_in_zorg", "2025", "", 0.133, "fractie"),
                     ("jeugd.clienten", "2024", "", 1000.0, "aantal"),
                     ("jeugd.clienten", "2025", "", 1330.0, "aantal")])
    c = cells(pub, "jeugd.pct_in_zorg", ["2024", "2025"], ["2024", "2025"], ["Wijchen"] * 2)
    assert alttext.message(c, pub, P) == "Laatste cijfers: Wijchen: 13,3% in 2025, hoger dan 2024 (10,0%)."
    assert alttext.message(pd.DataFrame({"rij": ["a"], "kolom": ["b"], "tekst": ["1"]}), pub, P) == ""
