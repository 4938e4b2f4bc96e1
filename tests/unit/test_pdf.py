"""PDF printing: finding Chromium, the print variant of the page, TOC page numbers from a PDF.

Chromium itself is exercised by the browser test (tests/e2e/test_browser.py); these tests use a
small PDF written with pypdf, so they run on machines without Chromium.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import Fit

from sdmonitor.errors import UsageError
from sdmonitor.publish import pdf

TOC = ('<nav class="sd-toc"><ol><li><a href="#hoofdstuk-1"><span class="sd-toc-tekst">1. Inleiding</span>'
       '<span class="sd-toc-pagina" data-doel="hoofdstuk-1"></span></a></li>'
       '<li><a href="#paragraaf-1-1"><span class="sd-toc-tekst">1.1 Opbouw</span>'
       '<span class="sd-toc-pagina" data-doel="paragraaf-1-1"></span></a></li></ol></nav>')
FIGURE = '<details class="sd-data"><summary>Cijfers bij deze figuur</summary><table></table></details>'


def fake_program(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_chromium_from_environment_variable_wins(tmp_path, monkeypatch):
    program = fake_program(tmp_path, "mijn-chromium")
    monkeypatch.setenv(pdf.CHROMIUM_ENV, str(program))
    assert pdf.find_chromium() == str(program)


def test_chromium_found_on_path(tmp_path, monkeypatch):
    fake_program(tmp_path, "chromium-browser")
    monkeypatch.delenv(pdf.CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.find_chromium() == str(tmp_path / "chromium-browser")


def test_missing_chromium_says_how_to_install_and_exits_2(tmp_path, monkeypatch):
    monkeypatch.delenv(pdf.CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: nothing to find
    assert pdf.find_chromium() is None
    with pytest.raises(UsageError, match="apt-get install chromium") as info:
        pdf.require_chromium()
    assert info.value.exit_code == 2
    assert "monitor.html is wel geschreven" in str(info.value)


def test_bad_environment_variable_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv(pdf.CHROMIUM_ENV, str(tmp_path / "bestaat-niet"))
    with pytest.raises(UsageError, match=pdf.CHROMIUM_ENV):
        pdf.require_chromium()


def test_print_variant_opens_data_tables_and_fills_page_numbers():
    page = TOC + FIGURE
    assert pdf.toc_targets(page) == ["hoofdstuk-1", "paragraaf-1-1"]
    first = pdf.print_variant(page)
    assert '<details class="sd-data" open>' in first
    assert '<span class="sd-toc-pagina" data-doel="hoofdstuk-1"></span>' in first  # numbers not known yet
    second = pdf.print_variant(page, {"hoofdstuk-1": 3, "paragraaf-1-1": 4})
    assert '<span class="sd-toc-pagina" data-doel="hoofdstuk-1">3</span>' in second
    assert '<span class="sd-toc-pagina" data-doel="paragraaf-1-1">4</span>' in second
    # printing the print variant again changes nothing (no double "open", numbers replaced)
    again = pdf.print_variant(second, {"hoofdstuk-1": 5, "paragraaf-1-1": 5})
    assert again.count(" open") == 1 and 'data-doel="hoofdstuk-1">5</span>' in again


def test_destination_pages_are_one_based(tmp_path):
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    writer.add_named_destination_object(_dest(writer, "hoofdstuk-1", 2))  # third page, index 2
    writer.add_named_destination_object(_dest(writer, "paragraaf-1-1", 0))
    path = tmp_path / "t.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    assert pdf.destination_pages(path) == {"hoofdstuk-1": 3, "paragraaf-1-1": 1}


def _dest(writer: PdfWriter, name: str, index: int):
    from pypdf.generic import Destination

    return Destination(name, writer.pages[index].indirect_reference, Fit.fit())


@pytest.mark.skipif(os.name != "posix", reason="shell script stand-in")
def test_chromium_that_writes_nothing_is_a_pdf_error(tmp_path):
    program = fake_program(tmp_path, "chromium")
    with pytest.raises(pdf.PdfError, match="geen PDF") as info:
        pdf.chromium_print(tmp_path / "x.html", tmp_path / "x.pdf", str(program), tmp_path / "profiel")
    assert info.value.exit_code == 4
