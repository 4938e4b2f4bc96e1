"""Dutch formats, checked against strings written out by hand."""

from datetime import date

import pytest

from sdmonitor.publish import formatting as f


@pytest.mark.parametrize("value, expected", [
    (1301, "1.301"),
    (0, "0"),
    (-299, "\u2212299"),  # a true minus sign (U+2212), not a hyphen
    (1_000_000, "1.000.000"),
    (-0.2, "0"),          # rounds to zero: never "-0"
    (float("nan"), "–"),
    (None, "–"),
])
def test_getal(value, expected):
    assert f.getal(value) == expected


def test_getal_rounds_half_up_with_decimal_comma():
    # 2.25 is stored as 2.2499999...; a reader still expects 2,3 (half up on the written value).
    assert f.getal(2.25, 1) == "2,3"
    assert f.getal(1234.5, 1) == "1.234,5"


def test_procent_from_fraction_and_from_percentage():
    assert f.procent(0.133) == "13,3%"            # 0.133 x 100 = 13.3
    assert f.procent(13.3, fractie=False) == "13,3%"
    assert f.procent(0.0205, 0) == "2%"           # 2.05 -> 2


def test_euro_for_prose():
    assert f.euro(4_300_000) == "€ 4,3 mln"       # 4.3 million
    assert f.euro(299_000) == "€ 299k"            # 299 thousand
    assert f.euro(-331_400) == "€ \u2212331k"
    assert f.euro(950) == "€ 950"


def test_euro_k_for_tables_in_thousands():
    assert f.euro_k(-299_000) == "\u2212299"
    assert "-" not in f.getal(-1234.5, 1) and f.procent(-0.05) == "\u22125,0%"
    assert f.euro_k(1_130_400) == "1.130"         # 1130.4 thousand -> 1.130
    assert f.euro_k(18_500) == "19"               # 18.5 -> 19 (half up)


def test_months_and_dates():
    assert f.maand("2026-02") == "februari 2026"
    assert f.maand_kort("2026-03") == "mrt"
    assert f.datum(date(2026, 3, 10)) == "10 maart 2026"
    assert f.datum("2025-12-01") == "1 december 2025"


def test_waarde_follows_eenheid():
    assert f.waarde(0.021, "fractie") == "2,1%"
    assert f.waarde(10.5, "procent") == "10,5%"
    assert f.waarde(1301.0, "aantal") == "1.301"
    assert f.waarde(2345.6, "euro") == "€ 2.346"
    assert f.waarde(7.8, "cijfer") == "7,8"


def test_opsomming_is_dutch_without_serial_comma():
    assert f.opsomming([]) == ""
    assert f.opsomming(["Jeugd"]) == "Jeugd"
    assert f.opsomming(["Jeugd", "Wmo"]) == "Jeugd en Wmo"
    assert f.opsomming(["a", "b", "c"]) == "a, b en c"


@pytest.mark.parametrize("decimalen", [0, 1, 2])
def test_getal_equals_babels_own_nl_format(decimalen):
    # getal formats with Python and babel's nl_NL symbols; babel's pattern engine is the reference.
    from decimal import ROUND_HALF_UP, Decimal

    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimalen if decimalen else "")
    for value in [0, 0.05, 1, 12.345, 999.5, 1000, 1301, -299, -1234567.891, 1e12 + 0.25, 2.5e-7, 123456789012]:
        rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
        expected = format_decimal(abs(rounded) if rounded == 0 else rounded, format=pattern, locale="nl_NL",
                                  decimal_quantization=False).replace("-", "\u2212")
        assert f.getal(value, decimalen) == expected, value


@pytest.mark.parametrize("text", [
    "1.301", "−299", "13,3%", "€ 4,3 mln", "€ 299k", "€ 1.235", "<5", "< 5", "x", "–", "geen gegevens",
    "1.301*", "2.240 (deel)", "7,8", "19,6–24,4", "+2,5 %-punt", "80 dagen", "x (voorlopig)", "−1.382 tot −30",
    "16,3% (deel van het jaar)",
])
def test_is_numeriek_dutch_numbers_and_placeholders(text):
    assert f.is_numeriek(text)


@pytest.mark.parametrize("text", [
    "Wijchen", "Totaal", "2026 t/m feb", "Begeleiding (individueel)", "KPI 23", "stijging", "aanbieder: W", "",
    "ja", "Over alle 24 toetsmomenten lag de uitkomst in 63% van de gevallen binnen het interval.",
])
def test_is_numeriek_text(text):
    assert not f.is_numeriek(text)
