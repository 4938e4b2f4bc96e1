"""netting: lines → cells, product book, PGB → begrotingspost PGB, units."""

import pandas as pd
from figure_builders import DECL_COLUMNS, PRODUCT_COLUMNS, PRODUCTEN, line, typed

from sdmonitor.ingest import netting


def _enriched(lines: list[dict], producten: list[dict] = PRODUCTEN) -> pd.DataFrame:
    return netting.enrich(typed(lines, DECL_COLUMNS), typed(producten, PRODUCT_COLUMNS))


def test_debit_credit_redebit_is_one_delivered_cell():
    # 10 - 10 + 10 = 10 > 0: one cell, delivered; bedrag 100 - 100 + 100 = 100
    cells = netting.cells(_enriched([line("a", "2025-03", 10, 100), line("a", "2025-03", -10, -100),
                                     line("a", "2025-03", 10, 100)]))
    assert len(cells) == 1
    assert cells["geleverd"].tolist() == [True]
    assert (cells["volume"].iloc[0], cells["bedrag"].iloc[0]) == (10.0, 100.0)


def test_debit_and_full_credit_is_no_care():
    # 10 - 10 = 0, not > 0
    cells = netting.cells(_enriched([line("a", "2025-03", 10, 100), line("a", "2025-03", -10, -100)]))
    assert cells["geleverd"].tolist() == [False]


def test_float_noise_of_cancelling_lines_is_not_care():
    # 0.1 + 0.2 - 0.3 is 5.5e-17 in floating point, but no care was delivered
    cells = netting.cells(_enriched([line("a", "2025-03", 0.1, 1), line("a", "2025-03", 0.2, 2),
                                     line("a", "2025-03", -0.3, -3)]))
    assert cells["geleverd"].tolist() == [False]


def test_cells_are_per_client_product_and_service_month():
    # a: two months of 45A01 and one of 43A01 -> 3 cells; b: 1 cell
    cells = netting.cells(_enriched([line("a", "2025-03", 1, 1), line("a", "2025-04", 1, 1),
                                     line("a", "2025-03", 1, 1, product="43A01", eenheid="14"),
                                     line("b", "2025-03", 1, 1)]))
    assert len(cells) == 4


def test_redeclared_line_sets_the_cells_verwijzer():
    # debit under 02, full credit, redeclared later under 03: the cell belongs to verwijzer 03
    cells = netting.cells(_enriched([
        line("a", "2025-03", 10, 100, verwijzer="02", ingediend="2025-04-10"),
        line("a", "2025-03", -10, -100, verwijzer="02", ingediend="2025-05-10"),
        line("a", "2025-03", 10, 100, verwijzer="03", ingediend="2025-05-11"),
    ]))
    assert cells["verwijzer"].tolist() == ["03"]


def test_pgb_line_counts_under_begrotingspost_pgb():
    lines = _enriched([line("a", "2025-03", 1, 50, zorgvorm="PGB"), line("b", "2025-03", 1, 50)])
    assert lines["begrotingspost"].tolist() == ["PGB", "Ambulant"]
    # the bouwsteen stays the product's
    assert lines["bouwsteen"].tolist() == ["Reguliere begeleiding", "Reguliere begeleiding"]


def test_same_code_under_both_laws_uses_the_right_book_row():
    book = PRODUCTEN + [{"wet": "wmo", "productcode": "45A01", "omschrijving": "x", "bouwsteen": "Begeleiding wmo",
                         "begrotingspost": "Begeleiding", "eenheid": "04"}]
    lines = _enriched([line("a", "2025-03", 1, 1), line("b", "2025-03", 1, 1, wet="wmo")], book)
    assert lines["bouwsteen"].tolist() == ["Reguliere begeleiding", "Begeleiding wmo"]


def test_minutes_become_hours_for_an_hour_based_bouwsteen():
    # 90 minuten against an uur bouwsteen = 90 / 60 = 1.5 uur; 2 uur stays 2
    lines = _enriched([line("a", "2025-03", 90, 1, eenheid="01"), line("a", "2025-03", 2, 1, eenheid="04")])
    assert netting.volume_in_unit(lines).tolist() == [1.5, 2.0]


def test_hours_become_minutes_for_a_minute_based_bouwsteen():
    # 54A01 (Specialistische GGZ) is minute-based: 2 uur = 120 minuten
    lines = _enriched([line("a", "2025-03", 2, 1, product="54A01", eenheid="04")])
    assert netting.volume_in_unit(lines).tolist() == [120.0]


def test_hours_and_dagdelen_convert_and_other_units_stay_as_declared():
    # 45A01 is hour-based: 1 dagdeel = 4 uur (WJ756 "Dagdeel (4 uur)"); 3 etmalen have no ratio to
    # hours, so they stay 3
    lines = _enriched([line("a", "2025-03", 1, 1, eenheid="16"), line("a", "2025-03", 3, 1, eenheid="14")])
    assert netting.volume_in_unit(lines).tolist() == [4.0, 3.0]


def test_bouwsteen_unit_is_the_most_common_product_unit():
    book = typed([
        {"wet": "jeugd", "productcode": "1", "omschrijving": "", "bouwsteen": "B", "begrotingspost": "P",
         "eenheid": "04"},
        {"wet": "jeugd", "productcode": "2", "omschrijving": "", "bouwsteen": "B", "begrotingspost": "P",
         "eenheid": "04"},
        {"wet": "jeugd", "productcode": "3", "omschrijving": "", "bouwsteen": "B", "begrotingspost": "P",
         "eenheid": "01"},
    ], PRODUCT_COLUMNS)
    units = netting.bouwsteen_units(book)
    assert units.to_dict("records") == [{"wet": "jeugd", "bouwsteen": "B", "bouwsteen_eenheid": "04"}]


def test_unit_name():
    assert netting.unit_name("04") == "uur"
    assert netting.unit_name("14") == "etmaal"


def test_no_lines_gives_no_cells():
    assert netting.cells(_enriched([])).empty


def test_net_volume_per_line_is_its_cells_volume():
    # cell a/2025-03: 10 - 10 = 0 (not delivered); cell a/2025-04: 0.1 + 0.2 - 0.3 (float noise, not
    # delivered); cell b/2025-03: 3 (delivered)
    lines = _enriched([line("a", "2025-03", 10, 100), line("b", "2025-03", 3, 30), line("a", "2025-03", -10, -100),
                       line("a", "2025-04", 0.1, 1), line("a", "2025-04", 0.2, 2), line("a", "2025-04", -0.3, -3)])
    net = netting.net_volume_per_line(lines)
    assert net.tolist()[:3] == [0.0, 3.0, 0.0] and net.index.equals(lines.index)
    assert netting.delivered(net).tolist() == [False, True, False, False, False, False]
    cells = netting.cells(lines)
    assert cells["geleverd"].tolist() == [False, False, True]  # a/2025-03, a/2025-04, b/2025-03
