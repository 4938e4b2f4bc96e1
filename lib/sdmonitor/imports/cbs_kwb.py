"""Kerncijfers wijken en buurten (KWB): one row per area and year, one column suffix per KWB year.

The same figure has a different column suffix per KWB year (`WmoClienten_89`, `WmoClienten_98`:
the first filled one counts); codes are padded with spaces; a one-decimal percentage column in
which no value carries a separator lost it in the export (`114` is 11,4 %).
"""

from __future__ import annotations

import re

from ..errors import InvalidDataError
from . import cbs_tabellen as T
from .cbs_csv import ColumnNumbers, Table, has_separator
from .cbs_regels import Rows, Selectie, add_benchmark, check, future, parse_year


def _base(column: str) -> str:
    return re.sub(r"_\d+$", "", column.strip())


def is_kwb(table: Table) -> bool:
    """Whether a table is a KWB export (inhabitants per area code)."""
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
    out = Rows(table.source)
    peil = table.columns.index("Peildatum") if "Peildatum" in table.columns else None
    for k, r in enumerate(table.rows):
        where = table.where(k)
        gebied = sel.code(next((r[i] for i in code_cols if r[i].strip()), ""))
        if not sel.keeps(gebied):
            continue
        year = jaar or (parse_year(r[peil]) if peil is not None else None)
        if year is None:
            raise InvalidDataError(f"{where}: Peildatum '{r[peil] if peil is not None else ''}' "
                                   "bevat geen jaar")
        future(year, sel, where)
        values: dict[str, float | None] = {}
        for base in ("k_65JaarOfOuder", *T.KWB_FIGURES):
            filled = next((i for i in by_base.get(base, []) if readers[i].value(r[i]) is not None), None)
            if filled is None:
                values[base] = None
                continue
            v = readers[filled].value(r[filled])
            assert v is not None
            v = v / 10 ** restore.get(base, 0)
            check(v, base, base in ("AantalInwoners", "JongerenMetJeugdzorgInNatura", "WmoClienten",
                                     "k_65JaarOfOuder"),
                   T.KWB_MAXIMUM.get(base), where, r[filled])
            values[base] = v
        for base, (indicator, eenheid, _) in T.KWB_FIGURES.items():
            value = values[base]
            if value is not None:
                add_benchmark(out, gebied, indicator, year, value, eenheid)
        inwoners, plus65 = values["AantalInwoners"], values["k_65JaarOfOuder"]
        if inwoners and plus65 is not None:
            add_benchmark(out, gebied, "bevolking.aandeel_65plus", year, plus65 / inwoners, "fractie")
    return list(out.rows.values())
