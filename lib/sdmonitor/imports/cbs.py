"""`sdmonitor import cbs`: population (`bevolking`) and benchmark rows (`benchmark`) from CBS.

Files are read by `cbs_csv` (StatLine CSV with labels or codes, OData-column CSV, OData v3/v4
JSON; UTF-8, UTF-16 or cp1252) and recognised by their measure columns (`cbs_tabellen`):

- *Kerncijfers wijken en buurten* (KWB): one row per area and year (`Peildatum` 1-1-YYYY); the same
  figure has a different column suffix per KWB year (the first filled one counts); a one-decimal
  percentage column in which no value carries a separator lost it in the export (`114` is 11,4 %).
- *03759ned* -> `bevolking`; *85098NED*, *86050NED*/*85043NED*, *84849NED* -> `benchmark`.
  Dimensions the monitor does not use are reduced to their total (`Totaal burgerlijke staat`,
  `T001019`); a dimension with several values and no total is refused.

Refused, with one message and exit 3, before anything is written: a negative value, a decimal
count (`12,7` inwoners), a percentage above 100, two different values for one row, a year after
the current one, codes where labels are needed (Leeftijd `10010`), no rows for the asked
municipality. With `--gemeente G` the rows of G, the other municipalities of its region
(`regio_gemeenten` in parameters/) and the Netherlands (NL01) are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidDataError, UsageError
from . import cbs_tabellen as T
from .cbs_csv import ColumnNumbers, Table, canon, has_separator, read_table
from .tables import upsert_csv

_AGE = re.compile(r"^(\d+) jaar( of ouder)?$")
_YEAR = re.compile(r"^(\d{4})(JJ00)?\s*\**\s*$")
_CODE = re.compile(r"^(GM\d{4}|NL0[01])$")


@dataclass
class CbsResult:
    bevolking: int = 0
    benchmark: int = 0
    bron: str = ""
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"{self.bevolking} bevolkingsregel(s)"] if self.bevolking else []
        parts += [f"{self.benchmark} benchmarkregel(s)"] if self.benchmark else []
        text = f"{self.bron}: {' en '.join(parts) or 'geen regels'} geschreven"
        return "\n".join([text, *(f"- {n}" for n in self.notes)])


@dataclass(frozen=True)
class Selectie:
    """Which areas to keep (None: every municipality and NL01), names that stand for codes, and
    the current year (a later year cannot be observed yet)."""

    gebieden: frozenset[str] | None = None
    namen: tuple[tuple[str, str], ...] = ()
    jaar_nu: int = dt.date.today().year
    gemeente: str | None = None

    def code(self, text: str) -> str | None:
        text = (text or "").strip()
        upper = text.upper()
        if upper in ("NL00", "NL01", "NL"):
            return "NL01"
        if _CODE.match(upper):
            return upper
        return dict(self.namen).get(canon(text))

    def keeps(self, code: str | None) -> bool:
        if code is None or not (code.startswith("GM") or code == "NL01"):
            return False
        return self.gebieden is None or code in self.gebieden


def selectie(gemeente: str | None, regio: Iterable[str] = (), jaar_nu: int | None = None) -> Selectie:
    """The selection for `--gemeente` (its region and NL too), with the names CBS label files use."""
    from ..house_style import house_style
    from ..parameters import known_gemeenten

    namen = {"nederland": "NL01"}
    for code, naam in (house_style().get("gebieden") or {}).items():
        namen[canon(str(naam))] = str(code)
    for g in known_gemeenten():
        namen[canon(g.naam)] = g.code
    gebieden = frozenset({gemeente, "NL01", *regio}) if gemeente else None
    return Selectie(gebieden, tuple(sorted(namen.items())), jaar_nu or dt.date.today().year, gemeente)


def _year(text: str) -> int | None:
    m = _YEAR.match((text or "").strip())
    if m:
        return int(m.group(1))
    m = re.match(r"^\s*\d{1,2}-\d{1,2}-(\d{4})\s*$", text or "")  # KWB Peildatum 1-1-2023
    return int(m.group(1)) if m else None


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _check(value: float, meting_naam: str, geheel: bool, maximum: float | None, where: str, text: str) -> None:
    if value < 0:
        raise InvalidDataError(f"{where}: {meting_naam} is negatief ('{text}'); CBS publiceert geen negatieve "
                               "aantallen of percentages — is het bestand bewerkt?")
    if geheel and not float(value).is_integer():
        raise InvalidDataError(f"{where}: {meting_naam} '{text}' is geen geheel getal; een aantal personen "
                               "heeft geen decimalen (is de decimale komma of de duizendtallenpunt verkeerd gelezen?)")
    if maximum is not None and value > maximum:
        raise InvalidDataError(f"{where}: {meting_naam} '{text}' is groter dan {_fmt(maximum)}")


class _Rows:
    """Output rows by key: the same key twice with another value is refused, the same value kept once."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.rows: dict[tuple, dict] = {}
        self.dupes = 0

    def add(self, key: tuple, row: dict, value_field: str, what: str) -> None:
        old = self.rows.get(key)
        if old is None:
            self.rows[key] = row
        elif old[value_field] != row[value_field]:
            raise InvalidDataError(f"{self.source}: {what} staat twee keer in het bestand, met "
                                   f"{old[value_field]} en {row[value_field]}; welke geldt is niet te zeggen "
                                   "(staat er een uitsplitsing in die geen totaal heeft?)")
        else:
            self.dupes += 1


