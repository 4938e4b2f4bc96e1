"""The notebook facade on a small hand-built figure table (no data folder needed)."""

import dataclasses
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.monitor import Monitor, read_figures

P = Periode(2026, 2)
G = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", drempel_kleine_aantallen=5)


class FakeSelection:
    """Just enough of a Selection: no raw tables."""

    tables: dict = {}
    peildatum = date(2026, 3, 10)

    def has(self, name):
        return name in self.tables


def figures():
    rows = [
        ("jeugd.verwijzer", "2025", "01", 120.0, "aantal"),
        ("jeugd.verwijzer", "2025", "02", 3.0, "aantal"),
        ("jeugd.afwijking", "2026", "", -299_000.0, "euro"),
        ("jeugd.afwijking", "2026", "Verblijf", -544_000.0, "euro"),
        ("jeugd.prognose", "2026", "", 9_000_000.0, "euro"),
        ("jeugd.prognose", "2026", "Verblijf", 3_000_000.0, "euro"),
        ("jeugd.begroting", "2026", "", 8_701_000.0, "euro"),
        ("jeugd.begroting", "2026", "Verblijf", 2_456_000.0, "euro"),
        ("jeugd.volume", "2025", "Pleegzorg", 1000.0, "etmaal"),
        ("jeugd.volume", "2026", "Pleegzorg", 150.0, "etmaal"),
        ("jeugd.prognose_volume", "2026", "Pleegzorg", 980.0, "etmaal"),
        ("jeugd.nulmeting_volume", "2026", "Pleegzorg", 1000.0, "etmaal"),
    ]
    return pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])


@pytest.fixture
def m():
    return Monitor(G, P, figures(), Path("/nonexistent"), date(2026, 3, 10), FakeSelection(), {})


def test_read_figures_keeps_codes_as_text(tmp_path):
    path = tmp_path / "kpis.csv"
    path.write_text("indicator,periode,dimensie,waarde,eenheid\njeugd.verwijzer,2025,02,3,aantal\n"
                    "jeugd.kosten,2025,,1.5,euro\n", encoding="utf-8")
    table = read_figures(path)
    assert table["dimensie"].tolist() == ["02", ""]
    assert table["periode"].tolist() == ["2025", "2025"]
    assert table["waarde"].tolist() == [3.0, 1.5]


def test_verwijzers_figure_suppresses_and_traces(m):
    html = m.figuur_verwijzers().html
    assert '<figure class="sd-figure" id="fig-verwijzers">' in html
    assert 'data-indicator="jeugd.verwijzer" data-periode="2025" data-dimensie="01">120</td>' in html
    # 3 persons is published as <5, never as 3.
    assert 'data-dimensie="02">&lt;5</td>' in html
    assert "Huisarts" in html


def test_betaalbaarheid_in_thousands(m):
    html = m.tabel_betaalbaarheid("jeugd").html
    assert '<table class="sd-table">' in html
    # -299,000 euro -> "-299" (x 1.000); -544,000 -> "-544".
    assert ('data-indicator="jeugd.afwijking" data-periode="2026" data-dimensie="" data-schaal="1000">\u2212299</td>'
            in html)
    assert 'data-dimensie="Verblijf" data-schaal="1000">\u2212544</td>' in html
    assert "<th scope=\"row\">Totaal</th>" in html


def test_a_listed_post_without_budget_or_spending_shows_zero():
    g = dataclasses.replace(G, raw={"begrotingsposten": {"jeugd": ["Verblijf", "Stelpost Eigen bijdragen"]}})
    m = Monitor(g, P, figures(), Path("/x"), date(2026, 3, 10), FakeSelection(), {})
    html = m.tabel_betaalbaarheid("jeugd").html
    row = html[html.index('<th scope="row">Stelpost Eigen bijdragen</th>'):]
    row = row[:row.index("</tr>")]
    assert row.count(">0</td>") == 3  # begroting, prognose, afwijking
    assert html.index("Verblijf</th>") < html.index("Stelpost Eigen bijdragen</th>") < html.index("Totaal</th>")


def test_bouwsteen_figure_and_missing_group(m):
    html = m.figuur_bouwsteen("jeugd", "verblijf").html
    assert "data:image/png;base64," in html
    assert 'data-indicator="jeugd.prognose_volume" data-periode="2026" data-dimensie="Pleegzorg">980</td>' in html
    assert 'data-indicator="jeugd.nulmeting_volume"' in html
    none = m.figuur_bouwsteen("jeugd", "lta").html
    assert none.startswith('<p class="sd-nb">')


def test_findings_and_unavailable_tables(m):
    html = m.bevindingen("jeugd").html
    assert "nadeel van € 299k" in html
    assert m.figuur_meldingen_per_maand().html.startswith('<p class="sd-nb">')
    assert m.figuur_vergrijzing().html.startswith('<p class="sd-nb">')


