"""nbconvert's HTML exporter for the monitor, without the BeautifulSoup pass at its end.

`HTMLExporter.from_notebook_node` renders the template and then parses the whole page again with
BeautifulSoup, to give an image without alt text a placeholder and to make JupyterLab's cells
focusable, and serialises it anew: 0,4 s for a monitor of 3 MB, a third of the report step. The
monitor needs neither: an image without alt text fails the build (`report.check_html`) instead of
getting a placeholder, and its template has no `.jp-Notebook` wrapper for the tabindex selectors.
"""

from __future__ import annotations

from typing import Any

from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat import NotebookNode


class MonitorExporter(HTMLExporter):
    """`HTMLExporter` whose page is the template's output as rendered."""

    def from_notebook_node(self, nb: NotebookNode, resources: dict[str, Any] | None = None,  # type: ignore[override]
                           **kw: Any) -> tuple[str, dict[str, Any]]:
        """The page and its resources; the filters and resources `HTMLExporter` sets up, then the template."""
        info = nb.metadata.get("language_info", {})
        lexer = info.get("pygments_lexer", info.get("name", None))
        self.register_filter("highlight_code",
                             self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata,
                                                                       parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


__all__ = ["MonitorExporter"]
