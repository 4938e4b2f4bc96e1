"""`kpis_all`: every municipality's figures in one pass — each one exactly what `sdmonitor kpis`
writes for it, into `<out>/<CBS-code>/kpis.csv` and the edition cache; a failing municipality
fails alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from input_folder import input_folder

from sdmonitor import termination
from sdmonitor.errors import InvalidDataError
from sdmonitor.figures.kpis import write_kpis_csv
from sdmonitor.ingest import split as split_module
from sdmonitor.ingest.dataset import load_dataset
from sdmonitor.parameters import resolve_gemeente
from sdmonitor.periods import Periode
from sdmonitor.run import kpis_all
from sdmonitor.workbook import edition_cache

# GM0296: lines in 2025 and 2026; GM0225: its first service month is 2026-02, so the periode
# 2026-01 lies before it (`check_edition` refuses it); GM1234: one line in 2026-01.
DECLARATIES = """\
gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,zorgvorm,periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op
GM0296,jeugd,c1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,10,04,650.00,2025-04-10
GM0225,jeugd,x1,2010,45A01,45,12345678,02,ZIN,2026-02-01,2026-02-28,10,04,999.00,2026-03-20
GM0296,jeugd,c1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,-10,04,-650.00,2025-05-10
GM1234,jeugd,y1,2012,45A01,45,12345678,01,ZIN,2026-01-01,2026-01-31,4,04,260.00,2026-02-05
GM0296,jeugd,c2,2007,45A01,45,12345678,04,PGB,2026-01-01,2026-01-31,3,04,195.00,2026-02-10
"""
PERIODE = Periode.parse("2026-01")
GOOD = ("GM0296", "GM1234")


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SDMONITOR_PARAMETERS", str(tmp_path / "parameters"))  # no settings: defaults
    (tmp_path / "parameters").mkdir()
    return input_folder(tmp_path, monkeypatch, DECLARATIES)


def _single(folder: Path, code: str, path: Path) -> bytes:
    """What `sdmonitor kpis --gemeente <code>` writes: its scoped dataset, computed alone."""
    g = resolve_gemeente(code)
    table, _, _ = kpis_all.edition_figures(load_dataset(folder, gemeente=code), g, PERIODE, None)
    write_kpis_csv(table, path)
    return path.read_bytes()


@pytest.mark.parametrize("workers", [1, 2])
def test_each_municipality_as_computed_alone_and_one_fails_alone(folder: Path, tmp_path: Path, workers: int):
    out = tmp_path / "out"
    outcomes = kpis_all.compute_all(folder, PERIODE, out=out, workers=workers)
    assert [o.gemeente for o in outcomes] == ["GM0225", "GM0296", "GM1234"]  # by code
    bad, *good = outcomes
    assert not bad.ok and bad.exit_code == InvalidDataError.exit_code and "vóór de eerste zorgmaand" in bad.message
    assert all(o.ok and not o.from_cache and o.cijfers > 0 for o in good)
    assert sorted(p.name for p in out.iterdir()) == list(GOOD)  # the failed one has no folder
    for code in GOOD:
        assert (out / code / "kpis.csv").read_bytes() == _single(folder, code, tmp_path / f"{code}.csv")
    assert kpis_all.exit_code(outcomes) == 4
    assert kpis_all.exit_code(good) == 0


def test_a_sigterm_lost_after_one_municipality_stops_the_pass_before_the_next(folder: Path, tmp_path: Path,
                                                                               lost_sigterm):
    # A SIGTERM whose exception Python dropped (in a `__del__`, a weakref callback) must still end the
    # pass, at the next municipality at the latest.
    out = tmp_path / "out"
    with pytest.raises(termination.Terminated):
        kpis_all.compute_all(folder, PERIODE, out=out, workers=1, done=lambda outcome: lost_sigterm())
    assert sorted(p.name for p in out.iterdir()) == ["GM0296"]  # the largest, first; no other begun


def test_the_figures_land_in_the_edition_cache_and_a_second_pass_reads_nothing(folder: Path, tmp_path: Path,
                                                                                 monkeypatch):
    first = kpis_all.compute_all(folder, PERIODE, gemeenten=list(GOOD), workers=1)  # batch: no --out
    assert all(o.ok and not o.from_cache for o in first)
    for code in GOOD:
        key = edition_cache.edition_key(resolve_gemeente(code), PERIODE, None, folder)
        assert edition_cache.has(key)

    def no_read(*args, **kwargs):
        raise AssertionError("every edition is in the edition cache: nothing to read")

    monkeypatch.setattr(split_module, "read_split", no_read)
    out = tmp_path / "out"
    again = kpis_all.compute_all(folder, PERIODE, gemeenten=list(GOOD), out=out, workers=2)
    assert all(o.ok and o.from_cache for o in again)
    for code in GOOD:
        assert (out / code / "kpis.csv").read_bytes() == _single(folder, code, tmp_path / f"{code}.csv")


def test_only_the_asked_municipalities_are_read(folder: Path, monkeypatch):
    asked = []
    real = split_module.read_split

    def spy(folder, gemeenten=None):
        asked.append(gemeenten)
        return real(folder, gemeenten)

    monkeypatch.setattr(split_module, "read_split", spy)
    outcomes = kpis_all.compute_all(folder, PERIODE, gemeenten=["gm1234"], workers=2)
    assert [(o.gemeente, o.ok) for o in outcomes] == [("gm1234", True)]
    assert asked == [["GM1234"]]


def test_a_stale_file_goes_and_a_foreign_one_stays(folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    stale = out / "GM0225" / "kpis.csv"  # an older pass's figures of the municipality that now fails
    stale.parent.mkdir(parents=True)
    stale.write_text("indicator,periode,dimensie,waarde,eenheid,status\n", encoding="utf-8")
    foreign = out / "GM1234" / "kpis.csv"  # not written by sdmonitor: never overwritten
    foreign.parent.mkdir(parents=True)
    foreign.write_text("mijn eigen aantekeningen\n", encoding="utf-8")
    outcomes = {o.gemeente: o for o in kpis_all.compute_all(folder, PERIODE, out=out, workers=1)}
    assert not stale.exists() and not outcomes["GM0225"].ok
    assert foreign.read_text(encoding="utf-8") == "mijn eigen aantekeningen\n"
    assert not outcomes["GM1234"].ok and outcomes["GM1234"].exit_code == 2
    assert outcomes["GM0296"].ok


def test_a_broken_parameters_file_fails_its_municipality_only(folder: Path, tmp_path: Path):
    params = tmp_path / "parameters"
    (params / "kapot.yaml").write_text("cbs_code: GM1234\nnaam: [onaf\n", encoding="utf-8")
    (params / "wijchen.yaml").write_text("cbs_code: GM0296\nnaam: Wijchen\n", encoding="utf-8")
    outcomes = {o.gemeente: o for o in kpis_all.compute_all(folder, PERIODE, out=tmp_path / "out", workers=1)}
    broken = outcomes["GM1234"]
    assert not broken.ok and broken.exit_code == 2 and "kapot.yaml" in broken.message
    assert outcomes["GM0296"].ok  # found by its own file, so the broken one is not its concern
