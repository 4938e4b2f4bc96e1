"""Structure of the committed chapter notebooks (contract between presentation and report)."""

import ast
import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CHAPTERS = ["00_inleiding", "01_toegang", "02_jeugd", "03_wmo", "04_veilig_thuis", "05_regio",
            "06_bijlage_kpi", "07_verantwoording", "08_contractering"]
PARAMETERS = ["gemeente", "periode", "peildatum", "data", "figures"]


def load(name):
    return json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_every_contract_chapter_exists():
    assert sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) == CHAPTERS


@pytest.mark.parametrize("name", CHAPTERS)
def test_committed_without_outputs(name):
    for cell in load(name)["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs", []) == []
            assert cell.get("execution_count") is None


@pytest.mark.parametrize("name", CHAPTERS)
def test_one_parameters_cell_with_the_five_typed_parameters(name):
    cells = [c for c in load(name)["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1
    tree = ast.parse(source(cells[0]))
    assigned = [(n.target.id, ast.unparse(n.annotation)) for n in tree.body if isinstance(n, ast.AnnAssign)]
    assert assigned == [(p, "str") for p in PARAMETERS]
    # Every parameter has a help comment for `papermill --help-notebook`.
    assert all("#" in line for line in source(cells[0]).splitlines())


@pytest.mark.parametrize("name", CHAPTERS)
def test_code_cells_only_call_the_library(name):
    for cell in load(name)["cells"]:
        if cell["cell_type"] != "code":
            continue
        text = source(cell)
        tree = ast.parse(text)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), text
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(m.split(".")[0] == "pandas" for m in modules), text
        assert "import pandas" not in text


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_starts_with_h1_title(name):
    first = load(name)["cells"][0]
    assert first["cell_type"] == "markdown"
    lines = source(first).splitlines()
    assert lines[0].startswith("# ") and not lines[0].startswith("## ")
    # Titles carry no number: the report numbers chapters.
    assert not lines[0][2:3].isdigit()
    h1 = [c for c in load(name)["cells"] if c["cell_type"] == "markdown"
          and any(line.startswith("# ") for line in source(c).splitlines())]
    assert len(h1) == 1


@pytest.mark.parametrize("name", CHAPTERS)
def test_papermill_documents_the_parameters(name):
    # A help comment containing "=" would make papermill skip the line (it cannot parse it).
    import papermill

    found = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert list(found) == PARAMETERS
    assert all(found[p]["help"] for p in PARAMETERS)


@pytest.mark.parametrize("name", CHAPTERS + ["verkenner"])
def test_notebooks_ask_for_the_kernel_make_registers(name):
    # `make kernel` (used by `make lab`) registers this name in .venv; `sdmonitor run` names its own
    # kernel and nbval runs with --nbval-current-env, so neither needs the registration.
    import re

    makefile = (NOTEBOOKS.parent / "Makefile").read_text(encoding="utf-8")
    registered = re.search(r"^KERNEL_NAME := (\S+)", makefile, re.MULTILINE).group(1)
    spec = load(name)["metadata"]["kernelspec"]
    assert (spec["name"], spec["language"]) == (registered, "python")
    assert "--nbval-current-env" in makefile
