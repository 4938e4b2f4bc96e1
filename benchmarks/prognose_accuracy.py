"""Accuracy of the year-end prognosis on the demo data (run by hand, never a test).

Cuts the demo data at an earlier edition, makes the prognosis as it would have been made then,
and compares it with what the year really came to:

- periode 2025-02, peildatum 2025-03-10 against the simulated truth (`sdmonitor.demo.true_totals`,
  every month fully declared): the data's own 2025 still lacks late declarations at the cut;
- periode 2024-02, peildatum 2024-03-10 against the data's own 2024 totals (nearly complete by
  the data cut of 2026-03-10).

Prints per gemeente and wet and in total: the prognosis, the uncorrected run-rate (declared so
far x 12 / months), the truth, both errors in % and the ratio |prognose error| / |naive error|.

    .venv/bin/python benchmarks/prognose_accuracy.py [--seeds 2026 1 7] [--sweep]

--sweep also cuts every other month of 2025 (peildatum the 10th of the month after).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd

from sdmonitor import demo
from sdmonitor.figures import prognose
from sdmonitor.ingest.dataset import load_dataset
from sdmonitor.ingest.selection import select
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode


def accuracy(dataset, code: str, periode: Periode, peildatum: date, truth: dict[str, float]) -> pd.DataFrame:
    """Per wet and in total: prognose, naive run-rate and the true year total, errors in %."""
    sel = select(dataset, Gemeente(code=code, naam=code, slug=code.lower()), periode, peildatum)
    forecast = prognose.forecast(sel.lines, ["wet"], periode, peildatum).set_index("wet")["prognose"]
    rows = []
    for wet in sorted(truth):
        own = sel.lines[sel.lines["wet"] == wet]
        rows.append({"gemeente": code, "wet": wet, "prognose": float(forecast.get(wet, 0.0)),
                     "naief": prognose.naive_run_rate(own, periode, peildatum), "werkelijk": truth[wet]})
    out = pd.DataFrame(rows)
    total = out[["prognose", "naief", "werkelijk"]].sum().to_frame().T.assign(gemeente=code, wet="totaal")
    out = pd.concat([out, total], ignore_index=True)
    out["fout_prognose_pct"] = 100 * (out["prognose"] - out["werkelijk"]) / out["werkelijk"]
    out["fout_naief_pct"] = 100 * (out["naief"] - out["werkelijk"]) / out["werkelijk"]
    out["ratio"] = out["fout_prognose_pct"].abs() / out["fout_naief_pct"].abs()
    return out


def data_totals(dataset, code: str, jaar: int) -> dict[str, float]:
    """The data's own year total per wet (all lines of the service year)."""
    decl = dataset["declaraties"]
    own = decl[(decl["gemeente"] == code) & (decl["periode_begin"].dt.year == jaar)]
    return own.groupby("wet")["bedrag"].sum().astype(float).to_dict()


def sim_totals(truth: pd.DataFrame, code: str, jaar: int) -> dict[str, float]:
    """The simulated (fully declared) year total per wet."""
    own = truth[(truth["gemeente"] == code) & (truth["jaar"] == jaar)]
    return own.groupby("wet")["bedrag"].sum().astype(float).to_dict()


def run_seed(seed: int, sweep: bool) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        tables = demo.generate(seed, with_truth=True)
        demo.write_tables(Path(tmp), tables)
        dataset = load_dataset(Path(tmp))
        print(f"seed {seed}: gegenereerd en geladen in {time.perf_counter() - started:.1f} s")
    truth = tables["_truth"]
    cuts = [(Periode(2025, 2), date(2025, 3, 10), "simulatie"), (Periode(2024, 2), date(2024, 3, 10), "data")]
    if sweep:
        cuts += [(Periode(2025, m), date(2025, m + 1, 10), "simulatie") for m in range(1, 12) if m != 2]
    parts = []
    for periode, peildatum, source in cuts:
        for code in sorted(dataset["declaraties"]["gemeente"].unique()):
            totals = (sim_totals(truth, code, periode.jaar) if source == "simulatie"
                      else data_totals(dataset, code, periode.jaar))
            table = accuracy(dataset, code, periode, peildatum, totals)
            parts.append(table.assign(seed=seed, periode=str(periode), waarheid=source))
    return pd.concat(parts, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[2026, 1, 7])
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    pd.set_option("display.width", 200)
    pd.set_option("display.float_format", lambda v: f"{v:,.2f}")
    results = pd.concat([run_seed(seed, args.sweep) for seed in args.seeds], ignore_index=True)
    for (seed, periode, waarheid), table in results.groupby(["seed", "periode", "waarheid"], sort=False):
        print(f"\nseed {seed}  periode {periode}  waarheid: {waarheid}")
        print(table[["gemeente", "wet", "prognose", "naief", "werkelijk", "fout_prognose_pct", "fout_naief_pct",
                     "ratio"]].to_string(index=False))
    feb = results[results["periode"].str.endswith("-02")]
    print("\nsamenvatting februari: max |fout| prognose per periode en niveau (totaal = jeugd + wmo)")
    feb = feb.assign(niveau=feb["wet"].where(feb["wet"] == "totaal", "per wet"))
    print(feb.groupby(["periode", "niveau"])[["fout_prognose_pct", "fout_naief_pct"]]
          .agg(lambda s: s.abs().max()).to_string())


if __name__ == "__main__":
    main()
