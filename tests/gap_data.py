"""Demo data with the gaps a real municipality's data has: a source starting mid-way the report
window, a month missing inside it, no PGB lines at all, and (as the demo periode lies in it) a
school year to date. Shared by the tests that check every figure shows its status."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

MELDINGEN_START = "2023-07-01"   # the Sociaal Team's registration starts mid-2023 for Wijchen
MELDINGEN_GAT = "2025-03"        # and has no rows at all for March 2025
GEMEENTE = "GM0296"


def make_gap_data(demo: Path, out: Path) -> Path:
    """A copy of the demo folder `demo` in `out` with the gaps above (inputs are never modified)."""
    out.mkdir(parents=True, exist_ok=True)
    for path in demo.iterdir():
        if path.is_file() and not path.name.startswith("."):
            shutil.copy2(path, out / path.name)
    meldingen = pd.read_csv(demo / "meldingen.csv", dtype=str, keep_default_na=False)
    own = meldingen["gemeente"] == GEMEENTE
    early = meldingen["aangemeld_op"] < MELDINGEN_START
    gap = meldingen["aangemeld_op"].str.startswith(MELDINGEN_GAT)
    meldingen[~(own & (early | gap))].to_csv(out / "meldingen.csv", index=False)
    declaraties = pd.read_csv(demo / "declaraties.csv", dtype=str, keep_default_na=False)
    declaraties[declaraties["zorgvorm"] != "PGB"].to_csv(out / "declaraties.csv", index=False)
    return out
