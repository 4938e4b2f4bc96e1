"""`sdmonitor import cbs`: population (`bevolking`) and benchmark rows (`benchmark`) from CBS.

Two CSV shapes are recognised by their header:

- *Kerncijfers wijken en buurten* (KWB), as exported from StatLine/OData: one row per area and
  year (`Peildatum` 1-1-YYYY), gemeente rows kept (`GMxxxx`; `NL00` becomes `NL01`). Its traps are
  handled here: the same figure has a different column suffix per KWB year (`WmoClienten_89`,
  `WmoClienten_98`: the first filled one counts), codes are padded with spaces, `.` or empty is
  missing, and one-decimal percentages may come without their decimal separator (`114` for
  11,4 %): when no value of such a column in the whole file has a separator, it is divided by 10.
- *03759ned* (bevolking op 1 januari; leeftijd, regio): columns `Geslacht`, `Leeftijd`, `RegioS`,
  `Perioden`, `BevolkingOp1Januari_<n>`; the total of both sexes and single years of age
  (`0 jaar` .. `105 jaar of ouder`) become `bevolking` rows (`soort` waarneming).

`--online` reads the same tables through the `cbsodata` package (an optional dependency) and
feeds them to the same converters.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidDataError, UsageError
from .tables import upsert_csv

MISSING = {"", "."}
# KWB base column -> (benchmark indicator, eenheid, decimals CBS publishes it with)
KWB_FIGURES = {
    "AantalInwoners": ("bevolking.inwoners", "aantal", 0),
    "JongerenMetJeugdzorgInNatura": ("jeugd.jongeren_jeugdzorg_in_natura", "aantal", 0),
    "PercentageJongerenMetJeugdzorg": ("jeugd.pct_jeugdzorg_in_natura", "procent", 1),
    "WmoClienten": ("wmo.clienten_maatwerk", "aantal", 0),
    "WmoClientenRelatief": ("wmo.clienten_per_1000", "", 0),  # per 1.000 inwoners: no §3 unit
}
_SUFFIX = re.compile(r"_\d+$")
_AGE = re.compile(r"^(\d+) jaar( of ouder)?$")
# CBS KWB table ids per peildatum year, for --online (the reference README of the iStandaarden copy).
KWB_TABLES = {2022: "85318NED", 2023: "85618NED", 2024: "85984NED", 2025: "86165NED"}


@dataclass
class CbsResult:
    bevolking: int = 0
    benchmark: int = 0
    bron: str = ""

    def __str__(self) -> str:
        parts = [f"{self.bevolking} bevolkingsregel(s)"] if self.bevolking else []
        parts += [f"{self.benchmark} benchmarkregel(s)"] if self.benchmark else []
        return f"{self.bron}: {' en '.join(parts) or 'geen regels'} geschreven"


def _base(column: str) -> str:
    return _SUFFIX.sub("", column.strip())


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise UsageError(f"CSV-bestand '{path}' bestaat niet")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = fh.readline()
        fh.seek(0)
        sep = ";" if header.count(";") > header.count(",") else ","
        return list(csv.DictReader(fh, delimiter=sep))


def _number(text: str, restore: int) -> float | None:
    """A CBS number: missing is None; `restore` decimals are put back when the text has no separator."""
    text = (text or "").strip()
    if text in MISSING:
        return None
    if "," in text or "." in text:
        return float(text.replace(",", "."))
    return int(text) / (10 ** restore)


def _gebied(code: str) -> str:
    code = (code or "").strip().upper()
    return "NL01" if code in ("NL00", "NL01") else code


def kwb_benchmark(records: list[dict[str, str]], gemeente: str | None = None,
                  jaar: int | None = None) -> list[dict]:
    """Benchmark rows (`gebied,indicator,periode,dimensie,waarde,eenheid`) from KWB records.

    `jaar` is used when the records have no `Peildatum` (one KWB table = one year)."""
    if not records:
        return []
    by_base: dict[str, list[str]] = {}
    for column in records[0]:
        if column:
            by_base.setdefault(_base(column), []).append(column)
    code_cols = by_base.get("Codering", []) + by_base.get("WijkenEnBuurten", [])
    if not code_cols:
        raise InvalidDataError("geen kolom Codering of WijkenEnBuurten: is dit een KWB-bestand?")
    # A one-decimal column whose values never carry a separator lost it in the export.
    restore = {}
    for base, (_, _, decimals) in KWB_FIGURES.items():
        values = [r.get(c) or "" for r in records for c in by_base.get(base, [])]
        restore[base] = 0 if any(("," in v or "." in v.strip(".")) for v in values if v.strip() not in MISSING) \
            else decimals
    rows = []
    for r in records:
        gebied = _gebied(next((r[c] for c in code_cols if (r.get(c) or "").strip()), ""))
        if not (gebied.startswith("GM") or gebied == "NL01") or (gemeente and gebied != gemeente):
            continue
        year = jaar or _peiljaar(r.get("Peildatum", ""))
        values = {}
        for base in ("k_65JaarOfOuder", *KWB_FIGURES):
            texts = [r.get(c) or "" for c in by_base.get(base, [])]
            filled = next((t for t in texts if t.strip() not in MISSING), "")
            values[base] = _number(filled, restore.get(base, 0))
        for base, (indicator, eenheid, _) in KWB_FIGURES.items():
            if values[base] is not None:
                rows.append(_row(gebied, indicator, year, values[base], eenheid))
        inwoners, plus65 = values["AantalInwoners"], values["k_65JaarOfOuder"]
        if inwoners and plus65 is not None:
            rows.append(_row(gebied, "bevolking.aandeel_65plus", year, plus65 / inwoners, "fractie"))
    return rows


def _row(gebied: str, indicator: str, year: int, value: float, eenheid: str) -> dict:
    return {"gebied": gebied, "indicator": indicator, "periode": str(year), "dimensie": "",
            "waarde": repr(float(value)) if value != int(value) else str(int(value)), "eenheid": eenheid}


def _peiljaar(text: str) -> int:
    m = re.search(r"(\d{4})", text or "")
    if not m:
        raise InvalidDataError(f"Peildatum '{text}' bevat geen jaar")
    return int(m.group(1))


def bevolking_rows(records: list[dict[str, str]], gemeente: str | None = None,
                   regio: str | None = None) -> list[dict]:
    """`bevolking` rows from 03759ned records: both sexes, single years of age, 1 January.
    `regio` replaces the region column when the records carry names instead of codes (online)."""
    rows = []
    for r in records:
        cols = {_base(k): k for k in r if k}
        geslacht = (r.get(cols.get("Geslacht", ""), "") or "").strip()
        if geslacht and geslacht not in ("T001038", "Totaal mannen en vrouwen"):
            continue
        m = _AGE.match((r.get(cols.get("Leeftijd", ""), "") or "").strip())
        code = regio or _gebied(r.get(cols.get("RegioS", ""), "") or "")
        if not m or not (code.startswith("GM") or code == "NL01") or (gemeente and code not in (gemeente, "NL01")):
            continue
        aantal = _number(r.get(cols.get("BevolkingOp1Januari", ""), "") or "", 0)
        if aantal is None:
            continue
        jaar = re.match(r"\s*(\d{4})", r.get(cols.get("Perioden", ""), "") or "")
        if not jaar:
            continue
        rows.append({"gemeente": code, "jaar": jaar.group(1), "leeftijd": str(min(int(m.group(1)), 105)),
                     "aantal": str(int(aantal)), "soort": "waarneming"})
    return rows


def _write(out: Path, bevolking: list[dict], benchmark: list[dict], bron: str) -> CbsResult:
    if bevolking:
        upsert_csv(out, "bevolking", bevolking, ["gemeente", "jaar", "leeftijd", "soort"])
    if benchmark:
        upsert_csv(out, "benchmark", benchmark, ["gebied", "indicator", "periode", "dimensie"])
    return CbsResult(len(bevolking), len(benchmark), bron)


def import_csv(out: Path, path: Path, gemeente: str | None = None) -> CbsResult:
    """Import a downloaded KWB or 03759ned CSV into `out` (rows of the same key are replaced)."""
    records = _read_csv(path)
    header = {_base(c) for c in (records[0] if records else {})}
    if "BevolkingOp1Januari" in header:
        rows = bevolking_rows(records, gemeente)
        if not rows:
            raise InvalidDataError(f"{path.name}: geen regels met losse leeftijden voor {gemeente or 'een gemeente'}")
        return _write(out, rows, [], path.name)
    if "AantalInwoners" in header:
        rows = kwb_benchmark(records, gemeente)
        if not rows:
            raise InvalidDataError(f"{path.name}: geen gemeenteregels{' voor ' + gemeente if gemeente else ''}")
        return _write(out, [], rows, path.name)
    raise InvalidDataError(f"{path.name}: onbekend CBS-bestand; verwacht een export van Kerncijfers wijken en "
                           "buurten (kolom AantalInwoners) of van 03759ned (kolom BevolkingOp1Januari)")


def import_online(out: Path, gemeente: str | None) -> CbsResult:
    """Fetch 03759ned and the KWB tables for one gemeente through `cbsodata`; a clear Dutch
    `UsageError` (exit 2) when the package or the network is not there."""
    if not gemeente:
        raise UsageError("--online vraagt om --gemeente (alle gemeenten ophalen is te groot)")
    try:
        import cbsodata  # optional: only needed online
    except ImportError:
        raise UsageError("het pakket cbsodata is niet geïnstalleerd (pip install cbsodata); "
                         "gebruik anders --csv met een gedownload bestand") from None
    try:
        bevolking = bevolking_rows(
            cbsodata.get_data("03759ned", filters=f"RegioS eq '{gemeente}' and Geslacht eq 'T001038'"),
            regio=gemeente)
        benchmark = []
        for jaar, table in sorted(KWB_TABLES.items()):
            records = cbsodata.get_data(table, filters=f"WijkenEnBuurten eq '{gemeente.ljust(10)}'")
            records = [{k: "" if v is None else str(v) for k, v in r.items()} for r in records]
            benchmark += kwb_benchmark(records, gemeente, jaar)
    except OSError as exc:  # requests' ConnectionError is an OSError
        raise UsageError(f"CBS open data is niet bereikbaar ({type(exc).__name__}); controleer de "
                         "netwerkverbinding of gebruik --csv met een gedownload bestand") from None
    return _write(out, bevolking, benchmark, "CBS open data")
