"""zorggebruik: every jeugd/wmo figure of INTERFACE §3 on tiny hand-worked examples."""

import pandas as pd
import pytest
from figure_builders import GM, OTHER, WIJCHEN, absent, bevolking, dataset, day, line, periode, value

from sdmonitor.figures import zorggebruik as zg
from sdmonitor.ingest.selection import select
from sdmonitor.parameters import Gemeente

P = periode("2026-02")  # report years 2023..2026, months 2023-01..2026-02


def _sel(lines, **tables):
    return select(dataset(lines, **tables), WIJCHEN, P)


def test_credit_and_redeclaration():
    # a: debit + full credit + re-debit -> delivered; b: debit + full credit -> no client
    sel = _sel([line("a", "2025-03", 10, 100), line("a", "2025-03", -10, -100), line("a", "2025-03", 10, 100),
                line("b", "2025-03", 5, 50), line("b", "2025-03", -5, -50)])
    t = zg.clienten(sel, "jeugd")
    assert value(t, "jeugd.clienten", "2025") == 1
    assert value(t, "jeugd.clienten", "2025-03") == 1
    # kosten include every line, credits too: 100 - 100 + 100 + 50 - 50 = 100
    assert value(zg.kosten(sel, "jeugd"), "jeugd.kosten", "2025") == 100


def test_client_in_two_bouwstenen_counts_once_in_total():
    sel = _sel([line("a", "2025-03", 1, 10), line("a", "2025-04", 1, 10, product="43A01", eenheid="14"),
                line("b", "2025-03", 1, 10)])
    t = zg.clienten(sel, "jeugd")
    assert value(t, "jeugd.clienten", "2025") == 2                            # a, b
    assert value(t, "jeugd.clienten", "2025", "Reguliere begeleiding") == 2   # a, b
    assert value(t, "jeugd.clienten", "2025", "Pleegzorg") == 1               # a
    assert value(t, "jeugd.clienten", "2025-04", "Pleegzorg") == 1
    assert value(t, "jeugd.clienten", "2025-04", "Reguliere begeleiding") == 0


def test_rows_for_every_year_and_month_even_without_data():
    sel = _sel([line("a", "2025-03", 1, 10)])
    t = zg.clienten(sel, "jeugd")
    totals = t.loc[t["dimensie"] == ""]
    # 4 years + 38 months (12 + 12 + 12 + 2)
    assert sorted(totals["periode"].str.len().value_counts().items()) == [(4, 4), (7, 38)]
    assert value(t, "jeugd.clienten", "2023") == 0
    assert value(t, "jeugd.clienten", "2026-02", "Pleegzorg") == 0
    assert value(zg.kosten(sel, "jeugd"), "jeugd.kosten", "2024") == 0
    assert value(zg.kosten(sel, "wmo"), "wmo.kosten", "2025") == 0
    # ratios of nothing are left out, not 0
    assert absent(zg.pgb_aandeel(sel, "jeugd"), "jeugd.pgb_aandeel", "2024")
    assert absent(zg.kosten_per_client(sel, "jeugd"), "jeugd.kosten_per_client", "2024")
    assert absent(zg.top25_aandeel(sel), "jeugd.top25_aandeel", "2024")


def test_line_after_peildatum_and_after_periode_are_ignored():
    sel = select(dataset([line("a", "2026-01", 1, 10, ingediend="2026-02-05"),
                          line("b", "2026-01", 1, 20, ingediend="2026-03-05"),    # after peildatum
                          line("c", "2026-03", 1, 40, ingediend="2026-02-05")]),  # service month after periode
                 WIJCHEN, P, day("2026-02-28"))
    assert value(zg.clienten(sel, "jeugd"), "jeugd.clienten", "2026") == 1   # a only
    assert value(zg.kosten(sel, "jeugd"), "jeugd.kosten", "2026") == 10


def test_lines_before_the_report_years_are_not_in_figures():
    sel = _sel([line("a", "2022-12", 1, 10), line("b", "2023-01", 1, 20)])
    assert value(zg.kosten(sel, "jeugd"), "jeugd.kosten", "2023") == 20
    assert absent(zg.kosten(sel, "jeugd"), "jeugd.kosten", "2022")


