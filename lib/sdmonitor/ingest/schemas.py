"""The input tables of INTERFACE.md §2: columns, types and allowed values, in one place.

Each table is a `TableSpec` (a list of `ColumnSpec`). From it come
- the typed shape of `Dataset` tables (`dtype` per column, see docs/architecture.md), and
- one pandera `DataFrameSchema` per table (`schema(name)`) that checks the single-column rules
  (allowed values, patterns, ranges, empties) on the *typed* frame.
Turning strings into types, rules that depend on another column (productcategorie per wet, verwijzer
jeugd only, begrotingspost per wet) and cross-row/cross-table rules live in `validation`, which
also turns every failure into a Dutch problem line. The Dutch `expected` text of a check is the
pandera check's `error`, so a pandera failure can be reported as is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from sdmonitor.ingest import codelists

if TYPE_CHECKING:
    import pandera.pandas as pa

GEMEENTE_PATTERN = r"^GM\d{4}$"

BEGROTINGSPOSTEN: dict[str, tuple[str, ...]] = {
    "jeugd": ("Dagbehandeling", "Verblijf", "Ambulant", "GGZ zorg", "Bescherming/reclassering",
              "PGB", "Overig"),
    "wmo": ("Huishoudelijke hulp", "Begeleiding", "Hulpmiddelen", "Dagbesteding",
            "Woonvoorzieningen", "PGB", "Overig"),
}
PRODUCTCATEGORIE_LIST = {"jeugd": "JZ020", "wmo": "WMO020"}
REDEN_EINDE_LIST = {"jeugd": "JZ588", "wmo": "WMO588"}

# kind -> pandas dtype of the typed Dataset column
DTYPES = {
    "str": "str",
    "date": "datetime64[ns]",
    "float": "float64",
    "int": "int64",
    "Int": "Int64",
    "bool": "bool",
}
# kind -> dtype while validating: nullable, so an empty value is reported instead of failing a cast
STAGE_DTYPES = {**DTYPES, "int": "Int64", "bool": "boolean"}


@dataclass(frozen=True)
class ColumnSpec:
    """One contract column. `kind` is one of DTYPES; `present=False`: the column may be left out of
    the file (it is then added empty); `nullable`: a value may be empty."""

    name: str
    kind: str = "str"
    present: bool = True
    nullable: bool = False
    allowed: tuple[str, ...] | None = None      # canonical values, matched case-insensitively
    pattern: str | None = None                  # regex on the canonical string
    pattern_text: str | None = None             # Dutch description of `pattern`
    codelist: str | None = None                 # code-list id (same list for every row)
    by_wet: dict[str, tuple[str, ...]] | None = None  # allowed values depending on `wet`
    by_wet_codelist: dict[str, str] | None = None     # code list depending on `wet`
    min: float | None = None
    max: float | None = None
    upper: bool = False                         # canonical form is upper-case (gemeente codes)
    open_end: bool = False                      # a date column where 9999-12-31 means "no end"
    only_wet: str | None = None                 # a value is allowed only for this `wet`

    @property
    def dtype(self) -> str:
        return DTYPES[self.kind]

    @property
    def stage_dtype(self) -> str:
        return STAGE_DTYPES[self.kind]


# How a `RowRule` compares its two columns (both present): the pandas and the DuckDB engine each
# implement these few operators; the rules themselves are declared once, below.
RULE_OPS = ("month_ne", "gt", "month_gt", "pos_neg", "neg_pos")


@dataclass(frozen=True)
class RowRule:
    """A rule between two columns of one row: `column` is reported when `left op right` holds
    (`month_ne`: other calendar month; `gt`: later; `month_gt`: a later month; `pos_neg`: left
    positive and right negative; `neg_pos` the reverse). `message` is filled with the row's text
    values (`{periode_begin}`)."""

    column: str
    left: str
    op: str
    right: str
    message: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    required: bool = False                      # the table must exist (INTERFACE §2 "required")
    key: tuple[str, ...] = field(default=())    # columns that identify a row (checked unique)
    rules: tuple[RowRule, ...] = field(default=())  # rules between two columns, in this order
    # Identical lines (all columns) are refused, except a re-declaration in a cell that also holds
    # a credit line (a negative value in one of `credit`); a cell is these columns, dates by month.
    duplicate_cell: tuple[str, ...] = field(default=())
    credit: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


def _gemeente(extra: str | None = None) -> ColumnSpec:
    if extra:
        return ColumnSpec("gemeente", pattern=rf"^(GM\d{{4}}|{extra})$",
                          pattern_text=f"een CBS-gemeentecode (GMxxxx) of {extra}", upper=True)
    return ColumnSpec("gemeente", pattern=GEMEENTE_PATTERN,
                      pattern_text="een CBS-gemeentecode (GMxxxx)", upper=True)


WET = ColumnSpec("wet", allowed=("jeugd", "wmo"))
JAAR = ColumnSpec("jaar", "int", min=1900, max=2100)
AANTAL = ColumnSpec("aantal", "int", min=0)

DECLARATIE_RULES = (
    RowRule("periode_eind", "periode_begin", "month_ne", "periode_eind",
            "waarde '{periode_eind}' ligt niet in dezelfde kalendermaand als periode_begin "
            "'{periode_begin}' — een declaratieregel beslaat één maand"),
    RowRule("periode_eind", "periode_begin", "gt", "periode_eind",
            "waarde '{periode_eind}' ligt vóór periode_begin '{periode_begin}'"),
    # Compared by month: a booking within the service month itself is plausible (PGB, per-month
    # arrangements); a service month after the month it was declared in cannot be real.
    RowRule("periode_begin", "periode_begin", "month_gt", "ingediend_op",
            "waarde '{periode_begin}' ligt in een latere maand dan ingediend_op '{ingediend_op}' — "
            "de zorgmaand ligt in de toekomst: gedeclareerd vóór de zorg geleverd is"),
    RowRule("volume", "bedrag", "pos_neg", "volume",
            "waarde '{volume}' — negatieve volume op een debetregel (bedrag '{bedrag}' is "
            "positief); volume en bedrag hebben hetzelfde teken"),
    RowRule("volume", "bedrag", "neg_pos", "volume",
            "waarde '{volume}' — positief volume op een creditregel (bedrag '{bedrag}' is "
            "negatief); volume en bedrag hebben hetzelfde teken"),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (
    TableSpec("declaraties", required=True, columns=(
        _gemeente(),
        WET,
        ColumnSpec("client_id"),
        ColumnSpec("geboortejaar", "Int", present=False, nullable=True, min=1900, max=2100),
        ColumnSpec("productcode"),
        ColumnSpec("productcategorie", by_wet_codelist=PRODUCTCATEGORIE_LIST),
        ColumnSpec("aanbieder"),
        ColumnSpec("verwijzer", present=False, nullable=True, codelist="COD327", only_wet="jeugd"),
        ColumnSpec("zorgvorm", allowed=("ZIN", "PGB")),
        ColumnSpec("periode_begin", "date"),
        ColumnSpec("periode_eind", "date"),
        ColumnSpec("volume", "float"),
        ColumnSpec("eenheid", codelist="WJ756"),
        ColumnSpec("bedrag", "float"),
        ColumnSpec("ingediend_op", "date"),
        # Written by the iStandaard import (323): the allocation a line is declared on, and the
        # line's ReferentieNummer (what a 325 retour names).
        ColumnSpec("toewijzing_id", present=False, nullable=True),
        ColumnSpec("referentie", present=False, nullable=True),
    ), rules=DECLARATIE_RULES,
       duplicate_cell=("gemeente", "wet", "client_id", "productcode", "periode_begin"),
       credit=("bedrag", "volume")),
    TableSpec("producten", required=True, key=("wet", "productcode"), columns=(
        WET,
        ColumnSpec("productcode"),
        ColumnSpec("omschrijving"),
        ColumnSpec("bouwsteen"),
        ColumnSpec("begrotingspost", by_wet=BEGROTINGSPOSTEN),
        ColumnSpec("eenheid", codelist="WJ756"),
    )),
    TableSpec("begroting", key=("gemeente", "jaar", "wet", "begrotingspost"), columns=(
        _gemeente(), JAAR, WET,
        ColumnSpec("begrotingspost", by_wet=BEGROTINGSPOSTEN),
        ColumnSpec("bedrag", "float"),
    )),
    TableSpec("nulmeting", key=("gemeente", "jaar", "wet", "bouwsteen"), columns=(
        _gemeente(), JAAR, WET,
        ColumnSpec("bouwsteen"),
        ColumnSpec("volume", "float"),
        ColumnSpec("bedrag", "float"),
    )),
    TableSpec("bevolking", key=("gemeente", "jaar", "leeftijd", "soort"), columns=(
        _gemeente("NL01"), JAAR,
        ColumnSpec("leeftijd", "int", min=0, max=105),
        AANTAL,
        ColumnSpec("soort", allowed=("waarneming", "prognose")),
    )),
    TableSpec("meldingen", key=("gemeente", "melding_id"), columns=(
        _gemeente(),
        ColumnSpec("melding_id"),
        ColumnSpec("zorgtype", allowed=("jeugd", "wmo-nieuw", "wmo-klassiek")),
        ColumnSpec("aangemeld_op", "date"),
        ColumnSpec("keukentafel_op", "date", nullable=True),
        ColumnSpec("afgesloten_op", "date", nullable=True),
        ColumnSpec("spoed", "bool"),
        ColumnSpec("uitkomst", present=False, nullable=True,
                   allowed=("informatie-advies", "vrij-toegankelijk", "maatwerk", "geen")),
    )),
    TableSpec("klachten_bezwaren", key=("gemeente", "id"), columns=(
        _gemeente(),
        ColumnSpec("id"),
        ColumnSpec("soort", allowed=("klacht", "bezwaar")),
        ColumnSpec("ontvangen_op", "date"),
        ColumnSpec("onderwerp", allowed=("jeugd", "wmo", "gehandicaptenparkeren",
                                         "leerlingenvervoer", "sociaal-team", "overig")),
        ColumnSpec("afhandeling", allowed=("informeel", "formeel")),
    )),
    TableSpec("tevredenheid", columns=(
        _gemeente(), JAAR,
        ColumnSpec("doelgroep", allowed=("jeugdigen", "ouders", "wmo")),
        ColumnSpec("vraag"),
        ColumnSpec("waarde", "float"),
        ColumnSpec("eenheid", allowed=("cijfer", "procent")),
        ColumnSpec("respons", "Int", present=False, nullable=True, min=0),
    )),
    TableSpec("smw", columns=(
        _gemeente(),
        ColumnSpec("schooljaar", pattern=r"^\d{4}-\d{4}$",
                   pattern_text="een schooljaar als 2025-2026"),
        ColumnSpec("onderwijs", allowed=("PO", "VO")),
        ColumnSpec("soort", allowed=("individueel", "groep")),
        AANTAL,
    )),
    TableSpec("veilig_thuis", columns=(
        _gemeente(), JAAR,
        ColumnSpec("kwartaal", "int", min=1, max=4),
        ColumnSpec("soort", allowed=("adviesvraag", "melding", "voorwaarden-en-vervolg",
                                     "onderzoek")),
        AANTAL,
    )),
    TableSpec("benchmark", columns=(
        ColumnSpec("gebied"),
        ColumnSpec("indicator"),
        ColumnSpec("periode", pattern=r"^\d{4}(-(0[1-9]|1[0-2]))?$",
                   pattern_text="een periode YYYY of YYYY-MM"),
        ColumnSpec("dimensie", nullable=True),
        ColumnSpec("waarde", "float"),
        ColumnSpec("eenheid", present=False, nullable=True),
    )),
    TableSpec("toewijzingen", columns=(
        _gemeente(), WET,
        ColumnSpec("client_id"),
        ColumnSpec("toewijzing_id"),
        ColumnSpec("productcode"),
        ColumnSpec("toegewezen_op", "date"),
        ColumnSpec("ingangsdatum", "date"),
        ColumnSpec("einddatum", "date", nullable=True, open_end=True),
        ColumnSpec("volume", "float"),
        ColumnSpec("eenheid", codelist="WJ756"),
        ColumnSpec("frequentie", codelist="WMO757"),
        ColumnSpec("reden_einde", present=False, nullable=True, by_wet_codelist=REDEN_EINDE_LIST),
        # Written by the iStandaard import (301); they let a request, a start message and a
        # declaration be matched to the allocation (docs/definitions.md, "Doorlooptijden").
        ColumnSpec("aanbieder", present=False, nullable=True),
        ColumnSpec("productcategorie", present=False, nullable=True, by_wet_codelist=PRODUCTCATEGORIE_LIST),
    )),
    # Project extension (docs/definitions.md): a municipality's own, finer budget lines, as named in
    # `begrotingsregels_<wet>` of its parameters (Druten's 13-line Jeugd table).
    TableSpec("begroting_regels", key=("gemeente", "jaar", "wet", "regel"), columns=(
        _gemeente(), JAAR, WET,
        ColumnSpec("regel"),
        ColumnSpec("bedrag", "float"),
    )),
    # Project extensions for seed elements the contract has no source for (docs/definitions.md,
    # "Optional tables"): without them the element says "niet beschikbaar".
    TableSpec("meerzorg", key=("gemeente", "jaar", "soort"), columns=(
        _gemeente(), JAAR,
        ColumnSpec("soort"),
        ColumnSpec("uren", "float", min=0),
        ColumnSpec("clienten", "Int", present=False, nullable=True, min=0),
    )),
    TableSpec("vrij_toegankelijk_aanbod", key=("gemeente", "jaar", "doelgroep", "aanbod"), columns=(
        _gemeente(), JAAR,
        ColumnSpec("doelgroep"),
        ColumnSpec("aanbod"),
        ColumnSpec("omschrijving", present=False, nullable=True),
        ColumnSpec("aanbieder", present=False, nullable=True),
        ColumnSpec("deelnemers", "Int", present=False, nullable=True, min=0),
    )),
    TableSpec("avan_passen", key=("gemeente", "maand"), columns=(
        _gemeente(),
        ColumnSpec("maand", pattern=r"^\d{4}-(0[1-9]|1[0-2])$", pattern_text="een maand als 2026-02"),
        ColumnSpec("pashouders", "int", min=0),
        ColumnSpec("gebruikers", "int", min=0),
    )),
    TableSpec("regionale_voorzieningen", key=("gebied", "jaar", "voorziening", "kenmerk"), columns=(
        ColumnSpec("gebied", pattern=r"^(GM\d{4}|regio)$", pattern_text="een CBS-gemeentecode (GMxxxx) of regio",
                   upper=False),
        JAAR,
        ColumnSpec("voorziening", allowed=("beschermd-wonen", "maatschappelijke-opvang")),
        ColumnSpec("kenmerk", allowed=("clienten", "meldingen", "wachtenden")),
        AANTAL,
    )),
)}

# The message chain (project extensions, written by `sdmonitor import istandaard`; docs/definitions.md
# "Optional tables"): without them the Doorlooptijden sections and the message quality table say
# "niet beschikbaar" and their figures are geen_gegevens.
_NULL_GEMEENTE = ColumnSpec("gemeente", pattern=GEMEENTE_PATTERN, pattern_text="een CBS-gemeentecode (GMxxxx)",
                            upper=True, nullable=True)
TABLES.update({t.name: t for t in (
    TableSpec("aanvragen", columns=(  # 315 verzoek om toewijzing
        _gemeente(), WET,
        ColumnSpec("client_id"),
        ColumnSpec("aanbieder"),
        # Product (categorie, code) is optional in the 315 and the 305/307 XSDs: a generic request or start.
        ColumnSpec("productcategorie", nullable=True, by_wet_codelist=PRODUCTCATEGORIE_LIST),
        ColumnSpec("productcode", nullable=True),
        ColumnSpec("verwijzer", nullable=True, codelist="COD327"),
        ColumnSpec("aangevraagd_op", "date"),
        ColumnSpec("ingangsdatum", "date", nullable=True),
        ColumnSpec("referentie", nullable=True),
    )),
    TableSpec("zorgmeldingen", columns=(  # 305 start zorg, 307 stop zorg
        _gemeente(), WET,
        ColumnSpec("client_id"),
        ColumnSpec("toewijzing_id"),
        ColumnSpec("aanbieder"),
        ColumnSpec("productcategorie", nullable=True, by_wet_codelist=PRODUCTCATEGORIE_LIST),
        ColumnSpec("productcode", nullable=True),
        ColumnSpec("soort", allowed=("start", "stop")),
        ColumnSpec("datum", "date"),
        ColumnSpec("reden", nullable=True, by_wet_codelist=REDEN_EINDE_LIST),
        ColumnSpec("gemeld_op", "date"),
    )),
    TableSpec("retouren", columns=(  # outgoing 325 retourbericht declaratie, one row per line and code
        _gemeente(), WET,
        ColumnSpec("aanbieder"),
        ColumnSpec("referentie"),
        ColumnSpec("client_id"),
        ColumnSpec("productcode", nullable=True),
        ColumnSpec("periode_begin", "date"),
        ColumnSpec("bedrag", "float"),
        ColumnSpec("retourcode", codelist="WJ001"),
        ColumnSpec("verzonden_op", "date"),
    )),
    TableSpec("berichten", columns=(  # one row per message the import saw
        # A skipped file (not an iStandaard message) may have no gemeente, type or date.
        _NULL_GEMEENTE,
        ColumnSpec("wet", nullable=True, allowed=("jeugd", "wmo")),
        ColumnSpec("berichttype", nullable=True, pattern=r"^(JW|WMO)\d{3}$",
                   pattern_text="een berichttype als JW323 of WMO301"),
        ColumnSpec("richting", allowed=("in", "uit")),
        ColumnSpec("aanbieder", nullable=True),
        ColumnSpec("dagtekening", "date", nullable=True),
        ColumnSpec("regels", "int", min=0),
        ColumnSpec("status", allowed=("verwerkt", "overgeslagen")),
        ColumnSpec("reden", nullable=True),
    )),
)})

REQUIRED_TABLES = tuple(n for n, t in TABLES.items() if t.required)


def codelist_text(list_id: str) -> str:
    """Dutch description of a code list for messages: `een WJ756-code (01, 04, 14, ...)`."""
    return f"een {list_id}-code ({', '.join(codelists.codes(list_id))})"


def only_wet_text(spec: ColumnSpec) -> str:
    return f"een lege {spec.name}: een {spec.name} hoort alleen bij wet {spec.only_wet}"


def allowed_text(values: tuple[str, ...]) -> str:
    return "een van " + ", ".join(values)


def range_text(spec: ColumnSpec) -> str:
    if spec.min is not None and spec.max is not None:
        return f"een waarde van {spec.min:g} t/m {spec.max:g}"
    if spec.min is not None:
        return f"een waarde van minstens {spec.min:g}"
    return f"een waarde van hoogstens {spec.max:g}"


def _checks(spec: ColumnSpec) -> list[pa.Check]:
    import pandera.pandas as pa

    checks = []
    if spec.allowed:
        checks.append(pa.Check.isin(spec.allowed, error=allowed_text(spec.allowed)))
    if spec.codelist:
        checks.append(pa.Check.isin(list(codelists.codes(spec.codelist)),
                                    error=codelist_text(spec.codelist)))
    if spec.pattern:
        checks.append(pa.Check.str_matches(spec.pattern, error=spec.pattern_text or spec.pattern))
    if spec.min is not None or spec.max is not None:
        lo = spec.min if spec.min is not None else float("-inf")
        hi = spec.max if spec.max is not None else float("inf")
        checks.append(pa.Check.in_range(lo, hi, error=range_text(spec)))
    return checks


@cache
def schema(table: str) -> pa.DataFrameSchema:
    """pandera schema of one table's frame as `validation` types it, before the final cast
    (ints as nullable `Int64`, bools as nullable `boolean`); `_file`/`_row` are provenance."""
    # pandera (0,2 s to import) only where input is validated: reading a cached input needs the
    # column types above, not the checks.
    import pandera.pandas as pa

    spec = TABLES[table]
    columns = {
        c.name: pa.Column(c.stage_dtype, checks=_checks(c), nullable=c.nullable, coerce=False)
        for c in spec.columns
    }
    columns["_file"] = pa.Column("str")
    columns["_row"] = pa.Column("int64")
    return pa.DataFrameSchema(columns, name=table, strict=False, ordered=False)
