"""contractering: provider concentration, in- and outflow, price per unit and the price–volume–mix
decomposition, on tiny hand-worked examples."""

import dataclasses

import pandas as pd
import pytest

from figure_builders import WIJCHEN, absent, dataset, line, periode, value
from sdmonitor.figures import contractering as ct
from sdmonitor.ingest.selection import select

P = periode("2026-02")  # report years 2023..2026


def _by(client, maand, volume, bedrag, aanbieder, **kw):
    rec = line(client, maand, volume, bedrag, **kw)
    rec["aanbieder"] = aanbieder
    return rec


def _totals(records):
    """Per comparison product bedrag and volume, as `prijs_volume_mix` takes them."""
    return pd.DataFrame(records, columns=["product", "bedrag", "volume"])


# --- price, volume, mix ---------------------------------------------------------------------

def test_decomposition_worked_by_hand():
    # base:    A 100 h for 5.000 (p 50), B 100 h for 10.000 (p 100): C0 15.000, Q0 200, average 75
    # current: A  60 h for 3.300 (p 55), B 180 h for 19.800 (p 110): C1 23.100, Q1 240
    base = _totals([("A", 5000, 100), ("B", 10000, 100)])
    now = _totals([("A", 3300, 60), ("B", 19800, 180)])
    parts = ct.prijs_volume_mix(base, now)
    # volume = (240 - 200) * 75 = 3.000
    assert parts["volume"] == pytest.approx(3000)
    # at base prices: 60*50 + 180*100 = 21.000; mix = 21.000 - 240*75 = 3.000
    assert parts["mix"] == pytest.approx(3000)
    # prijs = 23.100 - 21.000 = 2.100
    assert parts["prijs"] == pytest.approx(2100)
    assert parts["verschil"] == pytest.approx(8100)
    assert parts["prijs"] + parts["volume"] + parts["mix"] == pytest.approx(parts["verschil"], abs=1e-9)


def test_new_product_without_predecessor_has_no_price_change():
    # base: A 10 h for 500 (p 50). current: A 10 h for 500, C (new) 10 h for 1.000 (p0 := p1 = 100)
    parts = ct.prijs_volume_mix(_totals([("A", 500, 10)]), _totals([("A", 500, 10), ("C", 1000, 10)]))
    assert parts["prijs"] == pytest.approx(0)
    # volume = (20 - 10) * 50 = 500; mix = (10*50 + 10*100) - 20*50 = 500
    assert parts["volume"] == pytest.approx(500)
    assert parts["mix"] == pytest.approx(500)
    assert parts["verschil"] == pytest.approx(1000)


def test_vanished_product_is_mix():
    # base: A 10 h for 500 (p 50), B 10 h for 1.500 (p 150): C0 2.000, Q0 20, average 100
    # current: only A, 20 h for 1.000: volume (20-20)*100 = 0; mix 20*50 - 20*100 = -1.000; prijs 0
    parts = ct.prijs_volume_mix(_totals([("A", 500, 10), ("B", 1500, 10)]), _totals([("A", 1000, 20)]))
    assert (parts["volume"], parts["mix"], parts["prijs"]) == pytest.approx((0, -1000, 0))


def test_no_decomposition_from_or_to_nothing():
    assert ct.prijs_volume_mix(_totals([]), _totals([("A", 100, 1)])) is None
    assert ct.prijs_volume_mix(_totals([("A", 100, 1)]), _totals([("A", -100, -1)])) is None


def test_product_mapping_makes_a_renamed_product_one_product():
    # 45A01 (old contract, 2024) became 45A99 (new contract, 2025) at a higher tariff: 10 h at 50 -> 10 h at 60.
    # Without the mapping the change is mix (another product); with it, it is price: +100.
    producten = [{"wet": "jeugd", "productcode": "45A01", "omschrijving": "oud", "bouwsteen": "Reguliere begeleiding",
                  "begrotingspost": "Ambulant", "eenheid": "04"},
                 {"wet": "jeugd", "productcode": "45A99", "omschrijving": "nieuw", "bouwsteen": "Begeleiding (nieuw)",
                  "begrotingspost": "Ambulant", "eenheid": "04"}]
    lines = [line("a", "2024-03", 10, 500, product="45A01"), line("a", "2025-03", 10, 600, product="45A99")]
    mapping = [{"wet": "jeugd", "producten": ["45A01", "45A99"], "bouwsteen": "Reguliere begeleiding"}]
    gemeente = dataclasses.replace(WIJCHEN, raw={"productmapping": mapping})
    table = ct.figure_rows(select(dataset(lines, producten), gemeente, P))
    assert value(table, "jeugd.kostenverschil", "2025", "Reguliere begeleiding") == pytest.approx(100)
    assert value(table, "jeugd.kostenverschil_prijs", "2025", "Reguliere begeleiding") == pytest.approx(100)
    assert value(table, "jeugd.kostenverschil_mix", "2025", "Reguliere begeleiding") == pytest.approx(0)
    assert value(table, "jeugd.kostenverschil_volume", "2025", "Reguliere begeleiding") == pytest.approx(0)
    unmapped = ct.figure_rows(select(dataset(lines, producten), WIJCHEN, P))
    # Without mapping the two codes sit in different bouwstenen: nothing to compare in 2025.
    assert absent(unmapped, "jeugd.kostenverschil", "2025", "Reguliere begeleiding")