def test_realisatie_vs_begroting_only_when_asked(m):
    assert m.tabel_realisatie_vs_begroting("jeugd").html == ""


def test_analyst_commentary_is_distinct():
    mon = Monitor(G, P, figures(), Path("/x"), date(2026, 3, 10), FakeSelection(),
                  {"kernboodschap": "Wij sturen bij.", "duiding": {"verwijzers": "Meer huisartsen."}})
    assert '<div class="sd-analist">' in mon.bevindingen("inleiding").html
    assert "Meer huisartsen." in mon.duiding("verwijzers").html
    assert mon.duiding("wachtlijst").html == ""
    assert "voorbeeldtekst" not in mon.duiding("verwijzers").html


def test_example_commentary_is_labelled_as_such():
    mon = Monitor(G, P, figures(), Path("/x"), date(2026, 3, 10), FakeSelection(),
                  {"voorbeeld": True, "duiding": {"verwijzers": "Meer huisartsen."}})
    assert "Duiding (voorbeeldtekst bij de demodata)" in mon.duiding("verwijzers").html


def test_reserve_consequence_follows_the_afwijking():
    # the fixture's jeugd afwijking is a nadeel of 299k
    g = dataclasses.replace(G, raw={"egalisatiereserve": {"jeugd": {"naam": "egalisatiereserve Jeugd"}}})
    mon = Monitor(g, P, figures(), Path("/x"), date(2026, 3, 10), FakeSelection(), {})
    html = mon.bevindingen("jeugd").html
    # One bullet: the expected result, then the reserve as a condition (never "leidt tot een onttrekking").
    bullet = next(li for li in html.split("<li>") if "nadeel van € 299k" in li)
    assert "Als het nadeel zich voordoet, wordt het onttrokken aan de egalisatiereserve Jeugd." in bullet
    assert "leidt tot" not in html


def test_tevredenheid_two_years_side_by_side():
    rows = figures()
    extra = pd.DataFrame([
        ("tevredenheid.waarde", "2024", "wmo/rapportcijfer-toegang", 7.7, "cijfer"),
        ("tevredenheid.waarde", "2023", "wmo/rapportcijfer-toegang", 8.0, "cijfer"),
        ("tevredenheid.waarde", "2024", "wmo/tevreden-keukentafelgesprek", 97.0, "procent"),
    ], columns=rows.columns)
    mon = Monitor(G, P, pd.concat([rows, extra]), Path("/x"), date(2026, 3, 10), FakeSelection(), {})
    html = mon.tabel_tevredenheid("toegang").html
    assert "<th scope=\"col\">Wmo 2023</th><th scope=\"col\">Wmo 2024</th>" in html
    assert 'data-periode="2024" data-dimensie="wmo/rapportcijfer-toegang">7,7</td>' in html
    assert 'data-periode="2023" data-dimensie="wmo/rapportcijfer-toegang">8,0</td>' in html
    # 97 percent, printed without decimals as in the council report.
    assert 'data-dimensie="wmo/tevreden-keukentafelgesprek">97%</td>' in html
    # The jeugd questions are not part of the toegang table.
    assert "kwaliteit" not in html


def test_regio_uses_own_figure_and_benchmark():
    class WithBenchmark(FakeSelection):
        tables = {"benchmark": pd.DataFrame({
            "gebied": ["GM0268", "NL01"], "indicator": ["jeugd.pct_in_zorg"] * 2, "periode": ["2025"] * 2,
            "dimensie": ["", ""], "waarde": [9.0, 10.5]})}

    # pct_in_zorg is published only when the clients it is based on are enough (1.301 >= 5).
    rows = pd.concat([figures(), pd.DataFrame([("jeugd.pct_in_zorg", "2025", "", 13.3, "procent"),
                                               ("jeugd.clienten", "2025", "", 1301.0, "aantal")],
                                              columns=figures().columns)])
    g = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", regio="Rijk van Nijmegen",
                 regio_gemeenten=("GM0268", "GM0296"))
    html = Monitor(g, P, rows, Path("/x"), date(2026, 3, 10), WithBenchmark(), {}).figuren_regio().html
    # Own value from the figure table (traceable), others from the benchmark table.
    assert ('<th scope="row">Wijchen</th><td class="sd-num" data-indicator="jeugd.pct_in_zorg" data-periode="2025" '
            'data-dimensie="">13,3%</td>') in html
    assert "<th scope=\"row\">Nijmegen</th><td class=\"sd-num\">9,0%</td>" in html
    assert "<th scope=\"row\">Nederland</th><td class=\"sd-num\">10,5%</td>" in html