def test_pgb_lines_under_begrotingspost_pgb_and_pgb_aandeel():
    sel = _sel([line("a", "2025-03", 1, 300), line("b", "2025-03", 1, 100, zorgvorm="PGB"),
                line("c", "2025-03", 1, 100, zorgvorm="PGB", product="43A01", eenheid="14")])
    t = zg.kosten(sel, "jeugd")
    assert value(t, "jeugd.kosten", "2025") == 500                 # 300 + 100 + 100
    assert value(t, "jeugd.kosten", "2025", "PGB") == 200          # 100 + 100
    assert value(t, "jeugd.kosten", "2025", "Ambulant") == 300     # ZIN only
    assert value(t, "jeugd.kosten", "2025", "Verblijf") == 0       # its only line is PGB
    assert value(zg.pgb_aandeel(sel, "jeugd"), "jeugd.pgb_aandeel", "2025") == pytest.approx(200 / 500)


def test_volume_minutes_to_hours_in_unit_name():
    # 90 minuten + 1 uur = 1.5 + 1 = 2.5 uur; Pleegzorg: 3 etmaal - 1 etmaal credit = 2
    sel = _sel([line("a", "2025-03", 90, 10, eenheid="01"), line("b", "2025-03", 1, 10, eenheid="04"),
                line("c", "2025-03", 3, 10, product="43A01", eenheid="14"),
                line("c", "2025-03", -1, -10, product="43A01", eenheid="14")])
    t = zg.volume(sel, "jeugd")
    assert value(t, "jeugd.volume", "2025", "Reguliere begeleiding") == 2.5
    assert value(t, "jeugd.volume", "2025", "Pleegzorg") == 2
    units = dict(zip(t["dimensie"], t["eenheid"]))
    assert units == {"Reguliere begeleiding": "uur", "Pleegzorg": "etmaal", "Specialistische GGZ": "minuut"}
    assert absent(t, "jeugd.volume", "2025")   # no total across units


def test_other_gemeente_never_changes_figures():
    own = [line("a", "2025-03", 1, 10), line("b", "2025-05", 2, 30, zorgvorm="PGB", geboortejaar=2010)]
    foreign = [line("a", "2025-03", 7, 70, gemeente=OTHER), line("z", "2025-03", 1, 99, gemeente=OTHER),
               line("z", "2024-03", 1, 99, gemeente=OTHER, wet="wmo", product="02A01")]
    bev = bevolking([(GM, 2025, 10, 100, "waarneming"), (OTHER, 2025, 10, 5, "waarneming")])
    # the foreign lines are declared earlier, so the default peildatum is the same
    alone = zg.figure_rows(_sel(own, bevolking=bev))
    mixed = zg.figure_rows(_sel(own + foreign, bevolking=bev))
    pd.testing.assert_frame_equal(alone, mixed)


def test_top25_with_fewer_than_25_clients_is_one():
    sel = _sel([line(f"c{i}", "2025-03", 1, 10 * (i + 1)) for i in range(3)])
    assert value(zg.top25_aandeel(sel), "jeugd.top25_aandeel", "2025") == 1


def test_top25_of_26_clients_leaves_out_the_smallest():
    # clients pay 1, 2, ..., 26 -> total 26 * 27 / 2 = 351; top 25 leaves out the 1: 350 / 351
    sel = _sel([line(f"c{i}", "2025-03", 1, float(i)) for i in range(1, 27)])
    assert value(zg.top25_aandeel(sel), "jeugd.top25_aandeel", "2025") == pytest.approx(350 / 351)
    # in euros: 2 + 3 + ... + 26 = 351 - 1 = 350
    assert value(zg.top25_aandeel(sel), "jeugd.top25_kosten", "2025") == pytest.approx(350)


def test_top25_uses_per_client_sums_over_the_year():
    # 26 clients: c0 has two lines of 30 (sum 60, the largest), the others 1 each except c25 with 0.5
    lines = [line("c0", "2025-03", 1, 30), line("c0", "2025-04", 1, 30)]
    lines += [line(f"c{i}", "2025-03", 1, 1) for i in range(1, 25)] + [line("c25", "2025-03", 1, 0.5)]
    # total 60 + 24 + 0.5 = 84.5; top 25 = 60 + 24 = 84
    sel = _sel(lines)
    assert value(zg.top25_aandeel(sel), "jeugd.top25_aandeel", "2025") == pytest.approx(84 / 84.5)


