"""The demo reports in a real browser, and the printed PDF.

Playwright for Python drives the system Chromium (Debian package `chromium`) by its executable
path; no browser is downloaded. `monitor.html` is opened from disk with every non-file request
aborted, every table-of-contents link is followed, axe-core (the copy shipped in the PyPI package
`axe-playwright-python`, injected from disk) must find no violation of any impact, and a
screenshot of the first screen is saved for the test report (`reports/test-artifacts/`).
The PDF of the same run is checked with pypdf: title page, table of contents with the pages the
chapters really start on, footer, no heading alone (or with only its lead paragraph) at the bottom
of a page and no chart cut from its caption (read from the PDF's structure tree), data tables printed;
every number in a table is right-aligned (computed style, screen and print).

Without Chromium or Playwright the tests skip locally; under `CI=true` they fail instead.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
from report_checks import ROOT

from sdmonitor.publish.pdf import CHROMIUM_FLAGS, find_chromium

pytestmark = pytest.mark.e2e
GEMEENTEN = ("wijchen", "druten")
ARTIFACTS = Path(os.environ.get("SDMONITOR_TEST_ARTIFACTS", ROOT / "reports" / "test-artifacts"))
TITLES = {"wijchen": "Gemeente Wijchen", "druten": "Gemeente Druten"}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (onder CI moet de browsertest draaien; .ci/run installeert chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        _unavailable("Chromium niet gevonden (apt-get install chromium, of SDMONITOR_CHROMIUM)")
    return path


@pytest.fixture(scope="module")
def browser(chromium):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright voor Python ontbreekt (pip install -e '.[dev]')")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=list(CHROMIUM_FLAGS[1:]))
        yield b
        b.close()


@pytest.fixture(scope="module")
def axe_script() -> Path:
    try:
        import axe_playwright_python
    except ImportError:
        _unavailable("axe-playwright-python (levert axe-core mee) ontbreekt (pip install -e '.[dev]')")
    path = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    assert path.is_file(), path
    return path


@pytest.fixture(params=GEMEENTEN)
def built(request, reports, chromium):
    r, folder = reports[request.param]
    assert r.returncode == 0, r.stderr
    return request.param, folder


class Visit:
    """One page in the browser with the network blocked; records requests and console errors."""

    def __init__(self, browser, url: str) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
        self.page = self.context.new_page()
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("requestfailed", lambda req: None if req.url.startswith(("file:", "data:"))
                     else self.blocked.append(req.url))
        self.page.goto(url, wait_until="load")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


def test_report_in_browser_offline_toc_links_axe_and_screenshot(built, browser, axe_script):
    name, folder = built
    visit = Visit(browser, (folder / "monitor.html").resolve().as_uri())
    page = visit.page
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{name}-eerste-scherm.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000  # a rendered screen, not a blank one
        assert page.title().startswith("Monitor Sociaal Domein")
        assert TITLES[name] in page.inner_text("header.sd-titelpagina")

        # every TOC link lands on its heading: the URL fragment changes and the heading is at the top
        links = page.eval_on_selector_all("nav.sd-toc a", "els => els.map(e => e.getAttribute('href'))")
        assert len(links) >= 8
        for href in links:
            page.click(f'nav.sd-toc a[href="{href}"]')
            assert page.evaluate("location.hash") == href
            top = page.evaluate(f"document.getElementById({href[1:]!r}).getBoundingClientRect().top")
            assert abs(top) < 5, (href, top)
            page.go_back()

        # the skip link is the first thing a keyboard user reaches and moves focus to the content
        page.evaluate("window.scrollTo(0, 0)")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "sd-skiplink"
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#inhoud"

        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = [f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']} — "
                      f"{v['nodes'][0]['target']}" for v in result["violations"]]
        assert violations == []
        assert visit.blocked == [], "het rapport vroeg iets van het netwerk"
        assert visit.errors == []
    finally:
        visit.close()


# A formatted number as a reader sees it (independent of the library's own rule): "1.301",
# "−299", "13,3%", "€ 4,3 mln", "<5", with a status mark; or a placeholder where a number stands.
_NUMBER = re.compile(r"<\s?\d+|[−+-]?(€\s?)?[−+-]?\d[\d.]*(,\d+)?\s?(%|mln|k)?")
_PLACEHOLDERS = {"x", "–", "geen gegevens"}


def _looks_numeric(text: str) -> bool:
    text = re.sub(r"(\*| \((deel|deel van het jaar|voorlopig)\))$", "", " ".join(text.split()))
    return text in _PLACEHOLDERS or bool(_NUMBER.fullmatch(text))


def test_numbers_right_aligned_in_every_table(built, browser):
    """Every cell that prints a number is right-aligned, on screen and in print, whatever its column."""
    name, folder = built
    visit = Visit(browser, (folder / "monitor.html").resolve().as_uri())
    try:
        for media in ("screen", "print"):
            visit.page.emulate_media(media=media)
            cells = visit.page.eval_on_selector_all(
                "main table td", "els => els.map(e => [e.textContent, getComputedStyle(e).textAlign, e.colSpan])")
            numeric = [(text, align) for text, align, span in cells if span == 1 and _looks_numeric(text)]
            assert len(numeric) > 100, (name, media)
            left = sorted({text for text, align in numeric if align not in ("right", "end")})
            assert left == [], (name, media)
    finally:
        visit.close()


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _pdf_pages(pdf: Path, footer: str) -> list[list[str]]:
    """Per page, its text lines without the footer (edition text and "pagina N van M")."""
    from pypdf import PdfReader

    pages = []
    for p in PdfReader(str(pdf)).pages:
        lines = [" ".join(line.split()) for line in (p.extract_text() or "").splitlines()]
        body = []
        for line in lines:
            line = re.sub(r"\s*pagina \d+ van \d+$", "", line.replace(footer, "")).strip()
            if line:
                body.append(line)
        pages.append(body)
    return pages


_BLOCKS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/P", "/Figure", "/Table", "/L", "/Caption"}


def _pdf_blocks(pdf: Path) -> list[tuple[str, int | None]]:
    """(role, page) of the block-level elements of the PDF's structure tree, in reading order."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        pages = {p.obj.objgen: i for i, p in enumerate(doc.pages, start=1)}

        def first_page(node) -> int | None:
            if isinstance(node, pikepdf.Array):
                return next((p for p in (first_page(k) for k in node) if p), None)
            if isinstance(node, pikepdf.Dictionary):
                if "/Pg" in node:
                    return pages.get(node.Pg.objgen)
                return first_page(node.K) if "/K" in node else None
            return None

        out: list[tuple[str, int | None]] = []

        def walk(node) -> None:
            if isinstance(node, pikepdf.Array):
                for k in node:
                    walk(k)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if str(node.S) in _BLOCKS:
                    out.append((str(node.S), first_page(node)))
                elif "/K" in node:
                    walk(node.K)

        walk(doc.Root.StructTreeRoot.K)
        return out


