"""The Contractering chapter's headline: totals are the figure's own totals, never the sum of the
bouwstenen a publication happens to show."""

from datetime import date
from pathlib import Path

import pandas as pd
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook import hoofdstuk_contractering as c
from sdmonitor.workbook.monitor import Monitor

P = Periode(2026, 2)
G = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen")


class NoSelection:
    tables: dict = {}  # noqa: RUF012 - a stand-in, never mutated
    peildatum = date(2026, 3, 10)

    def has(self, name):
        return False


def test_headline_is_the_total_of_every_bouwsteen_also_the_hidden_one():
    # Verblijf +900k (prijs +600k, volume +300k); a small bouwsteen −82k (prijs −20k, volume −62k)
    # whose 3 clients hide its amounts. The real total is +818k (prijs +580k, volume +238k), not
    # the +900k of the one bouwsteen shown.
    rows = [("jeugd.clienten", "2025", "Verblijf", 100.0, "aantal"), ("jeugd.clienten", "2025", "Klein", 3.0, "aantal"),
            ("jeugd.clienten", "2025", "", 103.0, "aantal")]
    for dim, (verschil, prijs, volume) in {"Verblijf": (900e3, 600e3, 300e3), "Klein": (-82e3, -20e3, -62e3),
                                           "": (818e3, 580e3, 238e3)}.items():
        rows += [("jeugd.kostenverschil", "2025", dim, verschil, "euro"),
                 ("jeugd.kostenverschil_prijs", "2025", dim, prijs, "euro"),
                 ("jeugd.kostenverschil_volume", "2025", dim, volume, "euro"),
                 ("jeugd.kostenverschil_mix", "2025", dim, 0.0, "euro")]
    figures = pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    m = Monitor(G, P, figures, Path("/nonexistent"), date(2026, 3, 10), NoSelection(), {})
    assert m.pub.get("jeugd.kostenverschil", "2025", "Klein").onderdrukt  # the small bouwsteen is hidden
    text = " ".join(c.bevindingen(m).data["tekst"])
    assert "De kosten Jeugd waren in 2025 € 818k hoger dan een jaar eerder" in text
    assert "+ € 580k door tarieven, + € 238k door meer of minder zorg en + € 0 door een verschuiving" in text
    assert "€ 900k" not in text
