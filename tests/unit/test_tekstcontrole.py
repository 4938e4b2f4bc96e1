"""The commentary check: hand-written Dutch claims, true and false, against tiny hand-built
figure tables (numbers in Dutch notation; expected outcomes worked out by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

from sdmonitor.periods import Periode
from sdmonitor.publish import tekst_beweringen as tb
from sdmonitor.publish import tekstcontrole as tc

P = Periode.parse("2026-02")


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """A published figure table: (indicator, periode, dimensie, waarde, eenheid[, status, verborgen])."""
    out = []
    for r in rows:
        ind, per, dim, w, eenheid = r[:5]
        status = r[5] if len(r) > 5 else "definitief"
        hidden = r[6] if len(r) > 6 else False
        out.append({"indicator": ind, "periode": per, "dimensie": dim, "waarde": w, "eenheid": eenheid,
                    "status": status, "tekst": "<5" if hidden else str(w), "verborgen": hidden})
    return pd.DataFrame(out)


def _ctx(rows: list[tuple], bench: list[tuple] | None = None) -> tc.Context:
    benchmark = None
    if bench is not None:
        benchmark = pd.DataFrame([{"gebied": g, "indicator": i, "periode": p, "dimensie": "", "waarde": w}
                                  for g, i, p, w in bench])
    return tc.Context(_frame(rows), P, benchmark, "GM0001", ("GM0001", "GM0002", "GM0003", "GM0004"),
                      {"jeugd.clienten_per_1000": "per_1000"}, "Testdorp")


CLIENTEN = [("jeugd.clienten", "2023", "", 1000.0, "aantal"), ("jeugd.clienten", "2024", "", 1200.0, "aantal"),
            ("jeugd.clienten", "2025", "", 1080.0, "aantal", "voorlopig"),  # −10 % against 2024
            ("wmo.clienten", "2024", "", 3000.0, "aantal"), ("wmo.clienten", "2025", "", 3060.0, "aantal"),  # +2 %
            ("jeugd.kosten", "2024", "", 10_000_000.0, "euro"),
            ("jeugd.kosten", "2025", "", 11_230_000.0, "euro"),  # +12,3 %, € 1,23 mln more
            ("jeugd.afwijking", "2026", "", -298_800.0, "euro", "voorlopig"),
            ("wmo.afwijking", "2026", "", 331_000.0, "euro", "voorlopig")]


def _warnings(sectie: str, tekst: str, rows: list[tuple] = CLIENTEN, bench: list[tuple] | None = None) -> list[str]:
    return [w.soort for w in tc.controleer_tekst(sectie, tekst, _ctx(rows, bench))]


# --- reading the text -----------------------------------------------------------------------


def test_dutch_numbers_are_read_with_their_precision_and_unit() -> None:
    found = tb.getallen("Het waren 1.301 cliënten, 13,3% in zorg, € 4,3 mln en € 881k; 31,4 per 1.000.")
    assert [(g.waarde, g.decimalen, g.soort, g.schaal) for g in found if isinstance(g, tb.Getal)] == [
        (1301.0, 0, "aantal", 1.0), (13.3, 1, "procent", 1.0), (4.3, 1, "euro", 1e6), (881.0, 0, "euro", 1e3),
        (31.4, 1, "aantal", 1.0)]  # "per 1.000" is a base, not a figure


def test_dates_ages_and_years_are_not_figures() -> None:
    found = tb.getallen("Per 1 januari 2025 gelden nieuwe contracten voor jeugdigen van 0 tot en met 17 jaar; "
                        "1-op-1 begeleiding.")
    assert found == [tb.Jaar(2025, found[0].positie)]


def test_direction_words_and_their_year() -> None:
    kinds = [(b.soort, b.jaar) for b in tb.richtingen("Het zorggebruik is in 2025 stabiel gebleven.")]
    assert kinds == [("stabiel", 2025)]
    assert [b.soort for b in tb.richtingen("De kosten zijn gedaald en de wachtlijst is opgelopen.")] == [
        "daling", "stijging"]
    # Neither the future, a negation, nor "meer of minder" claims a direction.
    assert tb.richtingen("We verwachten dat de wachtlijst de komende maanden weer afneemt.") == []
    assert tb.richtingen("Het aantal is niet gestegen.") == []
    assert tb.richtingen("Eén plaatsing meer of minder is direct zichtbaar; meer dan de helft.") == []


def test_comparison_with_the_average_is_read() -> None:
    (b,) = tb.richtingen("Het gebruik ligt rond het regionale gemiddelde.")
    assert (b.soort, b.gebied) == ("rond", "regio")
    (b,) = tb.richtingen("De kosten liggen hoger dan het landelijk gemiddelde.")
    assert (b.soort, b.gebied) == ("hoger", "landelijk")


# --- true and false claims -------------------------------------------------------------------


def test_stijging_van_12_procent_beside_12_3_is_right() -> None:
    assert _warnings("betaalbaarheid_jeugd", "In 2025 zagen we een stijging van 12% van de kosten.") == []
    assert _warnings("betaalbaarheid_jeugd", "De kosten stegen in 2025 met € 1,2 mln.") == []
    assert _warnings("betaalbaarheid_jeugd", "De kosten waren in 2025 € 11,2 mln.") == []


def test_a_number_no_figure_rounds_to_is_a_warning() -> None:
    # 11,23 mln shows as "€ 11,2 mln"; "€ 11,5 mln" is no figure of the element, nor "15%".
    assert _warnings("betaalbaarheid_jeugd", "De kosten waren in 2025 € 11,5 mln.") == ["getal"]
    assert _warnings("betaalbaarheid_jeugd", "De kosten stegen met 15%.") == ["getal"]
    # "ongeveer" allows 5 %: 11,23 mln is about 11,0 mln.
    assert _warnings("betaalbaarheid_jeugd", "De kosten waren ongeveer € 11,0 mln.") == []


def test_stabiel_beside_a_ten_percent_fall_is_a_warning() -> None:
    assert _warnings("jeugd", "Het aantal jeugdigen met zorg is in 2025 stabiel gebleven.") == ["richting"]
    assert _warnings("jeugd", "Het aantal jeugdigen met zorg is in 2025 gedaald.") == []
    assert _warnings("jeugd", "Het aantal jeugdigen met zorg is in 2025 gestegen.") == ["richting"]


def test_stabiel_for_two_wets_must_hold_for_both() -> None:
    # Wmo +2 % is stable, Jeugd −10 % is not: the sentence names both.
    assert _warnings("kernboodschap", "Het zorggebruik in de Jeugdwet en de Wmo is in 2025 stabiel gebleven.") == [
        "richting"]
    assert _warnings("kernboodschap", "Het zorggebruik in de Wmo is in 2025 stabiel gebleven.") == []


def test_direction_of_a_named_breakdown() -> None:
    rows = [("toegang.wachtlijst", f"2025-{m:02d}", d, w, "aantal") for m, d, w in
            [(8, "jeugd", 40.0), (8, "wmo-nieuw", 24.0), (8, "wmo-klassiek", 35.0)]]
    rows += [("toegang.wachtlijst", "2026-02", d, w, "aantal") for d, w in
             [("jeugd", 84.0), ("wmo-nieuw", 58.0), ("wmo-klassiek", 20.0)]]
    assert _warnings("wachtlijst", "De wachtlijst is bij wmo-nieuw en jeugd opgelopen.", rows) == []
    assert _warnings("wachtlijst", "De wachtlijst is bij wmo-klassiek opgelopen.", rows) == ["richting"]


BENCH = [("GM0002", "jeugd.clienten_per_1000", "2025", 19.6), ("GM0003", "jeugd.clienten_per_1000", "2025", 24.4),
         ("GM0004", "jeugd.clienten_per_1000", "2025", 23.5), ("NL01", "jeugd.clienten_per_1000", "2025", 30.0)]


@pytest.mark.parametrize("own, zin, expected", [
    (31.4, "Het gebruik van jeugdhulp per 1.000 jeugdigen ligt rond het regionale gemiddelde.", ["vergelijking"]),
    (31.4, "Het gebruik van jeugdhulp per 1.000 jeugdigen ligt hoger dan het regionale gemiddelde.", []),
    (31.4, "Het gebruik van jeugdhulp per 1.000 jeugdigen ligt rond het landelijke gemiddelde.", []),  # 30,0 ±10 %
    (22.0, "Het gebruik van jeugdhulp per 1.000 jeugdigen ligt rond het regionale gemiddelde.", []),
    (22.0, "Het gebruik van jeugdhulp per 1.000 jeugdigen ligt lager dan het landelijke gemiddelde.", []),
    (22.0, "Het gebruik van jeugdhulp per 1.000 jeugdigen is 31,4.", ["getal"]),
])
def test_rond_het_regionale_gemiddelde(own: float, zin: str, expected: list[str]) -> None:
    rows = [("jeugd.clienten_per_1000", "2025", "", own, "aantal", "voorlopig")]
    assert _warnings("regio", zin, rows, BENCH) == expected


def test_nadeel_and_voordeel_follow_the_afwijking_of_their_wet() -> None:
    assert _warnings("kernboodschap", "Voor 2026 verwachten we op Jeugd een nadeel en op de Wmo een voordeel.") == []
    assert _warnings("kernboodschap", "Voor 2026 verwachten we op Jeugd een voordeel en op de Wmo een nadeel.") == [
        "resultaat", "resultaat"]
    assert _warnings("betaalbaarheid_wmo", "Het verwachte nadeel komt vooral uit de hulp bij het huishouden.") == [
        "resultaat"]


def test_a_year_after_the_periode_is_a_warning() -> None:
    assert _warnings("jeugd", "In 2027 daalde het aantal jeugdigen.") == ["jaar"]


def test_hidden_figures_confirm_nothing() -> None:
    rows = [("jeugd.clienten_groep", "2025", "verblijf", 3.0, "aantal", "definitief", True)]
    assert _warnings("verblijf", "In 2025 waren er 3 jeugdigen in verblijf.", rows) == []  # no published figure: no check
    rows.append(("jeugd.clienten_groep", "2025", "pleegzorg", 40.0, "aantal"))
    assert _warnings("verblijf", "In 2025 waren er 3 jeugdigen in verblijf.", rows) == ["getal"]


def test_unknown_text_and_empty_text_are_not_checked() -> None:
    assert _warnings("onbekend", "De kosten stegen met 99%.") == []
    assert tc.controleer({}, _ctx(CLIENTEN)) == []


def test_warning_box_and_table() -> None:
    found = tc.controleer({"duiding": {"jeugd": "Het aantal jeugdigen is in 2025 stabiel gebleven."}}, _ctx(CLIENTEN))
    assert len(found) == 1 and found[0].sectie == "jeugd"
    assert "−10,0%" in found[0].uitleg and "1.080" in found[0].uitleg
    assert "sd-tekstcontrole" in tc.waarschuwing_html(found) and tc.waarschuwing_html([]) == ""
    assert list(tc.als_tabel(found).columns) == tc.KOLOMMEN


def test_a_voorlopig_year_also_reads_as_its_expected_final_value() -> None:
    rows = [("jeugd.kosten", "2024", "", 5_000_000.0, "euro"),
            ("jeugd.kosten", "2025", "", 4_850_000.0, "euro", "voorlopig"),  # −3 % as declared so far
            ("jeugd.kosten_verwacht", "2025", "", 5_100_000.0, "euro", "voorlopig")]  # +2 % when complete
    assert _warnings("betaalbaarheid_jeugd", "De stijging van de kosten komt door de indexatie.", rows) == []
    rows[2] = ("jeugd.kosten_verwacht", "2025", "", 4_900_000.0, "euro", "voorlopig")  # −2 %: still a fall
    assert _warnings("betaalbaarheid_jeugd", "De stijging van de kosten komt door de indexatie.", rows) == [
        "richting"]


def test_meer_or_minder_than_an_earlier_year() -> None:
    zin = "In de Jeugdwet kregen minder jeugdigen zorg dan in 2024."
    assert [(b.soort, b.jaar) for b in tb.richtingen(zin)] == [("daling", 2025)]
    assert _warnings("kernboodschap", zin) == []
    assert _warnings("kernboodschap", "In de Jeugdwet kregen meer jeugdigen zorg dan in 2024.") == ["richting"]


def test_each_clause_has_its_own_subject() -> None:
    zin = "Het zorggebruik in de Wmo is in 2025 stabiel gebleven; in de Jeugdwet kregen minder jeugdigen zorg dan in 2024."
    assert _warnings("kernboodschap", zin) == []
    zin = "Het zorggebruik in de Jeugdwet is in 2025 stabiel gebleven; in de Wmo kregen minder cliënten zorg dan in 2024."
    assert _warnings("kernboodschap", zin) == ["richting", "richting"]


def test_a_change_figure_reads_its_sign():
    # The price part of the 2025 cost change: +120k (2024's part was larger, +300k: no matter).
    rows = [("jeugd.kostenverschil_prijs", "2024", "", 300_000.0, "euro"),
            ("jeugd.kostenverschil_prijs", "2025", "", 120_000.0, "euro"),
            ("jeugd.kostenverschil_prijs", "2026", "", -5_000.0, "euro", "deelperiode")]
    assert _warnings("contractering", "De aanbestedingen betekenen hogere tarieven.", rows) == []
    assert _warnings("contractering", "De aanbestedingen betekenen lagere tarieven.", rows) == ["richting"]
