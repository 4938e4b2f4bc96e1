"""The council's 25 KPIs (`data/kpi_catalogus.yaml`) → `kpi-overzicht.csv` (INTERFACE.md §4).

Every value is read from the figure table (`kpis.csv` rows), never recomputed from raw data, so
the overview and the report cannot disagree. A KPI without data says "niet beschikbaar" and why:
no source in the input at all (`bron: null`), a missing optional table, or no figure for the
periode. Which periode each KPI shows is documented in the catalogue header.

`status` is the figure's own status (`kpis.csv`); a calculation takes the weakest status of the
figures it reads (geen_gegevens, then deelperiode, then voorlopig); a KPI not available is
`geen_gegevens`. A figure whose source does not cover the periode says "geen gegevens over ...".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from sdmonitor import config, package_yaml
from sdmonitor.figures import kpi_referentie
from sdmonitor.figures.kpis import format_waarde
from sdmonitor.figures.rows import GEEN_GEGEVENS
from sdmonitor.house_style import house_style
from sdmonitor.periods import Periode
from sdmonitor.safe_output import from_spreadsheet_text, spreadsheet_text

# `indicator`/`dimensie`: the kpis.csv row the value comes from (empty for a calculation or when not
# available), so a reader can trace every KPI to its figure and the report can publish it through
# the small-numbers rule.
# Then what the value needs beside it: definition, previous value, norm or reference (`kpi_referentie`).
COLUMNS = ["nummer", "doel", "kpi", "waarde", "eenheid", "periode", "status", "toelichting", "indicator", "dimensie",
           *kpi_referentie.COLUMNS]
_NUMBERS = ("nummer", "waarde", "vorige_waarde", "referentie_waarde")
NIET_BESCHIKBAAR = "niet beschikbaar"
# Weakest first: a calculation is as final as the least final figure it reads.
STATUS_ORDE = (GEEN_GEGEVENS, "deelperiode", "voorlopig", "definitief")
EENHEDEN = {"aantal", "dagen", "procent", "fractie", "euro", "cijfer"}
RICHTINGEN = {"omhoog", "omlaag", "stabiel", "geen"}
PERIODES = {"jaar", "maand", "lopend_jaar", "laatst_beschikbaar"}
REFERENTIES = ("naar_rato", "landelijk")
REQUIRED_KEYS = ("nummer", "doel", "naam", "definitie", "eenheid", "bron", "gewenste_richting",
                 "hoofdstuk", "periode")
# Required input tables: a run cannot exist without them, so they never make a KPI unavailable.
ALWAYS_AVAILABLE = frozenset({"declaraties", "producten"})
N_KPIS = 25


# --- catalogue -----------------------------------------------------------------------------

def load_catalogue(path: Path | str = config.KPI_CATALOGUE) -> list[dict]:
    """The KPI catalogue, validated: 25 entries numbered 1..25, every key and source present.
    Read anew for each caller (libyaml: a few milliseconds), so each has its own entries."""
    return validate_catalogue(package_yaml.read(path))


def validate_catalogue(entries: Any) -> list[dict]:
    """Raise `ValueError` naming every problem; return the entries sorted by `nummer`."""
    if not isinstance(entries, list):
        raise ValueError("KPI-catalogus: verwacht een lijst van KPI's")
    problems: list[str] = []
    for i, entry in enumerate(entries, start=1):
        label = f"KPI {entry.get('nummer', f'#{i}')}" if isinstance(entry, dict) else f"item {i}"
        if not isinstance(entry, dict):
            problems.append(f"{label}: geen mapping")
            continue
        problems += [f"{label}: sleutel '{k}' ontbreekt" for k in REQUIRED_KEYS if k not in entry]
        if entry.get("eenheid") not in EENHEDEN:
            problems.append(f"{label}: onbekende eenheid {entry.get('eenheid')!r}")
        if entry.get("gewenste_richting") not in RICHTINGEN:
            problems.append(f"{label}: onbekende gewenste_richting {entry.get('gewenste_richting')!r}")
        if entry.get("periode") not in PERIODES:
            problems.append(f"{label}: onbekende periode {entry.get('periode')!r}")
        if entry.get("bron") is None:
            if not entry.get("reden"):
                problems.append(f"{label}: bron is leeg maar 'reden' ontbreekt")
            continue
        if not onderdelen(entry):
            problems.append(f"{label}: geen indicator, berekening of onderdelen")
        for part in onderdelen(entry):
            if not (part.get("indicator") or part.get("berekening")):
                problems.append(f"{label}: onderdeel {part.get('label')!r} zonder indicator of berekening")
            if part.get("berekening"):
                try:
                    resolve_berekening(part["berekening"])
                except LookupError as exc:
                    problems.append(f"{label}: {exc}")
            if part.get("eenheid") is not None and part["eenheid"] not in EENHEDEN:
                problems.append(f"{label}: onbekende eenheid {part['eenheid']!r}")
        for where in (entry, *onderdelen(entry)):
            if where.get("referentie") not in (None, *REFERENTIES):
                problems.append(f"{label}: onbekende referentie {where['referentie']!r}")
            if where.get("norm") is not None and not (isinstance(where["norm"], dict) and where["norm"].get("tekst")):
                problems.append(f"{label}: norm zonder tekst")
    numbers = [e.get("nummer") for e in entries if isinstance(e, dict)]
    if sorted(n for n in numbers if isinstance(n, int)) != list(range(1, N_KPIS + 1)) or len(numbers) != N_KPIS:
        problems.append(f"KPI-nummers moeten precies 1..{N_KPIS} zijn, elk één keer; gevonden: {numbers}")
    if problems:
        raise ValueError("KPI-catalogus ongeldig:\n- " + "\n- ".join(problems))
    return sorted(entries, key=lambda e: e["nummer"])


def onderdelen(entry: dict) -> list[dict]:
    """The value sources of one KPI: its `onderdelen`, or the KPI itself as one unlabelled source."""
    if entry.get("onderdelen"):
        return list(entry["onderdelen"])
    if entry.get("indicator") or entry.get("berekening"):
        keys = ("indicator", "dimensie", "berekening", "argumenten", "eenheid")
        return [{"label": None, **{k: entry[k] for k in keys if k in entry}}]
    return []


def resolve_berekening(name: str) -> Callable[..., float]:
    """A catalogue `berekening`: a function registered in `BEREKENINGEN` here or in `toewijzingen`.

    An explicit registry, so a typo or a helper's name in the catalogue cannot call arbitrary code.
    """
    from sdmonitor.figures import toewijzingen

    registry = {**BEREKENINGEN, **getattr(toewijzingen, "BEREKENINGEN", {})}
    if name not in registry:
        raise LookupError(f"berekening '{name}' bestaat niet (bekend: {', '.join(sorted(registry))})")
    return registry[name]


def reference_periode(kind: str, periode: Periode) -> str:
    """The periode a KPI of this `kind` shows (see the catalogue header for the reasons)."""
    if kind == "maand":
        return str(periode)
    if kind == "jaar":
        # The last complete calendar year: Y itself only when the periode is December.
        return str(periode.jaar if periode.maand == 12 else periode.jaar - 1)
    return str(periode.jaar)  # lopend_jaar; laatst_beschikbaar searches back from here


# --- figure look-ups and berekeningen --------------------------------------------------------

def _normalise(figures: pd.DataFrame) -> pd.DataFrame:
    out = figures.copy()
    if "status" not in out:
        out["status"] = ""  # a table written before statuses
    for col in ("indicator", "periode", "dimensie", "eenheid", "status"):
        out[col] = out[col].fillna("").astype("str")
    out["waarde"] = pd.to_numeric(out["waarde"], errors="coerce").astype("float64")
    return out


def _rows(figures: pd.DataFrame, indicator: str, periode: str) -> pd.DataFrame:
    return figures.loc[(figures["indicator"] == indicator) & (figures["periode"] == periode)
                       & figures["waarde"].notna()]


def figure_value(figures: pd.DataFrame, indicator: str, periode: str, dimensie: str = "") -> float:
    """One figure's waarde, or NaN when the figure table has no such row."""
    hit = _rows(figures, indicator, periode)
    hit = hit.loc[hit["dimensie"] == (dimensie or "")]
    return float(hit["waarde"].iloc[0]) if not hit.empty else float("nan")