def _future(year: int, sel: Selectie, where: str) -> None:
    if year > sel.jaar_nu:
        raise InvalidDataError(f"{where}: jaar {year} ligt na het huidige jaar {sel.jaar_nu}; CBS-waarnemingen "
                               "uit de toekomst bestaan niet (een prognose hoort niet in deze import)")


# -- Kerncijfers wijken en buurten ---------------------------------------------------------------

def _base(column: str) -> str:
    return re.sub(r"_\d+$", "", column.strip())


def is_kwb(table: Table) -> bool:
    bases = {_base(c) for c in table.columns}
    return "AantalInwoners" in bases and bool(bases & {"Codering", "WijkenEnBuurten"})


def kwb_benchmark(table: Table, sel: Selectie, jaar: int | None = None) -> list[dict]:
    """Benchmark rows from a KWB table; `jaar` when it has no `Peildatum` (one KWB table = one year)."""
    by_base: dict[str, list[int]] = {}
    for i, column in enumerate(table.columns):
        by_base.setdefault(_base(column), []).append(i)
    code_cols = by_base.get("Codering", []) + by_base.get("WijkenEnBuurten", [])
    readers, restore = {}, {}
    for base, (_, _, decimals) in T.KWB_FIGURES.items():
        for i in by_base.get(base, []):
            readers[i] = ColumnNumbers([r[i] for r in table.rows], table.numbers, table.columns[i], table.source)
        restore[base] = 0 if has_separator([r[i] for r in table.rows for i in by_base.get(base, [])]) else decimals
    for i in by_base.get("k_65JaarOfOuder", []):
        readers[i] = ColumnNumbers([r[i] for r in table.rows], table.numbers, table.columns[i], table.source)
    out = _Rows(table.source)
    peil = table.columns.index("Peildatum") if "Peildatum" in table.columns else None
    for n, r in enumerate(table.rows, start=2):
        gebied = sel.code(next((r[i] for i in code_cols if r[i].strip()), ""))
        if not sel.keeps(gebied):
            continue
        year = jaar or (_year(r[peil]) if peil is not None else None)
        if year is None:
            raise InvalidDataError(f"{table.source}, regel {n}: Peildatum '{r[peil] if peil is not None else ''}' "
                                   "bevat geen jaar")
        _future(year, sel, f"{table.source}, regel {n}")
        values: dict[str, float | None] = {}
        for base in ("k_65JaarOfOuder", *T.KWB_FIGURES):
            filled = next((i for i in by_base.get(base, []) if readers[i].value(r[i]) is not None), None)
            if filled is None:
                values[base] = None
                continue
            v = readers[filled].value(r[filled])
            assert v is not None
            v = v / 10 ** restore.get(base, 0)
            _check(v, base, base in ("AantalInwoners", "JongerenMetJeugdzorgInNatura", "WmoClienten",
                                     "k_65JaarOfOuder"),
                   T.KWB_MAXIMUM.get(base), f"{table.source}, regel {n}", r[filled])
            values[base] = v
        for base, (indicator, eenheid, _) in T.KWB_FIGURES.items():
            value = values[base]
            if value is not None:
                _add_benchmark(out, gebied, indicator, year, value, eenheid)
        inwoners, plus65 = values["AantalInwoners"], values["k_65JaarOfOuder"]
        if inwoners and plus65 is not None:
            _add_benchmark(out, gebied, "bevolking.aandeel_65plus", year, plus65 / inwoners, "fractie")
    return list(out.rows.values())


