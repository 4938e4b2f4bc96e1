"""Accuracy of the year-end prognosis under declaration-lag scenarios (run by hand, never a test).

Synthetic declaration lines (2021-01 .. 2025-12, both wetten, every line eventually declared, so
the true 2025 total is known; a line's bedrag is its volume times the product's tariff of the
year, as in an iJw/iWmo prestatie) in seven scenarios:

- stabiel: steady caseload, 3 % tariff indexation every January;
- groei: caseload growing 1 % a month;
- tariefstap: a 12 % tariff step in January 2025 (3 % before);
- kwartaalbatch: one provider (30 % of the money) declares each quarter in one batch, the 20th
  of the month after the quarter;
- nieuw_product: a product from July 2024 growing to a fifth of the money;
- uitfasering: a product (a quarter of the money) phased out linearly through 2024 to mid-2025;
- herindeling: a quarter of the money is one product billed per dagdeel until December 2024; from
  January 2025 it is split into four new products billed in hours (1 dagdeel = 4 uur) under a new
  contract, in the same begrotingspost and bouwsteen group (no succession declared: the method
  must detect it). Besides money, the volume prognosis of that bouwsteen in uren is measured.

For each scenario, seed and wet, the prognosis made at periode 2025-02 (peildatum 2025-03-10)
and 2025-03 (peildatum 2025-04-10) against the true 2025 total: the prognosis' error, the naive
run-rate's error (declared so far x 12 / months), and whether the true total lay in the
calibrated 80 % interval (`prognose_interval`).

The interval's scale per situation (`prognose_interval.TYPE_FACTORS`) is calibrated on the seeds
of `--kalibratie` (default 1-32: the 80th percentile of the scale each case needed, 128 cases per
situation); the other seeds (default 33-64) are the hold-out. `--voor REF` runs this same benchmark on the library of a
git commit too (cached per commit in the temp folder) and prints before and after side by side,
for the hold-out, the calibration seeds and all seeds:

    .venv/bin/python benchmarks/prognose_scenarios.py --voor 787c4db --jobs 2 [--seeds 1 2 ...] [--scenarios ...]

(8 minutes on 2 cores for the 64 seeds; the "before" library once more, slower.)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from sdmonitor.figures import prognose
from sdmonitor.figures import prognose_interval as pi
from sdmonitor.periods import Periode

SCENARIOS = ["stabiel", "groei", "tariefstap", "kwartaalbatch", "nieuw_product", "uitfasering", "herindeling"]
SEEDS = list(range(1, 65))
# The interval's scale per type is calibrated on these; the other seeds are the hold-out.
CALIBRATION_SEEDS = list(range(1, 33))
REPO = Path(__file__).resolve().parent.parent
# Hours per dagdeel in the herindeling scenario.
UREN_PER_DAGDEEL = 4.0
UUR, DAGDEEL = "04", "16"  # WJ756 unit codes
START, END = (2021, 1), (2025, 12)
# Share of a month's money declared 0, 1, 2, ... months after the service month.
LAG = {"jeugd": [0.05, 0.45, 0.2, 0.1, 0.06, 0.04, 0.03, 0.02, 0.02, 0.01, 0.01, 0.01],
       "wmo": [0.1, 0.55, 0.15, 0.08, 0.04, 0.03, 0.02, 0.01, 0.01, 0.01]}
LINES = {"jeugd": 500, "wmo": 700}          # lines per service month at the start
MEAN = {"jeugd": 1500.0, "wmo": 700.0}      # mean bedrag per line at the start
SEASON = np.array([1.0, 1.0, 1.02, 1.0, 1.0, 0.98, 0.93, 0.88, 1.0, 1.03, 1.02, 0.95])
CUTS = [(Periode(2025, 2), date(2025, 3, 10)), (Periode(2025, 3), date(2025, 4, 10))]


def _months() -> list[tuple[int, int]]:
    out, (y, m) = [], START
    while (y, m) <= END:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _tariff(scenario: str, y: int) -> float:
    steps = [(0.12 if scenario == "tariefstap" and j == 2025 else 0.03) for j in range(START[0] + 1, y + 1)]
    return float(np.prod([1 + s for s in steps]))


def _share(scenario: str, k: int, y: int, m: int) -> tuple[float, float]:
    """(base multiplier, special product multiplier) for month number k since the start."""
    if scenario == "groei":
        return 1.01 ** k, 0.0
    if scenario == "nieuw_product":
        since = (y - 2024) * 12 + m - 7
        return 1.0, 0.0 if since < 0 else min(0.25, 0.25 * (since + 1) / 12)
    if scenario == "uitfasering":
        since = (y - 2024) * 12 + m - 1
        return 1.0, 0.33 * float(np.clip(1 - since / 18, 0, 1))
    if scenario == "herindeling":
        return 0.75, 0.25
    return 1.0, 0.0


def generate(scenario: str, seed: int) -> pd.DataFrame:
    """Enriched declaration lines of one scenario (both wetten), every line eventually declared."""
    rng = np.random.default_rng(seed)
    frames = []
    for wet in ("jeugd", "wmo"):
        lag = np.array(LAG[wet]) / np.sum(LAG[wet])
        for k, (y, m) in enumerate(_months()):
            base, special = _share(scenario, k, y, m)
            n_base = rng.poisson(LINES[wet] * base * SEASON[m - 1])
            n_special = rng.poisson(LINES[wet] * special * SEASON[m - 1])
            n = n_base + n_special
            # A line is its volume times the product's tariff of the year (as an iJw/iWmo prestatie:
            # GeleverdVolume x ProductTarief); the volume per line varies, the tariff does not.
            units = rng.gamma(4.0, 0.25, n)
            amount = units * MEAN[wet] * _tariff(scenario, y)
            post = np.where(np.arange(n) < n_base, "Basis", "Bijzonder")
            provider = np.where(rng.random(n) < 0.3, "batch", "regulier")
            code, bouwsteen, volume = post.astype(object), post.astype(object), units
            eenheid = np.full(n, UUR, dtype=object)
            if scenario == "herindeling":
                special = np.arange(n) >= n_base
                post = np.where(special, "Dagbehandeling", "Basis")
                bouwsteen = post.astype(object)
                if y >= 2025:  # split into four hour products; same money per dagdeel
                    code = np.where(special,
                                    np.array(["DB-U1", "DB-U2", "DB-U3", "DB-U4"])[rng.integers(0, 4, n)], code)
                    volume = np.where(special, UREN_PER_DAGDEEL * units, units)
                else:
                    code = np.where(special, "DB-DAGDEEL", code)
                    eenheid = np.where(special, DAGDEEL, eenheid)
            lags = rng.choice(len(lag), size=n, p=lag)
            day = rng.integers(1, 29, n)
            when = pd.to_datetime({"year": y + (m - 1 + lags) // 12, "month": (m - 1 + lags) % 12 + 1, "day": day})
            if scenario == "kwartaalbatch":
                q_end = ((m - 1) // 3) * 3 + 3  # last month of the quarter
                batch = provider == "batch"
                bm = q_end + 1  # the month after the quarter, on the 20th
                when = when.where(~batch, pd.Timestamp(year=y + (bm - 1) // 12, month=(bm - 1) % 12 + 1, day=20))
            maand = f"{y:04d}-{m:02d}"
            frames.append(pd.DataFrame({
                "wet": wet, "client_id": [f"{wet}{i}" for i in range(n)], "productcode": code, "maand": maand,
                "jaar": y, "ingediend_op": when.to_numpy(), "volume": volume, "eenheid": eenheid, "bedrag": amount,
                "begrotingspost": post, "bouwsteen": bouwsteen, "zorgvorm": "ZIN",
                "aanbieder": np.where(provider == "batch", "A-batch", "A-regulier")}))
    lines = pd.concat(frames, ignore_index=True)
    lines["ingediend_op"] = lines["ingediend_op"].astype("datetime64[ns]")
    return lines


def _succeeded(known: pd.DataFrame) -> pd.DataFrame:
    """The lines with detected product successions applied (none before issue 23's method)."""
    try:
        from sdmonitor.figures import opvolging
    except ImportError:
        return known
    return opvolging.apply(known, opvolging.successions(known, None))


def evaluate(lines: pd.DataFrame, periode: Periode, peildatum: date) -> pd.DataFrame:
    """Per wet: prognose, naive run-rate, truth (all 2025 lines), errors, interval held; the
    volume prognosis' error of the bouwsteen Dagbehandeling where it exists (herindeling)."""
    truth = lines[lines["jaar"] == periode.jaar].groupby("wet")["bedrag"].sum()
    known = _succeeded(prognose.cut(lines, periode, peildatum))
    volume_truth = lines[(lines["jaar"] == periode.jaar) & (lines["bouwsteen"] == "Dagbehandeling")]
    volume_truth = volume_truth.groupby("wet")["volume"].sum()
    volume = prognose.forecast(known[known["bouwsteen"] == "Dagbehandeling"], ["wet"], periode, peildatum,
                               value="volume").set_index("wet")["prognose"] if not volume_truth.empty else None
    z = pi.origins(known, periode, peildatum)
    types = pi.edition_types(known, periode, peildatum)
    now = pi.current(known, periode, peildatum)
    raw = pi.interval(now, z, 1.0)
    raw = raw[raw["begrotingspost"] == ""].set_index("wet")
    made = pi.interval(now, z, pi.type_factors(types))
    made = made[made["begrotingspost"] == ""].set_index("wet")
    rows = []
    for wet in ("jeugd", "wmo"):
        true = float(truth[wet])
        prog = float(made.loc[wet, "prognose"])
        naive = prognose.naive_run_rate(known[known["wet"] == wet], periode, peildatum)
        rows.append({"wet": wet, "fout_prognose_pct": 100 * (prog - true) / true,
                     "fout_naief_pct": 100 * (naive - true) / true,
                     "interval_pct": f"{100 * (made.loc[wet, 'prognose_laag'] - true) / true:+.1f} .. "
                                     f"{100 * (made.loc[wet, 'prognose_hoog'] - true) / true:+.1f}",
                     "type": types.get(wet, ""), "nodig": _needed(raw.loc[wet], true),
                     "binnen": bool(made.loc[wet, "prognose_laag"] <= true <= made.loc[wet, "prognose_hoog"]),
                     "fout_volume_pct": (np.nan if volume is None else
                                         100 * (float(volume[wet]) - float(volume_truth[wet]))
                                         / float(volume_truth[wet]))})
    return pd.DataFrame(rows)


def _needed(row: pd.Series, true: float) -> float:
    """The scale of the uncalibrated (factor 1) interval this case needed to hold its outcome."""
    prog = float(row["prognose"])
    if true >= prog:
        room = float(row["prognose_hoog"]) - prog
        return (true - prog) / room if room > 0 else (0.0 if true == prog else np.inf)
    room = prog - float(row["prognose_laag"])
    return (prog - true) / room if room > 0 else np.inf


def calibrate(table: pd.DataFrame) -> pd.Series:
    """Per edition type: the smallest scale holding 80 % of its cases (the 80th percentile)."""
    return table.groupby("type")["nodig"].quantile(0.8, interpolation="higher")


def one(scenario: str, seed: int) -> pd.DataFrame:
    """The cases of one scenario and seed (both cuts)."""
    lines = generate(scenario, seed)
    return pd.concat([evaluate(lines, periode, peildatum).assign(scenario=scenario, seed=seed, periode=str(periode))
                      for periode, peildatum in CUTS], ignore_index=True)


def run(scenarios: list[str], seeds: list[int], jobs: int = 1) -> pd.DataFrame:
    """The per-case table (scenario, seed, periode, wet, errors, type, needed scale); `jobs`
    processes (each case is independent; the order of the table does not depend on it)."""
    pairs = [(scenario, seed) for scenario in scenarios for seed in seeds]
    if jobs <= 1:
        return pd.concat([one(*pair) for pair in pairs], ignore_index=True)
    with ProcessPoolExecutor(jobs) as pool:
        return pd.concat(list(pool.map(one, *zip(*pairs))), ignore_index=True)


def before(ref: str, scenarios: list[str], seeds: list[int], jobs: int = 1) -> pd.DataFrame:
    """The per-case table of the library at git `ref` (this very script, run with that commit's
    `lib` on the path). Kept in /tmp per commit, seeds and scenarios: a commit's figures do not
    change, and it costs as much as the run itself."""
    sha = subprocess.run(["git", "rev-parse", ref], cwd=REPO, check=True, capture_output=True,
                         text=True).stdout.strip()
    # The generator is part of the key: the same library on other data is another result.
    script = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    # Seeds and scenarios hashed: 64 seeds spelled out exceed a file name's 255 bytes.
    cases = hashlib.sha256(f"{seeds}{scenarios}".encode()).hexdigest()[:12]
    key = f"{sha[:12]}-{script}-{cases}"
    cache = Path(tempfile.gettempdir()) / "prognose_scenarios" / f"{key}.csv"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            archive = subprocess.run(["git", "archive", sha, "lib"], cwd=REPO, check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "lib")}
            subprocess.run([sys.executable, __file__, "--seeds", *map(str, seeds), "--scenarios", *scenarios,
                            "--csv", str(cache), "--jobs", str(jobs)], env=env, check=True, stdout=subprocess.DEVNULL)
    return pd.read_csv(cache)


