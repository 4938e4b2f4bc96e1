"""selection.select: gemeente / peildatum / periode cut-offs and their reconciliation."""

import pandas as pd
from figure_builders import GM, OTHER, WIJCHEN, bevolking, dataset, day, line, melding, meldingen, periode

from sdmonitor.ingest.selection import Selection, select


def _recon(sel: Selection, tabel: str) -> dict[str, int]:
    r = sel.reconciliation
    return dict(zip(r.loc[r["tabel"] == tabel, "reden"], r.loc[r["tabel"] == tabel, "rijen"]))


def test_default_peildatum_is_latest_ingediend_op_of_whole_file():
    # The other gemeente's line was declared last (2026-03-20): it sets the default peildatum.
    ds = dataset([line("a", "2026-01", 1, 10, ingediend="2026-02-10"),
                  line("x", "2026-01", 1, 10, ingediend="2026-03-20", gemeente=OTHER)])
    assert select(ds, WIJCHEN, periode("2026-02")).peildatum == day("2026-03-20")


def test_cut_offs_and_reconciliation_add_up():
    ds = dataset([
        line("a", "2026-01", 1, 10, ingediend="2026-02-10"),                  # used
        line("b", "2019-05", 1, 10, ingediend="2019-06-10"),                  # used: history before Y-3 is kept
        line("c", "2026-01", 1, 10, ingediend="2026-02-10", gemeente=OTHER),  # andere gemeente
        line("d", "2026-01", 1, 10, ingediend="2026-03-01"),                  # ingediend na peildatum
        line("e", "2026-03", 1, 10, ingediend="2026-02-27"),                  # dienstmaand na periode
        line("f", "2026-02", 1, 10, ingediend="2026-02-28"),                  # on the peildatum itself: used
    ])
    sel = select(ds, WIJCHEN, periode("2026-02"), day("2026-02-28"))
    assert sorted(sel.lines["client_id"]) == ["a", "b", "f"]
    assert _recon(sel, "declaraties") == {
        "gelezen": 6, "gebruikt": 3, "andere gemeente": 1, "ingediend na peildatum": 1, "dienstmaand na periode": 1,
        "waarvan verrekend": 0,
    }
    # read == used + every excluded row, for every table ("waarvan verrekend" is part of "gebruikt")
    for _tabel, group in sel.reconciliation.groupby("tabel"):
        counts = dict(zip(group["reden"], group["rijen"]))
        excluded = sum(v for k, v in counts.items() if k not in ("gelezen", "gebruikt", "waarvan verrekend"))
        assert counts["gelezen"] == counts["gebruikt"] + excluded


def test_lines_netted_away_by_a_credit_are_counted():
    # a: debit + full credit -> 2 lines netted away; b: debit + credit + re-debit -> delivered, 0 netted
    ds = dataset([line("a", "2025-05", 4, 40), line("a", "2025-05", -4, -40, ingediend="2025-07-01"),
                  line("b", "2025-05", 2, 20), line("b", "2025-05", -2, -20, ingediend="2025-07-01"),
                  line("b", "2025-05", 2, 20, ingediend="2025-07-02")])
    sel = select(ds, WIJCHEN, periode("2026-02"), day("2026-02-28"))
    assert _recon(sel, "declaraties")["waarvan verrekend"] == 2
    assert _recon(sel, "declaraties")["gebruikt"] == 5


def test_a_line_counts_under_its_first_exclusion_reason_only():
    # Other gemeente AND after the peildatum AND after the periode: counted once, as "andere gemeente".
    ds = dataset([line("a", "2026-05", 1, 10, ingediend="2026-06-10", gemeente=OTHER),
                  line("b", "2026-01", 1, 10, ingediend="2026-02-01")])
    sel = select(ds, WIJCHEN, periode("2026-02"), day("2026-02-28"))
    assert _recon(sel, "declaraties")["andere gemeente"] == 1
    assert _recon(sel, "declaraties")["ingediend na peildatum"] == 0


