"""Small-numbers rule for published output (issue "Trust" §3). `kpis.csv` stays exact.

- Primary: a count of persons 1..drempel-1 is published as "<drempel"; 0 stays 0.
- Per person: an amount or rate per person based on fewer than `drempel` persons is hidden ("x").
- Secondary: where a published total and the other cells would reveal the one hidden cell of a
  breakdown, the next-smallest cell is hidden too ("x") — a quick first pass; then
- the audit (`audit.protect`) over the whole edition: every relation the registry declares (parts
  and totals across tables, months in a year) and the previous edition's published values; more
  cells are hidden until no hidden count can be narrowed below the width "<drempel" itself gives.

Which indicators count persons, which are per person and which add up is declared in the
indicator registry (`data/indicatoren.yaml`); the signs and texts are house style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

import pandas as pd

from sdmonitor.errors import SdmonitorError
from sdmonitor.figures.rows import GEEN_GEGEVENS as STATUS_GEEN_GEGEVENS
from sdmonitor.house_style import house_style
from sdmonitor.publish.audit import AuditReport, Key, protect
from sdmonitor.publish.relations import cells, relations
from sdmonitor.publish.status_weergave import GEEN_GEGEVENS_TEKST
from sdmonitor.registry import Registry, registry
from sdmonitor.safe_output import write_atomically

PRIMAIR = "primair"
SECUNDAIR = "secundair"


@dataclass(frozen=True)
class Rules:
    """The small-numbers rule: which indicators it applies to (from the registry) and how hidden
    values read (house style)."""

    personen: frozenset[str]
    per_persoon: dict[str, str]
    optelbaar_over_maanden: tuple[str, ...]
    per_persoon_als_bekend: dict[str, str] = field(default_factory=dict)
    verantwoording: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    teken_secundair: str = "x"
    uitleg: str = ""
    registry: Registry | None = None
    min_breedte: float | None = None  # the audit's minimum interval width (None: drempel - 2)

    @classmethod
    def from_registry(cls, reg: Registry) -> Rules:
        """Rules derived from an indicator registry, with the house style's signs and texts."""
        raw = house_style()["onderdrukking"]
        tables = {str(t): dict(spec) for t, spec in (raw.get("verantwoording") or {}).items()}
        for tabel, spec in tables.items():
            # The figures made from a table are the indicators whose source it is (registry `bron`),
            # unless the house style says otherwise for the table.
            if "figuren" not in spec:
                spec["figuren"] = sorted(n for n, ind in reg.items() if tabel in ind.bron)
        return cls(
            personen=frozenset(n for n, ind in reg.items() if ind.klein_aantal),
            per_persoon={n: ind.per_persoon for n, ind in reg.items()
                         if ind.per_persoon and not ind.per_persoon_als_bekend},
            per_persoon_als_bekend={n: ind.per_persoon for n, ind in reg.items()
                                    if ind.per_persoon and ind.per_persoon_als_bekend},
            optelbaar_over_maanden=tuple(sorted(n for n, ind in reg.items() if ind.optelbaar_over_maanden)),
            verantwoording=tables, teken_secundair=str(raw.get("teken_secundair", "x")),
            uitleg=str(raw.get("uitleg", "")), registry=reg,
            min_breedte=float(raw["audit_min_breedte"]) if raw.get("audit_min_breedte") is not None else None,
        )


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """Rules from the package's indicator registry and house style."""
    return Rules.from_registry(registry())


def counts_persons(indicator: str, rules: Rules | None = None) -> bool:
    """True when the small-numbers rule applies to the indicator's value (a count of persons or
    cases). An indicator the registry does not declare counts persons: safe by default."""
    rules = rules or default_rules()
    if indicator in rules.personen:
        return True
    return rules.registry is not None and indicator not in rules.registry


def is_small(value: float | None, drempel: int) -> bool:
    """A count 1..drempel-1 (0 and missing are not small)."""
    return value is not None and not pd.isna(value) and 0 < float(value) < drempel


def _secondary(status: list[str], values: list[float], total_idx: int, cell_idx: list[int]) -> bool:
    """Hide one more cell when exactly one cell of a breakdown with a published total is hidden.

    Returns True when it changed `status` (in place)."""
    if status[total_idx] or len(cell_idx) < 2:
        return False
    hidden = [i for i in cell_idx if status[i]]
    if len(hidden) != 1:
        return False
    candidates = [i for i in cell_idx if not status[i] and values[i] > 0]
    if candidates:
        # Next-smallest cell: the least information lost. Ties break on table order (stable).
        target = min(candidates, key=lambda i: (values[i], cell_idx.index(i)))
    else:
        target = total_idx
    status[target] = SECUNDAIR
    return True


