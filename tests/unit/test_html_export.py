"""html_export: the template's page as rendered, without nbconvert's BeautifulSoup pass."""

import nbformat

from sdmonitor.publish.html_export import MonitorExporter

v4 = nbformat.v4


def page(markdown: str) -> str:
    notebook = v4.new_notebook(cells=[v4.new_markdown_cell(markdown)])
    html, _ = MonitorExporter(exclude_input=True).from_notebook_node(notebook)
    return html


def test_an_image_without_alt_text_gets_no_placeholder():
    # nbconvert's HTMLExporter writes "No description has been provided for this image" into it,
    # which would hide the missing alt text from the report's own check
    html = page('<img src="data:image/png;base64,iVBORw0KGgo=">')
    assert '<img src="data:image/png;base64,iVBORw0KGgo=">' in html
    assert "No description" not in html


def test_markup_is_kept_as_written():
    html = page('<p id="a" class="b">Kosten &amp; baten</p>')
    assert '<p id="a" class="b">Kosten &amp; baten</p>' in html