def test_pct_in_zorg_age_boundary():
    # in 2025: born 2008 -> 17 (counts); 2007 -> 18 (not); no geboortejaar (not); 2026 -> -1 (not)
    # d's geboortejaar only on an earlier line: still known
    sel = _sel([line("a", "2025-03", 1, 10, geboortejaar=2008), line("b", "2025-03", 1, 10, geboortejaar=2007),
                line("c", "2025-03", 1, 10), line("e", "2025-03", 1, 10, geboortejaar=2026),
                line("d", "2024-03", 1, 10, geboortejaar=2015), line("d", "2025-03", 1, 10)],
               bevolking=bevolking([(GM, 2025, 0, 100, "waarneming"), (GM, 2025, 17, 100, "waarneming"),
                                    (GM, 2025, 18, 999, "waarneming"), ("NL01", 2025, 5, 9999, "waarneming"),
                                    (GM, 2025, 5, 5000, "prognose")]))
    # clients aged 0-17 in 2025: a and d = 2; bevolking 0-17 = 100 + 100 = 200 (the waarneming wins over
    # the prognose, age 18 and NL01 are not counted): 100 * 2 / 200 = 1.0
    t = zg.pct_in_zorg(sel)
    assert value(t, "jeugd.pct_in_zorg", "2025") == pytest.approx(1.0)
    # 2024: d (age 9) / no bevolking for 2024 -> absent
    assert absent(t, "jeugd.pct_in_zorg", "2024")


def test_population_asked_again_is_the_same_and_a_changed_answer_does_not_stick():
    sel = _sel([line("a", "2025-03", 1, 10)],
               bevolking=bevolking([(GM, 2025, 0, 100, "waarneming"), (GM, 2025, 17, 100, "waarneming"),
                                    (GM, 2025, 70, 30, "waarneming")]))
    young = zg.bevolking_per_jaar(sel, 17)
    assert young.to_dict() == {"2025": 200.0}
    young["2025"] = 0.0
    assert zg.bevolking_per_jaar(sel, 17).to_dict() == {"2025": 200.0}
    assert zg.bevolking_per_jaar(sel).to_dict() == {"2025": 230.0}  # another question, its own answer


def test_pct_in_zorg_uses_prognose_when_no_waarneming():
    sel = _sel([line("a", "2026-01", 1, 10, geboortejaar=2010)],
               bevolking=bevolking([(GM, 2026, 10, 50, "prognose")]))
    # 100 * 1 / 50 = 2
    assert value(zg.pct_in_zorg(sel), "jeugd.pct_in_zorg", "2026") == pytest.approx(2.0)


def test_verwijzer_counts_distinct_delivered_clients():
    # a: 02 in two months (once); b: 03; c: 02 credited away (not delivered)
    sel = _sel([line("a", "2025-03", 1, 1, verwijzer="02"), line("a", "2025-04", 1, 1, verwijzer="02"),
                line("b", "2025-03", 1, 1, verwijzer="03"),
                line("c", "2025-03", 1, 1, verwijzer="02"), line("c", "2025-03", -1, -1, verwijzer="02")])
    t = zg.verwijzer(sel)
    assert value(t, "jeugd.verwijzer", "2025", "02") == 1
    assert value(t, "jeugd.verwijzer", "2025", "03") == 1
    assert value(t, "jeugd.verwijzer", "2023", "02") == 0
    assert absent(t, "jeugd.verwijzer", "2025")


def test_kosten_per_client_and_per_inwoner():
    # wmo 2025: kosten 300 + 100 = 400, clients 2 -> 200 per client; inwoners 10 + 30 = 40 -> 10 per inwoner
    sel = _sel([line("a", "2025-03", 1, 300, wet="wmo", product="02A01"),
                line("b", "2025-03", 1, 100, wet="wmo", product="02A01")],
               bevolking=bevolking([(GM, 2025, 40, 10, "waarneming"), (GM, 2025, 70, 30, "waarneming"),
                                    ("NL01", 2025, 40, 1000, "waarneming")]))
    assert value(zg.kosten_per_client(sel, "wmo"), "wmo.kosten_per_client", "2025") == 200
    assert value(zg.kosten_per_inwoner(sel, "wmo"), "wmo.kosten_per_inwoner", "2025") == 10
    assert absent(zg.kosten_per_inwoner(sel, "wmo"), "wmo.kosten_per_inwoner", "2024")


