"""`sdmonitor validate --data DIR` over the command line: broken tables are named by file, row and
column, exit code 3, and nothing is written into DIR."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_fork import run_cli

pytestmark = pytest.mark.e2e

HEADER = ("gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,"
          "zorgvorm,periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op")
ROW_2 = "GM0296,jeugd,C1,2012,45A03,45,111,02,ZIN,2025-01-01,2025-01-31,10,04,850.00,2025-02-10"
ROW_3 = "GM0296,wmo,C2,1950,02A01,01,222,,PGB,2025-01-01,2025-01-31,12,04,420.50,2025-02-12"
PRODUCTEN = ("wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid\n"
             "jeugd,45A03,Ambulant individueel,Reguliere begeleiding,Ambulant,04\n"
             "wmo,02A01,Huishoudelijke ondersteuning,Hulp bij het huishouden,Huishoudelijke hulp,04\n")


def make(folder: Path, decl_rows: list[str], header: str = HEADER, extra: dict | None = None) -> Path:
    (folder / "declaraties.csv").write_text("\n".join([header, *decl_rows]) + "\n", encoding="utf-8")
    (folder / "producten.csv").write_text(PRODUCTEN, encoding="utf-8")
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def validate(folder: Path) -> subprocess.CompletedProcess:
    return run_cli(["validate", "--data", str(folder)], timeout=300)  # `python -m sdmonitor.run.cli`, own process


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*"))}


def test_valid_folder_exits_0(tmp_path):
    result = validate(make(tmp_path, [ROW_2, ROW_3]))
    assert result.returncode == 0, result.stdout
    assert "declaraties: 2 rijen gelezen, 2 geldig" in result.stdout


def test_missing_folder_is_usage_error(tmp_path):
    result = validate(tmp_path / "bestaat-niet")
    assert result.returncode == 2 and "bestaat niet" in result.stderr


CASES = {
    # name: (declaraties rows, header, extra files, expected start of the problem line)
    "missing column": (
        [",".join(ROW_2.split(",")[:-1])], HEADER.rsplit(",", 1)[0], None,
        "declaraties.csv, kolom ingediend_op: de verplichte kolom 'ingediend_op' ontbreekt"),
    "wrong type": (
        [ROW_2, ROW_3.replace(",420.50,", ",veel,")], HEADER, None,
        "declaraties.csv rij 3, kolom bedrag: waarde 'veel' — verwacht een getal"),
    "unknown eenheid": (
        [ROW_2.replace(",04,850", ",02,850")], HEADER, None,
        "declaraties.csv rij 2, kolom eenheid: waarde '02' — verwacht een WJ756-code"),
    "unknown productcategorie": (
        [ROW_2, ROW_3.replace(",01,222", ",45,222")], HEADER, None,
        "declaraties.csv rij 3, kolom productcategorie: waarde '45' — verwacht een WMO020-code"),
    "bad date": (
        [ROW_2.replace("2025-02-10", "2025-13-01")], HEADER, None,
        "declaraties.csv rij 2, kolom ingediend_op: waarde '2025-13-01' — verwacht een bestaande datum"),
    "month-crossing period": (
        [ROW_2, ROW_3.replace("2025-01-31", "2025-02-14")], HEADER, None,
        "declaraties.csv rij 3, kolom periode_eind: waarde '2025-02-14' ligt niet in dezelfde "
        "kalendermaand"),
    "orphan product code": (
        [ROW_2.replace("45A03", "45A04")], HEADER, None,
        "declaraties.csv rij 2, kolom productcode: waarde '45A04' — deze productcode staat niet in "
        "producten bij wet jeugd"),
    "unknown wet": (
        [ROW_2, ROW_3.replace(",wmo,", ",wlz,")], HEADER, None,
        "declaraties.csv rij 3, kolom wet: waarde 'wlz' — verwacht een van jeugd, wmo"),
    "negative volume on debit": (
        [ROW_2.replace(",10,04,", ",-10,04,")], HEADER, None,
        "declaraties.csv rij 2, kolom volume: waarde '-10' — negatieve volume op een debetregel"),
    "empty client_id": (
        [ROW_2.replace(",C1,", ",,")], HEADER, None,
        "declaraties.csv rij 2, kolom client_id: leeg — verwacht een waarde"),
    "bevolking gemeente": (
        [ROW_2], HEADER,
        {"bevolking.csv": "gemeente,jaar,leeftijd,aantal,soort\nGM0296,2025,4,400,waarneming\n"
                          "Wijchen,2025,5,410,waarneming\n"},
        "bevolking.csv rij 3, kolom gemeente: waarde 'Wijchen' — verwacht een CBS-gemeentecode "
        "(GMxxxx) of NL01"),
    "klachten onderwerp": (
        [ROW_2], HEADER,
        {"klachten_bezwaren.csv": "gemeente;id;soort;ontvangen_op;onderwerp;afhandeling\n"
                                  "GM0296;K1;klacht;2025-03-02;parkeren;informeel\n"},
        "klachten_bezwaren.csv rij 2, kolom onderwerp: waarde 'parkeren' — verwacht een van jeugd, "
        "wmo, gehandicaptenparkeren"),
    "toewijzing frequentie": (
        [ROW_2], HEADER,
        {"toewijzingen.csv": "gemeente,wet,client_id,toewijzing_id,productcode,toegewezen_op,"
                             "ingangsdatum,einddatum,volume,eenheid,frequentie\n"
                             "GM0296,wmo,C2,T1,02A01,2025-01-02,2025-01-05,,3,04,3\n"},
        "toewijzingen.csv rij 2, kolom frequentie: waarde '3' — verwacht een WMO757-code (1, 2, 4, 6)"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_table_is_named_and_exits_3(tmp_path, case):
    rows, header, extra, expected = CASES[case]
    folder = make(tmp_path, rows, header, extra)
    before = snapshot(folder)
    result = validate(folder)
    assert result.returncode == 3, result.stdout + result.stderr
    lines = [ln.strip().removeprefix("- ") for ln in result.stdout.splitlines()]
    assert any(ln.startswith(expected) for ln in lines), result.stdout
    assert "de invoer is ongeldig" in result.stdout
    assert snapshot(folder) == before


def _decl(gemeente: str, client: str, month: str, zorgvorm: str = "ZIN") -> str:
    return (f"{gemeente},jeugd,{client},2012,45A03,45,111,02,{zorgvorm},{month}-01,{month}-28,10,04,850.00,"
            f"{month}-28")


def test_coverage_warnings_of_heavy_tables_come_from_duckdb_not_from_the_rows(tmp_path, monkeypatch):
    """With the cache (DuckDB checks the heavy tables) the coverage warnings are the same as the
    pandas way's, and come from per-month counts: `load_dataset` (all rows in memory) is not called."""
    from sdmonitor.ingest import cold, coverage, store
    from sdmonitor.ingest import dataset as dataset_module
    from sdmonitor.ingest.validation import validate_folder

    # GM0296: 6 clients a month 2025-01..2025-06 but none in 2025-03, and no PGB line;
    # GM0268: every month, PGB in one of them (no warning).
    months = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    rows = [_decl("GM0296", f"A{i}", m) for m in months if m != "2025-03" for i in range(6)]
    rows += [_decl("GM0268", f"B{i}", m, "PGB" if (m, i) == ("2025-02", 0) else "ZIN")
             for m in months for i in range(6)]
    (tmp_path / "in").mkdir()
    folder = make(tmp_path / "in", rows)
    expected = coverage.dataset_warnings(validate_folder(folder).dataset)
    start = ("declaraties: begint pas in 2025-01, binnen de rapportperiode (vanaf 2022-01); "
             "eerdere perioden krijgen status geen_gegevens")
    assert expected == [
        f"GM0268 {start}",
        f"GM0296 {start}",
        "GM0296 declaraties: geen rijen in 2025-03 (wel in de maanden ervoor en erna)",
        "GM0296 declaraties: geen PGB-regels aangeleverd; PGB-cijfers krijgen status geen_gegevens",
    ]

    def no_rows(*args, **kwargs):
        raise AssertionError("validate read every row into memory")

    monkeypatch.setattr(dataset_module, "load_dataset", no_rows)
    report = cold.report(folder, store.HEAVY, tmp_path / "work")
    assert report.ok and "declaraties" not in report.dataset.tables
    assert coverage.dataset_warnings(report.dataset, report.heavy_months) == expected
    result = validate(folder)  # the command line takes the DuckDB way (the tests' cache is set)
    assert result.returncode == 0, result.stdout
    assert all(w in result.stdout for w in expected), result.stdout
