"""The series of figures an analyst's text stands with (`data/tekstcontrole.yaml`): which
indicators, how a sentence names them (wet and subject words), and the changes a direction word
may be about. Used by `tekstcontrole`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from sdmonitor import config, package_yaml
from sdmonitor.periods import Periode
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.formatting import getal

SPEC_FILE = config.PACKAGE_DATA / "tekstcontrole.yaml"

@dataclass(frozen=True)
class Reeks:
    """One series of figures: an indicator (and breakdown) with its published values per periode."""

    indicator: str
    dimensie: str
    eenheid: str
    punten: tuple[tuple[str, float, str, str], ...]  # (periode, waarde, status, tekst), published only
    verwacht: tuple[tuple[str, float], ...] = ()  # expected final values of voorlopig periods (nowcast)
    verschil: bool = False  # the figure is itself a change (kostenverschil): a direction reads its sign

    @property
    def wet(self) -> str:
        return self.indicator.split(".", 1)[0]

    def naam(self) -> str:
        """How a reader knows the series: the registry's label, with the breakdown."""
        return label(self.indicator) + (f" ({self.dimensie})" if self.dimensie else "")


@dataclass(frozen=True)
class Verandering:
    """A change between two periods of one series."""

    reeks: Reeks
    van: str
    naar: str
    oud: float
    nieuw: float

    @property
    def pct(self) -> float | None:
        return None if self.oud == 0 else (self.nieuw - self.oud) / abs(self.oud) * 100.0

    def uitleg(self) -> str:
        if not self.van:  # the figure is a change itself
            return f"{self.reeks.naam()} {self.naar}: {getal(self.nieuw, 0)}"
        pct = self.pct
        change = "" if pct is None else f" ({'+' if pct >= 0 else '−'}{getal(abs(pct), 1)}%)"
        return (f"{self.reeks.naam()} {self.naar}: {getal(self.nieuw, 1 if abs(self.nieuw) < 100 else 0)} "
                f"tegen {getal(self.oud, 1 if abs(self.oud) < 100 else 0)} in {self.van}{change}")


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    """The checked texts, their figures and words (`data/tekstcontrole.yaml`)."""
    return dict(package_yaml.read(SPEC_FILE))


def label(indicator: str) -> str:
    from sdmonitor.registry import registry

    reg = registry()
    return reg[indicator].label if indicator in reg else indicator


def words_of(indicator: str) -> list[str]:
    topics = spec()["onderwerpen"]
    rest = indicator.partition(".")[2]
    return [str(w) for w in topics.get(indicator) or topics.get(f"{{wet}}.{rest}") or []]


def named(word: str, low: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word.lower())}", low) is not None


def wetten_named(low: str) -> dict[str, int]:
    """The wetten a text names, with the position of the first mention."""
    out = {}
    for wet, words in spec()["woorden"].items():
        hits = [m.start() for w in words for m in re.finditer(rf"(?<![\w-]){re.escape(w)}", low)]
        if hits:
            out[str(wet)] = min(hits)
    return out


def reeksen(frame: pd.DataFrame, names: Iterable[str]) -> list[Reeks]:
    """The series of `names` ("x*": with every breakdown) from a published figure table."""
    out: list[Reeks] = []
    if not len(frame):
        return out
    companions = spec().get("verwacht") or {}
    differences = set(spec().get("verschillen") or [])
    # The table read once, as lists, and split once by indicator and breakdown (rows in table
    # order): a chapter checks dozens of names per text, and a column read element by element
    # costs eight times as much as its list.
    columns = {c: frame[c].tolist() for c in ("indicator", "dimensie", "periode", "waarde", "status", "tekst",
                                             "verborgen", "eenheid")}
    series: dict[str, dict[str, list[int]]] = {}
    for n, (indicator, dim) in enumerate(zip(columns["indicator"], columns["dimensie"])):
        if dim is not None and dim == dim:  # a row without a breakdown (NaN) is in no series (groupby)
            series.setdefault(indicator, {}).setdefault(dim, []).append(n)

    def points(rows: list[int]) -> tuple[tuple[str, float, str, str], ...]:
        """The published points of a series: hidden cells and periods without data left out."""
        c = columns
        return tuple((str(c["periode"][n]), float(c["waarde"][n]), sw.normal(c["status"][n]), str(c["tekst"][n]))
                     for n in rows if not c["verborgen"][n] and sw.has_data(c["status"][n])
                     and c["waarde"][n] == c["waarde"][n])  # not NaN

    for name in names:
        indicator, every = name.rstrip("*"), name.endswith("*")
        own = series.get(indicator, {})
        dims = sorted(own) if every else [d for d in own if d == ""]
        wet, _, rest = indicator.partition(".")
        companion = str(companions.get(indicator) or companions.get(f"{{wet}}.{rest}") or "").replace("{wet}", wet)
        is_change = indicator in differences or f"{{wet}}.{rest}" in differences
        for dim in dims:
            found = points(own[dim])
            if found:
                expected = series.get(companion, {}).get(dim, []) if companion else []
                out.append(Reeks(indicator, str(dim), str(columns["eenheid"][own[dim][0]]), found,
                                 tuple((p, w) for p, w, _, _ in points(expected)), is_change))
    return out


