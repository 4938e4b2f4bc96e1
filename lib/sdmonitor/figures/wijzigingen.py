"""What changed since the last edition: `wijzigingen.csv` (INTERFACE §4) and its summary.

This module makes the exact comparison, `intern/wijzigingen-exact.csv` (internal: it holds exact
small numbers; the chapter "Wat is er veranderd?" reads it and prints through the rule); the
published `wijzigingen.csv` compares published values (`publish.cijfers.compare_published`).

Two editions of the same gemeente are compared figure by figure (`kpis.csv`): one row for every
(indicator, periode, dimensie) present in both whose value changed, with `verschil = waarde -
waarde_vorige`. Revised past periods (late declarations) are included: that is the point.
Values equal to within float noise of a recomputation (1e-9 relative) count as unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from sdmonitor.edition_folder import exact_figures, is_edition
from sdmonitor.errors import UsageError
from sdmonitor.figures.kpis import format_waarde, read_kpis_csv
from sdmonitor.periods import Periode
from sdmonitor.safe_output import from_spreadsheet_text, spreadsheet_text

COLUMNS = ["indicator", "periode", "dimensie", "waarde_vorige", "waarde", "verschil"]
KEY = ["indicator", "periode", "dimensie"]
FILE = "wijzigingen.csv"  # the published comparison, at the top of the edition folder
EXACT_FILE = "wijzigingen-exact.csv"  # the exact one, in intern/ beside kpis.csv
_PERIODE_DIR = re.compile(r"^\d{4}-\d{2}$")
# Relative tolerance for "unchanged": only float noise of recomputing the same data (~1e-15);
# a real change can be tiny (a stable tariff moved by one late line: 8e-10).
TOLERANCE = 1e-12
# Smallest relative move of a closed-period figure that the chapter reports.
MIN_MOVE = 0.005


def previous_edition(gemeente_dir: Path, periode: Periode) -> Path | None:
    """The latest earlier edition under `OUT/<gemeente>/`: the folder named after the greatest
    periode before this one that holds an edition (`intern/kpis.csv`, an old layout's `kpis.csv`
    or `cijfers.csv`); None when there is none."""
    gemeente_dir = Path(gemeente_dir)
    if not gemeente_dir.is_dir():
        return None
    earlier = [p for p in gemeente_dir.iterdir()
               if p.is_dir() and _PERIODE_DIR.match(p.name) and p.name < str(periode) and is_edition(p)]
    return max(earlier, key=lambda p: p.name) if earlier else None


def resolve_vorige(vorige: str | Path | None, gemeente_dir: Path, periode: Periode, gemeente: str | None = None,
                   drempel: int | None = None) -> Path | None:
    """The earlier edition to compare with: `--vorige DIR` (must hold an edition, old or new
    layout) or the default. An edition whose manifest names another gemeente, a periode not
    before this one, or another small-numbers threshold is refused: the comparison would be
    meaningless (Wijchen's clients "revised" into Druten's)."""
    explicit = not (vorige is None or str(vorige) == "")
    folder = Path(vorige) if vorige is not None and explicit else previous_edition(gemeente_dir, periode)
    if folder is None:
        return None
    if explicit and not is_edition(folder):
        raise UsageError(f"--vorige '{folder}' is geen eerdere editie: er staat geen kpis.csv of cijfers.csv in")
    _check_comparable(folder, periode, gemeente, drempel)
    return folder


def _check_comparable(folder: Path, periode: Periode, gemeente: str | None, drempel: int | None) -> None:
    import json

    try:
        params = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("parameters", {})
    except (OSError, ValueError, AttributeError):
        return  # an edition without a readable manifest: nothing to check it against
    why = []
    if gemeente and params.get("gemeente") and params["gemeente"] != gemeente:
        why.append(f"het is een editie van {params.get('gemeente_naam') or params['gemeente']} "
                   f"({params['gemeente']}), niet van {gemeente}")
    if params.get("periode") and str(params["periode"]) >= str(periode):
        why.append(f"de periode {params['periode']} ligt niet vóór {periode}")
    if drempel is not None and params.get("drempel") is not None and int(params["drempel"]) != drempel:
        why.append(f"de drempel voor kleine aantallen was {params['drempel']}, nu {drempel}")
    if why:
        raise UsageError(f"--vorige '{folder}' is niet te vergelijken met deze editie: {'; '.join(why)}")


def compare(vorige: pd.DataFrame, huidige: pd.DataFrame) -> pd.DataFrame:
    """Rows present in both figure tables whose value changed (columns `COLUMNS`)."""
    old = vorige[KEY + ["waarde"]].rename(columns={"waarde": "waarde_vorige"})
    both = old.merge(huidige[KEY + ["waarde"]], on=KEY, how="inner")
    a, b = both["waarde_vorige"].to_numpy(dtype="float64"), both["waarde"].to_numpy(dtype="float64")
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1.0)
    one_missing = np.isnan(a) != np.isnan(b)
    changed = one_missing | (np.abs(b - a) > TOLERANCE * scale)
    out = both.loc[changed].copy()
    out["verschil"] = out["waarde"] - out["waarde_vorige"]
    return out[COLUMNS].sort_values(KEY, kind="mergesort").reset_index(drop=True)


def write_wijzigingen(table: pd.DataFrame, path: Path) -> None:
    """Write `wijzigingen.csv`: exactly `COLUMNS`, UTF-8, `,`, `.` decimal, full precision, `\\n`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in table[COLUMNS].itertuples(index=False):
        # A dimensie is a name from the input: never a formula when Excel opens the file.
        writer.writerow([spreadsheet_text(row.indicator), spreadsheet_text(row.periode), spreadsheet_text(row.dimensie),
                         format_waarde(row.waarde_vorige), format_waarde(row.waarde), format_waarde(row.verschil)])
    Path(path).write_bytes(buffer.getvalue().encode("utf-8"))