def summary(table: pd.DataFrame, inside: str) -> pd.DataFrame:
    """Per scenario and wet: mean |error| of the prognosis and the naive run-rate, coverage."""
    return table.groupby(["scenario", "wet"], sort=False).agg(
        abs_fout=("fout_prognose_pct", lambda s: s.abs().mean()),
        abs_fout_naief=("fout_naief_pct", lambda s: s.abs().mean()),
        dekking=(inside, "mean"),
        abs_fout_volume=("fout_volume_pct", lambda s: s.abs().mean()))


def _pct(v: float) -> str:
    return "" if pd.isna(v) else f"{v:.1f}".replace(".", ",")


def comparison(old: pd.DataFrame | None, new: pd.DataFrame, inside: str) -> str:
    """Markdown table: per scenario, jeugd and wmo error / coverage and the scenario's coverage,
    before (`old`, when given) and after."""
    lines = ["| scenario | jeugd | wmo | dekking scenario |", "|---|---|---|---|"]
    if old is not None:
        lines = ["| scenario | jeugd voor | jeugd na | wmo voor | wmo na | dekking voor → na |",
                 "|---|---|---|---|---|---|"]
    def cell(t: pd.DataFrame, col: str, scenario: str, wet: str) -> str:
        own = t[(t["scenario"] == scenario) & (t["wet"] == wet)]
        return f"{_pct(own['fout_prognose_pct'].abs().mean())} % / {100 * own[col].mean():.0f} %"
    for scenario in new["scenario"].unique():
        cover = f"{100 * new.loc[new['scenario'] == scenario, inside].mean():.0f}"
        if old is None:
            lines.append(f"| {scenario} | {cell(new, inside, scenario, 'jeugd')} | {cell(new, inside, scenario, 'wmo')}"
                         f" | {cover} % |")
        else:
            was = f"{100 * old.loc[old['scenario'] == scenario, 'binnen'].mean():.0f}"
            lines.append(f"| {scenario} | {cell(old, 'binnen', scenario, 'jeugd')}"
                         f" | {cell(new, inside, scenario, 'jeugd')} | {cell(old, 'binnen', scenario, 'wmo')}"
                         f" | {cell(new, inside, scenario, 'wmo')}"
                         f" | {was} % → {cover} % |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=SEEDS)
    parser.add_argument("--kalibratie", type=int, nargs="+", default=CALIBRATION_SEEDS,
                        help="seeds whose cases set the interval scale per type; the other seeds are the hold-out")
    parser.add_argument("--scenarios", nargs="+", default=SCENARIOS)
    parser.add_argument("--voor", metavar="GIT_REF", help="also run the library of this commit: before/after table")
    parser.add_argument("--csv", help="also write the per-case table here (coverage for other scales: nodig <= scale)")
    parser.add_argument("--detail", action="store_true", help="print every case")
    parser.add_argument("--jobs", type=int, default=1, help="processes (cases are independent)")
    args = parser.parse_args()
    started = time.perf_counter()
    table = run(args.scenarios, args.seeds, args.jobs)
    if args.csv:
        table.to_csv(args.csv, index=False)
    pd.set_option("display.width", 200)
    if args.detail:
        cols = ["scenario", "periode", "seed", "wet", "fout_prognose_pct", "fout_naief_pct", "interval_pct", "binnen",
                "fout_volume_pct", "type", "nodig"]
        print(table[cols].to_string(index=False, float_format=lambda v: f"{v:+.1f}"))
    calibration = table[table["seed"].isin(args.kalibratie)]
    scales = calibrate(calibration)
    shipped = getattr(pi, "TYPE_FACTORS", {})
    print("Schaal per type: 80e percentiel van de benodigde schaal op de kalibratieseeds "
          f"{args.kalibratie[0]}-{args.kalibratie[-1]} (gevallen) | in prognose_interval.TYPE_FACTORS:")
    for kind, scale in scales.items():
        n = int((calibration["type"] == kind).sum())
        print(f"  {kind:<12} {scale:5.2f} ({n:3d}) | {shipped.get(kind, float('nan')):5.2f}")
    table["binnen_kal"] = table["nodig"] <= table["type"].map(scales).fillna(np.inf)
    old = before(args.voor, args.scenarios, args.seeds, args.jobs) if args.voor else None
    for name, seeds in (("hold-out", sorted(set(args.seeds) - set(args.kalibratie))),
                        ("kalibratie", sorted(set(args.seeds) & set(args.kalibratie))), ("alle", sorted(args.seeds))):
        if not seeds:
            continue
        now = table[table["seed"].isin(seeds)]
        print(f"\n{name}: seeds {', '.join(map(str, seeds))} ({len(now)} gevallen; |fout| in %, dekking van het "
              f"80%-interval met de schaal van de kalibratieseeds{'; voor = ' + args.voor if args.voor else ''})")
        print(comparison(None if old is None else old[old["seed"].isin(seeds)], now, "binnen_kal"))
        print(f"dekking over alles: {now['binnen_kal'].mean():.0%}; met de schaal in de bibliotheek: "
              f"{now['binnen'].mean():.0%}")
    print("\nPer scenario en wet (alle seeds, na):")
    print(summary(table, "binnen_kal").to_string(float_format=lambda v: f"{v:.2f}"))
    print("\nType per scenario (aantal gevallen): " + "; ".join(
        f"{k}: " + ", ".join(f"{t} {n}" for t, n in g["type"].value_counts().items())
        for k, g in table.groupby("scenario", sort=False)))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
