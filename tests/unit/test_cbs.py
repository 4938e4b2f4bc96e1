"""CBS files into benchmark and bevolking rows, with the traps of real exports (issue 20, item 12-13)."""

import csv
from pathlib import Path

import pytest

from sdmonitor.errors import InvalidDataError
from sdmonitor.imports.cbs import Selectie, import_csv, kwb_benchmark, selectie
from sdmonitor.imports.cbs_csv import csv_table, read_table

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests/fixtures/cbs"
KWB_ALMERE = ROOT.parent / "shared/reference/kwb-almere-2018-2025/CBS_Kerncijfers_Almere_2018-2025.csv"
ALL = Selectie(jaar_nu=2026)
# 03759ned as the OData TypedDataSet saved to CSV: no title line, labels as values.
HEADER = '"ID";"Geslacht";"Leeftijd";"RegioS";"Perioden";"BevolkingOp1Januari_1"\n'


def _line(age: str, value: str, periode: str = "2024JJ00", regio: str = "GM0296    ") -> str:
    return f'1;"Totaal mannen en vrouwen";"{age}";"{regio}";"{periode}";{value}\n'


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _by(rows, gebied, indicator, periode):
    hit = [r for r in rows if (r["gebied"], r["indicator"], r["periode"]) == (gebied, indicator, periode)]
    return hit[0]["waarde"] if hit else None


def _age(rows, gemeente, jaar, leeftijd):
    hit = [r["aantal"] for r in rows if (r["gemeente"], r["jaar"], r["leeftijd"]) == (gemeente, jaar, leeftijd)]
    return hit[0] if len(hit) == 1 else hit or None


# -- the defects of issue 20, item 12 ------------------------------------------------------------

def test_thousands_dot_is_a_thousand(tmp_path):
    # `1.023` inhabitants of age 0 were read as 1 (float 1.023, then int).
    (tmp_path / "b.csv").write_text(HEADER + _line("0 jaar", "1.023") + _line("1 jaar", "987"), encoding="utf-8")
    import_csv(tmp_path / "out", tmp_path / "b.csv")
    rows = _rows(tmp_path / "out/bevolking.csv")
    assert _age(rows, "GM0296", "2024", "0") == "1023"
    assert _age(rows, "GM0296", "2024", "1") == "987"


def test_decimal_count_is_refused(tmp_path):
    # `12,7` inhabitants were written as 12: a count has no decimals, so the file is refused.
    (tmp_path / "b.csv").write_text(HEADER + _line("0 jaar", "12,7"), encoding="utf-8")
    with pytest.raises(InvalidDataError, match="geen geheel getal"):
        import_csv(tmp_path / "out", tmp_path / "b.csv")
    assert not (tmp_path / "out/bevolking.csv").exists()