def read_wijzigingen(path: Path) -> pd.DataFrame:
    """A `wijzigingen.csv` as `write_wijzigingen` wrote it: texts as they were, numbers as floats."""
    frame = pd.read_csv(path, dtype={c: "str" for c in KEY}, keep_default_na=False,
                        na_values={c: [""] for c in ("waarde_vorige", "waarde", "verschil")})
    for column in KEY:
        frame[column] = frame[column].map(from_spreadsheet_text)
    return frame


def write_edition_changes(vorige_dir: Path | None, figures: pd.DataFrame, folder: Path) -> list[str]:
    """`wijzigingen-exact.csv` in `folder` against the exact figures of the edition in
    `vorige_dir`; nothing without one (or when it kept only published files). Returns the file
    names written."""
    exact = exact_figures(vorige_dir) if vorige_dir is not None else None
    if exact is None:
        return []
    write_wijzigingen(compare(read_kpis_csv(exact), figures), Path(folder) / EXACT_FILE)
    return [EXACT_FILE]


# --- summary for the chapter "Wat is er veranderd?" --------------------------------------------


def _value(table: pd.DataFrame, indicator: str, periode: str, dimensie: str = "", column: str = "verschil") -> float:
    hit = table[(table["indicator"] == indicator) & (table["periode"] == periode) & (table["dimensie"] == dimensie)]
    return float(hit[column].iloc[0]) if len(hit) else 0.0


def revisions(table: pd.DataFrame, wet: str, years: list[str]) -> pd.DataFrame:
    """Revised `<wet>.kosten` and `<wet>.clienten` of the given (past) years: vorige, nu, verschil."""
    hit = table[table["indicator"].isin([f"{wet}.kosten", f"{wet}.clienten"]) & table["periode"].isin(years)
                & (table["dimensie"] == "")]
    return hit.reset_index(drop=True)


def prognose_change(table: pd.DataFrame, wet: str, jaar: str) -> dict[str, float] | None:
    """The change in the prognosis and afwijking of year `jaar` split into causes (euros):

    - `laat`: late declarations for months already past in the earlier edition (the change of
      their expected final bedrag, `<wet>.kosten_verwacht` per month of the year);
    - `nieuw`: the months realised since, and the re-estimated months still to come (the rest
      of the change in the prognosis);
    - `begroting`: a changed begroting.
    `afwijking` = begroting - prognose. None when the earlier edition had no prognosis for the year.
    """
    has = table[(table["indicator"].isin([f"{wet}.prognose", f"{wet}.afwijking", f"{wet}.begroting",
                                          f"{wet}.kosten_verwacht"])) & (table["periode"].str[:4] == jaar)]
    if has.empty:
        return None
    months = table[(table["indicator"] == f"{wet}.kosten_verwacht") & (table["dimensie"] == "")
                   & (table["periode"].str.len() == 7) & (table["periode"].str[:4] == jaar)]
    prognose = _value(table, f"{wet}.prognose", jaar)
    laat = float(months["verschil"].sum())
    return {"prognose": prognose, "laat": laat, "nieuw": prognose - laat,
            "begroting": _value(table, f"{wet}.begroting", jaar),
            "afwijking": _value(table, f"{wet}.afwijking", jaar)}


# Derived figures and backtest bookkeeping move with every edition by construction: not news.
_NOT_NEWS = ("compleetheid", "kosten_verwacht", "clienten_verwacht", "backtest_", "prognose_", "nog_te_",
             "realisatie", "kalibratie", "dekking")


def largest_moves(table: pd.DataFrame, before: str, n: int = 5) -> pd.DataFrame:
    """The `n` figures of closed periods (periode before `before`, total rows) that moved most,
    relative to their earlier value."""
    closed = table[(table["periode"] < before) & (table["periode"].str.len() == 4) & (table["dimensie"] == "")]
    closed = closed[~closed["indicator"].str.split(".").str[-1].str.startswith(_NOT_NEWS)]
    closed = closed[closed["waarde_vorige"].abs() > 0]
    rel = (closed["verschil"] / closed["waarde_vorige"].abs()).rename("relatief")
    # Below half a percent a move is not news (and would print as "2,0% -> 2,0%").
    closed, rel = closed[rel.abs() >= MIN_MOVE], rel[rel.abs() >= MIN_MOVE]
    out = closed.assign(relatief=rel).reindex(rel.abs().sort_values(ascending=False).index)
    return out.head(n).reset_index(drop=True)


def earlier_periode(table: pd.DataFrame) -> str | None:
    """The earlier edition's periode as far as the changes show it: the last month whose expected
    final bedrag both editions hold and that changed (the earlier edition's newest month always
    does, as its declarations come in). None when no such month."""
    months = table.loc[table["indicator"].str.endswith(".kosten_verwacht") & (table["periode"].str.len() == 7),
                       "periode"]
    return str(months.max()) if len(months) else None


__all__ = ["COLUMNS", "EXACT_FILE", "FILE", "compare", "earlier_periode", "largest_moves", "previous_edition",
           "prognose_change", "resolve_vorige", "revisions", "write_edition_changes",
           "write_wijzigingen"]
