"""The files `run` writes before the chapters: the publication decided in a forked process beside
the exact files gives the very same files as decided in one process, also when that process
gives nothing back."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from figure_builders import WIJCHEN, dataset, line, periode

from sdmonitor import forked
from sdmonitor.figures import kpis
from sdmonitor.ingest.selection import select
from sdmonitor.run import edition_files


@pytest.fixture(scope="module")
def prepared() -> SimpleNamespace:
    # One jeugd client in 2025 (a count of 1: hidden) and three in 2026.
    sel = select(dataset([line("a", "2025-03", 2, 100.5), line("b", "2026-01", 1, 10.0),
                          line("c", "2026-01", 1, 20.0), line("d", "2026-02", 3, 7.25)]),
                 WIJCHEN, periode("2026-02"))
    return SimpleNamespace(figures=kpis.figure_table(sel), selection=sel)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_decision_beside_writes_the_same_files(tmp_path, prepared):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    names = edition_files.write_figures(prepared, prepared.selection.dataset, periode("2026-02"), one, lanes=1)
    assert edition_files.write_figures(prepared, prepared.selection.dataset, periode("2026-02"), two,
                                       lanes=2) == names
    assert files(two) == files(one)
    hidden = (one / "intern" / "onderdrukking.csv").read_text(encoding="utf-8").splitlines()
    assert "jeugd.clienten,2025,,primair" in hidden  # the one client of 2025


def test_a_decision_the_forked_process_does_not_give_is_made_here(tmp_path, prepared, monkeypatch):
    class Gone:
        def __init__(self, compute):
            pass

        def result(self):
            raise forked.Lost("killed")

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    edition_files.write_figures(prepared, prepared.selection.dataset, periode("2026-02"), one, lanes=1)
    monkeypatch.setattr(forked, "Beside", Gone)
    edition_files.write_figures(prepared, prepared.selection.dataset, periode("2026-02"), two, lanes=2)
    assert files(two) == files(one)
