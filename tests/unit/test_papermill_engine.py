"""run/papermill_engine.py: which executed cells a kernel never announced."""

from __future__ import annotations

import nbformat

from sdmonitor.run import papermill_engine

v4 = nbformat.v4


def test_unannounced_cells_are_executed_code_cells_without_a_count():
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("# kop"), v4.new_code_cell("x = 1", execution_count=1),
                                v4.new_code_cell("y = 2"), v4.new_code_cell("   "),
                                v4.new_code_cell("z = 3", metadata={"tags": ["skip-execution"]})])
    assert papermill_engine.unannounced_cells(nb) == [2]  # an empty cell and a skipped one are never executed
