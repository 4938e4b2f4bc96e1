"""Merge executed chapter notebooks into one self-contained `monitor.html`.

Numbering is done at merge time, on the notebooks, before nbconvert renders them: markdown
headings `#`/`##`/`###` become numbered headings with stable ids ("3. Jeugd", "3.1 Verwijzers"),
the empty `sd-fig-no` / `sd-tab-no` hooks of the presentation layer get their label with a
consecutive number across chapters ("Figuur 3. ", "Tabel 2. "; an element shown on its own in a
notebook has an empty hook, so it reads as its caption, not "Figuur ."), and only published outputs
(HTML, Markdown, PNG) survive. The rendered page is
then checked: every image has alt text, no external scripts or styles, every TOC link resolves.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdmonitor import __version__, config
from sdmonitor.errors import SdmonitorError
from sdmonitor.periods import KORT_NA_DAGEN, MAANDEN, Periode, latere_peildatum, peildatum_kort_na

if TYPE_CHECKING:
    from nbformat import NotebookNode

# nbformat is imported where a notebook is read or built, not here: it imports jsonschema, whose
# format checkers compile ~40 grammars at import (1-3 s), and a chapter that only needs
# `peildatum_noot` or `_HEADING` (the inleiding, in a chapter kernel) would pay that.

TEMPLATE_NAME = "monitor"
PUBLISHED_MIMETYPES = ("text/html", "text/markdown", "image/png")

_HEADING = re.compile(r"^ {0,3}(#{1,3})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_FIG_HOOK = '<span class="sd-fig-no"></span>'
_TAB_HOOK = '<span class="sd-tab-no"></span>'


class ReportBuildError(SdmonitorError):
    """The report could not be assembled (e.g. an image without alt text); exit 4 like a chapter."""

    exit_code = 4


@dataclass(frozen=True)
class ReportMeta:
    """What the title page and colophon say about this edition."""

    gemeente: str
    periode: Periode
    peildatum: date
    generated_at: datetime
    drempel: int = 5
    versie: str = __version__
    # The municipality's own heading texts: project heading -> own heading (parameters `titels`).
    titels: dict[str, str] = field(default_factory=dict)
    # True when no --peildatum was given: the peildatum is the latest ingediend_op (INTERFACE §2).
    peildatum_standaard: bool = False


@dataclass
class _Heading:
    level: int
    nummer: str
    tekst: str
    id: str
    secties: list[_Heading] = field(default_factory=list)


def dutch_date(d: date) -> str:
    """`10 maart 2026` (kept here so the report does not depend on the presentation layer)."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def title(meta: ReportMeta) -> str:
    """'Monitor Sociaal Domein — Gemeente X — jaarbeeld Y−1, t/m <maand> Y'."""
    return f"Monitor Sociaal Domein — Gemeente {meta.gemeente} — {subtitle(meta.periode)}"


def subtitle(periode: Periode) -> str:
    return f"jaarbeeld {periode.jaar - 1}, t/m {periode.maandnaam} {periode.jaar}"


def periode_text(periode: Periode) -> str:
    """The months the edition covers: 'januari 2023 tot en met februari 2026'."""
    return f"januari {periode.years[0]} tot en met {periode.maandnaam} {periode.jaar}"


def peildatum_uitleg(meta: ReportMeta) -> str:
    """The colophon's peildatum line: the date, where it comes from, what it leaves out."""
    bron = ("de laatste indieningsdatum in de aangeleverde declaraties" if meta.peildatum_standaard
            else "gekozen bij het maken van deze editie")
    return (f"{dutch_date(meta.peildatum)} ({bron}); declaraties die na de peildatum zijn ingediend, "
            "tellen niet mee.")


def peildatum_noot(periode: Periode, peildatum: date) -> str:
    """For a periode well before the peildatum: that later declarations count, and how to make the
    edition as known shortly after the periode (`periods.peildatum_kort_na`); else "". Said in the
    colophon and under "Opmerking bij de cijfers"."""
    if not latere_peildatum(periode, peildatum):
        return ""
    kort_na = peildatum_kort_na(periode)
    return (f"De periode van deze editie (t/m {periode.maandnaam} {periode.jaar}) ligt ruim voor de "
            f"peildatum: ook declaraties die pas later zijn ingediend, tellen mee. De cijfers zijn daardoor "
            f"vollediger dan in een monitor die kort na die periode is gemaakt, en kunnen ervan afwijken. De editie "
            f"zoals die kort na de periode bekend was (declaraties ingediend tot en met "
            f"{dutch_date(kort_na)}, {KORT_NA_DAGEN} dagen na het einde van de periode) maakt u met sdmonitor run op "
            f"dezelfde gegevens, met --periode {periode} --peildatum {kort_na.isoformat()}.")


