"""The printed PDF is accessible: the machine-checkable rules of PDF/UA-1 (the PyPI checker
`pdfua`, built on pikepdf) find nothing, every alt text of the HTML reaches the PDF, and what is
marked as an artifact is the running footer and nothing else.

Runs on the demo reports built once per session (`reports` in conftest.py, `sdmonitor run --pdf`).
Without Chromium the tests skip locally; under `CI=true` they fail instead.
"""

from __future__ import annotations

import html
import io
import os
import re
from pathlib import Path

import pytest
from conftest import GEMEENTEN, pdf_wanted

pytestmark = pytest.mark.e2e

# Rules of the checker that may report on our PDF, with the reason. Empty: nothing is excused.
EXCEPTIONS: dict[str, str] = {}
# Rules the checker cannot run on our PDF, each checked by a test here instead.
CHECKED_HERE: dict[str, str] = {
    "UA-14-001": "pdfua 0.1.3 raises on pikepdf 10 when a heading's /K is an array (getattr on an "
                 "Array raises ValueError, not AttributeError): test_no_heading_is_empty checks the rule",
}


@pytest.fixture(params=GEMEENTEN)
def printed(request, reports) -> tuple[str, Path]:
    if not pdf_wanted():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("onder CI moet de PDF gemaakt worden; .ci/run installeert chromium")
        pytest.skip("Chromium niet gevonden (apt-get install chromium, of SDMONITOR_CHROMIUM)")
    r, folder = reports[request.param]
    assert r.returncode == 0, r.stderr
    assert (folder / "monitor.pdf").is_file()
    return request.param, folder


def test_pdfua_machine_checkable_rules_find_nothing(printed):
    from pdfua import validate

    _, folder = printed
    report = validate(str(folder / "monitor.pdf"))
    findings = [f"{f.rule_id} {f.severity.name} {f.location.describe()}: {f.message}"
                for f in report.findings if f.rule_id not in EXCEPTIONS]
    assert findings == []
    skipped = [f"{o.rule_id}: {o.skipped_reason}" for o in report.skipped
               if o.rule_id not in EXCEPTIONS and o.rule_id not in CHECKED_HERE]
    assert skipped == [], "een regel is niet gecontroleerd"


def _struct_elements(pdf, role: str) -> list:
    import pikepdf

    return [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"
            and o.get("/S") == role]


def test_every_alt_text_of_the_html_is_the_alt_of_a_pdf_figure(printed):
    import pikepdf

    _, folder = printed
    page = (folder / "monitor.html").read_text(encoding="utf-8")
    alts = [html.unescape(a) for a in re.findall(r'<img\b[^>]*\balt="([^"]*)"', page)]
    assert alts and all(a.strip() for a in alts)
    with pikepdf.open(folder / "monitor.pdf") as pdf:
        figures = _struct_elements(pdf, "/Figure")
        pdf_alts = [str(f.Alt) for f in figures if "/Alt" in f]
        assert len(figures) == len(pdf_alts)  # no /Figure without /Alt (the <figure> wrapper is a /Div)
    assert sorted(pdf_alts) == sorted(alts)


def _marks_content(node) -> bool:
    """Does a structure element (or its /K) reach marked content: an MCID or a marked-content reference?"""
    import pikepdf

    if isinstance(node, int) and not isinstance(node, bool):
        return True
    if isinstance(node, pikepdf.Array):
        return any(_marks_content(k) for k in node)
    if isinstance(node, pikepdf.Dictionary):
        if node.get("/Type") == "/MCR":
            return True
        return "/K" in node and _marks_content(node.K)
    return False


def test_no_heading_is_empty(printed):
    """PDF/UA 7.4 (pdfua's UA-14-001): every heading element holds content."""
    import pikepdf

    _, folder = printed
    with pikepdf.open(folder / "monitor.pdf") as pdf:
        headings = [h for level in range(1, 7) for h in _struct_elements(pdf, f"/H{level}")]
        assert headings
        assert [str(h.S) for h in headings if not _marks_content(h)] == []


def _without_artifacts(pdf_file: Path) -> bytes:
    """The PDF with every `/Artifact` marked-content sequence removed from the page content."""
    import pikepdf

    with pikepdf.open(pdf_file) as pdf:
        for page in pdf.pages:
            kept, skipping = [], 0
            for instruction in pikepdf.parse_content_stream(page):
                op = str(instruction.operator)
                if skipping:
                    skipping += {"BDC": 1, "BMC": 1, "EMC": -1}.get(op, 0)
                    continue
                if op in ("BDC", "BMC") and instruction.operands[0] == pikepdf.Name.Artifact:
                    skipping = 1
                    continue
                kept.append(instruction)
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_artifacts_are_the_running_footer_and_nothing_else(printed):
    from pypdf import PdfReader

    _, folder = printed
    page_html = (folder / "monitor.html").read_text(encoding="utf-8")
    footer = html.unescape(re.search(r'@bottom-left \{ content: "([^"]+)"', page_html).group(1))
    full = PdfReader(str(folder / "monitor.pdf")).pages
    bare = PdfReader(io.BytesIO(_without_artifacts(folder / "monitor.pdf"))).pages

    def words(text: str) -> list[str]:
        return text.split()

    for number, (a, b) in enumerate(zip(full, bare), start=1):
        text = a.extract_text() or ""
        if number > 1:
            assert footer in " ".join(text.split()) and f"pagina {number} van {len(full)}" in text, number
        expected = re.sub(r"pagina \d+ van \d+", "", " ".join(text.split()).replace(footer, ""))
        assert words(b.extract_text() or "") == words(expected), number
