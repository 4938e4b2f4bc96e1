"""The `sdmonitor` command line (INTERFACE.md §1). Each subcommand delegates to one library module.

Errors become one readable Dutch message and the contract's exit code; a bare traceback only
appears with `SDMONITOR_DEBUG=1`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from sdmonitor.errors import SdmonitorError, UsageError
from sdmonitor.termination import Terminated, on_sigterm


def _cmd_demo_data(args: argparse.Namespace) -> int:
    if args.lines is not None and args.scale != "national":
        raise UsageError("--lines hoort bij --scale national")
    if args.scale == "national":
        from sdmonitor.demo.national import DEFAULT_LINES, write_national

        lines = DEFAULT_LINES if args.lines is None else args.lines
        if lines < 1:
            raise UsageError("--lines moet 1 of meer zijn")
        write_national(Path(args.out), seed=args.seed, lines=lines)
        print(f"Landelijke demodata ({lines} regels) geschreven naar {args.out}")
        return 0
    from sdmonitor.demo import write_demo_data

    write_demo_data(Path(args.out), seed=args.seed)
    print(f"Demodata geschreven naar {args.out}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    folder = Path(args.data)
    if not folder.is_dir():
        raise UsageError(f"datamap '{folder}' bestaat niet of is geen map")
    from sdmonitor.cache_io import cache_root
    from sdmonitor.ingest.validation import validate_folder

    root = cache_root()
    if root is None:
        report = validate_folder(folder)
    else:  # the heavy tables in DuckDB, as a first command fills the cache: same report, bounded memory
        from sdmonitor.ingest import cold, store

        report = cold.report(folder, store.HEAVY, root / "work")
    if report.ok:
        from sdmonitor.ingest.coverage import dataset_warnings

        report.warnings = dataset_warnings(report.dataset, report.heavy_months)
    print(report.render())
    return 0 if report.ok else 3


def _cmd_kpis(args: argparse.Namespace) -> int:
    from sdmonitor.run.kpis_all import ALL

    if args.gemeente.strip().upper() == ALL:
        from sdmonitor.run.kpis_all import kpis_all_cli

        return kpis_all_cli(args)
    if args.workers is not None:
        raise UsageError("--workers hoort bij --gemeente ALL")
    from sdmonitor.parameters import resolve_gemeente
    from sdmonitor.periods import Periode, check_peildatum, parse_peildatum
    from sdmonitor.safe_output import check_figures_target, check_output_location
    from sdmonitor.workbook import edition_cache

    gemeente = resolve_gemeente(args.gemeente)
    periode = Periode.parse(args.periode)
    peildatum = parse_peildatum(args.peildatum)
    check_peildatum(periode, peildatum)
    check_output_location(Path(args.out), folder=False)
    folder = Path(args.data)
    if not folder.is_dir():
        raise UsageError(f"datamap '{folder}' bestaat niet of is geen map")
    check_figures_target(Path(args.out), folder, force=args.force)
    # The same figures as last time when nothing they depend on changed (inputs, parameters,
    # library): the edition cache that `open_edition` fills and reads too.
    key = edition_cache.edition_key(gemeente, periode, peildatum, folder)
    written = edition_cache.copy_figures(key, Path(args.out))
    if written is None:
        from sdmonitor.figures.kpis import command_lanes, write_kpis_csv
        from sdmonitor.ingest.dataset import load_dataset
        from sdmonitor.run.kpis_all import edition_figures

        dataset = load_dataset(folder, gemeente=gemeente.code)  # only its rows of the heavy tables
        table, bench, used = edition_figures(dataset, gemeente, periode, peildatum, lanes=command_lanes())
        edition_cache.store(key, table, bench, used, csv=write_kpis_csv(table, Path(args.out)))
        written = len(table)
    print(f"{written} cijfers geschreven naar {args.out}")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from sdmonitor.run.runner import run_cli

    return run_cli(args)


def _cmd_batch(args: argparse.Namespace) -> int:
    from sdmonitor.run.batch import batch_cli

    return batch_cli(args)


def _cmd_import(args: argparse.Namespace) -> int:
    from sdmonitor.imports.cli import run_import

    return run_import(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sdmonitor", description="Monitor Sociaal Domein")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("demo-data", help="schrijf een synthetische demodataset")
    s.add_argument("--out", required=True, help="doelmap")
    s.add_argument("--seed", type=int, default=2026, help="seed (zelfde seed, zelfde bytes)")
    s.add_argument("--scale", choices=["demo", "national"], default="demo",
                   help="demo: Wijchen en Druten (CSV); national: ~342 gemeenten, declaraties als Parquet")
    s.add_argument("--lines", type=int, default=None,
                   help="aantal declaratieregels bij --scale national (standaard 10.000.000)")
    s.set_defaults(func=_cmd_demo_data)

    s = sub.add_parser("validate", help="controleer een invoermap tegen het contract")
    s.add_argument("--data", required=True, help="invoermap")
    s.set_defaults(func=_cmd_validate)

    def common(s: argparse.ArgumentParser, gemeente_required: bool = True) -> None:
        s.add_argument("--data", required=True, help="invoermap")
        if gemeente_required:
            s.add_argument("--gemeente", required=True, help="CBS-code (GM0296) of naam (wijchen)")
        s.add_argument("--periode", required=True, help="laatste maand, YYYY-MM")

    s = sub.add_parser("kpis", help="bereken de cijfers (kpis.csv) zonder notebooks",
                       description="Bereken de cijfers (kpis.csv) zonder notebooks. Met --gemeente ALL: de cijfers "
                       "van elke gemeente in de declaraties in één doorgang; --out is dan een map en elke gemeente "
                       "krijgt <out>/<CBS-code>/kpis.csv. Een gemeente die mislukt, mislukt alleen (met de reden); "
                       "de andere worden geschreven en de afsluitcode is dan 4.")
    s.add_argument("--data", required=True, help="invoermap")
    s.add_argument("--gemeente", required=True,
                   help="CBS-code (GM0296) of naam (wijchen); ALL: alle gemeenten in de declaraties")
    s.add_argument("--periode", required=True, help="laatste maand, YYYY-MM")
    s.add_argument("--peildatum", help="YYYY-MM-DD (standaard: laatste ingediend_op)")
    s.add_argument("--out", required=True,
                   help="doelbestand (CSV); bij --gemeente ALL een map: <out>/<CBS-code>/kpis.csv")
    s.add_argument("--workers", type=int, default=None,
                   help="alleen bij --gemeente ALL: aantal processen dat cijfers berekent (standaard 2)")
    s.add_argument("--force", action="store_true",
                   help="schrijf ook in de invoermap of over een bestand dat geen kpis.csv van sdmonitor is")
    s.set_defaults(func=_cmd_kpis)

    s = sub.add_parser("run", help="voer de hoofdstuknotebooks uit en schrijf de monitor")
    common(s)
    s.add_argument("--peildatum", help="YYYY-MM-DD (standaard: laatste ingediend_op)")
    s.add_argument("--out", default=None, help="uitvoermap (standaard: reports/)")
    s.add_argument("--pdf", action="store_true", help="schrijf ook monitor.pdf")
    s.add_argument("--tekstcontrole", choices=["waarschuwen", "streng"], default=None,
                   help="controle van de duiding tegen de cijfers: waarschuwen (standaard) of streng "
                        "(een waarschuwing stopt de publicatie, exit 4)")
    s.add_argument("--vorige", default=None, help="map van een eerdere editie om mee te vergelijken "
                   "(standaard: de laatste eerdere periode van de gemeente onder --out)")
    s.set_defaults(func=_cmd_run)

    s = sub.add_parser("batch", help="'run' voor meerdere gemeenten")
    common(s, gemeente_required=False)
    s.add_argument("--gemeenten", default=None, help="G,G,... (standaard: alle uit parameters/)")
    s.add_argument("--peildatum", help="YYYY-MM-DD (standaard: laatste ingediend_op)")
    s.add_argument("--out", default=None, help="uitvoermap (standaard: reports/)")
    s.add_argument("--workers", type=int, default=1, help="aantal processen")
    s.add_argument("--executor", choices=["local", "dask"], default="local")
    s.add_argument("--scheduler", default=None, help="adres van een dask-scheduler")
    s.add_argument("--quiet", action="store_true",
                   help="geen voortgang en geen tabel (voor cron); fouten en het logboek onder OUT/logs/ blijven")
    s.set_defaults(func=_cmd_batch)

    s = sub.add_parser("import", help="importeer iStandaard-berichten of CBS-cijfers")
    from sdmonitor.imports.cli import add_arguments

    add_arguments(s)
    s.set_defaults(func=_cmd_import)
    return p


_CACHED_COMMANDS = ("validate", "kpis", "run", "batch")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        if args.command in _CACHED_COMMANDS:
            from sdmonitor.cache_io import cache_root

            cache_root()  # an unusable SDMONITOR_CACHE is a usage error (exit 2), said before any work
        return int(args.func(args))
    except SdmonitorError as exc:
        print(f"sdmonitor: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        print("sdmonitor: afgebroken", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    except OSError as exc:  # a write or read the library did not foresee: still no traceback
        if os.environ.get("SDMONITOR_DEBUG"):
            raise
        print(f"sdmonitor: lezen of schrijven mislukt: {exc}; er is niets gepubliceerd", file=sys.stderr)
        return 4
    except Exception as exc:
        if os.environ.get("SDMONITOR_DEBUG"):
            raise
        print(f"sdmonitor: onverwachte fout: {type(exc).__name__}: {exc} "
              "(zet SDMONITOR_DEBUG=1 voor details)", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
