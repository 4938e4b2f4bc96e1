"""The arguments of `sdmonitor import istandaard|cbs` (INTERFACE.md §1), kept out of `cli.py`."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InvalidDataError, UsageError
from .pseudonym import KEY_RULE, KEY_VARIABLE, MAKE_KEY

_ISTANDAARD_HELP = f"""\
Leest iJw/iWmo 3.2-berichten uit bestanden, mappen en zip-archieven (zonder uitpakken) in de
tabellen van --out. Andere XML en andere releases worden overgeslagen, elk met de reden.

Sleutel: het BSN wordt vervangen door een pseudoniem met de sleutel uit {KEY_VARIABLE}.
Eis aan de sleutel: {KEY_RULE} (maak er een met: {MAKE_KEY}). De map onthoudt een vingerafdruk van de sleutel (nooit de sleutel
zelf); een andere sleutel op dezelfde map wordt geweigerd (exit 2): gebruik de oorspronkelijke
sleutel, of importeer in een nieuwe map. Een waarde buiten het element Bsn die op een BSN lijkt
(9 cijfers, 11-proef) wordt vervangen door '*' en een pseudoniem.

Eén import tegelijk per map: een tweede wacht (hooguit SDMONITOR_IMPORT_WACHTTIJD seconden,
standaard 600) en weigert daarna. Tabellen en administratie worden samen vastgelegd; een
afgebroken import wordt bij de volgende import afgemaakt of opgeruimd."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `istandaard` and `cbs` sub-commands of `sdmonitor import`."""
    sub = parser.add_subparsers(dest="bron", required=True, metavar="BRON")
    s = sub.add_parser("istandaard", help="iJw/iWmo 3.2-berichten (301, 315, 323) naar declaraties en toewijzingen",
                       description=_ISTANDAARD_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("--out", required=True, help="invoermap waarin de tabellen komen (wordt aangevuld)")
    s.add_argument("paths", nargs="+", metavar="PATH",
                   help="berichten: bestanden, mappen (met submappen) of zip-archieven (ook geneste)")
    s.add_argument("--stil", action="store_true", help="geen voortgang tonen")
    s.add_argument("--workers", type=int, default=1, help="aantal processen dat berichten leest (standaard 1)")
    s = sub.add_parser("cbs", help="bevolking en benchmark uit CBS-cijfers")
    s.add_argument("--out", required=True, help="invoermap waarin bevolking/benchmark komen")
    source = s.add_mutually_exclusive_group(required=True)
    source.add_argument("--csv", help="download uit CBS StatLine (CSV met labels of codes, of OData-JSON): "
                        "03759ned, Kerncijfers wijken en buurten, 85098NED, 86050NED/85043NED of 84849NED")
    source.add_argument("--online", action="store_true", help="haal de cijfers op bij CBS open data")
    s.add_argument("--gemeente", default=None, help="CBS-code (GM0296) of naam; met de andere gemeenten van "
                   "haar regio en Nederland; standaard alle gemeenten")
    s.add_argument("--timeout", type=float, default=30.0,
                   help="seconden wachten op CBS open data per verzoek (standaard 30)")


def _istandaard(args: argparse.Namespace) -> int:
    from .istandaard import import_istandaard
    from .pseudonym import from_environment

    pseudonym = from_environment()  # refuses (exit 2) before anything is read
    if args.workers < 1:
        raise UsageError("--workers moet minstens 1 zijn")
    result = import_istandaard(Path(args.out), [Path(x) for x in args.paths], pseudonym,
                               progress=not args.stil, workers=args.workers)
    print(result.render())
    if result.mislukt:
        raise InvalidDataError(f"{len(result.mislukt)} bericht(en) niet geïmporteerd (zie de lijst hierboven); "
                               "de overige zijn wel geïmporteerd")
    return 0


def _cbs(args: argparse.Namespace) -> int:
    from . import cbs

    gemeente: str | None = None
    regio: tuple[str, ...] = ()
    if args.gemeente:
        from ..parameters import resolve_gemeente

        found = resolve_gemeente(args.gemeente)
        gemeente, regio = found.code, found.regio_gemeenten
    sel = cbs.selectie(gemeente, regio)
    if args.online:
        result = cbs.import_online(Path(args.out), sel, args.timeout)
    else:
        result = cbs.import_csv(Path(args.out), Path(args.csv), sel=sel)
    print(result)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Run `sdmonitor import <bron> ...`; returns the exit code."""
    return _istandaard(args) if args.bron == "istandaard" else _cbs(args)