def test_current_year_is_compared_with_the_same_months_a_year_earlier():
    # periode 2026-02: 2026 Jan-Feb against 2025 Jan-Feb; the 2025 March line is not in the comparison.
    lines = [line("a", "2025-01", 10, 500), line("a", "2025-03", 10, 5000), line("a", "2026-01", 12, 600)]
    table = ct.figure_rows(select(dataset(lines), WIJCHEN, P))
    # 600 - 500 = 100: volume (12 - 10) * 50 = 100, price 600 - 12*50 = 0
    assert value(table, "jeugd.kostenverschil", "2026", "Reguliere begeleiding") == pytest.approx(100)
    assert value(table, "jeugd.kostenverschil_volume", "2026", "Reguliere begeleiding") == pytest.approx(100)
    assert value(table, "jeugd.kostenverschil_prijs", "2026", "Reguliere begeleiding") == pytest.approx(0)


# --- providers -------------------------------------------------------------------------------

def test_concentration_worked_by_hand():
    # 2025, one bouwsteen: X 500 (2 clients), Y 300, Z 150, W 50 (credited away: no delivered care)
    lines = [_by("a", "2025-03", 10, 250, "X"), _by("b", "2025-03", 10, 250, "X"), _by("c", "2025-03", 6, 300, "Y"),
             _by("d", "2025-04", 3, 150, "Z"), _by("e", "2025-05", 1, 100, "W"), _by("e", "2025-05", -1, -50, "W")]
    providers = ct.per_aanbieder(select(dataset(lines), WIJCHEN, P).lines)
    conc = ct.concentratie(providers).set_index(["jaar", "bouwsteen"])
    row = conc.loc[(2025, "Reguliere begeleiding")]
    # W's net volume is 1 - 1 = 0 (net bedrag 50): no delivered care, so 3 providers with care
    assert row["aanbieders"] == 3
    # top 3 by bedrag: 500 + 300 + 150 = 950 of 1.000 (W's 50 still counts as money)
    assert row["top3_aandeel"] == pytest.approx(0.95)
    # the whole wet ("") equals the one bouwsteen here
    assert conc.loc[(2025, ""), "top3_aandeel"] == pytest.approx(0.95)


def test_new_and_stopped_providers():
    # 2024: X, Y; 2025: Y, Z  ->  2025 nieuw {Z} = 1, gestopt {X} = 1
    lines = [_by("a", "2024-03", 1, 10, "X"), _by("b", "2024-03", 1, 10, "Y"),
             _by("b", "2025-03", 1, 10, "Y"), _by("c", "2025-03", 1, 10, "Z")]
    table = ct.figure_rows(select(dataset(lines), WIJCHEN, P))
    assert value(table, "jeugd.aanbieders_nieuw", "2025", "Reguliere begeleiding") == 1
    assert value(table, "jeugd.aanbieders_gestopt", "2025", "Reguliere begeleiding") == 1
    assert value(table, "jeugd.aanbieders", "2025", "") == 2
    # 2024 has no 2023 data to compare with: no in/outflow row rather than "all new"
    assert absent(table, "jeugd.aanbieders_nieuw", "2024", "Reguliere begeleiding")


def test_price_per_unit_converts_minutes_to_the_bouwsteen_unit():
    # 120 minutes for 100 euro in a bouwsteen measured in hours: 2 h -> 50 euro per hour
    lines = [line("a", "2025-03", 120, 100, eenheid="01")]
    table = ct.figure_rows(select(dataset(lines), WIJCHEN, P))
    assert value(table, "jeugd.prijs_per_eenheid", "2025", "Reguliere begeleiding") == pytest.approx(50)


def test_year_before_is_taken_at_the_same_declaration_age():
    # 2025-01: 10 h for 500 declared in time, 5 h for 250 declared late (June 2025).
    # 2026-01: 10 h for 500; peildatum 2026-02-05, so 2025 is taken as known on 2025-02-05:
    # the late line is not yet in the comparison, and the change is 500 - 500 = 0, not 500 - 750.
    lines = [line("a", "2025-01", 10, 500, ingediend="2025-02-05"), line("b", "2025-01", 5, 250, ingediend="2025-06-01"),
             line("a", "2026-01", 10, 500, ingediend="2026-02-05")]
    table = ct.figure_rows(select(dataset(lines), WIJCHEN, P))
    assert value(table, "jeugd.kostenverschil", "2026", "Reguliere begeleiding") == pytest.approx(0)
    assert value(table, "jeugd.kostenverschil_volume", "2026", "Reguliere begeleiding") == pytest.approx(0)
    # 2025 against 2024 has no 2024 data: no decomposition at all
    assert absent(table, "jeugd.kostenverschil", "2025", "Reguliere begeleiding")


def test_the_wet_total_is_the_sum_of_every_bouwsteen():
    # Two bouwstenen, 2025 against 2024 Jan-Feb: begeleiding +100 (volume), verblijf −30 (price).
    pvm = pd.DataFrame([{"jaar": 2025, "bouwsteen": "Reguliere begeleiding", "verschil": 100.0, "prijs": 0.0,
                         "volume": 100.0, "mix": 0.0},
                        {"jaar": 2025, "bouwsteen": "Verblijf", "verschil": -30.0, "prijs": -30.0, "volume": 0.0,
                         "mix": 0.0}])
    total = ct.with_total(pvm)
    row = total[total["bouwsteen"] == ""].iloc[0]
    assert (row["verschil"], row["prijs"], row["volume"], row["mix"]) == (70.0, -30.0, 100.0, 0.0)
    assert ct.with_total(pvm.iloc[0:0]).empty


def test_figure_rows_carry_the_total_row():
    lines = [line("a", "2025-01", 10, 500), line("a", "2026-01", 12, 600)]
    table = ct.figure_rows(select(dataset(lines), WIJCHEN, P))
    assert value(table, "jeugd.kostenverschil", "2026", "") == pytest.approx(100)
    assert value(table, "jeugd.kostenverschil_volume", "2026", "") == pytest.approx(100)