def _aandeel(figures: pd.DataFrame, indicator: str, periode: str, dimensies: list[str]) -> float:
    """100 × the breakdown rows `dimensies` of `indicator` / the sum of all its breakdown rows."""
    per = _rows(figures, indicator, periode)
    per = per.loc[per["dimensie"] != ""]
    total = per["waarde"].sum()
    if per.empty or total == 0:
        return float("nan")
    return 100.0 * per.loc[per["dimensie"].isin(dimensies), "waarde"].sum() / total


def aandeel_uitkomst(figures: pd.DataFrame, periode: str, uitkomsten: list[str]) -> float:
    """100 × meldingen with one of `uitkomsten` / meldingen with any known uitkomst (`toegang.uitkomst`)."""
    return _aandeel(figures, "toegang.uitkomst", periode, uitkomsten)


def aandeel_verwijzer(figures: pd.DataFrame, periode: str, codes: list[str]) -> float:
    """100 × clients referred by `codes` / the sum over all COD327 verwijzers (`jeugd.verwijzer`)."""
    return _aandeel(figures, "jeugd.verwijzer", periode, codes)


# The count breakdown each share is computed from: a share reveals its counts (with a visible total),
# so it is not published when one of them is hidden (monitor.tabel_kpis, issue 9 §8).
SHARE_SOURCES = {"aandeel_uitkomst": "toegang.uitkomst", "aandeel_verwijzer": "jeugd.verwijzer"}


