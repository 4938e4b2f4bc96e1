"""The layout of one edition's folder `OUT/<gemeente>/<periode>/` (INTERFACE §4).

Everything at the top of the folder is publishable as it is; everything exact or internal
(`kpis.csv`, the chapter inputs, the executed notebooks, the exact changes, the suppression audit,
logs) lives in `intern/`, readable by the user only. Editions written before this layout kept the
internal files at the top; `exact_figures` finds `kpis.csv` in either.
"""

from __future__ import annotations

import os
from pathlib import Path

INTERN = "intern"
FIGURES = "kpis.csv"
CIJFERS = "cijfers.csv"
ONDERDRUKKING = "onderdrukking.csv"  # in intern/: the publication decision the chapters print
# Modes set explicitly (not left to the umask): the folder holds exact small numbers about people.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def intern_dir(folder: str | Path) -> Path:
    """The internal folder of an edition folder (`<folder>/intern`); not created here."""
    return Path(folder) / INTERN


def exact_figures(folder: str | Path) -> Path | None:
    """The exact `kpis.csv` of an edition: `intern/kpis.csv`, or `kpis.csv` at the top of an
    edition written before the `intern/` layout; None when neither exists."""
    for path in (intern_dir(folder) / FIGURES, Path(folder) / FIGURES):
        if path.is_file():
            return path
    return None


def is_edition(folder: str | Path) -> bool:
    """Whether `folder` holds an edition to compare with: exact figures or published `cijfers.csv`."""
    return exact_figures(folder) is not None or (Path(folder) / CIJFERS).is_file()


def make_private(folder: str | Path) -> None:
    """`folder` and everything below it readable by the user only (dirs 0700, files 0600)."""
    folder = Path(folder)
    os.chmod(folder, PRIVATE_DIR)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(root, name), PRIVATE_DIR)
        for name in files:
            os.chmod(os.path.join(root, name), PRIVATE_FILE)


__all__ = ["CIJFERS", "FIGURES", "INTERN", "ONDERDRUKKING", "PRIVATE_DIR", "PRIVATE_FILE", "exact_figures",
           "intern_dir",
           "is_edition", "make_private"]
