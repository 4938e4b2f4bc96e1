"""The one-file report: numbering, TOC, alt text, no code, no network, determinism."""

from __future__ import annotations

import re
from datetime import date, datetime

import nbformat
import pytest

from sdmonitor.periods import Periode
from sdmonitor.publish.report import ReportBuildError, ReportMeta, build_html, chapter_name, check_html, title

v4 = nbformat.v4
META = ReportMeta(gemeente="Wijchen", periode=Periode(2026, 2), peildatum=date(2026, 3, 10),
                  generated_at=datetime(2026, 3, 11, 9, 30))


def figure(alt: str = "Staafdiagram van het aantal cliënten per jaar") -> nbformat.NotebookNode:
    html = (f'<figure class="sd-figure"><img src="data:image/png;base64,iVBORw0KGgo=" alt="{alt}">'
            '<figcaption><span class="sd-fig-no"></span>Cliënten</figcaption></figure>')
    return v4.new_output("display_data", data={"text/html": html, "text/plain": "<IPython.core.display.HTML>"})


def table() -> nbformat.NotebookNode:
    html = ('<table class="sd-table"><caption><span class="sd-tab-no"></span>Kosten</caption>'
            '<tr><td data-indicator="jeugd.kosten" data-periode="2025" data-dimensie="">€ 4,3 mln</td></tr></table>')
    return v4.new_output("display_data", data={"text/html": html})


def chapter(markdown: str, *outputs) -> nbformat.NotebookNode:
    return v4.new_notebook(cells=[
        v4.new_markdown_cell(markdown),
        v4.new_code_cell('geheime_code_regel = 1\nprint("print-uitvoer")', outputs=[
            v4.new_output("stream", name="stdout", text="print-uitvoer\n"), *outputs]),
    ])


def two_chapters() -> list:
    return [
        ("inleiding", chapter("# Inleiding\n\nTekst.\n\n## Opbouw", figure(), table())),
        ("jeugd", chapter("# Jeugd\n## Verwijzers\n```\n# geen kop in code\n```\n### Per verwijzer\n## Kosten",
                          figure(), figure(), table())),
    ]


def test_title_and_language():
    page = build_html(two_chapters(), META)
    assert '<html lang="nl">' in page
    assert title(META) == "Monitor Sociaal Domein — Gemeente Wijchen — jaarbeeld 2025, t/m februari 2026"
    assert f"<title>{title(META)}</title>" in page
    assert "Peildatum van de gegevens: 10 maart 2026" in page


def test_no_network_resources_and_no_code():
    page = build_html(two_chapters(), META)
    assert "<script" not in page
    assert '<link href="http' not in page
    assert "require" not in page.lower() and "mathjax" not in page.lower()
    assert "geheime_code_regel" not in page and "print-uitvoer" not in page
    assert page.count("<pre") == 1  # only the fenced block in chapter 2's markdown, no code cell output


def test_chapters_and_sections_numbered():
    page = build_html(two_chapters(), META)
    heads = re.findall(r'<h([123]) class="sd-h\d" id="([^"]+)"><span class="sd-nr">([^<]+)</span> ([^<]+)</h', page)
    assert [(lvl, nr, text) for lvl, _, nr, text in heads] == [
        ("1", "1.", "Inleiding"), ("2", "1.1", "Opbouw"),
        ("1", "2.", "Jeugd"), ("2", "2.1", "Verwijzers"), ("3", "2.1.1", "Per verwijzer"), ("2", "2.2", "Kosten"),
    ]


def test_toc_links_resolve_to_ids():
    page = build_html(two_chapters(), META)
    toc = page[page.index('<nav'):page.index('</nav>')]
    targets = re.findall(r'href="#([^"]+)"', toc)
    # 2 chapters + 3 sections (h3 is not in the table of contents)
    assert len(targets) == 5
    for target in targets:
        assert f'id="{target}"' in page


def test_figures_and_tables_numbered_across_chapters_without_gaps():
    page = build_html(two_chapters(), META)
    # chapter 1 has one figure and one table, chapter 2 two figures and one table
    assert re.findall(r'<span class="sd-fig-no">(.*?)</span>', page) == ["Figuur 1. ", "Figuur 2. ", "Figuur 3. "]
    assert re.findall(r'<span class="sd-tab-no">(.*?)</span>', page) == ["Tabel 1. ", "Tabel 2. "]


def test_empty_alt_text_fails_the_build():
    chapters = [("jeugd", chapter("# Jeugd", figure(alt="  ")))]
    with pytest.raises(ReportBuildError, match="jeugd"):
        build_html(chapters, META)


def test_an_image_without_alt_in_markdown_fails_the_build():
    chapters = [("regio", chapter('# Regio\n\n<img src="data:image/png;base64,iVBORw0KGgo=">'))]
    with pytest.raises(ReportBuildError, match="1 afbeelding"):
        build_html(chapters, META)


