"""A municipality's own heading texts (parameters `titels`), so a third municipality names its
sections as its council knows them without touching a notebook.

`titels` maps a heading of the project's chapter notebooks (its exact text, any level: "Wachtlijst",
"Ambulante jeugdhulp", "Wmo") to the municipality's own text ("Wachtlijsten", "Jeugdhulp ambulant").
The report keeps the heading's number and anchor; only the text changes, in the body and the
table of contents. Keys that match no heading do nothing; `headings()` lets a test (or an analyst)
check them against the notebooks.
"""

from __future__ import annotations

import json
from pathlib import Path

from sdmonitor.errors import UsageError
from sdmonitor.parameters import Gemeente
from sdmonitor.publish.report import _HEADING  # the report's own heading rule: a key matches what the report numbers


def eigen_titels(gemeente: Gemeente) -> dict[str, str]:
    """The `titels` mapping of the municipality's parameters ({} without one)."""
    raw = gemeente.raw.get("titels") or {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                            for k, v in raw.items()):
        raise UsageError(f"parameters van {gemeente.naam}: 'titels' moet per kop een tekst geven "
                         "(projectkop: eigen kop)")
    return {k.strip(): v.strip() for k, v in raw.items()}


def headings(notebook: Path) -> list[str]:
    """The heading texts (levels 1–3) of a chapter notebook's markdown cells."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    out = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        out += [m.group(2) for line in source.splitlines() if (m := _HEADING.match(line))]
    return out


__all__ = ["eigen_titels", "headings"]
