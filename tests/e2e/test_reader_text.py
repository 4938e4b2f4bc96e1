"""What a reader of the demo reports sees: no internal names, true minus signs, one € style per table.

Reads the shared demo reports (conftest.py); needs no browser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.e2e
GEMEENTEN = ("wijchen", "druten")

# Internal names: snake_case identifiers (table and column names), figure-table indicators
# ("jeugd.kosten"), iStandaard code-list ids and message numbers ("JZ588", "307-bericht").
LEAKS = {
    "identifier": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "indicator": re.compile(r"\b(?:jeugd|wmo|toegang|klachten|bezwaren|smw|veilig_thuis|bevolking)\.[a-z_]+\b"),
    "codelijst": re.compile(r"\b(?:JZ|WMO|WJ|COD|JW|WMO)\d{3}\b"),
    "bericht": re.compile(r"\b\d{3}-bericht"),
}
HYPHEN_MINUS = re.compile(r"(?<![\w)\]–-])-\s?€?\s?\d")


class VisibleText(HTMLParser):
    """Text a reader sees or hears: element text, alt texts and aria-labels; per table its cells."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tables: list[list[str]] = []
        self._skip = 0
        self._cell: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self._skip += 1
        for key, value in attrs:
            if key in ("alt", "aria-label") and value:
                self.parts.append(value)
        if tag == "table":
            self.tables.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._skip -= 1
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


@pytest.fixture(params=GEMEENTEN)
def visible(request, reports):
    r, folder = reports[request.param]
    assert r.returncode == 0, r.stderr
    return VisibleText((folder / "monitor.html").read_text(encoding="utf-8"))


def test_no_internal_names_in_reader_text(visible):
    found = {kind: sorted(set(p.findall(visible.text)))[:10] for kind, p in LEAKS.items()}
    assert {k: v for k, v in found.items() if v} == {}


def test_negative_numbers_use_a_true_minus_sign(visible):
    hits = [visible.text[max(0, m.start() - 30):m.end() + 10] for m in HYPHEN_MINUS.finditer(visible.text)]
    assert hits == []


def test_one_euro_style_per_table(visible):
    mixed = []
    for cells in visible.tables:
        euros = [c for c in cells if "€" in c]
        styles = {"mln" if "mln" in c else "k" if re.search(r"\d\s?k\b", c) else "exact" for c in euros}
        if len(styles) > 1:
            mixed.append(euros[:6])
    assert mixed == []