def _add_benchmark(out: _Rows, gebied: str | None, indicator: str, year: int, value: float, eenheid: str) -> None:
    row = {"gebied": gebied, "indicator": indicator, "periode": str(year), "dimensie": "",
           "waarde": _fmt(value), "eenheid": eenheid}
    out.add((gebied, indicator, str(year)), row, "waarde", f"{indicator} van {gebied} in {year}")


# -- Long StatLine tables (03759ned, 85098NED, 86050NED, 84849NED) -------------------------------

def recognise(table: Table) -> tuple[T.Tabel, dict[T.Meting, int]]:
    """The known table whose measures this file has, with the column of each measure."""
    found = []
    for tabel in T.LANG:
        columns: dict[T.Meting, int] = {}
        for meting in tabel.metingen:
            hits = [i for i, c in enumerate(table.columns) if T.matches(meting, c, table.titles.get(c, ""))]
            hits = [i for i in hits if not any(i == j for j in columns.values())]
            if len(hits) > 1:
                names = ", ".join(f"'{table.columns[i]}'" for i in hits)
                raise InvalidDataError(f"{table.source}: meerdere kolommen passen bij {meting.indicator} ({names}); "
                                       "download alleen de kolom die de monitor gebruikt")
            if hits:
                columns[meting] = hits[0]
        if columns:
            found.append((tabel, columns))
    if not found:
        raise InvalidDataError(
            f"{table.source}: onbekend CBS-bestand (kolommen: {', '.join(table.columns[:8])}); verwacht een "
            "export van Kerncijfers wijken en buurten (AantalInwoners), 03759ned (Bevolking op 1 januari), "
            "85098NED (jeugdzorg in natura), 86050NED/85043NED (Wmo-cliënten) of 84849NED (Veilig Thuis)")
    if len(found) > 1:
        raise InvalidDataError(f"{table.source}: het bestand past bij meer dan één CBS-tabel "
                               f"({', '.join(t.naam for t, _ in found)}); download één tabel per bestand")
    return found[0]


def _role(table: Table, i: int) -> str:
    name = canon(table.columns[i])
    return "regio" if name in T.REGIO else "periode" if name in T.PERIODE else "skip" if name in T.SKIP else ""


def _total_filter(table: Table, tabel: T.Tabel, measure_cols: set[int]) -> tuple[list[int], list[str]]:
    """Rows left after reducing every unused dimension to its total, and a note per dimension."""
    keep = list(range(len(table.rows)))
    notes = []
    for i, column in enumerate(table.columns):
        if i in measure_cols or _role(table, i) or canon(column) in tabel.gebruikt:
            continue
        values = sorted({table.rows[k][i] for k in keep})
        if len(values) <= 1 or _numeric(values):
            continue  # one value (already a selection) or an unused measure
        totals = [v for v in values if T.is_total(v)]
        if not totals:
            shown = ", ".join(f"'{v}'" for v in values[:5])
            raise InvalidDataError(f"{table.source}: kolom '{column}' heeft {len(values)} waarden ({shown}, ...) en "
                                   "geen totaal; kies in StatLine het totaal van deze uitsplitsing (of laat de "
                                   "kolom weg) en download opnieuw")
        if len(totals) > 1:
            raise InvalidDataError(f"{table.source}: kolom '{column}' heeft meer dan één totaal "
                                   f"({', '.join(totals)}); welke bedoeld is, is niet te zeggen")
        keep = [k for k in keep if table.rows[k][i] == totals[0]]
        notes.append(f"{column}: alleen '{totals[0]}' gebruikt ({len(values) - 1} andere waarde(n) weggelaten)")
    return keep, notes


def _numeric(values: list[str]) -> bool:
    return all(re.fullmatch(r"-?[\d.,]+|[.x-]?", v.strip()) for v in values)


