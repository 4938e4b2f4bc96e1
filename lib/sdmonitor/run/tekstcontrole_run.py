"""The commentary check in a run: every analyst text of the edition held against the edition's
published figures before the chapters run (`publish.tekstcontrole`), the warnings written to
`intern/tekstcontrole.csv` and said in the run's summary; in strict mode (`--tekstcontrole
streng`, or `tekstcontrole: streng` in the municipality's parameters) a warning stops the run
(exit 4, nothing written)."""

from __future__ import annotations

from pathlib import Path

from sdmonitor.edition_folder import FIGURES, INTERN, ONDERDRUKKING
from sdmonitor.errors import TekstcontroleError, UsageError
from sdmonitor.parameters import Gemeente, analyst_commentary
from sdmonitor.periods import Periode
from sdmonitor.publish.tekstcontrole import Waarschuwing

FILE = "tekstcontrole.csv"
WAARSCHUWEN, STRENG = "waarschuwen", "streng"
MODES = (WAARSCHUWEN, STRENG)


def mode(gemeente: Gemeente, asked: str | None = None) -> str:
    """The check's mode: the command line's, else the parameters' `tekstcontrole`, else waarschuwen."""
    value = str(asked or gemeente.raw.get("tekstcontrole") or WAARSCHUWEN).strip().lower()
    if value not in MODES:
        raise UsageError(f"tekstcontrole '{value}' is onbekend; kies {' of '.join(MODES)}")
    return value


def check_edition(folder: Path, gemeente: Gemeente, periode: Periode) -> list[Waarschuwing]:
    """Check the edition's commentary against the figures the runner wrote into `folder/intern`
    and write `intern/tekstcontrole.csv` (a header only when all is well)."""
    from sdmonitor.figures.kpis import read_kpis_csv
    from sdmonitor.publish import tekstcontrole
    from sdmonitor.publish.suppression import Published, read_onderdrukking
    from sdmonitor.safe_output import write_atomically
    from sdmonitor.workbook import hoofdstuk_invoer

    intern = folder / INTERN
    figures = read_kpis_csv(intern / FIGURES)
    decision = intern / ONDERDRUKKING
    # The runner's publication decision; without one, the same rule decided here.
    pub = Published(figures, gemeente.drempel_kleine_aantallen,
                    onderdrukking=read_onderdrukking(decision) if decision.is_file() else None)
    invoer = intern / hoofdstuk_invoer.FILE
    bench = hoofdstuk_invoer.read(invoer).benchmark if invoer.is_file() else None
    ctx = tekstcontrole.context(pub.frame, periode, gemeente, bench)
    found = tekstcontrole.controleer(analyst_commentary(gemeente, str(periode)), ctx)
    table = tekstcontrole.als_tabel(found)
    write_atomically(intern / FILE, table.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return found


def enforce(found: list[Waarschuwing], how: str) -> None:
    """In strict mode a warning stops the publication."""
    if found and how == STRENG:
        lines = "\n".join(f"  - {w.regel()}" for w in found)
        raise TekstcontroleError(f"tekstcontrole (streng): {len(found)} bewering(en) in de duiding kloppen niet met "
                                 f"de cijfers; pas de tekst aan in parameters/ of draai zonder --tekstcontrole streng:\n"
                                 f"{lines}")


def summary(folder: Path) -> list[str]:
    """The lines the run's summary prints about the check (from `intern/tekstcontrole.csv`)."""
    import pandas as pd

    path = folder / INTERN / FILE
    if not path.is_file():
        return []
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    if rows.empty:
        return ["Tekstcontrole: de duiding klopt met de cijfers (geen waarschuwingen)."]
    out = [f"Tekstcontrole: {len(rows)} waarschuwing(en) in de duiding ({INTERN}/{FILE}):"]
    out += [f"  - {r.sectie}: \"{r.bewering}\" — {r.uitleg}" for r in rows.itertuples()]
    return out


__all__ = ["FILE", "MODES", "STRENG", "WAARSCHUWEN", "check_edition", "enforce", "mode", "summary"]