def test_lines_are_enriched_with_the_product_book():
    ds = dataset([line("a", "2026-01", 1, 10, product="43A01", eenheid="14")])
    row = select(ds, WIJCHEN, periode("2026-02")).lines.iloc[0]
    assert (row["maand"], row["jaar"], row["bouwsteen"], row["begrotingspost"], row["bouwsteen_eenheid"]) == (
        "2026-01", 2026, "Pleegzorg", "Verblijf", "14")


def test_other_tables_cut_to_gemeente_bevolking_keeps_nl01():
    bev = bevolking([(GM, 2026, 5, 100, "waarneming"), ("NL01", 2026, 5, 9000, "waarneming"),
                     (OTHER, 2026, 5, 50, "waarneming")])
    ds = dataset([line("a", "2026-01", 1, 10)], bevolking=bev)
    sel = select(ds, WIJCHEN, periode("2026-02"))
    assert sorted(sel.tables["bevolking"]["gemeente"]) == [GM, "NL01"]
    assert _recon(sel, "bevolking") == {"gelezen": 3, "gebruikt": 2, "andere gemeente": 1}
    assert sel.tables["producten"] is ds["producten"]
    assert sel.has("bevolking") and not sel.has("meldingen")
    assert sel.dataset is ds


def test_meldingen_aangemeld_after_the_periode_are_dropped():
    # m2 was aangemeld 2026-03-01, after the periode end (2026-02-28); m3 belongs to another gemeente.
    ds = dataset([line("a", "2026-01", 1, 10)], meldingen=meldingen([
        melding("m1", "2026-02-28"), melding("m2", "2026-03-01"), melding("m3", "2026-01-05", gemeente=OTHER)]))
    sel = select(ds, WIJCHEN, periode("2026-02"))
    assert list(sel.tables["meldingen"]["melding_id"]) == ["m1"]
    assert _recon(sel, "meldingen") == {"gelezen": 3, "gebruikt": 1, "andere gemeente": 1, "aangemeld na periode": 1}


def test_reconciliation_dtypes():
    sel = select(dataset([line("a", "2026-01", 1, 10)]), WIJCHEN, periode("2026-02"))
    assert list(sel.reconciliation.columns) == ["tabel", "reden", "rijen"]
    assert sel.reconciliation["rijen"].dtype == "int64"
    assert isinstance(sel.lines, pd.DataFrame)


def test_found_codes_lists_few_municipalities_in_full():
    from sdmonitor.ingest.selection import found_codes

    counts = pd.Series({"GM0296": 6, "GM0209": 2})
    assert found_codes(counts, "GM9999") == "GM0296 (6 rijen), GM0209 (2 rijen)"
    assert found_codes(pd.Series(dtype="int64"), "GM9999") == "geen"


def test_found_codes_of_many_municipalities_shows_the_nearest_and_how_many_more():
    from sdmonitor.ingest.selection import found_codes

    # 19 codes GM0100..GM0119 without the asked GM0105: the nearest are GM0104 and GM0106 (one
    # off), then GM0103 (two off, before GM0107 in code order); shown in code order, 16 more.
    counts = pd.Series({f"GM{n:04d}": n for n in range(100, 120) if n != 105})
    assert found_codes(counts, "GM0105", limit=3) == (
        "GM0103 (103 rijen), GM0104 (104 rijen), GM0106 (106 rijen) en 16 andere gemeenten")


def test_the_cells_are_made_when_a_figure_asks_for_them():
    # the reconciliation counts what netting leaves out without making the cells (a run whose
    # figures come from the edition cache never needs them)
    ds = dataset([line("a", "2025-05", 4, 40), line("a", "2025-05", -4, -40, ingediend="2025-07-01")])
    sel = select(ds, WIJCHEN, periode("2026-02"), day("2026-02-28"))
    assert "cells" not in sel._memo
    assert sel.cells()["geleverd"].tolist() == [False] and "cells" in sel._memo
