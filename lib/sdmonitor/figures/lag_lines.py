"""Declaration lines reduced once to what the lag method needs (docs/prognose.md).

The prognosis interval is calibrated on backtest origins: the same lines are cut and aged at
some 25 (periode, peildatum) pairs per edition. Parsing group keys, service months and
declaration dates once, and keeping only integer codes and numpy arrays, makes each further cut
a handful of vector operations instead of a pass of string and date parsing over every line.
The rules themselves stay in `development` (`known_on`, `age_from`); this module only holds
their inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from sdmonitor.figures import development as dev
from sdmonitor.periods import Periode

UNKNOWN = "onbekend"


def group_keys(lines: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The grouping columns as text, an empty or missing value as "onbekend" (one group)."""
    keys = lines[by].astype("str").fillna(UNKNOWN) if by else pd.DataFrame(index=lines.index)
    return keys.replace({"": UNKNOWN, "nan": UNKNOWN, "<NA>": UNKNOWN})


@dataclass(frozen=True)
class LagLines:
    """Per line: group code (row of `keys`), service month index, declaration date and its
    `declared_parts`, and the value that develops (bedrag, volume, ...). For bedrag also the
    product (productcode and eenheid as one code, -1 without one) and volume, so the year's tariff
    step can be read from prices (`prognose_prijs`); None where the lines have no volume."""

    by: tuple[str, ...]
    keys: pd.DataFrame
    code: np.ndarray
    month: np.ndarray
    submitted: np.ndarray
    declared: tuple[np.ndarray, np.ndarray, np.ndarray]
    value: np.ndarray
    product: np.ndarray | None = None
    units: np.ndarray | None = None

    @classmethod
    def of(cls, lines: pd.DataFrame, by: list[str], value: str = "bedrag") -> LagLines:
        """Reduce `lines` (columns `by`, maand, ingediend_op and `value`)."""
        keys, code = codes(group_keys(lines, by), by)
        product, units = None, None
        if value == "bedrag" and {"productcode", "volume"} <= set(lines.columns):
            columns = [c for c in ("productcode", "eenheid") if c in lines.columns]
            grouped = lines[columns].groupby(columns, sort=False, dropna=False, observed=True)
            product = grouped.ngroup().to_numpy(dtype="int64")
            product = np.where(lines["productcode"].isna().to_numpy(), -1, product)
            units = pd.to_numeric(lines["volume"], errors="coerce").to_numpy(dtype="float64")
        return cls(by=tuple(by), keys=keys, code=code, month=dev.month_index(lines["maand"]),
                   submitted=pd.to_datetime(lines["ingediend_op"]).to_numpy(),
                   declared=dev.declared_parts(lines["ingediend_op"]),
                   value=lines[value].astype("float64").to_numpy(), product=product, units=units)

    def known(self, periode: Periode, peildatum: date) -> np.ndarray:
        """Mask of the lines an edition with this periode and peildatum knows (`prognose.cut`)."""
        return dev.known_on(self.submitted, self.month, dev.index_of(periode.jaar, periode.maand), peildatum)

    def ages(self, mask: np.ndarray, peildatum: date) -> np.ndarray:
        """Development age on the peildatum of the lines in `mask`."""
        return dev.age_from(self.month[mask], tuple(part[mask] for part in self.declared), peildatum)

    def at(self, cuts: Sequence[tuple[Periode, date]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The lines as every cut (periode, peildatum) knows them, stacked in the order of `cuts`:
        (cut position, line position, development age on that cut's peildatum) per known line."""
        if not cuts:
            return np.empty(0, dtype="int64"), np.empty(0, dtype="int64"), np.empty(0, dtype="int64")
        lines = [np.flatnonzero(self.known(periode, peildatum)) for periode, peildatum in cuts]
        ages = [self.ages(own, peildatum) for own, (_, peildatum) in zip(lines, cuts)]
        origin = np.repeat(np.arange(len(cuts), dtype="int64"), [own.size for own in lines])
        return origin, np.concatenate(lines), np.concatenate(ages).astype("int64")


def codes(keys: pd.DataFrame, by: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """(distinct keys in sorted order, code per row into them); a row whose key is missing gets
    -1 and belongs to no group, as in `DataFrame.groupby`."""
    if not by:
        return pd.DataFrame(index=range(1)), np.zeros(len(keys), dtype="int64")
    grouped = keys.groupby(by, sort=True)
    code = grouped.ngroup().fillna(-1).to_numpy(dtype="int64")
    distinct = grouped.size().reset_index()[by]
    return distinct, code


__all__ = ["LagLines", "UNKNOWN", "codes", "group_keys"]