class SuppressionError(SdmonitorError):
    """Secondary suppression did not settle: a breakdown could still be recomputed (a bug, never data)."""


def secondary_until_stable(marks: list[str], amounts: list[float], groups: list[tuple[int, list[int]]],
                           max_passes: int | None = None) -> int:
    """Apply `_secondary` to every (total, cells) group until nothing changes; returns the passes made.

    Hiding one cell may expose another breakdown it belongs to, hence the repetition. Every pass that
    changes something hides at least one more cell, so it settles within len(marks) + 1 passes (the
    default limit); not settling within `max_passes` raises instead of publishing what it has."""
    limit = len(marks) + 1 if max_passes is None else max_passes
    for passes in range(1, limit + 1):
        changed = False
        for total_idx, cell_idx in groups:
            changed |= _secondary(marks, amounts, total_idx, cell_idx)
        if not changed:
            return passes
    raise SuppressionError(f"secundaire onderdrukking is na {limit} rondes niet stabiel; er is niets gepubliceerd")


def _amount_groups(out: pd.DataFrame, dim: pd.Series, per: pd.Series, rules: Rules) -> list[tuple[int, list[int]]]:
    """(total, parts) of the amounts per person whose parts add up to a published total (registry
    `dimensie.relatie: som`, e.g. kosten per aanbieder and the kosten): the total minus the other
    parts would give the one hidden amount. The audit (`audit.protect`) weighs counts only, so
    these breakdowns get their secondary cell here."""
    reg = rules.registry
    if reg is None:
        return []
    summing = {n for n in rules.per_persoon if (ind := reg.get(n)) is not None
               and ind.dimensie is not None and ind.dimensie.relatie == "som"}
    if not summing:
        return []
    keys = zip(out["indicator"].tolist(), per.tolist(), dim.tolist())
    where = {(str(i), p, d): n for n, (i, p, d) in enumerate(keys)}
    groups: list[tuple[int, list[int]]] = []
    chosen = out["indicator"].isin(summing) & (dim != "")
    for key, idx in out[chosen].groupby([out["indicator"], per]).groups.items():
        naam, periode = cast("tuple[str, str]", key)
        total = where.get((reg[str(naam)].totaal_indicator, str(periode), ""))
        if total is not None:
            groups.append((total, list(idx)))
    return groups


def mark(figures: pd.DataFrame, drempel: int = 5, rules: Rules | None = None) -> pd.DataFrame:
    """The figure table with a column `onderdrukt`: "" (published), "primair" or "secundair"."""
    rules = rules or default_rules()
    out = figures.reset_index(drop=True).copy()
    values = out["waarde"].astype("float64")
    kinds = {ind: counts_persons(str(ind), rules) for ind in out["indicator"].unique()}
    persons = out["indicator"].map(kinds).astype(bool)
    status = pd.Series([""] * len(out), index=out.index, dtype="object")
    status[persons & values.gt(0) & values.lt(drempel)] = PRIMAIR

    dims = out["dimensie"].fillna("").astype(str)
    key = out["indicator"].astype(str) + "|" + out["periode"].astype(str) + "|" + dims
    lookup = dict(zip(key.tolist(), values.tolist()))
    if_known = rules.per_persoon_als_bekend or {}
    # Amounts and rates per person: hidden with the count of persons they are about.
    per_person = out["indicator"].isin(set(rules.per_persoon) | set(if_known)).to_numpy()
    rows = zip(out.index[per_person].tolist(), out["indicator"][per_person].tolist(),
               out["periode"][per_person].astype(str).tolist(), dims[per_person].tolist())
    for i, indicator, periode, dimensie in rows:
        base = rules.per_persoon.get(indicator) or if_known.get(indicator)
        n = lookup.get(f"{base}|{periode}|{dimensie}")
        small = indicator not in if_known if n is None or pd.isna(n) else n < drempel
        if small:
            status[i] = PRIMAIR

    groups: list[tuple[int, list[int]]] = []
    dim = out["dimensie"].fillna("").astype(str)
    per = out["periode"].astype(str)
    dims_of, periods_of = dim.tolist(), per.tolist()  # by position: the index is 0..n-1 (reset above)
    for idx in out[persons].groupby([out["indicator"], per]).groups.values():
        members = list(idx)
        totals = [i for i in members if dims_of[i] == ""]
        if len(totals) == 1:
            groups.append((totals[0], [i for i in members if dims_of[i] != ""]))
    groups += _amount_groups(out, dim, per, rules)
    additive = out["indicator"].isin(rules.optelbaar_over_maanden)
    for idx in out[additive].groupby([out["indicator"], dim, per.str[:4]]).groups.values():
        members = list(idx)
        totals = [i for i in members if len(periods_of[i]) == 4]
        if len(totals) == 1:
            groups.append((totals[0], [i for i in members if len(periods_of[i]) == 7]))

    # Plain lists: the index is 0..n-1 (reset above) and element access in this loop adds up.
    marks, amounts = status.tolist(), values.tolist()
    secondary_until_stable(marks, amounts, groups)
    out["onderdrukt"] = pd.Series(marks, index=out.index, dtype=object).astype(str)
    return out