def css_string(text: str) -> str:
    """`text` as the inside of a double-quoted CSS string that cannot end the `<style>` element."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")


def chapter_name(path: Path) -> str:
    """`02_jeugd.ipynb` -> `jeugd`."""
    stem = Path(path).stem
    return stem.split("_", 1)[1] if re.match(r"^\d+_", stem) else stem


# --- merging and numbering -------------------------------------------------------------------


class _Numberer:
    """Counters shared across chapters so numbers never restart or leave gaps."""

    def __init__(self, titels: dict[str, str] | None = None) -> None:
        self.titels = titels or {}
        self.levels = [0, 0, 0]
        self.figures = 0
        self.tables = 0
        self.toc: list[_Heading] = []

    def heading(self, level: int, text: str) -> _Heading:
        self.levels[level - 1] += 1
        for deeper in range(level, 3):
            self.levels[deeper] = 0
        parts = [str(n) for n in self.levels[:level]]
        nummer = parts[0] + "." if level == 1 else ".".join(parts)
        anchor = ("hoofdstuk-" if level == 1 else "paragraaf-") + "-".join(parts)
        h = _Heading(level, nummer, self.titels.get(text, text), anchor)
        if level == 1:
            self.toc.append(h)
        elif level == 2 and self.toc:
            self.toc[-1].secties.append(h)
        return h

    def number_hooks(self, markup: str) -> str:
        def fig(_: re.Match) -> str:
            self.figures += 1
            return f'<span class="sd-fig-no">Figuur {self.figures}. </span>'

        def tab(_: re.Match) -> str:
            self.tables += 1
            return f'<span class="sd-tab-no">Tabel {self.tables}. </span>'

        markup = re.sub(re.escape(_FIG_HOOK), fig, markup)
        return re.sub(re.escape(_TAB_HOOK), tab, markup)


def _number_markdown(source: str, numberer: _Numberer) -> str:
    # Headings become raw HTML (blank lines around them end the HTML block for the markdown parser).
    out: list[str] = []
    in_fence = False
    for line in source.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(line)
        if m:
            level = len(m.group(1))
            h = numberer.heading(level, m.group(2).strip())
            out += ["", f'<h{level} class="sd-h{level}" id="{h.id}"><span class="sd-nr">{h.nummer}</span> '
                        f"{html.escape(h.tekst)}</h{level}>", ""]
        else:
            out.append(line)
    return numberer.number_hooks("\n".join(out))


def _has_h1(nb: NotebookNode) -> bool:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and any(
            (m := _HEADING.match(line)) and len(m.group(1)) == 1 for line in cell.source.splitlines()
        ):
            return True
    return False


def _published_outputs(cell: NotebookNode, chapter: str, numberer: _Numberer) -> list[NotebookNode]:
    import nbformat

    kept = []
    for output in cell.get("outputs", []):
        if output.get("output_type") not in ("display_data", "execute_result"):
            continue  # streams and errors are never published
        data = {k: v for k, v in output.get("data", {}).items() if k in PUBLISHED_MIMETYPES}
        if not data:
            continue
        if "text/html" in data:
            markup = data["text/html"]
            markup = "".join(markup) if isinstance(markup, list) else markup
            data = {"text/html": numberer.number_hooks(markup)}
            _check_alt_text(data["text/html"], chapter)
        elif "text/markdown" in data:
            data = {"text/markdown": data["text/markdown"]}
        else:
            if not str(output.get("metadata", {}).get("alt", "")).strip():
                raise ReportBuildError(
                    f"hoofdstuk '{chapter}': een afbeelding heeft geen alt-tekst; gebruik de figuurfuncties "
                    "van sdmonitor (die een beschrijving meegeven) in plaats van een losse grafiek")
            data = {"image/png": data["image/png"]}
        kept.append(nbformat.v4.new_output("display_data", data=data, metadata=output.get("metadata", {})))
    return kept


def merge_notebooks(chapters: Sequence[tuple[str, NotebookNode]],
                    titels: dict[str, str] | None = None) -> tuple[NotebookNode, list[_Heading], _Numberer]:
    """One notebook holding every chapter's markdown and published outputs, numbered; a heading
    named in `titels` gets the municipality's own text (same number and anchor)."""
    import nbformat
    from nbformat import NotebookNode

    def new_cell(cell_type: str, source: str, cell_id: str, **more: Any) -> NotebookNode:
        # nbformat.v4.new_*_cell without its schema validation (0,1 s for a monitor's 300 cells):
        # an id like "c3-12" and a source string cannot fail it.
        return NotebookNode(id=cell_id, cell_type=cell_type, metadata=NotebookNode(), source=source, **more)

    numberer = _Numberer(titels)
    merged = nbformat.v4.new_notebook()
    for index, (name, nb) in enumerate(chapters):
        cells = list(nb.cells)
        if not _has_h1(nb):
            # Every chapter gets a numbered title even if the notebook forgot its `# Title`.
            cells.insert(0, nbformat.v4.new_markdown_cell(f"# {name.replace('_', ' ').capitalize()}"))
        for i, cell in enumerate(cells):
            cell_id = f"c{index}-{i}"
            if cell.cell_type == "markdown":
                merged.cells.append(new_cell("markdown", _number_markdown(cell.source, numberer), cell_id))
            elif cell.cell_type == "code":
                outputs = _published_outputs(cell, name, numberer)
                if outputs:
                    merged.cells.append(new_cell("code", "", cell_id, execution_count=None, outputs=outputs))
    return merged, numberer.toc, numberer


