"""The CBS tables `sdmonitor import cbs` knows, and how a column is recognised in each.

A table is recognised by its measure columns, not by its id (a StatLine download does not carry
it). Two kinds of knowledge, kept apart on purpose:

- *verified* column keys and codes: 03759ned (`BevolkingOp1Januari`, Geslacht `T001038`
  "Totaal mannen en vrouwen", BurgerlijkeStaat `T001019` "Totaal burgerlijke staat", v4 measure
  `M000352`) and the KWB columns read in a real KWB export (Almere 2018-2025, the project's reference copy);
- *by label*: 85098NED ("Indicatoren jeugdzorg in natura; gemeenten"), 86050NED / 85043NED
  ("Wmo-cliënten; type maatwerkvoorziening (detail), regio") and 84849NED ("Huiselijk geweld;
  rol/functie, organisatie, duur geweld, regio", Veilig Thuis registrations). Their table titles
  are from the CBS catalogue; their column keys could not be checked, so their measures are found
  by the words of the column's key or title (`jeugdzorg in natura`, `Wmo-cliënten`, `per 1 000
  inwoners`, `melding`, `advies`), and an ambiguous match is refused rather than guessed.

Every other dimension (geslacht, burgerlijke staat, type voorziening, rol, organisatie, ...) is
reduced to its total; `is_total` says what a total looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cbs_csv import canon

_TOTAL_CODE = re.compile(r"^T\d{6}$")  # CBS codes of totals: T001038, T001019


@dataclass(frozen=True)
class Meting:
    """One measure of a table and the benchmark indicator (or `bevolking`) it becomes."""

    indicator: str
    eenheid: str  # the benchmark row's eenheid (INTERFACE §3 units; per 1.000 has none)
    match: str  # regex on the canonical key or title (`canon`) of the column
    geheel: bool = False  # a count: a decimal value is refused
    maximum: float | None = None  # a percentage or per-1.000 rate cannot exceed it
    niet: str = ""  # regex that excludes (a rate column next to its count)
    procent_eenheid: bool = False  # only a column whose unit text is `%` (or a title saying percentage)


@dataclass(frozen=True)
class Tabel:
    """A CBS table: its measures, the columns of region and period, and dimensions it uses."""

    naam: str
    titel: str
    metingen: tuple[Meting, ...]
    geverifieerd: bool
    gebruikt: tuple[str, ...] = ()  # canonical names of dimensions that stay (leeftijd)
    online: tuple[str, ...] = ()  # table ids fetched by --online
    online_filter: str = ""  # extra OData filter of verified total codes (keeps the download small)


REGIO = ("regios", "regio", "gemeenten", "gemeente", "wijkenenbuurten", "codering", "gebied")
PERIODE = ("perioden", "periode", "jaar", "peildatum")
SKIP = ("id",)

BEVOLKING = Tabel(
    "03759ned", "Bevolking op 1 januari; leeftijd, geslacht, burgerlijke staat, regio",
    (Meting("bevolking", "aantal", r"^(bevolkingop1januari|m000352)$", geheel=True),),
    geverifieerd=True, gebruikt=("leeftijd",), online=("03759ned",),
    online_filter="Geslacht eq 'T001038' and BurgerlijkeStaat eq 'T001019'",
)
JEUGDZORG = Tabel(
    "85098NED", "Indicatoren jeugdzorg in natura; gemeenten",
    (Meting("jeugd.cbs_pct_jongeren_in_natura", "procent", r"jeugdzorginnatura|jeugdzorg", maximum=100.0,
            procent_eenheid=True),
     Meting("jeugd.cbs_jongeren_in_natura", "aantal", r"^(aantal)?jongerenmetjeugdzorginnatura$", geheel=True)),
    geverifieerd=False, online=("85098NED",),
)
WMO = Tabel(
    "86050NED", "Wmo-cliënten; type maatwerkvoorziening (detail), regio (ook 85043NED)",
    (Meting("wmo.cbs_clienten_per_1000", "", r"^(wmo)?clienten.*(per1000|relatief)", maximum=1000.0),
     Meting("wmo.cbs_clienten_maatwerk", "aantal", r"^(aantal)?(wmo)?clienten(met(een)?maatwerk\w*)?$", geheel=True)),
    geverifieerd=False, online=("86050NED",),
)
VEILIG_THUIS = Tabel(
    "84849NED", "Huiselijk geweld; rol/functie, organisatie, duur geweld, regio (Veilig Thuis)",
    (Meting("veilig_thuis.cbs_meldingen", "aantal", r"^(aantal)?meldingen", geheel=True, niet=r"per1000|relatief"),
     Meting("veilig_thuis.cbs_adviezen", "aantal", r"^(aantal)?advie(zen|s)", geheel=True, niet=r"per1000|relatief")),
    geverifieerd=False, online=("84849NED",),
)
LANG = (BEVOLKING, JEUGDZORG, WMO, VEILIG_THUIS)

# Kerncijfers wijken en buurten: base column -> (indicator, eenheid, decimals CBS publishes it with).
KWB_FIGURES = {
    "AantalInwoners": ("bevolking.cbs_inwoners", "aantal", 0),
    "JongerenMetJeugdzorgInNatura": ("jeugd.cbs_jongeren_in_natura", "aantal", 0),
    "PercentageJongerenMetJeugdzorg": ("jeugd.cbs_pct_jongeren_in_natura", "procent", 1),
    "WmoClienten": ("wmo.cbs_clienten_maatwerk", "aantal", 0),
    "WmoClientenRelatief": ("wmo.cbs_clienten_per_1000", "", 0),
}
KWB_MAXIMUM = {"PercentageJongerenMetJeugdzorg": 100.0, "WmoClientenRelatief": 1000.0}
# KWB table ids per peildatum year, for --online (the KWB reference notes: 2022 and 2023
# verified on cbs.nl, 2024 and 2025 from third-party code).
KWB_TABLES = {2022: "85318NED", 2023: "85618NED", 2024: "85984NED", 2025: "86165NED"}

# Indicators the import writes into `benchmark`: all declared in the indicator registry.
BENCHMARK_INDICATORS = tuple(sorted({m.indicator for t in LANG for m in t.metingen if m.indicator != "bevolking"}
                                    | {v[0] for v in KWB_FIGURES.values()} | {"bevolking.aandeel_65plus"}))


def is_total(value: str) -> bool:
    """A dimension value that is the total of its dimension (`Totaal ...` or a `T001038`-like code)."""
    value = value.strip()
    return bool(_TOTAL_CODE.match(value)) or canon(value).startswith("totaal")


def unit(name: str) -> str:
    """The unit in a StatLine column title: `Percentage (%)` -> `%`."""
    m = re.search(r"\(([^()]*)\)\s*$", name.strip())
    return m.group(1).strip() if m else ""


def matches(meting: Meting, column: str, title: str = "") -> bool:
    """Whether a column (key and/or title) is this measure."""
    names = [n for n in (column, title) if n]
    for name in names:
        text = canon(name)
        if not re.search(meting.match, text) or (meting.niet and re.search(meting.niet, text)):
            continue
        if meting.procent_eenheid:
            if unit(name) == "%" or text.startswith(("percentage", "aandeel")) or "relatief" in text:
                return True
            continue
        if meting.geheel and (unit(name) == "%" or text.startswith("percentage") or "relatief" in text):
            continue
        return True
    return False