def label(value: float | None, status: str, drempel: int, rules: Rules | None = None,
          indicator: str | None = None) -> str | None:
    """The text that replaces a hidden value, or None when the value is published.

    "<5" only stands for a count of persons; a hidden amount or rate per person (say a percentage
    of 0,25) gets the secondary sign, so no reader takes it for a count.
    """
    if not status:
        return None
    rules = rules or default_rules()
    is_count = indicator is None or counts_persons(indicator, rules)
    if status == PRIMAIR and is_count and is_small(value, drempel):
        return f"<{drempel}"
    return rules.teken_secundair


def legend(drempel: int, rules: Rules | None = None) -> str:
    """The explanation printed under tables that may hold hidden values."""
    return (rules or default_rules()).uitleg.format(drempel=drempel)


@dataclass(frozen=True)
class PublishedFigure:
    """One published figure: exact value, published text, and where it came from."""

    indicator: str
    periode: str
    dimensie: str
    waarde: float
    eenheid: str
    tekst: str
    onderdrukt: bool
    status: str = ""


GEEN_GEGEVENS = GEEN_GEGEVENS_TEKST  # the text of a figure without data


class Published:
    """The figure table as the report may show it: each row marked and formatted once.

    `tekst` is the Dutch text of the value ("1.301", "13,3%", "<5" or "x"); charts, tables and
    findings all read from here, so no element can print a hidden number.
    """

    def __init__(self, figures: pd.DataFrame, drempel: int = 5, rules: Rules | None = None, *,
                 vorige: pd.DataFrame | None = None, onderdrukking: dict[Key, str] | None = None) -> None:
        """Mark, audit and format `figures` once.

        `vorige`: the previous edition's published figures (its `cijfers.csv`: `waarde` empty where
        hidden), which the audit counts as known to an attacker. `onderdrukking`: the marks the
        runner already decided for this edition (key → "primair"/"secundair"), so every chapter
        prints the very cells `cijfers.csv` publishes; then nothing is marked or audited again."""
        from sdmonitor.publish.formatting import waarde as format_value

        self.drempel = drempel
        self.rules = rules or default_rules()
        self.audit: AuditReport | None = None
        if onderdrukking is None:
            frame = mark(figures, drempel, self.rules)
            frame["dimensie"] = frame["dimensie"].fillna("").astype(str)
            frame["periode"] = frame["periode"].astype(str)
            reg = self.rules.registry or registry()
            # The audit is the gate: every hidden count keeps an interval at least as wide as
            # "<drempel" itself says, over every relation the registry declares (LP, HiGHS).
            marks, self.audit = protect(cells(frame, frame["onderdrukt"], reg, vorige), relations(frame, reg),
                                        drempel, self.rules.min_breedte)
        else:
            frame = figures.reset_index(drop=True).copy()
            frame["dimensie"] = frame["dimensie"].fillna("").astype(str)
            frame["periode"] = frame["periode"].astype(str)
            marks = onderdrukking
        # `tolist`: iterating a text column element by element costs eight times as much.
        keys = list(zip(frame["indicator"].tolist(), frame["periode"].tolist(), frame["dimensie"].tolist()))
        if onderdrukking is not None or marks:
            previous = frame["onderdrukt"] if "onderdrukt" in frame.columns else pd.Series([""] * len(frame))
            frame["onderdrukt"] = [marks.get(k, p if onderdrukking is None else "") for k, p in zip(keys, previous)]
        if "status" not in frame.columns:
            frame["status"] = ""
        frame["status"] = frame["status"].fillna("").astype(str)
        texts = [GEEN_GEGEVENS if pd.isna(v) or st == STATUS_GEEN_GEGEVENS else
                 (label(v, s, drempel, self.rules, str(i)) or format_value(v, str(e)))
                 for v, s, e, i, st in zip(frame["waarde"].tolist(), frame["onderdrukt"].tolist(),
                                           frame["eenheid"].tolist(), frame["indicator"].tolist(),
                                           frame["status"].tolist())]
        frame["tekst"] = texts
        frame["verborgen"] = frame["onderdrukt"] != ""
        self.frame = frame
        self._index = {k: n for n, k in enumerate(keys)}
        self._rows: dict[str, list[int]] = {}  # row positions per indicator, for `select`
        for n, (indicator, _, _) in enumerate(keys):
            self._rows.setdefault(indicator, []).append(n)

    def has(self, indicator: str) -> bool:
        """Whether the indicator has any figure: rows that only say "geen gegevens" do not count."""
        rows = self.frame["indicator"] == indicator
        return bool((rows & (self.frame["status"] != STATUS_GEEN_GEGEVENS)).any())

    def get(self, indicator: str, periode: str | int, dimensie: str = "") -> PublishedFigure | None:
        """One figure, or None when the figure table has no such row."""
        n = self._index.get((indicator, str(periode), dimensie))
        if n is None:
            return None
        r = self.frame.iloc[n]
        return PublishedFigure(r["indicator"], r["periode"], r["dimensie"], float(r["waarde"]), r["eenheid"],
                               r["tekst"], bool(r["verborgen"]), str(r["status"]))

    def select(self, indicator: str, periodes: list[str] | None = None,
               dimensies: list[str] | None = None, totaal: bool | None = None) -> pd.DataFrame:
        """Rows of one indicator (optionally only some periodes / dimensies, only totals or only breakdowns)."""
        # The indicator's rows by position (a chapter selects hundreds of times from ~12.000 rows).
        f = self.frame.iloc[self._rows.get(indicator, [])]
        if periodes is not None:
            f = f[f["periode"].isin([str(p) for p in periodes])]
        if dimensies is not None:
            f = f[f["dimensie"].isin(dimensies)]
        if totaal is True:
            f = f[f["dimensie"] == ""]
        elif totaal is False:
            f = f[f["dimensie"] != ""]
        return f.reset_index(drop=True)