def test_pdf_title_page_toc_footer_and_no_lonely_headings(built):
    from pypdf import PdfReader

    name, folder = built
    pdf = folder / "monitor.pdf"
    assert pdf.is_file(), "run --pdf schreef geen monitor.pdf"
    page_html = (folder / "monitor.html").read_text(encoding="utf-8")
    footer = html.unescape(re.search(r'@bottom-left \{ content: "([^"]+)"', page_html).group(1))
    raw = [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(pdf)).pages]
    pages = _pdf_pages(pdf, footer)
    chapters = [_text(h) for h in re.findall(r'<h1 class="sd-h1"[^>]*>(.*?)</h1>', page_html, flags=re.S)]

    # at least: title page, contents, one page per chapter
    assert len(pages) >= len(chapters) + 2
    assert "monitor sociaal domein" in raw[0].lower() and TITLES[name] in raw[0] and "jaarbeeld 2025" in raw[0]
    assert "pagina" not in raw[0] and footer not in raw[0]  # the title page has no footer
    assert pages[1][0] == "Inhoud"

    # footer on every other page: the edition and "pagina N van M"
    for number, text in enumerate(raw[1:], start=2):
        assert footer in text and f"pagina {number} van {len(raw)}" in text, number

    # the TOC's page numbers are the pages the chapters start on, at the top of a new page
    toc = {}
    for line in pages[1]:
        m = re.fullmatch(r"(\d+\. .+?) (\d+)", line)
        if m:
            toc[m.group(1)] = int(m.group(2))
    assert list(toc) == chapters
    for heading, number in toc.items():
        assert pages[number - 1][0] == heading, (heading, number, pages[number - 1][:2])

    # no heading alone at the bottom of a page, nor a heading with only its lead paragraph while
    # what they introduce starts the next page, nor a chart cut from its caption: read from the
    # PDF's structure tree (it knows images too), block by block in reading order
    blocks = _pdf_blocks(pdf)
    heads = {f"/H{level}" for level in range(1, 7)}
    stranded = []
    for i, (role, page) in enumerate(blocks[:-1]):
        after = blocks[i + 1]
        if role in heads and after[1] != page:
            stranded.append((page, role, "kop alleen"))
        elif (role in heads and after[0] == "/P" and i + 2 < len(blocks) and blocks[i + 2][1] != page
              and blocks[i + 2][0] not in heads):
            stranded.append((page, role, "kop met alleen zijn inleiding"))
        elif role == "/Figure" and after[0] == "/Caption" and after[1] != page:
            stranded.append((page, role, "figuur zonder onderschrift"))
    assert len(blocks) > 100 and stranded == []

    # the data tables behind the figures are printed under them
    # (the summary is a line of its own; the colofon names it in a sentence)
    summaries = sum(line == "Cijfers bij deze figuur" for lines in pages for line in lines)
    assert summaries == page_html.count('<details class="sd-data">')