def _total(figures: pd.DataFrame, indicator: str, periode: str) -> float:
    """The total row, else the sum of the breakdown rows (a budget may only be given per post)."""
    hit = _rows(figures, indicator, periode)
    if (hit["dimensie"] == "").any():
        return float(hit.loc[hit["dimensie"] == "", "waarde"].iloc[0])
    return float(hit["waarde"].sum()) if not hit.empty else float("nan")


def uitnutting_begroting(figures: pd.DataFrame, periode: str, wetten: list[str]) -> float:
    """100 × Σ `<wet>.kosten_verwacht` / Σ `<wet>.begroting` over `wetten` for the (current) year.

    `kosten_verwacht` of the current year covers its months up to the periode, as they will be
    once all declarations are in: spend to date, not held down by declaration lag."""
    kosten = [_total(figures, f"{wet}.kosten_verwacht", periode) for wet in wetten]
    begroting = [_total(figures, f"{wet}.begroting", periode) for wet in wetten]
    if any(pd.isna(v) for v in kosten + begroting) or sum(begroting) == 0:
        return float("nan")
    return 100.0 * sum(kosten) / sum(begroting)


def _berekening_bronnen(part: dict) -> list[str]:
    """The indicators a calculation reads (for its status)."""
    name = part["berekening"]
    if name in SHARE_SOURCES:
        return [SHARE_SOURCES[name]]
    wetten = (part.get("argumenten") or {}).get("wetten", [])
    return [f"{wet}.kosten_verwacht" for wet in wetten]


def _reads(part: dict) -> list[str] | None:
    """Every indicator a part's value, status and earlier value read; None when that is not known
    (a calculation not listed here: it reads the whole table)."""
    name = part.get("berekening")
    if not name:
        return [str(part["indicator"])]
    if name in SHARE_SOURCES:
        return _berekening_bronnen(part)
    if name == "uitnutting_begroting":
        wetten = (part.get("argumenten") or {}).get("wetten", [])
        return [*_berekening_bronnen(part), *(f"{wet}.begroting" for wet in wetten)]
    return None


def _read_rows(figures: pd.DataFrame, catalogue: list[dict]) -> pd.DataFrame:
    """The rows of the indicators the catalogue reads: every lookup below filters the table by
    indicator, so the 25 KPIs need not scan the whole figure table a few hundred times."""
    names: set[str] = set()
    for entry in catalogue:
        for part in onderdelen(entry) if entry.get("bron") is not None else []:
            reads = _reads(part)
            if reads is None:
                return figures
            names.update(reads)
    return figures[figures["indicator"].isin(names)]


def _status(figures: pd.DataFrame, part: dict, periode: str) -> str:
    """The status of a KPI part for `periode`: its figure's, or the weakest of a calculation's."""
    hit = figures.loc[figures["periode"] == periode]
    if part.get("berekening") in SHARE_SOURCES:
        hit = hit.loc[hit["indicator"].isin(_berekening_bronnen(part)) & (hit["dimensie"] != "")]
    elif part.get("berekening"):  # totals: a post without data (PGB) does not void the whole sum
        hit = hit.loc[hit["indicator"].isin(_berekening_bronnen(part)) & (hit["dimensie"] == "")]
    else:
        hit = hit.loc[(hit["indicator"] == part["indicator"]) & (hit["dimensie"] == (part.get("dimensie") or ""))]
    present = set(hit["status"])
    return next((s for s in STATUS_ORDE if s in present), "")


BEREKENINGEN: dict[str, Callable[..., float]] = {
    "aandeel_uitkomst": aandeel_uitkomst,
    "aandeel_verwijzer": aandeel_verwijzer,
    "uitnutting_begroting": uitnutting_begroting,
}