def write_onderdrukking(published: Published, path: Path) -> None:
    """The hidden cells of an edition and how they read (`primair` "<drempel", `secundair` "x")."""
    hidden = published.frame.loc[published.frame["verborgen"], ["indicator", "periode", "dimensie", "onderdrukt"]]
    write_atomically(Path(path), hidden.to_csv(index=False, lineterminator="\n").encode("utf-8"))


def read_onderdrukking(path: Path) -> dict[Key, str]:
    """The decision `write_onderdrukking` wrote, as `Published(..., onderdrukking=...)` takes it."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(zip(frame["indicator"], frame["periode"], frame["dimensie"]), frame["onderdrukt"]))


def reconciliation_texts(recon: pd.DataFrame, published: Published, years: list[str],
                         used: str = "gebruikt", read: str = "gelezen", part_of_used: tuple[str, ...] = (),
                         rules: Rules | None = None) -> list[str]:
    """The published text of each reconciliation count (`recon`: tabel, reden, rijen).

    Tables whose rows are persons or cases (`verantwoording` in the house style) follow the
    small-numbers rule: a count 1..drempel-1 is "<drempel"; "gebruikt" is hidden when a figure made
    from the table is hidden (it is their common total) or when it minus the published yearly
    totals leaves a small number; and within a table, read = used + exclusions gets secondary
    suppression like any breakdown. Counts of other tables are published as they are.
    `part_of_used` are rows that are a part of "gebruikt", not an exclusion ("waarvan verrekend").
    """
    from sdmonitor.publish.formatting import getal

    rules = rules or published.rules
    drempel = published.drempel
    out = recon.reset_index(drop=True)
    values = out["rijen"].astype("float64")
    status = pd.Series([""] * len(out), index=out.index, dtype="object")
    tables = rules.verantwoording or {}
    frame = published.frame
    for tabel, idx in out.groupby("tabel", sort=False).groups.items():
        spec = tables.get(str(tabel))
        if spec is None:
            continue
        members = list(idx)
        for i in members:
            if is_small(values[i], drempel):
                status[i] = PRIMAIR
        reden = {out.at[i, "reden"]: i for i in members}
        u = reden.get(used)
        if u is not None and not status[u]:
            mine = frame["indicator"].isin(spec.get("figuren", []))
            if bool(frame.loc[mine, "verborgen"].any()):
                status[u] = SECUNDAIR
            totals = frame[frame["indicator"].isin(spec.get("jaartotalen", [])) & (frame["dimensie"] == "")
                           & frame["periode"].isin(years)]
            if len(totals) and not status[u] and is_small(values[u] - float(totals["waarde"].sum()), drempel):
                status[u] = SECUNDAIR
        total = reden.get(read)
        parts = [i for i in members if out.at[i, "reden"] not in (read, *part_of_used)]
        hidden = [i for i in parts if status[i]]
        if total is not None and not status[total] and len(hidden) == 1:
            # read - the other parts would give the hidden one: hide the next-smallest part, or
            # read itself when every other part is 0.
            others = [i for i in parts if not status[i] and values[i] > 0]
            target = min(others, key=lambda i: (values[i], parts.index(i))) if others else total
            status[target] = SECUNDAIR
    return [(label(v, st, drempel, rules) if st else None) or getal(v) for v, st in zip(values, status)]