def test_no_bevolking_table_means_no_population_figures():
    t = zg.figure_rows(_sel([line("a", "2025-03", 1, 10, geboortejaar=2010)]))
    assert not t["indicator"].isin(["jeugd.pct_in_zorg", "jeugd.kosten_per_inwoner", "wmo.kosten_per_inwoner"]).any()


def test_gemeente_without_lines_gets_zeros_not_errors():
    t = zg.figure_rows(_sel([line("x", "2025-03", 1, 10, gemeente=OTHER)]))
    assert value(t, "jeugd.clienten", "2025") == 0
    assert value(t, "wmo.kosten", "2026") == 0
    assert not t["indicator"].isin(["jeugd.pgb_aandeel", "jeugd.top25_aandeel", "jeugd.kosten_per_client"]).any()


def test_clienten_groep_from_parameters():
    # group "Verblijf" = Pleegzorg + Specialistische GGZ: a (both) and b (Pleegzorg) -> 2; c (begeleiding) not
    gemeente = Gemeente(code=GM, naam="Wijchen", slug="wijchen",
                        raw={"bouwsteengroepen": {"jeugd": {"Verblijf": ["Pleegzorg", "Specialistische GGZ"]}}})
    ds = dataset([line("a", "2025-03", 1, 1, product="43A01", eenheid="14"),
                  line("a", "2025-03", 60, 1, product="54A01", eenheid="01"),
                  line("b", "2025-04", 1, 1, product="43A01", eenheid="14"), line("c", "2025-03", 1, 1)])
    t = zg.clienten_groep(select(ds, gemeente, P), "jeugd")
    assert value(t, "jeugd.clienten_groep", "2025", "Verblijf") == 2
    assert value(t, "jeugd.clienten_groep", "2025-03", "Verblijf") == 1
    assert zg.clienten_groep(_sel([line("c", "2025-03", 1, 1)]), "jeugd").empty


def test_bevolking_counts_and_65plus_share():
    # Wijchen 2025: 10 aged 5, 30 aged 40, 20 aged 65, 40 aged 90 -> total 100, 0-17: 10, 65+: 60, share 0.6
    # NL01 2025: 900 aged 40, 100 aged 70 -> share 100 / 1000 = 0.1
    sel = _sel([line("a", "2025-03", 1, 1)],
               bevolking=bevolking([(GM, 2025, 5, 10, "waarneming"), (GM, 2025, 40, 30, "waarneming"),
                                    (GM, 2025, 65, 20, "waarneming"), (GM, 2025, 90, 40, "waarneming"),
                                    ("NL01", 2025, 40, 900, "waarneming"), ("NL01", 2025, 70, 100, "waarneming")]))
    t = zg.bevolking(sel)
    assert value(t, "bevolking.aantal", "2025") == 100
    assert value(t, "bevolking.aantal", "2025", "0-17") == 10
    assert value(t, "bevolking.aantal", "2025", "65+") == 60
    assert value(t, "bevolking.aandeel_65plus", "2025") == pytest.approx(0.6)
    assert value(t, "bevolking.aandeel_65plus", "2025", "NL01") == pytest.approx(0.1)
    # 2024 has no population: no rows
    assert absent(t, "bevolking.aantal", "2024")


def test_clienten_per_1000_inwoners():
    # wmo 2025: 2 clients (a, b), both in Hulp bij het huishouden; 400 inhabitants -> 1000 * 2 / 400 = 5
    sel = _sel([line("a", "2025-03", 1, 300, wet="wmo", product="02A01"),
                line("b", "2025-04", 1, 100, wet="wmo", product="02A01")],
               bevolking=bevolking([(GM, 2025, 40, 400, "waarneming")]))
    t = zg.clienten_per_1000(sel, "wmo")
    assert value(t, "wmo.clienten_per_1000", "2025") == pytest.approx(5.0)
    assert value(t, "wmo.clienten_per_1000", "2025", "Hulp bij het huishouden") == pytest.approx(5.0)
    # months are not in it, and years without population are absent
    assert absent(t, "wmo.clienten_per_1000", "2025-03")
    assert absent(t, "wmo.clienten_per_1000", "2024")