def veranderingen(r: Reeks, jaar: int | None, periode: Periode) -> list[Verandering]:
    """The changes a direction word may be about: a year against the year before (the year named,
    else the latest full year with a comparable year before it); a series of months only: the
    latest month against 3, 6 and 12 months earlier (or December of the year named)."""
    years = {p: (w, st) for p, w, st, _ in r.punten if len(p) == 4}
    months = {p: (w, st) for p, w, st, _ in r.punten if len(p) == 7}
    if r.verschil:  # "hogere tarieven": the price part of the cost change is positive
        full = [y for y, (_, st) in years.items() if st != sw.DEELPERIODE]
        year = str(jaar) if jaar else max(full, default="")
        return [Verandering(r, "", year, 0.0, years[year][0])] if year in years else []
    pairs: list[tuple[str, str]] = []
    if years:
        wanted = [jaar] if jaar else sorted((int(y) for y in years), reverse=True)
        for y in wanted:
            a, b = str(y - 1), str(y)
            if a in years and b in years and sw.comparable(years[a][1], years[b][1]):
                pairs.append((a, b))
                break
        src = years
    else:
        src = months
        if jaar:
            pairs = [(f"{jaar - 1}-12", f"{jaar}-12")]
        elif months:
            last = pd.Period(max(months), "M")
            pairs = [(str(last - n), str(last)) for n in (3, 6, 12)]
    out = [Verandering(r, a, b, src[a][0], src[b][0]) for a, b in pairs if a in src and b in src]
    # A voorlopig period also reads as its expected final value: late declarations are no fall.
    expected = dict(r.verwacht)
    out += [Verandering(r, v.van, v.naar, v.oud, expected[v.naar]) for v in out
            if v.naar in expected and src[v.naar][1] == sw.VOORLOPIG]
    return out


def best(cands: list[Reeks], low: str) -> list[Reeks]:
    """The series whose subject words the text names most (all when it names none)."""
    scores = [sum(named(w, low) for w in words_of(r.indicator)) for r in cands]
    top = max(scores, default=0)
    return [r for r, s in zip(cands, scores) if s == top] if top else cands


def groups(cands: list[Reeks], low: str) -> dict[str, list[Reeks]]:
    """Which subjects a direction must hold for: every breakdown the text names (wachtlijst
    "bij wmo-nieuw en jeugd"), else every wet it names ("de Jeugdwet en de Wmo"), else the totals."""
    dims = sorted({r.dimensie for r in cands if r.dimensie and named(r.dimensie, low)})
    if dims:
        return {d: [r for r in cands if r.dimensie == d] for d in dims}
    totals = [r for r in cands if not r.dimensie] or cands
    by_wet = {w: [r for r in totals if r.wet == w] for w in wetten_named(low)}
    by_wet = {w: g for w, g in by_wet.items() if g}
    return by_wet or {"": totals}


__all__ = ["SPEC_FILE", "Reeks", "Verandering", "best", "groups", "label", "named", "reeksen", "spec",
           "veranderingen", "wetten_named", "words_of"]
