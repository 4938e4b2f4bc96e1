"""`monitor.pdf`: the report printed by headless Chromium (Debian package `chromium`).

The PDF is printed from a print variant of `monitor.html`: the data tables under the figures are
opened (`<details open>`), and the table of contents gets page numbers. Chromium cannot compute
those itself (CSS `target-counter()` is not supported), so the page is printed, the page of each
TOC target is read back from the PDF's named destinations (Chromium writes one for every element
that an internal link points to), the numbers are filled in, and the page is printed again; the
loop ends when the numbers no longer change. Page numbers and the edition in the footer come from
CSS page-margin boxes (`@page { @bottom-right { ... } }`) in the template.

The PDF is tagged (`--generate-pdf-document-outline` and Chromium's structure tree), and finished
for PDF/UA by `pdf_toegankelijk`: the footer marked as an artifact, link descriptions, XMP.

Nothing is downloaded: Chromium runs with the network features switched off and a fresh profile
in a temporary folder, and only opens the local file.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sdmonitor.errors import SdmonitorError, UsageError
from sdmonitor.publish import pdf_toegankelijk

CHROMIUM_ENV = "SDMONITOR_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless, no GPU, nothing that phones home or updates; the sandbox needs user namespaces that
# containers and CI runners (running as root) often do not have.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio",
)
PRINT_FLAGS = ("--no-pdf-header-footer", "--generate-pdf-document-outline")
TIMEOUT_SECONDS = 300
MAX_PASSES = 4

_TOC_PAGE = re.compile(r'<span class="sd-toc-pagina" data-doel="([^"]+)">[^<]*</span>')
_DETAILS = re.compile(r'<details class="sd-data"(?![^>]*\bopen\b)')
# Chromium tags a <figure> as a PDF /Figure, which must carry /Alt and hides what it holds; the
# figure's <img> is the /Figure with the alt text, so the wrapper is printed as a group (/Div).
_FIGURE = re.compile(r"<figure\b(?![^>]*\brole=)")
_TITLE = re.compile(r"<title>(.*?)</title>", flags=re.DOTALL)

INSTALL_HINT = ("installeer Chromium (Debian/Ubuntu: `apt-get install chromium`) of wijs het programma aan "
                f"met de omgevingsvariabele {CHROMIUM_ENV}=/pad/naar/chromium")


class ChromiumMissing(UsageError):
    """`--pdf` without a Chromium on this machine (exit 2); the HTML report is written anyway."""


class PdfError(SdmonitorError):
    """Chromium ran but did not produce a usable PDF (exit 4, like a failed chapter)."""

    exit_code = 4


def find_chromium() -> str | None:
    """The Chromium to print with: `$SDMONITOR_CHROMIUM`, else the first of `CHROMIUM_NAMES` on PATH."""
    env = os.environ.get(CHROMIUM_ENV, "").strip()
    if env:
        found = shutil.which(env)
        return found if found else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """`find_chromium()` or `ChromiumMissing` with an install hint."""
    found = find_chromium()
    if found:
        return found
    env = os.environ.get(CHROMIUM_ENV, "").strip()
    if env:
        raise ChromiumMissing(f"PDF niet gemaakt: {CHROMIUM_ENV}='{env}' is geen uitvoerbaar programma; "
                              + INSTALL_HINT + ". monitor.html is wel geschreven.")
    raise ChromiumMissing("PDF niet gemaakt: Chromium is niet gevonden; " + INSTALL_HINT
                          + ". monitor.html is wel geschreven.")


def print_variant(page: str, pages: dict[str, int] | None = None) -> str:
    """The HTML to print: data tables opened, figures as groups, TOC page numbers filled in where known."""
    page = _DETAILS.sub('<details class="sd-data" open', page)
    page = _FIGURE.sub('<figure role="group"', page)
    if pages is None:
        return page
    return _TOC_PAGE.sub(
        lambda m: f'<span class="sd-toc-pagina" data-doel="{m.group(1)}">{pages.get(m.group(1), "")}</span>', page)


def toc_targets(page: str) -> list[str]:
    """The ids the table of contents points to (in order)."""
    return _TOC_PAGE.findall(page)


def destination_pages(pdf: Path) -> dict[str, int]:
    """1-based page of every named destination (the ids of internal link targets) in a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    pages = {str(name).lstrip("/"): reader.get_destination_page_number(dest)
             for name, dest in reader.named_destinations.items()}
    return {name: page + 1 for name, page in pages.items() if page is not None}


def chromium_print(html_file: Path, pdf_file: Path, chromium: str, profile: Path) -> None:
    """One headless print of a local HTML file to PDF."""
    cmd = [chromium, *CHROMIUM_FLAGS, *PRINT_FLAGS, f"--user-data-dir={profile}",
           f"--print-to-pdf={pdf_file}", html_file.resolve().as_uri()]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise PdfError(f"Chromium gaf na {TIMEOUT_SECONDS} seconden nog geen PDF ({chromium})") from None
    except OSError as exc:
        raise PdfError(f"Chromium kon niet worden gestart ({chromium}): {exc}") from None
    if proc.returncode != 0 or not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        last = [line for line in (proc.stderr or "").splitlines() if line.strip()][-1:]
        raise PdfError(f"Chromium maakte geen PDF (exitcode {proc.returncode}) "
                       + (f": {last[0][:300]}" if last else ""))


def write_pdf(page: str, target: Path, chromium: str) -> int:
    """Print the report page to `target` (TOC with page numbers); returns the number of pages."""
    from pypdf import PdfReader

    targets = toc_targets(page)
    with tempfile.TemporaryDirectory(prefix="sdmonitor-pdf-") as tmp:
        work = Path(tmp)
        html_file, pdf_file = work / "monitor-print.html", work / "monitor.pdf"
        pages: dict[str, int] | None = None
        for _ in range(MAX_PASSES):
            html_file.write_text(print_variant(page, pages), encoding="utf-8")
            if pdf_file.exists():
                pdf_file.unlink()
            chromium_print(html_file, pdf_file, chromium, work / "profiel")
            found = destination_pages(pdf_file)
            missing = [t for t in targets if t not in found]
            if missing:
                raise PdfError("de PDF mist de doelen van de inhoudsopgave: " + ", ".join(missing[:5]))
            new = {t: found[t] for t in targets}
            if new == pages:
                break  # the numbers printed are the pages the headings landed on
            pages = new
        else:
            raise PdfError("de paginanummers van de inhoudsopgave kwamen niet tot rust")
        title = _TITLE.search(page)
        pdf_toegankelijk.finish(pdf_file, page, html.unescape(title.group(1)) if title else "")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf_file, target)
    return len(PdfReader(str(target)).pages)