def test_bouwsteen_figures_follow_a_product_succession():
    # Dagbehandeling per dagdeel (45A02) until 2024, from 2025 per uur (45A03) under a bouwsteen
    # of its own; the gemeente declares the succession (dagdeel -> uur: 1 dagdeel = 4 uur).
    import dataclasses

    from figure_builders import PRODUCTEN

    producten = PRODUCTEN + [
        {"wet": "jeugd", "productcode": "45A02", "omschrijving": "DB dagdeel", "bouwsteen": "Dagbehandeling",
         "begrotingspost": "Dagbehandeling", "eenheid": "16"},
        {"wet": "jeugd", "productcode": "45A03", "omschrijving": "DB uur", "bouwsteen": "Dagbehandeling uren",
         "begrotingspost": "Dagbehandeling", "eenheid": "04"}]
    lines = [line("a", "2024-03", 10, 1000, product="45A02", eenheid="16"),
             line("a", "2025-03", 40, 1030, product="45A03", eenheid="04")]
    raw = {"productopvolging": [{"wet": "jeugd", "van": ["45A02"], "naar": ["45A03"], "per": "2025-01-01",
                                 "omrekening": {"van": "16", "naar": "04"}}]}
    gemeente = dataclasses.replace(WIJCHEN, raw=raw)
    sel = select(dataset(lines, producten), gemeente, P)
    volume = zg.volume(sel, "jeugd")
    # The contract's volume (INTERFACE §3) keeps each line under its own product's bouwsteen and
    # unit, succession or not: 10 dagdelen in 2024, 40 uur in 2025.
    assert value(volume, "jeugd.volume", "2024", "Dagbehandeling") == 10
    assert value(volume, "jeugd.volume", "2024", "Dagbehandeling uren") == 0
    assert value(volume, "jeugd.volume", "2025", "Dagbehandeling uren") == 40
    # The costs per bouwsteen (an extra figure) follow the succession.
    kosten = zg.kosten_bouwsteen(sel, "jeugd")
    assert value(kosten, "jeugd.kosten_bouwsteen", "2024", "Dagbehandeling uren") == 1000
    # Without the succession the old product stays under its own bouwsteen, in dagdelen.
    plain = zg.volume(select(dataset(lines, producten), WIJCHEN, P), "jeugd")
    assert value(plain, "jeugd.volume", "2024", "Dagbehandeling") == 10


def _by(aanbieder, *args, **kwargs):
    return {**line(*args, **kwargs), "aanbieder": aanbieder}


def test_kosten_and_clienten_per_aanbieder():
    # 2025: a gets care from A and B in one cell (2025-03); b from A; c from B, fully credited by B;
    # d's cell (2025-07) holds a credit by A and a debit by B: delivered by B only.
    sel = _sel([_by("A", "a", "2025-03", 2, 200), _by("B", "a", "2025-03", 1, 50),
                _by("A", "b", "2025-04", 1, 100),
                _by("B", "c", "2025-05", 3, 300), _by("B", "c", "2025-05", -3, -300),
                _by("A", "d", "2025-07", -1, -10), _by("B", "d", "2025-07", 2, 20)])
    k = zg.kosten_aanbieder(sel, "jeugd")
    assert value(k, "jeugd.kosten_aanbieder", "2025", "A") == 290   # 200 + 100 - 10
    assert value(k, "jeugd.kosten_aanbieder", "2025", "B") == 70    # 50 + 300 - 300 + 20
    assert value(zg.kosten(sel, "jeugd"), "jeugd.kosten", "2025") == 290 + 70
    assert value(k, "jeugd.kosten_aanbieder", "2024", "A") == 0
    assert absent(k, "jeugd.kosten_aanbieder", "2025")  # the total is jeugd.kosten's own row
    c = zg.clienten_aanbieder(sel, "jeugd")
    assert value(c, "jeugd.clienten_aanbieder", "2025", "A") == 2   # a, b (d: A's own share is a credit)
    assert value(c, "jeugd.clienten_aanbieder", "2025", "B") == 2   # a, d (c: credited)
    assert value(zg.clienten(sel, "jeugd"), "jeugd.clienten", "2025") == 3   # a, b, d
