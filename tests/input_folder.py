"""A tiny input folder for the unit tests of the store, the split and the all-municipalities pass:
the test's own declaraties (hand-built, readable in the test) and one product."""

from __future__ import annotations

from pathlib import Path

import pytest

PRODUCTEN = """wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid
jeugd,45A01,Begeleiding individueel,Reguliere begeleiding,Ambulant,04
"""


def input_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declaraties: str) -> Path:
    """`tmp_path/data` with `declaraties` and `PRODUCTEN`; the input cache in `tmp_path/cache`."""
    monkeypatch.setenv("SDMONITOR_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    (data / "declaraties.csv").write_text(declaraties, encoding="utf-8")
    (data / "producten.csv").write_text(PRODUCTEN, encoding="utf-8")
    return data
