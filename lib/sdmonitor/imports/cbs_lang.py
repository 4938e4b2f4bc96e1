"""Long StatLine tables (03759ned, 85098NED, 86050NED/85043NED, 84849NED): one row per
combination of dimensions. Unused dimensions are reduced to their total; 03759ned gives `bevolking`
rows, the others `benchmark` rows; an empty result always says why."""

from __future__ import annotations

import re

from ..errors import InvalidDataError
from . import cbs_tabellen as T
from .cbs_csv import ColumnNumbers, Table, canon
from .cbs_regels import Rows, Selectie, add_benchmark, check, fmt, future, parse_year

_AGE = re.compile(r"^(\d+) jaar( of ouder)?$")


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
        if not values or _numeric(values):
            continue  # an unused measure
        totals = [v for v in values if T.is_total(v)]
        if len(values) == 1 and not totals:
            raise InvalidDataError(f"{table.source}: kolom '{column}' bevat alleen '{values[0]}', niet het totaal; "
                                   "de cijfers gelden dan voor een deel van de inwoners — kies in StatLine het "
                                   "totaal van deze uitsplitsing en download opnieuw")
        if len(values) == 1:
            continue
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
    out = Rows(table.source)
    unknown_regions: set[str] = set()
    other_periods = 0
    for k in keep:
        r = table.rows[k]
        where = table.where(k)
        gebied = sel.code(r[regio])
        if gebied is None:
            unknown_regions.add(r[regio])
            continue
        if not sel.keeps(gebied):
            continue
        year = parse_year(r[periode])
        if year is None:
            other_periods += 1  # a half year or quarter: the benchmark compares years
            continue
        future(year, sel, where)
        if tabel is T.BEVOLKING:
            _bevolking_row(out, r, leeftijd, gebied, year, readers, columns, where)
            continue
        for meting, i in columns.items():
            v = readers[meting].value(r[i])
            if v is None:
                continue
            check(v, table.columns[i], meting.geheel, meting.maximum, where, r[i])
            add_benchmark(out, gebied, meting.indicator, year, v, meting.eenheid)
    rows = list(out.rows.values())
    if unknown_regions:
        notes.append(f"{len(unknown_regions)} regio('s) zonder bekende code overgeslagen "
                     f"({', '.join(sorted(unknown_regions)[:3])}, ...; alleen gemeenten uit parameters/ en de "
                     "huisstijl zijn op naam bekend, een download met regiocodes heeft ze allemaal)")
    if other_periods:
        notes.append(f"{other_periods} regel(s) met een halfjaar of kwartaal overgeslagen "
                     "(de vergelijking is per jaar)")
    if out.dupes:
        notes.append(f"{out.dupes} dubbele regel(s) met dezelfde waarde één keer gebruikt")
    if not tabel.geverifieerd:
        notes.append(f"{tabel.naam}: kolommen herkend aan hun naam ("
                     f"{', '.join(table.columns[i] for i in columns.values())}), niet aan geverifieerde CBS-sleutels")
    _explain_empty(table, tabel, rows, sel, leeftijd, keep, regio)
    return tabel, rows, notes


def _bevolking_row(out: Rows, r: list[str], leeftijd: int | None, gebied: str, year: int,
                   readers: dict, columns: dict, where: str) -> None:
    assert leeftijd is not None
    m = _AGE.match(r[leeftijd].strip())
    if not m:
        return  # totals and age groups ("0 tot 5 jaar")
    meting, i = next(iter(columns.items()))
    v = readers[meting].value(r[i])
    if v is None:
        return
    check(v, "bevolking", True, None, where, r[i])
    age = str(min(int(m.group(1)), 105))
    row = {"gemeente": gebied, "jaar": str(year), "leeftijd": age, "aantal": fmt(v), "soort": "waarneming"}
    out.add((gebied, str(year), age), row, "aantal", f"leeftijd {age} van {gebied} in {year}")


def _explain_empty(table: Table, tabel: T.Tabel, rows: list[dict], sel: Selectie, leeftijd: int | None,
                   keep: list[int], regio: int) -> None:
    """No silent empty result: say why nothing was read."""
    if tabel is T.BEVOLKING and leeftijd is not None and keep:
        ages = {table.rows[k][leeftijd].strip() for k in keep}
        if not any(_AGE.match(a) for a in ages):
            sample = ", ".join(sorted(ages)[:3])
            raise InvalidDataError(f"{table.source}: Leeftijd bevat codes ({sample}, ...) in plaats van labels "
                                   "('0 jaar', '1 jaar', ...); download de tabel als 'CSV met labels' of "
                                   "gebruik --online")
    if sel.gemeente and not any((r.get("gemeente") or r.get("gebied")) == sel.gemeente for r in rows):
        present = sorted({table.rows[k][regio].strip() for k in keep})[:5]
        raise InvalidDataError(f"{table.source}: geen regels voor {sel.gemeente} (regio's in het bestand: "
                               f"{', '.join(present) or 'geen'}); download de tabel met deze gemeente erin")
    if not rows:
        raise InvalidDataError(f"{table.source}: geen bruikbare regels (geen gemeente of Nederland met een jaarcijfer)")