# --- the overview ----------------------------------------------------------------------------

def _availability(source: Any) -> Callable[[str], bool]:
    """`table -> bool` from a Selection/Dataset (has `.has`) or an iterable of table names."""
    if hasattr(source, "has"):
        return lambda table: table in ALWAYS_AVAILABLE or bool(source.has(table))
    names = set(source or ())
    return lambda table: table in ALWAYS_AVAILABLE or table in names


def bron_naam(table: str) -> str:
    """The reader's name of an input table ('Registratie klachten en bezwaren gemeente'), from the
    house style; a report never shows internal table names such as `klachten_bezwaren`."""
    names = house_style().get("bron", {})
    return str(names.get(table, table.replace("_", " ")))


def _missing_tables_text(missing: list[str]) -> str:
    names = [f"‘{bron_naam(t)}’" for t in missing]
    if len(names) == 1:
        return f"{NIET_BESCHIKBAAR}: de bron {names[0]} is niet aangeleverd"
    return f"{NIET_BESCHIKBAAR}: de bronnen {', '.join(names[:-1])} en {names[-1]} zijn niet aangeleverd"


def _value(figures: pd.DataFrame, part: dict, periode: str) -> float:
    if part.get("berekening"):
        return float(resolve_berekening(part["berekening"])(figures, periode, **(part.get("argumenten") or {})))
    return figure_value(figures, part["indicator"], periode, part.get("dimensie") or "")


def _eenheid(figures: pd.DataFrame, part: dict, periode: str, fallback: str) -> str:
    """The figure row's own eenheid when it has one (a survey may give a cijfer or a procent)."""
    if part.get("indicator"):
        hit = _rows(figures, part["indicator"], periode)
        hit = hit.loc[(hit["dimensie"] == (part.get("dimensie") or "")) & (hit["eenheid"] != "")]
        if not hit.empty:
            return str(hit["eenheid"].iloc[0])
    return part.get("eenheid") or fallback


def _latest(figures: pd.DataFrame, part: dict, until: int) -> tuple[str, float]:
    """The most recent year <= `until` with a value for this source, or ("", NaN)."""
    years = sorted({p for p in figures["periode"].unique() if len(p) == 4 and p.isdigit() and int(p) <= until},
                   reverse=True)
    for year in years:
        value = _value(figures, part, year)
        if pd.notna(value):
            return year, value
    return "", float("nan")


