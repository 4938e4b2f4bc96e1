"""ingest.coverage: what each source of one gemeente covers, derived from the data."""

import pandas as pd
from figure_builders import (
    GM,
    WIJCHEN,
    dataset,
    line,
    melding,
    meldingen,
    periode,
    typed,
)

from sdmonitor.ingest import coverage
from sdmonitor.ingest.selection import select

P = periode("2026-02")


def _months(first: str, last: str) -> list[str]:
    return [str(p) for p in pd.period_range(first, last, freq="M")]


def _lines(first: str, last: str = "2026-02", **kw) -> list[dict]:
    return [line(f"c{i}", m, 1, 10, **kw) for m in _months(first, last) for i in range(6)]


def _meldingen(months: list[str], per_month: int = 6) -> pd.DataFrame:
    return meldingen([melding(f"{m}-{i}", f"{m}-0{i + 1}") for m in months for i in range(per_month)])


def test_source_starting_mid_year_is_visible():
    dek = coverage.dekking(select(dataset(_lines("2024-07")), WIJCHEN, P))
    decl = dek["declaraties"]
    assert decl.delivered and decl.first == "2024-07" and decl.last == "2026-02" and decl.gaps == ()
    assert decl.share(_months("2024-01", "2024-12")) == "deels"
    assert decl.share(_months("2023-01", "2023-12")) == "niet"
    assert decl.share(_months("2025-01", "2025-12")) == "geheel"
    assert any("declaraties: begint pas in 2024-07" in p for p in coverage.problems(dek))


def test_missing_month_of_a_large_monthly_source_is_a_gap():
    months = [m for m in _months("2022-01", "2026-02") if m != "2025-03"]
    dek = coverage.dekking(select(dataset(_lines("2022-01"), meldingen=_meldingen(months)), WIJCHEN, P))
    assert dek["meldingen"].gaps == ("2025-03",)
    assert "2025-03" not in dek["meldingen"].covered
    assert dek["meldingen"].share(_months("2025-01", "2025-12")) == "deels"
    assert "meldingen: geen rijen in 2025-03 (wel in de maanden ervoor en erna)" in coverage.problems(dek)


def test_empty_months_of_a_small_table_are_normal():
    cols = ["gemeente", "id", "soort", "ontvangen_op", "onderwerp", "afhandeling"]
    rows = [{"gemeente": GM, "id": str(i), "soort": "klacht", "ontvangen_op": d, "onderwerp": "jeugd",
             "afhandeling": "informeel"}
            for i, d in enumerate(["2022-03-01", "2023-06-10", "2024-02-02", "2025-11-30"])]
    sel = select(dataset(_lines("2022-01"), klachten_bezwaren=typed(rows, cols)), WIJCHEN, P)
    kb = coverage.dekking(sel)["klachten_bezwaren"]
    assert kb.gaps == () and kb.first == "2022-03"
    assert kb.last == "2026-02"  # a quiet spell of three months at the end is not a stop


def test_large_source_that_stops_does_not_cover_later_months():
    dek = coverage.dekking(select(dataset(_lines("2022-01"), meldingen=_meldingen(_months("2022-01", "2025-10"))),
                                  WIJCHEN, P))
    assert dek["meldingen"].last == "2025-10"
    assert dek["meldingen"].share(["2026-01", "2026-02"]) == "niet"


def test_pgb_delivered_only_with_pgb_lines():
    without = coverage.dekking(select(dataset(_lines("2022-01")), WIJCHEN, P))
    assert without["declaraties"].delivered and not without[coverage.PGB_SOURCE].delivered
    assert any("geen PGB-regels" in p for p in coverage.problems(without))
    lines = _lines("2022-01") + [line("p", "2025-05", 1, 50, zorgvorm="PGB")]
    with_pgb = coverage.dekking(select(dataset(lines), WIJCHEN, P))
    assert with_pgb[coverage.PGB_SOURCE].delivered
    assert with_pgb[coverage.PGB_SOURCE].covered == with_pgb["declaraties"].covered


def test_yearly_quarterly_and_absent_tables():
    vt = typed([{"gemeente": GM, "jaar": 2025, "kwartaal": 1, "soort": "melding", "aantal": 3}],
               ["gemeente", "jaar", "kwartaal", "soort", "aantal"])
    dek = coverage.dekking(select(dataset(_lines("2022-01"), veilig_thuis=vt), WIJCHEN, P))
    assert dek["veilig_thuis"].covered == frozenset({"2025-01", "2025-02", "2025-03"})
    assert not dek["bevolking"].delivered and "bevolking" not in dek


def test_validate_warnings_name_table_and_month():
    from sdmonitor.ingest.validation import ValidationReport

    months = [m for m in _months("2022-01", "2026-02") if m != "2025-03"]
    ds = dataset(_lines("2022-01"), meldingen=_meldingen(months))
    warnings = coverage.dataset_warnings(ds)
    assert f"{GM} meldingen: geen rijen in 2025-03 (wel in de maanden ervoor en erna)" in warnings
    report = ValidationReport(folder=".", warnings=warnings)
    assert report.ok and "Waarschuwingen" in report.render()
