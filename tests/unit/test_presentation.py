"""HTML hooks of the published elements (the contract with the report)."""

import pandas as pd

from sdmonitor.publish import charts, presentation


def cells():
    return pd.DataFrame({
        "rij": ["Huisarts", "Huisarts"], "kolom": ["2024", "2025"], "tekst": ["1.301", "<5"],
        "indicator": ["jeugd.verwijzer"] * 2, "periode": ["2024", "2025"], "dimensie": ["02", "02"],
    })


def test_table_carries_source_keys_not_raw_values():
    html = presentation.table_html(cells(), "Verwijzers", "Verwijzer")
    assert html.startswith('<table class="sd-table"><caption><span class="sd-tab-no"></span>Verwijzers</caption>')
    assert ('<td class="sd-num" data-indicator="jeugd.verwijzer" data-periode="2024" '
            'data-dimensie="02">1.301</td>') in html
    assert "&lt;5" in html
    assert "data-waarde" not in html


def test_cells_without_source_have_no_data_attributes():
    html = presentation.table_html(pd.DataFrame({"rij": ["a"], "kolom": ["b"], "tekst": ["7,8"]}), "T")
    assert "data-indicator" not in html
    assert ">7,8</td>" in html


def test_missing_cell_prints_dash():
    html = presentation.table_html(cells(), "T", rows=["Huisarts", "Jeugdarts"])
    assert "<th scope=\"row\">Jeugdarts</th><td class=\"sd-num\">–</td>" in html


def test_figure_block():
    fig, _ = charts.grouped_bars(pd.DataFrame({"categorie": ["2025"], "reeks": ["r"], "waarde": [1.0]}), "Aantal")
    html = presentation.figure_html(fig, "Herkomst verwijzingen", "Staafdiagram van verwijzers.", cells(),
                                    "Verwijzer", "Declaraties", "fig-verwijzers")
    assert html.startswith('<figure class="sd-figure" id="fig-verwijzers"><img src="data:image/png;base64,')
    assert 'alt="Staafdiagram van verwijzers."' in html
    assert '<figcaption><span class="sd-fig-no"></span>Herkomst verwijzingen</figcaption>' in html
    assert '<p class="sd-bron">Bron: Declaraties</p>' in html
    assert '<details class="sd-data"><summary>Cijfers bij deze figuur</summary><table class="sd-datatable">' in html
    assert "http" not in html  # no network


def test_findings_analyst_and_notice_blocks():
    assert presentation.findings_html([]) == ""
    html = presentation.findings_html(["In 2025 ontvingen 1.301 jeugdigen jeugdhulp."])
    assert html.startswith('<div class="sd-bevindingen sd-gegenereerd">')
    assert "<li>In 2025 ontvingen 1.301 jeugdigen jeugdhulp.</li>" in html
    assert '<h2 class="sd-kop">Belangrijkste bevindingen</h2>' in html  # a real heading, not bold text
    assert '<h3 class="sd-kop">' in presentation.findings_html(["x"], niveau=3)
    assert presentation.analyst_html("") == ""
    assert '<div class="sd-analist">' in presentation.analyst_html("Tekst <b>")
    assert "Tekst &lt;b&gt;" in presentation.analyst_html("Tekst <b>")
    assert presentation.not_available_html("Veilig Thuis") == '<p class="sd-nb">Veilig Thuis</p>'


def test_table_headers_have_scope_and_no_empty_header_cell():
    html = presentation.table_html(cells(), "T", rij_kop="Verwijzer")
    assert '<thead><tr><th scope="col">Verwijzer</th><th scope="col">' in html
    assert '<th scope="row">Huisarts</th>' in html
    bare = presentation.table_html(cells(), "T")  # no row heading text: the corner is a plain cell
    assert '<thead><tr><td></td><th scope="col">' in bare


def test_slug():
    assert presentation.slug("Aantal cliënten (Wmo)") == "aantal-clienten-wmo"


def test_scaled_cells_say_their_scale():
    c = pd.DataFrame({"rij": ["Totaal"], "kolom": ["Afwijking 2026"], "tekst": ["-299"],
                      "indicator": ["jeugd.afwijking"], "periode": ["2026"], "dimensie": [""], "schaal": ["1000"]})
    html = presentation.table_html(c, "Betaalbaarheid (bedragen x € 1.000)")
    assert 'data-dimensie="" data-schaal="1000">-299</td>' in html


def test_numbers_are_right_aligned_in_every_column_text_is_not():
    # Issue 22 §11: a derived number (a difference, a regional value) has no figure-table keys but
    # is a number all the same; a text column (a description, a provider) stays left-aligned.
    cells = pd.DataFrame({"rij": ["a", "a", "a", "b", "b", "b"],
                          "kolom": ["Waarde", "Verschil", "Omschrijving"] * 2,
                          "tekst": ["1.301*", "−€ 299k", "training — aanbieder: W", "geen gegevens",
                                    "16,3% (deel van het jaar)",
                                    "inloop"]})
    html = presentation.grid_rows(cells, "")
    assert '<td class="sd-num">1.301*</td><td class="sd-num">−€ 299k</td><td class="sd-tekst">training' in html
    assert '<td class="sd-num">geen gegevens</td><td class="sd-num">16,3% (deel van het jaar)</td>' in html
    assert presentation.numeric_columns(cells) == {"Waarde", "Verschil"}


def test_derived_and_placeholder_cells_align_as_numbers_text_cells_as_text():
    # Cells without a source (derived, e.g. a regional comparison) align by what they print.
    derived = pd.DataFrame({"rij": ["a"] * 5, "kolom": ["b", "c", "d", "e", "f"],
                            "tekst": ["€ 4,3 mln", "13,3%", "x", "geen gegevens", "aanbieder: W"]})
    html = presentation.table_html(derived, "T")
    assert '<td class="sd-num">€ 4,3 mln</td><td class="sd-num">13,3%</td><td class="sd-num">x</td>' in html
    assert '<td class="sd-num">geen gegevens</td><td class="sd-tekst">aanbieder: W</td>' in html


def test_missing_cell_aligns_with_the_numbers_of_its_column():
    # "−377 tot 64" is a number to the cell rule, not to the column rule: the dash of a missing
    # cell in that column is right-aligned like the intervals above it.
    cells = pd.DataFrame({"rij": ["a", "b", "a"], "kolom": ["Interval", "Toelichting", "Toelichting"],
                          "tekst": ["−377 tot 64", "zie noot", "geen"]})
    html = presentation.grid_rows(cells, "", rows=["a", "b"], cols=["Interval", "Toelichting"])
    assert '<th scope="row">b</th><td class="sd-num">–</td><td class="sd-tekst">zie noot</td>' in html
    empty = presentation.grid_rows(cells, "", rows=["a"], cols=["Interval", "2024"])  # no cell in 2024 at all
    assert '<td class="sd-num">–</td></tr>' in empty