def long_rows(table: Table, sel: Selectie) -> tuple[T.Tabel, list[dict], list[str]]:
    """`bevolking` rows (03759ned) or benchmark rows of a recognised long table, with notes."""
    tabel, columns = recognise(table)
    regio = next((i for i in range(len(table.columns)) if _role(table, i) == "regio"), None)
    periode = next((i for i in range(len(table.columns)) if _role(table, i) == "periode"), None)
    if regio is None or periode is None:
        raise InvalidDataError(f"{table.source}: kolom met de regio of de perioden ontbreekt (kolommen: "
                               f"{', '.join(table.columns)}); download de tabel met de regio's en perioden erin")
    keep, notes = _total_filter(table, tabel, set(columns.values()))
    readers = {m: ColumnNumbers([table.rows[k][i] for k in keep], table.numbers, table.columns[i], table.source)
               for m, i in columns.items()}
    leeftijd = next((i for i, c in enumerate(table.columns) if canon(c) == "leeftijd"), None)
    if tabel is T.BEVOLKING and leeftijd is None:
        raise InvalidDataError(f"{table.source}: 03759ned zonder kolom Leeftijd")
    out = _Rows(table.source)
    unknown_regions: set[str] = set()
    other_periods = 0
    for k in keep:
        r = table.rows[k]
        where = f"{table.source}, regel {k + 2}"
        gebied = sel.code(r[regio])
        if gebied is None:
            unknown_regions.add(r[regio])
            continue
        if not sel.keeps(gebied):
            continue
        year = _year(r[periode])
        if year is None:
            other_periods += 1  # a half year or quarter: the benchmark compares years
            continue
        _future(year, sel, where)
        if tabel is T.BEVOLKING:
            _bevolking_row(out, r, leeftijd, gebied, year, readers, columns, where)
            continue
        for meting, i in columns.items():
            v = readers[meting].value(r[i])
            if v is None:
                continue
            _check(v, table.columns[i], meting.geheel, meting.maximum, where, r[i])
            _add_benchmark(out, gebied, meting.indicator, year, v, meting.eenheid)
    rows = list(out.rows.values())
    if unknown_regions:
        notes.append(f"{len(unknown_regions)} regio('s) zonder bekende code overgeslagen "
                     f"({', '.join(sorted(unknown_regions)[:3])}, ...)")
    if other_periods:
        notes.append(f"{other_periods} regel(s) met een halfjaar of kwartaal overgeslagen (de vergelijking is per jaar)")
    if out.dupes:
        notes.append(f"{out.dupes} dubbele regel(s) met dezelfde waarde één keer gebruikt")
    if not tabel.geverifieerd:
        notes.append(f"{tabel.naam}: kolommen herkend aan hun naam ("
                     f"{', '.join(table.columns[i] for i in columns.values())}), niet aan geverifieerde CBS-sleutels")
    _explain_empty(table, tabel, rows, sel, leeftijd, keep, regio)
    return tabel, rows, notes


def _bevolking_row(out: _Rows, r: list[str], leeftijd: int | None, gebied: str, year: int,
                   readers: dict, columns: dict, where: str) -> None:
    assert leeftijd is not None
    m = _AGE.match(r[leeftijd].strip())
    if not m:
        return  # totals and age groups ("0 tot 5 jaar")
    meting, i = next(iter(columns.items()))
    v = readers[meting].value(r[i])
    if v is None:
        return
    _check(v, "bevolking", True, None, where, r[i])
    age = str(min(int(m.group(1)), 105))
    row = {"gemeente": gebied, "jaar": str(year), "leeftijd": age, "aantal": _fmt(v), "soort": "waarneming"}
    out.add((gebied, str(year), age), row, "aantal", f"leeftijd {age} van {gebied} in {year}")


def _explain_empty(table: Table, tabel: T.Tabel, rows: list[dict], sel: Selectie, leeftijd: int | None,
                   keep: list[int], regio: int) -> None:
    """No silent empty result: say why nothing was read."""
    if tabel is T.BEVOLKING and leeftijd is not None and keep:
        ages = {table.rows[k][leeftijd].strip() for k in keep}
        if not any(_AGE.match(a) for a in ages):
            sample = ", ".join(sorted(ages)[:3])
            raise InvalidDataError(f"{table.source}: Leeftijd bevat codes ({sample}, ...) in plaats van labels "
                                   "('0 jaar', '1 jaar', ...); download de tabel als 'CSV met labels' of gebruik --online")
    if sel.gemeente and not any((r.get("gemeente") or r.get("gebied")) == sel.gemeente for r in rows):
        present = sorted({table.rows[k][regio].strip() for k in keep})[:5]
        raise InvalidDataError(f"{table.source}: geen regels voor {sel.gemeente} (regio's in het bestand: "
                               f"{', '.join(present) or 'geen'}); download de tabel met deze gemeente erin")
    if not rows:
        raise InvalidDataError(f"{table.source}: geen bruikbare regels (geen gemeente of Nederland met een jaarcijfer)")


