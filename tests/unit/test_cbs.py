"""CBS CSVs into benchmark and bevolking rows, with the traps of real exports."""

from pathlib import Path

import pytest

from sdmonitor.errors import InvalidDataError
from sdmonitor.imports.cbs import _read_csv, bevolking_rows, import_csv, kwb_benchmark

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests/fixtures/cbs"
KWB_ALMERE = ROOT.parent / "shared/reference/kwb-almere-2018-2025/CBS_Kerncijfers_Almere_2018-2025.csv"


def _by(rows, gebied, indicator, periode):
    hit = [r for r in rows if (r["gebied"], r["indicator"], r["periode"]) == (gebied, indicator, periode)]
    return hit[0]["waarde"] if hit else None


def test_small_kwb_file_with_its_traps():
    rows = kwb_benchmark(_read_csv(FIXTURES / "kwb_klein.csv"))
    # 2022 figures sit in the _87.._90 columns, 2023 in _96.._99: the first filled one counts.
    assert _by(rows, "GM0296", "jeugd.jongeren_jeugdzorg_in_natura", "2022") == "1230"
    assert _by(rows, "GM0296", "jeugd.jongeren_jeugdzorg_in_natura", "2023") == "1288"
    # No percentage in the file has a separator: 95 -> 9.5 %, 101 -> 10.1 %.
    assert _by(rows, "GM0296", "jeugd.pct_jeugdzorg_in_natura", "2022") == "9.5"
    assert _by(rows, "GM0296", "jeugd.pct_jeugdzorg_in_natura", "2023") == "10.1"
    # '.' is missing: no Wmo rows for 2023; per 1.000 stays a whole number (50).
    assert _by(rows, "GM0296", "wmo.clienten_maatwerk", "2023") is None
    assert _by(rows, "GM0296", "wmo.clienten_per_1000", "2022") == "50"
    # 65+ share 2022: 9020 / 41000 = 0.22.
    assert float(_by(rows, "GM0296", "bevolking.aandeel_65plus", "2022")) == pytest.approx(0.22)
    # Wijk rows are left out; NL00 becomes NL01.
    assert {r["gebied"] for r in rows} == {"GM0296", "NL01"}
    assert _by(rows, "NL01", "bevolking.inwoners", "2023") == "17942942"


def test_percentage_with_separator_is_taken_as_is():
    records = [{"Peildatum": "1-1-2023", "Codering_3": "GM0296", "AantalInwoners_5": "100",
                "PercentageJongerenMetJeugdzorg_97": "11,4"},
               {"Peildatum": "1-1-2022", "Codering_3": "GM0296", "AantalInwoners_5": "100",
                "PercentageJongerenMetJeugdzorg_97": "12"}]
    rows = kwb_benchmark(records)
    # The column carries a separator somewhere, so '12' is 12 %, not 1.2 %.
    assert _by(rows, "GM0296", "jeugd.pct_jeugdzorg_in_natura", "2023") == "11.4"
    assert _by(rows, "GM0296", "jeugd.pct_jeugdzorg_in_natura", "2022") == "12"


@pytest.mark.skipif(not KWB_ALMERE.is_file(), reason="../shared/reference not present")
def test_almere_2023(tmp_path):
    import_csv(tmp_path, KWB_ALMERE, "GM0034")
    rows = _read_csv(tmp_path / "benchmark.csv")
    assert _by(rows, "GM0034", "bevolking.inwoners", "2023") == "222825"
    assert _by(rows, "GM0034", "jeugd.jongeren_jeugdzorg_in_natura", "2023") == "7160"
    assert _by(rows, "GM0034", "jeugd.pct_jeugdzorg_in_natura", "2023") == "11.4"  # exported as 114
    assert _by(rows, "GM0034", "wmo.clienten_maatwerk", "2023") == "9375"
    # 65+: 29419 / 222825 = 0.13203 (rounded)
    assert float(_by(rows, "GM0034", "bevolking.aandeel_65plus", "2023")) == pytest.approx(0.13203, abs=1e-5)
    # 2025 has no jeugdzorg figures yet; 8 years of inhabitants.
    assert _by(rows, "GM0034", "jeugd.jongeren_jeugdzorg_in_natura", "2025") is None
    assert len([r for r in rows if r["indicator"] == "bevolking.inwoners"]) == 8


def test_03759ned_single_years_of_age(tmp_path):
    rows = bevolking_rows(_read_csv(FIXTURES / "03759ned_wijchen.csv"), "GM0296")
    wijchen = [r for r in rows if r["gemeente"] == "GM0296"]
    # Ages 0..105 for 2024 and 2025, totals and 'Mannen' and '0 tot 5 jaar' left out;
    # the '.' for age 104 in 2025 is missing, so 106 + 105 rows.
    assert len(wijchen) == 211
    # The fixture holds 100 + age (+1 in 2025): age 7 in 2025 is 108; '105 jaar of ouder' is 105.
    assert {(r["jaar"], r["leeftijd"], r["aantal"]) for r in wijchen} >= {("2025", "7", "108"), ("2024", "105", "205")}
    assert {r["soort"] for r in rows} == {"waarneming"}
    assert {r["gemeente"] for r in rows} == {"GM0296", "NL01"}  # the country is kept for comparisons


def test_import_is_idempotent_and_unknown_files_are_refused(tmp_path):
    import_csv(tmp_path, FIXTURES / "03759ned_wijchen.csv")
    first = (tmp_path / "bevolking.csv").read_bytes()
    import_csv(tmp_path, FIXTURES / "03759ned_wijchen.csv")
    assert (tmp_path / "bevolking.csv").read_bytes() == first
    other = tmp_path / "iets.csv"
    other.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(InvalidDataError, match="onbekend CBS-bestand"):
        import_csv(tmp_path, other)