def kpi_overzicht(figures: pd.DataFrame, selection_or_available_tables: Any, periode: Periode | str,
                  catalogue: list[dict] | None = None) -> pd.DataFrame:
    """One row per KPI (per onderdeel) with its value for the periode, or why it is not available."""
    periode = periode if isinstance(periode, Periode) else Periode.parse(str(periode))
    catalogue = load_catalogue() if catalogue is None else catalogue
    available = _availability(selection_or_available_tables)
    figures = _normalise(_read_rows(figures, catalogue))
    out: list[dict] = []
    for entry in catalogue:
        base = {"nummer": int(entry["nummer"]), "doel": entry["doel"]}
        naam = " ".join(t for t in (entry["naam"], entry.get("specificatie")) if t)
        target = reference_periode(entry["periode"], periode)
        if entry["periode"] == "laatst_beschikbaar":
            target = ""  # no year to name until a value is found
        if entry.get("bron") is None:
            reden = " ".join(str(entry["reden"]).split())
            out.append({**base, "kpi": naam, "waarde": float("nan"), "eenheid": entry["eenheid"],
                        "periode": target, "status": GEEN_GEGEVENS, "toelichting": f"{NIET_BESCHIKBAAR}: {reden}"})
            continue
        missing = [t for t in entry["bron"] if not available(t)]
        for part in onderdelen(entry):
            label = part.get("label")
            row = {**base, "kpi": f"{naam} ({label})" if label else naam}
            fallback_eenheid = part.get("eenheid") or entry["eenheid"]
            if missing:
                out.append({**row, "waarde": float("nan"), "eenheid": fallback_eenheid, "periode": target,
                            "status": GEEN_GEGEVENS, "toelichting": _missing_tables_text(missing)})
                continue
            if entry["periode"] == "laatst_beschikbaar":
                shown, value = _latest(figures, part, periode.jaar)
                note = f"meest recente cijfer t/m {periode.jaar}"
                empty_note = f"{NIET_BESCHIKBAAR}: geen cijfer t/m {periode.jaar}"
            else:
                shown, value = target, _value(figures, part, target)
                note = ""
                empty_note = f"{NIET_BESCHIKBAAR}: geen cijfer voor {target}"
            status = _status(figures, part, shown) if shown else ""
            if pd.isna(value) and status == GEEN_GEGEVENS and not part.get("berekening"):
                # The figure exists but its source does not cover the periode: say so, keep its keys.
                out.append({**row, "waarde": float("nan"), "eenheid": fallback_eenheid, "periode": shown,
                            "status": GEEN_GEGEVENS,
                            "toelichting": f"geen gegevens over {shown}: de bron dekt deze periode niet",
                            "indicator": str(part["indicator"]), "dimensie": str(part.get("dimensie") or "")})
                continue
            if pd.isna(value):
                out.append({**row, "waarde": float("nan"), "eenheid": fallback_eenheid, "periode": shown,
                            "status": GEEN_GEGEVENS, "toelichting": empty_note})
                continue
            bronnen = "; ".join(bron_naam(t) for t in entry["bron"])
            out.append({**row, "waarde": value, "eenheid": _eenheid(figures, part, shown, fallback_eenheid),
                        "periode": shown, "status": status,
                        "toelichting": "; ".join(t for t in (label, note, f"bron: {bronnen}") if t),
                        "indicator": "" if part.get("berekening") else str(part.get("indicator") or ""),
                        "dimensie": "" if part.get("berekening") else str(part.get("dimensie") or "")})
    frame = pd.DataFrame(out, columns=COLUMNS[:10])
    frame[["indicator", "dimensie", "status"]] = frame[["indicator", "dimensie", "status"]].fillna("")
    parts = [(e, p) for e in catalogue for p in ([None] if e.get("bron") is None else onderdelen(e))]
    frame = kpi_referentie.aanvullen(frame, parts, figures, periode, _value, _status,
                                     kpi_referentie.benchmark_of(selection_or_available_tables))
    return frame.astype({c: "float64" if c in _NUMBERS else "str" for c in COLUMNS} | {"nummer": "int64"})


def write_kpi_overzicht_csv(df: pd.DataFrame, path: Path | str) -> None:
    """Write the overview: UTF-8, `,`-separated, exact values (`.` decimal), empty when unavailable."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for rec in df[COLUMNS].itertuples(index=False):
        # Text cells (a dimensie is a name from the input) never start a formula; waarde is a number.
        after = map(spreadsheet_text, (rec.eenheid, rec.periode, rec.status, rec.toelichting, rec.indicator,
                                       rec.dimensie, rec.definitie, rec.vorige_periode))
        writer.writerow([format_waarde(rec.nummer), spreadsheet_text(rec.doel), spreadsheet_text(rec.kpi),
                         format_waarde(rec.waarde), *after, format_waarde(rec.vorige_waarde),
                         spreadsheet_text(rec.vorige_status), spreadsheet_text(rec.referentie),
                         format_waarde(rec.referentie_waarde), spreadsheet_text(rec.referentie_eenheid)])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def read_kpi_overzicht_csv(path: Path | str) -> pd.DataFrame:
    """An overview as `write_kpi_overzicht_csv` wrote it (the runner's copy, read by the KPI chapter)."""
    text = {c: "str" for c in COLUMNS if c not in _NUMBERS}
    frame = pd.read_csv(path, dtype=text, keep_default_na=False, na_values={c: [""] for c in _NUMBERS[1:]})
    for column in COLUMNS:
        if column not in frame:  # written before the column existed
            frame[column] = float("nan") if column in _NUMBERS else ""
    for column in text:
        if column in frame:
            frame[column] = frame[column].map(from_spreadsheet_text)
    return frame[COLUMNS].astype({c: "float64" for c in _NUMBERS} | {"nummer": "int64"})


def kpi_overzicht_for(figures: pd.DataFrame, selection: Any) -> pd.DataFrame:
    """Convenience for the runner and notebooks: the overview of one Selection's figure table."""
    return kpi_overzicht(figures, selection, selection.periode)


__all__ = ["COLUMNS", "NIET_BESCHIKBAAR", "aandeel_uitkomst", "aandeel_verwijzer", "figure_value",
           "kpi_overzicht", "kpi_overzicht_for", "load_catalogue", "read_kpi_overzicht_csv", "onderdelen",
           "reference_periode",
           "resolve_berekening", "uitnutting_begroting", "validate_catalogue", "write_kpi_overzicht_csv"]