# -- Writing --------------------------------------------------------------------------------------

def _write(out: Path, bevolking: list[dict], benchmark: list[dict], bron: str, notes: list[str]) -> CbsResult:
    if bevolking:
        upsert_csv(out, "bevolking", bevolking, ["gemeente", "jaar", "leeftijd", "soort"])
    if benchmark:
        upsert_csv(out, "benchmark", benchmark, ["gebied", "indicator", "periode", "dimensie"])
    return CbsResult(len(bevolking), len(benchmark), bron, notes)


def convert(table: Table, sel: Selectie) -> tuple[list[dict], list[dict], list[str]]:
    """(bevolking rows, benchmark rows, notes) of one table; refuses before anything is written."""
    if is_kwb(table):
        rows = kwb_benchmark(table, sel)
        if not rows:
            raise InvalidDataError(f"{table.source}: geen gemeenteregels"
                                   f"{' voor ' + sel.gemeente if sel.gemeente else ''}")
        if sel.gemeente and not any(r["gebied"] == sel.gemeente for r in rows):
            raise InvalidDataError(f"{table.source}: geen regels voor {sel.gemeente}")
        return [], rows, []
    tabel, rows, notes = long_rows(table, sel)
    return (rows, [], notes) if tabel is T.BEVOLKING else ([], rows, notes)


def import_csv(out: Path, path: Path, gemeente: str | None = None, sel: Selectie | None = None) -> CbsResult:
    """Import a downloaded CBS file (CSV or OData JSON) into `out` (rows of the same key are replaced)."""
    sel = sel or selectie(gemeente)
    table = read_table(path)
    bevolking, benchmark, notes = convert(table, sel)
    if table.skipped:
        notes.insert(0, f"{table.skipped} regel(s) met titel, eenheden of bronvermelding overgeslagen")
    return _write(out, bevolking, benchmark, path.name, notes)


def import_online(out: Path, sel: Selectie, timeout: float, fetch: object = None) -> CbsResult:
    """Fetch every known table for the selection from CBS open data; nothing is written unless all
    requests answered. A table CBS does not have or whose columns are not recognised is a note."""
    from . import cbs_online

    if not sel.gemeente or sel.gebieden is None:
        raise UsageError("--online vraagt om --gemeente (alle gemeenten ophalen is te groot)")
    if timeout <= 0:
        raise UsageError("--timeout moet een positief aantal seconden zijn")
    kwb_years = {tid: year for year, tid in T.KWB_TABLES.items()}
    bevolking: list[dict] = []
    benchmark: list[dict] = []
    kwb: list[dict] = []
    notes: list[str] = []
    args = (sorted(sel.gebieden), timeout) + ((fetch,) if fetch else ())
    for table_id, table in cbs_online.online_tables(*args):  # type: ignore[arg-type]
        if isinstance(table, str):
            notes.append(f"{table_id} niet gebruikt: {table}")
            continue
        try:
            if table_id in kwb_years:
                kwb += kwb_benchmark(table, sel, kwb_years[table_id])
                continue
            b, m, n = convert(table, sel)
        except InvalidDataError as exc:
            notes.append(f"{table_id} niet gebruikt: {exc}")
            continue
        bevolking, benchmark, notes = bevolking + b, benchmark + m, notes + n
    # A figure in its own table (85098NED, 86050NED) wins over the KWB copy, which CBS rounds to 5.
    own = {(r["gebied"], r["indicator"], r["periode"]) for r in benchmark}
    benchmark += [r for r in kwb if (r["gebied"], r["indicator"], r["periode"]) not in own]
    if not bevolking and not benchmark:
        raise InvalidDataError("CBS open data gaf geen bruikbare regels voor " + sel.gemeente + ": " + "; ".join(notes))
    return _write(out, bevolking, benchmark, "CBS open data", notes)