@pytest.mark.parametrize(("lines", "message"), [
    ([_line("0 jaar", "-5")], "negatief"),
    ([_line("0 jaar", "100"), _line("0 jaar", "101")], "twee keer"),
    ([_line("0 jaar", "100", periode="2099JJ00")], "2099 ligt na het huidige jaar"),
])
def test_negative_duplicate_and_future_rows_are_refused(tmp_path, lines, message):
    (tmp_path / "b.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    with pytest.raises(InvalidDataError, match=message):
        import_csv(tmp_path / "out", tmp_path / "b.csv")
    assert not (tmp_path / "out/bevolking.csv").exists()


def test_identical_duplicate_is_kept_once(tmp_path):
    (tmp_path / "b.csv").write_text(HEADER + _line("0 jaar", "100") + _line("0 jaar", "100"), encoding="utf-8")
    result = import_csv(tmp_path / "out", tmp_path / "b.csv")
    assert result.bevolking == 1 and "1 dubbele regel(s)" in str(result)


def test_marital_status_is_reduced_to_its_total(tmp_path):
    # Five rows per age (totaal, ongehuwd, gehuwd, verweduwd, gescheiden) became five bevolking rows.
    header = HEADER.replace('"RegioS"', '"BurgerlijkeStaat";"RegioS"')
    body = "".join(f'1;"Totaal mannen en vrouwen";"0 jaar";"{staat}";"GM0296    ";"2024JJ00";{n}\n'
                   for staat, n in (("Totaal burgerlijke staat", 400), ("Ongehuwd", 390), ("Gehuwd", 0),
                                    ("Verweduwd", 4), ("Gescheiden", 6)))
    (tmp_path / "b.csv").write_text(header + body, encoding="utf-8")
    result = import_csv(tmp_path / "out", tmp_path / "b.csv")
    assert _age(_rows(tmp_path / "out/bevolking.csv"), "GM0296", "2024", "0") == "400"
    assert "BurgerlijkeStaat: alleen 'Totaal burgerlijke staat' gebruikt (4 andere" in str(result)


def test_a_breakdown_without_total_is_refused(tmp_path):
    header = HEADER.replace('"RegioS"', '"BurgerlijkeStaat";"RegioS"')
    body = "".join(f'1;"Totaal mannen en vrouwen";"0 jaar";"{s}";"GM0296    ";"2024JJ00";{n}\n'
                   for s, n in (("Ongehuwd", 390), ("Gehuwd", 10)))
    (tmp_path / "b.csv").write_text(header + body, encoding="utf-8")
    with pytest.raises(InvalidDataError, match="BurgerlijkeStaat' heeft 2 waarden .* en geen totaal"):
        import_csv(tmp_path / "out", tmp_path / "b.csv")


def test_codes_instead_of_labels_say_so(tmp_path):
    # A "CSV met codes": Geslacht/BurgerlijkeStaat totals are recognised by their codes (T001038,
    # T001019), but Leeftijd `10010` cannot be turned into an age without its code list.
    with pytest.raises(InvalidDataError, match="Leeftijd bevat codes .*'CSV met labels'"):
        import_csv(tmp_path, FIXTURES / "03759ned_codes.csv")
    with pytest.raises(InvalidDataError, match="Leeftijd bevat codes"):
        import_csv(tmp_path, FIXTURES / "03759ned_odata_v4.json")


def test_excel_cp1252_file_is_read(tmp_path):
    # Re-saved by Excel on Windows: cp1252 ("Wmo-cliënten", "Súdwest-Fryslân"; was a UnicodeDecodeError),
    # quotes dropped, title and footer padded with ";" to the width of the table.
    result = import_csv(tmp_path, FIXTURES / "86050ned_cp1252.csv")
    rows = _rows(tmp_path / "benchmark.csv")
    assert _by(rows, "GM0296", "wmo.cbs_clienten_maatwerk", "2023") == "2050"  # the total, not HbH 1.210
    assert _by(rows, "GM0296", "wmo.cbs_clienten_per_1000", "2023") == "49.8"
    assert _by(rows, "NL01", "wmo.cbs_clienten_maatwerk", "2023") == "1032150"
    assert len(rows) == 4  # the half year and the unknown Súdwest-Fryslân are left out, and said
    assert "halfjaar" in str(result) and "Súdwest-Fryslân" in str(result)


# -- StatLine downloads and the new tables (item 13) ---------------------------------------------

def test_statline_labels_download(tmp_path):
    result = import_csv(tmp_path, FIXTURES / "03759ned_statline_labels.csv", sel=selectie(None, jaar_nu=2026))
    rows = _rows(tmp_path / "bevolking.csv")
    # Title and two source lines skipped; Mannen and the marital states left out; `.` for 105 is missing;
    # Amsterdam has no code the monitor knows (not in parameters/ or the house style): said, not guessed.
    assert {(r["gemeente"], r["leeftijd"], r["aantal"]) for r in rows} == {
        ("GM0296", "0", "1023"), ("GM0296", "1", "1098"), ("NL01", "0", "166815")}
    assert "3 regel(s) met titel" in str(result) and "Amsterdam" in str(result)


def test_region_and_country_are_kept_with_gemeente(tmp_path):
    # Wijchen's region (Druten GM0225) and NL01 are kept; Amsterdam is not in the region.
    sel = selectie("GM0296", ("GM0225", "GM0268"), jaar_nu=2026)
    import_csv(tmp_path, FIXTURES / "85098ned_labels.csv", sel=sel)
    rows = _rows(tmp_path / "benchmark.csv")
    assert {r["gebied"] for r in rows} == {"GM0296", "GM0225", "NL01"}
    assert _by(rows, "GM0296", "jeugd.cbs_jongeren_in_natura", "2023") == "1288"
    assert _by(rows, "GM0225", "jeugd.cbs_pct_jongeren_in_natura", "2023") == "9.8"
    assert _by(rows, "NL01", "jeugd.cbs_jongeren_in_natura", "2023") == "470000"
    assert _by(rows, "GM0296", "jeugd.cbs_jongeren_in_natura", "2024") is None  # "." is missing, not 0


def test_gemeente_not_in_file_is_refused(tmp_path):
    with pytest.raises(InvalidDataError, match="geen regels voor GM0944"):
        import_csv(tmp_path, FIXTURES / "85098ned_labels.csv", sel=selectie("GM0944", (), jaar_nu=2026))


def test_veilig_thuis_totals(tmp_path):
    import_csv(tmp_path, FIXTURES / "84849ned_labels.csv")
    rows = _rows(tmp_path / "benchmark.csv")
    # The total over rol/functie, organisatie and duur (not the Slachtoffer or Politie rows).
    assert _by(rows, "GM0296", "veilig_thuis.cbs_meldingen", "2023") == "215"
    assert _by(rows, "GM0296", "veilig_thuis.cbs_adviezen", "2023") == "240"
    assert _by(rows, "NL01", "veilig_thuis.cbs_meldingen", "2023") == "130310"


def test_odata_v3_json(tmp_path):
    import_csv(tmp_path, FIXTURES / "85098ned_odata_v3.json")
    rows = _rows(tmp_path / "benchmark.csv")
    assert _by(rows, "GM0296", "jeugd.cbs_pct_jongeren_in_natura", "2023") == "10.1"
    assert _by(rows, "NL01", "jeugd.cbs_jongeren_in_natura", "2023") == "470000"
    assert _by(rows, "GM0296", "jeugd.cbs_jongeren_in_natura", "2022") is None  # null is missing


def test_percentage_above_100_is_refused(tmp_path):
    text = ('"Regio\'s";"Perioden";"Jongeren met jeugdzorg in natura (%)"\n"Wijchen";"2023";"101,0"\n')
    (tmp_path / "j.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDataError, match="groter dan 100"):
        import_csv(tmp_path / "out", tmp_path / "j.csv")


# -- Kerncijfers wijken en buurten -----------------------------------------------------------------

def test_small_kwb_file_with_its_traps():
    rows = kwb_benchmark(read_table(FIXTURES / "kwb_klein.csv"), ALL)
    # 2022 figures sit in the _87.._90 columns, 2023 in _96.._99: the first filled one counts.
    assert _by(rows, "GM0296", "jeugd.cbs_jongeren_in_natura", "2022") == "1230"
    assert _by(rows, "GM0296", "jeugd.cbs_jongeren_in_natura", "2023") == "1288"
    # No percentage in the file has a separator: 95 -> 9.5 %, 101 -> 10.1 %.
    assert _by(rows, "GM0296", "jeugd.cbs_pct_jongeren_in_natura", "2022") == "9.5"
    assert _by(rows, "GM0296", "jeugd.cbs_pct_jongeren_in_natura", "2023") == "10.1"
    # '.' is missing: no Wmo rows for 2023; per 1.000 stays a whole number (50).
    assert _by(rows, "GM0296", "wmo.cbs_clienten_maatwerk", "2023") is None
    assert _by(rows, "GM0296", "wmo.cbs_clienten_per_1000", "2022") == "50"
    # 65+ share 2022: 9020 / 41000 = 0.22.
    assert float(_by(rows, "GM0296", "bevolking.aandeel_65plus", "2022")) == pytest.approx(0.22)
    # Wijk rows are left out; NL00 becomes NL01.
    assert {r["gebied"] for r in rows} == {"GM0296", "NL01"}
    assert _by(rows, "NL01", "bevolking.cbs_inwoners", "2023") == "17942942"


def test_kwb_keeps_the_country_with_gemeente():
    # With --gemeente only the gemeente was kept, so the comparison lost the Netherlands.
    rows = kwb_benchmark(read_table(FIXTURES / "kwb_klein.csv"), selectie("GM0296", (), jaar_nu=2026))
    assert {r["gebied"] for r in rows} == {"GM0296", "NL01"}


def test_percentage_with_separator_is_taken_as_is():
    text = ("Peildatum;Codering_3;AantalInwoners_5;PercentageJongerenMetJeugdzorg_97\n"
            "1-1-2023;GM0296;100;11,4\n1-1-2022;GM0296;100;12\n")
    rows = kwb_benchmark(csv_table(text, "t.csv"), ALL)
    # The column carries a separator somewhere, so '12' is 12 %, not 1.2 %.
    assert _by(rows, "GM0296", "jeugd.cbs_pct_jongeren_in_natura", "2023") == "11.4"
    assert _by(rows, "GM0296", "jeugd.cbs_pct_jongeren_in_natura", "2022") == "12"


@pytest.mark.skipif(not KWB_ALMERE.is_file(), reason="../shared/reference not present")
def test_almere_2023(tmp_path):
    import_csv(tmp_path, KWB_ALMERE, "GM0034")
    rows = _rows(tmp_path / "benchmark.csv")
    assert _by(rows, "GM0034", "bevolking.cbs_inwoners", "2023") == "222825"
    assert _by(rows, "GM0034", "jeugd.cbs_jongeren_in_natura", "2023") == "7160"
    assert _by(rows, "GM0034", "jeugd.cbs_pct_jongeren_in_natura", "2023") == "11.4"  # exported as 114
    assert _by(rows, "GM0034", "wmo.cbs_clienten_maatwerk", "2023") == "9375"
    # 65+: 29419 / 222825 = 0.13203 (rounded)
    assert float(_by(rows, "GM0034", "bevolking.aandeel_65plus", "2023")) == pytest.approx(0.13203, abs=1e-5)
    # 2025 has no jeugdzorg figures yet; 8 years of inhabitants.
    assert _by(rows, "GM0034", "jeugd.cbs_jongeren_in_natura", "2025") is None
    assert len([r for r in rows if r["indicator"] == "bevolking.cbs_inwoners"]) == 8


def test_03759ned_single_years_of_age(tmp_path):
    import_csv(tmp_path, FIXTURES / "03759ned_wijchen.csv", "GM0296")
    rows = _rows(tmp_path / "bevolking.csv")
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


def test_every_benchmark_indicator_of_the_import_is_declared_as_cbs():
    from sdmonitor.imports.cbs_tabellen import BENCHMARK_INDICATORS
    from sdmonitor.registry import registry

    reg = registry()
    assert reg.missing(BENCHMARK_INDICATORS) == []
    assert all(reg[i].label.endswith("(CBS)") for i in BENCHMARK_INDICATORS if ".cbs_" in i)
    # One label, one definition: the CBS Wmo rate is not the monitor's own.
    own, cbs = reg["wmo.clienten_per_1000"], reg["wmo.cbs_clienten_per_1000"]
    assert own.label != cbs.label and own.definitie != cbs.definitie and cbs.bron == ("benchmark",)


def test_region_names_of_a_labels_download():
    sel = Selectie(namen=(("nederland", "NL01"), ("utrecht", "GM0344"), ("wijchen", "GM0296")))
    assert sel.code("Utrecht (gemeente)") == "GM0344" and sel.code("Wijchen") == "GM0296"
    assert sel.code("Utrecht (PV)") is None  # the province is not the municipality
    assert sel.code("NL00      ") == sel.code("Nederland ") == "NL01"  # KWB pads codes; CBS used NL00


def test_a_part_instead_of_the_total_is_refused(tmp_path):
    # Only "Mannen" downloaded: the men would become the whole population.
    text = HEADER + '1;"Mannen";"0 jaar";"GM0296";"2024JJ00";519\n'
    (tmp_path / "b.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDataError, match="Geslacht' bevat alleen 'Mannen', niet het totaal"):
        import_csv(tmp_path / "out", tmp_path / "b.csv")


def test_message_names_the_line_of_the_file(tmp_path):
    # Title on line 1, header on 2: the negative value is on line 4.
    text = ('"Een titel"\n"Regio\'s";"Perioden";"Wmo-cliënten (aantal)"\n'
            '"Wijchen";"2023";"2.050"\n"Druten";"2023";"-12"\n"Bron: CBS"\n')
    (tmp_path / "w.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDataError, match="w.csv, regel 4: .* is negatief"):
        import_csv(tmp_path / "out", tmp_path / "w.csv")
