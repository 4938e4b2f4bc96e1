"""The bad-input corpus (tests/fixtures/bad_input/<case>/): one defect per case, one readable
problem naming file, row, column and value; exit code 3; nothing written into the data folder."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from cli_fork import run_cli

from sdmonitor.ingest.validation import validate_folder

pytestmark = pytest.mark.e2e

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bad_input"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file())


def _expected(case: str) -> dict:
    return json.loads((CORPUS / case / "expected.json").read_text(encoding="utf-8"))


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _sdmonitor(*args: str) -> subprocess.CompletedProcess:
    return run_cli(list(args), timeout=300)  # `python -m sdmonitor.run.cli ARGS`, a process of its own


def test_corpus_has_at_least_20_kinds():
    assert len(CASES) >= 20


def test_corpus_matches_its_generator(tmp_path):
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for case in CASES:
        for path in (tmp_path / case).rglob("*"):
            if path.is_file() and path.suffix != ".xlsx":  # xlsx holds a creation time
                assert path.read_bytes() == (CORPUS / case / path.relative_to(tmp_path / case)).read_bytes()


@pytest.mark.parametrize("case", CASES)
def test_one_problem_naming_file_row_column_value(case):
    expected = _expected(case)
    report = validate_folder(CORPUS / case)
    assert not report.ok and report.dataset is None
    assert len(report.problems) == 1, [p.message for p in report.problems]
    problem = report.problems[0]
    assert (problem.file, problem.row, problem.column, problem.value) == (
        expected["file"], expected["row"], expected["column"], expected["value"])
    assert expected["fragment"] in problem.message


@pytest.mark.parametrize("case", CASES)
def test_validate_exits_3_and_writes_nothing(case):
    folder = CORPUS / case
    before = _snapshot(folder)
    result = _sdmonitor("validate", "--data", str(folder))
    assert result.returncode == 3, result.stdout + result.stderr
    expected = _expected(case)
    where = expected["file"] or ""
    if expected["row"] is not None:
        where += f" rij {expected['row']}"
    if expected["column"]:
        where += f", kolom {expected['column']}"
    line = next((ln for ln in result.stdout.splitlines() if where and ln.strip().startswith(f"- {where}")
                 or not where and expected["fragment"] in ln), None)
    assert line is not None, result.stdout
    assert expected["fragment"] in line
    if expected["value"] is not None:
        assert f"'{expected['value']}'" in line
    assert "Traceback" not in result.stderr
    assert _snapshot(folder) == before


@pytest.mark.parametrize("case", CASES)
def test_kpis_exits_3_and_writes_nothing(case, tmp_path):
    if importlib.util.find_spec("sdmonitor.figures.kpis") is None:
        pytest.skip("sdmonitor.figures.kpis is not there yet")
    folder = CORPUS / case
    before = _snapshot(folder)
    out = tmp_path / "kpis.csv"
    result = _sdmonitor("kpis", "--data", str(folder), "--gemeente", "GM0296",
                        "--periode", "2025-03", "--out", str(out))
    assert result.returncode == 3, result.stdout + result.stderr
    assert _expected(case)["fragment"] in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert _snapshot(folder) == before


@pytest.mark.parametrize("case", CASES)
def test_run_exits_3_and_writes_nothing(case, tmp_path):
    # `run` validates before any notebook starts, so a bad input costs seconds, not a report.
    folder = CORPUS / case
    before = _snapshot(folder)
    out = tmp_path / "reports"
    result = _sdmonitor("run", "--data", str(folder), "--gemeente", "GM0296", "--periode", "2025-03",
                        "--out", str(out))
    assert result.returncode == 3, result.stdout + result.stderr
    assert _expected(case)["fragment"] in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.rglob("*"))
    assert _snapshot(folder) == before
