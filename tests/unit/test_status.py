"""figures.status: the status of every figure, worked out by hand on tiny inputs."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from figure_builders import WIJCHEN, dataset, line, melding, meldingen, periode

from sdmonitor.figures import kpis, status
from sdmonitor.ingest.coverage import Coverage, Dekking
from sdmonitor.ingest.selection import select
from sdmonitor.registry import registry

P = periode("2026-02")
PEIL = date(2026, 3, 10)


def _months(first: str, last: str) -> list[str]:
    return [str(p) for p in pd.period_range(first, last, freq="M")]


def _cov(table: str, first: str, last: str = "2026-02", grain: str = "maand", gaps=()) -> Coverage:
    return Coverage(table, True, grain, frozenset(_months(first, last)) - set(gaps), tuple(gaps))


def _dek(*covs: Coverage) -> Dekking:
    return Dekking(P, PEIL, {c.table: c for c in covs})


def _frame(records: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])


def _status(table: pd.DataFrame, indicator: str, per: str, dim: str = "") -> tuple[str, float]:
    hit = table[(table["indicator"] == indicator) & (table["periode"] == per) & (table["dimensie"] == dim)]
    assert len(hit) == 1, (indicator, per, dim, len(hit))
    return hit["status"].iloc[0], hit["waarde"].iloc[0]


def _lines(first: str, last: str = "2026-02", **kw) -> list[dict]:
    return [line(f"c{i}", m, 1, 10, **kw) for m in _months(first, last) for i in range(6)]


def test_source_starting_mid_year_end_to_end():
    table = kpis.figure_table(select(dataset(_lines("2024-07")), WIJCHEN, P))
    st, val = _status(table, "jeugd.kosten", "2023")  # before: a row the report grid needs, empty
    assert st == status.GEEN_GEGEVENS and np.isnan(val)
    assert _status(table, "jeugd.kosten", "2024")[0] == status.DEELPERIODE  # starts in July
    assert _status(table, "jeugd.kosten", "2026")[0] == status.DEELPERIODE  # current year, t/m februari
    st, val = _status(table, "jeugd.clienten", "2024-03")
    assert st == status.GEEN_GEGEVENS and np.isnan(val)
    assert _status(table, "jeugd.clienten", "2024-07")[0] in (status.DEFINITIEF, status.VOORLOPIG)
    assert not table.loc[table["status"] == status.GEEN_GEGEVENS, "waarde"].notna().any()


def test_missing_month_of_meldingen_is_no_data_not_zero():
    months = [m for m in _months("2022-01", "2026-02") if m != "2025-03"]
    mel = meldingen([melding(f"{m}-{i}", f"{m}-0{i + 1}") for m in months for i in range(6)])
    table = kpis.figure_table(select(dataset(_lines("2022-01"), meldingen=mel), WIJCHEN, P))
    st, val = _status(table, "toegang.meldingen", "2025-03")  # before: 0
    assert st == status.GEEN_GEGEVENS and np.isnan(val)
    assert _status(table, "toegang.meldingen", "2025")[0] == status.DEELPERIODE
    assert _status(table, "toegang.meldingen", "2025-04") == (status.DEFINITIEF, 6.0)
    assert _status(table, "toegang.meldingen", "2024")[0] == status.DEFINITIEF


def test_no_pgb_lines_means_no_pgb_figures():
    table = kpis.figure_table(select(dataset(_lines("2022-01")), WIJCHEN, P))
    st, val = _status(table, "jeugd.pgb_aandeel", "2024")  # before: 0.0
    assert st == status.GEEN_GEGEVENS and np.isnan(val)
    st, val = _status(table, "jeugd.kosten", "2024", "PGB")  # before: 0
    assert st == status.GEEN_GEGEVENS and np.isnan(val)
    assert _status(table, "jeugd.kosten", "2024")[0] == status.DEFINITIEF


def test_with_pgb_lines_the_share_is_a_figure():
    lines = _lines("2022-01") + [line("p", m, 1, 5, zorgvorm="PGB") for m in _months("2022-01", "2026-02")]
    table = kpis.figure_table(select(dataset(lines), WIJCHEN, P))
    assert _status(table, "jeugd.pgb_aandeel", "2024") == (status.DEFINITIEF, 60 / 780)


def test_partial_school_year_and_current_year():
    dek = _dek(_cov("smw", "2021-08", "2026-07", "schooljaar"), _cov("declaraties", "2020-01"))
    frame = _frame([("smw.aantal", "2024", "PO/groep", 10.0, "aantal"),
                    ("smw.aantal", "2025", "PO/groep", 4.0, "aantal"),
                    ("jeugd.kosten", "2025", "", 100.0, "euro"), ("jeugd.kosten", "2026", "", 20.0, "euro")])
    out = status.apply_status(frame, dek)
    assert _status(out, "smw.aantal", "2024", "PO/groep")[0] == status.DEFINITIEF
    assert _status(out, "smw.aantal", "2025", "PO/groep") == (status.DEELPERIODE, 4.0)  # 2025-2026 to date
    assert _status(out, "jeugd.kosten", "2026")[0] == status.DEELPERIODE
    assert _status(out, "jeugd.kosten", "2025")[0] == status.DEFINITIEF  # no completeness rows: complete


def test_each_figure_has_its_own_completeness():
    dek = _dek(_cov("declaraties", "2020-01"))
    frame = _frame([
        # October: clients all in (100 of 100 expected), costs 90 % declared
        ("jeugd.compleetheid", "2025-10", "", 0.90, "fractie"),
        ("jeugd.clienten", "2025-10", "", 100.0, "aantal"), ("jeugd.clienten_verwacht", "2025-10", "", 100.0, "aantal"),
        ("jeugd.kosten_verwacht", "2025-10", "", 1000.0, "euro"),
        # November: costs complete, clients 90 of 100 expected
        ("jeugd.compleetheid", "2025-11", "", 1.0, "fractie"),
        ("jeugd.clienten", "2025-11", "", 90.0, "aantal"), ("jeugd.clienten_verwacht", "2025-11", "", 100.0, "aantal"),
        ("jeugd.kosten_verwacht", "2025-11", "", 1000.0, "euro"),
    ])
    out = status.apply_status(frame, dek)
    assert _status(out, "jeugd.clienten", "2025-10")[0] == status.DEFINITIEF
    assert _status(out, "jeugd.kosten_verwacht", "2025-10")[0] == status.VOORLOPIG
    assert _status(out, "jeugd.compleetheid", "2025-10")[0] == status.VOORLOPIG
    assert _status(out, "jeugd.clienten", "2025-11")[0] == status.VOORLOPIG
    assert _status(out, "jeugd.clienten_verwacht", "2025-11")[0] == status.VOORLOPIG
    assert _status(out, "jeugd.kosten_verwacht", "2025-11")[0] == status.DEFINITIEF


def test_client_year_uses_client_completeness():
    dek = _dek(_cov("declaraties", "2020-01"))
    records = [("jeugd.clienten", "2025", "", 300.0, "aantal"), ("jeugd.kosten", "2025", "", 1000.0, "euro"),
               ("jeugd.kosten_verwacht", "2025", "", 1000.0, "euro")]
    for m in _months("2025-01", "2025-12"):
        records += [("jeugd.clienten", m, "", 95.0 if m == "2025-12" else 100.0, "aantal"),
                    ("jeugd.clienten_verwacht", m, "", 100.0, "aantal")]
    out = status.apply_status(_frame(records), dek)
    # 1195 of 1200 expected client-months: 99.6 % ≥ 99 %; kosten complete
    assert _status(out, "jeugd.clienten", "2025")[0] == status.DEFINITIEF
    records[-2] = ("jeugd.clienten", "2025-12", "", 50.0, "aantal")  # 1150 / 1200 = 95.8 % < 99 %
    out = status.apply_status(_frame(records), dek)
    assert _status(out, "jeugd.clienten", "2025")[0] == status.VOORLOPIG
    assert _status(out, "jeugd.kosten", "2025")[0] == status.DEFINITIEF


def test_budget_prognosis_and_ratio_sources():
    dek = _dek(_cov("declaraties", "2020-01"), _cov("begroting", "2023-01", "2026-12", "jaar"),
               _cov("bevolking", "2022-01", "2025-12", "jaar"))
    frame = _frame([("jeugd.begroting", "2026", "", 5e6, "euro"), ("jeugd.prognose", "2026", "", 4e6, "euro"),
                    ("jeugd.pct_in_zorg", "2025", "", 12.0, "procent"),
                    ("jeugd.pct_in_zorg", "2026", "", 0.0, "procent")])
    out = status.apply_status(frame, dek)
    assert _status(out, "jeugd.begroting", "2026")[0] == status.DEFINITIEF
    assert _status(out, "jeugd.prognose", "2026")[0] == status.VOORLOPIG
    st, val = _status(out, "jeugd.pct_in_zorg", "2026")  # no bevolking for 2026
    assert st == status.GEEN_GEGEVENS and np.isnan(val)
    assert _status(out, "jeugd.pct_in_zorg", "2025")[0] == status.DEFINITIEF
    # the budget's grid years it covers: no row added (only where there is no data); the
    # prognosis (an estimate of the current year) gets no grid rows at all
    no_budget = status.apply_status(frame, _dek(_cov("declaraties", "2020-01")))
    assert _status(no_budget, "jeugd.begroting", "2026")[0] == status.GEEN_GEGEVENS
    assert set(no_budget.loc[no_budget["indicator"] == "jeugd.prognose", "periode"]) == {"2026"}


def test_grid_rows_only_for_dimensions_the_figure_has():
    dek = _dek(_cov("declaraties", "2020-01"), _cov("veilig_thuis", "2024-01", "2025-12", "kwartaal"))
    frame = _frame([("veilig_thuis.aantal", "2024", "melding", 3.0, "aantal"),
                    ("veilig_thuis.aantal", "2025", "melding", 4.0, "aantal")])
    out = status.apply_status(frame, dek)
    vt = out[out["indicator"] == "veilig_thuis.aantal"]
    assert vt["periode"].tolist() == ["2023", "2024", "2025", "2026"]
    assert vt["dimensie"].tolist() == ["melding"] * 4
    assert vt["status"].tolist() == [status.GEEN_GEGEVENS, status.DEFINITIEF, status.DEFINITIEF, status.GEEN_GEGEVENS]


def test_intern_indicators_get_a_status_and_undeclared_ones_fail():
    dek = _dek(_cov("declaraties", "2020-01"))
    out = status.apply_status(_frame([("jeugd.backtest_werkelijk", "2024", "", 1.0, "euro")]), dek)
    assert out.loc[out["indicator"] == "jeugd.backtest_werkelijk", "status"].tolist() == [status.DEFINITIEF]
    # Declared figures of sources not delivered at all have their totals as "geen gegevens"
    others = out[out["indicator"] != "jeugd.backtest_werkelijk"]
    assert len(others) and (others["status"] == status.GEEN_GEGEVENS).all() and others["waarde"].isna().all()
    assert "toegang.meldingen" in set(others["indicator"]) and "jeugd.backtest_prognose" not in set(others["indicator"])
    with pytest.raises(status.UndeclaredIndicatorError, match="nieuw.cijfer"):
        status.apply_status(_frame([("nieuw.cijfer", "2024", "", 1.0, "aantal")]), dek)


def test_demo_figures_are_all_declared_and_have_a_status(demo_data):
    from sdmonitor.ingest.dataset import load_dataset

    sel = select(load_dataset(demo_data, gemeente=WIJCHEN.code), WIJCHEN, P)
    figures = kpis.figure_table(sel)
    assert registry().missing(figures["indicator"]) == []
    assert set(figures["status"]) <= set(status.STATUSES)
    assert figures.loc[figures["status"] == status.GEEN_GEGEVENS, "waarde"].isna().all()
    assert not figures[["indicator", "periode", "dimensie"]].duplicated().any()


def test_wachtlijst_on_the_first_depends_on_the_month_before():
    # meldingen start in July 2023 and have no rows in March 2025. Open at 00:00 on 1 July 2023:
    # nothing before it is known; 1 March 2025 counts February (known); 1 April 2025 needs March.
    dek = _dek(_cov("meldingen", "2023-07", gaps=("2025-03",)))
    rows = [("toegang.wachtlijst", m, "", 5.0, "aantal") for m in ("2023-07", "2023-08", "2025-03", "2025-04")]
    table = status.apply_status(_frame(rows), dek)
    assert _status(table, "toegang.wachtlijst", "2023-07")[0] == status.GEEN_GEGEVENS
    assert _status(table, "toegang.wachtlijst", "2023-08") == (status.DEFINITIEF, 5.0)
    assert _status(table, "toegang.wachtlijst", "2025-03") == (status.DEFINITIEF, 5.0)
    st, val = _status(table, "toegang.wachtlijst", "2025-04")
    assert st == status.GEEN_GEGEVENS and np.isnan(val)


def test_a_municipalitys_own_pgb_regel_without_pgb_lines_is_no_data():
    # Druten budgets Jeugd in its own regels, PGB among them; no source delivers PGB lines.
    dek = _dek(_cov("declaraties", "2020-01"), _cov("begroting_regels", "2020-01", "2026-12", "jaar"))
    frame = _frame([("jeugd.kosten_regel", "2025", "PGB jeugd", 0.0, "euro"),
                    ("jeugd.kosten_regel", "2025", "Verblijf", 50.0, "euro")])
    out = status.apply_status(frame, dek)
    st, val = _status(out, "jeugd.kosten_regel", "2025", "PGB jeugd")  # before: 0, a whole budget "unspent"
    assert st == status.GEEN_GEGEVENS and np.isnan(val)
    assert _status(out, "jeugd.kosten_regel", "2025", "Verblijf") == (status.DEFINITIEF, 50.0)
