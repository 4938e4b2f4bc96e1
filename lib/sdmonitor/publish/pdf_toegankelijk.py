"""Finishing touches that make Chromium's tagged PDF an accessible one (PDF/UA-1, WCAG 2.1).

Chromium tags everything that comes from the page's DOM, but not what it paints itself: the page
margin boxes (edition and "pagina N van M" in the footer) and some backgrounds land outside any
marked-content sequence, which PDF/UA forbids (clause 7.1: content is either tagged or an
artifact). Chromium offers no way to tag them (its headerTemplate/footerTemplate is untagged
too), and page numbers need the margin boxes, so the printed PDF is post-processed with pikepdf:

- every graphics object outside any marked content is wrapped in an `/Artifact` sequence: text
  as a pagination artifact (only the margin boxes paint untagged text; the e2e test checks that
  removing the artifacts removes exactly the footer), paths and images as layout artifacts. A
  text object that holds tagged content is left alone, so nothing real becomes an artifact;
- every link annotation gets `/Contents`, the text of the link it belongs to (PDF/UA 7.18.5);
- the catalog gets an XMP packet with the title, the language and the PDF/UA identifier.

Alt texts need no post-processing: Chromium writes an `<img alt>` into `/Alt` of its `/Figure`;
the print variant (`pdf.print_variant`) only makes `<figure>` a group, so that the wrapper
(caption, source, data table) is a `/Div` and not a second `/Figure` without `/Alt`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

_PATH_START = {"m", "re"}
_PATH_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
# A path ends unpainted ("n": a clip) or, in a malformed stream, at anything that is no path operator.
_PATH_STOP = {"n", "BDC", "BMC", "EMC", "BT", "q", "Q", "cm", "Do"}
_XOBJECT = {"Do", "sh", "INLINE IMAGE"}
_LINK = re.compile(r'<a\b[^>]*href="#([^"]+)"[^>]*>(.*?)</a>', flags=re.DOTALL)
_PAGE_NUMBER = re.compile(r'<span class="sd-toc-pagina"[^>]*>[^<]*</span>')


def link_texts(page: str) -> dict[str, str]:
    """The visible text of every internal link of the report page, by target id."""
    out: dict[str, str] = {}
    for target, inner in _LINK.findall(page):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", _PAGE_NUMBER.sub("", inner))).split())
        if text:
            out.setdefault(target, text)
    return out


def _artifact(kind: str, pikepdf: Any) -> list[tuple[list[Any], Any]]:
    if kind == "tekst":
        props = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
        return [([pikepdf.Name.Artifact, props], pikepdf.Operator("BDC"))]
    return [([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))]


def _objects(ops: list[Any]) -> list[tuple[int, int, str]]:
    """(first, last, kind) of each painting graphics object outside marked content; kind is
    "tekst" or "vorm". A text object with tagged content inside and clipping-only paths are left out."""
    found: list[tuple[int, int, str]] = []
    depth, i = 0, 0
    while i < len(ops):
        op = str(ops[i].operator)
        if op in ("BDC", "BMC"):
            depth += 1
        elif op == "EMC":
            depth -= 1
        elif depth == 0 and op == "BT":
            end = next((j for j in range(i, len(ops)) if str(ops[j].operator) == "ET"), len(ops) - 1)
            if not any(str(ops[j].operator) in ("BDC", "BMC") for j in range(i, end)):
                found.append((i, end, "tekst"))
            i = end
        elif depth == 0 and op in _PATH_START:
            end = i
            while end + 1 < len(ops) and str(ops[end].operator) not in _PATH_PAINT | _PATH_STOP:
                end += 1
            if str(ops[end].operator) in _PATH_PAINT:
                found.append((i, end, "vorm"))
            i = end
        elif depth == 0 and op in _XOBJECT:
            found.append((i, i, "vorm"))
        i += 1
    return found


def mark_artifacts(pdf: Any) -> list[int]:
    """Wrap untagged graphics objects in `/Artifact` sequences; returns how many per page."""
    import pikepdf

    counts = []
    for page in pdf.pages:
        ops = list(pikepdf.parse_content_stream(page))
        objects = _objects(ops)
        counts.append(len(objects))
        if not objects:
            continue
        out: list[Any] = []
        start = {first: kind for first, _, kind in objects}
        ends = {last for _, last, _ in objects}
        for i, instruction in enumerate(ops):
            if i in start:
                out.extend(_artifact(start[i], pikepdf))
            out.append(instruction)
            if i in ends:
                out.append(([], pikepdf.Operator("EMC")))
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    return counts


def describe_links(pdf: Any, texts: dict[str, str]) -> int:
    """`/Contents` for each link annotation that has none, from the text of its target's link;
    returns how many links are still without a description."""
    import pikepdf

    missing = 0
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != pikepdf.Name.Link or "/Contents" in annot:
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot:
                dest = annot.A.get("/D")
            text = texts.get(str(dest).lstrip("/")) if isinstance(dest, (pikepdf.Name, pikepdf.String)) else None
            if text:
                annot.Contents = pikepdf.String(f"Ga naar {text}")
            else:
                missing += 1
    return missing


def set_metadata(pdf: Any, title: str, lang: str = "nl-NL") -> None:
    """XMP metadata: title, language and the PDF/UA-1 identifier (Chromium writes no XMP)."""
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        meta["dc:language"] = [lang]
        meta["pdfuaid:part"] = "1"


def finish(pdf_file: Path, page: str, title: str) -> None:
    """Apply all of the above to `pdf_file` in place."""
    import pikepdf

    with pikepdf.open(pdf_file, allow_overwriting_input=True) as pdf:
        mark_artifacts(pdf)
        describe_links(pdf, link_texts(page))
        set_metadata(pdf, title)
        pdf.save(pdf_file)
