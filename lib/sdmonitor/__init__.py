"""Monitor Sociaal Domein: library behind the chapter notebooks and the `sdmonitor` command.

The package is grouped by the data flow (docs/architecture.md): `ingest` reads and validates the
input folder, `figures` computes the figure table, `publish` turns figures into what a reader sees
(Dutch formatting, small numbers, charts, elements, report, PDF), `workbook` is what the chapter
notebooks and the analyst call, and `run` is the command line and the runner; `imports` converts
iJw/iWmo messages and CBS exports into an input folder, and `demo` makes synthetic data.

The short names a notebook uses are importable from here (`from sdmonitor import open_monitor`,
`open_edition`, `charts`); they are resolved lazily, so `import sdmonitor` (the CLI, `--help`) does not pay
for pandas and the figure modules. A chapter's elements are methods of the Monitor (`m.bijstelling()`).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# short public name -> "module:attribute", or a module to import whole
_PUBLIC = {
    "open_monitor": "sdmonitor.workbook.monitor:open_monitor",
    "open_edition": "sdmonitor.workbook.edition:open_edition",
    "open_verkenner": "sdmonitor.workbook.verkenner:open_verkenner",
    "charts": "sdmonitor.publish.huisstijl",  # the analyst's house-style charts: charts.lijn, charts.staaf
}


def __getattr__(name: str) -> Any:
    target = _PUBLIC.get(name)
    if target is None:
        raise AttributeError(f"module 'sdmonitor' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    value = importlib.import_module(module)
    return getattr(value, attribute) if attribute else value


__all__ = ["__version__", "charts", "open_edition", "open_monitor", "open_verkenner"]  # = _PUBLIC