def test_gemeente_parameters_override_bouwsteen_groups():
    g = Gemeente(code="GM0225", naam="Druten", slug="druten",
                 raw={"bouwsteengroepen": {"jeugd": {"verblijf": ["Gezinshuis"]}}})
    mon = Monitor(g, P, figures(), Path("/x"), date(2026, 3, 10), FakeSelection(), {})
    # Only Gezinshuis belongs to verblijf here, and the data has none: nothing to show.
    assert mon.figuur_bouwsteen("jeugd", "verblijf").html.startswith('<p class="sd-nb">')
    # Pleegzorg is in no group of this gemeente, so it appears under "Overige bouwstenen".
    assert "Pleegzorg" in mon.figuur_overige_bouwstenen("jeugd").html


def _opbouw(hoofdstukken, **raw):
    g = dataclasses.replace(G, hoofdstukken=tuple(hoofdstukken), raw=raw)
    return Monitor(g, P, figures(), Path("/nonexistent"), date(2026, 3, 10), FakeSelection(), {}).opbouw().data


def test_opbouw_names_only_the_chapters_of_this_municipality():
    # Wijchen: every chapter and a KPI set -> both appendices.
    wijchen = " ".join(_opbouw(["inleiding", "toegang", "jeugd", "wmo", "veilig_thuis", "contractering", "regio",
                                "bijlage_kpi"], kpi_set="wijchen")["tekst"])
    assert "uitgesplitst in de hoofdstukken Jeugd en Wmo." in wijchen
    assert ("Verder zijn er hoofdstukken over Veilig Thuis, contractering van Wmo en Jeugd en de vergelijking "
            "met de regio.") in wijchen
    assert ("In de bijlagen staan de KPI's van de raad en de verantwoording van de gebruikte gegevens."
            in wijchen)
    # Druten: no Veilig Thuis chapter and no KPI set -> one appendix, no council KPIs announced.
    druten = " ".join(_opbouw(["inleiding", "toegang", "jeugd", "wmo", "contractering", "regio"])["tekst"])
    assert "KPI" not in druten and "Veilig Thuis" not in druten
    assert "In de bijlage staat de verantwoording van de gebruikte gegevens." in druten
    # A monitor of Jeugd only.
    assert "in het hoofdstuk Jeugd." in " ".join(_opbouw(["jeugd"])["tekst"])


# --- in a shared chapter kernel (run.kernels) ------------------------------------------------------

def test_runner_figures_are_parsed_once_per_file_and_copied_per_chapter(tmp_path, monkeypatch):
    import os

    from sdmonitor.workbook import monitor

    path = tmp_path / "kpis.csv"
    path.write_text("indicator,periode,dimensie,waarde,eenheid\njeugd.clienten,2025,,3,aantal\n"
                    "jeugd.clienten,2025,ZIN,120,aantal\n", encoding="utf-8")
    parsed = []
    real = monitor.read_figures
    monkeypatch.setattr(monitor, "read_figures", lambda p: parsed.append(p) or real(p))
    monkeypatch.setattr(monitor, "_RUNNER_FIGURES", {})
    table, overzicht, pub = monitor._runner_figures(path, 5)
    assert overzicht is None
    # 3 < drempel 5: "<5"; 120 is published as it is
    assert pub.frame["tekst"].tolist() == ["<5", "120"]
    table.loc[0, "waarde"] = 99.0      # a chapter that changes what it got ...
    pub.frame.loc[0, "tekst"] = "99"
    table2, _, pub2 = monitor._runner_figures(path, 5)
    assert len(parsed) == 1           # ... the next chapter: not parsed again
    assert table2["waarde"].tolist() == [3.0, 120.0] and pub2.frame["tekst"].tolist() == ["<5", "120"]
    monitor._runner_figures(path, 10)  # another threshold: marked again
    assert len(parsed) == 2
    path.write_text(path.read_text(encoding="utf-8") + "jeugd.clienten,2026,,7,aantal\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))         # a new file at the same path (size and mtime differ): read again
    assert len(monitor._runner_figures(path, 5)[0]) == 3 and len(parsed) == 3


def test_a_chapter_in_a_run_never_reads_the_input_folder(monkeypatch):
    from sdmonitor.run.kernels import IN_RUN_ENV

    m = Monitor(G, P, figures(), Path("/nonexistent"), date(2026, 3, 10), None, {})
    monkeypatch.setenv(IN_RUN_ENV, "1")
    with pytest.raises(RuntimeError, match="krijgt een hoofdstuk zijn gegevens alleen van de runner"):
        _ = m.selection


def test_opmerking_bij_de_cijfers_says_when_a_past_periode_has_later_declarations():
    now = Monitor(G, P, figures(), Path("/x"), date(2026, 3, 10), FakeSelection(), {})
    assert "ruim voor de peildatum" not in now.opmerking_bij_de_cijfers().html
    # maart 2025 with peildatum 10 maart 2026: as known then is 31 maart + 42 days = 12 mei 2025.
    past = Monitor(G, Periode(2025, 3), figures(), Path("/x"), date(2026, 3, 10), FakeSelection(), {})
    html = past.opmerking_bij_de_cijfers().html
    assert "ook declaraties die pas later zijn ingediend, tellen mee" in html and "--peildatum 2025-05-12" in html