# --- checks on markup ------------------------------------------------------------------------


class _Collector(HTMLParser):
    """Collects what the checks need from a page: img alts, ids, local links, external resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.imgs: list[dict[str, str | None]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "img":
            self.imgs.append(a)
        if tag == "a" and str(a.get("href") or "").startswith("#"):
            self.links.append(str(a["href"])[1:])
        if tag == "script" and a.get("src"):
            self.external.append(f"<script src={a['src']}>")
        if tag == "link" and re.match(r"(https?:)?//", str(a.get("href") or "")):
            self.external.append(f"<link href={a['href']}>")
        if tag == "img" and re.match(r"(https?:)?//", str(a.get("src") or "")):
            self.external.append(f"<img src={a['src']}>")


def _collect(markup: str) -> _Collector:
    c = _Collector()
    c.feed(markup)
    c.close()
    return c


def _check_alt_text(markup: str, chapter: str) -> None:
    for img in _collect(markup).imgs:
        if not str(img.get("alt") or "").strip():
            raise ReportBuildError(f"hoofdstuk '{chapter}': een afbeelding heeft geen alt-tekst")


def check_html(page: str) -> None:
    """Fail the build on an image without alt text, an external resource or a dead TOC link."""
    c = _collect(page)
    empty = sum(1 for img in c.imgs if not str(img.get("alt") or "").strip())
    if empty:
        raise ReportBuildError(f"{empty} afbeelding(en) in het rapport zonder alt-tekst")
    if c.external:
        raise ReportBuildError("het rapport verwijst naar externe bronnen: " + ", ".join(c.external[:3]))
    dead = [link for link in c.links if link not in c.ids]
    if dead:
        raise ReportBuildError("links in de inhoudsopgave zonder doel: " + ", ".join(dead[:5]))


# --- rendering -------------------------------------------------------------------------------


def _load(nb: Path | NotebookNode) -> NotebookNode:
    import nbformat
    from nbformat import NotebookNode

    return nb if isinstance(nb, NotebookNode) else nbformat.read(str(nb), as_version=4)


def build_html(executed_notebooks: Sequence[tuple[str, Path | NotebookNode] | Path], meta: ReportMeta) -> str:
    """Render the executed chapters (in order) as one self-contained Dutch HTML page."""
    from sdmonitor.publish.html_export import MonitorExporter

    chapters = []
    for item in executed_notebooks:
        name, nb = (chapter_name(item), item) if isinstance(item, Path) else item
        chapters.append((name, _load(nb)))
    merged, toc, _ = merge_notebooks(chapters, meta.titels)
    exporter = MonitorExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    resources = {
        "sd": {
            "titel": title(meta),
            "gemeente": meta.gemeente,
            "ondertitel": subtitle(meta.periode),
            "peildatum": dutch_date(meta.peildatum),
            "peildatum_uitleg": peildatum_uitleg(meta),
            "peildatum_noot": peildatum_noot(meta.periode, meta.peildatum),
            "periode": periode_text(meta.periode),
            "voettekst_css": css_string(f"Monitor Sociaal Domein {meta.gemeente} \u2014 {subtitle(meta.periode)}"),
            "gegenereerd_op": f"{dutch_date(meta.generated_at.date())} om {meta.generated_at:%H:%M}",
            "drempel": meta.drempel,
            "versie": meta.versie,
            "css": (config.TEMPLATES_DIR / TEMPLATE_NAME / "monitor.css").read_text(encoding="utf-8"),
            "toc": [
                {"id": h.id, "nummer": h.nummer, "tekst": h.tekst,
                 "secties": [{"id": s.id, "nummer": s.nummer, "tekst": s.tekst} for s in h.secties]}
                for h in toc
            ],
        }
    }
    page, _ = exporter.from_notebook_node(merged, resources=resources)
    check_html(page)
    return page