def test_bare_png_without_alt_fails_the_build():
    png = v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})
    with pytest.raises(ReportBuildError, match="alt-tekst"):
        build_html([("wmo", chapter("# Wmo", png))], META)


def test_chapter_without_title_gets_one():
    page = build_html([("veilig_thuis", chapter("Alleen tekst.", figure()))], META)
    assert '<span class="sd-nr">1.</span> Veilig thuis</h1>' in page


def test_deterministic_apart_from_the_timestamp():
    later = ReportMeta(**{**META.__dict__, "generated_at": datetime(2027, 1, 2, 3, 4)})
    a = build_html(two_chapters(), META)
    b = build_html(two_chapters(), later)
    assert a != b
    strip = lambda page: re.sub(r'<p class="sd-gegenereerd-op">.*?</p>', "", page)  # noqa: E731
    assert strip(a) == strip(b)


def test_check_html_rejects_external_resources_and_dead_links():
    with pytest.raises(ReportBuildError, match="externe"):
        check_html('<html><script src="https://cdn.example/x.js"></script></html>')
    with pytest.raises(ReportBuildError, match="zonder doel"):
        check_html('<a href="#hoofdstuk-9">9.</a>')
    check_html('<a href="#a">a</a><h1 id="a">A</h1><img src="data:," alt="x">')  # fine


def test_chapter_name_from_file():
    from pathlib import Path
    assert chapter_name(Path("notebooks/04_veilig_thuis.ipynb")) == "veilig_thuis"


def test_colophon_gives_periode_peildatum_and_build_date_separately():
    page = build_html(two_chapters(), META)
    colofon = page[page.index('<footer class="sd-colofon">'):]
    # periode 2026-02 covers the years 2023..2026 (Y-3..Y)
    assert "<dt>Periode</dt><dd>januari 2023 tot en met februari 2026</dd>" in colofon
    assert "<dt>Peildatum van de gegevens</dt><dd>10 maart 2026 (gekozen bij het maken van deze editie);" in colofon
    assert '<p class="sd-gegenereerd-op">Opgemaakt op 11 maart 2026 om 09:30' in colofon


def test_print_footer_and_page_number_hooks():
    page = build_html(two_chapters(), META)
    assert '@bottom-left { content: "Monitor Sociaal Domein Wijchen — jaarbeeld 2025, t/m februari 2026"; }' in page
    assert '<span class="sd-toc-pagina" data-doel="hoofdstuk-1"></span>' in page
    assert '<a class="sd-skiplink" href="#inhoud">' in page and '<main class="sd-inhoud" id="inhoud"' in page


def test_css_string_cannot_break_out_of_the_style_element():
    from sdmonitor.publish.report import css_string
    assert css_string('Gemeente "X" \\ </style>') == 'Gemeente \\"X\\" \\\\ \\3c /style>'


def test_colophon_says_where_the_peildatum_comes_from():
    from sdmonitor.publish.report import peildatum_noot, peildatum_uitleg

    standaard = ReportMeta(**{**META.__dict__, "peildatum_standaard": True})
    assert peildatum_uitleg(standaard) == ("10 maart 2026 (de laatste indieningsdatum in de aangeleverde "
                                           "declaraties); declaraties die na de peildatum zijn ingediend, "
                                           "tellen niet mee.")
    assert peildatum_uitleg(META).startswith("10 maart 2026 (gekozen bij het maken van deze editie)")
    # februari 2026 with peildatum 10 maart 2026: the edition as known then, nothing to add.
    assert peildatum_noot(standaard.periode, standaard.peildatum) == ""


def test_a_past_periode_says_later_declarations_count_and_how_to_make_it_as_known_then():
    from sdmonitor.publish.report import peildatum_noot

    # maart 2025 with peildatum 10 maart 2026 (Druten's demo): 31 maart + 42 days = 12 mei 2025.
    past = ReportMeta(**{**META.__dict__, "periode": Periode(2025, 3), "peildatum_standaard": True})
    noot = peildatum_noot(past.periode, past.peildatum)
    assert "ook declaraties die pas later zijn ingediend, tellen mee" in noot
    assert "declaraties ingediend tot en met 12 mei 2025" in noot
    assert noot.endswith("--periode 2025-03 --peildatum 2025-05-12.")
    page = build_html([("00_inleiding.ipynb", v4.new_notebook(cells=[v4.new_markdown_cell("# Inleiding")]))], past)
    assert "--peildatum 2025-05-12" in page and "de laatste indieningsdatum in de aangeleverde declaraties" in page


def test_importing_the_report_module_does_not_import_nbformat():
    # A chapter kernel imports this module for `peildatum_noot`; nbformat (via jsonschema) costs
    # seconds to import and is only needed to read and merge notebooks.
    import subprocess
    import sys

    code = ("import sys, sdmonitor.publish.report, sdmonitor.publish.titels, sdmonitor.workbook.monitor; "
            "print(sorted({'nbformat', 'jsonschema'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
