"""kpis: the figure-table helper, assembly and the exact CSV writer."""

import pandas as pd
from figure_builders import WIJCHEN, dataset, line, periode, value

from sdmonitor.figures import kpis, rows


def test_format_waarde_is_exact():
    assert kpis.format_waarde(1301.0) == "1301"
    assert kpis.format_waarde(-0.0) == "0"
    assert kpis.format_waarde(0.1 + 0.2) == "0.30000000000000004"
    assert float(kpis.format_waarde(1 / 3)) == 1 / 3
    assert kpis.format_waarde(float("nan")) == ""


def test_write_csv_exact_bytes(tmp_path):
    table = rows.combine([
        rows.rows("b.x", pd.Series([1234567.0], index=["2025"]), "euro"),
        rows.rows("a.y", pd.Series([0.25], index=pd.MultiIndex.from_tuples([("2025", "Hulp, bij")])), "fractie"),
    ])
    path = tmp_path / "kpis.csv"
    written = kpis.write_kpis_csv(table, path)
    assert written == path.read_bytes()  # what it returns is what it wrote
    # sorted on indicator; a comma inside a dimensie is quoted; no thousands separator
    # a table without status (figure-module rows) writes an empty status field
    assert path.read_bytes() == (b"indicator,periode,dimensie,waarde,eenheid,status\n"
                                 b'a.y,2025,"Hulp, bij",0.25,fractie,\n'
                                 b"b.x,2025,,1234567,euro,\n")


def test_compute_kpis_is_deterministic_and_complete(tmp_path):
    ds = dataset([line("a", "2025-03", 2, 100.5), line("b", "2026-01", 1, 10, wet="wmo", product="02A01")])
    first = kpis.compute_kpis(ds, WIJCHEN, periode("2026-02"))
    second = kpis.compute_kpis(ds, WIJCHEN, periode("2026-02"))
    kpis.write_kpis_csv(first, tmp_path / "1.csv")
    kpis.write_kpis_csv(second, tmp_path / "2.csv")
    assert (tmp_path / "1.csv").read_bytes() == (tmp_path / "2.csv").read_bytes()
    assert value(first, "jeugd.kosten", "2025") == 100.5
    assert value(first, "wmo.clienten", "2026-01") == 1
    keys = first[["indicator", "periode", "dimensie"]]
    assert not keys.duplicated().any()
    assert keys.equals(keys.sort_values(["indicator", "periode", "dimensie"]).reset_index(drop=True))
    # optional tables missing: their figures say "geen gegevens" (empty, never 0)
    absent = first[first["indicator"].str.startswith(("toegang.", "klachten.", "veilig_thuis."))]
    assert len(absent) and (absent["status"] == "geen_gegevens").all() and absent["waarde"].isna().all()


def test_read_kpis_csv_reads_back_what_was_written(tmp_path):
    from sdmonitor.figures.kpis import read_kpis_csv, write_kpis_csv

    table = pd.DataFrame({"indicator": ["jeugd.verwijzer", "jeugd.kosten"], "periode": ["2025", "2025-01"],
                          "dimensie": ["02", ""], "waarde": [3.0, 0.1 + 0.2], "eenheid": ["aantal", "euro"]})
    write_kpis_csv(table, tmp_path / "kpis.csv")
    back = read_kpis_csv(tmp_path / "kpis.csv")
    assert back["dimensie"].tolist() == ["02", ""] and back["periode"].tolist() == ["2025", "2025-01"]
    assert back["waarde"].tolist() == [3.0, 0.1 + 0.2]  # full precision round-trips
    assert list(back.columns) == rows.COLUMNS and back["status"].tolist() == ["", ""]


def test_status_and_empty_waarde_round_trip(tmp_path):
    from sdmonitor.figures.kpis import read_kpis_csv, write_kpis_csv

    table = pd.DataFrame({"indicator": ["jeugd.kosten", "jeugd.kosten"], "periode": ["2022", "2023"],
                          "dimensie": ["", ""], "waarde": [float("nan"), 5.0], "eenheid": ["euro", "euro"],
                          "status": ["geen_gegevens", "definitief"]})
    write_kpis_csv(table, tmp_path / "kpis.csv")
    assert (tmp_path / "kpis.csv").read_text().splitlines()[1] == "jeugd.kosten,2022,,,euro,geen_gegevens"
    back = read_kpis_csv(tmp_path / "kpis.csv")
    assert back["status"].tolist() == ["geen_gegevens", "definitief"] and pd.isna(back["waarde"][0])


def test_figure_table_has_status_and_refuses_undeclared_indicators(monkeypatch):
    import pytest

    from sdmonitor.figures import status, zorggebruik
    from sdmonitor.ingest.selection import select

    ds = dataset([line("a", "2025-03", 2, 100.5)])
    sel = select(ds, WIJCHEN, periode("2026-02"))
    table = kpis.figure_table(sel)
    assert list(table.columns) == rows.COLUMNS and set(table["status"]) <= set(status.STATUSES)
    original = zorggebruik.figure_rows
    monkeypatch.setattr(zorggebruik, "figure_rows", lambda s: rows.combine([
        original(s), rows.rows("jeugd.niet_gedeclareerd", pd.Series([1.0], index=["2025"]), "aantal")]))
    with pytest.raises(status.UndeclaredIndicatorError, match="jeugd.niet_gedeclareerd"):
        kpis.figure_table(sel)


def test_figure_table_in_two_lanes_is_the_same_table():
    from sdmonitor.ingest.selection import select

    ds = dataset([line("a", "2025-03", 2, 100.5), line("b", "2026-01", 1, 10, wet="wmo", product="02A01"),
                  line("c", "2026-02", 3, 7.25)])
    sel = select(ds, WIJCHEN, periode("2026-02"))
    one = kpis.figure_table(sel, lanes=1)
    two = kpis.figure_table(sel, lanes=2)
    pd.testing.assert_frame_equal(two, one)
    assert value(two, "jeugd.kosten", "2025") == 100.5


def test_the_lane_order_holds_every_family_once():
    assert sorted(f.__name__ for f in kpis.LANE_ORDER) == sorted(f.__name__ for f in kpis.FAMILIES)
    assert len(kpis.LANE_ORDER) == len(kpis.FAMILIES)


def test_figure_table_in_two_lanes_raises_the_first_familys_error(monkeypatch):
    import pytest

    from sdmonitor.figures import prognose_figures, trajecten, zorggebruik
    from sdmonitor.ingest.selection import select

    sel = select(dataset([line("a", "2025-03", 2, 100.5)]), WIJCHEN, periode("2026-02"))

    def broken(name):
        def figure_rows(selection):
            raise RuntimeError(name)
        return figure_rows

    # one failing family in the child's lane: its error, raised here
    monkeypatch.setattr(trajecten, "figure_rows", broken("trajecten"))
    with pytest.raises(RuntimeError, match="trajecten"):
        kpis.figure_table(sel, lanes=2)
    # failing in both lanes: the one earliest in FAMILIES, as one by one
    monkeypatch.setattr(prognose_figures, "figure_rows", broken("prognose"))
    monkeypatch.setattr(zorggebruik, "figure_rows", broken("zorggebruik"))
    with pytest.raises(RuntimeError, match="zorggebruik"):
        kpis.figure_table(sel, lanes=2)
